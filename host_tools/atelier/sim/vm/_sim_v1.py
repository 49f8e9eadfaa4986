# What the BBC micro:bit V1's runtime has (MicroPython code, runs in the VM). A simulated V1
# runs the same shims as the V2; on import, each of its modules keeps only the names the V1's
# runtime 1.1.1 (MicroPython 1.9.2) has, read off its sources (github.com/bbcmicrobit/micropython
# at v1.1.1: source/microbit/modmicrobit.cpp, modmusic.cpp, modaudio.cpp, modspeech.c,
# modradio.cpp, modos.c, modutime.c, modmachine.c, modneopixel.cpp, microbitpin.cpp;
# py/modsys.c), so what only the V2 has (speaker, microphone, pin_logo, Sound, set_volume,
# run_every, audio's sound effects, os.stat, ...) fails as on a V1: AttributeError, or
# "cannot import name".
NAMES = {
    "microbit": "Image display button_a button_b accelerometer compass audio i2c uart spi reset "
    "sleep running_time panic temperature scale pin0 pin1 pin2 pin3 pin4 pin5 pin6 pin7 pin8 "
    "pin9 pin10 pin11 pin12 pin13 pin14 pin15 pin16 pin19 pin20",
    "music": "BADDY BA_DING BIRTHDAY BLUES CHASE DADADADUM ENTERTAINER FUNERAL FUNK JUMP_DOWN "
    "JUMP_UP NYAN ODE POWER_DOWN POWER_UP PRELUDE PUNCHLINE PYTHON RINGTONE WAWAWAWAA WEDDING "
    "get_tempo pitch play reset set_tempo stop",
    "audio": "AudioFrame is_playing play stop",
    "speech": "pronounce say sing translate",
    "radio": "RATE_1MBIT RATE_250KBIT RATE_2MBIT config off on receive receive_bytes "
    "receive_bytes_into receive_full reset send send_bytes",
    "os": "listdir remove size uname",
    "utime": "sleep sleep_ms sleep_us ticks_add ticks_diff ticks_ms ticks_us",
    "time": "sleep sleep_ms sleep_us ticks_add ticks_diff ticks_ms ticks_us",
    "machine": "disable_irq enable_irq freq mem16 mem32 mem8 reset time_pulse_us unique_id",
    "neopixel": "NeoPixel",
    # py/modsys.c with the port's mpconfigport.h: no modules, path, argv, stdin/out/err, maxsize
    "sys": "version version_info implementation platform byteorder exit print_exception",
}
# The V1's pins have no touch mode (microbitpin.cpp: no set_touch_mode, RESISTIVE, CAPACITIVE)
PIN_ONLY_V2 = ("set_touch_mode", "RESISTIVE", "CAPACITIVE")


def prune(name, mod):
    """The board's module `name` as the V1 has it: a fresh module with the names of the shim
    `mod` the V1 has (the shim's functions keep their own globals)."""
    keep = NAMES.get(name)
    if keep is None:
        return mod
    import _simhost

    sys = _simhost.real_sys  # not `import sys`: that is the board's sys, maybe this one
    sys.modules.pop("_sim_v1_blank", None)
    out = __import__("_sim_v1_blank")  # an empty file: a new module object each time
    sys.modules.pop("_sim_v1_blank")
    d = mod.__dict__
    for n in keep.split():
        if n in d:
            setattr(out, n, d[n])
    out.__name__ = name
    if name == "radio":  # the V1's nRF51 also has 250 kbit/s (the V2 dropped it)
        out.RATE_250KBIT = 2  # RADIO_MODE_MODE_Nrf_250Kbit
    if name == "microbit":
        out.audio = __import__("audio")  # the V1's audio, through the board's import
        pin = type(d["pin0"])
        for n in PIN_ONLY_V2:
            if n in pin.__dict__:
                delattr(pin, n)
    return out
