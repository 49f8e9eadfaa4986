# Veilleuse / Night light
# Étape 2 : deux seuils, pour ne pas clignoter. / Step 2: two thresholds, so it does not flicker.
from kit import light, sleep_ms, strip

WARM = (255, 140, 40)  # orange doux (rouge, vert, bleu) / soft orange (red, green, blue)
ON_BELOW = 20  # s'allume sous 20 % de lumière / turns on below 20 % light
OFF_ABOVE = 40  # s'éteint au-dessus de 40 % / turns off above 40 %

on = False  # la veilleuse est-elle allumée ? / is the night light on?
while True:
    level = light.level()
    if level < ON_BELOW:
        on = True
    elif level > OFF_ABOVE:
        on = False
    # entre les deux seuils : on ne change rien / between the thresholds: nothing changes
    if on:
        strip.fill(WARM)
    else:
        strip.fill((0, 0, 0))
    strip.show()
    sleep_ms(200)
