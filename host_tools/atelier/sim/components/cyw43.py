"""The Pico W's Wi-Fi station (its Infineon CYW43439) in a simulated world: MicroPython 1.22's
extmod/network_cyw43.c over the cyw43-driver (src/cyw43_ctrl.c, cyw43_lwip.c), the same world
and sockets as the ESP32's (`wifi.py`: `world.wifi`, `board.wifi_lost()` / `wifi_back()`).

Where the CYW43 differs from the ESP32, as its sources say:
- status() is the driver's link state: STAT_IDLE 0 (CYW43_LINK_DOWN), STAT_CONNECTING 1
  (JOIN), 2 (NOIP: joined, waiting for an address from DHCP), STAT_GOT_IP 3 (UP),
  STAT_CONNECT_FAIL -1, STAT_NO_AP_FOUND -2 (NONET), STAT_WRONG_PASSWORD -3 (BADAUTH);
- active() with no argument reads that link state: False after active(True) until connect()
  (cyw43_tcpip_link_status is 0), True after a failed join; active(False) leaves the station
  as it is (cyw43_wifi_set_up only stops the access point); deinit() powers the chip down;
- connect() before active(True) is OSError(1) (EPERM); connect() while joining starts again
  (no "busy" error); a join that fails stays failed (no retry: the program calls connect()
  again), but a link lost once joined is rejoined by the chip's firmware when the network
  comes back, status() reading 1 meanwhile;
- scan() gives (ssid, bssid, channel, rssi, security, 1): security is the chip's bit field
  (1 WEP/privacy, 2 WPA, 4 WPA2: a WPA2 network is 5), the last field how often it was seen;
- a network that goes out of reach is noticed only LINK_LOSS_US later (no beacon meanwhile):
  until then the link is up and what the board sends goes nowhere (as on the ESP32, wifi.py);
  then the link is down but, unlike the ESP32's, the open TCP connections are not aborted:
  they wait (what they send held on the board) and go on once the chip has rejoined;
- config() knows antenna, channel, ssid, security, mac, pm, txpower and hostname; setting
  ssid, key or security on the station sets the access point's, without an error.
"""

from __future__ import annotations

import json

from atelier.sim.components.wifi import Wifi, _ap_not_simulated
from atelier.sim.devices import Delay, SimError

# cyw43.h's CYW43_LINK_* (network.STAT_*)
LINK_DOWN, LINK_JOIN, LINK_NOIP, LINK_UP = 0, 1, 2, 3
LINK_FAIL, LINK_NONET, LINK_BADAUTH = -1, -2, -3
# Virtual time the chip takes (estimates of a Pico W on a 2.4 GHz school network, not
# measurements): a blocking scan, joining (the last DHCP_US of it waiting for an address),
# giving up on a network not found, and on a wrong password (the WPA2 handshake's timeouts).
# No public measurement was found: Raspberry Pi's "Connecting to the Internet with Pico W"
# (its example) waits up to 10 s in 1 s steps for status() to reach 3 or fail, a bound, not a
# join time; JOIN_US stays an estimate.
SCAN_US = 2_000_000
JOIN_US = 2_000_000
DHCP_US = 500_000
NOT_FOUND_US = 2_500_000
AUTH_FAIL_US = 3_000_000
# How long the chip goes on without a beacon before its link goes down (WLC_E_LINK, link down:
# cyw43_ctrl.c sets the netif's link down, status() reads STAT_CONNECTING). The cyw43-driver
# sets no "bcn_timeout" and the firmware's default is not documented; Linux's brcmfmac driver
# for the same Broadcom/Cypress chips sets 4 (its BRCMF_DEFAULT_BCN_TIMEOUT_ROAM_OFF). An
# estimate, not a measurement: 4 s.
LINK_LOSS_US = 4_000_000
# the driver's defaults before DHCP answers (cyw43_config.h: the station's gateway and DNS)
NO_ADDRESS = ["0.0.0.0", "255.255.255.0", "192.168.0.1", "8.8.8.8"]
SEC_OPEN, SEC_WPA2 = 0, 5  # scan()'s security field
PM_PERFORMANCE = 0xA11142  # CYW43_DEFAULT_PM
AP_AUTH = 0x00400004  # CYW43_AUTH_WPA2_AES_PSK: the access point's security, config("security")
OUI = bytes.fromhex("28cdc1")  # Raspberry Pi Trading's, which the Pico W's MAC starts with


class Cyw43Wifi(Wifi):
    """The Pico W's station interface and what its sockets need to know."""

    def reset(self) -> None:
        super().reset()
        self.powered = False  # the chip is up (active(True) once, until deinit())
        self.join = LINK_DOWN  # the driver's wifi_join_state, as a link state
        self.linked_once = False  # joined since connect(): the firmware rejoins after a loss
        self.pm = PM_PERFORMANCE
        self._start_us = 0

    def _leave(self) -> None:
        # the station leaves (connect() again, disconnect(), deinit()): its connections end,
        # the link up or down after a loss
        if self.linked_once and not self.connected:
            self.epoch += 1
        self.linked_once = False
        self._set_connected(False)

    # -- the link over virtual time ------------------------------------------------------------
    def _update(self) -> None:
        now = self._now()
        ap = self._track_ap(now)
        if not self.powered or self.join != LINK_JOIN:
            self._set_connected(False)
            return
        right_key = ap is not None and str(ap.get("password", "")) == self.key
        if self.connected:
            if ap is not None and not right_key:  # the network's password changed
                self._set_connected(False)
                self.attempt_us = now
                return
            due = self._beacons_lost(ap, now, LINK_LOSS_US)
            if due is not None:  # no beacon for that long: the link is down, the firmware
                self.connected = False  # tries again; the address and the connections stay
                self.attempt_us = due
            return
        if ap is None:
            if not self.linked_once and now - self.attempt_us >= NOT_FOUND_US:
                self.join = LINK_NONET
            return
        self._start_us = max(self.attempt_us, self._ap_since)
        if not right_key:
            if now - self._start_us >= AUTH_FAIL_US:
                self.join = LINK_BADAUTH
        elif now - self._start_us >= JOIN_US:
            self._set_connected(True)
            self.linked_once = True

    def link(self) -> str:
        """What the board's sockets read (wifi.py's, and "epoch!" while the link is down after
        a join: cyw43_cb_tcpip_set_link_down only takes the netif's link down, so lwIP keeps
        the address and the open TCP connections, which wait for the chip to rejoin, while a
        new connect() finds no route)."""
        got = super().link()
        if got == "-1" and self.powered and self.join == LINK_JOIN and self.linked_once:
            return f"{self.epoch}!"
        return got

    def status(self) -> int:
        """network.WLAN().status() now: cyw43_tcpip_link_status."""
        self._update()
        if self.connected:
            return LINK_UP
        if self.join == LINK_JOIN and self.linked_once is False:
            ap = self._aps().get(self.ssid)
            if ap is not None and str(ap.get("password", "")) == self.key:
                if self._now() - self._start_us >= JOIN_US - DHCP_US:
                    return LINK_NOIP  # associated, no address yet
        return self.join

    def mac(self, interface: int) -> bytes:
        return OUI + bytes.fromhex(self._board.unique_id)[-3:]

    # -- network.WLAN ------------------------------------------------------------------------
    def _active(self, interface, value=None):
        if value is None:
            return json.dumps(interface == 0 and self.status() != LINK_DOWN)
        if interface == 1:
            if value:
                raise _ap_not_simulated()
            return "null"
        if value:
            self.powered = self.sta_active = self.started = True
        return "null"

    def _deinit(self, interface):
        self._leave()
        self.powered = self.sta_active = self.started = False
        self.join = LINK_DOWN
        self.requested = False
        return "null"

    def _connect(self, interface, ssid=None, key=None):
        if not self.powered:
            raise SimError("OSError", "1")  # -CYW43_EPERM: the chip is not up
        self._leave()
        self.ssid = ssid[:32]
        self.key = (key or "")[:64]
        self.requested = True
        self.join = LINK_JOIN
        self.linked_once = False
        self.attempt_us = self._now()
        self._ap_since = self.attempt_us if self.ssid in self._aps() else None
        self._start_us = self.attempt_us
        return "null"

    def _disconnect(self, interface):
        self._leave()
        self.requested = False
        self.join = LINK_DOWN
        return "null"

    def _status(self, interface, param=None):
        if param is None:
            return json.dumps(self.status() if interface == 0 else LINK_DOWN)
        if param == "rssi":
            if interface != 0:
                raise SimError("ValueError", "STA required")
            ap = self._aps().get(self.ssid) if self.connected else None
            return json.dumps(int(ap.get("rssi", -60)) if ap else 0)
        if param == "stations":
            if interface == 0:
                raise SimError("ValueError", "AP required")
            return "[]"
        raise SimError("ValueError", "unknown status param")

    def _isconnected(self, interface):
        return json.dumps(interface == 0 and self.status() == LINK_UP)

    def _scan(self, interface):
        if not self.powered:
            raise SimError("OSError", "1")
        found = []
        for i, (ssid, ap) in enumerate(sorted(self._aps().items())):
            bssid = self._bssid(ssid)
            sec = SEC_WPA2 if ap.get("password") else SEC_OPEN
            found.append([ssid, bssid, int(ap.get("channel", 1 + 5 * i % 11)),
                          int(ap.get("rssi", -60)), sec, 1])  # fmt: skip
        found.sort(key=lambda ap: ap[2])  # in the order the chip sweeps the channels
        return Delay(SCAN_US, json.dumps(found))

    @staticmethod
    def _bssid(ssid: str) -> str:
        import hashlib

        return hashlib.sha256(ssid.encode()).hexdigest()[:12]

    def _ifconfig(self, interface, value=None):
        if value is not None:
            raise SimError("NotImplementedError", "a fixed address (ifconfig) is not simulated")
        if interface != 0 or not self.powered:
            return json.dumps(["0.0.0.0"] * 4)
        if self.connected or self.linked_once:  # the address stays while the link is down
            return json.dumps([self.ip, "255.255.255.0", "192.168.1.1", "192.168.1.1"])
        return json.dumps(NO_ADDRESS)

    def _config(self, interface, name=None, values=None):
        if values:
            for key, value in values.items():
                if key == "pm":
                    self.pm = int(value)
                elif key not in ("antenna", "channel", "ssid", "essid", "monitor", "security",
                                 "key", "password", "trace", "txpower", "hostname"):  # fmt: skip
                    raise SimError("ValueError", "unknown config param")
            return "null"
        if name == "mac":
            return json.dumps(self.mac(interface).hex())
        if name in ("ssid", "essid"):
            return json.dumps(self.ssid if interface == 0 and self.connected else "")
        if name == "channel":
            ap = self._aps().get(self.ssid) if self.connected else None
            return json.dumps(int(ap.get("channel", 1)) if ap else 1)
        if name == "antenna":
            return "0"
        if name == "security":
            return json.dumps(AP_AUTH)
        if name == "pm":
            return json.dumps(self.pm)
        if name == "txpower":
            return "31"
        raise SimError("ValueError", "unknown config param")

    def _repr(self, interface):
        if interface != 0:
            return json.dumps("<CYW43 AP down 0.0.0.0>")
        words = {LINK_DOWN: "down", LINK_JOIN: "join", LINK_NOIP: "join", LINK_UP: "up",
                 LINK_NONET: "nonet", LINK_BADAUTH: "badauth"}  # fmt: skip
        ip = json.loads(self._ifconfig(interface))[0]
        return json.dumps(f"<CYW43 STA {words.get(self.status(), 'fail')} {ip}>")
