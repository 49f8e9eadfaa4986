# wait_for gives up on a slow coroutine.
# Modelled on: https://docs.micropython.org/en/v1.22.0/library/asyncio.html (wait_for)
# On the board: TimeoutError after 200 ms.
# > timed out after 200
import asyncio
import time


async def slow():
    await asyncio.sleep(5)


async def main():
    start = time.ticks_ms()
    try:
        await asyncio.wait_for(slow(), 0.2)
    except asyncio.TimeoutError:
        print("timed out after", time.ticks_diff(time.ticks_ms(), start))


asyncio.run(main())
