# What the modules a program imports say about themselves.
# Modelled on: https://microbit-micropython.readthedocs.io/en/v2-docs/ (microbit.audio is the
# audio module). On the board: modules print by their own name and hold only their API.
# > <module 'microbit'> <module 'audio'> <module 'music'>
# > True
# > False False
import audio
import microbit
import music

print(microbit, microbit.audio, music)
print(microbit.audio is audio)
print("P" in dir(microbit), "P" in dir(audio))
