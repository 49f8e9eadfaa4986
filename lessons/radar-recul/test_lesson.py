"""Simulator tests of the parking sensor: the distance on the 4 digits, beeps that speed up as
the obstacle comes closer, a continuous sound under 10 cm, silence far away."""

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
        b.run(0.3)
        yield b


def place_obstacle(board, cm, settle=1.2):
    """Put the obstacle `cm` away (None: nothing), let the board notice; the time it did."""
    board.world.distance_cm = cm
    board.run(settle)
    return board.time


def beeps_since(board, since):
    return [t for t in board.buzzer.tones if t.start >= since]


def mean_interval(board, cm, seconds=3.0):
    """Seconds from one beep's start to the next, the obstacle `cm` away."""
    t0 = place_obstacle(board, cm)
    board.run(seconds)
    starts = [t.start for t in beeps_since(board, t0)]
    assert len(starts) >= 2, f"moins de deux bips en {seconds} s à {cm} cm"
    return (starts[-1] - starts[0]) / (len(starts) - 1)


@says(
    fr="L'afficheur montre la distance de l'obstacle en cm",
    en="The display shows how far the obstacle is, in cm",
    fail_fr="L'afficheur ne montre pas la distance de l'obstacle en cm",
    fail_en="The display does not show how far the obstacle is, in cm",
    step=1,
)
def test_digits_show_the_distance_in_cm(board):
    for cm, text in ((42, "  42"), (7, "   7"), (150, " 150"), (64.4, "  64")):
        place_obstacle(board, cm, settle=0.8)
        assert board.digits.text == text, f"{cm} cm: {board.digits.text!r}"


@says(
    fr="Sans obstacle, l'afficheur montre ----",
    en="With no obstacle, the display shows ----",
    fail_fr="Sans obstacle, l'afficheur ne montre pas ----",
    fail_en="With no obstacle, the display does not show ----",
    step=1,
)
def test_nothing_in_front_shows_dashes(board):
    place_obstacle(board, 30)
    place_obstacle(board, None)  # nothing echoes: nothing in range
    assert board.digits.text == "----"


@says(
    fr="La carte bipe quand un obstacle est à 50 cm",
    en="The board beeps when an obstacle is 50 cm away",
    fail_fr="La carte ne bipe pas quand un obstacle est à 50 cm",
    fail_en="The board does not beep when an obstacle is 50 cm away",
    step=2,
)
def test_beeps_near_an_obstacle(board):
    t0 = place_obstacle(board, 50)
    board.run(2)
    beeps = beeps_since(board, t0)
    assert len(beeps) >= 2
    assert all(t.duration is None or t.duration < 0.3 for t in beeps[:-1])  # short beeps


@says(
    fr="La carte se tait quand l'obstacle est loin ou absent",
    en="The board is silent when the obstacle is far away or gone",
    fail_fr="La carte bipe alors que l'obstacle est loin ou absent",
    fail_en="The board beeps although the obstacle is far away or gone",
    step=2,
)
def test_silent_far_away(board):
    place_obstacle(board, 40)
    t0 = place_obstacle(board, 150)
    board.run(2)
    assert beeps_since(board, t0) == []
    t0 = place_obstacle(board, None)
    board.run(2)
    assert beeps_since(board, t0) == []
    assert board.buzzer.playing is None


@says(
    fr="Plus l'obstacle est près, plus les bips sont rapprochés",
    en="The closer the obstacle, the faster the beeps",
    fail_fr="Les bips ne se rapprochent pas quand l'obstacle s'approche",
    fail_en="The beeps do not speed up as the obstacle comes closer",
    step=3,
)
def test_beeps_speed_up_as_the_obstacle_comes_closer(board):
    at_80 = mean_interval(board, 80)
    at_50 = mean_interval(board, 50)
    at_20 = mean_interval(board, 20)
    assert at_80 > at_50 > at_20
    assert at_20 < 0.6 * at_80  # a driver hears the difference


@says(
    fr="À moins de 10 cm, le son est continu",
    en="Closer than 10 cm, the sound is continuous",
    fail_fr="À moins de 10 cm, le son n'est pas continu",
    fail_en="Closer than 10 cm, the sound is not continuous",
    step=4,
)
def test_continuous_sound_under_10_cm(board):
    place_obstacle(board, 5)
    silent = []
    for _ in range(50):  # listen every 20 ms for a second
        board.run(0.02)
        if board.buzzer.playing is None:
            silent.append(round(board.time, 2))
    assert silent == [], f"silence à {silent[:3]} s"
    assert board.digits.text == "   5"
    place_obstacle(board, 150)  # the obstacle goes away: the sound stops
    board.run(0.5)
    assert board.buzzer.playing is None
