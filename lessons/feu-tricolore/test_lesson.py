"""Simulator tests of the traffic light: the cycle and its durations on the virtual clock, the
pedestrian button that asks for red, the pedestrian lamp."""

from pathlib import Path

import pytest

from atelier.lessons import load_lesson
from atelier.pupil_check import boards, program, says
from atelier.sim import simulate

# the lesson's main.py, or the pupil's under `atelier check` (on the board it chose)
LESSON = program(Path(__file__).parent)
BOARDS = boards(load_lesson(Path(__file__).parent).info.boards)  # every board it supports

RED, AMBER, GREEN = 0, 1, 2  # the lamps' LEDs: red at the top
TICK = 0.1  # how often the tests look at the strip, in virtual seconds
LATE = 0.35  # how late a change may be (the program looks every 100 ms, and runs too)


def lamp(board):
    """The cars' light: "red", "amber", "green", or what is wrong with the three lamps."""
    pixels = board.strip.pixels
    lit = [i for i in (RED, AMBER, GREEN) if any(pixels[i])]
    if len(lit) != 1:
        return f"lamps {lit} lit"
    r, g, b = pixels[lit[0]]
    looks = "green" if g > 2 * r else "amber" if 5 * g >= r else "red"  # amber: red + some green
    name = {RED: "red", AMBER: "amber", GREEN: "green"}[lit[0]]
    return name if looks == name else f"{name} lamp lit {(r, g, b)}"


def watch(board, seconds):
    """Run `seconds` and note each change of the cars' light: [(time, light), ...]."""
    changes = [(board.time, lamp(board))]
    end = board.time + seconds
    while board.time < end - 1e-6:
        board.run(TICK)
        now = lamp(board)
        if now != changes[-1][1]:
            changes.append((board.time, now))
    return changes


def at(changes, light, after=0.0):
    """When the light turned `light` (the first time after `after`), or None."""
    return next((t for t, s in changes if s == light and t > after), None)


@pytest.fixture(params=BOARDS)
def board(request):
    with simulate(LESSON, board=request.param) as b:
        b.run(TICK)
        yield b


@says(
    fr="Le feu passe au vert, puis à l'orange au bout de 6 s, au rouge 3 s plus tard, puis "
    "revient au vert après 5 s de rouge",
    en="The light goes green, amber after 6 s, red 3 s later, then back to green after 5 s",
    fail_fr="Le feu ne suit pas l'ordre vert, orange, rouge avec les bonnes durées",
    fail_en="The light does not go green, amber, red with the right durations",
    step=1,
)
def test_cycle_and_durations(board):
    start = board.time
    changes = watch(board, 15)
    lights = [s for _, s in changes]
    assert lights[:4] == ["green", "amber", "red", "green"], changes
    amber, red, green = (t for t, _ in changes[1:4])
    assert 6 <= amber - start <= 6 + LATE, changes
    assert 3 - LATE <= red - amber <= 3 + LATE, changes
    assert 5 - LATE <= green - red <= 5 + LATE, changes


@says(
    fr="Un appui sur A au début du vert fait passer le feu à l'orange après 2 s de vert",
    en="Pressing A early in the green turns the light amber after 2 s of green",
    fail_fr="Le bouton piéton A n'écourte pas le vert",
    fail_en="The pedestrian button A does not shorten the green",
    step=3,
)
def test_button_asks_for_red_after_the_minimum_green(board):
    start = board.time
    board.run(0.5)
    board.press("A")
    changes = watch(board, 6)
    amber = at(changes, "amber")
    assert amber is not None and 2 - TICK <= amber - start <= 2 + LATE, changes
    assert at(changes, "red", amber) is not None, changes  # then red for the pedestrians


@says(
    fr="Un appui sur A quand le vert a assez duré fait passer le feu à l'orange tout de suite",
    en="Pressing A once the green has lasted long enough turns the light amber at once",
    fail_fr="Le feu ne passe pas vite à l'orange quand on appuie sur A en fin de vert",
    fail_en="The light does not turn amber quickly when A is pressed late in the green",
    step=3,
)
def test_button_late_in_the_green_acts_at_once(board):
    board.run(3.5)
    pressed = board.time
    board.press("A")
    changes = watch(board, 1)
    amber = at(changes, "amber")
    assert amber is not None and amber - pressed <= LATE + TICK, changes


@says(
    fr="Un appui sur A pendant le rouge n'écourte pas le vert suivant",
    en="Pressing A during the red does not shorten the next green",
    fail_fr="Un appui pendant le rouge écourte le vert suivant (la carte s'en est souvenue)",
    fail_en="A press during the red shortens the next green (the board remembered it)",
    step=3,
)
def test_press_during_red_is_not_kept(board):
    board.run(10)  # red since 9 s
    assert lamp(board) == "red"
    board.press("A")
    changes = watch(board, 6)
    green = at(changes, "green")
    assert green is not None, changes
    board.run(3)  # 3 s into the green: a kept press would have ended it after 2 s
    assert lamp(board) == "green", changes


@says(
    fr="Le feu piéton (la dernière LED) est vert seulement quand les voitures ont le rouge",
    en="The pedestrian lamp (the last LED) is green only while the cars have red",
    fail_fr="Le feu piéton n'est pas vert pendant le rouge des voitures, ou pas rouge sinon",
    fail_en="The pedestrian lamp is not green during the cars' red, or not red otherwise",
    step=4,
)
def test_pedestrian_lamp(board):
    seen = set()
    for _ in range(30):  # 15 s: a whole cycle
        board.run(0.5)
        cars, walk = lamp(board), board.strip.pixels[-1]
        if cars in ("green", "amber", "red"):
            walking = walk[1] > 2 * walk[0]
            stopped = walk[0] > 2 * walk[1]
            assert walking if cars == "red" else stopped, (board.time, cars, walk)
            seen.add(cars)
    assert seen == {"green", "amber", "red"}
