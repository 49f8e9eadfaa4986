# Chronomètre et minuteur / Stopwatch and timer
# Étape 3 : B remet le chrono à zéro quand il est arrêté.
# Step 3: B resets the stopwatch when it is stopped.
from kit import buttons, display, running_time, sleep_ms

running = False  # le chrono tourne-t-il ? / is the stopwatch running?
start = 0  # l'heure du départ, en ms / when it started, in ms
elapsed = 0  # le temps mesuré avant ce départ / the time measured before this start
shown = -1  # le nombre sur l'afficheur / the number on the display

while True:
    if buttons.a.was_pressed():
        if running:  # arrêter, et garder le temps / stop, and keep the time
            elapsed = elapsed + running_time() - start
            running = False
        else:  # partir, ou repartir / start, or start again
            start = running_time()
            running = True
    if buttons.b.was_pressed() and not running:  # remise à zéro / reset
        elapsed = 0

    ms = elapsed  # le temps mesuré, en millisecondes / the time measured, in milliseconds
    if running:
        ms = elapsed + running_time() - start
    seconds = ms // 1000  # 1000 ms = 1 s
    if seconds != shown:  # seulement quand il change / only when it changes
        display.show(seconds)
        shown = seconds
    sleep_ms(20)
