# La carte sert sa page web / The board serves its own web page
# Étape 4 : deux liens de la page allument et éteignent la LED.
# Step 4: two links on the page switch the LED on and off.
import socket

from kit import env, net, relay

PAGE = """<!DOCTYPE html>
<html lang="fr">
<head>
<meta name="viewport" content="width=device-width">
<title>Ma carte</title>
</head>
<body>
<h1>Ma carte</h1>
<p>Température : %.1f °C</p>
<p>LED : %s</p>
<p><a href="/allumer">Allumer</a></p>
<p><a href="/eteindre">Éteindre</a></p>
</body>
</html>
"""

address = net.wifi()
print("Ma carte est sur le réseau :", address)
print("Ouvre http://" + address + " dans un navigateur")

server = socket.socket()
# pour relancer le programme sans attendre / to run the program again without waiting
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("0.0.0.0", 80))  # 80 : le port des pages web / the web's port
server.listen(1)
while True:
    client, who = server.accept()  # attend un navigateur / wait for a browser
    request = client.readline()  # par exemple / for example b"GET /allumer HTTP/1.1\r\n"
    line = request
    while line not in (b"\r\n", b""):
        line = client.readline()
    path = request.split()[1]  # la page demandée / the page asked for: b"/allumer"
    if path == b"/allumer":
        relay.on()
    elif path == b"/eteindre":
        relay.off()
    if relay.is_on():
        state = "allumée"
    else:
        state = "éteinte"
    client.send("HTTP/1.0 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n")
    client.send(PAGE % (env.temperature(), state))
    client.close()
