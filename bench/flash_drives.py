"""Flashing micro:bits through their drives: hex build time, and 30 drives at once.

Prints (1) the time to build the .hex of the largest shipped lesson, and (2) the time to put
that .hex on 30 drive folders with `atelier flash --all`'s engine (all at once) against the
baseline of copying the same .hex 30 times one after another, as a ratio. Plain folders are
limited by the disk; a real MICROBIT drive takes the file at USB mass-storage speed, so the
run is repeated with each drive throttled to --kbps (DAPLink: a few hundred KB/s).
Run: python bench/flash_drives.py [--drives 30] [--kbps 400]
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

from atelier.boards import load_boards
from atelier.bundle import build_bundle
from atelier.lessons import all_lessons
from atelier.targets.drives import flash_drives, read_details
from atelier.targets.microbit_hex import build_hex

DETAILS = "Unique ID: 9904360258994e45002a00160000002e0000000097969901\nInterface Version: 0255\n"


def _drives(root: Path, n: int):
    out = []
    for i in range(n):
        d = root / f"MICROBIT{i}"
        d.mkdir()
        (d / "DETAILS.TXT").write_text(DETAILS)
        out.append(read_details(d))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--drives", type=int, default=30)
    ap.add_argument("--kbps", type=float, default=400.0)
    args = ap.parse_args()
    board = load_boards().get("microbit-v2")
    lessons = [ls for ls in all_lessons() if board.id in ls.info.boards]
    bundles = [build_bundle(ls, board) for ls in lessons]
    largest = max(bundles, key=lambda b: b.size)
    t0 = time.perf_counter()
    data = build_hex(largest).encode()
    build_s = time.perf_counter() - t0
    print(f"hex build, largest lesson ({largest.lesson.id}, {largest.size} B of files): "
          f"{build_s * 1000:.0f} ms, {len(data)} B of .hex")  # fmt: skip

    for kbps in (None, args.kbps):

        def delay(n: int, kbps: float | None = kbps) -> None:
            if kbps:  # the drive takes the file at USB mass-storage speed
                time.sleep(n / (kbps * 1000))

        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            src = root / "lesson.hex"
            src.write_bytes(data)
            base = root / "baseline"
            base.mkdir()
            seq = _drives(base, args.drives)
            t0 = time.perf_counter()
            for d in seq:  # baseline: one copy after the other
                with open(src, "rb") as f, open(d.path / "lesson.hex", "wb") as out:
                    while chunk := f.read(64 * 1024):
                        out.write(chunk)
                        out.flush()
                        delay(len(chunk))
                    os.fsync(out.fileno())  # as atelier does: the file is really there
            seq_s = time.perf_counter() - t0
            par = root / "parallel"
            par.mkdir()
            drives = _drives(par, args.drives)
            t0 = time.perf_counter()
            results = flash_drives(
                drives, data, "lesson.hex", progress=lambda d, n, delay=delay: delay(n)
            )
            par_s = time.perf_counter() - t0
            assert all(r.ok for r in results)
            shutil.rmtree(root / "baseline")
        speed = f"throttled to {kbps:g} KB/s a drive" if kbps else "plain folders"
        print(f"{args.drives} drives, {speed}: all at once {par_s:.2f} s, one after another "
              f"{seq_s:.2f} s -> ratio {par_s / seq_s:.2f}x")  # fmt: skip


if __name__ == "__main__":
    main()
