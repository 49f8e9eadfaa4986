"""Simulator tests of the button counter: A adds 1, B takes 1 away (not below 0), A+B resets."""

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


def press(board, button, times=1):
    for _ in range(times):
        board.press(button)
        board.run(0.3)


def shows(board, n):
    return board.display.shows_text(n)


@says(
    fr="Le compteur démarre à 0",
    en="The counter starts at 0",
    fail_fr="Le compteur ne montre pas 0 au démarrage",
    fail_en="The counter does not show 0 at the start",
    step=1,
)
def test_starts_at_zero(board):
    assert shows(board, 0), board.display.text


@says(
    fr="Chaque appui sur A ajoute 1 au compteur",
    en="Each press on A adds 1 to the counter",
    fail_fr="Appuyer sur A n'ajoute pas 1 au compteur à chaque fois",
    fail_en="Pressing A does not add 1 to the counter each time",
    step=1,
)
def test_a_adds_one(board):
    for n in (1, 2, 3):
        press(board, "A")
        assert shows(board, n), (n, board.display.text)


@says(
    fr="Le compteur passe 9 sans problème : 10, 11, 12",
    en="The counter goes past 9 fine: 10, 11, 12",
    fail_fr="Après 9, le compteur ne montre pas 10, 11, 12",
    fail_en="After 9, the counter does not show 10, 11, 12",
    step=1,
)
def test_counts_past_nine(board):
    press(board, "A", 9)
    for n in (10, 11, 12):
        board.press("A")
        board.run(1)  # two digits take a moment on the micro:bit (one after the other)
        assert shows(board, n), (n, board.display.text)


@says(
    fr="Chaque appui sur B enlève 1 au compteur",
    en="Each press on B takes 1 away from the counter",
    fail_fr="Appuyer sur B n'enlève pas 1 au compteur",
    fail_en="Pressing B does not take 1 away from the counter",
    step=2,
)
def test_b_takes_one_away(board):
    press(board, "A", 3)
    press(board, "B")
    assert shows(board, 2), board.display.text
    press(board, "B")
    assert shows(board, 1), board.display.text


@says(
    fr="Le compteur ne descend jamais en dessous de 0",
    en="The counter never goes below 0",
    fail_fr="Le compteur descend en dessous de 0 quand on appuie sur B",
    fail_en="The counter goes below 0 when B is pressed",
    step=3,
)
def test_never_below_zero(board):
    press(board, "A")
    press(board, "B", 3)
    assert shows(board, 0), board.display.text
    press(board, "A")  # and no hidden negative count behind the 0
    assert shows(board, 1), board.display.text


@says(
    fr="A et B ensemble remettent le compteur à 0",
    en="A and B together reset the counter to 0",
    fail_fr="Appuyer sur A et B ensemble ne remet pas le compteur à 0",
    fail_en="Pressing A and B together does not reset the counter to 0",
    step=4,
)
def test_a_and_b_together_reset(board):
    press(board, "A", 4)
    assert shows(board, 4), board.display.text
    board.hold("A")
    board.run(0.02)  # a person never presses both at the very same instant
    board.hold("B")
    board.run(0.4)
    board.release("A")
    board.release("B")
    board.run(0.4)
    assert shows(board, 0), board.display.text
    press(board, "A")  # counting starts again from 0, the reset's presses forgotten
    assert shows(board, 1), board.display.text
