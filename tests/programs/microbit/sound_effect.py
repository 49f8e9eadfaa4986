# Make a sound effect and print it both ways.
# Modelled on: https://microbit-micropython.readthedocs.io/en/v2-docs/audio.html (SoundEffect)
# On the board (src/codal_port/microbit_soundeffect.c): the defaults, by name and by number.
# > SoundEffect(freq_start=500, freq_end=2500, duration=500, vol_start=255, vol_end=0, waveform=WAVEFORM_SQUARE, fx=FX_NONE, shape=SHAPE_LOG)
# > SoundEffect(400, 2500, 500, 255, 0, 3, 0, 18)
# > done
import audio

effect = audio.SoundEffect()
print(effect)
effect.freq_start = 400
print(repr(effect))
audio.play(effect)
print("done")
