# SystemExit.code: None without arguments, the argument with one, the tuple with several.
import sys

for args in [(), (0,), (3,), ("message",), (None,), (1, 2)]:
    try:
        raise SystemExit(*args)
    except SystemExit as e:
        print(repr(e.code))
try:
    sys.exit(5)
except SystemExit as e:
    print(e.code)
try:
    sys.exit(None)
except SystemExit as e:
    print(e.args)
