"""What a program on a simulated ESP32 or Pico W notices when the class's access point goes out
of reach, and when: not at once, as on the real boards. The ESP32's station drops the link
after ESP-IDF's beacon timeout (6 s without a beacon, reason 200), then scans for the network
again and again (status() 201 once a scan found nothing), as MicroPython 1.22's
ports/esp32/network_wlan.c asks it to, at most config(reconnects=n) times; the Pico W's link
goes down after the chip's own delay (an estimate: 4 s) and its firmware rejoins. Meanwhile
isconnected() is still True and what a socket sends goes nowhere: it waits on the board, and
goes if the network comes back in time, or the connection ends with the ESP32's link; the Pico
W's lwIP keeps its connections while the link is down, and they go on once the chip rejoins."""

from __future__ import annotations

import socket
import threading
import time

import pytest
from conftest import needs_vm
from test_sim_net import program

from atelier.sim import simulate

pytestmark = needs_vm

TIMELINE = """
    import network, time
    w = network.WLAN(network.STA_IF)
    w.active(True)
    RECONNECTS
    w.connect("ecole", "secret")
    t0 = time.ticks_ms()
    last = None
    while time.ticks_diff(time.ticks_ms(), t0) < 22000:
        s = (w.isconnected(), w.status())
        if s != last:
            print(time.ticks_diff(time.ticks_ms(), t0) // 100 * 100, *s)
            last = s
        time.sleep_ms(100)
"""


def _timeline(tmp_path, board, reconnects=""):
    with simulate(program(tmp_path, TIMELINE.replace("RECONNECTS", reconnects)), board=board) as b:
        b.world.wifi = {"ecole": {"password": "secret"}}
        b.run(3)
        b.wifi_lost()  # at 3 s
        b.run(10)
        b.wifi_back()  # at 13 s
        b.run(9)
    return b.output.splitlines()


def test_an_esp32_notices_the_access_point_gone_after_the_beacon_timeout(tmp_path):
    assert _timeline(tmp_path, "esp32") == [
        "0 False 1001",  # STAT_CONNECTING
        "1500 True 1010",  # STAT_GOT_IP
        # gone at 3 s: for 6 s nothing changes (no beacon yet is not an error)
        "9000 False 1001",  # beacon timeout (reason 200): the driver reconnects at once
        "11000 False 201",  # its scan found nothing: STAT_NO_AP_FOUND, it goes on trying
        "14500 True 1010",  # back at 13 s, joined 1.5 s later, without connect()
    ]


def test_an_esp32_gives_up_after_its_reconnects(tmp_path):
    # config(reconnects=1): one attempt after the loss, then the station stays down
    assert _timeline(
        tmp_path, "esp32", 'w.config(reconnects=1); print(w.config("reconnects"))'
    ) == [
        "1",
        "0 False 1001",
        "1500 True 1010",
        "9000 False 1001",  # beacon timeout: the one reconnection
        "11000 False 201",  # not found: no more attempts, the network back changes nothing
    ]
    # reconnects=0: not even one; status() passes the reason through: 200 BEACON_TIMEOUT
    assert _timeline(tmp_path, "esp32", "w.config(reconnects=0)") == [
        "0 False 1001",
        "1500 True 1010",
        "9000 False 200",
    ]


def test_a_pico_w_link_goes_down_after_the_chip_s_delay_and_it_rejoins(tmp_path):
    assert _timeline(tmp_path, "pico-w") == [
        "0 False 1",  # STAT_CONNECTING (then 2, joined and waiting for DHCP: not UP)
        "1500 False 2",
        "2000 True 3",  # STAT_GOT_IP
        "7000 False 1",  # gone at 3 s, the link down 4 s later: the chip tries to rejoin
        "15000 True 3",  # back at 13 s, rejoined 2 s later
    ]


class Peer:
    """A TCP server on the computer's loopback: what it received, and "ok" for each b"b"."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.got = b""
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        conn, _ = self.server.accept()
        with conn:
            while data := conn.recv(100):
                self.got += data
                if b"b" in data:
                    conn.sendall(b"ok")

    def received(self, expected: bytes) -> bytes:
        """What came, once `expected` did (or after 3 s of real time), and a moment more."""
        deadline = time.monotonic() + 3
        while self.got != expected and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.2)  # anything more on its way
        return self.got

    def close(self):
        self.server.close()


SENDER = """
    import network, socket, time
    w = network.WLAN(network.STA_IF)
    w.active(True)
    w.connect("ecole", "secret")
    while not w.isconnected():
        time.sleep_ms(100)
    s = socket.socket()
    s.connect(("127.0.0.1", PORT))
    s.send(b"a")
    time.sleep_ms(4000 - time.ticks_ms())  # the test takes the network away at 3 s
    print("sent", s.send(b"b"), w.isconnected(), w.status())
    try:
        print("got", s.recv(10), time.ticks_ms() // 100 * 100, w.isconnected())
    except OSError as e:
        print("error", e, time.ticks_ms() // 100 * 100, w.isconnected(), w.status())
"""


@pytest.fixture
def peer():
    p = Peer()
    yield p
    p.close()


def test_an_esp32_s_connection_sending_while_the_network_is_gone_ends_with_the_link(
    tmp_path, peer
):
    with simulate(program(tmp_path, SENDER.replace("PORT", str(peer.port))), board="esp32") as b:
        b.world.wifi = {"ecole": {"password": "secret"}}
        b.run(3)
        b.wifi_lost()
        b.run(8)
        assert b.error is None
    # the send in the gap "works" (the board has not noticed), the peer never gets it, and the
    # answer awaited never comes: the connection ends with the link, at the beacon timeout
    assert b.output.splitlines() == [
        "sent 1 True 1010",
        "error [Errno 113] ECONNABORTED 9000 False 1001",
    ]
    assert peer.received(b"a") == b"a"


def test_a_pico_w_s_connection_waits_for_the_chip_to_rejoin(tmp_path, peer):
    with simulate(program(tmp_path, SENDER.replace("PORT", str(peer.port))), board="pico-w") as b:
        b.world.wifi = {"ecole": {"password": "secret"}}
        b.run(3)
        b.wifi_lost(6)  # back at 9 s
        b.run(5)
        assert b.hardware.wifi.status() == 1  # the link down since 7 s: rejoining
        assert peer.received(b"a") == b"a"  # b"b" waits on the board
        b.run(4)
        assert b.error is None
    # lwIP keeps the connection while the link is down (only the netif's link goes down): once
    # the chip has rejoined (11 s), b"b" goes and the answer comes, no error
    assert b.output.splitlines() == ["sent 1 True 3", "got b'ok' 11000 True"]
    assert peer.received(b"ab") == b"ab"


@pytest.mark.parametrize("board", ["esp32", "pico-w"])
def test_the_network_back_before_the_timeout_nothing_is_noticed(tmp_path, peer, board):
    with simulate(program(tmp_path, SENDER.replace("PORT", str(peer.port))), board=board) as b:
        b.world.wifi = {"ecole": {"password": "secret"}}
        b.run(3)
        b.wifi_lost(2.5)  # back at 5.5 s, before the link's timeout
        b.run(4)
        assert b.error is None
    # b"b" waited on the board from 4 s and went at 5.5 s; the peer's answer came then
    assert b.output.splitlines()[1] in ("got b'ok' 5500 True", "got b'ok' 5600 True")
    assert b.output.splitlines()[0].startswith("sent 1 True")
    assert peer.received(b"ab") == b"ab"


CONNECTOR = """
    import network, socket, time
    w = network.WLAN(network.STA_IF)
    w.active(True)
    w.connect("ecole", "secret")
    while not w.isconnected():
        time.sleep_ms(100)
    time.sleep_ms(8000 - time.ticks_ms())  # the network gone at 3 s
    s = socket.socket()
    try:
        s.connect(("127.0.0.1", PORT))
        print("connected")
    except OSError as e:
        print(e, time.ticks_ms() // 100 * 100, w.status(), w.ifconfig()[0] != "0.0.0.0")
"""


@pytest.mark.parametrize(
    ("board", "seen"),
    [  # the ESP32 has not noticed at 8 s: the SYN goes nowhere until its link and address go
     ("esp32", "[Errno 113] ECONNABORTED 9000 1001 False"),
     # the Pico W's link is down since 7 s, its address kept: no route for a new connection
     ("pico-w", "[Errno 113] EHOSTUNREACH 8000 1 True")],
)  # fmt: skip
def test_a_new_connection_while_the_network_is_gone(tmp_path, peer, board, seen):
    with simulate(program(tmp_path, CONNECTOR.replace("PORT", str(peer.port))), board=board) as b:
        b.world.wifi = {"ecole": {"password": "secret"}}
        b.run(3)
        b.wifi_lost()
        b.run(7)
    assert b.output.splitlines() == [seen]
