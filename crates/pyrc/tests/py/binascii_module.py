import binascii

for data in [b"", b"f", b"fo", b"foo", b"foob", b"fooba", b"foobar", bytes(range(256))]:
    enc = binascii.b2a_base64(data)
    print(enc[:60], binascii.a2b_base64(enc) == data, binascii.b2a_base64(data, newline=False)[-3:])
    print(binascii.hexlify(data)[:40], binascii.unhexlify(binascii.hexlify(data)) == data)
    print(binascii.crc32(data), binascii.crc_hqx(data, 0), binascii.crc_hqx(data, 0xffff))
    uu = binascii.b2a_uu(data[:45])
    print(uu[:40], binascii.a2b_uu(uu) == data[:45])
print(binascii.crc32(b"world", binascii.crc32(b"hello ")), binascii.crc32(b"hello world"), binascii.crc32(b"a", -1))
print(binascii.hexlify(b"\x01\x02\x03\x04\x05", ":"), binascii.hexlify(b"\x01\x02\x03\x04\x05", b"-", 2), binascii.hexlify(b"\x01\x02\x03\x04\x05", " ", -2))
print(binascii.b2a_hex(b"\xff\x00"), binascii.a2b_hex("ff00"), binascii.unhexlify(b"ABcd"))
print(binascii.a2b_base64("Zm9v\nYmFy"), binascii.a2b_base64(b"Zm9v!!YmE="), binascii.a2b_base64(b"Zg==Zg=="), binascii.b2a_uu(b"\x00", backtick=True))
for bad in [lambda: binascii.unhexlify(b"abc"), lambda: binascii.unhexlify(b"zz"), lambda: binascii.a2b_base64(b"Zm9vY"),
            lambda: binascii.a2b_base64(b"Zm9vYm"), lambda: binascii.a2b_base64(b"Zm9v!", strict_mode=True),
            lambda: binascii.a2b_base64(b"=Zm9v", strict_mode=True), lambda: binascii.b2a_uu(b"x" * 46),
            lambda: binascii.a2b_hex("é"), lambda: binascii.b2a_base64("str")]:
    try:
        bad()
    except (binascii.Error, ValueError, TypeError) as e:
        print(type(e).__name__, e)
print(issubclass(binascii.Error, ValueError), binascii.Incomplete.__mro__[1])
