# What both ports' PWM (_sim_pwm_rp2.py, _sim_pwm_esp32.py) share: each board loads its own
# and this (the shims are ROM on the board, heap in the VM).
import _simproto as _P
from _sim_machine import _send


# PWM as each port has it (MicroPython 1.22): rp2's slices (ports/rp2/machine_pwm.c: the
# divider and TOP the hardware gets, so freq() and duty read back what the board gives) and
# the ESP32's LEDC channels (ports/esp32/machine_pwm.c: 5 kHz and 50 % by default, duty()
# in 10 bits, a resolution that the frequency leaves). The host hears frequency and duty_u16.
class _PWMBase:
    _sent = (0, 0)

    def _out(self):  # tell the host what the pin now does (only what changed)
        hz = self._hz() if self._active() else 0
        duty = self._u16() if hz else 0
        if hz != self._sent[0]:
            _send(_P.PWM_FREQ, "%s %d" % (self._pin, hz))
        if duty != self._sent[1]:
            _send(_P.PWM_DUTY, "%s %d" % (self._pin, duty))
        self._sent = (hz, duty)

    def deinit(self):
        self._stop()
        self._sent = (0, 0)
        _send(_P.PWM_STOP, str(self._pin))
