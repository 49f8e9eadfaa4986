# One asyncio task waits for an Event that another sets.
# Modelled on: https://docs.micropython.org/en/v1.22.0/library/asyncio.html (Event)
# On the board: the waiter wakes after the setter's 300 ms sleep.
# > waiting
# > set
# > woke after 300
import asyncio
import time


async def waiter(ev, start):
    print("waiting")
    await ev.wait()
    print("woke after", time.ticks_diff(time.ticks_ms(), start))


async def main():
    ev = asyncio.Event()
    start = time.ticks_ms()
    task = asyncio.create_task(waiter(ev, start))
    await asyncio.sleep_ms(300)
    print("set")
    ev.set()
    await task


asyncio.run(main())
