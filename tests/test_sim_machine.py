"""Simulated MicroPython `machine` boards (Pico, ESP32): pins, I2C, PWM, timers, the kit."""

from __future__ import annotations

import pytest

from atelier.sim import LessonError
from atelier.sim.components.buzzer import note_frequency

BOARDS = ["pico", "esp32"]


@pytest.mark.parametrize(
    "board, free, errno",
    [
        ("pico", "scl=Pin(3), sda=Pin(2)", 5),  # GP3/GP2: I2C1's pins; EIO (pico-sdk)
        ("esp32", "scl=Pin(16), sda=Pin(17)", 19),  # any pins; ENODEV (ESP-IDF's ESP_FAIL)
    ],
)
def test_i2c_scan_sees_the_kit_modules_and_missing_chips_nak(sim, board, free, errno):
    with sim(
        f"""
        from machine import I2C, Pin, SoftI2C
        import kit, kitconfig
        i, scl, sda, f = kitconfig.BUSES["i2c0"]
        bus = I2C(i, scl=Pin(scl), sda=Pin(sda), freq=f)
        print(sorted(bus.scan()))
        print(SoftI2C(scl=Pin(scl), sda=Pin(sda)).scan() == bus.scan())
        print(I2C(1, {free}).scan())  # nothing wired on these pins
        try:
            bus.readfrom_mem(0x50, 0, 1)
        except OSError as e:
            print("errno", e.args[0])
        try:
            SoftI2C(scl=Pin(scl), sda=Pin(sda)).readfrom_mem(0x50, 0, 1)
        except OSError as e:
            print("soft errno", e.args[0])
        """,
        board=board,
    ) as b:
        b.run(1)
    lines = b.output.splitlines()
    assert {0x3C, 0x19, 0x77} <= set(eval(lines[0]))  # screen, accelerometer, BMP280
    assert lines[1:] == ["True", "[]", f"errno {errno}", "soft errno 19"]


@pytest.mark.parametrize(
    "board, out",
    [
        (
            "pico",
            [
                "I2C(0, freq=399361, scl=5, sda=4, timeout=50000) True",  # RPI_PICO's default bus
                "I2C(1, freq=100000, scl=7, sda=6, timeout=50000)",
                "SoftI2C(scl=5, sda=4, freq=500000)",
                "bad SCL pin",  # GP2/GP3 belong to I2C1
                "bad SDA pin",
                "I2C(2) doesn't exist",
            ],
        ),
        (
            "esp32",
            [
                "I2C(0, scl=18, sda=19, freq=400000) False",  # the port's default pins, not ours
                "I2C(1, scl=25, sda=26, freq=100000)",
                "SoftI2C(scl=5, sda=4, freq=500000)",
                "ok",  # any pin will do on the ESP32's GPIO matrix
                "ok",
                "I2C(2) doesn't exist",
            ],
        ),
    ],
)
def test_i2c_default_pins_reprs_and_pin_checks_are_the_ports(sim, board, out):
    with sim(
        """
        from machine import I2C, SoftI2C, Pin
        bus = I2C(0)
        print(bus, 0x77 in bus.scan())
        print(I2C(1, freq=100000))
        print(SoftI2C(scl=Pin(5), sda=Pin(4)))
        for pins in ((2, 3), (5, 5)):
            try:
                I2C(0, scl=Pin(pins[0]), sda=Pin(pins[1]))
                print("ok")
            except ValueError as e:
                print(e)
        try:
            I2C(2)
        except ValueError as e:
            print(e)
        """,
        board=board,
    ) as b:
        b.run(1)
    assert b.output.splitlines() == out


def test_pins_wiring_and_invalid_pin(sim):
    with sim(
        """
        from machine import Pin
        a = Pin(14, Pin.IN, Pin.PULL_UP)  # button A, to GND
        door = Pin(16, Pin.IN, Pin.PULL_UP)  # reed switch
        free = Pin(2, Pin.IN, Pin.PULL_DOWN)
        led = Pin(3, Pin.OUT)
        led.on()
        print(a.value(), door.value(), free.value(), led.value())
        Pin(99)
        """,
        board="pico",
    ) as b:
        b.world.magnet_near = True  # door closed: the reed switch pulls the pin low
        b.hold("A")
        with pytest.raises(LessonError) as e:
            b.run(1)
    assert b.output.strip() == "0 0 0 1"
    assert e.value.line == 8 and "ValueError" in e.value.summary


# ---------------------------------------------------------------------------------------------
# Pin ids: exactly those the real port takes (MicroPython 1.22, ports/rp2 and ports/esp32
# machine_pin.c), refused with the port's own words; a name and its number are one pin.


def test_a_picos_pin_name_and_number_are_one_pin(sim):
    with sim(
        """
        from machine import Pin
        led = Pin("LED")
        a = Pin("GP15", Pin.OUT)
        a.on()
        b = Pin(15)
        print(b.value(), b is a, Pin("GPIO15") is a, led is Pin(25))
        b.off()
        print(a.value())
        print(a, led)
        """,
        board="pico",
    ) as b:
        b.run(1)
        assert b.hardware.pin_out == {"15": 0}  # one pin, whatever the program called it
    assert b.output.splitlines() == [
        "1 True True True",
        "0",
        "Pin(GPIO15, mode=OUT) Pin(GPIO25, mode=ALT, alt=31)",
    ]


@pytest.mark.parametrize(
    "board, pins, errors",
    [
        (
            "pico",
            '29, "GP28", "GPIO29", "LED", 30, -1, "GP23", "GPIO30", "D15", 2.0, True',
            ["ValueError: invalid pin", "ValueError: invalid pin",
             'ValueError: unknown named pin "GP23"', 'ValueError: unknown named pin "GPIO30"',
             'ValueError: unknown named pin "D15"', "ValueError: invalid pin",
             "ValueError: invalid pin"],
        ),
        (
            "esp32",
            '0, 20, 23, 39, 24, 28, 31, 40, "GPIO4", "4", "LED"',
            ["ValueError: invalid pin"] * 7,
        ),
    ],
)  # fmt: skip
def test_a_pin_the_real_port_refuses_is_refused_alike(sim, board, pins, errors):
    with sim(
        f"""
        from machine import Pin
        for id in [{pins}]:
            try:
                Pin(id)
                print("ok")
            except Exception as e:
                print("%s: %s" % (type(e).__name__, e))
        Pin(30 if "{board}" == "pico" else 24)
        """,
        board=board,
    ) as b:
        with pytest.raises(LessonError) as e:
            b.run(1)
    accepted = pins.count(",") + 1 - len(errors)
    assert b.output.splitlines() == ["ok"] * accepted + errors
    assert e.value.line == 8 and e.value.summary.endswith("ValueError: invalid pin")


def test_an_esp32_input_only_pin_refuses_output_as_the_real_port(sim):
    with sim(
        """
        from machine import Pin
        print(Pin.IN, Pin.OUT, Pin.OPEN_DRAIN, Pin.PULL_UP, Pin.PULL_DOWN, hasattr(Pin, "ALT"))
        for mode in (Pin.IN, 1, Pin.OUT, Pin.OPEN_DRAIN):
            try:
                print(Pin(35, mode))
            except ValueError as e:
                print("ValueError:", e)
        # GPIO34-39 have no pull resistors: the pull is taken and nothing pulls
        print(Pin(35, Pin.IN, Pin.PULL_UP).value(), Pin(26, Pin.IN, Pin.PULL_UP).value())
        Pin(35, Pin.OUT)
        """,
        board="esp32",
    ) as b:
        with pytest.raises(LessonError) as e:
            b.run(1)
    assert b.output.splitlines() == [
        "1 3 7 2 1 False",
        "Pin(35)",
        "Pin(35)",
        "ValueError: pin can only be input",
        "ValueError: pin can only be input",
        "0 1",
    ]
    assert e.value.line == 10 and e.value.summary.endswith("ValueError: pin can only be input")


# each port has its own trigger values (rp2: GPIO_IRQ_EDGE_*, esp32: GPIO_INTR_*EDGE)
@pytest.mark.parametrize("board, button_b, edges", [("pico", 13, "8 4"), ("esp32", 33, "1 2")])
def test_pin_interrupts_count_short_presses(sim, board, button_b, edges):
    with sim(
        f"""
        from machine import Pin
        import time
        print(Pin.IRQ_RISING, Pin.IRQ_FALLING)
        count = [0]
        def pressed(p):
            count[0] += 1
        Pin({button_b}, Pin.IN, Pin.PULL_UP).irq(pressed, Pin.IRQ_FALLING)
        time.sleep(2)
        print(count[0])
        """,
        board=board,
    ) as b:
        for _ in range(3):
            b.run(0.2)
            b.press("B", duration=0.01)  # far shorter than the program's sleep
        b.run(2)
    assert b.output.splitlines() == [edges, "3"]


def test_pwm_tone_and_melody_on_the_buzzer_pin(sim):
    with sim(
        """
        from kit import buzzer, sleep_ms
        buzzer.tone(440, 300)
        buzzer.play(["c5:2", "r:2", "e5:4"])
        buzzer.play(["g4:8"], wait=False)
        print("went on")
        sleep_ms(300)
        buzzer.stop()
        """,
        board="pico",
    ) as b:
        b.run(5)
    tones = [(round(t.start, 3), t.frequency, round(t.duration, 3)) for t in b.buzzer.tones]
    c5, e5, g4 = note_frequency("c", "", 5), note_frequency("e", "", 5), note_frequency("g", "", 4)
    # play() cuts each note 10 ms short, as micro:bit's music does; tone() does not
    assert tones == [(0.0, 440, 0.3), (0.3, c5, 0.24), (0.8, e5, 0.49), (1.3, g4, 0.3)]
    assert b.output == "went on\n"


def test_timer_fires_in_virtual_time(sim):
    with sim(
        """
        from machine import Timer
        import time
        ticks = []
        t = Timer(-1)
        t.init(mode=Timer.PERIODIC, period=250, callback=lambda t: ticks.append(time.ticks_ms()))
        time.sleep(1.1)
        t.deinit()
        time.sleep(1)
        print(ticks)
        """,
        board="pico",
    ) as b:
        b.run(3)
    assert b.output.strip() == "[250, 500, 750, 1000]"


def test_adc_and_unique_id(sim):
    with sim(
        """
        from machine import ADC, Pin, unique_id
        print(ADC(Pin(26)).read_u16(), len(unique_id()))
        """,
        board="pico",
    ) as b:
        b.world.pins = {26: 30000}
        b.run(1)
    assert b.output.strip() == "30000 8"


@pytest.mark.parametrize("board", BOARDS)
def test_kit_display_on_the_oled(sim, board):
    with sim(
        """
        from kit import display, sleep_ms
        display.show(display.HEART)
        sleep_ms(1000)
        display.arrow(270)
        sleep_ms(1000)
        display.show("A")
        sleep_ms(1000)
        display.clear()
        """,
        board=board,
    ) as b:
        b.run(0.5)
        assert b.display.shows("HEART")
        b.run(1)
        assert b.display.shows("ARROW_W")
        b.run(1)
        assert 50 < b.display.lit() < 600  # a big 'A' in the middle of the screen
        b.run(1)
        assert b.display.lit() == 0


@pytest.mark.parametrize("board", BOARDS)
def test_kit_door_on_a_reed_switch(sim, board):
    with sim(
        """
        from kit import door, sleep_ms
        while True:
            print(door.is_open())
            sleep_ms(1000)
        """,
        board=board,
    ) as b:
        b.world.magnet_near = True
        b.run(0.5)
        b.world.magnet_near = False
        b.run(1)
    assert b.output.split() == ["False", "True"]


def test_notes_parse_like_the_microbit(sim):
    with sim(
        """
        from kit.notes import parse
        print(parse(["c4:4", "f#", "eb5:2", "r:1", "a"]))
        """,
        board="pico",
    ) as b:
        b.run(1)
    f = note_frequency
    assert eval(b.output) == [
        (f("c", "", 4), 500),
        (f("f", "#", 4), 500),
        (f("e", "b", 5), 250),
        (None, 125),
        (f("a", "", 5), 125),
    ]


def test_missing_module_is_a_clear_error_on_the_board(sim):
    # the LIS2MDL and QMC5883L are both absent: no magnetometer answers
    with sim("from kit import compass\nprint(compass.heading())\n", board="pico") as b:
        b.hardware.buses["i2c0"].detach(0x1E)
        b.hardware.buses["i2c0"].detach(0x0D)
        with pytest.raises(LessonError) as e:
            b.run(1)
    assert "no magnetometer answers" in e.value.summary and "LIS2MDL@0x1E" in e.value.summary


@pytest.mark.parametrize("board", ["pico", "circuitplayground-bluefruit"])
def test_the_boards_root_is_its_flash_never_the_computers(program, board):
    from atelier.boards import load_boards
    from atelier.bundle import build_bundle
    from atelier.sim import simulate

    source = program(
        """
        import os
        with open("/log.csv", "w") as f:
            f.write("t,temp\\n")
        print(sorted(os.listdir("/")))
        print(os.getcwd())
        s = os.statvfs("/")
        print(s[0] * s[2])
        try:
            os.chdir("/..")
        except OSError:
            print("stays inside")
        print(os.getcwd())
        """
    )
    bundle = build_bundle(source, load_boards().get(board))
    if board == "circuitplayground-bluefruit":  # CIRCUITPY is writable once boot.py remounts it
        bundle.files["boot.py"] = b'import storage\nstorage.remount("/", readonly=False)\n'
    with simulate(bundle, board=board) as b:
        b.run(1)
        assert (b.flash / "log.csv").read_text() == "t,temp\n"
    lines = b.output.splitlines()
    assert "log.csv" in lines[0] and "lib" in lines[0]
    assert lines[1] == "/" and lines[4] == "/"
    assert int(lines[2]) // 4096 == b.type.filesystem.size // 4096
    assert lines[3] == "stays inside"


@pytest.mark.parametrize(
    "bus", ["I2C(0, scl=Pin(5), sda=Pin(4))", "SoftI2C(scl=Pin(5), sda=Pin(4))"]
)
def test_every_driver_on_machine_i2c_and_softi2c(sim, bus):
    with sim(
        f"""
        from machine import I2C, SoftI2C, Pin
        from bmp280 import BMP280
        from lis2mdl import LIS2MDL
        from qmc5883l import QMC5883L
        from lsm303agr_accel import LSM303AGR_Accel
        from ssd1306 import SSD1306
        import kit
        bus = {bus}
        b = BMP280(bus)
        print("%.2f %.2f" % (b.temperature(), b.pressure()))
        print([round(v, 1) for v in LIS2MDL(bus).magnetic()])
        print([round(v, 1) for v in QMC5883L(bus).magnetic()])
        print(LSM303AGR_Accel(bus).acceleration())
        oled = SSD1306(bus)
        oled.fill_rect(0, 0, 8, 8, 1)
        oled.show()
        """,
        board="pico",
    ) as b:
        from atelier.sim.chips.qmc5883l import QMC5883L

        b.fit("magnetometer", b.chip("magnetometer"))  # the LIS2MDL stays...
        b.hardware.buses["i2c0"].attach(QMC5883L())  # ...and a QMC5883L joins it
        b.world.temperature, b.world.pressure = 18.25, 995.5
        b.world.heading = 90
        b.run(2)
    lines = b.output.splitlines()
    t, p = (float(v) for v in lines[0].split())
    assert t == 18.25 and p == pytest.approx(995.5, abs=0.02)  # x1 oversampling: 2.6 Pa steps
    field = [round(v / 1000, 1) for v in b.world.field_nt()]
    assert eval(lines[1]) == pytest.approx(field, abs=0.2)  # µT
    assert eval(lines[2]) == pytest.approx(field, abs=0.2)
    assert eval(lines[3]) == pytest.approx((0, 0, 1000), abs=5)  # the chip's own sign
    assert sum(map(sum, b.hardware.buses["i2c0"].devices[0x3C].pixels())) == 64


def test_a_bmp280_with_its_own_calibration(sim):
    from atelier.sim.chips.bmp280 import BMP280

    with sim(
        "from kit import env\nprint('%.2f %.2f' % (env.temperature(), env.pressure()))\n",
        board="esp32",
    ) as b:
        b.fit("pressure", BMP280(calibration={"dig_T1": 28000, "dig_P1": 37000, "dig_P2": -10500}))
        b.world.temperature, b.world.pressure = -5.5, 1031.25
        b.run(1)
    t, p = (float(v) for v in b.output.split())
    assert t == -5.5 and p == pytest.approx(1031.25, abs=0.02)


def _files_on(board_id: str, files: dict[str, str]):
    from atelier.boards import load_boards
    from atelier.bundle import Bundle

    b = load_boards().get(board_id)
    return Bundle(board=b, files={k: v.encode() for k, v in files.items()},
                  user_files=set(files))  # fmt: skip


@pytest.mark.parametrize("board", ["pico", "esp32"])
def test_boot_py_runs_before_main_py_in_the_same_namespace(board):
    from atelier.sim import simulate

    files = {"boot.py": "print('boot')\nWHO = 'boot.py'\n", "main.py": "print('main', WHO)\n"}
    with simulate(_files_on(board, files), board=board) as b:
        b.run(0.5)
        assert b.output.split() == ["boot", "main", "boot.py"]


@pytest.mark.parametrize("board", ["pico", "esp32"])
def test_an_error_in_boot_py_is_reported_and_main_py_does_not_run(board):
    from atelier.sim import simulate

    files = {"boot.py": "print('boot')\nx = 1 / 0\n", "main.py": "print('main')\n"}
    with simulate(_files_on(board, files), board=board) as b:
        with pytest.raises(LessonError) as e:
            b.run(0.5)
        assert e.value.summary.startswith("boot.py:2: ZeroDivisionError")
        assert "main" not in b.output.split()


def test_the_microbit_does_not_run_boot_py():
    from atelier.sim import simulate

    files = {"boot.py": "print('boot')\n", "main.py": "print('main')\n"}
    with simulate(_files_on("microbit-v2", files), board="microbit-v2") as b:
        b.run(0.5)
        assert b.output.split() == ["main"]
