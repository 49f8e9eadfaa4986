# La carte sert sa page web / The board serves its own web page
# Étape 3 : la page montre la température que mesure la carte.
# Step 3: the page shows the temperature the board measures.
import socket

from kit import env, net

# %.1f : un nombre avec un chiffre après la virgule / a number with one decimal
PAGE = """<!DOCTYPE html>
<html lang="fr">
<head>
<meta name="viewport" content="width=device-width">
<title>Ma carte</title>
</head>
<body>
<h1>Ma carte</h1>
<p>Température : %.1f °C</p>
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
    line = client.readline()
    while line not in (b"\r\n", b""):
        line = client.readline()
    client.send("HTTP/1.0 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n")
    # mesurée à chaque demande : la page est toujours à jour
    # measured at every request: the page is always up to date
    client.send(PAGE % env.temperature())
    client.close()
