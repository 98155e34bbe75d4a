"""pyrc's `marshal` (CPython writes it in C, `Python/marshal.c`): CPython's binary format for
the values it can hold: None, booleans, `StopIteration`, `Ellipsis`, int, float, complex, str,
bytes (and bytes-like objects), tuple, list, dict, set and frozenset.

`loads`/`load` read everything CPython's `dumps` writes for those values, back-references
(`FLAG_REF`) and the old version 0 and 1 forms included. `dumps` writes no back-references:
CPython marks an object shared by its reference count, which another interpreter cannot
reproduce, so its bytes may differ from CPython's (CPython reads them all the same). Code
objects are not marshallable here: pyrc's code objects are not CPython's, and pyrc reads no
bytecode caches (`sys.implementation.cache_tag` is None)."""

version = 4

_FLAG_REF = 0x80
_MAX_DEPTH = 2000


def _unmarshallable():
    return ValueError("unmarshallable object")


class _Writer:
    def __init__(self, version):
        self.version = version
        self.out = bytearray()
        self.depth = 0

    def long(self, n):
        self.out += (n & 0xFFFFFFFF).to_bytes(4, "little")

    def size(self, n):
        if n > 0x7FFFFFFF:
            raise ValueError("unmarshallable object")
        self.long(n)

    def float_(self, x):
        if self.version > 1:
            import struct
            self.out += struct.pack("<d", x)
        else:
            text = repr(x).encode("ascii")
            self.out += bytes([len(text)]) + text

    def value(self, v):
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            self.depth -= 1
            raise ValueError("object too deeply nested to marshal")
        try:
            self._value(v)
        finally:
            self.depth -= 1

    def _value(self, v):
        out = self.out
        t = type(v)
        if v is None:
            out += b"N"
        elif v is False:
            out += b"F"
        elif v is True:
            out += b"T"
        elif v is StopIteration:
            out += b"S"
        elif v is Ellipsis:
            out += b"."
        elif t is int:
            if -0x80000000 <= v <= 0x7FFFFFFF:
                out += b"i"
                self.long(v)
            else:
                # Digits of 15 bits, least significant first; the count carries the sign.
                magnitude = -v if v < 0 else v
                digits = []
                while magnitude:
                    digits.append(magnitude & 0x7FFF)
                    magnitude >>= 15
                out += b"l"
                self.long(-len(digits) if v < 0 else len(digits))
                for digit in digits:
                    out += digit.to_bytes(2, "little")
        elif t is float:
            out += b"g" if self.version > 1 else b"f"
            self.float_(v)
        elif t is complex:
            out += b"y" if self.version > 1 else b"x"
            self.float_(v.real)
            self.float_(v.imag)
        elif t is str:
            if self.version >= 4 and v.isascii():
                data = v.encode("ascii")
                if len(data) < 256:
                    out += b"z" + bytes([len(data)])
                else:
                    out += b"a"
                    self.size(len(data))
            else:
                data = v.encode("utf-8", "surrogatepass")
                out += b"u"
                self.size(len(data))
            out += data
        elif t is bytes or t is bytearray or t is memoryview:
            data = bytes(v)
            out += b"s"
            self.size(len(data))
            out += data
        elif t is tuple:
            if self.version >= 4 and len(v) < 256:
                out += b")" + bytes([len(v)])
            else:
                out += b"("
                self.size(len(v))
            for item in v:
                self.value(item)
        elif t is list:
            out += b"["
            self.size(len(v))
            for item in v:
                self.value(item)
        elif t is dict:
            out += b"{"
            for key, item in v.items():
                self.value(key)
                self.value(item)
            out += b"0"
        elif t is set or t is frozenset:
            out += b"<" if t is set else b">"
            self.size(len(v))
            for item in v:
                self.value(item)
        else:
            raise _unmarshallable()


def dumps(value, version=version, /):
    """Return the bytes object that would be written to a file by dump(value, file)."""
    writer = _Writer(version)
    writer.value(value)
    return bytes(writer.out)


def dump(value, file, version=version, /):
    """Write the value on the open file."""
    file.write(dumps(value, version))


class _Reader:
    def __init__(self, read):
        self.read_some = read
        self.refs = []
        self.depth = 0

    def read(self, n):
        data = self.read_some(n)
        if len(data) < n:
            raise EOFError("marshal data too short")
        return data

    def byte(self):
        return self.read(1)[0]

    def long(self):
        return int.from_bytes(self.read(4), "little", signed=True)

    def size(self):
        n = self.long()
        if n < 0:
            raise ValueError("bad marshal data (size out of range)")
        return n

    def text_float(self):
        return float(self.read(self.byte()).decode("ascii"))

    def binary_float(self):
        import struct
        return struct.unpack("<d", self.read(8))[0]

    def value(self):
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            self.depth -= 1
            raise ValueError("recursion limit exceeded")
        try:
            return self._value()
        finally:
            self.depth -= 1

    def _value(self):
        data = self.read_some(1)
        if not data:
            raise EOFError("EOF read where object expected")
        code = data[0]
        flag = code & _FLAG_REF
        kind = chr(code & ~_FLAG_REF)
        index = None
        if flag and kind not in "r":
            # Containers are registered before their items (they may refer to themselves).
            index = len(self.refs)
            self.refs.append(None)

        def keep(v):
            if index is not None:
                self.refs[index] = v
            return v

        if kind == "0":
            raise ValueError("bad marshal data (unexpected NULL)")
        if kind == "N":
            return keep(None)
        if kind == "F":
            return keep(False)
        if kind == "T":
            return keep(True)
        if kind == "S":
            return keep(StopIteration)
        if kind == ".":
            return keep(Ellipsis)
        if kind == "i":
            return keep(self.long())
        if kind == "I":
            return keep(int.from_bytes(self.read(8), "little", signed=True))
        if kind == "l":
            n = self.long()
            count = -n if n < 0 else n
            result = 0
            for i in range(count):
                digit = int.from_bytes(self.read(2), "little")
                if digit > 0x7FFF:
                    raise ValueError("bad marshal data (digit out of range in long)")
                result |= digit << (15 * i)
            if count and result >> (15 * (count - 1)) == 0:
                raise ValueError("bad marshal data (unnormalized long data)")
            return keep(-result if n < 0 else result)
        if kind == "f":
            return keep(self.text_float())
        if kind == "g":
            return keep(self.binary_float())
        if kind == "x":
            real = self.text_float()
            return keep(complex(real, self.text_float()))
        if kind == "y":
            real = self.binary_float()
            return keep(complex(real, self.binary_float()))
        if kind == "s":
            return keep(self.read(self.size()))
        if kind in "tu":
            return keep(self.read(self.size()).decode("utf-8", "surrogatepass"))
        if kind in "aA":
            return keep(self.read(self.size()).decode("ascii"))
        if kind in "zZ":
            return keep(self.read(self.byte()).decode("ascii"))
        if kind in "()":
            n = self.size() if kind == "(" else self.byte()
            items = []
            for _ in range(n):
                items.append(self.value())
            return keep(tuple(items))
        if kind == "[":
            items = keep([])
            for _ in range(self.size()):
                items.append(self.value())
            return items
        if kind == "{":
            result = keep({})
            while True:
                peek = self.read_some(1)
                if not peek:
                    raise EOFError("EOF read where object expected")
                if peek == b"0":
                    return result
                key = self._value_after(peek)
                result[key] = self.value()
        if kind in "<>":
            n = self.size()
            if kind == "<":
                result = keep(set())
                for _ in range(n):
                    result.add(self.value())
                return result
            items = []
            for _ in range(n):
                items.append(self.value())
            return keep(frozenset(items))
        if kind == "r":
            n = self.long()
            if n < 0 or n >= len(self.refs):
                raise ValueError("bad marshal data (invalid reference)")
            return self.refs[n]
        if kind == "c":
            raise ValueError("bad marshal data (pyrc cannot load code objects)")
        raise ValueError("bad marshal data (unknown type code)")

    def _value_after(self, first):
        # A dict key whose type byte was read to look for the end marker.
        read_some = self.read_some
        pushed = [first]

        def replay(n):
            if pushed:
                head = pushed.pop()
                return head + (read_some(n - 1) if n > 1 else b"")
            return read_some(n)

        self.read_some = replay
        try:
            return self.value()
        finally:
            self.read_some = read_some


def loads(data, /):
    """Convert the bytes-like object to a value; extra bytes after it are ignored."""
    view = bytes(memoryview(data))
    position = 0

    def read(n):
        nonlocal position
        chunk = view[position:position + n]
        position += len(chunk)
        return chunk

    return _Reader(read).value()


def load(file, /):
    """Read one value from the open (binary) file, no more bytes than it takes."""
    return _Reader(file.read).value()
