# Station météo / Weather station
# Étape 6 : après un redémarrage, la station continue le même fichier.
# Step 6: after a restart, the station carries on with the same file.
from kit import buttons, display, env, sleep_ms

FILE = "meteo.csv"
PERIOD = 10  # secondes entre deux mesures / seconds between two readings
MAX_ROWS = 60  # 60 mesures de 10 s : 10 minutes / 60 readings 10 s apart: 10 minutes

rows = []  # les lignes du fichier, sans l'en-tête / the file's lines, without the header
seconds = 0  # le temps depuis le début / the time since the start
try:  # le fichier d'avant, s'il y en a un / the file from before, if there is one
    with open(FILE) as f:
        rows = f.read().split("\n")[1:-1]  # sans l'en-tête ni la fin / no header, no end
    seconds = int(rows[-1].split(",")[0]) + PERIOD  # après la dernière / after the last
except (OSError, IndexError, ValueError):  # pas de fichier, ou vide / no file, or empty
    rows = []
while True:
    temperature = env.temperature()  # en °C / in °C
    humidity = env.humidity()  # en % / in %
    rows.append("%d,%.1f,%.1f" % (seconds, temperature, humidity))  # ex. "20,21.5,48.0"
    if len(rows) > MAX_ROWS:
        rows.pop(0)  # la plus ancienne s'en va / the oldest goes
    try:
        with open(FILE, "w") as f:  # on écrit tout le fichier / the whole file is written
            f.write("temps (s),temperature (C),humidite (%)\n")
            for row in rows:
                f.write(row + "\n")
    except OSError:  # la carte ne peut pas écrire / the board cannot write
        display.show(display.NO)
        sleep_ms(1000)
    for _ in range(PERIOD * 10):  # attendre en surveillant A / wait, watching A
        if buttons.a.was_pressed():
            display.scroll("%d C %d %%" % (round(temperature), round(humidity)))
        sleep_ms(100)
    seconds = seconds + PERIOD
