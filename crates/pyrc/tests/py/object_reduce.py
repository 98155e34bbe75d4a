# object.__reduce_ex__ / __reduce__ / __getstate__ (CPython's reduce_newobj over copyreg) and
# set/frozenset __reduce__: what copy and pickle fall back on for instances.
import copy
import copyreg
import pickle


class Plain:
    def __init__(self):
        self.a = 1
        self.b = [1, 2]


p = Plain()
rv = p.__reduce_ex__(4)
print(rv[0] is copyreg.__newobj__, rv[1][0] is Plain, rv[2], rv[3:], len(rv))
print(object.__reduce_ex__(p, 2)[1] == (Plain,), Plain().__getstate__(), object().__getstate__())
print(Plain.__reduce_ex__ is not None, type(object.__reduce__(p)[0]).__name__)


class Empty:
    pass


print(Empty().__reduce_ex__(2)[2], Empty().__getstate__())


class Slotted:
    __slots__ = ('x', 'y')


s = Slotted()
s.x = 5
print(s.__reduce_ex__(2)[2], copy.deepcopy(s).x, hasattr(copy.deepcopy(s), 'y'))


class Own:
    def __reduce__(self):
        return (Own, ())


print(Own().__reduce_ex__(2) == (Own, ()), Own().__reduce_ex__(0) == (Own, ()))


class WithState:
    def __init__(self):
        self.v = 3

    def __getstate__(self):
        return {'v': self.v * 10}


print(WithState().__reduce_ex__(3)[2], copy.copy(WithState()).v)


class NewArgs(int):
    def __getnewargs__(self):
        return (int(self) + 1,)


print(NewArgs(4).__reduce_ex__(2)[1][1:], (5).__reduce_ex__(2)[1])


class KwArgs:
    def __new__(cls, *, k):
        obj = object.__new__(cls)
        obj.k = k
        return obj

    def __getnewargs_ex__(self):
        return ((), {'k': self.k})


kw = KwArgs(k=7)
print(kw.__reduce_ex__(2)[0] is copyreg.__newobj_ex__, kw.__reduce_ex__(2)[1][1:], copy.copy(kw).k)


class MyList(list):
    pass


ml = MyList([1, 2])
ml.tag = 't'
rv = ml.__reduce_ex__(2)
print(rv[1][0] is MyList, rv[2], list(rv[3]), rv[4])
d = copy.deepcopy(ml)
print(type(d).__name__, d, d.tag)

print(sorted({3, 1, 2}.__reduce__()[1][0]), {1}.__reduce__()[0] is set, frozenset([4]).__reduce__())
print(copy.deepcopy({1, (2, 3)}) == {1, (2, 3)}, copy.deepcopy(frozenset([1, 2])))

for bad in [lambda: 0, (x for x in [])]:
    try:
        bad.__reduce_ex__(2)
    except TypeError as e:
        print('TypeError', e)
try:
    object.__reduce_ex__(p)
except TypeError as e:
    print('TypeError', e)

data = {'p': p, 's': {1, 2}, 'fs': frozenset([3])}
back = pickle.loads(pickle.dumps(data))
print(back['p'].a, back['p'].b, back['s'], back['fs'])
