/* territory_html.c: the territory map as one self-contained HTML page: an interactive
 * Leaflet map (inlined, as in the plan report: see export_html_map.c) with each
 * territory's area, its boundary and its name inside it (areas and boundaries cut to
 * land: the sea inside the basemap's box is painted over them, an even-odd polygon of
 * the box and every land and water ring), the accounts in their
 * territory's colour, the homes, the basemap and optional tiles; the summary table as
 * the legend under the map; and the static SVG map (territory_svg.c) for print and for
 * pages opened without JavaScript or without Leaflet. Large inputs send every m-th
 * account to the map (at most MAX_DOTS). Caller: the CLI (saha territory --html). */
#include <math.h>
#include <string.h>

#include "internal/basemap.h"
#include "internal/export.h"
#include "internal/svgmap.h"
#include "internal/territory.h"

#define MAX_DOTS 20000

static const char CSS[] =
    "*{box-sizing:border-box}body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,"
    "sans-serif;margin:0 "
    "auto;max-width:1400px;padding:12px;color:#1d1d1f;line-height:1.4}"
    "h1{font-size:1.4em;margin:.2em "
    "0}#lmap{height:70vh;min-height:320px;border-radius:6px;"
    "background:#cfe2f0;display:none}html.lmap #lmap{display:block}"
    "html.lmap figure.svgmap{display:none}figure{margin:0}svg.map{width:100%;height:auto}"
    ".tw{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.92em;"
    "margin-top:.6em}th,td{padding:5px 6px;border-bottom:1px solid "
    "#e5e7eb;text-align:left}"
    "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}"
    ".sw{display:inline-block;width:14px;height:14px;border-radius:3px;vertical-align:-"
    "2px;"
    "margin-right:4px}.note{color:#555;font-size:.85em}"
    ".lf-label{font:bold 15px sans-serif;color:#222;white-space:nowrap;text-shadow:0 0 "
    "3px "
    "#fff,0 0 3px #fff,0 0 3px #fff;pointer-events:none}"
    ".lf-place{color:#5b6470;font:12px sans-serif;white-space:nowrap;text-shadow:0 0 3px "
    "#fff;pointer-events:none}"
    ".lf-home "
    "span{display:block;width:20px;height:20px;line-height:18px;border-radius:3px;"
    "background:#222;color:#fff;font:bold 11px sans-serif;text-align:center;"
    "border:1px solid #fff}"
    "@media print{#lmap{display:none!important}figure.svgmap{display:block!important}}";

static const char MAP_JS[] =
    "(function(){'use strict';\n"
    "var "
    "el=document.getElementById('lmap'),src=document.getElementById('saha-map-data');\n"
    "if(!window.L||!el||!src)return;var D=JSON.parse(src.textContent);\n"
    "document.documentElement.classList.add('lmap');\n"
    "var map=L.map(el,{zoomSnap:0.25,preferCanvas:true});"
    "map.attributionControl.setPrefix(false);\n"
    "if(D.basemap){var land=[],water=[];D.basemap.parts.forEach(function(p){\n"
    " if(p.k===0)land.push(p.p);else if(p.k===1)water.push(p.p);else "
    "L.polyline(p.p,p.k===3?{color:'#b3a6c2',weight:0.8,dashArray:'3 2',"
    "interactive:false,className:'lf-province'}:{color:'#8a8f98',weight:1,"
    "dashArray:'4 3',interactive:false,className:'lf-border'}).addTo(map);});\n"
    " if(land.length)L.polygon(land,{color:'#b9c3cc',weight:0.8,fillColor:'#f2efe6',"
    "fillOpacity:1,interactive:false}).addTo(map);\n"
    " water.forEach(function(r){L.polygon(r,{color:'#b9c3cc',weight:0.8,fillColor:"
    "'#cfe2f0',fillOpacity:1,interactive:false}).addTo(map);});\n"
    " D.basemap.places.forEach(function(p){if(p.r>1)return;var d=document.createElement("
    "'div');d.textContent=p.n;L.marker(p.p,{interactive:false,keyboard:false,icon:"
    "L.divIcon({className:'lf-place',html:d.innerHTML,iconSize:[0,0]})}).addTo(map);});}"
    "\n"
    "if(D.tiles)L.tileLayer(D.tiles.url,{attribution:D.tiles.attr,maxZoom:19}).addTo(map)"
    ";\n"
    "var b=[];D.t.forEach(function(t){\n"
    " if(t.cells.length)L.polygon(t.cells,{stroke:false,fillColor:t.color,fillOpacity:0."
    "3,"
    "className:'lf-area'}).bindPopup(function(){var d=document.createElement('div');"
    "d.textContent=t.id+(t.rep?' / '+t.rep:'')+': '+t.info;return d;}).addTo(map);\n"
    " if(t.bnd.length)L.polyline(t.bnd,{color:t.color,weight:2,interactive:false,"
    "className:'lf-boundary'}).addTo(map);\n"
    " t.cells.forEach(function(c){c.forEach(function(p){b.push(p);});});});\n"
    "if(D.basemap&&D.basemap.box){var x=D.basemap.box,sea=[[[x[0],x[1]],[x[0],x[3]],"
    "[x[2],x[3]],[x[2],x[1]]]];\n"
    " D.basemap.parts.forEach(function(p){if(p.k<2)sea.push(p.p);});\n"
    " L.polygon(sea,{color:'#b9c3cc',weight:0.8,fillColor:'#cfe2f0',fillOpacity:1,"
    "fillRule:'evenodd',interactive:false,className:'lf-sea'}).addTo(map);}\n"
    "D.acc.forEach(function(a){L.circleMarker([a[0],a[1]],{radius:3,weight:0.5,"
    "color:'#fff',fillColor:D.t[a[2]].color,fillOpacity:0.95}).addTo(map);});\n"
    "D.t.forEach(function(t){if(!t.label)return;var d=document.createElement('div');"
    "d.textContent=t.id;L.marker(t.label,{interactive:false,keyboard:false,icon:"
    "L.divIcon({className:'lf-label',html:d.innerHTML,iconSize:[0,0]})}).addTo(map);});\n"
    "D.homes.forEach(function(h){L.marker([h[0],h[1]],{title:h[2],icon:L.divIcon({"
    "className:'lf-home',iconSize:[20,20],html:'<span>H</span>'})}).addTo(map);});\n"
    "if(b.length)map.fitBounds(b,{padding:[10,10]});else map.setView([0,0],2);\n"
    "L.control.scale({imperial:false}).addTo(map);window.sahaMap=map;})();\n";

static saha_status put_ll(saha__buf *b, saha_latlon p)
{
    return saha__buf_printf(b, "[%.5f,%.5f]", p.lat_deg, p.lon_deg);
}

saha_status saha_territory__html_head(saha__buf *b, const char *title, const char *css,
                                      const char *leaflet_css)
{
    saha_status rc;
    SAHA_EXPORT__TRY(saha__buf_puts(b,
                                    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
                                    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
                                    "content=\"width=device-width, initial-scale=1\">\n"
                                    "<title>"));
    SAHA_EXPORT__TRY(saha_export__xml(b, title));
    SAHA_EXPORT__TRY(saha__buf_printf(b, "</title>\n<style>%s</style>\n", css));
    if (leaflet_css) {
        SAHA_EXPORT__TRY(
            saha__buf_puts(b, "<style>/* Leaflet (BSD-2-Clause), inlined */\n"));
        SAHA_EXPORT__TRY(saha_export__html_raw(b, leaflet_css, "style"));
        SAHA_EXPORT__TRY(saha__buf_puts(b, "</style>\n"));
    }
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</head>\n<body>\n<h1>"));
    SAHA_EXPORT__TRY(saha_export__xml(b, title));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</h1>\n"));
done:
    return rc;
}

saha_status saha_territory__map_data_end(saha__buf *b, const char *tiles_url,
                                         const char *tiles_attribution,
                                         const saha_basemap *basemap, double s, double w,
                                         double n, double e)
{
    saha_status rc;
    SAHA_EXPORT__TRY(saha__buf_puts(b, "\"tiles\":"));
    SAHA_EXPORT__TRY(saha_export__tiles_json(b, tiles_url, tiles_attribution));
    SAHA_EXPORT__TRY(saha__buf_puts(b, ",\n\"basemap\":"));
    if (basemap && isfinite(s)) {
        SAHA_EXPORT__TRY(saha__buf_putc(b, '{'));
        SAHA_EXPORT__TRY(
            saha_export__basemap_json(b, basemap, s - 0.5, w - 0.5, n + 0.5, e + 0.5, 1));
        SAHA_EXPORT__TRY(saha__buf_putc(b, '}'));
    } else {
        SAHA_EXPORT__TRY(saha__buf_puts(b, "null"));
    }
    SAHA_EXPORT__TRY(saha__buf_puts(b, "}</script>\n"));
done:
    return rc;
}

static saha_status page(saha__buf *b, const saha_territory_result *res,
                        const saha_account_set *accounts, saha_geo *geo,
                        const saha_territory_html_options *o, saha_ctx *ctx)
{
    const saha_territory__area *ar = &res->area;
    int leaflet =
        o->leaflet_js && o->leaflet_js[0] && o->leaflet_css && o->leaflet_css[0];
    const char *title = o->title && o->title[0] ? o->title : "Territories";
    double s = INFINITY, w = INFINITY, n = -INFINITY, e = -INFINITY;
    size_t step = res->nacc > MAX_DOTS ? (res->nacc + MAX_DOTS - 1) / MAX_DOTS : 1;
    saha__buf svg;
    saha_status rc = SAHA_OK;

    saha__buf_init(&svg, ctx, SAHA__BUF_NOLIMIT);
    SAHA_EXPORT__TRY(
        saha_territory__html_head(b, title, CSS, leaflet ? o->leaflet_css : NULL));
    if (leaflet)
        SAHA_EXPORT__TRY(
            saha__buf_puts(b, "<div id=\"lmap\" role=\"region\" aria-label=\"Map"
                              "\"></div>\n"));
    else
        SAHA_EXPORT__TRY(
            saha__buf_puts(b, "<p class=\"note\">Interactive map not included "
                              "(Leaflet not found: install libjs-leaflet).</p>\n"));
    SAHA_EXPORT__TRY(saha_territory__svg_doc(res, accounts, geo, o->basemap, ctx, &svg));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "<figure class=\"svgmap\">\n"));
    SAHA_EXPORT__TRY(saha__buf_append(b, svg.data, svg.len));
    SAHA_EXPORT__TRY(
        saha__buf_puts(b, "</figure>\n<div class=\"tw\"><table class=\"legend\">"
                          "<thead><tr><th>Territory</th><th>Rep</th>"
                          "<th class=\"n\">Accounts</th><th class=\"n\">"
                          "Workload h</th><th class=\"n\">Deviation</th></tr>"
                          "</thead>\n<tbody>\n"));
    for (size_t t = 0; t < res->k; t++) {
        const saha_territory_info *ti = &res->info[t];
        SAHA_EXPORT__TRY(
            saha__buf_printf(b,
                             "<tr class=\"territory-row\"><td><span class=\"sw\" "
                             "style=\"background:%s\"></span>",
                             saha_svgmap_color(t)));
        SAHA_EXPORT__TRY(saha_export__xml(b, ti->id));
        SAHA_EXPORT__TRY(saha__buf_puts(b, "</td><td>"));
        SAHA_EXPORT__TRY(saha_export__xml(b, ti->rep_name));
        SAHA_EXPORT__TRY(
            saha__buf_printf(b,
                             "</td><td class=\"n\">%zu</td><td class=\"n\">%.1f"
                             "</td><td class=\"n\">%+.1f %%</td></tr>\n",
                             ti->accounts, ti->workload_h, ti->deviation_pct));
    }
    SAHA_EXPORT__TRY(
        saha__buf_printf(b,
                         "</tbody></table></div>\n<p class=\"note\">Areas: each "
                         "account's Voronoi cell within %.0f km of it; a "
                         "territory's area is its accounts' cells, so areas "
                         "never overlap.</p>\n",
                         ar->radius_m / 1000.0));
    if (!leaflet)
        goto tail;
    SAHA_EXPORT__TRY(saha__buf_puts(b,
                                    "<script type=\"application/json\" id=\"saha-map-data"
                                    "\">{\"t\":["));
    for (size_t t = 0; t < res->k; t++) {
        const saha_territory_info *ti = &res->info[t];
        char info[96];
        snprintf(info, sizeof info, "%zu accounts, %.1f h, %+.1f %%", ti->accounts,
                 ti->workload_h, ti->deviation_pct);
        SAHA_EXPORT__TRY(saha__buf_puts(b, t ? ",\n{\"id\":" : "{\"id\":"));
        SAHA_EXPORT__TRY(saha_export__js_str(b, ti->id));
        SAHA_EXPORT__TRY(saha__buf_puts(b, ",\"rep\":"));
        SAHA_EXPORT__TRY(saha_export__js_str(b, ti->rep_name));
        SAHA_EXPORT__TRY(saha__buf_puts(b, ",\"info\":"));
        SAHA_EXPORT__TRY(saha_export__js_str(b, info));
        SAHA_EXPORT__TRY(
            saha__buf_printf(b, ",\"color\":\"%s\",\"cells\":[", saha_svgmap_color(t)));
        for (size_t c = ar->cell_start[t]; c < ar->cell_start[t + 1]; c++) {
            SAHA_EXPORT__TRY(saha__buf_puts(b, c > ar->cell_start[t] ? ",[" : "["));
            for (size_t v = ar->ring_start[c]; v < ar->ring_start[c + 1]; v++) {
                const saha_latlon *q = &ar->ring[v];
                if (v > ar->ring_start[c])
                    SAHA_EXPORT__TRY(saha__buf_putc(b, ','));
                SAHA_EXPORT__TRY(put_ll(b, *q));
                s = fmin(s, q->lat_deg);
                n = fmax(n, q->lat_deg);
                w = fmin(w, q->lon_deg);
                e = fmax(e, q->lon_deg);
            }
            SAHA_EXPORT__TRY(saha__buf_puts(b, "]"));
        }
        SAHA_EXPORT__TRY(saha__buf_puts(b, "],\"bnd\":["));
        for (size_t g = ar->bnd_start[t]; g < ar->bnd_start[t + 1]; g++) {
            SAHA_EXPORT__TRY(saha__buf_puts(b, g > ar->bnd_start[t] ? ",[" : "["));
            SAHA_EXPORT__TRY(put_ll(b, ar->bnd[2 * g]));
            SAHA_EXPORT__TRY(saha__buf_putc(b, ','));
            SAHA_EXPORT__TRY(put_ll(b, ar->bnd[2 * g + 1]));
            SAHA_EXPORT__TRY(saha__buf_puts(b, "]"));
        }
        SAHA_EXPORT__TRY(saha__buf_puts(b, "],\"label\":"));
        if (isfinite(ar->label[t].lat_deg))
            SAHA_EXPORT__TRY(put_ll(b, ar->label[t]));
        else
            SAHA_EXPORT__TRY(saha__buf_puts(b, "null"));
        SAHA_EXPORT__TRY(saha__buf_puts(b, "}"));
    }
    SAHA_EXPORT__TRY(saha__buf_puts(b, "],\n\"acc\":["));
    for (size_t i = 0, first = 1; i < res->nacc; i += step) {
        const saha_account *a = saha_account_at(accounts, i);
        size_t t = saha_territory_of(res, i);
        if (t == SIZE_MAX)
            continue;
        SAHA_EXPORT__TRY(saha__buf_printf(b, "%s[%.5f,%.5f,%zu]", first ? "" : ",",
                                          a->lat_deg, a->lon_deg, t));
        first = 0;
    }
    SAHA_EXPORT__TRY(saha__buf_puts(b, "],\n\"homes\":["));
    for (size_t t = 0, first = 1; t < res->k; t++) {
        const saha_territory_info *ti = &res->info[t];
        if (!ti->anchored)
            continue;
        SAHA_EXPORT__TRY(saha__buf_printf(b, "%s[%.5f,%.5f,", first ? "" : ",",
                                          ti->centre.lat_deg, ti->centre.lon_deg));
        SAHA_EXPORT__TRY(saha_export__js_str(b, ti->rep_name[0] ? ti->rep_name : ti->id));
        SAHA_EXPORT__TRY(saha__buf_puts(b, "]"));
        first = 0;
    }
    SAHA_EXPORT__TRY(saha__buf_puts(b, "],\n"));
    SAHA_EXPORT__TRY(saha_territory__map_data_end(b, o->tiles_url, o->tiles_attribution,
                                                  o->basemap, s, w, n, e));
    SAHA_EXPORT__TRY(
        saha__buf_puts(b, "<script>/* Leaflet (BSD-2-Clause), inlined */\n"));
    SAHA_EXPORT__TRY(saha_export__html_raw(b, o->leaflet_js, "script"));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "\n</script>\n<script>"));
    SAHA_EXPORT__TRY(saha__buf_puts(b, MAP_JS));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</script>\n"));
tail:
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</body>\n</html>\n"));
done:
    saha__buf_free(&svg);
    return rc;
}

saha_status saha_territory_html_options_init(saha_territory_html_options *opts,
                                             unsigned version)
{
    if (!opts || version != SAHA_TERRITORY_HTML_OPTIONS_VERSION)
        return SAHA_EINVAL;
    memset(opts, 0, sizeof *opts);
    opts->version = version;
    return SAHA_OK;
}

saha_status saha_territory_write_html(FILE *f, saha_ctx *ctx,
                                      const saha_territory_result *res,
                                      const saha_account_set *accounts, saha_geo *geo,
                                      const saha_territory_html_options *opts)
{
    saha_territory_html_options o;
    saha__buf b;
    saha_status rc;
    if (!ctx)
        return SAHA_EINVAL;
    SAHA__CHECK_ARG(ctx, res != NULL && accounts != NULL && geo != NULL && f != NULL);
    saha__error_clear(ctx);
    SAHA__CHECK_ARG(ctx, !opts || opts->version == SAHA_TERRITORY_HTML_OPTIONS_VERSION);
    (void)saha_territory_html_options_init(&o, SAHA_TERRITORY_HTML_OPTIONS_VERSION);
    if (opts)
        o = *opts;
    saha__buf_init(&b, ctx, SAHA_EXPORT__MAX_BYTES);
    rc = page(&b, res, accounts, geo, &o, ctx);
    if (rc == SAHA_OK)
        rc = saha_export__write(ctx, f, &b);
    saha__buf_free(&b);
    return rc;
}
