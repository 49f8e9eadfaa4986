"""Simulator tests of the board's own web page: the board joins the Wi-Fi and says its address,
a browser on the computer gets the page from the board (the board is the server: nothing else
to start), the page shows the temperature the board measures, its links switch the LED and
the page says so, an unknown page gets a 404 and the board keeps serving."""

import re
import socket
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from atelier.lessons import load_lesson
from atelier.pupil_check import boards, program, says
from atelier.sim import simulate

# the lesson's main.py, or the pupil's under `atelier check` (on the board it chose)
LESSON = program(Path(__file__).parent)
BOARDS = boards(load_lesson(Path(__file__).parent).info.boards)  # every board it supports


@pytest.fixture(params=BOARDS)
def board(request):
    with simulate(LESSON, board=request.param) as b:
        b.world.temperature = 21.0
        b.run(3)  # the Wi-Fi of the class's settings joins in 1.5 s
        yield b


def get(board, path="/"):
    """What a browser on the computer gets at `path` of the board's page: (status, text)."""
    try:
        host, port = board.host_address(80)
    except ValueError:
        raise AssertionError("aucun serveur web sur le port 80 de la carte") from None

    def fetch():
        try:
            with urllib.request.urlopen(f"http://{host}:{port}{path}", timeout=10) as r:
                return r.status, r.read().decode("utf-8")
        except urllib.error.HTTPError as e:  # 404, ...: an answer too
            return e.code, e.read().decode("utf-8", "replace")

    return board.run_while(fetch, seconds=15)


def temperature_shown(text):
    found = re.search(r"(-?\d+(?:[.,]\d+)?)\s*°C", text)
    assert found, f"pas de température en °C sur la page : {text!r}"
    return float(found.group(1).replace(",", "."))


def led_shown(text):
    """What the page says of the LED: "allumée" or "éteinte" (the word it shows)."""
    words = re.findall(r"allumée|éteinte", text.lower())
    assert len(words) == 1, f"la page doit dire allumée ou éteinte : {text!r}"
    return words[0]


@says(
    fr="La carte rejoint le Wi-Fi et écrit son adresse",
    en="The board joins the Wi-Fi and prints its address",
    fail_fr="La carte ne rejoint pas le Wi-Fi, ou n'écrit pas son adresse",
    fail_en="The board does not join the Wi-Fi, or does not print its address",
    step=1,
)
def test_joins_the_wifi_and_prints_its_address(board):
    assert board.hardware.wifi.connected
    assert board.hardware.wifi.ip in board.output


@says(
    fr="Un navigateur sur l'ordinateur reçoit la page de la carte",
    en="A browser on the computer gets the board's page",
    fail_fr="Le navigateur ne reçoit pas de page de la carte",
    fail_en="The browser gets no page from the board",
    step=2,
)
def test_a_browser_gets_the_page(board):
    status, text = get(board)
    assert status == 200
    assert "<html" in text.lower() and "</html>" in text.lower()
    # and again: the board answers every browser, not only the first
    assert get(board)[0] == 200


@says(
    fr="La page montre la température mesurée par la carte",
    en="The page shows the temperature the board measures",
    fail_fr="La page ne montre pas la température mesurée par la carte",
    fail_en="The page does not show the temperature the board measures",
    step=3,
)
def test_the_page_shows_the_temperature(board):
    for celsius in (18.5, 27.3):
        board.world.temperature = celsius
        status, text = get(board)
        assert status == 200
        # (rounded as the pupil likes: to the degree or to the tenth)
        assert abs(temperature_shown(text) - celsius) <= 0.6, (celsius, text)


@says(
    fr="Le lien Allumer allume la LED et la page le dit, Éteindre l'éteint",
    en="The Allumer link switches the LED on and the page says so, Éteindre switches it off",
    fail_fr="Les liens Allumer et Éteindre ne changent pas la LED, ou la page ne le dit pas",
    fail_en="The Allumer and Éteindre links do not switch the LED, or the page does not say so",
    step=4,
)
def test_the_links_switch_the_led(board):
    status, text = get(board)
    assert not board.relay.on and led_shown(text) == "éteinte"
    assert 'href="/allumer"' in text and 'href="/eteindre"' in text
    status, text = get(board, "/allumer")
    assert status == 200
    assert board.relay.on, "la LED reste éteinte"
    assert led_shown(text) == "allumée"
    assert led_shown(get(board)[1]) == "allumée"  # and it stays on
    status, text = get(board, "/eteindre")
    assert not board.relay.on, "la LED reste allumée"
    assert led_shown(text) == "éteinte"


@says(
    fr="Une page qui n'existe pas répond « 404 » et la carte continue de servir",
    en="A page that does not exist answers '404' and the board keeps serving",
    fail_fr="Une page qui n'existe pas ne répond pas « 404 », ou la carte s'arrête",
    fail_en="A page that does not exist does not answer '404', or the board stops",
    step=5,
)
def test_an_unknown_page_is_404(board):
    status, text = get(board, "/cuisine")
    assert status == 404
    assert not board.relay.on
    assert get(board)[0] == 200  # still serving


@says(
    fr="Un navigateur muet ou une demande bizarre ne bloque pas la carte",
    en="A silent browser or a strange request does not stop the board",
    fail_fr="Un navigateur muet ou une demande bizarre bloque la carte",
    fail_en="A silent browser or a strange request stops the board",
    step=5,
)
def test_a_bad_request_does_not_stop_the_board(board):
    strange = socket.create_connection(board.host_address(80), timeout=5)
    strange.sendall(b"bonjour\r\n\r\n")  # not a page request
    assert get(board)[0] == 200
    strange.close()
    silent = socket.create_connection(board.host_address(80), timeout=5)  # and says nothing
    try:
        assert get(board)[0] == 200  # served once the board gave up on the silent one
    finally:
        silent.close()
    assert board.error is None
