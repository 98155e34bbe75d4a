# int in bytes: an int too large for an index is out of range (ValueError), a non-int built-in
# value needs a buffer (difffuzz seed 39252).
for item in [100000000000000000000, -10**30, 256, -1, 120, True, 3.0, 'x', b'y']:
    for hay in [b'xy', bytearray(b'xy')]:
        try:
            print(repr(item), item in hay)
        except Exception as e:
            print(repr(item), type(e).__name__, e)
