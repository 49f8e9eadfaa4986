"""What a message on the class's topics means (the convention of docs/connected.md):

    classe/<label>/<quantity>   a reading: a number ("21.5") or short text ("ouvert")
    classe/<label>/etat         "online <id>" / "offline <id>" (retained; "offline <id>" is the
                                board's last will; <id> is the board's own unique id, so two
                                boards under one label are told apart with any broker; a
                                payload without it, "online" / "offline", is read too)
    classe/<label>/cmd/<name>   a command to the board (the hub does not record these)

Pure functions, so the hub, the tests and the gateway read topics the same way."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from atelier.i18n import _

ROOT = "classe"
SUBSCRIPTION = "classe/#"
STATE = "etat"
COMMANDS = "cmd"
MAX_TEXT = 256  # bytes: a reading kept as text is a word or a short sentence
MAX_LABEL = 64  # characters of a board's label or a quantity's name
# A board says "online <id>" again at least this often while its program runs (kit.net): the
# hub's sign that a board is there even when it publishes nothing.
ANNOUNCE_EVERY = 20  # seconds
_IDENTITY = re.compile(r"[A-Za-z0-9_.:-]{1,32}")
# A plain decimal number as boards print them ("21.5", "-3", "1e3"); Python's float() would
# also take "nan", "inf" and "1_000", which are not readings.
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


@dataclass(frozen=True)
class Message:
    """One message of the class's topics, read: a reading, a state, or refused (`refused` says
    why, in the user's language)."""

    kind: str  # "reading", "state", "command", "refused", "ignored"
    label: str = ""
    quantity: str = ""
    value: float | None = None
    text: str | None = None
    refused: str = ""
    identity: str = ""  # a state's board: its unique id ("esp32-a1b2c3d4e5f6"), if it says


def read(topic: str, payload: bytes) -> Message:
    """What `payload` on `topic` means. Never raises: garbage is a Message of kind "refused"."""
    parts = topic.split("/")
    if parts[0] != ROOT:
        return Message("ignored")
    if len(parts) < 3:
        return Message("refused", label=parts[1] if len(parts) > 1 else "",
                       refused=_("topic {topic}: expected classe/<label>/<quantity>").format(
                           topic=topic[:120]))  # fmt: skip
    label = parts[1]
    if not label or len(label) > MAX_LABEL:
        why = _("a board's label is 1 to {n} characters").format(n=MAX_LABEL)
        return Message("refused", label=label[:MAX_LABEL], refused=why)
    if parts[2] == COMMANDS:
        return Message("command", label=label)
    if len(parts) != 3 or not parts[2] or len(parts[2]) > MAX_LABEL:
        return Message("refused", label=label,
                       refused=_("topic {topic}: expected classe/<label>/<quantity>").format(
                           topic=topic[:120]))  # fmt: skip
    quantity = parts[2]
    if not payload:  # how a retained message is cleared: nothing was read
        return Message("ignored", label=label, quantity=quantity)
    if len(payload) > MAX_TEXT:
        return too_long(label, quantity, len(payload))
    try:
        text = payload.decode("utf-8").strip()
    except UnicodeDecodeError:
        return Message("refused", label=label, quantity=quantity,
                       refused=_("the payload is not text (UTF-8)"))  # fmt: skip
    if quantity == STATE:
        state, _sep, identity = text.partition(" ")
        state, identity = state.lower(), identity.strip()
        if state not in ("online", "offline") or (identity and not _IDENTITY.fullmatch(identity)):
            return Message("refused", label=label, quantity=quantity,
                           refused=_('state "{text}": expected online or offline').format(
                               text=_printable(text)))  # fmt: skip
        return Message("state", label=label, quantity=quantity, text=state, identity=identity)
    if not text.isprintable():
        return Message("refused", label=label, quantity=quantity,
                       refused=_("the payload holds control characters"))  # fmt: skip
    if _NUMBER.fullmatch(text):
        value = float(text)
        if math.isfinite(value):
            return Message("reading", label=label, quantity=quantity, value=value)
    return Message("reading", label=label, quantity=quantity, text=text)


def too_long(label: str, quantity: str, size: int) -> Message:
    """A payload of `size` bytes, refused (the hub's reading, or the embedded broker that did
    not even keep it: the same line for the teacher)."""
    return Message("refused", label=label, quantity=quantity,
                   refused=_("{size} bytes is too long for a reading (at most {limit})").format(
                       size=size, limit=MAX_TEXT))  # fmt: skip


def _printable(text: str) -> str:
    return "".join(c if c.isprintable() else "?" for c in text[:40])
