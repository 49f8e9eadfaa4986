# Un compteur à boutons / A button counter
# Étape 3 : B enlève 1, mais jamais en dessous de 0. / Step 3: B takes 1 away, never below 0.
from kit import buttons, display, sleep_ms

count = 0  # le nombre compté jusqu'ici / the number counted so far
display.show(count)

while True:
    if buttons.a.was_pressed():
        count = count + 1
        display.show(count)
    if buttons.b.was_pressed():
        if count > 0:  # seulement s'il reste quelque chose / only if there is something left
            count = count - 1
        display.show(count)
    sleep_ms(50)  # une petite pause à chaque tour / a short pause every turn
