# The microphone in a quiet room.
# Modelled on: https://microbit-micropython.readthedocs.io/en/v2-docs/microphone.html
# On the board (src/codal_port/microbit_microphone.c): the current event starts as QUIET.
# > True
# > False
# > 0
from microbit import SoundEvent, microphone, sleep

sleep(200)
print(microphone.current_event() == SoundEvent.QUIET)
print(microphone.was_event(SoundEvent.LOUD))
print(microphone.sound_level())
