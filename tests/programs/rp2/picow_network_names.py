# What the Pico W's network module says before joining.
# Modelled on: https://docs.micropython.org/en/v1.22.0/library/network.html (hostname, country)
# and extmod/network_cyw43.c of v1.22.2: active() reads the chip's link state, which is down
# until connect(); the RPI_PICO_W build's hostname is "PicoW", the country "XX" (worldwide).
# board: pico-w
# > PicoW XX
# > False 0
# > <CYW43 STA down 0.0.0.0>
# > 6 (3, -2, -3)
import network

print(network.hostname(), network.country())
wlan = network.WLAN(network.STA_IF)
wlan.active(True)
print(wlan.active(), wlan.status())
print(wlan)
print(
    len(wlan.config("mac")),
    (network.STAT_GOT_IP, network.STAT_NO_AP_FOUND, network.STAT_WRONG_PASSWORD),
)
