# pyrc's native _contextvars: Context (run, copy, mapping protocol, entered twice), ContextVar
# (get/set/reset, name, default, __class_getitem__), Token (var, old_value, MISSING, used
# once), copy_context(), and CPython's messages for bad input.
import contextvars

v = contextvars.ContextVar('v', default=1)
w = contextvars.ContextVar('w')
print(v.get(), v.name, w.get('given'), repr(v).startswith("<ContextVar name='v' default=1 at 0x"))
t = v.set(5)
print(v.get(), t.var is v, t.old_value is contextvars.Token.MISSING, repr(contextvars.Token.MISSING))
print(repr(t).startswith('<Token var=<ContextVar'))
ctx = contextvars.copy_context()
print(len(ctx), ctx[v], v in ctx, w in ctx, ctx.get(w, 'd'), ctx.get(w), list(ctx.keys()) == [v])


def f(x):
    v.set(x)
    w.set(x * 2)
    return v.get() + w.get()


print(ctx.run(f, 10), v.get(), ctx[v], ctx[w], sorted(ctx.values()), len(list(ctx.items())))
try:
    w.get()
except LookupError as e:
    print('LookupError', e.args[0] is w)
v.reset(t)
print(v.get(), repr(t).startswith('<Token used var='))
for bad in (lambda: v.reset(t), lambda: w.reset(v.set(3)), lambda: ctx.run(v.reset, v.set(4))):
    try:
        bad()
    except (RuntimeError, ValueError) as e:
        print(type(e).__name__, str(e).split('> ')[-1])
try:
    ctx.run(lambda: ctx.run(print))
except RuntimeError as e:
    print('RuntimeError', 'is already entered' in str(e))
try:
    hash(ctx)
except TypeError as e:
    print(e)
print(ctx == ctx.copy(), contextvars.Context() == contextvars.Context(), ctx == contextvars.Context())
for bad in (lambda: contextvars.ContextVar(1), lambda: ctx[1], lambda: 1 in ctx, lambda: contextvars.Context(1),
            lambda: contextvars.Token(), lambda: ctx.run(), lambda: v.get(1, 2)):
    try:
        bad()
    except (TypeError, RuntimeError) as e:
        print(type(e).__name__, e)
print(contextvars.ContextVar[int], contextvars.Token[str])
try:
    class X(contextvars.ContextVar):
        pass
except TypeError as e:
    print(e)
print(type(contextvars.Context()), type(v), type(t))
c2 = contextvars.Context()
print(len(c2), c2.run(lambda: (v.get(), v.set(9).old_value is contextvars.Token.MISSING, v.get())), c2[v], v.get())
print(sorted(k.name for k in ctx), ctx.run(contextvars.copy_context) == ctx)
