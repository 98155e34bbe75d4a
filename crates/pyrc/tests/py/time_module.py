# The time module: perf_counter and monotonic never go backwards, time() is after 2020,
# sleep waits at least as long as asked. No absolute value is printed.
import time

t0 = time.perf_counter()
values = [time.perf_counter() for _ in range(1000)]
print(all(a <= b for a, b in zip(values, values[1:])), values[0] >= t0)
print(type(t0).__name__, type(time.time()).__name__)
print(time.time() > 0, time.time() > 1577836800)  # 2020-01-01

m0 = time.monotonic()
start = time.perf_counter()
time.sleep(0.05)
elapsed = time.perf_counter() - start
print(elapsed >= 0.05, elapsed < 5, time.monotonic() - m0 >= 0.05)

total = 0
start = time.perf_counter()
for i in range(10000):
    total += i
print(total, time.perf_counter() - start > 0)
