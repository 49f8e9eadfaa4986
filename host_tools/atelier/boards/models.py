"""The board models: ``[boards.<id>]`` of boards.toml as frozen pydantic objects::

    board = load_boards().get("pico")
    board.has("radio"), board.bus("i2c0").sda, board.sensor("pressure").chip
    board.gpio.pins()["GP15"]  # 15: the pin each id the runtime accepts stands for
    board.kit.door  # MagnetDoor or ReedDoor

Each field's own check is in ``fields``; checks that need several fields are ``rules``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, Literal, Union

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    Tag,
)

from atelier.backends import BACKEND_NAMES  # the backend registry says which exist
from atelier.boards.fields import (
    U16,
    Address,
    BusName,
    Capability,
    ChipName,
    Frequency,
    Ident,
    ModuleName,
    Pin,
    PinIds,
    PinNames,
    PinNumbers,
    SamePins,
    Size,
    Unique,
    Version,
)
from atelier.boards.wording import show_names, show_numbers
from atelier.chips import SENSOR_ROLES  # the chip registry says which roles exist
from atelier.i18n import _


class BoardsError(Exception):
    """boards.toml cannot be used, or a board id is unknown.

    ``str(error)`` is one line per problem; ``problems`` holds the same lines as a tuple.
    """

    def __init__(self, problems: str | Sequence[str]) -> None:
        self.problems: tuple[str, ...] = (
            (problems,) if isinstance(problems, str) else tuple(problems)
        )
        super().__init__("\n".join(self.problems))


Transport = Literal["serial", "hex", "drive"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class UsbId(_Model):
    """One USB identity of a board."""

    vid: U16
    pid: U16
    # "bootloader": the board waits for firmware under this id and cannot run lessons.
    mode: Literal["runtime", "bootloader"] = "runtime"


HexId = Annotated[StrictStr, Field(pattern=r"^[0-9a-f]+$")]


class Daplink(_Model):
    """A micro:bit's interface chip (DAPLink), as its drive's DETAILS.TXT tells it: the board
    IDs that open its Unique ID (one per board revision), and what the simulated board shows."""

    board_ids: Annotated[tuple[Annotated[HexId, Field(min_length=4, max_length=4)], ...],
                         Unique, Field(min_length=1)]  # fmt: skip
    simulated: Annotated[HexId, Field(min_length=4, max_length=4)]  # the revision it simulates
    hic_id: Annotated[HexId, Field(min_length=8, max_length=8)]  # that revision's interface chip


class Filesystem(_Model):
    size: Size
    flat: StrictBool
    lib_dir: StrictStr


class Modules(_Model):
    available: Annotated[tuple[ModuleName, ...], Unique, Field(min_length=1)]
    # micropython-lib modules the board's firmware freezes (module, dotted -> its package on
    # PyPI): bundles leave them out, the simulator takes them from the installed package
    frozen: dict[StrictStr, StrictStr] = {}


class Gpio(_Model):
    """``[boards.<id>.gpio]``: the pin ids the board's own runtime accepts (what
    ``machine.Pin(id)``, CircuitPython's ``board.<name>`` or the ``microbit`` module take), and
    the pins a kit part cannot use."""

    numbers: PinNumbers = frozenset()
    names: PinNames = frozenset()
    # ids that are one pin (a name and its number, or several names), as the runtime's pin
    # table pairs them; the first id of a group is the one the runtime prints
    same: SamePins = ()
    input_only: PinNumbers = frozenset()  # no output driver
    no_pull: PinNumbers = frozenset()  # no internal pull-up/pull-down resistor
    flash_chip: PinNumbers = frozenset()  # wired to the flash memory: using them stops the board
    serial_link: PinNumbers = frozenset()  # the USB serial link to the computer (the REPL)
    not_on_header: PinNumbers = frozenset()  # accepted by the runtime, but nothing wires to it
    analog: PinIds = frozenset()  # pins with an ADC input (empty: not said, not checked)
    # CircuitPython's microcontroller.pin: the chip's own pin names, and the one each board
    # name is (a board name -> a chip name)
    mcu_names: PinNames = frozenset()
    mcu: dict[Ident, Ident] = {}
    touch: PinNames = frozenset()  # pads with the 1 MΩ pull-down CircuitPython's touchio needs

    def has(self, pin: int | str) -> bool:
        return pin in (self.numbers if isinstance(pin, int) else self.names)

    def pins(self) -> dict[int | str, int | str]:
        """Every id the runtime accepts -> the id of its pin: its number where it has one,
        else the first id ``same`` gives it (the name the runtime prints), else itself. So
        ``pins()["GP15"] == pins()[15] == 15`` on a Pico and ``pins()["D13"] == "LED"`` on a
        Circuit Playground Bluefruit."""
        root: dict[int | str, int | str] = {}

        def find(pin: int | str) -> int | str:
            while root.setdefault(pin, pin) != pin:
                pin = root[pin]
            return pin

        for ids in self.same:
            for other in ids[1:]:
                a, b = find(ids[0]), find(other)
                if a != b:
                    root[b] = a
        ids = sorted(self.numbers) + sorted(self.names)
        members: dict[int | str, list[int | str]] = {}
        for pin in [pin for group in self.same for pin in group] + ids:
            members.setdefault(find(pin), []).append(pin)
        out: dict[int | str, int | str] = {}
        for group in members.values():
            numbers = [pin for pin in group if isinstance(pin, int)]
            first = min(numbers) if numbers else group[0]
            out.update((pin, first) for pin in group if self.has(pin))
        return out

    def accepted(self) -> str:
        """What a pin may be written as on this board, for messages."""
        numbers, names = show_numbers(self.numbers), show_names(self.names)
        if numbers and names:
            return _("a number ({numbers}) or a name: {names}").format(
                numbers=numbers, names=names
            )
        if numbers:
            return _("a number: {numbers}").format(numbers=numbers)
        return _("a name: {names}").format(names=names)


class Bus(_Model):
    name: BusName
    kind: Literal["i2c"]
    scl: Pin
    sda: Pin
    freq: Frequency
    # Hardware peripheral number (machine.I2C(id)); CircuitPython's busio has none.
    id: StrictInt | None = None


class Sensor(_Model):
    role: Literal[SENSOR_ROLES]  # type: ignore[valid-type]
    chip: ChipName
    bus: StrictStr
    address: Address


class PwmBuzzer(_Model):
    kind: Literal["pwm"]
    pin: Pin


class Speaker(_Model):
    """A speaker driven by PWM on ``pin``, whose amplifier only sounds while ``enable`` (if the
    board has one) is high: the Circuit Playground's ``SPEAKER`` and ``SPEAKER_ENABLE``."""

    kind: Literal["speaker"]
    pin: Pin
    enable: Pin | None = None


class Ssd1306Display(_Model):
    kind: Literal["ssd1306"]
    bus: StrictStr
    address: Address
    width: Annotated[StrictInt, Field(gt=0)]
    height: Annotated[StrictInt, Field(gt=0)]


class NeoPixelRing(_Model):
    """``count`` NeoPixels on ``pin``; ``angles`` places each on a clock face (degrees clockwise
    from 12), so an arrow lights the pixels on its side."""

    kind: Literal["neopixel_ring"]
    pin: Pin
    count: Annotated[StrictInt, Field(ge=1, le=256)]
    angles: tuple[Annotated[StrictInt, Field(ge=0, le=359)], ...]


class Buttons(_Model):
    a: Pin
    b: Pin
    pull: Literal["up", "down", "none"] = "none"
    active_low: StrictBool = False


class MagnetDoor(_Model):
    """Door closed = a magnet next to the board's magnetometer."""

    kind: Literal["magnet"]
    threshold_nt: Annotated[StrictInt, Field(gt=0)]


class ReedDoor(_Model):
    """Door closed = reed switch closed (reads low with pull = "up")."""

    kind: Literal["reed"]
    pin: Pin
    pull: Literal["up", "down"] = "up"


def _shape(value: Any) -> str | None:
    # Callable discriminator: strings pick the named variant, tables pick by their `kind`.
    if isinstance(value, str):
        return "name"
    if isinstance(value, dict):
        kind = value.get("kind")
        return kind if isinstance(kind, str) else None
    return None


Buzzer = Annotated[
    Union[  # noqa: UP007 - Tag annotations need the explicit Union form
        Annotated[Literal["speaker"], Tag("name")],
        Annotated[PwmBuzzer, Tag("pwm")],
        Annotated[Speaker, Tag("speaker")],
    ],
    Discriminator(_shape),
]
Display = Annotated[
    Union[  # noqa: UP007
        Annotated[Literal["matrix5x5", "none"], Tag("name")],
        Annotated[Ssd1306Display, Tag("ssd1306")],
        Annotated[NeoPixelRing, Tag("neopixel_ring")],
    ],
    Discriminator(_shape),
]
Door = Annotated[MagnetDoor | ReedDoor, Field(discriminator="kind")]


# -- accessory modules (Grove-style), each optional: a part the wiring lacks is not wired --------
class GroveRanger(_Model):
    """Grove ultrasonic ranger: one signal pin, the trigger pulse out then the echo back."""

    kind: Literal["grove"]
    pin: Pin


class HcSr04(_Model):
    """HC-SR04 ultrasonic ranger: a trigger pin and an echo pin."""

    kind: Literal["hcsr04"]
    trig: Pin
    echo: Pin


class OnePin(_Model):
    """A module on one pin: servo (PWM), PIR, analog light/soil/knob, relay."""

    pin: Pin


class LedStrip(_Model):
    """WS2812 strip or Grove RGB LED chain: ``count`` LEDs on ``pin``."""

    pin: Pin
    count: Annotated[StrictInt, Field(ge=1, le=1024)]


class Tm1637(_Model):
    """TM1637 4-digit display: clock and data pins."""

    clk: Pin
    dio: Pin


Distance = Annotated[GroveRanger | HcSr04, Field(discriminator="kind")]
# what each accessory part needs of its pins, for the rules: "output" driven, "input", "analog"
ACCESSORY_PINS: dict[str, dict[str, str]] = {
    "servo": {"pin": "output"},
    "strip": {"pin": "output"},
    "digits": {"clk": "output", "dio": "output"},
    "presence": {"pin": "input"},
    "light": {"pin": "analog"},
    "soil": {"pin": "analog"},
    "knob": {"pin": "analog"},
    "relay": {"pin": "output"},
}
DISTANCE_PINS = {"grove": {"pin": "output"}, "hcsr04": {"trig": "output", "echo": "input"}}
ACCESSORIES = ("distance", *ACCESSORY_PINS)


class Kit(_Model):
    """How each part of the kit is wired on this board."""

    buzzer: Buzzer
    display: Display
    buttons: Buttons
    door: Door
    distance: Distance | None = None
    servo: OnePin | None = None
    strip: LedStrip | None = None
    digits: Tm1637 | None = None
    presence: OnePin | None = None
    # an analog light module on a pin, or "display": the micro:bit senses light with its LEDs
    light: OnePin | Literal["display"] | None = None
    soil: OnePin | None = None
    knob: OnePin | None = None
    relay: OnePin | None = None

    def wiring(self, part: str) -> dict | None:
        """An accessory's wiring as a plain dict (kitconfig's constant), None: not wired."""
        value = getattr(self, part)
        if value is None or isinstance(value, str):  # light = "display": no pin to describe
            return value
        return value.model_dump()


class Uname(_Model):
    """What ``os.uname()`` gives on the board (five strings, as its firmware prints them)."""

    sysname: StrictStr
    nodename: StrictStr
    release: StrictStr
    version: StrictStr
    machine: StrictStr


class Board(_Model):
    """One board type: ``[boards.<id>]`` of boards.toml (the comments there say what each means).

    ``id`` is the table name. ``usb`` lists every identity the board may show, ``buses`` and
    ``sensors`` what the kit HAL and the simulator wire up, ``kit`` how the kit parts connect.
    """

    id: str
    name: Annotated[StrictStr, Field(min_length=1)]
    main_file: Literal["main.py", "code.py"]
    runtime: Literal["micropython", "circuitpython"]
    runtime_version: Version
    firmware_version: Version
    platform: Annotated[StrictStr, Field(min_length=1)]
    mpy_format: Annotated[StrictInt, Field(ge=1, le=6)]
    mpy_cross: StrictStr
    backend: Literal[BACKEND_NAMES]  # type: ignore[valid-type]
    transports: Annotated[tuple[Transport, ...], Unique, Field(min_length=1)]
    usb: Annotated[tuple[UsbId, ...], Field(min_length=1)]
    flash_size: Size
    heap: Size
    heap_free: Size | None = None  # gc.mem_free() at start; None: all of `heap`
    capabilities: Annotated[frozenset[Capability], Unique]
    filesystem: Filesystem
    modules: Modules
    pins: dict[Ident, Pin]
    gpio: Gpio
    buses: tuple[Bus, ...]
    sensors: tuple[Sensor, ...]
    kit: Kit
    uname: Uname | None = None
    daplink: Daplink | None = None

    def has(self, capability: str) -> bool:
        return capability in self.capabilities

    def bus(self, name: str) -> Bus:
        for bus in self.buses:
            if bus.name == name:
                return bus
        raise BoardsError(_("board {board!r} has no bus {bus!r}").format(board=self.id, bus=name))

    def sensor(self, role: str) -> Sensor | None:
        """The preferred sensor for ``role`` (the first alternative listed), if any."""
        return next((s for s in self.sensors if s.role == role), None)
