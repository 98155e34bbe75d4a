# expect: known-bug "__doc__ of functions and classes is always None (the docstring is not kept)"
# Docstrings of functions, classes and methods.


def documented():
    "the function docstring"
    return 1


def undocumented():
    return 1


class Documented:
    """the class docstring"""

    def method(self):
        """the method docstring"""


print(documented.__doc__)
print(undocumented.__doc__)
print(Documented.__doc__)
print(Documented.method.__doc__)
print(Documented().method.__doc__)
