# `builtins` of a simulated board: the VM's own, except that `builtins.open`,
# `builtins.__import__` (and `builtins.input` on a served board) are the board's: open rooted
# at its flash folder, import limited to what the board has, as the plain names already are.
# MicroPython overrides a builtin for name lookups only, so without this `builtins.open`
# would be the computer's open: Thonny writes and reads files with `builtins.open("/x", ...)`.
# (A copy, not a module __getattr__: that would raise where MicroPython only probes, as for
# __set_name__ when a class body holds `import builtins`.)
import _simhost

for _n in dir(_simhost.real_builtins):
    globals()[_n] = getattr(_simhost.real_builtins, _n)
globals().update(_simhost.board_builtins)
del _n, _simhost
