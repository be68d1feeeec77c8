/* A small SVG map renderer (see src/internal/svgmap.h for the API and the classes it
 * writes). Used by the HTML itinerary report and the territory map.
 *
 * Method: items are recorded in WGS84 degrees in drawing order. render() fits the
 * local metric projection of saha/geo.h (aeqd centred on the data) to all points,
 * projects them, takes their bounding box (at least 1 km across, so one point still
 * gets a sensible frame), and maps metres to viewBox pixels with one uniform scale
 * (north up, no distortion), SAHA_SVGMAP_WIDTH wide and 200..1000 high, centred. A
 * scale bar shows a round distance (1, 2 or 5 x 10^k m) about 120 px long.
 * Complexity O(points). Output is deterministic: pixels with one decimal, fixed order. */
#include <math.h>
#include <string.h>

#include "internal/basemap.h"
#include "internal/export.h"
#include "internal/svgmap.h"

enum item_kind {
    ITEM_POLYGON,
    ITEM_LINE,
    ITEM_POINT,
    ITEM_MARKER,
    ITEM_HOME,
    ITEM_SEGMENTS,
    ITEM_LABEL,
    ITEM_GROUP_BEGIN, /* <g> around the items up to the matching ITEM_GROUP_END */
    ITEM_GROUP_END
};

typedef struct svg_item {
    enum item_kind kind;
    size_t first, n; /* range in the map's point array */
    const char *cls, *color, *title, *label, *dn, *dv, *dn2, *dv2; /* arena copies */
    double width_px, fill_opacity;
    int greyed, no_fit, clip_land;
} svg_item;

struct saha_svgmap {
    saha_ctx *ctx;
    saha_geo *geo;
    saha__arena arena;
    svg_item *items;
    size_t nitems, cap_items;
    size_t open_groups; /* group_begin without group_end yet */
    saha_latlon *pts;
    size_t npts, cap_pts;
    const saha_basemap *bm;
    double footer_px, frame_h;
};

const char *saha_svgmap_color(size_t i)
{
    /* Tableau 10: distinct hues, readable for common colour-vision deficiencies */
    static const char *const palette[] = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2",
                                          "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
                                          "#9c755f", "#17becf"};
    return palette[i % (sizeof palette / sizeof palette[0])];
}

saha_status saha_svgmap_create(saha_svgmap **out, saha_ctx *ctx, saha_geo *geo)
{
    saha_svgmap *m;
    if (!ctx)
        return SAHA_EINVAL;
    SAHA__CHECK_ARG(ctx, out != NULL);
    *out = NULL;
    SAHA__CHECK_ARG(ctx, geo != NULL);
    m = saha__calloc(ctx, 1, sizeof *m);
    if (!m)
        return SAHA_ENOMEM;
    m->ctx = ctx;
    m->geo = geo;
    saha__arena_init(&m->arena, ctx);
    *out = m;
    return SAHA_OK;
}

void saha_svgmap_free(saha_svgmap *m)
{
    if (!m)
        return;
    saha__arena_free(&m->arena);
    saha__free(m->ctx, m->items);
    saha__free(m->ctx, m->pts);
    saha__free(m->ctx, m);
}

static int valid_color(const char *c)
{
    if (!c || strlen(c) != 7 || c[0] != '#')
        return 0;
    for (int i = 1; i < 7; i++)
        if (!strchr("0123456789abcdefABCDEF", c[i]))
            return 0;
    return 1;
}

static int valid_chars(const char *s, const char *allowed)
{
    if (!s)
        return 1;
    if (!s[0])
        return 0;
    return strspn(s, allowed) == strlen(s);
}

#define CLASS_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_- "
#define DATA_CHARS "abcdefghijklmnopqrstuvwxyz0123456789-"

static saha_status dup(saha_svgmap *m, const char *s, const char **out)
{
    *out = NULL;
    if (!s)
        return SAHA_OK;
    *out = saha__arena_strdup(&m->arena, s);
    return *out ? SAHA_OK : SAHA_ENOMEM;
}

static saha_status add_item(saha_svgmap *m, enum item_kind kind, const saha_latlon *pts,
                            size_t n, const saha_svgmap_style *st)
{
    saha_svgmap_style def = SAHA_SVGMAP_STYLE_INIT;
    svg_item it;
    saha_status rc = SAHA_OK;

    if (!st)
        st = &def;
    for (size_t i = 0; i < n; i++)
        if (!isfinite(pts[i].lat_deg) || !isfinite(pts[i].lon_deg) ||
            fabs(pts[i].lat_deg) > 90 || fabs(pts[i].lon_deg) > 360)
            return saha__error_set(m->ctx, SAHA_EINVAL, NULL, 0, 0,
                                   "svg map: point %zu has invalid coordinates", i + 1);
    if (!valid_chars(st->cls, CLASS_CHARS) || !valid_chars(st->data_name, DATA_CHARS) ||
        !valid_chars(st->data_name2, DATA_CHARS))
        return saha__error_set(m->ctx, SAHA_EINVAL, NULL, 0, 0,
                               "svg map: invalid class or data attribute name");
    if (SAHA__GROW(m->ctx, m->items, m->cap_items, m->nitems + 1, 16) < 0 ||
        SAHA__GROW(m->ctx, m->pts, m->cap_pts, m->npts + n, 64) < 0)
        return SAHA_ENOMEM;
    memset(&it, 0, sizeof it);
    it.kind = kind;
    it.first = m->npts;
    it.n = n;
    it.width_px = isfinite(st->width_px) && st->width_px > 0 ? st->width_px : 0;
    it.fill_opacity =
        isfinite(st->fill_opacity) && st->fill_opacity > 0 && st->fill_opacity <= 1
            ? st->fill_opacity
            : 0;
    it.greyed = st->greyed;
    it.no_fit = st->no_fit;
    it.clip_land = st->clip_land;
    SAHA_EXPORT__TRY(dup(m, st->cls, &it.cls));
    SAHA_EXPORT__TRY(dup(m, valid_color(st->color) ? st->color : NULL, &it.color));
    SAHA_EXPORT__TRY(dup(m, st->title, &it.title));
    SAHA_EXPORT__TRY(dup(m, st->label, &it.label));
    SAHA_EXPORT__TRY(dup(m, st->data_name, &it.dn));
    SAHA_EXPORT__TRY(dup(m, st->data_value, &it.dv));
    SAHA_EXPORT__TRY(dup(m, st->data_name2, &it.dn2));
    SAHA_EXPORT__TRY(dup(m, st->data_value2, &it.dv2));
    if (n)
        memcpy(m->pts + m->npts, pts, n * sizeof *pts);
    m->npts += n;
    m->items[m->nitems++] = it;
done:
    return rc;
}

saha_status saha_svgmap_group_begin(saha_svgmap *m, const saha_svgmap_style *st)
{
    saha_status rc;
    if (!m)
        return SAHA_EINVAL;
    rc = add_item(m, ITEM_GROUP_BEGIN, NULL, 0, st);
    if (rc == SAHA_OK)
        m->open_groups++;
    return rc;
}

saha_status saha_svgmap_group_end(saha_svgmap *m)
{
    saha_status rc;
    if (!m)
        return SAHA_EINVAL;
    if (m->open_groups == 0)
        return saha__error_set(m->ctx, SAHA_EINVAL, NULL, 0, 0,
                               "svg map: group_end without group_begin");
    rc = add_item(m, ITEM_GROUP_END, NULL, 0, NULL);
    if (rc == SAHA_OK)
        m->open_groups--;
    return rc;
}

saha_status saha_svgmap_polygon(saha_svgmap *m, const saha_latlon *ring, size_t n,
                                const saha_svgmap_style *st)
{
    if (!m)
        return SAHA_EINVAL;
    SAHA__CHECK_ARG(m->ctx, ring != NULL && n >= 3);
    return add_item(m, ITEM_POLYGON, ring, n, st);
}

saha_status saha_svgmap_polyline(saha_svgmap *m, const saha_latlon *pts, size_t n,
                                 const saha_svgmap_style *st)
{
    if (!m)
        return SAHA_EINVAL;
    SAHA__CHECK_ARG(m->ctx, pts != NULL && n >= 2);
    return add_item(m, ITEM_LINE, pts, n, st);
}

saha_status saha_svgmap_point(saha_svgmap *m, saha_latlon pos,
                              const saha_svgmap_style *st)
{
    if (!m)
        return SAHA_EINVAL;
    return add_item(m, ITEM_POINT, &pos, 1, st);
}

saha_status saha_svgmap_marker(saha_svgmap *m, saha_latlon pos,
                               const saha_svgmap_style *st)
{
    if (!m)
        return SAHA_EINVAL;
    return add_item(m, ITEM_MARKER, &pos, 1, st);
}

saha_status saha_svgmap_home(saha_svgmap *m, saha_latlon pos, const saha_svgmap_style *st)
{
    if (!m)
        return SAHA_EINVAL;
    return add_item(m, ITEM_HOME, &pos, 1, st);
}

saha_status saha_svgmap_segments(saha_svgmap *m, const saha_latlon *pts, size_t n,
                                 const saha_svgmap_style *st)
{
    if (!m)
        return SAHA_EINVAL;
    SAHA__CHECK_ARG(m->ctx, pts != NULL && n >= 2 && n % 2 == 0);
    return add_item(m, ITEM_SEGMENTS, pts, n, st);
}

saha_status saha_svgmap_label(saha_svgmap *m, saha_latlon pos,
                              const saha_svgmap_style *st)
{
    if (!m)
        return SAHA_EINVAL;
    SAHA__CHECK_ARG(m->ctx, st != NULL && st->label != NULL);
    return add_item(m, ITEM_LABEL, &pos, 1, st);
}

void saha_svgmap_basemap(saha_svgmap *m, const saha_basemap *bm)
{
    if (m)
        m->bm = bm;
}

void saha_svgmap_footer(saha_svgmap *m, double px)
{
    if (m && isfinite(px) && px >= 0 && px < 5000)
        m->footer_px = px;
}

double saha_svgmap_frame_height(const saha_svgmap *m)
{
    return m ? m->frame_h : 0;
}

/* ---- rendering ------------------------------------------------------------------- */

typedef struct frame {
    double minx, maxy; /* metres: top-left of the data box */
    double scale;      /* px per metre */
    double ox, oy;     /* px offset of the data box's top-left */
    double h;          /* viewBox height */
} frame;

static saha_status px(saha__buf *b, double v)
{
    return saha_export__num(b, v, 1, "0");
}

/* OPEN x MID y: two pixel numbers between their attribute texts */
static saha_status put_pos(saha__buf *b, const char *open, double x, const char *mid,
                           double y)
{
    saha_status rc = saha__buf_puts(b, open);
    if (rc == SAHA_OK)
        rc = px(b, x);
    if (rc == SAHA_OK)
        rc = saha__buf_puts(b, mid);
    if (rc == SAHA_OK)
        rc = px(b, y);
    return rc;
}

/* SEP x,y of one point */
static saha_status put_xy(saha__buf *b, const frame *fr, const saha_xy *xy,
                          const char *sep)
{
    return put_pos(b, sep, fr->ox + (xy->x_m - fr->minx) * fr->scale, ",",
                   fr->oy + (fr->maxy - xy->y_m) * fr->scale);
}

/* class="map-KIND cls [map-greyed]" data-..="..": the common attributes */
static saha_status put_attrs(saha__buf *b, const svg_item *it, const char *base)
{
    saha_status rc;
    SAHA_EXPORT__TRY(saha__buf_printf(b, " class=\"%s", base));
    if (it->cls) {
        SAHA_EXPORT__TRY(saha__buf_putc(b, ' '));
        SAHA_EXPORT__TRY(saha__buf_puts(b, it->cls));
    }
    if (it->greyed)
        SAHA_EXPORT__TRY(saha__buf_puts(b, " map-greyed"));
    SAHA_EXPORT__TRY(saha__buf_putc(b, '"'));
    if (it->dn) {
        SAHA_EXPORT__TRY(saha__buf_printf(b, " data-%s=\"", it->dn));
        SAHA_EXPORT__TRY(saha_export__xml(b, it->dv));
        SAHA_EXPORT__TRY(saha__buf_putc(b, '"'));
    }
    if (it->dn2) {
        SAHA_EXPORT__TRY(saha__buf_printf(b, " data-%s=\"", it->dn2));
        SAHA_EXPORT__TRY(saha_export__xml(b, it->dv2));
        SAHA_EXPORT__TRY(saha__buf_putc(b, '"'));
    }
done:
    return rc;
}

static saha_status put_title(saha__buf *b, const svg_item *it)
{
    saha_status rc;
    if (!it->title)
        return SAHA_OK;
    SAHA_EXPORT__TRY(saha__buf_puts(b, "<title>"));
    SAHA_EXPORT__TRY(saha_export__xml(b, it->title));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</title>"));
done:
    return rc;
}

static saha_status put_item(saha__buf *b, const svg_item *it, const frame *fr,
                            const saha_xy *xy)
{
    const char *color = it->greyed ? "#9a9a9a" : it->color ? it->color : "#555555";
    saha_status rc = SAHA_OK;
    double x = fr->ox + (xy[0].x_m - fr->minx) * fr->scale;
    double y = fr->oy + (fr->maxy - xy[0].y_m) * fr->scale;

    switch (it->kind) {
    case ITEM_POLYGON:
    case ITEM_LINE:
    case ITEM_SEGMENTS:
        SAHA_EXPORT__TRY(saha__buf_puts(b, "<path"));
        SAHA_EXPORT__TRY(put_attrs(b, it,
                                   it->kind == ITEM_LINE       ? "map-line"
                                   : it->kind == ITEM_SEGMENTS ? "map-segments"
                                                               : "map-polygon"));
        SAHA_EXPORT__TRY(saha__buf_puts(b, " d=\""));
        if (it->kind == ITEM_SEGMENTS) {
            for (size_t i = 0; i + 1 < it->n; i += 2) {
                SAHA_EXPORT__TRY(put_xy(b, fr, &xy[i], i == 0 ? "M" : " M"));
                SAHA_EXPORT__TRY(put_xy(b, fr, &xy[i + 1], " L"));
            }
        } else {
            for (size_t i = 0; i < it->n; i++)
                SAHA_EXPORT__TRY(put_xy(b, fr, &xy[i], i == 0 ? "M" : " L"));
        }
        if (it->kind == ITEM_POLYGON) {
            SAHA_EXPORT__TRY(
                saha__buf_printf(b, " Z\" fill=\"%s\" fill-opacity=\"", color));
            SAHA_EXPORT__TRY(saha_export__num(
                b, it->fill_opacity > 0 ? it->fill_opacity : 0.2, 2, "0.2"));
            SAHA_EXPORT__TRY(
                saha__buf_printf(b, "\" stroke=\"%s\" stroke-width=\"", color));
            SAHA_EXPORT__TRY(px(b, it->width_px > 0 ? it->width_px : 1.5));
        } else {
            SAHA_EXPORT__TRY(saha__buf_printf(b,
                                              "\" fill=\"none\" stroke=\"%s\" "
                                              "stroke-width=\"",
                                              color));
            /* a line is wider and rounder than a set of segments */
            SAHA_EXPORT__TRY(px(b, it->width_px > 0        ? it->width_px
                                   : it->kind == ITEM_LINE ? 3
                                                           : 1.5));
            SAHA_EXPORT__TRY(saha__buf_puts(b, it->kind == ITEM_LINE
                                                   ? "\" stroke-linejoin=\"round\" "
                                                     "stroke-linecap=\"round\" "
                                                     "stroke-opacity=\"0.85"
                                                   : "\" stroke-linecap=\"round"));
        }
        SAHA_EXPORT__TRY(saha__buf_puts(b, "\">"));
        SAHA_EXPORT__TRY(put_title(b, it));
        SAHA_EXPORT__TRY(saha__buf_puts(b, "</path>\n"));
        break;
    case ITEM_LABEL:
        SAHA_EXPORT__TRY(saha__buf_puts(b, "<text"));
        SAHA_EXPORT__TRY(put_attrs(b, it, "map-label"));
        SAHA_EXPORT__TRY(put_pos(b, " x=\"", x, "\" y=\"", y + 5));
        SAHA_EXPORT__TRY(
            saha__buf_printf(b,
                             "\" text-anchor=\"middle\" font-family=\"sans-serif\" "
                             "font-size=\"15\" font-weight=\"bold\" "
                             "fill=\"%s\" stroke=\"#ffffff\" "
                             "stroke-width=\"3\" paint-order=\"stroke\">",
                             color));
        SAHA_EXPORT__TRY(saha_export__xml(b, it->label));
        SAHA_EXPORT__TRY(saha__buf_puts(b, "</text>\n"));
        break;
    case ITEM_POINT:
        SAHA_EXPORT__TRY(saha__buf_puts(b, "<circle"));
        SAHA_EXPORT__TRY(put_attrs(b, it, "map-point"));
        SAHA_EXPORT__TRY(put_pos(b, " cx=\"", x, "\" cy=\"", y));
        SAHA_EXPORT__TRY(saha__buf_printf(b,
                                          "\" r=\"4\" fill=\"%s\"%s stroke=\"#ffffff\" "
                                          "stroke-width=\"1\">",
                                          color,
                                          it->greyed ? " fill-opacity=\"0.7\"" : ""));
        SAHA_EXPORT__TRY(put_title(b, it));
        SAHA_EXPORT__TRY(saha__buf_puts(b, "</circle>\n"));
        break;
    case ITEM_MARKER:
    case ITEM_HOME:
        SAHA_EXPORT__TRY(saha__buf_puts(b, "<g"));
        SAHA_EXPORT__TRY(
            put_attrs(b, it, it->kind == ITEM_HOME ? "map-home" : "map-marker"));
        SAHA_EXPORT__TRY(saha__buf_putc(b, '>'));
        SAHA_EXPORT__TRY(put_title(b, it));
        if (it->kind == ITEM_HOME) {
            SAHA_EXPORT__TRY(put_pos(b, "<rect x=\"", x - 8, "\" y=\"", y - 8));
            SAHA_EXPORT__TRY(saha__buf_puts(b, "\" width=\"16\" height=\"16\" rx=\"2\" "
                                               "fill=\"#222222\" stroke=\"#ffffff\" "
                                               "stroke-width=\"1.5\"/>"));
        } else {
            SAHA_EXPORT__TRY(put_pos(b, "<circle cx=\"", x, "\" cy=\"", y));
            SAHA_EXPORT__TRY(saha__buf_printf(b,
                                              "\" r=\"9\" fill=\"%s\" stroke=\"#ffffff\" "
                                              "stroke-width=\"1.5\"/>",
                                              color));
        }
        SAHA_EXPORT__TRY(put_pos(b, "<text x=\"", x, "\" y=\"", y + 3.5));
        SAHA_EXPORT__TRY(saha__buf_puts(b,
                                        "\" text-anchor=\"middle\" font-size=\"10\" "
                                        "font-weight=\"bold\" font-family=\"sans-serif\" "
                                        "fill=\"#ffffff\">"));
        SAHA_EXPORT__TRY(saha_export__xml(b, it->kind == ITEM_HOME ? "H"
                                             : it->label           ? it->label
                                                                   : ""));
        SAHA_EXPORT__TRY(saha__buf_puts(b, "</text></g>\n"));
        break;
    case ITEM_GROUP_BEGIN:
    case ITEM_GROUP_END:
        break; /* written by render() */
    }
done:
    return rc;
}

static saha_status put_scale_bar(saha__buf *b, const frame *fr)
{
    double target_m = 120.0 / fr->scale, step = 1, len_m, len_px;
    char label[32];
    saha_status rc;
    while (step * 10 <= target_m)
        step *= 10;
    len_m = target_m >= 5 * step ? 5 * step : target_m >= 2 * step ? 2 * step : step;
    len_px = len_m * fr->scale;
    if (len_m >= 1000)
        snprintf(label, sizeof label, "%.0f km", len_m / 1000);
    else
        snprintf(label, sizeof label, "%.0f m", len_m);
    SAHA_EXPORT__TRY(saha__buf_printf(b,
                                      "<g class=\"map-scale\" data-metres=\"%.0f\">"
                                      "<path d=\"M20 ",
                                      len_m));
    SAHA_EXPORT__TRY(px(b, fr->h - 20));
    SAHA_EXPORT__TRY(saha__buf_puts(b, " v6 h"));
    SAHA_EXPORT__TRY(px(b, len_px));
    SAHA_EXPORT__TRY(saha__buf_puts(b, " v-6\" fill=\"none\" stroke=\"#222222\" "
                                       "stroke-width=\"2\"/><text x=\"20\" y=\""));
    SAHA_EXPORT__TRY(px(b, fr->h - 25));
    SAHA_EXPORT__TRY(saha__buf_printf(b,
                                      "\" font-size=\"11\" font-family=\"sans-serif\" "
                                      "fill=\"#222222\">%s</text></g>\n",
                                      label));
done:
    return rc;
}

/* The pixel bounding box [x0, x1] x [y0, y1] of basemap part p's points xy. */
static void part_box(const frame *fr, const saha_xy *xy, const saha_basemap__part *p,
                     double *x0, double *x1, double *y0, double *y1)
{
    *x0 = *y0 = INFINITY;
    *x1 = *y1 = -INFINITY;
    for (size_t i = p->first; i < p->first + p->n; i++) {
        double x = fr->ox + (xy[i].x_m - fr->minx) * fr->scale;
        double y = fr->oy + (fr->maxy - xy[i].y_m) * fr->scale;
        *x0 = fmin(*x0, x);
        *x1 = fmax(*x1, x);
        *y0 = fmin(*y0, y);
        *y1 = fmax(*y1, y);
    }
}

static saha_status put_basemap(saha__buf *b, const saha_svgmap *m,
                               const saha_geo_local *loc, const frame *fr, double W)
{
    const saha_basemap *bm = m->bm;
    saha_xy *xy = NULL;
    double wide_km = W / fr->scale / 1000.0;
    saha_status rc = SAHA_OK;

    if (bm->npts > 0) {
        xy = saha__alloc_array(m->ctx, bm->npts, sizeof *xy);
        if (!xy)
            return SAHA_ENOMEM;
        SAHA_EXPORT__TRY(saha_geo_local_forward(loc, bm->pts, xy, bm->npts));
    }
    /* land, then water over it, then province borders under country borders */
    static const enum saha_basemap__kind order[] = {
        SAHA_BASEMAP__LAND, SAHA_BASEMAP__WATER, SAHA_BASEMAP__PROVINCE,
        SAHA_BASEMAP__BORDER};
    for (int pass = 0; pass < 4; pass++) {
        for (size_t k = 0; k < bm->nparts; k++) {
            const saha_basemap__part *p = &bm->parts[k];
            double x0, x1, y0, y1;
            if (p->kind != order[pass])
                continue;
            part_box(fr, xy, p, &x0, &x1, &y0, &y1);
            if (!(x1 >= 0 && x0 <= W && y1 >= 0 && y0 <= fr->h) ||
                !(x1 - x0 < 1e7 && y1 - y0 < 1e7))
                continue; /* off the frame */
            SAHA_EXPORT__TRY(saha__buf_printf(b, "<path class=\"%s\" d=\"",
                                              pass == 0   ? "map-land"
                                              : pass == 1 ? "map-water"
                                              : pass == 2 ? "map-province"
                                                          : "map-border"));
            for (size_t i = p->first; i < p->first + p->n; i++)
                SAHA_EXPORT__TRY(put_xy(b, fr, &xy[i], i == p->first ? "M" : " L"));
            if (pass == 0)
                SAHA_EXPORT__TRY(
                    saha__buf_puts(b, " Z\" fill=\"#f2efe6\" stroke=\"#b9c3cc\" "
                                      "stroke-width=\"0.8\"/>\n"));
            else if (pass == 1)
                SAHA_EXPORT__TRY(
                    saha__buf_puts(b, " Z\" fill=\"#cfe2f0\" stroke=\"#b9c3cc\" "
                                      "stroke-width=\"0.8\"/>\n"));
            else if (pass == 2)
                SAHA_EXPORT__TRY(saha__buf_puts(b, "\" fill=\"none\" stroke=\"#b3a6c2\" "
                                                   "stroke-width=\"0.7\" "
                                                   "stroke-dasharray=\"3 2\"/>\n"));
            else
                SAHA_EXPORT__TRY(saha__buf_puts(b, "\" fill=\"none\" stroke=\"#8a8f98\" "
                                                   "stroke-width=\"1\" "
                                                   "stroke-dasharray=\"4 3\"/>\n"));
        }
    }
    for (size_t k = 0; k < bm->nplaces; k++) {
        const saha_basemap__place *pl = &bm->places[k];
        saha_xy q;
        double x, y;
        if (pl->rank > (wide_km < 150 ? 2 : 1))
            continue;
        SAHA_EXPORT__TRY(saha_geo_local_forward(loc, &pl->pos, &q, 1));
        x = fr->ox + (q.x_m - fr->minx) * fr->scale;
        y = fr->oy + (fr->maxy - q.y_m) * fr->scale;
        if (x < 0 || x > W || y < 0 || y > fr->h)
            continue;
        SAHA_EXPORT__TRY(saha__buf_puts(b, "<text class=\"map-place\" x=\""));
        SAHA_EXPORT__TRY(px(b, x));
        SAHA_EXPORT__TRY(saha__buf_puts(b, "\" y=\""));
        SAHA_EXPORT__TRY(px(b, y));
        SAHA_EXPORT__TRY(saha__buf_printf(
            b,
            "\" text-anchor=\"middle\" font-family=\"sans-serif\" font-size=\"%s\" "
            "fill=\"#5b6470\" stroke=\"#ffffff\" stroke-width=\"2.5\" "
            "paint-order=\"stroke\"%s>",
            pl->rank <= 1 ? "13" : "10", pl->rank <= 1 ? " font-weight=\"bold\"" : ""));
        SAHA_EXPORT__TRY(saha_export__xml(b, pl->name));
        SAHA_EXPORT__TRY(saha__buf_puts(b, "</text>\n"));
    }
done:
    saha__free(m->ctx, xy);
    return rc;
}

/* The clip path of the groups with clip_land: one even-odd path made of the frame, the
 * basemap's box (its edges sampled, as they bend in the projection) and every land and
 * water ring. Outside the box only the frame counts (1: kept); on land inside it frame,
 * box and land (3: kept); at sea frame and box (2: cut); on a lake or a land hole 4
 * (cut); on an islet in a lake 5 (kept). Rings must not cross, as in saha/basemap.h. */
static saha_status put_land_clip(saha__buf *b, const saha_svgmap *m,
                                 const saha_geo_local *loc, const frame *fr, double W)
{
    enum { EDGE_N = 24 };
    const saha_basemap *bm = m->bm;
    saha_latlon boxp[4 * EDGE_N];
    saha_xy boxq[4 * EDGE_N], *xy = NULL;
    const double *bx = bm->box; /* south, west, north, east */
    saha_status rc = SAHA_OK;

    xy = saha__alloc_array(m->ctx, bm->npts ? bm->npts : 1, sizeof *xy);
    if (!xy)
        return SAHA_ENOMEM;
    if (bm->npts)
        SAHA_EXPORT__TRY(saha_geo_local_forward(loc, bm->pts, xy, bm->npts));
    for (int k = 0; k < EDGE_N; k++) {
        double t = (double)k / EDGE_N;
        boxp[k] = (saha_latlon){bx[0], bx[1] + t * (bx[3] - bx[1])};
        boxp[EDGE_N + k] = (saha_latlon){bx[0] + t * (bx[2] - bx[0]), bx[3]};
        boxp[2 * EDGE_N + k] = (saha_latlon){bx[2], bx[3] - t * (bx[3] - bx[1])};
        boxp[3 * EDGE_N + k] = (saha_latlon){bx[2] - t * (bx[2] - bx[0]), bx[1]};
    }
    SAHA_EXPORT__TRY(saha_geo_local_forward(loc, boxp, boxq, 4 * EDGE_N));
    SAHA_EXPORT__TRY(saha__buf_printf(b,
                                      "<defs><clipPath id=\"map-land-clip\"><path "
                                      "clip-rule=\"evenodd\" d=\"M0 0 H%.0f V%.0f H0 Z",
                                      W, fr->h));
    for (int k = 0; k < 4 * EDGE_N; k++)
        SAHA_EXPORT__TRY(put_xy(b, fr, &boxq[k], k == 0 ? " M" : " L"));
    SAHA_EXPORT__TRY(saha__buf_puts(b, " Z"));
    for (size_t k = 0; k < bm->nparts; k++) {
        const saha_basemap__part *p = &bm->parts[k];
        double x0, x1, y0, y1;
        if (p->kind != SAHA_BASEMAP__LAND && p->kind != SAHA_BASEMAP__WATER)
            continue;
        part_box(fr, xy, p, &x0, &x1, &y0, &y1);
        if (!(x1 >= 0 && x0 <= W && y1 >= 0 && y0 <= fr->h))
            continue; /* off the frame: changes the count only where nothing shows */
        for (size_t i = p->first; i < p->first + p->n; i++)
            SAHA_EXPORT__TRY(put_xy(b, fr, &xy[i], i == p->first ? " M" : " L"));
        SAHA_EXPORT__TRY(saha__buf_puts(b, " Z"));
    }
    SAHA_EXPORT__TRY(saha__buf_puts(b, "\"/></clipPath></defs>\n"));
done:
    saha__free(m->ctx, xy);
    return rc;
}

saha_status saha_svgmap_render(saha_svgmap *m, saha__buf *out, const char *title)
{
    const double W = SAHA_SVGMAP_WIDTH, MARGIN = 30, BOTTOM = 45, HMIN = 200, HMAX = 1000;
    saha_geo_local *loc = NULL;
    saha_xy *xy = NULL;
    frame fr;
    double minx = INFINITY, maxx = -INFINITY, miny = INFINITY, maxy = -INFINITY, dx, dy;
    int clip = 0;
    saha_status rc = SAHA_OK;

    if (!m)
        return SAHA_EINVAL;
    SAHA__CHECK_ARG(m->ctx, out != NULL);
    memset(&fr, 0, sizeof fr);
    if (m->npts > 0) {
        xy = saha__alloc_array(m->ctx, m->npts, sizeof *xy);
        if (!xy)
            return SAHA_ENOMEM;
        SAHA_EXPORT__TRY(saha_geo_local_create(&loc, m->geo, m->pts, m->npts));
        SAHA_EXPORT__TRY(saha_geo_local_forward(loc, m->pts, xy, m->npts));
        for (int pass = 0; pass < 2; pass++) {
            /* pass 0: the fitted items; pass 1 (only when pass 0 found none): all */
            for (size_t k = 0; k < m->nitems; k++) {
                const svg_item *it = &m->items[k];
                if (pass == 0 && it->no_fit)
                    continue;
                for (size_t i = it->first; i < it->first + it->n; i++) {
                    minx = fmin(minx, xy[i].x_m);
                    maxx = fmax(maxx, xy[i].x_m);
                    miny = fmin(miny, xy[i].y_m);
                    maxy = fmax(maxy, xy[i].y_m);
                }
            }
            if (minx <= maxx)
                break;
        }
        {
            /* grow towards context items, by at most the fitted extent per side */
            double ex = fmax(maxx - minx, 1000), ey = fmax(maxy - miny, 1000);
            double lx = minx - ex, hx = maxx + ex, ly = miny - ey, hy = maxy + ey;
            for (size_t k = 0; k < m->nitems; k++) {
                const svg_item *it = &m->items[k];
                if (!it->no_fit)
                    continue;
                for (size_t i = it->first; i < it->first + it->n; i++) {
                    minx = fmin(minx, fmax(xy[i].x_m, lx));
                    maxx = fmax(maxx, fmin(xy[i].x_m, hx));
                    miny = fmin(miny, fmax(xy[i].y_m, ly));
                    maxy = fmax(maxy, fmin(xy[i].y_m, hy));
                }
            }
        }
    } else {
        minx = miny = -500;
        maxx = maxy = 500;
    }
    /* at least 1 km across, centred */
    if (maxx - minx < 1000) {
        double c = (minx + maxx) / 2;
        minx = c - 500;
        maxx = c + 500;
    }
    if (maxy - miny < 1000) {
        double c = (miny + maxy) / 2;
        miny = c - 500;
        maxy = c + 500;
    }
    dx = maxx - minx;
    dy = maxy - miny;
    fr.scale = (W - 2 * MARGIN) / dx;
    fr.h = dy * fr.scale + MARGIN + BOTTOM;
    if (fr.h > HMAX) {
        fr.scale = (HMAX - MARGIN - BOTTOM) / dy;
        fr.h = HMAX;
    } else if (fr.h < HMIN) {
        fr.h = HMIN;
    }
    fr.h = round(fr.h);
    fr.minx = minx;
    fr.maxy = maxy;
    fr.ox = (W - dx * fr.scale) / 2;
    fr.oy = MARGIN + (fr.h - MARGIN - BOTTOM - dy * fr.scale) / 2;
    m->frame_h = fr.h;

    SAHA_EXPORT__TRY(saha__buf_printf(out,
                                      "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                                      "class=\"map\" viewBox=\"0 0 %.0f %.0f\" "
                                      "role=\"img\" overflow=\"hidden\" aria-label=\"",
                                      W, fr.h + m->footer_px));
    SAHA_EXPORT__TRY(saha_export__xml(out, title ? title : "Map"));
    SAHA_EXPORT__TRY(saha__buf_puts(out, "\" preserveAspectRatio=\"xMidYMid meet\">\n"));
    if (title) {
        SAHA_EXPORT__TRY(saha__buf_puts(out, "<title>"));
        SAHA_EXPORT__TRY(saha_export__xml(out, title));
        SAHA_EXPORT__TRY(saha__buf_puts(out, "</title>\n"));
    }
    SAHA_EXPORT__TRY(
        saha__buf_printf(out,
                         "<rect class=\"map-bg\" x=\"0\" y=\"0\" width=\"%.0f\" "
                         "height=\"%.0f\" fill=\"%s\" stroke=\"#cccccc\"/>\n",
                         W, fr.h, m->bm && m->bm->nland ? "#cfe2f0" : "#f7f7f2"));
    if (m->bm && loc)
        SAHA_EXPORT__TRY(put_basemap(out, m, loc, &fr, W));
    for (size_t i = 0; i < m->nitems && !clip; i++)
        clip = m->items[i].kind == ITEM_GROUP_BEGIN && m->items[i].clip_land && m->bm &&
               m->bm->nland > 0 && loc;
    if (clip)
        SAHA_EXPORT__TRY(put_land_clip(out, m, loc, &fr, W));
    if (m->nitems == 0)
        SAHA_EXPORT__TRY(
            saha__buf_printf(out,
                             "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"middle\" "
                             "font-family=\"sans-serif\" font-size=\"14\" "
                             "fill=\"#777777\">nothing to show</text>\n",
                             W / 2, fr.h / 2));
    for (size_t i = 0; i < m->nitems; i++) {
        const svg_item *it = &m->items[i];
        if (it->kind == ITEM_GROUP_BEGIN) {
            SAHA_EXPORT__TRY(saha__buf_puts(out, "<g"));
            SAHA_EXPORT__TRY(put_attrs(out, it, "map-group"));
            if (it->clip_land && clip)
                SAHA_EXPORT__TRY(
                    saha__buf_puts(out, " clip-path=\"url(#map-land-clip)\""));
            SAHA_EXPORT__TRY(saha__buf_puts(out, ">\n"));
            SAHA_EXPORT__TRY(put_title(out, it));
        } else if (it->kind == ITEM_GROUP_END) {
            SAHA_EXPORT__TRY(saha__buf_puts(out, "</g>\n"));
        } else {
            SAHA_EXPORT__TRY(put_item(out, it, &fr, xy + it->first));
        }
    }
    for (size_t g = 0; g < m->open_groups; g++)
        SAHA_EXPORT__TRY(saha__buf_puts(out, "</g>\n"));
    SAHA_EXPORT__TRY(put_scale_bar(out, &fr));
    SAHA_EXPORT__TRY(saha__buf_puts(out, "</svg>\n"));
done:
    saha_geo_local_free(loc);
    saha__free(m->ctx, xy);
    return rc;
}
