"""What the teacher reads about the class set: the boards plugged in, the deploy history and
the pupils' saved files, as tables of one row per board that fit 80 columns."""

from __future__ import annotations

import time

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from atelier.classset import short
from atelier.i18n import _

SHORT_ID = 8


def boards(console: Console, ports: tuple[str, ...] = (), quick: bool = False):
    """(the table of boards plugged in, or None if there is none; lines to warn about)."""
    from concurrent.futures import ThreadPoolExecutor

    from atelier.boards import detect_board_type, load_boards
    from atelier.inventory import Inventory
    from atelier.targets.drives import find_drives, read_manifest
    from atelier.targets.serial import BoardError, Link, Port, find_ports, probe

    known = load_boards()
    found = find_ports(known)
    found += [Port(p, []) for p in ports if all(f.device != p for f in found)]
    table = Table(title=_("Connected boards"), box=box.SIMPLE_HEAD, padding=(0, 0, 0, 0),
                  show_edge=False)  # fmt: skip
    # one row per board in 80 columns: fixed widths, the lesson takes what is left once each
    # column has its width and the space after it
    widths = {"label": 10, "type": 11, "id": 8, "where": 10, "runtime": 7, "free": 7}
    rest = min(console.width - sum(widths.values()) - len(widths), 40)
    for key, header in (
        ("label", _("label")),
        ("type", _("type")),
        ("id", "id"),
        ("where", _("where")),
        ("runtime", _("runtime")),
        ("free", _("free")),
    ):
        table.add_column(header, no_wrap=True, width=widths[key], overflow="ellipsis",
                         justify="right" if key == "free" else "left")  # fmt: skip
    table.add_column(_("lesson"), no_wrap=True, width=max(10, rest), overflow="ellipsis")
    problems = []

    def ask(port: Port):
        if quick:
            return port, None, ""
        try:
            with Link(port.device, timeout=5) as link:
                link.enter()
                info = probe(link)
                link.soft_reboot()
                return port, info, ""
        except BoardError as e:
            return port, None, str(e).removeprefix(port.device + ": ")

    with ThreadPoolExecutor(max_workers=max(1, min(32, len(found)))) as pool:
        answers = list(pool.map(ask, found))
    with Inventory() as inv:
        for port, info, problem in answers:
            where = short(port.device, 10)  # the end of the port's name says most
            if info is None:
                row = inv.board(port.serial_number) if port.serial_number else None
                table.add_row(escape(row.label if row else "-"), " / ".join(port.types) or "?",
                              (port.serial_number or "?")[:8], escape(where),
                              "[red]?[/]" if problem else "", "", "")  # fmt: skip
                if problem:
                    problems.append(f"{port.device}: {problem}")
                continue
            kind = detect_board_type(known, info.platform, info.runtime, info.version, port.types,
                                     machine=info.machine)  # fmt: skip
            warning = inv.seen(info.uid, type=kind or None, port=port.device,
                               label=info.label or None,
                               runtime=f"{info.runtime} {info.version}")  # fmt: skip
            if warning:
                problems.append(f"{port.device}: {warning}")
            row = inv.board(info.uid) if info.uid else None
            label = row.label if row else info.label
            fs = known.get(kind).filesystem.size if kind in known.ids() else 0
            # the version alone: the type says MicroPython or CircuitPython
            table.add_row(escape(label or "-"), kind or "?", info.uid[:8] or "?", escape(where),
                          info.version, f"{info.free_bytes(fs) // 1024} KB",
                          escape(info.lesson or "-"))  # fmt: skip
        for d in find_drives():
            row = inv.board(d.unique_id) if d.unique_id else None
            m = read_manifest(d.path) if d.kind == "circuitpython" else None
            label = (row.label if row else "") or (m.label if m else "")
            # a MICROBIT drive is DAPLink's: its version is the interface's, not MicroPython's
            runtime = d.version if d.kind == "circuitpython" and d.version else "-"
            kind = d.board_id
            if d.kind == "circuitpython":  # boot_out.txt names it as Adafruit does
                kind = next((b.id for b in known if b.name == d.board_id), d.board_id)
            # DAPLink's Unique ID starts with the board kind (9904...): show what differs
            uid = d.unique_id[4:12] if d.kind == "microbit" else d.unique_id[:8]
            table.add_row(escape(label or "-"), kind or d.kind, uid or "?",
                          escape(short(str(d.path), 10)), runtime, "",
                          escape(m.lesson if m and m.lesson else "-"))  # fmt: skip
    return (table if table.rows else None), problems


def history(console: Console, who: str | None, limit: int) -> bool:
    """Print the deploys and the saved files (of WHO); False if there is nothing yet."""
    from atelier.inventory import Inventory

    with Inventory() as inv:
        rows = inv.history(who, limit)
        saved = inv.saved(who, limit)
        found = inv.find(who) if who else []
    if len(found) == 1:  # the short id's whole: the board in one line
        b = found[0]
        seen = time.strftime("%d/%m/%Y %H:%M", time.localtime(b.last_seen))
        console.print(_("{label} · {type} · {uid} · {port} · last seen {when}").format(
            label=b.label or "-", type=b.type or "?", uid=b.uid, port=b.port or "-",
            when=seen), markup=False, soft_wrap=True)  # fmt: skip
    if not rows and not saved:
        return False
    if rows:
        table = Table(title=_("Deploy history"), box=box.SIMPLE_HEAD, pad_edge=False,
                      padding=(0, 1, 0, 0))  # fmt: skip
        table.add_column(_("when"), no_wrap=True, min_width=11)
        table.add_column(_("label"), no_wrap=True, max_width=12, overflow="ellipsis")
        table.add_column(_("board"), no_wrap=True, min_width=8)
        table.add_column(_("lesson"), no_wrap=True, max_width=18, overflow="ellipsis")
        table.add_column(_("result"), no_wrap=True, max_width=16, overflow="ellipsis")
        table.add_column(_("files"), justify="right", no_wrap=True, min_width=5)
        reasons = []
        for r in rows:
            when = time.strftime("%d/%m %H:%M", time.localtime(r["at"]))
            board = r["uid"][:8] if r["uid"] else short(r["port"], 12)
            word = r["result"] if r["ok"] else _("failed")
            if not r["ok"]:
                reasons.append(f"{when} {r['label'] or r['port']}: {r['result']}")
            table.add_row(when, escape(r["label"] or "-"), escape(board),
                          escape(f"{r['lesson']} {r['version']}".strip()),
                          f"[{'green' if r['ok'] else 'red'}]{escape(word)}[/]",
                          str(r["files"]))  # fmt: skip
        console.print(table)
        for line in reasons:
            console.print(line, style="red", markup=False)
    if saved:
        console.print(saved_table(saved, _("Pupils' files saved (atelier restore N)")))
    return True


def saved_table(rows, title: str) -> Table:
    """The pupils' saved files, one row per copy, with the number `atelier restore` takes."""
    t = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1, 0, 0))
    t.add_column(_("no."), justify="right", no_wrap=True)
    t.add_column(_("when"), no_wrap=True)
    t.add_column(_("label"), no_wrap=True, max_width=16, overflow="ellipsis")
    t.add_column(_("file"), max_width=24, overflow="fold")
    t.add_column(_("bytes"), justify="right", no_wrap=True)
    t.add_column(_("why"), overflow="fold")
    for r in rows:
        t.add_row(str(r.id), time.strftime("%d/%m %H:%M", time.localtime(r.at)),
                  escape(r.label or r.uid[:SHORT_ID] or "-"), escape(r.path), str(r.size),
                  escape(r.reason))  # fmt: skip
    return t
