"""Simulator tests of the step counter: walking counts each step once, standing still counts
nothing, a shake or a shaky jolt counts once, B resets, A shows the count."""

from pathlib import Path

import pytest

from atelier.lessons import load_lesson
from atelier.pupil_check import boards, program, says
from atelier.sim import simulate

# the lesson's main.py, or the pupil's under `atelier check` (on the board it chose)
LESSON = program(Path(__file__).parent)
BOARDS = boards(load_lesson(Path(__file__).parent).info.boards)  # every board it supports
# one step, as the accelerometer of a board in the hand feels it (milli-g, board frame): the
# foot lands (about 1.5 g for 0.15 s), the body goes up (0.8 g for 0.1 s), then 0.25 s as at rest
STEP = [((150, 250, -1460), 0.15), ((0, 80, -800), 0.1), (None, 0.25)]


@pytest.fixture(params=BOARDS)
def board(request):
    with simulate(LESSON, board=request.param) as b:
        b.run(1)  # the Bluefruit's Adafruit drivers take about 0.6 s to start the sensors
        yield b


def feel(b, moves):
    """The board feels each (acceleration, seconds) in turn (None: at rest on its axes)."""
    for acceleration, seconds in moves:
        b.world.acceleration = acceleration
        b.run(seconds)


def walk(b, n):
    feel(b, STEP * n)


def count(b):
    """The last count the board printed (0 before any)."""
    numbers = [ln.strip() for ln in b.output.splitlines() if ln.strip().isdigit()]
    return int(numbers[-1]) if numbers else 0


@says(
    fr="En marchant 6 pas, le compteur compte 6 pas",
    en="Walking 6 steps, the counter counts 6 steps",
    fail_fr="En marchant 6 pas, le compteur ne compte pas 6 pas (un pas compte plusieurs fois ?)",
    fail_en="Walking 6 steps, the counter does not count 6 steps (does one step count many?)",
    step=2,
)
def test_walking_counts_each_step_once(board):
    walk(board, 6)
    assert count(board) == 6, board.output


@says(
    fr="Immobile ou tournée doucement dans la main, la carte ne compte aucun pas",
    en="Still, or turned slowly in the hand, the board counts no step",
    fail_fr="La carte compte des pas alors que personne ne marche",
    fail_en="The board counts steps while nobody walks",
    step=1,
)
def test_standing_still_counts_nothing(board):
    feel(board, [((12, -8, -1010), 0.3), ((-10, 5, -990), 0.3)] * 3)  # the hand trembles
    for pitch in range(0, 91, 15):  # the board turned slowly up to standing on its edge
        board.world.pitch = pitch
        board.run(0.2)
    assert count(board) == 0, board.output


@says(
    fr="Une secousse de la carte compte un seul pas, pas plusieurs",
    en="Shaking the board counts one step, not many",
    fail_fr="Une secousse de la carte compte plusieurs pas",
    fail_en="Shaking the board counts several steps",
    step=2,
)
def test_a_shake_counts_once(board):
    board.shake(0.4)
    board.run(1)
    assert count(board) == 1, board.output


@says(
    fr="Un pas qui tremble (la force monte et descend un peu) compte une seule fois",
    en="A shaky step (the strength goes up and down a little) counts once",
    fail_fr="Un pas qui tremble compte plusieurs fois : il faut deux seuils",
    fail_en="A shaky step counts several times: it needs two thresholds",
    step=3,
)
def test_a_shaky_jolt_counts_once(board):
    # the strength wobbles around 1300 mg without going back under 1100 mg
    feel(board, [((0, 0, -g), 0.06) for g in (1600, 1250, 1550, 1200, 1500, 1150)])
    feel(board, [(None, 0.5)])
    walk(board, 2)  # and the next steps count
    assert count(board) == 3, board.output


@says(
    fr="Le bouton B remet le compteur à zéro",
    en="Button B sets the counter back to zero",
    fail_fr="Le bouton B ne remet pas le compteur à zéro",
    fail_en="Button B does not set the counter back to zero",
    step=4,
)
def test_button_b_resets(board):
    walk(board, 3)
    assert count(board) == 3
    board.press("B")
    board.run(0.3)
    assert count(board) == 0, board.output
    walk(board, 2)
    assert count(board) == 2, board.output


@says(
    fr="Même au-delà de 9, aucun pas n'est oublié, et A montre le nombre de pas",
    en="Even beyond 9, no step is missed, and A shows the number of steps",
    fail_fr="Au-delà de 9 pas, la carte en oublie, ou A ne montre pas le nombre de pas",
    fail_en="Beyond 9 steps the board misses some, or A does not show the number of steps",
    step=5,
)
def test_a_long_walk_and_a_shows_the_count(board):
    walk(board, 12)  # two steps a second: no time to show two digits after each
    assert count(board) == 12, board.output
    before = board.display.text
    board.press("A")
    if hasattr(board.display, "note"):  # the Bluefruit writes it on the console
        board.run(0.5)
        assert board.display.note == "12"
        return
    pictures = set()
    for _ in range(20):  # the number scrolls by
        board.run(0.1)
        pictures.add(board.display.text)
    assert len(pictures - {before}) >= 5, pictures
