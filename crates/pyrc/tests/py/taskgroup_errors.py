# asyncio.TaskGroup's error paths build exception groups: a failing child cancels the others and
# the group holds its error; an error in the body joins the children's.
import asyncio

async def boom(n):
    await asyncio.sleep(0.01 if n == 1 else 10)
    raise ValueError(n)

async def ok():
    await asyncio.sleep(10)
    return "ok"

async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(boom(1))
            tg.create_task(boom(2))
            t = tg.create_task(ok())
    except ExceptionGroup as eg:
        print(type(eg).__name__, eg, eg.exceptions)
        print(eg.subgroup(ValueError).exceptions, t.cancelled())
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(boom(1))
            raise KeyError("body")
    except BaseExceptionGroup as eg:
        print(type(eg).__name__, eg, sorted(map(repr, eg.exceptions)))

asyncio.run(main())
