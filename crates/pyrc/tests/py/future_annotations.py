"""Annotations under `from __future__ import annotations` (PEP 563): kept as their text,
never evaluated (names defined later, or never, are fine)."""
from __future__ import annotations

import dataclasses


class Tree:
    def __init__(self, left: Tree | None, value: int, right: Tree | None = None) -> None:
        self.left, self.value, self.right = left, value, right

    def walk(self) -> Iterator[int]:
        yield self.value


def f(a: dict[str,  list[ int ]], *args: Undefined.attr, b: (1 + 2) * 3 = 0, **kw: -x ** 2) -> "quoted":
    return a


x: Callable[[int, str], tuple[int, ...]] = 1
y: a if b else c
z: not a and (b or c) and d < e <= f is not g
w: {"k": 'v', 1: [1.5, None, True]}
t: tuple[()] | lambda_free[1:2, ::3]
print(Tree.__init__.__annotations__)
print(Tree.walk.__annotations__)
print(f.__annotations__)
print(__annotations__)
print(Tree(None, 1).value)


@dataclasses.dataclass
class Point:
    x: int
    y: SomethingUndefined = 0
    z: dataclasses.ClassVar[int] = 5


print(Point(1), [f.name for f in dataclasses.fields(Point)])
