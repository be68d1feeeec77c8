// Injected by test_report_phone.sh into a copy of the report (never part of saha's
// output): waits for the page to settle, then writes what the test checks into
// <pre id="probe"> as JSON, for chromium --dump-dom (and to the parent page when it runs
// in a frame: headless Chromium's window is at least 500 px wide, so the phone widths
// are frames of that size).
window.addEventListener('load', function () {
  setTimeout(function () {
    var r = {}, q = function (s, el) { return Array.prototype.slice.call((el || document).querySelectorAll(s)); };
    var visible = function (e) { var b = e.getBoundingClientRect(); return b.width > 0 && b.height > 0 && getComputedStyle(e).visibility !== 'hidden'; };
    r.scrollWidth = document.documentElement.scrollWidth;
    r.clientWidth = document.documentElement.clientWidth;
    r.innerWidth = window.innerWidth;
    r.wide = q('body *').filter(function (e) { var b = e.getBoundingClientRect(); return visible(e) && b.right > window.innerWidth + 0.5 && !e.closest('#lmap'); }).slice(0, 5).map(function (e) { return e.tagName + '.' + e.className; });
    r.cards = q('article.card.stop').map(function (c) {
      var idEl = c.querySelector('h3 .id');
      return { id: c.id, account: idEl ? idEl.textContent : '', visible: visible(c), phone: !!c.querySelector('p.contact'),
               tel: q('a[href^="tel:"]', c).filter(visible).length,
               nav: q('p.nav a', c).filter(visible).map(function (a) { return a.getAttribute('href').split(/[?:]/)[0] + (a.getAttribute('href').indexOf('geo:') === 0 ? '' : ''); }),
               appt: q('.appointment', c).filter(visible).map(function (e) { return e.textContent; }) };
    });
    r.calls = q('#call-list tr.skipped-row').length;
    r.callTel = q('#call-list a[href^="tel:"]').length;
    r.markers = q('#lmap .leaflet-marker-icon.lf-stop').length;
    r.routes = q('#lmap path.lf-route').length;
    // not-visited accounts: shown one by one, or inside a cluster (its count)
    r.skippedShown = q('#lmap path.lf-skipped').length;
    r.clusters = q('#lmap .marker-cluster').length;
    r.clustered = q('#lmap .marker-cluster span').reduce(function (s, e) { return s + (parseInt(e.textContent, 10) || 0); }, 0);
    r.mapVisible = !!document.getElementById('lmap') && visible(document.getElementById('lmap'));
    r.svgVisible = q('figure.svgmap').some(visible);
    r.legendInMap = q('#lmap-legend').some(function (l) { var a = l.getBoundingClientRect(), m = document.getElementById('lmap').getBoundingClientRect(); return a.top < m.bottom && a.bottom > m.top; });
    r.resources = performance.getEntriesByType('resource').map(function (e) { return e.name; });
    var text = JSON.stringify(r);
    if (window.parent !== window) // in the phone-sized frame of frame.html
      window.parent.postMessage(text, '*');
    var pre = document.createElement('pre');
    pre.id = 'probe';
    pre.textContent = text;
    document.body.appendChild(pre);
  }, 1500);
});
