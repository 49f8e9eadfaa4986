"""radio: short messages between the boards of the class (radio).

A micro:bit talks to micro:bits (its radio), an ESP32 to ESP32s (ESP-NOW). Boards in the same
group (0-255, 0 at start) hear each other; other groups do not. A micro:bit's message holds
29 characters (longer ones are cut), an ESP32's 247.

Example:
    from kit import radio
    radio.group(7)
    radio.send("porte")
    message = radio.receive()  # the next message, or None
"""

from kit import hw as _hw


def group(n):
    """Talk in group `n` (0-255): only the boards in the same group hear each other.

    Example: radio.group(7)
    """
    if not 0 <= n <= 255:
        raise ValueError("groupe de 0 à 255 / group from 0 to 255")
    _hw.radio_group(n)


def send(text):
    """Send `text` to the boards of the group.

    Example: radio.send("ouverte")
    """
    _hw.radio_send(str(text).encode(), 1)


def receive():
    """The next text message received, or None (messages that are not text are skipped).

    Example: message = radio.receive()
    """
    while True:
        m = _hw.radio_receive()
        if m is None:
            return None
        try:
            return str(m, "utf-8")
        except UnicodeError:
            pass


def send_bytes(data):
    """Send bytes (e.g. b"\\x01\\x02") to the boards of the group.

    Example: radio.send_bytes(bytes([1, 2]))
    """
    _hw.radio_send(bytes(data), 0)


def receive_bytes():
    """The next message received as bytes (a text message as its UTF-8 bytes), or None.

    Example: data = radio.receive_bytes()
    """
    return _hw.radio_receive()
