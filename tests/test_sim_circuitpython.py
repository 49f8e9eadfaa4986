"""A simulated CircuitPython board (Circuit Playground Bluefruit): CircuitPython's own modules
behave like CircuitPython's, and the kit runs on them."""

from __future__ import annotations

import textwrap

import pytest

from atelier.boards import load_boards
from atelier.bundle import Bundle
from atelier.sim import LessonError, simulate

CPB = "circuitplayground-bluefruit"
REMOUNT = b'import storage\nstorage.remount("/", readonly=False)\n'


def writable(source: str) -> Bundle:
    """code.py with the boot.py that makes CIRCUITPY writable to it, as a real board needs."""
    code = textwrap.dedent(source).lstrip("\n").encode()
    return Bundle(board=load_boards().get(CPB), files={"code.py": code, "boot.py": REMOUNT})


def test_code_py_runs_and_time_is_circuitpythons(sim):
    with sim(
        """
        import time
        print(hasattr(time, "sleep_ms"), hasattr(time, "ticks_ms"))
        time.sleep(1.5)
        print(time.monotonic())
        """,
        board=CPB,
    ) as b:
        b.run(2)
        assert (b.flash / "code.py").is_file() and not (b.flash / "main.py").exists()
    no_ms, no_ticks, t = b.output.split()
    assert (no_ms, no_ticks) == ("False", "False")
    assert float(t) == pytest.approx(1.5, abs=1e-3)  # reading the clock costs a few µs


def test_supervisor_ticks_ms_wraps_in_the_first_minute_and_the_kit_clock_does_not(sim):
    # CircuitPython's supervisor.ticks_ms starts 2**16 ms before its 2**29 wrap
    with sim(
        """
        import supervisor
        from kit import running_time, sleep_ms
        t0, k0 = supervisor.ticks_ms(), running_time()
        sleep_ms(70000)
        print(t0, supervisor.ticks_ms(), running_time() - k0)
        """,
        board=CPB,
    ) as b:
        b.run(71)
    t0, t1, k = map(int, b.output.split())
    assert t0 == pytest.approx(2**29 - 2**16, abs=2000)
    assert t1 < t0 and (t1 - t0) % 2**29 == pytest.approx(70000, abs=5)
    assert k == pytest.approx(70000, abs=5)


def test_speaker_is_silent_until_enabled(sim):
    with sim(
        """
        import board, digitalio, pwmio, time
        spk = pwmio.PWMOut(board.SPEAKER, frequency=440, duty_cycle=32768,
                           variable_frequency=True)
        time.sleep(0.5)
        enable = digitalio.DigitalInOut(board.SPEAKER_ENABLE)
        enable.switch_to_output(True)
        time.sleep(0.5)
        spk.frequency = 660
        time.sleep(0.5)
        spk.duty_cycle = 0
        """,
        board=CPB,
    ) as b:
        b.run(2)
    tones = [(round(t.start, 2), t.frequency, round(t.duration, 2)) for t in b.buzzer.tones]
    assert tones == [(0.5, 440, 0.5), (1.0, 660, 0.5)]


def test_circuitpython_errors_are_circuitpythons(sim):
    with sim(
        """
        import board, busio, digitalio, pwmio
        try:
            busio.I2C(board.A2, board.A3)  # nothing wired: no pull-ups
        except RuntimeError as e:
            print("RuntimeError:", e)
        led = digitalio.DigitalInOut(board.LED)
        try:
            digitalio.DigitalInOut(board.LED)
        except ValueError as e:
            print("ValueError:", e)
        try:
            led.value = True
        except AttributeError as e:
            print("AttributeError:", e)
        p = pwmio.PWMOut(board.A6, frequency=1000)
        try:
            p.frequency = 2000
        except AttributeError:
            print("fixed frequency")
        import machine
        """,
        board=CPB,
    ) as b:
        with pytest.raises(LessonError) as e:
            b.run(1)
    assert b.output.splitlines() == [
        "RuntimeError: No pull up found on SDA or SCL; check your wiring",
        "ValueError: LED in use",
        "AttributeError: Cannot set value when direction is input.",
        "fixed frequency",
    ]
    assert e.value.summary.endswith("ImportError: no module named 'machine'")


def test_board_has_exactly_the_names_of_the_real_board(sim):
    # CircuitPython 9.2, ports/nordic/boards/circuitplayground_bluefruit/pins.c: no A0, no A7
    # (the speaker is AUDIO, the TX pad D1), no STEMMA_I2C; one pin under several names is one
    # object, printed by its first name
    with sim(
        """
        import board, digitalio
        print(sorted(n for n in dir(board) if not n.startswith("_")))
        print(board.board_id, board.D13 is board.LED is board.L, board.SCL, board.SPEAKER)
        led = digitalio.DigitalInOut(board.D13)
        try:
            digitalio.DigitalInOut(board.LED)
        except ValueError as e:
            print("ValueError:", e)
        for name in ("A7", "STEMMA_I2C", "D11"):
            print(name, hasattr(board, name))
        try:
            from board import A7
        except ImportError as e:
            print("ImportError:", e)
        print(board.SPI() is board.SPI(), board.UART(), board.I2C() is board.I2C())
        print(board.A0)
        """,
        board=CPB,
    ) as b:
        with pytest.raises(LessonError) as e:
            b.run(1)
    lines = b.output.splitlines()
    names = b.type.gpio.names | {"board_id", "I2C", "SPI", "UART"}
    assert eval(lines[0]) == sorted(names) and len(names) == 50
    assert lines[1:] == [
        "circuitplayground_bluefruit True board.A4 board.AUDIO",
        "ValueError: LED in use",
        "A7 False",
        "STEMMA_I2C False",
        "D11 False",
        "ImportError: can't import name A7",
        "True <UART> True",
    ]
    assert e.value.line == 16
    assert e.value.summary.endswith("AttributeError: 'module' object has no attribute 'A0'")


def test_keypad_reports_presses_and_releases(sim):
    with sim(
        """
        import board, keypad, time
        keys = keypad.Keys((board.BUTTON_A, board.BUTTON_B), value_when_pressed=True, pull=True)
        time.sleep(1)
        e = keys.events.get()
        while e:
            print(e.key_number, e.pressed)
            e = keys.events.get()
        """,
        board=CPB,
    ) as b:
        b.run(0.2)
        b.press("B", duration=0.05)
        b.run(0.2)
        b.press("A", duration=0.05)
        b.run(1)
    assert b.output.splitlines() == ["1 True", "1 False", "0 True", "0 False"]


# the ring's pixels on a clock face (boards.toml): none at 12 and at 6 o'clock
ANGLES = [330, 300, 270, 240, 210, 150, 120, 90, 60, 30]


@pytest.mark.parametrize("direction", [0, 45, 90, 135, 180, 225, 270, 315])
def test_kit_arrow_lights_the_pixel_pointing_that_way(sim, direction):
    with sim(f"from kit import display\ndisplay.arrow({direction})\n", board=CPB) as b:
        b.run(0.5)
        lit = b.display.lit()
    off = [abs((ANGLES[i] - direction + 180) % 360 - 180) for i in lit]
    # the nearest pixel; both neighbours where the direction falls between two
    assert off in ([0], [15, 15], [30, 30]), (direction, lit)
    assert b.display.shows(
        f"ARROW_{['N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW'][direction // 45]}"
    )


def test_what_a_ring_cannot_show_goes_to_the_console(sim):
    with sim(
        """
        from kit import display
        display.arrow(90)
        display.show(display.HEART)
        display.show(display.HEART)   # unchanged: not written again
        display.show(42)
        display.scroll("Bonjour")
        display.show(display.ARROW_W)
        display.scroll("Bonjour")  # the ring showed an arrow in between: written again
        display.arrow(0)
        print(display.ANGRY)
        """,
        board=CPB,
    ) as b:
        b.run(0.5)
        assert b.display.shows("ARROW_N") and b.display.lit() == [0, 9]  # 330° and 30°
    assert b.output.splitlines() == [
        "[display] the ring shows arrows; the rest is written here",
        "[display] l'anneau montre les flèches ; le reste s'écrit ici",
        "[display] HEART",
        "[display] 42",
        "[display] Bonjour",
        "[display] Bonjour",
        "90009:09090:00000:99999:90909",
    ]


def test_neopixel_write_takes_a_digitalinout_as_on_the_board(sim):
    # shared-bindings/neopixel_write (CircuitPython 9.2): mp_arg_validate_type(digitalinout)
    with sim(
        """
        import board, digitalio, neopixel_write
        try:
            neopixel_write.neopixel_write(board.NEOPIXEL, bytearray(30))
        except TypeError as e:
            print("TypeError:", e)
        pin = digitalio.DigitalInOut(board.NEOPIXEL)
        pin.direction = digitalio.Direction.OUTPUT
        try:
            neopixel_write.neopixel_write(pin, [0, 40, 0])
        except TypeError as e:
            print("TypeError:", e)
        neopixel_write.neopixel_write(pin, bytes([0, 40, 0, 10, 0, 0]))
        pin.deinit()
        try:
            neopixel_write.neopixel_write(pin, bytes(3))
        except ValueError as e:
            print("ValueError:", e)
        """,
        board=CPB,
    ) as b:
        b.run(0.5)
        assert b.display.colors[:3] == [(40, 0, 0), (0, 10, 0), (0, 0, 0)]
    assert b.output.splitlines() == [
        "TypeError: digitalinout must be of type DigitalInOut, not Pin",
        "TypeError: object with buffer protocol required",
        "ValueError: Object has been deinitialized and can no longer be used. Create a new "
        "object.",
    ]


def test_a_second_circuitpython_board_runs_from_its_record_alone(
    sim, second_cp_board, monkeypatch
):
    # a board only a boards.toml record knows: other speaker, enable and NeoPixel pins, 12 pixels
    import atelier.sim

    monkeypatch.setattr(atelier.sim, "load_boards", lambda: {"demo-ring12": second_cp_board})
    with sim(
        "from kit import buzzer, display\ndisplay.arrow(135)\nbuzzer.tone(440, 200)\n",
        board="demo-ring12",
    ) as b:
        b.run(0.5)
        assert len(b.display.colors) == 12 and b.display.lit() == [4, 5]  # 120° and 150°
    assert [(t.frequency, round(t.duration, 2)) for t in b.buzzer.tones] == [(440, 0.2)]


def test_kit_on_circuitpython(sim):
    with sim(
        """
        from kit import buttons, buzzer, door, env, sleep_ms
        print(env.temperature(), door.is_open())
        buzzer.play(["c4:2", "e4:2"])
        while True:
            if buttons.a.was_pressed():
                print("A")
            if buttons.b.is_pressed():
                print("B")
            sleep_ms(100)
        """,
        board=CPB,
    ) as b:
        b.world.temperature = 19.25
        b.world.magnet_near = True
        b.run(1)
        b.press("A", duration=0.02)
        b.run(0.5)
        b.hold("B")
        b.run(0.15)
        b.release("B")
        b.run(0.5)
    lines = b.output.splitlines()
    celsius, is_open = lines[0].split()
    assert float(celsius) == pytest.approx(19.25, abs=0.05) and is_open == "False"  # thermistor
    assert lines.count("A") == 1 and 1 <= lines.count("B") <= 2
    assert [t.frequency for t in b.buzzer.tones] == [262, 330]


def test_microcontroller_pin_and_os_uname_are_the_boards(sim):
    # microcontroller.pin: ports/nordic/common-hal/microcontroller/__init__.c (P0_00-P1_15);
    # which chip pin each board name is: pins.c; os.uname(): ports/nordic/common-hal/os
    with sim(
        """
        import board, digitalio, microcontroller, os
        pins = [n for n in dir(microcontroller.pin) if not n.startswith("_")]
        print(len(pins), pins[0] in ("P0_00", "P1_15"), "P1_16" in pins)
        print(board.A1 is microcontroller.pin.P0_02, board.LED is microcontroller.pin.P1_14)
        print(microcontroller.pin.P0_02, microcontroller.pin.P0_07, microcontroller.pin)
        print(board, microcontroller, os)
        print(os.uname().sysname, os.uname()[4])
        print(os.uname())
        print(microcontroller.cpu, microcontroller.cpu.reset_reason, len(microcontroller.nvm))
        try:
            digitalio.DigitalInOut(13)
        except TypeError as e:
            print("TypeError:", e)
        """,
        board=CPB,
    ) as b:
        b.run(0.5)
    assert b.output.splitlines() == [
        "48 True False",
        "True True",
        "board.A1 microcontroller.pin.P0_07 <module 'microcontroller.pin'>",
        "<module 'board'> <module 'microcontroller'> <module 'os'>",
        "nrf52 Adafruit Circuit Playground Bluefruit with nRF52840",
        "(sysname='nrf52', nodename='nrf52', release='9.2.9', version='9.2.9 on 2025-09-07', "
        "machine='Adafruit Circuit Playground Bluefruit with nRF52840')",
        "<Processor> microcontroller.ResetReason.POWER_ON 8192",
        "TypeError: pin must be of type Pin, not int",
    ]


def test_spi_and_uart_on_the_pads_as_on_the_board(sim):
    # busio (shared-bindings/busio/SPI.c, UART.c): a lock first, nothing wired to the pads
    with sim(
        """
        import board, busio, time
        spi = board.SPI()
        try:
            spi.write(b"x")
        except RuntimeError as e:
            print("RuntimeError:", e)
        while not spi.try_lock():
            pass
        spi.configure(baudrate=1000000, phase=0, polarity=0)
        buf = bytearray(2)
        t = time.monotonic()
        spi.write(bytes(1000))      # 8000 bits at 1 MHz
        spi.readinto(buf)
        print(spi.frequency, buf, round(time.monotonic() - t, 3))
        try:
            spi.configure(bits=7)
        except ValueError as e:
            print("ValueError:", e)
        uart = board.UART()
        t = time.monotonic()
        print(uart.write(b"bonjour"), uart.read(3), round(time.monotonic() - t, 2))
        try:
            busio.UART(board.TX, board.RX)
        except ValueError as e:
            print("ValueError:", e)
        i2c = board.I2C()
        try:
            i2c.scan()
        except RuntimeError as e:
            print("RuntimeError:", e)
        """,
        board=CPB,
    ) as b:
        b.run(3)
    assert b.output.splitlines() == [
        "RuntimeError: Function requires lock",
        "1000000 bytearray(b'\\x00\\x00') 0.008",
        "ValueError: bits must be 8-9",
        "7 None 1.01",  # 7 bytes at 9600 baud, then 1 s without an answer
        "ValueError: D1 in use",
        "RuntimeError: Function requires lock",
    ]


def test_light_sensor_and_thermistor_read_the_world(sim):
    # board.LIGHT and board.TEMPERATURE are analog pins; the thermistor is a 10 kΩ NTC (B 3950)
    # to 3.3 V over 10 kΩ to ground, so the Steinhart-Hart maths gives the temperature back
    with sim(
        """
        import analogio, board, math, time
        light = analogio.AnalogIn(board.LIGHT)
        therm = analogio.AnalogIn(board.TEMPERATURE)
        def celsius(v):
            ohms = 10000 * (65535 / v - 1)
            return 1 / (math.log(ohms / 10000) / 3950 + 1 / 298.15) - 273.15
        while True:
            print(light.value, round(celsius(therm.value), 1))
            time.sleep(1)
        """,
        board=CPB,
    ) as b:
        b.world.light, b.world.temperature = 0, 21
        b.run(0.5)
        b.world.light, b.world.temperature = 128, 35.5
        b.run(1)
        b.world.light, b.world.temperature = 255, -5
        b.run(1)
    rows = [line.split() for line in b.output.splitlines()]
    assert [int(r[0]) for r in rows] == [0, 32898, 65535]  # 14 bits stretched to 16
    assert [float(r[1]) for r in rows] == pytest.approx([21, 35.5, -5], abs=0.15)


def test_touch_pads_follow_the_world(sim):
    # touchio (shared-module/touchio/TouchIn.c): the threshold is set from the pad as it is at
    # start; a pin without the 1 MΩ pull-down is refused
    with sim(
        """
        import board, time, touchio
        pad = touchio.TouchIn(board.A1)
        tx = touchio.TouchIn(board.TX)
        print(pad.value, pad.raw_value < pad.threshold)
        time.sleep(1)
        print(pad.value, tx.value)
        try:
            touchio.TouchIn(board.LED)
        except ValueError as e:
            print("ValueError:", e)
        """,
        board=CPB,
    ) as b:
        b.run(0.5)
        b.world.touched = {"A1"}
        b.run(1)
    assert b.output.splitlines() == [
        "False True",
        "True False",
        "ValueError: No pulldown on pin; 1Mohm recommended",
    ]


def test_microphone_records_the_worlds_sound(sim):
    # audiobusio.PDMIn on the nRF52840: 16 kHz and 16 bits only (ports/nordic/.../PDMIn.c)
    with sim(
        """
        import array, audiobusio, board, math, time
        try:
            audiobusio.PDMIn(board.MICROPHONE_CLOCK, board.MICROPHONE_DATA, sample_rate=8000)
        except ValueError as e:
            print("ValueError:", e)
        mic = audiobusio.PDMIn(board.MICROPHONE_CLOCK, board.MICROPHONE_DATA,
                               sample_rate=16000, bit_depth=16)
        buf = array.array("H", [0] * 160)
        while True:
            t = time.monotonic()
            mic.record(buf, len(buf))
            mean = sum(buf) / len(buf)
            rms = math.sqrt(sum((v - mean) ** 2 for v in buf) / len(buf))
            print(round(rms), round((time.monotonic() - t) * 1000))
            time.sleep(0.5)
        """,
        board=CPB,
    ) as b:
        b.world.sound_level = 0
        b.run(0.2)
        b.world.sound_level = 100  # a clap
        b.run(0.5)
    lines = b.output.splitlines()
    assert lines[0] == "ValueError: only sample_rate=16000 is supported"
    (quiet, ms), (loud, _ms) = (map(int, line.split()) for line in lines[1:3])
    assert quiet == 0 and loud == pytest.approx(400, abs=10) and ms == 10  # 160 at 16 kHz


WAV = """
def wav(name, hz, seconds, rate=8000):
    import math
    n = int(rate * seconds)
    data = bytearray()
    for i in range(n):
        v = int(8000 * math.sin(2 * math.pi * hz * i / rate)) & 0xFFFF
        data += bytes((v & 0xFF, v >> 8))
    le = lambda v, k: v.to_bytes(k, "little")
    head = (b"RIFF" + le(36 + len(data), 4) + b"WAVEfmt " + le(16, 4) + le(1, 2) + le(1, 2)
            + le(rate, 4) + le(2 * rate, 4) + le(2, 2) + le(16, 2) + b"data" + le(len(data), 4))
    with open(name, "wb") as f:
        f.write(head + data)
"""


def test_audio_samples_sound_on_the_speaker_while_it_is_enabled():
    # audiopwmio.PWMAudioOut plays audiocore samples; the amplifier sounds only while
    # SPEAKER_ENABLE is high. A looping one-cycle RawSample is a tone of sample_rate / length.
    with simulate(
        writable(
            WAV
            + """
import array, audiocore, audiopwmio, board, digitalio, math, time
wav("/la.wav", 1000, 0.25)
cycle = array.array("H", [int(32767 * math.sin(2 * math.pi * i / 100)) + 32768
                          for i in range(100)])
tone = audiocore.RawSample(cycle, sample_rate=44000)
out = audiopwmio.PWMAudioOut(board.SPEAKER)
out.play(tone, loop=True)          # the amplifier is off: silence
time.sleep(0.5)
enable = digitalio.DigitalInOut(board.SPEAKER_ENABLE)
enable.switch_to_output(True)
time.sleep(0.5)
tone.sample_rate = 66000           # 660 Hz
time.sleep(0.25)
out.stop()
with audiocore.WaveFile("/la.wav") as w:
    out.play(w)
    print(w.sample_rate, w.bits_per_sample, out.playing)
    while out.playing:
        pass
print(round(time.monotonic(), 2), out.playing)
"""
        ),
        board=CPB,
    ) as b:
        b.run(3)
    tones = [(round(t.start, 2), t.frequency, round(t.duration, 2)) for t in b.buzzer.tones]
    assert tones[:2] == [(0.5, 440, 0.5), (1.0, 660, 0.25)]
    assert tones[2][1:] == (1000, 0.25)
    first, last = b.output.splitlines()
    assert first == "8000 16 True"
    assert last.endswith("False") and float(last.split()[0]) == pytest.approx(tones[2][0] + 0.25)


def test_pixelbuf_is_built_in_as_on_circuitpython_9(sim):
    # adafruit_pixelbuf.PixelBuf: colours scaled by brightness (n * int(b * 256) // 256),
    # ordered by byteorder, handed to the subclass's _transmit
    with sim(
        """
        import adafruit_pixelbuf, board, digitalio, neopixel_write
        class Ring(adafruit_pixelbuf.PixelBuf):
            def __init__(self, pin, n, **kw):
                super().__init__(n, byteorder="GRB", **kw)
                self.pin = digitalio.DigitalInOut(pin)
                self.pin.direction = digitalio.Direction.OUTPUT
            def _transmit(self, buf):
                neopixel_write.neopixel_write(self.pin, buf)
        ring = Ring(board.NEOPIXEL, 10, brightness=0.5)
        ring[0] = (200, 100, 50)
        ring[-1] = 0x0000FF
        ring[1:3] = [(1, 2, 3), (4, 5, 6)]
        print(ring[0], ring[9], len(ring), ring.byteorder, ring.bpp)
        ring.show()
        for bad in ((1, 2), "x"):
            try:
                ring[4] = bad
            except (ValueError, TypeError) as e:
                print(type(e).__name__ + ":", e)
        try:
            adafruit_pixelbuf.PixelBuf(3, byteorder="RGX")
        except ValueError as e:
            print("ValueError:", e)
        """,
        board=CPB,
    ) as b:
        b.run(0.5)
        assert b.display.colors[0] == (100, 50, 25) and b.display.colors[9] == (0, 0, 127)
    assert b.output.splitlines() == [
        "(200, 100, 50) (0, 0, 255) 10 GRB 3",
        "ValueError: color length must be 3-4",
        "TypeError: object 'str' isn't a tuple or list",
        "ValueError: Invalid byteorder",
    ]


def _adafruit_libs(*names):
    """The installed Adafruit libraries' files as the board's lib/ holds them, or a skip."""
    import importlib.util
    from pathlib import Path

    files = {}
    for name in names:
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:
            pytest.skip(f"{name} is not installed (pip install adafruit-circuitpython-...)")
        origin = Path(spec.origin)
        if origin.name == "__init__.py":
            root = origin.parent.parent
            for f in origin.parent.rglob("*.py"):
                files["lib/" + f.relative_to(root).as_posix()] = f.read_bytes()
        else:
            files["lib/" + origin.name] = origin.read_bytes()
    return files


def test_adafruits_circuit_playground_library_runs_unchanged(tmp_path):
    # the library Adafruit's Circuit Playground guides use: built-in modules it imports
    # (neopixel_write, adafruit_pixelbuf, analogio, touchio, audiopwmio, audiocore, audiobusio,
    # audiomp3, microcontroller, os.uname) must be there and behave as on the board
    from atelier.boards import load_boards
    from atelier.bundle import build_bundle
    from atelier.sim import simulate

    libs = _adafruit_libs("adafruit_circuitplayground", "adafruit_lis3dh", "adafruit_thermistor",
                          "neopixel", "adafruit_bus_device")  # fmt: skip
    program = tmp_path / "code.py"
    program.write_text(
        "from adafruit_circuitplayground import cp\n"
        "import time\n"
        "cp.pixels.brightness = 0.5\n"
        "cp.pixels.fill((0, 0, 80))\n"
        "cp.pixels[3] = (255, 0, 0)\n"
        "print(round(cp.temperature), cp.light, cp.touch_A1)\n"
        "time.sleep(1)\n"
        "print(cp.touch_A1, cp.loud_sound())\n"
        "cp.play_tone(523, 0.3)\n"
    )
    bundle = build_bundle(program, load_boards().get(CPB))
    bundle.files.update(libs)
    with simulate(bundle, board=CPB) as b:
        b.world.temperature, b.world.light = 24, 255
        b.run(0.9)
        b.world.touched, b.world.sound_level = {"A1"}, 100
        b.run(2)
        assert b.display.colors[3] == (127, 0, 0) and b.display.colors[0] == (0, 0, 40)
    assert b.output.splitlines() == ["24 329 False", "True True"]
    assert [(t.frequency, round(t.duration, 2)) for t in b.buzzer.tones] == [(523, 0.3)]


def test_a_module_the_board_has_and_the_simulator_lacks_says_so(sim):
    # displayio is built into CircuitPython 9.2 for this board: not "no module named"
    with sim("import time\nimport displayio\n", board=CPB) as b:
        with pytest.raises(LessonError) as e:
            b.run(1)
    assert e.value.summary.endswith(
        "NotImplementedError: displayio is not simulated; try this part on the real board"
    )


def test_time_and_supervisor_are_circuitpythons(sim):
    # shared-bindings/time: whole milliseconds, seconds since 1970, the clock starting in 2000
    with sim(
        """
        import supervisor, time
        print(time.localtime())
        t = time.localtime(1700000000)
        print(t.tm_year, t.tm_yday, t.tm_wday, time.mktime(t))
        try:
            time.sleep(-1)
        except ValueError as e:
            print("ValueError:", e)
        t0 = time.monotonic_ns()
        time.sleep(0.0004)  # rounds to 0 ms
        print(time.monotonic_ns() - t0 < 100000, supervisor.runtime.serial_connected)
        print(supervisor.runtime.run_reason)
        import rtc
        rtc.RTC().datetime = time.struct_time((2026, 3, 14, 15, 9, 26, 5, -1, -1))
        time.sleep(10)
        print(time.localtime()[:6])
        """,
        board=CPB,
    ) as b:
        b.run(11)
    assert b.output.splitlines() == [
        "struct_time(tm_year=2000, tm_mon=1, tm_mday=1, tm_hour=0, tm_min=0, tm_sec=0, "
        "tm_wday=5, tm_yday=1, tm_isdst=-1)",
        "2023 318 1 1700000000",
        "ValueError: seconds must be >= 0",
        "True True",
        "supervisor.RunReason.STARTUP",
        "(2026, 3, 14, 15, 9, 36)",
    ]


def test_os_is_circuitpythons_and_the_deploy_agent_walks_its_folders():
    # shared-bindings/os (9.2): no ilistdir, getenv reads /settings.toml; the deploy agent
    # (targets/board_agent.py) must still find the files in lib/ on a real board
    from pathlib import Path

    import atelier.targets.board_agent as agent

    source = Path(agent.__file__).read_text(encoding="utf-8")
    with simulate(
        writable(
            source
            + """
import os
with open("/settings.toml", "w") as f:
    f.write('NAME = "Poste \\\\u00e9 3"  # a label\\nCOUNT = 7\\n[later]\\nX = 1\\n')
print(hasattr(os, "ilistdir"), os.getenv("NAME"), os.getenv("COUNT"), os.getenv("X", "-"))
if "lib" not in os.listdir():  # a fresh CIRCUITPY has lib/ (filesystem.c)
    os.mkdir("/lib")
os.mkdir("/lib/deep")
with open("/lib/deep/x.py", "w") as f:
    f.write("x = 1")
print(sorted(p for p in _awalk("", []) if p.startswith("lib/deep") or p == "settings.toml"))
print(_abase()["uid"])
"""
        ),
        board=CPB,
    ) as b:
        b.run(0.5)
    assert b.output.splitlines() == [
        "False Poste é 3 7 -",
        "['lib/deep/x.py', 'settings.toml']",
        b.unique_id,  # the board's own id (microcontroller.cpu.uid), not "" for want of machine
    ]
