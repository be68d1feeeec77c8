/* territory_svg.c: the territory map as a standalone SVG, drawn with the shared map
 * renderer (internal/svgmap.h): each territory's area (territory_area.c) and boundary,
 * cut to the basemap's land so no area covers the sea, accounts as dots in
 * their territory's colour, reps' homes (or free centres as numbered markers), and a
 * legend (territory, rep, accounts, workload, deviation) added in the top-left corner.
 * Large inputs draw every m-th account (at most MAX_DOTS dots) so the file stays small;
 * the legend says so. Caller: the CLI (saha territory --svg, saha demo). */
#include <math.h>
#include <string.h>

#include "internal/svgmap.h"
#include "internal/territory.h"

#define MAX_DOTS 20000

static saha_status xml_text(saha__buf *b, const char *s)
{
    saha_status rc = SAHA_OK;
    for (; *s && rc == SAHA_OK; s++) {
        switch (*s) {
        case '<':
            rc = saha__buf_puts(b, "&lt;");
            break;
        case '>':
            rc = saha__buf_puts(b, "&gt;");
            break;
        case '&':
            rc = saha__buf_puts(b, "&amp;");
            break;
        case '"':
            rc = saha__buf_puts(b, "&quot;");
            break;
        default:
            rc = saha__buf_putc(b, *s);
        }
    }
    return rc;
}

#define TRY(expr)                                                                        \
    do {                                                                                 \
        rc = (expr);                                                                     \
        if (rc < 0)                                                                      \
            goto done;                                                                   \
    } while (0)

saha_status saha_territory_write_svg(FILE *f, saha_ctx *ctx,
                                     const saha_territory_result *res,
                                     const saha_account_set *accounts, saha_geo *geo)
{
    return saha_territory_write_map_svg(f, ctx, res, accounts, geo, NULL);
}

saha_status saha_territory__svg_areas(saha_svgmap *m, const saha_territory__area *ar,
                                      size_t k, const saha_territory__area_style *as,
                                      const char *(*id)(const void *payload, size_t t),
                                      const void *payload)
{
    saha_status rc = SAHA_OK;
    /* areas and boundaries are cut to land: a territory does not cover the sea */
    {
        saha_svgmap_style gs = SAHA_SVGMAP_STYLE_INIT;
        gs.cls = "territory-areas";
        gs.clip_land = 1;
        TRY(saha_svgmap_group_begin(m, &gs));
    }
    /* the areas: a cell per account, filled, edges in the fill colour (no seams) */
    for (size_t t = 0; t < k; t++) {
        for (size_t c = ar->cell_start[t]; c < ar->cell_start[t + 1]; c++) {
            saha_svgmap_style st = SAHA_SVGMAP_STYLE_INIT;
            size_t a = ar->ring_start[c], z = ar->ring_start[c + 1];
            if (z - a < 3)
                continue;
            st.color = saha_svgmap_color(t);
            st.cls = as->cell_cls;
            st.fill_opacity = as->cell_opacity;
            st.width_px = 0.01; /* no outline: the boundary is drawn below */
            st.data_name = as->data_name;
            st.data_value = id(payload, t);
            TRY(saha_svgmap_polygon(m, ar->ring + a, z - a, &st));
        }
    }
    /* each territory's boundary: edges against another territory or the outside */
    for (size_t t = 0; t < k; t++) {
        saha_svgmap_style st = SAHA_SVGMAP_STYLE_INIT;
        size_t a = ar->bnd_start[t], z = ar->bnd_start[t + 1];
        if (z == a)
            continue;
        st.color = saha_svgmap_color(t);
        st.cls = "territory-boundary";
        st.width_px = as->bnd_width_px;
        st.title = as->bnd_title ? id(payload, t) : NULL;
        st.data_name = as->data_name;
        st.data_value = id(payload, t);
        TRY(saha_svgmap_segments(m, ar->bnd + 2 * a, 2 * (z - a), &st));
    }
    TRY(saha_svgmap_group_end(m));
done:
    return rc;
}

static const char *territory_id(const void *payload, size_t t)
{
    return ((const saha_territory_result *)payload)->info[t].id;
}

saha_status saha_territory__svg_doc(const saha_territory_result *res,
                                    const saha_account_set *accounts, saha_geo *geo,
                                    const saha_basemap *basemap, saha_ctx *ctx,
                                    saha__buf *b)
{
    const saha_territory__area *ar;
    saha_svgmap *m = NULL;
    size_t n, step, drawn = 0;
    char tbuf[32];
    char *end;
    double fh;
    saha_status rc = SAHA_OK;

    SAHA__CHECK_ARG(ctx, res != NULL && accounts != NULL && geo != NULL && b != NULL);
    saha__error_clear(ctx);
    if (accounts != res->set)
        return saha__error_set(
            ctx, SAHA_EINVAL, NULL, 0, 0,
            "the account set is not the one the territories were made from");
    ar = &res->area;
    TRY(saha_svgmap_create(&m, ctx, geo));
    saha_svgmap_basemap(m, basemap);
    {
        static const saha_territory__area_style as = {"territory-cell", 0.3, 1.6, 1,
                                                      "territory"};
        TRY(saha_territory__svg_areas(m, ar, res->k, &as, territory_id, res));
    }
    n = res->nacc;
    step = n > MAX_DOTS ? (n + MAX_DOTS - 1) / MAX_DOTS : 1;
    for (size_t i = 0; i < n; i += step) {
        const saha_account *acc = saha_account_at(accounts, i);
        saha_svgmap_style st = SAHA_SVGMAP_STYLE_INIT;
        size_t t = saha_territory_of(res, i);
        if (t == SIZE_MAX)
            continue;
        st.color = saha_svgmap_color(t);
        st.cls = "account";
        st.title = acc->id;
        st.data_name = "territory";
        st.data_value = res->info[t].id;
        TRY(saha_svgmap_point(m, (saha_latlon){acc->lat_deg, acc->lon_deg}, &st));
        drawn++;
    }
    for (size_t t = 0; t < res->k; t++) {
        saha_svgmap_style st = SAHA_SVGMAP_STYLE_INIT;
        st.color = saha_svgmap_color(t);
        st.title = res->info[t].rep_name[0] ? res->info[t].rep_name : res->info[t].id;
        st.data_name = "territory";
        st.data_value = res->info[t].id;
        if (res->info[t].anchored) {
            st.cls = "home";
            TRY(saha_svgmap_home(m, res->info[t].centre, &st));
        } else {
            snprintf(tbuf, sizeof tbuf, "%zu", t + 1);
            st.cls = "centre";
            st.label = tbuf;
            TRY(saha_svgmap_marker(m, res->info[t].centre, &st));
        }
    }
    /* names inside their areas, over everything */
    for (size_t t = 0; t < res->k; t++) {
        saha_svgmap_style st = SAHA_SVGMAP_STYLE_INIT;
        if (!isfinite(ar->label[t].lat_deg))
            continue;
        st.color = "#222222";
        st.cls = "territory-label";
        st.label = res->info[t].id;
        st.data_name = "territory";
        st.data_value = res->info[t].id;
        TRY(saha_svgmap_label(m, ar->label[t], &st));
    }
    /* the legend goes under the map, never over it */
    saha_svgmap_footer(m, (double)(res->k + (step > 1 ? 2 : 1)) * 15 + 20);
    TRY(saha_svgmap_render(m, b, "Territories"));
    /* The legend goes inside the <svg>, before its closing tag. */
    end = b->data ? strstr(b->data, "</svg>") : NULL;
    if (!end) {
        rc = saha__error_set(ctx, SAHA_ERR, NULL, 0, 0, "map renderer gave no <svg>");
        goto done;
    }
    b->len = (size_t)(end - b->data);
    b->data[b->len] = '\0';
    fh = saha_svgmap_frame_height(m);
    TRY(saha__buf_printf(
        b,
        "<g class=\"legend\" font-family=\"sans-serif\" font-size=\"11\" "
        "transform=\"translate(0 %.0f)\">\n",
        fh));
    TRY(saha__buf_puts(b, "<text x=\"14\" y=\"24\" font-weight=\"bold\">territory / rep: "
                          "accounts, workload h, deviation</text>\n"));
    for (size_t t = 0; t < res->k; t++) {
        const saha_territory_info *ti = &res->info[t];
        double y = 24.0 + 15.0 * (double)(t + 1);
        TRY(saha__buf_printf(b,
                             "<rect x=\"14\" y=\"%.0f\" width=\"10\" height=\"10\" "
                             "fill=\"%s\"/>\n<text x=\"30\" y=\"%.0f\">",
                             y - 9, saha_svgmap_color(t), y));
        TRY(xml_text(b, ti->id));
        if (ti->rep_name[0] && strcmp(ti->rep_name, ti->id) != 0) {
            TRY(saha__buf_puts(b, " / "));
            TRY(xml_text(b, ti->rep_name));
        }
        TRY(saha__buf_printf(b, ": %zu, %.1f h, %+.1f %%</text>\n", ti->accounts,
                             ti->workload_h, ti->deviation_pct));
    }
    if (step > 1)
        TRY(saha__buf_printf(b,
                             "<text x=\"14\" y=\"%.0f\" fill=\"#777777\">every %zu-th "
                             "account drawn (%zu of %zu)</text>\n",
                             24.0 + 15.0 * (double)(res->k + 1), step, drawn, n));
    TRY(saha__buf_puts(b, "</g>\n</svg>\n"));
done:
    saha_svgmap_free(m);
    return rc;
}

saha_status saha_territory_write_map_svg(FILE *f, saha_ctx *ctx,
                                         const saha_territory_result *res,
                                         const saha_account_set *accounts, saha_geo *geo,
                                         const saha_basemap *basemap)
{
    saha__buf b;
    saha_status rc;
    SAHA__CHECK_ARG(ctx, f != NULL);
    saha__buf_init(&b, ctx, SAHA__BUF_NOLIMIT);
    rc = saha_territory__svg_doc(res, accounts, geo, basemap, ctx, &b);
    if (rc == SAHA_OK && (fwrite(b.data, 1, b.len, f) != b.len || ferror(f)))
        rc = saha__error_set(ctx, SAHA_EIO, NULL, 0, 0, "write error (SVG)");
    saha__buf_free(&b);
    return rc;
}
