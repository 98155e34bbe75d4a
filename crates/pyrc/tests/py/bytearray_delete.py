# del on bytearray items and slices (asyncio's transports drop the sent prefix of their
# write buffer with `del buffer[:n]`).
b = bytearray(b"abcdefghij")
del b[0]
print(b)
del b[-1]
print(b)
del b[::2]
print(b)
del b[1:3]
print(b)
del b[:]
print(b, len(b))
big = bytearray(200000)
del big[:150000]
print(len(big))
for key in (10, -10, "x"):
    try:
        del bytearray(b"ab")[key]
    except (IndexError, TypeError) as e:
        print(type(e).__name__, e)
