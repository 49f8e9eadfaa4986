# Station météo / Weather station
# Étape 1 : une mesure toutes les 10 secondes. / Step 1: a reading every 10 seconds.
from kit import display, env, sleep_ms

PERIOD = 10  # secondes entre deux mesures / seconds between two readings

while True:
    temperature = env.temperature()  # en °C / in °C
    display.scroll(round(temperature))
    sleep_ms(PERIOD * 1000)
