# A V2 sound effect on a micro:bit V1.
# Modelled on: https://microbit-micropython.readthedocs.io/en/v1.1.1/audio.html (the V1's audio
# plays AudioFrames only; SoundEffect is V2). On the board: MicroPython 1.9's AttributeError.
# board: microbit-v1
#! AttributeError: 'module' object has no attribute 'SoundEffect'
import audio

audio.play(audio.SoundEffect())
