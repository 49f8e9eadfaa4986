"""The weather station as a class runs it: the lesson deployed on a (served) Pico, its readings
written on the board, `atelier collect` copies meteo.csv to the computer, `atelier chart` draws
it."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET

import pytest
from conftest import needs_vm
from test_pupils_work import atelier

pytestmark = [needs_vm, pytest.mark.timeout(240)]


def test_deploy_collect_and_chart_the_station(tmp_path, monkeypatch):
    from atelier.sim.serve import serve

    monkeypatch.setenv("ATELIER_INVENTORY", str(tmp_path / "data" / "inventory.sqlite"))
    with serve(1, board="pico") as served:
        port, board = served.ports[0], served.boards[0]
        r = atelier("deploy", "station-meteo", "--board", "pico", "--port", port)
        assert r.returncode == 0, r.stdout + r.stderr
        deadline = time.monotonic() + 30  # the board restarts and takes its first reading
        while not (board.flash / "meteo.csv").exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        r = atelier("collect", "--port", port, "--out", str(tmp_path / "out"))
        assert r.returncode == 0, r.stdout + r.stderr
    (csv,) = (tmp_path / "out").rglob("meteo.csv")
    lines = csv.read_text().splitlines()
    assert lines[0] == "temps (s),temperature (C),humidite (%)" and lines[1].startswith("0,")
    r = atelier("chart", str(csv), "-o", str(tmp_path / "meteo.svg"))
    assert r.returncode == 0, r.stderr
    root = ET.parse(tmp_path / "meteo.svg").getroot()
    assert len([g for g in root.iter() if g.get("class") == "series"]) == 2
