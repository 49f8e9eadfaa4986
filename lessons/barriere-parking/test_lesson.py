"""Simulator tests of the parking barrier: the ticket opens it, it closes slowly by itself,
and never onto a car the ranger sees under it (the servo's angle over virtual time)."""

from pathlib import Path

import pytest

from atelier.lessons import load_lesson
from atelier.pupil_check import boards, program, says
from atelier.sim import simulate

# the lesson's main.py, or the pupil's under `atelier check` (on the board it chose)
LESSON = program(Path(__file__).parent)
BOARDS = boards(load_lesson(Path(__file__).parent).info.boards)  # every board it supports

LANE_CM = 60  # nothing under the barrier: the ranger sees the far side of the model's lane
CAR_CM = 12  # a toy car under the barrier


# The servo's pulse comes in steps (1023 per 20 ms on a micro:bit: 1.8°), so up and down are
# "within 3°".
def up(angle):
    return angle is not None and angle >= 87


def down(angle):
    return angle is not None and angle <= 3


def angles(board, seconds, tick=0.1):
    """The servo's angle every `tick` for `seconds`."""
    out = []
    for _ in range(round(seconds / tick)):
        board.run(tick)
        out.append(board.servo.angle)
    return out


def open_with_ticket(board):
    board.press("A")
    board.run(0.4)
    assert up(board.servo.angle), f"the ticket did not open the barrier: {board.servo.angle}°"


@pytest.fixture(params=BOARDS)
def board(request):
    with simulate(LESSON, board=request.param) as b:
        b.world.distance_cm = LANE_CM
        b.run(0.5)
        yield b


@says(
    fr="La barrière est baissée au départ, le ticket (bouton A) la lève, et elle se rebaisse "
    "toute seule",
    en="The barrier starts down, the ticket (button A) raises it, and it comes down by itself",
    fail_fr="La barrière ne se lève pas avec le ticket (A), ou ne se rebaisse pas toute seule",
    fail_en="The barrier does not rise with the ticket (A), or does not come down by itself",
    step=1,
)
def test_ticket_opens_then_it_closes(board):
    assert down(board.servo.angle)
    open_with_ticket(board)
    board.run(2.3)
    assert up(board.servo.angle)  # still up: time to drive through
    board.run(6)
    assert down(board.servo.angle)


@says(
    fr="La barrière descend doucement, pas d'un coup",
    en="The barrier comes down slowly, not all at once",
    fail_fr="La barrière retombe d'un coup",
    fail_en="The barrier drops all at once",
    step=2,
)
def test_closes_slowly(board):
    open_with_ticket(board)
    seen = angles(board, 7)
    between = [a for a in seen if not up(a) and not down(a)]
    assert len(between) >= 10, seen  # at least a second on the way down
    assert between == sorted(between, reverse=True), seen  # always downwards
    assert down(seen[-1]), seen


@says(
    fr="La barrière reste levée tant qu'une voiture est dessous, puis se baisse",
    en="The barrier stays up while a car is under it, then comes down",
    fail_fr="La barrière se baisse alors qu'une voiture est encore dessous",
    fail_en="The barrier comes down while a car is still under it",
    step=3,
)
def test_stays_up_while_a_car_is_under(board):
    open_with_ticket(board)
    board.run(1)
    board.world.distance_cm = CAR_CM  # the car drives under and stops there
    seen = angles(board, 6, tick=0.25)
    assert all(up(a) for a in seen), seen
    board.world.distance_cm = LANE_CM  # it has gone
    board.run(6)
    assert down(board.servo.angle)


@says(
    fr="Si une voiture arrive sous la barrière pendant qu'elle descend, elle remonte aussitôt",
    en="If a car comes under the barrier while it comes down, it goes back up at once",
    fail_fr="La barrière continue de descendre sur une voiture",
    fail_en="The barrier keeps coming down onto a car",
    step=4,
)
def test_goes_back_up_for_a_car(board):
    open_with_ticket(board)
    for _ in range(50):  # until it starts down
        board.run(0.1)
        if not up(board.servo.angle):
            break
    board.run(0.3)
    angle = board.servo.angle
    assert not up(angle) and not down(angle), f"not on its way down: {angle}°"
    board.world.distance_cm = CAR_CM
    board.run(0.3)
    assert up(board.servo.angle), f"{board.servo.angle}°: still coming down onto the car"
    seen = angles(board, 4, tick=0.5)
    assert all(up(a) for a in seen), seen  # and it stays up while the car is there
    board.world.distance_cm = LANE_CM
    board.run(8)
    assert down(board.servo.angle)
