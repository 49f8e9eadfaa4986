# Serre automatique / Automatic greenhouse
# Étape 1 : l'humidité du sol en % sur l'afficheur 4 chiffres.
# Step 1: the soil moisture in % on the 4-digit display.
from kit import digits, sleep_ms, soil

while True:
    moisture = soil.moisture()  # 0 : sec, 100 : dans l'eau / 0: dry, 100: in water
    digits.show(moisture)
    sleep_ms(500)
