"""The VM <-> host protocol: every request declared once in sim/vm/_simproto.py, and answered."""

import importlib
import pkgutil
import re
from pathlib import Path

from atelier.sim import components
from atelier.sim.cp_hw import CircuitPythonHardware
from atelier.sim.hardware import NAMES, handler_names
from atelier.sim.machine_hw import MachineHardware
from atelier.sim.microbit import MicrobitHardware
from atelier.sim.vm import _simproto as P

VM_DIR = Path(P.__file__).parent
# requests the board's loop (sim/board.py, sim/serve.py) answers itself, not the hardware
BOARD_LOOP = {
    P.VM_EXITED,
    P.PROGRAM_ENDED,
    P.PROGRAM_FAILED,
    P.RESET,
    P.RESYNC,
    P.VM_UP,
    P.REPL_READ,
    P.REPL_ERROR,
    P.INPUT_LINE,
}


def test_every_request_has_its_own_code():
    codes = [v for k, v in vars(P).items() if k.isupper()]
    assert len(codes) == len(set(codes)) == len(NAMES)


def _component_classes():
    for info in pkgutil.iter_modules(components.__path__):
        module = importlib.import_module(f"{components.__name__}.{info.name}")
        yield from (v for v in vars(module).values() if isinstance(v, type))


def test_every_request_is_answered_somewhere():
    handled = set(BOARD_LOOP)
    boards = (MicrobitHardware, MachineHardware, CircuitPythonHardware)
    for cls in (*boards, *_component_classes()):
        handled |= set(handler_names(cls))
    assert {NAMES[c] for c in set(NAMES) - handled} == set()


def test_every_request_has_a_line_saying_what_it_takes():
    for line in (VM_DIR / "_simproto.py").read_text().splitlines():
        if re.match(r"[A-Z_0-9]+ = ", line):
            assert "  # " in line, line


def test_shims_name_their_requests():
    # no request spelled as a bare code: `call("sl 100")` hides what it asks
    for path in VM_DIR.glob("*.py"):
        text = path.read_text()
        assert not re.search(r"\b(?:call|send)\(\"", text), path.name
