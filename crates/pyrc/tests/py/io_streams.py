# CPython's io.py over the native _io: StringIO, BytesIO, text and binary files, positions,
# newline translation, line reading, context managers, subclasses defined in Python.
import io

# StringIO
s = io.StringIO("one\ntwo\nthree")
print(repr(s.readline()), repr(s.read(3)), s.tell(), repr(s.read()), repr(s.read()))
s.seek(0)
print(s.readlines(), s.tell())
s.seek(4)
s.write("TWO")
print(repr(s.getvalue()), s.tell())
s.seek(0, 2)
s.write("!")
print(repr(s.getvalue()), s.truncate(3), repr(s.getvalue()))
s.seek(10)
s.write("x")
print(repr(s.getvalue()))
print(list(io.StringIO("a\nb\n\nc")), [len(line) for line in io.StringIO("xy\nz")])
for newline in [None, "", "\n", "\r", "\r\n"]:
    t = io.StringIO(newline=newline)
    t.write("a\nb\r\nc\rd")
    print(repr(newline), repr(t.getvalue()), t.getvalue().count("\n"))
    t.seek(0)
    print("  ", [t.readline() for _ in range(5)])
print(repr(io.StringIO("a\r\nb", newline=None).read()), repr(io.StringIO("a\r\nb", newline="").readline()))
for bad in [lambda: io.StringIO(b"x"), lambda: io.StringIO("", newline="x"), lambda: s.write(b"x"),
            lambda: s.seek(-1), lambda: s.seek(1, 1), lambda: s.seek(0, 5), lambda: s.truncate(-1)]:
    try:
        bad()
    except (TypeError, ValueError, OSError) as e:
        print(type(e).__name__, e)
s.close()
print(s.closed)
try:
    s.read()
except ValueError as e:
    print("ValueError:", e)
with io.StringIO("ctx") as c:
    print(c.read(), c.closed, c.readable(), c.writable(), c.seekable())
print(c.closed)

# Subclasses of StringIO and of the abstract bases.
class Upper(io.StringIO):
    def __init__(self, text=""):
        super().__init__(text)
        self.writes = 0
    def write(self, text):
        self.writes += 1
        return super().write(text.upper())
u = Upper("start|")
u.seek(0, 2)
print(u.write("abc"), u.write("def"), u.getvalue(), u.writes, isinstance(u, io.TextIOBase))
print(type(u).__mro__[1:3], isinstance(u, io.IOBase), issubclass(io.StringIO, io.TextIOBase))

class Lines(io.RawIOBase):
    def __init__(self, data):
        self.data = data
        self.pos = 0
    def readable(self):
        return True
    def readinto(self, buffer):
        chunk = self.data[self.pos:self.pos + min(len(buffer), 3)]
        for i, byte in enumerate(chunk):
            buffer[i] = byte
        self.pos += len(chunk)
        return len(chunk)
raw = Lines(b"first\nsecond\nthird")
print(raw.read(4), raw.readline(), raw.readall())
reader = io.BufferedReader(Lines(b"alpha\nbeta\ngamma\n"), 4)
print(reader.readline(), reader.peek(2)[:2], reader.read(3), list(reader))
wrapped = io.TextIOWrapper(io.BufferedReader(Lines("añb\nc€\n".encode("utf-8"))), encoding="utf-8")
print(wrapped.readlines())

# BytesIO
b = io.BytesIO(b"abc\ndef\n")
print(b.read(2), b.readline(), b.tell(), b.read(), b.getvalue())
b.seek(1)
b.write(b"XY")
print(b.getvalue(), b.tell(), b.seek(-2, 2), b.read(), b.seek(100), b.read())
b.write(b"!")
print(len(b.getvalue()), b.getvalue()[-3:], b.truncate(4), b.getvalue())
buf = bytearray(3)
b.seek(0)
print(b.readinto(buf), buf, list(io.BytesIO(b"1\n2\n3")))
try:
    b.write("text")
except TypeError as e:
    print("TypeError:", e)

# Text files.
with open("io_test.txt", "w", encoding="utf-8") as f:
    print(f.name, f.mode, f.encoding, f.writable(), f.readable(), f.seekable())
    print(f.write("héllo\n"), f.write("wörld\r\nlast"))
    print(f.tell())
with open("io_test.txt", encoding="utf-8") as f:
    print(repr(f.readline()), f.tell(), repr(f.read(3)), f.tell())
    f.seek(0)
    print(f.readlines())
with open("io_test.txt", encoding="utf-8", newline="") as f:
    print([line for line in f])
with open("io_test.txt", "rb") as f:
    print(f.read(), f.tell(), f.seek(1), f.read(2), f.readline(), f.mode)
with open("io_test.txt", "a", encoding="latin-1") as f:
    f.write("\nappended é")
with open("io_test.txt", "rb") as f:
    print(f.read()[-12:])
with open("io_test.txt", "r+", encoding="utf-8") as f:
    print(f.read(5))
    f.seek(0)
    f.write("HEL")
    f.seek(0)
    print(repr(f.readline()))
with open("io_test.txt", "w", encoding="utf-16") as f:
    f.write("ab€")
with open("io_test.txt", "rb") as f:
    print(f.read())
with open("io_test.txt", encoding="utf-16") as f:
    print(repr(f.read()))
with open("io_test.txt", "w", newline="\r\n") as f:
    f.write("x\ny\n")
with open("io_test.txt", "rb") as f:
    print(f.read())
with open("io_test.bin", "wb") as f:
    print(f.write(bytes(range(5))), f.tell(), type(f).__name__, f.raw.mode)
with open("io_test.bin", "rb", buffering=0) as f:
    print(type(f).__name__, f.read(2), f.readall(), f.seekable(), f.closefd)
with open("io_test.bin", "r+b") as f:
    f.seek(2)
    f.write(b"XY")
    f.seek(0)
    print(type(f).__name__, f.read())
    f.truncate(3)
with open("io_test.bin", "rb") as f:
    print(f.read())
with open("io_test.txt", "w") as f:
    f.write("line 1\nline 2\n")
    f.writelines(["a\n", "b\n"])
print(open("io_test.txt").read().splitlines())

# Errors.
for args in [("no_such_dir/x", "r"), ("io_test.txt", "rw"), ("io_test.txt", "rbt"), ("io_test.txt", "q"),
             ("io_test.txt", "x"), (".", "r")]:
    try:
        open(*args)
    except (OSError, ValueError) as e:
        print(type(e).__name__, e)
for kwargs in [{"encoding": "utf-8", "mode": "rb"}, {"newline": "x"}, {"buffering": 0}]:
    try:
        open("io_test.txt", **kwargs)
    except ValueError as e:
        print("ValueError:", e)
try:
    open("io_test.txt", encoding="no-such-encoding")
except LookupError as e:
    print("LookupError:", e)
with open("io_test.txt") as f:
    try:
        f.write("x")
    except io.UnsupportedOperation as e:
        print("UnsupportedOperation:", e, isinstance(e, OSError), isinstance(e, ValueError))
f = open("io_test.txt")
f.close()
f.close()
for operation in [f.read, f.readline, lambda: f.seek(0), lambda: next(f)]:
    try:
        operation()
    except ValueError as e:
        print("ValueError:", e)
print(f.closed, io.DEFAULT_BUFFER_SIZE, io.SEEK_END, io.open is open)

# A file object freed with pending writes still writes them.
def scribble():
    g = open("io_test.txt", "w")
    g.write("unflushed")
scribble()
print(open("io_test.txt").read())

# IncrementalNewlineDecoder
d = io.IncrementalNewlineDecoder(None, translate=True)
print(repr(d.decode("a\r")), repr(d.decode("\nb\r")), repr(d.decode("", final=True)), d.newlines)
d = io.IncrementalNewlineDecoder(None, translate=False)
print(repr(d.decode("x\r\ny\n")), d.newlines, d.getstate())
