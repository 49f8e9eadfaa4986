"""Simulator tests of rock, paper, scissors: a shake (or A) picks one of the three pictures at
random, and only those; B counts the player's points."""

import re
from pathlib import Path

import pytest

from atelier.lessons import load_lesson
from atelier.pupil_check import boards, program, says
from atelier.sim import simulate
from atelier.sim.components.matrix import frame_from_columns, image_text, scroll_columns

# the lesson's main.py, or the pupil's under `atelier check` (on the board it chose)
LESSON = program(Path(__file__).parent)
BOARDS = boards(load_lesson(Path(__file__).parent).info.boards)  # every board it supports
HANDS = ("SQUARE_SMALL", "SQUARE", "SCISSORS")  # rock, paper, scissors


@pytest.fixture(params=BOARDS)
def board(request):
    with simulate(LESSON, board=request.param) as b:
        b.run(0.5)
        yield b


def shake(board):
    board.shake()  # for 0.3 s, then the board lies still
    board.run(0.7)


def hand(board):
    """The picture the board shows now: rock, paper or scissors (or None)."""
    return next((h for h in HANDS if board.display.shows(h)), None)


def scrolled(board, number, since):
    """The board showed `number` after `since` (virtual s): scrolled across a micro:bit's LEDs
    frame after frame, written on the Circuit Playground's console; an OLED screen's text is
    not read back here, so there: something else than a hand is on it."""
    history = getattr(board.display, "history", None)
    if history is not None:
        strip = [(0,) * 5] * 5 + scroll_columns(str(number)) + [(0,) * 5] * 5
        want = [image_text(frame_from_columns(strip[i : i + 5])) for i in range(1, len(strip) - 4)]
        shown = [text for t, text in history if t >= since]
        return any(shown[i : i + len(want)] == want for i in range(len(shown)))
    if hasattr(board.display, "note"):  # the ring writes what it cannot show on the console
        return f"[display] {number}" in board.output.splitlines()
    return hand(board) is None


def score(board):
    """The last score the board wrote ("score : 3"), or None."""
    found = re.findall(r"score\D*(\d+)", board.output)
    return int(found[-1]) if found else None


@says(
    fr="Secouer la carte montre pierre, feuille ou ciseaux, au hasard",
    en="Shaking the board shows rock, paper or scissors, at random",
    fail_fr="Secouer la carte ne montre pas, au hasard, les images pierre, feuille et ciseaux",
    fail_en="Shaking the board does not show the rock, paper and scissors pictures at random",
    step=2,
)
def test_shake_shows_the_three_hands_and_only_them(board):
    seen = []
    for _ in range(12):
        shake(board)
        seen.append(hand(board))
        assert seen[-1] is not None, board.display.text  # one of the three, nothing else
    assert set(seen) == set(HANDS)  # all three come up


@says(
    fr="L'image reste tant qu'on ne secoue pas la carte",
    en="The picture stays until you shake the board",
    fail_fr="L'image change alors qu'on ne secoue pas la carte",
    fail_en="The picture changes although nobody shakes the board",
    step=2,
)
def test_the_hand_stays_until_the_next_shake(board):
    shake(board)
    first = hand(board)
    assert first is not None, board.display.text
    board.run(3)
    assert hand(board) == first


@says(
    fr="Le bouton A choisit aussi pierre, feuille ou ciseaux",
    en="Button A also picks rock, paper or scissors",
    fail_fr="Le bouton A ne choisit pas pierre, feuille ou ciseaux",
    fail_en="Button A does not pick rock, paper or scissors",
    step=3,
)
def test_a_picks_too(board):
    seen = []
    for _ in range(8):
        board.press("A")
        board.run(0.4)
        seen.append(hand(board))
        assert seen[-1] is not None, board.display.text
    assert len(set(seen)) >= 2  # at random, not always the same


@says(
    fr="Le bouton B ajoute un point au score et le montre",
    en="Button B adds a point to the score and shows it",
    fail_fr="Le bouton B ne compte pas les points un par un",
    fail_en="Button B does not count the points one by one",
    step=4,
)
def test_b_counts_the_points(board):
    assert score(board) is None  # no point before the first B
    for points in (1, 2, 3):
        since = board.time
        board.press("B")
        board.run(0.5)
        shown = hand(board) is None  # the score, not a hand, while it scrolls
        board.run(1.5)  # the time to show the score
        assert score(board) == points, board.output
        assert shown and scrolled(board, points, since), "the score is not on the display"
    shake(board)  # a new round does not change the score
    board.press("B")
    board.run(2)
    assert score(board) == 4, board.output
