"""A lesson's tutorial with its steps put in: each step's program where the tutorial links to
it, and from the second step on what changed from the step before, as a diff.

    from atelier.tutorial import expand
    print(expand(load_lesson("boussole-numerique"), "fr"))  # Markdown

The tutorial itself only links to steps/NN.py (docs/lessons.md): what is shown is always the
tested program. `atelier tutorial LESSON` prints it; the site builds its pages from it.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from atelier.authoring import STEP_LINK, TUTORIALS
from atelier.errors import UserError
from atelier.i18n import _


@dataclass
class Step:
    number: int
    title: str  # the link's text
    path: Path
    code: str
    diff: str  # unified diff from the step before ("" for the first)


def tutorial_path(lesson, lang: str) -> Path:
    path = lesson.path / TUTORIALS.get(lang, TUTORIALS["en"])
    if not path.is_file():
        raise UserError(_("{file}: no such tutorial").format(file=path))
    return path


def steps(lesson, lang: str) -> list[Step]:
    """The steps the tutorial includes, in its order."""
    text = tutorial_path(lesson, lang).read_text(encoding="utf-8")
    out: list[Step] = []
    for line in text.splitlines():
        m = STEP_LINK.match(line)
        if m:
            out.append(_step(lesson, m.group("text"), m.group("target"), out[-1] if out else None))
    return out


def _step(lesson, title: str, target: str, before: Step | None) -> Step:
    path = lesson.path / target
    if not path.is_file():
        raise UserError(_("{file}: no such step").format(file=path))
    code = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    diff = ""
    if before is not None:
        diff = "".join(difflib.unified_diff(
            before.code.splitlines(keepends=True), code.splitlines(keepends=True),
            f"steps/{before.path.name}", f"steps/{path.name}", n=2))  # fmt: skip
    return Step(before.number + 1 if before else 1, title, path, code, diff)


def expand(lesson, lang: str) -> str:
    """The tutorial in Markdown with each step's code (and its diff) in place of its link."""
    text = tutorial_path(lesson, lang).read_text(encoding="utf-8")
    out, before = [], None
    changed = _("What changed from the step before:")
    whole = _("The whole program:")
    for line in text.splitlines():
        m = STEP_LINK.match(line)
        if not m:
            out.append(line)
            continue
        step = _step(lesson, m.group("text"), m.group("target"), before)
        out.append(f"**{step.title}** (`{m.group('target')}`)")
        out.append("")
        if step.diff:
            out += [changed, "", "```diff", step.diff.rstrip("\n"), "```", "", whole, ""]
        out += ["```python", step.code.rstrip("\n"), "```"]
        before = step
    return "\n".join(out) + "\n"
