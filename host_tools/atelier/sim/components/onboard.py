"""The Circuit Playground's own sensors beyond the kit's: the light sensor and the thermistor
(analog levels on `board.LIGHT` and `board.TEMPERATURE`, read with `ADC_READ`), the PDM
microphone (`MIC_RECORD`) and the capacitive touch pads (`TOUCH_READ`), each following the
world: `world.light`, `world.temperature`, `world.sound_level`, `world.touched`."""

from __future__ import annotations

import math

from atelier.sim.devices import Delay
from atelier.sim.hardware import handles
from atelier.sim.vm import _simproto as P

# The thermistor (Adafruit's schematic, and the constants Adafruit's library uses for it):
# a 10 kΩ NTC at 25 °C, B = 3950, between 3.3 V and the pin, 10 kΩ from the pin to ground.
THERMISTOR_OHMS, THERMISTOR_B, SERIES_OHMS = 10_000.0, 3950.0, 10_000.0
# touchio's software reading (shared-module/touchio/TouchIn.c): ticks for a charged pad to
# fall, 10 samples; 10000 when it never falls (no pull-down resistor on the pin)
UNTOUCHED, TOUCHED, NO_PULLDOWN = 500, 2000, 10000
# RMS of the microphone's 16-bit samples per step of world.sound_level (0-255): a quiet room
# (level 5) reads 20, a clap (level 100) 400, over the Adafruit library's "loud" of 200
MIC_RMS_PER_LEVEL = 4


def nrf_adc(fraction: float) -> int:
    """What the nRF52840's AnalogIn.value reads for a voltage at `fraction` of 3.3 V: 14 bits
    stretched to 16 (ports/nordic/common-hal/analogio/AnalogIn.c)."""
    v = max(0, min(16383, round(fraction * 16383)))
    return (v << 2) | (v >> 12)


class Onboard:
    """The sensors on the board; `names_of` gives every name of a pin (the VM's pin id ->
    its `board` names), `pads` the pins with touchio's 1 MΩ pull-down."""

    def __init__(self, world, names_of: dict[str, set[str]], pads: set[str]):
        self._world = world
        self._names_of = names_of
        self._pads = pads

    def light_level(self) -> int:
        """The light sensor's AnalogIn value: linear in world.light (0-255)."""
        return nrf_adc(max(0.0, min(255.0, self._world.light)) / 255)

    def thermistor_level(self) -> int:
        """The thermistor divider's AnalogIn value at world.temperature."""
        t = self._world.temperature + 273.15
        ohms = THERMISTOR_OHMS * math.exp(THERMISTOR_B * (1 / t - 1 / 298.15))
        return nrf_adc(SERIES_OHMS / (ohms + SERIES_OHMS))

    @handles(P.MIC_RECORD)
    def mic_record(self, args):
        samples, rate = (int(v) for v in args.split())
        rms = MIC_RMS_PER_LEVEL * max(0, min(255, int(self._world.sound_level)))
        return Delay(samples * 1_000_000 // max(1, rate), lambda: str(rms))

    @handles(P.TOUCH_READ)
    def touch_read(self, args):
        pin = args.strip()
        if pin not in self._pads:
            return Delay(10_000, str(NO_PULLDOWN))  # the reading times out
        touched = bool(self._names_of.get(pin, {pin}) & self._world.touched)
        return Delay(200, str(TOUCHED if touched else UNTOUCHED))
