# Two asyncio tasks blink at different rates; gather waits for both.
# Modelled on: https://docs.micropython.org/en/v1.22.0/library/asyncio.html
# On the board: the tasks interleave by their sleeps.
# > fast 0
# > slow 0
# > fast 1
# > fast 2
# > slow 1
# > both done
import asyncio


async def blink(name, times, ms):
    for i in range(times):
        print(name, i)
        await asyncio.sleep_ms(ms)


async def main():
    await asyncio.gather(blink("fast", 3, 100), blink("slow", 2, 250))
    print("both done")


asyncio.run(main())
