"""Simulator tests of the motion alarm: armed with A, moving the board sets off the siren until
the code ABBA is typed; small vibrations and the owner putting the board down do not."""

from pathlib import Path

import pytest

from atelier.lessons import load_lesson
from atelier.pupil_check import boards, program, says
from atelier.sim import simulate

# the lesson's main.py, or the pupil's under `atelier check` (on the board it chose)
LESSON = program(Path(__file__).parent)
BOARDS = boards(load_lesson(Path(__file__).parent).info.boards)  # every board it supports
ARMING = 4  # seconds: press A, then wait for the countdown (3 s) to end


@pytest.fixture(params=BOARDS)
def board(request):
    with simulate(LESSON, board=request.param) as b:
        b.run(1)  # lying still on the table; the Bluefruit's sensors take about 0.6 s to start
        yield b


def arm(board):
    board.press("A")
    board.run(ARMING)


def type_code(board, code):
    for key in code:
        board.press(key)
        board.run(0.3)


def siren_tones(board, since):
    return [t for t in board.buzzer.tones if t.start >= since and t.frequency in (988, 659)]


def pick_up(board):
    """Someone lifts the bag: a jolt upwards, then the board tilts in their hand."""
    board.world.acceleration = (0, 0, -1450)
    board.run(0.3)
    board.world.acceleration = None
    board.world.pitch, board.world.roll = 35, -20
    board.run(0.5)


@says(
    fr="La sirène sonne quand on bouge la carte, et continue même reposée",
    en="The siren sounds when the board is moved, and goes on even once put back",
    fail_fr="La sirène ne sonne pas quand on bouge la carte, ou s'arrête toute seule",
    fail_en="The siren does not sound when the board is moved, or stops by itself",
    step=2,
)
def test_moving_the_board_sounds_the_siren(board):
    arm(board)
    assert siren_tones(board, 0) == []  # still: silent
    t_moved = board.time
    pick_up(board)
    board.run(1.5)
    siren = siren_tones(board, t_moved)
    assert len(siren) >= 6  # two alternating notes, 250 ms each
    assert {t.frequency for t in siren} == {988, 659}
    assert "moved" in board.output
    board.world.pitch, board.world.roll = 0, 0  # put back on the table, still
    board.run(1)
    t = board.time
    board.run(2)
    assert len(siren_tones(board, t)) >= 6


@says(
    fr="De petites vibrations ne déclenchent pas la sirène",
    en="Small vibrations do not set off the siren",
    fail_fr="La sirène se déclenche pour de petites vibrations (le seuil est trop bas)",
    fail_en="The siren goes off for small vibrations (the threshold is too low)",
    step=2,
)
def test_small_vibrations_do_not_set_it_off(board):
    arm(board)
    # a lorry goes by, someone bumps the table: up to 80 milli-g on each axis
    for dx, dy, dz in [(60, -40, 30), (-80, 50, -20), (40, 70, -60), (-30, -60, 50)] * 4:
        board.world.acceleration = (dx, dy, -1000 + dz)
        board.run(0.15)
    board.world.acceleration = None
    board.run(1)
    assert siren_tones(board, 0) == []


@says(
    fr="L'alarme démarre désarmée : on peut bouger la carte sans bruit",
    en="The alarm starts disarmed: the board can be moved, silent",
    fail_fr="L'alarme ne démarre pas désarmée : elle réagit quand on bouge la carte",
    fail_en="The alarm does not start disarmed: it reacts when the board is moved",
    step=3,
)
def test_starts_disarmed_and_moving_does_nothing(board):
    assert board.display.shows("SQUARE_SMALL")
    pick_up(board)
    board.run(2)
    assert board.buzzer.tones == []
    assert board.display.shows("SQUARE_SMALL")


@says(
    fr="Le bouton A arme l'alarme avec un bip, sans se déclencher",
    en="Button A arms the alarm with a beep, without setting it off",
    fail_fr="Le bouton A n'arme pas l'alarme avec un bip",
    fail_en="Button A does not arm the alarm with a beep",
    step=3,
)
def test_a_arms_with_a_beep(board):
    arm(board)
    assert board.display.shows("SQUARE")
    assert 1320 in [t.frequency for t in board.buzzer.tones]
    assert "alarm armed" in board.output
    assert siren_tones(board, 0) == []


@says(
    fr="Le bon code arrête la sirène, un mauvais code ne l'arrête pas",
    en="The right code stops the siren, a wrong code does not",
    fail_fr="Le code n'arrête pas la sirène comme il faut",
    fail_en="The code does not stop the siren as it should",
    step=4,
)
def test_the_code_stops_the_siren(board):
    arm(board)
    pick_up(board)
    type_code(board, "ABAB")
    board.run(1)
    assert "wrong code" in board.output
    t = board.time
    board.run(1.5)
    assert len(siren_tones(board, t)) >= 4
    type_code(board, "ABBA")
    board.run(0.5)
    t = board.time
    board.run(2)
    assert siren_tones(board, t) == []
    assert board.display.shows("SQUARE_SMALL")
    assert "right code" in board.output


@says(
    fr="Le code tapé avant de bouger la carte désarme l'alarme",
    en="The code typed before moving the board disarms the alarm",
    fail_fr="Le code tapé avant de bouger la carte ne désarme pas l'alarme",
    fail_en="The code typed before moving the board does not disarm the alarm",
    step=4,
)
def test_code_while_armed_disarms(board):
    arm(board)
    type_code(board, "BBBB")
    board.run(1)
    assert board.display.shows("SQUARE")  # a wrong code: still armed
    type_code(board, "ABBA")
    board.run(1.5)
    assert board.display.shows("SQUARE_SMALL")
    pick_up(board)  # the owner takes the bag
    board.run(2)
    assert siren_tones(board, 0) == []


@says(
    fr="Après A, on a le temps de poser la carte avant que l'alarme soit armée",
    en="After A, there is time to put the board down before the alarm is armed",
    fail_fr="L'alarme se déclenche pendant qu'on pose la carte, juste après A",
    fail_en="The alarm goes off while the board is being put down, just after A",
    step=5,
)
def test_time_to_put_the_board_down(board):
    board.press("A")
    board.run(0.5)
    board.world.pitch, board.world.roll = 10, 70  # slid into the bag, on its side
    board.run(ARMING)
    assert board.display.shows("SQUARE")
    board.run(2)  # it stays there, still
    assert siren_tones(board, 0) == []
    board.world.pitch, board.world.roll = 40, 20  # someone takes the bag
    board.run(1)
    assert siren_tones(board, 0)
