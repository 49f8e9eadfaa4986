"""The micro:bit radio between simulated boards in one world: what pupils notice.

Checked against the boards' runtimes: bbcmicrobit/micropython source/microbit/modradio.cpp
(V1 1.1.1) and micropython-microbit-v2 src/codal_port/modradio.c, drv_radio.c (V2 2.1.2).
"""

from __future__ import annotations

import pytest

from atelier.sim import LessonError, simulate, simulate_many

SENDER = """
    import radio
    from microbit import button_a, sleep
    radio.config(group={group})
    while True:
        if button_a.was_pressed():
            radio.send("{text}")
        sleep(20)
"""

LISTENER = """
    import radio
    from microbit import sleep
    radio.config(group={group})
    while True:
        message = radio.receive()
        if message:
            print(message)
        sleep(20)
"""


def test_a_message_goes_from_a_v2_to_a_v1_in_the_same_group_only(program):
    sender = program(SENDER.format(group=12, text="porte ouverte"), "sender.py")
    same = program(LISTENER.format(group=12), "same.py")
    other = program(LISTENER.format(group=13), "other.py")
    boards = [(sender, "microbit-v2"), (same, "microbit-v1"), (other, "microbit-v2")]
    with simulate_many(boards) as (s, v1, o):
        assert (s.type.id, v1.type.id, o.type.id) == ("microbit-v2", "microbit-v1", "microbit-v2")
        s.run(0.5)
        s.press("A")
        s.run(0.5)
        assert v1.output == "porte ouverte\n"
        assert o.output == ""


def test_the_old_form_still_runs_every_board_on_one_type(program):
    with simulate_many([program(LISTENER.format(group=1)), program("print(1)\n", "b.py")],
                       "microbit-v1") as (a, b):  # fmt: skip
        b.run(0.1)
        assert a.type.id == b.type.id == "microbit-v1" and b.output == "1\n"


@pytest.mark.parametrize(
    "setting",
    ["channel=8", "address=0x12345678", "data_rate=radio.RATE_2MBIT"],
)
def test_another_channel_address_or_data_rate_hears_nothing(program, setting):
    sender = program("""
        import radio
        from microbit import sleep
        sleep(100)
        radio.send("hello")
        """, "s.py")  # fmt: skip
    listener = program(f"""
        import radio
        from microbit import sleep
        radio.config({setting})
        sleep(500)
        print(radio.receive())
        """, "l.py")  # fmt: skip
    with simulate_many([sender, listener]) as (_s, r):
        r.run(1)
        assert r.output == "None\n"


def test_a_full_queue_drops_what_arrives_and_short_messages_fit_more(program):
    # The queue is queue x (length + 6) bytes: three 32-byte messages, or eleven of 4 bytes
    sender = program("""
        import radio
        from microbit import sleep
        sleep(100)
        for n in range(15):
            radio.send("%02d" % n + "x" * 27)    # 3 + 29 = 32 bytes: a full packet
        sleep(400)
        for n in range(15):
            radio.send(str(n % 10))             # 3 + 1 = 4 bytes
        """, "s.py")  # fmt: skip
    listener = program("""
        import radio
        from microbit import sleep
        sleep(300)                              # busy: the messages pile up
        got = []
        while True:
            m = radio.receive()
            if m is None:
                break
            got.append(m[:2])
        print(got)
        sleep(600)
        got = []
        while radio.receive() is not None:
            got.append(1)
        print(len(got))
        """, "l.py")  # fmt: skip
    with simulate_many([sender, listener]) as (_s, r):
        r.run(1.5)
        assert r.output == "['00', '01', '02']\n11\n"


def test_a_message_longer_than_length_is_cut_by_the_sender_and_the_receiver(program):
    sender = program("""
        import radio
        from microbit import sleep
        sleep(100)
        radio.send("abcdefghijklmnopqrstuvwxyz0123456789")    # 39 bytes with the header
        """, "s.py")  # fmt: skip
    listener = """
        import radio
        from microbit import sleep
        radio.config(length={length})
        sleep(300)
        print(radio.receive())
    """
    with simulate_many([sender, program(listener.format(length=32), "a.py"),
                        program(listener.format(length=10), "b.py")]) as (_s, a, b):  # fmt: skip
        a.run(0.5)
        assert a.output == "abcdefghijklmnopqrstuvwxyz012\n"  # 32 - 3 characters
        assert b.output == "abcdefg\n"


def test_bytes_that_are_not_text_stop_receive_with_the_boards_error(program):
    sender = program("""
        import radio
        from microbit import sleep
        sleep(100)
        radio.send_bytes(b"\\x07\\x08")
        radio.send("ok")
        """, "s.py")  # fmt: skip
    listener = program("""
        import radio
        from microbit import sleep
        sleep(300)
        try:
            radio.receive()
        except ValueError as e:
            print(e)
        print(radio.receive())          # the bad one was taken out of the queue
        """, "l.py")  # fmt: skip
    with simulate_many([sender, listener]) as (_s, r):
        r.run(0.5)
        assert r.output == "received packet is not a string\nok\n"


def test_receive_full_gives_bytes_a_signal_strength_and_the_arrival_time(program):
    sender = program("""
        import radio
        from microbit import sleep
        sleep(250)
        radio.send("hi")
        """, "s.py")  # fmt: skip
    listener = program("""
        import radio
        from microbit import sleep
        sleep(500)
        msg, rssi, when = radio.receive_full()
        print(msg, -100 < rssi < -20, 250000 <= when < 260000)
        buf = bytearray(3)
        print(radio.receive_bytes_into(buf), radio.receive_bytes())
        """, "l.py")  # fmt: skip
    with simulate_many([sender, listener]) as (_s, r):
        r.run(1)
        assert r.output == "b'\\x01\\x00\\x01hi' True True\nNone None\n"


def test_receive_bytes_into_says_the_whole_length(program):
    sender = program("""
        import radio
        from microbit import sleep
        sleep(100)
        radio.send_bytes(b"123456")
        """, "s.py")  # fmt: skip
    listener = program("""
        import radio
        from microbit import sleep
        sleep(300)
        buf = bytearray(4)
        print(radio.receive_bytes_into(buf), buf)
        """, "l.py")  # fmt: skip
    with simulate_many([sender, listener]) as (_s, r):
        r.run(0.5)
        assert r.output == "6 bytearray(b'1234')\n"


@pytest.mark.parametrize(
    ("call", "error"),
    [
        ("radio.config(channel=84)", "ValueError: value out of range for argument 'channel'"),
        ("radio.config(group=256)", "ValueError: value out of range for argument 'group'"),
        ("radio.config(power=8)", "ValueError: value out of range for argument 'power'"),
        ("radio.config(length=0)", "ValueError: value out of range for argument 'length'"),
        ("radio.config(queue=255)", "ValueError: value out of range for argument 'queue'"),
        ("radio.config(data_rate=3)", "ValueError: value out of range for argument 'data_rate'"),
        ("radio.config(groupe=1)", "ValueError: unknown argument 'groupe'"),
        ("radio.config(1)", "TypeError: arguments must be keywords"),
        ("radio.off()\nradio.send('x')", "ValueError: radio is not enabled"),
        ("radio.off()\nradio.receive()", "ValueError: radio is not enabled"),
    ],
)
def test_wrong_settings_fail_as_on_the_board(sim, call, error):
    with sim("import radio\n" + call + "\n") as b:
        with pytest.raises(LessonError) as e:
            b.run(0.5)
    assert e.value.exc_line == error


@pytest.mark.parametrize("board", ["microbit-v1", "microbit-v2"])
def test_the_data_rates_each_board_names(program, board):
    src = program("""
        import radio
        print(radio.RATE_1MBIT, radio.RATE_2MBIT, getattr(radio, "RATE_250KBIT", None))
        radio.config(data_rate=2)     # both take 250 kbit/s by its number
        """)  # fmt: skip
    with simulate(src, board) as b:
        b.run(0.2)
        assert b.output == ("0 1 2\n" if board == "microbit-v1" else "0 1 None\n")


def test_changing_length_empties_the_queue_but_changing_group_does_not(program):
    sender = program("""
        import radio
        from microbit import sleep
        sleep(100)
        radio.send("a")
        radio.send("b")
        """, "s.py")  # fmt: skip
    listener = program("""
        import radio
        from microbit import sleep
        sleep(300)
        radio.config(group=5)
        print(radio.receive())
        radio.config(length=64)
        print(radio.receive())
        """, "l.py")  # fmt: skip
    with simulate_many([sender, listener]) as (_s, r):
        r.run(0.5)
        assert r.output == "a\nNone\n"


COUNTER = """
    import radio
    from microbit import sleep
    sleep(100)
    for n in range(300):
        radio.send(str(n))
        sleep(10)
"""

COUNTED = """
    import radio
    from microbit import sleep
    got = 0
    while True:
        if radio.receive() is not None:
            got += 1
        sleep(5)
"""


def _received(program, seed, loss):
    with simulate_many([program(COUNTER, "s.py"), program(COUNTED, "r.py")], seed=seed) as (
        s,
        r,
    ):
        r.world.radio_loss = loss
        r.run(4)
        r.run(0)
        return s.sim.air.lost, 300 - s.sim.air.lost


def test_loss_drops_about_the_rate_set_and_the_same_with_the_same_seed(program):
    lost, got = _received(program, 1, 0.2)
    assert 40 <= lost <= 80 and got == 300 - lost  # ~20 % of 300
    assert _received(program, 1, 0.2) == (lost, got)  # the same run again: the same losses
    assert _received(program, 2, 0.2) != (lost, got)  # another seed: other messages lost
    assert _received(program, 1, 0.0)[0] == 0


def test_out_of_range_nothing_arrives_and_the_signal_weakens_with_distance(program):
    sender = program("""
        import radio
        from microbit import button_a, sleep
        while True:
            if button_a.was_pressed():
                radio.send("ping")
            sleep(20)
        """, "s.py")  # fmt: skip
    listener = program("""
        import radio
        from microbit import sleep
        while True:
            m = radio.receive_full()
            if m:
                print(m[1])
            sleep(20)
        """, "l.py")  # fmt: skip
    with simulate_many([sender, listener]) as (s, r):
        r.world.radio_range = 30
        levels = []
        for metres in (1, 10, 25, 40):
            r.world.position = (metres, 0, 0)
            s.press("A")
            s.run(0.2)
            levels.append(r.output.split())
        near, mid, far, out = (int(x[-1]) if x else None for x in levels)
        assert near > mid > far  # weaker further away
        assert len(levels[3]) == 3  # 40 m: out of range, nothing more arrived


def test_a_lower_power_reaches_less_far(program):
    sender = program("""
        import radio
        from microbit import sleep
        radio.config(power={power})
        sleep(100)
        radio.send("ping")
        """, "s.py")  # fmt: skip
    listener = program(LISTENER.format(group=0), "l.py")
    for power, heard in ((6, True), (0, False)):
        with simulate_many([program(sender.read_text().format(power=power), "p.py"),
                            listener]) as (s, r):  # fmt: skip
            r.world.position = (8, 0, 0)  # 8 m away, no range set: the radio's own reach
            r.run(0.5)
            assert (r.output == "ping\n") is heard


def test_the_queue_takes_the_boards_heap_as_there(sim):
    # on the V1, (queue + 1) x (length + 6) bytes from a heap of about 9 KB
    with sim("""
        import gc, radio
        gc.collect()
        before = gc.mem_free()
        radio.config(length=251, queue=10)
        gc.collect()
        print(before - gc.mem_free() >= 11 * 257 - 4 * 38)  # the default queue freed
        radio.config(queue=40)
        """, board="microbit-v1") as b:  # fmt: skip
        with pytest.raises(LessonError) as e:
            b.run(0.5)
    assert b.output == "True\n"
    assert e.value.exc_line.startswith("MemoryError")
