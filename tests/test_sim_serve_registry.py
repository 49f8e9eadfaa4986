"""Served boards are found like plugged-in ones: `find_ports` (so `--all` and `atelier boards`)
lists them by board type while they are served, and forgets them when their server stops, is
killed, or dies without a word."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import needs_vm

from atelier.boards import load_boards
from atelier.sim import registry
from atelier.targets.serial import find_ports

pytestmark = [needs_vm, pytest.mark.timeout(120)]

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def own_registry(tmp_path, monkeypatch):
    """A registry for this test alone (the `atelier` commands it runs inherit it)."""
    monkeypatch.setenv(registry.ENV, str(tmp_path / "run"))
    monkeypatch.delenv("ATELIER_PORTS", raising=False)


def _ports(board: str | None) -> list[str]:
    return [p.device for p in find_ports(load_boards(), board)]


def start_serve(n: int, *args: str, tmp: Path) -> tuple[subprocess.Popen, list[str]]:
    """`atelier sim serve N ARGS` in its own process; its printed lines once all are there."""
    env = {**os.environ, "TMPDIR": str(tmp),  # a killed server's flash folders stay in tmp
           "PYTHONPATH": os.pathsep.join([str(ROOT / "host_tools"),
                                          os.environ.get("PYTHONPATH", "")])}  # fmt: skip
    proc = subprocess.Popen([sys.executable, "-m", "atelier", "sim", "serve", str(n), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)  # fmt: skip
    lines, buf = [], b""
    end = time.monotonic() + 30
    while len(lines) < n:
        left = end - time.monotonic()
        assert left > 0 and proc.poll() is None, (buf, proc.poll(), proc.stderr.read())
        ready, _, _ = select.select([proc.stdout], [], [], left)
        if ready:
            chunk = os.read(proc.stdout.fileno(), 4096)
            assert chunk, proc.stderr.read()
            *done, buf = (buf + chunk).split(b"\n")
            lines += [ln.decode() for ln in done if ln.strip()]
    return proc, lines


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.kill()
        proc.wait()
    proc.stdout.close()
    proc.stderr.close()


def test_served_boards_are_found_by_type_while_served(monkeypatch):
    from atelier.sim.serve import serve

    assert _ports(None) == []
    with serve(2, board="pico") as picos, serve(1, board="microbit-v2") as microbits:
        found = {p.device: p for p in find_ports(load_boards())}
        assert _ports("pico") == picos.ports  # exactly the two Picos, not the micro:bit
        assert _ports("microbit-v2") == microbits.ports
        assert _ports("esp32") == []
        for port, board in zip(picos.ports, picos.boards, strict=True):
            assert found[port].types == ["pico"]
            assert found[port].serial_number == board.unique_id.upper()  # as a Pico's USB
        mb = found[microbits.ports[0]]
        assert mb.types == ["microbit-v2"] and mb.serial_number.startswith("9904")
        assert microbits.boards[0].unique_id in mb.serial_number
        # ATELIER_PORTS still adds ports, without listing a served one twice
        monkeypatch.setenv("ATELIER_PORTS", os.pathsep.join([picos.ports[0], "/dev/ttyODD0"]))
        assert _ports("pico") == [*picos.ports, "/dev/ttyODD0"]
        monkeypatch.delenv("ATELIER_PORTS")
    assert _ports(None) == []
    assert list(registry.served_dir().iterdir()) == []


def test_a_killed_server_s_boards_are_gone_and_two_servers_never_share_a_name(tmp_path):
    from atelier.sim.serve import serve

    with serve(1, board="pico") as here:  # holds pico#1: the other process numbers on
        picos, pico_ports = start_serve(2, "--board", "pico", tmp=tmp_path)
        drives = tmp_path / "drives"
        mbs, mb_lines = start_serve(1, "--board", "microbit-v2", "--drives", str(drives),
                                    tmp=tmp_path)  # fmt: skip
        try:
            mb_port, mb_drive = mb_lines[0].split("\t")
            assert _ports("pico") == [here.ports[0], *pico_ports]
            assert _ports("microbit-v2") == [mb_port]
            entries = registry.entries()
            assert len({e.unique_id for e in entries}) == 4
            assert sorted((e.board, e.slot) for e in entries) == [
                ("microbit-v2", 1), ("pico", 1), ("pico", 2), ("pico", 3)]  # fmt: skip
            assert {e.pid for e in entries} == {os.getpid(), picos.pid, mbs.pid}
            assert [e.drive for e in entries if e.drive] == [mb_drive]
            assert (Path(mb_drive) / "DETAILS.TXT").is_file()

            picos.send_signal(signal.SIGTERM)  # `kill`: stops as Ctrl-C does
            assert picos.wait(timeout=15) == 0, picos.stderr.read()
            assert _ports("pico") == here.ports
            assert len(list(registry.served_dir().glob("pico-*.json"))) == 1

            mbs.send_signal(signal.SIGKILL)  # no goodbye: the entry stays until a reader looks
            mbs.wait(timeout=15)
            assert (registry.served_dir() / "microbit-v2-1.json").exists()
            assert _ports("microbit-v2") == []  # its lock went with the process
            assert not (registry.served_dir() / "microbit-v2-1.json").exists()  # swept
            assert not Path(mb_drive).exists()  # and its drive folder with it
        finally:
            stop(picos)
            stop(mbs)
    assert _ports(None) == []


def test_an_entry_nobody_holds_is_swept_even_if_its_pid_lives(tmp_path):
    """A pid can be reused by another process; the serving process's lock cannot."""
    folder = registry.served_dir()
    folder.mkdir(parents=True)
    entry = registry.Entry(port=os.devnull, board="pico", unique_id="0" * 16,
                           serial_number="0" * 16, pid=os.getpid(), slot=1)  # fmt: skip
    (folder / "pico-1.json").write_text(json.dumps(entry.__dict__))
    (folder / "pico-2.json").write_text("not json")  # damaged, and nobody holds it
    assert registry.entries() == [] and _ports("pico") == []
    assert list(folder.iterdir()) == []


def test_a_served_board_whose_pseudo_terminal_is_gone_is_skipped():
    gone = "/dev/pts/does-not-exist"
    reg = registry.register("pico", lambda k: registry.Entry(gone, "pico", "ab", "AB", 1, k))
    try:
        assert registry.entries() == []
    finally:
        reg.close()
    assert list(registry.served_dir().iterdir()) == []


def test_deploy_all_deploys_to_the_served_boards_of_that_type_only():
    from atelier.sim.serve import serve

    env = {**os.environ, "COLUMNS": "200",
           "PYTHONPATH": os.pathsep.join([str(ROOT / "host_tools"),
                                          os.environ.get("PYTHONPATH", "")])}  # fmt: skip
    with serve(2, board="pico") as picos, serve(1, board="microbit-v2") as microbits:
        r = subprocess.run(
            [sys.executable, "-m", "atelier", "deploy", "boussole-numerique", "--board", "pico",
             "--all"], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120,
        )  # fmt: skip
        assert r.returncode == 0, r.stdout + r.stderr
        for port, board in zip(picos.ports, picos.boards, strict=True):
            assert f" {port.removeprefix('/dev/')} " in r.stdout, r.stdout  # as the table shows
            assert (board.flash / "main.py").is_file()
            assert (board.flash / "lib" / "kit").is_dir()
        assert f" {microbits.ports[0].removeprefix('/dev/')} " not in r.stdout
        assert list(microbits.boards[0].flash.iterdir()) == []
