# expect: known-bug "a traceback entry for a lambda's frame shows File \"<unknown>\" and no source line, instead of the file name and the lambda's line"
# expect: exit=1 stderr="traceback_lambda.py\", line 6, in <lambda>\n    fail = lambda: 1 / 0"
# expect: stderr="ZeroDivisionError: division by zero"
# A traceback through a lambda names the lambda's file and line.
print("before")
fail = lambda: 1 / 0  # noqa: E731
fail()
