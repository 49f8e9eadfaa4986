"""What the kit costs on a micro:bit V2: flash (bytes of files) and heap (in the VM).

Targets from the issue: <= 8 KB of kit files on the micro:bit, <= 8 KB of heap for
`import kit` + compass, buzzer and display. Prints each figure as a ratio of its budget.
Run: python bench/kit_cost.py
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from atelier.boards import load_boards
from atelier.bundle import KIT_PARTS, build_bundle
from atelier.lessons import all_lessons
from atelier.sim.heap import measure_import

BUDGET = 8 * 1024


def main() -> None:
    board = load_boards().get("microbit-v2")
    with tempfile.TemporaryDirectory() as tmp:
        everything = Path(tmp) / "all.py"
        everything.write_text("from kit import " + ", ".join(KIT_PARTS) + "\n")
        full = build_bundle(everything, board)
        print(
            f"kit, every part, on {board.id}: {full.kit_size()} B of files "
            f"= {full.kit_size() / BUDGET:.2f} x the 8 KB budget"
        )
        for lesson in all_lessons():
            if board.id in lesson.info.boards:
                b = build_bundle(lesson, board)
                print(
                    f"  {lesson.id}: kit {b.kit_size()} B, lesson {b.size - b.kit_size()} B, "
                    f"total {b.size} B of {board.filesystem.size} B"
                )
        used = measure_import("import kit\nfrom kit import compass, buzzer, display")
        print(
            f"heap of import kit + compass, buzzer, display: {used} B in the 64-bit VM "
            f"= {used / BUDGET:.2f} x the 8 KB budget (a 32-bit board needs less)"
        )
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
