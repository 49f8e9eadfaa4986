"""The class-set commands (deploy, flash, reset, collect, label, restore, boards, history,
backups): what each does to the boards, the inventory and the pupils' saved files. The CLI
(atelier.cli) parses and calls these; the targets (atelier.targets) speak to the boards."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from rich.console import Console

from atelier import classset
from atelier.backups import Backups, Board, copy_out, folder_name
from atelier.errors import UserError
from atelier.i18n import _
from atelier.inventory import Inventory
from atelier.plan import BoardResult, clean_label

SHORT_ID = classset.SHORT_ID


class Session:
    """The inventory and the pupils' saved files, for one command over many boards."""

    def __init__(self, console: Console, err: Console):
        self.console, self.err = console, err
        self.inv = Inventory()
        self.backups = Backups(self.inv)

    def close(self) -> None:
        try:
            if self.backups.made:
                self.backups.prune()
        finally:
            self.inv.close()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def label_for(self, uid: str, board_label: str = "") -> str:
        """A board's label: the inventory's when it has one (it wins: `label --force` moved
        it), else the one the board carries unless another board has it here."""
        row = self.inv.board(uid) if uid else None
        if row and row.label:
            return row.label
        if board_label and not self.inv.owner_of(board_label, uid):
            return board_label
        return ""

    def saver(self, reason: str):
        def save(res: BoardResult, path: str, data: bytes) -> None:
            if not res.label:
                res.label = self.label_for(res.uid)
            self.backups.save(Board(res.uid, res.label, res.board_type, res.where), path, data,
                              reason)  # fmt: skip

        return save

    def remember(self, r: BoardResult, *, lesson: str | None = None, version: str = "",
                 record: str | None = None) -> None:  # fmt: skip
        """Note the board in the inventory (and the deploy in the history when `record`)."""
        if r.uid:
            warning = self.inv.seen(r.uid, type=r.board_type or None, port=r.where,
                                    label=r.label or None,
                                    lesson=lesson if r.ok and lesson is not None else None,
                                    lesson_version=version if r.ok and lesson is not None
                                    else None)  # fmt: skip
            if warning:
                r.warnings.append(warning)
                r.label = self.label_for(r.uid)
        if record is not None:
            self.inv.record_deploy(uid=r.uid, port=r.where, board_type=r.board_type,
                                   label=r.label, lesson=record, version=version, ok=r.ok,
                                   result=_result_text(r), files=r.files, bytes_=r.bytes,
                                   seconds=r.seconds)  # fmt: skip

    def run(self, items, work, title: str, place_header: str, total: int | None = None,
            where=str) -> int:  # fmt: skip
        outcome = classset.run_all(items, work, where=where, console=self.console,
                                   err=self.err, total=total)  # fmt: skip
        return classset.report(outcome, title, place_header, self.console, self.err)


def _result_text(r: BoardResult) -> str:
    text = r.message
    if r.saved:
        text += " · " + _("saved: {files}").format(files=", ".join(r.saved))
    return text


# -- finding targets ------------------------------------------------------------------------------
def serial_ports(ports: tuple[str, ...], all_: bool, board_id: str | None) -> list[str]:
    from atelier.boards import load_boards
    from atelier.targets.serial import find_ports

    if ports and all_:
        raise UserError(_("say either --port PORT (repeatable) or --all, not both"))
    if all_:
        known = load_boards()
        found = [p.device for p in find_ports(known, board_id)
                 if board_id or not _drive_first(known, p.types)]  # fmt: skip
        if not found:
            hint = ""
            if board_id and "hex" in load_boards().get(board_id).transports:
                hint = _(" (micro:bits on their MICROBIT drive take a .hex: atelier flash --all)")
            if board_id:
                msg = _("no {board} board found on a serial port: plug them in, or name them "
                        "with --port").format(board=board_id)  # fmt: skip
            else:
                msg = _("no board found on a serial port: plug them in, or name them with "
                        "--port")  # fmt: skip
            raise UserError(msg + hint)
        return found
    if not ports:
        raise UserError(_("say which boards: --port PORT (repeatable) or --all"))
    return list(dict.fromkeys(ports))


def _drive_first(known, types: list[str]) -> bool:
    """Boards reached through their drive (CircuitPython): --all takes them by their drive,
    not a second time by their serial port."""
    return bool(types) and all(known.get(t).transports[:1] == ["drive"] for t in types)


def drives(paths: tuple[str, ...], all_: bool, kind: str, required: bool = True) -> list:
    from atelier.targets.drives import drive_at, find_drives

    name = "MICROBIT" if kind == "microbit" else "CIRCUITPY"
    if all_:
        found = find_drives(kind)
        if not found and required:
            raise UserError(_("no {name} drive is mounted: plug the boards in (and wait a "
                              "moment)").format(name=name))  # fmt: skip
        return found
    return [drive_at(p, kind) for p in dict.fromkeys(paths)]


# -- deploy -----------------------------------------------------------------------------------
def deploy(s: Session, make_bundle, board_type, ports: tuple[str, ...],
           drive_paths: tuple[str, ...], all_: bool) -> int:  # fmt: skip
    """Put a lesson on boards of `board_type` the way they take it: CIRCUITPY drives (named,
    or --all for a board reached by its drive first), else serial ports. `make_bundle(compile)`
    builds the files (compiled to .mpy for serial boards). Returns the exit code."""
    reach = [t for t in board_type.transports if t in ("drive", "serial")]
    if drive_paths or (all_ and reach[:1] == ["drive"]):
        if "drive" not in board_type.transports:  # boards.toml admits it on CircuitPython only
            raise UserError(_("{board} has no CIRCUITPY drive; for a micro:bit use atelier "
                              "flash --drive/--all").format(board=board_type.id))  # fmt: skip
        bundle = make_bundle(False)
        return deploy_drives(s, bundle, drives(drive_paths, all_, "circuitpython"))
    if "serial" not in board_type.transports:
        raise UserError(_("{board} is not reached over a serial port; use --drive/--all").format(
            board=board_type.id))  # fmt: skip
    targets = serial_ports(ports, all_, board_type.id)
    return deploy_serial(s, make_bundle(True), targets)


def deploy_serial(s: Session, bundle, ports: list[str]) -> int:
    from atelier.targets.serial import deploy

    lesson_id = bundle.lesson.id if bundle.lesson else "program"
    version = bundle.lesson.info.version if bundle.lesson else ""
    save = s.saver(_("replaced by {lesson}").format(lesson=lesson_id))

    def work(port, progress, total, stop):
        r = deploy(port, bundle, lesson_id, version, progress, total, label_for=s.label_for,
                   save=save, stop=stop)  # fmt: skip
        r.board_type = r.board_type or bundle.board.id
        s.remember(r, lesson=lesson_id, version=version, record=lesson_id)
        return r

    title = _("{lesson} {version} → {n} board(s)").format(lesson=lesson_id, version=version,
                                                           n=len(ports))  # fmt: skip
    _warn_one_label(s, bundle, len(ports))
    return s.run(ports, work, title, _("port"))


def _warn_one_label(s: Session, bundle, n: int) -> None:
    """net.toml's `label` (one board at home) names every board it goes onto: several boards
    of the class would publish under one name, and the hub would show one card."""
    from atelier.netsettings import NET_MODULE, load_net_settings

    if n < 2 or not any(Path(p).stem == NET_MODULE for p in bundle.files):
        return
    settings = load_net_settings()
    if settings is not None and settings.label:
        s.err.print(_("net.toml gives every board the label {label!r} (for one board at home): "
                      "these {n} boards will publish under one name; remove it with atelier "
                      "net set (without --label) so each board uses its own").format(
                          label=settings.label, n=n), style="yellow", markup=False,
                    highlight=False, soft_wrap=True)  # fmt: skip


def deploy_drives(s: Session, bundle, targets: list) -> int:
    from atelier.targets.drives import sync_drive

    board_type = bundle.board
    lesson_id = bundle.lesson.id if bundle.lesson else "program"
    version = bundle.lesson.info.version if bundle.lesson else ""
    want = board_type.runtime_version.split(".")[0]
    save = s.saver(_("replaced by {lesson}").format(lesson=lesson_id))

    def work(d, progress, _total, stop):
        from atelier.targets.drives import DriveResult

        if d.version and d.version.split(".")[0] != want:
            return DriveResult(
                d,
                message=_(
                    "CircuitPython {have} on the board; this lesson is for {want}: update "
                    "CircuitPython"
                ).format(have=d.version, want=board_type.runtime_version),
            )
        warnings = []
        if d.board_id and d.board_id != board_type.name:  # boot_out.txt names the board
            from atelier.boards import load_boards

            other = [b.id for b in load_boards() if b.name == d.board_id]
            if other:
                return DriveResult(
                    d,
                    message=_(
                        "this board is a {found}, not a {wanted}; nothing was written: deploy "
                        "with --board {found}"
                    ).format(found=other[0], wanted=board_type.id),
                )
            warnings.append(_("{drive}: atelier does not know this board ({name}); the lesson "
                              "is for a {wanted}: its pins may not match").format(
                drive=d.path, name=d.board_id, wanted=board_type.name))  # fmt: skip
        r = sync_drive(d, bundle.files, lesson_id, board_type.main_file, progress,
                       version=version, board_id=board_type.id, save=save, stop=stop,
                       label_for=s.label_for)  # fmt: skip
        r.warnings = warnings + r.warnings
        s.remember(r, lesson=lesson_id, version=version, record=lesson_id)
        return r

    title = _("{lesson} {version} → {n} board(s)").format(lesson=lesson_id, version=version,
                                                           n=len(targets))  # fmt: skip
    return s.run(targets, work, title, _("drive"), total=bundle.size,
                 where=lambda d: str(d.path))  # fmt: skip


# -- flash (.hex onto MICROBIT drives) --------------------------------------------------------
def serial_port_of(drive, ports) -> str:
    """The serial port of the board whose MICROBIT drive this is (DAPLink gives the drive's
    Unique ID as the port's USB serial number)."""
    uid = (drive.unique_id or "").lower()
    for p in ports:
        if uid and (p.serial_number or "").lower() == uid:
            return p.device
    return ""


def save_before_flash(s: Session, r: BoardResult, port: str, stop, overwrite: bool) -> None:
    """Read the pupil's files off a micro:bit (over its serial port) before a .hex erases
    them. A board where no MicroPython answers holds no pupil's Python files."""
    from atelier.targets.serial import Link, NoMicroPython, pupils_files, read_file

    save = s.saver(_("before flashing"))
    try:
        with Link(port, timeout=5) as link:
            link.enter()
            paths, info = pupils_files(link)
            r.uid = info.uid or r.uid  # the board's own id, as deploy and boards know it
            r.label = s.label_for(r.uid, info.label)
            for p in paths:
                if stop.is_set():
                    raise UserError(_("interrupted (Ctrl-C) before flashing; nothing was "
                                      "flashed"))  # fmt: skip
                save(r, p, read_file(link, p))
                r.saved.append(p)
    except NoMicroPython:
        if not overwrite:  # a program that ignores Ctrl-C looks the same as MakeCode
            raise UserError(_(
                "no MicroPython answers on its serial port, so the pupil's files cannot be read "
                "before flashing; nothing was flashed: press the board's reset button and run "
                "the same command again (a new board, or one running MakeCode: add "
                "--overwrite)")) from None  # fmt: skip


def flash(s: Session, bundle, data: bytes, name: str, targets: list, overwrite: bool,
          others: dict | None = None) -> int:  # fmt: skip
    """Copy the .hex `data` (of `bundle`) onto each MICROBIT drive in `targets`; a drive of
    another micro:bit version gets its own from `others` (board id -> (bundle, .hex), or the
    one-line reason there is none)."""
    from atelier.boards import load_boards
    from atelier.targets.drives import DriveResult, copy_hex
    from atelier.targets.serial import find_ports

    ports = find_ports(load_boards())
    mine = (bundle, data)

    def work(d, progress, _total, stop):
        t0 = time.monotonic()
        bundle, data = mine
        if d.board_id and d.board_id != bundle.board.id:
            other = (others or {}).get(d.board_id)
            if isinstance(other, str):
                return DriveResult(d, message=other)
            if other is None:
                msg = _("this is a {found}: nothing was flashed; use --board {found}")
                return DriveResult(d, message=msg.format(found=d.board_id))
            bundle, data = other
        board_type = bundle.board
        r = DriveResult(d, board_type=d.board_id or board_type.id, label=s.label_for(d.unique_id))
        r.uid = ""  # the board's own id comes over serial; DAPLink's is the drive's
        port = serial_port_of(d, ports)
        try:
            if port:
                save_before_flash(s, r, port, stop, overwrite)
            elif not overwrite:
                r.message = _("cannot read the pupil's files before flashing (no serial port "
                              "found for this micro:bit); nothing was flashed: plug it in with "
                              "a data cable, or add --overwrite to flash anyway and lose the "
                              "files on the board")  # fmt: skip
                return r
        except UserError as e:
            r.message = str(e)
            r.interrupted = stop.is_set()
            return r
        if stop.is_set():
            r.interrupted, r.message = True, _("not flashed (Ctrl-C)")
            return r
        done = copy_hex(d, data, name, progress)
        done.saved, done.label, done.uid = r.saved, r.label, r.uid or done.uid
        done.board_type = r.board_type
        done.seconds = time.monotonic() - t0  # reading the pupils' files included
        s.remember(done, record=bundle.lesson.id if bundle.lesson else "program",
                   version=bundle.lesson.info.version if bundle.lesson else "")  # fmt: skip
        return done

    title = _("{name} → {n} micro:bit(s)").format(name=name, n=len(targets))
    total = max([len(data)] + [len(o[1]) for o in (others or {}).values() if isinstance(o, tuple)])
    return s.run(targets, work, title, _("drive"), total=total, where=lambda d: str(d.path))


# -- reset, collect -------------------------------------------------------------------------------
CIRCUITPY_HARMLESS = (
    "# Cette carte attend une leçon : atelier deploy LECON --drive ...\n"
    "# This board waits for a lesson: atelier deploy LESSON --drive ...\n"
)


def reset(s: Session, ports: list[str], drive_list: list) -> int:
    from atelier.targets.drives import sync_drive
    from atelier.targets.serial import on_board, reset_board

    save = s.saver(_("reset"))

    def work(target, progress, _total, stop):
        if isinstance(target, str):
            r = on_board(target, lambda link: reset_board(link, save=save, stop=stop))
        else:
            r = sync_drive(target, {"code.py": CIRCUITPY_HARMLESS.encode()}, "", "code.py",
                           board_id=_drive_board(target), save=save, stop=stop,
                           label_for=s.label_for)  # fmt: skip
            if r.ok:
                r.message = _("lesson removed")
                r.files += r.deleted
        s.remember(r, lesson="", record="reset")
        return r

    targets = [*ports, *drive_list]
    return s.run(targets, work, _("reset"), _place_header(drive_list), where=_place)


def _place_header(drive_list: list) -> str:
    return _("where") if drive_list else _("port")


def _drive_board(d) -> str:
    from atelier.boards import load_boards

    return next((b.id for b in load_boards() if b.name == d.board_id), "")


def _place(target) -> str:
    return target if isinstance(target, str) else str(target.path)


class _Folders:
    """One folder per board in `out`, never two boards in one (a label twice, or missing)."""

    def __init__(self, out: Path):
        self.out, self.lock, self.taken = out, threading.Lock(), {}

    def get(self, label: str, uid: str, where: str) -> Path:
        base = folder_name(label, uid) if label or uid else folder_name(Path(where).name)
        with self.lock:
            name = base
            if self.taken.get(name, uid) != uid:
                name = f"{base}-{uid[:SHORT_ID] or Path(where).name}"
            self.taken[name] = uid
        return self.out / name


def _keep_copy(folder: Path, path: str, data: bytes) -> bool:
    """Write a board's file into its folder, never over a different file (a second copy gets
    a new name); False if the very same file is there already."""
    from atelier.backups import safe_path

    dest = folder / safe_path(path)
    try:
        if dest.is_file() and dest.read_bytes() == data:
            return False
        copy_out(data, folder, path)
    except OSError:
        raise UserError(_("{path}: cannot write on this computer; choose another --out "
                          "folder").format(path=dest)) from None  # fmt: skip
    return True


def collect(s: Session, ports: list[str], drive_list: list, out: Path) -> int:
    from atelier.targets.drives import pupils_files_on_drive, read_manifest
    from atelier.targets.serial import on_board, pupils_files, read_file

    folders = _Folders(out)

    def from_link(link) -> BoardResult:
        link.enter()
        paths, info = pupils_files(link)
        r = BoardResult(link.port, ok=True, uid=info.uid)
        link.result = r
        r.label = s.label_for(info.uid, info.label)
        folder = folders.get(r.label, r.uid, r.where)
        for p in paths:
            data = read_file(link, p)
            _keep_copy(folder, p, data)
            r.collected.append(p)
            r.bytes += len(data)
        return r

    def work(target, progress, _total, stop):
        if isinstance(target, str):
            r = on_board(target, from_link)
        else:
            r = BoardResult(str(target.path), ok=True, uid=target.unique_id)
            m = read_manifest(target.path)
            r.label = s.label_for(r.uid, m.label if m else "")
            folder = folders.get(r.label, r.uid, r.where)
            try:
                for p in pupils_files_on_drive(target.path):
                    data = (target.path / p).read_bytes()
                    _keep_copy(folder, p, data)
                    r.collected.append(p)
                    r.bytes += len(data)
            except OSError:
                r.ok = False
                r.message = _(
                    "{drive}: could not read the drive (unplugged?); plug it in and "
                    "run the same command again"
                ).format(drive=target.path)
        if r.ok:
            r.files = len(r.collected)
            folder = folders.get(r.label, r.uid, r.where)
            r.message = _("{n} file(s)").format(n=r.files) if r.files else _("nothing")
            if r.files:
                r.warnings.append(
                    _("{board}: {files} → {folder}").format(
                        board=classset.who(r), files=", ".join(r.collected), folder=folder
                    )
                )
        s.remember(r)
        return r

    targets = [*ports, *drive_list]
    return s.run(targets, work, _("collect → {out}").format(out=out), _place_header(drive_list),
                 where=_place)  # fmt: skip


# -- label ----------------------------------------------------------------------------------------
def label(s: Session, target: str, name: str, force: bool) -> str:
    """Name the board on a serial port or CIRCUITPY drive; returns its unique id."""
    from atelier.targets.drives import CIRCUITPY_MARKER, read_boot_out, write_drive_label
    from atelier.targets.serial import Link, probe, write_label

    name = clean_label(name)
    if not name or len(name) > 40:
        raise UserError(_('a label is 1 to 40 characters (for example "Poste 12")'))
    path = Path(target)
    if path.is_dir() and (path / CIRCUITPY_MARKER).is_file():
        d = read_boot_out(path)
        uid = d.unique_id or str(path)
        s.inv.check_label(uid, name, force)
        write_drive_label(d, name)
        s.inv.set_label(uid, name, force, port=str(path))
        return uid
    with Link(target) as link:
        link.enter()
        uid = probe(link).uid
        s.inv.check_label(uid, name, force)  # before anything changes on the board
        write_label(link, name)
        link.soft_reboot()
    s.inv.set_label(uid, name, force, port=target)
    return uid


# -- saved files: list, restore -----------------------------------------------------------------
def restore(s: Session, ids: tuple[int, ...], port: str | None, drive: str | None,
            out: Path | None) -> list[str]:  # fmt: skip
    """Put saved copies back: onto a board (serial port or CIRCUITPY drive) or into a folder.
    Returns one line per file."""
    from atelier.targets.serial import BoardError, Link
    from atelier.targets.serial import restore as restore_on_board

    if sum(x is not None for x in (port, drive, out)) != 1:
        raise UserError(_("say where to put the copies: --port PORT, --drive PATH or --out "
                          "FOLDER"))  # fmt: skip
    rows = []
    for i in ids:
        row = s.inv.saved_by_id(i)
        if row is None:
            raise UserError(_("no saved copy n°{id}: atelier backups lists them").format(id=i))
        rows.append((row, s.backups.read(row)))
    lines = []
    if out is not None:
        for row, data in rows:
            dest = copy_out(data, out, row.path)
            lines.append(_("n°{id} {path} → {dest}").format(id=row.id, path=row.path, dest=dest))
        return lines
    save = s.saver(_("replaced by a restored copy"))
    if drive is not None:
        from atelier.targets.drives import drive_at, restore_drive

        d = drive_at(drive, "circuitpython")
        for row, data in rows:
            r = restore_drive(d, row.path, data, save, label=s.label_for(d.unique_id))
            lines.append(_("n°{id} {path} → {dest}").format(id=row.id, path=row.path,
                                                           dest=d.path / row.path))  # fmt: skip
            lines += [_("{path} on the board was the pupil's: saved first").format(path=p)
                      for p in r.saved]  # fmt: skip
        return lines
    try:
        with Link(port) as link:
            for row, data in rows:
                r = restore_on_board(link, row.path, data, save)
                lines.append(_("n°{id} {path} → {dest}").format(
                    id=row.id, path=row.path, dest=f"{port}:{row.path}"))  # fmt: skip
                for p in r.saved:
                    lines.append(_("{path} on the board was the pupil's: saved first").format(
                        path=p))  # fmt: skip
            link.soft_reboot()
    except BoardError as e:
        raise UserError(str(e)) from None
    return lines
