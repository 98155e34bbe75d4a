# contextvars (CPython's module over pyrc's native `_contextvars`): get/set/reset, defaults,
# copy_context().run, and the errors.
import contextvars

var = contextvars.ContextVar("var", default=1)
print(var.name, var.get())
token = var.set(2)
print(var.get(), token.var is var, token.old_value is contextvars.Token.MISSING)
var.reset(token)
print(var.get())

other = contextvars.ContextVar("other")
print(other.get("fallback"))


def inside():
    var.set(99)
    return var.get()


context = contextvars.copy_context()
print(context.run(inside), var.get(), context[var], var in context)

for bad in [lambda: other.get(), lambda: var.reset(token), lambda: other.reset(var.set(5))]:
    try:
        bad()
    except (LookupError, RuntimeError, ValueError) as e:
        print(type(e).__name__)
