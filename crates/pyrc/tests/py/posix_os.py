# CPython's own os.py on the native posix module: stat results, descriptors, directories,
# scandir, environ, errors with errno and filename, and os.path on top of them.
import os
import os.path
import stat
import sys

print(os.__file__.endswith("lib/python3.11/os.py"), os.path.__name__, os.name, os.sep)
print(type(os.environ).__name__, isinstance(os.environb[b"PATH"], bytes) if b"PATH" in os.environb else True)

base = os.path.abspath("posix_os_dir")
os.mkdir(base)
print(os.path.isdir(base), os.path.exists(base), os.path.isfile(base))
try:
    os.mkdir(base)
except FileExistsError as e:
    print("FileExistsError", e.errno, e.strerror, e.filename == base)

name = os.path.join(base, "a.txt")
fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
print(type(fd).__name__, os.write(fd, b"hello world\n"), os.isatty(fd))
os.close(fd)
try:
    os.close(fd)
except OSError as e:
    print(type(e).__name__, e.errno, e.filename)

st = os.stat(name)
print(type(st).__name__, len(st), st.st_size, st[6], stat.S_ISREG(st.st_mode), stat.S_ISDIR(st.st_mode))
print(st.st_mode == st[0], stat.S_IMODE(st.st_mode) & 0o600 == 0o600)
print(isinstance(st.st_mtime, float), isinstance(st[8], int), isinstance(st.st_mtime_ns, int))
print(abs(st.st_mtime_ns / 1e9 - st.st_mtime) < 1e-3, st[8] == int(st.st_mtime))
mode, ino, dev, nlink, uid, gid, size, atime, mtime, ctime = st
print(size, nlink, ino == st.st_ino)
print(repr(st).startswith("os.stat_result(st_mode="), isinstance(st, tuple))
print(os.path.getsize(name), os.path.exists(name), os.path.isfile(name))

fd = os.open(name, os.O_RDONLY)
print(os.read(fd, 5), os.lseek(fd, 0, os.SEEK_CUR), os.lseek(fd, -6, os.SEEK_END), os.read(fd, 100))
print(os.read(fd, 10), os.fstat(fd).st_size, os.stat(fd).st_size)
os.close(fd)

with open(os.path.join(base, "b.py"), "w") as f:
    f.write("x = 1\n")
os.mkdir(os.path.join(base, "sub"))
os.symlink(name, os.path.join(base, "link"))
print(sorted(os.listdir(base)))
print(sorted(os.listdir(os.fsencode(base))))
print(os.readlink(os.path.join(base, "link")) == name, os.path.islink(os.path.join(base, "link")))
print(os.lstat(os.path.join(base, "link")).st_size == len(name))

with os.scandir(base) as it:
    entries = sorted(it, key=lambda e: e.name)
for e in entries:
    print(repr(e), e.name, e.path == os.path.join(base, e.name), e.is_dir(), e.is_file(),
          e.is_symlink(), e.is_file(follow_symlinks=False), e.inode() == os.lstat(e.path).st_ino,
          e.stat().st_size == os.stat(e.path).st_size, os.fspath(e) == e.path)
print(type(entries[0]).__name__, isinstance(entries[0], os.PathLike))

os.rename(os.path.join(base, "b.py"), os.path.join(base, "c.py"))
os.replace(os.path.join(base, "c.py"), os.path.join(base, "d.py"))
print(sorted(os.listdir(base)))
try:
    os.rename(os.path.join(base, "missing"), os.path.join(base, "x"))
except FileNotFoundError as e:
    print(str(e).replace(base, "BASE"))

print(os.access(name, os.R_OK), os.access(os.path.join(base, "missing"), os.F_OK))
os.chmod(name, 0o600)
print(oct(stat.S_IMODE(os.stat(name).st_mode)))
old = os.umask(0o22)
print(os.umask(old) == 0o22)

cwd = os.getcwd()
os.chdir(base)
print(os.getcwd() == base, os.getcwdb() == os.fsencode(base), sorted(os.listdir()))
os.chdir(cwd)

for bad in [lambda: os.stat("/nonexistent/file"), lambda: os.listdir(name),
            lambda: os.rmdir(os.path.join(base, "nothere")), lambda: os.unlink(os.path.join(base, "sub")),
            lambda: os.open("/nonexistent/x", os.O_RDONLY), lambda: os.stat(3.5),
            lambda: os.stat("a\0b"), lambda: os.fspath(1), lambda: os.read(-1, 1),
            lambda: os.rmdir(base)]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__, getattr(e, "errno", None), str(e).replace(base, "BASE"))


class P:
    def __fspath__(self):
        return name


print(os.fspath(P()) == name, os.stat(P()).st_size, os.path.exists(P()))

walked = [(os.path.relpath(d, base), sorted(ds), sorted(fs)) for d, ds, fs in os.walk(base)]
print(sorted(walked))

os.unlink(os.path.join(base, "link"))
os.remove(os.path.join(base, "d.py"))
os.unlink(name)
os.rmdir(os.path.join(base, "sub"))
os.rmdir(base)
print(os.path.exists(base))

os.environ["PYRC_POSIX_TEST"] = "value é"
print(os.environ["PYRC_POSIX_TEST"], os.environb[b"PYRC_POSIX_TEST"], os.getenv("PYRC_POSIX_TEST"))
del os.environ["PYRC_POSIX_TEST"]
print(os.getenv("PYRC_POSIX_TEST"), "PYRC_POSIX_TEST" in os.environ)

print(os.strerror(2), len(os.urandom(16)), type(os.urandom(0)).__name__)
print(os.getpid() > 0, os.getppid() > 0, isinstance(os.getuid(), int), os.cpu_count() >= 1)
t = os.times()
print(type(t).__name__, len(t), t.user >= 0)
u = os.uname()
print(u.sysname, len(u))
ts = os.terminal_size((100, 40))
print(ts, ts.columns, ts.lines, ts[0])
print(os.waitstatus_to_exitcode(3 << 8), os.waitstatus_to_exitcode(9))
print(os.device_encoding(os.open(os.devnull, os.O_RDONLY)))
e = OSError(2, "No such file or directory", "f.txt")
print(type(e).__name__, e.args, e.errno, e.filename, e)
e = OSError(13, "Denied")
print(type(e).__name__, e.args, e.filename, e)
e = OSError("plain")
print(type(e).__name__, e.args, e.errno, e)
e = OSError(2, "x", "a", None, "b")
print(e, e.filename2)
e = FileNotFoundError(20, "y")
print(type(e).__name__, e)
print(os.path.realpath("/usr/../usr/bin") == "/usr/bin", os.path.expanduser("~") != "~")
print(os.path.normpath("a//b/../c/."), os.path.splitext("x.tar.gz"), os.path.commonpath(["/a/b", "/a/c"]))
print(sys.modules["os.path"] is os.path, os.supports_fd >= {os.stat}, os.stat in os.supports_follow_symlinks)
