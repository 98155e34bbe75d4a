# sys.set_coroutine_origin_tracking_depth / cr_origin: where a coroutine was made (innermost
# call first), recorded only while tracking is on; asyncio's debug mode turns it on.
import sys
print(sys.get_coroutine_origin_tracking_depth())
async def co(): pass
def make():
    return co()
c = make(); print(c.cr_origin); c.close()
sys.set_coroutine_origin_tracking_depth(2)
print(sys.get_coroutine_origin_tracking_depth())
c = make()
print([(f.rsplit("/",1)[-1], l, n) for f, l, n in c.cr_origin]); c.close()
try:
    sys.set_coroutine_origin_tracking_depth(-1)
except ValueError as e:
    print(e)
sys.set_coroutine_origin_tracking_depth(depth=0)
c = make(); print(c.cr_origin); c.close()
