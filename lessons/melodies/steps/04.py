# Mélodies / Melodies
# A et B jouent deux chansons ; secoue la carte pour jouer TA mélodie, à ton tempo.
# A and B play two songs; shake the board to play YOUR tune, at your tempo.
from kit import buttons, buzzer, display, motion, sleep_ms

# chaque moitié de « Frère Jacques » se chante deux fois : * 2 répète la liste
# each half of "Frère Jacques" is sung twice: * 2 repeats the list
FRERE_JACQUES = ["c4:4", "d4", "e4", "c4"] * 2 + ["e4:4", "f4", "g4:8"] * 2
AU_CLAIR_DE_LA_LUNE = ["c4:4", "c4", "c4", "d4", "e4:8", "d4", "c4:4", "e4", "d4", "d4", "c4:8"]
# ta mélodie : (fréquence en hertz, nombre de temps) / your tune: (frequency in hertz, beats)
MY_TUNE = [
    (392, 1),  # sol / G
    (330, 1),  # mi / E
    (330, 2),  # mi, deux temps / E, two beats
    (349, 1),  # fa / F
    (294, 1),  # ré / D
    (294, 2),  # ré, deux temps / D, two beats
    (262, 1),  # do / C
    (294, 1),  # ré / D
    (330, 1),  # mi / E
    (349, 1),  # fa / F
    (392, 1),  # sol / G
    (392, 1),  # sol / G
    (392, 2),  # sol, deux temps / G, two beats
]
TEMPO = 120  # temps par minute / beats per minute
BEAT_MS = 60000 // TEMPO  # durée d'un temps en millisecondes / one beat in milliseconds

display.show(display.MUSIC_QUAVER)
while True:
    if buttons.a.was_pressed():
        buzzer.play(FRERE_JACQUES)
    if buttons.b.was_pressed():
        buzzer.play(AU_CLAIR_DE_LA_LUNE)
    if motion.was_shaken():
        display.show(display.HAPPY)
        for hz, beats in MY_TUNE:
            buzzer.tone(hz, beats * BEAT_MS - 50)  # la note / the note
            sleep_ms(50)  # un petit silence entre deux notes / a short gap between notes
        display.show(display.MUSIC_QUAVER)
    sleep_ms(50)
