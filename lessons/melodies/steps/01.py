# Mélodies / Melodies
# La carte joue « Frère Jacques » quand elle démarre.
# The board plays "Frère Jacques" when it starts.
from kit import buzzer, display

display.show(display.MUSIC_QUAVER)  # une note de musique / a music note
# chaque note : nom, octave, durée (4 = un temps) / each note: name, octave, length (4 = a beat)
buzzer.play(["c4:4", "d4:4", "e4:4", "c4:4", "c4:4", "d4:4", "e4:4", "c4:4"])
