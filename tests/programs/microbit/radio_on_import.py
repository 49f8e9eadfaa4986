# Send on the radio; nothing received back with no other board.
# Modelled on: https://microbit-micropython.readthedocs.io/en/v2-docs/radio.html
# On the board: `import radio` turns the radio on; receive() is None with an empty queue.
# > None
# > None
import radio

radio.config(group=7)
radio.send("hello")
print(radio.receive())
print(radio.receive_bytes())
