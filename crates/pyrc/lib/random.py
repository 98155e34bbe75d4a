"""pyrc's `random`: CPython's methods over the native Mersenne Twister (`_random`).

For integer seeds the sequences of random(), getrandbits(), randrange(),
randint(), choice(), shuffle() and sample() are those of CPython. The
module-level generator starts from a fixed seed (runs are reproducible);
seed() / seed(None) seeds from the system's entropy. CPython's own random.py
needs _sha512 and os.urandom, which pyrc does not have yet.
"""

import _random

__all__ = ['Random', 'seed', 'random', 'uniform', 'randint', 'choice', 'sample',
           'randrange', 'shuffle', 'getrandbits', 'choices', 'getstate', 'setstate']

_DEFAULT_SEED = 20111116


class Random(_random.Random):
    VERSION = 3

    def __init__(self, x=None):
        self.seed(x)
        self.gauss_next = None

    # ---- seeding and state (the generator itself is `_random.Random`, native)

    def seed(self, a=None, version=2):
        if isinstance(a, (str, bytes, bytearray)):
            # Not CPython's sequence (that hashes with SHA-512): the bytes as an int.
            data = a.encode('utf-8') if isinstance(a, str) else bytes(a)
            value = 0
            for byte in data:
                value = (value << 8) | byte
            a = value
        elif a is not None and not isinstance(a, (int, float)) and type(a).__hash__ is None:
            raise TypeError("The only supported seed types are: None,\n"
                            "int, float, str, bytes, and bytearray.")
        super().seed(a)
        self.gauss_next = None

    def getstate(self):
        return (self.VERSION, super().getstate(), self.gauss_next)

    def setstate(self, state):
        version, internal, gauss_next = state
        super().setstate(tuple(internal))
        self.gauss_next = gauss_next

    def _randbelow(self, n):
        """An int in [0, n)."""
        k = n.bit_length()
        r = self.getrandbits(k)
        while r >= n:
            r = self.getrandbits(k)
        return r

    # ---- integers and sequences

    def randrange(self, start, stop=None, step=1):
        """A random member of range(start, stop, step); with one argument,
        of range(start)."""
        first = _as_int(start)
        if stop is None:
            if step != 1:
                raise TypeError("Missing a non-None stop argument")
            if first <= 0:
                raise ValueError("empty range for randrange()")
            return self._randbelow(first)
        last = _as_int(stop)
        stride = _as_int(step)
        span = last - first
        if stride == 1:
            if span <= 0:
                raise ValueError("empty range for randrange() (%d, %d, %d)"
                                 % (first, last, span))
            return first + self._randbelow(span)
        if stride == 0:
            raise ValueError("zero step for randrange()")
        size = len(range(first, last, stride))
        if size == 0:
            raise ValueError("empty range for randrange()")
        return first + stride * self._randbelow(size)

    def randint(self, a, b):
        """An int from a to b, both included."""
        return self.randrange(a, b + 1)

    def choice(self, seq):
        size = len(seq)
        if size == 0:
            raise IndexError('Cannot choose from an empty sequence')
        return seq[self._randbelow(size)]

    def shuffle(self, x):
        """Shuffle x in place (Fisher-Yates, from the end)."""
        for top in range(len(x) - 1, 0, -1):
            pick = self._randbelow(top + 1)
            x[top], x[pick] = x[pick], x[top]

    def sample(self, population, k, *, counts=None):
        if isinstance(population, (set, frozenset)):
            raise TypeError("Population must be a sequence.  "
                            "For dicts or sets, use sorted(d).")
        if counts is not None:
            expanded = []
            for item, count in zip(population, counts):
                for _ in range(count):
                    expanded.append(item)
            population = expanded
        n = len(population)
        if not 0 <= k <= n:
            raise ValueError("Sample larger than population or is negative")
        result = [None] * k
        setsize = 21
        if k > 5:
            # 4 ** ceil(log4(3k))
            power = 1
            while power < k * 3:
                power *= 4
            setsize += power
        if n <= setsize:
            pool = list(population)
            for i in range(k):
                j = self._randbelow(n - i)
                result[i] = pool[j]
                pool[j] = pool[n - i - 1]
        else:
            selected = set()
            for i in range(k):
                j = self._randbelow(n)
                while j in selected:
                    j = self._randbelow(n)
                selected.add(j)
                result[i] = population[j]
        return result

    def choices(self, population, weights=None, *, cum_weights=None, k=1):
        n = len(population)
        if cum_weights is None:
            if weights is None:
                return [population[int(self.random() * n)] for _ in range(k)]
            cum_weights = []
            total = 0
            for w in weights:
                total = total + w
                cum_weights.append(total)
        elif weights is not None:
            raise TypeError('Cannot specify both weights and cumulative weights')
        if len(cum_weights) != n:
            raise ValueError('The number of weights does not match the population')
        total = cum_weights[-1] + 0.0
        if total <= 0.0:
            raise ValueError('Total of weights must be greater than zero')
        hi = n - 1
        result = []
        for _ in range(k):
            x = self.random() * total
            lo = 0
            high = hi
            while lo < high:
                mid = (lo + high) // 2
                if x < cum_weights[mid]:
                    high = mid
                else:
                    lo = mid + 1
            result.append(population[lo])
        return result

    # ---- floats

    def uniform(self, a, b):
        return a + (b - a) * self.random()

    def triangular(self, low=0.0, high=1.0, mode=None):
        """Triangular distribution on [low, high] peaking at mode (default:
        the midpoint), by inverting its cumulative distribution."""
        u = self.random()
        try:
            peak = 0.5 if mode is None else (mode - low) / (high - low)
        except ZeroDivisionError:
            return low
        if u <= peak:
            return low + (high - low) * (u * peak) ** 0.5
        return high + (low - high) * ((1.0 - u) * (1.0 - peak)) ** 0.5

    def randbytes(self, n):
        return bytes([self.getrandbits(8) for _ in range(n)])


def _as_int(value):
    if isinstance(value, int):
        return value
    try:
        as_int = int(value)
    except (TypeError, ValueError):
        raise TypeError("'%s' object cannot be interpreted as an integer" % type(value).__name__)
    if as_int != value:
        raise ValueError("non-integer arg 1 for randrange()")
    return as_int


# The module-level functions are the bound methods of one shared generator.
_inst = Random(_DEFAULT_SEED)
(seed, getstate, setstate, getrandbits, randbytes, random, uniform, triangular,
 randint, randrange, choice, choices, sample, shuffle) = [
    getattr(_inst, _method) for _method in (
        'seed getstate setstate getrandbits randbytes random uniform triangular '
        'randint randrange choice choices sample shuffle').split()]
