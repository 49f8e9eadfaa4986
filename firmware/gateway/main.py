# The classroom hub's micro:bit gateway (V1 and V2): what it hears on the radio goes to the
# computer over USB, one line per message; what the computer writes goes out on the radio.
# Flash it with `atelier flash firmware/gateway --all`; `atelier hub` talks to it.
#
# Lines to the computer (print(): 115200 baud, each ends with "\r\n"):
#   H atelier-gateway <version> <group>   hello: at start, after each G line, and every
#                                         second (the hub finds the gateway by listening)
#   R <group> <text>                      a text message heard (radio.send on a board)
#   B <group> <hex>                       a message that is not text (radio.send_bytes)
#   E <reason>                            a line from the computer it could not use
# Lines from the computer (each ends with "\n"):
#   S <text>                              send <text> on the radio, as radio.send does
#   G <group>                             listen and send on this radio group (0-255)
# <text>: the message's bytes, printable ASCII as is, any other byte (and "\") as \xHH.
import radio
from microbit import display, running_time, sleep, uart

VERSION = 2
GROUP = 0  # until the computer says which (G line)
TEXT = b"\x01\x00\x01"  # the header radio.send puts before a text message


def esc(data):
    out = []
    for c in data:
        out.append(chr(c) if 32 <= c < 127 and c != 92 else "\\x%02x" % c)
    return "".join(out)


def unesc(text):
    out = bytearray()
    i = 0
    while i < len(text):
        c = text[i]
        if c == 92:  # \xHH
            if text[i + 1 : i + 2] != b"x":
                raise ValueError
            c = int(text[i + 2 : i + 4], 16)
            i += 3
        out.append(c)
        i += 1
    return bytes(out)


def tune(group):
    radio.config(group=group, queue=10)  # 30 boards may speak at once: a longer queue
    print("H atelier-gateway", VERSION, group)


def command(line, group):
    if line[:2] == b"S ":
        data = unesc(line[2:])
        if len(data) > 29:  # 32 bytes a message, 3 of them the header
            print("E too long")
        else:
            radio.send_bytes(TEXT + data)
    elif line[:2] == b"G ":
        g = int(line[2:])
        if not 0 <= g <= 255:
            raise ValueError
        tune(g)
        return g
    elif line.strip():
        print("E unknown")
    return group


radio.on()
group = GROUP
tune(group)
pending = b""
blink = 0
said = running_time()
while True:
    if running_time() - said >= 1000:  # the banner: `atelier hub --gateway` listens for it
        said = running_time()
        print("H atelier-gateway", VERSION, group)
    m = radio.receive_bytes()
    while m is not None:
        if m[:3] == TEXT:
            print("R", group, esc(m[3:]))
        else:
            print("B", group, "".join("%02x" % c for c in m))
        blink = 9 - blink
        display.set_pixel(2, 2, blink)
        m = radio.receive_bytes()
    if uart.any():
        pending += uart.read() or b""
        while b"\n" in pending:
            line, pending = pending.split(b"\n", 1)
            try:
                group = command(line.strip(), group)
            except ValueError:
                print("E bad")
        if len(pending) > 80:  # no newline in sight: not a line of ours
            pending = b""
            print("E bad")
    sleep(5)
