"""The Raspberry Pi Pico W in the simulator: its CYW43 Wi-Fi as extmod/network_cyw43.c shows it
(link states, no retry after a failed join, the firmware's rejoin after a loss), its sockets
with MicroPython's own errno numbers, kit.net against a real Mosquitto, and kit.radio refused."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import needs_vm
from test_sim_net import COUNTER, broker, program, station, umqtt  # noqa: F401 - shared

from atelier.sim import LessonError, simulate

pytestmark = needs_vm
ROOT = Path(__file__).resolve().parents[1]


# -- network.WLAN: the CYW43's link states -----------------------------------------------------
STEPS = """
    import network, time
    w = network.WLAN(network.STA_IF)
    print(w.active(), w.status(), w.isconnected(), w.ifconfig()[0])
    try:
        w.connect("ecole", "secret")
    except OSError as e:
        print("E", e)
    w.active(True)
    print(w.active(), w.ifconfig())
    print(sorted((ap[0], ap[3], ap[4]) for ap in w.scan()))
    w.connect("ecole", KEY)
    t0 = time.ticks_ms()
    last = None
    while time.ticks_diff(time.ticks_ms(), t0) < 6000:
        s = w.status()
        if s != last:
            print(time.ticks_diff(time.ticks_ms(), t0) // 100 * 100, s, w.isconnected())
            last = s
        time.sleep_ms(100)
    print(w.active(), w)
"""


def test_wlan_joins_through_the_cyw43_link_states(tmp_path):
    p = program(tmp_path, STEPS.replace("KEY", '"secret"'))
    with simulate(p, board="pico-w") as b:
        b.world.wifi = {"ecole": {"password": "secret", "rssi": -55}, "libre": {"rssi": -80}}
        b.run(10)
    lines = b.output.splitlines()
    ip = b.hardware.wifi.ip
    assert lines == [
        "False 0 False 0.0.0.0",  # STAT_IDLE is 0 on the Pico W (1000 on the ESP32)
        "E [Errno 1] EPERM",  # connect() before active(True): the chip is not up
        # active() reads the link: down until connect(); the driver's defaults before DHCP
        "False ('0.0.0.0', '255.255.255.0', '192.168.0.1', '8.8.8.8')",
        "[(b'ecole', -55, 5), (b'libre', -80, 0)]",  # WPA2 is 5 in the chip's bit field
        "0 1 False",  # STAT_CONNECTING
        "1500 2 False",  # joined, no address yet (CYW43_LINK_NOIP)
        "2000 3 True",  # STAT_GOT_IP
        f"True <CYW43 STA up {ip}>",
    ]


def test_a_wrong_password_or_no_network_fails_once_and_stays_failed(tmp_path):
    p = program(tmp_path, STEPS.replace("KEY", '"faux"'))
    with simulate(p, board="pico-w") as b:
        b.world.wifi = {"ecole": {"password": "secret"}}
        b.run(10)
    # STAT_WRONG_PASSWORD, and no retry by itself: the program calls connect() again
    assert b.output.splitlines()[4:7] == ["0 1 False", "3000 -3 False", "True <CYW43 STA badauth "
                                          "0.0.0.0>"]  # fmt: skip
    p = program(tmp_path, STEPS.replace("KEY", '"secret"'))
    with simulate(p, board="pico-w") as b:  # nothing called "ecole" around
        b.world.wifi = {"libre": {}}
        b.run(6)
        b.world.wifi = {"ecole": {"password": "secret"}}  # it appears: no join without connect()
        b.run(6)
    assert b.output.splitlines()[4:7] == ["0 1 False", "2500 -2 False", "True <CYW43 STA nonet "
                                          "0.0.0.0>"]  # fmt: skip


def test_the_chip_rejoins_by_itself_after_the_signal_comes_back(tmp_path):
    p = program(
        tmp_path,
        """
        import network, time
        w = network.WLAN(network.STA_IF)
        w.active(True)
        w.connect("ecole", "secret")
        last = None
        for i in range(140):
            s = w.status()
            if s != last:
                print(i // 10, s, w.ifconfig()[0] != "0.0.0.0")
                last = s
            time.sleep_ms(100)
        w.disconnect()
        print(w.status(), w.isconnected())
    """,
    )
    with simulate(p, board="pico-w") as b:
        b.world.wifi = {"ecole": {"password": "secret"}}
        b.run(3)
        b.wifi_lost(6)  # back 6 s later
        b.run(12)
    assert b.output.splitlines() == [
        "0 1 False",
        "1 2 False",
        "2 3 True",
        "7 1 True",  # no beacon for 4 s: the link is down, the address stays: STAT_CONNECTING
        "11 3 True",  # back at 9 s, joined again after 2 s, without connect()
        "0 False",  # disconnect(): STAT_IDLE
    ]


def test_network_module_settings_and_config_as_the_cyw43_has_them(tmp_path):
    p = program(
        tmp_path,
        """
        import network
        w = network.WLAN(network.STA_IF)
        w.active(True)
        print(network.hostname(), network.country(), w.config("hostname"))
        network.hostname("station-3")
        network.country("FR")
        print(network.hostname(), network.country())
        mac = w.config("mac")
        print(len(mac), mac[:3] == bytes([0x28, 0xCD, 0xC1]), w.config("pm") == w.PM_PERFORMANCE)
        w.config(pm=w.PM_NONE, ssid="ignored")  # ssid, key: the access point's, no error
        print(w.config("pm") == w.PM_NONE)
        for bad in (lambda: w.config("reconnects"), lambda: w.status("stations"),
                    lambda: w.config(), lambda: w.config("pm", pm=1)):
            try:
                bad()
            except Exception as e:
                print(type(e).__name__, e)
        import espnow
    """,
    )
    with pytest.raises(LessonError) as e, simulate(p, board="pico-w") as b:
        b.run(2)
    assert b.output.splitlines() == [
        "PicoW XX PicoW",  # RPI_PICO_W's MICROPY_PY_NETWORK_HOSTNAME_DEFAULT
        "station-3 FR",
        "6 True True",  # Raspberry Pi's OUI; CYW43_DEFAULT_PM
        "True",
        "ValueError unknown config param",
        "ValueError AP required",
        "TypeError must query one param",
        "TypeError can't specify pos and kw args",
    ]
    assert e.value.exc_line == "ImportError: no module named 'espnow'"


# -- sockets: MicroPython's own errno numbers (extmod/modlwip.c) -------------------------------
def test_sockets_raise_micropythons_own_errno_numbers(tmp_path):
    p = program(
        tmp_path,
        """
        import socket, network, time, errno
        s = socket.socket()
        try:
            s.connect(("192.168.1.10", 1883))
        except OSError as e:
            print(e, e.errno == errno.EHOSTUNREACH)
        w = network.WLAN(network.STA_IF)
        w.active(True)
        w.connect("ecole", "secret")
        while not w.isconnected():
            time.sleep_ms(100)
        try:
            socket.getaddrinfo("broker.invalid", 1883)
        except OSError as e:
            print(e.args[0])  # modlwip's own code for a name not found
        s = socket.socket()
        try:
            s.connect(("127.0.0.1", CLOSED))
        except OSError as e:
            print(e)
        s = socket.socket()
        s.connect(("127.0.0.1", PORT))
        s.send(b"bonjour\\n")
        s.settimeout(0.5)
        print(s.recv(10))
        try:
            s.recv(10)
        except OSError as e:
            print(e)
    """.replace("CLOSED", str(_closed_port())),
    )
    got = []

    def computer(server):  # a server on the computer: it reads a line, answers, then waits
        c, _addr = server.accept()
        got.append(c.recv(100))
        c.send(b"salut")
        time.sleep(3)
        c.close()

    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        p.write_text(p.read_text().replace("PORT", str(server.getsockname()[1])))
        thread = threading.Thread(target=computer, args=(server,), daemon=True)
        thread.start()
        with simulate(p, board="pico-w") as b:
            b.world.wifi = {"ecole": {"password": "secret"}}
            b.run(5)
        thread.join(5)
    assert got == [b"bonjour\n"]  # the computer got it
    assert b.output.splitlines() == [
        "[Errno 113] EHOSTUNREACH True",  # no link: 113 (the ESP32's newlib says 118)
        "-2",
        "[Errno 104] ECONNRESET",  # refused: lwIP's answer to the RST
        "b'salut'",
        "[Errno 110] ETIMEDOUT",  # (the ESP32: [Errno 116])
    ]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- kit.net and kit.radio -------------------------------------------------------------------
def test_kit_net_publishes_from_a_pico_w_to_a_real_broker(tmp_path, station):  # noqa: F811
    p = program(tmp_path, COUNTER)
    with simulate(p, board="pico-w") as b:
        b.run(5.5)
        got = station.wait_for("classe/poste-12/compte", 3)
    assert b.output.splitlines() == ["connected"]
    assert got[:3] == ["1", "2", "3"]  # joined at 2 s, a reading a second
    assert station.values("classe/poste-12/etat")[0] == f"online picow-{b.unique_id}"
    from atelier.boards import load_boards
    from atelier.bundle import build_bundle

    files = build_bundle(p, load_boards().get("pico-w")).files
    assert "lib/umqtt/simple.py" in files and "lib/kit/net.py" in files


def test_kit_net_on_a_pico_w_keeps_readings_while_wifi_is_lost(tmp_path, station):  # noqa: F811
    with simulate(program(tmp_path, COUNTER), board="pico-w") as b:
        b.run(3.5)
        b.wifi_lost()
        b.run(3.5)
        assert b.hardware.wifi.status() == 3  # no beacon for 3.5 s: the link is still up
        b.run(1)
        assert b.hardware.wifi.status() == 1  # after 4 s it is down: the chip tries to rejoin
        time.sleep(0.3)
        during = [int(v) for v in station.values("classe/poste-12/compte")]
        b.wifi_back()
        b.run(8)  # rejoined at 10.5 s
        got = [int(v) for v in station.wait_for("classe/poste-12/compte", 8)]
        assert b.error is None
    # joined at 2 s: 1, 2 went; 3 (about 4 s) waited for its acknowledgement on the connection
    # lwIP kept, the program with it, until the chip rejoined; then on, a reading a second
    assert during in ([1, 2], [1, 2, 3])
    assert got == list(range(1, len(got) + 1)) and len(got) >= 8  # none lost, none twice


def test_kit_net_wrong_password_and_mac_label_on_a_pico_w(tmp_path, station, broker):  # noqa: F811
    settings = Path(os.environ["ATELIER_NET"])
    settings.write_text(settings.read_text().replace('label = "Poste 12"\n', ""))
    with simulate(program(tmp_path, COUNTER), board="pico-w") as b:
        b.run(3)
        label = "picow-" + b.unique_id[-6:]
        assert station.wait_for(f"classe/{label}/compte", 1) == ["1"]
    with (
        pytest.raises(LessonError) as e,
        simulate(program(tmp_path, COUNTER), board="pico-w") as b,
    ):
        b.world.wifi = {"ecole": {"password": "autre"}}
        b.run(10)
    fix = f"atelier net set --ssid 'ecole' --password ... --broker 127.0.0.1:{broker.port}"
    assert e.value.exc_line == (
        "RuntimeError: Wi-Fi : le réseau 'ecole' refuse le mot de passe ; corrige-le sur "
        f"l'ordinateur ({fix}) puis renvoie le programme / "
        f"Wi-Fi: network 'ecole' refuses the password; fix it on the computer ({fix}), then "
        "put the program on again"
    )


def _atelier(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, **(env or {}), "COLUMNS": "200",
           "PYTHONPATH": os.pathsep.join([str(ROOT / "host_tools"),
                                          os.environ.get("PYTHONPATH", "")])}  # fmt: skip
    return subprocess.run([sys.executable, "-m", "atelier", *args], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=300)  # fmt: skip


def test_atelier_run_on_a_pico_w_and_kit_radio_refused_in_one_line(tmp_path):
    blink = program(
        tmp_path,
        """
        from machine import Pin
        import time
        led = Pin("LED", Pin.OUT)
        for _ in range(3):
            led.toggle()
            print("led", led.value())
            time.sleep(0.5)
    """,
        "blink.py",
    )
    r = _atelier("run", str(blink), "--board", "pico-w", "--seconds", "2")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "led 1" in r.stdout and "led 0" in r.stdout
    radio = program(tmp_path, "from kit import radio\nradio.send('hello')\n", "radio.py")
    r = _atelier("run", str(radio), "--board", "pico-w", "--seconds", "1")
    assert r.returncode != 0 and "Traceback" not in r.stdout + r.stderr
    lines = [line for line in r.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Raspberry Pi Pico W" in lines[0] and "radio" in lines[0]


def test_a_deploy_tells_a_pico_w_from_a_pico(tmp_path):
    from atelier.boards import load_boards
    from atelier.bundle import build_bundle
    from atelier.errors import UserError
    from atelier.targets.link import BoardInfo
    from atelier.targets.serial import check_board

    known = load_boards()
    p = program(tmp_path, "print('hello')\n")
    bundle = build_bundle(p, known.get("pico-w"))
    pico_w = BoardInfo(port="/dev/ttyACM0", platform="rp2", runtime="micropython",
                       version="1.22.2", machine="Raspberry Pi Pico W with RP2040")  # fmt: skip
    pico = BoardInfo(port="/dev/ttyACM0", platform="rp2", runtime="micropython",
                     version="1.22.2", machine="Raspberry Pi Pico with RP2040")  # fmt: skip
    assert check_board(pico_w, bundle, known) == []
    with pytest.raises(UserError) as e:
        check_board(pico, bundle, known)
    assert "deploy with --board pico" in str(e.value)
    with pytest.raises(UserError) as e:
        check_board(pico_w, build_bundle(p, known.get("pico")), known)
    assert "deploy with --board pico-w" in str(e.value)


def test_the_simulated_pico_w_answers_the_deploy_agent_as_a_pico_w():
    from atelier.boards import detect_board_type, load_boards
    from atelier.sim.serve import serve
    from atelier.targets.link import Link, probe

    with serve(1, board="pico-w") as served, Link(served.ports[0], timeout=10) as link:
        link.enter()
        info = probe(link)
    assert info.machine == "Raspberry Pi Pico W with RP2040"
    known = load_boards()
    assert detect_board_type(known, info.platform, info.runtime, info.version,
                             machine=info.machine) == "pico-w"  # fmt: skip


@pytest.mark.timeout(180)
def test_atelier_deploy_to_a_pico_w_and_a_pico_lesson_refused_there(tmp_path):
    from atelier.sim.serve import serve

    data = tmp_path / "data"
    env = {"ATELIER_INVENTORY": str(data / "inventory.sqlite"),
           "ATELIER_BACKUPS": str(data / "backups"), "XDG_DATA_HOME": str(data)}  # fmt: skip
    blink = program(tmp_path, "from machine import Pin\nPin('LED', Pin.OUT).on()\n")
    with serve(1, board="pico-w") as served:
        port, board = served.ports[0], served.boards[0]
        r = _atelier("deploy", str(blink), "--board", "pico", "--port", port, env=env)
        assert r.returncode != 0 and "Traceback" not in r.stdout + r.stderr
        assert "deploy with --board pico-w" in r.stderr and "nothing was written" in r.stderr
        r = _atelier("deploy", str(blink), "--board", "pico-w", "--port", port, env=env)
        assert r.returncode == 0, r.stdout + r.stderr
        assert (board.flash / "main.py").read_bytes() == blink.read_bytes()
