# Un compteur à boutons / A button counter
# Étape 4 : A et B ensemble remettent le compteur à 0.
# Step 4: A and B together reset the counter to 0.
from kit import buttons, display, sleep_ms

count = 0  # le nombre compté jusqu'ici / the number counted so far
display.show(count)

while True:
    if buttons.a.is_pressed() and buttons.b.is_pressed():
        count = 0
        display.show(count)
        # attendre qu'on lâche les deux boutons / wait until both buttons are let go
        while buttons.a.is_pressed() or buttons.b.is_pressed():
            sleep_ms(10)
        buttons.a.was_pressed()  # oublier ces appuis-là / forget those presses
        buttons.b.was_pressed()
    if buttons.a.was_pressed():
        count = count + 1
        display.show(count)
    if buttons.b.was_pressed():
        if count > 0:  # seulement s'il reste quelque chose / only if there is something left
            count = count - 1
        display.show(count)
    sleep_ms(50)  # une petite pause à chaque tour / a short pause every turn
