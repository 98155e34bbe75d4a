# Details of text files: sized reads, positions, binary mode, buffering.

with open("sized.txt", "w") as f:
    f.write("abc\ndef\n")
with open("sized.txt") as f:
    print(repr(f.read(2)), repr(f.readline(2)), repr(f.readline()), repr(f.read(0)), repr(f.read(100)))
with open("sized.txt") as f:
    print(f.tell(), repr(f.readline()), f.tell(), f.seek(0), repr(f.read()))
with open("sized.txt", "rb") as f:
    data = f.read()
    print(type(data).__name__, data)

# buffering: a small write is not on disk before flush() or close()
w = open("buffered.txt", "w")
w.write("pending")
print("before flush:", repr(open("buffered.txt").read()))
w.flush()
print("after flush:", repr(open("buffered.txt").read()))
w.close()
