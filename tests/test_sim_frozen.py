"""What the MicroPython 1.22 ESP32_GENERIC firmware freezes from micropython-lib
(ports/esp32/boards/manifest.py: umqtt.simple, umqtt.robust, upysh): the simulated ESP32 has
it with nothing copied, ahead of /lib as on the board; bundles for the ESP32 leave it out; the
Pico W, whose firmware has no umqtt, still gets it copied. The simulator takes the modules from
the packages `atelier libraries install` put on the computer (conftest installs them)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from conftest import needs_vm
from test_cli import atelier
from test_libraries import make_lesson

from atelier.boards import load_boards
from atelier.bundle import build_bundle
from atelier.lessons import load_lesson
from atelier.libraries import LibraryMissing
from atelier.sim import LessonError, simulate

pytestmark = needs_vm
ROOT = Path(__file__).resolve().parents[1]
BOARDS = load_boards()
STATION = ROOT / "lessons" / "station-connectee"

FROZEN_MAIN = """
    from umqtt.simple import MQTTClient
    from umqtt.robust import MQTTClient as Robust
    from upysh import ls
    import umqtt.simple

    print(issubclass(Robust, MQTTClient), callable(ls))
    print(getattr(umqtt.simple, "PUPILS_COPY", "frozen"))
    c = Robust("poste-12", "192.168.1.10")
    print(c.client_id, c.server, c.port, c.DELAY)
"""


@pytest.fixture
def empty_libraries(tmp_path, monkeypatch) -> Path:
    """A computer where `atelier libraries install` never ran."""
    folder = tmp_path / "no-libraries"
    monkeypatch.setenv("ATELIER_LIBRARIES", str(folder))
    return folder


def test_the_esp32_imports_what_its_firmware_freezes_ahead_of_a_copy_in_lib(tmp_path):
    lesson = make_lesson(tmp_path / "gele", FROZEN_MAIN, ["esp32", "pico-w"], "")
    # a pupil's copy in /lib: on the board sys.path is '', '.frozen', '/lib', so it is not used
    copy = lesson / "lib" / "umqtt" / "simple.py"
    copy.parent.mkdir(parents=True)
    copy.write_text("PUPILS_COPY = 'lib'\nclass MQTTClient:\n    pass\n", encoding="utf-8")
    bundle = build_bundle(load_lesson(lesson), BOARDS.get("esp32"))
    assert [n for n in bundle.files if "umqtt" in n] == ["lib/umqtt/simple.py"]  # the copy only
    with simulate(bundle, board="esp32") as b:
        b.run(0.5)
    assert "upysh commands:" in b.output  # its help, printed on import as on the board
    assert b.output.splitlines()[-3:] == ["True True", "frozen", "poste-12 192.168.1.10 1883 2"]


def test_the_pico_w_firmware_freezes_no_umqtt_nor_upysh(tmp_path):
    for module in ("umqtt.simple", "upysh"):
        main = tmp_path / f"{module}.py"
        main.write_text(f"import {module}\n", encoding="utf-8")
        with pytest.raises(LessonError, match="ImportError"), simulate(main, board="pico-w") as b:
            b.run(0.5)


def test_a_frozen_library_not_installed_is_one_line_with_the_command(tmp_path, empty_libraries):
    main = tmp_path / "main.py"
    main.write_text(textwrap.dedent(FROZEN_MAIN), encoding="utf-8")
    with pytest.raises(LibraryMissing) as caught, simulate(main, board="esp32") as b:
        b.run(0.5)
    assert caught.value.command == "atelier libraries install micropython-umqtt.simple"
    assert "umqtt.simple is in the firmware of esp32" in str(caught.value)
    r = atelier("run", str(main), "--board", "esp32", "--fast", "--seconds", "1")
    assert r.returncode == 1, r.stdout + r.stderr
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr, r.stderr
    assert "atelier libraries install micropython-umqtt.simple" in r.stderr
    assert "ImportError" not in r.stdout + r.stderr  # the board has it: no "no module named"
    # a program that imports none of them needs nothing installed
    main.write_text("import sys\nprint(sys.platform)\n", encoding="utf-8")
    with simulate(main, board="esp32") as b:
        b.run(0.5)
    assert b.output == "esp32\n"


def test_a_kit_net_bundle_for_the_esp32_needs_nothing_installed_the_pico_ws_does(
    tmp_path, empty_libraries
):
    out = tmp_path / "esp32"
    r = atelier("bundle", str(STATION), "-b", "esp32", "-o", str(out))
    assert r.returncode == 0, r.stderr
    files = [p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()]
    assert "lib/kit/net.mpy" in files and not [f for f in files if "umqtt" in f]
    r = atelier("bundle", str(STATION), "-b", "pico-w", "-o", str(tmp_path / "picow"))
    assert r.returncode == 1 and r.stderr.count("\n") == 1, r.stderr
    assert "atelier libraries install micropython-umqtt.simple" in r.stderr


def test_atelier_run_starts_its_broker_for_an_esp32_whose_bundle_has_no_umqtt(
    tmp_path, monkeypatch
):
    from atelier.netrun import needs_own_broker

    monkeypatch.setenv("ATELIER_NET", str(tmp_path / "no-net.toml"))
    bundle = build_bundle(load_lesson(STATION), BOARDS.get("esp32"))
    assert not any("umqtt" in n for n in bundle.files)
    assert needs_own_broker(bundle)
