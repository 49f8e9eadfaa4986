# Find the on-board LIS3DH accelerometer on its own I2C bus.
# Modelled on: https://docs.circuitpython.org/en/9.2.x/shared-bindings/busio/ (I2C) and the
# board's pins.c (ACCELEROMETER_SCL/SDA). On the board: the LIS3DH answers at 0x19.
# > ['0x19']
import board
import busio

i2c = busio.I2C(board.ACCELEROMETER_SCL, board.ACCELEROMETER_SDA)
while not i2c.try_lock():
    pass
print([hex(a) for a in i2c.scan()])
i2c.unlock()
