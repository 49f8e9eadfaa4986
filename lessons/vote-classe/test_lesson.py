"""Simulator tests of the class vote: one world of six boards running the same program, one
ballot box (B at start) and five voters (A at start) who vote with A or B; the box shows how
many votes it has, scrolls the result with A and starts a new vote with B."""

from pathlib import Path

import pytest

from atelier.lessons import load_lesson
from atelier.pupil_check import boards, program, says
from atelier.sim import simulate_many
from atelier.sim.shown import scrolled, watch

# the lesson's main.py, or the pupil's under `atelier check` (on the board it chose)
LESSON = program(Path(__file__).parent)
BOARDS = boards(load_lesson(Path(__file__).parent).info.boards)  # every board it supports
# the boards that hear each other: micro:bits of both versions, ESP32s (ESP-NOW) together
SAME_RADIO = {"microbit-v2": "microbit-v1", "microbit-v1": "microbit-v2", "esp32": "esp32"}
VOTERS = 5


@pytest.fixture(params=BOARDS)
def classroom(request):
    """The ballot box on the board tested and five voters around it (micro:bits V2 and V1
    mixed), every role chosen."""
    kind = request.param
    kinds = [kind] + [(kind, SAME_RADIO[kind])[i % 2] for i in range(VOTERS)]
    with simulate_many([(LESSON, k) for k in kinds]) as boards_:
        box, voters = boards_[0], boards_[1:]
        for i, b in enumerate(boards_):
            b.world.position = (i % 3 * 2.0, i // 3 * 2.0, 0)  # desks a few metres apart
        box.run(0.5)
        box.press("B")  # the ballot box
        for v in voters:
            v.press("A")  # the voters
        box.run(0.5)
        yield box, voters


def vote(voters, choices):
    for v, choice in zip(voters, choices, strict=False):
        v.press(choice)


def result_shown(box, a, b):
    """A on the box: the result scrolls across its display."""
    box.press("A")
    seen = watch(box, 8)
    return scrolled(box, seen, f"A{a} B{b}", "scroll")


@says(
    fr="L'urne compte les votes des cinq élèves et affiche le résultat",
    en="The ballot box counts the five pupils' votes and shows the result",
    fail_fr="L'urne ne montre pas le bon nombre de votes A et B",
    fail_en="The ballot box does not show the right number of A and B votes",
    step=2,
)
def test_the_box_counts_the_votes(classroom):
    box, voters = classroom
    vote(voters, "AABAB")
    box.run(2)
    assert box.display.shows_text(5), "the box does not show 5 votes"
    assert result_shown(box, 3, 2)


@says(
    fr="Le bouton B de l'urne remet les votes à zéro pour une nouvelle question",
    en="The ballot box's button B sets the votes back to zero for a new question",
    fail_fr="Après le bouton B, l'urne compte encore les anciens votes",
    fail_en="After button B, the ballot box still counts the old votes",
    step=2,
)
def test_b_starts_a_new_vote(classroom):
    box, voters = classroom
    vote(voters, "AAB")
    box.run(2)
    box.press("B")
    box.run(1)
    assert box.display.shows_text(0)
    vote(voters[3:], "B")
    box.run(2)
    assert box.display.shows_text(1)
    assert result_shown(box, 0, 1)


@says(
    fr="Un élève qui appuie plusieurs fois ne compte qu'une fois",
    en="A pupil who presses several times counts only once",
    fail_fr="Un élève qui appuie plusieurs fois vote plusieurs fois",
    fail_en="A pupil who presses several times votes several times",
    step=3,
)
def test_one_vote_per_pupil(classroom):
    box, voters = classroom
    for _ in range(3):
        voters[0].press("A")
        voters[0].run(1)
    voters[1].press("B")
    box.run(2)
    assert box.display.shows_text(2), "the box does not show 2 votes"
    assert result_shown(box, 1, 1)


@says(
    fr="Un élève peut changer d'avis : seul son dernier vote compte",
    en="A pupil may change their mind: only their last vote counts",
    fail_fr="Quand un élève change d'avis, ses deux votes comptent",
    fail_en="When a pupil changes their mind, both their votes count",
    step=3,
)
def test_the_last_vote_counts(classroom):
    box, voters = classroom
    voters[0].press("A")
    box.run(1.5)
    voters[0].press("B")
    box.run(2)
    assert box.display.shows_text(1)
    assert result_shown(box, 0, 1)


@says(
    fr="Même quand des messages radio se perdent, chaque vote arrive une fois",
    en="Even when radio messages get lost, every vote arrives once",
    fail_fr="Quand des messages radio se perdent, des votes manquent",
    fail_en="When radio messages get lost, some votes are missing",
    step=4,
)
def test_lost_messages_are_sent_again(classroom):
    box, voters = classroom
    for b in (box, *voters):
        b.world.radio_loss = 0.4  # walls, other radios: 4 messages in 10 are lost
    vote(voters, "ABABA")
    box.run(6)
    assert box.display.shows_text(5), "the box does not show 5 votes"
    assert all(v.display.shows("YES") for v in voters), "a voter got no answer"
    assert result_shown(box, 3, 2)


@says(
    fr="Le votant affiche une coche seulement quand l'urne a reçu son vote",
    en="The voter shows a tick only once the ballot box has its vote",
    fail_fr="Le votant affiche une coche alors que l'urne n'a pas son vote, ou jamais",
    fail_en="The voter shows a tick while the ballot box does not have its vote, or never",
    step=4,
)
def test_the_voter_knows_when_its_vote_arrived(classroom):
    box, voters = classroom
    far = voters[0]
    box.world.radio_range = 20  # walls: the radio reaches 20 m here
    far.world.position = (60, 0, 0)  # down the corridor
    far.press("A")
    box.run(3)
    assert not far.display.shows("YES")
    assert box.display.shows_text(0)
    far.world.position = (3, 0, 0)  # back in the classroom: it is still trying
    box.run(2)
    assert far.display.shows("YES")
    assert box.display.shows_text(1)
