# pyrc's native _asyncio (Future, Task, FutureIter) under CPython's asyncio: tasks, gather,
# cancellation with messages, contextvars in tasks, exceptions in tasks, Future and Task
# subclasses, callbacks with contexts, the errors a task reports, and a cycle through a
# pending task collected by gc.collect().
import asyncio, contextvars, gc, weakref, types

print(asyncio.Future, asyncio.Task, asyncio.futures.Future is asyncio.futures._CFuture)
print(asyncio.Future[int], asyncio.Task[str])
cv = contextvars.ContextVar('cv', default='none')


async def child(i):
    cv.set(f'child{i}')
    await asyncio.sleep(0)
    return i * 2, cv.get()


async def boom():
    await asyncio.sleep(0)
    raise ValueError('boom')


async def forever():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        print('cancelled with', e.args)
        raise


async def stubborn():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print('refusing, cancelling =', asyncio.current_task().cancelling())
        asyncio.current_task().uncancel()
    return 'kept going'


class MyFut(asyncio.Future):
    def set_result(self, r):
        print('MyFut.set_result', r)
        super().set_result(r)


class MyTask(asyncio.Task):
    def __init__(self, coro, *, loop=None, name=None):
        super().__init__(coro, loop=loop, name='My' + str(name))


@types.coroutine
def bad_yield(value):
    yield value


async def main():
    loop = asyncio.get_running_loop()
    print(asyncio.get_event_loop() is loop, asyncio._get_running_loop() is loop)
    cv.set('main')
    r = await asyncio.gather(*(child(i) for i in range(3)))
    print(r, cv.get())
    t = asyncio.create_task(boom())
    try:
        await t
    except ValueError as e:
        print('caught', e, t.done(), type(t.exception()).__name__)
    r = await asyncio.gather(boom(), child(5), return_exceptions=True)
    print(r)
    t = asyncio.create_task(forever(), name='F')
    await asyncio.sleep(0)
    print(t.get_name(), t.cancel('stop!'), t.cancelling(), t.cancel(), t.cancelling())
    try:
        await t
    except asyncio.CancelledError as e:
        print('outer cancelled', t.cancelled(), e.args)
    print(t.cancel(), repr(t).startswith("<Task cancelled name='F'"))
    t = asyncio.create_task(stubborn())
    await asyncio.sleep(0)
    t.cancel()
    print(await t, t.cancelling())
    f = loop.create_future()
    loop.call_later(0.01, f.set_result, 42)
    print(await f, repr(f), f._state, f.done(), f.cancelled())
    f2 = asyncio.Future()
    ctx = contextvars.copy_context()
    ctx.run(cv.set, 'in ctx')
    f2.add_done_callback(lambda fut: print('cb', fut.result(), cv.get()))
    f2.add_done_callback(lambda fut: print('cb with context', cv.get()), context=ctx)
    dropped = lambda fut: print('never')
    f2.add_done_callback(dropped)
    f2.add_done_callback(dropped)
    print(len(f2._callbacks), f2.remove_done_callback(dropped), len(f2._callbacks))
    f2.set_result('x')
    print(f2._callbacks)
    await asyncio.sleep(0)
    for call in (lambda: f2.set_result(1), lambda: f2.set_exception(ValueError())):
        try:
            call()
        except asyncio.InvalidStateError as e:
            print('InvalidStateError', e)
    f3 = loop.create_future()
    for call in (f3.result, f3.exception):
        try:
            call()
        except asyncio.InvalidStateError as e:
            print('InvalidStateError', e)
    try:
        f3.set_exception(StopIteration)
    except TypeError as e:
        print('TypeError', e)
    f3.set_exception(KeyError)
    print(repr(f3.exception()), f3._log_traceback)
    try:
        f3._log_traceback = True
    except ValueError as e:
        print('ValueError', e)
    f4 = loop.create_future()
    f4.cancel(msg='why')
    try:
        f4.result()
    except asyncio.CancelledError as e:
        print('result of cancelled', e.args, f4._cancel_message)
    print(asyncio.current_task().get_name(), len(asyncio.all_tasks()))
    async with asyncio.TaskGroup() as tg:
        a = tg.create_task(child(7))
    print(a.result())
    try:
        await asyncio.wait_for(asyncio.sleep(1), 0.01)
    except TimeoutError:
        print('timeout')
    m = MyFut()
    loop.call_soon(m.set_result, 5)
    print(await m)
    mt = MyTask(child(8), name='T')
    print(mt.get_name(), await mt, isinstance(mt, asyncio.Task))
    for value in (42, loop.create_future()):
        t = asyncio.create_task(bad_yield(value))
        try:
            await t
        except RuntimeError as e:
            print('RuntimeError', str(e).split(' in task')[0].split(':')[0])
    try:
        asyncio.Task(lambda: 1, loop=loop)
    except TypeError as e:
        print('TypeError', str(e).split(' at ')[0])
    it = loop.create_future().__await__()
    print(type(it).__name__, next(it) is not None)
    try:
        next(it)
    except RuntimeError as e:
        print('RuntimeError', e)


asyncio.run(main())


class Holder:
    pass


async def waiter(fut, holder):
    await fut


def make(loop):
    fut = loop.create_future()
    holder = Holder()
    task = loop.create_task(waiter(fut, holder))
    holder.task = task  # task -> coroutine frame -> holder -> task
    holder.fut = fut  # fut -> its callbacks -> the task's wakeup -> task
    return weakref.ref(task), weakref.ref(fut), weakref.ref(holder)


loop = asyncio.new_event_loop()
loop.set_exception_handler(lambda l, c: print('handler:', c['message']))
refs = make(loop)
loop.run_until_complete(asyncio.sleep(0))
print('alive before collect:', [r() is not None for r in refs])
gc.collect()
print('alive after collect:', [r() is not None for r in refs])
f = loop.create_future()
f.set_exception(ValueError(1))
del f
fut = loop.create_future()
for args in [(Exception, Exception("elephant"), 32), (Exception("elephant"), Exception("elephant")),
             (ValueError, None, None), (list,), (KeyError, 'k')]:
    try:
        iter(fut).throw(*args)
    except Exception as e:
        print('throw:', type(e).__name__, e)
loop.close()
