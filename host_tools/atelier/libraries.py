"""Board libraries: the pip packages whose modules go onto a board, found where they are installed.

    from atelier.libraries import board_libraries

    files = board_libraries(["adafruit-circuitpython-neopixel"], board, where="lesson.toml")
    files["neopixel.py"]      # Placed(path=.../site-packages/neopixel.py, package="adafruit-...")

Two kinds of package hold board libraries, and nothing third-party is kept in our repository:
- Distributions pip installed (Adafruit's CircuitPython libraries): their board-side modules are
  the top-level `.py` files and package folders their RECORD lists. A package is a board library
  when its name or keywords say CircuitPython or MicroPython and it installs pure Python only.
- micropython-lib's packages on PyPI (`micropython-umqtt.simple`): upip archives, the module tree
  at the top of the sdist, dependencies in `*.egg-info/requires.txt`, no setup.py, so pip cannot
  install them. `atelier libraries install NAME` (or a downloaded `.tar.gz`) unpacks their
  modules into atelier's data folder (`ATELIER_LIBRARIES` moves it), where the bundle finds them.
Dependencies follow the package's metadata (Requires-Dist, requires.txt), skipping what only
runs on a computer (Blinka, typing stubs) and what the board has built in (boards.toml
`modules.available`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from atelier.errors import UserError
from atelier.i18n import _

# Requirements of board libraries that only serve CPython (running the library on a computer,
# or type checking); no board imports them.
CPYTHON_ONLY = {"adafruit-blinka", "adafruit-circuitpython-typing", "typing-extensions",
                "adafruit-platformdetect", "adafruit-pureio", "pyserial", "pyftdi", "pyusb",
                "sysv-ipc", "rpi-gpio", "binho-host-adapter"}  # fmt: skip
CPYTHON_ONLY_PREFIXES = ("types-", "adafruit-blinka-")

# What a package's name says about the runtime its modules need.
RUNTIME_PREFIXES = {"adafruit-circuitpython-": "circuitpython", "circuitpython-": "circuitpython",
                    "micropython-": "micropython"}  # fmt: skip

_META = "atelier-library.json"  # what `install` writes beside a micropython-lib package's files
_PYPI = "https://pypi.org/pypi"


@dataclass(frozen=True)
class Library:
    """One installed package of board modules."""

    package: str  # its name as its metadata spells it
    version: str
    runtime: str | None  # "micropython", "circuitpython", or None when its name does not say
    files: dict[str, Path]  # path under the board's lib folder -> source file
    requires: tuple[str, ...]  # the packages it needs (names, as its metadata lists them)

    @property
    def modules(self) -> set[str]:
        """The top-level names a program imports."""
        return {rel.split("/")[0].removesuffix(".py") for rel in self.files}


@dataclass(frozen=True)
class Placed:
    """A board file of a library: where it comes from, and which package brought it."""

    path: Path
    package: str


def normalize(name: str) -> str:
    """A package name as PyPI compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def cpython_only(name: str) -> bool:
    n = normalize(name)
    return n in CPYTHON_ONLY or n.startswith(CPYTHON_ONLY_PREFIXES)


def libraries_dir() -> Path:
    """Where `atelier libraries install` puts micropython-lib packages."""
    import os

    from atelier.paths import user_dir

    env = os.environ.get("ATELIER_LIBRARIES")
    return Path(env) if env else user_dir("data") / "libraries"


def install_hint(package: str) -> str:
    """The command that installs `package` where the bundle looks for it."""
    if normalize(package).startswith("micropython-"):
        return f"atelier libraries install {package}"
    return f"pip install {package}"


def _runtime_of(name: str) -> str | None:
    n = normalize(name)
    return next((rt for p, rt in RUNTIME_PREFIXES.items() if n.startswith(p)), None)


def _requirement_names(lines) -> tuple[str, ...]:
    """Package names of requirement lines, leaving out those only an extra asks for."""
    out = []
    for line in lines or ():
        line = line.strip()
        if not line or line.startswith(("#", "[")):
            continue
        spec, _sep, marker = line.partition(";")
        if "extra" in marker:
            continue
        m = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", spec.strip())
        if m:
            out.append(m.group(0))
    return tuple(out)


class LibraryMissing(UserError):
    """A board library a bundle needs is not installed on this computer (one line: how to;
    `command` installs it)."""

    command = ""


class NotABoardLibrary(UserError):
    """A package whose modules no board can import (it serves the computer)."""


def _not_a_board_library(package: str) -> UserError:
    return NotABoardLibrary(
        _(
            "{package} is not a library for boards: it has no module a board can import (it "
            "runs on the computer); take it out of lesson.toml's libraries"
        ).format(package=package)
    )


def _from_micropython_lib(package: str) -> Library | None:
    folder = libraries_dir() / normalize(package)
    meta = folder / _META
    if not meta.is_file():
        return None
    info = json.loads(meta.read_text(encoding="utf-8"))
    root = folder / "files"
    files = {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*.py"))}
    return Library(info["name"], info["version"], "micropython", files,
                   tuple(info.get("requires", ())))  # fmt: skip


def _from_pip(package: str) -> Library | None:
    from importlib import metadata

    try:
        dist = metadata.distribution(package)
    except metadata.PackageNotFoundError:
        return None
    name = dist.metadata["Name"] or package
    if cpython_only(name):
        raise _not_a_board_library(name)
    words = " ".join(
        [name, dist.metadata.get("Keywords") or "", *(dist.metadata.get_all("Classifier") or [])]
    ).lower()
    files: dict[str, Path] = {}
    compiled = False
    for f in dist.files or ():
        rel = f.as_posix() if hasattr(f, "as_posix") else str(f)
        parts = rel.split("/")
        if parts[0] == ".." or parts[0].endswith((".dist-info", ".egg-info", ".data")):
            continue
        if "__pycache__" in parts:
            continue
        if rel.endswith((".so", ".pyd")):
            compiled = True
        if rel.endswith(".py"):
            files[rel] = Path(dist.locate_file(f))
    board_words = "circuitpython" in words or "micropython" in words
    if not files or compiled or not board_words:
        raise _not_a_board_library(name)
    return Library(name, dist.version, _runtime_of(name), files,
                   _requirement_names(dist.requires))  # fmt: skip


def find_library(package: str) -> Library:
    """The installed package `package`; a one-line error saying how to install it if it isn't
    there, or that it is no board library."""
    lib = _from_micropython_lib(package) or _from_pip(package)
    if lib is None:
        error = LibraryMissing(
            _(
                "the board library {package} is not installed on this computer; install it "
                "with: {command}"
            ).format(package=package, command=install_hint(package))
        )
        error.command = install_hint(package)
        raise error
    return lib


def board_libraries(packages, board, where: str | Path = "") -> dict[str, Placed]:
    """Files of `packages` and of the packages they need, for `board`: path under its lib
    folder -> Placed. Dependencies that only serve CPython, or whose modules the board has
    built in, are left out; `where` (lesson.toml) goes before errors about a package."""
    from atelier.backends import runs_circuitpython

    builtin = set(board.modules.available)
    runtime = "circuitpython" if runs_circuitpython(board) else "micropython"
    prefix = f"{where}: " if where else ""
    out: dict[str, Placed] = {}
    seen: set[str] = set()
    todo = [(p, True) for p in reversed(list(packages))]
    frozen = frozen_packages(board)
    while todo:
        package, declared = todo.pop()
        key = normalize(package)
        if key in seen:
            continue
        seen.add(key)
        if key in frozen:
            continue  # in the board's firmware, ahead of /lib: a copy would never be imported
        if cpython_only(package):
            if declared:
                raise UserError(prefix + str(_not_a_board_library(package)))
            continue
        try:
            lib = find_library(package)
        except NotABoardLibrary as e:
            if not declared:
                continue  # a requirement for the computer's side of the package
            raise UserError(prefix + str(e)) from None
        except LibraryMissing as e:
            error = LibraryMissing(prefix + str(e))
            error.command = e.command
            raise error from None
        except UserError as e:
            raise UserError(prefix + str(e)) from None
        if lib.runtime and lib.runtime != runtime:
            raise UserError(
                prefix
                + _(
                    "{package} is a library for {runtime} boards; {board} runs {other}: list "
                    "it for the boards that run {runtime} only"
                ).format(
                    package=lib.package,
                    runtime=_runtime_name(lib.runtime),
                    board=board.id,
                    other=_runtime_name(runtime),
                )
            )
        if lib.modules <= builtin:
            continue  # the board's runtime has it (adafruit_pixelbuf on CircuitPython)
        for rel, path in lib.files.items():
            if board.filesystem.flat and "/" in rel:
                raise UserError(
                    prefix
                    + _(
                        "{package} has folders ({file}) and {board} has none: it cannot go on "
                        "this board"
                    ).format(package=lib.package, file=rel, board=board.id)
                )
            out.setdefault(rel, Placed(path, lib.package))
        todo += [(r, False) for r in reversed(lib.requires)]
    return out


def _runtime_name(runtime: str) -> str:
    return {"circuitpython": "CircuitPython", "micropython": "MicroPython"}[runtime]


# -- installing micropython-lib packages ---------------------------------------------------------
def install(spec: str, opener=None) -> list[Library]:
    """Install a micropython-lib package (NAME, NAME==VERSION, or a path to its .tar.gz) and,
    from PyPI, the packages it needs; the libraries installed, first the one asked for."""
    done: list[Library] = []
    todo = [spec]
    seen: set[str] = set()
    while todo:
        item = todo.pop(0)
        p = Path(item)
        if item.endswith((".tar.gz", ".tgz")) or p.is_file():
            if not p.is_file():
                raise UserError(_("{file}: no such file").format(file=p))
            lib = _unpack(p.read_bytes(), str(p))
        else:
            name, _sep, version = item.partition("==")
            if normalize(name) in seen:
                continue
            lib = _unpack(_download(name.strip(), version.strip(), opener), name)
        seen.add(normalize(lib.package))
        done.append(lib)
        for req in lib.requires:
            if normalize(req) not in seen and not cpython_only(req):
                if _from_micropython_lib(req) is None and not _pip_has(req):
                    todo.append(req)
    return done


def _pip_has(name: str) -> bool:
    from importlib import metadata

    try:
        metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return False
    return True


def _download(name: str, version: str, opener=None) -> bytes:
    """The sdist of `name` (its latest version, or `version`) from PyPI's JSON API."""
    import urllib.error
    import urllib.request

    opener = opener or urllib.request.urlopen
    try:
        with opener(f"{_PYPI}/{name}/json") as r:
            info = json.loads(r.read())
        if version and version not in info.get("releases", {}):
            known = ", ".join(info.get("releases", {}))
            raise UserError(
                _("{package}: PyPI has no version {version}; it has: {known}").format(
                    package=name, version=version, known=known
                )
            )
        files = info["releases"][version] if version else info.get("urls", ())
        sdists = [u for u in files if u.get("packagetype") == "sdist"]
        if not sdists:
            raise UserError(
                _(
                    "{package}: PyPI has no source archive of it; is it a micropython-lib package?"
                ).format(package=name)  # fmt: skip
            )
        with opener(sdists[0]["url"]) as r:
            return r.read()
    except urllib.error.HTTPError as e:
        if e.code == 404:
            raise UserError(_("{package}: no such package on PyPI").format(package=name)) from None
        message = _("{package}: PyPI answered {error}").format(package=name, error=e)
        raise UserError(message) from None
    except (urllib.error.URLError, OSError) as e:
        raise UserError(
            _(
                "{package}: cannot reach PyPI ({error}); on a computer without internet, "
                "download the package's .tar.gz elsewhere and run: atelier libraries install "
                "FILE.tar.gz"
            ).format(package=name, error=getattr(e, "reason", e))
        ) from None


def _unpack(data: bytes, source: str) -> Library:
    """Keep the modules of a micropython-lib sdist (upip layout) in the libraries folder."""
    import io
    import shutil
    import tarfile

    try:
        tar = tarfile.open(fileobj=io.BytesIO(data), mode="r:*")
        members = [m for m in tar.getmembers() if m.isfile()]
    except (tarfile.TarError, OSError, EOFError):
        raise UserError(
            _("{source}: not a package archive (.tar.gz)").format(source=source)
        ) from None
    meta: dict[str, str] = {}
    requires: tuple[str, ...] = ()
    modules: dict[str, bytes] = {}
    for m in members:
        parts = m.name.split("/")[1:]  # below NAME-VERSION/
        if not parts or ".." in parts:
            continue
        rel = "/".join(parts)
        body = tar.extractfile(m).read()
        if parts[0].endswith(".egg-info") or rel == "PKG-INFO":
            if parts[-1] == "PKG-INFO":
                for line in body.decode("utf-8", "replace").splitlines():
                    key, sep, value = line.partition(": ")
                    if sep and key in ("Name", "Version") and key not in meta:
                        meta[key] = value.strip()
            elif parts[-1] == "requires.txt":
                requires = _requirement_names(body.decode("utf-8", "replace").splitlines())
            continue
        if rel.endswith(".py") and rel not in ("setup.py", "sdist_upip.py"):
            modules[rel] = body
    name = meta.get("Name")
    if not name or not modules:
        raise UserError(
            _(
                "{source}: not a micropython-lib package (no module tree and PKG-INFO at the "
                "top); a pip package installs with: pip install NAME"
            ).format(source=source)
        )
    folder = libraries_dir() / normalize(name)
    shutil.rmtree(folder, ignore_errors=True)
    for rel, body in modules.items():
        dest = folder / "files" / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(body)
    info = {"name": name, "version": meta.get("Version", "?"), "requires": list(requires)}
    (folder / _META).write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
    return _from_micropython_lib(name)


# -- the simulator's built-in modules that are Python packages too --------------------------------
_standins: dict[tuple, Path] = {}


def _copied_folder(cache: dict, key: tuple, kind: str, files) -> Path:
    """A folder of this process (removed at its exit), made once per `key`, holding what
    `files()` gives: (name in the folder, source file) pairs."""
    import atexit
    import os
    import shutil
    import tempfile

    folder = cache.get(key)
    if folder is not None and folder.is_dir():
        return folder
    folder = Path(tempfile.mkdtemp(prefix=f"atelier-sim-{os.getpid()}-{kind}-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    for rel, path in files():
        dest = folder / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(path.read_bytes())
    cache[key] = folder
    return folder


def builtin_standins(modules: dict[str, str], board) -> Path:
    """A folder (one per process) holding, for each module of `modules` (module -> pip package)
    that the board has built in, the package's Python copy: the simulator imports it there."""

    def files():
        for module, package in modules.items():
            lib = _from_pip(package) if module in board.modules.available else None
            if lib is None:
                continue  # not installed: the import fails in the simulator, not every run
            yield from ((rel, path) for rel, path in lib.files.items()
                        if rel.split("/")[0].removesuffix(".py") == module)  # fmt: skip

    return _copied_folder(_standins, (board.id, *sorted(modules.items())), "builtins", files)


# -- the micropython-lib modules a board's firmware freezes ---------------------------------------
def frozen_packages(board) -> set[str]:
    """The packages (normalized names) whose modules `board`'s firmware freezes."""
    return {normalize(p) for p in board.modules.frozen.values()}


_frozen: dict[tuple, Path] = {}


def frozen_modules(board) -> tuple[Path | None, dict[str, str]]:
    """A folder (one per process and set of installed versions) holding the modules `board`
    freezes, from the packages installed on this computer, for the simulator's `.frozen`; and
    the frozen modules whose package is not installed (module -> package)."""
    found, missing = {}, {}
    for module, package in board.modules.frozen.items():
        lib = _from_micropython_lib(package)
        if lib is None:
            missing[module] = package
        else:
            found[normalize(package)] = lib
    if not found:
        return None, missing
    # one folder merges the packages (umqtt.simple and umqtt.robust share umqtt/)
    key = (board.id, str(libraries_dir()), *sorted((k, lib.version) for k, lib in found.items()))
    files = (item for lib in found.values() for item in lib.files.items())
    return _copied_folder(_frozen, key, "frozen", lambda: files), missing


def frozen_missing(module: str, package: str, board) -> LibraryMissing:
    """A frozen module of `board` that the simulator cannot take: its package is not installed."""
    error = LibraryMissing(
        _(
            "{module} is in the firmware of {board}; to simulate it, install its package on "
            "this computer with: {command}"
        ).format(module=module, board=board.id, command=install_hint(package))
    )
    error.command = install_hint(package)
    return error
