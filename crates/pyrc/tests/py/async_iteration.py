# async for, async with, async comprehensions and awaits inside comprehensions.
import types


@types.coroutine
def tick():
    yield "tick"


def run(coro):
    ticks = 0
    try:
        while True:
            coro.send(None)
            ticks += 1
    except StopIteration as e:
        return e.value, ticks


class Counter:
    def __init__(self, n):
        self.n = n
        self.i = 0

    def __aiter__(self):
        return self

    async def __anext__(self):
        await tick()
        if self.i >= self.n:
            raise StopAsyncIteration
        self.i += 1
        return self.i


class Manager:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress

    async def __aenter__(self):
        await tick()
        print("enter", self.name)
        return self.name.upper()

    async def __aexit__(self, typ, value, tb):
        await tick()
        print("exit", self.name, typ.__name__ if typ else None, value)
        return self.suppress


async def main():
    async for i in Counter(3):
        print("item", i)
    else:
        print("loop else")
    async for i in Counter(5):
        if i == 2:
            continue
        if i == 4:
            break
        print("kept", i)
    async with Manager("a") as a, Manager("b") as b:
        print("body", a, b)
    async with Manager("quiet", suppress=True):
        raise ValueError("suppressed")
    try:
        async with Manager("loud"):
            raise ValueError("propagates")
    except ValueError as e:
        print("caught", e)
    for i in range(3):
        async with Manager("r%d" % i):
            if i == 1:
                break
    print([i async for i in Counter(4)])
    print({i: i * i async for i in Counter(3) if i != 2})
    print({i async for i in Counter(2)})
    print([await_double for await_double in [1, 2]])

    async def double(x):
        await tick()
        return 2 * x

    print([await double(i) for i in range(3)])
    print([x async for i in Counter(2) for x in (i, -i)])
    return "done"


print(run(main()))


async def errors():
    try:
        async for i in 5:
            pass
    except TypeError as e:
        print("TypeError:", e)

    class NoAnext:
        def __aiter__(self):
            return self

    try:
        async for i in NoAnext():
            pass
    except TypeError as e:
        print("TypeError:", e)
    try:
        async with object():
            pass
    except TypeError as e:
        print("TypeError:", e)

    class BadEnter:
        def __aenter__(self):
            return 1

        def __aexit__(self, *a):
            return 1

    try:
        async with BadEnter():
            pass
    except TypeError as e:
        print("TypeError:", e)

    class Raising:
        def __aiter__(self):
            return self

        async def __anext__(self):
            raise KeyError("from anext")

    try:
        async for i in Raising():
            pass
    except KeyError as e:
        print("KeyError:", e)


print(run(errors()))

for source in ("async def f():\n    yield from x\n",
               "def f():\n    async for x in y: pass\n",
               "def f():\n    async with x: pass\n",
               "async def f():\n    yield 1\n    return 2\n",
               "def f():\n    return [x async for x in y]\n",
               "def f():\n    await x\n"):
    try:
        compile(source, "<test>", "exec")
    except SyntaxError as e:
        print("SyntaxError:", e.msg)
