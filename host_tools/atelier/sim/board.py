"""Simulated boards sharing one world and one virtual clock, and the scheduler that runs them.

Each board is a MicroPython VM process running a bundle. The VM runs freely until it asks the
host something; an answer that costs virtual time (a sleep, a sensor read, a scroll) is held
back until the shared clock gets there, so time only advances when programs sleep or touch
hardware. Boards are served in virtual-time order, which keeps several boards (radio) exact.
"""

from __future__ import annotations

import heapq
import itertools
import math
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from atelier.backends import runs_circuitpython
from atelier.errors import UserError
from atelier.i18n import _
from atelier.sim.air import Air
from atelier.sim.devices import Delay, SimError
from atelier.sim.hardware import NAMES
from atelier.sim.shimcode import compiled_shims
from atelier.sim.vm import _simproto as P
from atelier.sim.vmproc import VM_DIR, VMProcess
from atelier.sim.world import World

US = 1_000_000


class LessonError(UserError):
    """The program on a simulated board raised an exception (MicroPython traceback inside)."""

    def __init__(
        self,
        traceback: str,
        board_name: str = "",
        origins: dict | None = None,
        user_files: set | None = None,
    ):
        self.traceback = clean_traceback(traceback)
        lines = [ln for ln in self.traceback.splitlines() if ln.strip()]
        self.exc_line = lines[-1].strip() if lines else "error"
        frames = re.findall(r'File "([^"]+)", line (\d+)', self.traceback)
        # name the pupil's own line: the deepest frame in the lesson's files, not in the kit
        own = [f for f in frames if user_files and f[0] in user_files]
        pick = own[-1] if own else (frames[-1] if frames else None)
        self.file, self.line = (pick[0], int(pick[1])) if pick else ("?", 0)
        self.board_name = board_name
        # name the user's own file (lessons/x/main.py), not its name on the board (main.py)
        if origins and self.file in origins:
            self.file = str(origins[self.file])
        super().__init__(f"{self.where}: {self.exc_line}\n{self.traceback}")

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"

    @property
    def summary(self) -> str:
        return f"{self.where}: {self.exc_line}"


class LessonStuck(LessonError):
    """The program ran too long (wall time) without sleeping or touching the hardware."""

    def __init__(
        self,
        traceback: str,
        budget: float,
        board_name: str = "",
        origins: dict | None = None,
        user_files: set | None = None,
    ):
        self.budget = budget
        super().__init__(traceback, board_name, origins, user_files)
        self.exc_line = _(
            "the program ran {seconds:g} s without sleeping or using the board (an endless "
            "loop?): add a pause in the loop, sleep(100) or sleep_ms(100)"
        ).format(seconds=budget)
        self.args = (f"{self.where}: {self.exc_line}\n{self.traceback}",)


# The VM's heap holds the program's share (heap_config, below) and the shims, which are ROM on
# the board (the micro:bit's take about 80 KB from source, less precompiled: sim/shimcode.py);
# a ballast (vm/_simboot.py) holds what is left, so the program has the board's room.
SHIM_ALLOWANCE = 256 * 1024


def vm_heap_bytes(board_heap: int) -> int:
    # room for the program's share (heap_config) and the shims; the ballast holds the rest
    return board_heap * 2 * measuring_room + SHIM_ALLOWANCE


# The program's share of the VM's heap (sim/vm/_simboot.py holds the rest): what the board has
# free at start (boards.toml heap_free), times heap_scale(), the 64-bit VM's bytes per byte of
# the board's 32-bit heap; gc.mem_free() reads in the board's bytes. Measured against the real
# V1 runtime (1.1.1, in QEMU 7.2's `microbit` machine), VM bytes / V1 bytes: lists, tuples,
# dicts, strings and instances 1.94-2.03, small functions 1.44, raw buffers 1.01; the kit's
# modules (kitconfig, kit, kit_hw_microbit) 1.16, as MicroPython 1.9's bytecode is bulkier than
# the VM's. A program is mostly code and some data: 1.75 (1.25 on the V1, whose lessons are
# mostly the kit's code).
HEAP_SCALE = 1.75
HEAP_SCALE_MICROPYTHON_19 = 1.25


# A raw-REPL paste (the deploy agent's parts) takes the compiler more again: measured, the most
# code one paste compiles on the V1 runtime in QEMU (33 small functions, 1686 characters, from
# 9792 B free) against the simulated V1 without a lend (17): ~2.5 VM bytes per V1 byte.
PASTE_SCALE_MICROPYTHON_19 = 2.5


def heap_scale(board_type) -> float:
    v = tuple(int(x) for x in board_type.runtime_version.split(".")[:2])
    old = board_type.runtime == "micropython" and v < (1, 12)
    return HEAP_SCALE_MICROPYTHON_19 if old else HEAP_SCALE


# sim/heap.py measures what does not fit too: it gives the program this many times the room
measuring_room = 1


# Compiling a module takes the VM more heap than the board, next to what stays (64-bit parse
# nodes, bigger scopes): VM bytes at the compile's peak per byte the V1 needs free to compile
# the same file, measured in QEMU (bench/v1_qemu.py --compile): the alarm lesson's main.py
# {COMPILE_V1_MAIN}, the flat kit {COMPILE_V1_KIT}. The VM lends the program the difference
# while its modules compile (sim/vm/_simboot.py _compiling). Measured again (bench/v1_qemu.py's
# V1 class, a bytearray(N) filler before the lesson's kit import, N in steps of 250-500): the
# alarm lesson's flat kit compiles on the V1 runtime up to N = 5500 and fails at 6000, the
# night light's (light, strip, buttons) up to 1000, failing at 1250; 2.15 gives 5500/6000 and
# 750/1000 (1.8 failed both from N = 0 and 4000: less capable than the board).
COMPILE_SCALE_MICROPYTHON_19 = 2.15


def heap_config(board_type) -> dict:
    free = board_type.heap_free or board_type.heap
    scale = heap_scale(board_type)
    cfg = {"free": int(free * scale * measuring_room), "scale": scale, "board": board_type.heap}
    if scale == HEAP_SCALE_MICROPYTHON_19:
        cfg["compile_lend"] = COMPILE_SCALE_MICROPYTHON_19 / scale - 1
        cfg["paste_lend"] = PASTE_SCALE_MICROPYTHON_19 / scale - 1
    return cfg


def clean_traceback(tb: str) -> str:
    """Keep the lesson's own frames: drop the simulator's boot and shim frames, and those of
    the Python copies of the board's built-in modules (C on the board: no frames there)."""
    from atelier.sim.vmproc import _fixed

    shims = (
        str(VM_DIR),
        _fixed(str(VM_DIR)),
        "atelier-shims/",
        "_simboot",
    )  # as the VM names them
    out = []
    for line in tb.splitlines():
        builtin = "atelier-sim-" in line and "-builtins-" in line
        if line.strip().startswith("File ") and (builtin or any(s in line for s in shims)):
            continue
        out.append(line)
    return "\n".join(out)


def gpio_config(gpio) -> dict:
    """What the VM's pin shims need of boards.toml's [gpio]: the numbers and names the board's
    runtime takes, the pin each name is (its number, or the name the runtime prints), the
    input-only pins."""
    pins = gpio.pins()
    return {
        "numbers": sorted(gpio.numbers),
        "names": {name: pin for name, pin in pins.items() if isinstance(name, str)},
        "input_only": sorted(gpio.input_only),
        # CircuitPython's microcontroller.pin: the chip's names, and the chip name of each pin
        "mcu_names": sorted(gpio.mcu_names),
        "mcu": {str(pins[name]): chip for name, chip in gpio.mcu.items()},
    }


def old_attr_words(board_type) -> bool:
    """Whether the board's runtime says "'module' object has no attribute 'x'", as MicroPython
    did before 1.26 and CircuitPython still does in 10.0 (py/runtime.c), where the VM says
    "module 'm' has no attribute 'x'"."""
    version = tuple(int(v) for v in board_type.runtime_version.split("."))
    return runs_circuitpython(board_type) or version < (1, 26)


def unique_id_of(name: str) -> str:
    """The unique id (8 bytes, in hex) of the simulated board called `name`."""
    import hashlib

    return hashlib.sha256(name.encode()).hexdigest()[:16]


@dataclass
class Printed:
    time: float  # virtual seconds
    text: str


class Sim:
    """The shared virtual clock, scheduled events, and the boards in one world."""

    def __init__(self, wall_budget: float = 10.0, realtime: bool = False, seed: int | None = 0):
        self.now_us = 0
        self.air = Air(self, seed)  # the radio space the boards share (sim/air.py)
        self.boards: list[SimBoard] = []
        self._events: list[tuple[int, int, Callable[[], None]]] = []
        self._seq = itertools.count()
        self.wall_budget = wall_budget
        self.realtime = realtime
        self.on_tick: Callable[[], None] | None = None
        self._wall0: float | None = None
        self._virt0 = 0
        # served boards (sim/serve.py) run each in a thread of its own: one at a time in the
        # world, the clock following the wall clock since any of them last looked
        self.lock = threading.RLock()
        self.served_at: float | None = None

    # -- events ------------------------------------------------------------------------------
    def at(self, t_us: int, fn: Callable[[], None]) -> None:
        heapq.heappush(self._events, (int(t_us), next(self._seq), fn))

    def _advance(self, t_us: float) -> None:
        t_us = int(t_us)
        while self._events and self._events[0][0] <= t_us:
            t, _order, fn = heapq.heappop(self._events)
            self._set_now(t)
            fn()
        self._set_now(max(self.now_us, t_us))

    def _set_now(self, t_us: int) -> None:
        if self.realtime and t_us > self.now_us:
            if self._wall0 is None:
                self._wall0, self._virt0 = time.monotonic(), self.now_us
            # pace virtual time with the wall clock, drawing on the way
            target = self._wall0 + (t_us - self._virt0) / US
            while True:
                left = target - time.monotonic()
                if left <= 0:
                    break
                self.now_us = max(self.now_us, int(t_us - left * US))
                if self.on_tick:
                    self.on_tick()
                time.sleep(min(left, 0.05))
        self.now_us = max(self.now_us, t_us)
        if self.on_tick:
            self.on_tick()

    # -- running -----------------------------------------------------------------------------
    def run(self, seconds: float, until_running: bool = False) -> None:
        """Run every board for `seconds` of virtual time (or, with `until_running`, only
        until a served board starts running: its loop then reads its VM itself; the boards
        of the world that are not served run here)."""
        if seconds < 0:
            raise ValueError("seconds must be >= 0")
        deadline = self.now_us + int(round(seconds * US))
        while True:
            if not until_running and any(b.error is not None and not b._raised
                                         for b in self.boards):  # fmt: skip
                return  # stop the world where the program failed (served: it goes on)
            running = [b for b in self.boards if b.state == "running"]
            if running:
                if until_running:
                    if any(b.serves_itself for b in running):
                        return
                self._serve(running)
                continue
            waiting = [b for b in self.boards if b.state == "waiting"]
            next_t = min([b.wake_us for b in waiting] + [math.inf])
            if self._events:
                next_t = min(next_t, self._events[0][0])
            if next_t > deadline:
                self._advance(deadline)
                return
            self._advance(next_t)
            for b in waiting:
                if b.wake_us <= self.now_us:
                    b._resume()
                    break  # one at a time, in board order

    def _serve(self, running: list[SimBoard]) -> None:
        # One board at a time, the first in order: the schedule, and so every run, is the
        # same whatever the operating system does with the VM processes.
        b = running[0]
        if not b.vm.has_buffered_message():
            timeout = max(0.0, b.running_since + self.wall_budget - time.monotonic())
            msg = b.vm.next_message(timeout)
            if msg is None:
                msg = b.vm.next_message(0)  # a last look: it may have arrived just now
                if msg is None:
                    b._stuck()
                    return
            b._handle(msg)
            return
        b._handle(b.vm.next_message(0))


class SimBoard:
    """One simulated board: its VM, its hardware models, its world. Test API below."""

    serves_itself = False  # a served board's own loop reads its VM (sim/serve.py)

    def __init__(
        self,
        sim: Sim,
        board_type,
        flash_dir: Path,
        hardware_cls,
        name: str = "",
        seed: int | None = 0,
        on_output: Callable[[str], None] | None = None,
    ):
        self.sim = sim
        self.type = board_type
        self.name = name or board_type.id
        self.flash = Path(flash_dir)
        self.world = World()
        self.hardware = hardware_cls(self)
        self._handlers = self.hardware.handlers()  # request code -> the part's method
        self.printed: list[Printed] = []
        self.on_output = on_output
        self.error: LessonError | None = None
        self.origins: dict[str, Path] = {}  # file on the board -> the user's file
        self.user_files: set[str] = set()  # the lesson's own files on the board
        self.panic_code: int | None = None
        self.state = "running"  # running | waiting | ended
        self.debt_us = 0  # virtual time owed for one-way messages (display updates...)
        self.wake_us = 0
        self._pending: Delay | None = None
        self.running_since = time.monotonic()
        self._interrupted = False
        self._raised = False
        libs = [""] + ([board_type.filesystem.lib_dir] if board_type.filesystem.lib_dir else [])
        frozen, frozen_missing = [], {}
        if board_type.modules.frozen:  # micropython-lib modules in the firmware: ahead of lib
            from atelier.libraries import frozen_modules

            folder, frozen_missing = frozen_modules(board_type)
            frozen = [str(folder)] if folder else []
            libs[1:1] = frozen
        builtins_from_packages = getattr(hardware_cls, "BUILTIN_LIBRARIES", None)
        if builtins_from_packages:  # outside the flash folder: they take no room on the board
            from atelier.libraries import builtin_standins

            libs.append(str(builtin_standins(builtins_from_packages, board_type)))
        config = {
            "flash": str(self.flash),
            "shim_dir": str(VM_DIR),
            "internal": sorted(p.name for p in VM_DIR.glob("*.py")),  # the shims' files
            "shims": self.hardware.SHIMS,  # the board's own (the Pico W's `network`)
            "available": list(board_type.modules.available),
            "path": libs,
            "main": board_type.main_file,
            "seed": seed,
            "fs_size": board_type.filesystem.size,
            "platform": board_type.platform,
            "runtime_version": board_type.runtime_version,
            # the micro:bit's open() knows only r, w, b and t
            "open_modes": "rwbt" if board_type.filesystem.flat else "",
            "gpio": gpio_config(board_type.gpio),
            "old_attr_words": old_attr_words(board_type),
            "uname": list(board_type.uname.model_dump().values()) if board_type.uname else None,
            "reset_cause": "power",  # machine.reset_cause(): how the board last started
            # MicroPython's machine ports run boot.py first (CircuitPython: cp_hw.py)
            "boot_file": "boot.py" if board_type.backend == "machine" else "",
            "heap": heap_config(board_type),
            "shim_mpy": compiled_shims(str(VM_DIR)),
            # in the board's ROM: built-in modules from packages, frozen ones
            "rom_dirs": (libs[-1:] if builtins_from_packages else []) + frozen,
            "frozen_missing": frozen_missing,  # frozen module -> its package, not installed
        }
        self._config = config
        self.resets = 0
        self._start_vm()
        sim.boards.append(self)

    def _start_vm(self) -> None:
        hard = self._config.get("reset_cause") != "soft"
        if hard:  # a reset restarts the ticks (Ctrl-D not)
            self._config["boot_us"] = self.sim.now_us
        # CircuitPython runs boot.py in a VM of its own first, after a reset (cp_hw.py)
        before = getattr(self.hardware, "before_start", None)
        boot = before(self._config, hard) if before else None
        self._boot_out: list[str] | None = [] if boot else None
        self.vm = VMProcess(boot or self._config, heap_bytes=vm_heap_bytes(self.type.heap))
        self.vm.irq_source = self.hardware.take_irqs

    def _boot_ended(self, msg) -> bool:
        """boot.py's VM ended: its output goes to boot_out.txt, then the program starts."""
        if self._boot_out is None or msg.op not in (P.PROGRAM_ENDED, P.PROGRAM_FAILED,
                                                    P.VM_EXITED):  # fmt: skip
            return False
        self._capture_output()
        out = "".join(self._boot_out)
        if msg.op == P.PROGRAM_FAILED:
            import json

            out += clean_traceback(json.loads(msg.args)) + "\n"
        self.vm.close()
        self.hardware.boot_done(self._config, out)
        self.hardware.on_reset()  # the board frees what boot.py used (its pins)
        self._boot_out = None
        self.vm = VMProcess(self._config, heap_bytes=vm_heap_bytes(self.type.heap))
        self.vm.irq_source = self.hardware.take_irqs
        self.state = "running"
        self.running_since = time.monotonic()
        return True

    def _hard_reset(self, cause: str = "hard") -> None:
        """machine.reset(): as at power-on."""
        self._config["reset_cause"] = cause
        self._restart()

    def _restart(self) -> None:
        """reset(): the board restarts main.py from the files on its flash, like power-on."""
        self.vm.close()
        self.resets += 1
        self.hardware.on_reset()
        self._start_vm()
        self.state = "running"
        self.running_since = time.monotonic()

    # -- what tests read ---------------------------------------------------------------------
    def __getattr__(self, name: str):
        # the wired Grove modules' models: board.servo.angle, board.relay.on, ...
        accessories = getattr(self.__dict__.get("hardware"), "accessories", {})
        if name in accessories:
            return accessories[name]
        raise AttributeError(name)

    @property
    def now_us(self) -> int:
        return self.sim.now_us

    @property
    def unique_id(self) -> str:
        """machine.unique_id() in hex: one per simulated board, the same on every run (the
        ESP32's is its 6-byte MAC address, other boards' 8 bytes)."""
        uid = unique_id_of(self.name)
        return uid[:12] if self.type.platform == "esp32" else uid

    @property
    def time(self) -> float:
        """Virtual seconds since the board started."""
        return self.sim.now_us / US

    @property
    def display(self):
        return self.hardware.display

    @property
    def buzzer(self):
        return self.hardware.buzzer

    @property
    def output(self) -> str:
        """Everything the program printed so far."""
        return "".join(p.text for p in self.printed)

    @property
    def ended(self) -> bool:
        return self.state == "ended"

    # -- what tests do -----------------------------------------------------------------------
    def run(self, seconds: float) -> None:
        """Run for `seconds` of virtual time (all boards of this world run along)."""
        self.sim.run(seconds)
        self._raise_error()

    def press(self, button: str, duration: float = 0.1) -> None:
        """Press and release a button (A, B) over `duration` virtual seconds."""
        self.hold(button)
        self.sim.at(self.now_us + int(duration * US), lambda: self.release(button))

    def hold(self, button: str) -> None:
        self._button(button).set(True)

    def release(self, button: str) -> None:
        self._button(button).set(False)

    def chip(self, role: str):
        """The register-level model of the board's chip for `role` (pressure, magnetometer...)."""
        return self.hardware.chips[role]

    def fit(self, role: str, model) -> None:
        """Swap the chip for `role` before the program uses it (Pico, ESP32, CircuitPython)."""
        self.hardware.fit(role, model)

    def shake(self, duration: float = 0.3) -> None:
        """Shake the board over `duration` virtual seconds: jolts of about 2.5 g back and forth
        every 0.1 s, then the world as it was (the micro:bit's runtime reports its "shake"
        gesture, the other boards' kit reads the jolts)."""
        w = self.world
        before = (w.gesture, w.acceleration)
        jolts = ((2600.0, 0.0, -1000.0), (-2400.0, 300.0, -900.0))
        w.gesture = "shake"
        w.acceleration = jolts[0]
        for i in range(1, max(1, round(duration / 0.1))):
            self.sim.at(self.now_us + int(i * 0.1 * US),
                        lambda a=jolts[i % 2]: setattr(w, "acceleration", a))  # fmt: skip

        def rest() -> None:
            w.gesture, w.acceleration = before

        self.sim.at(self.now_us + int(duration * US), rest)

    def touch(self, pad: str = "logo") -> None:
        self.world.touched = self.world.touched | {pad}

    def untouch(self, pad: str = "logo") -> None:
        self.world.touched = self.world.touched - {pad}

    # -- Wi-Fi (an ESP32: components/wifi.py) --------------------------------------------------
    def wifi_lost(self, seconds: float | None = None) -> None:
        """No access point reaches the board any more (for `seconds`, then back)."""
        self.world.wifi_signal = False
        if seconds is not None:
            self.sim.at(self.now_us + int(seconds * US), self.wifi_back)

    def wifi_back(self) -> None:
        self.world.wifi_signal = True

    def host_port(self, port: int) -> int:
        """The computer's loopback port where the board's server on `port` answers."""
        ports = self.hardware.wifi.ports
        if port not in ports:
            raise ValueError(_("no server socket listens on port {port} of {board}").format(
                port=port, board=self.name))  # fmt: skip
        return ports[port]

    def host_address(self, port: int) -> tuple[str, int]:
        """(host, port) where the computer reaches the board's server on `port`."""
        return ("127.0.0.1", self.host_port(port))

    def run_while(self, fn: Callable[[], object], seconds: float = 10.0):
        """Call `fn()` in a thread of the computer while the board runs, its clock following
        the wall clock as a real board's does: a browser or an HTTP client talking to the
        board's server (board.host_address). Gives fn's result, raises its error, or
        TimeoutError if it has not returned after `seconds`."""
        import threading

        box: dict = {}

        def call() -> None:
            try:
                box["value"] = fn()
            except BaseException as e:  # raised again in the test's thread
                box["error"] = e

        thread = threading.Thread(target=call, name=f"run_while {self.name}", daemon=True)
        realtime, self.sim.realtime, self.sim._wall0 = self.sim.realtime, True, None
        try:
            thread.start()
            end = time.monotonic() + seconds
            while thread.is_alive() and time.monotonic() < end:
                self.run(0.02)
        finally:
            self.sim.realtime, self.sim._wall0 = realtime, None
        thread.join(0.5)
        if thread.is_alive():
            raise TimeoutError(f"{getattr(fn, '__name__', fn)} still waiting after {seconds} s")
        if "error" in box:
            raise box["error"]
        return box["value"]

    def _button(self, name: str):
        try:
            return self.hardware.buttons[name.upper()]
        except KeyError:
            known = ", ".join(self.hardware.buttons)
            raise ValueError(
                _("no button {button!r} on {board}; buttons: {known}").format(
                    button=name, board=self.type.id, known=known
                )
            ) from None

    def close(self) -> None:
        self.vm.close()

    # -- serving the VM ----------------------------------------------------------------------
    def _capture_output(self) -> None:
        out = self.vm.drain_output()
        if out:
            text = out.decode("utf-8", "replace").replace("\r\n", "\n")
            if self._boot_out is not None:  # boot.py's, before USB is up: for boot_out.txt
                self._boot_out.append(text)
                return
            self.printed.append(Printed(self.time, text))
            if self.on_output:
                self.on_output(text)

    def _handle(self, msg) -> None:
        if self._boot_ended(msg):
            return
        self._capture_output()
        if msg.op == P.VM_EXITED:
            self.state = "ended"
            if self.error is None and self.vm.proc.wait() not in (0, None):
                err = self.vm.stderr.decode("utf-8", "replace").strip()
                self.error = LessonError(err or _("the board's VM stopped"), self.name)
            return
        if msg.op == P.PROGRAM_ENDED:
            self.state = "ended"
            return
        if msg.op == P.RESET:  # machine.reset() (or, on an ESP32, waking from deep sleep)
            self._hard_reset(msg.args.strip() or "hard")
            return
        if msg.op == P.PROGRAM_FAILED:
            import json

            tb = json.loads(msg.args)
            if self._interrupted and "KeyboardInterrupt" in tb:
                self.error = LessonStuck(
                    tb, self.sim.wall_budget, self.name, self.origins, self.user_files
                )
            else:
                self.error = LessonError(tb, self.name, self.origins, self.user_files)
            self.state = "ended"
            return
        handler = self._handlers.get(msg.op)
        if handler is None:
            if msg.wants_answer:
                name = NAMES.get(msg.op, msg.op)
                self.vm.answer_error("NotImplementedError", f"not simulated: {name}")
            return
        try:
            result = handler(msg.args)
        except SimError as e:
            if not msg.wants_answer:
                return
            result = Delay(0, e)  # an error takes its time too (polling a missing device)
        self.running_since = time.monotonic()
        if not msg.wants_answer:
            self.debt_us += self.hardware.SEND_COST_US
            return
        # Every answered request costs at least ACCESS_COST_US, as a hardware access does on
        # the real board: a loop that polls without sleeping still moves the clock on.
        if not isinstance(result, Delay):
            result = Delay(0, "" if result is None else result)
        result = Delay(max(result.us, self.hardware.ACCESS_COST_US) + self.debt_us, result.value)
        self.debt_us = 0
        self._pending = result
        if result.us <= 0:
            self._resume()
            return
        self.wake_us = self.now_us + result.us
        self.state = "waiting"

    def _resume(self) -> None:
        pending, self._pending = self._pending, None
        self.state = "running"
        self.running_since = time.monotonic()
        if pending is not None and isinstance(pending.value, SimError):
            self.vm.answer_error(pending.value.exc_name, pending.value.message)
            return
        self.vm.answer(pending.resolve() if pending is not None else "")

    def _stuck(self) -> None:
        self._interrupted = True
        self.vm.interrupt()
        # The VM now raises KeyboardInterrupt and reports it; give it a moment.
        deadline = time.monotonic() + 5
        while self.state == "running" and time.monotonic() < deadline:
            msg = self.vm.next_message(max(0.0, deadline - time.monotonic()))
            if msg is None:
                break
            self._handle(msg)
        if self.state == "running":
            self.error = LessonStuck("", self.sim.wall_budget, self.name)
            self.state = "ended"
            self.vm.close()

    def _raise_error(self) -> None:
        for b in self.sim.boards:
            if b.error is not None and not b._raised:
                b._raised = True
                raise b.error
