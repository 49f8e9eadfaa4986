"""What the kit costs on the micro:bit V2 and V1: flash (bytes of files) and heap (in the VM).

Targets from the issue: <= 8 KB of kit files on the micro:bit, <= 8 KB of heap for
`import kit` + compass, buzzer and display. Every part of the kit's part list
(`bundle.KIT_PARTS`) is counted, so a part added there is counted here with nothing else to
change. The V1 (MicroPython 1.9.2) gets one flat kit.py of what the program uses
(atelier.flatkit): each part is measured with all its names (the part passed around), and its
heap is also given as a share of the board's free heap (boards.toml `heap_free`). Presence and
light are not wired on the micro:bit by default: a kit.toml here wires them (on the relay's and
the soil probe's pins). Heap figures are the board's bytes: what the simulated gc.mem_free()
says, the 64-bit VM's bytes divided by sim/board.py heap_scale(); the V1's real figures come
from its runtime in QEMU (bench/v1_qemu.py). Prints each figure as a ratio.
Run: python bench/kit_cost.py
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from atelier.boards import load_boards
from atelier.bundle import KIT_PARTS, build_bundle
from atelier.errors import UserError
from atelier.lessons import all_lessons
from atelier.sim.heap import measure_import

BUDGET = 8 * 1024
PRELOAD = "import microbit, music, utime, time"
MICROBITS = ("microbit-v2", "microbit-v1")
# presence and light on the relay's and the soil probe's pins (not wired there by default)
KIT_TOML = "".join(
    f"[{b}]\npresence = {{ pin = 12 }}\nlight = {{ pin = 1 }}\nrelay = 'none'\nsoil = 'none'\n"
    for b in MICROBITS
)


def _heap(imports: str, board: str) -> int | str:
    """Bytes of heap, or the one line that says why the import fails on that board (measured
    with room to spare: what does not fit the board is counted too)."""
    try:
        # `time` is built in on the micro:bit (ROM), as are microbit and music
        return measure_import(imports, board=board, room=4, preload=PRELOAD)
    except UserError as e:  # a part this board's wiring lacks
        return str(e).splitlines()[-1]


def microbit(board_id: str) -> None:
    board = load_boards().get(board_id)
    with tempfile.TemporaryDirectory() as tmp:
        everything = Path(tmp) / "all.py"
        everything.write_text("from kit import " + ", ".join(KIT_PARTS) + "\n")
        full = build_bundle(everything, board)
    print(
        f"{board.id}: kit, every part ({len(KIT_PARTS)}), {full.kit_size()} B of files "
        f"= {full.kit_size() / BUDGET:.2f} x the 8 KB budget"
    )
    for lesson in all_lessons():
        if board.id in lesson.info.boards:
            b = build_bundle(lesson, board)
            print(
                f"  {lesson.id}: kit {b.kit_size()} B, lesson {b.size - b.kit_size()} B, "
                f"total {b.size} B of {board.filesystem.size} B"
            )
    free = board.heap_free or board.heap
    share = f" = {{:.2f}} x the {free} B free at start"
    # every name of the parts: each part passed around (`_ = compass`), as a program may
    lesson = "compass, buzzer, display"
    used = _heap(f"import kit\nfrom kit import {lesson}\n_ = ({lesson})", board.id)
    if isinstance(used, int):
        print(
            f"  heap of import kit + compass, buzzer, display: {used} B on the board "
            f"= {used / BUDGET:.2f} x the 8 KB budget" + share.format(used / free)
        )
    base = _heap("from kit import sleep_ms", board.id)  # each part: beyond the kit itself
    # every part one lesson could wire at once (radio aside: its files alone fill the V2's room)
    names = ", ".join(p for p in KIT_PARTS if p not in ("soil", "relay", "radio"))
    every = _heap(f"from kit import {names}\n_ = ({names})", board.id)
    if isinstance(every, int):
        print(
            f"  heap of every part but soil, relay and radio: {every} B"
            + share.format(every / free)
        )
    else:
        print(f"  heap of every part but soil, relay and radio: {every}")
    for part in KIT_PARTS:
        wired = part not in ("soil", "relay")  # their pins hold presence and light here
        kit = "" if wired else f"{board.id}.{part}: not in this wiring (see bench/kit_cost.py)"
        used = _heap(f"from kit import sleep_ms, {part}\n_ = {part}", board.id) if wired else kit
        if isinstance(used, int) and isinstance(base, int):
            print(f"    {part}: {used - base} B beyond the kit's sleep_ms")
        else:
            print(f"    {part}: {used}")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        kit_toml = Path(tmp) / "kit.toml"
        kit_toml.write_text(KIT_TOML)
        os.environ["ATELIER_KIT"] = str(kit_toml)
        try:
            for board_id in MICROBITS:
                microbit(board_id)
        finally:
            del os.environ["ATELIER_KIT"]
        for board_id in MICROBITS:  # soil and relay, on their own pins (the default wiring)
            for part in ("soil", "relay"):
                used = _heap(f"from kit import sleep_ms, {part}\n_ = {part}", board_id)
                base = _heap("from kit import sleep_ms", board_id)
                print(f"  {board_id} {part}: {used - base} B beyond the kit's sleep_ms")
    # each driver: import + construction on a simulated board that has the chip (4 KB each)
    bus = (
        "import kit, kitconfig, machine, time\n"
        "i, scl, sda, f = kitconfig.BUSES['i2c0']\n"
        "bus = machine.I2C(i, scl=machine.Pin(scl), sda=machine.Pin(sda))"
    )
    drivers = (
        ("pico", "bmp280", "BMP280"),
        ("pico", "lis2mdl", "LIS2MDL"),
        ("esp32", "qmc5883l", "QMC5883L"),
        ("pico", "lsm303agr_accel", "LSM303AGR_Accel"),
        ("pico", "ssd1306", "SSD1306"),
    )
    for board_id, module, cls in drivers:
        setup = f"from {module} import {cls}\nsensor = {cls}(bus)"
        used = measure_import(setup, board=board_id, preload=bus)
        print(f"  driver {module}: {used} B of heap = {used / 4096:.2f} x its 4 KB budget")


if __name__ == "__main__":
    main()
