# complex numbers: literals, constructor, repr, arithmetic, comparisons, hashing
import gc

z = 1.0 + 5.0j
print(z, repr(z), type(z).__name__, type(z) is complex)
print(1j, -1j, 0j, -0j, 2.5j, 1e20j, complex(-0.0, 0.0), complex(1, -0.0))
print(complex(), complex(1), complex(1, 2), complex(1.5, -2), complex(real=3, imag=4))
print(complex(1j, 1j), complex("1+2j"), complex(" (3-4.5j) "), complex("j"), complex("-2"))
print(complex("1e3-1e-3j"), complex(True), complex(float("inf"), float("nan")))
a, b = complex(3, 4), complex(1, -2)
print(a + b, a - b, a * b, a / b, a ** 2, a ** -1, a ** 0, b ** 0.5)
print(a + 1, 1 + a, a - 1.5, 2 * a, a / 2, 1 / a, True + a, a * False)
print(abs(a), abs(-3j), a.real, a.imag, a.conjugate(), (1j).imag, (2.0).imag)
print(-a, +a, not a, not 0j, bool(1j))
print(a == complex(3, 4), a != b, 1 + 0j == 1, 1.0 == complex(1), 2j == 2, a == "x")
print(hash(1 + 0j) == hash(1), hash(complex(2.0, 0.0)) == hash(2), hash(1j) == hash(1j))
print({1: "int", 1j: "imag"}[1 + 0j], {1j: "imag"}[complex(0, 1)], 1j in [0, 1j])
print(gc.is_tracked(1j), gc.is_tracked(a), gc.is_tracked([a]))
print([1j, 2 + 3j], (1j,), str(1 + 2j), f"{z}")
checks = [
    ("a < b", lambda: a < b),
    ("a // 2", lambda: a // 2),
    ("a % 2", lambda: a % 2),
    ("1j / 0", lambda: 1j / 0),
    ("0j ** -1", lambda: 0j ** -1),
    ("complex('x')", lambda: complex("x")),
    ("complex('1', 2)", lambda: complex("1", 2)),
    ("complex([])", lambda: complex([])),
    ("complex(1, [])", lambda: complex(1, [])),
    ("float(1j)", lambda: float(1j)),
]
for text, check in checks:
    try:
        print(text, "->", check())
    except Exception as e:
        print(text, "->", type(e).__name__, e)
