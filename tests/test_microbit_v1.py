"""The micro:bit V1 (runtime 1.1.1 = MicroPython 1.9.2, 10 KB heap): the kit without module
__getattr__, the syntax its parser refuses, what its runtime lacks, its heap, its .hex, a V1
and a V2 flashed together, and deploy over its serial port."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import needs_vm
from mbhex_reader import read_files

from atelier.boards import load_boards
from atelier.bundle import Bundle, build_bundle
from atelier.errors import UserError
from atelier.lessons import all_lessons, load_lesson
from atelier.sim import LessonError, simulate

pytestmark = [needs_vm, pytest.mark.timeout(300)]

ROOT = Path(__file__).resolve().parents[1]
V1 = "microbit-v1"


def atelier(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    path = os.pathsep.join([str(ROOT / "host_tools"), os.environ.get("PYTHONPATH", "")])
    return subprocess.run([sys.executable, "-m", "atelier", *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=150,
                          env={**os.environ, "PYTHONPATH": path, **(env or {})})  # fmt: skip


def run_files(files: dict[str, str], board: str = V1, seconds: float = 1):
    """(output, error line or "") of a bundle of these files on a simulated `board`."""
    bundle = Bundle(board=load_boards().get(board),
                    files={n: s.encode() for n, s in files.items()})  # fmt: skip
    with simulate(bundle, board=board) as b:
        try:
            b.run(seconds)
        except LessonError as e:
            return b.output, e.exc_line
        return b.output, ""


# -- the kit on a runtime without module __getattr__ ----------------------------------------
def test_module_getattr_does_nothing_on_the_v1_as_on_its_runtime():
    files = {
        "lazy.py": "x = 1\ndef __getattr__(name):\n    return 42\n",
        "main.py": "import lazy\nprint(lazy.x)\nprint(lazy.y)\n",
    }
    out, err = run_files(files, "microbit-v2")
    assert "42" in out and not err  # MicroPython 1.18 calls it
    out, err = run_files(files)
    assert err == "AttributeError: 'module' object has no attribute 'y'", out
    files["main.py"] = "from lazy import y\n"
    assert run_files(files)[1] == "ImportError: cannot import name y"


def test_the_kit_works_on_the_v1_without_module_getattr():
    main = (
        "import kit\nfrom kit import display\nprint(display.HEART.width())\n"
        "kit.buzzer.tone(440, 100)\nprint(kit.sleep_ms)\n"
    )
    kit = {n: d.decode() for n, d in _kit_bundle(main).items()}
    assert sorted(kit) == ["kit.py", "kitconfig.py"]  # one flat kit: no nested imports
    out, err = run_files({"main.py": main} | kit)
    assert not err and "5\n" in out, err
    main += "display.show(display.HERAT)\n"  # a typo: no such image
    out, err = run_files({"main.py": main} | {n: d.decode() for n, d in _kit_bundle(main).items()})
    assert err == "AttributeError: 'module' object has no attribute 'HERAT'"


def _kit_bundle(program: str) -> dict[str, bytes]:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "main.py"
        p.write_text(program)
        files = build_bundle(p, load_boards().get(V1)).files
    return {n: d for n, d in files.items() if n != "main.py"}


# -- syntax MicroPython 1.9.2 refuses -----------------------------------------------------------
@pytest.mark.parametrize(
    "line, what",
    [
        ('print(f"{x} deg")', "f-strings are not in MicroPython 1.9.2"),
        ("if (y := x):\n    pass", "the := operator are not in MicroPython 1.9.2"),
        ("y: int = 3", "variable annotations (x: int = 0) are not"),
        ("n = 1_000", "_ in numbers (1_000) are not"),
        ("def f(a, /, b):\n    pass", "positional-only parameters (/)"),
    ],
)
def test_syntax_the_v1_cannot_parse_is_one_line_at_bundle_time(tmp_path, line, what):
    p = tmp_path / "main.py"
    p.write_text("x = 1\n" + line + "\n")
    with pytest.raises(UserError) as e:
        build_bundle(p, load_boards().get(V1))
    msg = str(e.value)
    assert msg.startswith(f"{p}:2: {what}") and "(BBC micro:bit V1); " in msg
    assert "\n" not in msg
    if "/" not in line:  # which no MicroPython parses: mpy-cross refuses it for the V2
        build_bundle(p, load_boards().get("microbit-v2"))  # 1.18 parses it


def test_cli_bundle_says_it_in_one_line(tmp_path):
    p = tmp_path / "main.py"
    p.write_text('x = 2\nprint(f"{x}")\n')
    r = atelier("bundle", str(p), "--board", V1, "--out", str(tmp_path / "out"))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert f"{p}:2: f-strings are not in MicroPython 1.9.2" in r.stderr


def test_cli_run_and_bundle_on_the_v1(tmp_path):
    r = atelier("run", "boussole-numerique", "--board", V1, "--seconds", "1")
    assert r.returncode == 0, r.stderr
    assert "microbit-v1" in r.stdout and "1 note" in r.stdout  # facing north: one beep
    r = atelier("bundle", "alarme-casier", "--board", V1, "--out", str(tmp_path / "b"))
    assert r.returncode == 0, r.stderr
    names = sorted(p.name for p in (tmp_path / "b").iterdir())
    assert names == ["kit.py", "kitconfig.py", "main.py"]  # the V1's flat kit


# -- what the V1's runtime lacks and has --------------------------------------------------------
@pytest.mark.parametrize(
    "program, error",
    [
        ("from microbit import speaker", "ImportError: cannot import name speaker"),
        ("import microbit\nmicrobit.microphone.sound_level()",
         "AttributeError: 'module' object has no attribute 'microphone'"),
        ("import microbit\nmicrobit.pin_logo.is_touched()",
         "AttributeError: 'module' object has no attribute 'pin_logo'"),
        ("import microbit\nmicrobit.set_volume(100)",
         "AttributeError: 'module' object has no attribute 'set_volume'"),
        ("from microbit import *\ndisplay.show(Sound.HAPPY)", "NameError: name 'Sound'"),
        ("import os\nos.stat('main.py')",
         "AttributeError: 'module' object has no attribute 'stat'"),
        ("import power", "ImportError: no module named 'power'"),
        ("import sys\nprint(sys.modules)",
         "AttributeError: 'module' object has no attribute 'modules'"),
        ("import log", "ImportError: no module named 'log'"),
        ("from microbit import pin0\npin0.set_touch_mode(1)", "has no attribute 'set_touch_mode'"),
    ],
)  # fmt: skip
def test_the_simulated_v1_refuses_what_only_the_v2_has(program, error):
    out, err = run_files({"main.py": program + "\n"})
    assert error in err, (err, out)


def test_the_v2_has_them():
    program = (
        "import microbit, os\nmicrobit.set_volume(100)\nmicrobit.speaker.off()\n"
        "print(microbit.pin_logo.is_touched(), os.stat('main.py')[6] > 0)\n"
    )
    out, err = run_files({"main.py": program}, "microbit-v2")
    assert not err and "False True" in out


def test_the_simulated_v1_has_what_its_runtime_has():
    program = """\
import audio, microbit, music, os, radio, speech
frame = audio.AudioFrame()
frame[0] = 128
print(microbit.audio is audio, len(frame), audio.is_playing())
speech.say("hello")
music.play(music.BA_DING)
radio.on()
radio.config(data_rate=radio.RATE_250KBIT)
print(microbit.scale(5, (0, 10), (0, 100)), microbit.accelerometer.get_strength() > 0)
print(microbit.pin0.is_touched(), os.uname().release, os.uname().machine)
"""
    with simulate(Bundle(board=load_boards().get(V1), files={"main.py": program.encode()}),
                  board=V1) as b:  # fmt: skip
        b.run(3)
        assert b.error is None, b.error
        assert "True 32 False\n" in b.output
        assert "50 True\n" in b.output
        assert "False 1.1.1 micro:bit with nRF51822" in b.output
        assert b.hardware.spoken == ["hello"]
        assert [t.frequency for t in b.buzzer.tones][:1] == [988]  # BA_DING: b5:1, g6:3


# -- heap -------------------------------------------------------------------------------------
@pytest.mark.parametrize("lesson", [les.id for les in all_lessons() if V1 in les.info.boards])
def test_each_lessons_kit_fits_the_v1_heap(lesson):
    """The flat kit a lesson imports takes two fifths of the V1's free heap at most, in the
    simulated V1's bytes (the real V1 in QEMU, bench/v1_qemu.py: about 0.4 KB for the compass
    lesson's, 1 KB for the alarm's, 3.3 KB for the night light's light + strip + buttons, which
    runs there, of 9.4 KB free), leaving the rest to main.py."""
    import ast

    from atelier.sim.heap import measure_import

    source = (load_lesson(lesson).path / "main.py").read_text()
    imports = "\n".join(
        ast.get_source_segment(source, n)
        for n in ast.parse(source).body
        if isinstance(n, ast.ImportFrom | ast.Import)
    )
    used = measure_import(imports, board=V1, preload="import microbit, music, utime, time")
    free = load_boards().get(V1).heap_free
    print(f"{lesson}: kit {used} B of heap in the simulated V1 ({free} B free on the board)")
    assert 100 < used <= free * 2 // 5


# -- .hex, drives, serial -----------------------------------------------------------------------
def test_flash_out_writes_the_v1_runtime_with_the_v1_kit(tmp_path):
    import micropython_microbit_fs as mbfs

    out = tmp_path / "x.hex"
    r = atelier("flash", "boussole-numerique", "--board", V1, "--out", str(out))
    assert r.returncode == 0, r.stderr
    text = out.read_text()
    assert mbfs.get_device_info(text).device_version.value == "V1"
    files = read_files(text)
    assert {"kit.py", "kitconfig.py", "main.py"} <= set(files)
    assert not any(n.startswith("kit_") for n in files)
    assert b"compass = module()" in files["kit.py"]  # the flat kit of the V1


def test_a_v1_and_a_v2_plugged_in_together_each_get_their_own_hex(tmp_path, monkeypatch):
    from atelier.sim import registry
    from atelier.sim.serve import serve

    monkeypatch.setenv(registry.ENV, str(tmp_path / "run"))
    d1, d2 = tmp_path / "v1drives", tmp_path / "v2drives"
    with serve(1, board=V1, drives=d1) as s1, serve(1, board="microbit-v2", drives=d2) as s2:
        details = (s1.drives[0] / "DETAILS.TXT").read_text()
        assert "Unique ID: 9901" in details and "HIC ID: 97969901" in details
        assert "Unique ID: 9904" in (s2.drives[0] / "DETAILS.TXT").read_text()
        env = {registry.ENV: str(tmp_path / "run"), "ATELIER_DRIVE_ROOTS": ""}
        r = atelier("flash", "alarme-casier", "--all", env=env)  # no --board: each its own
        assert r.returncode == 0, r.stderr + r.stdout
        boards = {V1: s1.boards[0], "microbit-v2": s2.boards[0]}
        end = time.monotonic() + 90
        while not all((b.flash / "kitconfig.py").exists() for b in boards.values()):
            assert time.monotonic() < end, "the boards were not flashed"
            time.sleep(0.1)
        v1_config = (boards[V1].flash / "kitconfig.py").read_text()
        assert "BOARD = 'microbit-v1'" in v1_config and "IMAGES = " in v1_config
        assert (
            "BOARD = 'microbit-v2'" in (boards["microbit-v2"].flash / "kitconfig.py").read_text()
        )
        for b in boards.values():  # each runs the lesson: the small square, disarmed
            end = time.monotonic() + 60
            while not any(any(row) for row in b.display.image):
                assert time.monotonic() < end, "the lesson did not start"
                time.sleep(0.05)
            assert b.error is None


def test_deploy_over_the_v1_serial_port(tmp_path, monkeypatch):
    from atelier.sim import registry
    from atelier.sim.serve import serve

    monkeypatch.setenv(registry.ENV, str(tmp_path / "run"))
    with serve(1, board=V1) as s:
        r = atelier("deploy", "boussole-numerique", "--board", V1, "--all",
                    env={registry.ENV: str(tmp_path / "run")})  # fmt: skip
        assert r.returncode == 0, r.stderr + r.stdout
        flash = s.boards[0].flash
        bundle = build_bundle(load_lesson("boussole-numerique"), load_boards().get(V1))
        for name, data in bundle.files.items():
            assert (flash / name).read_bytes() == data


def test_the_v1_keeps_every_guarantee_of_a_serial_deploy(tmp_path, monkeypatch):
    # its ~9 KB heap gets the small agent (targets/board_agent_small.py): a pupil's changed
    # file is saved before it is replaced, a second deploy finds the board up to date, the
    # label and the pupil's own files reach the computer
    from atelier.sim import registry
    from atelier.sim.serve import serve

    env = {registry.ENV: str(tmp_path / "run"), "ATELIER_BACKUPS": str(tmp_path / "saved")}
    monkeypatch.setenv(registry.ENV, env[registry.ENV])
    bundle = build_bundle(load_lesson("boussole-numerique"), load_boards().get(V1))
    with serve(1, board=V1) as s:
        port, flash = s.ports[0], s.boards[0].flash
        r = atelier("deploy", "boussole-numerique", "--board", V1, "--port", port, env=env)
        assert r.returncode == 0, r.stderr + r.stdout
        (flash / "main.py").write_text("print('mon programme')\n")
        (flash / "notes.txt").write_text("cap 270\n" * 40)
        r = atelier("deploy", "boussole-numerique", "--board", V1, "--port", port, env=env)
        assert r.returncode == 0, r.stderr + r.stdout
        assert "main.py" in r.stderr + r.stdout  # saved, and said so
        assert (flash / "main.py").read_bytes() == bundle.files["main.py"]
        saved = list((tmp_path / "saved").rglob("main.py"))
        assert [p.read_text() for p in saved] == ["print('mon programme')\n"]
        r = atelier("deploy", "boussole-numerique", "--board", V1, "--port", port, env=env)
        assert r.returncode == 0 and "up to date" in r.stdout, r.stderr + r.stdout
        r = atelier("label", port, "Poste 3", env=env)
        assert r.returncode == 0, r.stderr + r.stdout
        r = atelier("collect", "--port", port, "--out", str(tmp_path / "out"), env=env)
        assert r.returncode == 0, r.stderr + r.stdout
        assert (tmp_path / "out" / "Poste 3" / "notes.txt").read_text() == "cap 270\n" * 40
        for name, data in bundle.files.items():
            assert (flash / name).read_bytes() == data


def test_the_v1_has_no_raw_paste_mode_as_its_runtime(tmp_path, monkeypatch):
    # MicroPython 1.9.2 has no raw paste (1.13 brought it): Ctrl-E A Ctrl-A restarts the raw
    # REPL, as the official runtime does in QEMU; the V2 (1.18) answers R\x01
    import serial

    from atelier.sim import registry
    from atelier.sim.serve import serve

    monkeypatch.setenv(registry.ENV, str(tmp_path / "run"))
    for board, answer in ((V1, b"raw REPL; CTRL-B to exit\r\n>"), ("microbit-v2", b"R\x01")):
        with serve(1, board=board) as s:
            port = serial.Serial(s.ports[0], 115200, timeout=5)
            port.write(b"\r\x03\x03\x01")
            port.read_until(b"raw REPL; CTRL-B to exit\r\n>")
            port.write(b"\x05A\x01")
            assert answer in port.read_until(answer)
            port.close()


def test_a_universal_hex_runs_the_lesson_on_a_v1_and_a_v2(tmp_path, monkeypatch):
    import micropython_microbit_fs as mbfs

    from atelier.sim import registry
    from atelier.sim.serve import serve
    from atelier.targets.microbit_hex import part_for

    out = tmp_path / "u.hex"
    r = atelier("flash", "boussole-numerique", "--universal", "--out", str(out))
    assert r.returncode == 0, r.stderr
    text = out.read_text()
    for version in (1, 2):
        part = part_for(text, load_boards().get(f"microbit-v{version}"))
        assert mbfs.get_device_info(part).device_version.value == f"V{version}"
        assert ("kit_compass.py" in read_files(part)) == (version == 2)  # V1: one kit.py
    monkeypatch.setenv(registry.ENV, str(tmp_path / "run"))
    with serve(1, board=V1, drives=tmp_path / "a") as s1:
        with serve(1, board="microbit-v2", drives=tmp_path / "b") as s2:
            for s in (s1, s2):
                (s.drives[0] / "u.hex").write_text(text)
            boards = [s1.boards[0], s2.boards[0]]
            end = time.monotonic() + 90
            while not all((b.flash / "kitconfig.py").exists() for b in boards):
                assert time.monotonic() < end, "the boards were not flashed"
                time.sleep(0.1)
            assert "'microbit-v1'" in (boards[0].flash / "kitconfig.py").read_text()
            assert "'microbit-v2'" in (boards[1].flash / "kitconfig.py").read_text()
            assert not any((s.drives[0] / "FAIL.TXT").exists() for s in (s1, s2))


def test_universal_wants_out_and_no_board(tmp_path):
    r = atelier("flash", "boussole-numerique", "--universal", "--all")
    assert r.returncode == 1 and "use it with --out FILE and without --board" in r.stderr
