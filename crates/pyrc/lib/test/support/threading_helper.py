"""pyrc's `test.support.threading_helper`: pyrc has no threads, so the tests
that need them skip."""

import unittest

_REASON = "needs threads (pyrc has none)"


def requires_working_threading(*, module=False):
    if module:
        raise unittest.SkipTest(_REASON)
    return unittest.skip(_REASON)


def reap_threads(func):
    return func


def threading_setup():
    return (1,)


def threading_cleanup(*original_values):
    pass


def join_thread(thread, timeout=None):
    thread.join(timeout)


class wait_threads_exit:
    def __init__(self, timeout=None):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        return False


class start_threads:
    """with start_threads(threads, unlock): skips the test (no threads)."""

    def __init__(self, threads, unlock=None):
        self.threads = threads
        self.unlock = unlock

    def __enter__(self):
        raise unittest.SkipTest(_REASON)

    def __exit__(self, *exc_info):
        return False


class catch_threading_exception:
    def __init__(self):
        # Details of the last uncaught exception in a thread, if any.
        self.exc_type = self.exc_value = self.exc_traceback = self.thread = None

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        return False
