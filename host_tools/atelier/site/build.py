"""`atelier site build`: every lesson's pages in French (at the root) and English (under en/),
the index with its offline search, the teacher notes, from the lesson folders themselves.

    result = build_site(Path("site"), extra=[Path("mon-projet")])
    print(result.out, result.pages, result.size)

Every link is relative and names its file (`../en/boussole-numerique/index.html`, never a
folder), so the site works opened from disk as well as from a web server. Pages are rendered in
memory first: a broken lesson folder stops the build before anything is written.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markdown_it import MarkdownIt
from markupsafe import Markup, escape
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import DiffLexer, PythonLexer, get_lexer_by_name
from pygments.util import ClassNotFound

from atelier.authoring import STEP_LINK, TEACHER_NOTES, TUTORIALS
from atelier.errors import UserError
from atelier.i18n import _

HERE = Path(__file__).parent
LANGS = ("fr", "en")
MARKER = ".atelier-site"  # in a folder `site build` wrote: the next build may empty it
PYGMENTS_STYLE = "default"  # its colours are 4.5:1 or more on white (WCAG AA; tested)

# Where each page of a lesson lives, by language (relative to the site's root).
PAGES = {
    "fr": {"index": "index.html", "lesson": "{id}/index.html", "teacher": "{id}/enseignant.html",
           "class": "classe-{id}.html"},
    "en": {"index": "en/index.html", "lesson": "en/{id}/index.html",
           "teacher": "en/{id}/teacher.html", "class": "en/class-{id}.html"},
}  # fmt: skip

# A class (school year, curriculum.LEVELS) in words: French, English (the age says which year
# it is to a reader of another school system).
CLASS_WORDS = {
    "5e": ("5e", "5e (age 12–13)"),
    "4e": ("4e", "4e (age 13–14)"),
    "3e": ("3e", "3e (age 14–15)"),
    "2de": ("2de (SNT)", "2de, SNT (age 15–16)"),
    "1re": ("1re (NSI)", "1re, NSI (age 16–17)"),
}

# The site's own words (the lessons bring theirs): French, English.
WORDS = {
    "fr": {
        "site_title": "Atelier : les leçons",
        "by_class": "Par classe",
        "class_title": "Leçons pour la {cls}",
        "class_intro": "Les leçons de la bibliothèque qui conviennent à la {cls}, "
        "de la plus simple à la plus avancée.",
        "site_intro": "Des leçons pour programmer les cartes du kit (micro:bit, Pico, ESP32, "
        "Circuit Playground Bluefruit) : un tutoriel pas à pas, le matériel, le câblage.",
        "other_lang": "English",
        "all_lessons": "Toutes les leçons",
        "search": "Chercher une leçon",
        "search_hint": "un mot du titre, d'un objectif, une pièce du kit…",
        "class": "Classe",
        "topic": "Thème",
        "part": "Pièce du kit",
        "any": "toutes",
        "found": "leçons",
        "none_found": "Aucune leçon ne correspond.",
        "level": "Niveau",
        "duration": "Durée",
        "classes": "Classes",
        "boards": "Cartes",
        "parts": "Pièces du kit",
        "objectives": "Objectifs",
        "curriculum": "Programme",
        "hardware": "Matériel",
        "wiring": "Câblage",
        "downloads": "Téléchargements",
        "hex_nojs": " : sans JavaScript, obtiens le .hex avec",
        "missing": " : pas dans ce site (il manquait une bibliothèque à l'ordinateur qui l'a "
        "construit) ; avec atelier, installe-la puis",
        "tutorial": "Tutoriel",
        "teacher_link": "Notes pour l'enseignant",
        "teacher_title": "notes pour l'enseignant",
        "back_to_lesson": "Retour à la leçon",
        "changed": "Ce qui change depuis l'étape d'avant :",
        "whole": "Le programme entier :",
        "picture": "L'afficheur de la carte simulée pendant la leçon",
        "min": "min",
        "débutant": "débutant",
        "intermédiaire": "intermédiaire",
        "avancé": "avancé",
        "technologie": "Technologie, cycle 4",
        "snt": "SNT (2de), informatique embarquée et objets connectés",
        "nsi": "NSI (1re), architectures matérielles",
    },
    "en": {
        "site_title": "Atelier: the lessons",
        "by_class": "By class",
        "class_title": "Lessons for {cls}",
        "class_intro": "The library's lessons that suit {cls}, from the simplest to the most "
        "advanced.",
        "site_intro": "Lessons to program the kit's boards (micro:bit, Pico, ESP32, Circuit "
        "Playground Bluefruit): a step-by-step tutorial, the hardware, the wiring.",
        "other_lang": "Français",
        "all_lessons": "All lessons",
        "search": "Search the lessons",
        "search_hint": "a word of the title, an objective, a kit part…",
        "class": "Class",
        "topic": "Topic",
        "part": "Kit part",
        "any": "all",
        "found": "lessons",
        "none_found": "No lesson matches.",
        "level": "Level",
        "duration": "Time",
        "classes": "Classes",
        "boards": "Boards",
        "parts": "Kit parts",
        "objectives": "Objectives",
        "curriculum": "Curriculum",
        "hardware": "You need",
        "wiring": "Wiring",
        "downloads": "Downloads",
        "hex_nojs": ": without JavaScript, get the .hex with",
        "missing": ": not in this site (the computer that built it lacked a board library); "
        "with atelier, install it then",
        "tutorial": "Tutorial",
        "teacher_link": "Teacher notes",
        "teacher_title": "teacher notes",
        "back_to_lesson": "Back to the lesson",
        "changed": "What changed from the step before:",
        "whole": "The whole program:",
        "picture": "The simulated board's display during the lesson",
        "min": "min",
        "débutant": "beginner",
        "intermédiaire": "intermediate",
        "avancé": "advanced",
        "technologie": "Technologie (technology), cycle 4",
        "snt": "SNT (2de), embedded systems and connected objects",
        "nsi": "NSI (1re), hardware architecture",
    },
}

# The kit parts (atelier.bundle.KIT_PARTS) in words: French, English.
PART_WORDS = {
    "compass": ("boussole", "compass"),
    "buzzer": ("buzzer", "buzzer"),
    "display": ("afficheur", "display"),
    "buttons": ("boutons", "buttons"),
    "motion": ("accéléromètre", "accelerometer"),
    "door": ("capteur de porte", "door sensor"),
    "env": ("température, pression, humidité", "temperature, pressure, humidity"),
    "distance": ("capteur de distance", "distance sensor"),
    "servo": ("servomoteur", "servo motor"),
    "presence": ("détecteur de présence", "motion detector (PIR)"),
    "light": ("capteur de lumière", "light sensor"),
    "soil": ("humidité du sol", "soil moisture"),
    "knob": ("potentiomètre", "knob (potentiometer)"),
    "relay": ("relais", "relay"),
    "digits": ("afficheur 4 chiffres", "4-digit display"),
    "strip": ("ruban de LED", "LED strip"),
    "radio": ("radio", "radio"),
}

LEVEL_ORDER = ("débutant", "intermédiaire", "avancé")


@dataclass
class SiteResult:
    out: Path
    lessons: list[str]  # ids, in the index's order
    pages: int
    size: int  # bytes of every file written
    files: list[Path] = field(default_factory=list)
    downloads_size: int = 0  # of which the downloads (.hex, zips)
    missing: list[tuple[str, str, str]] = field(default_factory=list)  # (lesson, board, command)


def part_word(part: str, lang: str) -> str:
    fr, en = PART_WORDS.get(part, (part, part))
    return fr if lang == "fr" else en


def rel(from_page: str, to: str) -> str:
    """The relative link from the page at `from_page` to the file `to` (both from the root)."""
    if not to or to.endswith("/"):  # a folder: the prefix to it (its files are appended)
        return "../" * from_page.count("/") + to
    return posixpath.relpath(to, posixpath.dirname(from_page) or ".")


# -- Markdown and code -------------------------------------------------------------------------
_FORMATTER = HtmlFormatter(nowrap=True)


def code_html(code: str, lang: str = "python") -> str:
    """`code` highlighted by Pygments, in a <pre>."""
    try:
        lexer = get_lexer_by_name(lang) if lang else get_lexer_by_name("text")
    except ClassNotFound:
        lexer = get_lexer_by_name("text")
    if isinstance(lexer, PythonLexer | DiffLexer):
        lexer.stripnl = False
    body = highlight(code, lexer, _FORMATTER)
    cls = "code diff" if lang == "diff" else "code"
    tag = escape(lang or "text")
    return f'<pre class="{cls}"><code class="language-{tag}">{body}</code></pre>'


# The HTML a lesson's Markdown may hold: the hints' <details> (docs/lessons.md) and a few inline
# tags. Anything else (a <script>, an attribute) is shown as text: a class site is built from
# pupils' folders, and one pupil's tutorial must not run code in the others' browsers.
_SAFE_HTML = re.compile(
    r"^(?:[^<]++|<!--.*?-->|</?(?:details|summary|br|kbd|sub|sup|b|i|em|strong|code|hr)"
    r"(?:\s+open)?\s*/?>)*$",
    re.S | re.I,
)


def _raw_html(self, tokens, idx, options, env) -> str:
    text = tokens[idx].content
    return text if _SAFE_HTML.match(text) else str(escape(text))


def _markdown() -> MarkdownIt:
    def fence(code: str, lang: str, _attrs) -> str:
        return code_html(code, lang)

    md = MarkdownIt("commonmark", {"html": True, "highlight": fence}).enable("table")
    md.add_render_rule("html_block", _raw_html)
    md.add_render_rule("html_inline", _raw_html)
    return md


def _lesson_file(url: str, lesson, page: str, files: dict) -> str | None:
    """A link or image of a lesson's Markdown to a file of its folder (a photo of the
    wiring, main.py): the file copied into the lesson's folder of the site, the link to it."""
    if not url or re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*:|#|//)", url):
        return None
    path, _sep, fragment = url.partition("#")
    target = (lesson.path / unquote(path)).resolve()
    if not target.is_file() or not target.is_relative_to(lesson.path.resolve()):
        return None  # not ours to copy (outside the folder, or missing: left as written)
    name = f"{lesson.id}/{target.relative_to(lesson.path.resolve()).as_posix()}"
    files[name] = target.read_bytes()
    return quote(rel(page, name)) + (f"#{fragment}" if fragment else "")


def render_markdown(text: str, lesson=None, page: str = "", files: dict | None = None) -> str:
    """Markdown as HTML; with `lesson`, its relative links and images point at copies of the
    files in the site (added to `files`), from the page at `page`."""
    md = _markdown()
    tokens = md.parse(text)
    if lesson is not None and files is not None:
        todo = list(tokens)
        while todo:
            tok = todo.pop()
            todo += tok.children or []
            key = {"link_open": "href", "image": "src"}.get(tok.type)
            if key:
                new = _lesson_file(str(tok.attrGet(key) or ""), lesson, page, files)
                if new is not None:
                    tok.attrSet(key, new)
    return md.renderer.render(tokens, md.options, {})


def _strip_title(text: str) -> str:
    """The Markdown without its `# Title` line: the page shows the title from lesson.toml."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.strip():
            if line.startswith("# "):
                del lines[i]
            break
    return "\n".join(lines) + "\n"


def tutorial_html(lesson, lang: str, env: Environment, page: str = "", files=None) -> str:
    """The tutorial of `lesson` in `lang` as HTML, each step link replaced by the step's
    program and, from step 2 on, its diff from the step before (atelier.tutorial)."""
    from atelier.tutorial import steps, tutorial_path

    written_in = lang
    if not (lesson.path / TUTORIALS[lang]).is_file():  # a pupil's tutorial in one language
        other = "en" if lang == "fr" else "fr"
        written_in = other if (lesson.path / TUTORIALS[other]).is_file() else lang
    text = tutorial_path(lesson, written_in).read_text(encoding="utf-8")
    found = steps(lesson, written_in)
    out, n = [], 0
    for line in text.splitlines():
        if STEP_LINK.match(line):
            out += ["", f"<!--atelier-step-{n}-->", ""]
            n += 1
        else:
            out.append(line)
    body = render_markdown(_strip_title("\n".join(out)), lesson, page, files)
    template = env.get_template("step.html")
    for i, step in enumerate(found):
        block = template.render(
            step=step,
            target=step.path.relative_to(lesson.path).as_posix(),
            diff=Markup(code_html(step.diff, "diff")) if step.diff else None,
            code=Markup(code_html(step.code, "python")),
            w=WORDS[lang],
        )
        body = body.replace(f"<!--atelier-step-{i}-->", block, 1)
    if written_in != lang:  # shown as written, and said so to a reader's screen reader
        body = f'<div lang="{written_in}">\n{body}</div>\n'
    return body


def teacher_html(lesson, lang: str, page: str = "", files=None) -> str | None:
    """The teacher notes in `lang` as HTML; None for a lesson without (a pupil's copy)."""
    path = lesson.path / TEACHER_NOTES[lang]
    if not path.is_file():
        return None
    return render_markdown(_strip_title(path.read_text(encoding="utf-8")), lesson, page, files)


# -- the lessons and their words ---------------------------------------------------------------
def collect_lessons(extra: list[Path] = (), library: bool = True) -> list:
    """The library's lessons and those of the `extra` folders (a folder with the id of a
    library lesson replaces it: a pupil's copy), beginner first then by title."""
    from atelier.lessons import all_lessons, load_lesson

    mine = [load_lesson(Path(p)) for p in extra]  # a broken folder: one line, before any work
    by_id = {lesson.id: lesson for lesson in (all_lessons() if library else [])}
    for lesson in mine:
        by_id[lesson.id] = lesson

    def order(x):
        return LEVEL_ORDER.index(x.info.level), _sort_key(x.info.title.fr)

    return sorted(by_id.values(), key=order)


def _sort_key(title: str) -> str:
    """A title as a reader sorts it: « Élan » with the E's."""
    plain = unicodedata.normalize("NFD", title.casefold())
    return "".join(c for c in plain if not unicodedata.combining(c))


def _curriculum(info, lang: str) -> list[str]:
    from atelier import curriculum as c

    w, i = WORDS[lang], 0 if lang == "fr" else 1
    sep = " : " if lang == "fr" else ": "
    out = []
    cur = info.curriculum
    if cur.technologie:
        labels = ", ".join(c.TECHNOLOGIE_COMPETENCES[x][i] for x in cur.technologie.competences)
        years = ", ".join(cur.technologie.years)
        out.append(f"{w['technologie']} ({years})" + (sep + labels if labels else ""))
    for key, table in (("snt", c.SNT_TOPICS), ("nsi", c.NSI_TOPICS)):
        ids = getattr(cur, key)
        if ids:
            out.append(w[key] + sep + ", ".join(table[x][i] for x in ids))
    return out


def _classes(info) -> list[str]:
    from atelier.curriculum import LEVELS

    return [x for x in LEVELS if x in info.curriculum.levels()]


def short_board_name(name: str) -> str:
    """A board's name as a card has room for: "BBC micro:bit V2" -> "micro:bit V2"."""
    for word in ("BBC ", "Raspberry Pi ", " DevKit", "Adafruit ", " Bluefruit"):
        name = name.replace(word, "")
    return name


def class_word(cls: str, lang: str) -> str:
    return CLASS_WORDS.get(cls, (cls, cls))[0 if lang == "fr" else 1]


def _card(lesson, lang: str, boards, page: str) -> dict:
    info = lesson.info
    text = lambda t: getattr(t, lang) if t is not None else ""  # noqa: E731
    return {
        "id": lesson.id,
        "title": text(info.title),
        "summary": text(info.summary),
        "level": WORDS[lang][info.level],
        "level_id": info.level,
        "duration": info.duration_min,
        "classes": _classes(info),
        "class_words": [class_word(x, lang) for x in _classes(info)],
        "boards": [boards.get(b).name for b in info.boards],
        "board_names": [short_board_name(boards.get(b).name) for b in info.boards],
        "parts": [part_word(p, lang) for p in info.hardware.parts],
        "part_ids": list(info.hardware.parts),
        "topics": sorted(info.curriculum.topics()),
        "objectives": list(getattr(info.objectives, lang)),
        "href": rel(page, PAGES[lang]["lesson"].format(id=lesson.id)),
    }


def search_index(lessons) -> list[dict]:
    """What the index's search box looks in, per lesson and language (search-index.js)."""
    out = []
    for lesson in lessons:
        info = lesson.info
        entry = {
            "id": lesson.id,
            "parts": list(info.hardware.parts),
            "classes": _classes(info),
            "topics": sorted(info.curriculum.topics()),
        }
        for lang in LANGS:
            entry[lang] = {
                "title": getattr(info.title, lang),
                "summary": getattr(info.summary, lang) if info.summary else "",
                "objectives": list(getattr(info.objectives, lang)),
                "parts": [part_word(p, lang) for p in info.hardware.parts],
                "url": PAGES[lang]["lesson"].format(id=lesson.id),
            }
        out.append(entry)
    return out


# -- the build ---------------------------------------------------------------------------------
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(HERE / "templates"),
                       autoescape=select_autoescape(["html"]), trim_blocks=True,
                       lstrip_blocks=True, keep_trailing_newline=True)  # fmt: skip


def _check_out(out: Path) -> None:
    """Refuse a file, or a folder of other files than a site this module built."""
    if out.exists() and not out.is_dir():
        raise UserError(_("{folder}: is a file; give a folder for the site").format(folder=out))
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise UserError(_("{folder}: not empty and not a site atelier built; give a new "
                          "or empty folder").format(folder=out))  # fmt: skip


def _prepare(out: Path) -> None:
    """Empty `out` if a previous build wrote it (after `_check_out`)."""
    _check_out(out)
    if out.is_dir():
        for p in out.iterdir():
            shutil.rmtree(p) if p.is_dir() and not p.is_symlink() else p.unlink()
    out.mkdir(parents=True, exist_ok=True)


def build_site(
    out: Path, extra: list[Path] = (), library: bool = True, downloads: bool = True
) -> SiteResult:
    """Write the site of the library (and of the `extra` lesson folders) into `out`; without
    `downloads` no .hex or zip (most of the time and size of a build)."""
    from atelier.boards import load_boards

    out = Path(out)
    _check_out(out)
    lessons = collect_lessons(list(extra), library)
    boards = load_boards()
    env = _environment()
    files: dict[str, str | bytes] = {}  # path from the root -> content
    from atelier.kitfile import find_kit_file, with_kit_file
    from atelier.libraries import LibraryMissing
    from atelier.site.downloads import build_downloads
    from atelier.site.pictures import lesson_picture
    from atelier.site.wiring import wiring_svg

    pictures: dict[tuple[str, str], tuple[str, str]] = {}  # (id, lang) -> (path, its <desc>)
    for lesson in lessons:
        for lang in LANGS:  # titled and described in the page's language
            try:
                svg = lesson_picture(lesson, lang=lang)
            except LibraryMissing:  # it cannot run here: no picture (its downloads say why)
                svg = None
            if svg:
                name = (
                    PAGES[lang]["lesson"].format(id=lesson.id).replace("index.html", "picture.svg")
                )
                files[name] = svg
                desc = re.search(r"<desc>([^<]*)</desc>", svg)
                pictures[lesson.id, lang] = name, html.unescape(desc.group(1)) if desc else ""

    index = search_index(lessons)
    files["static/search-index.js"] = (
        "// the lessons the index's search box looks in (written by atelier site build)\n"
        "window.ATELIER_LESSONS = " + json.dumps(index, ensure_ascii=False, indent=0) + ";\n"
    )
    for lang in LANGS:
        w = WORDS[lang]
        other = "en" if lang == "fr" else "fr"

        def common(page: str, twin: str, lang=lang, w=w, other=other) -> dict:
            return {"lang": lang, "other": other, "w": w,
                    "static": rel(page, "static/"), "twin": rel(page, twin),
                    "other_word": w["other_lang"],
                    "index_href": rel(page, PAGES[lang]["index"])}  # fmt: skip

        page = PAGES[lang]["index"]
        cards = [_card(x, lang, boards, page) for x in lessons]
        for card in cards:
            if (card["id"], lang) in pictures:
                card["picture"] = rel(page, pictures[card["id"], lang][0])
        from atelier import curriculum as c

        i = 0 if lang == "fr" else 1
        used_topics = sorted({t for x in lessons for t in x.info.curriculum.topics()})
        used_parts = [p for p in PART_WORDS if any(p in x.info.hardware.parts for x in lessons)]
        used_classes = [x for x in c.LEVELS if any(x in _classes(y.info) for y in lessons)]
        by_title = sorted(cards, key=lambda x: _sort_key(x["title"]))  # in this language's words
        groups = [(w[level], [x for x in by_title if x["level_id"] == level])
                  for level in LEVEL_ORDER]  # fmt: skip
        class_links = [(x, class_word(x, lang), rel(page, PAGES[lang]["class"].format(id=x)))
                       for x in used_classes]  # fmt: skip
        files[page] = env.get_template("index.html").render(
            **common(page, PAGES[other]["index"]),
            groups=[g for g in groups if g[1]],
            count=len(cards),
            classes=used_classes,
            class_links=class_links,
            topics=[(t, c.topics()[t][i]) for t in used_topics],
            parts=[(p, part_word(p, lang)) for p in used_parts],
            title=w["site_title"],
            heading=w["site_title"],
            intro=w["site_intro"],
            description=w["site_intro"],
        )
        for cls in used_classes:  # a page per class: the index for that year, without script
            name = class_word(cls, lang)
            class_page = PAGES[lang]["class"].format(id=cls)  # beside the index: same links
            heading = w["class_title"].format(cls=name)
            files[class_page] = env.get_template("index.html").render(
                **common(class_page, PAGES[other]["class"].format(id=cls)),
                groups=[
                    (level, kept)
                    for level, cards_ in groups
                    if (kept := [x for x in cards_ if cls in x["classes"]])
                ],  # fmt: skip
                count=sum(cls in x["classes"] for x in cards),
                cls=cls,
                class_links=class_links,
                title=f"{heading} · {w['site_title']}",
                heading=heading,
                intro=w["class_intro"].format(cls=name),
                description=w["class_intro"].format(cls=name),
            )
        for lesson, card in zip(lessons, cards, strict=True):
            page = PAGES[lang]["lesson"].format(id=lesson.id)
            teacher = PAGES[lang]["teacher"].format(id=lesson.id)
            wiring = []
            kit = find_kit_file(lesson.path)  # a school's wiring, as its downloads have it
            for b in lesson.info.boards:
                board = boards.get(b) if kit is None else with_kit_file(boards.get(b), kit)
                svg = wiring_svg(board, list(lesson.info.hardware.parts), lang)
                if svg:
                    wiring.append((board.name, Markup(svg)))
            notes = teacher_html(lesson, lang, teacher, files)
            files[page] = env.get_template("lesson.html").render(
                **common(page, PAGES[other]["lesson"].format(id=lesson.id)),
                title=card["title"],
                description=card["summary"],
                card=card,
                picture=rel(page, pictures[lesson.id, lang][0])
                if (lesson.id, lang) in pictures
                else None,
                picture_alt=pictures.get((lesson.id, lang), ("", ""))[1] or w["picture"],
                objectives=card["objectives"],
                curriculum=_curriculum(lesson.info, lang),
                hardware=list(getattr(lesson.info.hardware, lang)),
                wiring=wiring,
                downloads_slot=lesson.id,  # filled below, once the files exist
                tutorial=Markup(tutorial_html(lesson, lang, env, page, files)),
                teacher_href=rel(page, teacher) if notes is not None else None,
            )
            if notes is None:  # a pupil's copy has none: no page, no link
                continue
            files[teacher] = env.get_template("teacher.html").render(
                **common(teacher, PAGES[other]["teacher"].format(id=lesson.id)),
                title=f"{card['title']} : {w['teacher_title']}"
                if lang == "fr"
                else f"{card['title']}: {w['teacher_title']}",
                lesson_title=card["title"],
                lesson_href=rel(teacher, page),
                notes=Markup(notes),
            )

    fetched: dict[str, list] = {}  # lesson id -> its downloads
    with tempfile.TemporaryDirectory(prefix="atelier-site-") as staging:
        # built aside first: a program that does not compile stops the build, site untouched
        if downloads:
            for lesson in lessons:
                fetched[lesson.id] = list(build_downloads(lesson, Path(staging) / lesson.id))
        _prepare(out)
        (out / MARKER).write_text("atelier site build\n", encoding="utf-8")
        for lid in fetched:
            shutil.copytree(Path(staging) / lid, out / lid, dirs_exist_ok=True)
    for lesson in lessons:
        for lang in LANGS:
            page = PAGES[lang]["lesson"].format(id=lesson.id)
            items = [{"href": rel(page, f"{lesson.id}/{Path(d.path).as_posix()}"),
                      "label": d.label_fr if lang == "fr" else d.label_en,
                      # a micro:bit's .hex: joined by static/site.js from the two scripts
                      "hex_name": getattr(d, "hex_name", ""), "command": getattr(d, "command", ""),
                      "key": f"{lesson.id}/{d.board}",
                      "runtime": rel(page, f"static/{getattr(d, 'runtime', '')}"),
                      "missing": d.missing,
                      "deploy": f"atelier deploy {lesson.id} --board {d.board}"}
                     for d in fetched.get(lesson.id, [])]  # fmt: skip
            block = env.get_template("downloads.html").render(items=items, w=WORDS[lang])
            files[page] = files[page].replace(f"<!--atelier-downloads-{lesson.id}-->", block)
    if fetched:  # each micro:bit runtime's .hex once, for every lesson's .hex.js
        from atelier.site.downloads import runtime_name, runtime_script

        for b in {d.board for items in fetched.values() for d in items if d.runtime and d.path}:
            files[f"static/{runtime_name(boards.get(b))}"] = runtime_script(boards.get(b))
    for name in ("site.css", "site.js", "icon.svg"):
        files[f"static/{name}"] = (HERE / "static" / name).read_text(encoding="utf-8")
    files["static/code.css"] = (
        f"/* code colours: Pygments' {PYGMENTS_STYLE!r} style (written by atelier site build) */\n"
        + HtmlFormatter(style=PYGMENTS_STYLE).get_style_defs(".code")
        + "\n"
    )
    written = []
    for name, content in files.items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        written.append(path)
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    paths = {out / lid / Path(d.path) for lid, items in fetched.items() for d in items if d.path}
    paths |= {out / "static" / d.runtime for items in fetched.values() for d in items
              if getattr(d, "runtime", "")}  # fmt: skip
    downloads_size = sum(p.stat().st_size for p in paths if p.is_file())
    pages = sum(1 for name in files if name.endswith(".html"))
    missing = [(lid, d.board, d.missing) for lid, items in fetched.items() for d in items
               if d.missing]  # fmt: skip
    return SiteResult(out, [x.id for x in lessons], pages, size, written, downloads_size,
                      missing)  # fmt: skip
