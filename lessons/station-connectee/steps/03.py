# Station connectée / Connected weather station
# Étape 3 : la pression et l'humidité aussi.
# Step 3: the pressure and the humidity too.
from kit import display, env, net, sleep_ms

intervalle = 10  # secondes entre deux mesures / seconds between two readings

net.connect()  # le Wi-Fi, puis le broker de la classe / the Wi-Fi, then the class's broker
display.show("OK")
while True:
    net.publish("temperature", round(env.temperature(), 1))  # en °C / in °C
    net.publish("pression", round(env.pressure(), 1))  # en hPa / in hPa
    net.publish("humidite", round(env.humidity(), 1))  # en % / in %
    net.check()  # envoie ce qui attend / sends what waits
    sleep_ms(intervalle * 1000)
