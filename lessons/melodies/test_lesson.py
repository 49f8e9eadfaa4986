"""Simulator tests of the melodies lesson: A and B play two songs, a shake plays the pupil's."""

from pathlib import Path

import pytest

from atelier.lessons import load_lesson
from atelier.pupil_check import boards, program, says
from atelier.sim import simulate

# the lesson's main.py, or the pupil's under `atelier check` (on the board it chose)
LESSON = program(Path(__file__).parent)
BOARDS = boards(load_lesson(Path(__file__).parent).info.boards)  # every board it supports

# The songs' notes in Hz (C4 = 262, D4 = 294, E4 = 330, F4 = 349, G4 = 392), two equal notes
# in a row counted once (the pupil's own tune may play them with tone(), which runs them on).
FRERE_JACQUES = [262, 294, 330, 262, 294, 330, 262, 330, 349, 392, 330, 349, 392]
AU_CLAIR = [262, 294, 330, 294, 262, 330, 294, 262]


@pytest.fixture(params=BOARDS)
def board(request):
    with simulate(LESSON, board=request.param) as b:
        b.run(0.5)
        yield b


def melody(board, since):
    """The frequencies played since `since` (virtual s), a note held on counted once."""
    out = []
    for t in board.buzzer.tones:
        if t.start >= since and (not out or out[-1] != t.frequency):
            out.append(t.frequency)
    return out


def shake(board):
    assert board.buzzer.playing is None  # quiet before: what follows is the shake's doing
    board.shake()  # for 0.3 s
    board.run(0.3)


@says(
    fr="La carte montre une note de musique",
    en="The board shows a music note",
    fail_fr="La carte ne montre pas de note de musique",
    fail_en="The board does not show a music note",
    step=1,
)
def test_shows_a_music_note(board):
    assert board.display.shows("MUSIC_QUAVER"), board.display.text


@says(
    fr="La carte reste silencieuse tant qu'on n'appuie sur rien",
    en="The board stays silent until you press something",
    fail_fr="La carte joue de la musique alors qu'on n'a appuyé sur rien",
    fail_en="The board plays music although nothing was pressed",
    step=2,
)
def test_silent_until_asked(board):
    board.run(3)
    assert board.buzzer.tones == []


@says(
    fr="Le bouton A joue « Frère Jacques »",
    en='Button A plays "Frère Jacques"',
    fail_fr="Le bouton A ne joue pas « Frère Jacques »",
    fail_en='Button A does not play "Frère Jacques"',
    step=2,
)
def test_a_plays_frere_jacques(board):
    start = board.time
    board.press("A")
    board.run(8)
    assert melody(board, start) == FRERE_JACQUES
    first, second = board.buzzer.tones[:2]
    assert second.start - first.start == pytest.approx(0.5, abs=0.01)  # a beat at 120 a minute
    assert first.start - start < 0.2  # at once


@says(
    fr="Le bouton B joue « Au clair de la lune »",
    en='Button B plays "Au clair de la lune"',
    fail_fr="Le bouton B ne joue pas « Au clair de la lune »",
    fail_en='Button B does not play "Au clair de la lune"',
    step=2,
)
def test_b_plays_au_clair_de_la_lune(board):
    start = board.time
    board.press("B")
    board.run(7)
    assert melody(board, start) == AU_CLAIR


@says(
    fr="Secouer la carte joue ta propre mélodie (au moins 4 notes)",
    en="Shaking the board plays your own tune (at least 4 notes)",
    fail_fr="Secouer la carte ne joue pas une mélodie à toi d'au moins 4 notes",
    fail_en="Shaking the board does not play a tune of your own with at least 4 notes",
    step=3,
)
def test_shake_plays_your_tune(board):
    start = board.time
    shake(board)
    board.run(6)
    notes = [t for t in board.buzzer.tones if t.start >= start]
    assert len(notes) >= 4
    assert notes[0].start - start < 0.5  # while or just after shaking
    hz = melody(board, start)
    assert len(set(hz)) >= 2  # a tune, not one beep repeated
    assert all(100 <= f <= 4000 for f in hz)  # notes you can hear on a buzzer
    assert hz[:4] not in (FRERE_JACQUES[:4], AU_CLAIR[:4])  # not one of the two songs


@says(
    fr="Ta mélodie a un rythme : des notes longues et des notes courtes",
    en="Your tune has a rhythm: long notes and short notes",
    fail_fr="Toutes les notes de ta mélodie ont la même durée",
    fail_en="All the notes of your tune last the same time",
    step=4,
)
def test_your_tune_has_a_rhythm(board):
    start = board.time
    shake(board)
    board.run(6)
    lengths = [t.duration for t in board.buzzer.tones if t.start >= start and t.duration]
    assert lengths
    assert max(lengths) >= 1.5 * min(lengths)
