# `webrepl` of a simulated ESP32: the REPL over Wi-Fi says in one line it is not simulated.
from _sim_notsim import refuse


def start(port=8266, password=None, accept_handler=None):
    refuse("webrepl (the REPL over Wi-Fi)")


def start_foreground(port=8266, password=None):
    refuse("webrepl (the REPL over Wi-Fi)")


def stop():
    pass
