# def: defaults, *args, **kwargs, keyword-only, closures, nonlocal/global, lambda, return.


def plain(a, b):
    return a + b


print(plain(1, 2), plain("x", "y"), plain(b=5, a=1))


def defaults(a, b=10, c="c"):
    return (a, b, c)


print(defaults(1))
print(defaults(1, 2))
print(defaults(1, c="z"))
print(defaults(a=3, b=4, c=5))


def shared_default(x, acc=[]):
    acc.append(x)
    return acc


print(shared_default(1), shared_default(2))


def star(*args):
    return args


print(star(), star(1), star(1, 2, 3), type(star()).__name__)


def kw(**kwargs):
    return sorted(kwargs.items())


print(kw(), kw(a=1, b=2), kw(**{"z": 26, "y": 25}))


def mixed(a, b=2, *rest, key, opt="o", **extra):
    return f"a={a} b={b} rest={rest} key={key} opt={opt} extra={sorted(extra.items())}"


print(mixed(1, key="k"))
print(mixed(1, 2, 3, 4, key="k", opt="p", x=9))
print(mixed(*[7, 8, 9], **{"key": 1, "w": 2}))


def kwonly(*, a, b=2):
    return a * b


print(kwonly(a=3), kwonly(b=5, a=2))
try:
    kwonly(1)
except TypeError:
    print("kwonly positional: TypeError")
try:
    plain(1)
except TypeError:
    print("missing argument: TypeError")
try:
    plain(1, 2, 3)
except TypeError:
    print("too many arguments: TypeError")
try:
    plain(1, a=2)
except TypeError:
    print("multiple values: TypeError")
try:
    plain(1, c=2)
except TypeError:
    print("unexpected keyword: TypeError")


def no_return():
    pass


def bare_return():
    return


def early(n):
    for i in range(10):
        if i == n:
            return i * 100
    return -1


print(no_return(), bare_return(), early(3), early(42))


def multi():
    return 1, "two", [3]


x, y, z = multi()
print(x, y, z)


# closures
def counter():
    count = 0

    def inc(step=1):
        nonlocal count
        count += step
        return count

    return inc


c1 = counter()
c2 = counter()
print(c1(), c1(), c1(10), c2())


def make_adders():
    return [lambda x, i=i: x + i for i in range(3)]


print([f(10) for f in make_adders()])


def late_binding():
    fs = []
    for i in range(3):
        fs.append(lambda: i)
    return [f() for f in fs]


print(late_binding())


def outer():
    v = "outer"

    def middle():
        def inner():
            return v

        return inner

    return middle()()


print(outer())


def rebinding_closure():
    x = 1

    def get():
        return x

    x = 2
    return get()


print(rebinding_closure())

# global
total = 0


def add_to_total(n):
    global total
    total += n
    return total


add_to_total(5)
add_to_total(7)
print("total", total)


def create_global():
    global created
    created = "made in function"


create_global()
print(created)


def reads_global():
    return total * 2


print(reads_global())


def unbound_local():
    try:
        print(total)
        total = 1  # noqa: F841 (makes total local)
    except UnboundLocalError as e:
        print("UnboundLocalError:", e)


unbound_local()

# lambda
square = lambda v: v * v  # noqa: E731
print(square(7), (lambda: "no args")(), (lambda *a, **k: (a, sorted(k)))(1, 2, z=3))
print(sorted(["bb", "a", "ccc"], key=lambda s: -len(s)))
print(list(map(lambda p, q: p * q, [1, 2, 3], [4, 5, 6])))

# recursion and functions as values
def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)


print(fact(20), fact(30))


def apply(f, *args, **kwargs):
    return f(*args, **kwargs)


print(apply(defaults, 1, c=3), apply(max, 3, 9, 2))
print(plain.__name__, square.__name__, callable(plain), callable(3))

# nested function definitions and default evaluation time
default_value = 1


def captured_default(v=default_value):
    return v


default_value = 2
print(captured_default())


def fib_memo():
    memo = {}

    def fib(n):
        if n in memo:
            return memo[n]
        r = n if n < 2 else fib(n - 1) + fib(n - 2)
        memo[n] = r
        return r

    return fib


print(fib_memo()(90))
