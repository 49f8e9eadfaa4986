# Play a short square wave on the speaker with audiopwmio and audiocore.
# Modelled on: https://docs.circuitpython.org/en/9.2.x/shared-bindings/audiopwmio/ and the
# Adafruit "Circuit Playground Bluefruit" guide (enable the speaker first).
# On the board: playing is True until the sample ends (looped: until stop()).
# > True
# > False
import array
import time

import audiocore
import audiopwmio
import board
import digitalio

enable = digitalio.DigitalInOut(board.SPEAKER_ENABLE)
enable.switch_to_output(value=True)
wave = array.array("H", [0] * 10 + [65535] * 10)
sample = audiocore.RawSample(wave, sample_rate=8000)
out = audiopwmio.PWMAudioOut(board.SPEAKER)
out.play(sample, loop=True)
time.sleep(0.2)
print(out.playing)
out.stop()
print(out.playing)
