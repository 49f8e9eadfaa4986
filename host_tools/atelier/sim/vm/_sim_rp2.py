# `rp2` of a simulated Pico (MicroPython code, runs in the VM). The PIO state machines, DMA and
# the raw flash are not simulated: a program may define its PIO programs (the decorator keeps
# them), and using one says so in one line. The BOOTSEL button is never pressed.
import _simhost
import _simproto as _P


def _not_simulated(what):
    _simhost.call(_P.NOT_SIMULATED, what)


class PIO:
    IN_LOW = 0
    IN_HIGH = 1
    OUT_LOW = 2
    OUT_HIGH = 3
    SHIFT_LEFT = 0
    SHIFT_RIGHT = 1
    JOIN_NONE = 0
    JOIN_TX = 1
    JOIN_RX = 2
    IRQ_SM0 = 0x100
    IRQ_SM1 = 0x200
    IRQ_SM2 = 0x400
    IRQ_SM3 = 0x800

    def __init__(self, id):
        _not_simulated("rp2.PIO")


class StateMachine:
    def __init__(self, id, *args, **kw):
        _not_simulated("rp2.StateMachine (PIO)")


class DMA:
    def __init__(self, *args, **kw):
        _not_simulated("rp2.DMA")


class Flash:
    def __init__(self, *args, **kw):
        _not_simulated("rp2.Flash")


class PIOASMError(Exception):
    pass


def asm_pio(*args, **kw):
    def keep(program):  # assembled on the board; here only kept for StateMachine to refuse
        return program

    return keep


def asm_pio_encode(instr, sideset_count, sideset_opt=False):
    _not_simulated("rp2.asm_pio_encode")


def bootsel_button():
    return 0
