# Station météo / Weather station
# Étape 5 : l'afficheur se repose, le bouton A montre la dernière mesure.
# Step 5: the display rests, button A shows the last reading.
from kit import buttons, display, env, sleep_ms

FILE = "meteo.csv"
PERIOD = 10  # secondes entre deux mesures / seconds between two readings
MAX_ROWS = 60  # 60 mesures de 10 s : 10 minutes / 60 readings 10 s apart: 10 minutes

rows = []  # les lignes du fichier, sans l'en-tête / the file's lines, without the header
seconds = 0  # le temps depuis le début / the time since the start
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
