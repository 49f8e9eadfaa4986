# Chronomètre et minuteur / Stopwatch and timer
# Étape 6 : le minuteur s'arrête à 0 et bipe.
# Step 6: the timer stops at 0 and beeps.
from kit import buttons, buzzer, display, running_time, sleep_ms

TIMER_S = 10  # la durée du minuteur, en secondes / the timer's length, in seconds

timer = False  # False : chronomètre, True : minuteur / False: stopwatch, True: timer

running = False  # le chrono tourne-t-il ? / is the stopwatch running?
start = 0  # l'heure du départ, en ms / when it started, in ms
elapsed = 0  # le temps mesuré avant ce départ / the time measured before this start
shown = -1  # le nombre sur l'afficheur / the number on the display

while True:
    if buttons.a.is_pressed() and buttons.b.is_pressed():  # changer de mode / change mode
        timer = not timer
        running = False
        elapsed = 0
        while buttons.a.is_pressed() or buttons.b.is_pressed():
            sleep_ms(10)  # attendre qu'on lâche / wait until they are let go
        buttons.a.was_pressed()  # oublier ces appuis-là / forget those presses
        buttons.b.was_pressed()
    if buttons.a.was_pressed():
        if running:  # arrêter, et garder le temps / stop, and keep the time
            elapsed = elapsed + running_time() - start
            running = False
            tenths = elapsed // 100  # en dixièmes de seconde / in tenths of a second
            text = str(tenths // 10) + "." + str(tenths % 10)  # 43 -> "4.3"
            print(text)  # dans la console aussi / on the console too
            if not timer:  # le minuteur garde ses secondes / the timer keeps its seconds
                display.scroll(text)
            shown = -1  # puis réafficher les secondes / then show the seconds again
        else:  # partir, ou repartir / start, or start again
            start = running_time()
            running = True
    if buttons.b.was_pressed() and not running:  # remise à zéro / reset
        elapsed = 0

    ms = elapsed  # le temps mesuré, en millisecondes / the time measured, in milliseconds
    if running:
        ms = elapsed + running_time() - start
    seconds = ms // 1000  # 1000 ms = 1 s
    if timer:
        left = TIMER_S * 1000 - ms  # le temps qui reste / the time left
        if left <= 0 and running:  # c'est fini ! / time's up!
            running = False
            elapsed = TIMER_S * 1000
            left = 0
            display.show(0)
            shown = 0
            buzzer.play(["a5:2", "r:2", "a5:2", "r:2", "a5:8"])  # bip bip biiip
        seconds = (left + 999) // 1000  # 9,2 s restantes : on montre 10 / 9.2 s left: 10
    if seconds != shown:  # seulement quand il change / only when it changes
        display.show(seconds)
        shown = seconds
    sleep_ms(20)
