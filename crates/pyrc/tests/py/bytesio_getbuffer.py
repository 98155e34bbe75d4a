# BytesIO.getbuffer(): a writable view of the buffer; while a view exists the BytesIO cannot
# be resized, written or closed (BufferError), as CPython's.
import io
import pickle

b = io.BytesIO(b"hello world")
view = b.getbuffer()
print(type(view).__name__, len(view), bytes(view), view[0], view[-1], bytes(view[6:]))
view[0] = ord("J")
print(b.getvalue())
view[1:3] = b"EL"
print(b.getvalue(), view.tobytes(), view.readonly, view.nbytes)


def attempt(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)


attempt("write", lambda: b.write(b"x"))
attempt("truncate", lambda: b.truncate(2))
attempt("close", lambda: b.close())
attempt("writelines", lambda: b.writelines([b"a"]))
attempt("read", lambda: b.read(5))
attempt("seek", lambda: b.seek(0))
attempt("getvalue", lambda: b.getvalue())
sub = view[2:5]
view.release()
attempt("write with a slice alive", lambda: b.write(b"x"))
sub.release()
attempt("write after release", lambda: b.write(b"!"))
print(b.getvalue())

with b.getbuffer() as v:
    attempt("in with", lambda: b.write(b"?"))
attempt("after with", lambda: b.write(b"?"))

v = b.getbuffer()
del v
attempt("after del", lambda: b.write(b"#"))
print(b.getvalue())

out = io.BytesIO()
out.write(io.BytesIO(b"abc").getbuffer())
print(out.getvalue())

closed = io.BytesIO(b"x")
closed.close()
attempt("closed getbuffer", lambda: closed.getbuffer())

empty = io.BytesIO()
print(len(empty.getbuffer()), bytes(empty.getbuffer()))

data = {"a": [1, 2.5, "s" * 100], "b": (None, True), "c": b"bytes" * 50}
for proto in range(3, pickle.HIGHEST_PROTOCOL + 1):
    s = pickle._dumps(data, protocol=proto)
    print(proto, pickle._loads(s) == data, pickle.loads(s) == data)
big = list(range(20000))
print(pickle._loads(pickle._dumps(big, protocol=5)) == big)
