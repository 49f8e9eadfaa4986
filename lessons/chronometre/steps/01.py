# Chronomètre et minuteur / Stopwatch and timer
# Étape 1 : A lance le chrono, l'afficheur compte les secondes.
# Step 1: A starts the stopwatch, the display counts the seconds.
from kit import buttons, display, running_time, sleep_ms

running = False  # le chrono tourne-t-il ? / is the stopwatch running?
start = 0  # l'heure du départ, en ms / when it started, in ms
shown = -1  # le nombre sur l'afficheur / the number on the display

while True:
    if buttons.a.was_pressed():
        start = running_time()
        running = True

    ms = 0  # le temps mesuré, en millisecondes / the time measured, in milliseconds
    if running:
        ms = running_time() - start
    seconds = ms // 1000  # 1000 ms = 1 s
    if seconds != shown:  # seulement quand il change / only when it changes
        display.show(seconds)
        shown = seconds
    sleep_ms(20)
