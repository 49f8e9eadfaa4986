# Veilleuse / Night light
# Étape 3 : plus il fait noir, plus elle éclaire. / Step 3: the darker it is, the brighter it is.
from kit import light, sleep_ms, strip

WARM = (255, 140, 40)  # orange doux (rouge, vert, bleu) / soft orange (red, green, blue)
ON_BELOW = 20  # s'allume sous 20 % de lumière / turns on below 20 % light
OFF_ABOVE = 40  # s'éteint au-dessus de 40 % / turns off above 40 %


def dim(color, power):
    # la couleur à "power" % de sa force / the colour at "power" % of its strength
    r, g, b = color
    return (r * power // 100, g * power // 100, b * power // 100)


on = False  # la veilleuse est-elle allumée ? / is the night light on?
while True:
    level = light.level()
    if level < ON_BELOW:
        on = True
    elif level > OFF_ABOVE:
        on = False
    if on:
        power = 100 - 2 * level  # noir : 100 %, à 40 % de lumière : 20 % / dark: 100 %
        strip.fill(dim(WARM, power))
    else:
        strip.fill((0, 0, 0))
    strip.show()
    sleep_ms(200)
