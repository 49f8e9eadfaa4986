"""Checks of the micro:bit built-in data module `atelier.sim.vm.mbdata`."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
VM_DIR = REPO / "host_tools" / "atelier" / "sim" / "vm"

try:
    from atelier.sim.vm import mbdata
    from atelier.sim.vmproc import vm_available, vm_command
except ImportError:  # package not installed: load the file directly
    _spec = importlib.util.spec_from_file_location("mbdata", VM_DIR / "mbdata.py")
    mbdata = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(mbdata)

    def vm_available() -> bool:
        return False


# The built-in images documented for `microbit.Image` (MicroPython for micro:bit V2).
DOCUMENTED_IMAGES = (
    "HEART HEART_SMALL HAPPY SMILE SAD CONFUSED ANGRY ASLEEP SURPRISED SILLY FABULOUS MEH "
    "YES NO "
    "CLOCK12 CLOCK1 CLOCK2 CLOCK3 CLOCK4 CLOCK5 CLOCK6 CLOCK7 CLOCK8 CLOCK9 CLOCK10 CLOCK11 "
    "ARROW_N ARROW_NE ARROW_E ARROW_SE ARROW_S ARROW_SW ARROW_W ARROW_NW "
    "TRIANGLE TRIANGLE_LEFT CHESSBOARD DIAMOND DIAMOND_SMALL SQUARE SQUARE_SMALL RABBIT COW "
    "MUSIC_CROTCHET MUSIC_QUAVER MUSIC_QUAVERS PITCHFORK XMAS PACMAN TARGET TSHIRT "
    "ROLLERSKATE DUCK HOUSE TORTOISE BUTTERFLY STICKFIGURE GHOST SWORD GIRAFFE SKULL "
    "UMBRELLA SNAKE SCISSORS"
).split()

DOCUMENTED_MELODIES = (
    "DADADADUM ENTERTAINER PRELUDE ODE NYAN RINGTONE FUNK BLUES BIRTHDAY WEDDING FUNERAL "
    "PUNCHLINE PYTHON BADDY CHASE BA_DING WAWAWAWAA JUMP_UP JUMP_DOWN POWER_UP POWER_DOWN"
).split()

IMAGE_RE = re.compile(r"[0-9]{5}(?::[0-9]{5}){4}")
# NOTE[octave][:duration]; NOTE is a-g with an optional sharp/flat, or r for a rest.
NOTE_RE = re.compile(r"(?:[a-gA-G][#b]?|[rR])[0-9]?(?::[0-9]+)?")


def rows(image: str) -> list[str]:
    return image.split(":")


def lit(image: str) -> set[tuple[int, int]]:
    """(x, y) of every pixel that is not off."""
    return {(x, y) for y, row in enumerate(rows(image)) for x, c in enumerate(row) if c != "0"}


# --- images -------------------------------------------------------------------------------


def test_image_strings_are_5x5_digits():
    assert mbdata.IMAGES
    for name, image in mbdata.IMAGES.items():
        assert isinstance(image, str), name
        assert IMAGE_RE.fullmatch(image), (name, image)


def test_image_names_cover_documented_list():
    assert len(DOCUMENTED_IMAGES) == len(set(DOCUMENTED_IMAGES)) == 64
    assert set(mbdata.IMAGES) == set(DOCUMENTED_IMAGES)


def test_heart():
    assert mbdata.IMAGES["HEART"] == "09090:99999:99999:09990:00900"


def test_arrow_n_points_up():
    image = mbdata.IMAGES["ARROW_N"]
    pixels = lit(image)
    # the shaft: the whole middle column
    assert {(2, y) for y in range(5)} <= pixels
    # the head at the top: the tip alone on row 0, widening below it
    assert [x for x, y in pixels if y == 0] == [2]
    assert {(1, 1), (3, 1)} <= pixels
    # nothing beside the shaft on the bottom rows
    assert {p for p in pixels if p[1] >= 3} == {(2, 3), (2, 4)}
    # and it is the vertical mirror of ARROW_S
    assert rows(image) == rows(mbdata.IMAGES["ARROW_S"])[::-1]


def test_all_clocks_and_arrows_order():
    assert mbdata.ALL_CLOCKS == ("CLOCK12",) + tuple(f"CLOCK{i}" for i in range(1, 12))
    assert mbdata.ALL_ARROWS == tuple(
        "ARROW_" + d for d in ("N", "NE", "E", "SE", "S", "SW", "W", "NW")
    )
    for name in mbdata.ALL_CLOCKS + mbdata.ALL_ARROWS:
        assert name in mbdata.IMAGES


def test_clock_hands_go_round():
    # CLOCK12 points straight up, CLOCK3 right, CLOCK6 down, CLOCK9 left, all from the centre.
    assert lit(mbdata.IMAGES["CLOCK12"]) == {(2, 0), (2, 1), (2, 2)}
    assert lit(mbdata.IMAGES["CLOCK3"]) == {(2, 2), (3, 2), (4, 2)}
    assert lit(mbdata.IMAGES["CLOCK6"]) == {(2, 2), (2, 3), (2, 4)}
    assert lit(mbdata.IMAGES["CLOCK9"]) == {(0, 2), (1, 2), (2, 2)}


# --- font ---------------------------------------------------------------------------------


def test_font_covers_printable_ascii():
    assert set(mbdata.FONT) == {chr(c) for c in range(32, 127)}
    for char, glyph in mbdata.FONT.items():
        assert re.fullmatch(r"[09]{5}(?::[09]{5}){4}", glyph), (char, glyph)


def test_font_glyphs_are_plausible():
    font = mbdata.FONT
    assert lit(font[" "]) == set()
    # '1': a vertical stroke in the middle column with a flag at the top and a foot
    one = lit(font["1"])
    assert {(2, y) for y in range(5)} <= one
    assert (1, 1) in one and {(1, 4), (3, 4)} <= one
    # 'I': serifs top and bottom joined by a vertical stroke
    assert rows(font["I"]) == ["99900", "09000", "09000", "09000", "99900"]
    # '!': a stroke, a gap, a dot
    assert rows(font["!"]) == ["09000", "09000", "09000", "00000", "09000"]
    # 'A' has a crossbar on the middle row; 'N' has its diagonal going down to the right
    assert rows(font["A"]) == ["09900", "90090", "99990", "90090", "90090"]
    assert rows(font["N"]) == ["90009", "99009", "90909", "90099", "90009"]
    # every glyph but the space lights at least one pixel
    assert all(lit(g) for c, g in font.items() if c != " ")


# --- melodies -----------------------------------------------------------------------------


def test_melody_names():
    assert set(mbdata.MELODIES) == set(DOCUMENTED_MELODIES)


def test_melody_notes_match_grammar():
    for name, notes in mbdata.MELODIES.items():
        assert isinstance(notes, tuple) and notes, name
        for note in notes:
            assert NOTE_RE.fullmatch(note), (name, note)


def test_some_melodies_exactly():
    assert mbdata.MELODIES["DADADADUM"] == (
        "r4:2", "g", "g", "g", "eb:8", "r:2", "f", "f", "f", "d:8",
    )  # fmt: skip
    assert mbdata.MELODIES["BA_DING"] == ("b5:1", "e6:3")
    assert mbdata.MELODIES["JUMP_UP"] == ("c5:1", "d", "e", "f", "g")


# --- the same file in MicroPython -----------------------------------------------------------

# The VM the simulator runs (either package), not the `micropython` command on PATH: the two
# packages' commands clash, and the extension's breaks beside Blinka's `micropython` package.
needs_micropython = pytest.mark.skipif(not vm_available(), reason="MicroPython VM not installed")


def run_micropython(code: str) -> str:
    proc = subprocess.run(
        [*vm_command(), "-c", code],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr + proc.stdout
    return proc.stdout


@needs_micropython
def test_imports_in_micropython():
    out = run_micropython(
        "import sys; sys.path.insert(0, 'host_tools/atelier/sim/vm'); "
        "import mbdata; print(len(mbdata.IMAGES))"
    )
    assert out.strip() == str(len(mbdata.IMAGES))


@needs_micropython
def test_micropython_sees_the_same_data():
    out = run_micropython(
        "import sys; sys.path.insert(0, 'host_tools/atelier/sim/vm'); import json, mbdata; "
        "print(json.dumps([mbdata.IMAGES, mbdata.ALL_CLOCKS, mbdata.ALL_ARROWS, mbdata.FONT, "
        "mbdata.MELODIES]))"
    )
    images, clocks, arrows, font, melodies = json.loads(out)
    assert images == mbdata.IMAGES
    assert tuple(clocks) == mbdata.ALL_CLOCKS
    assert tuple(arrows) == mbdata.ALL_ARROWS
    assert font == mbdata.FONT
    assert {k: tuple(v) for k, v in melodies.items()} == mbdata.MELODIES
