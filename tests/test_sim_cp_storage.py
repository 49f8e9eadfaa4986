"""CIRCUITPY on a simulated Circuit Playground Bluefruit, as on CircuitPython 9: read-only to
code.py while the computer has the drive, unless boot.py (run after each reset, its output in
boot_out.txt) remounted it; `storage` refuses what the board refuses (main.c,
shared-module/storage/__init__.c, supervisor/shared/filesystem.c)."""

from __future__ import annotations

import textwrap
from contextlib import contextmanager

import pytest
from conftest import needs_vm

from atelier.boards import load_boards
from atelier.bundle import Bundle
from atelier.sim import LessonError, simulate
from atelier.targets.drives import read_boot_out

pytestmark = needs_vm
CPB = "circuitplayground-bluefruit"

# what a pupil writes to log the temperature to a file (Adafruit's data-logger guide's idea)
LOGGER = """
import time
import microcontroller
n = 0
while n < 3:
    with open("/temperature.txt", "a") as f:
        f.write("%.1f\\n" % microcontroller.cpu.temperature)
    n += 1
    time.sleep(1)
print("done")
"""
# and the boot.py that makes it work on the board: CIRCUITPY writable by code.py
REMOUNT = """
import storage
print("remount")
storage.remount("/", readonly=False)
"""


@contextmanager
def board_with(files: dict[str, str]):
    files = {name: textwrap.dedent(src).encode() for name, src in files.items()}
    with simulate(Bundle(board=load_boards().get(CPB), files=files), board=CPB) as b:
        b.user_files = set(files)
        yield b


def test_a_data_logger_fails_as_on_the_board_without_boot_py():
    with board_with({"code.py": LOGGER}) as b:
        with pytest.raises(LessonError) as err:
            b.run(4)
        assert err.value.exc_line == "OSError: [Errno 30] Read-only filesystem"
        assert (err.value.file, err.value.line) == ("code.py", 6)
        assert not (b.flash / "temperature.txt").exists()


def test_boot_py_remount_lets_the_logger_write_and_boot_out_says_so():
    with board_with({"code.py": LOGGER, "boot.py": REMOUNT}) as b:
        b.run(4)
        assert b.output == "done\n"  # boot.py's output is not on the console (USB is not up yet)
        assert len((b.flash / "temperature.txt").read_text().splitlines()) == 3
        lines = (b.flash / "boot_out.txt").read_text().splitlines()
        assert lines == [
            "Adafruit CircuitPython 9.2.9 on 2025-09-07; Adafruit Circuit Playground Bluefruit "
            "with nRF52840",
            "Board ID:circuitplayground_bluefruit",
            f"UID:{b.unique_id.upper()}",
            "boot.py output:",
            "remount",
        ]
        drive = read_boot_out(b.flash)  # what deploy reads on a CIRCUITPY drive
        assert (drive.board_id, drive.version) == (
            "Adafruit Circuit Playground Bluefruit",
            "9.2.9",
        )
        assert drive.unique_id == b.unique_id.upper()


def test_boot_out_without_boot_py_and_a_failing_boot_py():
    with board_with({"code.py": "print('hi')\n"}) as b:
        b.run(1)
        text = (b.flash / "boot_out.txt").read_text()
        assert text.endswith(f"UID:{b.unique_id.upper()}\n") and "output:" not in text
    with board_with({"code.py": "open('x.txt', 'w')\n", "boot.py": "import storage\n1/0\n"}) as b:
        with pytest.raises(LessonError, match="Read-only filesystem"):
            b.run(1)  # boot.py failed before remounting: code.py still cannot write
        out = (b.flash / "boot_out.txt").read_text()
        assert out.endswith(
            'boot.py output:\nTraceback (most recent call last):\n  File "boot.py", line 2, in '
            "<module>\nZeroDivisionError: divide by zero\n"
        )


def test_storage_in_code_py_refuses_what_the_board_refuses():
    with board_with(
        {
            "code.py": """
                import os, storage
                print(storage.getmount("/").readonly)
                for call in (lambda: storage.remount("/", readonly=False),
                             storage.disable_usb_drive, lambda: os.mkdir("d"),
                             lambda: os.remove("code.py"), lambda: os.rename("code.py", "x.py"),
                             lambda: storage.remount("/lib")):
                    try:
                        call()
                    except Exception as e:
                        print(type(e).__name__, e)
                print(open("code.py").read(6) == "\\nimpor")
            """
        }
    ) as b:
        b.run(1)
        assert b.output.splitlines() == [
            "True",
            "RuntimeError Cannot remount '/' when visible via USB.",
            "RuntimeError Cannot change USB devices now",
            "OSError [Errno 30] Read-only filesystem",
            "OSError [Errno 30] Read-only filesystem",
            "OSError [Errno 30] Read-only filesystem",
            "OSError [Errno 22] Invalid argument",
            "True",  # reading is fine
        ]


def test_boot_py_runs_after_a_hard_reset_not_after_a_soft_reload():
    code = """
    import board, digitalio, microcontroller, storage, supervisor
    switch = digitalio.DigitalInOut(board.SLIDE_SWITCH)  # boot.py's pin is free again
    with open("runs.txt", "a") as f:  # boot.py gave the drive to code.py
        f.write("run\\n")
    n = len(open("runs.txt").read().split())
    print(n, storage.getmount("/").readonly)
    if n == 1:
        supervisor.reload()  # soft: boot.py does not run
    elif n == 2:
        microcontroller.reset()  # hard: boot.py runs
    """
    boot = """
    import board, digitalio, storage
    switch = digitalio.DigitalInOut(board.SLIDE_SWITCH)
    switch.pull = digitalio.Pull.UP
    storage.disable_usb_drive()
    with open("boots.txt", "a") as f:
        f.write("boot\\n")
    print("boot", switch.value)
    """
    with board_with({"code.py": code, "boot.py": boot}) as b:
        b.run(2)
        assert b.output == "1 False\n2 False\n3 False\n"
        assert (b.flash / "boots.txt").read_text() == "boot\nboot\n"
        assert (b.flash / "boot_out.txt").read_text().endswith("boot.py output:\nboot True\n")


def test_serial_deploy_needs_the_drive_or_a_remounting_boot_py(tmp_path):
    # The raw REPL is Python on the board: while the computer has CIRCUITPY it cannot write
    # either. A deploy over the serial port says so in one line; once boot.py remounted the
    # drive (the computer then sees it read-only), a deploy over the serial port works.
    from atelier.sim.serve import serve
    from atelier.targets import serial as S

    bundle = Bundle(board=load_boards().get(CPB), files={"code.py": b"print('bonjour')\n"})
    with serve(1, board=CPB, workdir=tmp_path / "a") as s:
        r = S.deploy(s.ports[0], bundle, "essai", "1.0", reboot=False)
        assert not r.ok and "\n" not in r.message
        assert r.message.startswith("the board cannot write its files while a computer has")
        assert "--drive" in r.message and 'storage.remount("/", readonly=False)' in r.message
        assert sorted(p.name for p in s.boards[0].flash.iterdir()) == ["boot_out.txt"]
    flash = tmp_path / "b" / "board1" / "flash"
    flash.mkdir(parents=True)
    (flash / "boot.py").write_text(REMOUNT)
    with serve(1, board=CPB, workdir=tmp_path / "b") as s:
        r = S.deploy(s.ports[0], bundle, "essai", "1.0", reboot=False)
        assert r.ok, r.message
        assert (flash / "code.py").read_bytes() == b"print('bonjour')\n"
        from atelier.targets.link import Link

        with Link(s.ports[0]) as link:  # boot_out.txt is the board's, not a pupil's file
            link.enter()
            assert S.pupils_files(link)[0] == ["boot.py"]


def test_a_drive_that_boot_py_made_read_only_to_the_computer_says_so(tmp_path, monkeypatch):
    # After boot.py's storage.remount("/", readonly=False) the computer mounts CIRCUITPY
    # read-only: its writes fail with EROFS (Linux, macOS) or EACCES (Windows)
    import errno

    import atelier.targets.drives as D

    drive = tmp_path / "CIRCUITPY"
    drive.mkdir()
    (drive / "boot_out.txt").write_text(
        "Adafruit CircuitPython 9.2.9 on 2025-09-07; Adafruit Circuit Playground Bluefruit "
        "with nRF52840\nBoard ID:circuitplayground_bluefruit\nUID:0011223344556677\n"
    )
    (drive / "lib").mkdir()

    def read_only(path, mode="r", *a, **kw):
        if "w" in mode:
            raise OSError(errno.EROFS, "Read-only file system")
        return open(path, mode, *a, **kw)

    monkeypatch.setattr(D, "open", read_only, raising=False)
    r = D.sync_drive(
        D.read_boot_out(drive), {"code.py": b"new\n", "lib/x.py": b"x = 1\n"}, "program"
    )
    assert not r.ok and "\n" not in r.message
    assert "read-only to this computer" in r.message and "--port" in r.message
    assert sorted(p.name for p in drive.iterdir()) == ["boot_out.txt", "lib"]


def test_a_caught_read_only_error_reads_as_on_the_board():
    # a pupil's logger that catches the error: errno 30, the board's words
    code = """
    import sys
    try:
        open("/log.csv", "w")
    except OSError as e:
        print(e.errno, e.args, e)
        sys.print_exception(e)
    """
    with board_with({"code.py": code}) as b:
        b.run(1)
    lines = b.output.splitlines()
    assert lines[0] == "30 (30,) [Errno 30] Read-only filesystem"
    assert lines[-1] == "OSError: [Errno 30] Read-only filesystem"


def test_nvm_is_writable_and_boot_py_may_share_the_drive():
    # microcontroller.nvm is not on CIRCUITPY: writable whatever boot.py did. With
    # disable_concurrent_write_protection both the computer and code.py may write.
    code = """
    import microcontroller, storage
    microcontroller.nvm[0:2] = b"ok"
    print(bytes(microcontroller.nvm[0:2]), storage.getmount("/").readonly)
    with open("/shared.txt", "w") as f:
        f.write("both")
    """
    boot = """
    import storage
    storage.remount("/", readonly=True, disable_concurrent_write_protection=True)
    """
    with board_with({"code.py": code, "boot.py": boot}) as b:
        b.run(1)
        assert b.output == "b'ok' False\n"
        assert (b.flash / "shared.txt").read_text() == "both"


# Adafruit's data-logger boot.py idea: the slide switch says who may write CIRCUITPY
SWITCH_BOOT = """
import board, digitalio, storage
switch = digitalio.DigitalInOut(board.SLIDE_SWITCH)
switch.pull = digitalio.Pull.UP
storage.remount("/", readonly=switch.value)
"""


@pytest.mark.parametrize("right", [False, True])
def test_the_slide_switch_in_boot_py_gives_the_drive_to_the_program_or_the_computer(right):
    # slid left (towards the music note) the switch reads True: the computer keeps the drive;
    # slid right (towards the ear) it ties the pin to GND: code.py may write
    with board_with({"code.py": LOGGER, "boot.py": SWITCH_BOOT}) as b:
        b.world.slide_switch_right = right
        if right:
            b.run(4)
            assert b.output == "done\n"
            assert len((b.flash / "temperature.txt").read_text().splitlines()) == 3
        else:
            with pytest.raises(LessonError, match="Read-only filesystem"):
                b.run(4)
