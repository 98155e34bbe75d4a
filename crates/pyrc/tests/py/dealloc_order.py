# The order in which a container's items are finalized when the container goes.


class T:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("del", self.name)


lst = [T("list0"), T("list1"), T("list2")]
del lst
tup = (T("tuple0"), T("tuple1"), T("tuple2"))
del tup
lst = [T("clear0"), T("clear1"), T("clear2")]
lst.clear()
dct = {1: T("dict0"), 2: T("dict1")}
del dct
lst = [T("slice0"), T("slice1"), T("slice2")]
del lst[0:2]
print("end")
