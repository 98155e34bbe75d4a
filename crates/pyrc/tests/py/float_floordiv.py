# float // and divmod as CPython's float_divmod: from the exact remainder, not floor(a / b)
# (13 // 0.1 is 129.0; difffuzz seed 99904).
vals = [13, -13, 0.1, -0.1, 1e300, -1e-300, 7.5, 0.0, -0.0, 3, 2**60, float('inf'), 1e16]
for a in vals:
    for b in vals:
        try:
            print(a, b, a // b, divmod(a, b), a % b)
        except Exception as e:
            print(a, b, type(e).__name__, e)
