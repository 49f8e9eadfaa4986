"""A lesson's own tests, run the way `atelier test` runs them: pytest in a child process, one
lesson at a time, so that a teacher sees one line per lesson before a class."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass

from atelier.errors import UserError
from atelier.i18n import _
from atelier.netsettings import check_env


@dataclass
class LessonTests:
    lesson: object  # atelier.lessons.Lesson
    ok: bool
    summary: str  # pytest's last line, or "" when the lesson has no tests
    output: str  # the end of pytest's report when it failed
    seconds: float


def test_files(lesson) -> list:
    return sorted(lesson.path.glob("test_*.py")) + sorted(lesson.path.glob("tests/test_*.py"))


def run(lesson, keyword: str | None = None) -> LessonTests:
    """Run one lesson's tests (pytest must be installed: the test extras)."""
    try:
        import pytest  # noqa: F401
    except ImportError:
        raise UserError(_("atelier test needs pytest: from the atelier folder, pip install -e "
                          "'.[test]'")) from None  # fmt: skip
    files = test_files(lesson)
    if not files:
        return LessonTests(lesson, False, "", "", 0.0)
    t0 = time.monotonic()
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir",
           str(lesson.path), *map(str, files)]  # fmt: skip
    if keyword:
        cmd += ["-k", keyword]
    # a check never reaches this computer's net.toml nor a broker it did not start (checking())
    r = subprocess.run(cmd, capture_output=True, text=True, env=check_env({**os.environ}))
    last = (r.stdout.strip().splitlines() or [""])[-1].strip("= ")
    ok = r.returncode == 0
    return LessonTests(lesson, ok, last, "" if ok else r.stdout[-4000:], time.monotonic() - t0)
