import sys, time


def loop(n):
    total = 0
    i = 0
    while i < n:
        total = total + i * 3 % 7
        i = i + 1
    return total


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def float_kernel(n):
    x = 0.0
    y = 0.5
    vx = 1.0
    vy = 0.25
    dt = 0.01
    k = 0.3
    i = 0
    while i < n:
        vx = vx - x * k * dt
        vy = vy - y * k * dt
        x = x + vx * dt
        y = y + vy * dt
        i = i + 1
    return x + y


kernel = {"loop": loop, "fib": fib, "float": float_kernel}[sys.argv[1]]
n = int(sys.argv[2])
start = time.perf_counter()
result = kernel(n)
elapsed = time.perf_counter() - start
print(repr(result), elapsed)
