"""A real MQTT broker for tests: Debian's Mosquitto on a free loopback port, in a folder of its
own, stopped after. Missing, the test skips; in CI (env CI set) it fails: .ci/run installs it."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def mosquitto_path() -> str | None:
    # Debian puts the broker in /usr/sbin, which a user's PATH may not hold
    return shutil.which("mosquitto") or shutil.which("mosquitto", path="/usr/sbin:/usr/local/sbin")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def start_mosquitto(tmp_path: Path, port: int | None = None, persistence: bool = False
                    ) -> Iterator[int]:  # fmt: skip
    """A broker listening on 127.0.0.1 (anonymous); yields its port. With `persistence`, it
    keeps its clients' sessions in `tmp_path` across a restart on the same port."""
    exe = mosquitto_path()
    if exe is None:
        why = "mosquitto is not installed (apt-get install mosquitto)"
        if os.environ.get("CI"):
            pytest.fail(why)
        pytest.skip(why)
    port = port or free_port()
    conf = tmp_path / f"mosquitto-{port}.conf"
    keep = f"true\npersistence_location {tmp_path}/\n" if persistence else "false\n"
    conf.write_text(f"listener {port} 127.0.0.1\nallow_anonymous true\npersistence {keep}")
    log_path = tmp_path / f"mosquitto-{port}.log"
    log = open(log_path, "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen([exe, "-c", str(conf)], stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        "mosquitto did not start: "
                        + (tmp_path / f"mosquitto-{port}.log").read_text()
                    ) from None
                time.sleep(0.05)
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
