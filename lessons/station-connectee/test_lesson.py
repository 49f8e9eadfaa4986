"""Simulator tests of the connected weather station: the simulated ESP32 joins the class's
Wi-Fi and publishes its readings to a real MQTT broker on this computer (the one `atelier hub`
embeds, amqtt), which a test subscriber (paho-mqtt) listens to; the broker stops and starts
again, as the class's computer would, and every reading taken meanwhile arrives once, in order.

Nothing but atelier is needed: the broker and the subscriber come with it. The MQTT client the
board runs (micropython-umqtt.simple) is taken from this computer when `atelier libraries
install` put it there, else fetched from PyPI for the tests only."""

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from atelier.errors import UserError
from atelier.lessons import load_lesson
from atelier.pupil_check import boards, program, says
from atelier.sim import simulate
from atelier.sim.shown import scrolled, watch

HERE = Path(__file__).parent
# the lesson's main.py, or the pupil's under `atelier check` (on the board it chose)
LESSON = program(HERE)
BOARDS = boards(load_lesson(HERE).info.boards)  # every board it supports
LABEL = "poste-12"  # "Poste 12" in net.toml, as the topics write it


def topic(quantity):
    return f"classe/{LABEL}/{quantity}"


class Broker:
    """The hub's embedded MQTT broker (amqtt) on a free loopback port, in a process of its own:
    stop() ends that process at once, as when the class's computer stops `atelier hub`, and
    start() starts it again on the same port."""

    SERVE = (
        "import asyncio, sys\n"
        "from atelier.hub.broker import start_broker\n"
        "async def main():\n"
        "    broker = await start_broker('127.0.0.1', int(sys.argv[1]))\n"
        "    print(broker.port, flush=True)\n"
        "    await asyncio.Event().wait()\n"
        "asyncio.run(main())\n"
    )

    def __init__(self):
        self.port = 0  # any free port, the first time
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [sys.executable, "-c", self.SERVE, str(self.port)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        line = self.process.stdout.readline()
        if not line.strip().isdigit():
            self.stop()
            raise RuntimeError("the MQTT broker did not start: " + self.process.stderr.read())
        self.port = int(line)

    def stop(self):
        if self.process is not None:
            self.process.kill()
            self.process.wait(10)
            self.process.stdout.close()
            self.process.stderr.close()
            self.process = None

    close = stop


class Listener:
    """A subscriber to classe/# (QoS 1) that reconnects by itself: what it received, in order."""

    def __init__(self, port):
        import paho.mqtt.client as mqtt

        self.got = []  # (topic, text)
        self.lock = threading.Lock()
        self.listening = threading.Event()
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="test-classe")
        self.client.reconnect_delay_set(min_delay=1, max_delay=1)
        self.client.on_connect = lambda c, *a: c.subscribe("classe/#", qos=1)
        self.client.on_subscribe = lambda *a: self.listening.set()
        self.client.on_disconnect = lambda *a: self.listening.clear()
        self.client.on_message = self._message
        self.client.connect("127.0.0.1", port)
        self.client.loop_start()
        self.wait_listening()

    def _message(self, _client, _userdata, msg):
        if not msg.retain:  # a new message, not the broker's stored copy
            with self.lock:
                self.got.append((msg.topic, msg.payload.decode()))

    def wait_listening(self):
        if not self.listening.wait(15):
            raise RuntimeError("the test's MQTT subscriber could not subscribe")

    def values(self, quantity):
        with self.lock:
            return [text for t, text in self.got if t == topic(quantity)]

    def numbers(self, quantity):
        return [float(v) for v in self.values(quantity)]

    def quantities_heard(self, seconds=5.0):
        """How many quantities the boards published, once no new one came for 0.5 s of real
        time (the broker hands them on a moment after the board had its acknowledgement)."""
        deadline = time.monotonic() + seconds
        count, since = -1, time.monotonic()
        while time.monotonic() < deadline:
            with self.lock:
                now = len({t for t, _text in self.got if not t.endswith("/etat")})
            if now != count:
                count, since = now, time.monotonic()
            elif count > 0 and time.monotonic() - since >= 0.5:
                break
            time.sleep(0.02)
        return count

    def wait_for(self, quantity, n, seconds=5.0):
        """The values of `quantity` once there are n (or after `seconds` of real time)."""
        deadline = time.monotonic() + seconds
        while len(self.values(quantity)) < n and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.numbers(quantity)

    def command(self, name, text):
        self.client.publish(topic("cmd/" + name), text, qos=1).wait_for_publish(5)

    def close(self):
        self.client.disconnect()
        self.client.loop_stop()


@pytest.fixture(scope="session")
def umqtt(tmp_path_factory):
    """The board's MQTT client: the one `atelier libraries install` put on this computer, else
    from PyPI into a folder of the tests (one clear line when PyPI cannot be reached)."""
    from atelier.libraries import find_library, install
    from atelier.netsettings import UMQTT

    patch = pytest.MonkeyPatch()
    try:
        find_library(UMQTT)
    except UserError:
        patch.setenv("ATELIER_LIBRARIES", str(tmp_path_factory.mktemp("libraries")))
        try:
            install(UMQTT)  # PyPI unreachable: its one line (what to do) under atelier check
        except UserError:
            patch.undo()
            raise
    yield
    patch.undo()


@pytest.fixture
def broker(umqtt):
    b = Broker()
    b.start()
    yield b
    b.close()


@pytest.fixture
def classe(broker):
    """The class's subscriber to every board's topics."""
    listener = Listener(broker.port)
    yield listener
    listener.close()


@pytest.fixture(params=BOARDS)
def board(request, broker, classe, tmp_path, monkeypatch):
    # the computer's net.toml (outside the lesson: Wi-Fi and broker are the school's)
    settings = tmp_path / "net.toml"
    settings.write_text(f'ssid = "ecole"\npassword = "secret"\nbroker = "127.0.0.1"\n'
                        f'port = {broker.port}\nlabel = "Poste 12"\n')  # fmt: skip
    monkeypatch.setenv("ATELIER_NET", str(settings))
    with simulate(LESSON, board=request.param) as b:
        b.world.temperature, b.world.pressure, b.world.humidity = 18, 1013, 40
        yield b


def quiet():
    """Real time for a message on its way to reach the subscriber."""
    time.sleep(0.3)


@says(
    fr="La carte rejoint le Wi-Fi et envoie la température sur classe/poste-12/temperature",
    en="The board joins the Wi-Fi and sends the temperature to classe/poste-12/temperature",
    fail_fr="Aucune température n'arrive sur classe/poste-12/temperature",
    fail_en="No temperature arrives on classe/poste-12/temperature",
    step=1,
)
def test_one_reading_arrives(board, classe):
    board.run(3)  # the Wi-Fi takes a second and a half
    got = classe.wait_for("temperature", 1)
    assert got[:1] == [pytest.approx(18, abs=0.2)]


@says(
    fr="Une température arrive toutes les 10 secondes, celle de l'air autour de la carte",
    en="A temperature arrives every 10 seconds, the one of the air around the board",
    fail_fr="Les températures n'arrivent pas toutes les 10 secondes",
    fail_en="The temperatures do not arrive every 10 seconds",
    step=2,
)
def test_a_reading_every_ten_seconds(board, classe):
    board.run(3)
    assert classe.wait_for("temperature", 1) == [pytest.approx(18, abs=0.2)]
    board.run(6)  # 9 s: not yet
    quiet()
    assert len(classe.values("temperature")) == 1
    board.run(4)  # 13 s: the second one
    assert len(classe.wait_for("temperature", 2)) == 2
    board.world.temperature = 24  # it gets warmer
    board.run(10)  # 23 s: the third one, 24 °C
    classe.wait_for("temperature", 3)
    quiet()
    assert classe.numbers("temperature") == [pytest.approx(t, abs=0.2) for t in (18, 18, 24)]


@says(
    fr="La pression (hPa) et l'humidité (%) arrivent aussi, avec chaque température",
    en="The pressure (hPa) and the humidity (%) arrive too, with each temperature",
    fail_fr="La pression ou l'humidité n'arrivent pas sur classe/poste-12/pression et /humidite",
    fail_en="The pressure or the humidity do not arrive on classe/poste-12/pression and /humidite",
    step=3,
)
def test_pressure_and_humidity(board, classe):
    board.run(3)
    board.world.pressure, board.world.humidity = 1002, 75  # a storm comes
    board.run(10)
    assert classe.wait_for("pression", 2) == [pytest.approx(p, abs=1) for p in (1013, 1002)]
    assert classe.wait_for("humidite", 2) == [pytest.approx(h, abs=0.5) for h in (40, 75)]
    assert len(classe.values("temperature")) == 2


@says(
    fr="L'écran montre WiFi, puis OK quand la carte est connectée, et sinon les messages "
    "qui attendent",
    en="The screen shows WiFi, then OK while the board is connected, and otherwise the "
    "messages waiting",
    fail_fr="L'écran ne dit pas quand le broker de la classe ne répond plus",
    fail_en="The screen does not say when the class's broker stops answering",
    step=4,
)
def test_the_screen_says_when_the_broker_is_away(board, classe, broker):
    assert scrolled(board, watch(board, 1), "WiFi", how="show")  # joining the network
    board.run(2)
    assert scrolled(board, watch(board, 2), "OK", how="show")
    per_round = classe.quantities_heard()  # 3, or 4
    broker.stop()  # the class's computer restarts its broker
    seen = watch(board, 20)  # two rounds of readings cannot go: they wait on the board
    for waiting in (per_round, 2 * per_round):
        assert scrolled(board, seen, str(waiting), how="show"), f"{waiting} not shown"
    assert not scrolled(board, seen[-3:], "OK", how="show")
    broker.start()
    classe.wait_listening()
    seen = watch(board, 4)  # the board tries again every 2 s
    assert scrolled(board, seen, "OK", how="show")


@says(
    fr="Un ordre classe/poste-12/cmd/intervalle change le temps entre deux mesures",
    en="A command classe/poste-12/cmd/intervalle changes the time between two readings",
    fail_fr="L'ordre classe/poste-12/cmd/intervalle ne change pas le temps entre deux mesures",
    fail_en="The command classe/poste-12/cmd/intervalle does not change the time between readings",
    step=5,
)
def test_a_command_changes_the_interval(board, classe):
    board.run(3)
    classe.command("intervalle", "abc")  # not a number: the board carries on
    classe.command("intervalle", "2")
    quiet()
    board.run(10)  # the wait already begun ends (11.5 s), then a reading every 2 s
    board.run(10)
    assert board.error is None
    got = classe.wait_for("temperature", 6)
    assert 6 <= len(got) <= 8  # 1.5 s, 11.5 s, then every 2 s until 23 s (3 with 10 s)


@says(
    fr="Le broker s'arrête puis revient : chaque mesure prise entre-temps arrive, une fois, "
    "dans l'ordre",
    en="The broker stops then comes back: each reading taken meanwhile arrives, once, in order",
    fail_fr="Après le redémarrage du broker, des mesures manquent ou arrivent deux fois",
    fail_en="After the broker restarts, readings are missing or arrive twice",
    step=2,
)
def test_nothing_lost_nothing_twice_when_the_broker_restarts(board, classe, broker):
    board.run(3)  # the reading of 1.5 s goes at once: 18 °C
    assert classe.wait_for("temperature", 1) == [pytest.approx(18, abs=0.2)]
    broker.stop()  # the class's computer restarts its broker
    for t in (19, 20, 21):  # the readings of about 11.5 s, 21.5 s and 31.5 s wait
        board.run(5)
        board.world.temperature = t  # a warmer air for each of them
        board.run(5)
    board.run(3)  # 36 s
    quiet()
    assert len(classe.values("temperature")) == 1  # nothing went through
    broker.start()
    classe.wait_listening()
    board.world.temperature = 22
    board.run(10)  # 46 s: the board is back, then the reading of about 41.5 s
    classe.wait_for("temperature", 5)
    quiet()
    assert classe.numbers("temperature") == [pytest.approx(t, abs=0.2) for t in range(18, 23)]


@says(
    fr="Chaque mesure dit quand elle a été prise : après une panne du broker, les temps "
    "0, 10, 20, 30, 40 arrivent tous",
    en="Each reading says when it was taken: after the broker was away, the times "
    "0, 10, 20, 30, 40 all arrive",
    fail_fr="Les mesures ne disent pas quand elles ont été prises (classe/poste-12/temps), ou "
    "des temps manquent après la panne",
    fail_en="The readings do not say when they were taken (classe/poste-12/temps), or times "
    "are missing after the outage",
    step=6,
)
def test_each_reading_says_when_it_was_taken(board, classe, broker):
    board.run(3)  # the reading of time 0 goes at once
    assert classe.wait_for("temps", 1) == [0]
    broker.stop()
    board.run(32)  # 35 s: the readings of 10, 20 and 30 s wait on the board
    broker.start()
    classe.wait_listening()
    board.run(10)  # 45 s: the board is back; then the reading of 40 s, as usual
    classe.wait_for("temps", 5)
    quiet()
    assert classe.numbers("temps") == [0, 10, 20, 30, 40]  # every one, once, in order
    assert len(classe.values("temperature")) == len(classe.values("humidite")) == 5
