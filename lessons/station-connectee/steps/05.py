# Station connectée / Connected weather station
# Étape 5 : la classe change l'intervalle (classe/<nom>/cmd/intervalle).
# Step 5: the class changes the interval (classe/<name>/cmd/intervalle).
from time import ticks_add, ticks_diff, ticks_ms

from kit import display, env, net, sleep_ms

intervalle = 10  # secondes entre deux mesures / seconds between two readings


def changer_intervalle(texte):  # un ordre reçu / a command received
    global intervalle
    try:
        intervalle = max(1, int(texte))  # au moins 1 s / at least 1 s
    except ValueError:  # pas un nombre : on garde l'ancien / not a number: keep the old one
        pass


net.subscribe("intervalle", changer_intervalle)
display.show("WiFi")  # la carte rejoint le réseau / the board joins the network
net.connect()  # le Wi-Fi, puis le broker de la classe / the Wi-Fi, then the class's broker
seconde = ticks_ms()  # quand la seconde en cours a commencé, en ms / when this second began
while True:
    net.publish("temperature", round(env.temperature(), 1))  # en °C / in °C
    net.publish("pression", round(env.pressure(), 1))  # en hPa / in hPa
    net.publish("humidite", round(env.humidity(), 1))  # en % / in %
    for _ in range(intervalle):  # attendre seconde par seconde / wait second by second
        net.check()  # les ordres reçus, ce qui attend / commands received, what waits
        if net.connected():
            display.show("OK")
        else:
            display.show(net.waiting())  # les mesures qui attendent / the readings waiting
        seconde = ticks_add(seconde, 1000)  # la seconde suivante / the next second
        sleep_ms(max(0, ticks_diff(seconde, ticks_ms())))  # le reste de celle-ci / the rest of it
