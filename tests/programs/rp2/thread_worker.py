# A second thread counts while the main thread sleeps.
# Modelled on: https://docs.micropython.org/en/v1.22.0/library/_thread.html
# On the board: the two threads interleave at their sleeps (the RP2040 has two cores).
# run: 2
# > main 0
# > worker 0
# > worker 1
# > main 1
# > worker 2
# > done
import _thread
import time


def worker():
    for i in range(3):
        print("worker", i)
        time.sleep_ms(100)


print("main", 0)
_thread.start_new_thread(worker, ())
time.sleep_ms(150)
print("main", 1)
time.sleep_ms(500)
print("done")
