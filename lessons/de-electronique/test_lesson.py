"""Simulator tests of the electronic die: a shake rolls it, it lands on a face 1-6 with a sound,
and it stays still until the next shake."""

from pathlib import Path

import pytest

from atelier.lessons import load_lesson
from atelier.pupil_check import boards, program, says
from atelier.sim import simulate

# the lesson's main.py, or the pupil's under `atelier check` (on the board it chose)
LESSON = program(Path(__file__).parent)
BOARDS = boards(load_lesson(Path(__file__).parent).info.boards)  # every board it supports

FACES = [
    "00000:00000:00900:00000:00000",
    "90000:00000:00000:00000:00009",
    "90000:00000:00900:00000:00009",
    "90009:00000:00000:00000:90009",
    "90009:00000:00900:00000:90009",
    "90009:00000:90009:00000:90009",
]


def shake(b):
    """Shake the board for 0.2 s (jolts of about 2.5 g), then it lies still again."""
    b.shake(0.2)
    b.run(0.2)


def face(b):
    """The face of the die the board shows (1-6), or None."""
    for number, picture in enumerate(FACES, start=1):
        if b.display.shows(picture):
            return number
    return None


@pytest.fixture(params=BOARDS)
def board(request):
    with simulate(LESSON, board=request.param) as b:
        b.run(1)  # started, lying still on the table
        yield b


@says(
    fr="Quand on secoue la carte, elle montre une face du dé (1 à 6 points)",
    en="When you shake the board, it shows a face of the die (1 to 6 dots)",
    fail_fr="Quand on secoue la carte, elle ne montre pas une face du dé avec ses points",
    fail_en="When you shake the board, it does not show a face of the die with its dots",
    step=2,
)
def test_a_shake_shows_a_face(board):
    shake(board)
    board.run(1.5)
    assert face(board) in range(1, 7), board.display.text


@says(
    fr="Les faces changent au hasard d'un lancer à l'autre",
    en="The faces change at random from one throw to the next",
    fail_fr="Le dé montre toujours les mêmes faces (ou pas de face) quand on le relance",
    fail_en="The die always shows the same faces (or no face) when you throw it again",
    step=2,
)
def test_faces_vary_over_many_throws(board):
    seen = []
    for _ in range(12):
        shake(board)
        board.run(1)
        seen.append(face(board))
    assert None not in seen, seen
    assert len(set(seen)) >= 4, seen  # 12 throws of a fair die: at least 4 different faces


@says(
    fr="Sans secouer la carte, rien ne change (ni la face ni le son)",
    en="Without a shake, nothing changes (neither the face nor the sound)",
    fail_fr="Le dé change ou fait du bruit alors que personne ne le secoue",
    fail_en="The die changes or makes a sound while nobody shakes it",
    step=1,
)
def test_nothing_changes_without_a_shake(board):
    shake(board)
    board.run(1.5)
    shown, tones = board.display.text, len(board.buzzer.tones)
    for _ in range(6):  # 3 s on the table: the same face all along, silent
        board.run(0.5)
        assert board.display.text == shown
    assert len(board.buzzer.tones) == tones


@says(
    fr="Le dé roule : des faces défilent avec des tics, puis il s'arrête avec un son",
    en="The die rolls: faces flash by with ticks, then it stops with a sound",
    fail_fr="Le dé ne roule pas : pas de faces qui défilent avec des tics avant le résultat",
    fail_en="The die does not roll: no faces flashing by with ticks before the result",
    step=3,
)
def test_the_die_rolls_with_ticks_then_stops_with_a_sound(board):
    start = board.time
    shake(board)
    shown = set()
    for _ in range(30):  # watch the first 1.5 s, every 50 ms
        board.run(0.05)
        shown.add(face(board))
    assert len(shown - {None}) >= 3, shown  # several faces flashed by
    tones = [t for t in board.buzzer.tones if t.start >= start]
    assert len(tones) >= 5, tones  # a tick for each face...
    assert tones[-1].duration > tones[0].duration  # ...and a longer sound to end
    assert face(board) in range(1, 7)
