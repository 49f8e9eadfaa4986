# The `music` module of a simulated micro:bit (MicroPython code, runs in the VM). Notes are
# parsed and timed on the host (atelier/sim/microbit.py Buzzer) so tests see exact tones.
import _simhost
import _simproto as _P
import mbdata as _mbdata

for _name in _mbdata.MELODIES:
    globals()[_name] = list(_mbdata.MELODIES[_name])


def _route(pin):
    import _sim_microbit  # its pins (the shim: on a V1 `microbit` is the pruned copy)

    _sim_microbit._audio_pin(pin, "music")


def play(music, pin="pin0", wait=True, loop=False):
    """Play a melody: a note string like "c4:4" or a list of them."""
    _route(pin)
    if isinstance(music, str):
        music = [music]
    _simhost.call(_P.MUSIC_PLAY, _simhost.dumps([list(music), wait, loop]))


def pitch(frequency, duration=-1, pin="pin0", wait=True):
    """Play a tone of `frequency` Hz for `duration` ms (-1: until stop())."""
    _route(pin)
    _simhost.call(_P.MUSIC_PITCH, "%d %d %d" % (int(frequency), int(duration), 1 if wait else 0))


def stop(pin=None):
    _simhost.send(_P.MUSIC_STOP)


def set_tempo(ticks=-1, bpm=-1):
    _simhost.send(_P.MUSIC_SET_TEMPO, "%d %d" % (ticks, bpm))


def get_tempo():
    b, t = _simhost.call(_P.MUSIC_GET_TEMPO).split()
    return (int(b), int(t))


def reset():
    _simhost.send(_P.MUSIC_RESET)
