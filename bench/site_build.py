"""What `atelier site build` costs: the whole library, and each lesson's pages, against the
baseline of putting the steps into that lesson's tutorials (atelier.tutorial.expand, the
Markdown `atelier tutorial` prints), measured in the same run on the same machine.

A lesson's pages are its tutorial rendered with the steps' code and diffs highlighted, in French
and English, and its teacher notes. Prints seconds per lesson and the ratio, then the whole
site (every page, the index, the search index, the pictures and downloads, written to a
temporary folder) and its size, of which the downloads (each micro:bit runtime once, each
lesson's .hex pieces, the zips), then the same without the downloads.
Run: python bench/site_build.py [LESSON...]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from atelier.lessons import all_lessons, load_lesson
from atelier.site.build import LANGS, _environment, build_site, teacher_html, tutorial_html
from atelier.tutorial import expand


def main(names: list[str]) -> int:
    lessons = [load_lesson(n) for n in names] if names else all_lessons()
    env = _environment()
    total_pages = total_base = 0.0
    print(f"{'lesson':26} {'pages s':>8} {'expand s':>9} {'ratio':>6}")
    for lesson in lessons:
        t0 = time.perf_counter()
        for lang in LANGS:
            tutorial_html(lesson, lang, env)
            teacher_html(lesson, lang)
        t_pages = time.perf_counter() - t0
        t0 = time.perf_counter()
        for lang in LANGS:
            expand(lesson, lang)
        t_base = time.perf_counter() - t0
        total_pages += t_pages
        total_base += t_base
        print(f"{lesson.id:26} {t_pages:8.3f} {t_base:9.4f} {t_pages / t_base:6.1f}")
    n = len(lessons)
    print(f"{n} lessons: their pages {total_pages:.2f} s ({total_pages / n * 1000:.0f} ms a "
          f"lesson, both languages), expand alone {total_base:.3f} s; ratio "
          f"{total_pages / total_base:.1f}")  # fmt: skip
    extra = [x.path for x in lessons] if names else []
    for downloads in (True, False):
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            result = build_site(Path(tmp) / "site", extra, library=not names, downloads=downloads)
            t_site = time.perf_counter() - t0
            static = result.out / "static"
            runtimes = sum(p.stat().st_size for p in static.glob("microbit-runtime-*"))
            parts = sum(p.stat().st_size for p in result.out.rglob("*.hex.js"))
        what = "whole site" if downloads else "without downloads (--no-downloads)"
        print(f"{what}: {result.pages} pages in {t_site:.2f} s "
              f"({t_site / result.pages * 1000:.1f} ms a page), {result.size / 1e6:.2f} MB, "
              f"of which downloads {result.downloads_size / 1e6:.2f} MB (micro:bit runtimes "
              f"{runtimes / 1e6:.2f} MB, lessons' .hex parts {parts / 1e6:.2f} MB)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
