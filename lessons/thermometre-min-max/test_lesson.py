"""Simulator tests of the min/max thermometer: the temperature on the display, A the lowest
since the start, B the highest, A and B together start again."""

from pathlib import Path

import pytest

from atelier.lessons import load_lesson
from atelier.pupil_check import boards, program, says
from atelier.sim import simulate
from atelier.sim.shown import find, scrolled, watch

# the lesson's main.py, or the pupil's under `atelier check` (on the board it chose)
LESSON = program(Path(__file__).parent)
BOARDS = boards(load_lesson(Path(__file__).parent).info.boards)  # every board it supports
# a turn of the loop: a number crossing the display (up to 2 s), the pause, an arrow: a press
# is answered within this many virtual seconds
ANSWER_S = 7


@pytest.fixture(params=BOARDS)
def board(request):
    with simulate(LESSON, board=request.param) as b:
        b.world.temperature = 21
        b.run(1)
        yield b


def weather(board, *steps):
    """The room's temperature over time: (°C, seconds) one after the other."""
    for temperature, seconds in steps:
        board.world.temperature = temperature
        board.run(seconds)


def press(board, *buttons):
    for name in buttons:
        board.hold(name)
    board.run(0.1)
    for name in buttons:
        board.release(name)


@says(
    fr="La carte affiche la température de la pièce",
    en="The board shows the room's temperature",
    fail_fr="La carte n'affiche pas la température de la pièce",
    fail_en="The board does not show the room's temperature",
    step=1,
)
def test_shows_the_temperature(board):
    board.world.temperature = 23
    assert scrolled(board, watch(board, ANSWER_S), 23)
    board.world.temperature = 17
    assert scrolled(board, watch(board, ANSWER_S), 17)


@says(
    fr="Le bouton A montre la température la plus basse depuis le début",
    en="Button A shows the lowest temperature since the start",
    fail_fr="Le bouton A ne montre pas la température la plus basse depuis le début",
    fail_en="Button A does not show the lowest temperature since the start",
    step=2,
)
def test_a_shows_the_lowest(board):
    weather(board, (16, 6), (24, 6), (19, 6))  # a cold moment, then warm again
    press(board, "A")
    seen = watch(board, 2 * ANSWER_S)
    lowest = find(board, seen, 16)
    assert lowest >= 0
    assert find(board, seen, 19, start=lowest + 1) > lowest  # then the temperature again


@says(
    fr="Au congélateur, le minimum descend sous zéro",
    en="In the freezer, the minimum goes below zero",
    fail_fr="Au congélateur, le bouton A ne montre pas le minimum sous zéro",
    fail_en="In the freezer, button A does not show the minimum below zero",
    step=2,
)
def test_the_minimum_below_zero(board):
    weather(board, (-18, 8), (20, 6))
    press(board, "A")
    assert scrolled(board, watch(board, ANSWER_S), -18)


@says(
    fr="Le bouton B montre la température la plus haute depuis le début",
    en="Button B shows the highest temperature since the start",
    fail_fr="Le bouton B ne montre pas la température la plus haute depuis le début",
    fail_en="Button B does not show the highest temperature since the start",
    step=3,
)
def test_b_shows_the_highest(board):
    weather(board, (16, 6), (27, 6), (19, 6))
    press(board, "B")
    assert scrolled(board, watch(board, ANSWER_S), 27)
    press(board, "A")  # and the minimum is still there
    assert scrolled(board, watch(board, ANSWER_S), 16)


@says(
    fr="A et B ensemble remettent le minimum et le maximum à la température du moment",
    en="A and B together set the minimum and the maximum back to the temperature now",
    fail_fr="A et B ensemble n'effacent pas le minimum et le maximum",
    fail_en="A and B together do not clear the minimum and the maximum",
    step=4,
)
def test_a_and_b_start_again(board):
    weather(board, (15, 6), (28, 6), (20, 6))
    press(board, "A", "B")
    board.run(ANSWER_S)
    weather(board, (22, 6), (18, 6), (20, 6))  # a new day: 18 to 22
    press(board, "A")
    assert scrolled(board, watch(board, ANSWER_S), 18)
    press(board, "B")
    assert scrolled(board, watch(board, ANSWER_S), 22)
