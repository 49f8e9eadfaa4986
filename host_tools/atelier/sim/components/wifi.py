"""The ESP32's Wi-Fi station in a simulated world (MicroPython 1.22, ports/esp32/network_wlan.c
and network_common.c): the access points around the board (`world.wifi`), joining one over
virtual time, the reasons the ESP-IDF driver gives when it fails, signal loss and return, and
the state the board's sockets read (`NET_*`, vm/_sim_socket.py).

The world: `board.world.wifi = {"ecole": {"password": "...", "rssi": -60, "channel": 6}}`
(an open network: password ""), `board.wifi_lost()` / `board.wifi_back()` (or
`world.wifi_signal = False / True`). As the driver does, a station asked to connect keeps
trying (`wifi_sta_connect_requested`: it reconnects after every disconnection, at most
`config(reconnects=n)` times since connect()), so the board joins again by itself when the
signal comes back; every loss of the link ends the board's open TCP connections (`epoch`),
which fail at their next use.

A joined access point that goes out of reach is not noticed at once: the station drops the link
only when no beacon came for BEACON_TIMEOUT_US (reason 200, BEACON_TIMEOUT). Until then
isconnected() is True, status() STAT_GOT_IP, and what the board sends goes nowhere: its sockets
hold it (`link()` ends with "~"), a blocking call waits, and the link's end aborts them; back
within the timeout, the held data goes and nothing was noticed. Once dropped, status() is
STAT_CONNECTING (reason 200) until the first new attempt fails (scan: NO_AP_FOUND, 201, which
status() then shows while the station keeps trying).
"""

from __future__ import annotations

import hashlib
import json
import socket
from collections.abc import Callable

from atelier.i18n import _
from atelier.sim.devices import Delay, SimError
from atelier.sim.hardware import handles
from atelier.sim.vm import _simproto as P

US = 1_000_000
# network.WLAN.status() values and the ESP-IDF disconnection reasons it passes through
STAT_IDLE, STAT_CONNECTING, STAT_GOT_IP = 1000, 1001, 1010
BEACON_TIMEOUT, NO_AP_FOUND, AUTH_FAIL, ASSOC_LEAVE = 200, 201, 202, 8
# Virtual time the driver takes (estimates of a typical ESP32 on a 2.4 GHz home/school network,
# not measurements): a blocking scan of the 13 channels, joining and getting an address by
# DHCP, giving up on a network not found, and on a wrong password: the 4-way handshake times
# out (reason 15, which status() shows as STAT_CONNECTING), then the retry fails with
# CONNECTION_FAIL (205), which 1.22's status() reports as STAT_WRONG_PASSWORD (PR #12932; the
# two reasons came 2.4 s apart in the log of MicroPython issue #11625).
# No public measurement of an ESP32's join under MicroPython was found (checked: Espressif's
# docs give no figure; the published timings found are the ESP8266's, 1.3 to 4 s for a first
# connection with a scan): JOIN_US stays an estimate.
SCAN_US = 2_000_000
JOIN_US = 1_500_000
AUTH_FAIL_US = 2_500_000
NOT_FOUND_US = SCAN_US
# ESP-IDF's station inactive time, after which a station that hears no beacon from its access
# point disconnects (WIFI_REASON_BEACON_TIMEOUT): "Default 6s" (esp_wifi.h,
# esp_wifi_set_inactive_time; MicroPython 1.22's esp32 port, on IDF 5.0.4/5.1.2, never sets it)
BEACON_TIMEOUT_US = 6_000_000
AUTH_WPA2_PSK, AUTH_OPEN = 3, 0


def host_free_port() -> int:
    """A free TCP port on the computer's loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ap_not_simulated() -> SimError:
    return SimError("NotImplementedError", _(
        "{feature} is not simulated; try this part on the real board"
    ).format(feature="network.WLAN(network.AP_IF) (Wi-Fi access point)"))  # fmt: skip


class Wifi:
    """The board's Wi-Fi station (STA) interface and what its sockets need to know."""

    def __init__(self, board):
        self._board = board
        self.ports: dict[int, int] = {}  # board port a server listens on -> the computer's port
        self.reset()
        board.world.on_change(self._update)  # the signal's loss and return, at their time

    def reset(self) -> None:
        # at a reset the driver stops and the board's sockets are gone
        self.started = False  # esp_wifi_start() called: some interface active
        self.sta_active = False
        self.requested = False  # wifi_sta_connect_requested
        self.ssid = ""
        self.key = ""
        self.reason = 0  # wifi_sta_disconn_reason
        self.attempt_us = 0  # when the current attempt to join began
        self.connected = False
        self.epoch = getattr(self, "epoch", 0) + 1
        self.reconnects = 0  # conf_wifi_sta_reconnects: config(reconnects=n) + 1, 0 = for ever
        self.disconnects = 0  # wifi_sta_reconnects: disconnections since connect()
        self.ports.clear()
        self._listening: list[int] = []  # servers bound, not yet announced (on_listen)
        self._ap_since = None
        self._lost_since: int | None = None  # the joined AP out of reach since (no beacons)

    # -- the world ---------------------------------------------------------------------------
    def _aps(self) -> dict[str, dict]:
        w = self._board.world
        return dict(w.wifi) if w.wifi_signal else {}

    def _now(self) -> int:
        return self._board.now_us

    def world_changed(self) -> None:
        """The world's access points or signal changed: update the link at this time."""
        self._update()

    def _track_ap(self, now: int) -> dict | None:
        """The access point joined or being joined (None: out of reach), and since when it is
        there (`_ap_since`)."""
        ap = self._aps().get(self.ssid) if self.ssid else None
        if ap is None:
            self._ap_since = None
        elif self._ap_since is None:
            self._ap_since = now  # the network is there (again) from now
        return ap

    def _beacons_lost(self, ap: dict | None, now: int, timeout_us: int) -> int | None:
        """For a joined station: when it drops the link because its access point is out of
        reach (no beacon for `timeout_us`), or None while it has not (yet)."""
        if ap is not None:
            self._lost_since = None  # beacons again before the timeout: nothing happened
            return None
        if self._lost_since is None:
            self._lost_since = now
        due = self._lost_since + timeout_us
        return due if now >= due else None

    def out_of_reach(self) -> bool:
        """Joined, but the access point is gone and the station has not noticed yet."""
        self._update()
        return self.connected and self._lost_since is not None

    def trying(self) -> bool:
        """The driver still reconnects (wifi_sta_connect_requested, reconnects left)."""
        return self.requested and (self.reconnects == 0 or self.disconnects < self.reconnects)

    def _disconnected(self, reason: int) -> None:
        # WIFI_EVENT_STA_DISCONNECTED: the reason kept, one more disconnection counted (the
        # driver gives up once they reach conf_wifi_sta_reconnects)
        self.reason = reason
        if self.reconnects:
            self.disconnects += 1

    def _update(self) -> None:
        """Bring the link's state to the current virtual time."""
        now = self._now()
        ap = self._track_ap(now)
        if not (self.sta_active and self.requested):
            self._set_connected(False)
            return
        right_key = ap is not None and str(ap.get("password", "")) == self.key
        if self.connected:
            if ap is not None and not right_key:  # the network's password changed: dropped
                self._set_connected(False)
                self._disconnected(AUTH_FAIL)
                self.attempt_us = now
                return
            due = self._beacons_lost(ap, now, BEACON_TIMEOUT_US)
            if due is None:
                return
            self._set_connected(False)  # the beacon timeout: the driver drops the link
            self._disconnected(BEACON_TIMEOUT)
            self.attempt_us = due  # and tries again at once (if reconnects allow)
        if not self.trying():
            return
        if ap is None:
            while now - self.attempt_us >= NOT_FOUND_US:  # each scan that finds nothing
                self._disconnected(NO_AP_FOUND)
                self.attempt_us += NOT_FOUND_US
                if not self.trying():
                    return
            return
        start = max(self.attempt_us, self._ap_since)
        if not right_key:
            if now - start >= AUTH_FAIL_US:
                self.reason = AUTH_FAIL
        elif now - start >= JOIN_US:
            self._set_connected(True)
            self.reason = 0  # IP_EVENT_STA_GOT_IP clears the reason

    _ap_since: int | None = None
    on_listen: Callable[[int, int], None] | None = None  # (board port, computer's port)

    def _set_connected(self, on: bool) -> None:
        if self.connected and not on:
            self.epoch += 1  # the address is gone: open connections end
        self.connected = on
        self._lost_since = None
        espnow = getattr(self._board.hardware, "espnow", None)
        ap = self._aps().get(self.ssid) if on else None
        if espnow is not None and ap:  # joined: the radio, ESP-NOW's too, is on the AP's channel
            espnow.channel = int(ap.get("channel", 1))

    def link(self) -> str:
        """What the board's sockets read: the link's epoch, "~" after it while nothing gets
        through (the access point gone, not yet noticed), "-1" with no link."""
        self._update()
        if not self.connected:
            return "-1"
        return str(self.epoch) + ("~" if self._lost_since is not None else "")

    @property
    def ip(self) -> str:
        """The address the network's DHCP gives this board (one per board, the same each run)."""
        n = int(hashlib.sha256(self._board.name.encode()).hexdigest()[:4], 16)
        return f"192.168.1.{100 + n % 100}"

    def mac(self, interface: int) -> bytes:
        base = bytes.fromhex(self._board.unique_id)  # the ESP32's base MAC: its unique id
        return base[:5] + bytes([(base[5] + interface) & 0xFF])

    # -- network.WLAN ------------------------------------------------------------------------
    @handles(P.WLAN)
    def wlan(self, args):
        method, interface, *rest = json.loads(args)
        if interface == 1 and method not in ("active", "config", "isconnected", "status"):
            raise _ap_not_simulated()
        self._update()
        return getattr(self, "_" + method)(interface, *rest)

    def _active(self, interface, value=None):
        if value is None:
            return json.dumps(self.sta_active if interface == 0 else False)
        if interface == 1:
            if value:
                raise _ap_not_simulated()
            return json.dumps(False)
        if value and not self.sta_active:
            self.sta_active = self.started = True
            self.disconnects = 0  # WIFI_EVENT_STA_START
            if self.requested:
                self.attempt_us = self._now()
        elif not value and self.sta_active:
            self.sta_active = self.started = False
            self._set_connected(False)
        return json.dumps(self.sta_active)

    def _connect(self, interface, ssid=None, key=None):
        if not self.sta_active:
            raise SimError("OSError", "Wifi Not Started")
        if self.trying() and not self.connected:
            # the driver is still trying (joining, or again and again after a failure):
            # esp_wifi_connect() refuses, ESP_ERR_WIFI_CONN (MicroPython issues #17661, #7139)
            return json.dumps({"busy": self._now() // 1000})
        if ssid is not None:
            self.ssid = ssid[:32]
            self.key = (key or "")[:64]
        self._set_connected(False)
        self.requested = True
        self.reason = 0
        self.disconnects = 0
        self.attempt_us = self._now()
        self._ap_since = self.attempt_us if self.ssid in self._aps() else None
        return "null"

    def _disconnect(self, interface):
        self.requested = False
        if self.sta_active:  # else esp_wifi_disconnect() fails: "Wifi Not Started"
            if self.connected:
                self.reason = ASSOC_LEAVE
            self._set_connected(False)
            return "null"
        raise SimError("OSError", "Wifi Not Started")

    def status(self) -> int:
        """network.WLAN().status() now, as network_wlan.c computes it."""
        self._update()
        if self.connected:
            return STAT_GOT_IP
        if self.reason in (NO_AP_FOUND, AUTH_FAIL):
            return self.reason
        if self.reason == ASSOC_LEAVE:
            return STAT_IDLE
        if self.trying() and self.sta_active:
            return STAT_CONNECTING
        return STAT_IDLE if self.reason == 0 else self.reason

    def _status(self, interface, param=None):
        if param is None:
            return json.dumps(self.status() if interface == 0 else None)
        if param == "rssi":
            if interface != 0:
                raise SimError("OSError", "STA required")
            if not self.connected:
                raise SimError("OSError", "Wifi Not Connected")
            return json.dumps(int(self._aps()[self.ssid].get("rssi", -60)))
        if param == "stations":
            raise SimError("OSError", "AP required")
        raise SimError("ValueError", "unknown status param")

    def _isconnected(self, interface):
        return json.dumps(self.connected if interface == 0 else False)

    def _scan(self, interface):
        if not self.sta_active:
            raise SimError("OSError", "STA must be active")
        found = []
        for i, (ssid, ap) in enumerate(sorted(self._aps().items(), key=lambda kv: kv[0])):
            bssid = hashlib.sha256(ssid.encode()).hexdigest()[:12]
            auth = AUTH_WPA2_PSK if ap.get("password") else AUTH_OPEN
            found.append([ssid, bssid, int(ap.get("channel", 1 + 5 * i % 11)),
                          int(ap.get("rssi", -60)), auth, False])  # fmt: skip
        found.sort(key=lambda ap: -ap[3])  # the driver lists the strongest first
        return Delay(SCAN_US, json.dumps(found))

    def _ifconfig(self, interface, value=None):
        if value is not None:
            raise SimError("NotImplementedError", "a fixed address (ifconfig) is not simulated")
        if interface == 0 and self.connected:
            return json.dumps([self.ip, "255.255.255.0", "192.168.1.1", "192.168.1.1"])
        return json.dumps(["0.0.0.0"] * 4)

    def _config(self, interface, name=None, values=None):
        if values:  # setting: what a program sets before connecting
            for key, value in values.items():
                if key == "reconnects":  # -1: for ever (0), n: n reconnections (n + 1)
                    self.reconnects = 0 if int(value) == -1 else int(value) + 1
                elif key not in ("mac", "channel", "hostname", "dhcp_hostname", "txpower",
                                 "pm", "protocol", "ssid", "essid", "key", "password",
                                 "authmode", "security", "hidden", "max_clients"):  # fmt: skip
                    raise SimError("ValueError", "unknown config param")
                elif interface == 0 and key in ("ssid", "essid", "key", "password", "authmode",
                                                "security", "hidden", "max_clients"):  # fmt: skip
                    raise SimError("OSError", "AP required")
            return "null"
        if name == "mac":
            return json.dumps(self.mac(interface).hex())
        if name in ("ssid", "essid"):
            return json.dumps(self.ssid if interface == 0 else "")
        if name == "channel":
            ap = self._aps().get(self.ssid) if self.connected else None
            return json.dumps(int(ap.get("channel", 1)) if ap else 1)
        if name in ("hostname", "dhcp_hostname"):
            if interface != 0:
                raise SimError("OSError", "STA required")
            return json.dumps("mpy-esp32")
        if name == "reconnects":
            if interface != 0:
                raise SimError("OSError", "STA required")
            return json.dumps(self.reconnects - 1)
        if name == "txpower":
            return json.dumps(20.0)
        raise SimError("ValueError", "unknown config param")

    # -- sockets -----------------------------------------------------------------------------
    @handles(P.NET_LINK)
    def net_link(self, args):
        self._announce()
        return self.link()

    @handles(P.NET_WAIT)
    def net_wait(self, args):
        # the VM waited this long (real time) on its sockets: the board's clock moves as much
        self._announce()
        return Delay(max(int(args or 0), 1), self.link)

    def _announce(self) -> None:
        # a server bound before is listening by the time the board waits on the network
        # (accept, poll): now the computer can reach it
        while self._listening:
            port = self._listening.pop(0)
            if self.on_listen is not None and port in self.ports:
                self.on_listen(port, self.ports[port])

    @handles(P.NET_RESOLVE)
    def net_resolve(self, args):
        if not self.connected:
            return Delay(5000, "-202")  # lwIP's DNS cannot send: EAI_FAIL
        try:
            return Delay(20_000, socket.gethostbyname(args.strip()))
        except OSError:
            return Delay(20_000, "-202")

    @handles(P.NET_BIND)
    def net_bind(self, args):
        port = int(args)
        if port not in self.ports:
            self.ports[port] = host_free_port()
            self._listening.append(port)  # `atelier run` says where the computer reaches it
        return str(self.ports[port])

    @handles(P.NET_UNBIND)
    def net_unbind(self, args):
        self.ports.pop(int(args), None)
