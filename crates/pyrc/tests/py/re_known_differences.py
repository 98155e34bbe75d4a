# expect: known-bug "rustpython-sre_engine 0.6 follows Python 3.14 where 3.11 differs: \\B matches an empty string (3.11: no match); U+FB05 and U+FB06 (one uppercase, ST) do not match each other case-insensitively"
# Where pyrc's re (CPython 3.11's package over rustpython-sre_engine) differs from 3.11.
import re
print(re.search(r"\B", ""), re.fullmatch(r"\B", ""))
print(re.match(r"\u1c80", "\u0432", re.I) is not None)
print(re.match(r"\ufb05", "\ufb06", re.I) is not None, re.match(r"[\ufb04-\ufb05]", "\ufb06", re.I) is not None)
