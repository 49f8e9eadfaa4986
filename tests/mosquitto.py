"""A real Mosquitto (Debian's package) for tests, on a free loopback port, stopped after:

    with start_mosquitto(tmp_path) as broker:
        broker.host, broker.port
        broker.restart()        # the school's broker restarting mid-class (same port)

Without the `mosquitto` program the test skips, except in CI (env CI set) where that is a
failure: .ci/run installs it."""

from __future__ import annotations

import contextlib
import getpass
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest


def mosquitto_path() -> str | None:
    # Debian puts it in /usr/sbin, which a user's PATH often leaves out
    return shutil.which("mosquitto") or shutil.which("mosquitto", path="/usr/sbin:/usr/local/sbin")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Mosquitto:
    def __init__(self, exe: str, folder: Path, port: int, persistence: bool = False):
        self.exe, self.folder, self.host, self.port = exe, folder, "127.0.0.1", port
        self.config = folder / "mosquitto.conf"
        self.log = folder / "mosquitto.log"
        # with persistence, clients' sessions (QoS 1 messages queued for them) outlive a restart
        keep = ["persistence true", f"persistence_location {folder}/"] if persistence else [
            "persistence false"]  # fmt: skip
        lines = [f"listener {port} 127.0.0.1", "allow_anonymous true", *keep,
                 "log_dest stderr", "log_type error", "log_type warning",
                 "log_type notice"]  # fmt: skip
        if getattr(os, "geteuid", lambda: 1)() == 0:  # as root it would become `mosquitto`
            lines.append(f"user {getpass.getuser()}")
        self.config.write_text("\n".join(lines) + "\n")
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 10.0) -> None:
        log = open(self.log, "ab")  # noqa: SIM115 - the process keeps it
        self.proc = subprocess.Popen([self.exe, "-c", str(self.config)], stdout=log,
                                     stderr=subprocess.STDOUT)  # fmt: skip
        log.close()
        deadline = time.monotonic() + timeout
        while True:
            with contextlib.suppress(OSError), socket.create_connection((self.host, self.port),
                                                                        timeout=0.5):  # fmt: skip
                return
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"mosquitto did not start: {self.log.read_text()[-500:]}")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def restart(self, down: float = 0.0) -> None:
        self.stop()
        time.sleep(down)
        self.start()


@contextlib.contextmanager
def start_mosquitto(tmp_path: Path, port: int | None = None, persistence: bool = False):
    exe = mosquitto_path()
    if exe is None:
        reason = "mosquitto is not installed (apt-get install mosquitto)"
        if os.environ.get("CI"):  # .ci/run installs it: missing is a failure there
            pytest.fail(f"{reason}: .ci/run should have installed it")
        pytest.skip(reason)
    folder = Path(tmp_path) / "mosquitto"
    folder.mkdir(parents=True, exist_ok=True)
    broker = Mosquitto(exe, folder, port or free_port(), persistence)
    broker.start()
    try:
        yield broker
    finally:
        broker.stop()
