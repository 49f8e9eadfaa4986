"""The classroom hub's micro:bit serial gateway: a micro:bit on USB running
firmware/gateway/main.py relays the class's radio messages to MQTT topics, and back.

    radio "p12:temp=21.5"  ->  gateway micro:bit  ->  serial "R 7 p12:temp=21.5"
                           ->  MQTT classe/p12/temp = "21.5"
    MQTT classe/p12/cmd/led = "1"  ->  serial "S p12>led=1"  ->  radio "p12>led=1"

The line format of the serial link is the firmware's (see its header); the radio messages'
convention and the topics are in docs/connected.md. The micro:bit unplugged: one line, then
the gateway looks for it every `retry` seconds (the same port, or the port with its USB serial
number) and goes on where it was: every line read before is published (QoS 1: the MQTT client
keeps them while the broker is away), the commands that came meanwhile are sent then.

Radio boards have no MQTT connection, so no last will: the gateway publishes `offline` on
classe/<label>/etat for a board it has not heard for `offline_after` seconds, and for all of
them when its micro:bit is unplugged; `online` again with the board's next message.

With no port given, find_gateway() listens, without writing, to every micro:bit on USB for
the banner the firmware says every second ("H atelier-gateway <version> <group>").
"""

from __future__ import annotations

import queue
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path

from atelier.hub import topics
from atelier.i18n import _

BAUD = 115200  # the micro:bit's USB serial line, as its REPL uses it
FIRMWARE_VERSION = 2  # the "H atelier-gateway <version> <group>" line the firmware says
BANNER = re.compile(rb"H atelier-gateway (\d+) (\d+)\r?")  # said every second (version 2)
LISTEN = 2.5  # s find_gateway listens to each micro:bit for the banner (said every 1 s)
OFFLINE_AFTER = 30.0  # s a radio board unheard is published offline (atelier hub's default)
RADIO_TEXT_MAX = 29  # a radio message is 32 bytes by default, 3 of them radio.send's header
# bytes written at once, and the pause between two: the V1 keeps 63 unread bytes, then drops
# the rest; its firmware reads the line every 5 ms when idle, less often while 30 boards'
# readings arrive (or a simulated board runs behind a loaded computer's clock): a margin of 6x
WRITE_CHUNK = 16
WRITE_PAUSE = 0.03
HELLO_WAIT = 3.0  # s the micro:bit has to say hello after the group is set
COMMANDS_KEPT = 100  # commands kept while the micro:bit is away (the oldest go first)
QUIET = 10.0  # s: of the bad lines that follow one reported, one line says how many

# the class's topics: hub/topics.py, the one place for the convention
COMMANDS = f"{topics.ROOT}/+/{topics.COMMANDS}/#"
RESERVED = (topics.COMMANDS, topics.STATE)  # quantities a board cannot send: the hub's own
# label:quantity=value (labels and quantities: letters, digits, _ and -)
READING = re.compile(r"([\w-]+):([\w-]+)=(.*)", re.DOTALL)
NAME = re.compile(r"[\w-]+")


def gateway_program() -> Path:
    """The gateway's micro:bit program (`atelier flash firmware/gateway --all` puts it on)."""
    from atelier.paths import firmware_dir

    return firmware_dir() / "gateway" / "main.py"


def escape(data: bytes) -> str:
    """Bytes as the serial lines carry them: printable ASCII as is, other bytes and "\\" as
    \\xHH (the firmware's esc())."""
    return "".join(chr(c) if 32 <= c < 127 and c != 92 else f"\\x{c:02x}" for c in data)


def unescape(text: str) -> bytes:
    """The bytes an escaped line carries; ValueError if it is not one."""
    out = bytearray()
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\":
            digits = text[i + 2 : i + 4]
            if text[i + 1 : i + 2] != "x" or not re.fullmatch(r"[0-9a-fA-F]{2}", digits):
                raise ValueError(text)
            out.append(int(text[i + 2 : i + 4], 16))
            i += 4
            continue
        if not 32 <= ord(c) < 127:
            raise ValueError(text)
        out.append(ord(c))
        i += 1
    return bytes(out)


def parse_reading(text: str) -> tuple[str, str, str] | None:
    """(label, quantity, value) of a radio message "label:quantity=value", or None."""
    m = READING.fullmatch(text.strip())
    if m is None or m.group(2) in RESERVED:
        return None
    return m.group(1), m.group(2), m.group(3).strip()


def command_text(topic: str, payload: bytes) -> str | None:
    """The radio message for a command topic classe/<label>/cmd/<name> and its payload:
    "<label>><name>=<value>", or None if the topic is not one."""
    parts = topic.split("/")
    if len(parts) != 4 or parts[0] != topics.ROOT or parts[2] != topics.COMMANDS:
        return None
    label, name = parts[1], parts[3]
    if not NAME.fullmatch(label) or not NAME.fullmatch(name):
        return None
    return f"{label}>{name}={payload.decode('utf-8')}"


class _Quiet:
    """One line for the first of a run of similar faults, then one saying how many followed."""

    def __init__(self, log: Callable[[str], None]):
        self.log = log
        self.last = -QUIET
        self.more = 0

    def __call__(self, line: str) -> None:
        now = time.monotonic()
        if now - self.last < QUIET:
            self.more += 1
            return
        if self.more:
            line += " " + _("({n} more like it since the last one)").format(n=self.more)
        self.log(line)
        self.last, self.more = now, 0


class Gateway:
    """One gateway micro:bit and its MQTT client (run_gateway runs it)."""

    def __init__(self, port: str, mqtt_host: str, mqtt_port: int, *, group: int = 0,
                 serial_number: str | None = None, label: str = "passerelle",
                 log: Callable[[str], None] = print, retry: float = 1.0,
                 offline_after: float = OFFLINE_AFTER) -> None:  # fmt: skip
        self.port = port
        self.serial_number = serial_number
        self.group = group
        self.label = label
        self.log = log
        self.retry = retry
        # each kind of fault its own run of lines
        self.garbage, self.refused, self.not_text = _Quiet(log), _Quiet(log), _Quiet(log)
        self.not_reading, self.bad_command, self.too_long = _Quiet(log), _Quiet(log), _Quiet(log)
        self.commands: queue.Queue[str] = queue.Queue()
        self.offline_after = offline_after
        # label -> when last heard (monotonic), of the boards heard and not published offline
        self.heard: dict[str, float] = {}
        self.published = 0
        self.serial = None
        self._pending = b""
        self._unsent: str | None = None  # the command being written
        self._hello_due: float | None = None
        # nothing is written to a port before the gateway's banner is heard there: plugged
        # back with another program on it, a "G 7" would land in a pupil's program or REPL
        self._banner = False
        self._told_no_hello = False
        self._told_version = False
        self._alive_said = float("-inf")  # when the gateway last published itself online
        self._known = None  # boards.toml's boards, to find the micro:bit's port again
        self.client = self._mqtt(mqtt_host, mqtt_port)

    # -- MQTT ------------------------------------------------------------------------------------
    def _mqtt(self, host: str, port: int):
        import paho.mqtt.client as mqtt

        client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2,
                             client_id=f"atelier-gateway-{self.label}")  # fmt: skip
        client.max_queued_messages_set(0)  # none dropped while the broker is away
        client.will_set(self.topic(self.label, topics.STATE), "offline", qos=1, retain=True)
        client.reconnect_delay_set(min_delay=1, max_delay=5)
        client.on_connect = self._on_connect
        client.on_message = self._on_message
        client.connect_async(host, port, keepalive=30)
        client.loop_start()  # retries the first connection too, until stopped
        return client

    @staticmethod
    def topic(label: str, quantity: str) -> str:
        return f"{topics.ROOT}/{label}/{quantity}"

    def _on_connect(self, client, userdata, flags, reason_code, properties=None) -> None:
        if reason_code.is_failure:
            return
        client.subscribe(COMMANDS, qos=1)
        if self.serial is not None:
            self._publish(self.topic(self.label, topics.STATE), "online", retain=True)

    def _on_message(self, client, userdata, msg) -> None:
        try:
            text = command_text(msg.topic, msg.payload)
        except UnicodeDecodeError:
            text = None
        if text is None:
            note = _(
                "gateway: command topic {topic} not understood (classe/<board>/cmd/<name>, "
                "a text value): ignored"
            )
            self.bad_command(note.format(topic=msg.topic))
            return
        size = len(text.encode("utf-8"))
        if size > RADIO_TEXT_MAX:
            note = _(
                "gateway: command {text!r} is {n} bytes, a radio message holds {max}: not sent"
            )
            self.too_long(note.format(text=text, n=size, max=RADIO_TEXT_MAX))
            return
        if self.commands.qsize() >= COMMANDS_KEPT:
            try:
                self.commands.get_nowait()
            except queue.Empty:
                pass
        self.commands.put(text)

    def _publish(self, topic: str, payload: str, retain: bool = False) -> None:
        self.client.publish(topic, payload, qos=1, retain=retain)

    # -- the serial line -------------------------------------------------------------------------
    def _open(self, port: str) -> None:
        import serial

        s = serial.Serial(port, BAUD, timeout=0.1, write_timeout=2)
        self.serial, self.port = s, port
        self._pending = b""
        self.heard.clear()
        self._banner = False  # listen first: which program runs there now?
        self._hello_due = time.monotonic() + HELLO_WAIT

    def _say_group(self) -> None:
        self._write_line(f"G {self.group}")
        self._hello_due = time.monotonic() + HELLO_WAIT

    def _write_line(self, line: str) -> None:
        data = (line + "\n").encode("ascii")
        for i in range(0, len(data), WRITE_CHUNK):
            if i:
                time.sleep(WRITE_PAUSE)
            self.serial.write(data[i : i + WRITE_CHUNK])
        self.serial.flush()

    def _close(self) -> None:
        s, self.serial = self.serial, None
        if s is not None:
            try:
                s.close()
            except Exception:  # noqa: BLE001 - a port that went away may not close cleanly
                pass

    def _find_again(self) -> str | None:
        """The micro:bit's port now: the port with its USB serial number (plugged back, it
        may get another name, and its old name another device), else, with no serial number
        known, the same port if it is there again."""
        import os

        if not self.serial_number:
            return self.port if os.path.exists(self.port) else None
        from atelier.targets.serial import find_ports

        if self._known is None:  # read once: it is looked for every `retry` seconds
            from atelier.boards import load_boards

            self._known = load_boards()
        for p in find_ports(self._known):
            if p.serial_number == self.serial_number:
                return p.device
        return None

    def _line(self, raw: bytes) -> None:
        """One line the micro:bit wrote."""
        line = raw.rstrip(b"\r")
        try:
            text = line.decode("ascii")
            kind, _sep, rest = text.partition(" ")
            if kind == "R":
                group, _sep, body = rest.partition(" ")
                int(group)
                self._heard(unescape(body).decode("utf-8", "replace"))
            elif kind == "H":
                name, version, group = rest.split()
                if name != "atelier-gateway":
                    raise ValueError(text)
                self._hello(int(version), int(group))
            elif kind == "B":
                note = _(
                    "gateway: a radio message that is not text ({hex}) was ignored: "
                    'boards send text, radio.send("p12:temp=21")'
                )
                self.not_text(note.format(hex=rest.partition(" ")[2][:64]))
            elif kind == "E":
                reasons = {"too long": _("a message longer than 29 bytes"),
                           "unknown": _("a line it does not know"),
                           "bad": _("a line it cannot read")}  # fmt: skip
                self.refused(_("gateway: the micro:bit refused {reason}").format(
                    reason=reasons.get(rest, rest)))  # fmt: skip
            elif text.strip():
                raise ValueError(text)
        except (ValueError, UnicodeDecodeError):
            shown = line[:80].decode("utf-8", "replace")  # what a micro:bit prints: UTF-8
            note = _("gateway: a line from {port} is not the gateway's, ignored: {line!r}")
            self.garbage(note.format(port=self.port, line=shown))

    def _hello(self, version: int, group: int) -> None:
        if version != FIRMWARE_VERSION and not self._told_version:
            self._told_version = True  # once: the banner comes every second
            msg = _(
                "gateway: the micro:bit on {port} runs gateway version {v}, this atelier "
                "expects {want}: plug it in alone and flash it again with `atelier flash "
                "firmware/gateway --all`"
            )
            self.log(msg.format(port=self.port, v=version, want=FIRMWARE_VERSION))
        first, self._banner = not self._banner, True
        if group != self.group:
            # the first banner on this port, or it restarted (reset): tune it
            if first or self._hello_due is None:
                self._say_group()
            return
        now = time.monotonic()
        if self._hello_due is None and now - self._alive_said < self.offline_after / 3:
            return  # the banner of a micro:bit already tuned, said online not long ago
        # online, and again while its banner comes: a dashboard showing a board silent for
        # offline_after seconds offline keeps the gateway online while it is there
        self._hello_due, self._told_no_hello = None, False
        self._alive_said = now
        self._publish(self.topic(self.label, topics.STATE), "online", retain=True)

    def _heard(self, text: str) -> None:
        reading = parse_reading(text)
        if reading is None:
            note = _(
                "gateway: radio message {text!r} is not a reading "
                "(label:quantity=value, e.g. p12:temp=21.5): not published"
            )
            self.not_reading(note.format(text=text))
            return
        label, quantity, value = reading
        if label not in self.heard:
            self._publish(self.topic(label, topics.STATE), "online", retain=True)
        self.heard[label] = time.monotonic()
        self._publish(self.topic(label, quantity), value)
        self.published += 1

    def _unplugged(self) -> None:
        msg = _(
            "gateway: the micro:bit on {port} is unplugged or not answering; looking for "
            "it again every {s:g} s (plug it back in)"
        )
        self.log(msg.format(port=self.port, s=self.retry))
        self._close()
        for label in sorted(self.heard):  # nobody hears them now
            self._publish(self.topic(label, topics.STATE), "offline", retain=True)
        self.heard.clear()
        self._publish(self.topic(self.label, topics.STATE), "offline", retain=True)

    # -- running ---------------------------------------------------------------------------------
    def run(self, stop: threading.Event) -> None:
        import serial

        try:
            self._open(self.port)
        except (serial.SerialException, OSError):
            self._unplugged()
        while not stop.is_set():
            if self.serial is None:
                port = self._find_again()
                if port is not None:
                    try:
                        self._open(port)
                        self.log(_("gateway: the micro:bit is back on {port}").format(port=port))
                        continue
                    except (serial.SerialException, OSError):
                        self._close()
                stop.wait(self.retry)
                continue
            try:
                self._turn()
            except (serial.SerialException, OSError):
                self._unplugged()

    def _silent(self) -> None:
        """Publish offline the radio boards not heard for offline_after seconds (their next
        message says online again)."""
        now = time.monotonic()
        for label, last in list(self.heard.items()):
            if now - last > self.offline_after:
                del self.heard[label]
                self._publish(self.topic(label, topics.STATE), "offline", retain=True)

    def _turn(self) -> None:
        s = self.serial
        data = s.read(s.in_waiting or 1)
        if data:
            self._pending += data
            *lines, self._pending = self._pending.split(b"\n")
            for raw in lines:
                self._line(raw)
            if len(self._pending) > 4096:  # no line end in sight: not our program
                self._line(self._pending[:80])
                self._pending = b""
        while self._banner:  # kept until the gateway is heard there
            if self._unsent is None:
                try:
                    self._unsent = self.commands.get_nowait()
                except queue.Empty:
                    break
            # kept until written: the micro:bit unplugged meanwhile gets it when it is back
            self._write_line("S " + escape(self._unsent.encode("utf-8")))
            self._unsent = None
        if self._hello_due is not None and time.monotonic() > self._hello_due:
            if not self._told_no_hello:
                # the hub holds the serial port: a flash could not read the board first
                # (--overwrite), and --all would flash the pupils' micro:bits plugged in too
                self.log(_("gateway: the micro:bit on {port} does not run the gateway program "
                           "(nothing is written to it, the hub listens): put the gateway "
                           "program on it, the hub running, with `atelier flash "
                           "firmware/gateway --drive DRIVE --overwrite` (DRIVE: its MICROBIT "
                           "drive; the hub holds its serial port)").format(
                               port=self.port))  # fmt: skip
                self._told_no_hello = True
            if self._banner:  # the gateway there, its group not set yet: say it again
                self._say_group()
            else:
                self._hello_due = time.monotonic() + HELLO_WAIT
        self._silent()

    def close(self) -> None:
        self._close()
        for label in sorted(self.heard):  # nobody relays them now
            self._publish(self.topic(label, topics.STATE), "offline", retain=True)
        self.client.publish(self.topic(self.label, topics.STATE), "offline", qos=1, retain=True)
        self.client.disconnect()
        self.client.loop_stop()


def run_gateway(port: str, mqtt_host: str = "localhost", mqtt_port: int = 1883, *,
                group: int = 0, serial_number: str | None = None, label: str = "passerelle",
                log: Callable[[str], None] = print, retry: float = 1.0,
                offline_after: float = OFFLINE_AFTER,
                stop_event: threading.Event | None = None) -> None:  # fmt: skip
    """Relay the gateway micro:bit on `port` to the broker at mqtt_host:mqtt_port until
    `stop_event` is set: readings heard on radio `group` to classe/<label>/<quantity>,
    classe/<label>/cmd/<name> to the radio. `serial_number` (else the one the port has now)
    finds the micro:bit again if it comes back on another port. A radio board not heard for
    `offline_after` seconds is published offline. Every fault is one line to `log`; nothing
    raises while it runs."""
    if serial_number is None:
        serial_number = _serial_number_of(port)
    stop = stop_event or threading.Event()
    gw = Gateway(port, mqtt_host, mqtt_port, group=group, serial_number=serial_number,
                 label=label, log=log, retry=retry, offline_after=offline_after)  # fmt: skip
    try:
        gw.run(stop)
    finally:
        gw.close()


def _serial_number_of(port: str) -> str | None:
    from atelier.boards import load_boards
    from atelier.targets.serial import find_ports

    for p in find_ports(load_boards()):
        if p.device == port:
            return p.serial_number or None
    return None


def _announces(port: str, listen: float) -> bool:
    """Does the board on `port` say the gateway's banner within `listen` seconds? Only reads:
    a pupil's board on this port gets nothing typed into it."""
    import serial

    try:
        s = serial.Serial(port, BAUD, timeout=0.1)
    except (serial.SerialException, OSError, ValueError):
        return False  # busy or gone: not one to take
    try:
        pending = b""
        end = time.monotonic() + listen
        while time.monotonic() < end:
            pending += s.read(s.in_waiting or 1)
            *lines, pending = pending.split(b"\n")
            if any(BANNER.fullmatch(line) for line in lines):
                return True
            pending = pending[-200:]  # a board printing without line ends
    except (serial.SerialException, OSError):
        return False
    finally:
        try:
            s.close()
        except Exception:  # noqa: BLE001 - a port that went away may not close cleanly
            pass
    return False


def find_gateway(listen: float | None = None, known=None):
    """The gateway micro:bit on USB (a targets.serial.Port: device, serial number): among the
    serial ports with a micro:bit's USB ids (and the micro:bits `atelier sim serve` serves),
    the one saying the gateway's banner, listened to for `listen` seconds (LISTEN), all at
    once and without writing. None or several: UserError, one line."""
    from atelier.errors import UserError
    from atelier.targets.serial import find_ports

    if listen is None:
        listen = LISTEN
    if known is None:
        from atelier.boards import load_boards

        known = load_boards()
    microbits = [p for p in find_ports(known) if any(t.startswith("microbit") for t in p.types)]
    heard: dict[str, bool] = {}

    def listen_to(device: str) -> None:
        heard[device] = _announces(device, listen)

    threads = [
        threading.Thread(target=listen_to, args=(p.device,), daemon=True) for p in microbits
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(listen + 5)
    found = [p for p in microbits if heard.get(p.device)]
    if len(found) == 1:
        return found[0]
    if not found:
        raise UserError(_(
            "no gateway micro:bit found ({n} micro:bit(s) on USB listened to, none says it is "
            "the gateway): plug it in alone and put the gateway program on it with `atelier "
            "flash firmware/gateway --all`, or give its port with --gateway PORT"
        ).format(n=len(microbits)))  # fmt: skip
    raise UserError(_(
        "several micro:bits run the gateway program ({ports}): say which with --gateway PORT"
    ).format(ports=", ".join(p.device for p in found)))  # fmt: skip
