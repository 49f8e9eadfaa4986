# La carte sert sa page web / The board serves its own web page
# Étape 2 : la carte répond à chaque navigateur avec une page web.
# Step 2: the board answers every browser with a web page.
import socket

from kit import net

PAGE = """<!DOCTYPE html>
<html lang="fr">
<head>
<meta name="viewport" content="width=device-width">
<title>Ma carte</title>
</head>
<body>
<h1>Bonjour, je suis la carte !</h1>
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
    # la demande : une ligne par information, finie par une ligne vide
    # the request: one line per piece of information, ending with an empty line
    line = client.readline()
    while line not in (b"\r\n", b""):
        line = client.readline()
    client.send("HTTP/1.0 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n")
    client.send(PAGE)
    client.close()
