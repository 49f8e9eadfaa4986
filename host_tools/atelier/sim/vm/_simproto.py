# Every request of the simulator's VM -> host protocol, declared once (runs in MicroPython and
# CPython): the VM's shims send them (`_simhost.call(P.SLEEP, "1000")`), the host's device
# models answer them (`@handles(P.SLEEP)` in atelier/sim). The value is the request's code on
# the wire, a number kept short for speed: give a new request the next free number.
#
# NAME = code     # arguments (space-separated unless JSON) -> answer ("" when none)
# ("!" marks a one-way request: sent with `_simhost.send`, no answer.)

# -- the program and the VM (sim/board.py, sim/serve.py) -----------------------------------
VM_EXITED = "0"  # (made by the host when the VM's pipe closes; never sent)
PROGRAM_ENDED = "1"  # ! "ok" | "nomain"
PROGRAM_FAILED = "2"  # ! JSON traceback text
RESET = "3"  # -> (the host restarts the board: machine.reset(), microbit.reset())
RESYNC = "4"  # ! n -> "\0sync<n>\0" after a Ctrl-C inside a request (served boards)
VM_UP = "5"  # -> "" once Ctrl-C means KeyboardInterrupt (served boards)
REPL_READ = "6"  # -> "x" + code (raw REPL) or "s" + a line (friendly REPL)
REPL_ERROR = "7"  # JSON traceback of a REPL command -> ""
INPUT_LINE = "8"  # -> a line typed on the serial line (input())
FLUSH = "9"  # -> "" (carries a full buffer of one-way requests; their time is charged)

# -- every board (sim/hardware.py) ---------------------------------------------------------
SLEEP = "10"  # us -> "" once that much virtual time has passed
TIME_US = "11"  # -> virtual µs since the board started
UNIQUE_ID = "12"  # -> the board's unique id, hex

# -- micro:bit display (sim/components/matrix.py) ------------------------------------------
DISPLAY_SHOW_IMAGE = "13"  # ! 25 digits
DISPLAY_SHOW = "14"  # JSON [frames ["c", char] | ["i", 25 digits], delay_ms, wait, loop, clear]
DISPLAY_SCROLL = "15"  # JSON [text, delay_ms, wait, loop, monospace]
DISPLAY_CLEAR = "16"  # !
DISPLAY_SET_PIXEL = "17"  # ! x y brightness
DISPLAY_GET_PIXEL = "18"  # x y -> brightness
DISPLAY_READ = "19"  # -> the image shown now, 25 digits
DISPLAY_SET_ON = "20"  # ! 1 | 0
DISPLAY_IS_ON = "21"  # -> 1 | 0

# -- micro:bit sensors, buttons, pins (components/: sensors, buttons, motion, compass, ...) --
LIGHT_LEVEL = "22"  # -> 0-255
BUTTON_IS_PRESSED = "23"  # A | B -> 1 | 0
BUTTON_WAS_PRESSED = "24"  # A | B -> 1 | 0, and forgets it
BUTTON_PRESSES = "25"  # A | B -> presses since last asked
PAD_IS_TOUCHED = "26"  # logo | P0 | P1 | P2 -> 1 | 0
ACCEL_VALUES = "27"  # -> x y z in mg
GESTURE_CURRENT = "28"  # -> the gesture now, or ""
GESTURE_IS = "29"  # name -> 1 | 0
GESTURE_WAS = "30"  # name -> 1 | 0, and forgets it
GESTURE_HISTORY = "31"  # -> JSON list of gestures since last asked
COMPASS_HEADING = "32"  # -> degrees (calibrates first if needed)
COMPASS_VALUES = "33"  # -> x y z in nT
COMPASS_STRENGTH = "34"  # -> nT
COMPASS_CALIBRATE = "35"  # -> "" after the calibration game
COMPASS_IS_CALIBRATED = "36"  # -> 1 | 0
COMPASS_CLEAR_CALIBRATION = "37"  # !
TEMPERATURE = "38"  # -> °C
SOUND_LEVEL = "39"  # -> 0-255
EDGE_PIN_READ = "40"  # d | a, pin number -> 0 | 1, or 0-1023
EDGE_PIN_WRITE = "41"  # ! d | a, pin number, value
RUNNING_TIME = "42"  # -> ms
PANIC = "43"  # code -> never (the sad face, forever)

# -- micro:bit sound, speech, log, radio (components/: buzzer, speech, datalog, radio) ------
MUSIC_PLAY = "44"  # JSON [notes, wait, loop]
MUSIC_PITCH = "45"  # Hz duration_ms wait(1|0)
MUSIC_STOP = "46"  # !
MUSIC_SET_TEMPO = "47"  # ! ticks bpm (-1 = keep)
MUSIC_GET_TEMPO = "48"  # -> bpm ticks
MUSIC_RESET = "49"  # !
SPEAKER_SET_ON = "50"  # ! 1 | 0
SPEAKER_IS_ON = "51"  # -> 1 | 0
SET_VOLUME = "52"  # ! 0-255
SPEECH_SAY = "53"  # JSON text -> "" once said
LOG_ROW = "54"  # ! JSON {heading: value}
# settings: length queue channel power_dbm address group data_rate (components/radio.py)
RADIO_SET_ON = "55"  # "1 settings" | "0" (a request: a message sent right now must arrive)
RADIO_CONFIG = "56"  # realloc(1|0) settings (realloc: a new length or queue, a new queue)
RADIO_SEND = "57"  # hex bytes -> "" once sent
RADIO_RECEIVE = "58"  # -> "rssi time_us hex" (the next message, taken), or ""

# -- machine boards: Pico, ESP32 (components/: pins, i2c_bus, pwm, adc) --------------------
PIN_MODE = "59"  # ! pin 0 in | 1 out | 2 open drain
PIN_PULL = "60"  # ! pin 0 none | 1 up | 2 down
PIN_SET_LEVEL = "61"  # ! pin 0 | 1
PIN_GET_LEVEL = "62"  # pin -> 0 | 1
PIN_IRQ = "63"  # ! pin trigger (4 rising | 8 falling, 0 = off)
I2C_OPEN = "64"  # id scl sda freq [cp] -> the bus's name
I2C_SCAN = "65"  # bus -> addresses
I2C_WRITE = "66"  # bus addr hex -> ""
I2C_READ = "67"  # bus addr n -> hex
I2C_WRITE_READ = "68"  # bus addr hex n -> hex
PWM_FREQ = "69"  # ! pin Hz
PWM_DUTY = "70"  # ! pin duty_u16
PWM_STOP = "71"  # ! pin
ADC_READ = "72"  # pin -> 0-65535

# -- CircuitPython boards (sim/cp_hw.py; components/: neopixels, keypad) ------------------
BOARD_ID = "73"  # -> board.board_id
NOT_SIMULATED = "74"  # feature -> NotImplementedError naming it
NEOPIXEL_WRITE = "75"  # ! pin hex: WS2812 bytes sent on the pin, every board (ws2812.py)
KEYS_OPEN = "76"  # value_when_pressed(1|0) pull(1|0) pins... -> the queue's id
KEYS_EVENT = "77"  # id -> "key pressed(1|0) time_ms", or ""
KEYS_PENDING = "78"  # id -> events waiting
CPU_TEMPERATURE = "79"  # -> °C

# -- the Circuit Playground's microphone, touch pads, audio (sim/components/onboard.py, cp_hw.py)
MIC_RECORD = "120"  # samples sample_rate -> the sound's RMS (16-bit counts), once recorded
TOUCH_READ = "121"  # pin -> the pad's raw reading (10000: no pull-down, the pin is no pad)
SAMPLE_PLAY = "122"  # ! pin Hz duration_ms (-1: until stopped): a sample sounding on the pin
SAMPLE_STOP = "123"  # ! pin

# -- micro:bit V2 sound effects and microphone events (components/: sound) -----------------
AUDIO_PLAY = "200"  # JSON [[name, duration_ms], ...] wait(1|0) -> "" (once played, if wait)
AUDIO_IS_PLAYING = "201"  # -> 1 | 0 (a sound expression is playing)
AUDIO_STOP = "202"  # !
MIC_CURRENT = "203"  # -> "quiet" | "loud" (starts the microphone)
MIC_WAS_EVENT = "204"  # name -> 1 | 0, forgets it and the history
MIC_EVENTS = "205"  # -> JSON names since last asked (at most 8), and forgets them
MIC_SET_THRESHOLD = "206"  # ! name 0-255
DEEP_SLEEP = "207"  # us (-1: no time limit) wake_on ("A,B,P0,logo" or "-") -> "woken" | "time"
SPEECH_TRANSLATE = "208"  # JSON text -> phonemes, as the board's reciter gives them
TIMER_DUE = "209"  # ! us: when the VM's next run_every callback is due (-1: none)

# -- Grove modules' pins (components/pin_io.py; codes 240-269) ------------------------------
PULSE_TIME = "240"  # pin level timeout_us -> µs of the pulse, -1 | -2 on timeout (time_pulse_us)
EDGE_PIN_PERIOD = "241"  # ! micro:bit pin number, PWM period in µs (set_analog_period)

# -- the ESP32's Wi-Fi radio for ESP-NOW (components/espnow.py, vm/_sim_espnow.py; 400-419) --
WIFI_IF = "400"  # if_id(0 STA | 1 AP) active(1|0) [channel] -> "" (network.WLAN's active())
ESPNOW_ACTIVE = "401"  # rxbuf (on) | -1 (off) -> the board's MAC, hex
ESPNOW_SEND = "402"  # ifidx sync(1|0) hex mac:channel... -> "acks failures" | "IF" | "CHAN"
ESPNOW_RECV = "403"  # timeout_ms (<0: forever) -> "rssi time_ms mac hex" | "" (timed out)
ESPNOW_ANY = "404"  # -> 1 | 0
ESPNOW_STATS = "405"  # -> tx tx_responses tx_failures rx rx_dropped
# (460-479) the peers' keys and the receive callback (espnow.irq)
ESPNOW_KEYS = "460"  # ! pmk hex, then mac=lmk (hex) of each encrypted peer: the whole table
ESPNOW_IRQ = "461"  # ! 1|0: a callback is set (the host counts the messages it is due for)
ESPNOW_RATE = "462"  # ! wifi_phy_rate_t: the rate ESP-NOW sends at (config(rate=))

# -- CircuitPython's CIRCUITPY filesystem and boot.py (sim/cp_hw.py, _sim_cp_storage.py; 340-349)
NVM_READ = "350"  # -> microcontroller.nvm's bytes, hex (the host keeps them across resets)
NVM_WRITE = "351"  # ! offset hex: bytes written to microcontroller.nvm at offset
STORAGE = "340"  # ! usb_writable(1|0) concurrent_protection(1|0) usb_drive(1|0), as set

# -- the ESP32's Wi-Fi and sockets (components/wifi.py, _sim_network.py, _sim_socket.py; 420-449)
WLAN = "420"  # JSON [method, interface, *args] -> JSON answer (network.WLAN's methods)
NET_LINK = "421"  # -> "epoch" while the board has an IP address, "-1" when not
NET_WAIT = "422"  # us: real time the VM waited on its sockets -> link, after that virtual time
NET_RESOLVE = "423"  # host name -> IPv4 address, or the ESP32's error number (-202)
NET_BIND = "424"  # board port -> the free loopback port of the computer that stands for it
NET_UNBIND = "425"  # ! board port: its server socket closed
# -- micro:bit serial line, as the program reads it (components/usb_uart.py; codes 450-459) --
UART_ANY = "450"  # -> 1 | 0 (bytes from the computer wait in the receive buffer)
UART_READ = "451"  # n (-1: all) | L[n] (a line, at most n bytes) -> hex bytes, or "" (none)
UART_WRITE = "452"  # hex bytes -> "" once sent (as they are: print() adds "\r" before "\n")
# -- micropython-lib modules frozen in the board's firmware (libraries.frozen_modules; 550-559) --
FROZEN_MISSING = "550"  # frozen module whose package this computer lacks -> (a one-line error)
