# `_asyncio` of a simulated MicroPython board (MicroPython code, runs in the VM): the task queue
# and Task that asyncio's core uses, keyed on the virtual clock. The VM's own C version reads
# the computer's clock for a task scheduled "now", which would never come in virtual time.
from time import ticks_diff, ticks_ms  # the board's ticks, as asyncio's core reads them

_ctx = [None]  # asyncio's core module globals: cur_task, _task_queue, CancelledError


def _now():
    return ticks_ms()


class TaskQueue:
    """Tasks by the tick they are due at (earliest first; same tick: first pushed first)."""

    def __init__(self, push_callback=None):
        self._q = []
        self._pushed = push_callback

    def peek(self):
        return self._q[0] if self._q else None

    def push(self, task, key=None):
        task.data = None  # queued: it waits on nothing else
        task.ph_key = _now() if key is None else key
        i = len(self._q)
        while i > 0 and ticks_diff(task.ph_key, self._q[i - 1].ph_key) < 0:
            i -= 1
        self._q.insert(i, task)
        if self._pushed is not None:
            self._pushed(0)

    def pop(self):
        return self._q.pop(0)

    def remove(self, task):
        self._q.remove(task)


# a task's state: True running, nobody waits on it; a TaskQueue: tasks wait on it; a callable:
# called when it ends; None: ended, nobody waited; False: ended and awaited
class Task:
    def __init__(self, coro, context=None):
        self.coro = coro
        self.data = None
        self.state = True
        self.ph_key = 0
        if context is not None:
            _ctx[0] = context

    def done(self):
        return self.state is None or self.state is False

    def cancel(self):
        if self.done():
            return False
        ctx = _ctx[0]
        if self is ctx["cur_task"]:
            raise RuntimeError("can't cancel self")
        t = self
        while isinstance(t.data, Task):  # it waits on another task: cancel that one
            t = t.data
        queue = ctx["_task_queue"]
        if hasattr(t.data, "remove"):  # waiting in some other queue: back to the main one
            t.data.remove(t)
            queue.push(t)
        elif ticks_diff(t.ph_key, _now()) > 0:  # due later: due now
            queue.remove(t)
            queue.push(t)
        t.data = ctx["CancelledError"]
        return True

    def __iter__(self):
        if self.done():
            self.state = False
        elif self.state is True:
            self.state = TaskQueue()
        elif type(self.state) is not TaskQueue:
            raise RuntimeError("can't wait")
        return self

    def __next__(self):
        if self.done():  # over: its result (a StopIteration) or its error for the awaiter
            raise StopIteration if self.data is None else self.data
        cur = _ctx[0]["cur_task"]
        self.state.push(cur)
        cur.data = self
