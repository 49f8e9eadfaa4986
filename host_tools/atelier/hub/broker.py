"""The hub's MQTT side: the embedded broker (amqtt) and the subscriber to the class's topics
(paho-mqtt), which is the same whether the broker is ours or the school's Mosquitto.

With the school's broker the subscriber keeps one session there (a fixed client id,
clean_session off, QoS 1): while the hub is briefly away, the broker keeps what the boards
publish for it. (With ours, in the same process, the connection is a loopback one that does not
drop; amqtt's persistent sessions are not kept for anonymous clients and are resent out of
order, with retained copies again: the hub takes a clean session there.) A reading
is acknowledged only once the hub has written it into the session file (its `on_message`
returns after the commit), so no reading that reached the hub is lost."""

from __future__ import annotations

import asyncio
import errno
import logging
import socket
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from amqtt.adapters import ReaderAdapter, StreamWriterAdapter
from amqtt.broker import Broker
from amqtt.plugins.base import BasePlugin

from atelier.errors import UserError
from atelier.hub.topics import COMMANDS, ROOT, SUBSCRIPTION
from atelier.i18n import _

DEFAULT_PORT = 1883
# The embedded broker drops a PUBLISH longer than this as it reads it, a piece at a time, so a
# board sending megabytes does not grow the hub's memory by as much (amqtt 0.12 has no limit
# of its own: it reads a whole packet into memory). A reading is at most topics.MAX_TEXT.
MAX_PACKET = 64 * 1024
_PIECE = 16 * 1024
_PUBLISH, _PUBACK = 3, 0x40


def parse_address(text: str) -> tuple[str, int]:
    """HOST or HOST:PORT (an IPv6 address in brackets: "[::1]:1883") -> (host, port)."""
    host, port = text.strip(), DEFAULT_PORT
    if host.startswith("["):
        inside, _sep, rest = host[1:].partition("]")
        host = inside
        if rest.startswith(":"):
            port = _port(rest[1:], text)
    elif host.count(":") == 1:
        host, _sep, p = host.partition(":")
        port = _port(p, text)
    if not host:
        raise UserError(_("--broker {address}: expected HOST or HOST:PORT").format(address=text))
    return host, port


def _port(text: str, whole: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise UserError(_("--broker {address}: expected HOST or HOST:PORT").format(address=whole))
    return int(text)


# -- the embedded broker -------------------------------------------------------------------------
class LabelWatch(BasePlugin):
    """An amqtt plugin: which connected client published under which label, so the hub can
    tell two boards that carry the same label apart (a broker of our own sees client ids; with
    the school's Mosquitto the hub cannot)."""

    def __init__(self, context):
        super().__init__(context)
        self.on_change: Callable[[str, int], None] | None = None
        self._labels: dict[str, set[str]] = {}  # label -> client ids publishing under it
        self._clients: dict[str, set[str]] = {}  # client id -> its labels

    async def on_broker_message_received(self, *, client_id: str, message, **_kw) -> None:
        parts = (message.topic or "").split("/")
        if len(parts) < 3 or parts[0] != ROOT or not parts[1] or client_id is None:
            return
        if parts[2] == COMMANDS:  # a command TO the board (the teacher's `atelier net send`)
            return
        label = parts[1]
        clients = self._labels.setdefault(label, set())
        if client_id not in clients:
            clients.add(client_id)
            self._clients.setdefault(client_id, set()).add(label)
            self._changed(label)

    async def on_broker_client_disconnected(self, *, client_id: str, **_kw) -> None:
        for label in self._clients.pop(client_id, ()):
            self._labels.get(label, set()).discard(client_id)
            self._changed(label)

    def _changed(self, label: str) -> None:
        if self.on_change is not None:
            self.on_change(label, len(self._labels.get(label, ())))


class BoundedReader(ReaderAdapter):
    """What amqtt reads from one client's connection (its StreamReaderAdapter, with a limit).
    It follows the packets' framing: a PUBLISH longer than MAX_PACKET is read in pieces and
    dropped (QoS 1: acknowledged, so the client does not send it again, as Mosquitto does with
    message_size_limit), then `on_oversize(topic, payload_size)`; amqtt never sees it. Another
    packet that long (no client sends one) closes the connection."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                 on_oversize: Callable[[str, int], None]):  # fmt: skip
        self._reader, self._writer, self._on_oversize = reader, writer, on_oversize
        self._head = b""  # the next packet's fixed header, read, not yet given to amqtt
        self._left = 0  # bytes of the packet being read that amqtt has not had yet

    async def read(self, n: int = -1) -> bytes:
        if n < 0:  # amqtt always asks for a number of bytes
            return await self._reader.read(n)
        if not self._head and self._left == 0:
            await self._next()
        out, self._head = self._head[:n], self._head[n:]
        if n > len(out):
            body = await self._reader.readexactly(n - len(out))
            self._left = max(0, self._left - len(body))
            out += body
        return out

    def feed_eof(self) -> None:
        self._reader.feed_eof()

    async def _next(self) -> None:
        while True:
            head = await self._reader.readexactly(1)
            length = 0
            for i in range(4):  # the remaining length: 1 to 4 bytes, 7 bits each
                byte = await self._reader.readexactly(1)
                head += byte
                length += (byte[0] & 0x7F) << (7 * i)
                if not byte[0] & 0x80:
                    break
            if length <= MAX_PACKET:
                self._head, self._left = head, length
                return
            if head[0] >> 4 != _PUBLISH or (head[0] >> 1) & 3 == 2:
                raise asyncio.IncompleteReadError(b"", None)  # amqtt closes the connection
            await self._drop(head[0], length)

    async def _drop(self, first: int, length: int) -> None:
        size = int.from_bytes(await self._reader.readexactly(2), "big")
        topic = (await self._reader.readexactly(size)).decode("utf-8", "replace")
        packet_id = await self._reader.readexactly(2) if (first >> 1) & 3 else b""
        payload = left = length - 2 - size - len(packet_id)
        while left > 0:
            piece = min(left, _PIECE)
            await self._reader.readexactly(piece)
            left -= piece
        if packet_id:
            self._writer.write(bytes((_PUBACK, 2)) + packet_id)
        self._on_oversize(topic, payload)


class _BoundedBroker(Broker):
    """amqtt's broker reading its TCP clients through BoundedReader (its public way in for a
    connection made elsewhere, external_connected)."""

    on_oversize: Callable[[str, int], None] = staticmethod(lambda topic, size: None)

    async def stream_connected(self, reader, writer, listener_name: str) -> None:
        bounded = BoundedReader(reader, writer, lambda *a: self.on_oversize(*a))
        await self.external_connected(bounded, StreamWriterAdapter(writer), listener_name)


@dataclass
class EmbeddedBroker:
    broker: _BoundedBroker
    host: str
    port: int  # the real one (--port 0 takes any free port)
    watch: LabelWatch | None

    @property
    def on_oversize(self) -> Callable[[str, int], None]:
        """Called with (topic, payload size) for each message too long, dropped."""
        return self.broker.on_oversize

    @on_oversize.setter
    def on_oversize(self, fn: Callable[[str, int], None]) -> None:
        self.broker.on_oversize = fn

    async def stop(self) -> None:
        try:
            await self.broker.shutdown()
        except Exception:  # noqa: BLE001 - a broker that fails to stop must not hide our exit
            logging.getLogger(__name__).debug("broker shutdown", exc_info=True)


async def start_broker(host: str, port: int) -> EmbeddedBroker:
    """The embedded broker listening on host:port; a UserError if the port is taken."""
    # amqtt logs every connection at INFO and its own tracebacks at ERROR; the hub says in one
    # line what matters (the port taken), so its log stays quiet.
    logging.getLogger("amqtt").setLevel(logging.CRITICAL)
    if port and _taken(host, port):
        raise UserError(_port_taken(port))
    config = {
        "listeners": {"default": {"type": "tcp", "bind": f"{host}:{port}"}},
        "plugins": {
            "amqtt.plugins.authentication.AnonymousAuthPlugin": {"allow_anonymous": True},
            "atelier.hub.broker.LabelWatch": {},
        },
    }
    broker = _BoundedBroker(config)
    try:
        await broker.start()
    except Exception as e:  # amqtt wraps the OSError in its BrokerError
        if _is_in_use(e):
            raise UserError(_port_taken(port)) from e
        raise UserError(_("the embedded MQTT broker did not start on {host}:{port}: {error}")
                        .format(host=host, port=port, error=e)) from e  # fmt: skip
    server = broker._servers["default"].instance  # the asyncio server: its real port
    real_port = server.sockets[0].getsockname()[1]
    watch = next((p for p in broker.plugins_manager.plugins if isinstance(p, LabelWatch)), None)
    return EmbeddedBroker(broker, host, real_port, watch)


def _port_taken(port: int) -> str:
    return _("port {port} is taken (another MQTT broker, e.g. Mosquitto, is running?): use it "
             "with --broker localhost:{port}, or choose another port with --port").format(
                 port=port)  # fmt: skip


def _taken(host: str, port: int) -> bool:
    """Whether something already listens on port (amqtt binds with SO_REUSEADDR, which on
    Windows would let it share the port silently)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        if sys.platform != "win32":  # past connections in TIME_WAIT do not count
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as e:
            return e.errno in (errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", -1))
    return False


def _is_in_use(e: BaseException | None) -> bool:
    while e is not None:
        if isinstance(e, OSError) and e.errno in (errno.EADDRINUSE, 10048):
            return True
        e = e.__cause__ or e.__context__
    return False


# -- the subscriber ------------------------------------------------------------------------------
class Subscriber:
    """paho-mqtt's client in its own thread, subscribed to classe/# with QoS 1 (`persistent`:
    one session at the broker that outlives a disconnection), reconnecting
    by itself (1 s, then up to every 5 s). `on_message(topic, payload, t, retained)` runs there
    and must have recorded the message when it returns (the broker gets its PUBACK then);
    `retained`: the broker's stored copy, sent because the hub subscribed, not a new message;
    `on_status(kind, detail)` reports "connected", "reconnected", "lost", "unreachable"."""

    def __init__(self, host: str, port: int, on_message, on_status, client_id: str | None = None,
                 persistent: bool = True):  # fmt: skip
        import paho.mqtt.client as mqtt

        self.host, self.port = host, port
        self.on_message, self.on_status = on_message, on_status
        self.connected = threading.Event()
        self.subscribed = threading.Event()
        self.stopping = False
        self._ever_connected = False
        self._unreachable_said = False
        self.client = mqtt.Client(
            mqtt.CallbackAPIVersion.VERSION2,
            client_id=client_id or f"atelier-hub-{uuid.uuid4().hex[:8]}",
            clean_session=not persistent,
        )
        # paho reports its own reconnection attempts as errors; the hub says what matters in
        # its own words (on_status), so paho's log goes nowhere
        quiet = logging.getLogger("atelier.hub.paho")
        quiet.addHandler(logging.NullHandler())
        quiet.propagate = False
        self.client.enable_logger(quiet)
        self.fresh = True  # this connection began a new session at the broker
        self.client.reconnect_delay_set(min_delay=1, max_delay=5)
        self.client.max_queued_messages_set(0)
        self.client.on_connect = self._connected
        self.client.on_disconnect = self._disconnected
        self.client.on_connect_fail = self._failed
        self.client.on_message = self._message
        self.client.on_subscribe = self._listening

    def start(self) -> None:
        self.client.connect_async(self.host, self.port, keepalive=10)
        self.client.loop_start()

    def stop(self) -> None:
        self.stopping = True
        self.client.disconnect()
        self.client.loop_stop()

    # paho's callbacks (its thread)
    def _connected(self, client, _userdata, flags, reason_code, _properties) -> None:
        if reason_code.is_failure:
            self._failed(client, None, reason=str(reason_code))
            return
        # A session the broker kept has its subscription, and what came for the hub while it
        # was away follows. A new one subscribes; the broker then sends its retained copies
        # (a board's last `etat`, or a reading it published with retain): `fresh` says so.
        # The hub says it is connected once it listens (after the broker's SUBACK).
        self.fresh = not flags.session_present
        if self.fresh:
            self.subscribed.clear()
            client.subscribe(SUBSCRIPTION, qos=1)
        else:
            self._listening()

    def _listening(self, *_args) -> None:
        self.subscribed.set()
        self.connected.set()
        self.on_status("reconnected" if self._ever_connected else "connected", "")
        self._ever_connected, self._unreachable_said = True, False

    def _disconnected(self, _client, _userdata, _flags, reason_code, _properties) -> None:
        if self.connected.is_set() and not self.stopping:
            self.connected.clear()
            self.on_status("lost", str(reason_code))

    def _failed(self, _client, _userdata, reason: str = "") -> None:
        if not self._unreachable_said:  # once, until it connects: not a line every 5 s
            self._unreachable_said = True
            self.on_status("unreachable", reason)

    def _message(self, _client, _userdata, msg) -> None:
        # a retained copy in a new session: a reading the hub may have recorded already
        self.on_message(msg.topic, msg.payload, time.time(), bool(msg.retain) and self.fresh)


def wait_port(host: str, port: int, timeout: float = 5.0) -> bool:
    """Whether something accepts connections on host:port within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.05)
    return False
