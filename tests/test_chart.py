"""atelier chart: a CSV of readings (a weather station's meteo.csv) as an SVG line chart; a
broken file is one line naming the file, the line and what is wrong, and exit 1."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import needs_vm
from test_cli import ROOT, atelier

from atelier.chart import chart, read_csv, ticks
from atelier.errors import UserError

SVG = "{http://www.w3.org/2000/svg}"
# what the weather station lesson writes on the board
STATION = (
    "temps (s),temperature (C),humidite (%)\n"
    "0,18.0,40.0\n10,18.2,41.5\n20,24.0,60.1\n30,23.5,58.0\n40,22.1,55.0\n"
)


def points(series) -> list[tuple[float, float]]:
    line = series.find(f"{SVG}polyline")
    return [tuple(map(float, p.split(","))) for p in line.get("points").split()]


def texts(root, cls) -> list[str]:
    return [t.text for t in root.iter(f"{SVG}text") if t.get("class") == cls]


def test_the_station_file_is_a_chart_with_every_reading_and_labelled_axes(tmp_path: Path):
    csv = tmp_path / "meteo.csv"
    csv.write_text(STATION)
    r = atelier("--lang", "en", "chart", str(csv))
    assert r.returncode == 0, r.stderr
    out = tmp_path / "meteo.svg"  # beside the CSV by default
    assert str(out) in r.stdout
    root = ET.parse(out).getroot()  # well-formed XML
    assert root.tag == f"{SVG}svg"
    series = [g for g in root.iter(f"{SVG}g") if g.get("class") == "series"]
    assert [g.get("data-column") for g in series] == ["temperature (C)", "humidite (%)"]
    for g in series:
        pts = points(g)
        assert len(pts) == 5 and len(g.findall(f"{SVG}circle")) == 5
        xs = [x for x, _ in pts]
        assert xs == sorted(xs) and len(set(xs)) == 5  # time goes to the right
    temperature = [y for _, y in points(series[0])]
    assert temperature[2] < temperature[1] < temperature[0]  # warmer is higher (smaller y)
    assert texts(root, "x-label") == ["temps (s)"]
    assert texts(root, "y-label") == ["temperature (C), humidite (%)"]


def test_one_column_by_its_name_and_french_decimal_commas(tmp_path: Path):
    csv = tmp_path / "meteo.csv"
    csv.write_text("temps (s),temperature (C),humidite (%)\n0,21.0,40\n10,21.8,41\n")
    svg = tmp_path / "t.svg"
    r = atelier("--lang", "fr", "chart", str(csv), "--column", "Temperature", "-o", str(svg))
    assert r.returncode == 0, r.stderr
    root = ET.parse(svg).getroot()
    series = [g for g in root.iter(f"{SVG}g") if g.get("class") == "series"]
    assert [g.get("data-column") for g in series] == ["temperature (C)"]
    assert texts(root, "y-label") == ["temperature (C)"]
    ticks_text = [t.text for g in root.iter(f"{SVG}g") if g.get("class") == "ticks"
                  for t in g]  # fmt: skip
    assert "21,4" in ticks_text and "21.4" not in ticks_text  # French: a decimal comma


def test_a_french_spreadsheet_export_reads_too(tmp_path: Path):
    csv = tmp_path / "export.csv"
    csv.write_bytes("temps (s);température (°C)\r\n0;21,5\r\n10;22\r\n".encode("cp1252"))
    table = read_csv(csv)
    assert table.columns == ["temps (s)", "température (°C)"]
    assert table.rows == [[0, 21.5], [10, 22]]
    chart(csv)
    ET.parse(tmp_path / "export.svg")


@pytest.mark.parametrize(
    "content,message",
    [
        ("", "the file is empty"),
        ("temps (s)\n0\n", ":1: the first line must name the columns"),
        ("temps (s),temperature (C)\n", "no readings under the first line"),
        ("temps (s),temperature (C)\n0,21\n10\n", ":3: 1 values, but the first line names 2"),
        ("temps (s),temperature (C)\n0,21\n10,chaud\n", ":3: 'chaud' in column "
         "'temperature (C)' is not a number"),
        ("temps (s),temperature (C)\n0,nan\n", ":2: 'nan' in column"),
    ],
)  # fmt: skip
def test_a_broken_csv_is_one_line_and_exit_1(tmp_path: Path, content, message):
    csv = tmp_path / "meteo.csv"
    csv.write_text(content)
    r = atelier("--lang", "en", "chart", str(csv))
    assert r.returncode == 1
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    assert message in r.stderr and str(csv) in r.stderr
    assert not (tmp_path / "meteo.svg").exists()


def test_a_missing_file_or_column_says_so(tmp_path: Path):
    r = atelier("--lang", "en", "chart", str(tmp_path / "nothing.csv"))
    assert r.returncode == 1 and "nothing.csv: no such file" in r.stderr
    csv = tmp_path / "meteo.csv"
    csv.write_text(STATION)
    with pytest.raises(UserError, match=r"no column 'pression'; its columns: temperature \(C\)"):
        chart(csv, column="pression")


def test_ticks_are_round_and_cover_the_readings():
    assert ticks(0, 30) == [0, 10, 20, 30]
    assert ticks(17.6, 24.3) == [16, 18, 20, 22, 24, 26]
    assert ticks(21.0, 21.8) == [21, 21.2, 21.4, 21.6, 21.8]
    t = ticks(18, 18)  # one reading: still an axis
    assert t[0] < 18 < t[-1]


@needs_vm
def test_the_weather_station_lessons_own_file_draws(tmp_path: Path):
    # what the lesson writes on a board, as `atelier collect` copies it, is what chart reads
    from atelier.sim import simulate

    with simulate(ROOT / "lessons" / "station-meteo", board="microbit-v2") as b:
        b.world.temperature, b.world.humidity = 18, 40
        b.run(25)
        b.world.temperature, b.world.humidity = 23, 65
        b.run(40)
        csv = tmp_path / "meteo.csv"
        csv.write_bytes((b.flash / "meteo.csv").read_bytes())
    root = ET.parse(chart(csv, column="temperature")).getroot()
    (series,) = [g for g in root.iter(f"{SVG}g") if g.get("class") == "series"]
    ys = [y for _, y in points(series)]
    assert len(ys) == 7 and ys[0] == ys[1] == ys[2] > ys[-1]  # 18 °C, then warmer (higher)
    assert texts(root, "x-label") == ["temps (s)"]
    assert texts(root, "y-label") == ["temperature (C)"]
