import traceback
class CM:
    def __enter__(self): return self
    def __exit__(self, t, e, tb):
        print(t.__name__, type(tb).__name__, tb.tb_lineno, tb.tb_frame.f_code.co_name)
        return True
def f():
    with CM():
        1/0
f()
async def g():
    class A:
        async def __aenter__(self): return self
        async def __aexit__(self, t, e, tb):
            print("async", t.__name__, tb.tb_lineno)
            return True
    async with A():
        raise KeyError(1)
c = g()
try:
    c.send(None)
except StopIteration:
    print("done")
