"""A board that serves its own web page: kit.net's Wi-Fi alone (net.wifi(), no MQTT client to
install), and board.run_while, which runs the board while the computer talks to its server."""

from __future__ import annotations

import socket
import textwrap
import urllib.request
from pathlib import Path

import pytest
from conftest import needs_vm

from atelier.boards import load_boards
from atelier.bundle import build_bundle
from atelier.errors import UserError
from atelier.netsettings import net_uses_mqtt
from atelier.sim import LessonError, simulate


def program(tmp_path: Path, source: str) -> Path:
    p = tmp_path / "main.py"
    p.write_text(textwrap.dedent(source), encoding="utf-8")
    return p


@pytest.mark.parametrize(
    "source, mqtt",
    [
        ("from kit import net\nprint(net.wifi())", False),
        ("from kit import net as n\nn.wifi(5000)", False),
        ("import kit\nkit.net.wifi()", False),
        ("from kit.net import wifi\nwifi()", False),
        ("from kit import env\nprint(env.temperature())", False),
        ("from kit import net\nnet.wifi()\nnet.connect()", True),
        ("from kit import net\nnet.publish('t', 1)", True),
        ("import kit\nkit.net.check()", True),
        ("from kit.net import wifi, publish", True),
        ("from kit import net\nthings = [net]", True),  # passed around: we cannot follow it
    ],
)
def test_only_a_program_using_mqtt_needs_its_client(source, mqtt):
    assert net_uses_mqtt([source]) is mqtt


def test_a_program_that_only_joins_the_wifi_needs_nothing_installed(tmp_path, monkeypatch):
    monkeypatch.setenv("ATELIER_LIBRARIES", str(tmp_path / "none"))  # no umqtt here
    esp32 = load_boards().get("esp32")
    files = build_bundle(program(tmp_path, "from kit import net\nnet.wifi()\n"), esp32).files
    assert "lib/kit/net.py" in files and not any("umqtt" in n for n in files)
    # MQTT: the ESP32's firmware has umqtt; the Pico W's bundle carries it, so it needs it here
    mqtt = program(tmp_path, "from kit import net\nnet.connect()\n")
    assert not any("umqtt" in n for n in build_bundle(mqtt, esp32).files)
    with pytest.raises(UserError, match="atelier libraries install micropython-umqtt.simple"):
        build_bundle(mqtt, load_boards().get("pico-w"))


WIFI = """
    from kit import net
    address = net.wifi()
    print(address)
"""


@needs_vm
def test_net_wifi_joins_the_settings_network_and_gives_the_address(tmp_path, monkeypatch):
    settings = tmp_path / "net.toml"
    settings.write_text('ssid = "ecole"\npassword = "secret"\nbroker = "127.0.0.1"\n')
    monkeypatch.setenv("ATELIER_NET", str(settings))
    monkeypatch.setenv("ATELIER_LIBRARIES", str(tmp_path / "none"))
    with simulate(program(tmp_path, WIFI), board="esp32") as b:
        b.run(3)
        assert b.hardware.wifi.ssid == "ecole" and b.hardware.wifi.connected
        assert b.output.splitlines() == [b.hardware.wifi.ip]
    with pytest.raises(LessonError) as e, simulate(program(tmp_path, WIFI), board="esp32") as b:
        b.world.wifi = {"ecole": {"password": "autre"}}
        b.run(5)
    fix = "atelier net set --ssid 'ecole' --password ... --broker 127.0.0.1"  # never the password
    assert e.value.exc_line == (
        "RuntimeError: Wi-Fi : le réseau 'ecole' refuse le mot de passe ; corrige-le sur "
        f"l'ordinateur ({fix}) puis renvoie le programme / "
        f"Wi-Fi: network 'ecole' refuses the password; fix it on the computer ({fix}), then "
        "put the program on again"
    )


SERVER = """
    import socket, time
    from kit import net
    net.wifi()
    s = socket.socket()
    s.bind(("0.0.0.0", 80))
    s.listen(1)
    while True:
        c, _ = s.accept()
        line = c.readline()
        while c.readline() not in (b"\\r\\n", b""):
            pass
        time.sleep(2)  # the board takes its time: a sleep of the board's clock
        c.send(b"HTTP/1.0 200 OK\\r\\n\\r\\n" + line.split()[1])
        c.close()
"""


@needs_vm
def test_run_while_runs_the_board_while_the_computer_waits_for_it(tmp_path):
    with simulate(program(tmp_path, SERVER), board="esp32") as b:
        b.run(3)
        host, port = b.host_address(80)

        def get():
            with urllib.request.urlopen(f"http://{host}:{port}/led", timeout=10) as r:
                return r.read()

        t0 = b.time
        assert b.run_while(get) == b"/led"
        # the board answered after its 2 s sleep, its clock never racing ahead of the wall's
        assert 2 <= b.time - t0 < 6

        def refused():
            socket.create_connection((host, 1), timeout=1)

        with pytest.raises(ConnectionRefusedError):  # fn's error, raised in the test
            b.run_while(refused)
        silent = socket.create_connection((host, port))  # the board waits for its request
        try:
            with pytest.raises(TimeoutError, match="still waiting after 0.5 s"):
                b.run_while(lambda: silent.recv(10), seconds=0.5)
        finally:
            silent.close()


@needs_vm
@pytest.mark.timeout(120)
def test_atelier_run_says_where_the_computer_opens_the_boards_page():
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "COLUMNS": "80", "ATELIER_LANG": "en",
           "PYTHONPATH": os.pathsep.join([str(root / "host_tools"),
                                          os.environ.get("PYTHONPATH", "")])}  # fmt: skip
    run = subprocess.Popen(
        [sys.executable, "-m", "atelier", "run", "lessons/page-web-carte", "--board", "esp32",
         "--seconds", "20"], cwd=root, env=env, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        for line in run.stdout:
            if "http://127.0.0.1:" in line:
                break
        url = line.split("open ")[1].split()[0]  # on one line, however narrow the terminal
        with urllib.request.urlopen(url + "/allumer", timeout=10) as r:  # in real time
            page = r.read().decode()
        assert "LED : allumée" in page
    finally:
        run.terminate()
        run.wait(10)


def test_the_wiring_table_shows_the_boards_wifi():
    from atelier.site.wiring import wiring_table

    esp32 = load_boards().get("esp32")
    rows = {r.part: r for r in wiring_table(esp32, ["net", "env", "relay"], "fr")}
    assert (rows["net"].module, rows["net"].pins) == ("le Wi-Fi de la carte", "sur la carte")
    assert rows["relay"].pins.startswith("SIG → GPIO23")
