# Veilleuse / Night light
# Étape 1 : le ruban s'allume quand il fait sombre. / Step 1: the strip lights up in the dark.
from kit import light, sleep_ms, strip

WARM = (255, 140, 40)  # orange doux (rouge, vert, bleu) / soft orange (red, green, blue)
THRESHOLD = 30  # en dessous de 30 % de lumière, il fait nuit / below 30 % light, it is night

while True:
    if light.level() < THRESHOLD:
        strip.fill(WARM)  # toutes les LED en orange / every LED orange
    else:
        strip.fill((0, 0, 0))  # toutes éteintes / all off
    strip.show()  # le ruban affiche les couleurs / the strip shows the colours
    sleep_ms(200)
