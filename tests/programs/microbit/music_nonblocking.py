# Start a tune in the background, then stop it.
# Modelled on: https://microbit-micropython.readthedocs.io/en/v2-docs/music.html (wait=False)
# On the board: play returns at once; stop() ends the tune.
# > 0
# > stopped
import music
from microbit import running_time, sleep

start = running_time()
music.play(music.NYAN, wait=False)
print(running_time() - start)
sleep(300)
music.stop()
print("stopped")
