# The format mini-language's less common parts: str.format with keyword, item and attribute
# fields; the IndexError for a missing positional argument; '_' grouping of hex/octal/binary.

print("{x}-{y}".format(x=1, y=2))
print("{0!r:>8} {1:.2f} {k:^7}".format("s", 2.345, k="kw"))
print("{0[1]} {1[key]} {2.real}".format([10, 20], {"key": "v"}, 5))
print("{name!a}".format(name="café"))
print("{:{width}}|".format(7, width=4))
for template, args in [("{}", ()), ("{}{}", (1,)), ("{0}{1}", (1,)), ("{2}", (1,))]:
    try:
        template.format(*args)
    except IndexError as e:
        print("IndexError:", e)
print(f"{1234567:_x}|{255:_b}|{0o7777777:_o}|{1234567:#_X}")
print(format(1234567, "_x"))
