# La carte sert sa page web / The board serves its own web page
# Étape 5 : une page inconnue répond 404, une demande bizarre ne bloque plus la carte.
# Step 5: an unknown page answers 404, a strange request no longer stops the board.
import socket

from kit import env, net, relay

# <link rel="icon" href="data:,"> : pas d'icône d'onglet, le navigateur ne demande plus
# /favicon.ico (qui répondrait 404) / no tab icon: the browser no longer asks for /favicon.ico
PAGE = """<!DOCTYPE html>
<html lang="fr">
<head>
<meta name="viewport" content="width=device-width">
<title>Ma carte</title>
<link rel="icon" href="data:,">
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
NOT_FOUND = """<!DOCTYPE html>
<html lang="fr">
<head>
<meta name="viewport" content="width=device-width">
<title>Introuvable</title>
<link rel="icon" href="data:,">
</head>
<body><p>Cette page n'existe pas. <a href="/">Retour</a></p></body>
</html>
"""


def answer(client):
    request = client.readline()  # par exemple / for example b"GET /allumer HTTP/1.1\r\n"
    line = request
    while line not in (b"\r\n", b""):
        line = client.readline()
    words = request.split()
    if len(words) < 2:  # pas une demande de page / not a page request
        client.send("HTTP/1.0 400 Bad Request\r\n\r\n")
        return
    path = words[1]
    if path == b"/allumer":
        relay.on()
    elif path == b"/eteindre":
        relay.off()
    elif path != b"/":
        client.send("HTTP/1.0 404 Not Found\r\nContent-Type: text/html; charset=utf-8\r\n\r\n")
        client.send(NOT_FOUND)
        return
    if relay.is_on():
        state = "allumée"
    else:
        state = "éteinte"
    client.send("HTTP/1.0 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n")
    client.send(PAGE % (env.temperature(), state))


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
    client.settimeout(2)  # un navigateur muet 2 s est abandonné / a silent browser: give up
    try:
        answer(client)
    except OSError as e:  # le navigateur est parti, ou muet / the browser left, or is silent
        print("Demande abandonnée :", e)
    client.close()
