"""The lesson site in a real browser: Debian's chromium, headless, driven over the DevTools
protocol (tests/headless.py). What a visitor notices: every page opens without an error in the
console, from a USB stick (file://) and from the school's server (HTTP); every link, picture
and download is there; the language switch goes to the same page in the other language and is
remembered; the search box filters the cards; a hint stays folded until opened; nothing is
asked outside the site; no page scrolls sideways on a phone; a lesson prints as an A4 worksheet
without navigation; axe-core finds no serious accessibility problem.
Screenshots of the index and of a lesson in each language are written for a human to look at
(into $ATELIER_SCREENSHOTS, or else pytest-of-$USER/pytest-current/site-screenshots in the
temporary folder; the run prints where, except under xdist).

Deselect with `-m "not browser"`. Without chromium (or npm for axe-core) they skip, except in
CI (env CI set) where that is a failure: .ci/run installs them first."""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
from headless import Browser

from atelier.site.build import build_site
from atelier.site.serve import make_server

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[1]
LESSON_WITH_DOWNLOADS = ROOT / "lessons" / "boussole-numerique"
AXE_CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "atelier" / "axe"
AXE_JS = AXE_CACHE / "node_modules" / "axe-core" / "axe.min.js"


def _missing(reason: str):
    if os.environ.get("CI"):  # .ci/run installs what these tests need: missing is a failure
        pytest.fail(f"{reason}: .ci/run should have installed it")
    pytest.skip(reason)


# -- fixtures: the site, built once; a server; the browser -----------------------------------
@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_site(tmp_path_factory.mktemp("browser") / "site", downloads=False).out


@pytest.fixture(scope="module")
def site_with_downloads(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "site"
    return build_site(out, extra=[LESSON_WITH_DOWNLOADS], library=False).out


def _serve(folder: Path):
    server = make_server(folder, port=0)  # what `atelier site serve` runs
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="module")
def http(site):
    server, url = _serve(site)
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    b = Browser.start()
    if b is None:
        _missing(Browser.missing)
    yield b
    b.close()


@pytest.fixture(scope="module")
def axe() -> str:
    if not AXE_JS.is_file():
        npm = shutil.which("npm")
        if npm is None:
            _missing("npm is not installed (axe-core, the accessibility checker, comes from npm)")
        AXE_CACHE.mkdir(parents=True, exist_ok=True)
        command = [
            npm,
            "install",
            "--prefix",
            str(AXE_CACHE),
            "--no-audit",
            "--no-fund",
            "axe-core@4",
        ]
        r = subprocess.run(command, capture_output=True, text=True, timeout=300)
        if r.returncode != 0 or not AXE_JS.is_file():
            _missing(f"npm install axe-core@4 failed: {r.stderr.strip()[-300:]}")
    return AXE_JS.read_text(encoding="utf-8")


def _pages(site: Path) -> list[str]:
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert "index.html" in pages and "en/index.html" in pages
    return pages


def _url(base: str, page: str) -> str:
    return urllib.parse.urljoin(base, urllib.parse.quote(page))


# what the page points at, as the browser resolved it (without #fragments)
LINKS = """(() => {
  const urls = new Set();
  document.querySelectorAll('a[href], link[href]').forEach(e => urls.add(e.href));
  document.querySelectorAll('img[src], script[src], source[src]').forEach(e => urls.add(e.src));
  document.querySelectorAll('image').forEach(e => urls.add(e.href && e.href.baseVal
      ? new URL(e.href.baseVal, location.href).href : ''));
  return {
    lang: document.documentElement.lang,
    urls: [...urls].filter(Boolean).map(u => u.split('#')[0]),
    anchors: [...document.querySelectorAll('a[href^="#"]')]
      .map(a => decodeURIComponent(a.getAttribute('href').slice(1)))
      .filter(id => id && !document.getElementById(id)),
    images: [...document.images].filter(i => !(i.complete && i.naturalWidth > 0))
                                .map(i => i.src),
  };
})()"""

FETCH = """Promise.all(%s.map(u => fetch(u).then(r => r.blob().then(b => [u, r.status, b.size]))
                                   .catch(e => [u, String(e), 0])))"""


def _check_links(browser: Browser, base: str, site: Path, page: str, checked: dict) -> list:
    """Load `page` from `base` (file:// or http://); every problem a visitor would meet."""
    _open_as_new(browser, _url(base, page))
    problems = [f"{page}: console: {e}" for e in browser.errors()]
    seen = browser.js(LINKS)
    want = "en" if page.startswith("en/") else "fr"
    if seen["lang"] != want:
        problems.append(f"{page}: <html lang={seen['lang']!r}>, not {want!r}")
    problems += [f"{page}: picture not shown: {src}" for src in seen["images"]]
    problems += [f"{page}: link to #{a}, which is not on the page" for a in seen["anchors"]]
    asked = [e["params"]["request"]["url"] for e in browser.events
             if e["method"] == "Network.requestWillBeSent"]  # fmt: skip
    problems += [f"{page}: asks outside the site: {u}" for u in asked
                 if not u.startswith((base, "data:", "blob:", "about:"))]  # fmt: skip
    todo = [u for u in seen["urls"] if u.startswith(base) and u not in checked]
    if base.startswith("file:"):  # no fetch() from file://: the file the browser would open
        for u in todo:
            path = Path(urllib.parse.unquote(urllib.parse.urlsplit(u).path))
            checked[u] = path.is_file() and path.stat().st_size > 0
    elif todo:
        for u, status, size in browser.js(FETCH % json.dumps(todo)):
            checked[u] = status == 200 and size > 0
    problems += [f"{page}: broken link {u}" for u in seen["urls"] if checked.get(u) is False]
    return problems


def _open_as_new(browser: Browser, url: str) -> None:
    """Open `url` as a first-time visitor would (no language remembered from another test)."""
    browser.open(url)
    browser.js("localStorage.clear()")
    if browser.js("location.href") != url:  # the index went to the language remembered
        browser.open(url)
    assert browser.js("location.href") == url


# -- every page, from disk and over HTTP -----------------------------------------------------
@pytest.mark.parametrize("how", ["file", "http"])
def test_every_page_opens_without_errors_and_every_link_and_picture_resolves(
    browser, site, http, how
):
    base = site.as_uri() + "/" if how == "file" else http
    pages = _pages(site)
    checked: dict[str, bool] = {}
    problems = []
    for page in pages:
        problems += _check_links(browser, base, site, page, checked)
    assert problems == []
    # the index, each lesson and each teacher page, in both languages, were all reached
    lessons = [p for p in pages if p.endswith("/index.html") and not p.startswith("en/")]
    classes = [p for p in pages if re.fullmatch(r"classe-\w+\.html", p)]
    assert len(classes) >= 4 and f"en/class-{classes[0][7:]}" in pages  # a page per class
    assert len(lessons) >= 20 and len(pages) == 2 + 4 * len(lessons) + 2 * len(classes)
    assert len(checked) > len(pages)  # their links, pictures, styles and scripts too


@pytest.mark.parametrize("how", ["file", "http"])
def test_a_lessons_downloads_are_there(browser, site_with_downloads, how):
    site = site_with_downloads
    if how == "file":
        base = site.as_uri() + "/"
    else:
        server, base = _serve(site)
    try:
        checked: dict[str, bool] = {}
        for page in ("boussole-numerique/index.html", "en/boussole-numerique/index.html"):
            assert _check_links(browser, base, site, page, checked) == []
            names = browser.js("[...document.querySelectorAll('ul.downloads a[download]')]"
                               ".map(a => a.href)")  # fmt: skip
            assert any(n.endswith(".zip") for n in names), names
            assert all(checked[n] for n in names)
            # the micro:bit's .hex is joined in the page (its runtime ships once): a button
            keys = browser.js(
                "[...document.querySelectorAll('ul.downloads li.hex button')]"
                ".filter(b => !b.hidden).map(b => b.parentNode.dataset.key)"
            )
            assert len(keys) == 2, keys
    finally:
        if how == "http":
            server.shutdown()
            server.server_close()


# -- the language switch, remembered ---------------------------------------------------------
def _click(browser: Browser, selector: str) -> None:
    browser.clear()
    browser.js(f"document.querySelector({json.dumps(selector)}).click()")
    browser.wait_for("Page.loadEventFired")


@pytest.mark.parametrize("how", ["file", "http"])
def test_the_language_switch_goes_to_the_twin_page_and_the_choice_is_remembered(
    browser, site, http, how
):
    base = site.as_uri() + "/" if how == "file" else http
    browser.open(base + "boussole-numerique/index.html")
    browser.js("localStorage.clear()")
    _click(browser, "a.lang-switch")
    assert browser.js("location.href") == base + "en/boussole-numerique/index.html"
    assert browser.js("document.documentElement.lang") == "en"
    assert browser.js("localStorage.getItem('atelier-lang')") == "en"
    assert browser.errors() == []
    # the French index, opened again (a bookmark, the home link), opens in English
    browser.open(base + "index.html")
    browser.until("location.href.endsWith('/en/index.html')")
    assert browser.until("document.readyState === 'complete'")
    assert browser.js("document.documentElement.lang") == "en"
    # back to French from the English index: it stays in French, remembered too
    _click(browser, "a.lang-switch")
    assert browser.js("location.href") == base + "index.html"
    assert browser.js("localStorage.getItem('atelier-lang')") == "fr"
    browser.open(base + "en/index.html")
    browser.until("location.href.endsWith('/index.html') && !location.href.includes('/en/')")
    assert browser.until("document.documentElement.lang === 'fr'")


# -- the search box --------------------------------------------------------------------------
SHOWN = (
    "[...document.querySelectorAll('li.card')].filter(c => c.offsetParent).map(c => c.dataset.id)"
)


def _type(browser: Browser, text: str) -> None:
    browser.js("(q => { q.focus(); q.select(); })(document.querySelector('#q'))")
    if text:
        browser.send("Input.insertText", text=text)
    else:
        for kind in ("rawKeyDown", "keyUp"):
            browser.send("Input.dispatchKeyEvent", type=kind, key="Backspace",
                         code="Backspace", windowsVirtualKeyCode=8)  # fmt: skip


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_search_box_filters_the_cards(browser, site, lang):
    _open_as_new(browser, site.as_uri() + ("/index.html" if lang == "fr" else "/en/index.html"))
    assert browser.js("document.querySelector('form.filters').offsetParent !== null")
    every = browser.js(SHOWN)
    assert len(every) >= 20
    _type(browser, "boussole" if lang == "fr" else "compass")
    shown = browser.js(SHOWN)
    assert "boussole-numerique" in shown and len(shown) < len(every)
    assert browser.js("document.querySelector('#count').textContent") == str(len(shown))
    _type(browser, "ELECTRONIQUEXYZ")  # nothing: the cards hide and a line says so
    assert browser.js(SHOWN) == []
    assert browser.js("document.querySelector('form.filters .none').offsetParent !== null")
    _type(browser, "")
    assert browser.js(SHOWN) == every
    assert browser.errors() == []


# -- accessibility: axe-core -----------------------------------------------------------------
AXE_RUN = """axe.run(document, {resultTypes: ['violations']}).then(r => r.violations
  .filter(v => v.impact === 'serious' || v.impact === 'critical')
  .map(v => v.impact + ' ' + v.id + ': ' + v.help + ' at ' +
            v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')))"""


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_serious_accessibility_problem(browser, http, axe, lang):
    prefix = "" if lang == "fr" else "en/"
    problems = []
    pages = (
        "index.html",
        "classe-5e.html" if lang == "fr" else "class-5e.html",
        "boussole-numerique/index.html",
        "alarme-casier/index.html",
        "boussole-numerique/" + ("enseignant.html" if lang == "fr" else "teacher.html"),
    )
    for page in pages:
        _open_as_new(browser, http + prefix + page)
        browser.js(axe)
        problems += [f"{prefix}{page}: {v}" for v in browser.js(AXE_RUN)]
    assert problems == []


# -- screenshots, for a human to look at -----------------------------------------------------
@pytest.fixture(scope="module")
def shots(tmp_path_factory, request) -> Path:
    folder = os.environ.get("ATELIER_SCREENSHOTS")
    if not folder:  # pytest's folder of this run, the same with or without xdist's workers
        base = tmp_path_factory.getbasetemp()
        base = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
        folder = base / "site-screenshots"  # .../pytest-of-$USER/pytest-current/site-...
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    yield folder
    line = f"site screenshots (look at them): {folder}"
    plugins = request.config.pluginmanager
    reporter = plugins.get_plugin("terminalreporter")
    capture = plugins.get_plugin("capturemanager")
    if reporter is None or capture is None:  # an xdist worker: its output is the controller's
        print(line)
        return
    with capture.global_and_fixture_disabled():  # shown even when the output is captured
        reporter.write_line(line)


def test_screenshots_of_the_index_and_a_lesson_in_each_language(browser, http, shots):
    for lang, prefix in (("fr", ""), ("en", "en/")):
        for name, page in (("index", "index.html"), ("lesson", "boussole-numerique/index.html")):
            _open_as_new(browser, http + prefix + page)
            png = browser.screenshot(shots / f"{name}-{lang}.png")
            data = png.read_bytes()
            assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000


# -- printed: a worksheet --------------------------------------------------------------------
PRINTED = """(() => {
  const shown = s => [...document.querySelectorAll(s)].filter(e => e.offsetParent !== null).length;
  return {nav: shown('.site-header, .skip, .lang-switch'), downloads: shown('.downloads'),
          hints: shown('.tutorial details'), code: shown('pre.code'),
          all_code: document.querySelectorAll('pre.code').length,
          headings: [...document.querySelectorAll('h2')].filter(h => h.offsetParent !== null)
                      .map(h => h.textContent.trim())};
})()"""


def test_a_lesson_prints_as_an_a4_worksheet_without_navigation(
    browser, site_with_downloads, shots
):
    _open_as_new(browser, site_with_downloads.as_uri() + "/boussole-numerique/index.html")
    assert "Téléchargements" in browser.js(PRINTED)["headings"]
    assert browser.js(PRINTED)["nav"] > 0
    browser.send("Emulation.setEmulatedMedia", media="print")
    try:
        printed = browser.js(PRINTED)
    finally:
        browser.send("Emulation.setEmulatedMedia", media="")
    assert printed["nav"] == printed["downloads"] == printed["hints"] == 0
    assert printed["code"] == printed["all_code"] > 0
    assert "Téléchargements" not in printed["headings"]  # no heading left with nothing under it
    pdf = browser.send("Page.printToPDF", preferCSSPageSize=True, printBackground=False)
    data = base64.b64decode(pdf["data"])
    (shots / "lesson-fr.pdf").write_bytes(data)
    assert data.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", data)
    assert boxes and all(round(float(w)) == 595 and round(float(h)) == 842 for w, h in boxes)
    # no program cut across two sheets: each code block that fits on a page (the longest
    # step is well under one) has its first and last line on the same page of the PDF
    blocks = browser.js("[...document.querySelectorAll('pre.code')].map(p => p.textContent)")
    assert _blocks_cut_across_pages(data, blocks) == []


def _blocks_cut_across_pages(pdf: bytes, blocks: list[str]) -> list[str]:
    """The code blocks (in page order) whose first and last lines are on different pages."""
    import io

    from pypdf import PdfReader

    squash = lambda t: re.sub(r"\s+", "", t)  # noqa: E731  (a wrapped line still matches)
    pages = [squash(p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf)).pages]
    assert len(pages) > 2, "a lesson prints on several pages"
    text = "".join(pages)
    ends = [sum(len(p) for p in pages[: i + 1]) for i in range(len(pages))]
    page_of = lambda pos: next(i for i, end in enumerate(ends) if pos < end)  # noqa: E731
    cut, cursor = [], 0
    for block in blocks:
        lines = [squash(x) for x in block.splitlines() if squash(x)]
        assert len(lines) < 50, "a block longer than a page may be cut: this test cannot tell"
        first = text.find(lines[0], cursor)
        last = text.find(lines[-1], first + len(lines[0]) if len(lines) > 1 else first)
        assert first >= 0 and last >= 0, f"not printed: {lines[0]!r} … {lines[-1]!r}"
        if page_of(first) != page_of(last):
            cut.append(
                f"{lines[0]} … {lines[-1]} (pages {page_of(first) + 1}-{page_of(last) + 1})"
            )
        cursor = last + len(lines[-1])
    return cut


# -- on a phone or a small tablet ------------------------------------------------------------
def test_on_a_phone_no_page_of_the_site_scrolls_sideways(browser, site):
    browser.send("Emulation.setDeviceMetricsOverride", width=360, height=740,
                 deviceScaleFactor=2, mobile=True)  # fmt: skip
    try:
        wide = {}
        for page in _pages(site):
            _open_as_new(browser, site.as_uri() + "/" + page)
            width = browser.js("document.documentElement.scrollWidth")
            if width > 360:  # long code lines scroll inside their box, not the page
                wide[page] = width
    finally:
        browser.send("Emulation.clearDeviceMetricsOverride")
    assert wide == {}


# -- the hints: folded until opened ----------------------------------------------------------
HINT = """(() => {
  const d = document.querySelector('.tutorial details:not(.wiring)');
  const p = d.querySelector('summary ~ *');
  return {open: d.open, summary: d.querySelector('summary').textContent.trim(),
          shown: p.checkVisibility()};
})()"""


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_hint_stays_folded_until_its_line_is_clicked(browser, site, lang):
    prefix = "/" if lang == "fr" else "/en/"
    _open_as_new(browser, site.as_uri() + prefix + "boussole-numerique/index.html")
    hint = browser.js(HINT)
    assert hint == {"open": False, "summary": "Indice" if lang == "fr" else "Hint", "shown": False}
    browser.js("document.querySelector('.tutorial details:not(.wiring) summary').click()")
    assert browser.js(HINT)["open"] and browser.js(HINT)["shown"]


@pytest.mark.parametrize("how", ["file", "http"])
def test_clicking_a_microbit_download_saves_the_hex_flash_writes(
    browser, site_with_downloads, how, tmp_path
):
    # a real click in chromium: the .hex it saves is byte for byte `atelier flash --out`'s
    from atelier.boards import load_boards
    from atelier.bundle import build_bundle
    from atelier.lessons import load_lesson
    from atelier.site.downloads import HEX_DATE
    from atelier.targets.microbit_hex import build_hex

    site = site_with_downloads
    server = None
    if how == "file":
        base = site.as_uri() + "/"
    else:
        server, base = _serve(site)
    try:
        browser.send("Browser.setDownloadBehavior", behavior="allow",
                     downloadPath=str(tmp_path))  # fmt: skip
        browser.open(base + "boussole-numerique/index.html")
        browser.js("document.querySelector('ul.downloads li.hex button').click()")
        deadline = time.monotonic() + 20
        name = "boussole-numerique-microbit-v2.hex"
        while not (tmp_path / name).is_file() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert (tmp_path / name).is_file(), sorted(p.name for p in tmp_path.iterdir())
        time.sleep(0.3)  # the file is complete once chromium renamed it from .crdownload
        lesson = load_lesson(LESSON_WITH_DOWNLOADS)
        want = build_hex(build_bundle(lesson, load_boards().get("microbit-v2")),
                         deployed=HEX_DATE)  # fmt: skip
        assert (tmp_path / name).read_bytes() == want.encode()
        assert browser.errors() == []
    finally:
        if server is not None:
            server.shutdown()
            server.server_close()
