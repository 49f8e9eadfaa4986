# A second thread with a lock shared with the main thread.
# Modelled on: https://docs.micropython.org/en/v1.22.0/library/_thread.html
# On the board: the worker runs while the main thread sleeps.
# run: 2
# > worker got the lock
# > total 3
import _thread
import time

lock = _thread.allocate_lock()
total = 0


def worker():
    global total
    with lock:
        print("worker got the lock")
        for _ in range(3):
            total += 1


_thread.start_new_thread(worker, ())
time.sleep_ms(200)
with lock:
    print("total", total)
