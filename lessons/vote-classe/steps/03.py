# Étape 3 : chaque votant a un numéro, une seule voix par numéro
# Step 3: each voter has a number, one vote per number
from random import randint

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
me = str(randint(1, 99999))  # mon numéro, tiré au hasard / my number, drawn at random
print("rôle / role :", role, me)

votes = {}  # le vote de chaque numéro / each number's vote
while True:
    if role == "votant":
        if buttons.a.was_pressed():
            radio.send("vote:" + me + ":A")
            display.show("A")
        if buttons.b.was_pressed():
            radio.send("vote:" + me + ":B")
            display.show("B")
    else:
        message = radio.receive()
        if message is not None:
            parts = message.split(":")  # "vote:4821:A" -> ["vote", "4821", "A"]
            if len(parts) == 3 and parts[0] == "vote":
                voter = parts[1]
                votes[voter] = parts[2]  # un nouveau vote remplace l'ancien / replaces the old
                display.show(len(votes))
        if buttons.a.was_pressed():  # A : le résultat / A: the result
            count_a = 0
            count_b = 0
            for choice in votes.values():
                if choice == "A":
                    count_a = count_a + 1
                else:
                    count_b = count_b + 1
            print("A :", count_a, "B :", count_b)
            display.scroll("A" + str(count_a) + " B" + str(count_b))
            display.show(len(votes))
        if buttons.b.was_pressed():  # B : un nouveau vote / B: a new vote
            votes = {}
            display.show(0)
    sleep_ms(20)
