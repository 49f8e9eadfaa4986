// Runs the site's script (static/site.js) on a stand-in of the index page's DOM, in node:
// what the tests of tests/test_site.py check without a browser. Input (stdin, JSON): the
// scripts, the page's language and twin, its cards and groups, what is remembered and what
// the visitor does. Output (stdout, JSON): what the visitor would see.
"use strict";
const fs = require("fs");
const vm = require("vm");

const spec = JSON.parse(fs.readFileSync(0, "utf8"));

function el(props) {
  const e = Object.assign({ hidden: false, dataset: {}, listeners: {}, value: "", textContent: "" },
                          props);
  e.addEventListener = (type, fn) => { (e.listeners[type] = e.listeners[type] || []).push(fn); };
  e.fire = (type) => (e.listeners[type] || []).forEach((fn) => fn({ preventDefault() {} }));
  return e;
}

const cards = spec.cards.map((c) => el({ dataset: c.data, group: c.group }));
const groups = spec.groups.map((g) => {
  const group = el({});
  group.querySelector = () => cards.find((c) => c.group === g && !c.hidden) || null;
  return group;
});
const q = el({});
const count = el({});
const none = el({ hidden: true });
const selects = spec.selects.map((key) => el({ dataset: { key: key } }));
const form = el({ hidden: true });
form.querySelector = (s) => ({ "#q": q, "#count": count, ".none": none })[s];
form.querySelectorAll = (s) => (s === "select" ? selects : []);
const langSwitch = el({ dataset: { lang: spec.other } });
const stored = {};
if (spec.remembered) { stored["atelier-lang"] = spec.remembered; }
let replaced = null;
let ready = [];

const document = {
  documentElement: { lang: spec.lang },
  querySelector(s) {
    if (s === 'meta[name="atelier-page"]') { return { content: "index" }; }
    if (s === 'link[rel="alternate"][hreflang]') {
      return { getAttribute: (a) => (a === "href" ? spec.twin : spec.other) };
    }
    if (s === "form.filters") { return form; }
    return null;
  },
  querySelectorAll(s) {
    return ({ "li.card": cards, "section.group": groups, "a.lang-switch": [langSwitch] })[s] || [];
  },
  addEventListener(type, fn) { if (type === "DOMContentLoaded") { ready.push(fn); } },
};
const context = {
  document: document,
  localStorage: {
    getItem: (k) => (k in stored ? stored[k] : null),
    setItem: (k, v) => { stored[k] = String(v); },
  },
  location: { replace: (url) => { replaced = url; } },
};
context.window = context;
vm.createContext(context);
vm.runInContext(spec.index_js, context);
vm.runInContext(spec.site_js, context);
ready.forEach((fn) => fn());
if (spec.query !== undefined) { q.value = spec.query; q.fire("input"); }
(spec.choose || []).forEach(([key, value]) => {
  const s = selects.find((x) => x.dataset.key === key);
  s.value = value;
  s.fire("change");
});
if (spec.click_switch) { langSwitch.fire("click"); }
process.stdout.write(JSON.stringify({
  replaced: replaced,
  form_hidden: form.hidden,
  visible: cards.filter((c) => !c.hidden).map((c) => c.dataset.id),
  count: count.textContent,
  none_hidden: none.hidden,
  groups_hidden: groups.map((g) => g.hidden),
  remembered: stored["atelier-lang"] || null,
}));
