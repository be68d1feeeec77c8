#!/usr/bin/env python3
"""Checks what tests/cli/report_probe.js found in the HTML report in headless Chromium.

  report_check.py DOM.html WIDTH WEEK.csv UNVISITED.csv ACCOUNTS.csv (offline|tiles)

DOM.html is chromium --dump-dom of the report with the probe injected. Checks: the
viewport is WIDTH wide and nothing scrolls sideways (scrollWidth <= innerWidth); a
visible card per visit of WEEK.csv; a visible tel: link on every card whose account has
a phone in ACCOUNTS.csv (and none without); the four navigation links (Google, Apple,
Yandex, geo:) on every card; every appointment on its day visible on its card; as many
Leaflet stop markers as visits and a route per day; the map visible, its legend not
over it; the call list as long as UNVISITED.csv with a tel: link per phone; every
not-visited account with coordinates on the map, alone or counted in a marker cluster
(clusters present when there are 50 or more); and
"offline": no resource loaded at all (performance resource entries), "tiles": tiles
asked for from 127.0.0.1. Prints "report ok: ..." and exits 0, or the problems and 1.
"""
import csv
import html.parser
import json
import sys


class Pre(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.on, self.text = False, ""

    def handle_starttag(self, tag, attrs):
        if tag == "pre" and dict(attrs).get("id") == "probe":
            self.on = True

    def handle_endtag(self, tag):
        if tag == "pre":
            self.on = False

    def handle_data(self, data):
        if self.on:
            self.text += data


def main(dom, width, week, unvisited, accounts, mode):
    p = Pre()
    p.feed(open(dom, encoding="utf-8").read())
    if not p.text:
        print("report: no probe output in the DOM (the page did not load?)")
        return 1
    r = json.loads(p.text)
    rows = list(csv.DictReader(open(week, encoding="utf-8")))
    acc = {a["id"]: a for a in csv.DictReader(open(accounts, encoding="utf-8"))}
    phone = lambda a: (a.get("telefon") or a.get("phone") or "").strip()
    unv = list(csv.DictReader(open(unvisited, encoding="utf-8")))
    errs = []
    if r["innerWidth"] != width:
        errs.append("viewport %d px wide, want %d" % (r["innerWidth"], width))
    if r["scrollWidth"] > r["innerWidth"] or r["scrollWidth"] > r["clientWidth"]:
        errs.append("horizontal overflow: scrollWidth %d > innerWidth %d (%s)" %
                    (r["scrollWidth"], r["innerWidth"], ", ".join(r["wide"])))
    cards = r["cards"]
    if len(cards) != len(rows):
        errs.append("%d cards for %d visits" % (len(cards), len(rows)))
    by_id = {}
    for c in cards:
        by_id.setdefault(c["account"], []).append(c)
        if not c["visible"]:
            errs.append("card %s not visible" % c["id"])
        a = acc.get(c["account"])
        if a is None:
            errs.append("card %s: unknown account %r" % (c["id"], c["account"]))
            continue
        if phone(a) and c["tel"] < 1:
            errs.append("card %s (%s): phone %s but no visible tel: link" % (c["id"], c["account"], phone(a)))
        if not phone(a) and (c["tel"] or c["phone"]):
            errs.append("card %s: a phone link without a phone" % c["id"])
        kinds = sorted(set(c["nav"]))
        want = sorted({"https", "geo"})
        if len(c["nav"]) != 4 or kinds != want:
            errs.append("card %s: navigation links %r" % (c["id"], c["nav"]))
    appts = 0
    for row in rows:
        a = acc.get(row["id"], {})
        if a.get("appointment", "")[:10] == row["date"]:
            appts += 1
            if not any(c["appt"] for c in by_id.get(row["id"], [])):
                errs.append("appointment of %s on %s not visible" % (row["id"], row["date"]))
    if r["markers"] != len(rows):
        errs.append("%d map markers for %d visits" % (r["markers"], len(rows)))
    days = {row["day"] for row in rows}
    if r["routes"] != len(days):
        errs.append("%d routes on the map for %d days" % (r["routes"], len(days)))
    if not r["mapVisible"]:
        errs.append("the interactive map is not visible")
    if r["svgVisible"]:
        errs.append("the static map shows beside the interactive one")
    if r["legendInMap"]:
        errs.append("the legend overlaps the map")
    if r["calls"] != len(unv):
        errs.append("%d call-list rows for %d unvisited" % (r["calls"], len(unv)))
    want_tel = sum(1 for u in unv if (u.get("phone") or "").strip())
    if r["callTel"] != want_tel:
        errs.append("%d tel: links in the call list, want %d" % (r["callTel"], want_tel))
    # every not-visited account with coordinates is on the map, alone or counted in a
    # cluster (Leaflet.markercluster), and with this many some are clustered
    unv_pos = sum(1 for u in unv if (u.get("lat") or "").strip() and (u.get("lon") or "").strip())
    if r.get("skippedShown", 0) + r.get("clustered", 0) != unv_pos:
        errs.append("not-visited on the map: %d alone + %d in clusters, want %d" %
                    (r.get("skippedShown", 0), r.get("clustered", 0), unv_pos))
    if unv_pos >= 50 and not r.get("clusters"):
        errs.append("%d not-visited accounts and no marker cluster" % unv_pos)
    if mode == "offline" and r["resources"]:
        errs.append("the page loaded %d resources: %r" % (len(r["resources"]), r["resources"][:3]))
    if mode == "tiles" and not any(u.startswith("http://127.0.0.1:") for u in r["resources"]):
        errs.append("no tile asked for: %r" % r["resources"][:3])
    if errs:
        print("report: " + "\n  ".join(errs[:20]))
        return 1
    print("report ok: %d px, %d cards, %d markers, %d appointments, %d call-list rows, "
          "%d resources, %d clusters" % (width, len(cards), r["markers"], appts, r["calls"],
                                        len(r["resources"]), r.get("clusters", 0)))
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 7:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6]))
