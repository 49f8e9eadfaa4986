# Afficher et faire défiler / Show and scroll
# Étape 4 : un cœur, mon dessin, mon prénom, puis un cœur qui bat pour toujours.
# Step 4: a heart, my picture, my name, then a heart beating forever.
from kit import display, sleep_ms

display.show(display.HEART)  # une image toute prête / a built-in image
sleep_ms(1000)  # attendre 1000 ms = 1 seconde / wait 1000 ms = 1 second

# Mon dessin : 5 lignes de 5 LED, 0 = éteinte, 9 = allumée.
# My picture: 5 rows of 5 LEDs, 0 = off, 9 = on.
cat = (
    "90009:"  # les oreilles / the ears
    "99999:"  # le haut de la tête / the top of the head
    "90909:"  # les yeux / the eyes
    "99999:"  # les joues / the cheeks
    "09990"  # le menton / the chin
)
display.show(cat)
sleep_ms(1000)

display.scroll("Lea")  # mon prénom, sans accent / my name, without accents

# Une animation : deux images qui alternent, pour toujours.
# An animation: two pictures taking turns, forever.
while True:
    display.show(display.HEART)
    sleep_ms(500)
    display.show(display.HEART_SMALL)
    sleep_ms(500)
