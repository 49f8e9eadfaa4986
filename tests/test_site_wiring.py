"""The site's wiring diagrams: what a teacher reads off them, for each board of the kit, checked
against boards.toml (and a school's kit.toml), by parsing the SVG with the stdlib."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from atelier.boards import load_boards
from atelier.kitfile import with_kit_file
from atelier.lessons import all_lessons, load_lesson
from atelier.site.wiring import wiring_svg, wiring_table

LESSONS = Path(__file__).parent.parent / "lessons"
SVG = "{http://www.w3.org/2000/svg}"
BOARD_IDS = load_boards().ids()


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def texts(element: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in element.iter(f"{SVG}text")]


def wires(root: ET.Element, part: str) -> dict[str, str]:
    """The part's wires: pin label written on the wire -> its colour kind."""
    out = {}
    for g in root.iter(f"{SVG}g"):
        if g.get("class") == "wire" and g.get("data-part") == part:
            (label,) = texts(g)
            out[label] = g.get("data-kind")
    return out


def pads(root: ET.Element) -> set[str]:
    return {g.get("data-pin") for g in root.iter(f"{SVG}g") if g.get("class") == "pad"}


def label(board, pin) -> str:
    """How the board prints a pin, written out here from the boards' own pinouts."""
    if isinstance(pin, str):
        return pin
    return {
        "microbit": f"P{pin}",
        "machine": f"GP{pin}" if board.platform == "rp2" else f"GPIO{pin}",
    }[board.backend]


def parts_of(lesson: str) -> list[str]:
    return load_lesson(LESSONS / lesson).info.hardware.parts


@pytest.mark.parametrize("board_id", BOARD_IDS)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_board_draws_a_standalone_svg(board_id, lang):
    board = load_boards().get(board_id)
    parts = ["distance", "servo", "knob", "relay", "buttons", "buzzer", "display", "env"]
    root = parse(wiring_svg(board, parts, lang))
    assert root.get("viewBox").startswith("0 0 600 ")
    assert root.get("lang") == lang
    title = root.find(f"{SVG}title")
    assert title is not None and board.name in title.text
    # every wire is named (a <title> and the pin written on it), not only coloured
    for g in root.iter(f"{SVG}g"):
        if g.get("class") == "wire":
            assert g.find(f"{SVG}title").text.strip()
            assert texts(g) == [g.get("data-pin")]
            assert g.get("data-pin") in pads(root)


@pytest.mark.parametrize("board_id", load_lesson(LESSONS / "radar-recul").info.boards)
def test_radar_recul_modules_are_on_their_pins(board_id):
    board = load_boards().get(board_id)
    root = parse(wiring_svg(board, parts_of("radar-recul"), "fr"))
    kit = board.kit
    distance = wires(root, "distance")
    assert distance[label(board, kit.distance.pin)] == "signal"
    digits = wires(root, "digits")
    assert digits[label(board, kit.digits.clk)] == "signal"
    assert digits[label(board, kit.digits.dio)] == "signal2"
    # each module is powered: a red wire to the supply, a black one to ground
    assert sorted(distance.values()) == ["ground", "power", "signal"]
    assert "GND" in distance
    boxes = [" ".join(texts(g)) for g in root.iter(f"{SVG}g") if g.get("class") == "module"]
    assert any("Capteur de distance" in box for box in boxes)
    assert any("Afficheur 4 chiffres" in box for box in boxes)


def test_pin_labels_as_printed_on_each_board():
    boards = load_boards()
    got = {
        b: wires(parse(wiring_svg(boards.get(b), ["distance"], "en")), "distance")
        for b in ("microbit-v2", "pico", "esp32", "circuitplayground-bluefruit")
    }
    assert "P8" in got["microbit-v2"]
    assert "GP18" in got["pico"]
    assert "GPIO13" in got["esp32"]
    assert "A6" in got["circuitplayground-bluefruit"]


def test_built_in_parts_are_listed_not_wired():
    board = load_boards().get("microbit-v2")
    root = parse(wiring_svg(board, ["buttons", "buzzer", "display", "compass"], "fr"))
    assert not [g for g in root.iter(f"{SVG}g") if g.get("class") in ("wire", "module")]
    (on_board,) = [g for g in root.iter(f"{SVG}g") if g.get("class") == "on-board"]
    line = " ".join(texts(on_board))
    assert line.startswith("Sur la carte")
    for word in ("boutons A et B", "haut-parleur", "écran de 25 LED", "boussole"):
        assert word in line
    rows = wiring_table(board, ["buttons", "buzzer"], "en")
    assert [(r.part, r.pins) for r in rows] == [
        ("buttons", "on the board"),
        ("buzzer", "on the board"),
    ]


def test_separate_buttons_buzzer_and_oled_are_wired_on_a_pico():
    board = load_boards().get("pico")
    root = parse(wiring_svg(board, ["buttons", "buzzer", "display", "door"], "en"))
    assert wires(root, "buttons") == {"GP14": "signal", "GP13": "signal", "GND": "ground"}
    assert wires(root, "buzzer") == {"GP15": "signal", "GND": "ground"}
    assert wires(root, "door") == {"GP16": "signal", "GND": "ground"}
    bus = board.bus(board.kit.display.bus)
    oled = wires(root, "display")
    assert oled[label(board, bus.sda)] == "sda" and oled[label(board, bus.scl)] == "scl"
    assert not [g for g in root.iter(f"{SVG}g") if g.get("class") == "on-board"]


def test_a_v1_piezo_is_wired_where_a_v2_speaker_is_built_in():
    boards = load_boards()
    v1 = parse(wiring_svg(boards.get("microbit-v1"), ["buzzer"], "en"))
    v2 = parse(wiring_svg(boards.get("microbit-v2"), ["buzzer"], "en"))
    assert wires(v1, "buzzer") == {"P0": "signal", "GND": "ground"}
    assert wires(v2, "buzzer") == {}
    assert "the speaker" in " ".join(texts(v2))


def test_humidity_module_on_the_i2c_pins():
    boards = load_boards()
    v2 = parse(wiring_svg(boards.get("microbit-v2"), parts_of("station-meteo"), "fr"))
    assert wires(v2, "env") == {"P20": "sda", "P19": "scl", "3V": "power", "GND": "ground"}
    assert "le thermomètre" in " ".join(texts(v2))  # the micro:bit's own
    pico = wiring_table(boards.get("pico"), ["env"], "en")
    assert [r.module for r in pico] == [
        "Pressure and temperature module BMP280",
        "Humidity module AHT20",
    ]
    assert all("SDA → GP4, SCL → GP5" in r.pins for r in pico)


def test_a_kit_file_moves_the_label(tmp_path):
    kit = tmp_path / "kit.toml"
    kit.write_text(
        "[microbit-v2]\ndistance = { kind = 'grove', pin = 0 }\n"
        "[pico]\ndigits = { clk = 2, dio = 3 }\n",
        encoding="utf-8",
    )
    boards = load_boards()
    parts = parts_of("radar-recul")
    v2 = with_kit_file(boards.get("microbit-v2"), kit)
    assert "P0" in wires(parse(wiring_svg(v2, parts, "fr")), "distance")
    assert "P8" not in wires(parse(wiring_svg(v2, parts, "fr")), "distance")
    pico = with_kit_file(boards.get("pico"), kit)
    digits = wires(parse(wiring_svg(pico, parts, "en")), "digits")
    assert digits["GP2"] == "signal" and digits["GP3"] == "signal2"
    assert "GP20" not in digits
    assert (
        "digits",
        "4-digit display (TM1637)",
        "CLK → GP2, DIO → GP3, VCC → 3V3, GND → GND",
    ) in (wiring_table(pico, parts, "en"))


def test_a_part_the_kit_does_not_wire_is_said(tmp_path):
    kit = tmp_path / "kit.toml"
    kit.write_text("[microbit-v2]\ndigits = 'none'\n", encoding="utf-8")
    board = with_kit_file(load_boards().get("microbit-v2"), kit)
    root = parse(wiring_svg(board, ["digits"], "en"))
    assert wires(root, "digits") == {}
    (missing,) = [g for g in root.iter(f"{SVG}g") if g.get("class") == "not-wired"]
    assert "Not wired in this kit: 4-digit display (TM1637)" in " ".join(texts(missing))


def test_french_and_english_labels():
    board = load_boards().get("pico")
    parts = ["servo", "buttons", "distance"]
    fr = " ".join(texts(parse(wiring_svg(board, parts, "fr"))))
    en = " ".join(texts(parse(wiring_svg(board, parts, "en"))))
    assert "Câblage sur Raspberry Pi Pico" in fr and "Servomoteur" in fr and "Bouton A" in fr
    assert "Wiring on Raspberry Pi Pico" in en and "Servo motor" in en and "Button A" in en
    assert "masse" in fr and "ground" in en
    assert "Servomoteur" not in en and "Servo motor" not in fr


def test_circuit_playground_own_sensors_are_on_the_board():
    board = load_boards().get("circuitplayground-bluefruit")
    root = parse(wiring_svg(board, ["light", "buttons", "buzzer", "motion", "compass"], "en"))
    line = " ".join(texts(root))
    for word in ("the light sensor", "buttons A and B", "the speaker", "the accelerometer"):
        assert word in line
    # the compass is the kit's LIS2MDL module, on the SCL/SDA pads
    assert wires(root, "compass") == {"SDA": "sda", "SCL": "scl", "3.3V": "power", "GND": "ground"}
    assert wires(root, "light") == {}


def test_micro_bit_modules_say_their_grove_port():
    board = load_boards().get("microbit-v2")
    rows = [(r.part, r.pins) for r in wiring_table(board, ["soil", "distance", "env"], "fr")]
    assert rows == [
        ("soil", "SIG → P1, VCC → 3V, GND → GND (port Grove P1/P15)"),
        ("distance", "SIG → P8, VCC → 3V, GND → GND"),  # on the shield's header
        ("env", "SDA → P20, SCL → P19, VCC → 3V, GND → GND (port Grove I2C)"),
        ("env", "sur la carte"),  # its thermometer
    ]
    root = parse(wiring_svg(board, ["soil"], "en"))
    (box,) = [g for g in root.iter(f"{SVG}g") if g.get("class") == "module"]
    assert "Grove port P1/P15" in texts(box)
    assert "on its Grove shield" in texts(root)


def test_ids_differ_between_boards():
    boards = load_boards()
    ids = [
        parse(wiring_svg(boards.get(b), ["display"], "fr")).find(f"{SVG}title").get("id")
        for b in BOARD_IDS
    ]
    assert len(set(ids)) == len(ids)


def test_every_part_of_every_lesson_is_in_the_table_on_each_of_its_boards():
    boards = load_boards()
    for lesson in all_lessons(LESSONS):
        parts = lesson.info.hardware.parts
        for board_id in lesson.info.boards:
            board = boards.get(board_id)
            rows = wiring_table(board, parts, "fr")
            shown = {p for row in rows for p in row.part.split(", ")}
            assert shown == set(parts), (lesson.info.id, board_id)
            root = parse(wiring_svg(board, parts, "en"))
            drawn = {
                g.get("data-part") for g in root.iter(f"{SVG}g") if g.get("class") == "module"
            }
            assert drawn == {r.part.split(", ")[0] for r in rows if "→" in r.pins}


def test_the_radio_is_on_the_board_nothing_to_wire():
    boards = load_boards()
    mb = wiring_table(boards.get("microbit-v1"), ["radio"], "fr")
    esp = wiring_table(boards.get("esp32"), ["radio"], "en")
    pico = wiring_table(boards.get("pico"), ["radio"], "en")
    assert [(r.part, r.module) for r in mb] == [("radio", "la radio de la micro:bit")]
    assert [(r.part, r.module) for r in esp] == [("radio", "the ESP32's Wi-Fi, as ESP-NOW")]
    assert "→" not in mb[0].pins + esp[0].pins
    assert pico[0].module == "the radio (this board has none)"


def test_one_module_for_two_parts():
    rows = wiring_table(load_boards().get("pico"), ["compass", "motion"], "en")
    assert [r.part for r in rows] == ["compass", "compass, motion"]
    assert rows[1].module == "Accelerometer module LSM303AGR"


def test_an_hcsr04_in_a_kit_file_has_two_signal_wires(tmp_path):
    kit = tmp_path / "kit.toml"
    kit.write_text(
        "[pico]\ndistance = { kind = 'hcsr04', trig = 2, echo = 3 }\n", encoding="utf-8"
    )
    board = with_kit_file(load_boards().get("pico"), kit)
    root = parse(wiring_svg(board, ["distance"], "fr"))
    assert wires(root, "distance") == {
        "GP2": "signal", "GP3": "signal2", "3V3": "power", "GND": "ground"
    }  # fmt: skip
    (box,) = [g for g in root.iter(f"{SVG}g") if g.get("class") == "module"]
    assert {"TRIG", "ECHO"} <= set(texts(box))


def test_a_servo_and_a_strip_take_5_volts_where_the_board_has_a_5_volt_pad():
    boards = load_boards()
    supply = {"pico": "VBUS", "esp32": "5V", "microbit-v2": "3V"}  # the micro:bit has no 5 V
    for board, pad in supply.items():
        root = parse(wiring_svg(boards.get(board), ["servo", "strip", "digits"], "fr"))
        for part in ("servo", "strip"):
            assert wires(root, part)[pad] == "power", (board, part)
        # a 3.3 V module stays on the 3.3 V pad
        assert "VBUS" not in wires(root, "digits") and "5V" not in wires(root, "digits")
