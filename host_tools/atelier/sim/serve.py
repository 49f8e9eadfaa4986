"""Simulated boards behind pseudo-terminals that speak MicroPython's REPL (`atelier sim serve`).

Each board is a simulated board (VM, hardware, flash folder) whose VM, after main.py, waits
for code from the serial line. The line speaks what a real board does: the friendly REPL
(>>> with echo), the raw REPL (Ctrl-A, code, Ctrl-D -> "OK" output \\x04 errors \\x04 >), raw
paste (Ctrl-E A Ctrl-A, windowed flow control), Ctrl-C to interrupt, Ctrl-D soft reboot. So
mpremote, Thonny and atelier's own deploy can talk to it; `bps` throttles the line like a
real USB-serial link.

While served, each board is listed in the registry (sim/registry.py), so `--all` and
`atelier boards` find it as they find a plugged-in board; its number k (name "pico#k", and so its
unique id) is the first one no other served board of its type holds. With `drives`, each
micro:bit also gets a MICROBIT drive folder (sim/drive.py): a .hex copied there flashes it.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import struct
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from atelier.backends import backend_of
from atelier.errors import UserError
from atelier.i18n import _
from atelier.sim import registry
from atelier.sim.board import Sim, SimBoard, clean_traceback
from atelier.sim.vm import _simproto as P

# requests after which a Ctrl-C has nothing left to interrupt
_NOTHING_TO_INTERRUPT = (P.REPL_READ, P.REPL_ERROR, P.PROGRAM_FAILED, P.PROGRAM_ENDED, P.VM_EXITED)

BANNER = 'MicroPython v{v} on atelier-sim; {name}\r\nType "help()" for more information.\r\n'
RAW_PROMPT = b"raw REPL; CTRL-B to exit\r\n>"
WINDOW = 128  # raw-paste window, as on small boards
SIGNAL_AFTER = 0.05  # s: a Ctrl-C waits this long for the VM's next request, then signals
DRIVE_POLL = 0.1  # s between two looks at a served micro:bit's drive folder


class ServedBoard(SimBoard):
    """A simulated board whose serial line is the master side of a pseudo-terminal."""

    serves_itself = True

    def __init__(self, *args, master: int, bps: float | None = None, drive=None, **kw):
        self.master = master
        self.bps = bps
        self.drive = drive  # its MICROBIT drive (sim/drive.py MicrobitDrive), if it has one
        self._drive_due = 0.0
        self._run_main = True
        self._fresh_line()
        super().__init__(*args, on_output=self._output, **kw)

    def _fresh_line(self) -> None:
        """The serial line's state as the board powers on."""
        self.mode = "friendly"  # friendly | raw
        self.idle = False  # the VM waits for code (rx)
        self.frame = False  # a raw REPL command runs: its output frame is open
        self.err = ""
        self.raw = bytearray()
        self.paste: bytearray | None = None  # raw-paste data while it arrives
        self.paste_count = 0
        self.line = ""
        self.block: list[str] = []
        self._esc = b""
        self.executing = False
        self._queued: str | None = None
        self._held = bytearray()  # input that arrived while the board was busy
        self.line_in: str | None = None  # the line input() reads while the program waits
        self._lull = False  # the REPL's wait ran out: it asks again, the prompt is there

    # -- the VM ------------------------------------------------------------------------------
    def _start_vm(self) -> None:
        self._class_network()
        self._config["repl"] = True
        self._config["run_main"] = self._run_main
        self._in_main = self._run_main  # main.py runs until the REPL first asks for code
        self.idle = False
        self.up = False  # the VM said VM_UP: a SIGINT is now a KeyboardInterrupt in it
        self._interrupt_at: float | None = None  # a Ctrl-C not delivered yet: signal it then
        super()._start_vm()

    def _class_network(self) -> None:
        """The Wi-Fi around the board as it boots: the network net.toml names (what `atelier
        deploy` puts on the board), else the simulated open one (`atelier-sim`); read again at
        each boot, so a net.toml written after `sim serve` started counts. A world a test set
        itself is left alone."""
        from atelier.netsettings import SIMULATED, load_net_settings

        w = self.world
        if w.wifi and w.wifi != getattr(self, "_auto_wifi", None):
            return
        try:
            settings = load_net_settings() or SIMULATED
        except UserError:  # a broken net.toml: deploy said so; the board finds no network
            settings = SIMULATED
        w.wifi = {settings.ssid: {"password": settings.password, "rssi": -60}}
        self._auto_wifi = dict(w.wifi)

    def _interrupt_answer(self) -> None:
        """Answer the request the VM waits on (a sleep...) with KeyboardInterrupt, at once."""
        self._interrupt_at = None
        self.line_in = None
        self._pending = None
        self.state = "running"
        self.running_since = time.monotonic()
        self.vm.answer_error("KeyboardInterrupt", "")

    def _interrupt(self) -> None:
        """Ctrl-C while the board runs: KeyboardInterrupt at its next request to the host, or
        by a signal if it computes on without one (a SIGINT lands anywhere, even in the C
        library, so it is kept for code that only computes)."""
        if self.state == "waiting":
            self._interrupt_answer()
        elif self._interrupt_at is None:
            self._interrupt_at = time.monotonic() + SIGNAL_AFTER

    def _handle(self, msg) -> None:
        if self._boot_ended(msg):
            return
        if msg.op == P.RESYNC:  # Ctrl-C landed inside a request: drop its answer, send the marker
            if self.state == "waiting" and not self.idle:
                self._pending = None
                self.state = "running"
                self.running_since = time.monotonic()
            self.vm.answer("\x00sync" + msg.args + "\x00")
            return
        if msg.op in _NOTHING_TO_INTERRUPT:
            self._interrupt_at = None
        elif self._interrupt_at is not None and msg.wants_answer:  # the Ctrl-C lands here
            self._capture_output()
            self.up = True
            self._interrupt_answer()
            return
        if msg.op == P.VM_UP:
            self.up = True
            self.vm.answer("")
            return
        if msg.op == P.INPUT_LINE:  # input(): wait for a line of the serial line (_line_byte)
            self._capture_output()
            self.state, self.wake_us, self.line_in = "waiting", float("inf"), ""
            return
        if msg.op in (P.PROGRAM_ENDED, P.PROGRAM_FAILED, P.VM_EXITED):
            if msg.op == P.PROGRAM_FAILED:
                tb = clean_traceback(json.loads(msg.args)) + "\n"
                self._write(tb.replace("\n", "\r\n"))
            elif msg.op == P.VM_EXITED:
                # the VM itself ended (killed, out of memory): what a pupil in Thonny reads
                self._write("\r\nMPY: " + _("the board stopped; soft reboot") + "\r\n")
                self._reboot(run_main=True)
            return
        if msg.op == P.REPL_ERROR:
            self._capture_output()
            self.err = clean_traceback(json.loads(msg.args)) + "\n"
            self.vm.answer("")
            return
        if msg.op == P.REPL_READ:
            self._in_main = False
            self._capture_output()
            # with timers, pin interrupts or threads running, the VM says how long it may wait
            wake = self.now_us + int(msg.args) if msg.args.strip() else float("inf")
            if self.idle or self._lull:  # asked again (a Ctrl-C, a lull): the prompt is there
                if self._lull:
                    self.state, self.wake_us, self.idle, self._lull = "waiting", wake, True, False
                return
            self.state, self.wake_us, self.idle = "waiting", wake, True
            executed, self.executing = self.executing, False
            if self.frame and executed:  # the command is over: close its output frame
                self._write(b"\x04" + self.err.replace("\n", "\r\n").encode() + b"\x04>")
                self.frame, self.err = False, ""
            elif self.mode == "friendly" and (executed or not self.frame):
                if self.err:  # a friendly line's error: its traceback, then the prompt
                    self._write(self.err.replace("\n", "\r\n"))
                    self.err = ""
                self._write(b">>> ")
            return
        super()._handle(msg)

    def _irq_due(self) -> bool:
        pins = getattr(self.hardware, "pins", None)
        return bool(getattr(pins, "_irq_pending", None))

    def _resume(self) -> None:
        if self.idle:  # the REPL's wait ran out (a timer is due): no code, the prompt stays
            self.idle, self._lull = False, True
        super()._resume()

    def _give(self, code: str) -> None:
        """Hand code to the idle VM ("x": run as a whole; "s": one friendly line)."""
        self.idle = False
        self.executing = True
        self.state = "running"
        self.running_since = time.monotonic()
        self.vm.answer(code)

    def _reboot(self, run_main: bool, cause: str = "soft") -> None:
        self._run_main = run_main
        self._config["reset_cause"] = cause
        self._restart()

    def _hard_reset(self, cause: str = "hard") -> None:
        """machine.reset() is a hard reset: main.py runs, whatever the last soft reboot was."""
        self._fresh_line()
        self._reboot(run_main=True, cause=cause)

    def power_cycle(self) -> None:
        """Off and on again (what DAPLink does after flashing): a fresh VM runs main.py."""
        self._fresh_line()
        self._reboot(run_main=True, cause="power")

    def flash_files(self, files: dict[str, bytes]) -> None:
        """Flash the board as a .hex does: its filesystem becomes `files` (whatever was on it
        goes, the pupils' files too), then it powers on again."""
        for p in self.flash.iterdir():
            shutil.rmtree(p) if p.is_dir() and not p.is_symlink() else p.unlink()
        for name, data in files.items():
            if Path(name).name == name and name not in (".", ".."):  # a flat filesystem
                (self.flash / name).write_bytes(data)
        self.power_cycle()

    # -- the serial line ---------------------------------------------------------------------
    def _output(self, text: str) -> None:
        self._write(text.replace("\n", "\r\n"))

    def _write(self, data) -> None:
        if isinstance(data, str):
            data = data.encode()
        if self.bps:
            time.sleep(len(data) / self.bps)
        try:
            os.write(self.master, data)
        except OSError:
            pass

    def feed(self, data: bytes) -> None:
        i, n = 0, len(data)
        while i < n:
            if self.paste is not None and self.mode == "raw" and self.idle and not self._held:
                # raw-paste data up to the next control byte, in one go (30 boards at once)
                ends = [k for k in (data.find(b"\x03", i), data.find(b"\x04", i)) if k >= 0]
                j = min(ends, default=n)
                if j > i:
                    self.paste += data[i:j]
                    self.paste_count += j - i
                    acks, self.paste_count = divmod(self.paste_count, WINDOW)
                    if acks:
                        self._write(b"\x01" * acks)
                    i = j
                    continue
            b = data[i]
            i += 1
            # Ctrl-C interrupts at once; anything else waits until the board reads its input
            # again (a real board buffers it), so a traceback comes before the next prompt
            if b != 0x03 and (not self._reading() or self._held):
                if not self._rx_full():
                    self._held.append(b)
            elif self.line_in is not None and b != 0x03:
                self._line_byte(b)
            else:
                self._byte(b)

    @property
    def serial_rx(self) -> bytearray:
        """What the computer sent that the board has not read yet: microbit.uart reads it."""
        return self._held

    def serial_write(self, data: bytes) -> None:
        """microbit.uart.write(): the bytes as they are, no CR added before a LF."""
        self._write(data)

    def _rx_full(self) -> bool:
        """A micro:bit's program (main.py, a REPL command) runs and has left its receive
        buffer full: the next byte is lost, as on the board (its runtime keeps what the buffer
        holds, `UsbUart.rx_size`). Not while the VM starts again for the REPL: the board's
        REPL reads at once."""
        size = getattr(getattr(self.hardware, "uart", None), "rx_size", None)
        running = self._in_main or self.executing
        return size is not None and running and not self._reading() and len(self._held) >= size

    def _reading(self) -> bool:
        """The board reads its serial line: at a prompt, or in input()."""
        return self.idle or self.line_in is not None

    def _line_byte(self, b: int) -> None:
        """A byte for input(): MicroPython's readline echoes printable characters, erases on
        backspace, ends the line at Enter (CR; a LF is ignored); Ctrl-D on an empty line is
        EOFError. Ctrl-C never gets here: it interrupts."""
        if b == 0x0D:
            line, self.line_in = self.line_in, None
            self._write(b"\r\n")
            self.state = "running"
            self.running_since = time.monotonic()
            self.vm.answer(line)
        elif b == 0x04 and not self.line_in:
            self.line_in = None
            self.state = "running"
            self.running_since = time.monotonic()
            self.vm.answer_error("EOFError", "")
        elif b in (0x7F, 0x08):
            if self.line_in:
                self.line_in = self.line_in[:-1]
                self._write(b"\x08 \x08")
        elif 0x20 <= b <= 0x7E:
            self.line_in += chr(b)
            self._write(bytes([b]))

    def _byte(self, b: int) -> None:
        if b == 0x03:  # Ctrl-C: interrupt whatever runs
            self.paste = None
            self.raw.clear()
            if not self.idle:
                self._interrupt()
            elif self.mode == "friendly":
                self.line, self.block = "", []
                self._write(b"\r\n>>> ")
            return
        if self.mode == "raw":
            self._raw_byte(b)
        else:
            self._friendly_byte(b)

    def _raw_byte(self, b: int) -> None:
        if self.paste is not None:  # raw paste: data until Ctrl-D, a window at a time
            if b == 0x04:
                code, self.paste = bytes(self.paste), None
                self._write(b"\x04")
                self._run("x" + code.decode("utf-8", "replace"))
                return
            self.paste.append(b)
            self.paste_count += 1
            if self.paste_count >= WINDOW:
                self.paste_count = 0
                self._write(b"\x01")
            return
        if self._esc:
            self._esc += bytes([b])
            if self._esc == b"\x05A\x01":
                self._esc = b""
                self.paste, self.paste_count = bytearray(), 0
                self._write(b"R\x01" + struct.pack("<H", WINDOW) + b"")
            elif not b"\x05A\x01".startswith(self._esc):
                self._esc = b""
            return
        if b == 0x05 and self._has_raw_paste():
            self._esc = b"\x05"
        elif b == 0x01:
            self.raw.clear()
            self._write(b"\r\n" + RAW_PROMPT)
        elif b == 0x02:  # Ctrl-B: back to the friendly REPL
            self.mode = "friendly"
            self._write(b"\r\n" + self._banner() + b">>> ")
        elif b == 0x04:
            if not self.raw:  # Ctrl-D with nothing typed: soft reboot, main.py not run
                # "OK" first, as for any command (pyexec_raw_repl); Thonny reads it
                self._write(b"OK\r\nMPY: soft reboot\r\n")
                self._reboot(run_main=False)
                self._write(RAW_PROMPT)
                return
            code = bytes(self.raw)
            self.raw.clear()
            self._write(b"OK")
            self._run("x" + code.decode("utf-8", "replace"))
        else:
            self.raw.append(b)

    def _has_raw_paste(self) -> bool:
        """Raw paste came with MicroPython 1.13: the V1's runtime (1.9.2) takes Ctrl-E as a
        character of the code, as any other byte (its Ctrl-A then starts the code afresh)."""
        if self.type.runtime != "micropython":
            return True
        return tuple(int(x) for x in self.type.runtime_version.split(".")[:2]) >= (1, 13)

    def _friendly_byte(self, b: int) -> None:
        if b == 0x01:
            self.mode = "raw"
            self.raw.clear()
            self._write(b"\r\n" + RAW_PROMPT)
        elif b == 0x02:  # Ctrl-B on an empty line: reset the friendly REPL (banner, prompt)
            if not self.line and not self.block:
                self._write(b"\r\n" + self._banner() + b">>> ")
        elif b == 0x04:
            self._write(b"\r\nMPY: soft reboot\r\n")
            self._reboot(run_main=True)
        elif b in (0x7F, 0x08):
            if self.line:
                self.line = self.line[:-1]
                self._write(b"\x08 \x08")
        elif b == 0x0D:
            self._write(b"\r\n")
            line, self.line = self.line, ""
            if self.block or line.rstrip().endswith(":"):
                self.block.append(line)
                if line.strip():
                    self._write(b"... ")
                    return
                line, self.block = "\n".join(self.block) + "\n", []
            if line.strip():
                self._run("s" + line)
            else:
                self._write(b">>> ")
        elif b >= 0x20 or b == 0x09:
            self.line += chr(b)
            self._write(bytes([b]))

    def _run(self, code: str) -> None:
        if code[0] == "x":
            self.frame = True
        if self.idle:
            self._give(code)
        else:  # still busy (an interrupt on its way): run it when the VM asks
            self._queued = code

    def _banner(self) -> bytes:
        return BANNER.format(v=self.type.runtime_version, name=self.type.name).encode()

    def close(self) -> None:
        """Stop the VM and free the pseudo-terminal (after the serving loop was told to stop)."""
        thread = getattr(self, "_thread", None)
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=2)
        super().close()
        for fd in (self.master, getattr(self, "_slave", None)):
            if fd is not None:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self.master = self._slave = None

    # -- the loop ----------------------------------------------------------------------------
    def _timeout(self) -> float:
        """How long the loop may sleep: input and VM messages wake it anyway, so only virtual
        time (a sleeping program) and a pending interrupt need it to wake by itself. Thirty
        idle boards then cost nothing."""
        if self._interrupt_at is not None or self._held or self._queued is not None:
            return 0.005
        if self.idle or self.state == "running":
            return 0.1
        if self.state == "waiting" and self.wake_us != float("inf"):
            return min(0.02, max(0.001, (self.wake_us - self.now_us) / 1e6))
        return 0.005

    def serve_forever(self, stop: threading.Event) -> None:
        self._thread = threading.current_thread()
        while not stop.is_set():
            fds = [self.master]
            # read the VM even while it waits for an answer: it may say RESYNC (see _simhost)
            live = self.state in ("running", "waiting")
            out_fd = self.vm.proc.stdout.fileno()
            if live:
                fds.append(self.vm.channel_fd)
                if self.state == "running":  # what it prints between two requests (a loop
                    fds.append(out_fd)  # that prints and never sleeps) goes out at once
            ready, _w, _x = select.select(fds, [], [], self._timeout())
            with self.sim.lock:  # one board at a time in a world several are served in
                self._step(ready, live, out_fd)

    def _step(self, ready: list, live: bool, out_fd: int) -> None:
        if out_fd in ready:
            self._capture_output()
        if self.master in ready:
            try:
                data = os.read(self.master, 256)
            except OSError:
                data = b""
            if data:
                if self.bps:
                    time.sleep(len(data) / self.bps)
                self.feed(data)
        if live and (self.vm.channel_fd in ready or self.vm.has_buffered_message()):
            msg = self.vm.next_message(0)
            if msg is not None:
                self._handle(msg)
        if self.idle and self._queued is not None:
            code, self._queued = self._queued, None
            self._give(code)
        if (
            self._interrupt_at is not None
            and time.monotonic() >= self._interrupt_at
            and self.state == "running"
            and self.up
        ):
            self._interrupt_at = None
            self.vm.interrupt()
        if self._reading() and self._held:
            held, self._held = bytes(self._held), bytearray()
            self.feed(held)
        now = time.monotonic()
        if self.drive is not None and now >= self._drive_due:
            self._drive_due = now + DRIVE_POLL
            files = self.drive.poll()
            if files is not None:
                self.flash_files(files)
                self.drive.remount()  # as DAPLink: the drive comes back once flashed
        if self.idle and self.state == "waiting" and self._irq_due():
            self._resume()  # the prompt waits; a pin interrupt's handler runs now
        last = self.sim.served_at if self.sim.served_at is not None else now
        if self.state != "running":
            self.sim.run(now - last, until_running=True)
        self.sim.served_at = now


@dataclass
class Served:
    """Boards being served: `ports` (one pseudo-terminal each), `boards`, and `drives` (each
    board's MICROBIT drive folder, or None). `close()` (or leaving a `with` block) takes them
    off the registry, stops them all, and removes the drive folders and the flash folders
    serve() made."""

    ports: list[str]
    boards: list[ServedBoard]
    threads: list[threading.Thread]
    stop: threading.Event
    root: Path
    own_root: bool
    drives: list[Path | None] = field(default_factory=list)
    registrations: list[registry.Registration] = field(default_factory=list)

    def alive(self) -> bool:
        return all(t.is_alive() for t in self.threads)

    def close(self) -> None:
        for r in self.registrations:  # first: nobody picks a board that is going away
            r.close()
        self.stop.set()
        for b in self.boards:
            b.close()  # joins its serving thread
            with b.sim.lock:  # its world goes on without it (boards not served stay)
                if b in b.sim.boards:
                    b.sim.boards.remove(b)
            if b.drive is not None:
                b.drive.close()
        if self.own_root:
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> Served:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def serial_number(board_type, unique_id: str) -> str:
    """What the USB serial number of this board's port says: DAPLink's Unique ID on a micro:bit
    (the same as on its drive), the chip's unique id in capitals elsewhere (as on a Pico)."""
    if backend_of(board_type).daplink:
        from atelier.sim.drive import daplink_unique_id

        return daplink_unique_id(board_type, unique_id)
    return unique_id.upper()


def serve(
    n: int,
    board: str = "microbit-v2",
    bps: float | None = None,
    workdir: Path | None = None,
    *,
    drives: Path | None = None,
    sim: Sim | None = None,
) -> Served:
    """Start `n` served boards of type `board`, each with its flash folder under `workdir`
    (a temporary folder by default), listed in the registry while they run. With `drives`
    (micro:bits only), board k also gets the MICROBIT drive folder `drives/MICROBIT-k`.
    Each board is a world of its own, or, with `sim`, they join that one (its clock, its
    radio space, the boards already in it: `atelier.sim.start_board(sim, ...)`)."""
    import tempfile

    from atelier.boards import load_boards
    from atelier.i18n import _
    from atelier.kitfile import find_kit_file, with_kit_file
    from atelier.sim import _hardware_for
    from atelier.sim.board import unique_id_of
    from atelier.sim.drive import MicrobitDrive
    from atelier.sim.vmproc import require_pty, require_vm

    require_pty()  # first: no pseudo-terminals (Windows), no served boards
    require_vm()
    board_type = load_boards().get(board)
    kit_file = find_kit_file(None)  # $ATELIER_KIT: the school's wiring, as deploy will use it
    if kit_file is not None:
        board_type = with_kit_file(board_type, kit_file)
    if drives is not None and not backend_of(board_type).daplink:
        raise UserError(
            _("{board}: only micro:bits have a MICROBIT drive to simulate (--drives)").format(
                board=board_type.id
            )
        )
    if drives is not None:
        drives = Path(drives).absolute()  # the registry is read from other folders
    hardware = _hardware_for(board_type)
    root = Path(workdir or tempfile.mkdtemp(prefix=f"atelier-serve-{os.getpid()}-"))
    served = Served([], [], [], threading.Event(), root, own_root=workdir is None)
    try:
        for i in range(n):
            import tty

            master, slave = os.openpty()
            tty.setraw(slave)
            port = os.ttyname(slave)

            def entry(k: int, port=port) -> registry.Entry:
                uid = unique_id_of(f"{board}#{k}")
                drive = drives / f"MICROBIT-{k}" if drives is not None else None
                return registry.Entry(port, board_type.id, uid, serial_number(board_type, uid),
                                      os.getpid(), k, str(drive or ""))  # fmt: skip

            try:
                reg = registry.register(board_type.id, entry)
                served.registrations.append(reg)
                e = reg.entry
                drive = None
                if e.drive:
                    drive = MicrobitDrive(Path(e.drive), board_type, e.serial_number)
                flash = root / f"board{i + 1}" / "flash"
                flash.mkdir(parents=True, exist_ok=True)
                world = sim if sim is not None else Sim(wall_budget=3600.0)
                with world.lock:  # its other served boards may be running
                    b = ServedBoard(world, board_type, flash, hardware,
                                    name=f"{board}#{e.slot}", master=master, bps=bps,
                                    drive=drive)  # fmt: skip
            except BaseException:
                os.close(master)
                os.close(slave)
                raise
            b._slave = slave
            t = threading.Thread(target=b.serve_forever, args=(served.stop,), daemon=True)
            t.start()
            served.ports.append(port)
            served.boards.append(b)
            served.threads.append(t)
            served.drives.append(drive.path if drive else None)
    except BaseException:
        served.close()
        raise
    return served
