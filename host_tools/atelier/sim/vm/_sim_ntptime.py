# `ntptime` of a simulated ESP32: setting the clock over the network says in one line it is
# not simulated (the firmware's module needs Wi-Fi).
from _sim_notsim import refuse

host = "pool.ntp.org"
timeout = 1


def time():
    refuse("ntptime (the network)")


def settime():
    refuse("ntptime (the network)")
