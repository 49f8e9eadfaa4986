# boot.py : la carte le lit au démarrage, avant le programme.
# boot.py: the board runs it at start-up, before the program.
#
# Circuit Playground Bluefruit (CircuitPython) : le lecteur CIRCUITPY est à l'ordinateur OU
# au programme, jamais aux deux. L'interrupteur à glissière choisit :
#   vers la note de musique (à gauche) : l'ordinateur écrit (pour changer le programme) ;
#   vers l'oreille (à droite) : le programme écrit meteo.csv, l'ordinateur ne fait que lire.
# Appuie sur le bouton reset après l'avoir déplacé.
# Circuit Playground Bluefruit (CircuitPython): the CIRCUITPY drive belongs to the computer OR
# to the program, never both. The slide switch chooses: towards the music note (left) the
# computer writes (to change the program); towards the ear (right) the program writes
# meteo.csv and the computer only reads. Press reset after moving it.
#
# Les autres cartes écrivent leurs fichiers sans rien demander : ce fichier n'y fait rien.
# The other boards write their files without asking: this file does nothing there.
try:
    import storage
except ImportError:  # MicroPython (micro:bit, Pico, ESP32)
    storage = None

if storage:
    import board
    import digitalio

    switch = digitalio.DigitalInOut(board.SLIDE_SWITCH)
    switch.pull = digitalio.Pull.UP  # à gauche : True / left: True
    storage.remount("/", readonly=switch.value)
