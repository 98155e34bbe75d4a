# The coroutine protocol: send/throw/close, cr_* attributes, await over coroutines,
# types.coroutine generators and __await__, the TypeErrors of bad awaitables.
import types


async def double(x):
    return x * 2


async def add_doubles():
    a = await double(3)
    b = await double(4)
    return a + b


def run(coro):
    try:
        while True:
            coro.send(None)
    except StopIteration as e:
        return e.value


c = add_doubles()
print(type(c).__name__, type(c) is types.CoroutineType)
print(c.__name__, c.__qualname__, c.cr_running, c.cr_await, c.cr_code.co_name)
print(run(c))
try:
    c.send(None)
except RuntimeError as e:
    print("RuntimeError:", e)


@types.coroutine
def suspend():
    value = yield "suspended"
    return value


async def uses_suspend():
    got = await suspend()
    return "got " + got


c = uses_suspend()
print(c.send(None))
print(type(c.cr_await).__name__)
try:
    c.send("hello")
except StopIteration as e:
    print(e.value)


class Awaitable:
    def __await__(self):
        x = yield 1
        return x + 1


async def await_custom():
    return await Awaitable()


c = await_custom()
print(c.send(None))
try:
    c.send(41)
except StopIteration as e:
    print(e.value)


async def await_bad(value):
    await value


for bad in (5, [1], None):
    try:
        await_bad(bad).send(None)
    except TypeError as e:
        print("TypeError:", e)


class BadAwait:
    def __await__(self):
        return 42


try:
    await_bad(BadAwait()).send(None)
except TypeError as e:
    print("TypeError:", e)

try:
    iter(add_doubles())
except TypeError as e:
    print("TypeError:", e)
try:
    next(add_doubles())
except TypeError as e:
    print("TypeError:", e)


# throw() into a suspended coroutine reaches the await's innermost frame.
async def catcher():
    try:
        await suspend()
    except ValueError as e:
        return "caught " + str(e)


c = catcher()
c.send(None)
try:
    c.throw(ValueError("boom"))
except StopIteration as e:
    print(e.value)


# close() runs finally blocks; a closed coroutine cannot be resumed.
async def with_finally():
    try:
        await suspend()
    finally:
        print("finally ran")


c = with_finally()
c.send(None)
c.close()
try:
    c.send(None)
except RuntimeError as e:
    print("RuntimeError:", e)

# Exceptions go through awaits with their tracebacks.
async def fails():
    raise KeyError("missing")


async def calls_fails():
    return await fails()


try:
    run(calls_fails())
except KeyError as e:
    print("KeyError:", e)

# __await__ of a coroutine is an iterator over it.
c = double(21)
w = c.__await__()
try:
    next(w)
except StopIteration as e:
    print("wrapper:", e.value)


# StopIteration raised inside a coroutine becomes RuntimeError.
async def raises_stop():
    raise StopIteration


try:
    run(raises_stop())
except RuntimeError as e:
    print("RuntimeError:", e)

print(double.__code__.co_flags & 0x80 != 0, suspend.__code__.co_flags & 0x100 != 0)
c = double(1)
c.close()
