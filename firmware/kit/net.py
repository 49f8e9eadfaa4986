"""net: Wi-Fi and MQTT, to send readings to the class's hub and take its commands (réseau).

Example:
    from kit import env, net, sleep_ms
    net.connect()                                 # Wi-Fi, then the class's broker
    while True:
        net.publish("temperature", env.temperature())   # topic classe/<label>/temperature
        sleep_ms(10000)

A board that only serves its own web page joins the Wi-Fi alone: address = net.wifi().
The Wi-Fi network, its password and the broker come from the teacher's computer (net.toml,
see docs/connected.md), never from the lesson. Topics: classe/<label>/<quantity> for readings,
classe/<label>/etat "online <id>" / "offline <id>" (retained; the broker says "offline <id>"
itself when the board is gone; <id> is the board's own, "esp32-a1b2c3d4e5f6", so the hub tells
two boards with one label apart), classe/<label>/cmd/<name> for commands to the board.
A reading that cannot go now (broker restarting, Wi-Fi lost) waits on the board and goes,
in order, once the board is connected again: none lost (up to KEEP of them), none twice.
"""

import time

try:
    import kitnet as _s  # written onto the board with the bundle, never part of a lesson
except ImportError:
    _s = None

KEEP = 200  # readings kept while the broker cannot be reached (the oldest go first beyond)
RETRY_MS = 2000  # how often to try the broker again while it cannot be reached
WIFI_MS = 20000  # how long connect() waits for the Wi-Fi
# The broker says "offline" for a board silent 1.5 x KEEPALIVE seconds (its last will):
# check() pings it when the program sent nothing for half that.
KEEPALIVE = 120
# "online <id>" again this often (retained), while the program calls publish() or check(): the
# hub's sign that the board is there, even when it publishes nothing (hub/topics.py)
ANNOUNCE_MS = 20000

_client = None
_wlan = None
_queue = []  # (topic, payload) not yet acknowledged by the broker
_subs = {}  # topic -> callback
_last_try = None
_last_out = 0  # when the board last sent the broker something (ticks_ms)
_said = 0  # when it last said "online <id>" (ticks_ms)
_OK = "abcdefghijklmnopqrstuvwxyz0123456789_-"


def _board_id():
    # the board's own id, also its MQTT client id (at most 23 characters, as MQTT 3.1 wants):
    # two boards never share one, even when they share a label
    import sys

    import machine

    return ("picow-" if sys.platform == "rp2" else "esp32-") + "".join(
        "%02x" % b for b in machine.unique_id()
    )


_id = _board_id()


def _board_label():
    # net.toml's label if it gives one, else the board's label in the class (the one
    # `atelier deploy` / `atelier label` keep on the board), else one from its MAC address
    lab = getattr(_s, "LABEL", "")
    if not lab:
        try:
            import json

            with open("/.atelier.json") as f:
                lab = json.load(f).get("label", "")
        except (OSError, ValueError, AttributeError):
            lab = ""
    if not lab:
        lab = _id[:6] + _id[-6:]  # "esp32-" and the id's last 3 bytes
    lab = "".join(c if c in _OK else "-" for c in lab.strip().lower())
    return lab.strip("-") or "carte"


_label = _board_label()


def _say(fr, en):
    return "%s / %s" % (fr, en)


def _need_settings():
    if _s is None:
        raise RuntimeError(
            _say(
                "pas de réglages réseau sur la carte (kitnet.py) : envoie-lui le programme "
                "avec atelier",
                "no network settings on the board (kitnet.py): put the program on it with atelier",
            )
        )
    if getattr(_s, "NONE", False):
        raise RuntimeError(
            _say(
                "pas de réglages réseau sur cet ordinateur : crée %s (docs/connected.md)"
                % _s.FILE,
                "no network settings on this computer: create %s (docs/connected.md)" % _s.FILE,
            )
        )


def topic(quantity):
    """The topic of one of this board's readings.

    Example: net.topic("temperature") -> "classe/poste-12/temperature"
    """
    return "classe/%s/%s" % (_label, quantity)


def _broker():
    return _s.BROKER if _s.PORT == 1883 else "%s:%d" % (_s.BROKER, _s.PORT)


def _join_wifi(wait_ms):
    global _wlan
    import network

    _wlan = network.WLAN(network.STA_IF)
    _wlan.active(True)
    if _wlan.isconnected():
        return
    if _wlan.status() != network.STAT_IDLE:
        _wlan.disconnect()  # the driver refuses connect() while it is still trying
    _wlan.connect(_s.SSID, _s.PASSWORD)
    start = time.ticks_ms()
    while not _wlan.isconnected():
        st = _wlan.status()
        if st == network.STAT_WRONG_PASSWORD:
            # the command that fixes it, with what the board knows (never the password)
            fix = "atelier net set --ssid %r --password ... --broker %s" % (_s.SSID, _broker())
            if getattr(_s, "LABEL", None):
                fix += " --label %r" % _s.LABEL  # kept: net set writes the whole file
            raise RuntimeError(
                _say(
                    "Wi-Fi : le réseau %r refuse le mot de passe ; corrige-le sur l'ordinateur "
                    "(%s) puis renvoie le programme" % (_s.SSID, fix),
                    "Wi-Fi: network %r refuses the password; fix it on the computer (%s), "
                    "then put the program on again" % (_s.SSID, fix),
                )
            )
        if st == network.STAT_NO_AP_FOUND:
            raise RuntimeError(
                _say(
                    "Wi-Fi : pas de réseau %r à portée ; vérifie son nom dans net.toml" % _s.SSID,
                    "Wi-Fi: no network %r in range; check its name in net.toml" % _s.SSID,
                )
            )
        if time.ticks_diff(time.ticks_ms(), start) > wait_ms:
            raise RuntimeError(
                _say(
                    "Wi-Fi : pas connecté à %r après %d s" % (_s.SSID, wait_ms // 1000),
                    "Wi-Fi: not connected to %r after %d s" % (_s.SSID, wait_ms // 1000),
                )
            )
        time.sleep_ms(100)


def _open():
    # a new session with the broker: last will "offline", then "online", subscriptions again
    global _client, _said
    from umqtt.simple import MQTTClient

    c = MQTTClient(_id, _s.BROKER, port=_s.PORT, keepalive=KEEPALIVE)
    c.set_last_will(topic("etat"), b"offline " + _id.encode(), retain=True, qos=1)
    c.set_callback(_deliver)
    c.connect()
    _client = c
    c.publish(topic("etat"), b"online " + _id.encode(), retain=True, qos=1)
    _said = time.ticks_ms()
    for t in _subs:
        c.subscribe(t)
    _sent()


def _drop():
    global _client
    if _client is not None:
        try:
            _client.sock.close()
        except Exception:
            pass
    _client = None


def wifi(wait_ms=WIFI_MS):
    """Join the class's Wi-Fi only, no broker (for a board that serves its own web page),
    and give the board's address on the network (one clear error if it cannot join).

    Example:
        address = net.wifi()
        print("http://" + address)
    """
    _need_settings()
    _join_wifi(wait_ms)
    return _wlan.ifconfig()[0]


def connect(wait_ms=WIFI_MS):
    """Join the Wi-Fi (one clear error if it cannot), then the class's broker: if it does not
    answer yet, one line says so and the readings wait on the board until it does.

    Example: net.connect()
    """
    _need_settings()
    global _last_try
    _join_wifi(wait_ms)
    _last_try = time.ticks_ms()
    try:
        _open()
    except Exception as e:  # OSError, or umqtt's MQTTException (the broker said no)
        _drop()
        print(_say(
            "MQTT : le broker %s:%d ne répond pas (%s) ; les mesures attendent sur la carte"
            % (_s.BROKER, _s.PORT, e),
            "MQTT: broker %s:%d does not answer (%s); readings wait on the board"
            % (_s.BROKER, _s.PORT, e)))  # fmt: skip
    _flush()


def connected():
    """True while the board is connected to the broker.

    Example: if not net.connected(): display.show("?")
    """
    return _client is not None


def _again():
    # try the broker again, at most every RETRY_MS
    global _last_try
    if _client is not None:
        return True
    now = time.ticks_ms()
    if _last_try is not None and time.ticks_diff(now, _last_try) < RETRY_MS:
        return False
    _last_try = now
    if _wlan is None or not _wlan.isconnected():
        return False  # the board's Wi-Fi joins again by itself
    try:
        _open()
        return True
    except Exception:  # OSError, MQTTException: again later
        _drop()
        return False


def _flush():
    while _queue and _again():
        t, p = _queue[0]
        try:
            _client.publish(t, p, qos=1)  # returns once the broker acknowledged it
        except Exception:  # OSError, or umqtt's own on a broken answer: again later
            _drop()
            return
        _queue.pop(0)
        _sent()
    _alive()


def _alive():
    # "online <id>" again if it is time (QoS 0: it does not wait for the broker's answer)
    global _said
    if _client is None or time.ticks_diff(time.ticks_ms(), _said) < ANNOUNCE_MS:
        return
    try:
        _client.publish(topic("etat"), b"online " + _id.encode(), retain=True)
    except Exception:  # OSError: the next session says it
        _drop()
        return
    _said = time.ticks_ms()
    _sent()


def _sent():
    global _last_out
    _last_out = time.ticks_ms()


def publish(quantity, value):
    """Send a reading (a number or text) to classe/<label>/<quantity>.

    Example: net.publish("temperature", 21.5)
    """
    _need_settings()
    if len(_queue) >= KEEP:
        _queue.pop(0)
    _queue.append((topic(quantity), str(value).encode()))
    _flush()


def waiting():
    """How many readings wait for the broker.

    Example: print(net.waiting())
    """
    return len(_queue)


def _deliver(t, msg):
    cb = _subs.get(t.decode() if isinstance(t, bytes) else t)
    if cb is not None:
        cb(msg.decode())


def subscribe(name, callback):
    """Call callback(text) for each command classe/<label>/cmd/<name> (see net.check()).

    Example:
        def led(value):
            relay.on() if value == "1" else relay.off()
        net.subscribe("led", led)
    """
    _need_settings()
    t = topic("cmd/" + name)
    _subs[t] = callback
    if _client is not None:
        try:
            _client.subscribe(t)
        except Exception:  # again with the next session (_open)
            _drop()


def check():
    """Handle the commands that came, and send what waits. Call it often in the loop.

    Example: net.check()
    """
    if _client is None:
        _again()
    if _client is not None:
        try:
            if time.ticks_diff(time.ticks_ms(), _last_out) > KEEPALIVE * 500:
                _client.ping()  # the broker's answer comes through check_msg()
                _sent()
            _client.check_msg()
        except Exception:  # OSError, or what umqtt raises on a broken answer
            _drop()
    _flush()
