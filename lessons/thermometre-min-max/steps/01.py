# Thermomètre min/max / Min/max thermometer
# Étape 1 : la carte affiche la température. / Step 1: the board shows the temperature.
from kit import display, env, sleep_ms

while True:
    temperature = round(env.temperature())  # en °C, arrondie / in °C, rounded
    display.scroll(temperature)
    sleep_ms(1000)
