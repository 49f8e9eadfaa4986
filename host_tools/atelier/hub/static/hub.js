/* atelier hub's dashboard: every board of the class, its last values, a small chart each, who
   is offline, kept live by the hub's event stream (/events: a snapshot, then "readings" in
   batches, "board" when a board's state changes, "hub" when the broker comes and goes).
   Labels and values come from the boards: they are only ever set as text, never as HTML.
   Drawing waits for the next frame, so a burst of readings costs one drawing per board.
   The language chosen is remembered (localStorage), as on the lesson site. */
(function () {
  "use strict";
  var T = JSON.parse(document.getElementById("texts").textContent);
  // the page opens in the language chosen last time on this computer, as the site does
  var KEY = "atelier-lang";
  var twin = document.querySelector("nav a[hreflang]");
  var wanted = null;
  try { wanted = window.localStorage.getItem(KEY); } catch (e) { /* private mode */ }
  if (twin && wanted && wanted !== T.lang && wanted === twin.getAttribute("hreflang")) {
    window.location.replace(twin.href);
    return;
  }
  if (twin) {
    twin.addEventListener("click", function () {
      try { window.localStorage.setItem(KEY, twin.getAttribute("hreflang")); } catch (e) { }
    });
  }
  var SVG = "http://www.w3.org/2000/svg";
  var COLOURS = ["#c0392b", "#1f5fa8", "#217a3c", "#a35200", "#6c3483", "#6e4a2e"];
  var POINTS = 120;
  var list = document.getElementById("boards");
  var boards = {}; // label -> {data, el}
  var dirty = {};
  var frame = 0;
  var offlineAfter = 30;
  var number = new Intl.NumberFormat(T.lang, { maximumFractionDigits: 3 });
  var clock = new Intl.DateTimeFormat(T.lang, { hour: "2-digit", minute: "2-digit",
                                                second: "2-digit" });
  window.hubStats = { readings: 0, events: 0, last: null }; // for the tests and the bench

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function card(label) {
    var li = el("li", "board");
    li.dataset.label = label;
    var h = el("h2", "", label);
    h.id = "board-" + Object.keys(boards).length;
    li.appendChild(h);
    li.appendChild(el("p", "state"));
    var dup = el("p", "duplicate", T.duplicate);
    dup.hidden = true;
    li.appendChild(dup);
    li.appendChild(el("dl", "values"));
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("class", "chart");
    svg.setAttribute("viewBox", "0 0 240 80");
    svg.setAttribute("preserveAspectRatio", "none");
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", fill(T.chart, { label: label }));
    li.appendChild(svg);
    return li;
  }

  function board(label) {
    var b = boards[label];
    if (!b) {
      b = boards[label] = { data: { label: label, values: {}, series: {}, offline: false,
                                    duplicate: false, count: 0 }, el: card(label) };
      // in label order, numbers by value: "Poste 2" before "Poste 10"
      var after = null;
      var items = list.children;
      for (var i = 0; i < items.length; i++) {
        if (items[i].dataset.label.localeCompare(label, T.lang, { numeric: true }) > 0) {
          after = items[i];
          break;
        }
      }
      list.insertBefore(b.el, after);
    }
    return b;
  }

  function shown(v) {
    return v.value === null || v.value === undefined ? v.text : number.format(v.value);
  }

  function draw(b) {
    var d = b.data, li = b.el;
    li.dataset.offline = d.offline ? "true" : "false";
    li.dataset.duplicate = d.duplicate ? "true" : "false";
    var state = !d.offline ? T.online
      : d.why_offline === "will" ? T.offline_will : fill(T.offline_silent, { s: number.format(offlineAfter) });
    if (d.last_seen) state += " · " + fill(T.last, { time: clock.format(new Date(d.last_seen * 1000)) });
    li.querySelector(".state").textContent = state;
    li.querySelector(".duplicate").hidden = !d.duplicate;
    var quantities = Object.keys(d.values).sort();
    var dl = li.querySelector(".values");
    while (dl.firstChild) dl.removeChild(dl.firstChild);
    var colours = {};
    var n = 0;
    quantities.forEach(function (q) {
      var v = d.values[q];
      var dt = el("dt");
      if (d.series[q] && d.series[q].length) {
        colours[q] = COLOURS[n++ % COLOURS.length];
        var sw = el("span", "swatch");
        sw.style.background = colours[q];
        sw.setAttribute("aria-hidden", "true");
        dt.appendChild(sw);
      }
      dt.appendChild(document.createTextNode(q));
      var dd = el("dd", "", shown(v));
      dd.dataset.quantity = q;
      dd.title = clock.format(new Date(v.t * 1000));
      dl.appendChild(dt);
      dl.appendChild(dd);
    });
    chart(li.querySelector(".chart"), d.series, colours);
  }

  // Each quantity on its own scale (a temperature and a light level share no unit): the
  // chart shows how each one moves over the last readings.
  function chart(svg, series, colours) {
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    var t0 = Infinity, t1 = -Infinity;
    Object.keys(colours).forEach(function (q) {
      var s = series[q];
      t0 = Math.min(t0, s[0][0]);
      t1 = Math.max(t1, s[s.length - 1][0]);
    });
    var span = t1 - t0;
    Object.keys(colours).forEach(function (q) {
      var s = series[q], lo = Infinity, hi = -Infinity;
      s.forEach(function (p) { lo = Math.min(lo, p[1]); hi = Math.max(hi, p[1]); });
      var range = hi - lo || 1;
      var pts = s.map(function (p) {
        var x = span ? 4 + 232 * (p[0] - t0) / span : 236; // the time across, newest right
        var y = hi === lo ? 40 : 76 - 72 * (p[1] - lo) / range;
        return x.toFixed(1) + "," + y.toFixed(1);
      });
      var line = document.createElementNS(SVG, "polyline");
      line.setAttribute("points", pts.join(" "));
      line.setAttribute("stroke", colours[q]);
      svg.appendChild(line);
      var end = pts[pts.length - 1].split(","); // the last reading: a dot (alone, the only mark)
      var dot = document.createElementNS(SVG, "circle");
      dot.setAttribute("cx", end[0]);
      dot.setAttribute("cy", end[1]);
      dot.setAttribute("r", "3");
      dot.setAttribute("fill", colours[q]);
      svg.appendChild(dot);
    });
  }

  function summary() {
    var labels = Object.keys(boards);
    var off = labels.filter(function (l) { return boards[l].data.offline; });
    var dup = labels.filter(function (l) { return boards[l].data.duplicate; });
    var s = document.getElementById("summary");
    s.textContent = labels.length ? fill(T.summary, { n: labels.length, off: off.length,
                                                       dup: dup.length }) : T.waiting;
    off.sort(function (a, b) { return a.localeCompare(b, T.lang, { numeric: true }); });
    document.getElementById("offline-list").textContent =
      off.length ? T.offline_list + off.join(", ") : "";
  }

  function later(label) {
    dirty[label] = true;
    if (!frame) frame = requestAnimationFrame(render);
  }

  function render() {
    frame = 0;
    Object.keys(dirty).forEach(function (label) { draw(boards[label]); });
    dirty = {};
    summary();
  }

  function take(r) { // [label, quantity, t, value, text]
    var b = board(r[0]), d = b.data;
    d.values[r[1]] = { t: r[2], value: r[3], text: r[4] };
    if (r[3] !== null) {
      var s = d.series[r[1]] || (d.series[r[1]] = []);
      s.push([r[2], r[3]]);
      if (s.length > POINTS) s.splice(0, s.length - POINTS);
    }
    d.count++;
    d.last_seen = Math.max(d.last_seen || 0, r[2]);
    window.hubStats.readings++;
    window.hubStats.last = r;
    later(r[0]);
  }

  function hubState(connected) {
    var p = document.getElementById("hub");
    p.textContent = connected ? T.hub_ok : T.hub_lost;
    p.className = connected ? "" : "lost";
  }

  function connect() {
    var source = new EventSource("/events");
    source.addEventListener("snapshot", function (e) {
      var snap = JSON.parse(e.data);
      offlineAfter = snap.offline_after;
      boards = {};
      while (list.firstChild) list.removeChild(list.firstChild);
      snap.boards.forEach(function (d) {
        board(d.label).data = d;
        later(d.label);
      });
      hubState(snap.connected);
      summary();
      window.hubStats.events++;
    });
    source.addEventListener("readings", function (e) {
      JSON.parse(e.data).forEach(take);
      window.hubStats.events++;
    });
    source.addEventListener("board", function (e) {
      var d = JSON.parse(e.data), b = board(d.label);
      b.data.offline = d.offline;
      b.data.why_offline = d.why_offline;
      b.data.duplicate = d.duplicate;
      b.data.last_seen = d.last_seen;
      later(d.label);
      window.hubStats.events++;
    });
    source.addEventListener("hub", function (e) { hubState(JSON.parse(e.data).connected); });
    source.onerror = function () {
      var p = document.getElementById("hub");
      p.textContent = T.page_lost;
      p.className = "lost";
    };
  }

  connect();
})();
