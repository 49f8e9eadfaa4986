"""The site's micro:bit downloads: each runtime's .hex shipped once, each lesson only what its
.hex adds, joined in the visitor's browser into the very bytes `atelier flash --out` writes.

The joining is static/site.js run in node (tests/site_js/run_hex_js.js) on the built site's
files, loaded as a browser loads them from file:// (a <script> per file, relative to the page).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from atelier.boards import load_boards
from atelier.bundle import build_bundle
from atelier.lessons import load_lesson
from atelier.site.build import PAGES, build_site
from atelier.site.downloads import HEX_DATE
from atelier.targets.microbit_hex import build_hex

NODE = shutil.which("node")
LESSONS = ("alarme-casier", "boussole-numerique")
MICROBITS = ("microbit-v2", "microbit-v1")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("site") / "site")


def _items(page: Path) -> list[dict]:
    text = page.read_text(encoding="utf-8")
    return [dict(re.findall(r'data-(\w+)="([^"]*)"', m))
            for m in re.findall(r'<li class="hex" ([^>]*)>', text)]  # fmt: skip


def _click(site: Path, page: str) -> dict:
    if NODE is None:  # CI machines have Node.js: there a missing one is a failure
        if os.environ.get("CI"):
            pytest.fail("node is not installed (the site's script is tested with it)")
        pytest.skip("node is not installed")
    spec = {"page": str(site / page), "site_js": str(site / "static" / "site.js"),
            "items": _items(site / page)}  # fmt: skip
    script = Path(__file__).parent / "site_js" / "run_hex_js.js"
    r = subprocess.run([NODE, str(script)], input=json.dumps(spec), capture_output=True,
                       text=True, timeout=120)  # fmt: skip
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_clicking_a_microbit_download_saves_the_hex_flash_writes(built, lang):
    boards = load_boards()
    for lid in LESSONS:
        lesson = load_lesson(lid)
        assert set(MICROBITS) <= set(lesson.info.boards), lid
        page = PAGES[lang]["lesson"].format(id=lid)
        seen = _click(built.out, page)
        want = [b for b in lesson.info.boards if b.startswith("microbit")]
        assert seen["shown"] == [{"button": True, "nojs": False}] * len(want)
        for board_id, got in zip(want, seen["items"], strict=True):
            bundle = build_bundle(lesson, boards.get(board_id))
            hex_ = build_hex(bundle, deployed=HEX_DATE)  # what `atelier flash --out` writes
            assert got["name"] == f"{lid}-{board_id}.hex"
            assert got["text"] is not None, (lid, board_id)
            assert got["text"].encode() == hex_.encode(), (lid, board_id)
        # each runtime loaded once for the page, from static/
        runtimes = [x for x in seen["loaded"] if "microbit-runtime" in x]
        assert len(runtimes) == len(set(runtimes)) == len(want)


def test_the_runtime_is_shipped_once_and_the_site_is_a_few_mb(built):
    site = built.out
    runtimes = sorted(p.name for p in site.rglob("*") if "microbit-runtime" in p.name)
    assert runtimes == ["microbit-runtime-1.1.1.js", "microbit-runtime-2.1.2.js"]
    assert not list(site.rglob("*.hex"))  # no whole .hex: only what differs per lesson
    parts = list(site.rglob("*.hex.js"))
    assert parts and max(p.stat().st_size for p in parts) < 60_000
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    static = sum(p.stat().st_size for p in (site / "static").rglob("*") if p.is_file())
    lessons = len(built.lessons)
    per_lesson = (size - static) / lessons
    print(f"whole site with downloads: {size / 1e6:.2f} MB, {lessons} lessons: "
          f"{per_lesson / 1e3:.0f} kB a lesson (2 pages a language, 4-5 downloads), "
          f"the shared files {static / 1e6:.2f} MB")  # fmt: skip
    # the runtimes once (about 2 MB), then a lesson's pages and downloads well under 300 kB:
    # the library's 20-odd lessons stay a few MB
    assert static < 2_500_000 and per_lesson < 300_000, f"{size / 1e6:.1f} MB"


def test_every_hex_download_names_files_that_exist_from_the_page(built):
    for page in built.out.rglob("index.html"):
        for item in _items(page):
            for attr in ("part", "runtime"):
                assert "://" not in item[attr] and not item[attr].startswith("/")
                assert (page.parent / item[attr]).is_file(), (page, item[attr])


def test_without_javascript_the_page_says_how_to_get_the_hex(built):
    page = (built.out / PAGES["fr"]["lesson"].format(id="alarme-casier")).read_text("utf-8")
    lines = re.findall(r'<span class="nojs">(.*?)</span>', page)
    assert len(lines) == 2
    assert ("<code>atelier flash alarme-casier --board microbit-v2 --out "
            "alarme-casier-microbit-v2.hex</code>") in lines[0]  # fmt: skip
    assert "sans JavaScript" in lines[0]


def test_a_missing_runtime_shows_the_command_instead(built, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built.out, site)
    (site / "static" / "microbit-runtime-2.1.2.js").unlink()
    seen = _click(site, PAGES["en"]["lesson"].format(id="alarme-casier"))
    v2, v1 = seen["items"]
    assert v2["text"] is None and v2["nojs_shown"] is True
    assert v1["name"] == "alarme-casier-microbit-v1.hex" and v1["nojs_shown"] is False
