# expect: known-bug "__hash__ is not an attribute: object.__hash__ / C.__hash__ raise AttributeError; a class defining __eq__ does not get __hash__ = None"
# The __hash__ slot as an attribute.


class Plain:
    pass


class EqOnly:
    def __eq__(self, other):
        return True


class EqAndHash:
    def __eq__(self, other):
        return True

    def __hash__(self):
        return 42


print(hasattr(object, "__hash__"), hasattr(Plain, "__hash__"), hasattr(Plain(), "__hash__"))
print(EqOnly.__hash__ is None)
print(EqAndHash.__hash__(EqAndHash()), hash(EqAndHash()))
print(Plain.__hash__ is object.__hash__)
try:
    hash(EqOnly())
except TypeError as e:
    print("TypeError:", e)
