"""English to phonemes as the micro:bit's `speech.translate` does it: SAM's reciter.

The reciter walks the text left to right; at each letter it tries that letter's rules in order
and applies the first that matches. A rule reads `prefix(match)suffix=PHONEMES`: `match` must
be the text here, `prefix` what comes before it (read right to left), `suffix` what comes
after. Besides letters, the context holds classes of characters (the notation of the NRL
letter-to-sound rules SAM's reciter follows):

    ' ' not a letter          '#' a vowel (A E I O U Y)       '.' a voiced consonant
    '&' a sibilant (or CH/SH) '@' T S R D L Z N J              '^' a consonant
    '+' E, I or Y             ':' zero or more consonants     '%' a suffix: E ER ES ED ELY EFUL ING

Punctuation and digits have their own rules. The rules themselves are not in this repository:
they are read from the micro:bit V2 runtime that `micropython-microbit-fs` ships (the reciter's
rule tables in its flash), so the translation is the board's own. The engine is ours, written
from the behaviour of the runtime's reciter (micropython-microbit-v2 lib/sam/reciter.c).
"""

from __future__ import annotations

import functools

END = 155  # the reciter's end-of-phonemes byte
MAX_OUT = 120  # the reciter stops at a word boundary past this many phoneme characters

LETTER, VOWEL, CONSONANT, SIBILANT, VOICED, AT, PUNCT, DIGIT = 128, 64, 32, 16, 8, 4, 2, 1


def _flags() -> list[int]:
    """Each character's classes (the reciter's flag table)."""
    flags = [0] * 128
    for c in '!"#$%&*+,-./:;<=>?@^':
        flags[ord(c)] = PUNCT
    for c in "0123456789":
        flags[ord(c)] = PUNCT | DIGIT
    flags[ord("'")] = LETTER | PUNCT  # an apostrophe matches as a letter inside words
    for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        f = LETTER | (VOWEL if c in "AEIOUY" else CONSONANT)
        f |= VOICED if c in "BDGJLMNRVWZ" else 0
        f |= SIBILANT if c in "CGJSXZ" else 0
        f |= AT if c in "DJLNRSTZ" else 0
        flags[ord(c)] = f
    return flags


FLAGS = _flags()


def _parts(text: bytes) -> tuple[str, str, str, str] | None:
    """prefix, match, suffix, phonemes of `prefix(match)suffix=PHONEMES`, as the reciter reads
    it: the first "(", the first ")" after it, the first "=" after that."""
    try:
        s = text.decode("ascii")
    except UnicodeDecodeError:
        return None
    o = s.find("(")
    c = s.find(")", o + 2)
    e = s.find("=", c + 1)
    if o < 0 or c < 0 or e < 0 or not s.isprintable():
        return None
    return s[:o], s[o + 1 : c], s[c + 1 : e], s[e + 1 :]


class Rule:
    def __init__(self, text: bytes):
        parts = _parts(text)
        if parts is None:
            raise ValueError(text)
        self.prefix, self.match, self.suffix, self.out = parts


def _entries(flash: bytes, start: int):
    """The high-bit-terminated strings from `start` on: (text, position after it)."""
    i = start
    while i < len(flash):
        j = i
        while j < len(flash) and flash[j] < 0x80:
            j += 1
        if j >= len(flash):
            return
        yield flash[i:j] + bytes([flash[j] & 0x7F]), j + 1
        i = j + 1


@functools.cache
def rules() -> tuple[dict[str, list[Rule]], list[Rule]]:
    """({letter: its rules}, the punctuation and digit rules), read from the V2 runtime."""
    import micropython_microbit_fs as mbfs
    from micropython_microbit_fs.hex_utils import load_hex

    ih = load_hex(mbfs.get_bundled_hex(2, "2.1.2").content)
    flash = ih.tobinstr(start=0, end=ih.maxaddr() if ih.maxaddr() < 0x80000 else 0x7FFFF)
    # the punctuation rules open with "(A)=" (a rule that only marks the start) and end with
    # the marker of the letter rules' first section, "]A"
    start = flash.find(b"(A)\xbd")
    if start < 0:
        raise ValueError("no reciter rules in the micro:bit runtime")
    punctuation: list[Rule] = []
    pos = start
    for text, pos in _entries(flash, start + 4):  # noqa: B007 - pos is where the rules end
        if text == b"]A":
            break
        punctuation.append(Rule(text))
    letters: dict[str, list[Rule]] = {}
    section: list[Rule] | None = None
    for text, _end in _entries(flash, pos - 2):
        if len(text) == 2 and text[:1] == b"]" and 65 <= text[1] <= 90:
            section = letters.setdefault(chr(text[1]), [])
            continue
        if section is None or _parts(text) is None:
            break
        section.append(Rule(text))
    if len(letters) != 26:
        raise ValueError("incomplete reciter rules in the micro:bit runtime")
    return letters, punctuation


def _flag(text: str, i: int) -> int:
    return FLAGS[ord(text[i]) & 0x7F] if 0 <= i < len(text) else 0


def _prefix_ok(prefix: str, text: str, pos: int) -> bool:
    """Match the rule's left context, right to left, before text[pos]."""
    for p in reversed(prefix):
        if FLAGS[ord(p)] & LETTER:
            if pos - 1 < 0 or text[pos - 1] != p:
                return False
            pos -= 1
        elif p == ":":
            while _flag(text, pos - 1) & CONSONANT:
                pos -= 1
        elif p == "+":
            if pos - 1 < 0 or text[pos - 1] not in "EIY":
                return False
            pos -= 1
        else:
            f = _flag(text, pos - 1)
            if p == " ":
                ok = not f & LETTER
            elif p == "#":
                ok = bool(f & VOWEL)
            elif p == ".":
                ok = bool(f & VOICED)
            elif p == "^":
                ok = bool(f & CONSONANT)
            elif p == "@":
                ok = bool(f & AT)
            elif p == "&":
                ok = bool(f & SIBILANT)
                if not ok and text[pos - 1 : pos] == "H" and text[pos - 2 : pos - 1] in ("C", "S"):
                    pos -= 1  # CH, SH: two letters
                    ok = True
            else:
                raise ValueError(f"bad rule context {p!r}")
            if not ok:
                return False
            pos -= 1
    return True


def _suffix_ok(suffix: str, text: str, last: int) -> bool:
    """Match the rule's right context, left to right, after text[last]."""
    pos = last
    for s in suffix:
        if FLAGS[ord(s)] & LETTER:
            if text[pos + 1 : pos + 2] != s:
                return False
            pos += 1
        elif s == ":":
            while _flag(text, pos + 1) & CONSONANT:
                pos += 1
        elif s == "+":
            if text[pos + 1 : pos + 2] not in ("E", "I", "Y"):
                return False
            pos += 1
        elif s == "%":
            end = _ending(text, pos + 1)
            if end is None:
                return False
            pos = end
        else:
            f = _flag(text, pos + 1)
            if s == " ":
                ok = not f & LETTER
            elif s == "#":
                ok = bool(f & VOWEL)
            elif s == ".":
                ok = bool(f & VOICED)
            elif s == "^":
                ok = bool(f & CONSONANT)
            elif s == "@":
                ok = bool(f & AT)
            elif s == "&":
                ok = bool(f & SIBILANT)
                # the board's reciter looks for H then C or S here (after, not before)
                if (
                    not ok
                    and text[pos + 1 : pos + 2] == "H"
                    and text[pos + 2 : pos + 3] in ("C", "S")
                ):
                    pos += 1
                    ok = True
            else:
                raise ValueError(f"bad rule context {s!r}")
            if not ok:
                return False
            pos += 1
    return True


def _ending(text: str, i: int) -> int | None:
    """Where a suffix (E, ER, ES, ED, ELY, EFUL, ING) starting at text[i] ends, or None."""
    c = text[i : i + 1]
    if c == "E":
        if not _flag(text, i + 1) & LETTER:
            return i
        if text[i + 1 : i + 2] in ("R", "S", "D"):
            return i + 1
        if text[i + 1 : i + 3] == "LY":
            return i + 2
        if text[i + 1 : i + 4] == "FUL":
            return i + 3
        return None
    if text[i : i + 3] == "ING":
        return i + 2
    return None


def _normal(ch: str) -> str:
    """A character as the reciter reads it: 7 bits, lower case as upper case."""
    a = ord(ch) & 0x7F
    if a >= 112:
        a &= 95
    elif a >= 96:
        a &= 79
    return chr(a)


def translate(words: str) -> str:
    """The phonemes the micro:bit's reciter gives for `words` (at most 80 bytes)."""
    letters, punctuation = rules()
    data = words.encode("utf-8")
    text = " " + "".join(_normal(chr(b)) for b in data)
    end = text.find("[")  # the reciter stops at its end marker, as '{' and '[' read
    if end >= 0:
        text = text[:end]
    out = ""
    i = 0  # the reciter starts at the space it puts before the text
    while i < len(text):
        c = text[i]
        if c == "." and not _flag(text, i + 1) & DIGIT:
            out += "."
            i += 1
            continue
        f = FLAGS[ord(c)]
        if f & PUNCT:
            candidates = punctuation
        elif f == 0:
            text = text[:i] + " " + text[i + 1 :]
            if len(out) > MAX_OUT:
                break
            out += " "
            i += 1
            continue
        elif not f & LETTER:
            raise ValueError("could not parse input")
        else:
            candidates = letters[c]
        for rule in candidates:
            last = i + len(rule.match) - 1
            if text[i : last + 1] != rule.match:
                continue
            if _prefix_ok(rule.prefix, text, i) and _suffix_ok(rule.suffix, text, last):
                out += rule.out
                i = last + 1
                break
        else:
            i += 1  # no rule (the tables always end with one that matches)
    return out
