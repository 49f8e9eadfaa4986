# Record a few samples from the PDM microphone.
# Modelled on: https://docs.circuitpython.org/en/9.2.x/shared-bindings/audiobusio/ (PDMIn) and
# the Adafruit "Sound Meter" guide. On the board: record() fills the buffer, returns its length.
# > 160
import array

import audiobusio
import board

mic = audiobusio.PDMIn(
    board.MICROPHONE_CLOCK, board.MICROPHONE_DATA, sample_rate=16000, bit_depth=16
)
samples = array.array("H", [0] * 160)
print(mic.record(samples, len(samples)))
