"""pyrc's `contextlib`: contextmanager, closing, suppress, nullcontext,
ExitStack, redirect_stdout/redirect_stderr, ContextDecorator."""

import sys


class AbstractContextManager:
    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        return None


class AbstractAsyncContextManager:
    """The base class of asynchronous context managers, for `typing`'s alias. pyrc has no
    `async def`, so it defines no `__aenter__`/`__aexit__` coroutines."""


class ContextDecorator:
    """A context manager that can also decorate a function (the function then
    runs inside it)."""

    def _recreate_cm(self):
        return self

    def __call__(self, func):
        def inner(*args, **kwds):
            with self._recreate_cm():
                return func(*args, **kwds)
        _copy_names(inner, func)
        return inner


def _copy_names(wrapper, wrapped):
    for attr in ('__module__', '__name__', '__qualname__', '__doc__'):
        try:
            setattr(wrapper, attr, getattr(wrapped, attr))
        except (AttributeError, TypeError):
            pass
    try:
        wrapper.__wrapped__ = wrapped
    except (AttributeError, TypeError):
        pass


class _GeneratorContextManager(ContextDecorator):
    """The context manager made by a @contextmanager function's call."""

    def __init__(self, func, args, kwds):
        self.gen = func(*args, **kwds)
        self.func = func
        self.args = args
        self.kwds = kwds
        self.__doc__ = getattr(func, '__doc__', None)

    def _recreate_cm(self):
        return _GeneratorContextManager(self.func, self.args, self.kwds)

    def __enter__(self):
        # The arguments are only needed to recreate the manager for decorator use.
        del self.args, self.kwds, self.func
        try:
            return next(self.gen)
        except StopIteration:
            raise RuntimeError("generator didn't yield")

    def __exit__(self, typ, value, traceback):
        if typ is not None:
            return self._throw_in(typ() if value is None else value)
        # No exception: the generator must now finish without yielding again.
        for _ in self.gen:
            raise RuntimeError("generator didn't stop")
        return False

    def _throw_in(self, exc):
        """Raise exc at the generator's yield; True when it swallowed it."""
        try:
            self.gen.throw(exc)
        except StopIteration as stop:
            # Finished after catching exc (unless exc itself came back out).
            return stop is not exc
        except BaseException as escaped:
            same = escaped is exc
            if not same and isinstance(escaped, RuntimeError):
                # PEP 479: a StopIteration thrown in comes back out wrapped.
                same = (isinstance(exc, StopIteration) and
                        getattr(escaped, '__cause__', None) is exc)
            if not same:
                raise
            return False
        raise RuntimeError("generator didn't stop after throw()")


def contextmanager(func):
    """@contextmanager: a generator function that yields once becomes a context
    manager factory (code before the yield is __enter__, after it __exit__)."""
    def helper(*args, **kwds):
        return _GeneratorContextManager(func, args, kwds)
    _copy_names(helper, func)
    return helper


class closing(AbstractContextManager):
    """`with closing(obj) as obj:` -- obj.close() is called when the block
    is left, however it is left."""

    def __init__(self, thing):
        self.thing = thing

    def __exit__(self, *exc_info):
        """Close the object; exceptions from the block are not swallowed."""
        self.thing.close()

    def __enter__(self):
        """The wrapped object itself."""
        return self.thing


class nullcontext(AbstractContextManager):
    """A stand-in manager that does nothing; `as` gets enter_result."""

    def __init__(self, enter_result=None):
        self.enter_result = enter_result

    def __exit__(self, *excinfo):
        """Nothing to undo."""

    def __enter__(self):
        return self.enter_result


class suppress(AbstractContextManager):
    """with suppress(E1, E2): ... ignores those exceptions."""

    def __init__(self, *exceptions):
        self._exceptions = exceptions

    def __enter__(self):
        return None

    def __exit__(self, exctype, excinst, exctb):
        return exctype is not None and issubclass(exctype, self._exceptions)


class _RedirectStream(AbstractContextManager):
    """Points sys.<_stream> at another file object for the block's duration.
    The same instance may be entered again while active: each entry saves
    the value it replaces on its own stack."""

    _stream = None

    def __init__(self, new_target):
        self._target = new_target
        self._saved = []

    def __enter__(self):
        name = self._stream
        self._saved.append(getattr(sys, name))
        setattr(sys, name, self._target)
        return self._target

    def __exit__(self, exctype, excinst, exctb):
        restored = self._saved.pop()
        setattr(sys, self._stream, restored)


class redirect_stdout(_RedirectStream):
    """Send what is printed to sys.stdout to another file object."""
    _stream = "stdout"


class redirect_stderr(_RedirectStream):
    """Send what is written to sys.stderr to another file object."""
    _stream = "stderr"


class ExitStack(AbstractContextManager):
    """A stack of exit callbacks, run last-in first-out on exit (or close())."""

    def __init__(self):
        self._exit_callbacks = []

    def pop_all(self):
        new_stack = ExitStack()
        new_stack._exit_callbacks = self._exit_callbacks
        self._exit_callbacks = []
        return new_stack

    def push(self, exit):
        """Add an __exit__-like callable, or an object with __exit__."""
        exit_method = getattr(type(exit), '__exit__', None)
        if exit_method is None:
            self._exit_callbacks.append(exit)
        else:
            self._exit_callbacks.append(_BoundExit(exit_method, exit))
        return exit

    def enter_context(self, cm):
        cls = type(cm)
        enter = getattr(cls, '__enter__', None)
        exit = getattr(cls, '__exit__', None)
        if enter is None or exit is None:
            raise TypeError("'%s' object does not support the context manager protocol"
                            % (cls.__name__,))
        result = enter(cm)
        self._exit_callbacks.append(_BoundExit(exit, cm))
        return result

    def callback(self, callback, *args, **kwds):
        def exit_wrapper(exc_type, exc, tb):
            callback(*args, **kwds)
        exit_wrapper.__wrapped__ = callback
        self._exit_callbacks.append(exit_wrapper)
        return callback

    def close(self):
        self.__exit__(None, None, None)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, tb):
        received = exc_type is not None
        pending = exc_value
        if pending is None and exc_type is not None:
            pending = exc_type()
        while self._exit_callbacks:
            cb = self._exit_callbacks.pop()
            if pending is None:
                details = (None, None, None)
            else:
                details = (type(pending), pending, getattr(pending, '__traceback__', None))
            try:
                if cb(*details):
                    pending = None
            except BaseException as new_exc:
                if pending is not None and new_exc is not pending:
                    try:
                        new_exc.__context__ = pending
                    except (AttributeError, TypeError):
                        pass
                pending = new_exc
        if pending is not None:
            if pending is exc_value:
                return False        # the block's exception, not handled: propagates
            raise pending
        return received             # the block's exception was suppressed


class _BoundExit:
    def __init__(self, method, obj):
        self.method = method
        self.obj = obj
        self.__self__ = obj

    def __call__(self, *details):
        return self.method(self.obj, *details)


class chdir(AbstractContextManager):
    """Run the block with `path` as the working directory (re-entrant: each
    entry remembers the directory it left)."""

    def __init__(self, path):
        self.path = path
        self._came_from = []

    def __enter__(self):
        import os
        here = os.getcwd()
        os.chdir(self.path)
        self._came_from.append(here)

    def __exit__(self, *excinfo):
        import os
        back = self._came_from.pop()
        os.chdir(back)
