"""The hub's micro:bit serial gateway end to end, with real parts: a simulated micro:bit served
on a pseudo-terminal (as `atelier sim serve` serves it) runs the gateway program, flashed by
`atelier flash` onto its MICROBIT drive; a second simulated micro:bit in the same world (one
clock, one radio space) runs a pupil's program; a real Mosquitto broker; paho-mqtt subscribes
as the dashboard would. What a teacher notices: the pupil's reading on classe/<label>/<quantity>,
a command published reaching the pupil's board, the gateway unplugged and plugged back (one
line, then it goes on), a board that is not a gateway (one line), a radio board gone silent
published offline (and online again), `atelier hub --gateway` finding the gateway by itself."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import needs_vm
from mbhex_reader import read_files
from mosquitto import start_mosquitto

from atelier.hub.gateway import (
    HELLO_WAIT,
    command_text,
    escape,
    gateway_program,
    parse_reading,
    run_gateway,
    unescape,
)

pytestmark = [needs_vm, pytest.mark.timeout(180)]

GROUP = 7
# A pupil's weather board: a reading every 0.2 s, the commands for it shown and printed;
# "p12>pause=1" silences it, "p12>pause=0" makes it send again
PUPIL = """\
import radio
from microbit import display, sleep

radio.config(group=7)
n = 0
quiet = False
while True:
    if not quiet:
        n += 1
        radio.send("p12:temp=%d" % n)
    if n % 5 == 3 and not quiet:  # what a gateway does not publish: a message to the
        radio.send("bonjour")  # other boards, bytes
        radio.send_bytes(b"\\x00\\x01")
    for i in range(4):
        m = radio.receive()
        if m and m.startswith("p12>"):
            print("command", m)
            if m.startswith("p12>led="):
                display.show(m[-1])
            if m.startswith("p12>pause="):
                quiet = m.endswith("1")
        sleep(50)
"""
PRINTING = (
    "from microbit import sleep\nwhile True:\n    print('temp 21 été')\n    sleep(100)\n".encode()
)


def wait_for(cond, timeout: float = 30, what: str = "condition"):
    end = time.monotonic() + timeout
    while True:
        got = cond()
        if got:
            return got
        assert time.monotonic() < end, f"timed out waiting for {what}"
        time.sleep(0.05)


class Subscriber:
    """A paho-mqtt client that keeps every message of classe/# (topic, payload, retained)."""

    def __init__(self, port: int, session: bool = False, client_id: str = "test-dashboard"):
        import paho.mqtt.client as mqtt

        self.messages: list[tuple[str, str, bool]] = []
        self.lock = threading.Lock()
        # with `session`, the broker keeps what comes for it while it is away (QoS 1)
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=client_id,
                                  clean_session=not session)  # fmt: skip
        self.client.on_message = self._on_message
        self.client.on_connect = lambda c, *a: c.subscribe("classe/#", qos=1)
        self.client.reconnect_delay_set(min_delay=1, max_delay=1)
        self.client.connect("127.0.0.1", port)
        self.client.loop_start()
        wait_for(self.client.is_connected, what="the test's MQTT client connected")

    def _on_message(self, client, userdata, msg) -> None:
        with self.lock:
            self.messages.append((msg.topic, msg.payload.decode(), bool(msg.retain)))

    def payloads(self, topic: str) -> list[str]:
        with self.lock:
            return [p for t, p, _r in self.messages if t == topic]

    def publish(self, topic: str, payload: str) -> None:
        self.client.publish(topic, payload, qos=1).wait_for_publish(5)

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


class Classroom:
    """The gateway micro:bit served on a pseudo-terminal, the pupil's board in its world."""

    def __init__(self, tmp_path: Path):
        from atelier.sim import Sim, start_board

        self.tmp = tmp_path
        self.sim = Sim(wall_budget=60.0)
        program = tmp_path / "pupil" / "main.py"
        program.parent.mkdir()
        program.write_text(PUPIL)
        self.pupil = start_board(self.sim, program, "microbit-v2", name="pupil")
        self.served = None
        self.plug()

    def plug(self, board: str = "microbit-v2"):
        """Serve the gateway micro:bit (again: the same flash folder, its files kept)."""
        from atelier.sim.serve import serve

        self.served = serve(1, board, workdir=self.tmp / "gateway",
                            drives=self.tmp / "drives", sim=self.sim)  # fmt: skip
        return self.served

    def unplug(self) -> None:
        self.served.close()

    @property
    def board(self):
        return self.served.boards[0]

    @property
    def port(self) -> str:
        return self.served.ports[0]

    def close(self) -> None:
        if self.served is not None:
            self.served.close()
        self.pupil.close()
        shutil.rmtree(self.pupil._root, ignore_errors=True)


@pytest.fixture
def classroom(tmp_path, monkeypatch):
    monkeypatch.setenv("ATELIER_DRIVE_ROOTS", str(tmp_path / "drives"))
    room = Classroom(tmp_path)
    try:
        yield room
    finally:
        room.close()


@pytest.fixture
def broker(tmp_path):
    with start_mosquitto(tmp_path) as mosquitto:
        yield mosquitto.port


def flash_gateway(room: Classroom, *more: str) -> None:
    """`atelier flash firmware/gateway --drive MICROBIT-1`, as the docs tell the teacher."""
    from atelier.cli import main

    drive = room.served.drives[0]
    board = room.board.type.id
    r = CliRunner().invoke(
        main, ["flash", "firmware/gateway", "--drive", str(drive), "-b", board, *more]
    )
    assert r.exit_code == 0, r.output
    main = room.board.flash / "main.py"
    want = gateway_program().read_bytes()
    wait_for(lambda: main.is_file() and main.read_bytes() == want, what="the gateway flashed")
    wait_for(lambda: room.board.resets, what="the board started again")


class Running:
    """run_gateway in a thread, its log lines kept."""

    def __init__(self, port: str, broker: int, **kw):
        self.log: list[str] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(
            target=run_gateway,
            args=(port, "127.0.0.1", broker),
            kwargs=dict(group=GROUP, log=self.log.append, stop_event=self.stop, **kw),
            daemon=True,
        )
        self.thread.start()

    def close(self) -> None:
        self.stop.set()
        self.thread.join(10)
        assert not self.thread.is_alive()


def readings(sub: Subscriber) -> list[int]:
    return [int(p) for p in sub.payloads("classe/p12/temp")]


@pytest.mark.parametrize("gateway_board", ["microbit-v2", "microbit-v1"])
def test_a_pupils_reading_reaches_its_topic_and_a_command_reaches_the_board(
    classroom, broker, gateway_board
):
    if gateway_board != "microbit-v2":
        classroom.unplug()
        classroom.plug(gateway_board)
    flash_gateway(classroom)
    sub = Subscriber(broker)
    gw = Running(classroom.port, broker)
    try:
        wait_for(lambda: len(readings(sub)) >= 6, what="readings on classe/p12/temp")
        got = readings(sub)
        assert got == sorted(set(got)), got  # in order, none twice
        assert "online" in sub.payloads("classe/p12/etat")
        assert "online" in sub.payloads("classe/passerelle/etat")
        assert classroom.board.display.image[2][2] in (0, 9)  # the gateway's blinking pixel

        sub.publish("classe/p12/cmd/led", "1")
        wait_for(lambda: "command p12>led=1" in classroom.pupil.output, what="the command")
        wait_for(lambda: classroom.pupil.display.image != [[0] * 5] * 5, what="the 1 shown")
        # 28 bytes of text, 91 on the serial line (escaped): more than the V1 keeps unread,
        # written in pieces it reads in time
        sub.publish("classe/p12/cmd/msg", "éèàùçêëïôö")
        wait_for(lambda: "command p12>msg=éèàùçêëïôö" in classroom.pupil.output, what="é...")
        # what it did not publish: one line each (the next ones counted, said 10 s later)
        assert len(gw.log) == 2, gw.log
        assert "'bonjour' is not a reading (label:quantity=value" in gw.log[0]
        assert "not text (0001)" in gw.log[1]
        published = {t for t, p, _r in sub.messages if "/cmd/" not in t}
        assert published == {"classe/p12/temp", "classe/p12/etat", "classe/passerelle/etat"}
    finally:
        gw.close()
        try:  # the gateway says it leaves; the subscriber stays until that reaches it
            wait_for(lambda: sub.payloads("classe/passerelle/etat")[-1:] == ["offline"],
                     timeout=10, what="the gateway's offline")  # fmt: skip
        finally:
            sub.close()


def test_the_gateway_unplugged_and_plugged_back_goes_on_with_one_line(classroom, broker):
    flash_gateway(classroom)
    sub = Subscriber(broker)
    gw = Running(classroom.port, broker, retry=0.2)
    try:
        wait_for(lambda: len(readings(sub)) >= 2, what="readings before the unplug")
        classroom.unplug()
        line = wait_for(lambda: [ln for ln in gw.log if "unplugged" in ln], what="one line")
        assert len(line) == 1 and classroom.port in line[0] and "\n" not in line[0]
        wait_for(lambda: sub.payloads("classe/passerelle/etat")[-1:] == ["offline"],
                 what="the gateway offline")  # fmt: skip
        assert sub.payloads("classe/p12/etat")[-1] == "offline"  # nobody hears it now
        sub.publish("classe/p12/cmd/led", "2")  # kept until the gateway is back
        time.sleep(1.0)  # several retries: still one line
        assert len([ln for ln in gw.log if "unplugged" in ln]) == 1
        before = readings(sub)

        # its old port's name taken meanwhile: plugged back, the same micro:bit (its program
        # on it) gets another one, which its USB serial number finds
        old_port = classroom.port
        spare = os.openpty()
        try:
            classroom.plug()
        finally:
            for fd in spare:
                os.close(fd)
        assert classroom.port != old_port
        wait_for(lambda: any(f"back on {classroom.port}" in ln for ln in gw.log), what="back")
        wait_for(lambda: len(readings(sub)) >= len(before) + 3, what="readings after")
        got = readings(sub)
        assert got[: len(before)] == before
        assert got == sorted(set(got)), got  # none twice, in order
        assert sub.payloads("classe/p12/etat")[-1] == "online"
        wait_for(lambda: "command p12>led=2" in classroom.pupil.output, what="the command")
        plugs = [ln for ln in gw.log if "micro:bit" in ln]
        assert len(plugs) == 2 and "unplugged" in plugs[0] and "back on" in plugs[1], gw.log
    finally:
        gw.close()
        sub.close()


def test_readings_heard_while_the_broker_restarts_are_published_when_it_is_back(
    classroom, tmp_path
):
    flash_gateway(classroom)
    with start_mosquitto(tmp_path, persistence=True) as mosquitto:
        port = mosquitto.port
        sub = Subscriber(port, session=True)
        gw = Running(classroom.port, port)
        try:
            wait_for(lambda: len(readings(sub)) >= 3, what="readings before the restart")
        except BaseException:
            gw.close()
            sub.close()
            raise
    try:
        time.sleep(1.5)  # the broker is down: the pupil's board sends on, the gateway reads on
        with start_mosquitto(tmp_path, port=port, persistence=True):
            last = readings(sub)[-1]
            wait_for(lambda: readings(sub) and readings(sub)[-1] >= last + 15, what="after")
            got = readings(sub)
            # none lost: every reading from the first to the last (QoS 1 may give one twice,
            # the one on its way when the broker went: none here, it was idle)
            assert sorted(set(got)) == list(range(got[0], got[-1] + 1)), got
            assert got == sorted(set(got)), got
            assert not [ln for ln in gw.log if "micro:bit" in ln]  # the micro:bit was fine
    finally:
        gw.close()
        sub.close()


def test_a_micro_bit_without_the_gateway_program_gets_one_line(classroom, broker):
    # nothing flashed: the served micro:bit sits at the REPL prompt, no gateway there
    sub = Subscriber(broker)
    gw = Running(classroom.port, broker)
    try:
        wait_for(lambda: gw.log, timeout=15, what="the line saying so")
        time.sleep(3.5)  # it asked again: still one line
        assert len(gw.log) == 1, gw.log
        assert "does not run the gateway program" in gw.log[0]
        # what works with the hub holding the port (a flash's first read of it would fail)
        assert "atelier flash firmware/gateway --drive DRIVE --overwrite" in gw.log[0]
        assert readings(sub) == []
        flash_gateway(classroom, "--overwrite")  # the teacher does so, the hub running
        wait_for(lambda: "online" in sub.payloads("classe/passerelle/etat"), what="online")
    finally:
        gw.close()
        sub.close()


def test_a_program_printing_other_lines_gets_one_line_and_the_gateway_goes_on(classroom, broker):
    # a pupil's program on the gateway micro:bit by mistake: lines that are not the gateway's
    with classroom.sim.lock:  # as a .hex on its drive does, between two turns of its loop
        classroom.board.flash_files({"main.py": PRINTING})
    sub = Subscriber(broker)
    gw = Running(classroom.port, broker)
    try:
        wait_for(lambda: len(gw.log) >= 2, timeout=15, what="two lines")
        time.sleep(1)  # ten more lines printed meanwhile: no more said
        assert len(gw.log) == 2, gw.log
        assert "is not the gateway's, ignored: 'temp 21 été'" in gw.log[0]  # its UTF-8 read
        assert "does not run the gateway program" in gw.log[1]
        # the right program put on it: it goes on, the class's readings arrive
        with classroom.sim.lock:
            classroom.board.flash_files({"main.py": gateway_program().read_bytes()})
        wait_for(lambda: readings(sub), what="a reading")
        assert gw.thread.is_alive()
    finally:
        gw.close()
        sub.close()


def test_a_gateway_of_another_version_is_told_once_though_its_banner_comes_every_second(
    classroom, broker
):
    older = gateway_program().read_bytes().replace(b"VERSION = 2\n", b"VERSION = 1\n")
    assert older != gateway_program().read_bytes()
    with classroom.sim.lock:
        classroom.board.flash_files({"main.py": older})
    sub = Subscriber(broker)
    gw = Running(classroom.port, broker)
    try:
        wait_for(lambda: len(readings(sub)) >= 3, what="readings: it relays all the same")
        time.sleep(2.5)  # two more banners
        told = [ln for ln in gw.log if "version" in ln]
        assert len(told) == 1, gw.log
        assert "runs gateway version 1, this atelier expects 2" in told[0]
        assert "atelier flash firmware/gateway" in told[0]
    finally:
        gw.close()
        sub.close()


def test_microbit_uart_reads_what_the_computer_sent_without_waiting(tmp_path):
    from atelier.sim import simulate

    program = tmp_path / "main.py"
    program.write_text(
        "from microbit import uart, sleep\n"
        "print(uart.any(), uart.read(), uart.readline())\n"
        "sleep(100)\n"
        "print(uart.any(), uart.readline(), uart.readline(), uart.read(2), uart.read())\n"
        "print(uart.write(b'raw'), uart.ODD, uart.EVEN)\n"
    )
    for board, even in (("microbit-v2", 0), ("microbit-v1", 2)):
        with simulate(program, board=board) as b:
            b.run(0.05)
            b.hardware.uart.rx += b"G 7\nS ab"  # a line and a half, as a computer may send
            b.run(1)
            assert b.output == (
                f"False None None\nTrue b'G 7\\n' b'S ab' None None\nraw3 1 {even}\n"
            )


def test_the_line_format_and_the_radio_convention():
    assert escape("p12:t=é\\".encode()) == "p12:t=\\xc3\\xa9\\x5c"
    assert unescape("p12:t=\\xc3\\xa9\\x5c").decode() == "p12:t=é\\"
    for bad in ("\\q", "\\x4", "tab\there"):
        with pytest.raises(ValueError):
            unescape(bad)
    assert parse_reading("p12:temp=21.5") == ("p12", "temp", "21.5")
    assert parse_reading("Poste-3:lumière=ok") == ("Poste-3", "lumière", "ok")
    assert parse_reading("p12:etat=offline") is None  # the hub's own topics
    assert parse_reading("hello") is None
    assert parse_reading("a/b:temp=1") is None  # no topic levels sneaked in
    assert command_text("classe/p12/cmd/led", b"1") == "p12>led=1"
    assert command_text("classe/p12/temp", b"1") is None
    assert command_text("classe/p12/cmd/a/b", b"1") is None


def test_atelier_flash_finds_the_gateway_program_from_any_folder(tmp_path, monkeypatch):
    from atelier.cli import main

    monkeypatch.chdir(tmp_path)  # no firmware/ here: the one atelier ships
    for board in ("microbit-v1", "microbit-v2"):
        out = tmp_path / f"{board}.hex"
        r = CliRunner().invoke(main, ["flash", "firmware/gateway", "-b", board, "--out", str(out)])
        assert r.exit_code == 0, r.output
        files = read_files(out.read_text())
        assert files["main.py"] == gateway_program().read_bytes()


def test_atelier_hub_runs_the_gateway_and_records_the_radio_boards_readings(classroom, tmp_path):
    # the teacher's one command: `atelier hub --gateway PORT` (its embedded broker, no
    # Mosquitto); the radio board's readings land in the session file and on the page
    from test_hub import hub, rows, state, until

    flash_gateway(classroom)
    with hub(tmp_path, gateways=(classroom.port,), group=GROUP, offline_after=600) as h:
        until(lambda: h.hub.received >= 5, timeout=60, what="the radio board's readings")
        seen = state(h)
    temps = [int(v) for label, q, v, _t in rows(h.hub.store.path) if (label, q) == ("p12", "temp")]
    assert len(temps) >= 5 and temps == sorted(set(temps)), temps  # in order, none twice
    assert "p12" in seen and "passerelle" in seen  # the board and the gateway on the page


# -- radio boards offline ------------------------------------------------------------------------
def test_a_radio_board_gone_silent_is_published_offline_then_online_again(classroom, broker):
    # radio boards have no MQTT connection, so no last will: the gateway says it for them
    flash_gateway(classroom)
    sub = Subscriber(broker)
    gw = Running(classroom.port, broker, offline_after=3)
    try:
        wait_for(lambda: len(readings(sub)) >= 10, what="readings")  # 2 s: sending, online
        assert sub.payloads("classe/p12/etat") == ["online"]
        sub.publish("classe/p12/cmd/pause", "1")
        wait_for(lambda: "command p12>pause=1" in classroom.pupil.output, what="the pause")
        paused = time.monotonic()
        wait_for(lambda: sub.payloads("classe/p12/etat")[-1:] == ["offline"], timeout=15,
                 what="p12 offline")  # fmt: skip
        assert time.monotonic() - paused > 2  # after the silence, not before
        # a dashboard that comes now reads it at once: retained
        late = Subscriber(broker, client_id="test-late-dashboard")
        try:
            wait_for(lambda: late.payloads("classe/p12/etat"), what="the retained state")
            assert ("classe/p12/etat", "offline", True) in late.messages
        finally:
            late.close()
        n = len(readings(sub))
        sub.publish("classe/p12/cmd/pause", "0")
        wait_for(lambda: len(readings(sub)) > n, what="readings again")
        assert sub.payloads("classe/p12/etat") == ["online", "offline", "online"]
        assert "offline" not in sub.payloads("classe/passerelle/etat")  # the gateway was fine
        assert not [ln for ln in gw.log if "micro:bit" in ln], gw.log
    finally:
        gw.close()
        sub.close()


def test_the_dashboard_shows_a_radio_board_offline_when_silent_or_its_gateway_unplugged(
    classroom, tmp_path
):
    import paho.mqtt.publish as mqtt_publish
    from test_hub import hub, state, until

    flash_gateway(classroom)
    # 5 s: the served gateway's banner (every second of its clock) may come late on a
    # loaded computer
    with hub(tmp_path, gateways=(classroom.port,), group=GROUP, offline_after=5) as h:
        until(lambda: h.hub.received >= 3, timeout=60, what="the radio board's readings")
        until(lambda: "passerelle" in state(h), timeout=10, what="the gateway on the page")
        shown = state(h)
        assert not shown["p12"]["offline"] and not shown["passerelle"]["offline"]

        # the pupil's board falls silent: offline on the page, said once; the gateway's
        # retained "offline" a second later changes nothing the teacher reads
        mqtt_publish.single("classe/p12/cmd/pause", "1", qos=1, hostname="127.0.0.1",
                            port=h.hub.broker_port)  # fmt: skip
        until(lambda: state(h)["p12"]["offline"], timeout=20, what="p12 offline on the page")
        until(lambda: h.hub.boards["p12"].state == "offline", timeout=10,
              what="the gateway's word")  # fmt: skip
        assert state(h)["p12"]["why_offline"] == "silent"  # "no message for 5 s"
        assert sum("p12: offline" in ln for ln in h.lines) == 1, h.lines
        page = page_states(h.url)  # what the teacher reads
        assert page["p12"].startswith("hors ligne (aucun message depuis 5 s)"), page
        assert page["passerelle"].startswith("en ligne"), page
        assert not state(h)["passerelle"]["offline"]  # its banner keeps it online
        mqtt_publish.single("classe/p12/cmd/pause", "0", qos=1, hostname="127.0.0.1",
                            port=h.hub.broker_port)  # fmt: skip
        until(lambda: not state(h)["p12"]["offline"], timeout=20, what="p12 back online")

        # the gateway micro:bit unplugged: every board it relayed offline at once, on the
        # gateway's word (before the page's own 5 s of silence)
        classroom.unplug()
        until(lambda: state(h)["p12"]["offline"] and state(h)["passerelle"]["offline"],
              timeout=10, what="both offline on the page")  # fmt: skip
        assert state(h)["p12"]["why_offline"] == "will"
        assert sum("p12: offline" in ln for ln in h.lines) == 2, h.lines
        classroom.plug()  # the same micro:bit, its program on it
        until(lambda: not state(h)["p12"]["offline"], timeout=60, what="p12 back")
        until(lambda: not state(h)["passerelle"]["offline"], timeout=20, what="the gateway")


def page_states(url: str) -> dict[str, str]:
    """Each board's state line as the dashboard page in headless chromium shows it."""
    from headless import Browser

    browser = Browser.start()
    if browser is None:
        if os.environ.get("CI"):  # .ci/run installs chromium: missing is a failure there
            pytest.fail(f"{Browser.missing}: .ci/run should have installed it")
        pytest.skip(Browser.missing)
    try:
        browser.open(url)
        browser.until("document.querySelectorAll('li.board').length >= 2")
        return browser.js("""Object.fromEntries([...document.querySelectorAll('li.board')]
            .map(li => [li.dataset.label, li.querySelector('.state').textContent]))""")
    finally:
        browser.close()


# -- finding the gateway -------------------------------------------------------------------------
class Fed:
    """Every byte the computer writes to a served board (nothing, for one only listened to)."""

    def __init__(self, board):
        self.data = bytearray()
        feed = board.feed

        def fed(data: bytes) -> None:
            self.data += data
            feed(data)

        board.feed = fed


def hub_cli(monkeypatch, *args: str):
    """`atelier hub ARGS`, up to where the hub would start: (result, the HubOptions)."""
    from atelier.cli import main

    got = []
    monkeypatch.setattr("atelier.hub.service.run_hub", lambda options, say: got.append(options))
    # a served micro:bit's second is its clock's: on a loaded computer its banners may come
    # further apart than a real one's
    monkeypatch.setattr("atelier.hub.gateway.LISTEN", 6.0)
    r = CliRunner().invoke(main, ["hub", *args])
    return r, (got[0] if got else None)


@pytest.mark.parametrize("gateway_board", ["microbit-v2", "microbit-v1"])
def test_atelier_hub_gateway_finds_the_gateway_micro_bit_by_listening(
    classroom, tmp_path, monkeypatch, gateway_board
):
    from atelier.sim.serve import serve

    if gateway_board != "microbit-v2":
        classroom.unplug()
        classroom.plug(gateway_board)
    flash_gateway(classroom)
    # two pupils' micro:bits on USB too: one printing, one at its prompt; nothing typed in them
    others = serve(2, "microbit-v2", workdir=tmp_path / "others", sim=classroom.sim)
    try:
        with classroom.sim.lock:
            others.boards[0].flash_files({"main.py": PRINTING})
        fed = [Fed(b) for b in (*others.boards, classroom.board)]
        r, options = hub_cli(monkeypatch, "--gateway", "--group", "7")
        assert r.exit_code == 0, r.output
        assert options.gateways == (classroom.port,), r.output
        assert r.output.strip().splitlines() == [f"gateway micro:bit found on {classroom.port}"]
        assert [bytes(f.data) for f in fed] == [b"", b"", b""]
        assert "temp 21" in others.boards[0].output  # it was printing meanwhile
        # a port given is taken as it is; "auto" is the same as --gateway alone
        r, options = hub_cli(monkeypatch, "--gateway", "/dev/ttyACM9")
        assert options.gateways == ("/dev/ttyACM9",), r.output
        r, options = hub_cli(monkeypatch, "--gateway", "auto")
        assert options is not None and options.gateways == (classroom.port,), r.output
    finally:
        others.close()


def test_atelier_hub_gateway_with_no_gateway_or_several_says_so_in_one_line(
    classroom, tmp_path, monkeypatch
):
    from atelier.sim.serve import serve

    # one micro:bit, at its prompt (no gateway program): listened to, nothing typed in it
    fed = Fed(classroom.board)
    r, options = hub_cli(monkeypatch, "--gateway")
    assert r.exit_code == 1 and options is None
    lines = r.output.strip().splitlines()
    assert len(lines) == 1, r.output
    assert "no gateway micro:bit found (1 micro:bit(s) on USB listened to" in lines[0]
    assert "atelier flash firmware/gateway" in lines[0]
    assert bytes(fed.data) == b""

    flash_gateway(classroom)
    second = serve(1, "microbit-v1", workdir=tmp_path / "second", sim=classroom.sim)
    try:
        with classroom.sim.lock:
            second.boards[0].flash_files({"main.py": gateway_program().read_bytes()})
        r, options = hub_cli(monkeypatch, "--gateway")
        assert r.exit_code == 1 and options is None
        lines = r.output.strip().splitlines()
        assert len(lines) == 1, r.output
        assert "several micro:bits run the gateway program" in lines[0]
        assert classroom.port in lines[0] and second.ports[0] in lines[0]
        assert "--gateway PORT" in lines[0]
    finally:
        second.close()


def test_find_gateway_takes_only_a_port_with_a_micro_bits_usb_ids(monkeypatch):
    # real USB ports (pyserial's list): a micro:bit's ids, another board's (an ESP32's USB
    # serial chip) saying the same banner, and a micro:bit saying nothing: the first only
    from serial.tools import list_ports, list_ports_common

    from atelier.hub.gateway import find_gateway

    ptys = [os.openpty() for _i in range(3)]
    stop = threading.Event()

    def say() -> None:
        while not stop.is_set():
            for master, _slave in ptys[:2]:
                os.write(master, b"temp 21\r\nH atelier-gateway 2 0\r\n")
            stop.wait(0.5)

    infos = []
    for (_master, slave), (vid, pid, sn) in zip(
        ptys,
        [(0x0D28, 0x0204, "9904A"), (0x10C4, 0xEA60, "cp"), (0x0D28, 0x0204, "9900B")],
        strict=True,
    ):
        info = list_ports_common.ListPortInfo(os.ttyname(slave), skip_link_detection=True)
        info.vid, info.pid, info.serial_number = vid, pid, sn
        infos.append(info)
    monkeypatch.setattr(list_ports, "comports", lambda *a, **k: infos)
    talker = threading.Thread(target=say, daemon=True)
    talker.start()
    try:
        found = find_gateway(listen=1.5)
        assert (found.device, found.serial_number) == (infos[0].device, "9904A")
    finally:
        stop.set()
        talker.join(5)
        for fds in ptys:
            for fd in fds:
                os.close(fd)


def test_plugged_back_with_another_program_nothing_is_typed_into_it(classroom, broker):
    # the gateway micro:bit taken for a lesson and plugged back (the same USB serial number)
    # wiped, at its REPL prompt: the hub only listens, says so once
    flash_gateway(classroom)
    sub = Subscriber(broker)
    sub.publish("classe/p12/cmd/led", "3")  # a command waiting, not for this board
    gw = Running(classroom.port, broker, retry=0.2)
    try:
        wait_for(lambda: readings(sub), what="a reading")
        classroom.unplug()
        wait_for(lambda: any("unplugged" in ln for ln in gw.log), what="unplugged")
        sub.publish("classe/p12/cmd/led", "4")  # came while it was away
        (classroom.board.flash / "main.py").unlink()  # wiped: at its REPL prompt, which echoes
        classroom.plug()
        fed = Fed(classroom.board)
        wait_for(lambda: any("back on" in ln for ln in gw.log), what="back")
        told = wait_for(lambda: [ln for ln in gw.log if "does not run the gateway" in ln],
                        timeout=15, what="the line saying so")  # fmt: skip
        time.sleep(HELLO_WAIT + 1)  # it would have asked again: still one line, nothing typed
        assert len([ln for ln in gw.log if "does not run the gateway" in ln]) == 1, gw.log
        assert classroom.port in told[0] and "\n" not in told[0]
        assert bytes(fed.data) == b"", bytes(fed.data)
        assert "G " not in classroom.board.output
        # the gateway program back on it: the hub tunes it and sends what waited
        with classroom.sim.lock:
            classroom.board.flash_files({"main.py": gateway_program().read_bytes()})
        wait_for(lambda: bytes(fed.data).startswith(b"G 7\n"), what="tuned once heard")
        wait_for(lambda: "command p12>led=4" in classroom.pupil.output, what="the command")
    finally:
        gw.close()
        sub.close()
