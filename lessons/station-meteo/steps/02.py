# Station météo / Weather station
# Étape 2 : chaque mesure devient une ligne du fichier meteo.csv.
# Step 2: each reading becomes a line of the file meteo.csv.
from kit import display, env, sleep_ms

FILE = "meteo.csv"
PERIOD = 10  # secondes entre deux mesures / seconds between two readings

rows = []  # les lignes du fichier, sans l'en-tête / the file's lines, without the header
seconds = 0  # le temps depuis le début / the time since the start
while True:
    temperature = env.temperature()  # en °C / in °C
    rows.append("%d,%.1f" % (seconds, temperature))  # ex. "20,21.5"
    try:
        with open(FILE, "w") as f:  # on écrit tout le fichier / the whole file is written
            f.write("temps (s),temperature (C)\n")
            for row in rows:
                f.write(row + "\n")
    except OSError:  # la carte ne peut pas écrire / the board cannot write
        display.show(display.NO)
        sleep_ms(1000)
    display.scroll(round(temperature))
    sleep_ms(PERIOD * 1000)
    seconds = seconds + PERIOD
