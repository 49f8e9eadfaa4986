# Dim the red LED with PWM.
# Modelled on: https://docs.circuitpython.org/en/9.2.x/shared-bindings/pwmio/
# On the board: frequency and duty_cycle read back.
# > 5000 32768
import board
import pwmio

led = pwmio.PWMOut(board.LED, frequency=5000, duty_cycle=0)
led.duty_cycle = 32768
print(led.frequency, led.duty_cycle)
