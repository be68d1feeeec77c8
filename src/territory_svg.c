/* territory_svg.c: the territory map as a standalone SVG, drawn with the shared map
 * renderer (internal/svgmap.h): one translucent hull per territory, accounts as dots in
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
    saha_svgmap *m = NULL;
    saha__buf b;
    size_t n, step, drawn = 0;
    char tbuf[32];
    char *end;
    saha_status rc = SAHA_OK;

    SAHA__CHECK_ARG(ctx, res != NULL && accounts != NULL && geo != NULL && f != NULL);
    saha__error_clear(ctx);
    if (accounts != res->set)
        return saha__error_set(
            ctx, SAHA_EINVAL, NULL, 0, 0,
            "the account set is not the one the territories were made from");
    saha__buf_init(&b, ctx, SAHA__BUF_NOLIMIT);
    TRY(saha_svgmap_create(&m, ctx, geo));
    for (size_t t = 0; t < res->k; t++) {
        saha_svgmap_style st = SAHA_SVGMAP_STYLE_INIT;
        size_t a = res->hull_start[t], z = res->hull_start[t + 1];
        if (z - a < 3)
            continue;
        st.color = saha_svgmap_color(t);
        st.cls = "territory";
        st.title = res->info[t].id;
        st.data_name = "territory";
        st.data_value = res->info[t].id;
        TRY(saha_svgmap_polygon(m, res->hull + a, z - a, &st));
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
    TRY(saha_svgmap_render(m, &b, "Territories"));
    /* The legend goes inside the <svg>, before its closing tag. */
    end = b.data ? strstr(b.data, "</svg>") : NULL;
    if (!end) {
        rc = saha__error_set(ctx, SAHA_ERR, NULL, 0, 0, "map renderer gave no <svg>");
        goto done;
    }
    b.len = (size_t)(end - b.data);
    b.data[b.len] = '\0';
    TRY(saha__buf_printf(
        &b,
        "<g class=\"legend\" font-family=\"sans-serif\" font-size=\"11\">\n"
        "<rect x=\"8\" y=\"8\" width=\"330\" height=\"%zu\" fill=\"#ffffff\" "
        "fill-opacity=\"0.85\" stroke=\"#cccccc\"/>\n",
        (res->k + (step > 1 ? 2 : 1)) * 15 + 8));
    TRY(saha__buf_puts(&b,
                       "<text x=\"14\" y=\"24\" font-weight=\"bold\">territory / rep: "
                       "accounts, workload h, deviation</text>\n"));
    for (size_t t = 0; t < res->k; t++) {
        const saha_territory_info *ti = &res->info[t];
        double y = 24.0 + 15.0 * (double)(t + 1);
        TRY(saha__buf_printf(&b,
                             "<rect x=\"14\" y=\"%.0f\" width=\"10\" height=\"10\" "
                             "fill=\"%s\"/>\n<text x=\"30\" y=\"%.0f\">",
                             y - 9, saha_svgmap_color(t), y));
        TRY(xml_text(&b, ti->id));
        if (ti->rep_name[0] && strcmp(ti->rep_name, ti->id) != 0) {
            TRY(saha__buf_puts(&b, " / "));
            TRY(xml_text(&b, ti->rep_name));
        }
        TRY(saha__buf_printf(&b, ": %zu, %.1f h, %+.1f %%</text>\n", ti->accounts,
                             ti->workload_h, ti->deviation_pct));
    }
    if (step > 1)
        TRY(saha__buf_printf(&b,
                             "<text x=\"14\" y=\"%.0f\" fill=\"#777777\">every %zu-th "
                             "account drawn (%zu of %zu)</text>\n",
                             24.0 + 15.0 * (double)(res->k + 1), step, drawn, n));
    TRY(saha__buf_puts(&b, "</g>\n</svg>\n"));
    if (fwrite(b.data, 1, b.len, f) != b.len || ferror(f))
        rc = saha__error_set(ctx, SAHA_EIO, NULL, 0, 0, "write error (SVG)");
done:
    saha_svgmap_free(m);
    saha__buf_free(&b);
    return rc;
}
