# assert: passing, failing without and with a message, the message evaluated only on failure.

assert True
assert 1 == 1, "not shown"
assert [0]
print("passing asserts are silent")

try:
    assert False
except AssertionError as e:
    print("AssertionError args:", e.args, repr(str(e)))

try:
    assert 1 > 2, "one is not greater than two"
except AssertionError as e:
    print("AssertionError:", e)

try:
    assert [], ["a", "list", "message"]
except AssertionError as e:
    print("message object:", e.args[0])

evaluated = []


def message():
    evaluated.append(1)
    return "lazy"


assert True, message()
print("message evaluated:", len(evaluated))
try:
    assert None, message()
except AssertionError as e:
    print(e, len(evaluated))


def checked_sqrt(n):
    assert n >= 0, f"negative input {n}"
    return n ** 0.5


print(checked_sqrt(16.0))
try:
    checked_sqrt(-4)
except AssertionError as e:
    print("AssertionError:", e)
print(issubclass(AssertionError, Exception))
