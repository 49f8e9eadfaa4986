"""Simulator tests of the reaction duel: two boards in one world, the same program on both; B
on one starts a round, both show the target at the same moment, each player presses A, the
boards swap their times by radio and each shows who won."""

import re
from pathlib import Path

import pytest

from atelier.lessons import load_lesson
from atelier.pupil_check import boards, program, says
from atelier.sim import simulate_many

# the lesson's main.py, or the pupil's under `atelier check` (on the board it chose)
LESSON = program(Path(__file__).parent)
BOARDS = boards(load_lesson(Path(__file__).parent).info.boards)  # every board it supports
# the board that plays against it: a micro:bit V2 against a V1 (the same radio), ESP32s together
PARTNER = {"microbit-v2": "microbit-v1", "microbit-v1": "microbit-v2", "esp32": "esp32"}
TOLERANCE_MS = 25  # the loop looks at the button every millisecond or so, the beep lasts 0.1 s
RESULT_S = 3.5  # each board shows the result at the latest 3 s after the go


@pytest.fixture(params=BOARDS)
def duel(request):
    """The board tested and its opponent, a metre apart."""
    kinds = [request.param, PARTNER[request.param]]
    with simulate_many([(LESSON, k) for k in kinds]) as (one, two):
        two.world.position = (1, 0, 0)
        one.run(0.5)
        yield one, two


def start_round(starter, players, timeout=4.0):
    """B on `starter`, then its go (see wait_for_go)."""
    heard = {b.name: len(b.buzzer.tones) for b in players}
    starter.press("B")
    return wait_for_go(starter, players, heard, timeout)


def wait_for_go(starter, players, heard=None, timeout=4.0):
    """Run until `starter` beeps (its go); each player's go: when its board beeped."""
    if heard is None:
        heard = {b.name: len(b.buzzer.tones) for b in players}
    t0 = starter.time
    while len(starter.buzzer.tones) == heard[starter.name]:
        starter.run(0.01)
        assert starter.time - t0 < timeout, "the board that started the round never beeped"
    starter.run(0.05)
    return {
        b.name: b.buzzer.tones[-1].start for b in players if len(b.buzzer.tones) > heard[b.name]
    }


def react(presses):
    """Press A on each board at its virtual time: [(time, board)]."""
    for t, board in sorted(presses, key=lambda p: p[0]):
        board.run(max(0.0, t - board.time))
        board.press("A")


def times(board):
    """The reaction times the board wrote ("temps : 253 ms"), in order."""
    return [int(m) for m in re.findall(r"temps\D*(\d+)\s*ms", board.output)]


def play(starter, one, two, t_one, t_two):
    """A round: `one` presses `t_one` s after its go, `two` `t_two` s after its own."""
    gos = start_round(starter, (one, two))
    assert one.name in gos and two.name in gos, "a board did not show the go"
    react([(gos[one.name] + t_one, one), (gos[two.name] + t_two, two)])
    one.run(RESULT_S)


def won(board):
    return board.display.shows("HAPPY")


def lost(board):
    return board.display.shows("SAD")


@says(
    fr="B lance une manche : après une attente, les deux cartes montrent la cible et bipent",
    en="B starts a round: after a wait, both boards show the target and beep",
    fail_fr="Après B, les deux cartes ne montrent pas la cible avec un bip au même moment",
    fail_en="After B, the two boards do not show the target with a beep at the same moment",
    step=1,
)
def test_b_starts_a_round_on_both_boards(duel):
    one, two = duel
    t = one.time
    gos = start_round(one, (one, two))
    assert 0.95 <= gos[one.name] - t <= 3.3, "the wait is not 1 to 3 seconds"
    assert two.name in gos, "the other board did not beep"
    assert abs(gos[two.name] - gos[one.name]) < 0.02, "the boards do not start together"
    assert one.display.shows("TARGET") and two.display.shows("TARGET")


@says(
    fr="Chaque carte mesure le temps de réaction de son joueur en millisecondes",
    en="Each board measures its player's reaction time in milliseconds",
    fail_fr="Une carte ne donne pas le bon temps de réaction de son joueur",
    fail_en="A board does not give its player's right reaction time",
    step=2,
)
def test_each_board_times_its_player(duel):
    one, two = duel
    gos = start_round(two, (one, two))
    react([(gos[one.name] + 0.3, one), (gos[two.name] + 0.45, two)])
    one.run(RESULT_S)
    assert times(one)[:1] == [pytest.approx(300, abs=TOLERANCE_MS)], one.output
    assert times(two)[:1] == [pytest.approx(450, abs=TOLERANCE_MS)], two.output


@says(
    fr="Le plus rapide gagne : les deux cartes sont d'accord sur le gagnant",
    en="The faster one wins: both boards agree on the winner",
    fail_fr="Les cartes ne montrent pas que le plus rapide a gagné",
    fail_en="The boards do not show that the faster player won",
    step=3,
)
def test_the_faster_player_wins_on_both_boards(duel):
    one, two = duel
    play(one, one, two, 0.4, 0.25)  # one starts, two is faster
    assert won(two) and lost(one), "two was faster"
    assert "gagn" in two.output and "perdu" in one.output
    play(two, one, two, 0.3, 0.5)  # two starts, one is faster
    assert won(one) and lost(two), "one was faster"


@says(
    fr="Appuyer avant la cible est un faux départ : la carte dit non et le joueur perd",
    en="Pressing before the target is a false start: the board says no and the player loses",
    fail_fr="Un faux départ n'est pas puni",
    fail_en="A false start is not punished",
    step=4,
)
def test_a_false_start_loses(duel):
    one, two = duel
    one.press("B")
    one.run(0.4)  # the wait lasts a second at least
    two.press("A")  # too early
    one.run(0.2)
    assert two.display.shows("NO"), "no false start shown"
    assert "faux" in two.output.lower()
    gos = wait_for_go(one, (one,))  # the round goes on for the other player
    react([(gos[one.name] + 0.6, one)])
    one.run(RESULT_S)
    assert won(one) and lost(two), "the false start did not lose"
    # the one who started the round can false-start too
    two.press("B")
    two.run(0.3)
    two.press("A")
    gos = wait_for_go(one, (one,))  # the target, for one
    react([(gos[one.name] + 0.7, one)])
    one.run(RESULT_S)
    assert won(one) and lost(two), "the false start of the board that started did not lose"


@says(
    fr="Même quand des messages radio se perdent, le duel donne le bon gagnant (ou se rejoue)",
    en="Even when radio messages get lost, the duel gives the right winner (or is played again)",
    fail_fr="Quand des messages radio se perdent, le duel se bloque ou se trompe de gagnant",
    fail_en="When radio messages get lost, the duel gets stuck or picks the wrong winner",
    step=5,
)
def test_lost_messages(duel):
    one, two = duel
    for b in duel:
        b.world.radio_loss = 0.3  # walls, other radios: 3 messages in 10 are lost
    decided = 0
    for i in range(6):
        starter = (one, two)[i % 2]
        faster, slower = (one, two) if i % 3 else (two, one)
        gos = start_round(starter, duel)
        go = gos[starter.name]
        react([(gos.get(faster.name, go) + 0.3, faster), (gos.get(slower.name, go) + 0.5, slower)])
        one.run(RESULT_S + 0.5)
        if len(gos) == 2 and not any(b.display.shows_text("?") for b in duel):
            assert won(faster) and lost(slower), f"round {i + 1}: not the faster one who won"
            decided += 1
        else:  # a message lost every time: the round is called off, and played again
            assert starter.display.shows_text("?"), f"round {i + 1}: lost, and nothing said"
        if decided == 3:
            break
    assert decided == 3, "the duel did not finish three rounds"
