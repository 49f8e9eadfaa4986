# The RP2040 runs one extra thread, on its second core.
# Modelled on: https://docs.micropython.org/en/v1.22.0/library/_thread.html and the rp2 port's
# mpthreadport.c. On the board: a second thread while core 1 runs: OSError "core1 in use".
# run: 1
#! OSError: core1 in use
import _thread
import time


def spin():
    while True:
        time.sleep_ms(10)


_thread.start_new_thread(spin, ())
_thread.start_new_thread(spin, ())
