# Random attribute operations on instances of a few classes (pyrc: split instance dicts,
# converted to combined ones when a key cannot keep the shared order), compared with CPython:
# contents and order of every __dict__ after each batch.
import gc

state = 12345


def rand(n):
    global state
    state = (state * 1103515245 + 12345) % 2147483648
    return (state >> 8) % n


class A:
    pass


class B(A):
    def __init__(self):
        self.first = 0


names = ["n%d" % i for i in range(36)]
objects = [A() for i in range(6)] + [B() for i in range(4)]
log = []
for batch in range(60):
    for step in range(40):
        o = objects[rand(len(objects))]
        name = names[rand(12 if batch < 20 else len(names))]
        op = rand(16)
        if op < 7:
            setattr(o, name, batch * 100 + step)
        elif op < 10:
            if hasattr(o, name):
                delattr(o, name)
        elif op == 10:
            o.__dict__[name] = -step
        elif op == 11:
            o.__dict__.pop(name, None)
        elif op == 12 and o.__dict__:
            log.append(o.__dict__.popitem())
        elif op == 13 and rand(10) == 0:
            o.__dict__.clear()
        elif op == 14 and rand(8) == 0:
            o.__dict__[rand(3)] = "int key"
        elif op == 15:
            o.__dict__.update({name: step, names[rand(len(names))]: batch})
    if batch % 5 == 4:
        for i, o in enumerate(objects):
            print(batch, i, list(o.__dict__.items()))
        # New instances join, old ones go.
        objects[rand(len(objects))] = A() if rand(2) else B()
print(len(log), log[:5], log[-5:])
print(sum(len(vars(o)) for o in objects))
copies = [dict(vars(o)) for o in objects]
print(all(c == vars(o) for c, o in zip(copies, objects)))
for o in objects:
    for key in list(vars(o)):
        if isinstance(key, str):
            assert getattr(o, key) is vars(o)[key]
# Cycles through the dicts; each __dict__ was asked for, so CPython counts them as pyrc does.
for i, o in enumerate(objects):
    o.peer = objects[(i + 1) % len(objects)]
del o, copies
objects = None
print("collected", gc.collect())
