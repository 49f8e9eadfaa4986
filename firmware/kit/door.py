"""door: is the locker door open? (capteur de porte)

On a micro:bit, a magnet on the door sits next to the compass when the door is closed; on
other boards a reed switch does the same job.

Example:
    from kit import door
    if door.is_open():
        buzzer.tone(1000, 200)
"""

from kit import hw as _hw


def is_open():
    """True when the door is open (the magnet is away from the sensor).

    Example: if door.is_open(): print("ouverte / open")
    """
    return _hw.door_open()
