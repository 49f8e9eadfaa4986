# The deploy agent: MicroPython code that atelier pastes once per session into a board's raw
# REPL (comments and docstrings stripped). It runs on MicroPython 1.18 (micro:bit V2) and newer,
# so: no f-strings, no walrus, only modules every board has, with fallbacks for the rest
# (no hashlib -> Adler-32 in Python; no binascii -> base64 in Python; no rename -> copy).
#
# Three parts, pasted as needed (each needs the ones before it): "ask" answers the short
# question of a re-deploy, "probe" the full one, "write" writes.
#
# Calls the host makes, each in one raw-REPL exec that prints one Python literal:
#   _aq(mpath, wd)     board facts, the manifest without its file list, and whether its files
#                      have digest `wd` and are all intact ("same"): the short question
#   _ai(want, mpath)   board facts, the deploy manifest (with its file list), (size,
#                      hash) of each file of `want` {path: hash} that differs, and (manifest
#                      hash, (size, hash) now) of each file the manifest lists that `want` does
#                      not
#   _ao(path)          open path's temporary file for writing (creating folders)
#   _aw(b64, z)        append a piece: base64 of raw bytes, or if z of a raw-deflate stream
#                      with a 2**z byte window
#   _ac(path, h)       close, check the temporary file's hash is h, then rename it over path
#   _ax(b64, z, files) several small files in one piece: [[path, size, hash], ...]
#   _ad(paths)         delete files (and folders left empty)
#   _al(mpath, label)  set the label in the manifest
import os

try:
    import hashlib
except ImportError:
    hashlib = None
_AT = ".at~"  # suffix of temporary files


def _ahex(d):
    return "".join("%02x" % x for x in d)


def _asum(chunks):
    if hashlib:
        h = hashlib.sha256()
    else:
        a, b = 1, 0
    for c in chunks:
        if hashlib:
            h.update(c)
        else:
            for x in c:
                a = (a + x) % 65521
                b = (b + a) % 65521
    if hashlib:
        return _ahex(h.digest())
    return "%08x" % ((b << 16) | a)


def _achunks(p):
    with open(p, "rb") as f:
        while True:
            c = f.read(512)
            if not c:
                break
            yield c


def _ahash(p):
    return _asum(_achunks(p))


def _adig(d):
    return _asum([("".join(k + ":" + d[k] + "\n" for k in sorted(d))).encode()])[:16]


def _asize(p):
    try:
        return os.stat(p)[6]
    except AttributeError:
        return os.size(p)


def _aexists(p):
    try:
        _asize(p)
        return True
    except OSError:
        return False


def _aread(p):
    with open(p) as f:
        t = f.read()
    try:
        import json

        return json.loads(t)
    except ImportError:
        return eval(t)


def _afile(p):
    try:
        return (_asize(p), _ahash(p)[:16])
    except OSError:
        return None


def _abase():
    import sys

    impl = getattr(sys, "implementation", None)
    info = {"platform": sys.platform, "runtime": getattr(impl, "name", "micropython")}
    info["version"] = ".".join(str(x) for x in getattr(impl, "version", (0, 0, 0))[:3])
    info["mpy"] = getattr(impl, "_mpy", 0)
    info["hash"] = "sha256" if hashlib else "adler32"
    try:  # tells a Pico W from a Pico (both rp2)
        import os

        info["machine"] = os.uname().machine
    except (ImportError, AttributeError):
        info["machine"] = ""
    try:
        import machine

        info["uid"] = _ahex(machine.unique_id())
    except (ImportError, AttributeError):
        try:  # CircuitPython: no machine module
            import microcontroller

            info["uid"] = _ahex(microcontroller.cpu.uid)
        except (ImportError, AttributeError):
            info["uid"] = ""
    return info


def _amf(mpath):
    m = _aread(mpath)
    mf = m.get("files", {}) or {}
    "".join(mf.values())  # {path: hash} or TypeError: a damaged one counts as none
    return m, mf


def _aq(mpath, wd):
    info = _abase()
    m = None
    info["same"] = False
    if _aexists(mpath):
        try:
            m, mf = _amf(mpath)
            info["same"] = _adig(mf) == wd and all((_afile(p) or (0, ""))[1] == mf[p] for p in mf)
            m.pop("files", None)
        except Exception:
            m = "broken"
    info["manifest"] = m
    info["full"] = False
    print(repr(info))


# -- probe (pasted when the short question is not enough) -------------------------------------
try:
    import io

    import deflate
except ImportError:
    deflate = None


def _awalk(d, out):
    if not hasattr(os, "ilistdir"):
        if not hasattr(os, "stat"):  # the micro:bit V1: one flat folder
            return out + os.listdir()
        # CircuitPython: no ilistdir, folders told by stat
        for n in os.listdir(d) if d else os.listdir():
            p = d + "/" + n if d else n
            if os.stat(p)[0] & 0x4000:
                _awalk(p, out)
            else:
                out.append(p)
        return out
    for e in list(os.ilistdir(d) if d else os.ilistdir()):
        p = d + "/" + e[0] if d else e[0]
        if e[1] & 0x4000:
            _awalk(p, out)
        else:
            out.append(p)
    return out


def _ai(want, mpath):
    info = _abase()
    info["tmp"] = []
    info["used"] = 0
    info["same"] = False
    info["deflate"] = bool(deflate)
    info["rename"] = hasattr(os, "rename")
    try:
        s = os.statvfs("/")
        info["free"] = s[0] * s[3]
        info["block"] = s[0]
    except (AttributeError, OSError):
        info["free"] = -1
        info["block"] = 0
    m = None
    mf = {}
    if _aexists(mpath):
        try:
            m, mf = _amf(mpath)
            info["same"] = mf == want
        except Exception:
            m = "broken"
            mf = {}
    info["manifest"] = m
    info["full"] = True
    for p in _awalk("", []):
        try:
            info["used"] += _asize(p)
        except OSError:
            pass
        if p.endswith(_AT):
            info["tmp"].append(p)
    files = {}
    for p in want:
        f = _afile(p)
        if f is None or f[1] != want[p]:
            files[p] = f
    old = {}
    for p in mf:
        if p not in want:
            old[p] = (mf[p], _afile(p))
    info["files"] = files
    info["old"] = old
    print(repr(info))


# -- write (pasted only when something is to be written) --------------------------------------
try:
    import binascii
except ImportError:
    binascii = None
_af = None  # the temporary file being written


def _amkdirs(p):
    parts = p.split("/")[:-1]
    d = ""
    for x in parts:
        d = d + "/" + x if d else x
        try:
            os.mkdir(d)
        except OSError:
            pass


def _ao(p):
    global _af
    if "/" in p:
        _amkdirs(p)
    _af = open(p + _AT, "wb")


def _ab64(s):
    if binascii:
        return binascii.a2b_base64(s)
    t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    out = bytearray()
    n = 0
    bits = 0
    for ch in s:
        if ch == "=":
            break
        n = (n << 6) | t.index(ch)
        bits += 6
        if bits >= 8:
            bits -= 8
            out.append((n >> bits) & 0xFF)
            n &= (1 << bits) - 1
    return out


def _aw(s, z):
    d = _ab64(s)
    if z:
        d = deflate.DeflateIO(io.BytesIO(d), deflate.RAW, z).read()
    _af.write(d)


def _ax(s, z, files):
    d = _ab64(s)
    if z:
        d = deflate.DeflateIO(io.BytesIO(d), deflate.RAW, z).read()
    try:
        d = memoryview(d)
    except NameError:  # a port built without memoryview: slices copy, still right
        pass
    i = 0
    for p, n, h in files:
        _ao(p)
        _af.write(d[i : i + n])
        i += n
        _ac(p, h)


def _ac(p, h):
    global _af
    _af.close()
    _af = None
    t = p + _AT
    if _ahash(t) != h:
        os.remove(t)
        raise OSError("atelier: %s arrived damaged" % p)
    if hasattr(os, "rename"):
        try:
            os.rename(t, p)
        except OSError:  # some filesystems do not rename over an existing file
            os.remove(p)
            os.rename(t, p)
    else:  # the micro:bit: copy, then check the copy
        with open(t, "rb") as f:
            d = f.read()
        with open(p, "wb") as f:
            f.write(d)
        d = None
        if _ahash(p) != h:
            raise OSError("atelier: %s arrived damaged" % p)
        os.remove(t)


def _aput(p, d):
    _ao(p)
    _af.write(d)
    t = p + _AT
    _ac(p, _ahash(t))


def _al(mpath, label):
    m = {}
    if _aexists(mpath):
        try:
            m = _aread(mpath)
        except Exception:
            m = {}
    m["label"] = label
    try:
        import json

        d = json.dumps(m)
    except ImportError:
        d = repr(m)
    _aput(mpath, d)


def _ad(paths):
    for p in paths:
        try:
            os.remove(p)
        except OSError:
            pass
        d = p[: p.rfind("/")] if "/" in p else ""
        while d:
            try:
                os.rmdir(d)
            except OSError:
                break
            d = d[: d.rfind("/")] if "/" in d else ""
