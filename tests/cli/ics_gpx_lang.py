#!/usr/bin/env python3
"""The language of saha's ICS and GPX outputs (issue #17), for test_i18n.sh.

  ics_gpx_lang.py english FILE...   lists "english: WORD in ics|gpx" for every English
                                    word saha translates that a human-readable text of
                                    the files holds (ICS SUMMARY, DESCRIPTION; GPX name,
                                    desc, cmt, type); exit 1 when there is one
  ics_gpx_lang.py turkish FILE...   lists "missing: WORD in ics|gpx" for each Turkish
                                    word a Turkish run must have; exit 1 when one lacks
  ics_gpx_lang.py same A B          A and B (both .ics or both .gpx) have the same machine
                                    fields: ICS UIDs, DTSTART, DTEND, SEQUENCE, GEO,
                                    STATUS, TRANSP, the calendar's properties and time
                                    zone; GPX element structure, attributes (coordinates),
                                    numbers, times and saha extensions. Lists "differs:"
                                    lines, exit 1 when one differs.
The ICS is read by Debian's python3-icalendar, the GPX by xml.etree.
"""
import re
import sys
import xml.etree.ElementTree as ET

GPX_NS = "{http://www.topografix.com/GPX/1/1}"
HUMAN_GPX = {"name", "desc", "cmt", "type"}

# English words of the texts saha translates (whole words, case-sensitive)
ENGLISH = {
    "ics": ["Visit", "Account", "Value", "Stop", "arrive", "wait until", "Window",
            "Drive from previous stop", "Lunch", "Notes", "appointment", "min",
            "before leaving", "on the road", "on arrival", "Mon", "Tue", "Wed", "Thu",
            "Fri", "Dec"],
    "gpx": ["Week of", "visit", "visits", "value", "window", "wait until", "ETA", "min",
            "Leave", "back", "Back", "Home", "Start", "End", "road", "home", "overnight",
            "appointment", "Mon", "Tue", "Wed", "Thu", "Fri", "Dec"],
}
TURKISH = {
    "ics": ["ziyareti", "Müşteri:", "Değer:", "durak", "varış", "Önceki duraktan sürüş",
            "dk", "öğle yemeği", "Notlar:", "Zaman aralığı:", "randevu", "Ara"],
    "gpx": ["haftası", "ziyaret", "Varış", "dk", "değer", "Çıkış", "dönüş", "Ev", "ev",
            "zaman aralığı", "randevu", "Ara"],
}


def kind(path):
    return "ics" if path.endswith(".ics") else "gpx"


def read_cal(path):
    import icalendar  # Debian's python3-icalendar
    with open(path, "rb") as f:
        return icalendar.Calendar.from_ical(f.read())


def human_texts(path):
    if kind(path) == "ics":
        out = []
        for ev in read_cal(path).walk("VEVENT"):
            for p in ("SUMMARY", "DESCRIPTION"):
                if p in ev:
                    out.append(str(ev[p]))
        return out
    root = ET.parse(path).getroot()
    return [el.text or "" for el in root.iter()
            if el.tag.startswith(GPX_NS) and el.tag[len(GPX_NS):] in HUMAN_GPX]


def has_word(texts, w):
    rx = re.compile(r"(?<!\w)" + re.escape(w) + r"(?!\w)")
    return any(rx.search(t) for t in texts)


def cmd_words(files, table, found_is_bad):
    bad = 0
    for path in files:
        k = kind(path)
        texts = human_texts(path)
        if not texts:
            print("no texts in %s" % path)
            bad += 1
        for w in table[k]:
            if has_word(texts, w) == found_is_bad:
                print("%s: %s in %s" % ("english" if found_is_bad else "missing", w, k))
                bad += 1
    return 1 if bad else 0


def ics_machine(path):
    cal = read_cal(path)
    head = [(k, str(v)) for k, v in cal.items()]
    tz = [c.to_ical() for c in cal.walk("VTIMEZONE")]
    evs = []
    for ev in cal.walk("VEVENT"):
        row = {}
        for p in ("UID", "DTSTART", "DTEND", "SEQUENCE", "GEO", "STATUS", "TRANSP",
                  "LOCATION"):
            if p in ev:
                v = ev[p]
                row[p] = v.to_ical() if hasattr(v, "to_ical") else str(v)
                if p in ("DTSTART", "DTEND"):
                    row[p] = (row[p], str(v.params.get("TZID")))
        row.update({k: str(v) for k, v in ev.items() if k.startswith("X-")})
        evs.append(row)
    return head, tz, evs


def gpx_machine(path):
    out = []

    def walk(el, where):
        tag = el.tag.split("}")[-1]
        here = where + "/" + tag
        human = el.tag.startswith(GPX_NS) and tag in HUMAN_GPX
        out.append((here, sorted(el.attrib.items()),
                    None if human else (el.text or "").strip()))
        for c in el:
            walk(c, here)

    walk(ET.parse(path).getroot(), "")
    return out


def cmd_same(a, b):
    if kind(a) == "ics":
        ha, ta, ea = ics_machine(a)
        hb, tb, eb = ics_machine(b)
        bad = []
        if ha != hb:
            bad.append("calendar properties %s / %s" % (ha, hb))
        if ta != tb:
            bad.append("VTIMEZONE")
        if len(ea) != len(eb) or not ea:
            bad.append("events %d / %d" % (len(ea), len(eb)))
        for i, (x, y) in enumerate(zip(ea, eb)):
            for k in sorted(set(x) | set(y)):
                if x.get(k) != y.get(k):
                    bad.append("event %d %s: %r / %r" % (i + 1, k, x.get(k), y.get(k)))
        for line in bad:
            print("differs: " + line)
        if not bad:
            print("same: %d events" % len(ea))
        return 1 if bad else 0
    ma, mb = gpx_machine(a), gpx_machine(b)
    bad = 0
    if len(ma) != len(mb):
        print("differs: %d / %d elements" % (len(ma), len(mb)))
        bad += 1
    for x, y in zip(ma, mb):
        if x != y:
            print("differs: %s / %s" % (x, y))
            bad += 1
            if bad > 5:
                break
    if not bad:
        print("same: %d elements" % len(ma))
    return 1 if bad else 0


def main(argv):
    if len(argv) >= 3 and argv[1] == "english":
        return cmd_words(argv[2:], ENGLISH, True)
    if len(argv) >= 3 and argv[1] == "turkish":
        return cmd_words(argv[2:], TURKISH, False)
    if len(argv) == 4 and argv[1] == "same":
        return cmd_same(argv[2], argv[3])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
