"""Deploy speed against mpremote, on simulated serial boards throttled like a real USB-serial link.

The boards are `atelier sim serve` boards (a separate process, as a teacher would run them),
each line throttled to --bps bytes per second (default 11 520: 115 200 baud). The lesson bundle
is a Pico bundle of about 60 KB of source (the alarme-casier lesson with the whole kit, every
driver and a second program). Printed, each as a ratio to its baseline measured in this run:

1. first deploy: atelier's engine (compiles to .mpy, compressed, batched) against
   `mpremote fs cp -r` of the same source files onto an empty board;
2. unchanged re-deploy: atelier against the same `mpremote fs cp -r` again (mpremote then
   compares each file's hash and skips it);
3. 30 boards at once against one board (first deploy each).

Both tools run in this process (mpremote through its own main()), so the ratios compare the
work on the serial line, not interpreter start-up; the same pair as commands (`atelier
deploy` against `mpremote`, each a fresh process) is printed too, start-up included (with
Python's bytecode cache, as an installed atelier has it: PYTHONDONTWRITEBYTECODE=1 makes
every command compile atelier's modules again, about 40 ms).
Run: python bench/deploy.py [--bps 11520] [--boards 30] [--repeat 3]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from atelier.boards import load_boards
from atelier.bundle import Bundle, build_bundle, compile_bundle
from atelier.lessons import load_lesson
from atelier.paths import lessons_dir
from atelier.targets.serial import deploy

ROOT = Path(__file__).resolve().parents[1]


RELEVES = """\
# Relevés : température, pression et mouvement, notés dans un fichier.
# Readings: temperature, pressure and motion, written to a file.
from kit import env, motion, sleep_ms


def releve():
    x, y, z = motion.acceleration()
    return "%.1f;%.1f;%d;%d;%d" % (env.temperature(), env.pressure(), x, y, z)


def journal(n=10, pause_ms=1000):
    with open("releves.csv", "w") as f:
        f.write("temperature;pression;x;y;z\\n")
        for _ in range(n):
            f.write(releve() + "\\n")
            sleep_ms(pause_ms)
"""


def bench_lesson(work: Path) -> Path:
    """A lesson of about 60 KB of Pico source: alarme-casier, plus the compass lesson's program,
    a readings module (so the whole kit and every driver come along) and a tune book."""
    dest = work / "lecon-bench"
    shutil.copytree(lessons_dir() / "alarme-casier", dest)
    for p in dest.glob("test_*.py"):
        p.unlink()
    shutil.copy(lessons_dir() / "boussole-numerique" / "main.py", dest / "boussole.py")
    (dest / "releves.py").write_text(RELEVES, encoding="utf-8")
    (dest / "melodies.py").write_text(_melodies(), encoding="utf-8")
    return dest


def _env() -> dict:
    path = os.pathsep.join([str(ROOT / "host_tools"), os.environ.get("PYTHONPATH", "")])
    return {**os.environ, "PYTHONPATH": path}


def _melodies() -> str:
    """A pupil's tune book: note strings, as music.play takes them."""
    import random

    rnd = random.Random(7)
    notes = ["c", "d", "e", "f", "g", "a", "b", "r"]
    out = ["# Carnet de mélodies / Tune book", "MELODIES = {"]
    for i in range(36):
        tune = ", ".join(f'"{rnd.choice(notes)}{rnd.randint(3, 5)}:{rnd.choice((1, 2, 4))}"'
                         for _ in range(28))  # fmt: skip
        out.append(f'    "air_{i}": [{tune}],')
    out.append("}")
    return "\n".join(out) + "\n"


class Served:
    """`atelier sim serve N` in its own process; .ports, and the boards' flash folders."""

    def __init__(self, n: int, bps: float, work: Path):
        env = _env()
        self.work = work
        self.proc = subprocess.Popen(
            [sys.executable, "-c",
             "import sys; from pathlib import Path; from atelier.sim.serve import serve\n"
             "import time\n"
             f"served = serve({n}, 'pico', {bps}, Path({str(work)!r}))\n"
             "print('\\n'.join(served.ports), flush=True)\n"
             "sys.stdin.read()\n"
             "served.close()"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env,
        )  # fmt: skip
        self.ports = [self.proc.stdout.readline().strip() for _ in range(n)]

    def flash(self, i: int) -> Path:
        return self.work / f"board{i + 1}" / "flash"

    def wipe(self, i: int) -> None:
        for p in self.flash(i).iterdir():
            shutil.rmtree(p) if p.is_dir() else p.unlink()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.proc.stdin.close()
            self.proc.wait(timeout=20)
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)


def mpremote_cp(port: str, src: Path) -> float:
    from mpremote.main import main as mpremote_main

    argv = sys.argv
    sys.argv = ["mpremote", "connect", port, "fs", "cp", "-r",
                *[str(p) for p in sorted(src.iterdir())], ":"]  # fmt: skip
    t = time.perf_counter()
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            rc = mpremote_main()
    finally:
        sys.argv = argv
    if rc:
        raise SystemExit(f"mpremote failed ({rc})")
    return time.perf_counter() - t


def atelier_deploy(port: str, bundle: Bundle) -> float:
    t = time.perf_counter()
    r = deploy(port, bundle, "bench", "1", reboot=False)
    if not r.ok:
        raise SystemExit(f"atelier deploy failed: {r.message}")
    return time.perf_counter() - t


def command(args: list[str]) -> float:
    env = _env()
    t = time.perf_counter()
    r = subprocess.run(args, capture_output=True, text=True, env=env)
    if r.returncode:
        raise SystemExit(f"{args[:3]} failed: {r.stderr[-300:]}")
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bps", type=float, default=11520)
    ap.add_argument("--boards", type=int, default=30)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    os.environ.setdefault("ATELIER_INVENTORY", str(Path(tempfile.mkdtemp()) / "inv.sqlite"))

    work = Path(tempfile.mkdtemp(prefix="atelier-bench-deploy-"))
    lesson = bench_lesson(work)
    src = build_bundle(load_lesson(str(lesson)), load_boards().get("pico"))
    bundle = compile_bundle(src)
    tree = work / "source"  # what mpremote copies: the same files, as source
    src.write(tree)
    print(f"bundle: {len(src.files)} files, {src.size} B of source; compiled {bundle.size} B; "
          f"line {args.bps:.0f} B/s")  # fmt: skip

    served = Served(2, args.bps, work / "two")
    try:
        a, m = served.ports
        first_a, first_m, again_a, again_m = [], [], [], []
        for _ in range(args.repeat):
            served.wipe(0)
            served.wipe(1)
            first_a.append(atelier_deploy(a, bundle))
            first_m.append(mpremote_cp(m, tree))
            again_a.append(atelier_deploy(a, bundle))
            again_m.append(mpremote_cp(m, tree))
        fa, fm = statistics.median(first_a), statistics.median(first_m)
        ua, um = statistics.median(again_a), statistics.median(again_m)
        print(f"first deploy:     atelier {fa:6.2f} s   mpremote fs cp -r {fm:6.2f} s   "
              f"ratio {fa / fm:.2f} (target <= 0.45)")  # fmt: skip
        print(f"unchanged deploy: atelier {ua:6.2f} s   mpremote fs cp -r {um:6.2f} s   "
              f"ratio {ua / um:.2f} (target <= 0.25)")  # fmt: skip
        # the same as commands, each a fresh process (interpreter start-up included)
        served.wipe(0)
        served.wipe(1)
        cmd_a = [sys.executable, "-m", "atelier", "deploy", str(lesson), "--board", "pico",
                 "--port", a]  # fmt: skip
        cmd_m = [sys.executable, "-m", "mpremote", "connect", m, "fs", "cp", "-r",
                 *[str(p) for p in sorted(tree.iterdir())], ":"]  # fmt: skip
        c_fa, c_fm = command(cmd_a), command(cmd_m)
        unchanged = [(command(cmd_a), command(cmd_m)) for _ in range(args.repeat)]
        c_ua = statistics.median(a for a, _m in unchanged)
        c_um = statistics.median(m for _a, m in unchanged)
        print(f"as commands: first atelier {c_fa:.2f} s / mpremote {c_fm:.2f} s; unchanged "
              f"atelier {c_ua:.2f} s / mpremote {c_um:.2f} s   "
              f"ratio {c_ua / c_um:.2f} (target <= 0.30)")  # fmt: skip
    finally:
        served.close()

    many = Served(args.boards, args.bps, work / "many")
    try:
        one = atelier_deploy(many.ports[0], bundle)
        many.wipe(0)
        from concurrent.futures import ThreadPoolExecutor

        t = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.boards) as pool:
            results = list(pool.map(lambda p: deploy(p, bundle, "bench", "1", reboot=False),
                                    many.ports))  # fmt: skip
        together = time.perf_counter() - t
        bad = [r for r in results if not r.ok]
        if bad:
            raise SystemExit(f"{len(bad)} board(s) failed: {bad[0].message}")
        print(f"{args.boards} boards at once: {together:.2f} s   one board {one:.2f} s   "
              f"ratio {together / one:.2f} (target <= 1.5)")  # fmt: skip
    finally:
        many.close()
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
