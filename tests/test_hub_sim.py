"""The classroom hub with the class's boards *simulated*: ESP32s running a pupil's kit.net
program in the real MicroPython VM, their sockets real, publishing to the hub's embedded broker
(amqtt) on this computer. What the teacher notices: every board appears on the dashboard (in
headless chromium) under its own name, with every reading it sent, once."""

from __future__ import annotations

import textwrap

import pytest
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

    def write(port: int):
        settings = tmp_path / "config" / "net.toml"
        settings.parent.mkdir(exist_ok=True)
        settings.write_text(f'ssid = "ecole"\npassword = "secret"\nbroker = "127.0.0.1"\n'
                            f"port = {port}\n")  # fmt: skip
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
        until(lambda: len(cards(browser)) == BOARDS, what="30 cards on the page")
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
