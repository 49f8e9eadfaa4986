// Clicks a micro:bit's download on a lesson page with the site's script (static/site.js), in
// node: a stand-in DOM whose <script> elements run the file their src names, relative to the
// page, as a browser does from file:// (a missing file: the script's onerror). Input (stdin,
// JSON): the page's path, the site.js path, and the <li class="hex"> items' data attributes.
// Output (stdout, JSON): for each item, the file saved (name and text) or what is shown.
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const spec = JSON.parse(fs.readFileSync(0, "utf8"));
const pageDir = path.dirname(spec.page);
const loaded = [];
const saved = [];
const blobs = {};
let context;

function el(props) {
  const e = Object.assign({ hidden: false, dataset: {}, listeners: {} }, props);
  e.addEventListener = (type, fn) => { (e.listeners[type] = e.listeners[type] || []).push(fn); };
  e.fire = (type) => (e.listeners[type] || []).forEach((fn) => fn({ preventDefault() {} }));
  return e;
}

function runScript(s) {  // what a browser does with an appended <script src>
  const file = path.resolve(pageDir, s.src);
  loaded.push(path.relative(pageDir, file));
  if (!fs.existsSync(file)) { setImmediate(() => s.onerror && s.onerror()); return; }
  setImmediate(() => {
    vm.runInContext(fs.readFileSync(file, "utf8"), context);
    if (s.onload) { s.onload(); }
  });
}

const items = spec.items.map((data) => {
  const button = el({ hidden: true });
  const nojs = el({});
  const li = el({ dataset: data });
  li.querySelector = (s) => ({ button: button, ".nojs": nojs })[s] || null;
  li.button = button;
  li.nojs = nojs;
  return li;
});
let ready = [];
const document = {
  documentElement: { lang: "fr" },
  head: { appendChild: runScript },
  body: { appendChild() {}, removeChild() {} },
  querySelector() { return null; },
  querySelectorAll(s) { return s === "li.hex" ? items : []; },
  addEventListener(type, fn) { if (type === "DOMContentLoaded") { ready.push(fn); } },
  createElement(tag) {
    const e = el({ tag: tag });
    if (tag === "a") { e.click = () => saved.push({ href: e.href, name: e.download }); }
    return e;
  },
};
let n = 0;
context = {
  document: document,
  localStorage: { getItem: () => null, setItem() {} },
  location: { replace() {} },
  Blob: Blob,
  URL: {
    createObjectURL: (b) => { const u = "blob:" + (++n); blobs[u] = b; return u; },
    revokeObjectURL() {},
  },
  setTimeout: () => 0,
};
context.window = context;
vm.createContext(context);
vm.runInContext(fs.readFileSync(spec.site_js, "utf8"), context);
ready.forEach((fn) => fn());
const shown = items.map((li) => ({ button: !li.button.hidden, nojs: !li.nojs.hidden }));

(async () => {
  const out = [];
  for (const li of items) {  // one click after the other, as a visitor does
    const before = saved.length;
    li.button.fire("click");
    for (let i = 0; i < 20 && saved.length === before && !(li.button.hidden && !li.nojs.hidden);
         i++) {
      await new Promise((r) => setImmediate(r));
    }
    const got = saved[before];
    out.push({
      name: got ? got.name : null,
      text: got ? await blobs[got.href].text() : null,
      nojs_shown: !li.nojs.hidden,
    });
  }
  process.stdout.write(JSON.stringify({ shown: shown, items: out, loaded: loaded }));
})();
