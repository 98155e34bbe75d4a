import types
import typing

u = int | str | None
print(u, u.__args__, type(u), type(u) is types.UnionType)
print(hash(u) == hash(str | int | None), u == (None | str | int), u != (int | str))
print(u == typing.Union[int, str, None], typing.Union[int, str] == (int | str))
print(int | int, (int | str) | (str | float), int | typing.List[int])
print(u.__parameters__)
T = typing.TypeVar('T')
print(int | T, (int | T).__parameters__)
print(typing.Optional[int] | str, str | typing.Optional[int])
print(typing.get_args(int | str), typing.get_origin(int | str) is types.UnionType)
for bad in [lambda: int | 3, lambda: 3 | int, lambda: None | None, lambda: int | "str"]:
    try:
        bad()
    except TypeError as e:
        print('TypeError:', e)
print(None | int, isinstance(None, int | None), isinstance(1.5, int | str), isinstance("a", int | str))
print(issubclass(bool, int | str), issubclass(float, int | str))
print(isinstance(3, (float, int | str)))
class A: pass
class B(A): pass
print(A | B, isinstance(B(), A | None), {int | str: 1}[str | int])
def f(x: int | None = None) -> list | dict:
    return x
print(f.__annotations__)
print(typing.Union[int | str, float])
