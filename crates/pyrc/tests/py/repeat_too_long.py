# Repetition past the largest length: OverflowError for str and bytes (CPython's unicode_repeat,
# bytes_repeat), MemoryError for bytearray, list and tuple (difffuzz seed 32837).
import sys
cases = ["9223372036854775807 * 'aaa'", "'ab' * (sys.maxsize // 2 + 1)", "b'abc' * sys.maxsize", "bytearray(b'ab') * sys.maxsize",
         "[1, 2] * sys.maxsize", "(1, 2) * sys.maxsize", "'a' * (sys.maxsize + 1)", "'' * sys.maxsize", "'ab' * -5", "[0] * (2**40)",
         "'x' * (2**40)"]
for c in cases:
    try:
        r = eval(c)
        print(c, len(r))
    except Exception as e:
        print(c, type(e).__name__, e)
