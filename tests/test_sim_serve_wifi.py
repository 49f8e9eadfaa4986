"""A served ESP32 (`atelier sim serve N --board esp32`) has the class's Wi-Fi around it: the
network net.toml names, the one `atelier deploy` writes onto the board, so a connected lesson
deployed to served boards joins it as a real board joins the classroom's access point."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import needs_vm
from test_sim_serve import ok

pytestmark = [needs_vm, pytest.mark.timeout(120)]

JOIN = (
    "import network, time\n"
    "w = network.WLAN(network.STA_IF); w.active(True)\n"
    "print(sorted(n[0].decode() for n in w.scan()))\n"
    "w.connect({ssid!r}, {password!r})\n"
    "for _ in range(40):\n"
    "    if w.status() != network.STAT_CONNECTING: break\n"
    "    time.sleep(0.25)\n"
    "print(w.isconnected(), w.status())\n"
)


def test_a_served_esp32_joins_the_network_of_net_toml_read_at_each_boot(tmp_path, monkeypatch):
    from atelier.sim.serve import serve

    net = tmp_path / "net.toml"
    net.write_text('ssid = "college-snt"\npassword = "secret123"\nbroker = "127.0.0.1"\n')
    monkeypatch.setenv("ATELIER_NET", str(net))
    with serve(1, board="esp32") as s:
        port = s.ports[0]
        out = ok(port, "exec", JOIN.format(ssid="college-snt", password="secret123"))
        assert out.splitlines() == ["['college-snt']", "True 1010"]
        out = ok(port, "exec", JOIN.format(ssid="college-snt", password="wrong"))
        assert out.splitlines()[-1] == "False 202"  # STAT_WRONG_PASSWORD, as on the board
        # the teacher writes net.toml again after `sim serve` started: the next boot has it
        net.write_text('ssid = "salle-b12"\npassword = ""\nbroker = "127.0.0.1"\n')
        out = ok(port, "exec", JOIN.format(ssid="salle-b12", password=""))
        assert out.splitlines() == ["['salle-b12']", "True 1010"]


def test_deploying_to_several_boards_with_one_label_in_net_toml_warns(tmp_path, monkeypatch):
    """net.toml's `label` is for one board at home: onto a class's boards, every one would
    publish under it (the hub shows one card, "two boards publish as...")."""
    from atelier.cli import main
    from atelier.sim.serve import serve

    net = tmp_path / "net.toml"
    net.write_text(
        'ssid = "college-snt"\npassword = "x"\nbroker = "127.0.0.1"\nlabel = "Poste 7"\n'
    )
    monkeypatch.setenv("ATELIER_NET", str(net))
    program = tmp_path / "page.py"
    program.write_text("from kit import net\nprint(net.wifi())\n")  # kit.net without umqtt
    with serve(2, board="esp32") as s:
        args = ["deploy", str(program), "--board", "esp32"]
        r = CliRunner().invoke(main, [*args, "--port", s.ports[0], "--port", s.ports[1]])
        assert r.exit_code == 0, r.output
        said = "net.toml gives every board the label 'Poste 7' (for one board at home): these 2"
        assert said in r.output
        r = CliRunner().invoke(main, [*args, "--port", s.ports[0]])  # one board: as meant
        assert r.exit_code == 0, r.output
        assert "net.toml gives" not in r.output
