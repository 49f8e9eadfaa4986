"""The ESP32's Wi-Fi and sockets in the simulator, and kit.net against a real Mosquitto."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import needs_vm
from net_broker import Listener, Mosquitto

from atelier.errors import UserError
from atelier.sim import LessonError, simulate

pytestmark = needs_vm


def program(tmp_path: Path, source: str, name: str = "main.py") -> Path:
    p = tmp_path / name
    p.write_text(textwrap.dedent(source), encoding="utf-8")
    return p


# -- network.WLAN ------------------------------------------------------------------------------
WLAN_STEPS = """
    import network, time
    w = network.WLAN(network.STA_IF)
    print(w.active(), w.status(), w.isconnected(), w.ifconfig()[0])
    try:
        w.connect("ecole", "secret")
    except OSError as e:
        print("E", e)
    w.active(True)
    print(sorted((ap[0], ap[3], ap[4]) for ap in w.scan()))
    w.connect("ecole", KEY)
    t0 = time.ticks_ms()
    last = None
    while time.ticks_diff(time.ticks_ms(), t0) < 4000:
        s = w.status()
        if s != last:
            print(time.ticks_diff(time.ticks_ms(), t0) // 100 * 100, s, w.isconnected())
            last = s
        time.sleep_ms(100)
    print(w.ifconfig()[0].startswith("192.168.1."), len(w.config("mac")))
"""


def test_wlan_joins_over_virtual_time(tmp_path):
    p = program(tmp_path, WLAN_STEPS.replace("KEY", '"secret"'))
    with simulate(p, board="esp32") as b:
        b.world.wifi = {"ecole": {"password": "secret", "rssi": -55}, "libre": {"rssi": -80}}
        b.run(10)
    lines = b.output.splitlines()
    assert lines[:3] == [
        "False 1000 False 0.0.0.0",  # STAT_IDLE before anything
        "E Wifi Not Started",  # connect() before active(True)
        "[(b'ecole', -55, 3), (b'libre', -80, 0)]",  # WPA2 and an open network
    ]
    assert lines[3:6] == ["0 1001 False", "1500 1010 True", "True 6"]  # CONNECTING, GOT_IP


def test_wlan_wrong_password_and_no_network(tmp_path):
    p = program(tmp_path, WLAN_STEPS.replace("KEY", '"faux"'))
    with simulate(p, board="esp32") as b:
        b.world.wifi = {"ecole": {"password": "secret"}}
        b.run(10)
    assert b.output.splitlines()[3:6] == ["0 1001 False", "2500 202 False", "False 6"]
    p = program(tmp_path, WLAN_STEPS.replace("KEY", '"secret"'))
    with simulate(p, board="esp32") as b:  # nothing called "ecole" around
        b.run(10)
    assert b.output.splitlines()[3:5] == ["0 1001 False", "2000 201 False"]


def test_wlan_connect_while_the_driver_still_tries_is_refused(tmp_path):
    p = program(
        tmp_path,
        """
        import network, time
        w = network.WLAN(network.STA_IF)
        w.active(True)
        w.connect("ailleurs", "x")
        time.sleep(3)
        print(w.status())
        try:
            w.connect("ecole", "secret")
        except OSError as e:
            print(repr(e))
        w.disconnect()
        w.connect("ecole", "secret")
        time.sleep(2)
        print(w.status())
    """,
    )
    with simulate(p, board="esp32") as b:
        b.world.wifi = {"ecole": {"password": "secret"}}
        b.run(6)
    assert b.output.splitlines() == [
        "201",
        "E (3000) wifi:sta is connecting, return error",  # ESP-IDF's log, on the console
        "OSError('Wifi Internal Error',)",
        "1010",
    ]


def test_sockets_need_wifi_and_fail_as_on_the_board(tmp_path):
    p = program(
        tmp_path,
        """
        import socket, network
        from errno import EHOSTUNREACH  # (the VM folds errno.X at compile time: its own numbers)
        print(socket.getaddrinfo("127.0.0.1", 80))
        s = socket.socket()
        try:
            s.connect(("127.0.0.1", 1883))
        except OSError as e:
            print(e.args[0] == EHOSTUNREACH, e)
        try:
            socket.getaddrinfo("broker.local", 1883)
        except OSError as e:
            print(e.args[0])
        s.connect(("192.168.1.10", 1883))
    """,
    )
    with pytest.raises(LessonError) as e, simulate(p, board="esp32") as b:
        b.run(2)
    assert b.output.splitlines() == [
        "[(2, 1, 0, '', ('127.0.0.1', 80))]",
        "True [Errno 118] EHOSTUNREACH",  # newlib's number: lwIP has no interface up
        "-202",  # lwIP's DNS cannot ask
    ]
    assert e.value.exc_line == "OSError: [Errno 118] EHOSTUNREACH"


SERVER = """
    import network, socket, time
    w = network.WLAN(network.STA_IF)
    w.active(True)
    w.connect("ecole", "secret")
    while not w.isconnected():
        time.sleep_ms(100)
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("0.0.0.0", 80))
    s.listen(1)
    print("listening", w.ifconfig()[0].startswith("192.168.1."))
    c, addr = s.accept()
    line = c.readline()
    c.send(b"HTTP/1.0 200 OK\\r\\n\\r\\nbonjour " + line.split()[1])
    c.close()
    s.settimeout(0.5)
    t0 = time.ticks_ms()
    try:
        s.accept()
    except OSError as e:
        print(e, time.ticks_diff(time.ticks_ms(), t0) >= 500)
"""


def test_a_server_on_the_board_is_reached_from_the_computer(tmp_path):
    with simulate(program(tmp_path, SERVER), board="esp32") as b:
        b.world.wifi = {"ecole": {"password": "secret"}}
        b.run(2)
        assert "listening True" in b.output
        with pytest.raises(ValueError):
            b.host_port(8080)
        host, port = b.host_address(80)
        c = socket.create_connection((host, port), timeout=5)
        c.sendall(b"GET /led HTTP/1.0\r\n\r\n")
        b.run(1)  # the board accepts, answers (a blocking accept waits in real time steps)
        assert c.recv(100) == b"HTTP/1.0 200 OK\r\n\r\nbonjour /led"
        c.close()
        b.run(1)
    assert b.output.splitlines()[-1] == "[Errno 116] ETIMEDOUT True"


# -- kit.net and a real Mosquitto ----------------------------------------------------------------
@pytest.fixture(scope="module")
def umqtt(tmp_path_factory):
    """micropython-umqtt.simple from PyPI, installed as `atelier libraries install` does."""
    from atelier.libraries import install

    folder = tmp_path_factory.mktemp("umqtt")
    before = os.environ.get("ATELIER_LIBRARIES")
    os.environ["ATELIER_LIBRARIES"] = str(folder)
    try:
        install("micropython-umqtt.simple==1.3.4")
    except UserError as e:
        if "cannot reach PyPI" in str(e) and not os.environ.get("CI"):
            pytest.skip(f"PyPI unreachable: {e}")
        raise
    finally:
        if before is None:
            del os.environ["ATELIER_LIBRARIES"]
        else:
            os.environ["ATELIER_LIBRARIES"] = before
    return folder


@pytest.fixture
def broker(tmp_path):
    m = Mosquitto(tmp_path)
    m.start()
    yield m
    m.stop()


@pytest.fixture
def station(tmp_path, umqtt, broker, monkeypatch):
    """The computer's net.toml (outside any lesson), the library, and a listener."""
    settings = tmp_path / "config" / "net.toml"
    settings.parent.mkdir()
    settings.write_text(
        f'ssid = "ecole"\npassword = "secret"\nbroker = "127.0.0.1"\nport = {broker.port}\n'
        'label = "Poste 12"\n'
    )
    monkeypatch.setenv("ATELIER_NET", str(settings))
    monkeypatch.setenv("ATELIER_LIBRARIES", str(umqtt))
    listener = Listener(broker.port)
    yield listener
    listener.close()


COUNTER = """
    from kit import net, sleep_ms
    net.connect()
    print("connected")
    n = 0
    while True:
        n += 1
        net.publish("compte", n)
        net.check()
        sleep_ms(1000)
"""


def test_kit_net_publishes_readings_a_real_broker_delivers(tmp_path, station):
    p = program(tmp_path, COUNTER)
    with simulate(p, board="esp32") as b:
        assert not any("net.toml" in n or "kitnet" in n for n in b.user_files)
        b.run(5)
        got = station.wait_for("classe/poste-12/compte", 4)
    assert b.output.splitlines() == ["connected"]
    assert got[:4] == ["1", "2", "3", "4"]
    # the board says who it is: "online" and its own id (its MAC on the ESP32), also its
    # MQTT client id, so two boards given one label are told apart
    assert station.values("classe/poste-12/etat")[0] == f"online esp32-{b.unique_id}"
    # the settings went onto the simulated board only, never into the lesson's bundle
    from atelier.boards import load_boards
    from atelier.bundle import build_bundle

    files = build_bundle(p, load_boards().get("esp32")).files
    assert "lib/kit/net.py" in files and not any("kitnet" in n for n in files)
    assert not any("umqtt" in n for n in files)  # in the ESP32's firmware: the simulator's
    assert not any(b"secret" in data for data in files.values())
    assert "lib/umqtt/simple.py" in build_bundle(p, load_boards().get("pico-w")).files


def test_kit_net_names_a_board_by_its_mac_without_a_label(tmp_path, station, monkeypatch):
    settings = Path(os.environ["ATELIER_NET"])
    settings.write_text(settings.read_text().replace('label = "Poste 12"\n', ""))
    with simulate(program(tmp_path, COUNTER), board="esp32") as b:
        b.run(2)
        label = "esp32-" + b.unique_id[-6:]
        assert station.wait_for(f"classe/{label}/compte", 1) == ["1"]


def test_kit_net_wrong_wifi_password_is_one_clear_line(tmp_path, station, broker):
    p = program(tmp_path, COUNTER)
    with pytest.raises(LessonError) as e, simulate(p, board="esp32") as b:
        b.world.wifi = {"ecole": {"password": "autre"}}
        b.run(10)
    # the command that fixes it, as the board knows it (never the password it has)
    fix = (f"atelier net set --ssid 'ecole' --password ... --broker 127.0.0.1:{broker.port} "
           "--label 'poste-12'")  # fmt: skip
    assert e.value.exc_line == (
        "RuntimeError: Wi-Fi : le réseau 'ecole' refuse le mot de passe ; corrige-le sur "
        f"l'ordinateur ({fix}) puis renvoie le programme / "
        f"Wi-Fi: network 'ecole' refuses the password; fix it on the computer ({fix}), then "
        "put the program on again"
    )
    assert "secret" not in b.output
    assert b.hardware.wifi.status() == 202  # STAT_WRONG_PASSWORD


def _counts(values: list[str]) -> list[int]:
    return [int(v) for v in values]


def test_kit_net_keeps_readings_while_wifi_is_lost_and_sends_them_back(tmp_path, station):
    p = program(tmp_path, COUNTER)
    with simulate(p, board="esp32") as b:
        b.run(3.5)
        b.wifi_lost()
        b.run(5)
        assert b.hardware.wifi.connected  # not noticed yet: no beacon for 6 s (ESP-IDF)
        b.run(2)
        assert not b.hardware.wifi.connected
        time.sleep(0.3)
        during = _counts(station.values("classe/poste-12/compte"))
        b.wifi_back()
        b.run(8)
        got = _counts(station.wait_for("classe/poste-12/compte", len(during) + 8))
        assert b.error is None
    # joined at 1.5 s, a reading a second: 2 or 3 before the loss, none while lost (the one
    # sent in the gap waited for its acknowledgement until the link dropped, at 9.5 s)
    assert during in ([1, 2], [1, 2, 3])
    assert got == list(range(1, len(got) + 1)) and len(got) >= 10  # none lost, none twice
    said = station.values("classe/poste-12/etat")
    etat = [v.split(" ")[0] for v in said]
    assert etat[:3] == ["online", "offline", "online"]  # the broker's last will, then back
    assert said[1] == f"offline esp32-{b.unique_id}"  # the will says which board left


def test_kit_net_buffers_readings_while_the_broker_restarts(tmp_path, station, broker):
    p = program(tmp_path, COUNTER)
    with simulate(p, board="esp32") as b:
        b.run(3.5)
        broker.stop()
        b.run(5)
        before = _counts(station.values("classe/poste-12/compte"))
        broker.start()
        after = Listener(broker.port)  # subscribed to the new broker before the board is back
        try:
            b.run(6)
            later = _counts(after.wait_for("classe/poste-12/compte", 10, seconds=10))
        finally:
            after.close()
        assert b.error is None
    # what came while the broker was down waited on the board: none lost, none twice
    assert before in ([1, 2], [1, 2, 3])
    got = before + later
    assert got == list(range(1, len(got) + 1)) and len(got) >= 12, (before, later)


CLIENT = """
    import network, select, socket, time
    w = network.WLAN(network.STA_IF)
    w.active(True)
    w.connect("ecole", "secret")
    while not w.isconnected():
        time.sleep_ms(100)
    s = socket.socket()
    s.connect(("127.0.0.1", PORT))
    p = select.poll()
    p.register(s, select.POLLIN)
    t0 = time.ticks_ms()
    print(p.poll(300), time.ticks_diff(time.ticks_ms(), t0) >= 300)
    got = p.poll()
    print(got[0][0] is s, got[0][1] & select.POLLIN != 0, s.recv(10))
    t0 = time.ticks_ms()
    print(s.recv(10), time.ticks_diff(time.ticks_ms(), t0) >= 1500)
    s.settimeout(0.2)
    try:
        s.recv(10)
    except OSError as e:
        print(e)
"""


def test_blocking_calls_wait_on_the_network_without_freezing_the_board(tmp_path):
    import threading

    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]

    def peer():
        c, _a = server.accept()
        time.sleep(0.5)
        c.sendall(b"tot")
        time.sleep(2.0)  # longer than the watchdog's budget: the board waits on its socket
        c.sendall(b"tard")
        time.sleep(1.5)
        c.close()

    t = threading.Thread(target=peer, daemon=True)
    t.start()
    p = program(tmp_path, CLIENT.replace("PORT", str(port)))
    try:
        with simulate(p, board="esp32", wall_budget=1.0) as b:
            b.world.wifi = {"ecole": {"password": "secret"}}
            b.run(8)
    finally:
        server.close()
    assert b.output.splitlines() == [
        "[] True",
        "True True b'tot'",
        "b'tard' True",  # two seconds of waiting are two seconds on the board's clock
        "[Errno 116] ETIMEDOUT",
    ]


def test_kit_net_broker_down_at_start_is_one_line_and_readings_wait(tmp_path, umqtt, monkeypatch):
    later = Mosquitto(tmp_path)  # not started yet
    settings = tmp_path / "net.toml"
    settings.write_text(
        f'ssid = "ecole"\npassword = "secret"\nbroker = "127.0.0.1"\nport = {later.port}\n'
        'label = "p3"\n'
    )
    monkeypatch.setenv("ATELIER_NET", str(settings))
    monkeypatch.setenv("ATELIER_LIBRARIES", str(umqtt))
    with simulate(program(tmp_path, COUNTER), board="esp32") as b:
        b.run(4)
        later.start()
        try:
            listener = Listener(later.port)
            b.run(4)
            got = _counts(listener.wait_for("classe/p3/compte", 6))
            listener.close()
        finally:
            later.stop()
    assert b.output.splitlines() == [
        f"MQTT : le broker 127.0.0.1:{later.port} ne répond pas ([Errno 104] ECONNRESET) ; "
        "les mesures attendent sur la carte / "
        f"MQTT: broker 127.0.0.1:{later.port} does not answer ([Errno 104] ECONNRESET); "
        "readings wait on the board",
        "connected",
    ]
    assert got == list(range(1, len(got) + 1)) and len(got) >= 6  # those taken before, too


def test_without_net_toml_a_simulated_board_joins_a_simulated_network(
    tmp_path, umqtt, monkeypatch
):
    monkeypatch.setenv("ATELIER_NET", str(tmp_path / "none.toml"))
    monkeypatch.setenv("ATELIER_LIBRARIES", str(umqtt))
    with simulate(program(tmp_path, COUNTER), board="esp32") as b:
        b.run(3)
        assert b.hardware.wifi.connected and b.hardware.wifi.ssid == "atelier-sim"
    assert "connected" in b.output.splitlines()


# -- the settings reach the board, and only the board --------------------------------------------
def _atelier(*args: str, env: dict) -> subprocess.CompletedProcess:
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, **env, "COLUMNS": "200",
           "PYTHONPATH": os.pathsep.join([str(root / "host_tools"),
                                          os.environ.get("PYTHONPATH", "")])}  # fmt: skip
    return subprocess.run([sys.executable, "-m", "atelier", *args], capture_output=True,
                          text=True, cwd=root, env=env, timeout=300)  # fmt: skip


@pytest.mark.timeout(180)
def test_deploy_puts_the_settings_on_the_board_only_and_the_board_uses_its_label(
    tmp_path, umqtt, broker
):
    from atelier.sim.serve import serve

    secret = "mot-de-passe-du-college"
    settings = tmp_path / "net.toml"
    settings.write_text(
        f'ssid = "ecole"\npassword = "{secret}"\nbroker = "127.0.0.1"\nport = {broker.port}\n'
    )
    data = tmp_path / "data"
    env = {"ATELIER_NET": str(settings), "ATELIER_LIBRARIES": str(umqtt),
           "ATELIER_INVENTORY": str(data / "inventory.sqlite"),
           "ATELIER_BACKUPS": str(data / "backups"), "XDG_DATA_HOME": str(data)}  # fmt: skip
    p = program(tmp_path, COUNTER)
    listener = Listener(broker.port)
    try:
        with serve(1, board="esp32") as served:
            port, board = served.ports[0], served.boards[0]
            board.world.wifi = {"ecole": {"password": secret}}
            r = _atelier("label", port, "Table 7", env=env)
            assert r.returncode == 0, r.stdout + r.stderr
            r = _atelier("deploy", str(p), "--board", "esp32", "--port", port, env=env)
            assert r.returncode == 0, r.stdout + r.stderr
            assert secret not in r.stdout + r.stderr
            on_board = {q.name: q.read_bytes() for q in board.flash.rglob("*") if q.is_file()}
            assert "kitnet.mpy" in on_board and secret.encode() in on_board["kitnet.mpy"]
            got = listener.wait_for("classe/table-7/compte", 2, seconds=30)
    finally:
        listener.close()
    assert got[:2] == ["1", "2"]  # the board runs it, named by its label in the class
    r = _atelier("bundle", str(p), "--board", "esp32", "--out", str(tmp_path / "b"), env=env)
    assert r.returncode == 0, r.stderr
    listed = {q.name for q in (tmp_path / "b").rglob("*")}
    assert "net.mpy" in listed and not any("kitnet" in n for n in listed)
    assert (data / "inventory.sqlite").is_file()
    for f in data.rglob("*"):  # the inventory, the history, the backups
        if f.is_file():
            assert secret.encode() not in f.read_bytes(), f


def test_udp_datagrams_go_out_and_come_back(tmp_path):
    import threading

    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind(("127.0.0.1", 0))
    port = u.getsockname()[1]

    def echo():
        data, addr = u.recvfrom(100)
        u.sendto(data + b"!", addr)

    threading.Thread(target=echo, daemon=True).start()
    p = program(
        tmp_path,
        f"""
        import network, socket, time
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            s.sendto(b"ping", ("127.0.0.1", {port}))
        except OSError as e:
            print(e)
        w = network.WLAN(network.STA_IF)
        w.active(True)
        w.connect("ecole", "secret")
        while not w.isconnected():
            time.sleep_ms(100)
        s.sendto(b"ping", ("127.0.0.1", {port}))
        s.settimeout(2)
        data, addr = s.recvfrom(20)
        print(data, addr[0], addr[1] == {port})
    """,
    )
    try:
        with simulate(p, board="esp32") as b:
            b.world.wifi = {"ecole": {"password": "secret"}}
            b.run(4)
    finally:
        u.close()
    assert b.output.splitlines() == ["[Errno 118] EHOSTUNREACH", "b'ping!' 127.0.0.1 True"]


ASYNC_SERVER = """
    import asyncio, network, time
    w = network.WLAN(network.STA_IF)
    w.active(True)
    w.connect("ecole", "secret")
    while not w.isconnected():
        time.sleep_ms(100)

    async def page(reader, writer):
        line = await reader.readline()
        writer.write(b"HTTP/1.0 200 OK\\r\\n\\r\\nvu " + line.split()[1])
        await writer.drain()
        await writer.wait_closed()

    async def main():
        await asyncio.start_server(page, "0.0.0.0", 80)
        print("ready")
        while True:
            await asyncio.sleep(1)

    asyncio.run(main())
"""


def test_an_asyncio_web_server_on_the_board_answers_the_computer(tmp_path):
    with simulate(program(tmp_path, ASYNC_SERVER), board="esp32") as b:
        b.world.wifi = {"ecole": {"password": "secret"}}
        b.run(2)
        c = socket.create_connection(b.host_address(80), timeout=5)
        c.sendall(b"GET /led HTTP/1.0\r\n\r\n")
        b.run(0.5)
        assert c.recv(100) == b"HTTP/1.0 200 OK\r\n\r\nvu /led"
        c.close()
    assert b.output.splitlines() == ["ready"]


def test_kit_net_commands_reach_the_board(tmp_path, station):
    p = program(
        tmp_path,
        """
        from kit import net, sleep_ms

        def led(value):
            print("led", value)

        net.connect()
        net.subscribe("led", led)
        while True:
            net.check()
            sleep_ms(100)
    """,
    )
    with simulate(p, board="esp32") as b:
        b.run(2.5)
        station.client.publish("classe/poste-12/cmd/led", "1", qos=1)
        station.client.publish("classe/poste-12/cmd/autre", "2", qos=1)
        time.sleep(0.3)
        b.run(70)  # a minute without a reading: check() pings the broker
        station.client.publish("classe/poste-12/cmd/led", "0", qos=1)
        time.sleep(0.3)
        b.run(1)
    assert b.output.splitlines() == ["led 1", "led 0"]


def test_the_wifi_world_from_the_command_line():
    from atelier.sim.world import World

    assert World.parse_settings(["wifi=ecole:secret,libre:", "wifi_signal=0"]) == {
        "wifi": {"ecole": {"password": "secret"}, "libre": {"password": ""}},
        "wifi_signal": False,
    }


@pytest.mark.parametrize("board", ["microbit-v1", "microbit-v2", "pico"])
def test_kit_net_stays_off_a_board_without_wifi(tmp_path, board):
    # kit.net (its lines to the pupil) is only for the ESP32 and the Pico W: a micro:bit's
    # 20 KB never carry it, and a program asking for it is told so in one line
    from atelier.boards import load_boards
    from atelier.bundle import build_bundle

    b = load_boards().get(board)
    with pytest.raises(UserError) as e:
        build_bundle(program(tmp_path, COUNTER), b)
    assert str(e.value) == f"kit.net: {b.name} has no Wi-Fi; it works on an ESP32 and a Pico W"
    # `kit` passed around (every part taken): not kit.net
    p = program(tmp_path, "import kit\ndef use(k):\n    k.display.show(1)\nuse(kit)\n", "all.py")
    try:
        files = build_bundle(p, b).files
    except UserError as e:  # a part it cannot have (a Pico's radio) said first
        assert "kit.radio" in str(e), e
        return
    assert not any("refuses the password" in f.decode("utf-8", "replace")
                   for f in files.values())  # fmt: skip
