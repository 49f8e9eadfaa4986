"""The site's pictures (what the simulated board shows, as SVG) and downloads (.hex, zips)."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from mbhex_reader import read_files

from atelier.boards import load_boards
from atelier.bundle import Bundle, build_bundle, compile_bundle
from atelier.errors import UserError
from atelier.lessons import load_lesson
from atelier.sim import simulate
from atelier.site.downloads import HOWTO, assemble_hex, build_downloads, runtime_script
from atelier.site.pictures import lesson_picture

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "host_tools")}
SVG = "{http://www.w3.org/2000/svg}"


def _svg(text: str) -> ET.Element:
    root = ET.fromstring(text)  # raises on anything that is not well-formed XML
    assert root.tag == f"{SVG}svg"
    return root


def _lit_leds(root) -> dict[tuple[int, int], int]:
    leds = [e for e in root.iter(f"{SVG}rect") if "led" in e.get("class", "").split()]
    assert len(leds) == 25  # the whole 5x5 matrix is drawn, lit or not
    return {(int(e.get("data-x")), int(e.get("data-y"))): int(e.get("data-level"))
            for e in leds if int(e.get("data-level"))}  # fmt: skip


def _image_leds(image) -> dict[tuple[int, int], int]:
    return {(x, y): v for y, row in enumerate(image) for x, v in enumerate(row) if v}


def test_compass_picture_shows_the_arrow_the_board_shows_at_its_heading():
    root = _svg(lesson_picture(load_lesson("boussole-numerique")))
    assert root.find(f"{SVG}title").text == "Boussole numérique"
    # lesson.toml's [picture]: heading = 45, the picture after 3 s; the board itself says
    with simulate("boussole-numerique", board="microbit-v2") as b:
        b.world.heading = 45
        b.run(3)
        assert b.display.shows("ARROW_NW")  # north is on the pupil's left, ahead
        assert _lit_leds(root) == _image_leds(b.display.image)
    en = _svg(lesson_picture(load_lesson("boussole-numerique"), lang="en"))
    assert en.find(f"{SVG}title").text == "Digital compass"


def test_picture_changes_when_the_program_does(tmp_path: Path):
    lesson = tmp_path / "boussole"
    shutil.copytree(ROOT / "lessons/boussole-numerique", lesson)
    before = _lit_leds(_svg(lesson_picture(load_lesson(lesson))))
    main = lesson / "main.py"
    main.write_text(main.read_text(encoding="utf-8").replace("display.arrow(360 - heading)",
                                                             "display.arrow(heading)"),
                    encoding="utf-8")  # fmt: skip
    after = _lit_leds(_svg(lesson_picture(load_lesson(lesson))))
    assert after != before
    with simulate(lesson, board="microbit-v2") as b:
        b.world.heading = 45
        b.run(3)
        assert b.display.shows("ARROW_NE")
        assert after == _image_leds(b.display.image)


def test_the_die_picture_shows_a_face_after_a_shake():
    from atelier.sim.components.matrix import parse_image

    root = _svg(lesson_picture("de-electronique"))
    src = (ROOT / "lessons/de-electronique/main.py").read_text(encoding="utf-8")
    faces = re.findall(r'"([09]{5}(?::[09]{5}){4})"', src)  # the lesson's FACES
    assert len(faces) == 6
    assert _lit_leds(root) in [_image_leds(parse_image(f)) for f in faces]  # not the "?"


def test_oled_and_ring_pictures_light_what_the_board_lights():
    root = _svg(lesson_picture("boussole-numerique", board="pico"))
    screen = root.find(f".//{SVG}g[@class='screen']")
    assert (screen.get("data-width"), screen.get("data-height")) == ("128", "64")
    lit = {(int(r.get("x")) + i, int(r.get("y"))) for r in screen.iter(f"{SVG}rect")
           if r.get("class") == "px" for i in range(int(r.get("width")))}  # fmt: skip
    with simulate("boussole-numerique", board="pico") as b:
        b.world.heading = 45
        b.run(3)
        want = {(x, y) for y, row in enumerate(b.display.pixels) for x, v in enumerate(row) if v}
        assert b.display.shows("ARROW_NW")
    assert lit == want and lit

    root = _svg(lesson_picture("boussole-numerique", board="circuitplayground-bluefruit"))
    pixels = [e for e in root.iter(f"{SVG}circle") if "pixel" in e.get("class", "").split()]
    assert len(pixels) == 10
    lit = [int(e.get("data-index")) for e in pixels if "lit" in e.get("class").split()]
    with simulate("boussole-numerique", board="circuitplayground-bluefruit") as b:
        b.world.heading = 45
        b.run(3)
        assert b.display.arrow() == "ARROW_NW"
        assert lit == b.display.lit()


def test_strip_and_digits_are_drawn_as_the_modules_show_them():
    root = _svg(lesson_picture("veilleuse"))  # a dark room: the strip glows
    leds = [e for e in root.iter(f"{SVG}circle") if "strip-led" in e.get("class", "")]
    with simulate("veilleuse", board="microbit-v2") as b:
        b.run(3)
        colors = ["#{:02x}{:02x}{:02x}".format(*c) for c in b.strip.pixels]
    assert len(leds) == len(colors) and any(c != "#000000" for c in colors)
    assert [e.get("data-color", "#000000") for e in leds] == colors

    root = _svg(lesson_picture("serre-automatique"))  # [picture] soil_moisture = 20: watering
    with simulate("serre-automatique", board="microbit-v2") as b:
        b.world.soil_moisture = 20
        b.run(3)
        assert b.digits.text == "A 20"
        segments = b.digits.segments
    drawn = [0, 0, 0, 0]
    for e in root.iter(f"{SVG}rect"):
        if e.get("class") == "segment lit":
            drawn[int(e.get("data-digit"))] |= 1 << "abcdefg".index(e.get("data-segment"))
    assert tuple(drawn) == tuple(s & 0x7F for s in segments)


def test_a_picture_setting_the_world_lacks_is_one_line(tmp_path: Path):
    lesson = tmp_path / "boussole"
    shutil.copytree(ROOT / "lessons/boussole-numerique", lesson)
    toml = lesson / "lesson.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text.replace("heading = 45", "heading = 45\naltitude = 3"), encoding="utf-8")
    with pytest.raises(UserError) as e:
        load_lesson(lesson)
    msg = str(e.value)
    assert "picture" in msg and "'altitude'" in msg and "heading" in msg
    assert "\n" not in msg and "lesson.toml:" in msg


# -- downloads ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def alarm_downloads(tmp_path_factory):
    out = tmp_path_factory.mktemp("downloads")
    return out, {d.board: d for d in build_downloads(load_lesson("alarme-casier"), out)}


def test_hex_downloads_hold_the_lesson(alarm_downloads):
    out, downloads = alarm_downloads
    main = (ROOT / "lessons/alarme-casier/main.py").read_bytes()
    for board in ("microbit-v2", "microbit-v1"):
        d = downloads[board]
        assert d.path.endswith(".hex.js") and d.hex_name == f"alarme-casier-{board}.hex"
        assert ".hex" in d.label_fr and ".hex" in d.label_en
        text = _joined_hex(out / d.path, board)
        assert len(text) == d.size
        files = read_files(text)  # the project's own reader
        assert files["main.py"] == main
        bundle = build_bundle(load_lesson("alarme-casier"), load_boards().get(board))
        assert {k: v for k, v in files.items() if k != ".atelier.json"} == bundle.files


def _script_value(text: str):
    """The JSON value a site .hex script gives window.ATELIER_HEX."""
    return json.loads(text[text.index("] = ") + 4 :].strip().rstrip(";"))


def _joined_hex(part: Path, board: str) -> str:
    """The .hex the site's script joins from the lesson's part and the runtime's script."""
    runtime = _script_value(runtime_script(load_boards().get(board)))
    value = _script_value(part.read_text(encoding="utf-8"))
    return assemble_hex(runtime, value["parts"])


def _zip(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None
        return {n: z.read(n) for n in z.namelist()}


def test_pico_zip_holds_what_deploy_sends_and_runs(alarm_downloads):
    out, downloads = alarm_downloads
    d = downloads["pico"]
    entries = _zip(out / d.path)
    board = load_boards().get("pico")
    sent = compile_bundle(build_bundle(load_lesson("alarme-casier"), board)).files
    files = {n: v for n, v in entries.items() if not n.endswith("/") and n != HOWTO}
    assert files == sent
    assert files["main.py"] == (ROOT / "lessons/alarme-casier/main.py").read_bytes()
    assert "lib/kit/__init__.mpy" in files  # the kit, compiled as deploy sends it
    note = entries[HOWTO].decode("utf-8")
    assert note.startswith("Comment le copier")
    assert note.index("Thonny") < note.index("How to copy it")  # French first
    assert "atelier deploy alarme-casier --board pico" in note
    # what is downloaded runs: the zip's files on a simulated Pico
    with simulate(Bundle(board=board, files=files), board="pico") as b:
        b.world.magnet_near = True
        b.run(2)
        assert b.error is None


def test_circuitplayground_zip_is_laid_out_like_adafruits_bundles(alarm_downloads):
    out, downloads = alarm_downloads
    entries = _zip(out / downloads["circuitplayground-bluefruit"].path)
    tops = {n.split("/")[0] + ("/" if "/" in n else "") for n in entries}
    assert tops == {"code.py", "lib/", HOWTO}
    assert entries["code.py"] == (ROOT / "lessons/alarme-casier/main.py").read_bytes()
    board = load_boards().get("circuitplayground-bluefruit")
    bundle = build_bundle(load_lesson("alarme-casier"), board)
    files = {n: v for n, v in entries.items() if not n.endswith("/") and n != HOWTO}
    assert files == bundle.files
    assert "CIRCUITPY" in entries[HOWTO].decode("utf-8")


def test_two_builds_give_the_same_bytes(alarm_downloads, tmp_path: Path):
    out, downloads = alarm_downloads
    again = build_downloads(load_lesson("alarme-casier"), tmp_path)
    assert [d.path for d in again] == [d.path for d in downloads.values()]
    for d in again:
        assert (tmp_path / d.path).read_bytes() == (out / d.path).read_bytes(), d.path


def test_a_lesson_without_the_v1_has_no_v1_hex(tmp_path: Path):
    paths = [d.path for d in build_downloads("station-meteo", tmp_path)]
    assert "station-meteo-microbit-v2.hex.js" in paths
    assert not any("microbit-v1" in p for p in paths)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(paths)


def test_zip_bytes_do_not_depend_on_file_times(tmp_path: Path):
    from atelier.site.downloads import bundle_zip

    board = load_boards().get("pico")
    bundle = Bundle(board=board, files={"main.py": b"print(1)\n", "lib/a.py": b"x = 1\n"})
    one = bundle_zip(bundle, "note")
    assert one == bundle_zip(bundle, "note")
    with zipfile.ZipFile(io.BytesIO(one)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert z.namelist()[0] == "lib/"


def test_a_dark_ring_picture_shows_what_the_kit_wrote_on_the_console():
    # compteur-boutons' [picture]: A pressed three times; the ring cannot show "3"
    root = _svg(lesson_picture("compteur-boutons", board="circuitplayground-bluefruit"))
    assert not [e for e in root.iter(f"{SVG}circle") if "lit" in e.get("class", "").split()]
    with simulate("compteur-boutons", board="circuitplayground-bluefruit") as b:
        for _ in range(3):
            b.run(0.5)
            b.press("A")
        b.run(1.5)
        assert b.display.shows_text(3)
    (text,) = [e for e in root.iter(f"{SVG}text") if e.get("class") == "console"]
    assert text.text == "[display] 3"


def test_a_servo_lessons_picture_shows_the_arm_where_the_servo_stands(tmp_path):
    from atelier.site.pictures import lesson_picture

    ns = {"s": "http://www.w3.org/2000/svg"}

    def arm(folder) -> float:
        svg = ET.fromstring(lesson_picture(folder))
        line = svg.find(".//s:line[@class='servo-arm']", ns)
        assert line is not None
        return float(line.get("data-angle"))

    lesson = Path(__file__).resolve().parents[1] / "lessons" / "barriere-parking"
    assert abs(arm(lesson) - 90) <= 2  # the ticket taken ([picture] presses A): the arm is up
    copy = tmp_path / "barriere-parking"
    shutil.copytree(lesson, copy)
    toml = copy / "lesson.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('press = ["A"]\n', ""),
                    encoding="utf-8")  # fmt: skip
    assert abs(arm(copy) - 0) <= 2  # no ticket: the barrier stays down


def test_a_wifi_lessons_zip_holds_no_password_and_says_how_the_board_gets_it(
    tmp_path, monkeypatch
):
    settings = tmp_path / "net.toml"  # the computer has the class's Wi-Fi settings...
    settings.write_text('ssid = "ecole"\npassword = "tres-secret"\nbroker = "10.0.0.2"\n')
    monkeypatch.setenv("ATELIER_NET", str(settings))
    out = tmp_path / "out"
    downloads = {d.board: d for d in build_downloads(load_lesson("page-web-carte"), out)}
    entries = _zip(out / downloads["esp32"].path)
    # ...which never reach the download
    assert not any(b"tres-secret" in v or b"ecole" in v for v in entries.values())
    assert not any("kitnet" in name for name in entries)
    note = entries[HOWTO].decode("utf-8")
    assert "Le Wi-Fi" in note and "lib/kitnet.py" in note and "atelier deploy" in note
    assert note.index("Le Wi-Fi") < note.index("How to copy it") < note.index("The Wi-Fi")


def test_a_board_library_missing_here_leaves_that_download_out_and_says_how(tmp_path):
    # a teacher who never installed umqtt.simple still gets the site; the page and the build
    # say what is missing and the command that fixes it
    env = {**ENV, "ATELIER_LIBRARIES": str(tmp_path / "empty"), "ATELIER_LANG": "fr"}
    mine = str(ROOT / "lessons" / "station-connectee")
    r = subprocess.run([sys.executable, "-m", "atelier", "site", "build", mine, "-o",
                        str(tmp_path / "s")], capture_output=True, text=True, env=env,
                       cwd=tmp_path, timeout=300)  # fmt: skip
    assert r.returncode == 0, r.stderr
    # only the Pico W's: the ESP32's firmware has umqtt, its zip carries none
    warning = [ln for ln in r.stdout.splitlines() if "station-connectee [" in ln]
    assert len(warning) == 1 and "station-connectee [pico-w]" in warning[0], r.stdout
    assert "atelier libraries install micropython-umqtt.simple" in warning[0]
    page = (tmp_path / "s" / "station-connectee" / "index.html").read_text(encoding="utf-8")
    assert '<li class="missing">' in page and "micropython-umqtt.simple" in page
    zips = [p.name for p in (tmp_path / "s" / "station-connectee").glob("*.zip")]
    assert zips == ["station-connectee-esp32.zip"]
    # every other lesson's downloads are there
    assert (tmp_path / "s" / "boussole-numerique" / "boussole-numerique-esp32.zip").is_file()
