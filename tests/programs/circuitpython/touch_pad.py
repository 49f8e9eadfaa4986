# A capacitive touch pad nobody touches.
# Modelled on: https://docs.circuitpython.org/en/9.2.x/shared-bindings/touchio/
# On the board: value is False untouched.
# > False
import board
import touchio

touch = touchio.TouchIn(board.A2)
print(touch.value)
