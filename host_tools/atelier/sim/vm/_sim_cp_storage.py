# `storage` of a simulated CircuitPython board (shared-bindings/storage, shared-module/storage,
# supervisor/shared/filesystem.c, CircuitPython 9.2). CIRCUITPY is read-only to Python while
# the computer may write it over USB: at each hard reset the board sets it so, and only
# boot.py (run before USB starts) can change that, with remount() or disable_usb_drive().
# The computer always has the drive here (the simulated board sits on a USB port).
import _simhost
import _simproto as _P

_s = _simhost.storage or {"boot": False, "usb_writable": True, "concurrent": True, "usb": True}
_Base = OSError
# py/moderrno.c's texts: the board prints "OSError: [Errno 30] Read-only filesystem"
_TEXT = {22: "Invalid argument", 30: "Read-only filesystem"}


class OSError(_Base):  # noqa: A001 - printed as the board's OSError, caught as one
    def __str__(self):
        return "[Errno %d] %s" % (self.args[0], _TEXT[self.args[0]])


def erofs():
    raise OSError(30)


def _set():
    _simhost.read_only = _s["concurrent"] and _s["usb_writable"]
    _simhost.send(_P.STORAGE, "%d %d %d" % (_s["usb_writable"], _s["concurrent"], _s["usb"]))


def remount(mount_path, readonly=False, *, disable_concurrent_write_protection=False):
    if mount_path != "/":
        raise OSError(22)
    if not _s["boot"] and _s["usb"]:
        raise RuntimeError("Cannot remount '/' when visible via USB.")
    _s["usb_writable"] = bool(readonly)
    _s["concurrent"] = not disable_concurrent_write_protection
    _set()


def _usb_drive(on):
    if not _s["boot"]:  # USB is up once code.py runs: its devices are fixed
        raise RuntimeError("Cannot change USB devices now")
    _s["usb_writable"] = on
    _s["usb"] = on
    _set()


def disable_usb_drive():
    _usb_drive(False)


def enable_usb_drive():
    _usb_drive(True)


class VfsFat:
    def __init__(self, block_device):
        raise NotImplementedError("VfsFat(block_device) is not simulated")

    @property
    def readonly(self):
        return bool(_simhost.read_only)

    @property
    def label(self):
        return _s.get("label", "CIRCUITPY")

    @label.setter
    def label(self, value):
        _simhost.refuse_write()
        _s["label"] = value


class _Circuitpy(VfsFat):
    def __init__(self):
        pass


_root = _Circuitpy()


def getmount(mount_path):
    if mount_path != "/":
        raise OSError(22)
    return _root


def mount(filesystem, mount_path, *, readonly=False):
    _simhost.call(_P.NOT_SIMULATED, "storage.mount")


def umount(mount):
    _simhost.call(_P.NOT_SIMULATED, "storage.umount")


def erase_filesystem(extended=None):
    _simhost.call(_P.NOT_SIMULATED, "storage.erase_filesystem")
