"""A real Mosquitto broker for tests (Debian's `mosquitto`; .ci/run installs it): on a free
loopback port, a config file in a temporary folder, stopped after. Missing here: the test
skips; in CI (env CI set): it fails."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest


def mosquitto_command() -> str | None:
    return shutil.which("mosquitto") or next(
        (p for p in ("/usr/sbin/mosquitto",) if os.access(p, os.X_OK)), None
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Mosquitto:
    def __init__(self, folder: Path):
        cmd = mosquitto_command()
        if cmd is None:
            message = "mosquitto is not installed (apt-get install -y mosquitto)"
            if os.environ.get("CI"):
                pytest.fail(message)
            pytest.skip(message)
        self.cmd = cmd
        self.port = free_port()
        self.conf = folder / "mosquitto.conf"
        self.conf.write_text(
            f"listener {self.port} 127.0.0.1\nallow_anonymous true\npersistence false\n"
        )
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [self.cmd, "-c", str(self.conf)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                if self.proc.poll() is not None:
                    raise RuntimeError(self.proc.stderr.read().decode()) from None
                time.sleep(0.05)
        raise RuntimeError("mosquitto did not start")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)
        self.proc = None


class Listener:
    """A paho-mqtt subscriber to classe/#: every (topic, payload, retained) it got, in order."""

    def __init__(self, port: int):
        import paho.mqtt.client as mqtt

        self.got: list[tuple[str, str, bool]] = []
        self._lock = threading.Lock()
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="test-listener")
        self.subscribed = threading.Event()
        self.client.on_message = self._on_message
        self.client.on_connect = lambda c, *a: c.subscribe("classe/#", qos=1)
        self.client.on_subscribe = lambda *a: self.subscribed.set()
        self.client.connect("127.0.0.1", port)
        self.client.loop_start()
        if not self.subscribed.wait(10):
            raise RuntimeError("the test's MQTT listener could not subscribe")

    def _on_message(self, client, userdata, msg):
        with self._lock:
            self.got.append((msg.topic, msg.payload.decode(), bool(msg.retain)))

    def values(self, topic: str) -> list[str]:
        with self._lock:
            return [p for t, p, _r in self.got if t == topic]

    def wait_for(self, topic: str, n: int, seconds: float = 5.0) -> list[str]:
        deadline = time.monotonic() + seconds
        while len(self.values(topic)) < n and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.values(topic)

    def close(self) -> None:
        self.client.loop_stop()
        self.client.disconnect()
