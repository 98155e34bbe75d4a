# expect: exit=1
# expect: stderr="Traceback (most recent call last):\n"
# expect: stderr="uncaught_exception.py\", line 27, in <module>\n    main()\n"
# expect: stderr="uncaught_exception.py\", line 24, in divide\n    return a // b\n"
# expect: stderr="ZeroDivisionError: integer division or modulo by zero\n"
# An uncaught exception: stdout printed so far is kept (flushed before the traceback), the
# traceback goes to stderr, the exit status is 1, and objects alive are still finalized.


class Finalized:
    def __del__(self):
        print("finalized at exit")


keep = Finalized()


def main():
    print("before the error")
    print(divide(1, 0))


def divide(a, b):
    return a // b


main()
print("not reached")
