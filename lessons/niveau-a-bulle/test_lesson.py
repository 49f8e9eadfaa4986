"""Simulator tests of the bubble level: the bubble goes to the higher side, the level sign and
one beep when the board is level, button A takes the current slope as zero."""

import math
from pathlib import Path

import pytest

from atelier.lessons import load_lesson
from atelier.pupil_check import boards, program, says
from atelier.sim import simulate

# the lesson's main.py, or the pupil's under `atelier check` (on the board it chose)
LESSON = program(Path(__file__).parent)
BOARDS = boards(load_lesson(Path(__file__).parent).info.boards)  # every board it supports
MARKS = {(1, 1), (2, 1), (3, 1), (1, 2), (3, 2), (1, 3), (2, 3), (3, 3)}  # SQUARE_SMALL


@pytest.fixture(params=BOARDS)
def board(request):
    with simulate(LESSON, board=request.param) as b:
        b.run(1)  # the Bluefruit's Adafruit drivers take about 0.6 s to start the sensors
        yield b


def tilt(b, roll=0, pitch=0):
    """Hold the board tilted (roll: right edge down, pitch: top edge up, in degrees)."""
    b.world.roll, b.world.pitch = roll, pitch
    b.run(0.5)


def lit_now(b):
    if hasattr(b.display, "arrow_pixels"):  # the Bluefruit's ring: its lit pixels
        return frozenset(b.display.lit())
    return frozenset((x, y) for y, row in enumerate(b.display.image) for x, v in enumerate(row)
                     if v)  # fmt: skip


def lit(b):
    """What an eye sees lit over 0.2 s, as {(column, row)} on the 5x5 picture (or the ring's
    pixels): the program clears the screen before drawing the bubble, which on an OLED takes
    a few milliseconds of dark screen, too short to see."""
    seen = []
    for _ in range(10):
        b.run(0.02)
        seen.append(lit_now(b))
    return set(max(seen, key=seen.count))


def bubble_at(b, column, row):
    """What the display shows for the bubble alone at (column, row)."""
    if hasattr(b.display, "arrow_pixels"):  # the ring: its pixels on that side of the middle
        return set(b.display.arrow_pixels(math.degrees(math.atan2(column - 2, 2 - row)) % 360))
    return {(column, row)}


def level_sign(b):
    if hasattr(b.display, "arrow_pixels"):  # the ring: all of it
        return set(range(len(b.display.angles)))
    return MARKS | {(2, 2)}


@says(
    fr="Penchée à droite, la bulle va à gauche (le côté le plus haut), et inversement",
    en="Tilted to the right, the bubble goes left (the higher side), and the other way",
    fail_fr="La bulle ne va pas vers le côté le plus haut quand on penche la carte",
    fail_en="The bubble does not go to the higher side when you tilt the board",
    step=1,
)
@pytest.mark.parametrize("roll,column", [(8, 1), (20, 0), (-8, 3), (-40, 4)])
def test_the_bubble_goes_to_the_higher_side(board, roll, column):
    tilt(board, roll=roll)
    assert lit(board) == bubble_at(board, column, 2), board.display.text


@says(
    fr="Le haut de la carte levé, la bulle monte ; baissé, elle descend",
    en="With the top of the board raised the bubble goes up; lowered, it goes down",
    fail_fr="La bulle ne monte pas ou ne descend pas quand on lève ou baisse le haut de la carte",
    fail_en="The bubble does not go up or down when you raise or lower the top of the board",
    step=2,
)
@pytest.mark.parametrize("roll,pitch,where", [(0, 8, (2, 1)), (0, -25, (2, 4)), (-8, 8, (3, 1)),
                                              (20, -10, (0, 3))])  # fmt: skip
def test_the_bubble_moves_up_and_down(board, roll, pitch, where):
    tilt(board, roll=roll, pitch=pitch)
    assert lit(board) == bubble_at(board, *where), board.display.text


@says(
    fr="À plat, la bulle est entre les repères et la carte bipe une fois",
    en="Flat, the bubble is between the marks and the board beeps once",
    fail_fr="À plat, la carte ne montre pas les repères ou ne bipe pas une seule fois",
    fail_en="Flat, the board does not show the marks or does not beep just once",
    step=3,
)
def test_level_shows_the_marks_and_beeps_once(board):
    tilt(board, roll=20)
    before = len(board.buzzer.tones)  # (it may have beeped on the table, at the start)
    board.run(1)
    assert len(board.buzzer.tones) == before  # tilted: silent
    tilt(board, roll=2)  # nearly flat: level
    board.run(2)  # and it stays level: one beep, not twenty
    assert lit(board) == level_sign(board), board.display.text
    assert [t.frequency for t in board.buzzer.tones[before:]] == [880]
    tilt(board, pitch=12)  # tilted again...
    assert lit(board) == bubble_at(board, 2, 0)
    tilt(board)  # ...and level again: a second beep
    assert len(board.buzzer.tones) == before + 2


@says(
    fr="Le bouton A prend la pente du moment comme zéro",
    en="Button A takes the slope of the moment as zero",
    fail_fr="Après le bouton A, la bulle ne revient pas au milieu sur la même pente",
    fail_en="After button A, the bubble does not come back to the middle on the same slope",
    step=4,
)
def test_button_a_takes_the_slope_as_zero(board):
    tilt(board, roll=8)  # a desk that slopes a little
    assert lit(board) == bubble_at(board, 1, 2)
    board.press("A")
    board.run(0.5)
    assert lit(board) == level_sign(board), board.display.text  # this slope is now level
    tilt(board)  # flat is now tilted the other way
    assert lit(board) == bubble_at(board, 3, 2), board.display.text
