# CPython's own asyncio on pyrc: asyncio.run with sleep, gather, create_task, wait_for,
# Queue, Event, TaskGroup, cancellation and exceptions through awaits; a reference cycle
# through a suspended coroutine is collected.
import asyncio
import gc


async def worker(name, delay, results):
    await asyncio.sleep(delay)
    results.append(name)
    return name.upper()


async def failing():
    await asyncio.sleep(0)
    raise ValueError("worker failed")


async def main():
    results = []
    values = await asyncio.gather(worker("b", 0.02, results), worker("a", 0.01, results))
    print(values, results)
    task = asyncio.create_task(worker("c", 0, results))
    print(await task, task.done(), task.result())
    print(await asyncio.gather(failing(), worker("d", 0, results), return_exceptions=True))
    try:
        await failing()
    except ValueError as e:
        print("caught", e)
    slow = asyncio.create_task(asyncio.sleep(10))
    await asyncio.sleep(0)
    slow.cancel()
    try:
        await slow
    except asyncio.CancelledError:
        print("cancelled", slow.cancelled())
    try:
        await asyncio.wait_for(asyncio.sleep(10), 0.01)
    except asyncio.TimeoutError:
        print("timed out")
    queue = asyncio.Queue()

    async def producer():
        for i in range(3):
            await queue.put(i)
        await queue.put(None)

    async def consumer():
        seen = []
        while (item := await queue.get()) is not None:
            seen.append(item)
        return seen

    print(await asyncio.gather(producer(), consumer()))
    event = asyncio.Event()

    async def waiter():
        await event.wait()
        return "event set"

    t = asyncio.create_task(waiter())
    await asyncio.sleep(0)
    event.set()
    print(await t)
    async with asyncio.TaskGroup() as tg:
        t1 = tg.create_task(worker("x", 0, results))
        t2 = tg.create_task(worker("y", 0, results))
    print(t1.result(), t2.result())
    loop = asyncio.get_running_loop()
    future = loop.create_future()
    loop.call_soon(future.set_result, 42)
    print(await future)

    async def agen():
        for i in range(3):
            await asyncio.sleep(0)
            yield i

    print([i async for i in agen()])
    return "main done"


print(asyncio.run(main()))


# A suspended coroutine in a cycle (through its frame's local): the collector finds it,
# and closing it runs its finally block.
import types
import weakref


@types.coroutine
def pause():
    yield


class Holder:
    pass


async def suspended(holder):
    try:
        await pause()
    finally:
        print("coroutine closed by the collector")


gc.collect()
h = Holder()
h.coro = suspended(h)
h.coro.send(None)
print(any(r is h for r in gc.get_referents(h.coro)) or len(gc.get_referents(h.coro)) > 0)
alive = weakref.ref(h)
del h
gc.collect()
print(alive() is None)

# Context variables: each task runs in a copy of the context it was created in.
import contextvars

request = contextvars.ContextVar("request", default="none")


async def handler(name):
    request.set(name)
    await asyncio.sleep(0)
    return request.get()


async def contexts():
    request.set("outer")
    results = await asyncio.gather(handler("a"), handler("b"))
    return results, request.get()


print(asyncio.run(contexts()))
ctx = contextvars.copy_context()
try:
    ctx.run(ctx.run, print)
except RuntimeError:
    print("RuntimeError: already entered")


# Unfinished async generators: asyncio's finalizer hook schedules their aclose() as a task,
# and asyncio.run closes the rest at the end (shutdown_asyncgens).
async def numbers(label):
    try:
        for i in range(10):
            yield i
            await asyncio.sleep(0)
    finally:
        print("numbers finally", label)


async def leaves_generators():
    async for i in numbers("broken out of"):
        if i == 2:
            break
    g = numbers("dropped")
    await g.__anext__()
    del g
    gc.collect()
    await asyncio.sleep(0.01)
    kept = numbers("kept")
    await kept.__anext__()
    print("leaves_generators end")
    return kept


kept = asyncio.run(leaves_generators())
print("after run", type(kept).__name__)


# TCP on localhost through asyncio's streams (a numeric host needs no resolver thread).
async def serve(reader, writer):
    request = await reader.readline()
    payload = b"x" * 100000
    for _ in range(5):
        writer.write(payload)
        await writer.drain()
    writer.write(b"echo " + request)
    writer.close()
    await writer.wait_closed()


async def tcp():
    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"hello\n")
        data = await reader.read()
        writer.close()
        await writer.wait_closed()
    return len(data), data[-11:]


print(asyncio.run(tcp()))
