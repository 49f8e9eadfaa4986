# Thermomètre min/max / Min/max thermometer
# Étape 3 : la plus haute aussi, avec le bouton B.
# Step 3: the highest too, with button B.
from kit import buttons, display, env, sleep_ms

lowest = round(env.temperature())  # la plus basse depuis le début / the lowest since the start
highest = lowest  # la plus haute depuis le début / the highest since the start
while True:
    temperature = round(env.temperature())  # en °C, arrondie / in °C, rounded
    if temperature < lowest:
        lowest = temperature  # un nouveau minimum / a new minimum
    if temperature > highest:
        highest = temperature  # un nouveau maximum / a new maximum
    if buttons.a.was_pressed():
        display.show(display.ARROW_S)  # flèche vers le bas : le minimum / down: the minimum
        sleep_ms(500)
        display.scroll(lowest)
    elif buttons.b.was_pressed():
        display.show(display.ARROW_N)  # flèche vers le haut : le maximum / up: the maximum
        sleep_ms(500)
        display.scroll(highest)
    else:
        display.scroll(temperature)
    sleep_ms(1000)
