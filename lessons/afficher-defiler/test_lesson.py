"""Simulator tests of the first lesson: a heart, your own picture, your name scrolling by, and a
heart that beats forever. The program runs once per board; the tests read what it showed."""

import re
from pathlib import Path

import pytest

from atelier.lessons import load_lesson
from atelier.pupil_check import boards, program, says
from atelier.sim import simulate
from atelier.sim.components.matrix import Display as Matrix
from atelier.sim.components.matrix import image_text, parse_image
from atelier.sim.components.neopixels import NOTE, Ring
from atelier.sim.components.oled import grid_layout
from atelier.sim.vm.mbdata import FONT, IMAGES

# the lesson's main.py, or the pupil's under `atelier check` (on the board it chose)
LESSON = program(Path(__file__).parent)
BOARDS = boards(load_lesson(Path(__file__).parent).info.boards)  # every board it supports

SECONDS = 16  # heart 1 s, picture 1 s, a name of up to 12 letters scrolls, then the beats
HEART, SMALL = IMAGES["HEART"], IMAGES["HEART_SMALL"]
BLANK = "00000:00000:00000:00000:00000"
NOT_OWN = set(IMAGES.values()) | set(FONT.values()) | {BLANK}  # built-in pictures, letters
PICTURE = re.compile(r"^[0-9]{5}(:[0-9]{5}){4}$")


class Shown:
    """What one board's display showed, in order: (virtual s, what). `what` is the picture
    (micro:bit), the lit pixels (a screen) or the line the kit wrote (a ring, on the console)."""

    def __init__(self, board):
        self.display = board.display
        self.frames = []
        if isinstance(self.display, (Matrix, Ring)):
            board.run(SECONDS)
            if isinstance(self.display, Matrix):
                self.frames = list(self.display.history)
            else:
                lines = [(p.time, ln) for p in board.printed for ln in p.text.splitlines()]
                self.frames = [(t, ln[len(NOTE) :]) for t, ln in lines if ln.startswith(NOTE)]
                self.frames = self.frames[2:]  # the kit's first two notes say what the ring does
        else:  # a screen: look at it 50 times a second (its scrolling steps are 40 ms or more)
            model, last = self.display.model, None
            while board.time < SECONDS:
                board.run(0.02)
                raw = (model.on, *map(bytes, model.ram))
                if raw != last:
                    last = raw
                    lit = frozenset((x, y) for y, row in enumerate(model.pixels())
                                    for x, v in enumerate(row) if v)  # fmt: skip
                    self.frames.append((board.time, lit))
        self.end = board.time

    def picture(self, what):
        """The 5x5 picture `what` is ("09090:..."), or None (text, a scrolling frame)."""
        if isinstance(self.display, Matrix):
            return what
        if isinstance(self.display, Ring):
            return what if PICTURE.match(what) else IMAGES.get(what)
        cell, x0, y0 = grid_layout(self.display.model.width, self.display.model.height)
        rows = [[9 if (x0 + c * cell + cell // 2, y0 + r * cell + cell // 2) in what else 0
                 for c in range(5)] for r in range(5)]  # fmt: skip
        drawn = {(x0 + c * cell + 1 + dx, y0 + r * cell + 1 + dy)
                 for r in range(5) for c in range(5) if rows[r][c]
                 for dx in range(cell - 2) for dy in range(cell - 2)}  # fmt: skip
        return image_text(rows) if drawn == what else None

    def pictures(self, start=0.0, end=None):
        """[(picture, how long it stayed)] shown between `start` and `end` virtual seconds."""
        end = self.end if end is None else end
        out = []
        for i, (t, what) in enumerate(self.frames):
            until = self.frames[i + 1][0] if i + 1 < len(self.frames) else self.end
            pic = self.picture(what)
            if pic is not None and t < end and until > start:
                out.append((pic, min(until, end) - max(t, start)))
        return out

    def scrolled(self):
        """True if a text moved across the display, right to left."""
        if isinstance(self.display, Ring):  # a ring cannot scroll: the kit writes the text
            return any(self.picture(w) is None and re.search("[A-Za-z]", w)
                       for _, w in self.frames)  # fmt: skip
        steps = 0
        for (_, a), (_, b) in zip(self.frames, self.frames[1:], strict=False):
            if isinstance(self.display, Matrix):
                ra, rb = parse_image(a), parse_image(b)
                moved = a != BLANK and all(ra[y][1:] == rb[y][:4] for y in range(5))
            else:
                w = self.display.model.width
                moved = (
                    bool(a)
                    and self.picture(a) is None
                    and any(
                        {(x - k, y) for x, y in a if x >= k} == {(x, y) for x, y in b if x < w - k}
                        for k in range(6, 61, 6)
                    )
                )
            steps += moved
        return steps >= 4


@pytest.fixture(scope="module", params=BOARDS)
def shown(request):
    with simulate(LESSON, board=request.param) as b:
        yield Shown(b)


@says(
    fr="Un cœur s'affiche dès que la carte démarre",
    en="A heart shows as soon as the board starts",
    fail_fr="Aucun cœur ne s'affiche au démarrage de la carte",
    fail_en="No heart shows when the board starts",
    step=1,
)
def test_a_heart_at_the_start(shown):
    assert any(pic == HEART for pic, _ in shown.pictures(0, 0.5)), shown.pictures(0, 0.5)


@says(
    fr="Ton propre dessin s'affiche (une image qui n'est pas toute prête)",
    en="Your own picture shows (a picture that is not a built-in one)",
    fail_fr="Ton propre dessin ne s'affiche pas assez longtemps pour être vu",
    fail_en="Your own picture does not show long enough to be seen",
    step=2,
)
def test_your_own_picture(shown):
    own = [(pic, s) for pic, s in shown.pictures() if pic not in NOT_OWN]
    assert any(s >= 0.3 for _, s in own), own


@says(
    fr="Un texte (ton prénom) défile sur l'afficheur",
    en="A text (your name) scrolls across the display",
    fail_fr="Aucun texte ne défile sur l'afficheur",
    fail_en="No text scrolls across the display",
    step=3,
)
def test_your_name_scrolls(shown):
    assert shown.scrolled()


@says(
    fr="À la fin, le cœur bat : le grand et le petit cœur alternent sans s'arrêter",
    en="At the end the heart beats: the big and the small heart take turns, never stopping",
    fail_fr="À la fin, le cœur ne bat pas (le grand et le petit cœur n'alternent pas)",
    fail_en="At the end the heart does not beat (the big and small heart do not take turns)",
    step=4,
)
def test_the_heart_beats_forever(shown):
    beats = [pic for pic, _ in shown.pictures(SECONDS - 4)]
    beats = [p for i, p in enumerate(beats) if i == 0 or p != beats[i - 1]]
    assert set(beats) == {HEART, SMALL} and len(beats) >= 4, beats
