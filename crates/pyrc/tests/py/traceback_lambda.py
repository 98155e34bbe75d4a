# expect: exit=1 stderr="traceback_lambda.py\", line 6, in <lambda>\n    fail = lambda: 1 / 0"
# expect: stderr="ZeroDivisionError: division by zero"
# A lambda frame in a traceback shows its file, line and source line, as CPython.
# A traceback through a lambda names the lambda's file and line.
print("before")
fail = lambda: 1 / 0  # noqa: E731
fail()
