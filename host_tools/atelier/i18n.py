"""Messages in the user's language: French when the system speaks French or `--lang fr`,
English otherwise, through gettext catalogs (`atelier/locale/<lang>/LC_MESSAGES/atelier.mo`).

Source strings are English; the French catalog is `locale/fr/LC_MESSAGES/atelier.po`, compiled
to `atelier.mo` beside it (both committed; a test checks they agree and that every message in
the code is translated). Messages with values use named fields, filled after translation:

    from atelier.i18n import _
    raise UserError(_("{port}: no such serial port").format(port=port))

The language is chosen once, as the process starts (help texts are made at import time):
`--lang` on the command line, else ATELIER_LANG, else LANGUAGE / LC_ALL / LC_MESSAGES / LANG,
else the system's locale (Windows). click's own words ("Usage:", "Missing argument") come
from the same catalog: atelier is made gettext's default domain.

Maintainers: `python -m atelier.i18n update` adds new messages to the catalog (Babel, from the
test extras) and `python -m atelier.i18n compile` remakes the .mo after translating.
"""

from __future__ import annotations

import gettext
import os
import sys
from pathlib import Path

DOMAIN = "atelier"
LANGUAGES = ("fr", "en")
LOCALE_DIR = Path(__file__).with_name("locale")

_translation: gettext.NullTranslations = gettext.NullTranslations()
language = "en"


def _from_argv(argv: list[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
    return None


def _system_language() -> str:
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return value.split(":")[0]
    if sys.platform == "win32":  # Windows sets no variable: ask the system
        import locale

        try:
            return (locale.getlocale()[0] or "").replace("French", "fr")
        except (ValueError, TypeError):  # a broken locale setting: no preference
            return ""
    return ""


def choose(lang: str | None = None, argv: list[str] | None = None) -> str:
    """The language to speak: "fr" or "en"."""
    wanted = lang or _from_argv(sys.argv[1:] if argv is None else argv)
    wanted = wanted or os.environ.get("ATELIER_LANG") or _system_language()
    return "fr" if wanted.lower().startswith("fr") else "en"


def set_language(lang: str | None = None) -> str:
    """Speak `lang` ("fr"/"en"; None: choose as at start) from now on; returns the choice."""
    global _translation, language
    language = choose(lang)
    _translation = gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)
    # click (and anything else using gettext's default domain) reads the same catalog
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = language  # what gettext.gettext looks at
    return language


def _(message: str) -> str:
    """`message` in the chosen language."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)


set_language()


# -- maintainers: keep the catalog in step with the code -----------------------------------------
# click's own words a teacher meets (its msgids, as click 8 writes them)
CLICK_MESSAGES = (
    "Usage:",
    "Options",
    "Commands",
    "Show this message and exit.",
    "Show the version and exit.",
    "Error: {message}",
    "Try '{command} {option}' for help.",
    "Missing argument",
    "Missing option",
    "Missing command.",
    "No such command {name!r}.",
    "No such option {name!r}.",
    "Invalid value for {param_hint}: {message}",
    "Invalid value: {message}",
    "{value!r} is not a valid {number_type}.",
    "{value} is not in the range {range}.",
    "Aborted!",
    "default: {default}",
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."),
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"),
)


def _po_path(lang: str = "fr") -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def extract():
    """Every message the code marks (`_()`, `ngettext()`), as a Babel catalog."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    catalog = Catalog(project="atelier", domain=DOMAIN)
    root = Path(__file__).parent
    keywords = {"_": None, "ngettext": (1, 2)}
    for filename, lineno, message, comments, _ctx in extract_from_dir(
        root, method_map=[("**.py", "python")], keywords=keywords
    ):
        if "sim/vm/" in filename.replace(os.sep, "/"):  # MicroPython side: no gettext there
            continue
        catalog.add(message, locations=[(filename, lineno)], auto_comments=comments)
    for message in CLICK_MESSAGES:
        catalog.add(message, auto_comments=["click"])
    return catalog


def compile_mo(po: Path) -> bytes:
    from io import BytesIO

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with open(po, "rb") as f:
        catalog = read_po(f)
    out = BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def _main(argv: list[str]) -> int:
    from babel.messages.pofile import read_po, write_po

    po = _po_path()
    if argv[:1] == ["update"]:
        template = extract()
        if po.exists():
            with open(po, "rb") as f:
                catalog = read_po(f, locale="fr")
            catalog.update(template, no_fuzzy_matching=True)
        else:
            from babel.messages.catalog import Catalog

            catalog = Catalog(locale="fr", project="atelier", domain=DOMAIN)
            for m in template:
                if m.id:
                    catalog.add(m.id, locations=m.locations)
        po.parent.mkdir(parents=True, exist_ok=True)
        with open(po, "wb") as f:
            write_po(f, catalog, width=99, omit_header=False, ignore_obsolete=True)
        missing = [m.id for m in catalog if m.id and not m.string]
        print(f"{po}: {len(catalog)} messages, {len(missing)} to translate")
    if argv[:1] in (["update"], ["compile"]):
        po.with_suffix(".mo").write_bytes(compile_mo(po))
        return 0
    print("usage: python -m atelier.i18n update|compile", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
