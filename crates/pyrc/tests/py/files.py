# File objects from open(): write/read/readline/readlines/iteration, close and closed, modes,
# the context manager (closing when the last reference goes: file_lifetime.py). The runner
# starts each program in a fresh temporary directory, so relative names are private to it.
f = open("data.txt", "w")
print(type(f).__name__ in ("TextIOWrapper",), f.closed, f.name, f.mode)
print(f.write("first line\n"), f.write("second line\n"), f.write(""))
f.close()
print(f.closed)
f.close()  # closing twice is fine
try:
    f.write("more")
except ValueError as e:
    print("ValueError:", e)

f = open("data.txt")
print(repr(f.read()))
print(repr(f.read()))  # at the end: empty
f.close()
try:
    f.read()
except ValueError as e:
    print("ValueError:", e)

with open("data.txt") as g:
    print(g.closed, repr(g.readline()), repr(g.readline()), repr(g.readline()))
print(g.closed)
with open("data.txt") as g:
    print(g.readlines())
with open("data.txt") as g:
    print([line.rstrip("\n") for line in g])

# append mode
with open("data.txt", "a") as h:
    h.write("appended\n")
with open("data.txt") as h:
    print(h.read().splitlines())

# "w" truncates
with open("data.txt", "w") as h:
    print(h.write("replaced"))
with open("data.txt") as h:
    print(repr(h.read()))

# the with statement closes on an exception too
try:
    with open("data.txt") as h:
        raise RuntimeError("inside")
except RuntimeError:
    print("closed after exception:", h.closed)

# __enter__ returns the file itself
fh = open("data.txt")
with fh as same:
    print(same is fh)
print(fh.closed)

# closing when the last reference goes is tested in file_lifetime.py

# missing files and bad modes
try:
    open("does-not-exist.txt")
except FileNotFoundError as e:
    print("FileNotFoundError:", e)
except OSError:
    print("other OSError")
try:
    open("data.txt", "q")
except ValueError as e:
    print("ValueError:", e)
try:
    open("x.txt", "x").close()
    open("x.txt", "x")
except FileExistsError:
    print("FileExistsError")

# unicode round trip and writelines-style loops
with open("uni.txt", "w") as u:
    for word in ["héllo", "日本", "ok"]:
        u.write(word + "\n")
with open("uni.txt") as u:
    print(u.read().split())
