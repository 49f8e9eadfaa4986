# Light the ring's first pixel green with neopixel_write on a DigitalInOut.
# Modelled on: https://docs.circuitpython.org/en/9.2.x/shared-bindings/neopixel_write/
# On the board: the bytes go out in the pixels' GRB order; no output.
# > sent 30
import board
import digitalio
import neopixel_write

pin = digitalio.DigitalInOut(board.NEOPIXEL)
pin.direction = digitalio.Direction.OUTPUT
buf = bytearray(30)
buf[0] = 40  # green of pixel 0
neopixel_write.neopixel_write(pin, buf)
print("sent", len(buf))
