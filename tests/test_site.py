"""`atelier site build` / `site serve`: the library as a static site a visitor opens from disk.

The site is built once into a temporary folder; the pages are read as a browser opening them
from disk would: every link a file next to the page, both languages, the language switch to
the same page in the other language, the steps' code and diffs, the hints folded."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import unicodedata
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest

from atelier.lessons import all_lesson_dirs, load_lesson
from atelier.site.build import PAGES, build_site
from atelier.tutorial import steps

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip
LIBRARY = [p.name for p in all_lesson_dirs()]
ENV = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "host_tools")}


class Page(HTMLParser):
    """A page's lang, links, and whether its elements close in order."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.lang = None
        self.links: list[tuple[str, dict]] = []  # (url, attributes of the element)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self.feed(text)
        self.close()
        if self.stack:
            self.errors.append(f"not closed: {self.stack}")

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "html":
            self.lang = a.get("lang")
        for key in ("href", "src"):
            if a.get(key) is not None:
                self.links.append((a[key], {"tag": tag, **a}))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):  # <img ... />, <path/>: nothing to close
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:]} (line {self.getpos()[0]})")
            if tag in self.stack:
                while self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()

    def find(self, tag: str, cls: str) -> list[dict]:
        return [a for t, a in self.tags if t == tag and cls in (a.get("class") or "").split()]


def internal(url: str) -> bool:
    return not re.match(r"^([a-z]+:|#|//)", url)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("site") / "site")


@pytest.fixture(scope="module")
def site(built) -> Path:
    return built.out


@pytest.fixture(scope="module")
def pages(site) -> dict[str, Page]:
    return {p.relative_to(site).as_posix(): Page(p.read_text(encoding="utf-8"))
            for p in site.rglob("*.html")}  # fmt: skip


def _classes_used() -> list[str]:
    from atelier.curriculum import LEVELS

    used = {c for x in LIBRARY for c in load_lesson(x).info.curriculum.levels()}
    return [c for c in LEVELS if c in used]


def test_every_page_parses_with_its_language(pages):
    # the index, 2 pages a lesson (pupils', teacher's) and a page a class, in both languages
    assert len(pages) == 2 + 4 * len(LIBRARY) + 2 * len(_classes_used())
    for name, page in pages.items():
        assert page.errors == [], name
        assert page.lang == ("en" if name.startswith("en/") else "fr"), name


def test_every_internal_link_and_image_is_a_file_of_the_site(site, pages):
    checked = 0
    for name, page in pages.items():
        for url, _attrs in page.links:
            if not internal(url):
                continue
            target = (site / name).parent / url.split("#")[0]
            assert target.resolve().is_relative_to(site.resolve()), (name, url)
            assert target.is_file(), f"{name}: {url} is not a file (file:// needs one)"
            checked += 1
    assert checked >= 5 * len(pages)  # stylesheets, script, index, twin, the cards


def test_each_lesson_in_both_languages_with_teacher_notes(site, pages):
    for lid in LIBRARY:
        info = load_lesson(lid).info
        for lang in ("fr", "en"):
            for kind in ("lesson", "teacher"):
                name = PAGES[lang][kind].format(id=lid)
                assert pages[name].lang == lang
            text = (site / PAGES[lang]["lesson"].format(id=lid)).read_text(encoding="utf-8")
            assert f"<h1>{html.escape(getattr(info.title, lang), quote=False)}</h1>" in text


def test_the_language_switch_goes_to_the_same_page_in_the_other_language(site, pages):
    twins = [(PAGES["fr"]["index"], PAGES["en"]["index"])]
    twins += [(PAGES["fr"][k].format(id=lid), PAGES["en"][k].format(id=lid))
              for lid in LIBRARY for k in ("lesson", "teacher")]  # fmt: skip
    for a, b in twins:
        for here, there in ((a, b), (b, a)):
            switch = pages[here].find("a", "lang-switch")
            assert len(switch) == 1, here
            target = ((site / here).parent / switch[0]["href"]).resolve()
            assert target == (site / there).resolve(), here
            assert switch[0]["hreflang"] == pages[there].lang


def test_the_index_shows_every_lesson_without_script_and_the_search_index_lists_them(site, pages):
    for lang in ("fr", "en"):
        index = pages[PAGES[lang]["index"]]
        cards = index.find("li", "card")
        assert sorted(c["data-id"] for c in cards) == sorted(LIBRARY)
        # the filters need the script: hidden until it runs, so without it the list shows
        assert "hidden" in index.find("form", "filters")[0]
    js = (site / "static" / "search-index.js").read_text(encoding="utf-8")
    entries = json.loads(js[js.index("=") + 1 :].strip().rstrip(";"))
    assert sorted(e["id"] for e in entries) == sorted(LIBRARY)
    compass = next(e for e in entries if e["id"] == "boussole-numerique")
    assert compass["fr"]["title"] == "Boussole numérique"
    assert compass["en"]["title"] == "Digital compass"
    assert "compass" in compass["parts"] and compass["en"]["objectives"]
    assert (site / compass["en"]["url"]).is_file()
    # a class's lessons can be picked: the cards say their classes
    text = (site / "index.html").read_text(encoding="utf-8")
    assert 'data-classes="5e 4e 3e 2de"' in text


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def test_a_step_shows_its_program_highlighted_and_its_diff_highlighted(site):
    lesson = load_lesson("boussole-numerique")
    page = (site / "boussole-numerique" / "index.html").read_text(encoding="utf-8")
    found = steps(lesson, "fr")
    sections = re.findall(r'<section class="step" id="step-(\d+)">(.*?)</section>', page, re.S)
    assert [int(n) for n, _body in sections] == [s.number for s in found]
    for (_n, body), step in zip(sections, found, strict=True):
        codes = re.findall(r'<pre class="code"><code class="language-python">(.*?)</code></pre>',
                           body, re.S)  # fmt: skip
        assert len(codes) == 1 and _text(codes[0]) == step.code
        assert '<span class="kn">from</span>' in codes[0]  # Pygments' keyword token
        diffs = re.findall(r'<pre class="code diff">(.*?)</pre>', body, re.S)
        if step.number == 1:
            assert diffs == []
            continue
        assert len(diffs) == 1 and _text(diffs[0]) == step.diff
        added = [x for x in step.diff.splitlines() if x.startswith("+") and x[1:].strip()
                 and not x.startswith("+++")]  # fmt: skip
        assert f'<span class="gi">{html.escape(added[0], quote=False)}</span>' in diffs[0]
    assert "Ce qui change depuis l&#39;étape d&#39;avant" in page


def test_hints_are_folded_details_and_the_curriculum_is_in_words(site):
    for lang, word, label in (("fr", "Indice", "modifier un programme"),
                              ("en", "Hint", "modify a program")):  # fmt: skip
        page = (site / PAGES[lang]["lesson"].format(id="boussole-numerique")).read_text("utf-8")
        name = "README.fr.md" if lang == "fr" else "README.md"
        readme = (load_lesson("boussole-numerique").path / name).read_text("utf-8")
        assert page.count("<details>") == readme.count("<details>") >= 1
        assert f"<summary>{word}</summary>" in page
        assert "<details open" not in page
        assert label in page


def test_the_teacher_notes_are_one_discreet_link_away(site, pages):
    for lang, name, section in (("fr", "enseignant.html", "Déroulé de la séance"),
                                ("en", "teacher.html", "Session timing")):  # fmt: skip
        page = PAGES[lang]["lesson"].format(id="alarme-casier")
        links = [u for u, _a in pages[page].links if u.split("/")[-1] == name]
        assert links == [name]
        notes = (site / PAGES[lang]["teacher"].format(id="alarme-casier")).read_text("utf-8")
        assert f"<h2>{section}</h2>" in notes
        index = PAGES[lang]["index"]
        assert not [u for u, _a in pages[index].links if u.endswith(name)]


def test_a_lesson_prints_as_a_worksheet(site):
    css = (site / "static" / "site.css").read_text(encoding="utf-8")
    printed = css[css.index("@media print") :]
    assert "size: A4" in printed
    for hidden in (".site-header", ".lang-switch", ".lesson-foot", ".tutorial details"):
        assert hidden in printed.split("display: none")[0]
    assert "break-inside: avoid" in printed


def test_the_pages_are_small(built):
    result = built
    size = sum(p.stat().st_size for p in result.out.rglob("*") if p.is_file())
    assert size == result.size
    pages = result.size - result.downloads_size  # the .hex files are the runtime's size
    assert pages < 5_000_000, f"{pages / 1e6:.1f} MB"


def _atelier(*args, cwd=None, **kw):
    return subprocess.run([sys.executable, "-m", "atelier", *args], cwd=cwd, env=ENV,
                          capture_output=True, text=True, timeout=120, **kw)  # fmt: skip


def test_a_lesson_folder_given_gets_its_pages(tmp_path):
    r = _atelier("new", "mon-projet", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    # a pupil's tutorial shows a photo of the wiring and links to the program
    photo = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>'
    (tmp_path / "mon-projet" / "images").mkdir()
    (tmp_path / "mon-projet" / "images" / "mon montage.svg").write_text(photo, encoding="utf-8")
    for name in ("README.fr.md", "README.md"):
        with open(tmp_path / "mon-projet" / name, "a", encoding="utf-8") as f:
            f.write(
                "\n![montage](images/mon%20montage.svg)\n\n[main.py](main.py)\n"
                '\n<script>alert("hi")</script>\n\nUn <b onclick="x()">mot</b>.\n'
            )
    r = _atelier("--lang", "en", "site", "build", "mon-projet", "-o", "out", "--no-downloads",
                 cwd=tmp_path)  # fmt: skip
    assert r.returncode == 0, r.stderr
    out = tmp_path / "out"
    assert re.search(rf"{len(LIBRARY) + 1} lessons, \d+ pages, \d+\.\d MB \(of which "
                     r"downloads 0\.0 MB\)", r.stdout)  # fmt: skip
    for lang in ("fr", "en"):
        assert Page((out / PAGES[lang]["lesson"].format(id="mon-projet")).read_text()).lang == lang
        page = PAGES[lang]["lesson"].format(id="mon-projet")
        links = Page((out / page).read_text(encoding="utf-8")).links
        img = [u for u, a in links if a["tag"] == "img" and "montage" in u]
        program = [u for u, _a in links if u.endswith("main.py")]
        assert len(img) == 1 and len(program) == 1, links
        photo_copy = (out / page).parent / urllib.parse.unquote(img[0])
        assert photo_copy.read_text(encoding="utf-8") == photo
        assert ((out / page).parent / program[0]).is_file()
        # HTML other than the hints' is shown, not run: a pupil's page runs no code
        text = (out / page).read_text(encoding="utf-8")
        assert "&lt;script&gt;alert(" in text and "<script>alert" not in text
        assert "onclick" not in Page(text).tags.__repr__()
    assert "mon-projet" in (out / "static" / "search-index.js").read_text(encoding="utf-8")
    assert 'data-id="mon-projet"' in (out / "index.html").read_text(encoding="utf-8")
    # building again replaces the site it wrote
    r = _atelier("site", "build", "-o", "out", "--no-downloads", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert not (out / "mon-projet").exists()


def test_a_broken_lesson_folder_is_one_french_line_and_nothing_written(tmp_path):
    broken = tmp_path / "casse"
    broken.mkdir()
    (broken / "lesson.toml").write_text('id = "casse"\nlevel = \n', encoding="utf-8")
    r = _atelier("--lang", "fr", "site", "build", str(broken), "-o", "out", cwd=tmp_path)
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("erreur"), r.stderr
    assert "lesson.toml:2" in lines[0]
    assert not (tmp_path / "out").exists()


def test_a_folder_of_other_files_is_not_overwritten(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    r = _atelier("--lang", "fr", "site", "build", "-o", str(tmp_path))
    assert r.returncode == 1 and len(r.stderr.strip().splitlines()) == 1
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_serve_answers_over_http_and_stops_on_ctrl_c(site):
    proc = subprocess.Popen([sys.executable, "-m", "atelier", "--lang", "en", "site", "serve",
                             str(site), "--port", "0"], env=ENV, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        line = proc.stdout.readline()
        url = re.search(r"http://localhost:\d+/", line).group(0)
        with urllib.request.urlopen(url + "index.html", timeout=10) as r:
            assert b'<html lang="fr">' in r.read()
        with urllib.request.urlopen(url + "en/boussole-numerique/index.html", timeout=10) as r:
            assert b"Digital compass" in r.read()
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=10) == 0
        assert "Traceback" not in proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_serve_refuses_a_folder_that_is_no_site(tmp_path):
    r = _atelier("--lang", "fr", "site", "serve", str(tmp_path), "--port", "0")
    assert r.returncode == 1
    assert len(r.stderr.strip().splitlines()) == 1 and "atelier site build" in r.stderr


def _luminance(colour: str) -> float:
    h = colour.lstrip("#")
    h = "".join(c * 2 for c in h) if len(h) == 3 else h
    rgb = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_highlighted_code_is_readable(site):
    """Every token colour is 4.5:1 or more on its background (WCAG AA for text)."""
    css = (site / "static" / "site.css").read_text(encoding="utf-8")
    paper = re.search(r"pre\.code \{ background: (#[0-9a-f]{6})", css).group(1)
    backgrounds = dict(re.findall(r"pre\.diff \.(g[id]) \{ background: (#[0-9a-f]{6})", css))
    code = (site / "static" / "code.css").read_text(encoding="utf-8")
    rules = re.findall(r"\.code \.(\w+) \{ (?:[^}]*; )?color: (#[0-9A-Fa-f]{3,6})", code)
    assert len(rules) > 30
    for token, colour in rules:
        if token == "w":  # whitespace: nothing to read
            continue
        background = backgrounds.get(token, paper)
        assert _contrast(colour, background) >= 4.5, (token, colour, background)


def test_a_wiring_diagram_per_board(site):
    pytest.importorskip("atelier.site.wiring")
    for lid in LIBRARY:
        boards = load_lesson(lid).info.boards
        for lang in ("fr", "en"):
            text = (site / PAGES[lang]["lesson"].format(id=lid)).read_text(encoding="utf-8")
            figures = re.findall(r'<details class="wiring"( open)?>(.*?)</details>', text, re.S)
            assert len(figures) == len(boards), (lid, lang)
            assert [bool(o) for o, _f in figures] == [True] + [False] * (len(boards) - 1)
            assert all("<svg" in f and "</svg>" in f for _o, f in figures)


def test_a_pupils_copy_of_a_library_lesson_replaces_it(tmp_path):
    copy = tmp_path / "boussole-numerique"
    shutil.copytree(load_lesson("boussole-numerique").path, copy)
    toml = copy / "lesson.toml"
    text = toml.read_text(encoding="utf-8").replace('fr = "Boussole numérique"',
                                                     'fr = "Ma boussole à moi"')  # fmt: skip
    toml.write_text(text, encoding="utf-8")
    build_site(tmp_path / "out", [copy], downloads=False)
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert index.count('data-id="boussole-numerique"') == 1
    assert "Ma boussole à moi" in index and "Boussole numérique" not in index


# -- the script, run in node on a stand-in of the index's DOM (no browser in this suite) -------
NODE = shutil.which("node")


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text.lower())
                   if not unicodedata.combining(c))  # fmt: skip


def _visit(site: Path, lang: str = "fr", **what) -> dict:
    """Open the index in `lang` with the script and do `what` (query, choose, remembered,
    click_switch): what the visitor then sees."""
    if NODE is None:  # CI machines have Node.js: there a missing one is a failure
        if os.environ.get("CI"):
            pytest.fail("node is not installed (the site's script is tested with it)")
        pytest.skip("node is not installed")
    page = PAGES[lang]["index"]
    text = (site / page).read_text(encoding="utf-8")
    cards, group = [], -1
    for m in re.finditer(r'<section class="group">|<li class="card" ([^>]*)>', text):
        if m.group(1) is None:
            group += 1
            continue
        attrs = dict(re.findall(r'data-(\w+)="([^"]*)"', m.group(1)))
        cards.append({"data": attrs, "group": group})
    spec = {
        "site_js": (site / "static" / "site.js").read_text(encoding="utf-8"),
        "index_js": (site / "static" / "search-index.js").read_text(encoding="utf-8"),
        "lang": lang,
        "other": "en" if lang == "fr" else "fr",
        "twin": re.search(r'<link rel="alternate" hreflang="\w+" href="([^"]+)"', text).group(1),
        "cards": cards,
        "groups": list(range(group + 1)),
        "selects": re.findall(r'<select id="[\w-]+" data-key="(\w+)"', text),
        **what,
    }
    script = Path(__file__).parent / "site_js" / "run_site_js.js"
    r = subprocess.run([NODE, str(script)], input=json.dumps(spec), capture_output=True,
                       text=True, timeout=60)  # fmt: skip
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_the_search_box_finds_lessons_by_any_word_without_accents(site):
    entries = {e["id"]: e for e in _search_entries(site)}
    seen = _visit(site)
    assert seen["form_hidden"] is False and sorted(seen["visible"]) == sorted(LIBRARY)
    seen = _visit(site, query="NUMERIQUE")  # typed without its accent, in capitals
    words = {i: [e["fr"]["title"], e["fr"]["summary"], *e["fr"]["objectives"], *e["fr"]["parts"]]
             for i, e in entries.items()}  # fmt: skip
    want = [i for i, w in words.items() if "numerique" in _fold(" ".join(w))]
    assert "boussole-numerique" in want and len(want) < len(LIBRARY)
    assert sorted(seen["visible"]) == sorted(want) and seen["count"] == str(len(want))
    seen = _visit(site, query="boussole xyzzy")
    assert seen["visible"] == [] and seen["none_hidden"] is False and all(seen["groups_hidden"])


def test_the_filters_pick_a_class_and_a_kit_part(site):
    entries = _search_entries(site)
    seen = _visit(site, "en", choose=[["parts", "servo"]])
    want = sorted(e["id"] for e in entries if "servo" in e["parts"])
    assert want and sorted(seen["visible"]) == want
    seen = _visit(site, choose=[["classes", "2de"], ["parts", "buzzer"]])
    want = sorted(e["id"] for e in entries if "2de" in e["classes"] and "buzzer" in e["parts"])
    assert want and sorted(seen["visible"]) == want


def test_the_language_chosen_is_remembered_and_the_index_opens_in_it(site):
    assert _visit(site, "fr", click_switch=True)["remembered"] == "en"
    assert _visit(site, "en", click_switch=True)["remembered"] == "fr"
    assert _visit(site, "fr", remembered="en")["replaced"] == "en/index.html"
    assert _visit(site, "en", remembered="fr")["replaced"] == "../index.html"
    assert _visit(site, "fr", remembered="fr")["replaced"] is None
    assert _visit(site, "fr")["replaced"] is None


def _search_entries(site: Path) -> list[dict]:
    js = (site / "static" / "search-index.js").read_text(encoding="utf-8")
    return json.loads(js[js.index("=") + 1 :].strip().rstrip(";"))


def test_each_lesson_shows_its_picture_and_a_download_per_board(site, pages):
    pytest.importorskip("atelier.site.pictures")
    pytest.importorskip("atelier.site.downloads")
    for lid in LIBRARY:
        info = load_lesson(lid).info
        got = {}
        for lang in ("fr", "en"):
            name = PAGES[lang]["lesson"].format(id=lid)
            page = pages[name]
            pictures = page.find("img", "picture")
            assert len(pictures) == 1 and pictures[0]["alt"], name
            svg = (site / name).parent / pictures[0]["src"]
            assert f"<title>{html.escape(getattr(info.title, lang))}</title>" in svg.read_text(
                encoding="utf-8")  # fmt: skip
            links = [a["href"] for t, a in page.tags if t == "a" and "download" in a]
            # a micro:bit's .hex is joined by the script from its part (tests/test_site_hex.py)
            links += [a["data-part"] for t, a in page.tags if t == "li" and "data-part" in a]
            assert len(links) == len(info.boards), name
            got[lang] = sorted(((site / name).parent / h).resolve() for h in links)
            assert all(p.is_file() for p in got[lang]), name
        assert got["fr"] == got["en"]  # one set of files for both languages
        hexes = [p for p in got["fr"] if p.name.endswith(".hex.js")]
        assert len(hexes) == sum(b.startswith("microbit") for b in info.boards)


def test_the_index_lists_each_level_in_alphabetical_order_of_its_language(site):
    for lang in ("fr", "en"):
        text = (site / PAGES[lang]["index"]).read_text(encoding="utf-8")
        for group in re.findall(r'<section class="group">(.*?)</section>', text, re.S):
            titles = [_fold(html.unescape(t)) for t in re.findall(r"<h3><a [^>]*>([^<]*)</a>",
                                                                   group)]  # fmt: skip
            assert titles == sorted(titles) and titles, lang


def test_a_program_that_does_not_compile_leaves_the_built_site_as_it_was(tmp_path):
    r = _atelier("new", "mon-projet", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    build_site(tmp_path / "out", [tmp_path / "mon-projet"], library=False)
    before = sorted(p.relative_to(tmp_path) for p in (tmp_path / "out").rglob("*"))
    main = tmp_path / "mon-projet" / "main.py"
    # an f-string: the simulator's VM runs it (the picture is drawn), the micro:bit V1's
    # MicroPython 1.9.2 cannot parse it, so its .hex is not built
    main.write_text(main.read_text(encoding="utf-8") + '\nprint(f"{1}")\n', encoding="utf-8")
    r = _atelier("--lang", "fr", "site", "build", "mon-projet", "-o", "out", cwd=tmp_path)
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    # the error's line, then what it means for a pupil (atelier.explain), as `atelier run` says
    assert lines[0].startswith("erreur") and "main.py:11" in lines[0], r.stderr
    assert "Traceback" not in r.stderr
    assert sorted(p.relative_to(tmp_path) for p in (tmp_path / "out").rglob("*")) == before


def test_a_schools_kit_file_gives_its_own_wiring_diagram(tmp_path):
    # the diagram shows the wiring the downloads are built with: boards.toml's, or the
    # kit.toml a school keeps beside its lessons
    from atelier.scaffold import new_lesson

    school = tmp_path / "lecons"
    lesson = new_lesson(school / "mon-projet", ["pico"])
    out = build_site(tmp_path / "a", extra=[lesson], library=False, downloads=False).out
    page = (out / "mon-projet" / "index.html").read_text(encoding="utf-8")
    assert "GP14" in page and "GP10" not in page  # boards.toml: button A on GP14
    (school / "kit.toml").write_text(
        '[pico]\nbuttons = { a = 10, b = 11, pull = "up", active_low = true }\n', encoding="utf-8"
    )
    out = build_site(tmp_path / "b", extra=[lesson], library=False, downloads=False).out
    page = (out / "mon-projet" / "index.html").read_text(encoding="utf-8")
    assert "GP10" in page and "GP14" not in page


def test_a_page_per_class_lists_that_years_lessons_linked_from_the_index(site, pages):
    classes = _classes_used()
    assert classes[:3] == ["5e", "4e", "3e"] and "2de" in classes
    for lang in ("fr", "en"):
        index = pages[PAGES[lang]["index"]]
        nav = [u for u, a in index.links if a["tag"] == "a" and ("classe-" in u or "class-" in u)]
        assert [PAGES[lang]["class"].format(id=c).split("/")[-1] for c in classes] == nav
        for c in classes:
            name = PAGES[lang]["class"].format(id=c)
            page = pages[name]
            assert page.lang == lang and page.errors == []
            shown = sorted(x["data-id"] for x in page.find("li", "card"))
            assert shown == sorted(
                x for x in LIBRARY if c in load_lesson(x).info.curriculum.levels()
            )
            current = [a for t, a in page.tags if t == "a" and a.get("aria-current") == "page"]
            assert len(current) == 1 and current[0]["href"] == name.split("/")[-1]
            text = _text((site / name).read_text(encoding="utf-8"))
            heading = {"fr": f"Leçons pour la {c}", "en": f"Lessons for {c}"}[lang]
            assert (
                heading in text
                and f"{len(shown)} {'leçons' if lang == 'fr' else 'lessons'}" in text
            )
    snt = _text((site / "classe-2de.html").read_text(encoding="utf-8"))
    assert "Leçons pour la 2de (SNT)" in snt


def test_a_pupils_copy_from_atelier_start_with_a_french_tutorial_only_builds(tmp_path):
    r = _atelier("start", "radar-recul", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    mine = tmp_path / "lessons" / "radar-recul"
    (mine / "README.md").unlink()  # the pupil wrote the tutorial in French only
    assert not (mine / "teacher.fr.md").exists()  # a pupil's copy has no teacher notes
    r = _atelier("--lang", "fr", "site", "build", str(mine), "-o", "out", "--no-downloads",
                 cwd=tmp_path)  # fmt: skip
    assert r.returncode == 0, r.stderr
    out = tmp_path / "out"
    for lang in ("fr", "en"):
        text = (out / PAGES[lang]["lesson"].format(id="radar-recul")).read_text(encoding="utf-8")
        page = Page(text)
        assert page.lang == lang and page.errors == []
        assert not page.find("a", "teacher-link")  # no link to notes that are not there
        assert not (out / PAGES[lang]["teacher"].format(id="radar-recul")).exists()
        assert "Étape 1" in _text(text)  # the pupil's own French tutorial, in both
    english = (out / PAGES["en"]["lesson"].format(id="radar-recul")).read_text(encoding="utf-8")
    assert '<div lang="fr">' in english  # and a screen reader reads it as French
