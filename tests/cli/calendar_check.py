#!/usr/bin/env python3
"""The quarter plan's calendar in the HTML report, in headless Chromium over the DevTools
protocol (the WebSocket client of print_check.py; python3 standard library only).

  calendar_check.py PAGE.html ITINERARY.csv [SUMMARY.txt]

At a phone (390 x 844, mobile, touch) and a desktop (1400 x 900) viewport, asserts
against the itinerary CSV (and the summary's day table, when given):
  - the calendar is displayed; each cell sits in the column of its weekday and the row
    of its week (the row's label is the week's Monday);
  - every date of the CSV is a worked cell (td.cal-day) showing as many visits as the
    CSV has rows that day, and every worked cell's count agrees with the CSV (0 too);
  - the hours shown (h:mm) are the pop-up's back minus leave time; leave is the first
    arrival less its drive (+- 1 min for rounding), back is no earlier than the last
    departure and at most 3 h after it (the way home); with SUMMARY.txt, the hours equal
    the summary's work column for that date;
  - no pop-up is shown before any interaction; hovering a cell (desktop: a mouse move
    to its centre) or tapping it (phone: a touch at its centre) shows its pop-up, inside
    the viewport, listing the day's accounts in visit order, each with every date the
    CSV plans it (this day in bold);
  - nothing scrolls sideways (scrollWidth <= innerWidth), pop-up open or not.
Prints "calendar ok: W px, N days, V visits, P pop-ups" per width and exits 0, or one
line per problem and exits 1.
"""
import collections
import csv
import datetime
import json
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from print_check import devtools, open_page  # noqa: E402

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
WD = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]

CELLS = r"""(function(){
function shown(e){if(!e)return false;var s=getComputedStyle(e);
 if(s.display==='none'||s.visibility==='hidden')return false;
 var r=e.getBoundingClientRect();return r.width>0&&r.height>0;}
var t=document.querySelector('table.cal');
var heads=t?Array.prototype.map.call(t.querySelectorAll('thead th'),function(h){return h.textContent.trim();}):[];
var cells=[];
if(t)Array.prototype.forEach.call(t.querySelectorAll('tbody tr'),function(tr){
 var wk=tr.querySelector('th').textContent.trim();
 Array.prototype.forEach.call(tr.querySelectorAll('td'),function(td){
  var pop=td.querySelector('.cal-pop');
  cells.push({date:td.getAttribute('data-date'),cls:td.className,wk:wk,
   col:heads[td.cellIndex]||'',
   n:(td.querySelector('.cal-n')||{}).textContent,h:(td.querySelector('.cal-h')||{}).textContent,
   leave:pop?pop.querySelector('.cal-leave').textContent:null,
   back:pop?pop.querySelector('.cal-back').textContent:null,
   hasPop:!!pop,popShown:shown(pop)});});});
return JSON.stringify({table:shown(t),cells:cells,
 scrollWidth:document.documentElement.scrollWidth,innerWidth:innerWidth});})()"""

POP = r"""(function(d){
function shown(e){if(!e)return false;var s=getComputedStyle(e);
 if(s.display==='none'||s.visibility==='hidden')return false;
 var r=e.getBoundingClientRect();return r.width>0&&r.height>0;}
var td=document.querySelector('td.cal-day[data-date="'+d+'"]');
var pops=Array.prototype.filter.call(document.querySelectorAll('.cal-pop'),shown);
var pop=td.querySelector('.cal-pop'),r=pop.getBoundingClientRect();
return JSON.stringify({shown:shown(pop),others:pops.length-(shown(pop)?1:0),
 left:r.left,right:r.right,
 items:Array.prototype.map.call(pop.querySelectorAll('li'),function(li){
  var ds=li.querySelector('.cal-dates');
  return {id:li.getAttribute('data-id'),dates:ds.textContent,
   bold:Array.prototype.map.call(ds.querySelectorAll('b'),function(b){return b.textContent;})};}),
 scrollWidth:document.documentElement.scrollWidth,innerWidth:innerWidth});})"""


def hm(s):
    h, m = s.split(":")
    return int(h) * 60 + int(m)


def short(d):
    return "%d %s" % (d.day, MONTHS[d.month - 1])


def load(itinerary, summary):
    days = collections.defaultdict(list)
    dates_of = collections.defaultdict(list)
    with open(itinerary, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            days[row["date"]].append(row)
    for d in days:
        days[d].sort(key=lambda r: int(r["seq"]))
    for d in sorted(days):
        for r in days[d]:
            dates_of[r["id"]].append(d)
    work = {}
    if summary:
        for line in open(summary, encoding="utf-8"):
            m = re.match(r"^(Mo|Tu|We|Th|Fr|Sa|Su) +(\d{4}-\d\d-\d\d) +(\d+) +\S+ +\S+ +(\d+:\d\d) ", line)
            if m:
                work[m.group(2)] = hm(m.group(4))
    return days, dates_of, work


def check_width(ws, sess, page, width, height, mobile, days, dates_of, work, problems):
    ws.call("Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}, sess)
    ws.call("Emulation.setTouchEmulationEnabled", {"enabled": mobile, "maxTouchPoints": 1}, sess)
    open_page(ws, sess, page, 0.5)
    where = "%d px" % width
    p = json.loads(ws.call("Runtime.evaluate", {"expression": CELLS, "returnByValue": True}, sess)["result"]["value"])
    if not p["table"]:
        problems.append("%s: the calendar is not shown" % where)
        return
    if p["scrollWidth"] > p["innerWidth"]:
        problems.append("%s: horizontal overflow %d > %d" % (where, p["scrollWidth"], p["innerWidth"]))
    worked = {}
    for c in p["cells"]:
        if not c["date"]:
            continue
        d = datetime.date.fromisoformat(c["date"])
        if c["col"] != WD[d.weekday()]:
            problems.append("%s: %s is in column %s" % (where, c["date"], c["col"]))
        if c["wk"] != short(d - datetime.timedelta(days=d.weekday())):
            problems.append("%s: %s is in the row of week %s" % (where, c["date"], c["wk"]))
        if c["popShown"]:
            problems.append("%s: the pop-up of %s is shown before any hover or tap" % (where, c["date"]))
        if "cal-day" in c["cls"].split():
            worked[c["date"]] = c
    for d in days:
        if d not in worked:
            problems.append("%s: %s has %d visits in the CSV but no worked cell" % (where, d, len(days[d])))
    nvis = 0
    for d, c in sorted(worked.items()):
        want = len(days.get(d, []))
        nvis += int(c["n"])
        if int(c["n"]) != want:
            problems.append("%s: %s shows %s visits, the CSV has %d" % (where, d, c["n"], want))
        if want == 0:
            if hm(c["h"]) != 0:
                problems.append("%s: %s has no visit but %s hours" % (where, d, c["h"]))
            continue
        if not c["hasPop"]:
            problems.append("%s: %s has visits but no pop-up" % (where, d))
            continue
        rows = days[d]
        lv, bk = hm(c["leave"]), hm(c["back"])
        if hm(c["h"]) != bk - lv:
            problems.append("%s: %s hours %s are not back %s - leave %s" % (where, d, c["h"], c["back"], c["leave"]))
        first_leave = hm(rows[0]["arrival"]) - int(round(float(rows[0]["drive_min"])))
        if abs(lv - first_leave) > 1:
            problems.append("%s: %s leaves at %s, the CSV's first arrival less its drive is %d:%02d"
                            % (where, d, c["leave"], first_leave // 60, first_leave % 60))
        last = max(hm(r["departure"]) for r in rows)
        if not (last <= bk <= last + 180):
            problems.append("%s: %s is back at %s, the last departure is %s" % (where, d, c["back"], rows[-1]["departure"]))
        if work and work.get(d) != hm(c["h"]):
            problems.append("%s: %s shows %s hours, the summary %s" % (where, d, c["h"], work.get(d)))
    pops = 0
    for d in sorted(days):
        if d not in worked or not worked[d]["hasPop"]:
            continue
        box = json.loads(ws.call("Runtime.evaluate", {"expression": """(function(){
var td=document.querySelector('td.cal-day[data-date="%s"]');td.scrollIntoView({block:'center'});
var r=td.getBoundingClientRect();return JSON.stringify({x:r.left+r.width/2,y:r.top+r.height/2});})()""" % d,
                                                      "returnByValue": True}, sess)["result"]["value"])
        if mobile:
            pt = [{"x": box["x"], "y": box["y"]}]
            ws.call("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": pt}, sess)
            ws.call("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []}, sess)
        else:
            ws.call("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": box["x"], "y": box["y"]}, sess)
        time.sleep(0.05)
        q = json.loads(ws.call("Runtime.evaluate", {"expression": POP + "(%s)" % json.dumps(d),
                                                    "returnByValue": True}, sess)["result"]["value"])
        how = "tapping" if mobile else "hovering"
        if not q["shown"]:
            problems.append("%s: %s %s does not show its pop-up" % (where, how, d))
            continue
        pops += 1
        if q["others"]:
            problems.append("%s: %s %s shows %d other pop-ups" % (where, how, d, q["others"]))
        if q["left"] < 0 or q["right"] > width:
            problems.append("%s: the pop-up of %s is off the screen (%.0f..%.0f)" % (where, d, q["left"], q["right"]))
        if q["scrollWidth"] > q["innerWidth"]:
            problems.append("%s: the pop-up of %s makes the page scroll sideways" % (where, d))
        ids = [i["id"] for i in q["items"]]
        want = [r["id"] for r in days[d]]
        if ids != want:
            problems.append("%s: the pop-up of %s lists %s, the CSV %s" % (where, d, ids, want))
            continue
        for i in q["items"]:
            exp = " \u00b7 ".join(short(datetime.date.fromisoformat(x)) for x in dates_of[i["id"]])
            if i["dates"] != exp:
                problems.append("%s: %s on %s: dates '%s', the CSV '%s'" % (where, i["id"], d, i["dates"], exp))
            if i["bold"] != [short(datetime.date.fromisoformat(d))]:
                problems.append("%s: %s on %s: bold %s" % (where, i["id"], d, i["bold"]))
    print("calendar ok: %d px, %d days, %d visits, %d pop-ups" % (width, len(worked), nvis, pops)
          if not problems else "calendar: %d px checked" % width)


def main(page, itinerary, summary=None):
    days, dates_of, work = load(itinerary, summary)
    problems = []
    with devtools("saha-cal.") as ws:
        for width, height, mobile in ((390, 844, True), (1400, 900, False)):
            target = ws.call("Target.createTarget", {"url": "about:blank"})["targetId"]
            sess = ws.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            check_width(ws, sess, page, width, height, mobile, days, dates_of, work, problems)
            ws.call("Target.closeTarget", {"targetId": target})
    for m in problems:
        print("calendar: " + m)
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        print(__doc__)
        sys.exit(2)
    sys.exit(main(*sys.argv[1:]))
