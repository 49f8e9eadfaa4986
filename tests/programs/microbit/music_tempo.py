# Play a tune and read back the tempo.
# Modelled on: https://microbit-micropython.readthedocs.io/en/v2-docs/music.html
# On the board: 4 ticks a beat at 120 bpm; get_tempo() returns (bpm, ticks) (modmusic.c; the
# docs say (ticks, bpm)); four notes of 4 ticks last 4 x 500 ms.
# > (120, 4)
# > 2000
import music
from microbit import running_time

print(music.get_tempo())
start = running_time()
music.play(["c4:4", "e4:4", "g4:4", "c5:4"])
print(running_time() - start)
