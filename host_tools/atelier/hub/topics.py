"""What a message on the class's topics means (the convention of docs/connected.md):

    classe/<label>/<quantity>   a reading: a number ("21.5") or short text ("ouvert")
    classe/<label>/etat         "online" / "offline" (retained; "offline" is the board's last will)
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
        return Message("refused", label=label, quantity=quantity,
                       refused=_("{size} bytes is too long for a reading (at most {limit})")
                       .format(size=len(payload), limit=MAX_TEXT))  # fmt: skip
    try:
        text = payload.decode("utf-8").strip()
    except UnicodeDecodeError:
        return Message("refused", label=label, quantity=quantity,
                       refused=_("the payload is not text (UTF-8)"))  # fmt: skip
    if quantity == STATE:
        state = text.lower()
        if state not in ("online", "offline"):
            return Message("refused", label=label, quantity=quantity,
                           refused=_('state "{text}": expected online or offline').format(
                               text=_printable(text)))  # fmt: skip
        return Message("state", label=label, quantity=quantity, text=state)
    if not text.isprintable():
        return Message("refused", label=label, quantity=quantity,
                       refused=_("the payload holds control characters"))  # fmt: skip
    if _NUMBER.fullmatch(text):
        value = float(text)
        if math.isfinite(value):
            return Message("reading", label=label, quantity=quantity, value=value)
    return Message("reading", label=label, quantity=quantity, text=text)


def _printable(text: str) -> str:
    return "".join(c if c.isprintable() else "?" for c in text[:40])
