"""The real micro:bit V1 runtime against the simulated V1: heap figures and the lessons.

Runs the official V1 runtime (.hex from micropython-microbit-fs) in QEMU's `microbit` machine
(`qemu-system-arm`, e.g. Debian's qemu-system-arm package) over its serial line, and the same
code in the simulator's VM. Prints what gc.mem_free() reads at the V1's REPL, the heap a few
kinds of objects take on the V1 and in the 64-bit VM (the ratio sim/board.py heap_scale() is
chosen from), and what each lesson does when its V1 bundle is the board's main.py.
Run: python bench/v1_qemu.py [--lessons | --accessories | --room LESSON[/NN] ...]   (only the
lessons; only a pupil's program for each Grove module; each tutorial step's room at its peak,
on the V1 runtime and in the simulated V1, as bench/v1_headroom.py finds it)
"""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from atelier.boards import load_boards
from atelier.bundle import build_bundle
from atelier.lessons import all_lessons
from atelier.sim.vmproc import vm_command

KINDS = {
    "100 tuples of 2 ints": "x = [(i, i * 2) for i in range(100)]",
    "list of 200 ints": "x = list(range(200))",
    "50 short strings": "x = ['abc%d' % i for i in range(50)]",
    "dict of 50 names": "x = {}\nfor i in range(50):\n    x['k%d' % i] = i",
    "30 instances": "class P:\n    def __init__(self, a):\n        self.a = a\n"
    "    def s(self):\n        return self.a + 1\nx = [P(i) for i in range(30)]",
    "4 small functions": "def f1(a):\n    return a + 1\ndef f2(a, b):\n    return a - b\n"
    "def f3(s):\n    return [c for c in s if c in 'aeiou']\n"
    "def f4(xs):\n    return [v * v for v in xs]\nx = (f1, f2, f3, f4)",
    "bytearray(4000)": "x = bytearray(4000)",
}
MEASURE = (
    "import gc\ngc.collect()\na = gc.mem_free()\nexec({code!r})\ngc.collect()\n"
    "print('R', a - gc.mem_free())\n"
)


def hex_to_bin(hex_path: Path, out: Path) -> None:
    data, base = {}, 0
    for line in hex_path.read_text().splitlines():
        if not line.startswith(":"):
            continue
        b = bytes.fromhex(line[1:])
        addr, kind, body = b[1] << 8 | b[2], b[3], b[4 : 4 + b[0]]
        if kind == 0:
            for i, v in enumerate(body):
                data[base + addr + i] = v
        elif kind in (2, 4):
            base = (body[0] << 8 | body[1]) << (4 if kind == 2 else 16)
    top = max(a for a in data if a < 0x40000) + 1
    image = bytearray(b"\xff" * top)
    for a, v in data.items():
        if a < top:
            image[a] = v
    out.write_bytes(image)


class V1:
    """The V1 runtime in QEMU, driven over its serial line (friendly REPL, paste mode)."""

    def __init__(self, image: Path):
        self.p = subprocess.Popen(
            ["qemu-system-arm", "-M", "microbit", "-device", f"loader,file={image},addr=0",
             "-nographic", "-serial", "stdio", "-monitor", "none"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, bufsize=0,
        )  # fmt: skip
        self.read(3)

    def read(self, seconds: float, until: bytes | None = None) -> str:
        out, end = b"", time.time() + seconds
        while time.time() < end:
            if select.select([self.p.stdout], [], [], 0.1)[0]:
                chunk = os.read(self.p.stdout.fileno(), 4096)
                if not chunk:
                    break
                out += chunk
                if until and until in out:
                    break
        return out.decode(errors="replace")

    def send(self, data: bytes) -> None:
        for i in range(0, len(data), 32):  # the UART has no flow control: small pieces
            self.p.stdin.write(data[i : i + 32])
            time.sleep(0.01)

    def paste(self, code: str, seconds: float = 5) -> str:
        self.send(b"\x05")
        self.read(0.3)
        self.send(code.replace("\n", "\r").encode() + b"\x04")
        return self.read(seconds, until=b"\r\n>>> ")

    def write_file(self, name: str, text: str) -> None:
        self.paste(f"f = open({name!r}, 'w')\n", 3)
        for i in range(0, len(text), 300):
            self.paste(f"f.write({text[i : i + 300]!r})\n", 3)
        self.paste("f.close()\n", 3)

    def reboot(self, seconds: float = 8) -> str:
        self.send(b"\x04")
        return self.read(seconds)

    def close(self) -> None:
        self.p.kill()
        self.p.wait()


def result(text: str) -> int | None:
    lines = [ln for ln in text.splitlines() if ln.startswith("R ")]
    return int(lines[-1].split()[1]) if lines else None


def main() -> None:
    if not shutil.which("qemu-system-arm"):
        sys.exit("needs qemu-system-arm (its `microbit` machine runs the V1 runtime)")
    import micropython_microbit_fs

    hexes = Path(micropython_microbit_fs.__file__).parent / "hexes" / "microbitv1"
    with tempfile.TemporaryDirectory() as tmp:
        image = Path(tmp) / "v1.bin"
        hex_to_bin(next(hexes.rglob("*.hex")), image)
        v1 = V1(image)
        try:
            if {"--lessons", "--accessories", "--room"} & set(sys.argv):  # skip the object sizes
                raise StopIteration
            out = v1.paste("import gc\ngc.collect()\nprint('R', gc.mem_free())\n")
            print(f"V1 runtime, pasted at its REPL: gc.mem_free() = {result(out)} B")
            for kind, code in KINDS.items():
                on_v1 = result(v1.paste(MEASURE.format(code=code) + "del x\ngc.collect()\n"))
                r = subprocess.run([*vm_command(400_000), "-c", MEASURE.format(code=code)],
                                   capture_output=True, text=True)  # fmt: skip
                in_vm = result(r.stdout)
                print(f"  {kind}: V1 {on_v1} B, VM {in_vm} B = {in_vm / on_v1:.2f} x")
        except StopIteration:
            pass
        finally:
            v1.close()
        if "--accessories" in sys.argv:
            accessories(image, tmp)
            return
        if "--room" in sys.argv:
            room(image, sys.argv[sys.argv.index("--room") + 1 :])
            return
        board = load_boards().get("microbit-v1")
        for lesson in all_lessons():
            if board.id not in lesson.info.boards:
                continue
            v1 = V1(image)
            try:
                files = build_bundle(lesson, board).files
                for name, data in files.items():
                    if name != "main.py":
                        v1.write_file(name, data.decode())
                # first a main.py that imports the kit as the lesson does, then says the heap
                probe = PROBE.format(imports=kit_imports(files["main.py"]))
                v1.write_file("main.py", probe)
                on_v1, in_vm = result(v1.reboot()), in_sim(files, probe)
                print(f"{lesson.id}: free heap after the kit import: V1 runtime {on_v1} B, "
                      f"simulated V1 {in_vm} B")  # fmt: skip
                v1.write_file("main.py", files["main.py"].decode())
                said = [ln for ln in v1.reboot().splitlines() if ln.strip()]
                v1.send(b"\x03")  # Ctrl-C: where the lesson was (its loop, if it runs)
                said += [ln for ln in v1.read(3).splitlines() if ln.strip()]
                print(f"{lesson.id} on the V1 runtime: " + " | ".join(said[-6:]))
            finally:
                v1.close()


PROBE = "import gc\n{imports}\ngc.collect()\nprint('R', gc.mem_free())\n"
# A pupil's program for each Grove module (QEMU has none plugged in: what it answers then)
ACCESSORIES = {
    "distance": "from kit import distance\n#\nprint('cm', distance.cm())\n",
    "servo": "from kit import servo\n#\nservo.angle(90)\nprint('servo ok')\n",
    "relay": "from kit import relay\n#\nrelay.on()\nprint('relay', relay.is_on())\n",
    "digits": "from kit import digits\n#\ndigits.show(1234)\nprint('digits ok')\n",
    "strip": "from kit import strip\n#\nstrip.fill((0, 0, 40))\nstrip[0] = (255, 0, 0)\n"
    "strip.show()\nprint('leds', len(strip))\n",
    "env": "from kit import env\n#\nprint('%RH', env.humidity())\n",
    "presence": "from kit import presence\n#\nprint('moves', presence.detected())\n",
    "light": "from kit import light\n#\nprint('light', light.level())\n",
    "soil": "from kit import soil\n#\nprint('soil', soil.moisture())\n",
    "knob": "from kit import knob\n#\nprint('knob', knob.value())\n",
}
# presence and light are not wired on the micro:bit by default: on the relay's and soil's pins
KIT_TOML = (
    "[microbit-v1]\npresence = { pin = 12 }\nlight = { pin = 1 }\nrelay = 'none'\nsoil = 'none'\n"
)


def accessories(image: Path, tmp: str) -> None:
    board = load_boards().get("microbit-v1")
    for part, program in ACCESSORIES.items():
        folder = Path(tmp) / part
        folder.mkdir()
        if part in ("presence", "light"):
            (folder / "kit.toml").write_text(KIT_TOML)
        main = folder / "main.py"
        main.write_text(program.replace("#", "import gc\ngc.collect()\nprint('R', gc.mem_free())"))
        files = build_bundle(main, board).files
        v1 = V1(image)
        try:
            for name, data in files.items():
                v1.write_file(name, data.decode())
            said = v1.reboot(6)
            lines = [ln for ln in said.split("MicroPython v1")[0].splitlines()
                     if ln.strip() and not ln.startswith("R ")]  # fmt: skip
            print(f"{part}: free heap after the kit import: V1 runtime {result(said)} B, "
                  f"simulated V1 {in_sim(files, files['main.py'].decode())} B; said: "
                  + " | ".join(lines[-3:]))  # fmt: skip
        finally:
            v1.close()


def room(image: Path, wanted: list[str]) -> None:
    """Each step's room at its peak on the V1 runtime: the most bytes a `bytearray(N)` at the
    top of its main.py can hold with the step still running (no MemoryError in its first
    seconds), to 64 bytes; then the simulated V1's figure (sim/heap.py room_at_peak)."""
    from atelier.sim.heap import room_at_peak, step_bundles

    board = load_boards().get("microbit-v1")
    for lesson in all_lessons():
        steps = [w.partition("/")[2] for w in wanted if w.partition("/")[0] == lesson.id]
        if not steps:
            continue
        for name, bundle in step_bundles(lesson, board):
            if "" not in steps and name[:2] not in steps:
                continue
            v1 = V1(image)
            try:
                for n, data in bundle.files.items():
                    if n != "main.py":
                        _write_checked(v1, n, data.decode())
                main = bundle.files["main.py"].decode()

                if not _runs(v1, main, 0):
                    print(f"{lesson.id} {name}: fails on the V1 runtime with nothing held")
                    continue
                lo, hi = 0, board.heap_free
                while hi - lo > 64:
                    mid = (lo + hi) // 2
                    lo, hi = (mid, hi) if _runs(v1, main, mid) else (lo, mid)
                print(f"{lesson.id} {name}: room at peak: V1 runtime {lo} B, simulated V1 "
                      f"{room_at_peak(bundle, board.id)} B", flush=True)  # fmt: skip
            finally:
                v1.close()


def _write_checked(v1: V1, name: str, text: str) -> None:
    """Write a file on the V1 runtime and read it back: QEMU on a loaded machine drops serial
    bytes (a bytes literal one byte short made the TM1637 driver fail with IndexError)."""
    data = text.encode()
    want = f"H {len(data)} {sum(data)}"
    for _ in range(5):
        v1.write_file(name, text)
        said = v1.paste(_READ_BACK.format(name=name))
        if want in said:
            return
    raise RuntimeError(f"{name}: could not write it whole on the V1 runtime: {said[-300:]}")


# read in small pieces: after a program the V1's heap may have no room for a whole file
_READ_BACK = (
    "f = open({name!r}, 'rb')\nn = s = 0\nwhile True:\n    c = f.read(32)\n    if not c:\n"
    "        break\n    n += len(c)\n    s += sum(c)\n\nf.close()\nprint('H', n, s)\n"
)


def _runs(v1: V1, main: str, n: int) -> bool:
    """Whether `main` runs its first seconds on the V1 runtime with `n` bytes held at its top:
    still running when interrupted (KeyboardInterrupt), no MemoryError before. Tried again
    when the serial line said neither (QEMU on a loaded machine drops bytes)."""
    for _ in range(3):
        _write_checked(v1, "main.py", f"_r = bytearray({n})\n" + main)
        said = v1.reboot(5)
        v1.send(b"\x03")  # back to the REPL; the heap freed for the next paste
        said += v1.read(2)
        v1.paste("globals().clear()\nimport gc\ngc.collect()\n", 3)  # the program's names too
        if "MemoryError" in said:
            return False
        if "KeyboardInterrupt" in said:
            return True
    raise RuntimeError(f"the V1 runtime said neither KeyboardInterrupt nor MemoryError: {said}")


def in_sim(files: dict[str, bytes], main: str) -> int | None:
    """What the probe says in the simulated V1, with the same files."""
    from atelier.bundle import Bundle
    from atelier.sim import simulate

    bundle = Bundle(
        board=load_boards().get("microbit-v1"), files={**files, "main.py": main.encode()}
    )
    from atelier.sim.board import LessonError

    with simulate(bundle, board="microbit-v1") as b:
        try:
            b.run(1)
        except LessonError:  # what the program does after the probe is not what counts here
            pass
        return result(b.output)


def kit_imports(main: bytes) -> str:
    """The lesson's `from kit import ...` lines."""
    lines = main.decode().splitlines()
    return "\n".join(ln for ln in lines if ln.startswith(("from kit ", "import kit")))


if __name__ == "__main__":
    main()
