"""Errors a pupil understands: a failed program as the file and line, the line itself with a
caret under the spot (where known), and a short explanation of what it means and what to try,
in the pupil's language, with "did you mean `arrow`?" from the names of the program, of the
kit's parts and of the board's modules.

    from atelier.explain import explain
    ex = explain(error)        # a LessonError, a SyntaxError's UserError, a bundle too big
    if ex is not None:
        print("\\n".join(ex.lines()))

The first line keeps the error's own words (`main.py:3: NameError: name 'x' isn't defined`),
as MicroPython (or Python, for syntax) says them; the explanation comes below.
"""

from __future__ import annotations

import ast
import builtins
import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from atelier.errors import UserError
from atelier.i18n import _

_SYNTAX = re.compile(r"^(?P<file>.*):(?P<line>\d+): SyntaxError: (?P<msg>.*)$")
_CLOSING = {"(": ")", "[": "]", "{": "}"}


@dataclass
class Explanation:
    where: str  # "path:line" ("path" alone when no line is known)
    headline: str  # the error's own words
    source: str = ""  # the line itself
    lineno: int = 0
    col: int | None = None  # 0-based column of the caret
    width: int = 1
    advice: str = ""  # what it means and what to try

    def lines(self) -> list[str]:
        out = [f"{self.where}: {self.headline}" if self.where else self.headline]
        if self.source.strip():
            gutter = f"  {self.lineno} | "
            out.append(gutter + self.source)
            if self.col is not None:
                pad = " " * (len(gutter) - 2) + "| "
                out.append(pad + " " * self.col + "^" * max(1, self.width))
        if self.advice:
            out.append(self.advice)
        return out


# -- names to suggest ----------------------------------------------------------------------------
def _public(names) -> set[str]:
    return {n for n in names if n and not n.startswith("_")}


def _defined_in(tree: ast.Module) -> tuple[set[str], dict[str, set[str]]]:
    """The top-level names of a module, and the members of each of its classes."""
    top: set[str] = set()
    classes: dict[str, set[str]] = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            top.add(node.name)
        elif isinstance(node, ast.ClassDef):
            top.add(node.name)
            members = classes.setdefault(node.name.lstrip("_"), set())
            for item in ast.walk(node):
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    members.add(item.name)
                elif isinstance(item, ast.Name) and isinstance(item.ctx, ast.Store):
                    members.add(item.id)
                elif isinstance(item, ast.Attribute) and isinstance(item.ctx, ast.Store):
                    members.add(item.attr)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            top |= {t.id for t in targets if isinstance(t, ast.Name)}
    return _public(top), {k: _public(v) for k, v in classes.items()}


@lru_cache(maxsize=1)
def _api() -> tuple[set[str], dict[str, set[str]]]:
    """Every public name of the kit's parts and the board's modules, and the members of each
    kit module and class (to suggest `display.arrow` for `display.arow`)."""
    from atelier.boards import load_boards
    from atelier.paths import firmware_dir

    everything: set[str] = set()
    members: dict[str, set[str]] = {}
    sources = [(p.stem, p) for p in sorted((firmware_dir() / "kit").glob("*.py"))]
    vm = Path(__file__).with_name("sim") / "vm"
    sources += [(p.stem.removeprefix("_sim_"), p) for p in sorted(vm.glob("_sim_*.py"))]
    for module, path in sources:
        try:
            top, classes = _defined_in(ast.parse(path.read_text(encoding="utf-8")))
        except (OSError, SyntaxError, ValueError):
            continue
        if not module.startswith(("hw_", "cp_")):
            members.setdefault(module, set()).update(top)
        for name, names in classes.items():
            members.setdefault(name, set()).update(names)
        everything |= top | {module}
        for names in classes.values():
            everything |= names
    # the board's built-in images (Image.HEART, the kit's display.HEART), set from a table
    images = {"ALL_CLOCKS", "ALL_ARROWS"}
    try:
        for node in ast.parse((vm / "mbdata.py").read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict):
                if any(isinstance(t, ast.Name) and t.id == "IMAGES" for t in node.targets):
                    images |= {k.value for k in node.value.keys if isinstance(k, ast.Constant)}
    except (OSError, SyntaxError, ValueError):
        pass
    for owner in ("Image", "display"):
        members.setdefault(owner, set()).update(images)
    everything |= images
    for board in load_boards():
        everything |= set(board.modules.available)
    everything |= _public(dir(builtins))
    return everything, members


def _program_names(path: Path) -> set[str]:
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return set()
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.Attribute):
            names.add(node.attr)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.alias):
            names.add((node.asname or node.name).split(".")[0])
    return names


def suggest(word: str, pool) -> str | None:
    """The name of `pool` closest to `word` (capitals ignored), or None."""
    by_lower: dict[str, str] = {}
    for name in sorted(pool):
        if name != word:
            by_lower.setdefault(name.lower(), name)
    close = difflib.get_close_matches(word.lower(), list(by_lower), n=1, cutoff=0.75)
    return by_lower[close[0]] if close else None


def _did_you_mean(word: str, pool) -> str:
    best = suggest(word, pool)
    return " " + _("Did you mean `{name}`?").format(name=best) if best else ""


# -- reading the pupil's line --------------------------------------------------------------------
def _source_line(path: Path, lineno: int) -> str:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return ""
    return lines[lineno - 1].expandtabs(4).rstrip() if 0 < lineno <= len(lines) else ""


def _find(line: str, pattern: str) -> tuple[int | None, int]:
    m = re.search(pattern, line)
    return (m.start(1), len(m.group(1))) if m else (None, 1)


def _board(board_id: str):
    from atelier.boards import load_boards

    try:
        return load_boards().get(board_id)
    except Exception:  # noqa: BLE001 - an unknown name: explain without the board
        return None


# -- the explanations ----------------------------------------------------------------------------
def explain(error: BaseException) -> Explanation | None:
    """What a pupil reads for `error`, or None when it is not a program's mistake."""
    from atelier.bundle import TooBig
    from atelier.sim.board import LessonError, LessonStuck

    if isinstance(error, LessonStuck):
        return _stuck(error)
    if isinstance(error, LessonError):
        return _runtime(error)
    if isinstance(error, TooBig):
        return Explanation(
            "",
            str(error),
            advice=_(
                "The board keeps your program in a small memory: remove long comments, unused "
                "code and long texts, or move part of the work to another program."
            ),
        )
    if isinstance(error, UserError):
        m = _SYNTAX.match(str(error))
        if m:
            return _syntax(Path(m["file"]), int(m["line"]), m["msg"])
    return None


def _stuck(e) -> Explanation:
    path = Path(e.file)
    source = _source_line(path, e.line) if e.line else ""
    indent = len(source) - len(source.lstrip())
    return Explanation(
        e.where if e.line else "",
        e.exc_line,
        source,
        e.line,
        indent if source else None,
        len(source.strip()),
        _(
            "The board does one thing at a time: a loop that never pauses leaves it no time to "
            "show, sound or listen, and the program looks frozen."
        ),
    )


def _syntax(path: Path, lineno: int, msg: str) -> Explanation:
    col, width = None, 1
    try:
        compile(path.read_bytes(), str(path), "exec", dont_inherit=True)
    except SyntaxError as e:
        if e.lineno == lineno and e.offset:
            col = max(0, e.offset - 1)
            if e.end_lineno == lineno and e.end_offset and e.end_offset > e.offset:
                width = e.end_offset - e.offset
    except (OSError, ValueError):
        pass
    source = _source_line(path, lineno)
    if "indent" in msg:
        advice = _(
            "The spaces at the start of this line are wrong. The lines inside a block (after a "
            "line ending with `:`) start with 4 more spaces than that line, and the lines of one "
            "block line up exactly."
        )
    elif msg.startswith("expected ':'"):
        advice = _(
            "A line that opens a block (`if`, `else`, `while`, `for`, `def`) ends with a colon: "
            "add `:` at the end of the line."
        )
    elif "never closed" in msg or "unmatched" in msg or "does not match" in msg:
        opened = re.search(r"'(.)'", msg)
        closing = _CLOSING.get(opened.group(1), ")") if opened else ")"
        advice = _(
            "A bracket is opened here and never closed: add the missing `{closing}` where what "
            "it holds ends, usually at the end of the line."
        ).format(closing=closing)
    elif "'=='" in msg or (source and re.match(r"\s*(if|elif|while)\b[^=!<>]*=[^=]", source)):
        advice = _(
            "To compare two values, write `==` (two equals signs); a single `=` puts a value "
            "in a variable."
        )
    else:
        advice = _(
            "Python cannot read this line: check its brackets, quotes and colons, and those of "
            "the line above."
        )
    return Explanation(
        f"{path}:{lineno}", f"SyntaxError: {msg}", source, lineno, col, width, advice
    )


def _runtime(e) -> Explanation:
    path = Path(e.file)
    source = _source_line(path, e.line)
    kind, _sep, message = e.exc_line.partition(":")
    message = message.strip()
    col, width, advice = None, 1, ""
    if kind == "NameError":
        m = re.search(r"name '(\w+)'", message)
        name = m.group(1) if m else "?"
        col, width = _find(source, rf"\b({re.escape(name)})\b")
        pool = _program_names(path) | _api()[0]
        advice = _(
            "`{name}` is used here but Python does not know it: check its spelling (capitals "
            "count), or give it a value or import it on a line above."
        ).format(name=name) + _did_you_mean(name, pool)
    elif kind == "AttributeError":
        m = re.search(r"has no (?:attribute )?'(\w+)'", message)
        attr = m.group(1) if m else "?"
        col, width = _find(source, rf"\.\s*({re.escape(attr)})\b")
        if col is None:  # from kit import displai
            col, width = _find(source, rf"\b({re.escape(attr)})\b")
        owner_m = re.search(rf"(\w+)\s*\.\s*{re.escape(attr)}\b", source) or re.search(
            rf"from\s+(\w+)\s+import\b.*\b{re.escape(attr)}\b", source
        )
        owner = owner_m.group(1) if owner_m else ""
        if not owner:  # "type object 'Image' has no...", "'Pin' object has no...", "kit has no..."
            o = re.match(r"(?:type object )?'?(\w+)'?(?: object)? has no", message)
            owner = o.group(1) if o else ""
        everything, members = _api()
        listed = re.search(r"it has: ([\w, ]+)", message)  # the kit names its parts
        pool = (
            set(re.findall(r"\w+", listed.group(1)))
            if listed
            else members.get(owner) or (_program_names(path) | everything)
        )
        advice = _(
            "`{owner}` has no `{attr}`: check the spelling (capitals count) in the lesson or the "
            "kit's documentation."
        ).format(owner=owner or "?", attr=attr) + _did_you_mean(attr, pool)
    elif kind == "TypeError" and "argument" in message:
        advice = _(
            "The function called on this line does not take this number of values: count what "
            "is between its brackets (separated by commas) and compare with what it expects."
        )
    elif kind == "TypeError" and re.search(r"str|convert", message):
        advice = _(
            "This line mixes a text and a number, which Python does not join by itself: turn "
            'the number into text with str(), as in "score: " + str(score).'
        )
    elif kind == "IndexError":
        advice = _(
            "This line asks for an item the list does not have: a list of 3 items has the "
            "positions 0, 1 and 2. Check the position with len() before using it."
        )
    elif kind == "ZeroDivisionError":
        col, width = _find(source, r"(//|/|%)")
        advice = _(
            "This line divides by zero, which has no answer: the number after `/` (or `//`, "
            "`%`) is 0 here. Check it with `if` before dividing."
        )
    elif kind == "ValueError":
        advice = _(
            "A function got a value of the right kind that it cannot use (a text that is not a "
            "number for int(), a number out of its range): check the values on this line."
        )
    elif kind == "ImportError":
        m = re.search(r"'([\w.]+)'", message)
        module = m.group(1) if m else "?"
        col, width = _find(source, rf"\b({re.escape(module)})\b")
        advice = _import_advice(module, _board(e.board_name))
    elif kind == "MemoryError":
        board = _board(e.board_name)
        if board is not None and board.id.startswith("microbit"):
            advice = _(
                "The memory of the {board} is small ({size} KB for your program) and it is full: "
                "make lists and texts shorter, and create them once before the loop, not at every "
                "turn."
            ).format(board=board.name, size=board.heap // 1024)
        else:
            advice = _(
                "The board's memory is full: make lists and texts shorter, and create them once "
                "before the loop, not at every turn."
            )
    if col is None and source and advice:
        col = len(source) - len(source.lstrip())
        width = len(source.strip())
    return Explanation(e.where, e.exc_line, source, e.line, col, width, advice)


def _import_advice(module: str, board) -> str:
    from atelier.boards import load_boards

    having = [b.name for b in load_boards() if module in b.modules.available]
    frozen = [b for b in load_boards() if module in b.modules.frozen]
    if board is not None and frozen:  # a library another board's firmware carries
        package = frozen[0].modules.frozen[module]
        having = [b.name for b in frozen]
        return _(
            "The {board} has no module `{module}` in its firmware (the {boards} has it built "
            'in): name its package in lesson.toml, libraries = ["{package}"], and install '
            "it once with `atelier libraries install {package}`."
        ).format(board=board.name, module=module, boards=", ".join(having), package=package)
    if board is not None and having:
        return _(
            "The {board} has no module `{module}` (the boards that have it: {boards}): use "
            "what the kit offers instead, or run the lesson on one of those boards."
        ).format(board=board.name, module=module, boards=", ".join(having))
    everything, _members = _api()
    kit = {p.stem for p in _kit_modules()} | {"kit"}
    pool = set(board.modules.available) | kit if board is not None else everything
    return _("There is no module `{module}` on this board: check its spelling.").format(
        module=module
    ) + _did_you_mean(module, pool)


def _kit_modules() -> list[Path]:
    from atelier.paths import firmware_dir

    return sorted((firmware_dir() / "kit").glob("*.py"))
