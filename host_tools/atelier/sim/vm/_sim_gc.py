# The board's `gc` (MicroPython code, runs in the VM): the VM's own, but mem_free() and
# mem_alloc() count the board's bytes. The VM's heap is 64-bit (sim/board.py HEAP_SCALE bytes
# for each of the board's) and a ballast holds what the board does not have (_simboot.py).
import _simhost

_gc = _simhost.real_gc
_heap = _simhost.heap

collect = _gc.collect
enable = _gc.enable
disable = _gc.disable
isenabled = _gc.isenabled
if hasattr(_gc, "threshold"):
    threshold = _gc.threshold


def mem_free():
    return int(_gc.mem_free() / _heap["scale"])


def mem_alloc():
    return max(0, _heap["board"] - mem_free())
