# Station connectée / Connected weather station
# Étape 2 : une mesure toutes les 10 secondes.
# Step 2: one reading every 10 seconds.
from kit import display, env, net, sleep_ms

intervalle = 10  # secondes entre deux mesures / seconds between two readings

net.connect()  # le Wi-Fi, puis le broker de la classe / the Wi-Fi, then the class's broker
display.show("OK")
while True:
    net.publish("temperature", env.temperature())  # classe/<nom>/temperature
    net.check()  # envoie ce qui attend / sends what waits
    sleep_ms(intervalle * 1000)
