"""ESP-NOW between simulated ESP32s (MicroPython 1.22's ports/esp32/modespnow.c, its frozen
espnow.py and docs/library/espnow.rst): what a program on two boards notices."""

from __future__ import annotations

import pytest

from atelier.sim import LessonError, simulate, simulate_many
from atelier.sim.board import unique_id_of

SENDER = """
    import network, espnow, time
    network.WLAN(network.STA_IF).active(True)
    e = espnow.ESPNow()
    e.active(True)
    e.add_peer(b"\\xff" * 6)
    time.sleep_ms(200)
    for word in ("bonjour", "salut"):
        e.send(b"\\xff" * 6, word)
        time.sleep_ms(100)
"""

RECEIVER = """
    import network, espnow, time
    network.WLAN(network.STA_IF).active(True)
    e = espnow.ESPNow()
    e.active(True)
    while True:
        host, msg = e.recv()
        print(time.ticks_ms(), msg, len(host), host in e.peers_table)
"""


def test_a_broadcast_reaches_every_esp32_and_recv_wakes_when_it_arrives(program):
    with simulate_many([program(SENDER, "s.py"), program(RECEIVER, "r.py"),
                        program(RECEIVER, "r2.py")], "esp32") as (_s, r, r2):  # fmt: skip
        r.run(1)
        lines = r.output.splitlines()
        assert [ln.split()[1:] for ln in lines] == [["b'bonjour'", "6", "True"],
                                                   ["b'salut'", "6", "True"]]  # fmt: skip
        assert 200 <= int(lines[0].split()[0]) <= 202  # at once, not after a timeout
        assert r2.output.splitlines()[1].split()[1] == "b'salut'"


def test_esp32s_and_microbits_do_not_hear_each_other(program):
    microbit = program("""
        import radio
        from microbit import sleep
        while True:
            m = radio.receive_bytes()
            if m:
                print(m)
            sleep(20)
        """, "m.py")  # fmt: skip
    with simulate_many([(program(SENDER, "s.py"), "esp32"), (microbit, "microbit-v2"),
                        (program(RECEIVER, "r.py"), "esp32")]) as (_s, m, r):  # fmt: skip
        r.run(1)
        assert m.output == ""
        assert len(r.output.splitlines()) == 2


def test_a_unicast_send_says_whether_the_peer_answered(program):
    peer = unique_id_of("esp32#2")[:12]  # the second board's MAC (its unique id)
    sender = program(f"""
        import network, espnow, time
        network.WLAN(network.STA_IF).active(True)
        e = espnow.ESPNow()
        e.active(True)
        friend = bytes.fromhex("{peer}")
        nobody = b"\\x02\\x00\\x00\\x00\\x00\\x01"
        e.add_peer(friend)
        e.add_peer(nobody)
        time.sleep_ms(100)
        print(e.send(friend, "ping"), e.send(nobody, "ping"), e.send(nobody, "x", False))
        print(len(e.get_peers()), e.peer_count(), e.stats())
        e.del_peer(nobody)
        print(e.send("to-all"))
        """, "s.py")  # fmt: skip
    with simulate_many([sender, program(RECEIVER, "r.py")], "esp32") as (s, r):
        s.run(1)
        assert s.output.splitlines() == ["True False True", "2 (2, 0) (3, 3, 2, 0, 0)", "True"]
        assert [ln.split()[1] for ln in r.output.splitlines()] == ["b'ping'", "b'to-all'"]


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("e.send(b'\\xff' * 6, 'x')", "(-12389, 'ESP_ERR_ESPNOW_NOT_INIT')"),
        ("e.active(True)\ne.send(b'\\xff' * 6, 'x')", "(-12393, 'ESP_ERR_ESPNOW_NOT_FOUND')"),
        ("e.active(True)\ne.add_peer(b'\\xff' * 6)\ne.send(b'\\xff' * 6, 'x')",
         "(-12396, 'ESP_ERR_ESPNOW_IF')"),
        ("network.WLAN(0).active(True)\ne.active(True)\ne.add_peer(b'\\xff' * 6)\n"
         "e.send(b'\\xff' * 6, 'x' * 251)", "(-12390, 'ESP_ERR_ESPNOW_ARG')"),
        ("e.active(True)\ne.add_peer(b'\\xff' * 6)\ne.add_peer(b'\\xff' * 6)",
         "(-12395, 'ESP_ERR_ESPNOW_EXIST')"),
        ("e.active(True)\ne.add_peer(b'abc')", "invalid buffer length"),
        ("e.recv()", "(-12389, 'ESP_ERR_ESPNOW_NOT_INIT')"),
    ],
)  # fmt: skip
def test_errors_are_the_boards(sim, code, error):
    body = "\n".join("    " + line for line in code.splitlines())
    src = f"""
import network, espnow
e = espnow.ESPNow()
try:
{body}
except (OSError, ValueError) as err:
    print(err.args if isinstance(err, OSError) else err)
"""
    with sim(src, board="esp32") as b:
        b.run(0.5)
        assert b.output == error + "\n"


def test_recv_waits_its_timeout_then_gives_none(sim):
    with sim("""
        import network, espnow, time
        network.WLAN(network.STA_IF).active(True)
        e = espnow.ESPNow()
        e.active(True)
        print(e.recv(300), e.any(), e.irecv(0), time.ticks_ms())
        print(e.config("timeout_ms"), e.config("rxbuf"), espnow.MAX_DATA_LEN)
        """, board="esp32") as b:  # fmt: skip
        b.run(1)
        out = b.output.splitlines()
        assert out[0].startswith("(None, None) False (None, None) 30")
        assert out[1] == "300000 526 250"


def test_a_full_receive_buffer_drops_messages(program):
    sender = program("""
        import network, espnow, time
        network.WLAN(network.STA_IF).active(True)
        e = espnow.ESPNow()
        e.active(True)
        e.add_peer(b"\\xff" * 6)
        time.sleep_ms(100)
        for n in range(3):
            e.send(b"\\xff" * 6, str(n) * 200)
        """, "s.py")  # fmt: skip
    receiver = program("""
        import network, espnow, time
        network.WLAN(network.STA_IF).active(True)
        e = espnow.ESPNow()
        e.active(True)
        time.sleep_ms(500)     # busy elsewhere: two 200-byte messages fit in 526 bytes
        got = []
        while e.any():
            host, msg = e.irecv(0)
            got.append(msg[:1])
        print(got, e.stats()[3:])
        """, "r.py")  # fmt: skip
    with simulate_many([sender, receiver], "esp32") as (_s, r):
        r.run(1)
        assert r.output == "[bytearray(b'0'), bytearray(b'1')] (2, 1)\n"


def test_an_esp32_with_its_wifi_off_hears_nothing(program):
    receiver = program("""
        import espnow
        e = espnow.ESPNow()
        e.active(True)           # but no network.WLAN(...).active(True)
        print(e.recv(1000))
        """, "r.py")  # fmt: skip
    with simulate_many([program(SENDER, "s.py"), receiver], "esp32") as (_s, r):
        r.run(1.5)
        assert r.output == "(None, None)\n"


def test_loss_applies_to_espnow_too(program):
    with simulate_many([program(SENDER, "s.py"), program(RECEIVER, "r.py")], "esp32") as (
        s,
        r,
    ):
        r.world.radio_loss = 1.0
        r.run(1)
        assert r.output == ""


def test_the_pico_has_no_espnow_radio(sim):
    with sim("import espnow\n", board="pico") as b, pytest.raises(LessonError) as e:
        b.run(0.2)
    assert "ImportError" in e.value.exc_line


def test_each_esp32_has_its_own_mac(program):
    src = program("import machine\nprint(machine.unique_id().hex())\n")
    with simulate_many([src, src], "esp32") as (a, b):
        a.run(0.1)
        assert a.output != b.output and len(a.output.strip()) == 12
    with simulate(src, "esp32") as c:
        c.run(0.1)
        assert len(c.output.strip()) == 12


def test_an_esp32_joined_to_a_wifi_network_hears_esp_now_on_that_networks_channel_only(program):
    # on the board, the radio follows the access point's channel once joined: a receiver still
    # on channel 1 no longer hears it, one joined to the same network does
    joined = """
        import network, espnow, time
        w = network.WLAN(network.STA_IF)
        w.active(True)
        w.connect("ecole", "secret")
        while not w.isconnected():
            time.sleep_ms(100)
        print("channel", w.config("channel"))
        e = espnow.ESPNow()
        e.active(True)
        e.add_peer(b"\\xff" * 6)
        time.sleep_ms(3000)
        e.send(b"\\xff" * 6, "canal")
        """
    receiver_joined = """
        import network, espnow, time
        w = network.WLAN(network.STA_IF)
        w.active(True)
        w.connect("ecole", "secret")
        e = espnow.ESPNow()
        e.active(True)
        while True:
            host, msg = e.recv()
            print(msg)
        """
    with simulate_many([program(joined, "s.py"), program(RECEIVER, "r.py"),
                        program(receiver_joined, "j.py")], "esp32") as boards:  # fmt: skip
        for b in boards:
            b.world.wifi = {"ecole": {"password": "secret", "channel": 6}}
        s, r, j = boards
        s.run(6)
        assert "channel 6" in s.output
        assert r.output == ""  # still on channel 1
        assert j.output.splitlines()[-1] == "b'canal'"
