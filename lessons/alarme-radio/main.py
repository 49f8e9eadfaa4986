# Étape 3 : le capteur répète son message tant que la porte est ouverte
# Step 3: the sensor repeats its message while the door stays open
from kit import buttons, buzzer, display, door, radio, sleep_ms

radio.group(12)  # le même groupe sur les deux cartes / the same group on both boards

# A : cette carte est le capteur (sur la porte) ; B : elle va dans la poche
# A: this board is the sensor (on the door); B: it goes in the pocket
role = ""
display.show("?")
while role == "":
    if buttons.a.was_pressed():
        role = "capteur"
        display.show("C")
    if buttons.b.was_pressed():
        role = "poche"
        display.show("P")
    sleep_ms(50)
print("rôle / role :", role)

while True:
    if role == "capteur":
        if door.is_open():
            # un message peut se perdre : on le répète deux fois par seconde
            # a message can get lost: send it again twice a second
            radio.send("ouverte")
            print("porte ouverte / door open")
        sleep_ms(500)
    else:
        message = radio.receive()
        if message == "ouverte":
            print("alerte ! / alert!")
            display.show(display.ANGRY)
            buzzer.tone(988, 300)
        elif message is None:
            display.show("P")
        sleep_ms(50)
