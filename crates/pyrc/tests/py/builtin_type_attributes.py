# Methods of built-in types looked up on the type and dunder methods on built-in instances.

print(str.upper("abc"), list.__len__([1, 2]), dict.get({"k": 1}, "k"))
lst = []
list.append(lst, 1)
print(lst)
print((1).__add__(2), [1, 2].__len__(), "a".__eq__("a"), "Hello".__contains__("ell"))
print(int.__add__(3, 4), (5).__eq__(5), (5).__ne__(5), (2).__mul__("ab"))
print(sorted(["b", "A", "c"], key=str.lower))
print(list(map(str.strip, [" a ", "b "])))
print(object.__repr__(object())[:15])
