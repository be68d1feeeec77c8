/* The HTML report's interactive map (Leaflet, inlined) and the water check of legs.
 *
 * When the caller passes Leaflet's script and stylesheet (saha_export_options.leaflet_js
 * and .leaflet_css; the CLI reads them from Debian's libjs-leaflet), the report carries
 * them inline, a JSON block with the map's data (days with their points and stops, the
 * accounts not visited, home, the basemap's features near the plan, the optional tile
 * URL; a day's road shape when opts->roads has it) and a small script of ours that builds
 * the map: the basemap (land, lakes,
 * borders, place names) as vector layers, tiles over it only when a URL was given (so
 * with none the page asks for nothing), a polyline and numbered markers per day, a
 * popup per stop holding a copy of its card, the accounts not visited as a layer, and
 * markers that would overlap pushed apart at each zoom; with Leaflet.markercluster
 * (saha_export_options.markercluster_js/css, Debian libjs-leaflet.markercluster) the
 * accounts not visited are clustered (a count per cluster, split on zooming in). The
 * legend and its layer toggles sit under the map, never over it. Without Leaflet, or with
 * scripts off, the page shows the SVG map (which is also what prints). Stylesheet
 * url(...) references are replaced by none: the page loads no file, not even Leaflet's
 * images.
 *
 * Water: a leg that is the road model's estimate is flagged when its straight line lies
 * on water for at least SAHA_BASEMAP_WATER_FLAG_M (saha_basemap_water_m); legs from
 * road data (OSRM, a matrix file) are not. */
#include <math.h>
#include <string.h>

#include "internal/basemap.h"
#include "internal/export.h"
#include "internal/svgmap.h"

size_t saha_export_water_legs(const saha_itinerary *it, const saha_account_set *accounts,
                              const saha_basemap *bm, saha_water_leg *out, size_t cap)
{
    size_t n = 0;
    if (!it || !accounts || !bm)
        return 0;
    for (size_t d = 0; d < it->ndays; d++) {
        const saha_plan_day *day = &it->days[d];
        saha_latlon prev = day->start_pos;
        for (size_t i = 0; i <= day->nstops && day->nstops > 0; i++) {
            saha_latlon next = day->end_pos;
            double w;
            if (i < day->nstops) {
                const saha_account *a = saha_account_at(accounts, day->stops[i].account);
                if (!a)
                    return n;
                next = (saha_latlon){a->lat_deg, a->lon_deg};
            }
            /* only the road model's estimates: road data (OSRM, a matrix file) has
             * driven the bridge or taken the ferry already */
            if (i < day->nstops ? !day->stops[i].leg_estimated
                                : !day->return_leg_estimated) {
                prev = next;
                continue;
            }
            w = saha_basemap_water_m(bm, prev, next);
            if (w >= SAHA_BASEMAP_WATER_FLAG_M) {
                if (out && n < cap) {
                    out[n].day = d;
                    out[n].to_stop = i;
                    out[n].water_m = w;
                }
                n++;
            }
            prev = next;
        }
    }
    return n;
}

/* Text copied into a <style> or <script>: "</" + tag closes the element in HTML, so it is
 * broken up ("<\/"), which means the same in JS strings and regular expressions. */
saha_status saha_export__html_raw(saha__buf *b, const char *s, const char *tag)
{
    size_t tl = strlen(tag);
    saha_status rc = SAHA_OK;
    for (const char *p = s; *p && rc == SAHA_OK;) {
        if (p[0] == '<' && p[1] == '/' && strncasecmp(p + 2, tag, tl) == 0) {
            rc = saha__buf_puts(b, "<\\/");
            p += 2;
        } else if (!strcmp(tag, "style") && !strncmp(p, "url(", 4) && strchr(p, ')')) {
            rc = saha__buf_puts(b, "none");
            p = strchr(p, ')') + 1;
        } else {
            rc = saha__buf_putc(b, *p++);
        }
    }
    return rc;
}

static int have_leaflet(const saha_export_options *o)
{
    return o->leaflet_js && o->leaflet_js[0] && o->leaflet_css && o->leaflet_css[0];
}

static int have_cluster(const saha_export_options *o)
{
    return o->markercluster_js && o->markercluster_js[0] && o->markercluster_css &&
           o->markercluster_css[0];
}

saha_status saha_export__html_map_head(saha__buf *b, const saha_export_options *o)
{
    saha_status rc = SAHA_OK;
    if (!have_leaflet(o))
        return SAHA_OK;
    SAHA_EXPORT__TRY(saha__buf_puts(b, "<style>/* Leaflet (BSD-2-Clause), inlined */\n"));
    SAHA_EXPORT__TRY(saha_export__html_raw(b, o->leaflet_css, "style"));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</style>\n"));
    if (have_cluster(o)) {
        SAHA_EXPORT__TRY(
            saha__buf_puts(b, "<style>/* Leaflet.markercluster (MIT), inlined */\n"));
        SAHA_EXPORT__TRY(saha_export__html_raw(b, o->markercluster_css, "style"));
        SAHA_EXPORT__TRY(saha__buf_puts(b, "</style>\n"));
    }
done:
    return rc;
}

/* [lat,lon] with 6 decimals */
static saha_status put_ll(saha__buf *b, saha_latlon p)
{
    return saha__buf_printf(b, "[%.6f,%.6f]", p.lat_deg, p.lon_deg);
}

/* A JSON string safe inside <script>: '<' as \u003c. */
saha_status saha_export__js_str(saha__buf *b, const char *s)
{
    saha__buf t;
    saha_status rc;
    saha__buf_init(&t, b->ctx, SAHA__BUF_NOLIMIT);
    rc = saha_export__json(&t, s ? s : "");
    for (size_t i = 0; rc == SAHA_OK && i < t.len; i++)
        rc = t.data[i] == '<' ? saha__buf_puts(b, "\\u003c")
                              : saha__buf_putc(b, t.data[i]);
    saha__buf_free(&t);
    return rc;
}

saha_status saha_export__tiles_json(saha__buf *b, const char *url,
                                    const char *attribution)
{
    saha_status rc;
    if (!url || !url[0])
        return saha__buf_puts(b, "null");
    rc = saha__buf_puts(b, "{\"url\":");
    if (rc == SAHA_OK)
        rc = saha_export__js_str(b, url);
    if (rc == SAHA_OK)
        rc = saha__buf_puts(b, ",\"attr\":");
    if (rc == SAHA_OK)
        rc = saha_export__js_str(b, attribution && attribution[0]
                                        ? attribution
                                        : "&copy; OpenStreetMap contributors");
    if (rc == SAHA_OK)
        rc = saha__buf_puts(b, "}");
    return rc;
}

saha_status saha_export__basemap_json(saha__buf *b, const saha_basemap *bm, double s,
                                      double w, double n, double e, int all_rings)
{
    saha_status rc = SAHA_OK;
    int first = 1;
    SAHA_EXPORT__TRY(saha__buf_puts(b, "\"parts\":["));
    for (size_t k = 0; k < bm->nparts; k++) {
        const saha_basemap__part *p = &bm->parts[k];
        int ring = p->kind == SAHA_BASEMAP__LAND || p->kind == SAHA_BASEMAP__WATER;
        if (!(all_rings && ring) && (p->n_ < s || p->s > n || p->e < w || p->w > e))
            continue;
        SAHA_EXPORT__TRY(
            saha__buf_printf(b, "%s{\"k\":%d,\"p\":[", first ? "" : ",\n", (int)p->kind));
        first = 0;
        for (size_t i = p->first; i < p->first + p->n; i++)
            SAHA_EXPORT__TRY(saha__buf_printf(b, "%s[%.4f,%.4f]",
                                              i == p->first ? "" : ",",
                                              bm->pts[i].lat_deg, bm->pts[i].lon_deg));
        SAHA_EXPORT__TRY(saha__buf_puts(b, "]}"));
    }
    SAHA_EXPORT__TRY(saha__buf_puts(b, "],\n\"places\":["));
    first = 1;
    for (size_t k = 0; k < bm->nplaces; k++) {
        const saha_basemap__place *pl = &bm->places[k];
        if (pl->pos.lat_deg < s || pl->pos.lat_deg > n || pl->pos.lon_deg < w ||
            pl->pos.lon_deg > e)
            continue;
        SAHA_EXPORT__TRY(saha__buf_puts(b, first ? "" : ","));
        first = 0;
        SAHA_EXPORT__TRY(saha__buf_puts(b, "{\"n\":"));
        SAHA_EXPORT__TRY(saha_export__js_str(b, pl->name));
        SAHA_EXPORT__TRY(saha__buf_printf(b, ",\"r\":%d,\"p\":", pl->rank));
        SAHA_EXPORT__TRY(put_ll(b, pl->pos));
        SAHA_EXPORT__TRY(saha__buf_puts(b, "}"));
    }
    SAHA_EXPORT__TRY(saha__buf_puts(b, "]"));
    if (all_rings && bm->nland > 0)
        SAHA_EXPORT__TRY(saha__buf_printf(b, ",\n\"box\":[%.4f,%.4f,%.4f,%.4f]",
                                          bm->box[0], bm->box[1], bm->box[2],
                                          bm->box[3]));
done:
    return rc;
}

saha_status saha_export__html_map_body(saha__buf *b, const saha_itinerary *it,
                                       const saha_account_set *acc,
                                       const saha_export_options *o)
{
    double s = INFINITY, w = INFINITY, n = -INFINITY, e = -INFINITY, ms, mw;
    size_t nsk = 0;
    saha_status rc = SAHA_OK;

    if (!have_leaflet(o))
        return saha__buf_printf(b, "<p class=\"note\">%s</p>\n",
                                L_("Interactive map not included (Leaflet not found: "
                                   "install libjs-leaflet); the map below is static."));
#define GROW(p)                                                                          \
    do {                                                                                 \
        s = fmin(s, (p).lat_deg);                                                        \
        n = fmax(n, (p).lat_deg);                                                        \
        w = fmin(w, (p).lon_deg);                                                        \
        e = fmax(e, (p).lon_deg);                                                        \
    } while (0)
    SAHA_EXPORT__TRY(saha__buf_printf(b,
                                      "<div id=\"lmap\" role=\"region\" aria-label=\"%s"
                                      "\"></div>\n<div class=\"legend\" "
                                      "id=\"lmap-legend\">",
                                      L_("Map")));
    for (size_t d = 0; d < it->ndays; d++) {
        char label[48];
        if (it->days[d].nstops == 0)
            continue;
        saha_export__day_label_lang(label, &it->days[d], o);
        SAHA_EXPORT__TRY(saha__buf_printf(b,
                                          "<label><input type=\"checkbox\" checked "
                                          "data-layer=\"day-%zu\"><span class=\"sw\" "
                                          "style=\"background:%s\"></span>%s</label>",
                                          d + 1, saha_svgmap_color(d), label));
    }
    for (size_t k = 0; k < it->nskipped; k++)
        if (saha_account_at(acc, it->skipped[k].account)->has_coords)
            nsk++;
    if (nsk)
        SAHA_EXPORT__TRY(saha__buf_printf(b,
                                          "<label><input type=\"checkbox\" checked "
                                          "data-layer=\"skipped\"><span class=\"sw\" "
                                          "style=\"background:#9a9a9a\"></span>%s"
                                          "</label>",
                                          L_("Not visited")));
    SAHA_EXPORT__TRY(
        saha__buf_printf(b,
                         "<span><span class=\"sw\" style=\"background:#222\">"
                         "</span>%s</span></div>\n"
                         "<script type=\"application/json\" id=\"saha-map-data"
                         "\">{\"days\":[",
                         L_("Home")));
    for (size_t d = 0, first = 1; d < it->ndays; d++) {
        const saha_plan_day *day = &it->days[d];
        char label[48];
        if (day->nstops == 0)
            continue;
        saha_export__day_label_lang(label, day, o);
        SAHA_EXPORT__TRY(saha__buf_printf(
            b, "%s{\"day\":%zu,\"color\":\"%s\",\"label\":", first ? "" : ",\n", d + 1,
            saha_svgmap_color(d)));
        first = 0;
        SAHA_EXPORT__TRY(saha_export__js_str(b, label));
        SAHA_EXPORT__TRY(saha__buf_puts(b, ",\"line\":["));
        SAHA_EXPORT__TRY(put_ll(b, day->start_pos));
        GROW(day->start_pos);
        for (size_t i = 0; i < day->nstops; i++) {
            const saha_account *a = saha_account_at(acc, day->stops[i].account);
            saha_latlon p = {a->lat_deg, a->lon_deg};
            GROW(p);
            SAHA_EXPORT__TRY(saha__buf_putc(b, ','));
            SAHA_EXPORT__TRY(put_ll(b, p));
        }
        SAHA_EXPORT__TRY(saha__buf_putc(b, ','));
        SAHA_EXPORT__TRY(put_ll(b, day->end_pos));
        GROW(day->end_pos);
        SAHA_EXPORT__TRY(saha__buf_putc(b, ']'));
        {
            /* the road shape, drawn instead of the straight line (stops stay on line) */
            size_t nroad;
            const saha_latlon *road = saha_export__road(o, d, &nroad);
            if (road && nroad >= 2) {
                SAHA_EXPORT__TRY(saha__buf_puts(b, ",\"road\":["));
                for (size_t i = 0; i < nroad; i++) {
                    if (i > 0)
                        SAHA_EXPORT__TRY(saha__buf_putc(b, ','));
                    SAHA_EXPORT__TRY(put_ll(b, road[i]));
                }
                SAHA_EXPORT__TRY(saha__buf_putc(b, ']'));
            }
        }
        SAHA_EXPORT__TRY(saha__buf_putc(b, '}'));
    }
    SAHA_EXPORT__TRY(saha__buf_puts(b, "],\n\"skipped\":["));
    for (size_t k = 0, first = 1; k < it->nskipped; k++) {
        const saha_plan_skip *sk = &it->skipped[k];
        const saha_account *a = saha_account_at(acc, sk->account);
        const char *reason = saha_skip_reason_name(sk->reason);
        char said[512];
        if (!a->has_coords)
            continue;
        SAHA_EXPORT__TRY(saha__buf_puts(b, first ? "{\"p\":" : ",\n{\"p\":"));
        first = 0;
        SAHA_EXPORT__TRY(put_ll(b, (saha_latlon){a->lat_deg, a->lon_deg}));
        SAHA_EXPORT__TRY(saha__buf_puts(b, ",\"n\":"));
        SAHA_EXPORT__TRY(saha_export__js_str(b, saha_export__name(a)));
        SAHA_EXPORT__TRY(saha__buf_puts(b, ",\"why\":"));
        SAHA_EXPORT__TRY(saha_export__js_str(
            b, reason ? saha_export__skip_reason_text(sk->reason, o) : ""));
        SAHA_EXPORT__TRY(saha__buf_puts(b, ",\"d\":"));
        SAHA_EXPORT__TRY(saha_export__js_str(
            b, saha_export__detail(said, sizeof said, &sk->why, sk->detail, o)));
        SAHA_EXPORT__TRY(saha__buf_puts(b, "}"));
    }
    /* the popups' words, in the report's language */
    SAHA_EXPORT__TRY(saha__buf_puts(b, "],\n\"text\":{\"notVisited\":"));
    SAHA_EXPORT__TRY(saha_export__js_str(b, L_("Not visited: ")));
    SAHA_EXPORT__TRY(saha__buf_puts(b, ",\"home\":"));
    SAHA_EXPORT__TRY(saha_export__js_str(b, L_("Home")));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "},\n\"home\":"));
    if (isfinite(it->home.lat_deg) && isfinite(it->home.lon_deg)) {
        SAHA_EXPORT__TRY(put_ll(b, it->home));
        GROW(it->home);
    } else {
        SAHA_EXPORT__TRY(saha__buf_puts(b, "null"));
    }
    SAHA_EXPORT__TRY(saha__buf_puts(b, ",\n\"tiles\":"));
    SAHA_EXPORT__TRY(saha_export__tiles_json(b, o->tiles_url, o->tiles_attribution));
    SAHA_EXPORT__TRY(saha__buf_puts(b, ",\n\"basemap\":"));
    if (o->basemap && isfinite(s)) {
        /* the plan's box and as much again around it */
        ms = fmax(n - s, 0.2);
        mw = fmax(e - w, 0.2);
        SAHA_EXPORT__TRY(saha__buf_puts(b, "{"));
        SAHA_EXPORT__TRY(
            saha_export__basemap_json(b, o->basemap, s - ms, w - mw, n + ms, e + mw, 0));
        SAHA_EXPORT__TRY(saha__buf_puts(b, "}"));
    } else {
        SAHA_EXPORT__TRY(saha__buf_puts(b, "null"));
    }
    SAHA_EXPORT__TRY(saha__buf_puts(b, "}</script>\n"));
#undef GROW
done:
    return rc;
}

/* The basemap under a Leaflet map, for pages other than the report (team.html):
 * sahaBasemap(map, B) draws B (saha_export__basemap_json's object) as vector layers:
 * land, lakes, province and country borders, main place names. */
const char saha_export__basemap_js[] =
    "function sahaBasemap(map,B){if(!B)return;var land=[],water=[];\n"
    " B.parts.forEach(function(p){if(p.k===0)land.push(p.p);else if(p.k===1)"
    "water.push(p.p);else L.polyline(p.p,p.k===3?{color:'#b3a6c2',weight:0.8,"
    "dashArray:'3 2',interactive:false,className:'lf-province'}:{color:'#8a8f98',"
    "weight:1,dashArray:'4 3',interactive:false,className:'lf-border'}).addTo(map);});\n"
    " if(land.length)L.polygon(land,{color:'#b9c3cc',weight:0.8,fillColor:'#f2efe6',"
    "fillOpacity:1,interactive:false}).addTo(map);\n"
    " water.forEach(function(r){L.polygon(r,{color:'#b9c3cc',weight:0.8,fillColor:"
    "'#cfe2f0',fillOpacity:1,interactive:false}).addTo(map);});\n"
    " B.places.forEach(function(p){if(p.r>1)return;var d=document.createElement('div');"
    "d.textContent=p.n;L.marker(p.p,{interactive:false,keyboard:false,icon:L.divIcon({"
    "className:'lf-place',html:d.innerHTML,iconSize:[0,0]})}).addTo(map);});}\n";

/* Our map script (runs after Leaflet). Every stop's popup is a copy of its card. */
static const char MAP_JS[] =
    "(function(){'use strict';\n"
    "var "
    "el=document.getElementById('lmap'),src=document.getElementById('saha-map-data');\n"
    "if(!window.L||!el||!src)return;\n"
    "var D=JSON.parse(src.textContent);\n"
    "document.documentElement.classList.add('lmap');\n"
    "var map=L.map(el,{zoomSnap:0.25,attributionControl:true,maxZoom:18});\n"
    "map.attributionControl.setPrefix(false);\n"
    "var bounds=[],layers={},movable=[];\n"
    "if(D.basemap){var land=[],water=[];\n"
    " D.basemap.parts.forEach(function(p){\n"
    "  if(p.k===0)land.push(p.p);else if(p.k===1)water.push(p.p);\n"
    "  else L.polyline(p.p,p.k===3?{color:'#b3a6c2',weight:0.8,dashArray:'3 2',"
    "interactive:false,className:'lf-province'}:{color:'#8a8f98',weight:1,"
    "dashArray:'4 3',interactive:false,className:'lf-border'}).addTo(map);});\n"
    " if(land.length)L.polygon(land,{stroke:true,color:'#b9c3cc',weight:0.8,"
    "fillColor:'#f2efe6',fillOpacity:1,interactive:false}).bringToBack().addTo(map);\n"
    " water.forEach(function(r){L.polygon(r,{color:'#b9c3cc',weight:0.8,"
    "fillColor:'#cfe2f0',fillOpacity:1,interactive:false}).addTo(map);});\n"
    " var pl=[[],[],[]];\n"
    " D.basemap.places.forEach(function(p){var r=p.r<=1?1:2;\n"
    "  var m=L.marker(p.p,{interactive:false,keyboard:false,icon:L.divIcon({className:"
    "'lf-place r'+r,html:'',iconSize:[0,0]})});\n"
    "  "
    "m.options.icon.options.html=document.createTextNode(p.n).textContent.replace(/[&<>]/"
    "g,"
    "function(c){return {'&':'&amp;','<':'&lt;','>':'&gt;'}[c];});pl[r].push(m);});\n"
    " var g1=L.layerGroup(pl[1]).addTo(map),g2=L.layerGroup(pl[2]);\n"
    " map.on('zoomend',function(){if(map.getZoom()>=10)g2.addTo(map);else "
    "g2.remove();});}\n"
    "if(D.tiles){L.tileLayer(D.tiles.url,{attribution:D.tiles.attr,maxZoom:19})"
    ".addTo(map);}\n"
    "if(D.skipped.length){var sk=L.markerClusterGroup?L.markerClusterGroup({"
    "maxClusterRadius:40,showCoverageOnHover:false,disableClusteringAtZoom:13}):"
    "L.layerGroup();\n"
    " D.skipped.forEach(function(s){var c=L.circleMarker(s.p,{radius:5,color:'#fff',"
    "weight:1,fillColor:'#9a9a9a',fillOpacity:0.85,className:'lf-skipped'});\n"
    "  var div=document.createElement('div');var b=document.createElement('b');"
    "b.textContent=s.n;div.appendChild(b);\n"
    "  div.appendChild(document.createElement('br'));"
    "div.appendChild(document.createTextNode(D.text.notVisited+s.why+(s.d?' "
    "('+s.d+')':'')));\n"
    "  c.bindPopup(div);sk.addLayer(c);});sk.addTo(map);layers.skipped=sk;}\n"
    "D.days.forEach(function(d){var g=L.layerGroup();\n"
    " L.polyline(d.road||d.line,{color:d.color,weight:4,opacity:0.85,"
    "className:d.road?'lf-route lf-road':'lf-route'})"
    ".addTo(g);\n"
    " for(var i=1;i<d.line.length-1;i++){bounds.push(d.line[i]);\n"
    "  var m=L.marker(d.line[i],{riseOnHover:true,icon:L.divIcon({className:'lf-stop',"
    "iconSize:[24,24],html:'<span style=\"background:'+d.color+'\">'+i+'</span>'})});\n"
    "  (function(id){m.bindPopup(function(){var c=document.getElementById(id);\n"
    "   var n=c?c.cloneNode(true):document.createElement('div');n.removeAttribute('id');"
    "return n;},{maxWidth:300});})('stop-'+d.day+'-'+i);\n"
    "  m.addTo(g);movable.push(m);}\n"
    " bounds.push(d.line[0]);g.addTo(map);layers['day-'+d.day]=g;});\n"
    "var home=null;if(D.home){home=L.marker(D.home,{icon:L.divIcon({className:'lf-home',"
    "iconSize:[24,24],html:'<span>H</span>'}),title:D.text.home}).addTo(map);"
    "bounds.push(D.home);}\n"
    "if(bounds.length)map.fitBounds(bounds,{padding:[24,24],maxZoom:14});"
    "else map.setView([0,0],2);\n"
    "L.control.scale({imperial:false}).addTo(map);\n"
    "function spread(){var placed=home?[map.latLngToLayerPoint(home.getLatLng())]:[];\n"
    "movable.forEach(function(m){var e=m.getElement();\n"
    " if(!e||!map.hasLayer(m))return;var "
    "p=map.latLngToLayerPoint(m.getLatLng()),dx=0,dy=0;\n"
    " for(var k=0;k<24;k++){var hit=placed.some(function(q){return "
    "Math.abs(q.x-p.x-dx)<22"
    "&&Math.abs(q.y-p.y-dy)<22;});if(!hit)break;var a=k*2.4,r=14+4*k;"
    "dx=Math.round(r*Math.cos(a));dy=Math.round(r*Math.sin(a));}\n"
    " e.style.marginLeft=(dx-12)+'px';e.style.marginTop=(dy-12)+'px';"
    "placed.push({x:p.x+dx,y:p.y+dy});});}\n"
    "map.on('zoomend',spread);spread();\n"
    "Array.prototype.forEach.call(document.querySelectorAll('#lmap-legend input'),"
    "function(cb){cb.addEventListener('change',function(){var "
    "g=layers[cb.dataset.layer];\n"
    " if(!g)return;if(cb.checked)g.addTo(map);else g.remove();spread();});});\n"
    "window.sahaMap=map;})();\n";

saha_status saha_export__html_map_script(saha__buf *b, const saha_export_options *o)
{
    saha_status rc = SAHA_OK;
    if (!have_leaflet(o))
        return SAHA_OK;
    SAHA_EXPORT__TRY(
        saha__buf_puts(b, "<script>/* Leaflet (BSD-2-Clause), inlined */\n"));
    SAHA_EXPORT__TRY(saha_export__html_raw(b, o->leaflet_js, "script"));
    if (have_cluster(o)) {
        SAHA_EXPORT__TRY(saha__buf_puts(
            b, "\n</script>\n<script>/* Leaflet.markercluster (MIT), inlined */\n"));
        SAHA_EXPORT__TRY(saha_export__html_raw(b, o->markercluster_js, "script"));
    }
    SAHA_EXPORT__TRY(saha__buf_puts(b, "\n</script>\n<script>"));
    SAHA_EXPORT__TRY(saha__buf_puts(b, MAP_JS));
    SAHA_EXPORT__TRY(saha__buf_puts(b, "</script>\n"));
done:
    return rc;
}
