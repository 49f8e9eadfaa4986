"""Simulator tests of the people counter: the ranger across a doorway, each person passing
counts once on the 4 digits, button A sets it back to zero, a beep for each person."""

from pathlib import Path

import pytest

from atelier.lessons import load_lesson
from atelier.pupil_check import boards, program, says
from atelier.sim import simulate

# the lesson's main.py, or the pupil's under `atelier check` (on the board it chose)
LESSON = program(Path(__file__).parent)
BOARDS = boards(load_lesson(Path(__file__).parent).info.boards)  # every board it supports

DOORWAY_CM = 80  # the ranger on one side of the door sees the other side
PERSON_CM = 35  # someone going through the door


@pytest.fixture(params=BOARDS)
def board(request):
    with simulate(LESSON, board=request.param) as b:
        b.world.distance_cm = DOORWAY_CM
        b.run(0.5)
        yield b


def walk_through(board, seconds=0.8):
    """One person goes through the doorway, in front of the ranger for `seconds`."""
    board.world.distance_cm = PERSON_CM
    board.run(seconds)
    board.world.distance_cm = DOORWAY_CM
    board.run(0.6)


@says(
    fr="Le compteur commence à 0",
    en="The counter starts at 0",
    fail_fr="Le compteur ne commence pas à 0",
    fail_en="The counter does not start at 0",
    step=1,
)
def test_starts_at_zero(board):
    assert board.digits.text == "   0"


@says(
    fr="Quand personne ne passe, le compteur ne bouge pas",
    en="When nobody goes through, the counter does not move",
    fail_fr="Le compteur bouge alors que personne ne passe",
    fail_en="The counter moves although nobody goes through",
    step=1,
)
def test_nobody_no_count(board):
    board.run(3)
    board.world.distance_cm = None  # the door wide open onto a hall: no echo
    board.run(2)
    assert board.digits.text == "   0"


@says(
    fr="Une personne qui passe compte une seule fois",
    en="A person going through counts only once",
    fail_fr="Une personne qui passe ne compte pas exactement une fois",
    fail_en="A person going through does not count exactly once",
    step=2,
)
def test_one_person_counts_once(board):
    walk_through(board)
    assert board.digits.text == "   1"


@says(
    fr="Quelqu'un qui s'arrête dans la porte compte une seule fois",
    en="Someone who stops in the doorway counts only once",
    fail_fr="Quelqu'un qui s'arrête dans la porte compte plusieurs fois",
    fail_en="Someone who stops in the doorway counts several times",
    step=2,
)
def test_someone_standing_in_the_doorway_counts_once(board):
    walk_through(board, seconds=5)
    assert board.digits.text == "   1"


@says(
    fr="Trois personnes l'une après l'autre font 3",
    en="Three people one after the other make 3",
    fail_fr="Trois personnes l'une après l'autre ne font pas 3",
    fail_en="Three people one after the other do not make 3",
    step=2,
)
def test_three_people_make_three(board):
    for _ in range(3):
        walk_through(board)
    assert board.digits.text == "   3"


@says(
    fr="Le bouton A remet le compteur à 0, et il recompte ensuite",
    en="Button A sets the counter back to 0, and it counts again after",
    fail_fr="Le bouton A ne remet pas le compteur à 0",
    fail_en="Button A does not set the counter back to 0",
    step=3,
)
def test_button_a_resets(board):
    walk_through(board)
    walk_through(board)
    assert board.digits.text == "   2"
    board.press("A")
    board.run(0.5)
    assert board.digits.text == "   0"
    walk_through(board)
    assert board.digits.text == "   1"


@says(
    fr="La carte fait un bip pour chaque personne comptée",
    en="The board beeps once for each person counted",
    fail_fr="La carte ne fait pas un bip pour chaque personne comptée",
    fail_en="The board does not beep once for each person counted",
    step=4,
)
def test_a_beep_for_each_person(board):
    walk_through(board)
    walk_through(board, seconds=3)
    assert len(board.buzzer.tones) == 2
