"""What the author check costs, lesson by lesson, against running the lesson's own tests.

`atelier check --lesson-author` builds each step for each board, runs it in the simulator and
runs the tests on the steps; the baseline is `atelier test <lesson>` (pytest on main.py, every
board), measured in the same run on the same machine. Prints seconds per lesson and the ratio,
then the whole library: what the author check adds to the test suite.
Run: python bench/author_check.py [LESSON...]
"""

from __future__ import annotations

import sys
import time

from atelier import lesson_tests
from atelier.authoring import check_lesson, steps_of
from atelier.lessons import all_lessons, load_lesson


def main(names: list[str]) -> int:
    lessons = [load_lesson(n) for n in names] if names else all_lessons()
    total_check = total_tests = 0.0
    print(f"{'lesson':26} {'steps':>5} {'boards':>6} {'check s':>8} {'tests s':>8} {'ratio':>6}")
    failed = 0
    for lesson in lessons:
        t0 = time.perf_counter()
        problems = check_lesson(lesson, main_tests=False)
        t_check = time.perf_counter() - t0
        r = lesson_tests.run(lesson)
        t_tests = r.seconds
        total_check += t_check
        total_tests += t_tests
        failed += bool(problems) or not r.ok
        print(f"{lesson.id:26} {len(steps_of(lesson)):5d} {len(lesson.info.boards):6d} "
              f"{t_check:8.1f} {t_tests:8.1f} {t_check / t_tests:6.2f}"
              f"{'  PROBLEMS' if problems else ''}{'' if r.ok else '  TESTS FAIL'}")  # fmt: skip
    n = len(lessons)
    print(
        f"{n} lessons: author check {total_check:.0f} s ({total_check / n:.1f} s a lesson), "
        f"their own tests {total_tests:.0f} s; ratio {total_check / total_tests:.2f}"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
