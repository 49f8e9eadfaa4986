"""Simulator tests of the weather station: every 10 s a row (time, temperature, humidity) in
meteo.csv on the board's own filesystem, at most 60 rows, A shows the last reading, and a
restarted station carries on with its file."""

import unicodedata
from pathlib import Path

import pytest

from atelier.boards import load_boards
from atelier.bundle import build_bundle
from atelier.lessons import load_lesson
from atelier.pupil_check import boards, program, says
from atelier.sim import simulate
from atelier.sim.shown import scrolled, watch

HERE = Path(__file__).parent
# the lesson's main.py, or the pupil's under `atelier check` (on the board it chose)
LESSON = program(HERE)
BOARDS = boards(load_lesson(HERE).info.boards)  # every board it supports
CPB = [b for b in BOARDS if b == "circuitplayground-bluefruit"]
HEADER = ["temps (s)", "temperature (c)", "humidite (%)"]  # as plain() gives them
FILE = "meteo.csv"


def station(board_id, files=None):
    """The board with the program and the lesson's boot.py (deploy puts both), and `files`
    already on its filesystem."""
    lesson = load_lesson(LESSON) if LESSON.is_dir() else LESSON
    bundle = build_bundle(lesson, load_boards().get(board_id))
    bundle.files.setdefault("boot.py", (HERE / "boot.py").read_bytes())
    bundle.files.update(files or {})
    return simulate(bundle, board=board_id)


@pytest.fixture(params=BOARDS)
def board(request):
    with station(request.param) as b:
        # the Circuit Playground's slide switch gives CIRCUITPY to the program (boot.py)
        b.world.slide_switch_right = True
        b.world.temperature, b.world.humidity = 18, 40
        yield b


def plain(name):
    """A column's name without accents, capitals or spaces around: "Température (°C)" and
    "temperature (C)" are one column for a pupil."""
    letters = unicodedata.normalize("NFKD", name.replace("°", ""))
    return "".join(c for c in letters if not unicodedata.combining(c)).casefold().strip()


def table(board):
    """meteo.csv as the board holds it: the header (plain names), then the rows as lists of
    numbers."""
    path = board.flash / FILE
    assert path.is_file(), "no meteo.csv on the board"
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == "", "the last line does not end"
    header, rows = lines[0].split(","), [line.split(",") for line in lines[1:-1]]
    return [plain(h) for h in header], [[float(v) for v in row] for row in rows]


@says(
    fr="Chaque mesure devient une ligne de meteo.csv, avec le temps et la température",
    en="Each reading becomes a line of meteo.csv, with the time and the temperature",
    fail_fr="Les mesures ne s'écrivent pas ligne par ligne dans meteo.csv",
    fail_en="The readings are not written line by line into meteo.csv",
    step=2,
)
def test_each_reading_is_a_row(board):
    board.run(3)
    header, rows = table(board)  # the first reading is written at once
    assert header[:2] == HEADER[:2]
    assert [r[:2] for r in rows] == [[0, pytest.approx(18, abs=0.2)]]
    board.run(12)
    board.world.temperature = 24  # it gets warmer
    board.run(40)
    header, rows = table(board)
    assert 4 <= len(rows) <= 6
    assert [r[0] for r in rows] == [10 * i for i in range(len(rows))]
    assert rows[1][1] == pytest.approx(18, abs=0.2)
    assert rows[-1][1] == pytest.approx(24, abs=0.2)


@says(
    fr="L'humidité de l'air s'écrit dans une troisième colonne",
    en="The air's humidity is written in a third column",
    fail_fr="L'humidité de l'air ne s'écrit pas dans une troisième colonne",
    fail_en="The air's humidity is not written in a third column",
    step=3,
)
def test_humidity_column(board):
    board.run(15)
    board.world.humidity = 72  # a shower of rain
    board.run(20)
    header, rows = table(board)
    assert header == HEADER
    assert all(len(r) == 3 for r in rows)
    assert rows[0][2] == pytest.approx(40, abs=0.5)
    assert rows[-1][2] == pytest.approx(72, abs=0.5)


@says(
    fr="Le fichier garde les 60 dernières mesures et ne grossit plus",
    en="The file keeps the last 60 readings and grows no more",
    fail_fr="Le fichier grossit sans fin : il finira par remplir la carte",
    fail_en="The file grows without end: it will fill the board",
    step=4,
)
def test_the_file_stays_small(board):
    board.run(600)  # ten minutes...
    board.world.temperature = 26
    board.run(150)  # ...and more
    header, rows = table(board)
    assert header == HEADER and len(rows) == 60
    times = [r[0] for r in rows]
    assert times == [times[0] + 10 * i for i in range(60)] and times[0] > 0  # the oldest went
    assert rows[-1][1] == pytest.approx(26, abs=0.2)
    assert (board.flash / FILE).stat().st_size < 2000  # well within a micro:bit's 20 KB


@says(
    fr="Interrupteur vers la note de musique : la carte ne peut pas écrire et montre ✗",
    en="Switch towards the music note: the board cannot write and shows ✗",
    fail_fr="Quand la carte ne peut pas écrire son fichier, elle ne montre pas ✗",
    fail_en="When the board cannot write its file, it does not show ✗",
    step=2,
)
@pytest.mark.parametrize("board_id", CPB)
def test_cannot_write_shows_no(board_id):
    with station(board_id) as b:
        b.world.slide_switch_right = False  # CIRCUITPY stays the computer's
        assert scrolled(b, watch(b, 5), "NO", how="show")
        assert not (b.flash / FILE).exists()


@says(
    fr="Le bouton A montre la dernière mesure : température et humidité",
    en="Button A shows the last reading: temperature and humidity",
    fail_fr="Le bouton A ne montre pas la dernière mesure",
    fail_en="Button A does not show the last reading",
    step=5,
)
def test_a_shows_the_last_reading(board):
    board.world.temperature, board.world.humidity = 19, 55
    board.run(12)
    seen = watch(board, 4)
    assert not scrolled(board, seen, "19 C 55 %")  # the display rests
    board.press("A")
    assert scrolled(board, watch(board, 8), "19 C 55 %")


@says(
    fr="Les mesures arrivent bien toutes les 10 secondes",
    en="The readings really come every 10 seconds",
    fail_fr="Les mesures n'arrivent pas toutes les 10 secondes",
    fail_en="The readings do not come every 10 seconds",
    step=5,
)
def test_a_reading_every_ten_seconds(board):
    written = []  # when each row appeared in the file
    for _ in range(480):
        board.run(0.2)
        n = len(table(board)[1]) if (board.flash / FILE).exists() else 0
        written += [board.time] * (n - len(written))
    # about 0, 10, ..., 90 s: reading the sensors and writing the file take a little time
    assert len(written) in (9, 10) and written[0] <= 1.2
    gaps = [b - a for a, b in zip(written, written[1:], strict=False)]
    assert all(9.6 <= gap <= 10.6 for gap in gaps), (written, gaps)
    assert [r[0] for r in table(board)[1]] == [10 * i for i in range(len(written))]


@says(
    fr="Après un redémarrage, la station continue le même fichier",
    en="After a restart, the station carries on with the same file",
    fail_fr="Après un redémarrage, la station efface les mesures d'avant",
    fail_en="After a restart, the station wipes out the readings from before",
    step=6,
)
@pytest.mark.parametrize("board_id", BOARDS)
def test_a_restart_carries_on(board_id):
    before = "temps (s),temperature (C),humidite (%)\n0,15.0,60.0\n10,15.5,61.0\n20,16.0,62.0\n"
    with station(board_id, {FILE: before.encode()}) as b:
        b.world.slide_switch_right = True
        b.world.temperature, b.world.humidity = 21, 45
        b.run(3)
        header, rows = table(b)
        assert header == HEADER
        assert [r[0] for r in rows] == [0, 10, 20, 30]
        assert rows[:3] == [[0, 15, 60], [10, 15.5, 61], [20, 16, 62]]
        assert rows[3][1:] == [pytest.approx(21, abs=0.2), pytest.approx(45, abs=0.5)]
