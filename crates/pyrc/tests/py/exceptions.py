# try/except/else/finally, raise (incl. from), re-raise, the exception hierarchy (catching
# by base class), exception attributes, user exception classes.


def attempt(thunk):
    try:
        result = thunk()
    except ZeroDivisionError:
        print("  except ZeroDivisionError")
        return "zde"
    except (KeyError, IndexError) as e:
        print("  except (KeyError, IndexError):", type(e).__name__, e)
        return "lookup"
    except Exception as e:
        print("  except Exception:", type(e).__name__, e)
        return "other"
    else:
        print("  else:", result)
        return "ok"
    finally:
        print("  finally")


print(attempt(lambda: 1 / 0))
print(attempt(lambda: {}["k"]))
print(attempt(lambda: [][1]))
print(attempt(lambda: int("x")))
print(attempt(lambda: 42))

# catching by base class: the hierarchy
hierarchy = [
    (ZeroDivisionError, ArithmeticError),
    (OverflowError, ArithmeticError),
    (ArithmeticError, Exception),
    (KeyError, LookupError),
    (IndexError, LookupError),
    (LookupError, Exception),
    (FileNotFoundError, OSError),
    (UnboundLocalError, NameError),
    (RecursionError, RuntimeError),
    (NotImplementedError, RuntimeError),
    (StopIteration, Exception),
    (AssertionError, Exception),
    (AttributeError, Exception),
    (TypeError, Exception),
    (ValueError, Exception),
    (Exception, BaseException),
    (KeyboardInterrupt, BaseException),
    (SystemExit, BaseException),
    (GeneratorExit, BaseException),
]
for sub, base in hierarchy:
    try:
        raise sub("x")
    except base as caught:
        print(sub.__name__, "caught as", base.__name__, issubclass(sub, base), type(caught) is sub)
print(issubclass(SystemExit, Exception), issubclass(KeyboardInterrupt, Exception))
print(issubclass(KeyError, IndexError), issubclass(bool, int))

# an exception not matched by the first clauses
try:
    try:
        raise ValueError("inner")
    except TypeError:
        print("not reached")
    finally:
        print("inner finally")
except ValueError as e:
    print("outer caught", e)

# the name bound by "as" is deleted after the handler
try:
    raise KeyError("k")
except KeyError as err:
    pass
try:
    err
except NameError:
    print("err is unbound after the except clause")


# user-defined exceptions
class AppError(Exception):
    pass


class DetailError(AppError):
    def __init__(self, code, detail):
        super().__init__(f"code {code}")
        self.code = code
        self.detail = detail


try:
    raise DetailError(404, "not found")
except AppError as e:
    print(type(e).__name__, e, e.code, e.detail, e.args)
print(isinstance(DetailError(1, 2), Exception), DetailError.__mro__[1].__name__)

# exception args, str and repr
e0 = ValueError()
e1 = ValueError("one")
e2 = ValueError("one", 2)
print(repr(e0), repr(e1), repr(e2))
print(str(e0) == "", str(e1), str(e2), e2.args)
print(repr(KeyError("k")), str(KeyError("k")), str(KeyError(1, 2)))

# raise from sets __cause__ (the implicit __context__ chain is in exception_chaining.py)
try:
    try:
        1 / 0
    except ZeroDivisionError as exc:
        raise ValueError("converted") from exc
except ValueError as e:
    print(type(e.__cause__).__name__, e.__cause__.args)

try:
    raise LookupError("no cause")
except LookupError as e:
    print(e.__cause__)


# bare raise re-raises the current exception
def reraiser():
    try:
        raise IndexError("again")
    except IndexError:
        print("handling, then re-raising")
        raise


try:
    reraiser()
except IndexError as e:
    print("re-raised:", e)

# raising a class instantiates it
try:
    raise StopIteration
except StopIteration as e:
    print("class raised:", type(e).__name__, e.args)

# raising a non-exception
try:
    raise 42
except TypeError as e:
    print("TypeError:", e)

# finally runs on return, break and continue; return in finally wins
def finally_return():
    try:
        return "try"
    finally:
        print("finally before return")


print(finally_return())


def finally_overrides():
    try:
        return "try"
    finally:
        return "finally"  # noqa: B012


print(finally_overrides())


def finally_swallows():
    try:
        raise ValueError("lost")
    finally:
        return "swallowed"  # noqa: B012


print(finally_swallows())

for i in range(3):
    try:
        if i == 0:
            continue
        if i == 2:
            break
        print("body", i)
    finally:
        print("finally", i)

# exception in else propagates; finally still runs
try:
    try:
        pass
    except Exception:
        print("not reached")
    else:
        raise TypeError("from else")
    finally:
        print("finally after else")
except TypeError as e:
    print("caught", e)

# exceptions from deep calls unwind every frame
def level(n):
    if n == 0:
        raise ArithmeticError("bottom")
    try:
        level(n - 1)
    finally:
        print("unwinding", n)


try:
    level(3)
except ArithmeticError as e:
    print("caught", e)

# nested handlers and an exception raised inside an except clause
try:
    try:
        raise KeyError("first")
    except KeyError:
        try:
            raise ValueError("second")
        except ValueError as inner:
            print("inner", inner)
        print("back in first handler")
except Exception:
    print("not reached")

# Exception objects as values
errors = [ValueError("a"), TypeError("b")]
for error in errors:
    try:
        raise error
    except (ValueError, TypeError) as caught:
        print(caught is error, type(caught).__name__)

# except with a tuple from a variable, and a base class listed first
catchable = (KeyError, ZeroDivisionError)
try:
    1 // 0
except catchable as e:
    print("tuple variable caught", type(e).__name__)
try:
    raise FileNotFoundError("nofile")
except OSError as e:
    print("OSError caught", type(e).__name__)
