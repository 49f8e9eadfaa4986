# Mélodies / Melodies
# A et B jouent deux chansons ; secoue la carte pour jouer TA mélodie.
# A and B play two songs; shake the board to play YOUR tune.
from kit import buttons, buzzer, display, motion, sleep_ms

# chaque moitié de « Frère Jacques » se chante deux fois : * 2 répète la liste
# each half of "Frère Jacques" is sung twice: * 2 repeats the list
FRERE_JACQUES = ["c4:4", "d4", "e4", "c4"] * 2 + ["e4:4", "f4", "g4:8"] * 2
AU_CLAIR_DE_LA_LUNE = ["c4:4", "c4", "c4", "d4", "e4:8", "d4", "c4:4", "e4", "d4", "d4", "c4:8"]
# ta mélodie : des fréquences en hertz (do = 262, ré = 294, mi = 330...)
# your tune: frequencies in hertz (C = 262, D = 294, E = 330...)
MY_TUNE = [392, 330, 330, 349, 294, 294, 262, 294, 330, 349, 392, 392, 392]

display.show(display.MUSIC_QUAVER)
while True:
    if buttons.a.was_pressed():
        buzzer.play(FRERE_JACQUES)
    if buttons.b.was_pressed():
        buzzer.play(AU_CLAIR_DE_LA_LUNE)
    if motion.was_shaken():
        display.show(display.HAPPY)
        for hz in MY_TUNE:  # une note après l'autre / one note after the other
            buzzer.tone(hz, 250)
            sleep_ms(50)  # un petit silence entre deux notes / a short gap between notes
        display.show(display.MUSIC_QUAVER)
    sleep_ms(50)
