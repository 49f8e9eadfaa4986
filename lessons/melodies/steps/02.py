# Mélodies / Melodies
# Le bouton A joue « Frère Jacques », le bouton B « Au clair de la lune ».
# Button A plays "Frère Jacques", button B "Au clair de la lune".
from kit import buttons, buzzer, display, sleep_ms

# chaque moitié de « Frère Jacques » se chante deux fois : * 2 répète la liste
# each half of "Frère Jacques" is sung twice: * 2 repeats the list
FRERE_JACQUES = ["c4:4", "d4", "e4", "c4"] * 2 + ["e4:4", "f4", "g4:8"] * 2
AU_CLAIR_DE_LA_LUNE = ["c4:4", "c4", "c4", "d4", "e4:8", "d4", "c4:4", "e4", "d4", "d4", "c4:8"]

display.show(display.MUSIC_QUAVER)
while True:
    if buttons.a.was_pressed():
        buzzer.play(FRERE_JACQUES)
    if buttons.b.was_pressed():
        buzzer.play(AU_CLAIR_DE_LA_LUNE)
    sleep_ms(50)  # une petite pause à chaque tour / a short pause each turn
