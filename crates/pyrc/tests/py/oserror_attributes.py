# The attributes of OSError and its subclasses.

try:
    open("does-not-exist.txt")
except FileNotFoundError as e:
    print(e.errno, e.strerror, e.filename, e.args)
e = OSError(2, "No such file or directory")
print(str(e), e.errno, e.strerror, e.filename, e.args)
e = OSError(13, "Permission denied", "name.txt")
print(str(e), e.filename)
print(str(OSError("just a message")), OSError("just a message").errno)
