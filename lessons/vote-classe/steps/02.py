# Étape 2 : une carte devient l'urne et compte les votes
# Step 2: one board becomes the ballot box and counts the votes
from kit import buttons, display, radio, sleep_ms

radio.group(30)  # le même groupe pour toute la classe / one group for the whole class

# A : cette carte vote ; B : elle devient l'urne qui compte
# A: this board votes; B: it becomes the ballot box that counts
role = ""
display.show("?")
while role == "":
    if buttons.a.was_pressed():
        role = "votant"
        display.show("V")
    if buttons.b.was_pressed():
        role = "urne"
        display.show(0)
    sleep_ms(50)
print("rôle / role :", role)

count_a = 0
count_b = 0
while True:
    if role == "votant":
        if buttons.a.was_pressed():
            radio.send("A")
            display.show("A")
        if buttons.b.was_pressed():
            radio.send("B")
            display.show("B")
    else:
        message = radio.receive()
        if message == "A":
            count_a = count_a + 1
        if message == "B":
            count_b = count_b + 1
        if message == "A" or message == "B":
            display.show(count_a + count_b)  # les votes reçus / the votes received
        if buttons.a.was_pressed():  # A : le résultat / A: the result
            print("A :", count_a, "B :", count_b)
            display.scroll("A" + str(count_a) + " B" + str(count_b))
            display.show(count_a + count_b)
        if buttons.b.was_pressed():  # B : un nouveau vote / B: a new vote
            count_a = 0
            count_b = 0
            display.show(0)
    sleep_ms(20)
