"""Simulator tests of the night light: on in the dark, two thresholds, brighter when darker."""

from pathlib import Path

import pytest

from atelier.lessons import load_lesson
from atelier.pupil_check import boards, program, says
from atelier.sim import simulate

# the lesson's main.py, or the pupil's under `atelier check` (on the board it chose)
LESSON = program(Path(__file__).parent)
BOARDS = boards(load_lesson(Path(__file__).parent).info.boards)  # every board it supports


def room(board, percent, seconds=0.6):
    """Set the room's light (in % as light.level() reads it) and let the program see it."""
    board.world.light = round(percent * 255 / 100)  # the world's light is 0-255
    board.run(seconds)


def all_lit(board):
    return len(board.strip.lit()) == board.strip.count


def all_off(board):
    return board.strip.lit() == []


@pytest.fixture(params=BOARDS)
def board(request):
    with simulate(LESSON, board=request.param) as b:
        room(b, 100)  # a bright classroom
        yield b


@says(
    fr="Le ruban s'allume quand il fait nuit et s'éteint quand il fait jour",
    en="The strip lights up when it is dark and goes off when it is light",
    fail_fr="Le ruban ne s'allume pas dans le noir, ou ne s'éteint pas au jour",
    fail_en="The strip does not light up in the dark, or does not go off in the light",
    step=1,
)
def test_on_in_the_dark_off_in_the_light(board):
    assert all_off(board)
    room(board, 0)
    assert all_lit(board), board.strip.pixels
    room(board, 100)
    assert all_off(board), board.strip.pixels


@says(
    fr="Entre les deux seuils, la veilleuse ne change pas : elle ne clignote pas",
    en="Between the two thresholds the night light does not change: it does not flicker",
    fail_fr="La veilleuse change d'état entre les deux seuils : elle risque de clignoter",
    fail_en="The night light changes between the two thresholds: it may flicker",
    step=2,
)
def test_hysteresis_between_the_thresholds(board):
    room(board, 10)  # night: on
    assert all_lit(board)
    for percent in (30, 25, 35, 30):  # dusk, a cloud, a car's lights...: stays on
        room(board, percent, 0.4)
        assert all_lit(board), f"off at {percent} %"
    room(board, 60)  # day: off
    assert all_off(board)
    for percent in (30, 25, 35, 30):  # stays off
        room(board, percent, 0.4)
        assert all_off(board), f"on at {percent} %"


@says(
    fr="Plus il fait noir, plus la veilleuse éclaire fort",
    en="The darker it is, the brighter the night light",
    fail_fr="La veilleuse éclaire pareil qu'il fasse tout noir ou presque noir",
    fail_en="The night light is as bright in the dark as in the half-dark",
    step=3,
)
def test_brighter_when_darker(board):
    seen = []
    for percent in (0, 15, 35):
        room(board, percent)
        assert all_lit(board)
        seen.append(sum(board.strip.pixels[0]))
    assert seen[0] > seen[1] > seen[2] > 0, seen
