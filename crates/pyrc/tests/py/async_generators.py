# Async generators: __anext__/asend/athrow/aclose, ag_* attributes, hooks, errors.
import sys
import types


@types.coroutine
def tick():
    got = yield "tick"
    return got


def run(coro):
    try:
        while True:
            coro.send(None)
    except StopIteration as e:
        return e.value


async def agen(n):
    try:
        for i in range(n):
            received = yield i
            if received is not None:
                print("received", received)
            await tick()
    finally:
        print("agen finally")


async def main():
    g = agen(3)
    print(type(g).__name__, type(g) is types.AsyncGeneratorType, g.__name__, g.ag_running)
    print(g.__aiter__() is g)
    print(await g.__anext__())
    print(await g.asend("hello"))
    async for v in g:
        print("for", v)
    try:
        await g.__anext__()
    except StopAsyncIteration:
        print("StopAsyncIteration")

    g = agen(5)
    await g.__anext__()
    await g.aclose()
    print("closed")
    await g.aclose()

    g = agen(5)
    await g.__anext__()
    try:
        await g.athrow(ValueError("thrown"))
    except ValueError as e:
        print("ValueError:", e)

    async def catching():
        while True:
            try:
                yield 1
            except KeyError:
                yield "caught KeyError"

    g = catching()
    await g.__anext__()
    print(await g.athrow(KeyError))

    async def ignores_exit():
        try:
            yield 1
        except GeneratorExit:
            yield 2

    g = ignores_exit()
    await g.__anext__()
    try:
        await g.aclose()
    except RuntimeError as e:
        print("RuntimeError:", e)

    async def returns_stop():
        yield 1
        raise StopAsyncIteration

    try:
        async for v in returns_stop():
            pass
    except RuntimeError as e:
        print("RuntimeError:", e)

    g = agen(2)
    a = g.__anext__()
    print(await a)
    try:
        await a
    except RuntimeError as e:
        print("RuntimeError:", e)
    await g.aclose()
    print([x async for x in agen(3)])
    print(await anext_default())
    return "main done"


async def anext_default():
    async def empty():
        return
        yield

    g = empty()
    try:
        await g.__anext__()
    except StopAsyncIteration:
        return "empty"


print(run(main()))

# The hooks asyncio installs: firstiter is called on the first iteration, the finalizer
# when an unfinished generator dies.
seen = []
old = sys.get_asyncgen_hooks()
print(tuple(old), old.firstiter, old.finalizer)
sys.set_asyncgen_hooks(firstiter=lambda g: seen.append(("first", g.__name__)),
                       finalizer=lambda g: seen.append(("final", g.__name__)))
g = agen(3)
run(g.__anext__())
del g
print(seen)
sys.set_asyncgen_hooks(*old)
print(sys.get_asyncgen_hooks() == (None, None))
try:
    sys.set_asyncgen_hooks(firstiter=5)
except TypeError as e:
    print("TypeError:", e)
