"""The classroom hub with the class's boards *simulated*: ESP32s running a pupil's kit.net
program in the real MicroPython VM, their sockets real, publishing to the hub's embedded broker
(amqtt) on this computer. What the teacher notices: every board appears on the dashboard (in
headless chromium) under its own name, with every reading it sent, once."""

from __future__ import annotations

import textwrap

import pytest
from mosquitto import start_mosquitto
from test_hub import hub, rows, state, until
from test_hub_browser import browser, cards  # noqa: F401  (the fixture: headless chromium)
from test_sim_net import umqtt  # noqa: F401  (the fixture: micropython-umqtt.simple from PyPI)

from atelier.sim import simulate_many

BOARDS = 30
PUPIL = """
    from kit import net, sleep_ms
    net.connect()
    n = 0
    while n < 5:
        n += 1
        net.publish("compte", n)
        net.check()
        sleep_ms(1000)
    while True:
        net.check()
        sleep_ms(1000)
"""


@pytest.fixture
def klass_settings(tmp_path, umqtt, monkeypatch):  # noqa: F811
    """The computer's net.toml for the class (no label: each board is named by its MAC)."""

    def write(port: int, label: str = ""):
        settings = tmp_path / "config" / "net.toml"
        settings.parent.mkdir(exist_ok=True)
        named = f'label = "{label}"\n' if label else ""
        settings.write_text(f'ssid = "ecole"\npassword = "secret"\nbroker = "127.0.0.1"\n'
                            f"port = {port}\n{named}")  # fmt: skip
        monkeypatch.setenv("ATELIER_NET", str(settings))
        monkeypatch.setenv("ATELIER_LIBRARIES", str(umqtt))

    return write


@pytest.mark.browser
def test_thirty_simulated_boards_publish_to_the_hub_and_every_reading_is_there_once(
    tmp_path,
    klass_settings,
    browser,  # noqa: F811
):
    program = tmp_path / "main.py"
    program.write_text(textwrap.dedent(PUPIL), encoding="utf-8")
    with hub(tmp_path, offline_after=600) as h:
        klass_settings(h.hub.broker_port)
        with simulate_many([(program, "esp32")] * BOARDS, wall_budget=60) as boards:
            for b in boards:
                b.world.wifi = {"ecole": {"password": "secret"}}
            boards[0].run(8)  # the whole class, on one virtual clock
            until(lambda: h.hub.received >= 5 * BOARDS, timeout=30, what="every reading")
            outputs = [b.output for b in boards]
        seen = state(h)
        browser.open(h.url)  # the teacher's dashboard: a card per board, its last count
        until(lambda: len(cards(browser)) == BOARDS and all(  # each card drawn in its turn
            c["values"].get("compte") == "5" for c in cards(browser).values()),
              what="30 cards on the page, each with its last count")  # fmt: skip
        shown = cards(browser)
    assert all("Traceback" not in o for o in outputs), outputs
    assert len(seen) == BOARDS  # one card per board, each under its own name
    got = rows(h.hub.store.path)
    per_board: dict[str, list] = {}
    for label, quantity, value, _text in got:
        if quantity == "compte":
            per_board.setdefault(label, []).append(value)
    assert sorted(per_board) == sorted(seen)
    assert all(values == [1, 2, 3, 4, 5] for values in per_board.values()), per_board
    assert sorted(shown) == sorted(seen)
    assert all(card["values"]["compte"] == "5" for card in shown.values()), shown


COUNTING = """
    from kit import net, sleep_ms
    net.connect()
    n = 0
    while True:
        n += 1
        net.publish("compte", n)
        net.check()
        sleep_ms(1000)
"""


def test_two_simulated_boards_given_one_label_are_found_by_a_hub_on_mosquitto(
    tmp_path, klass_settings
):
    # both boards' kit.net publish under classe/poste-7: each says "online <its id>", also
    # its MQTT client id, so neither pushes the other off the broker; the hub, started after
    # them, has only the last board's retained state, then each says it again (every 20 s)
    program = tmp_path / "main.py"
    program.write_text(textwrap.dedent(COUNTING), encoding="utf-8")
    with start_mosquitto(tmp_path) as school:
        klass_settings(school.port, label="poste-7")
        with simulate_many([(program, "esp32")] * 2, wall_budget=60) as boards:
            for b in boards:
                b.world.wifi = {"ecole": {"password": "secret"}}
            boards[0].run(3)
            with hub(tmp_path, broker=f"127.0.0.1:{school.port}", offline_after=600) as h:
                until(lambda: h.hub.connected, what="the hub connected to mosquitto")
                received = h.hub.received
                boards[0].run(22)
                until(lambda: h.hub.received >= received + 2 * 20, what="the readings")
                until(lambda: state(h)["poste-7"]["duplicate"], what="the duplicate shown")
                ids = sorted(f"esp32-{b.unique_id}" for b in boards)
                said = [x for x in h.lines if "poste-7" in x]
                outputs = [b.output for b in boards]
    assert all("Traceback" not in o for o in outputs), outputs
    assert len(said) == 1 and said[0].endswith(f"board at home) [{ids[0]}, {ids[1]}]")
    counts = [v for label, q, v, _t in rows(h.hub.store.path) if q == "compte"]
    assert {label for label, *_ in rows(h.hub.store.path)} == {"poste-7"}
    # every reading of both boards that came while the hub listened, each once: each board's
    # counts go up by one; together, each number twice
    assert sorted(counts)[-1] >= 22 and all(counts.count(n) <= 2 for n in counts)
