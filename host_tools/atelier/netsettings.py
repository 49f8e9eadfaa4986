"""The network settings of `kit.net`: the Wi-Fi network a school's boards join and the MQTT
broker they publish to. Secrets: they live in one file of the user's configuration folder,
never in a lesson, the site, the logs or the inventory.

    net.toml (ATELIER_NET names another file):
        ssid = "college-snt"
        password = "..."
        broker = "192.168.1.10"     # the classroom hub (atelier hub) or the school's Mosquitto
        port = 1883                 # optional
        label = "poste-12"          # optional: else each board's label in the class

`atelier bundle` and everything that lists or saves a bundle never see them: only the moment a
bundle goes onto a board (the simulator's start) adds `kitnet.py` with them (`with_net_settings`),
beside kitconfig.py, and only when the program uses `kit.net`.
"""

from __future__ import annotations

import ast
import os
import socket
import sys
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from atelier.errors import UserError
from atelier.i18n import _

NET_FILE = "net.toml"
NET_MODULE = "kitnet"  # the board's module of the settings (kit/net.py imports it)
UMQTT = "micropython-umqtt.simple"  # the MQTT client kit.net uses (micropython-lib, on PyPI)


@dataclass(frozen=True)
class NetSettings:
    ssid: str
    password: str
    broker: str
    port: int = 1883
    label: str = ""


def config_dir() -> Path:
    """The user's configuration folder for atelier, as each system places it."""
    home = Path.home()
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA") or home / "AppData" / "Roaming") / "atelier"
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / "atelier"
    return Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config") / "atelier"


NET_VAR = "ATELIER_NET"  # another net.toml (a test's own)
CHECK_VAR = "ATELIER_NET_CHECK"  # "1": a check or a test runs (see checking())
PORT_VAR = "ATELIER_SIM_BROKER_PORT"  # the port of SIMULATED's broker (default 1883), for tests


def settings_file() -> Path:
    env = os.environ.get(NET_VAR)
    return Path(env) if env else config_dir() / NET_FILE


def checking() -> bool:
    """Whether a lesson's check or test runs here: `atelier check`, `atelier test` and the
    author check set CHECK_VAR (check_env, checking_here), and pytest sets PYTEST_CURRENT_TEST
    while a test runs. A check then never uses this computer's net.toml, nor a broker it did
    not start: only a net.toml the test names itself (ATELIER_NET), else a board whose broker
    answers nowhere (so a teacher's `atelier hub` never sees a stray board, and the result
    does not depend on a broker that happens to listen on 1883)."""
    return os.environ.get(CHECK_VAR) == "1" or "PYTEST_CURRENT_TEST" in os.environ


def check_env(env: dict[str, str]) -> dict[str, str]:
    """The environment of a check's child process (pytest): checking, and no ATELIER_NET of
    the user's shell (a test that wants a broker starts it and names it itself)."""
    env = {k: v for k, v in env.items() if k != NET_VAR}
    env[CHECK_VAR] = "1"
    return env


@contextmanager
def checking_here() -> Iterator[None]:
    """checking() within this process (the author check runs each step here)."""
    saved = {k: os.environ.get(k) for k in (NET_VAR, CHECK_VAR)}
    os.environ.pop(NET_VAR, None)
    os.environ[CHECK_VAR] = "1"
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def load_net_settings() -> NetSettings | None:
    """The settings, or None when there is no file; a broken file is one clear line. Under a
    check, only a file the test named (ATELIER_NET) counts."""
    if checking() and not os.environ.get(NET_VAR):
        return None
    path = settings_file()
    if not path.is_file():
        return None
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise UserError(_("{file}: not valid TOML ({error})").format(file=path, error=e)) from None
    missing = [k for k in ("ssid", "password", "broker") if not isinstance(data.get(k), str)]
    if missing:
        raise UserError(
            _("{file}: missing {keys} (text); see docs/connected.md").format(
                file=path, keys=", ".join(missing)
            )
        )
    port = data.get("port", 1883)
    if not isinstance(port, int) or not 0 < port < 65536:
        raise UserError(_("{file}: port must be a number from 1 to 65535").format(file=path))
    return NetSettings(data["ssid"], data["password"], data["broker"], port,
                       str(data.get("label", "")))  # fmt: skip


def write_net_settings(
    ssid: str, password: str, broker: str, port: int, label: str
) -> tuple[Path, Path | None]:
    """Write net.toml (`atelier net set`), readable by its owner only: the file written, and
    where the one it replaced is kept (net.toml.bak: a teacher may have written comments)."""
    import json
    import shutil

    def text(value: str) -> str:  # a TOML basic string (JSON's escapes are TOML's)
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")

    lines = [f"ssid = {text(ssid)}", f"password = {text(password)}",
             f"broker = {text(broker)}", f"port = {port}"]  # fmt: skip
    if label:
        lines.append(f"label = {text(label)}")
    path = settings_file()
    kept = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_file():
            kept = path.with_name(path.name + ".bak")
            shutil.copyfile(path, kept)
            os.chmod(kept, 0o600)  # it holds a password too
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        os.chmod(path, 0o600)  # a file that was there before, too
    except OSError as e:
        raise UserError(_("{file}: cannot write it ({error})").format(
            file=path, error=e.strerror or e)) from None  # fmt: skip
    return path, kept


def topic_label(label: str) -> str:
    """A board's label as the topics write it (kit/net.py does the same on the board):
    "Poste 12" -> "poste-12"."""
    ok = "abcdefghijklmnopqrstuvwxyz0123456789_-"
    out = "".join(c if c in ok else "-" for c in label.strip().lower())
    return out.strip("-") or "carte"


def kitnet_source(settings: NetSettings | None) -> str:
    """The board's `kitnet.py`: the settings, or NONE = True when the computer has none. Its
    LABEL is net.toml's if it gives one (one board at home), else empty: the board then takes
    its label in the class (kept on it by atelier deploy / label), else one from its MAC."""
    if settings is None:
        return f"NONE = True\nFILE = {str(settings_file())!r}\n"
    s = replace(settings, label=topic_label(settings.label) if settings.label else "")
    return (
        f"SSID = {s.ssid!r}\nPASSWORD = {s.password!r}\nBROKER = {s.broker!r}\n"
        f"PORT = {s.port!r}\nLABEL = {s.label!r}\n"
    )


# What a simulated board uses when the computer has no net.toml: a simulated open network and
# a broker on this computer (`atelier hub`, or a Mosquitto; port: PORT_VAR, else 1883), so a
# simulated board needs nothing set up; a real board needs net.toml (deploy says so). Two
# exceptions: `atelier run` starts a broker of its own (own_broker), and a check gets a broker
# that answers nowhere (checking()).
SIMULATED = NetSettings("atelier-sim", "", "127.0.0.1", 1883)

_own: NetSettings | None = None  # the broker `atelier run` started for its board
_nowhere: socket.socket | None = None  # a port held, never listening: a connection is refused


@contextmanager
def own_broker(host: str, port: int) -> Iterator[None]:
    """Simulated boards started meanwhile, without net.toml, use this broker (atelier run's)."""
    global _own
    _own = replace(SIMULATED, broker=host, port=port)
    try:
        yield
    finally:
        _own = None


def _nowhere_port() -> int:
    """A loopback port this process holds without listening (a board's connection to it is
    refused at once, the same every time), for as long as the process lives."""
    global _nowhere
    if _nowhere is None:
        _nowhere = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if sys.platform == "win32":  # else another program's SO_REUSEADDR could take it
            _nowhere.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)
        _nowhere.bind(("127.0.0.1", 0))
    return _nowhere.getsockname()[1]


def simulated_settings() -> NetSettings:
    """SIMULATED as a board gets it now (see above)."""
    if _own is not None:  # a broker the run started itself (also under a test)
        return _own
    if checking():
        return replace(SIMULATED, port=_nowhere_port())
    port = os.environ.get(PORT_VAR, "")
    return replace(SIMULATED, port=int(port)) if port.isdigit() else SIMULATED


def board_settings(simulated: bool = False) -> NetSettings | None:
    """The settings a board gets: net.toml's, else (a simulated board) simulated_settings()."""
    settings = load_net_settings()
    return simulated_settings() if settings is None and simulated else settings


# kit.net's calls that need no MQTT client: a program that only joins the Wi-Fi (a board
# serving its own web page) carries no umqtt, so it needs nothing installed
WIFI_ONLY = {"wifi", "WIFI_MS"}


def net_uses_mqtt(sources: list[str]) -> bool:
    """Whether a program using kit.net needs its MQTT client: True unless every use of `net`
    we can follow is `net.wifi(...)` (any use we cannot follow counts as MQTT)."""
    for src in sources:
        tree = ast.parse(src)
        names = set()  # what `net` is called in this file
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "kit.net":
                if any(a.name not in WIFI_ONLY for a in node.names):
                    return True
            elif isinstance(node, ast.ImportFrom) and node.module == "kit":
                names |= {a.asname or a.name for a in node.names if a.name == "net"}
            elif isinstance(node, ast.Import):
                for a in node.names:
                    if a.name == "kit.net" and a.asname:
                        names.add(a.asname)
        uses = followed = 0
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and node.id in names:
                uses += 1
            elif isinstance(node, ast.Attribute) and node.attr == "net" and _is_kit(node.value):
                uses += 1  # kit.net
            if isinstance(node, ast.Attribute) and node.attr in WIFI_ONLY:
                v = node.value
                if (isinstance(v, ast.Name) and v.id in names) or (
                    isinstance(v, ast.Attribute) and v.attr == "net" and _is_kit(v.value)
                ):
                    followed += 1
        if uses != followed:
            return True
    return False


def _is_kit(node) -> bool:
    return isinstance(node, ast.Name) and node.id == "kit"


def uses_net(bundle) -> bool:
    return any(name.endswith(("kit/net.py", "kit/net.mpy")) for name in bundle.files)


def with_net_settings(bundle, simulated: bool = False):
    """The bundle as it goes onto a board: with `kitnet.py` when its program uses kit.net."""
    if not uses_net(bundle):
        return bundle
    lib = bundle.board.filesystem.lib_dir.strip("/")
    dest = f"{lib}/{NET_MODULE}.py" if lib else f"{NET_MODULE}.py"
    files = dict(bundle.files)
    files[dest] = kitnet_source(board_settings(simulated)).encode()
    return replace(bundle, files=files)
