# Thermomètre min/max / Min/max thermometer
# Étape 4 : A et B ensemble remettent le minimum et le maximum à la température du moment.
# Step 4: A and B together start the minimum and the maximum again.
from kit import buttons, display, env, sleep_ms

lowest = round(env.temperature())  # la plus basse depuis le début / the lowest since the start
highest = lowest  # la plus haute depuis le début / the highest since the start
while True:
    temperature = round(env.temperature())  # en °C, arrondie / in °C, rounded
    if temperature < lowest:
        lowest = temperature  # un nouveau minimum / a new minimum
    if temperature > highest:
        highest = temperature  # un nouveau maximum / a new maximum
    # chaque bouton lu une seule fois par tour / each button read once per turn
    a = buttons.a.was_pressed()
    b = buttons.b.was_pressed()
    if a and b:  # les deux ensemble : on recommence / both together: start again
        lowest = temperature
        highest = temperature
        display.show(display.YES)
        sleep_ms(1000)
    elif a:
        display.show(display.ARROW_S)  # flèche vers le bas : le minimum / down: the minimum
        sleep_ms(500)
        display.scroll(lowest)
    elif b:
        display.show(display.ARROW_N)  # flèche vers le haut : le maximum / up: the maximum
        sleep_ms(500)
        display.scroll(highest)
    else:
        display.scroll(temperature)
    sleep_ms(1000)
