# Un compteur à boutons / A button counter
# Étape 2 : A ajoute 1, B enlève 1. / Step 2: A adds 1, B takes 1 away.
from kit import buttons, display, sleep_ms

count = 0  # le nombre compté jusqu'ici / the number counted so far
display.show(count)

while True:
    if buttons.a.was_pressed():
        count = count + 1
        display.show(count)
    if buttons.b.was_pressed():
        count = count - 1
        display.show(count)
    sleep_ms(50)  # une petite pause à chaque tour / a short pause every turn
