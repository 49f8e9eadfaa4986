# `board` of a simulated CircuitPython board: exactly the names of the real board's `board`
# module (boards.toml's [gpio] names, read off the board's pins.c), the names of one pin being
# one Pin object, plus board_id and the default buses. Nothing else: a name the real board
# lacks raises AttributeError here too. (setattr, not globals(): it interns the names, which
# dir() needs to list them.)
import _sim_cp
import _simhost

for _name, _value in _sim_cp.board_names().items():
    setattr(_simhost.real_sys.modules[__name__], _name, _value)
del _sim_cp, _simhost, _name, _value
