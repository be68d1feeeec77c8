#!/usr/bin/python3
"""Checks saha's exports with real readers, against the itinerary CSV (week.csv) as the
reference of what was planned. Used by tests/cli/test_export_readers.sh.

  export_readers.py ics FILE.ics WEEK.csv TZID OFFSET_MIN
      parsed by python3-icalendar (Debian): one VEVENT per CSV row with the right UID,
      local DTSTART/DTEND in TZID whose UTC offset is OFFSET_MIN, GEO, SUMMARY,
      LOCATION; raw text: CRLF line ends, no line over 75 octets.
  export_readers.py geojson FILE.geojson WEEK.csv HOME_LAT HOME_LON
      parsed by json: a FeatureCollection, a Point per CSV row at [lon, lat], a
      LineString per day running home -> the day's stops in order -> home.
  export_readers.py gpsbabel-wpt GPSBABEL.csv WEEK.csv
  export_readers.py gpsbabel-rte GPSBABEL.csv WEEK.csv HOME_LAT HOME_LON
      gpsbabel's unicsv output of the GPX (or KML) has every stop, by name and place;
      routes: home, the day's stops, home, day after day.
  export_readers.py dom DOM.html WEEK.csv NSKIPPED_WITH_COORDS
      Chromium's --dump-dom: one path.route per day, one g.map-marker.stop per stop,
      with data-day/data-seq matching the CSV, a stop card per visit, no script or
      stylesheet loaded from a file, no external resource, links only to navigation
      apps and tel:.

Prints "<check> ok: ..." and exits 0, or prints what is wrong and exits 1.
"""
import csv
import datetime
import html.parser
import json
import sys

TOL = 1e-6  # degrees: the files carry 6 decimals


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def week_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    if not rows:
        fail("%s has no rows" % path)
    return rows


def close(a, b):
    return abs(float(a) - float(b)) <= TOL


def check_ics(path, week, tzid, offset_min):
    import icalendar  # Debian's python3-icalendar

    raw = open(path, "rb").read()
    lines = raw.split(b"\r\n")
    if lines[-1] != b"":
        fail("ics does not end with CRLF")
    for i, line in enumerate(lines[:-1], 1):
        if b"\n" in line or b"\r" in line:
            fail("ics line %d has a bare LF or CR" % i)
        if len(line) > 75:
            fail("ics line %d is %d octets long" % (i, len(line)))
        line.decode("utf-8")  # each physical line is whole UTF-8 (raises otherwise)
    cal = icalendar.Calendar.from_ical(raw)
    if str(cal.get("VERSION")) != "2.0" or not cal.get("PRODID"):
        fail("VERSION/PRODID missing")
    tzs = [str(t["TZID"]) for t in cal.walk("VTIMEZONE")]
    if tzs != [tzid]:
        fail("VTIMEZONE TZIDs %r, want [%r]" % (tzs, tzid))
    events = cal.walk("VEVENT")
    rows = week_rows(week)
    if len(events) != len(rows):
        fail("%d events for %d planned visits" % (len(events), len(rows)))
    by_uid = {str(e["UID"]): e for e in events}
    if len(by_uid) != len(events):
        fail("UIDs are not unique")
    want_off = datetime.timedelta(minutes=offset_min)
    for r in rows:
        uid = r.get("uid") or "%s-%s@saha" % (r["id"], r["date"].replace("-", ""))
        e = by_uid.get(uid)
        if e is None:
            fail("no event with UID %s" % uid)
        start = e["DTSTART"].dt
        end = e["DTEND"].dt
        if e["DTSTART"].params.get("TZID") != tzid:
            fail("%s: DTSTART TZID %r" % (uid, e["DTSTART"].params.get("TZID")))
        if start.utcoffset() != want_off:
            fail("%s: UTC offset %s, want %s" % (uid, start.utcoffset(), want_off))
        want_start = "%s %s" % (r["date"], r["start"])
        if start.strftime("%Y-%m-%d %H:%M") != want_start:
            fail("%s: starts %s, want %s" % (uid, start, want_start))
        if (end - start) != datetime.timedelta(minutes=int(r["visit_min"])):
            fail("%s: lasts %s, want %s min" % (uid, end - start, r["visit_min"]))
        geo = e["GEO"]
        if not (close(geo.latitude, r["lat"]) and close(geo.longitude, r["lon"])):
            fail("%s: GEO %s;%s, want %s;%s" % (uid, geo.latitude, geo.longitude,
                                              r["lat"], r["lon"]))
        if r["name"] not in str(e["SUMMARY"]):
            fail("%s: SUMMARY %r lacks %r" % (uid, str(e["SUMMARY"]), r["name"]))
        if r["address"] and str(e["LOCATION"]) != r["address"]:
            fail("%s: LOCATION %r, want %r" % (uid, str(e["LOCATION"]), r["address"]))
        if "Value: " not in str(e["DESCRIPTION"]):
            fail("%s: DESCRIPTION has no value" % uid)
    print("ics ok: %d events in %s" % (len(events), tzid))


def days_of(rows):
    days = {}
    for r in rows:
        days.setdefault(int(r["day"]), []).append(r)
    for d in days.values():
        d.sort(key=lambda r: int(r["seq"]))
    return days


def check_geojson(path, week, home_lat, home_lon):
    doc = json.load(open(path, encoding="utf-8"))
    if doc.get("type") != "FeatureCollection" or "crs" in doc:
        fail("not an RFC 7946 FeatureCollection")
    rows = week_rows(week)
    feats = doc["features"]
    stops = [f for f in feats if f["properties"].get("kind") == "stop"]
    routes = [f for f in feats if f["properties"].get("kind") == "route"]
    if len(stops) != len(rows):
        fail("%d stop points for %d visits" % (len(stops), len(rows)))
    for f, r in zip(stops, rows):
        g = f["geometry"]
        p = f["properties"]
        if g["type"] != "Point":
            fail("stop %s is a %s" % (r["id"], g["type"]))
        lon, lat = g["coordinates"]
        # [lon, lat] order: a swap would put Bursa (40 N, 29 E) at 29 N, 40 E
        if not (close(lon, r["lon"]) and close(lat, r["lat"])):
            fail("stop %s at %s, want [%s, %s] (lon, lat)" % (r["id"], g["coordinates"],
                                                              r["lon"], r["lat"]))
        for k in ("day", "seq", "id", "name", "arrival", "departure"):
            if str(p[k]) != r[k]:
                fail("stop %s: property %s=%r, want %r" % (r["id"], k, p[k], r[k]))
        if abs(p["value"] - float(r["value"])) > 0.005:
            fail("stop %s: value %s, want %s" % (r["id"], p["value"], r["value"]))
    days = days_of(rows)
    if len(routes) != len(days):
        fail("%d routes for %d days with visits" % (len(routes), len(days)))
    home = [home_lon, home_lat]
    for f in routes:
        day = f["properties"]["day"]
        coords = f["geometry"]["coordinates"]
        want = [home] + [[float(r["lon"]), float(r["lat"])] for r in days[day]] + [home]
        if f["geometry"]["type"] != "LineString" or len(coords) != len(want):
            fail("day %d route has %d points, want %d" % (day, len(coords), len(want)))
        for c, w in zip(coords, want):
            if not (close(c[0], w[0]) and close(c[1], w[1])):
                fail("day %d route point %s, want %s" % (day, c, w))
    print("geojson ok: %d routes, %d stops" % (len(routes), len(stops)))


def read_unicsv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def find_stop(points, r):
    name = "%02d %s" % (int(r["seq"]), r["name"])
    for p in points:
        if p["Name"] == name and close(p["Latitude"], r["lat"]) and \
                close(p["Longitude"], r["lon"]):
            return p
    fail("gpsbabel did not find %r at %s,%s" % (name, r["lat"], r["lon"]))


def check_gpsbabel_wpt(path, week):
    pts = read_unicsv(path)
    rows = week_rows(week)
    if len(pts) != len(rows):
        fail("gpsbabel read %d waypoints for %d visits" % (len(pts), len(rows)))
    for r in rows:
        find_stop(pts, r)
    print("gpsbabel ok: %d waypoints" % len(pts))


def check_gpsbabel_rte(path, week, home_lat, home_lon):
    pts = read_unicsv(path)
    days = days_of(week_rows(week))
    want = []
    for d in sorted(days):
        want.append(("Home", home_lat, home_lon))
        want += [("%02d %s" % (int(r["seq"]), r["name"]), float(r["lat"]), float(r["lon"]))
                 for r in days[d]]
        want.append(("Home", home_lat, home_lon))
    got = [(p["Name"], float(p["Latitude"]), float(p["Longitude"])) for p in pts]
    if len(got) != len(want):
        fail("gpsbabel read %d route points, want %d" % (len(got), len(want)))
    for g, w in zip(got, want):
        if g[0] != w[0] or not (close(g[1], w[1]) and close(g[2], w[2])):
            fail("route point %r, want %r" % (g, w))
    print("gpsbabel ok: %d route points over %d days" % (len(got), len(days)))


NAV_LINKS = ("#", "tel:", "geo:", "https://www.google.com/maps/dir/?api=1&destination=",
             "https://maps.apple.com/?daddr=", "https://yandex.com/maps/?rtext=~")


class DomCounter(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.routes, self.markers, self.skipped = [], [], 0
        self.scripts, self.external, self.rows = 0, [], 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = (a.get("class") or "").split()
        if tag == "script" and a.get("src"):
            self.scripts += 1
        # a resource is anything with src= or a <link href>; an <a href> is a link the
        # rep taps (navigation, phone) and must be one of those kinds
        if a.get("src"):
            self.external.append(a["src"])
        if tag != "a" and a.get("href"):
            self.external.append(a["href"])
        if tag == "a" and a.get("href") and not a["href"].startswith(NAV_LINKS):
            self.external.append(a["href"])
        if tag == "path" and "route" in cls:
            self.routes.append(a.get("data-day"))
        if tag == "g" and "map-marker" in cls and "stop" in cls:
            self.markers.append((a.get("data-day"), a.get("data-seq")))
        if tag == "circle" and "skipped" in cls:
            self.skipped += 1
        if tag == "article" and "card" in cls and "stop" in cls:
            self.rows += 1


def check_dom(path, week, nskipped):
    p = DomCounter()
    p.feed(open(path, encoding="utf-8").read())
    rows = week_rows(week)
    days = days_of(rows)
    if p.scripts:
        fail("the report has %d script elements that load a file" % p.scripts)
    if p.external:
        fail("the report loads external resources: %r" % p.external[:3])
    if sorted(p.routes) != sorted(str(d) for d in days):
        fail("route paths for days %r, want %r" % (p.routes, sorted(days)))
    want = sorted((r["day"], r["seq"]) for r in rows)
    if sorted(p.markers) != want:
        fail("markers %r, want %r" % (sorted(p.markers), want))
    if p.rows != len(rows):
        fail("%d stop cards for %d visits" % (p.rows, len(rows)))
    if p.skipped != nskipped:
        fail("%d grey skipped points, want %d" % (p.skipped, nskipped))
    print("dom ok: %d routes, %d markers, %d cards" % (len(p.routes), len(p.markers), p.rows))


def main(argv):
    if len(argv) < 4:
        fail(__doc__)
    cmd = argv[1]
    if cmd == "ics":
        check_ics(argv[2], argv[3], argv[4], int(argv[5]))
    elif cmd == "geojson":
        check_geojson(argv[2], argv[3], float(argv[4]), float(argv[5]))
    elif cmd == "gpsbabel-wpt":
        check_gpsbabel_wpt(argv[2], argv[3])
    elif cmd == "gpsbabel-rte":
        check_gpsbabel_rte(argv[2], argv[3], float(argv[4]), float(argv[5]))
    elif cmd == "dom":
        check_dom(argv[2], argv[3], int(argv[4]))
    else:
        fail("unknown check %r" % cmd)


if __name__ == "__main__":
    main(sys.argv)
