"""Served boards in one world (`atelier sim serve N --one-world`, `serve(..., sim=world)`):
one clock, one radio space, with the world's boards that are not served; driven as real boards
are, over their serial ports."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import needs_vm

pytestmark = [needs_vm, pytest.mark.timeout(120)]

HOST_TOOLS = Path(__file__).resolve().parents[1] / "host_tools"
_MPREMOTE_EXE = shutil.which("mpremote")
MPREMOTE = [_MPREMOTE_EXE] if _MPREMOTE_EXE else [sys.executable, "-m", "mpremote"]

SENDER = b"""\
import radio
from microbit import sleep
radio.config(group=3)
n = 0
while True:
    n += 1
    radio.send("ping %d" % n)
    sleep(100)
"""
LISTENER = b"""\
import radio
from microbit import sleep
radio.config(group=3)
while True:
    m = radio.receive()
    if m:
        print("heard", m)
    sleep(20)
"""


def read_until(port: str, text: bytes, timeout: float = 20) -> bytes:
    import serial

    got = b""
    end = time.monotonic() + timeout
    with serial.Serial(port, 115200, timeout=0.1) as s:
        while text not in got:
            assert time.monotonic() < end, f"{text!r} not read; got {got[-300:]!r}"
            got += s.read(256)
    return got


def test_served_boards_and_a_board_not_served_hear_each_other_in_one_world(tmp_path):
    from atelier.sim import Sim, start_board
    from atelier.sim.serve import serve

    world = Sim(wall_budget=60.0)
    program = tmp_path / "listener.py"
    program.write_bytes(LISTENER)
    plain = start_board(world, program, "microbit-v2", name="plain")
    try:
        with serve(2, "microbit-v2", sim=world) as served:
            sender, listener = served.boards
            with world.lock:  # as a .hex flashed onto each, between two turns of their loops
                sender.flash_files({"main.py": SENDER})
                listener.flash_files({"main.py": LISTENER})
            read_until(served.ports[1], b"heard ping 5")  # over its serial port
            assert "heard ping" in plain.output  # the board not served hears it too
            assert sender.now_us == listener.now_us == plain.now_us  # one clock
        assert world.boards == [plain]  # the served boards left the world, which goes on
    finally:
        plain.close()
        shutil.rmtree(plain._root, ignore_errors=True)


def test_a_board_not_served_that_fails_leaves_the_served_ones_running(tmp_path):
    from atelier.sim import Sim, start_board
    from atelier.sim.serve import serve

    world = Sim(wall_budget=60.0)
    program = tmp_path / "fails.py"
    program.write_text("from microbit import sleep\nsleep(200)\nprint(1 / 0)\n")
    failing = start_board(world, program, "microbit-v2", name="fails")
    try:
        with serve(2, "microbit-v2", sim=world) as served:
            with world.lock:
                served.boards[0].flash_files({"main.py": SENDER})
                served.boards[1].flash_files({"main.py": LISTENER})
            read_until(served.ports[1], b"heard ping 10")
            assert "ZeroDivisionError" in failing.error.traceback
    finally:
        failing.close()
        shutil.rmtree(failing._root, ignore_errors=True)


def test_sim_serve_one_world_boards_talk_by_radio_over_mpremote(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(HOST_TOOLS))
    cmd = [sys.executable, "-m", "atelier", "sim", "serve", "2", "--one-world"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, env=env)
    try:
        ports = [proc.stdout.readline().strip() for _ in range(2)]
        assert all(p.startswith("/dev/") for p in ports), ports

        def mpremote(port: str, code: str) -> str:  # resume: no soft reset, the radio stays on
            args = [*MPREMOTE, "connect", port, "resume", "exec", code]
            r = subprocess.run(args, capture_output=True, text=True, timeout=30)
            assert r.returncode == 0, r.stderr
            return r.stdout

        mpremote(ports[1], "import radio; radio.config(group=3)")
        mpremote(ports[0], "import radio; radio.config(group=3); radio.send('hello')")
        assert mpremote(ports[1], "print(radio.receive())").strip() == "hello"
    finally:
        proc.terminate()
        proc.wait(10)


def test_a_served_microbit_writes_uart_bytes_as_they_are_and_print_lines_with_cr(tmp_path):
    import serial

    from atelier.sim.serve import serve

    program = b"from microbit import uart\nuart.write(b'a\\nb\\r\\n')\nprint('c')\n"
    with serve(1, "microbit-v1", workdir=tmp_path) as served:
        with serial.Serial(served.ports[0], 115200, timeout=0.1) as s:
            with served.boards[0].sim.lock:
                served.boards[0].flash_files({"main.py": program})
            got = b""
            end = time.monotonic() + 20
            while b">>> " not in got and time.monotonic() < end:
                got += s.read(256)
    # microbituart.cpp's write: mp_hal_stdout_tx_strn, as is; print(): the "cooked" one
    assert got.startswith(b"a\nb\r\nc\r\n"), got


@pytest.mark.parametrize("board,kept", [("microbit-v1", 63), ("microbit-v2", 127)])
def test_a_microbit_keeps_what_its_receive_buffer_holds_and_loses_the_rest(tmp_path, board, kept):
    import serial

    from atelier.sim.serve import serve

    # the program reads its serial line only after a while: the computer sent 200 bytes
    program = b"from microbit import uart, sleep\nsleep(1500)\nprint('kept', len(uart.read()))\n"
    with serve(1, board, workdir=tmp_path) as served:
        with serial.Serial(served.ports[0], 115200, timeout=0.1) as s:
            with served.boards[0].sim.lock:
                served.boards[0].flash_files({"main.py": program})
            time.sleep(0.3)
            s.write(b"x" * 200)
            got = b""
            end = time.monotonic() + 20
            while b"kept" not in got and time.monotonic() < end:
                got += s.read(256)
            got += s.read(64)
    assert f"kept {kept}\r\n".encode() in got, got
