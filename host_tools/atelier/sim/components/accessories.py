"""The Grove modules' simulator models, by kit part: which class models each, attached to a
board's hardware from its wiring (boards.toml, or the school's kit.toml)::

    attach(hardware)          # in each hardware's __init__: the models, and their handlers
    hardware.accessories["servo"].angle

A model's class takes `(hardware, wiring)`, wiring being the part's dict as in kitconfig
(`{"pin": 16}`). A class whose module is not there yet (another branch) is skipped.
"""

from __future__ import annotations

import importlib

from atelier.sim.components.pin_io import PulseTimer, pin_io
from atelier.sim.hardware import handler_names

MODELS = {
    "distance": "atelier.sim.components.ranger.Ranger",
    "servo": "atelier.sim.components.servo.Servo",
    "strip": "atelier.sim.components.ledstrip.Strip",
    "digits": "atelier.sim.components.tm1637.Digits",
    "presence": "atelier.sim.components.pir.Pir",
    "light": "atelier.sim.components.light_sensor.LightSensor",
    "soil": "atelier.sim.components.soil_probe.SoilProbe",
    "knob": "atelier.sim.components.knob.Knob",
    "relay": "atelier.sim.components.relay.Relay",
}


def model_class(part: str):
    """The class modelling `part`, or None while its module is not part of atelier yet."""
    module, _, name = MODELS[part].rpartition(".")
    try:
        return getattr(importlib.import_module(module), name)
    except ModuleNotFoundError as error:
        if error.name == module:
            return None
        raise


def attach(hardware) -> None:
    """Fit `hardware` with the models of the modules its board's kit wires: they go in
    `hardware.accessories` (part -> model), and those that answer requests, with the pulse
    timer (time_pulse_us), in `hardware.accessory_parts`."""
    kit = hardware.board.type.kit
    hardware.accessories = {}
    hardware.accessory_parts = [PulseTimer(pin_io(hardware))]
    for part in MODELS:
        wiring = kit.wiring(part) if hasattr(kit, part) else None
        if part == "light" and wiring == "display":  # the micro:bit's LEDs sense the light
            from atelier.sim.components.light_sensor import DisplayLight

            hardware.accessories[part] = DisplayLight(hardware, wiring)
            continue
        cls = None if wiring is None else model_class(part)
        if cls is None:
            continue
        model = hardware.accessories[part] = cls(hardware, wiring)
        if handler_names(type(model)):
            hardware.accessory_parts.append(model)
