# Veilleuse / Night light
# Étape 4 : le bouton A change la couleur. / Step 4: button A changes the colour.
from kit import buttons, light, sleep_ms, strip

# orange doux, bleu nuit, rose (rouge, vert, bleu) / soft orange, night blue, pink
COLORS = [(255, 140, 40), (40, 60, 255), (255, 60, 160)]
ON_BELOW = 20  # s'allume sous 20 % de lumière / turns on below 20 % light
OFF_ABOVE = 40  # s'éteint au-dessus de 40 % / turns off above 40 %


def dim(color, power):
    # la couleur à "power" % de sa force / the colour at "power" % of its strength
    r, g, b = color
    return (r * power // 100, g * power // 100, b * power // 100)


choice = 0  # la couleur choisie dans la liste / the colour chosen in the list
on = False  # la veilleuse est-elle allumée ? / is the night light on?
while True:
    if buttons.a.was_pressed():
        choice = (choice + 1) % len(COLORS)  # la suivante, puis on revient à 0 / next, then 0
    level = light.level()
    if level < ON_BELOW:
        on = True
    elif level > OFF_ABOVE:
        on = False
    if on:
        power = 100 - 2 * level  # noir : 100 %, à 40 % de lumière : 20 % / dark: 100 %
        strip.fill(dim(COLORS[choice], power))
    else:
        strip.fill((0, 0, 0))
    strip.show()
    sleep_ms(200)
