"""Simulator tests of the automatic greenhouse: the moisture on the 4 digits, the pump's relay
on when the soil is dry and off when wet, two thresholds so that it does not chatter, a pause
between waterings, and the state on the display."""

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
        b.world.soil_moisture = 45  # between dry and wet
        b.run(0.6)
        yield b


def soil(board, percent, seconds=1.2):
    """Put the probe in soil `percent` wet, let the board read it."""
    board.world.soil_moisture = percent
    board.run(seconds)


@says(
    fr="L'afficheur montre l'humidité du sol en %",
    en="The display shows the soil moisture in %",
    fail_fr="L'afficheur ne montre pas l'humidité du sol en %",
    fail_en="The display does not show the soil moisture in %",
    step=1,
)
def test_digits_show_the_moisture(board):
    for percent, text in ((42, " 42"), (100, "100"), (7, "  7")):
        soil(board, percent)
        # the number on the right (from step 5 on, the first digit tells the state)
        assert board.digits.text[1:] == text, f"{percent} %: {board.digits.text!r}"


@says(
    fr="La pompe s'allume quand la terre est sèche et s'éteint quand elle est mouillée",
    en="The pump switches on when the soil is dry and off when it is wet",
    fail_fr="La pompe ne s'allume pas quand la terre est sèche, ou reste allumée dans l'eau",
    fail_en="The pump does not switch on when the soil is dry, or stays on in water",
    step=2,
)
def test_dry_soil_starts_the_pump_wet_soil_stops_it(board):
    soil(board, 15)
    assert board.relay.on
    soil(board, 80)
    assert not board.relay.on


@says(
    fr="Entre les deux seuils, la pompe continue ce qu'elle faisait",
    en="Between the two thresholds, the pump keeps doing what it was doing",
    fail_fr="Entre les deux seuils, la pompe change d'état (un seul seuil ?)",
    fail_en="Between the two thresholds, the pump switches (only one threshold?)",
    step=3,
)
def test_between_the_thresholds_the_pump_keeps_its_state(board):
    soil(board, 15)  # dry: watering
    soil(board, 45)  # wetter, not wet enough yet: keep watering
    assert board.relay.on
    soil(board, 80)  # wet: stop
    soil(board, 45)  # drying, not dry yet: stay off
    board.run(12)  # (and after any pause between waterings)
    assert not board.relay.on


@says(
    fr="Dans une vraie serre, la pompe arrose franchement au lieu de claquer sans arrêt",
    en="In a real greenhouse, the pump waters properly instead of clicking on and off",
    fail_fr="La pompe s'allume et s'éteint sans arrêt quand l'humidité hésite autour d'un seuil",
    fail_en="The pump clicks on and off when the moisture wavers around a threshold",
    step=3,
)
def test_the_pump_does_not_chatter(board):
    # the world: the pump wets the soil, the soil dries slowly, the probe's reading wavers
    # by 2 % either way; start just above the dry side
    moisture, on_since, waterings = 45.0, None, []
    for i in range(120):  # 30 s, 0.25 s at a time
        moisture += 1.5 if board.relay.on else -0.5
        moisture = max(0.0, min(100.0, moisture))
        board.world.soil_moisture = moisture + (2 if i % 2 else -2)
        board.run(0.25)
        if board.relay.on and on_since is None:
            on_since = board.time
        elif not board.relay.on and on_since is not None:
            waterings.append(board.time - on_since)
            on_since = None
    assert waterings, "la pompe n'a jamais arrosé"
    assert board.relay.switches <= 6, f"{board.relay.switches} clics en 30 s"
    assert min(waterings) >= 2, f"arrosages de {min(waterings):.2f} s"


@says(
    fr="Après un arrosage, la pompe attend avant de pouvoir arroser à nouveau",
    en="After watering, the pump waits before it may water again",
    fail_fr="La pompe arrose à nouveau tout de suite après un arrosage",
    fail_en="The pump waters again straight after a watering",
    step=4,
)
def test_a_pause_between_waterings(board):
    soil(board, 15)
    assert board.relay.on
    soil(board, 80)
    assert not board.relay.on
    soil(board, 15, seconds=5)  # dry again at once (the water has not spread yet)
    assert not board.relay.on
    board.run(10)  # the pause is over: water again
    assert board.relay.on


@says(
    fr="L'afficheur montre A quand la pompe arrose, P pendant la pause",
    en="The display shows A while the pump waters, P during the pause",
    fail_fr="L'afficheur ne montre pas A quand la pompe arrose, ou P pendant la pause",
    fail_en="The display does not show A while the pump waters, or P during the pause",
    step=5,
)
def test_the_display_shows_the_state(board):
    assert board.digits.text == "  45"
    soil(board, 15)
    assert board.digits.text == "A 15"
    soil(board, 80)
    assert board.digits.text == "P 80"
    soil(board, 50, seconds=12)
    assert board.digits.text == "  50"
