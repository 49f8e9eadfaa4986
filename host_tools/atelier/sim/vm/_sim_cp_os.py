# `os` of a simulated CircuitPython board: the shared board `os` (_sim_os.py) as CircuitPython 9
# has it (shared-bindings/os: no ilistdir; getenv reads /settings.toml, utime).
from _sim_os import (  # noqa: F401
    chdir,
    getcwd,
    listdir,
    mkdir,
    remove,
    rename,
    rmdir,
    sep,
    stat,
    statvfs,
    sync,
    uname,
    unlink,
    urandom,
)

_ESC = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", '"': '"', "\\": "\\"}


def _value(text):
    text = text.strip()
    if text.startswith('"'):
        out, i = [], 1
        while i < len(text):
            c = text[i]
            if c == '"':
                rest = text[i + 1 :].strip()
                if rest and not rest.startswith("#"):
                    raise ValueError("Invalid byte " + rest[0])
                return "".join(out)
            if c == "\\":
                i += 1
                e = text[i : i + 1]
                if e == "u":
                    try:
                        out.append(chr(int(text[i + 1 : i + 5], 16)))
                    except ValueError:
                        raise ValueError("Invalid unicode escape") from None
                    i += 4
                elif e in _ESC:
                    out.append(_ESC[e])
                else:
                    raise ValueError("Invalid byte \\" + e)
            else:
                out.append(c)
            i += 1
        raise ValueError("Invalid byte \\n")
    number = text.split("#")[0].strip()
    try:
        return int(number)
    except ValueError:
        raise ValueError("Invalid byte " + (number[:1] or "\\n")) from None


def getenv(key, default=None):
    """The value of `key` in /settings.toml (a string or an integer), else `default`."""
    try:
        f = open("/settings.toml")
    except OSError:
        return default
    with f:
        for line in f:
            line = line.strip()
            if line.startswith("["):
                break  # only the keys before the first table
            name, eq, value = line.partition("=")
            if eq and name.strip() == key:
                return _value(value)
    return default


def utime(path, times):
    stat(path)  # OSError(2) for a file that is not there
