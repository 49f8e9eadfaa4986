"""Simulator tests of the stopwatch and timer, on the virtual clock: A starts and stops, B
resets, the seconds show, the exact time is written to a tenth; A+B makes a timer that rings
at 0 and not before."""

import re
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


def shows(board, n):
    return board.display.shows_text(n)


def a_and_b_together(board):
    board.hold("A")
    board.run(0.02)  # a person never presses both at the very same instant
    board.hold("B")
    board.run(0.3)
    board.release("A")
    board.release("B")
    board.run(0.5)


@says(
    fr="A lance le chrono : après 3 secondes, il montre 3, après 12 secondes, 12",
    en="A starts the stopwatch: after 3 seconds it shows 3, after 12 seconds, 12",
    fail_fr="Après avoir appuyé sur A, le chrono ne montre pas le bon nombre de secondes",
    fail_en="After pressing A, the stopwatch does not show the right number of seconds",
    step=1,
)
def test_a_starts_and_the_seconds_count(board):
    assert shows(board, 0), board.display.text
    board.press("A")
    board.run(3.5)
    assert shows(board, 3), board.display.text
    board.run(9)  # 12.5 s
    assert shows(board, 12), board.display.text


@says(
    fr="A arrête le chrono : le temps ne bouge plus, et A le relance là où il était",
    en="A stops the stopwatch: the time stays still, and A starts it again where it was",
    fail_fr="Appuyer sur A ne fige pas le temps, ou ne le relance pas là où il était",
    fail_en="Pressing A does not freeze the time, or does not start it again where it was",
    step=2,
)
def test_a_stops_and_freezes_the_time(board):
    board.press("A")
    board.run(2.5)
    board.press("A")  # stopped at 2.5 s
    board.run(4)
    assert shows(board, 2), board.display.text
    board.press("A")  # on again: 2.5 s + 1 s
    board.run(1)
    assert shows(board, 3), board.display.text


@says(
    fr="B remet le chrono arrêté à 0",
    en="B resets the stopped stopwatch to 0",
    fail_fr="Appuyer sur B quand le chrono est arrêté ne le remet pas à 0",
    fail_en="Pressing B when the stopwatch is stopped does not reset it to 0",
    step=3,
)
def test_b_resets(board):
    board.press("A")
    board.run(4.5)
    board.press("A")
    board.run(4)  # stopped at 4.5 s (and the exact time has scrolled by)
    assert shows(board, 4), board.display.text
    board.press("B")
    board.run(0.5)
    assert shows(board, 0), board.display.text
    board.press("A")  # counts from 0 again
    board.run(1.5)
    assert shows(board, 1), board.display.text


def written_times(board):
    return [float(w) for w in re.findall(r"\b\d+\.\d\b", board.output)]


@says(
    fr="À l'arrêt, le temps exact s'écrit au dixième de seconde (4.3)",
    en="When it stops, the exact time is written to a tenth of a second (4.3)",
    fail_fr="À l'arrêt, le temps exact au dixième ne s'écrit pas, ou il est faux",
    fail_en="When it stops, the exact time to a tenth is not written, or is wrong",
    step=4,
)
def test_the_exact_time_to_a_tenth(board):
    board.press("A")
    board.run(4.3)
    board.press("A")
    board.run(3)
    times = written_times(board)
    assert times and times[-1] == pytest.approx(4.3, abs=0.1), board.output
    board.press("A")  # on again for 0.5 s: 4.8 in all
    board.run(0.5)
    board.press("A")
    board.run(3)
    assert written_times(board)[-1] == pytest.approx(4.8, abs=0.1), board.output


@says(
    fr="A et B ensemble en font un minuteur de 10 secondes qui compte à rebours",
    en="A and B together make it a 10-second timer that counts down",
    fail_fr="A et B ensemble n'en font pas un minuteur qui compte à rebours depuis 10",
    fail_en="A and B together do not make it a timer counting down from 10",
    step=5,
)
def test_a_and_b_make_a_timer_that_counts_down(board):
    a_and_b_together(board)
    board.run(1)  # "10" takes a moment on a micro:bit: one digit, then the other
    assert shows(board, 10), board.display.text
    board.press("A")
    board.run(3.5)  # 6.5 s left: the timer shows the seconds started, 7
    assert shows(board, 7), board.display.text
    a_and_b_together(board)  # and back to the stopwatch, at 0
    assert shows(board, 0), board.display.text


@says(
    fr="Le minuteur sonne quand il arrive à 0, pas avant, et reste à 0",
    en="The timer rings when it reaches 0, not before, and stays at 0",
    fail_fr="Le minuteur ne sonne pas juste à 0 (trop tôt, pas du tout, ou ne s'arrête pas à 0)",
    fail_en="The timer does not ring right at 0 (too early, not at all, or does not stop at 0)",
    step=6,
)
def test_the_timer_rings_at_zero_not_before(board):
    a_and_b_together(board)
    board.run(1)
    board.press("A")
    t0 = board.time
    board.run(9.8)
    assert board.buzzer.tones == []  # 0.2 s left: not yet
    assert shows(board, 1), board.display.text
    board.run(1.5)
    tones = board.buzzer.tones
    assert tones and tones[0].start == pytest.approx(t0 + 10, abs=0.1), tones
    board.run(3)
    assert shows(board, 0), board.display.text
