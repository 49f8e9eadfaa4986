"""The corpus of ordinary programs (tests/programs/<family>/*.py) and how one is judged.

Each program is a short program of the kind a user brings from a board's documentation,
written by us from what the docs say. Its header comments say which doc page it is modelled
on, what a real board does, and what the simulator must show, in these lines:

    # run: 3                  virtual seconds to run (default 3)
    # board: microbit-v1      the board, when not the family's first one
    # press: A 1.0            press button A at 1.0 virtual second (repeatable)
    # > some output           one printed line, in order; `...` inside matches any text
    #! ValueError: message    the error that ends the program (its last traceback line)

A program that needs hardware the simulator does not model ends in its one clear line:
`#! NotImplementedError: <part> is not simulated; try this part on the real board`.
Used by tests/test_programs.py and bench/fidelity.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent / "programs"
FAMILIES = {
    "microbit": "microbit-v2",
    "rp2": "pico",
    "esp32": "esp32",
    "circuitpython": "circuitplayground-bluefruit",
}


@dataclass
class Program:
    path: Path
    board: str
    seconds: float = 3.0
    presses: list[tuple[str, float]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def name(self) -> str:
        return f"{self.path.parent.name}/{self.path.name}"


def load(path: Path) -> Program:
    prog = Program(path, FAMILIES[path.parent.name])
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.startswith("# >"):
            prog.lines.append(raw[4:])
        elif raw.startswith("#!"):
            prog.error = raw[2:].strip()
        elif raw.startswith("# run:"):
            prog.seconds = float(raw.split(":", 1)[1])
        elif raw.startswith("# board:"):
            prog.board = raw.split(":", 1)[1].strip()
        elif raw.startswith("# press:"):
            button, at = raw.split(":", 1)[1].split()
            prog.presses.append((button, float(at)))
    return prog


def corpus(family: str | None = None) -> list[Program]:
    dirs = [ROOT / family] if family else [ROOT / f for f in FAMILIES]
    return [load(p) for d in dirs for p in sorted(d.glob("*.py"))]


def _matches(got: str, want: str) -> bool:
    pattern = ".*".join(re.escape(part) for part in want.split("..."))
    return re.fullmatch(pattern, got) is not None


@dataclass
class Outcome:
    lines: list[str]
    error: str | None

    def differences(self, prog: Program) -> list[str]:
        """What differs from the board, one line each (empty: runs as on the board)."""
        out = []
        if len(self.lines) != len(prog.lines) or not all(
            _matches(g, w) for g, w in zip(self.lines, prog.lines, strict=False)
        ):
            out.append(f"printed {self.lines!r}, the board prints {prog.lines!r}")
        if (self.error is None) != (prog.error is None) or (
            self.error is not None and not _matches(self.error, prog.error)
        ):
            out.append(f"ended with {self.error!r}, the board with {prog.error!r}")
        return out


def run(prog: Program) -> Outcome:
    """Run the program unchanged on a simulated board of its family."""
    from atelier.sim import LessonError, simulate

    error = None
    with simulate(prog.path, board=prog.board) as b:
        try:
            t = 0.0
            for button, at in sorted(prog.presses, key=lambda p: p[1]):
                b.run(at - t)
                t = at
                b.press(button)
            b.run(prog.seconds - t)
        except LessonError as e:
            error = e.exc_line
        text = b.output
    return Outcome(text.splitlines(), error)
