# expect: exit=1 stderr-golden
# Markers in every part of a chained report (context, then cause).
class Config:
    def __init__(self):
        self.values = {"depth": 3}

    def get(self, key):
        try:
            return self.values[key]
        except KeyError:
            return self.values["fallback"] + 1

    def checked(self, key):
        try:
            return self.get(key)
        except KeyError as e:
            raise RuntimeError("no " + key) from e


c = Config()
print(c.get("depth"))
print(c.checked("depth") * 2)
c.checked("width")
