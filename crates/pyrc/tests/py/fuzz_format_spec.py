# Found by scripts/difffuzz.py: the format-spec mini-language's refusals (CPython's
# formatter_unicode.c), bool formatted as an int, the '.N' float form, '0' padding of str,
# object.__format__ with a non-empty spec, and %-formatting's precision and '-' for ints.
vals = [5, -7, 2**40, 3.5, -0.0, 1e300, 0.0, 'abc', '', 'ünï', True, None, (1, 2)]
specs = ["", ">8", "<6", "^9", "*^9", ".3", "10.2f", "e", ",", "+", "08.3f", "x", "b", "%",
         "g", "s", "d", "c", "o", "X", "n", "_", "=10", "#x", "-", " ", "E", "G", "F", ".0",
         "10", "010", "z", ".2%", "#o", "#b", ".1", ".2", "z.1f", ",s", "_x", "+c", "#c", "#s"]
for v in vals:
    for s in specs:
        try:
            r = format(v, s)
        except Exception as e:
            r = type(e).__name__ + ': ' + str(e)
        print(repr(v), repr(s), repr(r))
for f in ['%5.3d', '%-6.2d|', '%.3x', '%#.4x', '%+.2d', '%08.3d', '%5d', '%-5d|', '%05d',
          '%#x', '%.0d', '%x', '%+5.1d', '%#X', '%-#8o|', '%+x', '% d', '%#010x', '%3d', '%o']:
    for v in [7, -7, 0, 255, 2**70, True]:
        print(repr(f), v, repr(f % v))
for bad in [('%x', 1.5), ('%d', 'a'), ('%o', [1])]:
    try:
        print(bad[0] % bad[1])
    except TypeError as e:
        print('TypeError', e)
print('%d' % 3.7, '%5.1f|%-8s|%r' % (2.25, 'ab', 'q'))
print('abc'.center(11, '*'), 'banana'.center(11, '*'), 'ab'.center(5), 'abc'.center(6, '-'))
