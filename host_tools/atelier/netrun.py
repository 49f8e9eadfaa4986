"""`atelier run` of a program that publishes with kit.net on a computer without the class's
network settings (net.toml): the run starts a broker of its own (the hub's embedded amqtt) on a
free loopback port, the simulated board publishes there (netsettings.own_broker), and a
subscriber of the run hands each message to `on_message(topic, text)`, which prints it among
the board's output. Nobody else's broker (a teacher's `atelier hub` on this computer) sees the
board, and a pupil at home sees what the board publishes with nothing set up."""

from __future__ import annotations

import asyncio
import logging
import threading
import uuid
from collections.abc import Callable

from atelier.errors import UserError
from atelier.hub.topics import SUBSCRIPTION
from atelier.i18n import _

HOST = "127.0.0.1"


class RunBroker:
    """The run's broker, in a thread with its own asyncio loop, and its subscriber to classe/#."""

    def __init__(self, on_message: Callable[[str, str], None]):
        self.on_message = on_message
        self.port = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._broker = None
        self._client = None

    def start(self) -> int:
        """Start both; the broker's port."""
        from atelier.hub.broker import start_broker

        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True,
                                        name="atelier-run-broker")  # fmt: skip
        self._thread.start()
        started = asyncio.run_coroutine_threadsafe(start_broker(HOST, 0), self._loop)
        self._broker = started.result(timeout=30)
        self.port = self._broker.port
        self._subscribe()
        return self.port

    def _subscribe(self) -> None:
        import paho.mqtt.client as mqtt

        listening = threading.Event()
        client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2,
                             client_id=f"atelier-run-{uuid.uuid4().hex[:8]}")  # fmt: skip
        quiet = logging.getLogger("atelier.netrun.paho")  # paho's own log lines: nowhere
        quiet.addHandler(logging.NullHandler())
        quiet.propagate = False
        client.enable_logger(quiet)
        client.on_connect = lambda c, *_a: c.subscribe(SUBSCRIPTION, qos=1)
        client.on_subscribe = lambda *_a: listening.set()
        client.on_message = self._message
        client.connect(HOST, self.port)
        client.loop_start()
        self._client = client
        if not listening.wait(10):
            raise UserError(_("the MQTT broker of this run does not answer on {host}:{port}")
                            .format(host=HOST, port=self.port))  # fmt: skip

    def _message(self, _client, _userdata, msg) -> None:
        self.on_message(msg.topic, msg.payload.decode("utf-8", errors="replace"))

    def stop(self) -> None:
        if self._client is not None:
            self._client.disconnect()
            self._client.loop_stop()
            self._client = None
        if self._loop is not None:
            if self._broker is not None:  # amqtt may wait on a board's idle connection
                stopping = asyncio.run_coroutine_threadsafe(self._broker.stop(), self._loop)
                try:
                    stopping.result(timeout=3)
                except Exception:  # noqa: BLE001 - a broker slow to stop must not hide our exit
                    pass
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(3)
            self._loop = None

    def __enter__(self) -> RunBroker:
        self.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.stop()


def needs_own_broker(bundle) -> bool:
    """Whether `atelier run` starts its own broker for this bundle: its program publishes with
    kit.net (with the MQTT client the bundle carries, or the board's firmware freezes) and this
    computer has no net.toml."""
    from atelier.libraries import frozen_packages, normalize
    from atelier.netsettings import UMQTT, load_net_settings, net_uses_mqtt, uses_net

    mqtt = any("umqtt/" in name for name in bundle.files)
    if not mqtt and normalize(UMQTT) in frozen_packages(bundle.board):  # the ESP32's firmware
        sources = [bundle.files[n].decode("utf-8", "replace") for n in bundle.user_files
                   if n.endswith(".py")]  # fmt: skip
        mqtt = uses_net(bundle) and net_uses_mqtt(sources)
    return uses_net(bundle) and mqtt and load_net_settings() is None
