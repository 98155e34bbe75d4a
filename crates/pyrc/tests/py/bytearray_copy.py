# bytearray.copy (which CPython's copy.py takes from the type) and unbound bytearray methods.
b = bytearray(b"abc")
c = b.copy()
c.append(100)
print(b, c, c is not b, type(c).__name__)
print(bytearray.copy(b), bytearray.copy is bytearray.copy, bytearray.append)
bytearray.extend(b, b"xy")
print(b)
try:
    bytearray.copy(b"not a bytearray")
except TypeError as e:
    print("TypeError", e)
