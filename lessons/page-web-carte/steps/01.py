# La carte sert sa page web / The board serves its own web page
# Étape 1 : la carte rejoint le Wi-Fi de la classe et dit son adresse.
# Step 1: the board joins the class's Wi-Fi and tells its address.
from kit import net

# le nom du réseau et son mot de passe viennent de l'ordinateur de la classe, pas du programme
# the network's name and password come from the class's computer, not from the program
address = net.wifi()
print("Ma carte est sur le réseau :", address)
