"""A whole class set at once: the same work on every board, in parallel, with the inventory,
the pupils' files saved first, progress, Ctrl-C, and one table that fits 80 columns.

Every command that touches boards (deploy, flash, reset, collect, restore) hands this module a
list of targets (serial ports or drives) and a function doing the work on one of them; this
module runs them in threads, draws the progress (a bar per board for a few boards, one overall
line and the failures as they come for many), stops starting new boards on Ctrl-C (those in
the middle of a write stop at the next safe step), and prints the result table and one line
per thing the teacher must know (a pupil's file saved or kept, a failure and what to do).
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from atelier.errors import UserError
from atelier.i18n import _
from atelier.plan import BoardResult

MANY = 8  # more boards than this: one overall progress line instead of a bar each
SHORT_ID = 8


def short(text: str, width: int) -> str:
    """`text` cut from the left to `width` characters: the end of a path says most. A serial
    port is named without its `/dev/` (`ttyACM0`, `pts/11`): the name a teacher recognises."""
    text = text.removeprefix("/dev/")
    return text if len(text) <= width else "…" + text[-(width - 1) :]


def who(r: BoardResult) -> str:
    """How the notes name a board: its label, else where it is."""
    return f"{r.label} ({r.where})" if r.label else r.where


@dataclass
class Outcome:
    results: list[BoardResult]
    interrupted: bool = False
    failed: list[BoardResult] = field(default_factory=list)


Work = Callable[[object, Callable[[int], None], Callable[[int], None], threading.Event],
                BoardResult]  # fmt: skip


def run_all(items: Sequence, work: Work, *, where: Callable[[object], str], console: Console,
            err: Console, total: int | None = None) -> Outcome:  # fmt: skip
    """`work(item, advance, set_total, stop)` on every item at once; never raises for one
    board's problem. Ctrl-C sets `stop`: boards not started are not started, the others stop
    at their next safe step."""
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn

    stop = threading.Event()
    results: list[BoardResult | None] = [None] * len(items)
    many = len(items) > MANY
    columns = [TextColumn("{task.description}"), BarColumn(bar_width=24)]
    if not many:
        columns.append(DownloadColumn())
    with Progress(*columns, console=console, transient=True) as bars:
        if many:
            overall = bars.add_task(_("{done}/{n} boards").format(done=0, n=len(items)),
                                    total=len(items))  # fmt: skip
            tasks = [None] * len(items)
        else:
            tasks = [bars.add_task(short(where(i), 20), total=total) for i in items]
        lock = threading.Lock()
        finished = [0]

        def one(k: int) -> BoardResult:
            task = tasks[k]

            def advance(n: int) -> None:
                if task is not None:
                    bars.advance(task, n)

            def set_total(n: int) -> None:
                if task is not None:
                    bars.update(task, total=max(n, 1))

            try:
                r = work(items[k], advance, set_total, stop)
            except UserError as e:  # one board's problem never stops the others
                r = BoardResult(where(items[k]), message=str(e))
            except Exception:  # noqa: BLE001 - our bug: this board fails, its traceback shown
                r = BoardResult(where(items[k]), message=_(
                    "atelier failed on this board: this is a bug, please report it with the "
                    "lines above"))  # fmt: skip
                r.traceback = traceback.format_exc()
            finally:
                with lock:
                    finished[0] += 1
            if many:
                bars.update(overall, advance=1, description=_("{done}/{n} boards").format(
                    done=finished[0], n=len(items)))  # fmt: skip
                if not r.ok and not r.interrupted and console.is_terminal:
                    line = _("{board}: {message}").format(board=who(r), message=r.message)
                    bars.console.print(Text("✗ " + line, style="red"))
            return r

        pool = ThreadPoolExecutor(max_workers=max(1, min(32, len(items))))
        futures = [pool.submit(one, k) for k in range(len(items))]
        pending = set(futures)
        interrupted = False
        while pending:
            try:
                _done, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
            except KeyboardInterrupt:
                if interrupted:
                    raise  # a second Ctrl-C: stop at once
                interrupted = True
                stop.set()
                for f in pending:
                    f.cancel()
                err.print(_("Ctrl-C: no new board is started; boards in the middle of a write "
                            "stop at the next safe step…"), style="yellow")  # fmt: skip
        pool.shutdown(wait=True)
    for k, f in enumerate(futures):
        if f.cancelled():
            results[k] = BoardResult(where(items[k]), message=_("not started (Ctrl-C)"),
                                     interrupted=True)  # fmt: skip
        else:
            results[k] = f.result()
    done = [r for r in results if r is not None]
    return Outcome(done, interrupted, [r for r in done if not r.ok])


def status(r: BoardResult) -> tuple[str, str]:
    """A short word for the result column, and its colour."""
    if r.interrupted:
        return _("stopped"), "yellow"
    if not r.ok:
        return _("failed"), "red"
    return r.message, "green"


def table(title: str, results: list[BoardResult], place_header: str) -> Table:
    """One row per board, labels first; fits 80 columns (ids and places shortened)."""
    t = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    t.add_column(_("label"), no_wrap=True, max_width=18, overflow="ellipsis")
    t.add_column(_("board"), no_wrap=True)
    t.add_column(place_header, no_wrap=True)
    t.add_column(_("result"), no_wrap=True, max_width=14, overflow="ellipsis")
    t.add_column(_("files"), justify="right", no_wrap=True)
    t.add_column(_("time"), justify="right", no_wrap=True)
    for r in results:
        word, style = status(r)
        t.add_row(escape(r.label or "-"), r.uid[:SHORT_ID] or "-", escape(short(r.where, 16)),
                  f"[{style}]{escape(word)}[/]", str(r.files), f"{r.seconds:.1f} s")  # fmt: skip
    return t


def notes(r: BoardResult) -> list[tuple[str, str]]:
    """What the teacher must know about one board, one line each, with a colour."""
    out = []
    for p in r.saved:
        out.append((_("{board}: {path} changed by the pupil: saved on this computer "
                      "(atelier backups)").format(board=who(r), path=p), "cyan"))  # fmt: skip
    for p in r.kept:
        out.append((_("{board}: {path} changed by the pupil: left on the board").format(
            board=who(r), path=p), "cyan"))  # fmt: skip
    for w in r.warnings:
        out.append((w, "yellow"))
    if not r.ok:
        line = _("{board}: {message}").format(board=who(r), message=r.message)
        out.append((line, "yellow" if r.interrupted else "red"))
    return out


def report(outcome: Outcome, title: str, place_header: str, console: Console,
           err: Console) -> int:  # fmt: skip
    """Print the table and the notes; the exit code: 130 after Ctrl-C, 1 if a board failed."""
    console.print(table(title, outcome.results, place_header))
    for r in outcome.results:
        if r.traceback:
            err.print(r.traceback, markup=False, highlight=False)
    for r in outcome.results:
        for line, style in notes(r):
            (console if style == "cyan" else err).print(Text(line, style=style), soft_wrap=True)
    if outcome.interrupted:
        err.print(Text(_("interrupted: run the same command again to finish"), style="yellow"))
        return 130
    if outcome.failed:
        n, total = len(outcome.failed), len(outcome.results)
        text = _("boards failed: {n} of {total}; fix what is said above and run the same "
                 "command again: it finishes the job").format(n=n, total=total)  # fmt: skip
        err.print(Text(text, style="bold red"))
        return 1
    return 0
