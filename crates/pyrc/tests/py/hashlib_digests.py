import hashlib

inputs = [b"", b"abc", b"The quick brown fox jumps over the lazy dog", bytes(range(256)) * 40, b"a" * 1000003]
names = ["md5", "sha1", "sha224", "sha256", "sha384", "sha512", "sha3_224", "sha3_256", "sha3_384", "sha3_512", "blake2b", "blake2s"]
for name in names:
    for data in inputs:
        h = hashlib.new(name, data)
        print(name, len(data), h.hexdigest(), h.digest_size, h.block_size, h.name)
    h = getattr(hashlib, name)()
    for chunk in [b"ab", b"c" * 200, b"", bytearray(b"xyz")]:
        h.update(chunk)
    c = h.copy()
    c.update(b"more")
    print(name, "incremental", h.hexdigest() == hashlib.new(name, b"ab" + b"c" * 200 + b"xyz").hexdigest(), c.hexdigest() != h.hexdigest(), h.digest() == bytes.fromhex(h.hexdigest()))
for name in ["shake_128", "shake_256"]:
    for data in inputs:
        h = hashlib.new(name, data)
        print(name, len(data), h.hexdigest(16), h.hexdigest(64)[:32], len(h.digest(100)), h.digest_size, h.block_size)
print(hashlib.blake2b(b"data", digest_size=20).hexdigest(), hashlib.blake2b(b"data", key=b"secret").hexdigest())
print(hashlib.blake2s(b"data", key=b"k", salt=b"salt", person=b"me", digest_size=16).hexdigest(), hashlib.blake2b(digest_size=8).digest_size)
print(hashlib.blake2b(b"x", salt=b"s" * 16, person=b"p" * 16).hexdigest())
print(hashlib.md5(string=b"abc").hexdigest(), hashlib.sha256(b"abc", usedforsecurity=False).hexdigest())
print(sorted(hashlib.algorithms_guaranteed))
for bad in [lambda: hashlib.md5("str"), lambda: hashlib.sha1().update(1), lambda: hashlib.blake2b(digest_size=65),
            lambda: hashlib.blake2s(key=b"k" * 33), lambda: hashlib.new("nope"), lambda: hashlib.shake_128(b"").digest()]:
    try:
        bad()
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
