"""A simulated connected board on a computer without the class's network settings (net.toml):
checks and tests never reach a broker they did not start (nor this computer's net.toml), and
`atelier run` starts a broker of its own, shows what the board publishes and takes a command
(`atelier net send`); `atelier net` writes and shows net.toml, never its password."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import textwrap
import time
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import needs_vm
from net_broker import Listener, Mosquitto

from atelier.cli import main
from atelier.errors import UserError
from atelier.netsettings import PORT_VAR
from atelier.sim import simulate

ROOT = Path(__file__).resolve().parents[1]

LISTENER = """
    from kit import net, sleep_ms
    def said(text):
        print("ordre", text)
    net.subscribe("dire", said)
    net.connect()
    n = 0
    while True:
        n += 1
        net.publish("compte", n)
        net.check()
        sleep_ms(1000)
"""


def program(tmp_path: Path) -> Path:
    p = tmp_path / "main.py"
    p.write_text(textwrap.dedent(LISTENER), encoding="utf-8")
    return p


@pytest.fixture(scope="module")
def umqtt(tmp_path_factory):
    """micropython-umqtt.simple from PyPI, installed as `atelier libraries install` does."""
    from atelier.libraries import install

    folder = tmp_path_factory.mktemp("umqtt")
    patch = pytest.MonkeyPatch()
    patch.setenv("ATELIER_LIBRARIES", str(folder))
    try:
        install("micropython-umqtt.simple==1.3.4")
    except UserError as e:
        patch.undo()
        if "cannot reach PyPI" in str(e) and not os.environ.get("CI"):
            pytest.skip(f"PyPI unreachable: {e}")
        raise
    patch.undo()
    return folder


@pytest.fixture
def teachers_hub(tmp_path, monkeypatch, umqtt):
    """A broker where a teacher's `atelier hub` listens: on a free port that the tool takes as
    its default (PORT_VAR, else 1883), and that this computer's net.toml names too (the user's
    configuration folder). Not 1883 itself, even when free: on a shared computer any other
    process's simulated board without net.toml (an older atelier's test) publishes there, and
    this test would see it (it did: another checkout's `compte` board)."""
    broker = Mosquitto(tmp_path)
    monkeypatch.setenv(PORT_VAR, str(broker.port))
    broker.start()
    config = tmp_path / "config"
    (config / "atelier").mkdir(parents=True)
    (config / "atelier" / "net.toml").write_text(
        f'ssid = "college"\npassword = "secret"\nbroker = "127.0.0.1"\nport = {broker.port}\n'
    )
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    monkeypatch.setenv("ATELIER_LIBRARIES", str(umqtt))
    monkeypatch.delenv("ATELIER_NET", raising=False)
    listener = Listener(broker.port)
    yield broker, listener
    listener.close()
    broker.stop()


def _env(**more: str) -> dict[str, str]:
    env = {**os.environ, "COLUMNS": "200", **more}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "host_tools"), env.get("PYTHONPATH", "")])
    for k in ("PYTEST_CURRENT_TEST", "ATELIER_NET_CHECK"):  # the tool as a user runs it
        env.pop(k, None)
    return env


# -- checks and tests ----------------------------------------------------------------------------
@needs_vm
def test_a_test_never_reaches_this_computers_broker(tmp_path, teachers_hub, monkeypatch):
    broker, listener = teachers_hub
    p = program(tmp_path)
    with simulate(p, board="esp32") as b:  # under pytest: a check
        b.run(4)
    assert b.hardware.wifi.ssid == "atelier-sim"  # not net.toml's network
    assert "connected" not in b.output and "does not answer" in b.output
    time.sleep(0.3)
    assert listener.got == []
    # the same board outside a check: net.toml's broker, then (no net.toml) the default one
    monkeypatch.delenv("PYTEST_CURRENT_TEST")
    with simulate(p, board="esp32") as b:
        b.run(3)
    assert listener.wait_for("classe/esp32-94dec2/compte", 1)[:1] == ["1"]
    time.sleep(0.5)  # the board's last readings on their way
    before = listener.values("classe/esp32-94dec2/compte")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "nowhere"))
    with simulate(p, board="esp32") as b:
        b.run(3)
    got = listener.wait_for("classe/esp32-94dec2/compte", len(before) + 1)
    assert got[len(before)] == "1"  # a new board, from the start


@needs_vm
@pytest.mark.timeout(400)
def test_the_author_check_of_a_connected_lesson_leaves_no_message_on_this_computers_broker(
    teachers_hub, tmp_path
):
    broker, listener = teachers_hub
    shells = tmp_path / "net.toml"  # an ATELIER_NET the user's shell exports
    shells.write_text(f'ssid = "a"\npassword = ""\nbroker = "127.0.0.1"\nport = {broker.port}\n')
    r = subprocess.run(
        [sys.executable, "-m", "atelier", "check", "--lesson-author", "lessons/station-connectee"],
        capture_output=True, text=True, cwd=ROOT, env=_env(ATELIER_NET=str(shells)), timeout=380,
    )  # fmt: skip
    assert r.returncode == 0, r.stdout + r.stderr
    assert "station-connectee: complete" in r.stdout
    time.sleep(0.3)
    assert listener.got == [], (listener.got, r.stdout)  # no stray board on the dashboard


# -- atelier run -------------------------------------------------------------------------------
@needs_vm
@pytest.mark.timeout(120)
def test_run_without_net_toml_shows_what_the_board_publishes_and_takes_a_command(
    tmp_path, teachers_hub
):
    broker, listener = teachers_hub
    env = _env(ATELIER_NET=str(tmp_path / "none.toml"))
    run = subprocess.Popen(
        [sys.executable, "-m", "atelier", "run", str(program(tmp_path)), "--board", "esp32",
         "--seconds", "8"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT, env=env,
    )  # fmt: skip
    lines = []
    try:
        for line in run.stdout:
            lines.append(line.rstrip("\n"))
            if "atelier net send" in line:  # the board is online: the line says how
                command = line[line.index("atelier net send") :].split()[3:]
                command[0] = command[0].replace("NAME", "dire")
                command[1] = "bonjour"
                send = [sys.executable, "-m", "atelier", "net", "send", *command]
                sent = subprocess.run(send, capture_output=True, text=True, env=env, timeout=30)
                assert sent.returncode == 0, sent.stdout + sent.stderr
        run.wait(60)
    finally:
        run.kill()
    out = "\n".join(lines)
    assert run.returncode == 0, out
    assert lines[1].startswith("no class network settings (net.toml)"), out
    assert "atelier net set" in lines[1]
    assert "MQTT classe/esp32-94dec2/compte = 1" in out  # a published reading, as a line
    assert "MQTT classe/esp32-94dec2/cmd/dire = bonjour" in out
    assert "| ordre bonjour" in out  # the board got the command
    assert listener.got == []  # nothing on the teacher's broker


@needs_vm
@pytest.mark.timeout(120)
def test_run_of_the_connected_station_fast_shows_its_readings(tmp_path, teachers_hub):
    broker, listener = teachers_hub
    r = subprocess.run(
        [sys.executable, "-m", "atelier", "run", "lessons/station-connectee", "--board", "esp32",
         "--fast", "--seconds", "3"],
        capture_output=True, text=True, cwd=ROOT, env=_env(ATELIER_NET=str(tmp_path / "no")),
        timeout=100,
    )  # fmt: skip
    assert r.returncode == 0, r.stdout + r.stderr
    lines = r.stdout.splitlines()
    assert lines[1].startswith("no class network settings (net.toml)")
    assert "            MQTT classe/esp32-94dec2/temperature = 21.0" in lines
    assert listener.got == []


# -- atelier net -------------------------------------------------------------------------------
def test_net_set_writes_net_toml_and_never_shows_the_password(tmp_path, monkeypatch):
    path = tmp_path / "conf" / "net.toml"
    monkeypatch.setenv("ATELIER_NET", str(path))
    r = CliRunner().invoke(main, ["net"])
    assert r.exit_code == 0 and "atelier net set" in r.output and str(path) in r.output
    args = ["net", "set", "--ssid", 'salle "B12"', "--broker", "192.168.1.10:1884",
            "--label", "Poste 12"]  # fmt: skip
    r = CliRunner().invoke(main, args, input="mot-de-passe\n")  # asked for, hidden
    assert r.exit_code == 0, r.output
    assert "mot-de-passe" not in r.output and "(hidden)" in r.output
    assert tomllib.loads(path.read_text()) == {
        "ssid": 'salle "B12"', "password": "mot-de-passe", "broker": "192.168.1.10",
        "port": 1884, "label": "Poste 12",
    }  # fmt: skip
    if os.name != "nt":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600  # the owner's only
    r = CliRunner().invoke(main, ["net"])
    assert "192.168.1.10:1884" in r.output and "mot-de-passe" not in r.output
    r = CliRunner().invoke(main, ["net", "set", "--ssid", "x", "--broker", "h:99999",
                                  "--password", ""])  # fmt: skip
    assert r.exit_code == 1 and "HOST or HOST:PORT" in r.output
    assert "mot-de-passe" in path.read_text()  # untouched
    path.write_text(path.read_text() + "# the school's access point, room B12\n")
    r = CliRunner().invoke(main, ["net", "set", "--ssid", "maison", "--broker", "127.0.0.1",
                                  "--password", ""])  # fmt: skip
    assert r.exit_code == 0 and f"{path}.bak" in r.output
    assert "room B12" in (tmp_path / "conf" / "net.toml.bak").read_text()  # the teacher's, kept
    assert tomllib.loads(path.read_text())["ssid"] == "maison"


def test_net_send_to_a_broker_that_does_not_answer_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("ATELIER_NET", str(tmp_path / "none.toml"))
    with socket.socket() as held:  # bound, not listening: refused
        held.bind(("127.0.0.1", 0))
        port = held.getsockname()[1]
        r = CliRunner().invoke(main, ["net", "send", "classe/p/cmd/x", "1",
                                      "--broker", f"127.0.0.1:{port}"])  # fmt: skip
    assert r.exit_code == 1
    assert f"127.0.0.1:{port} does not answer" in r.output
    assert len(r.output.strip().splitlines()) == 1


def test_net_send_says_one_line_and_nothing_on_stderr(teachers_hub):
    """To net.toml's broker; paho's last loop after its disconnect used to print "Client is
    not connected. Socket: None)..." on stderr, under the teacher's "sent" line."""
    broker, listener = teachers_hub
    r = subprocess.run(
        [sys.executable, "-m", "atelier", "net", "send", "classe/poste-3/cmd/intervalle", "5"],
        capture_output=True, text=True, cwd=ROOT, env=_env(), timeout=60,
    )  # fmt: skip
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.strip().splitlines() == ["sent: classe/poste-3/cmd/intervalle = 5"]
    assert r.stderr == ""
    assert listener.wait_for("classe/poste-3/cmd/intervalle", 1) == ["5"]


def test_a_checks_pytest_gets_no_atelier_net_of_the_users_shell():
    from atelier.netsettings import CHECK_VAR, check_env

    env = check_env({"ATELIER_NET": "/home/prof/net.toml", "PATH": "/bin"})
    assert env == {"PATH": "/bin", CHECK_VAR: "1"}
