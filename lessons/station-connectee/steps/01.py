# Station connectée / Connected weather station
# Étape 1 : rejoindre le Wi-Fi de la classe et envoyer une mesure.
# Step 1: join the class's Wi-Fi and send one reading.
from kit import display, env, net

net.connect()  # le Wi-Fi, puis le broker de la classe / the Wi-Fi, then the class's broker
net.publish("temperature", env.temperature())  # classe/<nom>/temperature
display.show("OK")
