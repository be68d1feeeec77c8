#!/usr/bin/env python3
"""The plan report as printed: headless Chromium driven over the DevTools protocol
(python3 standard library only: a minimal WebSocket client on 127.0.0.1).

  print_check.py PAGE.html WEEK.csv PDF_OUT

Loads PAGE.html in a fresh headless Chromium (no host name resolves) with the viewport
at the printable width of A4 (717 px: 210 mm less Chromium's default 10 mm margins) and
the media emulated as print (Emulation.setEmulatedMedia), then asserts:
  - matchMedia('print') holds (the emulation is in force);
  - the interactive map, its legend, the day navigation and the navigation links are not
    displayed, and neither is any Leaflet control;
  - the static SVG map is displayed (a non-empty box);
  - one card per visit of WEEK.csv, each displayed and not split across pages
    (break-inside: avoid, and shorter than an A4 page so the rule can hold);
  - nothing is wider than the page (scrollWidth <= innerWidth).
Then prints the page to PDF_OUT (Page.printToPDF, A4) and counts its pages.
Prints "print ok: N cards, P pages" and exits 0, or one line per problem and exits 1.
"""
import base64
import contextlib
import csv
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time

A4_W_PX, A4_H_PX = 717, 1047  # 190 x 277 mm at 96 px per inch

PROBE = r"""(function(){
function shown(e){if(!e)return false;var s=getComputedStyle(e);
 if(s.display==='none'||s.visibility==='hidden')return false;
 var r=e.getBoundingClientRect();return r.width>0&&r.height>0;}
function any(sel){return Array.prototype.some.call(document.querySelectorAll(sel),shown);}
var cards=Array.prototype.filter.call(document.querySelectorAll('.card'),
 function(c){return !c.closest('.leaflet-popup');});
var svg=document.querySelector('figure.svgmap svg');
return JSON.stringify({print:matchMedia('print').matches,
 lmap:shown(document.getElementById('lmap')),
 legend:shown(document.getElementById('lmap-legend')),
 days:any('nav.days'),nav:any('.nav'),controls:any('.leaflet-control'),
 svg:shown(svg),svgHeight:svg?svg.getBoundingClientRect().height:0,
 cards:cards.length,cardsShown:cards.filter(shown).length,
 cardsSplittable:cards.filter(function(c){return getComputedStyle(c).breakInside!=='avoid';}).length,
 cardMaxH:cards.reduce(function(m,c){return Math.max(m,c.getBoundingClientRect().height);},0),
 scrollWidth:document.documentElement.scrollWidth,innerWidth:innerWidth,
 lmapClass:document.documentElement.classList.contains('lmap')});})()"""


class WS:
    def __init__(self, port, path):
        self.s = socket.create_connection(("127.0.0.1", port), timeout=60)
        key = base64.b64encode(os.urandom(16)).decode()
        self.s.sendall(("GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\n"
                        "Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\n"
                        "Sec-WebSocket-Version: 13\r\n\r\n" % (path, port, key)).encode())
        buf = b""
        while b"\r\n\r\n" not in buf:
            chunk = self.s.recv(4096)
            if not chunk:
                raise IOError("DevTools closed the connection")
            buf += chunk
        head, self.buf = buf.split(b"\r\n\r\n", 1)
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise IOError("no WebSocket upgrade: %r" % head[:80])
        self.next_id = 0

    def _read(self, n):
        while len(self.buf) < n:
            chunk = self.s.recv(1 << 16)
            if not chunk:
                raise IOError("DevTools closed the connection")
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def send(self, obj):
        data = json.dumps(obj).encode()
        mask = os.urandom(4)
        n = len(data)
        head = bytes([0x81])
        if n < 126:
            head += bytes([0x80 | n])
        elif n < 65536:
            head += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            head += bytes([0x80 | 127]) + struct.pack(">Q", n)
        self.s.sendall(head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def recv(self):
        msg = b""
        while True:
            b0, b1 = self._read(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._read(8))[0]
            payload = self._read(n)
            op = b0 & 0x0F
            if op in (0, 1, 2):
                msg += payload
                if b0 & 0x80:
                    return json.loads(msg)
            elif op == 8:
                raise IOError("DevTools closed the WebSocket")

    def call(self, method, params=None, session=None):
        self.next_id += 1
        m = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            m["sessionId"] = session
        self.send(m)
        while True:
            r = self.recv()
            if r.get("id") == self.next_id:
                if "error" in r:
                    raise IOError("%s: %s" % (method, r["error"]))
                return r["result"]


@contextlib.contextmanager
def devtools(prefix):
    """A fresh headless Chromium (no host name resolves but 127.0.0.1) with its own
    profile folder; yields a WS connected to its DevTools endpoint, and stops Chromium
    and removes the folder afterwards."""
    ud = tempfile.mkdtemp(prefix=prefix)
    proc = subprocess.Popen(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--hide-scrollbars", "--remote-debugging-port=0",
         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
         "--user-data-dir=" + ud, "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        port_file = os.path.join(ud, "DevToolsActivePort")
        for _ in range(300):
            if os.path.exists(port_file) and len(open(port_file).read().split("\n")) >= 2:
                break
            time.sleep(0.1)
        port, path = open(port_file).read().split("\n")[:2]
        yield WS(int(port), path)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(ud, ignore_errors=True)


def open_page(ws, sess, page, settle):
    """Navigates session sess to the local file page, waits until it has loaded, then
    settle seconds more for the scripts that run on load."""
    ws.call("Page.navigate", {"url": "file://" + os.path.abspath(page)}, sess)
    for _ in range(200):
        r = ws.call("Runtime.evaluate", {"expression": "document.readyState", "returnByValue": True}, sess)
        if r["result"].get("value") == "complete":
            break
        time.sleep(0.1)
    time.sleep(settle)


def main(page, week, pdf_out):
    with open(week, newline="", encoding="utf-8") as f:
        visits = sum(1 for _ in csv.DictReader(f))
    problems = []
    with devtools("saha-print.") as ws:
        target = ws.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        sess = ws.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        ws.call("Emulation.setDeviceMetricsOverride",
                {"width": A4_W_PX, "height": A4_H_PX, "deviceScaleFactor": 1, "mobile": False}, sess)
        ws.call("Emulation.setEmulatedMedia", {"media": "print"}, sess)
        open_page(ws, sess, page, 1.0)  # the map script runs on load
        r = ws.call("Runtime.evaluate", {"expression": PROBE, "returnByValue": True}, sess)
        p = json.loads(r["result"]["value"])
        pdf = base64.b64decode(ws.call("Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69,
                                                           "printBackground": False}, sess)["data"])
        with open(pdf_out, "wb") as f:
            f.write(pdf)
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    if not p["print"]:
        problems.append("print media not in force")
    if not p["lmapClass"]:
        problems.append("the map script did not run (so hiding the map proves nothing)")
    for k, what in (("lmap", "the interactive map"), ("legend", "the map legend"),
                    ("days", "the day navigation"), ("nav", "the navigation links"),
                    ("controls", "Leaflet controls")):
        if p[k]:
            problems.append("%s is shown in print" % what)
    if not p["svg"] or p["svgHeight"] < 100:
        problems.append("the static SVG map is not shown in print (%.0f px)" % p["svgHeight"])
    if p["cards"] != visits or p["cardsShown"] != visits:
        problems.append("%d cards, %d shown, for %d visits" % (p["cards"], p["cardsShown"], visits))
    if p["cardsSplittable"]:
        problems.append("%d cards may be split across pages" % p["cardsSplittable"])
    if p["cardMaxH"] >= A4_H_PX:
        problems.append("a card is taller than a page (%.0f px)" % p["cardMaxH"])
    if p["scrollWidth"] > p["innerWidth"]:
        problems.append("horizontal overflow at A4 width: %d > %d" % (p["scrollWidth"], p["innerWidth"]))
    if pages < 1 or not pdf.startswith(b"%PDF"):
        problems.append("no PDF pages")
    for m in problems:
        print("print: " + m)
    if problems:
        return 1
    print("print ok: %d cards, %d pages, %d px wide" % (p["cards"], pages, p["scrollWidth"]))
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(*sys.argv[1:]))
