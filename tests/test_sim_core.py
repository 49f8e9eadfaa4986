"""The simulator core: virtual clock, errors with the lesson's own lines, fidelity, output."""

from __future__ import annotations

import time

import pytest

from atelier.sim import LessonError, LessonStuck, simulate_many


def test_sleep_costs_no_wall_time_and_time_is_exact(sim):
    with sim("""
        import utime
        from microbit import sleep, running_time
        t0 = utime.ticks_ms()
        sleep(1000)
        utime.sleep(2)
        utime.sleep_ms(500)
        utime.sleep_us(250)
        print(utime.ticks_diff(utime.ticks_ms(), t0), running_time())
        while True:
            sleep(60000)
    """) as b:
        wall = time.monotonic()
        b.run(3600)  # an hour of sleeping
        wall = time.monotonic() - wall
        assert b.output.split() == ["3500", "3500"]
        assert b.time == 3600
        assert wall < 60  # generous: an hour of virtual time, never an hour of wall time


def test_runs_are_deterministic(sim):
    src = """
        import random
        from microbit import sleep
        for i in range(5):
            print(random.randint(0, 1000))
            sleep(10)
    """
    outs = []
    for _ in range(2):
        with sim(src) as b:
            b.run(1)
            outs.append(b.output)
    assert outs[0] == outs[1] and len(outs[0].split()) == 5


def test_time_advances_only_when_program_sleeps_or_touches_hardware(sim):
    with sim("""
        from microbit import sleep, running_time
        sleep(100)
        print("a", running_time())
        x = 0
        for i in range(20000):
            x += i
        print("b", running_time())
    """) as b:
        b.run(1)
        a, b_ = b.output.split("\n")[:2]
        assert a == "a 100"
        # pure computation costs no virtual time; only the clock read itself does (µs)
        assert b_ == "b 100"


def test_endless_loop_is_stopped_with_its_line(sim):
    with sim(
        """
        from microbit import display
        display.show(1)
        n = 0
        while True:
            n += 1
    """,
        wall_budget=1.0,
    ) as b:
        with pytest.raises(LessonStuck) as e:
            b.run(5)
        assert e.value.line in (4, 5)
        assert "sleep" in str(e.value)


def test_exception_carries_micropython_traceback_with_lesson_lines(tmp_path):
    from atelier.sim import simulate

    (tmp_path / "helper.py").write_text("def half(x):\n    return x / 0\n")
    (tmp_path / "main.py").write_text("import helper\n\nprint(helper.half(4))\n")
    (tmp_path / "lesson.toml").write_text(
        'id = "t"\nlevel = "débutant"\nduration_min = 5\nboards = ["microbit-v2"]\n'
        '[title]\nfr = "t"\nen = "t"\n[hardware]\nfr = []\nen = []\n'
        "[objectives]\nfr = []\nen = []\n"
    )
    with simulate(tmp_path) as b:
        with pytest.raises(LessonError) as e:
            b.run(1)
    err = e.value
    assert 'File "main.py", line 3' in err.traceback
    assert 'File "helper.py", line 2' in err.traceback
    assert "ZeroDivisionError" in err.summary
    assert err.summary.startswith(str(tmp_path / "helper.py") + ":2:")
    assert "_simboot" not in str(err) and "_sim_" not in str(err)


def test_error_inside_a_microbit_call_points_at_the_program(sim):
    with sim("""
        from microbit import display, Image
        display.show(Image.HEART)
        Image.HEART.set_pixel(0, 0, 9)
    """) as b:
        with pytest.raises(LessonError) as e:
            b.run(1)
    assert e.value.line == 3
    assert "TypeError" in e.value.summary
    assert "cannot be modified" in e.value.summary


@pytest.mark.parametrize(
    "module",
    ["hashlib", "binascii", "ubinascii", "deflate", "json", "re", "socket", "io", "asyncio"],
)
def test_microbit_refuses_what_its_runtime_lacks(sim, module):
    with sim(f"import {module}\n") as b:
        with pytest.raises(LessonError) as e:
            b.run(1)
    assert e.value.summary.endswith(f"ImportError: no module named '{module}'")


@pytest.mark.parametrize(
    "board, module", [("microbit-v2", "microbit"), ("microbit-v2", "music"), ("pico", "machine")]
)
def test_a_name_a_board_module_lacks_is_refused_in_the_boards_words(sim, board, module):
    # MicroPython before 1.26 (and CircuitPython 9) words it so, not as the VM does
    with sim(
        f"""
        import {module}
        try:
            from {module} import nothing_here
        except ImportError as e:
            print("ImportError:", e)
        {module}.nothing_here
        """,
        board=board,
    ) as b:
        with pytest.raises(LessonError) as e:
            b.run(1)
    assert b.output.splitlines() == ["ImportError: can't import name nothing_here"]
    assert e.value.line == 6
    assert e.value.summary.endswith(
        "AttributeError: 'module' object has no attribute 'nothing_here'"
    )


def test_microbit_os_is_flat_and_small(sim):
    with sim("""
        import os
        with open("data.txt", "w") as f:
            f.write("12,13\\n")
        print(sorted(os.listdir()))
        print(os.size("data.txt"))
        print(hasattr(os, "mkdir"), hasattr(os, "rename"))
    """) as b:
        b.run(1)
        lines = b.output.splitlines()
        assert "data.txt" in lines[0] and "main.py" in lines[0]
        assert lines[1] == "6"
        assert lines[2] == "False False"
        assert (b.flash / "data.txt").read_text() == "12,13\n"


def test_output_is_captured_in_order(sim):
    with sim("""
        from microbit import sleep
        print("one")
        sleep(500)
        print("two", end="")
        print("!")
    """) as b:
        b.run(0.2)
        assert b.output == "one\n"
        b.run(1)
        assert b.output == "one\ntwo!\n"
        assert b.printed[0].time == 0 and b.printed[-1].time == pytest.approx(0.5, abs=0.01)


def test_program_end_leaves_the_board_idle(sim):
    with sim("print('done')\n") as b:
        b.run(2)
        assert b.ended and b.error is None and b.output == "done\n" and b.time == 2


def test_radio_between_two_boards(program, tmp_path):
    sender = program(
        """
        import radio
        from microbit import sleep, button_a
        radio.on()
        radio.config(group=7)
        while True:
            if button_a.was_pressed():
                radio.send("bonjour")
            sleep(20)
    """,
        "sender.py",
    )
    listener = """
        import radio
        from microbit import sleep
        radio.on()
        radio.config(group=%d)
        while True:
            m = radio.receive()
            if m:
                print("got", m)
            sleep(20)
    """
    receiver = program(listener % 7, "receiver.py")
    other_group = program(listener % 8, "other.py")
    with simulate_many([sender, receiver, other_group]) as (s, r, o):
        s.run(0.5)
        s.press("A")
        s.run(0.5)
        assert r.output == "got bonjour\n"
        assert o.output == ""
        assert s.time == r.time == o.time == 1.0


def test_memory_is_limited_like_the_board(sim):
    # 200 KB is three times the micro:bit V2's whole heap
    with sim("""
        from microbit import sleep
        small = bytearray(8000)
        print("small ok")
        big = bytearray(200 * 1024)
        print("big ok")
    """) as b:
        with pytest.raises(LessonError) as e:
            b.run(1)
    assert b.output == "small ok\n"
    assert e.value.line == 4 and "MemoryError" in e.value.summary


def test_several_boards_replay_identically(program):
    a = program(
        """
        import radio
        from microbit import sleep
        radio.on()
        n = 0
        while True:
            radio.send(str(n))
            n += 1
            sleep(100)
        """,
        "a.py",
    )
    b = program(
        """
        import radio
        from microbit import sleep
        radio.on()
        while True:
            print(radio.receive())
            sleep(100)
        """,
        "b.py",
    )
    outs = set()
    for _ in range(4):
        with simulate_many([a, b]) as (sa, sb):
            sa.run(1.55)
            outs.add(sb.output)
    assert len(outs) == 1  # the same every time
    # every message arrives, in order, none twice (sending takes A ~0.4 ms, so B may look
    # once too early: a None between two)
    got = [int(m) for m in outs.pop().split() if m != "None"]
    assert got == list(range(got[0], got[0] + len(got))) and len(got) >= 14


def test_a_draw_only_loop_advances_time_and_is_not_stuck(sim):
    with sim(
        """
        from microbit import display, Image
        while True:
            display.show(Image.HEART)
            display.show(Image.HAPPY)
        """,
        wall_budget=2,
    ) as b:
        b.run(1)  # returns: drawing costs virtual time, like on the board
        assert b.time == 1 and b.error is None


def test_microbit_files_modes_and_full_flash(sim):
    with sim(
        """
        try:
            open("log.txt", "a")
        except ValueError as e:
            print("ValueError", e)
        try:
            with open("big.bin", "wb") as f:
                for i in range(30):
                    f.write(bytes(1000))
        except OSError as e:
            print("OSError", e.args[0])
        """
    ) as b:
        b.run(1)
    assert b.output.splitlines() == ["ValueError illegal mode", "OSError 28"]


def test_error_inside_the_kit_names_the_pupils_line(sim):
    with sim("from kit import display\n\ndisplay.show(display.heart)\n") as b:
        with pytest.raises(LessonError) as e:
            b.run(1)
    assert e.value.line == 3 and e.value.file.endswith("main.py")
    assert "hw_microbit" in e.value.traceback  # the whole story stays in the traceback


def test_kit_star_import_loads_the_parts(sim):
    with sim("from kit import *\ndisplay.arrow(0)\nprint(compass.heading())\n") as b:
        b.run(1)
        assert b.display.shows("ARROW_N") and b.output.strip() == "0"


def test_the_simulated_microbit_refuses_a_program_its_filesystem_cannot_hold(program):
    from atelier.errors import UserError
    from atelier.sim import simulate

    # 20 150 bytes fill the V2's 160 blocks of 128 B (126 for data, main.py's header and end
    # byte take 10): the real board holds it, so it runs; one byte more does not fit
    body = "print('ok')\n#"
    fits = program(body + "x" * (20150 - len(body) - 1) + "\n")
    with simulate(fits) as b:
        b.run(0.1)
        assert b.output == "ok\n"
    big = program(body + "x" * (40_000 - len(body) - 1) + "\n")
    with pytest.raises(UserError) as e:
        with simulate(big):
            pytest.fail("the board started")
    message = str(e.value)
    assert message.startswith(f"{big}: the files do not fit the BBC micro:bit V2: they take ")
    assert "of its 20480 B" in message and "main.py (40000 B)" in message
    assert "Make main.py smaller" in message and "\n" not in message


def test_reset_restarts_the_program_from_flash(sim):
    with sim(
        """
        from microbit import display, sleep, reset, Image
        import os
        n = len(open("boots.txt").read()) if "boots.txt" in os.listdir() else 0
        with open("boots.txt", "w") as f:
            f.write("x" * (n + 1))
        print("boot", n + 1)
        display.show(Image.HEART)
        sleep(1000)
        if n < 2:
            reset()
        """
    ) as b:
        b.run(5)
        assert b.output.split() == ["boot", "1", "boot", "2", "boot", "3"]
        assert b.resets == 2 and b.display.shows("HEART") and b.error is None


@pytest.mark.parametrize("board", ["microbit-v2", "pico"])
def test_a_program_never_reaches_outside_the_boards_flash(program, board):
    """ "/" is the flash folder, and ".." at its top stays there, as on the board."""
    from atelier.sim import simulate

    src = program(
        """
        import os
        f = open('../../evasion.txt', 'w')
        f.write('x')
        f.close()
        f = open('/../ici.txt', 'w')
        f.write('y')
        f.close()
        print(sorted(n for n in os.listdir() if n.endswith('.txt')))
        """
    )
    with simulate(src, board=board) as b:
        b.run(seconds=0.5)
        out = b.output
    assert "['evasion.txt', 'ici.txt']" in out, out  # both inside the flash folder
