# `microcontroller.pin` of a simulated CircuitPython board: the chip's own pin names (boards.toml
# [gpio] mcu_names), the board's pins being the very objects of `board` (see _sim_cp.py).
import _sim_cp
import _simhost

for _name, _value in _sim_cp.mcu_pin_names().items():
    setattr(_simhost.real_sys.modules[__name__], _name, _value)
del _sim_cp, _simhost, _name, _value
__name__ = "microcontroller.pin"  # printed <module 'microcontroller.pin'> as on the board
del __file__
