# Thermomètre min/max / Min/max thermometer
# Étape 2 : la carte retient la plus basse, le bouton A la montre.
# Step 2: the board remembers the lowest, button A shows it.
from kit import buttons, display, env, sleep_ms

lowest = round(env.temperature())  # la plus basse depuis le début / the lowest since the start
while True:
    temperature = round(env.temperature())  # en °C, arrondie / in °C, rounded
    if temperature < lowest:
        lowest = temperature  # un nouveau minimum / a new minimum
    if buttons.a.was_pressed():
        display.show(display.ARROW_S)  # flèche vers le bas : le minimum / down: the minimum
        sleep_ms(500)
        display.scroll(lowest)
    else:
        display.scroll(temperature)
    sleep_ms(1000)
