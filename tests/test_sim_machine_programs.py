"""Ordinary Pico and ESP32 programs, written from the MicroPython 1.22 docs (quickrefs of the
rp2 and esp32 ports, the `machine`, `_thread`, `asyncio`, `time` pages), run as on the board:
what keeps running after main.py, each port's defaults, values, reprs and errors."""

from __future__ import annotations

import os
import select
import time

import pytest

from atelier.sim import LessonError

BOARDS = ["pico", "esp32"]


def at_times(lines: list[str], want: list[str], slack_ms: int = 2) -> bool:
    """The printed lines are the wanted ones, each line's last number (a time in ms) within
    `slack_ms` (every hardware access costs the board a few µs; they add up)."""
    if len(lines) != len(want):
        return False
    for got, exp in zip(lines, want, strict=True):
        g, e = got.rsplit(" ", 1), exp.rsplit(" ", 1)
        if g[0] != e[0] or not (g[1].isdigit() and abs(int(g[1]) - int(e[1])) <= slack_ms):
            return False
    return True


# -- after main.py: timers, pin interrupts and threads go on (the board's REPL takes over) -------
@pytest.mark.parametrize("board, timer", [("pico", "Timer()"), ("esp32", "Timer(0)")])
def test_a_timer_blinks_on_after_main_py_returns(sim, board, timer):
    with sim(
        f"""
        from machine import Pin, Timer
        import time
        led = Pin(2, Pin.OUT)

        def blink(t):
            led.toggle()
            print("blink", time.ticks_ms(), led.value())

        tim = {timer}
        tim.init(freq=2, mode=Timer.PERIODIC, callback=blink)
        print("main.py done")
        """,
        board=board,
    ) as b:
        b.run(2.2)
        assert not b.ended  # the timer still runs, as under the board's REPL
    lines = b.output.splitlines()
    assert lines[0] == "main.py done"
    assert [line.split() for line in lines[1:]] == [
        ["blink", "500", "1"],
        ["blink", "1000", "0"],
        ["blink", "1500", "1"],
        ["blink", "2000", "0"],
    ]


@pytest.mark.parametrize("board", BOARDS)
def test_a_pin_interrupt_counts_presses_after_main_py_returns(sim, board):
    pin = {"pico": 14, "esp32": 32}[board]  # the kit's button A, to GND
    with sim(
        f"""
        from machine import Pin
        presses = []
        button = Pin({pin}, Pin.IN, Pin.PULL_UP)
        button.irq(lambda p: presses.append(p.value()), Pin.IRQ_FALLING)
        """,
        board=board,
    ) as b:
        b.run(0.5)
        b.press("A")
        b.run(0.5)
        b.press("A")
        b.run(0.5)
        assert not b.ended
    # the handler ran twice after main.py had ended; nothing printed, no error
    assert b.output == "" and b.error is None


@pytest.mark.parametrize(
    "board, takes, refuses", [("pico", "hard", "wake"), ("esp32", "wake", "hard")]
)
def test_pin_irq_takes_its_ports_arguments(sim, board, takes, refuses):
    with sim(
        f"""
        from machine import Pin
        p = Pin(4, Pin.IN)
        p.irq(lambda p: None, Pin.IRQ_RISING, {takes}=None)
        try:
            p.irq(lambda p: None, Pin.IRQ_RISING, {refuses}=None)
        except TypeError:
            print("TypeError")
        """,
        board=board,
    ) as b:
        b.run(0.1)
    assert b.output == "TypeError\n"


def test_an_unguarded_timer_error_is_printed_and_the_board_goes_on(sim):
    with sim(
        """
        from machine import Timer
        ticks = []

        def tick(t):
            ticks.append(1)
            if len(ticks) == 2:
                1 / 0
            print("tick", len(ticks))

        Timer(period=100, callback=tick)
        """,
        board="pico",
    ) as b:
        b.run(0.35)
    lines = b.output.splitlines()
    assert lines[0] == "tick 1"
    assert lines[1] == "Traceback (most recent call last):"
    assert lines[2].startswith('  File "main.py", line 7, in tick')
    assert lines[3:] == ["ZeroDivisionError: divide by zero", "tick 3"]
    assert "_sim" not in b.output  # no frame of the simulator's own


def test_threads_share_the_virtual_clock(sim):
    with sim(
        """
        import _thread, time

        def worker(name, period):
            for i in range(3):
                time.sleep_ms(period)
                print(name, time.ticks_ms())

        _thread.start_new_thread(worker, ("core1", 300))
        try:
            _thread.start_new_thread(worker, ("again", 1))
        except OSError as e:
            print("OSError:", e)
        for i in range(2):
            time.sleep_ms(400)
            print("main", time.ticks_ms())
        """,
        board="pico",
    ) as b:
        b.run(2)
    lines = b.output.splitlines()
    assert lines[0] == "OSError: core1 in use"  # the Pico's second core runs one thread
    assert at_times(
        lines[1:],
        ["core1 300", "main 400", "core1 600", "main 800", "core1 900"],  # 900: after main.py
    ), lines


def test_a_thread_polling_the_hardware_lets_a_sleeping_thread_wake(sim):
    with sim(
        """
        import _thread, time
        from machine import Pin
        button = Pin(14, Pin.IN, Pin.PULL_UP)
        reads = [0]

        def poll():
            while True:  # reads the button without ever sleeping
                reads[0] += button.value()

        _thread.start_new_thread(poll, ())
        for i in range(3):
            time.sleep_ms(100)
            print("main", time.ticks_ms() // 100, reads[0] > 0)
        """,
        board="pico",
    ) as b:
        b.run(0.35)
    assert b.output.splitlines() == ["main 1 True", "main 2 True", "main 3 True"]


def test_a_threads_error_is_printed_as_the_board_prints_it(sim):
    with sim(
        """
        import _thread, time

        def worker():
            time.sleep(0.1)
            raise ValueError("bad sensor")

        _thread.start_new_thread(worker, ())
        time.sleep(0.5)
        print("main goes on")
        """,
        board="esp32",
    ) as b:
        b.run(1)
    lines = b.output.splitlines()
    assert lines[0].startswith("Unhandled exception in thread started by <function worker at ")
    assert lines[1:] == [
        "Traceback (most recent call last):",
        '  File "main.py", line 5, in worker',
        "ValueError: bad sensor",
        "main goes on",
    ]


def test_a_lock_waits_in_virtual_time(sim):
    with sim(
        """
        import _thread, time
        lock = _thread.allocate_lock()
        done = []

        def worker():
            with lock:
                time.sleep(1)
                done.append(time.ticks_ms())

        _thread.start_new_thread(worker, ())
        time.sleep_ms(10)
        with lock:  # waits for the worker's second
            print("got the lock at", time.ticks_ms(), done)
        """,
        board="esp32",
    ) as b:
        b.run(2)
    out = b.output.strip()
    assert out.startswith("got the lock at 10") and out.endswith("[1000]"), out


@pytest.mark.parametrize("board", BOARDS)
def test_asyncio_tasks_run_in_virtual_time(sim, board):
    with sim(
        """
        import asyncio, time

        async def blink(name, period_ms, n):
            for i in range(n):
                print(name, time.ticks_ms())
                await asyncio.sleep_ms(period_ms)
            return name

        async def main():
            results = await asyncio.gather(blink("fast", 200, 3), blink("slow", 500, 2))
            print(results, time.ticks_ms())
            async def slow():
                await asyncio.sleep(10)

            try:
                await asyncio.wait_for(slow(), 1)
            except asyncio.TimeoutError:
                print("timeout at", time.ticks_ms())

        asyncio.run(main())
        """,
        board=board,
    ) as b:
        b.run(5)
    want = ["fast 0", "slow 0", "fast 200", "fast 400", "slow 500", "['fast', 'slow'] 1000"]
    assert at_times(b.output.splitlines(), [*want, "timeout at 2000"]), b.output


def test_a_timer_wakes_an_asyncio_task_through_a_threadsafe_flag(sim):
    with sim(
        """
        import asyncio, time
        from machine import Timer
        flag = asyncio.ThreadSafeFlag()
        tim = Timer(period=300, callback=lambda t: flag.set())

        async def main():
            for i in range(3):
                await flag.wait()
                print("flag", time.ticks_ms())

        asyncio.run(main())
        tim.deinit()
        """,
        board="pico",
    ) as b:
        b.run(2)
        assert b.ended  # nothing left to run once the timer is stopped
    assert at_times(b.output.splitlines(), ["flag 300", "flag 600", "flag 900"])


def test_timers_fire_while_the_served_board_waits_at_its_prompt():
    from atelier.sim.serve import serve

    with serve(1, board="pico") as s:
        fd = os.open(s.ports[0], os.O_RDWR | os.O_NOCTTY)
        try:
            buf = b""

            def until(marker: bytes, timeout: float = 10) -> bytes:
                nonlocal buf
                end = time.monotonic() + timeout
                while marker not in buf:
                    assert time.monotonic() < end, buf
                    if select.select([fd], [], [], 0.1)[0]:
                        buf += os.read(fd, 4096)
                i = buf.index(marker) + len(marker)
                out, buf = buf[:i], buf[i:]
                return out

            os.write(fd, b"\r")
            until(b"\r\n>>> ")  # the prompt, then the prompt again after Enter
            code = "from machine import Timer; n = []; t = Timer(period=50, callback=n.append)\r"
            os.write(fd, code.encode())
            until(b">>> ")
            time.sleep(1)  # served boards keep to the wall clock
            os.write(fd, b"print(len(n) >= 3)\r")
            assert until(b">>> ").endswith(b"True\r\n>>> ")
            # a thread that prints on its own: the prompt still answers meanwhile
            code = "import _thread, time; _thread.start_new_thread(lambda: [time.sleep(0.1)"
            os.write(fd, (code + " or print('tick', i) for i in range(10)], ())\r").encode())
            until(b">>> ")
            os.write(fd, b"print(6 * 7)\r")
            assert b"42\r\n" in until(b"42\r\n")
            assert b"tick 9" in until(b"tick 9")
        finally:
            os.close(fd)


# -- each port's defaults, values and reprs ------------------------------------------------------
def test_pico_pwm_reads_back_what_the_hardware_gives_and_has_no_duty(sim):
    with sim(
        """
        from machine import Pin, PWM
        pwm = PWM(Pin(15))
        print(pwm, pwm.freq(), pwm.duty_u16())
        pwm.freq(1000)
        pwm.duty_u16(32768)
        print(pwm.freq(), pwm.duty_u16(), pwm.duty_ns())
        pwm.duty(512)
        """,
        board="pico",
    ) as b:
        with pytest.raises(LessonError) as e:
            b.run(1)
        assert b.hardware.pwm.pwm["15"] == [1000, 32768]  # the buzzer pin sounds 1 kHz
    assert b.output.splitlines() == ["<PWM slice=7 channel=1 invert=0> 0 0", "1000 32768 499999"]
    assert e.value.line == 7
    assert e.value.exc_line == "AttributeError: 'PWM' object has no attribute 'duty'"


def test_esp32_pwm_api_of_its_port(sim):
    with sim(
        """
        from machine import Pin, PWM
        pwm = PWM(Pin(25), freq=1000, duty=512)
        print(pwm)
        print(pwm.freq(), pwm.duty(), pwm.duty_u16(), pwm.duty_ns())
        pwm.duty_u16(16384)
        print(pwm.duty())
        led = PWM(Pin(2))  # 5 kHz, 50 % by default
        print(led.freq(), led.duty())
        for make in (lambda: PWM(Pin(34)), lambda: PWM(Pin(4), duty=1024)):
            try:
                make()
            except ValueError as e:
                print(e)
        pwm.deinit()
        try:
            pwm.duty()
        except RuntimeError as e:
            print(e)
        """,
        board="esp32",
    ) as b:
        b.run(1)
    assert b.output.splitlines() == [
        "PWM(Pin(25), freq=1000, duty=512, resolution=16, (duty=50.00%, resolution=0.002%), "
        "mode=0, channel=0, timer=0)",
        "1000 512 32768 500008",
        "256",
        "5000 512",
        "PWM not supported on Pin(34)",  # GPIO34-39 are inputs only
        "duty must be from 0 to 1023",
        "PWM inactive",
    ]


def test_pico_internal_temperature_sensor_follows_the_world(sim):
    with sim(
        """
        from machine import ADC
        import time
        sensor = ADC(4)
        print(sensor, ADC(26), ADC(ADC.CORE_TEMP) is not None)
        for i in range(2):
            volts = sensor.read_u16() * 3.3 / 65535
            print(round(27 - (volts - 0.706) / 0.001721))
            time.sleep(1)
        try:
            ADC(5)
        except ValueError as e:
            print(e)
        """,
        board="pico",
    ) as b:
        b.world.temperature = 18.0
        b.run(0.5)
        b.world.temperature = 31.0
        b.run(2)
    assert b.output.splitlines() == [
        "<ADC channel=4> <ADC channel=0> True",
        "18",
        "31",
        "invalid channel",
    ]


@pytest.mark.parametrize(
    "board, out",
    [
        (
            "pico",
            [
                "Timer(mode=PERIODIC, tick_hz=1000000, period=500000)",
                "Timer doesn't exist",
                "UART(1, baudrate=9600, bits=8, parity=None, stop=1, tx=4, rx=5, txbuf=256, "
                "rxbuf=256, timeout=0, timeout_char=2, invert=None)",
                "SPI(0, baudrate=992063, polarity=0, phase=0, bits=8, sck=18, mosi=19, miso=16)",
                "SoftSPI(baudrate=500000, polarity=0, phase=0, sck=2, mosi=3, miso=4)",
                "Pin(GPIO2, mode=OUT) Pin(GPIO25, mode=ALT, alt=31)",
            ],
        ),
        (
            "esp32",
            [
                "Timer(3, mode=PERIODIC, period=500)",  # -1 is timer 3 (group 1, index 1)
                "ok",
                "UART(1, baudrate=9600, bits=8, parity=None, stop=1, tx=10, rx=9, rts=-1, "
                "cts=-1, txbuf=256, rxbuf=256, timeout=0, timeout_char=0)",
                "SPI(id=1, baudrate=500000, polarity=0, phase=0, bits=8, firstbit=0, sck=14, "
                "mosi=13, miso=12)",
                "SoftSPI(baudrate=500000, polarity=0, phase=0, sck=2, mosi=3, miso=4)",
                "Pin(2) Pin(25)",
            ],
        ),
    ],
)
def test_objects_print_as_on_the_board(sim, board, out):
    with sim(
        """
        from machine import Pin, Timer, UART, SPI, SoftSPI
        import sys
        t = Timer(-1, period=500, callback=lambda t: None)
        print(t)
        t.deinit()
        try:
            Timer(0)
            print("ok")
        except ValueError as e:
            print(e)
        print(UART(1, 9600))
        print(SPI(0 if sys.platform == "rp2" else 1))
        print(SoftSPI(sck=Pin(2), mosi=Pin(3), miso=Pin(4)))
        print(Pin(2, Pin.OUT), Pin(25))
        """,
        board=board,
    ) as b:
        b.run(1)
    assert b.output.splitlines() == out


def test_spi_with_nothing_wired_reads_what_misos_pull_leaves(sim):
    with sim(
        """
        from machine import Pin, SoftSPI
        miso = Pin(4, Pin.IN, Pin.PULL_UP)
        spi = SoftSPI(baudrate=100_000, polarity=1, phase=0, sck=Pin(0), mosi=Pin(2), miso=miso)
        print(spi.read(2))
        miso.init(Pin.IN, Pin.PULL_DOWN)
        buf = bytearray(2)
        spi.write_readinto(b"ab", buf)
        print(buf)
        """,
        board="pico",
    ) as b:
        b.run(0.5)
    assert b.output.splitlines() == ["b'\\xff\\xff'", "bytearray(b'\\x00\\x00')"]


def test_pico_buses_refuse_pins_of_another_peripheral(sim):
    with sim(
        """
        from machine import Pin, UART, SPI
        for make in (
            lambda: UART(0, tx=Pin(4)),  # GP4 is UART1's TX
            lambda: UART(1, rx=Pin(8)),  # GP8 is UART1's TX, not RX
            lambda: SPI(1, sck=Pin(2)),  # GP2 is SPI0's SCK
            lambda: UART(2),
        ):
            try:
                make()
            except ValueError as e:
                print(e)
        print(Pin.board.LED is Pin(25), Pin.cpu.GPIO15 is Pin("GP15"))
        """,
        board="pico",
    ) as b:
        b.run(1)
    assert b.output.splitlines() == [
        "bad TX pin",
        "bad RX pin",
        "bad SCK pin",
        "UART(2) doesn't exist",
        "True True",
    ]


@pytest.mark.parametrize(
    "board, start, epoch",
    [
        ("pico", "(2021, 1, 1, 0, 0, 2, 4, 1)", 1609459202),  # the RTC starts in 2021
        ("esp32", "(2000, 1, 1, 0, 0, 2, 5, 1)", 2),  # seconds since 2000
    ],
)
def test_time_calendar_and_rtc(sim, board, start, epoch):
    with sim(
        """
        import time
        from machine import RTC
        time.sleep(2)
        print(time.localtime(), time.time(), time.time_ns() // 10**9)
        rtc = RTC()
        rtc.datetime((2024, 6, 15, 5, 10, 30, 0, 0))
        time.sleep(61)
        print(rtc.datetime()[:7], time.gmtime()[:6])
        t = time.mktime((2024, 2, 28, 23, 0, 0, 0, 0))
        print(time.localtime(t + 3600))  # 2024 is a leap year
        """,
        board=board,
    ) as b:
        b.run(70)
    assert b.output.splitlines() == [
        f"{start} {epoch} {epoch}",
        "(2024, 6, 15, 5, 10, 31, 1) (2024, 6, 15, 10, 31, 1)",
        "(2024, 2, 29, 0, 0, 0, 3, 60)",
    ]


@pytest.mark.parametrize("board, hz, uid", [("pico", 125000000, 8), ("esp32", 160000000, 6)])
def test_clock_and_unique_id_of_each_port(sim, board, hz, uid):
    with sim("import machine\nprint(machine.freq(), len(machine.unique_id()))", board=board) as b:
        b.run(0.1)
    assert b.output.split() == [str(hz), str(uid)]


@pytest.mark.parametrize("board, after", [("pico", 3), ("esp32", 2)])
def test_reset_cause_after_machine_reset(sim, board, after):
    with sim(
        """
        import machine, os
        print(machine.reset_cause(), machine.PWRON_RESET)
        if "again" not in os.listdir():
            open("again", "w").close()
            machine.reset()
        """,
        board=board,
    ) as b:
        b.run(1)
    # rp2 resets through the watchdog (WDT_RESET); the ESP32 says HARD_RESET
    assert b.output.splitlines() == ["1 1", f"{after} 1"]


def test_esp32_deep_sleep_wakes_from_its_timer_into_main_py(sim):
    with sim(
        """
        import machine, time
        print(machine.reset_cause() == machine.DEEPSLEEP_RESET, machine.wake_reason())
        if machine.reset_cause() != machine.DEEPSLEEP_RESET:
            machine.deepsleep(5000)
        """,
        board="esp32",
    ) as b:
        b.run(4)
        assert b.output.splitlines() == ["False 0"]
        b.run(2)
    assert b.output.splitlines() == ["False 0", "True 4"]


@pytest.mark.parametrize("board", BOARDS)
def test_a_hungry_watchdog_resets_the_board(sim, board):
    with sim(
        """
        from machine import WDT, reset_cause, WDT_RESET
        import time
        print("start", reset_cause() == WDT_RESET, time.ticks_ms())
        if reset_cause() != WDT_RESET:
            wdt = WDT(timeout=2000)
            for i in range(3):
                time.sleep(1)
                wdt.feed()
            print("fed until", time.ticks_ms())
        """,
        board=board,
    ) as b:
        b.run(4.5)
        assert b.resets == 0
        b.run(1)  # main.py ended at 3 s; nobody feeds the watchdog: reset at 5 s
        assert b.resets == 1
    # the ticks start again with the board, as on the real one
    assert b.output.splitlines() == ["start False 0", "fed until 3000", "start True 0"]


def test_one_wire_and_dht_with_nothing_on_the_bus(sim):
    with sim(
        """
        from machine import Pin
        import onewire, ds18x20, dht
        ds = ds18x20.DS18X20(onewire.OneWire(Pin(16)))
        print(ds.scan())
        try:
            ds.convert_temp()
        except onewire.OneWireError:
            print("OneWireError")
        try:
            dht.DHT22(Pin(17)).measure()
        except OSError as e:
            print(e)
        """,
        board="pico",
    ) as b:
        b.run(1)
    assert b.output.splitlines() == ["[]", "OneWireError", "[Errno 110] ETIMEDOUT"]


def test_esp32_modules_import_and_its_radios_say_they_are_not_simulated(sim):
    with sim(
        """
        import esp, esp32, network, bluetooth, espnow, ntptime, webrepl, ssl
        from machine import DAC, Pin, PWM
        print(esp.flash_size(), esp32.raw_temperature(), network.STA_IF, bluetooth.UUID(0x181A))
        print(DAC(Pin(25)))
        a = PWM(Pin(4), freq=1000)
        b = PWM(Pin(5), freq=1000)
        c = PWM(Pin(18), freq=2000)
        print([repr(p).split("mode=")[1] for p in (a, b, c)])
        wlan = network.WLAN(network.AP_IF).active(True)
        """,
        board="esp32",
    ) as b:
        b.world.temperature = 25.0
        with pytest.raises(LessonError) as e:
            b.run(1)
    assert b.output.splitlines() == [
        "4194304 77 0 UUID(0x181a)",
        "DAC(Pin(25))",
        "['0, channel=0, timer=0)', '0, channel=1, timer=0)', '0, channel=2, timer=1)']",
    ]
    assert e.value.line == 9
    assert e.value.exc_line == (
        "NotImplementedError: network.WLAN(network.AP_IF) (Wi-Fi access point) is not simulated; "
        "try this part on the real board"
    )


def test_pio_says_in_one_line_it_is_not_simulated(sim):
    with sim(
        """
        import rp2
        from machine import Pin

        @rp2.asm_pio(set_init=rp2.PIO.OUT_LOW)
        def blink():
            set(pins, 1)
            set(pins, 0)

        sm = rp2.StateMachine(0, blink, freq=2000, set_base=Pin(25))
        """,
        board="pico",
    ) as b:
        with pytest.raises(LessonError) as e:
            b.run(1)
    assert e.value.line == 9
    assert e.value.exc_line == (
        "NotImplementedError: rp2.StateMachine (PIO) is not simulated; "
        "try this part on the real board"
    )


# -- errors and reprs name the board's modules, never the simulator's ----------------------------
def test_errors_and_reprs_name_machine_never_the_shim(sim):
    with sim(
        """
        import machine, sys, time
        print(machine, time, type(machine.Pin(2)))
        try:
            machine.I2C(0).readfrom(0x50, 1)
        except OSError as e:
            sys.print_exception(e)
        machine.Pin(99)
        """,
        board="pico",
    ) as b:
        with pytest.raises(LessonError) as e:
            b.run(1)
    assert b.output.splitlines() == [
        "<module 'machine'> <module 'time'> <class 'Pin'>",
        "Traceback (most recent call last):",
        '  File "main.py", line 4, in <module>',
        "OSError: [Errno 5] EIO",
    ]
    assert "_sim" not in e.value.traceback and "vm/" not in e.value.traceback
    assert e.value.exc_line == "ValueError: invalid pin"


def test_star_import_of_machine_gives_its_names_only(sim):
    with sim(
        """
        from machine import *
        print(Pin(2, Pin.OUT), UART(1).any(), "P" in dir(), "_simhost" in dir())
        """,
        board="esp32",
    ) as b:
        b.run(0.5)
    assert b.output.strip() == "Pin(2) 0 False False"


def test_microbit_objects_and_errors_name_the_firmwares_types(sim):
    with sim(
        """
        from microbit import *
        import music, sys
        print(type(display), type(button_a), type(accelerometer), type(compass))
        print("MicroBitDisplay" in dir(), "_simhost" in dir())
        try:
            music.play(5)
        except TypeError as e:
            sys.print_exception(e)
        """,
        board="microbit-v2",
    ) as b:
        b.run(0.5)
    assert b.output.splitlines()[:4] == [
        "<class 'MicroBitDisplay'> <class 'MicroBitButton'> <class 'MicroBitAccelerometer'> "
        "<class 'MicroBitCompass'>",
        "False False",
        "Traceback (most recent call last):",
        '  File "main.py", line 6, in <module>',  # the shim's own frame is not shown
    ]
    assert b.output.splitlines()[4].startswith("TypeError")


def test_circuitpython_types_have_their_real_names(sim):
    with sim(
        """
        import microcontroller, keypad, board
        keys = keypad.Keys((board.BUTTON_A,), value_when_pressed=True)
        print(type(microcontroller.cpu), type(keys.events))
        """,
        board="circuitplayground-bluefruit",
    ) as b:
        b.run(0.5)
    assert b.output.strip() == "<class 'Processor'> <class 'EventQueue'>"
