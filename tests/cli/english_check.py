#!/usr/bin/env python3
"""English words left in a Turkish report (test_i18n.sh).

  english_check.py REPORT.html [SUMMARY.txt]

Looks at what a reader sees of the HTML report's quarter calendar (section.calendar:
texts and title attributes), of its re-plan changes (section.changes: the heading, the
column heads and each change's status and reason cells), and of the summary's re-plan
lines ("Changes: ...", "Nights away: ...", one line per change), and prints each
English word of the list below that it finds there, as "english: WORD in WHERE". Exits
1 when it found one, 0 when none. Only the texts saha translates are listed: account
names, ids, times and dates are not looked at.
"""
import re
import sys

# the calendar's texts, weekday heads and month names (not those that are Turkish too:
# Sa for Salı, Mar and May)
CALENDAR = ["Calendar", "Week", "visit", "visits", "leave", "back", "not worked",
            "Each day", "Hover", "Mo", "Tu", "We", "Th", "Fr", "Su", "Jan", "Feb", "Apr",
            "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
# a change's status (saha_change_status_name), the re-plan's counts
STATUS = ["kept", "moved", "added", "dropped", "night_kept", "night_cancelled",
          "night_added"]
SUMMARY = ["Changes", "Nights away", "stability", "cancelled"] + STATUS


def found(words, text, where, out):
    for w in words:
        if re.search(r"(?<![\w_])" + re.escape(w) + r"(?![\w_])", text):
            out.append("english: %s in %s" % (w, where))


def section(html, cls):
    m = re.search(r'<section class="%s"[^>]*>(.*?)</section>' % cls, html, re.S)
    return m.group(1) if m else None


def visible(part):
    titles = " ".join(re.findall(r'title="([^"]*)"', part))
    return re.sub(r"<[^>]+>", " ", part) + " " + titles


def main():
    html = open(sys.argv[1], encoding="utf-8").read()
    out = []
    cal = section(html, "calendar")
    if cal is not None:
        found(CALENDAR, visible(cal), "the calendar", out)
    ch = section(html, "changes")
    if ch is not None:
        heads = " ".join(re.findall(r"<th>([^<]*)</th>", ch))
        h2 = " ".join(re.findall(r"<h2>([^<]*)</h2>", ch))
        found(["Changes", "Account", "Status", "From", "To", "Reason"], heads + " " + h2,
              "the changes' heads", out)
        # the cells after the account's: status, from, to, reason
        for row in re.findall(r"<tr class=\"change-[a-z_]+\">(.*?)</tr>", ch, re.S):
            cells = re.findall(r"<td>(.*?)</td>", row, re.S)
            if len(cells) >= 2:
                found(STATUS, cells[1], "a change's status", out)
    if len(sys.argv) > 2:
        lines = open(sys.argv[2], encoding="utf-8").read().splitlines()
        # the re-plan's lines: its counts and one line per change (two spaces, a
        # status, an id, a from -> to)
        rp = [l for l in lines if re.match(r"^(Changes|Nights away|De|D\S+ geceler)", l)
              or re.match(r"^  \S+ +\S+ +.*->", l)]
        for l in rp:
            found(SUMMARY, l, "the summary line '%s'" % l.strip()[:60], out)
    for o in sorted(set(out)):
        print(o)
    return 1 if out else 0


if __name__ == "__main__":
    sys.exit(main())
