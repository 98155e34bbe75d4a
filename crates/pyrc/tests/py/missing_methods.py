# (Regression test: this was a known pyrc bug, now fixed.)
# Less common methods of built-in types.

print({1, 2}.isdisjoint({3}), {1, 2}.isdisjoint([2]))
r = range(2, 20, 3)
print(r.index(11), r.count(5), r.count(4), r.start, r.stop, r.step)
print("abc".isprintable(), "\n".isprintable(), "".isprintable())
print("3".isdecimal(), "3".isnumeric(), "Ab Cd".istitle())
print("a-b-c".removeprefix("a-"), "a-b-c".removesuffix("-c"), "a\tb".expandtabs(4))
print("abc".translate({97: "A"}), str.maketrans("a", "b") == {97: 98})
print(list(reversed({"a": 1, "b": 2})))
print((5).real, (5).imag, (5).numerator, (5).denominator, (255).bit_count(), (1.5).real)
print((1.5).as_integer_ratio(), (True).real)
stack = [0, 1, 2]
print(list(iter(lambda: stack.pop(), 0)))
