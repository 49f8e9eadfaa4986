"""Simulator tests of the radio alarm: two boards in one world, the same program on both; the
sensor board on the locker door (A), the pocket board (B) beeps when the door opens."""

from pathlib import Path

import pytest

from atelier.lessons import load_lesson
from atelier.pupil_check import boards, program, says
from atelier.sim import simulate_many

# the lesson's main.py, or the pupil's under `atelier check` (on the board it chose)
LESSON = program(Path(__file__).parent)
BOARDS = boards(load_lesson(Path(__file__).parent).info.boards)  # every board it supports


@pytest.fixture(params=BOARDS)
def pair(request):
    """Two boards of the same kind running the program, the locker door closed."""
    with simulate_many([(LESSON, request.param), (LESSON, request.param)]) as (door, pocket):
        door.world.magnet_near = True  # the magnet on the door is next to the sensor
        door.world.position = (0, 0, 0)
        pocket.world.position = (5, 0, 0)  # across the corridor
        door.run(0.5)
        yield door, pocket


def choose_roles(door, pocket):
    door.press("A")  # this one is the sensor
    pocket.press("B")  # this one goes in the pocket
    door.run(0.5)


def alert_beeps(board, since):
    return [t for t in board.buzzer.tones if t.start >= since and t.frequency == 988]


@says(
    fr="Quand la porte s'ouvre, la carte dans la poche bipe et se fâche",
    en="When the door opens, the board in the pocket beeps and looks angry",
    fail_fr="La carte dans la poche ne bipe pas quand la porte s'ouvre",
    fail_en="The board in the pocket does not beep when the door opens",
    step=2,
)
def test_the_pocket_beeps_when_the_door_opens(pair):
    door, pocket = pair
    choose_roles(door, pocket)
    t = door.time
    door.world.magnet_near = False  # someone opens the locker
    door.run(0.2)
    assert alert_beeps(pocket, t)
    assert pocket.display.shows("ANGRY")
    assert "alert" in pocket.output


@says(
    fr="Tant que la porte reste fermée, la poche ne sonne pas",
    en="While the door stays closed, the pocket stays silent",
    fail_fr="La poche sonne alors que la porte est fermée",
    fail_en="The pocket sounds while the door is closed",
    step=2,
)
def test_silent_while_the_door_is_closed(pair):
    door, pocket = pair
    choose_roles(door, pocket)
    door.run(3)
    assert pocket.buzzer.tones == []
    assert door.buzzer.tones == []


@says(
    fr="Tant que la porte reste ouverte, la poche bipe encore et encore",
    en="While the door stays open, the pocket beeps again and again",
    fail_fr="La poche ne bipe qu'une fois alors que la porte reste ouverte",
    fail_en="The pocket beeps only once while the door stays open",
    step=3,
)
def test_the_pocket_keeps_beeping_while_the_door_is_open(pair):
    door, pocket = pair
    choose_roles(door, pocket)
    t = door.time
    door.world.magnet_near = False
    door.run(3)
    assert len(alert_beeps(pocket, t)) >= 5


@says(
    fr="Même si la moitié des messages radio se perdent, la poche sonne",
    en="Even when half of the radio messages get lost, the pocket sounds",
    fail_fr="Quand des messages radio se perdent, la poche ne sonne plus",
    fail_en="When radio messages get lost, the pocket no longer sounds",
    step=3,
)
def test_lost_messages_do_not_stop_the_alarm(pair):
    door, pocket = pair
    choose_roles(door, pocket)
    pocket.world.radio_loss = 0.5  # a wall, other radios: one message in two is lost
    t = door.time
    door.world.magnet_near = False
    door.run(3)
    assert len(alert_beeps(pocket, t)) >= 2


@says(
    fr="Une carte trop loin (au bout du couloir) n'entend pas l'alarme",
    en="A board too far away (down the corridor) does not hear the alarm",
    fail_fr="Une carte trop loin entend quand même l'alarme",
    fail_en="A board too far away still hears the alarm",
    step=2,
)
def test_out_of_range_the_pocket_hears_nothing(pair):
    door, pocket = pair
    choose_roles(door, pocket)
    door.world.radio_range = 20  # walls: the radio reaches 20 m here
    pocket.world.position = (60, 0, 0)
    door.world.magnet_near = False
    door.run(2)
    assert pocket.buzzer.tones == []
