# ESP-NOW on a Pico W.
# Modelled on: https://docs.micropython.org/en/v1.22.0/library/espnow.html (ESP32 and ESP8266
# only): the Pico W's wireless chip has no ESP-NOW, and its build no `espnow` module.
# board: pico-w
#! ImportError: no module named 'espnow'
import espnow

espnow.ESPNow()
