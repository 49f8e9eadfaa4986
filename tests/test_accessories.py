"""The Grove-style modules of the kit (distance, servo, presence, light, soil, knob, relay):
programs a pupil would write, run in the MicroPython VM on every board that can wire the module
(boards.toml's default wiring, or a school's kit.toml), against the modules' models; and the
kit.toml a school writes when its kit is wired otherwise."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from atelier.boards import BoardsError, load_boards
from atelier.bundle import build_bundle
from atelier.errors import UserError
from atelier.kitfile import with_kit_file
from atelier.sim import LessonError, simulate, vm_available

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(not vm_available(), reason="MicroPython VM not installed here")


def _v1_runs_the_kit() -> str:
    """Why the simulated micro:bit V1 cannot run a kit program on this branch ("" if it can)."""
    from atelier.sim import _hardware_for

    board = load_boards().get("microbit-v1")
    try:
        _hardware_for(board)
        build_bundle(ROOT / "lessons" / "boussole-numerique" / "main.py", board)
    except UserError as e:
        return str(e)
    return ""


_V1 = _v1_runs_the_kit()
V1 = pytest.param(
    "microbit-v1",
    marks=pytest.mark.skipif(bool(_V1), reason=f"V1 not simulated on this branch: {_V1}"),
)
ALL = ["microbit-v2", V1, "pico", "esp32", "circuitplayground-bluefruit"]


def start(tmp_path: Path, board: str, source: str, kit: str = ""):
    """simulate() a pupil's main.py, with the school's kit.toml beside it if `kit`."""
    main = tmp_path / "main.py"
    main.write_text(textwrap.dedent(source).lstrip("\n"), encoding="utf-8")
    if kit:
        (tmp_path / "kit.toml").write_text(textwrap.dedent(kit).lstrip("\n"), encoding="utf-8")
    return simulate(main, board=board)


def lines(board) -> list[str]:
    return board.output.splitlines()


# -- distance -----------------------------------------------------------------------------------
DISTANCE_PROGRAM = """
    from kit import distance, sleep_ms

    while True:
        d = distance.cm()
        if d is None:
            print("rien")
        elif d < 20:
            print("proche", d)
        else:
            print("loin", d)
        sleep_ms(200)
"""


@pytest.mark.parametrize("board", ALL)
def test_distance_says_how_far_and_none_when_nothing_echoes(tmp_path, board):
    with start(tmp_path, board, DISTANCE_PROGRAM) as b:
        b.world.distance_cm = 12
        b.run(0.5)
        near = lines(b)[-1]
        b.world.distance_cm = 150
        b.run(0.5)
        far = lines(b)[-1]
        b.world.distance_cm = None  # nothing in front
        b.run(0.5)
        nothing = lines(b)[-1]
        b.world.distance_cm = 600  # farther than the ranger reaches
        b.run(0.5)
        too_far = lines(b)[-1]
        t0, printed = b.time, len(lines(b))
        b.run(1)
        rate = len(lines(b)) - printed
    word, cm = near.split()
    assert word == "proche" and float(cm) == pytest.approx(12, abs=0.5)
    word, cm = far.split()
    assert word == "loin" and float(cm) == pytest.approx(150, abs=0.5)
    assert nothing == "rien" and too_far == "rien"
    # no echo costs the kit's 25 ms timeout per measure, never a hang: ~4 measures a second
    assert t0 > 0 and 4 <= rate <= 5


def test_distance_without_a_module_on_the_pin_is_none_not_a_hang(tmp_path):
    with start(tmp_path, "pico", DISTANCE_PROGRAM) as b:
        pin = b.hardware.pins.pin_id(18)  # boards.toml: the Grove ranger on GP18
        del b.hardware.pins.signals[pin], b.hardware.pins.wired[pin]  # unplugged
        b.world.distance_cm = 30
        b.run(1)
    assert set(lines(b)) == {"rien"} and len(lines(b)) >= 4


def test_an_hcsr04_moved_to_other_pins_by_kit_toml_measures(tmp_path):
    kit = '[pico]\ndistance = { kind = "hcsr04", trig = 2, echo = 3 }\n'
    with start(tmp_path, "pico", DISTANCE_PROGRAM, kit) as b:
        b.world.distance_cm = 42.5
        b.run(0.3)
        assert b.distance.pings >= 1
        assert b.hardware.pins.pin_out.get("2") == 0  # the trigger pulse went out on GP2
    word, cm = lines(b)[-1].split()
    assert word == "loin" and float(cm) == pytest.approx(42.5, abs=0.5)


# -- servo --------------------------------------------------------------------------------------
SERVO_PROGRAM = """
    from kit import servo, sleep_ms

    for a in (0, 90, 180, 45):
        servo.angle(a)
        sleep_ms(500)
    servo.angle(200)
"""


@pytest.mark.parametrize("board", ALL)
def test_servo_turns_to_the_angle_and_refuses_200(tmp_path, board):
    seen = []
    with start(tmp_path, board, SERVO_PROGRAM) as b:
        for _ in range(4):
            b.run(0.25)
            seen.append(b.servo.angle)
            b.run(0.25)
        with pytest.raises(LessonError) as e:
            b.run(0.5)
    # the micro:bit's write_analog has 1023 steps of 20 ms: 20 µs, 1.8°
    assert seen == [pytest.approx(a, abs=2) for a in (0, 90, 180, 45)]
    assert "ValueError" in e.value.summary and "200" in e.value.summary
    assert b.servo.angle == pytest.approx(45, abs=2)  # a bad angle does not move it


# -- presence -----------------------------------------------------------------------------------
PRESENCE_PROGRAM = """
    from kit import presence, relay, sleep_ms

    while True:
        if presence.detected():
            print("intrus !")
            relay.on()
        sleep_ms(100)
"""
# The micro:bit and the Circuit Playground wire no PIR by default: a school's kit.toml puts it
# where the relay was, and the relay on another pin.
PRESENCE_KITS = {
    "microbit-v2": "[microbit-v2]\npresence = { pin = 12 }\nrelay = { pin = 0 }\n",
    "microbit-v1": "[microbit-v1]\npresence = { pin = 12 }\nrelay = { pin = 1 }\nsoil = 'none'\n",
    "circuitplayground-bluefruit": (
        '[circuitplayground-bluefruit]\npresence = { pin = "TX" }\nrelay = { pin = "A3" }\n'
        'knob = "none"\n'
    ),
}


@pytest.mark.parametrize("board", ALL)
def test_presence_turns_the_alarm_on_when_someone_moves(tmp_path, board):
    with start(tmp_path, board, PRESENCE_PROGRAM, PRESENCE_KITS.get(board, "")) as b:
        b.run(0.5)
        quiet, was_on = b.output, b.relay.on
        b.world.presence = True
        b.run(0.3)
    assert quiet == "" and not was_on
    assert "intrus !" in lines(b) and b.relay.on


# -- knob, soil, light (analog) -----------------------------------------------------------------
KNOB_PROGRAM = """
    from kit import knob, relay, sleep_ms

    while True:
        v = knob.value()
        print(v)
        if v > 50:
            relay.on()
        else:
            relay.off()
        sleep_ms(100)
"""


@pytest.mark.parametrize("board", ALL)
def test_relay_turns_on_when_the_knob_passes_50_percent(tmp_path, board):
    with start(tmp_path, board, KNOB_PROGRAM) as b:
        b.world.knob = 30
        b.run(0.3)
        low = (lines(b)[-1], b.relay.on)
        b.world.knob = 70
        b.run(0.3)
        high = (lines(b)[-1], b.relay.on)
        b.world.knob = 100
        b.run(0.3)
        top = lines(b)[-1]
    assert low == ("30", False)
    assert high == ("70", True)
    assert top == "100"


SOIL_PROGRAM = """
    from kit import soil, relay, sleep_ms

    while True:
        if soil.moisture() < 40:
            relay.on()   # the pump waters the plant
        else:
            relay.off()
        sleep_ms(500)
"""
SOIL_KITS = {
    "circuitplayground-bluefruit": '[circuitplayground-bluefruit]\nsoil = { pin = "A3" }\n'
    'knob = "none"\n',
}


@pytest.mark.parametrize("board", ALL)
def test_the_pump_waters_dry_soil_until_it_is_wet(tmp_path, board):
    with start(tmp_path, board, SOIL_PROGRAM, SOIL_KITS.get(board, "")) as b:
        b.world.soil_moisture = 15
        b.run(0.6)
        dry = b.relay.on
        b.world.soil_moisture = 65
        b.run(0.6)
        wet = b.relay.on
    assert dry is True and wet is False
    assert b.relay.switches == 2


LIGHT_PROGRAM = """
    from kit import light, sleep_ms

    while True:
        print(light.level())
        sleep_ms(250)
"""
LIGHT_KITS = {
    "microbit-v2": "[microbit-v2]\nlight = { pin = 1 }\nsoil = 'none'\n",
    "microbit-v1": "[microbit-v1]\nlight = { pin = 1 }\nsoil = 'none'\n",
}


@pytest.mark.parametrize("board", ALL)
def test_light_level_in_percent_follows_the_room(tmp_path, board):
    with start(tmp_path, board, LIGHT_PROGRAM, LIGHT_KITS.get(board, "")) as b:
        seen = []
        for level in (0, 255, 128):  # the room's light, 0-255 as the micro:bit reads it
            b.world.light = level
            b.run(0.3)
            seen.append(lines(b)[-1])
    assert seen == ["0", "100", "50"]


@pytest.mark.parametrize("board", ["microbit-v2", V1])
def test_microbit_light_is_its_display_sensing_the_room(tmp_path, board):
    # boards.toml: light = "display", the LED matrix read with display.read_light_level()
    with start(tmp_path, board, LIGHT_PROGRAM) as b:
        seen = []
        for level in (0, 255, 51):
            b.world.light = level
            b.run(0.3)
            seen.append(lines(b)[-1])
        assert b.light.reads >= 3  # atelier run shows the light among the inputs
    assert seen == ["0", "100", "20"]
    config = build_bundle(tmp_path / "main.py", load_boards().get(board)).files["kitconfig.py"]
    assert b"LIGHT = 'display'\n" in config


# -- kit.toml and the error for a part that is not wired ----------------------------------------
def test_a_part_the_wiring_lacks_names_the_part_and_the_file(tmp_path):
    with start(tmp_path, "microbit-v2", "from kit import presence\n") as b:
        with pytest.raises(LessonError) as e:
            b.run(0.5)
    message = e.value.summary
    assert "RuntimeError" in message and "presence is not wired on microbit-v2" in message
    assert "[microbit-v2] in kit.toml" in message


def test_a_part_kit_toml_unwires_names_that_kit_toml(tmp_path, monkeypatch):
    lessons = tmp_path / "lessons"
    (lessons / "alarme").mkdir(parents=True)
    (lessons / "kit.toml").write_text('[pico]\nrelay = "none"\n')  # beside the lessons
    main = lessons / "alarme" / "main.py"
    main.write_text("from kit import relay\nrelay.on()\n")
    monkeypatch.chdir(tmp_path)
    with simulate(main, board="pico") as b:
        with pytest.raises(LessonError) as e:
            b.run(0.5)
    assert "relay is not wired on pico: add it to [pico] in lessons/kit.toml" in e.value.summary


def test_a_servo_moved_by_kit_toml_turns_on_its_new_pin(tmp_path):
    with start(tmp_path, "esp32", SERVO_PROGRAM, "[esp32]\nservo = { pin = 25 }\nbuzzer = "
               '{ kind = "pwm", pin = 26 }\n') as b:  # fmt: skip
        b.run(0.75)
        assert b.servo.angle == pytest.approx(90, abs=1)
        assert b.hardware.pwm.pwm["25"][0] == 50  # 50 Hz on GPIO25, where boards.toml has
        assert "26" not in b.hardware.pwm.pwm  # the buzzer; nothing on the default pin


def test_a_pico_w_is_wired_as_kit_toml_wires_the_pico_unless_it_has_its_own_table(tmp_path):
    kit = tmp_path / "kit.toml"
    kit.write_text("[pico]\nservo = { pin = 3 }\n")
    prog = tmp_path / "main.py"
    prog.write_text("from kit import servo\n")
    config = build_bundle(prog, load_boards().get("pico-w")).files["lib/kitconfig.py"].decode()
    assert "SERVO = {'pin': 3}\n" in config  # the school rewired its Pico kit: the Pico W too
    kit.write_text("[pico]\nservo = { pin = 3 }\n[pico-w]\nservo = { pin = 2 }\n")
    config = build_bundle(prog, load_boards().get("pico-w")).files["lib/kitconfig.py"].decode()
    assert "SERVO = {'pin': 2}\n" in config
    kit.write_text("[pico]\nservo = { pin = 3 }\n")  # the ESP32 runs none of the Pico's
    config = build_bundle(prog, load_boards().get("esp32")).files["lib/kitconfig.py"].decode()
    assert "SERVO = {'pin': 3}" not in config


def test_the_bundle_carries_kit_toml_s_wiring(tmp_path):
    (tmp_path / "kit.toml").write_text("[pico]\nservo = { pin = 3 }\nrelay = 'none'\n")
    prog = tmp_path / "main.py"
    prog.write_text("from kit import servo, knob, relay\n")
    bundle = build_bundle(prog, load_boards().get("pico"))
    config = bundle.files["lib/kitconfig.py"].decode()
    assert "SERVO = {'pin': 3}\n" in config and "RELAY" not in config
    assert "KNOB = {'pin': 28}\n" in config  # what kit.toml does not name stays boards.toml's
    assert bundle.kit_file == tmp_path / "kit.toml"
    # only the modules the lesson uses: every constant of kitconfig costs a V1 heap
    assert "SOIL" not in config
    prog.write_text("from kit import compass\n")
    config = build_bundle(prog, load_boards().get("microbit-v2")).files["kitconfig.py"]
    assert b"KIT_FILE" not in config and b"SERVO" not in config


@pytest.mark.parametrize(
    "text, line, key, message",
    [
        ("[pico]\nservo = { pin = 99 }\n", 2, "pico.servo.pin", "pin 99 is not a pin of the"),
        (
            "[pico]\nknob = { pin = 3 }\n",
            2,
            "pico.knob.pin",
            "pin 3 cannot read analog values; wire this part to one of: 26-28",
        ),  # fmt: skip
        ("[esp32]\n\nrelay = { pin = 39 }\n", 3, "esp32.relay.pin", "pin 39 is input only"),
        (
            "[pico]\nservo = { pin = 15 }\n",
            2,
            "pico.servo.pin",
            "pin 15 is already used by kit.buzzer.pin",
        ),  # fmt: skip
        ("[pico]\nservo = { pin = 3, angle = 1 }\n", 2, "pico.servo.angle", "unknown key"),
        (
            '[pico]\ndistance = { kind = "sonar", pin = 3 }\n',
            2,
            "pico.distance.kind",
            'kind "sonar" is not known; use one of: "grove", "hcsr04"',
        ),  # fmt: skip
        ("[pcio]\nservo = { pin = 3 }\n", 1, "pcio", "unknown board 'pcio'; known boards:"),
        (
            '[pico]\nlight = "display"\n',
            2,
            "pico.light",
            'light = "display" reads the light with the micro:bit\'s LED matrix',
        ),  # fmt: skip
    ],
)
def test_a_bad_kit_toml_is_one_line_with_file_line(tmp_path, text, line, key, message):
    path = tmp_path / "kit.toml"
    path.write_text(text)
    board = load_boards().get("esp32" if "esp32" in text else "pico")
    with pytest.raises(BoardsError) as e:
        with_kit_file(board, path)
    assert str(e.value).startswith(f"{path}:{line}: {key}: {message}"), str(e.value)
    assert "\n" not in str(e.value)


def atelier(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    path = os.pathsep.join([str(ROOT / "host_tools"), os.environ.get("PYTHONPATH", "")])
    return subprocess.run(
        [sys.executable, "-m", "atelier", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        env={**os.environ, "PYTHONPATH": path, **env},
    )


def test_run_takes_the_kit_file_from_option_or_environment(tmp_path):
    (tmp_path / "main.py").write_text(
        "from kit import distance\nprint(distance.cm())\n", encoding="utf-8"
    )
    other = tmp_path / "autre-kit.toml"
    other.write_text("[pico]\ndistance = { kind = 'grove', pin = 40 }\n")
    r = atelier("run", "main.py", "--board", "pico", "--fast", "--seconds", "0.2", "--kit",
                str(other), "--set", "distance_cm=30", cwd=tmp_path)  # fmt: skip
    assert r.returncode == 1 and r.stderr.count("\n") == 1, r.stderr
    assert f"{other}:2: pico.distance.pin: pin 40 is not a pin of the" in r.stderr
    other.write_text("[pico]\ndistance = { kind = 'grove', pin = 2 }\n")
    r = atelier("run", "main.py", "--board", "pico", "--fast", "--seconds", "0.2",
                "--set", "distance_cm=30", cwd=tmp_path, ATELIER_KIT=str(other))  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert "30.0" in r.stdout
    r = atelier("run", "main.py", "--board", "pico", "--fast", "--seconds", "0.2",
                "--set", "distance_cm=none", cwd=tmp_path)  # fmt: skip
    assert r.returncode == 0 and "None" in r.stdout, r.stderr


def test_esp32_reads_a_3v3_module_only_with_11_db_and_the_pico_has_no_attenuation(tmp_path):
    # esp32/machine_adc.c: 0 dB by default (full scale about 1.1 V); rp2's ADC takes no keywords
    source = """
        from machine import ADC, Pin
        print(ADC(Pin(36)).read_u16(), ADC(Pin(36), atten=ADC.ATTN_11DB).read_u16())
    """
    with start(tmp_path, "esp32", source) as b:
        b.world.knob = 50  # the knob on GPIO36 gives 1.65 V
        b.run(0.2)
    plain, attenuated = (int(v) for v in b.output.split())
    assert plain == 65535 and attenuated == pytest.approx(32768, abs=40)
    with start(tmp_path, "pico", "from machine import ADC\nADC(26, atten=3)\n") as b:
        with pytest.raises(LessonError) as e:
            b.run(0.2)
    assert "TypeError: function doesn't take keyword arguments" in e.value.summary


def test_flash_and_bundle_put_kit_toml_s_wiring_on_the_board(tmp_path):
    import micropython_microbit_fs as mbfs

    lesson = tmp_path / "barriere"
    lesson.mkdir()
    (lesson / "main.py").write_text("from kit import servo\nservo.angle(90)\n")
    kit = tmp_path / "notre-kit.toml"
    kit.write_text("[microbit-v2]\nservo = { pin = 1 }\nsoil = 'none'\n")
    out = tmp_path / "barriere.hex"
    r = atelier("flash", "barriere/main.py", "--out", str(out), "--kit", str(kit), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    files = {f.name: f.content for f in mbfs.get_files(out.read_text())}
    assert b"SERVO = {'pin': 1}\n" in files["kitconfig.py"]
    assert b"SOIL" not in files["kitconfig.py"]
    # no [pico] table in that file: boards.toml's wiring
    args = ("bundle", "barriere/main.py", "--board", "pico", "--no-compile", "--out", "pico")
    r = atelier(*args, "--kit", str(kit), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "SERVO = {'pin': 17}\n" in (tmp_path / "pico/lib/kitconfig.py").read_text()


@pytest.mark.parametrize("board, pin", [("pico", "Pin(5, Pin.IN)"), ("microbit-v2", "pin9")])
def test_time_pulse_us_times_out_as_the_port_does(tmp_path, board, pin):
    # extmod/machine_pulse.c: -2 when the pin never reaches the level, -1 when the pulse
    # outlasts the timeout; either way it returns after the timeout, not at once, not never
    imports = "from machine import Pin" if board == "pico" else "from microbit import pin9"
    source = f"""
        {imports}
        from machine import time_pulse_us
        import time
        t = time.ticks_us()
        print(time_pulse_us({pin}, 1, 5000), time_pulse_us({pin}, 0, 5000))
        print(time.ticks_diff(time.ticks_us(), t) // 1000)
    """
    with start(tmp_path, board, source) as b:
        b.run(0.5)
    assert lines(b)[0] == "-2 -1"
    assert lines(b)[1] == "10"


def test_run_says_where_the_servo_and_the_relay_ended(tmp_path):
    program = "from kit import knob, relay, servo\nrelay.on()\nservo.angle(knob.value())\n"
    (tmp_path / "main.py").write_text(program)
    r = atelier("run", "main.py", "-b", "esp32", "--fast", "-s", "0.5", "--set", "knob=80",
                cwd=tmp_path)  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[-2:] == ["  servo at 80°", "  relay on"]
