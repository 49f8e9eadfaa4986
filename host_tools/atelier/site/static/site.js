// atelier's lesson site: remember the language chosen, send the index to it, and filter the
// index's cards offline (search-index.js), and join a micro:bit's .hex when it is downloaded.
// No framework; without JavaScript every lesson shows and each .hex names the command giving it.
(function () {
  "use strict";
  var KEY = "atelier-lang";

  function remembered() {
    try { return window.localStorage.getItem(KEY); } catch (e) { return null; }
  }
  function remember(lang) {
    try { window.localStorage.setItem(KEY, lang); } catch (e) { /* private mode: no memory */ }
  }

  // the index opens in the language chosen last time
  var page = document.querySelector('meta[name="atelier-page"]');
  var here = document.documentElement.lang;
  var twin = document.querySelector('link[rel="alternate"][hreflang]');
  var wanted = remembered();
  if (page && page.content === "index" && twin && wanted && wanted !== here &&
      wanted === twin.getAttribute("hreflang")) {
    window.location.replace(twin.getAttribute("href"));
    return;
  }

  function fold(text) {  // lower case, without accents: "Élève" finds "eleve"
    return (text || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function setupSearch() {
    var form = document.querySelector("form.filters");
    var lessons = window.ATELIER_LESSONS;
    if (!form || !lessons) { return; }
    var texts = {};
    lessons.forEach(function (l) {
      var mine = l[here] || {};
      var words = [mine.title, mine.summary].concat(mine.objectives || [], mine.parts || [],
                                                    l.parts, l.classes);
      texts[l.id] = fold(words.join(" "));
    });
    var query = form.querySelector("#q");
    var selects = form.querySelectorAll("select");
    var cards = document.querySelectorAll("li.card");
    var count = form.querySelector("#count");
    var none = form.querySelector(".none");

    function apply() {
      var words = fold(query.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      cards.forEach(function (card) {
        var text = texts[card.dataset.id] || "";
        var ok = words.every(function (w) { return text.indexOf(w) >= 0; });
        selects.forEach(function (s) {
          if (s.value) {
            ok = ok && (card.dataset[s.dataset.key] || "").split(" ").indexOf(s.value) >= 0;
          }
        });
        card.hidden = !ok;
        shown += ok ? 1 : 0;
      });
      document.querySelectorAll("section.group").forEach(function (g) {
        g.hidden = !g.querySelector("li.card:not([hidden])");
      });
      count.textContent = String(shown);
      none.hidden = shown > 0;
    }
    query.addEventListener("input", apply);
    selects.forEach(function (s) { s.addEventListener("change", apply); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.hidden = false;
  }

  // A micro:bit's .hex = the MicroPython runtime (static/microbit-runtime-*.js, the same for
  // every lesson) + the lesson's pieces (<id>-<board>.hex.js: [start, end] of the runtime's
  // text, or text of its own). Both are scripts filling window.ATELIER_HEX, loaded on the
  // first click: a <script> loads from file:// where fetch is refused, and over HTTP.
  function assembleHex(runtime, parts) {
    return parts.map(function (p) {
      return typeof p === "string" ? p : runtime.slice(p[0], p[1]);
    }).join("");
  }
  window.atelierAssembleHex = assembleHex;

  function loadScript(src, done, failed) {
    var s = document.createElement("script");
    s.src = src;
    s.onload = done;
    s.onerror = failed;
    document.head.appendChild(s);
  }

  function setupHex(item) {
    var button = item.querySelector("button");
    var nojs = item.querySelector(".nojs");
    if (!button) { return; }
    button.hidden = false;
    nojs.hidden = true;
    button.addEventListener("click", function () {
      function failed() { button.hidden = true; nojs.hidden = false; }  // say the command
      function save(part) {
        var runtime = window.ATELIER_HEX[part.runtime];
        var blob = new Blob([assembleHex(runtime, part.parts)], { type: "application/octet-stream" });
        var a = document.createElement("a");
        a.href = URL.createObjectURL(blob);
        a.download = part.name;
        document.body.appendChild(a);
        a.click();
        document.body.removeChild(a);
        setTimeout(function () { URL.revokeObjectURL(a.href); }, 10000);
      }
      function withRuntime(part) {
        if (window.ATELIER_HEX[part.runtime]) { save(part); return; }
        loadScript(item.dataset.runtime, function () {
          if (window.ATELIER_HEX[part.runtime]) { save(part); } else { failed(); }
        }, failed);
      }
      var key = item.dataset.key;
      window.ATELIER_HEX = window.ATELIER_HEX || {};
      if (window.ATELIER_HEX[key]) { withRuntime(window.ATELIER_HEX[key]); return; }
      loadScript(item.dataset.part, function () {
        if (window.ATELIER_HEX[key]) { withRuntime(window.ATELIER_HEX[key]); } else { failed(); }
      }, failed);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("li.hex").forEach(setupHex);
    document.querySelectorAll("a.lang-switch").forEach(function (a) {
      a.addEventListener("click", function () { remember(a.dataset.lang); });
    });
    setupSearch();
  });
})();
