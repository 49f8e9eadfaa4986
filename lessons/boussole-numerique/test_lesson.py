"""Simulator tests of the digital compass lesson: the arrow points north, one beep at north."""

from pathlib import Path

import pytest

from atelier.lessons import load_lesson
from atelier.pupil_check import boards, program, says
from atelier.sim import simulate

# the lesson's main.py, or the pupil's under `atelier check` (on the board it chose)
LESSON = program(Path(__file__).parent)
BOARDS = boards(load_lesson(Path(__file__).parent).info.boards)  # every board it supports
# micro:bit's runtime gives whole-degree headings exactly; the other boards read a modelled
# magnetometer and are exact to about 1°, so tests right on a boundary run on micro:bit only.
EXACT = boards(["microbit-v2"])

# Where north is for the pupil, seen from the board: heading 90 (facing east) -> north is left.
ARROWS = {0: "ARROW_N", 45: "ARROW_NW", 90: "ARROW_W", 135: "ARROW_SW", 180: "ARROW_S",
          225: "ARROW_SE", 270: "ARROW_E", 315: "ARROW_NE", 359: "ARROW_N", 1: "ARROW_N",
          350: "ARROW_N"}  # fmt: skip
# on the 22.5° boundaries between two arrows
EDGES = {22: "ARROW_N", 23: "ARROW_NW", 338: "ARROW_N", 337: "ARROW_NE"}


@pytest.fixture(scope="module", params=BOARDS)
def board(request):
    with simulate(LESSON, board=request.param) as b:
        b.world.heading = 180
        b.run(0.5)
        yield b


@says(
    fr="La flèche montre le nord quand on tourne la carte",
    en="The arrow points north as you turn the board",
    fail_fr="La flèche ne montre pas le nord quand on tourne la carte",
    fail_en="The arrow does not point north as you turn the board",
    step=2,
)
@pytest.mark.parametrize("heading", sorted(ARROWS))
def test_arrow_points_north(board, heading):
    board.world.heading = heading
    board.run(0.25)
    assert board.display.shows(ARROWS[heading]), board.display.text


@says(
    fr="La flèche change au bon moment entre deux directions",
    en="The arrow changes at the right moment between two directions",
    fail_fr="La flèche ne change pas au bon moment entre deux directions",
    fail_en="The arrow does not change at the right moment between two directions",
    step=2,
)
@pytest.mark.parametrize("board_id", EXACT)
@pytest.mark.parametrize("heading", sorted(EDGES))
def test_arrow_on_the_boundaries(heading, board_id):
    with simulate(LESSON, board=board_id) as b:
        b.world.heading = heading
        b.run(0.25)
        assert b.display.shows(EDGES[heading]), b.display.text


@says(
    fr="La carte bipe quand elle regarde vers le nord, et reste muette ailleurs",
    en="The board beeps when it faces north, and stays silent elsewhere",
    fail_fr="La carte ne bipe pas quand elle regarde vers le nord, ou bipe ailleurs",
    fail_en="The board does not beep when it faces north, or beeps elsewhere",
    step=3,
)
@pytest.mark.parametrize("board_id", BOARDS)
def test_beeps_at_north_and_only_there(board_id):
    with simulate(LESSON, board=board_id) as b:
        for heading in (90, 180, 270, 30, 330):
            b.world.heading = heading
            b.run(0.5)
        assert b.buzzer.tones == []  # never near north: silent
        b.world.heading = 355
        b.run(1)
        assert b.buzzer.tones and {t.frequency for t in b.buzzer.tones} == {880}


@says(
    fr="La carte bipe une fois quand elle arrive au nord",
    en="The board beeps once when it arrives at north",
    fail_fr="La carte ne bipe pas une fois quand elle arrive au nord",
    fail_en="The board does not beep once when it arrives at north",
    step=4,
)
@pytest.mark.parametrize("board_id", BOARDS)
def test_beeps_once_when_arriving_at_north(board_id):
    with simulate(LESSON, board=board_id) as b:
        b.world.heading = 90
        b.run(2)
        assert b.buzzer.tones == []  # facing east: silent
        b.world.heading = 5
        b.run(2)  # stays at north for 2 s: one beep, not twenty
        tones = b.buzzer.tones
        assert len(tones) == 1
        assert tones[0].frequency == 880
        assert tones[0].duration == pytest.approx(0.15, abs=0.002)
        assert 2.0 <= tones[0].start <= 2.25  # within one loop turn of arriving


@says(
    fr="Passer de 359° à 0° reste le nord : pas de deuxième bip",
    en="Going from 359° to 0° is still north: no second beep",
    fail_fr="Au nord, entre 359° et 0°, la carte ne bipe pas une seule fois",
    fail_en="At north, between 359° and 0°, the board does not beep just once",
    step=4,
)
@pytest.mark.parametrize("board_id", BOARDS)
def test_359_and_0_are_both_north_and_no_second_beep(board_id):
    with simulate(LESSON, board=board_id) as b:
        b.world.heading = 200
        b.run(1)
        b.world.heading = 359
        b.run(1)
        assert len(b.buzzer.tones) == 1
        b.world.heading = 0  # crossing 359 -> 0 is still north: no new beep
        b.run(1)
        b.world.heading = 8
        b.run(1)
        assert len(b.buzzer.tones) == 1


@says(
    fr="Le nord compte jusqu'à 10° de chaque côté, pas plus",
    en="North counts up to 10° on each side, no more",
    fail_fr="La carte ne bipe pas entre 350° et 10° exactement",
    fail_en="The board does not beep between exactly 350° and 10°",
    step=4,
)
@pytest.mark.parametrize("board_id", EXACT)
def test_tolerance_edges(board_id):
    with simulate(LESSON, board=board_id) as b:
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


@says(
    fr="En faisant des tours complets, la carte bipe une fois par tour",
    en="Turning round and round, the board beeps once per turn",
    fail_fr="En faisant des tours complets, la carte ne bipe pas une fois par tour",
    fail_en="Turning round and round, the board does not beep once per turn",
    step=4,
)
@pytest.mark.parametrize("board_id", BOARDS)
def test_turning_all_the_way_round_beeps_once_per_turn(board_id):
    with simulate(LESSON, board=board_id) as b:
        b.world.heading = 30
        b.run(0.5)
        for _turn in range(2):
            for h in range(30, 390, 15):  # one full turn, 15° every 0.2 s
                b.world.heading = h % 360
                b.run(0.2)
        assert len(b.buzzer.tones) == 2


@says(
    fr="La flèche reste juste quand la carte est penchée dans la main",
    en="The arrow stays right when the board is tilted in the hand",
    fail_fr="La flèche se trompe quand la carte est penchée dans la main",
    fail_en="The arrow is wrong when the board is tilted in the hand",
    step=2,
)
@pytest.mark.parametrize("board_id", BOARDS)
def test_works_tilted_in_the_hand(board_id):
    # a pupil never holds the board flat: 20° of tilt must not move the arrow
    with simulate(LESSON, board=board_id) as b:
        b.world.pitch, b.world.roll = 20, -15
        b.world.heading = 90
        b.run(1)  # the Bluefruit's Adafruit drivers take about 0.6 s to start the sensors
        assert b.display.shows("ARROW_W"), b.display.text
