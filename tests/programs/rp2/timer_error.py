# A Timer callback that fails: the board prints the error and goes on.
# Modelled on: https://docs.micropython.org/en/v1.22.0/reference/isr_rules.html and
# py/scheduler.c (mp_call_function_1_protected prints the exception).
# run: 1
# > main done
# > Traceback (most recent call last):
# >   File "main.py", line 16, in fail
# > ZeroDivisionError: divide by zero
# > still here
import time

from machine import Timer


def fail(t):
    return 1 / 0


Timer(mode=Timer.ONE_SHOT, period=100, callback=fail)
print("main done")
time.sleep_ms(300)
print("still here")
