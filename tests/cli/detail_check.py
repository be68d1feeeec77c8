#!/usr/bin/env python3
"""English words left in a Turkish report's skip details and change reasons
(test_i18n_detail.sh).

  detail_check.py REPORT.html [SUMMARY.txt]

Looks at what a reader sees of the plan module's worded texts: the detail under each
reason of the HTML call list (section.skipped), the reason cell of each re-plan change
(section.changes) and the reason at the end of each change line of the summary (after
"FROM -> TO"). Opening hours are the account's data in OSM syntax ("Mo-Fr 09:00-18:00")
and are taken out first; account ids, dates and numbers are not words of the list.
Prints "english: WORD in WHERE" for each English word of the list it finds and exits 1
when it found one, 0 when none; "seen: N" counts the texts looked at.
"""
import html as htmlmod
import re
import sys

WORDS = ["no coordinates", "run saha geocode first", "required visit", "closed on",
         "hours", "fits no opening span", "min visit", "appointment", "is outside",
         "working day", "even alone", "does not fit", "earns", "cheapest insertion",
         "of travel", "round trip", "daily", "limit", "day off", "same day", "done",
         "confirmed", "is past", "no room left", "fits better", "more on", "km less",
         "made room", "must-visit", "visit log", "cancelled", "visited", "worth",
         "urgent", "booked", "spent", "night", "Monday", "Tuesday", "Wednesday",
         "Thursday", "Friday", "Saturday", "Sunday", "Mo", "Tu", "We", "Th", "Fr", "Su"]
DAY = r"(?:Mo|Tu|We|Th|Fr|Sa|Su|PH)"
HOURS = re.compile(r"\b%s(?:[-,]%s)*(?:\s+(?:\d\d:\d\d-\d\d:\d\d(?:,\d\d:\d\d-\d\d:\d\d)*|off|closed))[;,]?\s*" % (DAY, DAY))


def found(text, where, out):
    text = HOURS.sub(" ", text)
    for w in WORDS:
        if re.search(r"(?<![\w_-])" + re.escape(w) + r"(?![\w_-])", text):
            out.append("english: %s in %s" % (w, where))


def section(doc, cls):
    m = re.search(r'<section class="%s"[^>]*>(.*?)</section>' % cls, doc, re.S)
    return m.group(1) if m else ""


def main():
    doc = open(sys.argv[1], encoding="utf-8").read()
    out, seen = [], 0
    for row in re.findall(r'<tr class="skipped-row"[^>]*>(.*?)</tr>', section(doc, "skipped"), re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        if len(cells) >= 2:
            for d in re.findall(r'<span class="muted">(.*?)</span>', cells[1], re.S):
                seen += 1
                found(htmlmod.unescape(d), "a skip's detail", out)
    for row in re.findall(r'<tr class="change-[a-z_]+">(.*?)</tr>', section(doc, "changes"), re.S):
        cells = re.findall(r"<td>(.*?)</td>", row, re.S)
        if len(cells) >= 5:
            seen += 1
            found(htmlmod.unescape(re.sub(r"<[^>]+>", " ", cells[4])), "a change's reason", out)
    if len(sys.argv) > 2:
        for l in open(sys.argv[2], encoding="utf-8").read().splitlines():
            m = re.match(r"^  \S+ +\S+ +.*-> +(?:\d{4}-\d\d-\d\d(?: \d\d:\d\d)?)? *(.*)$", l)
            if m:
                seen += 1
                found(m.group(1), "the summary's reason '%s'" % m.group(1)[:50], out)
    for o in sorted(set(out)):
        print(o)
    print("seen: %d" % seen)
    return 1 if out else 0


if __name__ == "__main__":
    sys.exit(main())
