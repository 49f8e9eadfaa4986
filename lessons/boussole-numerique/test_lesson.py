"""Simulator tests of the digital compass lesson: the arrow points north, one beep at north."""

from pathlib import Path

import pytest

from atelier.sim import simulate

LESSON = Path(__file__).parent

# Where north is for the pupil, seen from the board: heading 90 (facing east) -> north is left.
ARROWS = {
    0: "ARROW_N",
    45: "ARROW_NW",
    90: "ARROW_W",
    135: "ARROW_SW",
    180: "ARROW_S",
    225: "ARROW_SE",
    270: "ARROW_E",
    315: "ARROW_NE",
    359: "ARROW_N",
    1: "ARROW_N",
    350: "ARROW_N",
    22: "ARROW_N",
    23: "ARROW_NW",
    338: "ARROW_N",
    337: "ARROW_NE",
}


@pytest.fixture(scope="module")
def board():
    with simulate(LESSON, board="microbit-v2") as b:
        b.world.heading = 180
        b.run(0.5)
        yield b


@pytest.mark.parametrize("heading", sorted(ARROWS))
def test_arrow_points_north(board, heading):
    board.world.heading = heading
    board.run(0.25)
    assert board.display.shows(ARROWS[heading]), board.display.text


def test_beeps_once_when_arriving_at_north():
    with simulate(LESSON) as b:
        b.world.heading = 90
        b.run(2)
        assert b.buzzer.tones == []  # facing east: silent
        b.world.heading = 5
        b.run(2)  # stays at north for 2 s: one beep, not twenty
        tones = b.buzzer.tones
        assert len(tones) == 1
        assert tones[0].frequency == 880
        assert tones[0].duration == pytest.approx(0.15)
        assert 2.0 <= tones[0].start <= 2.2  # within one loop turn of arriving


def test_359_and_0_are_both_north_and_no_second_beep():
    with simulate(LESSON) as b:
        b.world.heading = 200
        b.run(1)
        b.world.heading = 359
        b.run(1)
        assert len(b.buzzer.tones) == 1
        b.world.heading = 0  # crossing 359 -> 0 is still north: no new beep
        b.run(1)
        b.world.heading = 10
        b.run(1)
        assert len(b.buzzer.tones) == 1


def test_tolerance_edges():
    with simulate(LESSON) as b:
        b.world.heading = 349  # just outside
        b.run(1)
        assert b.buzzer.tones == []
        b.world.heading = 350  # just inside
        b.run(1)
        assert len(b.buzzer.tones) == 1
        b.world.heading = 11  # left north...
        b.run(1)
        b.world.heading = 10  # ...and back: a new beep
        b.run(1)
        assert len(b.buzzer.tones) == 2


def test_turning_all_the_way_round_beeps_once_per_turn():
    with simulate(LESSON) as b:
        b.world.heading = 30
        b.run(0.5)
        for _turn in range(2):
            for h in range(30, 390, 15):  # one full turn, 15° every 0.2 s
                b.world.heading = h % 360
                b.run(0.2)
        assert len(b.buzzer.tones) == 2
