"""pyrc's `threading`: pyrc runs a single thread (kept: CPython's `threading.py` needs
`_thread.start_new_thread`, `_thread._local`, `_set_sentinel` and real locks with timeouts;
pyrc's objects are `!Send`, one interpreter per thread).

The synchronisation objects work for that one thread (a blocking wait that
could only end by another thread's action raises RuntimeError instead of
hanging); Thread objects can be made, but start() raises RuntimeError.
"""

import sys
import time as _time

TIMEOUT_MAX = 9223372036.0
_MAIN_IDENT = 1

_trace_hook = None
_profile_hook = None


class ThreadError(RuntimeError):
    pass


def _deadlock(what):
    raise RuntimeError("pyrc has no threads: %s would wait forever" % (what,))


def get_ident():
    return _MAIN_IDENT


def get_native_id():
    return _MAIN_IDENT


class Lock:
    """A non-reentrant lock."""

    def __init__(self):
        self._locked = False

    def acquire(self, blocking=True, timeout=-1):
        if not self._locked:
            self._locked = True
            return True
        if not blocking:
            return False
        if timeout is not None and timeout >= 0:
            _time.sleep(timeout)
            return False
        _deadlock("acquiring a held Lock")

    def release(self):
        if not self._locked:
            raise RuntimeError("release unlocked lock")
        self._locked = False

    def locked(self):
        return self._locked

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *exc_info):
        self.release()
        return False

    def __repr__(self):
        state = 'locked' if self._locked else 'unlocked'
        return '<%s %s object at %s>' % (state, type(self).__name__, hex(id(self)))

    acquire_lock = acquire
    release_lock = release
    locked_lock = locked


LockType = Lock


def allocate_lock():
    return Lock()


class RLock:
    """A reentrant lock."""

    def __init__(self):
        self._count = 0

    def acquire(self, blocking=True, timeout=-1):
        self._count += 1
        return True

    def release(self):
        if self._count == 0:
            raise RuntimeError("cannot release un-acquired lock")
        self._count -= 1

    def _is_owned(self):
        return self._count > 0

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *exc_info):
        self.release()
        return False

    def __repr__(self):
        state = 'locked' if self._count else 'unlocked'
        return '<%s %s object owner=%d count=%d at %s>' % (
            state, type(self).__name__, _MAIN_IDENT if self._count else 0,
            self._count, hex(id(self)))


class Condition:
    """A condition variable over `lock` (a new RLock by default). With only
    one thread nobody else can notify: waiting just sleeps the timeout out."""

    def __init__(self, lock=None):
        self._lock = RLock() if lock is None else lock
        self.acquire, self.release = self._lock.acquire, self._lock.release

    def __enter__(self):
        return self._lock.__enter__()

    def __exit__(self, *exc_info):
        return self._lock.__exit__(*exc_info)

    def wait(self, timeout=None):
        if timeout is None:
            _deadlock("Condition.wait() without a timeout")
        _time.sleep(timeout)
        return False

    def wait_for(self, predicate, timeout=None):
        result = predicate()
        if result:
            return result
        if timeout is None:
            _deadlock("Condition.wait_for() without a timeout")
        _time.sleep(timeout)
        return predicate()

    def notify(self, n=1):
        pass

    def notify_all(self):
        pass

    notifyAll = notify_all


class Semaphore:
    def __init__(self, value=1):
        if value < 0:
            raise ValueError("semaphore initial value must be >= 0")
        self._value = value

    def acquire(self, blocking=True, timeout=None):
        if self._value > 0:
            self._value -= 1
            return True
        if not blocking:
            return False
        if timeout is not None:
            _time.sleep(timeout)
            return False
        _deadlock("acquiring an exhausted Semaphore")

    def release(self, n=1):
        if n < 1:
            raise ValueError('n must be one or more')
        self._value += n

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *exc_info):
        self.release()
        return False


class BoundedSemaphore(Semaphore):
    def __init__(self, value=1):
        Semaphore.__init__(self, value)
        self._initial_value = value

    def release(self, n=1):
        if n < 1:
            raise ValueError('n must be one or more')
        if self._value + n > self._initial_value:
            raise ValueError("Semaphore released too many times")
        self._value += n


class Event:
    def __init__(self):
        self._flag = False

    def is_set(self):
        return self._flag

    isSet = is_set

    def set(self):
        self._flag = True

    def clear(self):
        self._flag = False

    def wait(self, timeout=None):
        if self._flag:
            return True
        if timeout is None:
            _deadlock("Event.wait() on an unset event without a timeout")
        _time.sleep(timeout)
        return self._flag


class BrokenBarrierError(RuntimeError):
    pass


class Barrier:
    def __init__(self, parties, action=None, timeout=None):
        if parties < 1:
            raise ValueError("parties must be >= 1")
        self.parties = parties
        self._action = action
        self.n_waiting = 0
        self.broken = False

    def wait(self, timeout=None):
        if self.parties == 1:
            if self._action is not None:
                self._action()
            return 0
        _deadlock("Barrier.wait() with more than one party")

    def reset(self):
        self.broken = False

    def abort(self):
        self.broken = True


_counter = 0


def _newname(template="Thread-%d"):
    global _counter
    _counter += 1
    return template % _counter


class Thread:
    """A thread object; pyrc cannot run it (start() raises RuntimeError)."""

    def __init__(self, group=None, target=None, name=None, args=(), kwargs=None, *,
                 daemon=None):
        if group is not None:
            raise AssertionError("group argument must be None for now")
        if kwargs is None:
            kwargs = {}
        self._target = target
        self._args = args
        self._kwargs = kwargs
        if name is None:
            name = _newname()
            if target is not None:
                target_name = getattr(target, '__name__', None)
                if target_name:
                    name += ' (%s)' % (target_name,)
        self._name = str(name)
        if daemon is None:
            daemon = current_thread().daemon
        self._daemonic = daemon
        self._started = False
        self._ident = None

    def start(self):
        if self._started:
            raise RuntimeError("threads can only be started once")
        raise RuntimeError("pyrc has no threads: Thread.start() is not supported")

    def run(self):
        try:
            if self._target is not None:
                self._target(*self._args, **self._kwargs)
        finally:
            self._target = None
            self._args = None
            self._kwargs = None

    def join(self, timeout=None):
        if not self._started:
            raise RuntimeError("cannot join thread before it is started")
        if self is current_thread():
            raise RuntimeError("cannot join current thread")

    def is_alive(self):
        return False

    @property
    def name(self):
        return self._name

    @name.setter
    def name(self, value):
        self._name = str(value)

    @property
    def ident(self):
        return self._ident

    @property
    def native_id(self):
        return self._ident

    @property
    def daemon(self):
        return self._daemonic

    @daemon.setter
    def daemon(self, value):
        if self._started:
            raise RuntimeError("cannot set daemon status of active thread")
        self._daemonic = value

    def isDaemon(self):
        return self._daemonic

    def setDaemon(self, daemonic):
        self.daemon = daemonic

    def getName(self):
        return self._name

    def setName(self, name):
        self.name = name

    def __repr__(self):
        status = 'started' if self._started else 'initial'
        if self._daemonic:
            status += ' daemon'
        return '<%s(%s, %s)>' % (type(self).__name__, self._name, status)


class _MainThread(Thread):
    def __init__(self):
        self._target = None
        self._args = ()
        self._kwargs = {}
        self._name = 'MainThread'
        self._daemonic = False
        self._started = True
        self._ident = _MAIN_IDENT

    def is_alive(self):
        return True

    def __repr__(self):
        return '<_MainThread(MainThread, started %d)>' % (_MAIN_IDENT,)


_main_thread = _MainThread()


def current_thread():
    return _main_thread


currentThread = current_thread


def main_thread():
    return _main_thread


def active_count():
    return 1


activeCount = active_count


def enumerate():
    return [_main_thread]


class Timer(Thread):
    """A Thread holding function(*args, **kwargs) and a delay `interval`;
    cancel() sets the `finished` event."""

    def __init__(self, interval, function, args=None, kwargs=None):
        Thread.__init__(self)
        self.interval, self.function = interval, function
        self.args = [] if args is None else args
        self.kwargs = {} if kwargs is None else kwargs
        self.finished = Event()

    def cancel(self):
        self.finished.set()


class local:
    """Thread-local data: with one thread, an ordinary object."""


def settrace(func):
    global _trace_hook
    _trace_hook = func


def gettrace():
    return _trace_hook


def setprofile(func):
    global _profile_hook
    _profile_hook = func


def getprofile():
    return _profile_hook


def stack_size(size=0):
    if size:
        raise ValueError("pyrc has no threads: stack_size cannot be set")
    return 0


class ExceptHookArgs:
    def __init__(self, exc_type, exc_value, exc_traceback, thread):
        self.exc_type = exc_type
        self.exc_value = exc_value
        self.exc_traceback = exc_traceback
        self.thread = thread


def excepthook(args):
    if args.exc_type is SystemExit:
        return
    name = args.thread.name if args.thread is not None else get_ident()
    print("Exception in thread %s:" % (name,), file=sys.stderr)
    print("%s: %s" % (args.exc_type.__name__, args.exc_value), file=sys.stderr)


__excepthook__ = excepthook
