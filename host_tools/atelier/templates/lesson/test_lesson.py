"""Simulator tests of $title_en: what a pupil sees on the board, one sentence each."""

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
        b.run(0.5)
        yield b


@says(
    fr="La carte montre un cœur au démarrage",
    en="The board shows a heart when it starts",
    fail_fr="La carte ne montre pas de cœur au démarrage",
    fail_en="The board shows no heart when it starts",
    step=1,
)
def test_shows_a_heart(board):
    assert board.display.shows("HEART")


@says(
    fr="Le bouton A fait sourire la carte",
    en="Button A makes the board smile",
    fail_fr="La carte ne sourit pas quand on appuie sur A",
    fail_en="The board does not smile when A is pressed",
    step=2,
)
def test_a_makes_it_smile(board):
    board.press("A")
    board.run(0.5)
    assert board.display.shows("HAPPY")
