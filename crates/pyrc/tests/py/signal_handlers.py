# Python-level signal handlers run at the next safe point (signal.raise_signal runs them
# before it returns); SIGINT's default handler raises KeyboardInterrupt.
import signal

print(signal.getsignal(signal.SIGINT) is signal.default_int_handler)
seen = []

def handler(signum, frame):
    seen.append((signum, type(frame).__name__))

previous = signal.signal(signal.SIGUSR1, handler)
print(previous == signal.SIG_DFL, signal.getsignal(signal.SIGUSR1) is handler)
signal.raise_signal(signal.SIGUSR1)
print(seen)
signal.raise_signal(signal.SIGUSR1)
print(len(seen))

try:
    signal.raise_signal(signal.SIGINT)
except KeyboardInterrupt as e:
    print("KeyboardInterrupt", repr(e))

def raising(signum, frame):
    raise RuntimeError("from the handler %d" % signum)

signal.signal(signal.SIGUSR2, raising)
try:
    signal.raise_signal(signal.SIGUSR2)
except RuntimeError as e:
    print(e)

print(signal.signal(signal.SIGUSR1, signal.SIG_IGN) is handler)
signal.raise_signal(signal.SIGUSR1)
print(len(seen), signal.getsignal(signal.SIGUSR1))
signal.signal(signal.SIGUSR1, signal.SIG_DFL)

for bad in (0, 100, -1):
    try:
        signal.signal(bad, handler)
    except ValueError as e:
        print("ValueError", e)
try:
    signal.signal(signal.SIGUSR1, 5)
except TypeError as e:
    print("TypeError", e)
try:
    signal.signal(signal.SIGKILL, handler)
except OSError as e:
    print("OSError", e.errno)

# A handler that runs while a loop is running: the loop's back edge is a safe point.
import os
count = 0
def tick(signum, frame):
    global count
    count += 1
signal.signal(signal.SIGALRM, tick)
signal.alarm(1)
import time
start = time.monotonic()
while count == 0 and time.monotonic() - start < 5:
    pass
print("alarm handled", count)
signal.signal(signal.SIGALRM, signal.SIG_DFL)
