# Found by scripts/difffuzz.py: range slices are ranges, slices are unhashable (3.11),
# ZeroDivisionError's wording for % and float divmod, bytes %-formatting (PEP 461),
# code.co_freevars / co_cellvars, float() of bytes, bytes index errors, the sign of a zero
# float remainder.
r = range(12)
for sl in [slice(-2, -12), slice(None, None, 1), slice(None, None, -1), slice(-5, None, 2),
           slice(6, 0, -1), slice(-10, 8), slice(3, 3), slice(100, None), slice(None, None, -3)]:
    print(sl, r[sl], list(r[sl]), range(5, 50, 3)[sl])
for e in ["hash(slice(1))", "{}[:2]", "{1: 2}.get(slice(1))", "{slice(1): 1}",
          "set([slice(1)])", "{1: 'a'}[::2]"]:
    try:
        print(e, eval(e))
    except Exception as x:
        print(e, type(x).__name__, x)
for e in ["1 % 0", "1 // 0", "divmod(1, 0)", "1.0 % 0", "divmod(1.0, 0)", "divmod(1, 0.0)",
          "1.0 // 0", "(2**70) % 0", "divmod(2**70, 0)"]:
    try:
        print(e, eval(e))
    except ZeroDivisionError as x:
        print(e, 'ZeroDivisionError', x)
for e in ["b'%s' % b'x'", "b'' % ()", "b'%d-%x' % (3, 255)", "b'%5s|%-4b|' % (b'ab', bytearray(b'c'))",
          "bytearray(b'%d') % 4", "b'%r' % 1", "b'%a' % 'é'", "b'%c%c' % (65, b'z')", "b'%s' % 'x'",
          "b'%(k)s' % {b'k': b'v'}", "b'%c' % 256", "b'%s' % 1", "b'%05.1f' % 2.25"]:
    try:
        print(e, repr(eval(e)))
    except Exception as x:
        print(e, type(x).__name__, x)
def mk(start):
    total = start
    other = 1
    def add(k):
        nonlocal total
        total += k + other
        return total
    return add
print(mk(1).__code__.co_freevars, mk.__code__.co_cellvars, mk.__code__.co_freevars)
for e in ["float(b'xy')", "float(b'1.5')", "float(bytearray(b' 2 '))", "float(b'inf')", "float(b'\\xff')"]:
    try:
        print(e, repr(eval(e)))
    except Exception as x:
        print(e, type(x).__name__, x)
for e in ['b"xy"[5]', 'b""[-1]', 'bytearray(b"a")[3]']:
    try:
        eval(e)
    except IndexError as x:
        print(e, x)
print(10.0 % -1, divmod(10.0, -1), -10.0 % 1, divmod(-10.0, 1), 0.0 % -5, 10 % -1.0, -0.0 % 3)
