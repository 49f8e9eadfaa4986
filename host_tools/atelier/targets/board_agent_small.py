# The deploy agent for boards with a small heap (the micro:bit V1: ~9 KB free), pasted instead
# of board_agent.py where boards.toml's heap is small. The same calls, answers and guarantees
# (board_agent.py's docstring lists them), in as few bytes of code as the heap allows: on the
# V1 every name and every line of bytecode is taken from the program's heap, and a raw-REPL
# exec holds its pasted text and compiles it there. So: Adler-32 only (no hashlib there), no
# base64 (data comes as bytes literals, `_aw(b'...',0)`), no deflate, no `_ax` (one file per
# call), and the ask and probe parts are deleted before the write part comes (link.py:
# `Link.small`; the write part is self-contained, hence its second `import os`).
# Runs on MicroPython 1.9 (micro:bit V1 runtime 1.1.1): no f-strings, no json there (eval).
import os

_AT = ".at~"


def _afile(p):
    a, b, n = 1, 0, 0
    try:
        f = open(p, "rb")
    except OSError:
        return None
    while True:
        c = f.read(64)
        if not c:
            break
        n += len(c)
        for x in c:
            a = (a + x) % 65521
            b = (b + a) % 65521
    f.close()
    return (n, "%08x" % ((b << 16) | a))


def _amf(mpath):
    try:
        f = open(mpath)
        t = f.read()
        f.close()
        m = eval(t, {"true": True, "false": False, "null": None})
        mf = m.get("files", {}) or {}
        "".join(mf.values())
        return m, mf
    except OSError:
        return None, {}
    except Exception:
        return "broken", {}


def _abase(m):
    import sys

    import machine

    i = sys.implementation
    return {"platform": sys.platform, "runtime": i.name, "hash": "adler32",
            "version": "%d.%d.%d" % i.version[:3], "mpy": getattr(i, "_mpy", 0),
            "uid": "".join("%02x" % x for x in machine.unique_id()), "manifest": m}  # fmt: skip


def _aq(mpath, wd):
    m, mf = _amf(mpath)
    t = "".join(k + ":" + mf[k] + "\n" for k in sorted(mf))
    s = _aadl(bytes(t, "utf-8"))[:16] == wd and all((_afile(p) or (0, ""))[1] == mf[p] for p in mf)
    if type(m) is dict:
        m.pop("files", None)
    r = _abase(m)
    r["same"] = s
    r["full"] = False
    print(r)  # streamed: repr(r) would need one block of its whole length


def _aadl(d):
    a, b = 1, 0
    for x in d:
        a = (a + x) % 65521
        b = (b + a) % 65521
    return "%08x" % ((b << 16) | a)


# -- probe ------------------------------------------------------------------------------------
def _awalk(d, out):
    return out + os.listdir()


def _ai(want, mpath):
    m, mf = _amf(mpath)
    r = _abase(m)
    r["same"] = mf == want
    r["full"] = True
    r["free"] = -1
    u, t, f, o = 0, [], {}, {}
    for p in os.listdir():
        u += os.size(p) if hasattr(os, "size") else os.stat(p)[6]
        if p.endswith(_AT):
            t.append(p)
    for p in want:
        x = _afile(p)
        if x is None or x[1] != want[p]:
            f[p] = x
    for p in mf:
        if p not in want:
            o[p] = (mf[p], _afile(p))
    r["used"], r["tmp"], r["files"], r["old"] = u, t, f, o
    print(r)  # streamed: repr(r) would need one block of its whole length


# -- write (self-contained: the parts before it are deleted first, to make room) ------------
import os

_AT = ".at~"
_af = None


def _afile(p):
    a, b, n = 1, 0, 0
    try:
        f = open(p, "rb")
    except OSError:
        return None
    while True:
        c = f.read(64)
        if not c:
            break
        n += len(c)
        for x in c:
            a = (a + x) % 65521
            b = (b + a) % 65521
    f.close()
    return (n, "%08x" % ((b << 16) | a))


def _aadl(d):
    a, b = 1, 0
    for x in d:
        a = (a + x) % 65521
        b = (b + a) % 65521
    return "%08x" % ((b << 16) | a)


def _ao(p):
    global _af
    _af = open(p + _AT, "wb")


def _aw(d, z):
    _af.write(d)


def _ac(p, h):
    global _af
    _af.close()
    _af = None
    t = p + _AT
    if (_afile(t) or (0, ""))[1] != h:
        os.remove(t)
        raise OSError("atelier: %s arrived damaged" % p)
    f, g = open(t, "rb"), open(p, "wb")  # no rename: copy, then check the copy
    while True:
        c = f.read(64)
        if not c:
            break
        g.write(c)
    f.close()
    g.close()
    if (_afile(p) or (0, ""))[1] != h:
        raise OSError("atelier: %s arrived damaged" % p)
    os.remove(t)


def _ad(paths):
    for p in paths:
        try:
            os.remove(p)
        except OSError:
            pass


def _al(mpath, label):
    try:
        f = open(mpath)
        m = eval(f.read(), {"true": True, "false": False, "null": None})
        f.close()
    except Exception:
        m = {}
    if type(m) is not dict:
        m = {}
    m["label"] = label
    d = bytes(repr(m), "utf-8")
    _ao(mpath)
    _af.write(d)
    _ac(mpath, _aadl(d))
