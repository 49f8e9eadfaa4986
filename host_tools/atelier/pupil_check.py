"""`atelier check`: a lesson's behaviour tests run against a pupil's main.py, one sentence each.

A lesson's test says what it checks with `@says(fr=..., en=..., fail_fr=..., fail_en=...)`;
`program()` and `boards()` let the same test file run the lesson's own main.py (under
`atelier test`) or the pupil's (under `atelier check`, which sets the two variables below).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

PROGRAM_VAR = "ATELIER_CHECK_PROGRAM"
BOARD_VAR = "ATELIER_CHECK_BOARD"
REPORT_VAR = "ATELIER_CHECK_REPORT"
STEP_VAR = "ATELIER_CHECK_STEP"  # only the tests of this step and those before (say's step=)


def says(fr: str, en: str, fail_fr: str, fail_en: str, step: int | None = None):
    """Declare the sentence a pupil reads for a test: when it passes, and when it fails.

    `step`: the first step of the tutorial (steps/NN.py) whose program does this; the author
    check runs the test on that step and every later one (default: only the finished main.py).
    """

    def mark(func):
        func.atelier_says = {"fr": fr, "en": en, "fail_fr": fail_fr, "fail_en": fail_en}
        func.atelier_step = step
        return func

    return mark


def program(lesson_dir) -> Path:
    """The program under test: the pupil's main.py under `atelier check`, else the lesson."""
    chosen = os.environ.get(PROGRAM_VAR)
    return Path(chosen) if chosen else Path(lesson_dir)


def boards(declared) -> list[str]:
    """The boards to test on: the one `atelier check` chose, else every board given."""
    chosen = os.environ.get(BOARD_VAR)
    if not chosen:
        return list(declared)
    return [b for b in declared if b == chosen]


# -- the pytest plugin (loaded with -p atelier.pupil_check in the child process) ---------------
def pytest_collection_modifyitems(config, items):
    step = os.environ.get(STEP_VAR)
    if not step:
        return
    keep, drop = [], []
    for item in items:
        since = getattr(getattr(item, "function", None), "atelier_step", None)
        (keep if since is not None and since <= int(step) else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def pytest_runtest_makereport(item, call):
    path = os.environ.get(REPORT_VAR)
    func = getattr(item, "function", None)
    if not path or func is None or call.when == "teardown" and call.excinfo is None:
        return
    failed = call.excinfo is not None and not call.excinfo.errisinstance(
        __import__("_pytest.outcomes", fromlist=["Skipped"]).Skipped
    )
    if call.when == "setup" and not failed:
        return
    record = {"test": func.__name__, "says": getattr(func, "atelier_says", None),
              "step": getattr(func, "atelier_step", None), "ok": not failed}  # fmt: skip
    callspec = getattr(item, "callspec", None)
    if callspec is not None and isinstance(callspec.params.get("board"), str):
        record["boards_failed"] = [callspec.params["board"]] if failed else []
    if failed:
        from atelier.errors import UserError
        from atelier.explain import explain

        error = call.excinfo.value
        e = explain(error)
        if e is not None:  # the pupil's program itself is wrong: one explanation is enough
            record["explanation"] = e.lines()
            item.session.shouldstop = "the program under test failed"
        elif isinstance(error, UserError):  # this computer lacks something (a library): its line
            record["explanation"] = [str(error)]
            item.session.shouldstop = "the tests cannot run here"
    with open(path, "a", encoding="utf-8") as f:
        f.write(json.dumps(record) + "\n")


def run(lesson, main_py: Path, board: str | None, step: int | None = None) -> list[dict]:
    """Run the lesson's tests on `main_py`; one record per test function, in file order.
    `step`: only the tests that hold from that step of the tutorial on (`says(step=...)`);
    `board` None: on every board the tests choose (a record's boards_failed names them)."""
    from atelier.lesson_tests import test_files

    files = test_files(lesson)
    with tempfile.TemporaryDirectory(prefix="atelier-check-") as tmp:
        report = Path(tmp) / "report.jsonl"
        from atelier import i18n
        from atelier.netsettings import check_env

        # a check never reaches this computer's net.toml nor a broker it did not start
        env = check_env({**os.environ, PROGRAM_VAR: str(main_py), REPORT_VAR: str(report),
                         "ATELIER_LANG": i18n.language})  # fmt: skip
        env.pop(STEP_VAR, None)
        env.pop(BOARD_VAR, None)
        if board is not None:
            env[BOARD_VAR] = board
        if step is not None:
            env[STEP_VAR] = str(step)
        cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p",
               "atelier.pupil_check", "--rootdir", str(lesson.path),
               *map(str, files)]  # fmt: skip
        subprocess.run(cmd, capture_output=True, text=True, env=env)
        lines = report.read_text(encoding="utf-8").splitlines() if report.exists() else []
    results: dict[str, dict] = {}
    for line in lines:
        r = json.loads(line)
        seen = results.setdefault(r["test"], r)
        if seen is not r:
            seen["boards_failed"] = seen.get("boards_failed", []) + r.get("boards_failed", [])
        if not r["ok"]:
            seen["ok"] = False
            seen.setdefault("explanation", r.get("explanation"))
            if r.get("explanation"):
                seen["explanation"] = r["explanation"]
    return list(results.values())
