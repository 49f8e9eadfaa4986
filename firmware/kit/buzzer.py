"""buzzer: beeps and melodies (buzzer, haut-parleur).

Example:
    from kit import buzzer
    buzzer.tone(880, 200)
    buzzer.play(["c4:4", "e4:4", "g4:8"])
"""

from kit import hw as _hw


def tone(frequency_hz, duration_ms, wait=True):
    """Play a tone of `frequency_hz` Hz for `duration_ms` ms (wait=False: carry on meanwhile).

    Example: buzzer.tone(440, 500)
    """
    _hw.tone(frequency_hz, duration_ms, wait)


def play(melody, wait=True):
    """Play a melody: micro:bit note strings "NOTE[octave][:beats]", e.g. "c4:4", "r:2" rest.

    Example: buzzer.play(["e4:2", "d4:2", "c4:4"])
    """
    if isinstance(melody, str):
        melody = melody.split()
    _hw.play(melody, wait)


def stop():
    """Stop any sound now.

    Example: buzzer.stop()
    """
    _hw.stop()
