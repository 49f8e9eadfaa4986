# Étape 2 : une carte sur la porte, une carte dans la poche
# Step 2: one board on the door, one board in the pocket
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

was_open = False
while True:
    if role == "capteur":
        is_open = door.is_open()
        if is_open and not was_open:  # la porte vient de s'ouvrir / the door just opened
            radio.send("ouverte")
            print("porte ouverte / door opened")
        was_open = is_open
    else:
        message = radio.receive()
        if message == "ouverte":
            print("alerte ! / alert!")
            display.show(display.ANGRY)
            buzzer.tone(988, 300)
    sleep_ms(50)
