"""The author check: a lesson of the library is complete, and every step works on every board.

    from atelier.authoring import check_lesson
    for problem in check_lesson(load_lesson("lessons/melodies")):
        print(problem)  # lessons/melodies/README.md:12: what is wrong, what to do

What a lesson must have is docs/lessons.md; each rule here says it in one line naming the file
(and line) to change. The slow part (each step built for each board and run in the simulator,
the tests run on the steps) comes last, only when the files themselves are in order.
"""

from __future__ import annotations

import ast
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from atelier.errors import UserError
from atelier.i18n import _
from atelier.tomlines import TomlLines

STEP_NAME = re.compile(r"^(\d\d)\.py$")
# a step included by reference: a line that is only a Markdown link to the step's file
STEP_LINK = re.compile(r"^\s*\[(?P<text>[^\]]+)\]\((?P<target>steps/[^)\s]*)\)\s*$")
TUTORIALS = {"fr": "README.fr.md", "en": "README.md"}
TEACHER_NOTES = {"fr": "teacher.fr.md", "en": "teacher.md"}
TEACHER_SECTIONS = {
    "fr": ("Déroulé de la séance", "Ce qui est difficile", "Idées fausses à surveiller",
           "Différencier", "Réponses aux défis"),
    "en": ("Session timing", "What pupils find hard", "Misconceptions to watch",
           "Differentiation", "Answers to the challenges"),
}  # fmt: skip
CHALLENGES = {"fr": "Défis", "en": "Challenges"}
HINT = {"fr": "Indice", "en": "Hint"}
STEP_RUN_SECONDS = 2.0  # virtual seconds each step runs on each board
_SAYS_KEYS = ("fr", "en", "fail_fr", "fail_en")


@dataclass(frozen=True)
class Problem:
    where: str  # "path" or "path:line"
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def steps_of(lesson) -> list[Path]:
    """The lesson's steps/NN.py, in order (names that do not fit are the check's to report)."""
    folder = lesson.path / "steps"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if STEP_NAME.match(p.name))


def step_references(text: str) -> list[tuple[int, str]]:
    """(line, target) of each step a tutorial includes by reference."""
    out = []
    for i, line in enumerate(text.splitlines(), 1):
        m = STEP_LINK.match(line)
        if m:
            out.append((i, m.group("target")))
    return out


def check_lesson(
    lesson,
    *,
    run: bool = True,
    boards: list[str] | None = None,
    main_tests: bool = True,
    progress: Callable[[str], None] | None = None,
) -> list[Problem]:
    """Every problem of `lesson` (an atelier.lessons.Lesson), one line each.

    run: also build and run each step on each board and run the tests on the steps;
    boards: only these of the lesson's boards; main_tests: also run the tests on main.py on
    each board (the test suite runs them itself).
    """
    problems = [*_check_metadata(lesson), *_check_files(lesson)]
    steps = steps_of(lesson)
    problems += _check_steps(lesson, steps)
    problems += _check_tutorials(lesson, steps)
    problems += _check_teacher_notes(lesson)
    problems += check_parts(lesson, steps)
    problems += _check_test_sentences(lesson, len(steps))
    if run and not problems:
        from atelier.netsettings import checking_here

        chosen = [b for b in lesson.info.boards if boards is None or b in boards]
        with checking_here():  # no net.toml, no broker the check did not start (netsettings)
            problems += _run_steps(lesson, steps, chosen, progress)
            if not problems:
                problems += _run_step_tests(lesson, steps, chosen, main_tests, progress)
    return problems


# -- the files ----------------------------------------------------------------------------------
def _toml_where(lesson, *keys: str) -> str:
    toml = lesson.path / "lesson.toml"
    return f"{toml}:{TomlLines(toml.read_text(encoding='utf-8')).line_of(keys)}"


def _check_metadata(lesson) -> list[Problem]:
    info, out = lesson.info, []
    if info.id != lesson.path.name:
        out.append(Problem(_toml_where(lesson, "id"), _(
            "id {id!r} is not the folder's name {folder!r}; make them the same").format(
                id=info.id, folder=lesson.path.name)))  # fmt: skip
    if info.summary is None:
        out.append(
            Problem(
                _toml_where(lesson, "summary"),
                _("no [summary]: add fr and en, one or two sentences of what pupils build"),
            )
        )
    if not info.hardware.parts:
        out.append(
            Problem(
                _toml_where(lesson, "hardware", "parts"),
                _("hardware.parts is empty: list the kit parts the programs use"),
            )
        )
    for key, texts in (("objectives", info.objectives), ("hardware", info.hardware)):
        if not texts.fr or not texts.en or len(texts.fr) != len(texts.en):
            out.append(Problem(_toml_where(lesson, key), _(
                "{key}: give the same number of lines in fr and en (at least one)").format(
                    key=key)))  # fmt: skip
    from atelier.boards import load_boards

    known = load_boards()
    for b in info.boards:
        for other in known.running_lessons_of(b):
            if other not in info.boards:  # a class set of them expects the lesson to run there
                out.append(Problem(_toml_where(lesson, "boards"), _(
                    "boards: {other} ({name}) runs every lesson of {board} (the same kit wiring, "
                    "and more): add \"{other}\" to boards").format(
                        other=other, name=known.get(other).name, board=b)))  # fmt: skip
    cur = info.curriculum
    if cur.technologie is None and not cur.snt:
        out.append(Problem(_toml_where(lesson, "curriculum"), _(
            "no [curriculum] technologie or snt: say where the lesson fits the French "
            "curriculum (ids in atelier/curriculum.py)")))  # fmt: skip
    return out


def _check_files(lesson) -> list[Problem]:
    wanted = ["main.py", *TUTORIALS.values(), *TEACHER_NOTES.values()]
    out = [Problem(str(lesson.path / name), _("missing; see docs/lessons.md"))
           for name in wanted if not (lesson.path / name).is_file()]  # fmt: skip
    from atelier.lesson_tests import test_files

    if not test_files(lesson):
        out.append(
            Problem(
                str(lesson.path / "test_lesson.py"),
                _("missing: a lesson has behaviour tests (see docs/lessons.md)"),
            )
        )
    return out


def _same_program(a: Path, b: Path) -> bool:
    def norm(p: Path) -> str:
        return p.read_text(encoding="utf-8").replace("\r\n", "\n").rstrip() + "\n"

    return norm(a) == norm(b)


def _check_steps(lesson, steps: list[Path]) -> list[Problem]:
    folder = lesson.path / "steps"
    out = []
    if folder.is_dir():
        for p in sorted(folder.iterdir()):
            if p.is_file() and not STEP_NAME.match(p.name) and p.suffix == ".py":
                out.append(Problem(str(p), _("a step is named with two digits: 01.py, 02.py...")))
    if len(steps) < 2:
        return [*out, Problem(str(folder), _(
            "a lesson has at least two steps, steps/01.py and steps/02.py, each a complete "
            "program"))]  # fmt: skip
    for i, p in enumerate(steps, 1):
        if p.name != f"{i:02d}.py":
            out.append(Problem(str(folder / f"{i:02d}.py"), _(
                "missing: the steps are numbered from 01 without a gap")))  # fmt: skip
            break
    main = lesson.path / "main.py"
    if main.is_file() and not _same_program(steps[-1], main):
        out.append(Problem(str(steps[-1]), _(
            "the last step is not main.py: the tutorial ends with the finished program; "
            "copy main.py here (or add it as the next step)")))  # fmt: skip
    return out


_FENCE = re.compile(r"^```[ \t]*(\w*)[ \t]*\n(.*?)^```", re.S | re.M)
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$", re.M)
_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\S", re.M)
_HINT = re.compile(r"<details>\s*<summary>\s*(?P<label>[^<]*)</summary>(?P<body>.*?)</details>",
                   re.S)  # fmt: skip


def _line_at(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _section(text: str, title: str) -> tuple[int, str] | None:
    """(line, body) of the `## title` section, up to the next heading of level 1 or 2."""
    for m in _HEADING.finditer(text):
        if len(m.group(1)) == 2 and m.group(2).strip().casefold() == title.casefold():
            rest = text[m.end() :]
            nxt = re.search(r"^#{1,2}\s", rest, re.M)
            return _line_at(text, m.start()), rest[: nxt.start()] if nxt else rest
    return None


def _code_lines(src: str) -> list[str]:
    return [ln.rstrip() for ln in src.replace("\r\n", "\n").splitlines() if ln.strip()]


def _check_tutorials(lesson, steps: list[Path]) -> list[Problem]:
    out = []
    names = [f"steps/{p.name}" for p in steps]
    for lang, name in TUTORIALS.items():
        path = lesson.path / name
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        first = next((ln for ln in text.splitlines() if ln.strip()), "")
        if not first.startswith("# "):
            out.append(Problem(f"{path}:1", _("a tutorial starts with its title: `# Title`")))
        refs = step_references(text)
        for line, target in refs:
            if not (lesson.path / target).is_file():
                out.append(Problem(f"{path}:{line}", _(
                    "{target}: no such step; the steps are {steps}").format(
                        target=target, steps=", ".join(names) or "-")))  # fmt: skip
        targets = [t for _l, t in refs]
        for step in names:
            if targets.count(step) == 0:
                out.append(Problem(str(path), _(
                    "{step} is not in the tutorial: add a line that is only a link to it, "
                    "e.g. [...]({step})").format(step=step)))  # fmt: skip
            elif targets.count(step) > 1:
                out.append(Problem(str(path), _(
                    "{step} is included {n} times: once is enough").format(
                        step=step, n=targets.count(step))))  # fmt: skip
        known = [t for t in targets if t in names]
        if known != sorted(known, key=names.index):
            out.append(Problem(str(path), _("the steps are not included in order (01, 02...)")))
        # never pasted: a code block that holds a whole step
        step_lines = {p.name: _code_lines(p.read_text(encoding="utf-8")) for p in steps}
        for m in _FENCE.finditer(text):
            block = set(_code_lines(m.group(2)))
            for step, lines in step_lines.items():
                if len(lines) >= 3 and set(lines) <= block:
                    out.append(Problem(f"{path}:{_line_at(text, m.start())}", _(
                        "this code block pastes steps/{step}: include the step by a link line "
                        "instead, so the tutorial stays true when the step changes").format(
                            step=step)))  # fmt: skip
                    break
        label = HINT[lang].casefold()
        hints = [h for h in _HINT.finditer(text)
                 if h.group("label").strip().casefold().startswith(label)]  # fmt: skip
        if not hints:
            out.append(Problem(str(path), _(
                "no hint: add at least one folded hint, <details><summary>{label}</summary> "
                "... </details>").format(label=HINT[lang])))  # fmt: skip
        for h in hints:
            if not h.group("body").strip():
                out.append(Problem(f"{path}:{_line_at(text, h.start())}", _("an empty hint")))
        sec = _section(text, CHALLENGES[lang])
        if sec is None:
            out.append(Problem(str(path), _(
                "no `## {title}` section: end with at least two extensions").format(
                    title=CHALLENGES[lang])))  # fmt: skip
        elif len(_ITEM.findall(sec[1])) < 2:
            out.append(Problem(f"{path}:{sec[0]}", _(
                "`## {title}`: give at least two extensions, as a list").format(
                    title=CHALLENGES[lang])))  # fmt: skip
    return out


def _check_teacher_notes(lesson) -> list[Problem]:
    out = []
    for lang, name in TEACHER_NOTES.items():
        path = lesson.path / name
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        found = [m.group(2).strip().casefold() for m in _HEADING.finditer(text)
                 if len(m.group(1)) == 2]  # fmt: skip
        wanted = [s.casefold() for s in TEACHER_SECTIONS[lang]]
        missing = [s for s, w in zip(TEACHER_SECTIONS[lang], wanted, strict=True)
                   if w not in found]  # fmt: skip
        if missing:
            out.append(Problem(str(path), _("missing sections: {sections}").format(
                sections=", ".join(f"## {s}" for s in missing))))  # fmt: skip
            continue
        if [f for f in found if f in wanted] != wanted:
            out.append(Problem(str(path), _("the sections are not in this order: {sections}")
                               .format(sections=", ".join(TEACHER_SECTIONS[lang]))))  # fmt: skip
        for title in TEACHER_SECTIONS[lang]:
            line, body = _section(text, title)
            if len(body.split()) < 5:
                out.append(Problem(f"{path}:{line}", _("## {title}: the section is empty")
                                   .format(title=title)))  # fmt: skip
    return out


def check_parts(lesson, steps: list[Path]) -> list[Problem]:
    """The kit parts the programs use against hardware.parts (also `Lesson.check_hardware`)."""
    from atelier.bundle import KIT_PARTS, kit_parts_used

    toml = _toml_where(lesson, "hardware", "parts")
    files = [p for p in lesson.board_files().values() if p.suffix == ".py"] + steps
    out, used = [], set()
    for p in files:
        try:
            found = kit_parts_used([p.read_text(encoding="utf-8")])
        except SyntaxError:
            continue  # the build says where, with the board's own compiler
        if found is None:  # a file without the kit (a lesson's boot.py): nothing to declare
            continue
        if found == set(KIT_PARTS):  # what kit_parts_used answers when `kit` is passed around
            out.append(Problem(str(p), _(
                "the program passes `kit` itself around: import the parts by name "
                "(from kit import display, buttons)")))  # fmt: skip
            continue
        used |= found
    declared = set(lesson.info.hardware.parts)
    if used - declared:
        out.append(
            Problem(
                toml,
                _(
                    "hardware.parts: the programs use {parts} but lesson.toml does not list "
                    "them; add them so teachers hand them out"
                ).format(parts=", ".join(sorted(used - declared))),
            )
        )
    if declared - used and not out:
        out.append(Problem(toml, _(
            "hardware.parts: {parts} listed but no program of the lesson uses them; remove "
            "them").format(parts=", ".join(sorted(declared - used)))))  # fmt: skip
    return out


def _says_call(func: ast.FunctionDef) -> ast.Call | None:
    for d in func.decorator_list:
        if isinstance(d, ast.Call):
            name = d.func.id if isinstance(d.func, ast.Name) else getattr(d.func, "attr", "")
            if name == "says":
                return d
    return None


def _check_test_sentences(lesson, n_steps: int) -> list[Problem]:
    from atelier.lesson_tests import test_files

    out = []
    for path in test_files(lesson):
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        except SyntaxError as e:
            out.append(Problem(f"{path}:{e.lineno}", f"SyntaxError: {e.msg}"))
            continue
        for node in tree.body:
            if not isinstance(node, ast.FunctionDef) or not node.name.startswith("test_"):
                continue
            where = f"{path}:{node.lineno}"
            call = _says_call(node)
            if call is None:
                out.append(
                    Problem(
                        where,
                        _(
                            "{test} has no @says(fr=..., en=..., fail_fr=..., fail_en=...): the "
                            "sentences a pupil reads under atelier check"
                        ).format(test=node.name),
                    )
                )
                continue
            given = {k.arg: k.value for k in call.keywords}
            empty = [k for k in _SAYS_KEYS if not (
                isinstance(given.get(k), ast.Constant) and isinstance(given[k].value, str)
                and given[k].value.strip())]  # fmt: skip
            if empty:
                out.append(Problem(where, _("{test}: @says has no {keys}").format(
                    test=node.name, keys=", ".join(empty))))  # fmt: skip
            step = given.get("step")
            if step is not None and not (
                isinstance(step, ast.Constant) and isinstance(step.value, int)
                and 1 <= step.value <= max(n_steps, 1)
            ):  # fmt: skip
                out.append(Problem(where, _(
                    "{test}: step= is the number of a step, 1 to {n}").format(
                        test=node.name, n=n_steps)))  # fmt: skip
    return out


# -- each step on each board --------------------------------------------------------------------
class _StepCopy:
    """The lesson as it would be with `step` as its main.py: a folder named like the lesson."""

    def __init__(self, lesson, step: Path):
        self.tmp = Path(tempfile.mkdtemp(prefix="atelier-step-"))
        self.path = self.tmp / lesson.path.name
        self.path.mkdir()
        for name, p in lesson.board_files().items():
            dest = self.path / name
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(p, dest)
        shutil.copyfile(lesson.path / "lesson.toml", self.path / "lesson.toml")
        shutil.copyfile(step, self.path / "main.py")

    def close(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


def _first_line(e: BaseException) -> str:
    from atelier.explain import explain

    ex = explain(e)
    if ex is not None:
        lines = ex.lines()
        return lines[0] + (f" ({lines[-1]})" if ex.advice else "")
    return str(e).splitlines()[0] if str(e) else type(e).__name__


def _run_steps(lesson, steps, boards, progress) -> list[Problem]:
    from atelier.boards import load_boards
    from atelier.bundle import build_bundle
    from atelier.lessons import load_lesson
    from atelier.sim import simulate

    known = load_boards()
    out = []
    for step in steps:
        copy = _StepCopy(lesson, step)
        try:
            copied = load_lesson(copy.path)
            for board_id in boards:
                if progress:
                    progress(f"{lesson.id}: steps/{step.name} {board_id}")
                where = f"{step} [{board_id}]"
                try:
                    bundle = build_bundle(copied, known.get(board_id))  # its compiler's check
                    with simulate(bundle, board=board_id) as b:  # what the simulator runs
                        b.run(STEP_RUN_SECONDS)
                except UserError as e:
                    msg = _first_line(e).replace(str(copy.path / "main.py"), str(step))
                    out.append(Problem(where, msg.replace(str(copy.path), str(lesson.path))))
        finally:
            copy.close()
    return out


def _run_step_tests(lesson, steps, boards, main_tests, progress) -> list[Problem]:
    """The tests on each step but the last (main.py), on each board: those that hold from that
    step on (`says(step=...)`) pass; on step 01 every test runs and one at least fails."""
    from atelier import pupil_check

    out = []
    on = boards[0] if len(boards) == 1 else None  # None: every board of the lesson at once
    for k, step in enumerate(steps[:-1], 1):
        if progress:
            progress(f"{lesson.id}: tests on steps/{step.name}")
        results = pupil_check.run(lesson, step, on, step=None if k == 1 else k)
        for r in results:
            since = r.get("step")
            if since is not None and since <= k and not r["ok"]:
                where = ", ".join(r.get("boards_failed") or boards)
                out.append(Problem(f"{step} [{where}]", _(
                    "{test} (step={since}) fails on this step: {sentence}").format(
                        test=r["test"], since=since, sentence=_sentence(r))))  # fmt: skip
        if k == 1 and results and all(r["ok"] for r in results):
            out.append(Problem(f"{step} [{', '.join(boards)}]", _(
                "every test passes on the first step: the tests must check what the lesson "
                "adds (behaviour), not only that the program runs")))  # fmt: skip
    if main_tests:
        if progress:
            progress(f"{lesson.id}: tests on main.py")
        main = lesson.path / "main.py"
        for r in pupil_check.run(lesson, main, boards[0] if len(boards) == 1 else None):
            if not r["ok"]:
                on = ", ".join(r.get("boards_failed") or boards)
                out.append(Problem(f"{main} [{on}]", _("{test} fails: {sentence}").format(
                    test=r["test"], sentence=_sentence(r))))  # fmt: skip
    return out


def _sentence(record: dict) -> str:
    if record.get("explanation"):
        return record["explanation"][0]
    says = record.get("says") or {}
    from atelier import i18n

    lang = "fr" if i18n.language == "fr" else "en"
    return says.get(f"fail_{lang}") or record["test"]
