# CPython's enum: the functional API, unique, methods and class methods on members, tuple
# values given to __init__, StrEnum, member reassignment refused by the metaclass.
import enum
Animal = enum.Enum("Animal", "ANT BEE CAT")
print(list(Animal), Animal.BEE.value)
@enum.unique
class Mood(enum.Enum):
    HAPPY = 1
    SAD = 2
    def describe(self):
        return self.name.lower()
    @classmethod
    def default(cls):
        return cls.HAPPY
print(Mood.default().describe(), list(Mood.__members__), Mood["SAD"].describe())
class Planet(enum.Enum):
    EARTH = (5.97e24, 6.37e6)
    def __init__(self, mass, radius):
        self.mass = mass
        self.radius = radius
print(Planet.EARTH.mass, Planet.EARTH.value)
try:
    @enum.unique
    class Dup(enum.Enum):
        A = 1
        B = 1
except ValueError as e:
    print("ValueError", e)
class S(enum.StrEnum):
    X = enum.auto()
print(S.X, S.X.upper(), S.X == "x")

try:
    Mood.HAPPY = 3
except AttributeError as e:
    print("AttributeError", e)
print(hash(Mood.HAPPY) == hash(Mood.HAPPY), {Mood.HAPPY: 1}[Mood.HAPPY])
