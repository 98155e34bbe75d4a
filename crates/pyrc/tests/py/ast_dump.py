import ast
src = '''
@dec
async def f(a, /, b: int = 1, *args, c, d=2, **kw) -> None:
    """doc"""
    x: int = 1
    y += 2
    del x, y[0]
    for i in range(3):
        continue
    else:
        pass
    while x:
        break
    if a:
        pass
    elif b:
        x = 1
    else:
        y = 2
    with open(f) as g, h:
        pass
    async with a as (b, c):
        pass
    async for q in r:
        await q
    try:
        raise E from z
    except (A, B) as e:
        pass
    except:
        pass
    else:
        pass
    finally:
        pass
    assert x, "m"
    import os.path as p, sys
    from .. import a as b, c
    from x import *
    global gg
    nonlocal nn
    return (yield), (yield x)
class C(B, metaclass=M, **kw):
    pass
x = lambda a, *, b=1: a if b else -a
y = [i for i in z if i] + {i for i in z} | {k: v for k, v in z.items()} @ (i async for i in z)
z = {1: 2, **d}, {1, *s}, [*l], a[1:2:3, ::], a.b.c, f(*a, k=1, **kw)
w = f"a{b!r:>{w}}c" f"{x=}" "d" u"e"
v = 1 < 2 <= 3 != 4 is not None in [] not in () and not x or ~y
n = 0x10 + 1.5e3 + 2j + ... + True + b"by" + 10**100
def g(): yield from x
match p:
    case 1 | 2: pass
    case [a, *rest]: pass
    case {"k": v, **kw}: pass
    case Point(x=0, y=yy) as pt if pt: pass
    case None: pass
    case _: pass
(a := 1)
print(*a, sep='')
'''
t = ast.parse(src)
print(ast.dump(t))
print(ast.dump(t, include_attributes=True)[:20000])
print(ast.dump(ast.parse("x + 1", mode="eval")))
print(ast.dump(ast.parse("x = 1", mode="single")))
print(ast.unparse(t))
n = ast.Name("x", ast.Load(), lineno=1)
print(n.id, n.lineno, n._fields, ast.Name.__match_args__, ast.FunctionDef().returns)
try:
    ast.Name(1, 2, 3)
except TypeError as e:
    print(e)
print(ast.literal_eval("{'a': [1, 2.5, (3, -4j)], 'b': {None}}"))
print(sorted({type(n).__name__ for n in ast.walk(t)}))
class Counter(ast.NodeVisitor):
    def __init__(self):
        self.names = 0
    def visit_Name(self, node):
        self.names += 1
        self.generic_visit(node)
c = Counter()
c.visit(t)
print(c.names, t.body[0].body[0].value.value)
print(ast.dump(ast.parse("é = 'ü' + x  # c\ny = 1"), include_attributes=True))
try:
    ast.parse("x = (", "<src>")
except SyntaxError as e:
    print("SyntaxError", e.msg, e.lineno)
print(isinstance(t, ast.AST), isinstance(t.body[0], ast.stmt), issubclass(ast.Add, ast.operator))
print(ast.Constant.__mro__, ast.Module._fields, ast.expr._attributes)
tree = compile("a + 1", "<x>", "eval", ast.PyCF_ONLY_AST)
print(type(tree).__name__, type(tree.body.op).__name__)
for src in ['if a:\n  x = 1;\n', 'for i in y:\n  pass ;  # c\n', 'try:\n  a;\nexcept E:\n  b;\n',
            'with a:\n  if b:\n    c;\n', 'if a:\n  b\nelif c:\n  d;\n', 'f"{ a, }"', 'f"{a,!r}"']:
    print(ast.dump(ast.parse(src), include_attributes=True))
