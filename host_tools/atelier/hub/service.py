"""The hub: the broker (ours or the school's), the subscriber that records every reading, the
boards' live state and the dashboard, on one asyncio loop (paho's network thread hands each
message over once it is in the session file).

    hub = Hub(HubOptions(port=0, http_port=0, out=tmp))
    await hub.start()      # hub.broker_port, hub.http_port, hub.store.path
    ...
    await hub.stop()       # writes the CSV beside the session file
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import hashlib
import signal
import socket
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from atelier.errors import UserError
from atelier.hub import topics
from atelier.hub.store import Store, session_path
from atelier.i18n import _

SERIES_POINTS = 120  # points of each quantity's chart kept in memory and sent to the page
LOG_EVERY = 10.0  # seconds: at most one refused-message line a board in that time
MAX_BOARDS = 300  # labels a session takes (a class is about 30 boards)
MAX_QUANTITIES = 20  # quantities one board publishes
SSE_BACKLOG = 20000  # events queued for one page before it is dropped (it reconnects)
# A board that said "online <id>" counts as there for this long, unless it said "offline <id>"
# (its last will) since. kit.net says it again every topics.ANNOUNCE_EVERY seconds while its
# program calls net.check() (a program sleeping a minute between calls, every minute), and the
# broker sends the will of a board silent 1.5 x its keepalive (kit.net: 180 s).
PRESENT_FOR = 180.0
MAX_IDS = 16  # boards' ids one label takes (a mistake is two or three boards)


@dataclass
class HubOptions:
    port: int = 1883  # the embedded broker's port
    host: str = "0.0.0.0"
    broker: str | None = None  # "HOST[:PORT]": the school's broker instead of ours
    http_port: int = 8080
    http_host: str = "0.0.0.0"
    out: Path | None = None  # the session file, or the folder to put it in
    offline_after: float = 30.0  # seconds without a message: the board is shown offline
    gateways: tuple[str, ...] = ()  # micro:bit serial gateways (atelier.hub.gateway)
    group: int = 7  # the radio group the gateways listen on (docs/connected.md)


@dataclass
class Board:
    label: str
    values: dict[str, dict] = field(default_factory=dict)  # quantity -> {t, value, text}
    series: dict[str, deque] = field(default_factory=dict)  # quantity -> deque[(t, value)]
    last_seen: float = 0.0
    state: str | None = None  # the last "etat" it published: "online" / "offline"
    state_t: float = 0.0  # when
    offline: bool = False  # what the page shows
    why_offline: str = ""  # "will" (its last will), "silent" (no message for N s)
    publishers: int = 0  # boards under this label (their "online <id>", or the broker's clients)
    count: int = 0

    def json(self) -> dict:
        return {
            "label": self.label,
            "values": self.values,
            "series": {q: list(s) for q, s in self.series.items()},
            "last_seen": self.last_seen,
            "offline": self.offline,
            "why_offline": self.why_offline,
            "duplicate": self.publishers > 1,
            "count": self.count,
        }

    def take(self, t: float, quantity: str, value: float | None, text: str | None) -> None:
        self.values[quantity] = {"t": t, "value": value, "text": text}
        if value is not None:
            self.series.setdefault(quantity, deque(maxlen=SERIES_POINTS)).append((t, value))
        self.last_seen = max(self.last_seen, t)
        self.count += 1


def default_folder() -> Path:
    from atelier.paths import user_dir

    return user_dir("data") / "hub"


def local_address() -> str:
    """This computer's address on the school's network, as the boards will reach it (no
    packet is sent: a UDP socket only picks the outgoing interface)."""
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.connect(("10.255.255.255", 1))
        return s.getsockname()[0]
    return "127.0.0.1"


class Hub:
    def __init__(self, options: HubOptions, log: Callable[[str], None] = print):
        self.options = options
        self._log = log
        self.boards: dict[str, Board] = {}
        self.store: Store | None = None
        self.broker = None  # EmbeddedBroker, when it is ours
        self.subscriber = None
        self.broker_host, self.broker_port = "", 0
        self.http_port = 0
        self.connected = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._pages: set[asyncio.Queue] = set()
        self._pending: list = []
        self._flush_scheduled = False
        # (label, quantity) -> the last (value, text) recorded (paho's thread)
        self._recorded: dict[tuple[str, str], tuple] = {}
        self._quantities: dict[str, set[str]] = {}  # label -> its quantities (paho's thread)
        self._publishing: dict[str, int] = {}  # label -> clients publishing under it (ours)
        # label -> {board id: when it last said "online <id>"} (the loop's)
        self._present: dict[str, dict[str, float]] = {}
        self._states: dict[tuple[str, str], str] = {}  # (label, id) -> last state recorded
        self._ids: dict[str, set[str]] = {}  # label -> the boards' ids seen (paho's thread)
        self._back_at = 0.0  # when the hub was connected to the broker again after a loss
        self._dup_said: dict[str, list[str]] = {}  # label -> the ids of its last duplicate line
        self._said: dict[str, tuple[float, int]] = {}  # label -> (last refusal line, since)
        self._tasks: list[asyncio.Task] = []
        self._gateways_stop = threading.Event()
        self._runner = None
        self.received = 0  # readings recorded since start (the bench reads it)
        self.exported = 0  # readings in the CSV written at stop

    # -- the log: one line each, with the time -----------------------------------------------
    def log(self, line: str) -> None:
        self._log(f"{datetime.now().strftime('%H:%M:%S')} {line}")

    # -- start and stop ----------------------------------------------------------------------
    async def start(self) -> None:
        from atelier.hub import broker as mqtt
        from atelier.hub.dashboard import start_dashboard

        out = self.options.out
        if out is None:
            path = session_path(default_folder())
        elif out.is_dir() or not out.suffix:
            path = session_path(out)
        else:
            path = out
        self.store = Store(path)
        self._load()  # quietly: the boards of a session taken up are shown as they were
        self._loop = asyncio.get_running_loop()
        if self.options.broker:
            self.broker_host, self.broker_port = mqtt.parse_address(self.options.broker)
        else:
            self.broker = await mqtt.start_broker(self.options.host, self.options.port)
            self.broker_host, self.broker_port = "127.0.0.1", self.broker.port
            if self.options.host not in ("0.0.0.0", "::", ""):
                self.broker_host = self.options.host
            if self.broker.watch is not None:
                self.broker.watch.on_change = self._publishers
            self.broker.on_oversize = self._oversize
        try:
            self._runner, self.http_port = await start_dashboard(
                self, self.options.http_host, self.options.http_port
            )
        except BaseException:
            await self._stop_broker()
            raise
        # One client id per session file: a hub started again on it takes up its session at
        # the broker, which kept what the boards sent meanwhile (the school's broker; ours
        # restarts with the hub).
        client_id = "atelier-hub-" + hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:12]
        self.subscriber = mqtt.Subscriber(
            self.broker_host, self.broker_port, self._message, self._status, client_id,
            persistent=bool(self.options.broker))  # fmt: skip
        self.subscriber.start()
        if self.broker is not None:  # ours: listening before anyone is told where it is
            await asyncio.to_thread(self.subscriber.subscribed.wait, 10)
        self._tasks.append(asyncio.create_task(self._watch_offline()))
        self._start_gateways()

    async def stop(self) -> Path | None:
        """Stop everything; the CSV of the whole session (beside the session file)."""
        self._gateways_stop.set()
        for task in self._tasks:
            task.cancel()
        if self.subscriber is not None:
            await asyncio.to_thread(self.subscriber.stop)
        for q in list(self._pages):
            q.put_nowait(None)  # each page's stream ends
        if self._runner is not None:
            await self._runner.cleanup()
        await self._stop_broker()
        if self.store is None:
            return None
        csv = self.store.path.with_suffix(".csv")
        self.exported = self.store.write_csv(csv)
        self.store.close()
        return csv

    async def _stop_broker(self) -> None:
        if self.broker is not None:
            await self.broker.stop()
            self.broker = None

    def _load(self) -> None:
        """A session file that already holds readings (the hub restarted mid-class): the boards
        come back as they were."""
        for _id, t, label, quantity, value, text in self.store.readings():
            self._board(label).take(t, quantity, value, text)
            self._recorded[label, quantity] = (value, text)
            self._quantities.setdefault(label, set()).add(quantity)
        for label, (t, state) in self.store.last_states().items():
            board = self._board(label)
            board.state, board.state_t = state.split(" ")[0], t  # "online <id>"
        now = time.time()
        for board in self.boards.values():
            self._update_offline(board, now)

    def _board(self, label: str) -> Board:
        board = self.boards.get(label)
        if board is None:
            board = self.boards[label] = Board(label)
            if self._publishing.get(label, 0) > 1:
                self._publishers(label, self._publishing[label])
        return board

    # -- from paho's thread: record, then hand over ------------------------------------------
    def _message(self, topic: str, payload: bytes, t: float, retained: bool = False) -> None:
        msg = topics.read(topic, payload)
        if msg.kind == "reading":
            key, last = (msg.label, msg.quantity), (msg.value, msg.text)
            if retained and self._recorded.get(key) == last:
                return  # the broker's copy of a reading recorded already (the hub reconnected)
            if key not in self._recorded:
                msg = self._room_for(msg)
            if msg.kind == "reading":
                self._recorded[key] = last  # (paho's thread only)
        elif msg.kind == "state" and msg.label not in self._quantities:
            # a board that only says its state is a board of the class too: the same cap
            if len(self._quantities) >= MAX_BOARDS:
                why = _("more than {n} boards").format(n=MAX_BOARDS)
                msg = dataclasses.replace(msg, kind="refused", refused=why)
            else:
                self._quantities[msg.label] = set()
        if msg.kind == "state" and msg.identity:
            ids = self._ids.setdefault(msg.label, set())
            if msg.identity in ids or len(ids) < MAX_IDS:
                ids.add(msg.identity)
            else:  # a program making ids up must not fill the hub's memory
                why = _("more than {n} boards under one label").format(n=MAX_IDS)
                msg = dataclasses.replace(msg, kind="refused", refused=why)
        try:
            if msg.kind == "reading":
                self.store.add_reading(t, msg.label, msg.quantity, msg.value, msg.text)
            elif msg.kind == "state":
                # a board says "online <id>" every few seconds: the file keeps the changes
                said = f"{msg.text} {msg.identity}".strip()
                if self._states.get((msg.label, msg.identity)) != said:
                    self.store.add_event(t, msg.label, "state", said)
                    self._states[msg.label, msg.identity] = said  # (paho's thread only)
            elif msg.kind == "refused":
                self.store.add_event(t, msg.label, "refused", f"{topic[:200]}: {msg.refused}")
            else:
                return
        except Exception as e:  # noqa: BLE001 - a full disk must not stop the hub
            self._call(self.log, _("cannot write the session file: {error}").format(error=e))
            return
        self._call(self._take, msg, t)

    def _oversize(self, topic: str, size: int) -> None:
        """The embedded broker dropped a message too long to keep (on the loop): refused, as the
        hub refuses a reading too long, with the same line."""
        parts = topic.split("/")
        if parts[0] == topics.ROOT and len(parts) > 1:
            msg = topics.too_long(parts[1][: topics.MAX_LABEL], "/".join(parts[2:]), size)
        else:  # not the class's topics: the topic says whose it is
            msg = topics.too_long(topic[:120], "", size)
        t = time.time()
        try:
            self.store.add_event(t, msg.label, "refused", f"{topic[:200]}: {msg.refused}")
        except Exception as e:  # noqa: BLE001 - a full disk must not stop the hub
            self.log(_("cannot write the session file: {error}").format(error=e))
        self._refused(msg, t)

    def _room_for(self, msg: topics.Message) -> topics.Message:
        """The reading, or refused if it would make one board or quantity too many: a class
        has a few dozen boards with a few quantities each; a program publishing under a new
        topic at every turn must not fill the page and the hub's memory."""
        quantities = self._quantities.get(msg.label)
        if quantities is None:
            if len(self._quantities) >= MAX_BOARDS:
                why = _("more than {n} boards").format(n=MAX_BOARDS)
                return dataclasses.replace(msg, kind="refused", refused=why)
            quantities = self._quantities[msg.label] = set()
        if len(quantities) >= MAX_QUANTITIES:
            why = _("more than {n} quantities for one board").format(n=MAX_QUANTITIES)
            return dataclasses.replace(msg, kind="refused", refused=why)
        quantities.add(msg.quantity)
        return msg

    def _status(self, kind: str, detail: str) -> None:
        self._call(self._say_status, kind, detail)

    def _call(self, fn, *args) -> None:
        loop = self._loop
        if loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop is closing: nothing to show
                loop.call_soon_threadsafe(fn, *args)

    # -- on the loop ------------------------------------------------------------------------
    def _say_status(self, kind: str, detail: str) -> None:
        where = f"{self.broker_host}:{self.broker_port}"
        self.connected = kind in ("connected", "reconnected")
        if kind == "reconnected":  # the boards' silence counts from now (see _update_offline)
            self._back_at = time.time()
        if kind == "connected":
            self.log(_("connected to the MQTT broker {address}; listening to {topics}").format(
                address=where, topics=topics.SUBSCRIPTION))  # fmt: skip
        elif kind == "reconnected":
            self.log(_("connected to the MQTT broker {address} again").format(address=where))
        elif kind == "lost":
            self.log(_("lost the MQTT broker {address}; trying again every few seconds (the "
                       "readings already received are safe)").format(address=where))  # fmt: skip
        elif kind == "unreachable":
            self.log(_("cannot reach the MQTT broker {address} ({reason}); trying again every "
                       "few seconds").format(address=where,
                                             reason=detail or _("no answer")))  # fmt: skip
        self._push("hub", {"connected": self.connected})

    def _take(self, msg: topics.Message, t: float) -> None:
        if msg.kind == "refused":  # not a board of the class until it says something right
            self._refused(msg, t)
            return
        board = self._board(msg.label)
        if msg.kind == "reading":
            self.received += 1
            board.take(t, msg.quantity, msg.value, msg.text)
            self._push("reading", [msg.label, msg.quantity, t, msg.value, msg.text])
            if board.offline:
                self._update_offline(board, time.time())
        elif msg.kind == "state":
            if msg.identity:
                self._identity(board, msg, t)
                if msg.text == "offline" and self._present.get(msg.label):
                    return  # one of two boards under this label left: the label is still there
            board.state, board.state_t = msg.text, t
            if msg.text == "online":
                board.last_seen = max(board.last_seen, t)
            self._update_offline(board, time.time())

    def _identity(self, board: Board, msg: topics.Message, t: float) -> None:
        """Which boards are under this label, by the id they say with their state: two ids
        there at once are two boards sharing a label, whatever the broker."""
        present = self._present.setdefault(board.label, {})
        if msg.text == "online":
            present[msg.identity] = t
        else:
            present.pop(msg.identity, None)
        self._recount(board, t)

    def _recount(self, board: Board, now: float) -> None:
        present = self._present.get(board.label, {})
        for identity, t in list(present.items()):
            if now - max(t, self._back_at) > PRESENT_FOR and self.connected:
                # gone without its last will reaching the hub
                del present[identity]
        n = max(len(present), self._publishing.get(board.label, 0))
        if n != board.publishers or n > 1:  # n > 1: their ids may have come (the line)
            self._publishers(board.label, self._publishing.get(board.label, 0))

    def _refused(self, msg: topics.Message, t: float) -> None:
        last, since = self._said.get(msg.label, (0.0, 0))
        if t - last < LOG_EVERY:
            self._said[msg.label] = (last, since + 1)
            return
        more = _(" ({n} more refused since)").format(n=since) if since else ""
        self._said[msg.label] = (t, 0)
        self.log(_("{label}: message refused, {why}; the hub goes on").format(
            label=msg.label or "?", why=msg.refused) + more)  # fmt: skip

    def _publishers(self, label: str, clients: int) -> None:
        """`clients`: how many of the embedded broker's clients publish under `label` (its
        LabelWatch); with the boards' ids (any broker), how many boards carry it."""
        self._publishing[label] = clients
        board = self.boards.get(label)
        if board is None:  # it becomes a board with its first good message
            return
        ids = sorted(self._present.get(label, {}))
        n = max(clients, len(ids))
        was = board.publishers > 1
        board.publishers = n
        said = self._dup_said.get(label)
        # said when it starts (not again for the same boards), and once more when their ids
        # come after it was said without them (the embedded broker counts clients first)
        newly = not was and said != ids
        ids_came = was and said is not None and len(said) < 2 <= len(ids)
        if n > 1 and (newly or ids_came):
            self._dup_said[label] = ids
            which = f" [{', '.join(ids)}]" if len(ids) > 1 else ""
            self.log(_('two boards publish as "{label}": give each board its own label '
                       "(`atelier label` for a class board, or the `label` in its net.toml "
                       "for a board at home)").format(label=label) + which)  # fmt: skip
            if newly:
                self.store.add_event(time.time(), label, "duplicate", str(n) + which)
        if (n > 1) != was:
            self._push("board", board.json())

    def _update_offline(self, board: Board, now: float) -> None:
        if board.state == "offline" and board.state_t >= board.last_seen:
            offline, why = True, "will"  # and no reading since its last will
        elif self._silent(board, now):
            offline, why = True, "silent"
        else:
            offline, why = False, ""
        if offline and board.why_offline == "silent":
            why = "silent"  # its will (or its radio gateway's word) after: the first reason
        if offline == board.offline and why == board.why_offline:
            return
        board.offline, board.why_offline = offline, why
        if self._loop is not None:  # not while loading the session file
            if offline and why == "will":
                self.log(_("{label}: offline (connection lost)").format(label=board.label))
            elif offline:
                self.log(_("{label}: offline (no message for {seconds:.0f} s)").format(
                    label=board.label, seconds=self.options.offline_after))  # fmt: skip
            else:
                self.log(_("{label}: online").format(label=board.label))
            self._push("board", board.json())

    def _silent(self, board: Board, now: float) -> bool:
        """Nothing from this board for offline_after seconds, while the hub was listening: a
        hub that lost the broker hears no board, and after it is back each board has
        offline_after seconds again to be heard (a board that publishes nothing says "online"
        every few seconds, see topics.ANNOUNCE_EVERY)."""
        if self.subscriber is not None and not self.connected:
            return board.offline and board.why_offline == "silent"  # as it was
        return now - max(board.last_seen, self._back_at) > self.options.offline_after

    async def _watch_offline(self) -> None:
        while True:
            now = time.time()
            for board in list(self.boards.values()):
                if board.label in self._present:
                    self._recount(board, now)
                self._update_offline(board, now)
            await asyncio.sleep(0.5)

    # -- the pages' event streams -------------------------------------------------------------
    def snapshot(self) -> dict:
        return {
            "connected": self.connected,
            "offline_after": self.options.offline_after,
            "boards": [b.json() for b in sorted(self.boards.values(), key=lambda b: b.label)],
        }

    def page_opened(self) -> asyncio.Queue:
        q: asyncio.Queue = asyncio.Queue()
        self._pages.add(q)
        return q

    def page_closed(self, q: asyncio.Queue) -> None:
        self._pages.discard(q)

    def _push(self, kind: str, data) -> None:
        if not self._pages:
            return
        if kind == "reading":  # gathered: one event for all that arrived in one loop turn
            self._pending.append(data)
            if not self._flush_scheduled:
                self._flush_scheduled = True
                self._loop.call_soon(self._flush)
            return
        self._flush()
        self._send((kind, data))

    def _flush(self) -> None:
        self._flush_scheduled = False
        if self._pending:
            batch, self._pending = self._pending, []
            self._send(("readings", batch))

    def _send(self, event) -> None:
        for q in list(self._pages):
            if q.qsize() > SSE_BACKLOG:  # this page fell behind: drop it, it reconnects
                self._pages.discard(q)
                q.put_nowait(None)
            else:
                q.put_nowait(event)

    # -- micro:bit gateways ---------------------------------------------------------------------
    def _start_gateways(self) -> None:
        if not self.options.gateways:
            return
        from atelier.hub import gateway

        # one relay per micro:bit, each in its own thread until the hub stops; the gateway
        # tells its micro:bit the class's radio group
        for port in self.options.gateways:
            threading.Thread(
                target=gateway.run_gateway, name=f"atelier-gateway-{port}", daemon=True,
                args=(port, self.broker_host, self.broker_port),
                kwargs={"group": self.options.group,
                        "log": lambda line: self._call(self.log, line),
                        # a second after the page's own delay: it says why in its words
                        "offline_after": self.options.offline_after + 1,
                        "stop_event": self._gateways_stop},
            ).start()  # fmt: skip


class HubThread:
    """A hub on its own loop in a background thread, for tests and the bench::

    with HubThread(HubOptions(port=0, http_port=0, out=tmp)) as h:
        h.hub.broker_port, h.url, h.lines (the hub's log)
    h.csv  # written as it stopped
    """

    def __init__(self, options: HubOptions):
        self.lines: list[str] = []
        self.hub = Hub(options, self.lines.append)
        self.loop = asyncio.new_event_loop()
        self.csv: Path | None = None
        self._thread = threading.Thread(target=self.loop.run_forever, name="atelier-hub",
                                        daemon=True)  # fmt: skip

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.hub.http_port}/"

    def call(self, fn, *args):
        """fn(*args) on the hub's loop (a coroutine function is awaited); its result."""

        async def run():
            result = fn(*args)
            return await result if asyncio.iscoroutine(result) else result

        return asyncio.run_coroutine_threadsafe(run(), self.loop).result(30)

    def __enter__(self) -> HubThread:
        self._thread.start()
        try:
            self.call(self.hub.start)
        except BaseException:
            self._end()
            raise
        return self

    def __exit__(self, *exc) -> None:
        try:
            self.csv = self.call(self.hub.stop)
        finally:
            self._end()

    def _end(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)
        self.loop.close()


def run_hub(options: HubOptions, say: Callable[[str], None] = print) -> Path | None:
    """`atelier hub` until Ctrl-C; the CSV of the session."""

    async def main() -> Path | None:
        hub = Hub(options, say)
        await hub.start()
        if sys.platform != "win32":  # the terminal closed, or a kill: end as with Ctrl-C
            task = asyncio.current_task()
            for sig in (signal.SIGTERM, signal.SIGHUP):
                asyncio.get_running_loop().add_signal_handler(sig, task.cancel)
        say(_started(hub))
        try:
            await asyncio.Event().wait()  # until Ctrl-C cancels it
        finally:
            csv = await hub.stop()
            if csv is not None:
                written.append(csv)
                say(_("session: {n} readings in {file} and {csv}").format(
                    n=hub.exported, file=hub.store.path, csv=csv))  # fmt: skip
                say(_("to take this session up again: atelier hub --out {file}").format(
                    file=_quoted(hub.store.path)))  # fmt: skip
        return csv

    written: list[Path] = []
    try:
        asyncio.run(main())
    except (KeyboardInterrupt, asyncio.CancelledError):  # Ctrl-C, or SIGTERM / SIGHUP
        pass
    return written[0] if written else None


def _started(hub: Hub) -> str:
    o = hub.options
    here = local_address()
    if hub.broker is not None:
        address = f"{here if o.host in ('0.0.0.0', '::') else o.host}:{hub.broker_port}"
        broker = _("MQTT broker: {address} (the boards publish to classe/<label>/<quantity>)")
        broker = broker.format(address=address)
    else:
        broker = _("MQTT broker: the school's, {address}").format(
            address=f"{hub.broker_host}:{hub.broker_port}"
        )
    page = f"http://{here if o.http_host in ('0.0.0.0', '::') else o.http_host}:{hub.http_port}/"
    return "\n".join([
        broker,
        _("dashboard: {url} (Ctrl-C ends the session)").format(url=page),
        _("session file: {file}").format(file=hub.store.path) if not hub.store.found
        else _("session file: {file} (taken up again: {n} readings already in it)").format(
            file=hub.store.path, n=hub.store.found),
    ])  # fmt: skip


def _quoted(path: Path) -> str:
    """A path as the teacher types it back in a shell (a data folder under "Jean Dupont")."""
    return f'"{path}"' if " " in str(path) else str(path)


__all__ = ["Board", "Hub", "HubOptions", "UserError", "run_hub"]
