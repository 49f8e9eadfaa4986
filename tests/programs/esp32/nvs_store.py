# Keep a counter in the ESP32's non-volatile storage.
# Modelled on: https://docs.micropython.org/en/v1.22.0/library/esp32.html (Non-Volatile Storage)
# On the board: the counter survives resets; the simulator says in one line NVS is not simulated.
#! NotImplementedError: ...NVS... is not simulated; try this part on the real board
import esp32

nvs = esp32.NVS("app")
nvs.set_i32("boots", 1)
nvs.commit()
