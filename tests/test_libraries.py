"""Board libraries a lesson declares (lesson.toml `libraries`): found in the installed packages,
copied with what they need into the bundle, run by the simulator, and one clear line when one
is missing or is not a board library."""

from __future__ import annotations

import contextlib
import io
import json
import tarfile
import textwrap
from pathlib import Path

import pytest
from conftest import needs_vm
from test_cli import atelier

from atelier.boards import load_boards
from atelier.bundle import build_bundle, compile_bundle
from atelier.errors import UserError
from atelier.lessons import load_lesson
from atelier.libraries import install
from atelier.sim import LessonError, simulate

BOARDS = load_boards()
ESP32 = BOARDS.get("esp32")
PICO = BOARDS.get("pico")
PICO_W = BOARDS.get("pico-w")
CPB = BOARDS.get("circuitplayground-bluefruit")
MICROBIT = BOARDS.get("microbit-v2")


def make_lesson(root: Path, main: str, boards: list[str], libraries: str) -> Path:
    """A throw-away lesson folder: `libraries` is lesson.toml's text for the key."""
    root.mkdir(parents=True, exist_ok=True)
    head = f'id = "{root.name}"\nlevel = "débutant"\nduration_min = 30\n'
    boards_line = "boards = [" + ", ".join(f'"{b}"' for b in boards) + "]\n"
    rest = (
        '[title]\nfr = "Essai"\nen = "Trial"\n[hardware]\nfr = ["une carte"]\n'
        'en = ["a board"]\n[objectives]\nfr = ["essayer"]\nen = ["try"]\n'
    )
    text = head + boards_line + libraries + "\n" + rest
    (root / "lesson.toml").write_text(text, encoding="utf-8")
    (root / "main.py").write_text(textwrap.dedent(main).lstrip(), encoding="utf-8")
    return root


def upip_archive(folder: Path, name: str, version: str, files: dict[str, str],
                 requires: tuple[str, ...] = ()) -> Path:  # fmt: skip
    """A micropython-lib package as PyPI holds it (upip layout): the module tree at the top of
    NAME-VERSION/, metadata in NAME.egg-info, no setup.py."""
    top = f"{name}-{version}"
    egg = f"{top}/{name.replace('-', '_')}.egg-info"
    members = {f"{top}/{rel}": text for rel, text in files.items()}
    members[f"{egg}/PKG-INFO"] = f"Metadata-Version: 1.0\nName: {name}\nVersion: {version}\n"
    if requires:
        members[f"{egg}/requires.txt"] = "\n".join(requires) + "\n"
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for path, text in members.items():
            data = text.encode()
            info = tarfile.TarInfo(path)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    out = folder / f"{top}.tar.gz"
    out.write_bytes(buf.getvalue())
    return out


@pytest.fixture
def libraries(tmp_path, monkeypatch) -> Path:
    """An empty folder of micropython-lib packages, for this test only."""
    folder = tmp_path / "libraries"
    monkeypatch.setenv("ATELIER_LIBRARIES", str(folder))
    return folder


@pytest.fixture(scope="session")
def umqtt_folder(tmp_path_factory) -> Path:
    """micropython-umqtt.simple 1.3.4 from PyPI, installed as `atelier libraries install` does."""
    import os

    folder = tmp_path_factory.mktemp("umqtt-libraries")
    before = os.environ.get("ATELIER_LIBRARIES")
    os.environ["ATELIER_LIBRARIES"] = str(folder)
    try:
        install("micropython-umqtt.simple==1.3.4")
    except UserError as e:
        if "cannot reach PyPI" in str(e):
            pytest.skip(f"PyPI unreachable: {e}")
        raise
    finally:
        if before is None:
            del os.environ["ATELIER_LIBRARIES"]
        else:
            os.environ["ATELIER_LIBRARIES"] = before
    return folder


# -- micropython-lib packages (umqtt) on the ESP32 ----------------------------------------------
MQTT_MAIN = """
    from umqtt.simple import MQTTClient

    client = MQTTClient("poste-12", "192.168.1.10", keepalive=30)
    print(client.client_id, client.server, client.port, client.keepalive)
"""


def test_umqtt_goes_to_lib_compiled_on_pico_w_and_is_frozen_on_esp32(
    tmp_path, umqtt_folder, monkeypatch
):
    monkeypatch.setenv("ATELIER_LIBRARIES", str(umqtt_folder))
    lesson = load_lesson(
        make_lesson(
            tmp_path / "mqtt",
            MQTT_MAIN,
            ["esp32", "pico-w", "pico"],
            '[libraries]\nesp32 = ["micropython-umqtt.simple"]\n'
            'pico-w = ["micropython-umqtt.simple"]',
        )  # fmt: skip
    )
    # the Pico W's firmware has no umqtt: its bundle carries it, compiled
    bundle = build_bundle(lesson, PICO_W)
    assert bundle.files["lib/umqtt/simple.py"].startswith(b"import usocket as socket")
    assert bundle.packages["lib/umqtt/simple.py"] == "micropython-umqtt.simple"
    compiled = compile_bundle(bundle)
    mpy = compiled.files["lib/umqtt/simple.mpy"]
    assert mpy[:2] == b"M\x06"  # MicroPython .mpy, version 6: what 1.22 loads
    assert compiled.packages["lib/umqtt/simple.mpy"] == "micropython-umqtt.simple"
    assert "lib/umqtt/simple.py" not in compiled.files
    with simulate(bundle, board="pico-w") as b:
        b.run(0.5)
    assert b.output.splitlines() == ["poste-12 192.168.1.10 1883 30"]
    # the ESP32's firmware freezes it (ahead of /lib): listed or not, no copy goes there
    esp32 = build_bundle(lesson, ESP32)
    assert not any("umqtt" in n for n in esp32.files)
    with simulate(esp32, board="esp32") as b:
        b.run(0.5)
    assert b.output.splitlines() == ["poste-12 192.168.1.10 1883 30"]
    # the lesson gives the Pico no library: there, as on a real Pico, the import fails
    assert not any("umqtt" in n for n in build_bundle(lesson, PICO).files)
    with pytest.raises(LessonError, match="ImportError"), simulate(lesson, board="pico") as b:
        b.run(0.5)


def test_micropython_lib_archive_installs_from_a_file_with_its_requirements(tmp_path, libraries):
    archive = upip_archive(tmp_path, "micropython-demo.tones", "0.2",
                           {"demo/tones.py": "A4 = 440\n", "demo/__init__.py": ""},
                           requires=("micropython-demo.core",))  # fmt: skip
    r = atelier("libraries", "install", str(archive))
    # the requirement is looked up on PyPI, which has no such package: one line, exit 1
    assert r.returncode == 1 and r.stderr.count("\n") == 1, r.stderr
    assert "micropython-demo.core" in r.stderr and "Traceback" not in r.stderr
    core = upip_archive(tmp_path, "micropython-demo.core", "1.0", {"demo/core.py": "X = 1\n"})
    assert atelier("libraries", "install", str(core)).returncode == 0
    r = atelier("libraries", "install", str(archive))
    assert r.returncode == 0, r.stderr
    assert "micropython-demo.tones 0.2" in r.stdout
    lesson = load_lesson(
        make_lesson(tmp_path / "tones", "from demo.tones import A4\nfrom demo.core import X\n"
                    "print(A4 + X)\n", ["pico"], 'libraries = ["micropython-demo.tones"]')
    )  # fmt: skip
    bundle = build_bundle(lesson, PICO)
    assert {n: p for n, p in bundle.packages.items() if n.startswith("lib/demo")} == {
        "lib/demo/__init__.py": "micropython-demo.tones",
        "lib/demo/tones.py": "micropython-demo.tones",
        "lib/demo/core.py": "micropython-demo.core",  # followed from requires.txt
    }
    r = atelier("bundle", str(lesson.path), "-b", "pico", "-o", str(tmp_path / "out"))
    assert r.returncode == 0, r.stderr
    assert "from package" in r.stdout and "micropython-demo.core" in r.stdout
    assert (tmp_path / "out/lib/demo/tones.mpy").is_file()


@needs_vm
def test_a_one_module_library_goes_flat_on_the_microbit_and_runs(tmp_path, libraries):
    archive = upip_archive(tmp_path, "micropython-demo-morse", "1.0",
                           {"morse.py": "def code(c):\n    return {'s': '...'}[c]\n"})  # fmt: skip
    install(str(archive))
    lesson = load_lesson(
        make_lesson(
            tmp_path / "morse",
            "import morse\nprint(morse.code('s'))\n",
            ["microbit-v2"],
            'libraries = ["micropython-demo-morse"]',
        )  # fmt: skip
    )
    bundle = build_bundle(lesson, MICROBIT)
    assert bundle.packages == {"morse.py": "micropython-demo-morse"}  # beside main.py
    with simulate(bundle, board="microbit-v2") as b:
        b.run(0.2)
    assert b.output == "...\n"
    # a library in folders cannot go onto a board without folders
    install(str(upip_archive(tmp_path, "micropython-demo-pkg", "1.0", {"pkg/a.py": "A = 1\n"})))
    foldered = make_lesson(tmp_path / "pkg", "import pkg.a\n", ["microbit-v2"],
                           'libraries = ["micropython-demo-pkg"]')  # fmt: skip
    with pytest.raises(UserError, match=r"micropython-demo-pkg has folders \(pkg/a.py\)"):
        build_bundle(load_lesson(foldered), MICROBIT)


def test_a_library_that_does_not_fit_the_microbit_is_refused_as_today(tmp_path, libraries):
    big = "".join(f"V{i} = {i}  # {'x' * 60}\n" for i in range(400))  # about 30 KB
    install(str(upip_archive(tmp_path, "micropython-demo-big", "1.0", {"big.py": big})))
    lesson = make_lesson(tmp_path / "big", "import big\n", ["microbit-v2"],
                         'libraries = ["micropython-demo-big"]')  # fmt: skip
    r = atelier("run", str(lesson), "--fast", "--seconds", "1")
    assert r.returncode == 1 and r.stderr.count("\n") == 2, r.stderr  # the error, the advice
    assert "do not fit the BBC micro:bit V2" in r.stderr and "big.py" in r.stderr
    r = atelier("flash", str(lesson), "--out", str(tmp_path / "big.hex"))
    assert r.returncode == 1 and "do not fit" in r.stderr


# -- CircuitPython libraries (pip packages) ------------------------------------------------------
NEOPIXEL_MAIN = """
    import board
    import neopixel

    pixels = neopixel.NeoPixel(board.NEOPIXEL, 10, brightness=1.0, auto_write=False)
    pixels.fill((0, 0, 0))
    pixels[2] = (255, 0, 0)
    pixels[7] = (0, 0, 64)
    pixels.show()
"""


def test_neopixel_library_bundles_without_what_the_board_has_built_in(tmp_path):
    lesson = load_lesson(
        make_lesson(tmp_path / "anneau", NEOPIXEL_MAIN, ["circuitplayground-bluefruit", "esp32"],
                    '[libraries]\ncircuitpython = ["adafruit-circuitpython-neopixel"]')
    )  # fmt: skip
    bundle = build_bundle(lesson, CPB)
    assert bundle.packages["lib/neopixel.py"] == "adafruit-circuitpython-neopixel"
    # Requires-Dist: Adafruit-Blinka (CPython only) and adafruit-circuitpython-pixelbuf, which
    # CircuitPython 9 has built in (boards.toml modules.available): neither goes on the board
    names = set(bundle.files)
    assert not any("pixelbuf" in n or "blinka" in n.lower() for n in names), names
    assert not any(n.startswith("lib/adafruit_bus_device") for n in names)  # built in too
    # the table gives the ESP32 nothing: MicroPython has its own neopixel module
    assert "lib/neopixel.py" not in build_bundle(lesson, ESP32).files


@needs_vm
def test_neopixel_library_lights_the_ring_in_the_simulator(tmp_path):
    lesson = make_lesson(tmp_path / "anneau", NEOPIXEL_MAIN, ["circuitplayground-bluefruit"],
                         'libraries = ["adafruit-circuitpython-neopixel"]')  # fmt: skip
    with simulate(lesson, board="circuitplayground-bluefruit") as b:
        b.run(0.5)
    assert b.display.lit() == [2, 7]
    assert b.display.colors[2] == (255, 0, 0) and b.display.colors[7] == (0, 0, 64)


def test_circuitplayground_library_follows_its_requirements(tmp_path):
    lesson = load_lesson(
        make_lesson(tmp_path / "cpx", "from adafruit_circuitplayground import cp\n",
                    ["circuitplayground-bluefruit"],
                    'libraries = ["adafruit-circuitpython-circuitplayground"]')
    )  # fmt: skip
    packages = build_bundle(lesson, CPB).packages
    assert packages["lib/adafruit_circuitplayground/bluefruit.py"] == (
        "adafruit-circuitpython-circuitplayground"
    )
    assert packages["lib/neopixel.py"] == "adafruit-circuitpython-neopixel"
    assert packages["lib/adafruit_thermistor.py"] == "adafruit-circuitpython-thermistor"
    assert packages["lib/adafruit_lis3dh.py"] == "adafruit-circuitpython-lis3dh"
    assert not any("typing" in n for n in packages)  # typing-extensions: CPython only


# -- one clear line when it cannot be done ------------------------------------------------------
@pytest.mark.parametrize("command", ["run", "bundle", "test", "deploy"])
def test_a_missing_library_is_one_line_naming_it_and_how_to_install_it(
    tmp_path, libraries, command
):
    lesson = make_lesson(tmp_path / "mqtt", MQTT_MAIN, ["pico-w"],
                         'libraries = ["micropython-umqtt.simple"]')  # fmt: skip
    args = {
        "run": ["run", str(lesson), "--board", "pico-w", "--fast", "--seconds", "1"],
        "bundle": ["bundle", str(lesson), "-b", "pico-w", "-o", str(tmp_path / "out")],
        "test": ["test", str(lesson)],
        "deploy": ["deploy", str(lesson), "-b", "pico-w", "--port", str(tmp_path / "no-port")],
    }[command]
    r = atelier(*args)
    assert r.returncode == 1, r.stdout + r.stderr
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr, r.stderr
    assert "micropython-umqtt.simple is not installed" in r.stderr
    assert "atelier libraries install micropython-umqtt.simple" in r.stderr
    assert str(lesson / "lesson.toml") in r.stderr


def test_a_missing_pip_library_says_pip_install_and_flash_stops_too(tmp_path, libraries):
    lesson = make_lesson(
        tmp_path / "np",
        "print(1)\n",
        ["microbit-v2"],
        'libraries = ["micropython-demo-absent", "adafruit-circuitpython-nosuch"]',
    )
    r = atelier("flash", str(lesson), "--out", str(tmp_path / "x.hex"))
    assert r.returncode == 1 and r.stderr.count("\n") == 1, r.stderr
    assert "micropython-demo-absent" in r.stderr  # the first one declared
    lesson = make_lesson(tmp_path / "cp", "print(1)\n", ["circuitplayground-bluefruit"],
                         'libraries = ["adafruit-circuitpython-nosuch"]')  # fmt: skip
    with pytest.raises(UserError, match="pip install adafruit-circuitpython-nosuch$"):
        build_bundle(load_lesson(lesson), CPB)


@pytest.mark.parametrize("package", ["click", "Adafruit-Blinka", "typing-extensions"])
def test_a_package_that_is_no_board_library_is_refused(tmp_path, package):
    lesson = make_lesson(tmp_path / "x", "print(1)\n", ["pico"], f'libraries = ["{package}"]')
    with pytest.raises(UserError, match=f"{package} is not a library for boards"):
        build_bundle(load_lesson(lesson), PICO)


def test_a_circuitpython_library_is_refused_on_a_micropython_board(tmp_path):
    lesson = make_lesson(tmp_path / "x", "print(1)\n", ["esp32"],
                         'libraries = ["adafruit-circuitpython-neopixel"]')  # fmt: skip
    with pytest.raises(
        UserError, match="library for CircuitPython boards; esp32 runs MicroPython"
    ):
        build_bundle(load_lesson(lesson), ESP32)


def test_libraries_table_keys_are_boards_or_runtimes(tmp_path):
    lesson = make_lesson(tmp_path / "x", "print(1)\n", ["esp32"],
                         '[libraries]\nesp23 = ["micropython-umqtt.simple"]')  # fmt: skip
    with pytest.raises(UserError) as e:
        load_lesson(lesson)
    assert str(e.value).startswith(f"{lesson / 'lesson.toml'}:6: libraries: 'esp23' is neither")


def test_install_takes_the_sdist_of_the_version_asked_from_pypi(tmp_path, libraries):
    # PyPI's JSON API as `install` reads it, served from memory: no network in this test
    old = upip_archive(tmp_path, "micropython-demo-x", "1.0", {"x.py": "V = 1\n"}).read_bytes()
    new = upip_archive(tmp_path, "micropython-demo-x", "2.0", {"x.py": "V = 2\n"}).read_bytes()

    def release(v):
        return [{"packagetype": "bdist_wheel", "url": "wheel"}, {"packagetype": "sdist", "url": v}]

    pages = {
        "https://pypi.org/pypi/micropython-demo-x/json": json.dumps(
            {"urls": release("2.0"), "releases": {"1.0": release("1.0"), "2.0": release("2.0")}}
        ).encode(),
        "1.0": old,
        "2.0": new,
    }
    opener = lambda url: contextlib.closing(io.BytesIO(pages[url]))  # noqa: E731
    assert install("micropython-demo-x==1.0", opener)[0].version == "1.0"
    assert (libraries / "micropython-demo-x/files/x.py").read_text() == "V = 1\n"
    assert install("micropython-demo-x", opener)[0].version == "2.0"  # the latest
    with pytest.raises(UserError, match="PyPI has no version 3.0; it has: 1.0, 2.0"):
        install("micropython-demo-x==3.0", opener)
