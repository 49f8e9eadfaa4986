"""Simulator tests of the reaction game: a random wait, a sign and a beep, the time to press A
in ms, the false start, the best time kept."""

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
TOLERANCE_MS = 25  # the loop looks at the button every millisecond or so, the beep lasts 0.1 s


@pytest.fixture(params=BOARDS)
def board(request):
    with simulate(LESSON, board=request.param) as b:
        yield b


def wait_for_go(board, timeout=8.0):
    """Run until the board beeps (the go); its virtual time, or fail after `timeout` s."""
    heard = len(board.buzzer.tones)
    t0 = board.time
    while len(board.buzzer.tones) == heard:
        board.run(0.01)
        assert board.time - t0 < timeout, "the board never beeped"
    return board.buzzer.tones[-1].start


def react(board, go, seconds):
    """Press A `seconds` after the go, as a player would."""
    board.run(go + seconds - board.time)
    board.press("A")
    board.run(0.2)


def scrolled(board, number, since):
    """The board showed `number` after `since` (virtual s): scrolled across a micro:bit's LEDs
    frame after frame, written on the Circuit Playground's console; an OLED screen's text is
    not read back here, so there: the target is gone."""
    history = getattr(board.display, "history", None)
    if history is not None:
        strip = [(0,) * 5] * 5 + scroll_columns(str(number)) + [(0,) * 5] * 5
        want = [image_text(frame_from_columns(strip[i : i + 5])) for i in range(1, len(strip) - 4)]
        shown = [text for t, text in history if t >= since]
        return any(shown[i : i + len(want)] == want for i in range(len(shown)))
    if hasattr(board.display, "note"):  # the ring writes what it cannot show on the console
        return f"[display] {number}" in board.output.splitlines()
    return not board.display.shows("TARGET")


def times(board):
    """The reaction times the board wrote ("temps : 253 ms"), in order."""
    lines = [ln for ln in board.output.splitlines() if "record" not in ln]
    return [int(m) for ln in lines for m in re.findall(r"(\d+)\s*ms", ln)]


@says(
    fr="Après une attente, la carte montre la cible et bipe",
    en="After a wait, the board shows the target and beeps",
    fail_fr="La carte ne montre pas la cible avec un bip après une attente de 1 à 3 secondes",
    fail_en="The board does not show the target with a beep after a wait of 1 to 3 seconds",
    step=1,
)
def test_target_and_beep_after_a_wait(board):
    go = wait_for_go(board)
    assert 0.95 <= go <= 3.3
    board.run(0.05)
    assert board.display.shows("TARGET"), board.display.text


@says(
    fr="L'attente change d'une partie à l'autre : on ne peut pas la deviner",
    en="The wait changes from one game to the next: you cannot guess it",
    fail_fr="La cible apparaît toujours au même moment",
    fail_en="The target always appears at the same moment",
    step=1,
)
def test_the_wait_is_random(board):
    gos = {round(wait_for_go(board), 2)}
    for seed in (1, 2):
        with simulate(LESSON, board=board.type.id, seed=seed) as other:
            gos.add(round(wait_for_go(other), 2))
    assert len(gos) >= 2


@says(
    fr="La carte donne le temps de réaction en millisecondes",
    en="The board gives the reaction time in milliseconds",
    fail_fr="La carte n'écrit pas le bon temps de réaction en millisecondes",
    fail_en="The board does not write the right reaction time in milliseconds",
    step=2,
)
def test_gives_the_reaction_time(board):
    go = wait_for_go(board)
    react(board, go, 0.3)
    board.run(4)  # the time to scroll it
    assert times(board)[:1] == [pytest.approx(300, abs=TOLERANCE_MS)], board.output
    assert scrolled(board, times(board)[0], go), "the time is not on the display"


@says(
    fr="Après une manche, une nouvelle manche commence",
    en="After a round, a new round starts",
    fail_fr="Le jeu s'arrête après une manche",
    fail_en="The game stops after one round",
    step=3,
)
def test_plays_again(board):
    react(board, wait_for_go(board), 0.3)
    react(board, wait_for_go(board), 0.45)
    board.run(0.5)
    assert times(board)[:2] == [
        pytest.approx(300, abs=TOLERANCE_MS),
        pytest.approx(450, abs=TOLERANCE_MS),
    ], board.output


@says(
    fr="Appuyer sur A avant le bip est un faux départ",
    en="Pressing A before the beep is a false start",
    fail_fr="Appuyer sur A avant le bip n'est pas compté comme un faux départ",
    fail_en="Pressing A before the beep does not count as a false start",
    step=4,
)
def test_false_start(board):
    board.run(0.5)  # the wait lasts at least a second
    assert board.buzzer.tones == []
    board.press("A")
    board.run(0.3)
    assert "faux" in board.output.lower()
    assert board.display.shows("NO"), board.display.text
    assert times(board) == []  # no time for a false start
    react(board, wait_for_go(board), 0.3)  # and the game goes on
    board.run(0.5)
    assert times(board)[:1] == [pytest.approx(300, abs=TOLERANCE_MS)], board.output


@says(
    fr="La carte garde le meilleur temps (le plus petit)",
    en="The board keeps the best time (the shortest)",
    fail_fr="La carte ne garde pas le meilleur temps",
    fail_en="The board does not keep the best time",
    step=5,
)
def test_keeps_the_best_time(board):
    for seconds in (0.4, 0.25, 0.35):
        react(board, wait_for_go(board), seconds)
    board.run(0.5)
    records = [ln for ln in board.output.splitlines() if "record" in ln]
    best = [int(m) for m in re.findall(r"(\d+)\s*ms", records[-1])] if records else []
    assert best == [pytest.approx(250, abs=TOLERANCE_MS)], board.output
