"""notes: micro:bit melody strings ("c4:4", "r:2", "f#5") to (frequency, milliseconds).

Example:
    from kit.notes import parse
    for hz, ms in parse(["c4:4", "e4:4", "g4:8"]):
        print(hz, ms)

Same rules as micro:bit's `music`: the octave and the length (in ticks) carry over to the next
notes; 4 ticks to a beat at 120 beats a minute, so a tick is 125 ms; "r" is a rest (hz None).
"""

ARTICULATION_MS = 10  # micro:bit's music (modmusic.c) cuts each note this much short
_SEMITONES = {"c": 0, "d": 2, "e": 4, "f": 5, "g": 7, "a": 9, "b": 11}


def frequency(name, octave):
    """Hz of a note name like "c", "f#", "eb" in `octave` (A4 = 440 Hz)."""
    semis = _SEMITONES[name[0]]
    if name[1:] == "#":
        semis += 1
    elif name[1:] == "b":
        semis -= 1
    midi = (octave + 1) * 12 + semis
    return int(440 * 2 ** ((midi - 69) / 12) + 0.5)


def parse(melody, tick_ms=125):
    octave, ticks = 4, 4
    out = []
    for note in melody:
        name, _, length = note.lower().partition(":")
        if length:
            ticks = int(length)
        i = 1
        if len(name) > 1 and name[1] in "#b":
            i = 2
        if name[i:]:
            octave = int(name[i:])
        if (
            not name
            or name[0] not in "abcdefgr"
            or (len(name) > 1 and i == 1 and not name[1:].lstrip("-").isdigit())
        ):
            raise ValueError("note invalide / invalid note %r" % note)
        hz = None if name[0] == "r" else frequency(name[:i], octave)
        out.append((hz, ticks * tick_ms))
    return out


def articulate(notes):
    """(hz, ms) notes as micro:bit's music plays them: each sounds `ms` - 10 (at least 10),
    then 10 ms of silence, so two equal notes in a row are heard as two."""
    out = []
    for hz, ms in notes:
        out.append((hz, max(ms - ARTICULATION_MS, ARTICULATION_MS)))
        out.append((None, ARTICULATION_MS))
    return out
