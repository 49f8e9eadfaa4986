"""The message catalogs: every message the code shows is translated into French, the compiled
catalog is the one the .po gives, and the language is chosen as a teacher would expect."""

from __future__ import annotations

import re

import pytest

from atelier import i18n

PO = i18n.LOCALE_DIR / "fr" / "LC_MESSAGES" / "atelier.po"
FIELDS = re.compile(r"\{(\w*)[^{}]*\}")


def _catalog():
    from babel.messages.pofile import read_po

    with open(PO, "rb") as f:
        return read_po(f)


def test_every_message_in_the_code_has_a_french_translation():
    catalog = _catalog()
    missing, fuzzy = [], []
    for m in i18n.extract():
        if not m.id:
            continue
        t = catalog.get(m.id)
        if t is None or not t.string or (isinstance(t.string, tuple) and not all(t.string)):
            missing.append(m.id)
        elif t.fuzzy:
            fuzzy.append(m.id)
    assert not missing, "run `python -m atelier.i18n update` and translate:\n" + "\n".join(
        map(str, missing)
    )
    assert not fuzzy, f"fuzzy translations to check: {fuzzy}"


def test_translations_keep_the_named_fields_of_their_message():
    for m in _catalog():
        if not m.id or not m.string:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        want = {f for i in ids for f in FIELDS.findall(i)}
        for s in strings:
            assert set(FIELDS.findall(s)) <= want and (
                set(FIELDS.findall(s)) == want or len(ids) > 1
            ), f"{m.id!r} -> {s!r}"


def test_the_compiled_catalog_is_up_to_date():
    mo = PO.with_suffix(".mo")
    assert mo.read_bytes() == i18n.compile_mo(PO), "run `python -m atelier.i18n compile`"


@pytest.mark.parametrize(
    "env, argv, want",
    [
        ({"LANG": "fr_FR.UTF-8"}, [], "fr"),
        ({"LANG": "en_GB.UTF-8"}, [], "en"),
        ({"LANG": "C.UTF-8"}, [], "en"),
        ({"LANGUAGE": "fr_BE:en", "LANG": "en_US.UTF-8"}, [], "fr"),
        ({"LANG": "fr_FR.UTF-8"}, ["--lang", "en", "boards"], "en"),
        ({"LANG": "en_US.UTF-8"}, ["deploy", "--lang=fr"], "fr"),
        ({"LANG": "en_US.UTF-8", "ATELIER_LANG": "fr"}, [], "fr"),
        ({"LANG": "en_US.UTF-8"}, ["run", "--", "--lang", "fr"], "en"),
    ],
)
def test_the_language_is_the_systems_unless_told(monkeypatch, env, argv, want):
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG", "ATELIER_LANG"):
        monkeypatch.delenv(var, raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    assert i18n.choose(argv=argv) == want
