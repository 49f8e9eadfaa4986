"""Simulator tests of the locker alarm: arm with A, door opening sets off the siren, code ABBA."""

from pathlib import Path

import pytest

from atelier.lessons import load_lesson
from atelier.pupil_check import boards, program, says
from atelier.sim import simulate

# the lesson's main.py, or the pupil's under `atelier check` (on the board it chose)
LESSON = program(Path(__file__).parent)
BOARDS = boards(load_lesson(Path(__file__).parent).info.boards)  # every board it supports


def type_code(board, code):
    for key in code:
        board.press(key)
        board.run(0.3)


@pytest.fixture(params=BOARDS)
def board(request):
    with simulate(LESSON, board=request.param) as b:
        b.world.magnet_near = True  # door closed
        b.run(0.5)
        yield b


def siren_tones(board, since):
    return [t for t in board.buzzer.tones if t.start >= since and t.frequency in (988, 659)]


@says(
    fr="La sirène sonne quand on ouvre la porte, et continue porte refermée",
    en="The siren sounds when the door opens, and goes on once it is closed again",
    fail_fr="La sirène ne sonne pas quand on ouvre la porte, ou s'arrête toute seule",
    fail_en="The siren does not sound when the door opens, or stops by itself",
    step=2,
)
def test_door_opening_sounds_the_siren_for_good(board):
    board.press("A")  # arms the alarm (from step 3 on)
    board.run(1)
    assert siren_tones(board, 0) == []  # door closed: silent
    t_open = board.time
    board.world.magnet_near = False
    board.run(1.5)
    siren = siren_tones(board, t_open)
    assert len(siren) >= 4 and {t.frequency for t in siren} == {988, 659}
    board.world.magnet_near = True  # the thief closes the door again
    board.run(1)
    t = board.time
    board.run(2)
    assert len(siren_tones(board, t)) >= 6


@says(
    fr="L'alarme démarre désarmée, sans bruit",
    en="The alarm starts disarmed, silent",
    fail_fr="L'alarme ne démarre pas désarmée et silencieuse",
    fail_en="The alarm does not start disarmed and silent",
    step=3,
)
def test_starts_disarmed(board):
    assert board.display.shows("SQUARE_SMALL")
    assert board.buzzer.tones == []


@says(
    fr="Ouvrir la porte quand l'alarme est désarmée ne fait rien",
    en="Opening the door while disarmed does nothing",
    fail_fr="L'alarme réagit à la porte alors qu'elle est désarmée",
    fail_en="The alarm reacts to the door while disarmed",
    step=3,
)
def test_opening_while_disarmed_does_nothing(board):
    board.world.magnet_near = False
    board.run(3)
    assert board.buzzer.tones == []
    assert board.display.shows("SQUARE_SMALL")


@says(
    fr="Le bouton A arme l'alarme avec un bip",
    en="Button A arms the alarm with a beep",
    fail_fr="Le bouton A n'arme pas l'alarme avec un bip",
    fail_en="Button A does not arm the alarm with a beep",
    step=3,
)
def test_arm_with_a(board):
    board.press("A")
    board.run(0.5)
    assert board.display.shows("SQUARE")
    assert [t.frequency for t in board.buzzer.tones] == [1320]
    assert "alarm armed" in board.output


@says(
    fr="La sirène sonne quand on ouvre la porte, jusqu'au bon code",
    en="The siren sounds when the door opens, until the right code",
    fail_fr="La sirène ne sonne pas quand on ouvre la porte, ou ne s'arrête pas avec le bon code",
    fail_en="The siren does not sound when the door opens, or does not stop with the right code",
    step=4,
)
def test_door_opening_while_armed_sounds_siren_until_code(board):
    board.press("A")
    board.run(1)
    t_open = board.time
    board.world.magnet_near = False
    board.run(2)
    siren = siren_tones(board, t_open)
    assert len(siren) >= 6  # two alternating notes, 250 ms each
    assert {t.frequency for t in siren} == {988, 659}
    assert "door opened" in board.output
    # closing the door again does not stop it
    board.world.magnet_near = True
    board.run(1)
    assert siren_tones(board, board.time - 0.6)
    type_code(board, "ABBA")
    board.run(0.5)
    t_done = board.time
    board.run(3)
    assert siren_tones(board, t_done) == []
    assert board.display.shows("SQUARE_SMALL")
    assert "right code" in board.output


@says(
    fr="Un mauvais code n'arrête pas la sirène",
    en="A wrong code does not stop the siren",
    fail_fr="Un mauvais code arrête la sirène",
    fail_en="A wrong code stops the siren",
    step=4,
)
def test_wrong_code_keeps_the_siren(board):
    board.press("A")
    board.run(0.5)
    board.world.magnet_near = False
    board.run(1)
    type_code(board, "ABAB")
    board.run(1)
    assert "wrong code" in board.output
    t = board.time
    board.run(2)
    assert len(siren_tones(board, t)) >= 6
    type_code(board, "ABBA")  # the typing starts again after a wrong code
    board.run(0.5)
    t = board.time
    board.run(2)
    assert siren_tones(board, t) == []


@says(
    fr="Un mauvais code laisse l'alarme armée, le bon la désarme",
    en="A wrong code leaves the alarm armed, the right one disarms it",
    fail_fr="Le code ne désarme pas l'alarme comme il faut",
    fail_en="The code does not disarm the alarm as it should",
    step=5,
)
def test_wrong_code_while_armed_stays_armed_then_right_code_disarms(board):
    board.press("A")
    board.run(0.5)
    type_code(board, "BBBB")
    board.run(1)
    assert board.display.shows("SQUARE")
    assert any(t.frequency == 220 for t in board.buzzer.tones)
    type_code(board, "ABBA")
    board.run(1.5)
    assert board.display.shows("SQUARE_SMALL")
    board.world.magnet_near = False  # disarmed: opening is fine now
    board.run(2)
    assert siren_tones(board, 0) == []


@says(
    fr="Armer avec la porte ouverte déclenche la sirène tout de suite",
    en="Arming with the door open sets off the siren at once",
    fail_fr="Armer avec la porte ouverte ne déclenche pas la sirène",
    fail_en="Arming with the door open does not set off the siren",
    step=3,
)
def test_arming_with_the_door_open_sets_it_off_at_once(board):
    board.world.magnet_near = False
    board.press("A")
    board.run(1)
    assert siren_tones(board, 0)
