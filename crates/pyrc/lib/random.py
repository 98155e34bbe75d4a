"""pyrc's `random`: the Mersenne Twister (MT19937), as CPython's.

For integer seeds the sequences of random(), getrandbits(), randrange(),
randint(), choice(), shuffle() and sample() are those of CPython. pyrc has no
os.urandom: the module-level generator starts from a fixed seed (runs are
reproducible); seed() / seed(None) seeds from the clock.
"""

import time as _time

__all__ = ['Random', 'seed', 'random', 'uniform', 'randint', 'choice', 'sample',
           'randrange', 'shuffle', 'getrandbits', 'choices', 'getstate', 'setstate']

_N = 624
_M = 397
_MATRIX_A = 0x9908b0df
_UPPER = 0x80000000
_LOWER = 0x7fffffff
_MASK32 = 0xffffffff
_DEFAULT_SEED = 20111116


class Random:
    VERSION = 3

    def __init__(self, x=None):
        self._mt = [0] * _N
        self._index = _N + 1
        self.seed(x)
        self.gauss_next = None

    # ---- the generator core

    def _init_genrand(self, s):
        mt = self._mt
        mt[0] = s & _MASK32
        for i in range(1, _N):
            prev = mt[i - 1]
            mt[i] = (1812433253 * (prev ^ (prev >> 30)) + i) & _MASK32
        self._index = _N

    def _init_by_array(self, key):
        self._init_genrand(19650218)
        mt = self._mt
        i = 1
        j = 0
        key_length = len(key)
        k = _N if _N > key_length else key_length
        while k:
            prev = mt[i - 1]
            mt[i] = ((mt[i] ^ ((prev ^ (prev >> 30)) * 1664525)) + key[j] + j) & _MASK32
            i += 1
            j += 1
            if i >= _N:
                mt[0] = mt[_N - 1]
                i = 1
            if j >= key_length:
                j = 0
            k -= 1
        k = _N - 1
        while k:
            prev = mt[i - 1]
            mt[i] = ((mt[i] ^ ((prev ^ (prev >> 30)) * 1566083941)) - i) & _MASK32
            i += 1
            if i >= _N:
                mt[0] = mt[_N - 1]
                i = 1
            k -= 1
        mt[0] = 0x80000000
        self._index = _N

    def _twist(self):
        mt = self._mt
        for kk in range(_N):
            y = (mt[kk] & _UPPER) | (mt[(kk + 1) % _N] & _LOWER)
            value = mt[(kk + _M) % _N] ^ (y >> 1)
            if y & 1:
                value ^= _MATRIX_A
            mt[kk] = value
        self._index = 0

    def _genrand_uint32(self):
        if self._index >= _N:
            self._twist()
        y = self._mt[self._index]
        self._index += 1
        y ^= (y >> 11)
        y ^= (y << 7) & 0x9d2c5680
        y ^= (y << 15) & 0xefc60000
        y ^= (y >> 18)
        return y & _MASK32

    # ---- seeding and state

    def seed(self, a=None, version=2):
        if a is None:
            a = int(_time.time() * 1000000) ^ int(_time.perf_counter() * 1000000000)
        elif isinstance(a, bool):
            a = int(a)
        elif isinstance(a, float):
            a = hash(a)
        elif isinstance(a, (str, bytes)):
            # Not CPython's sequence (that hashes with SHA-512): the bytes as an int.
            data = a.encode('utf-8') if isinstance(a, str) else a
            value = 0
            for byte in data:
                value = (value << 8) | byte
            a = value
        elif not isinstance(a, int):
            a = hash(a)
        a = a if a >= 0 else -a
        key = []
        while a:
            key.append(a & _MASK32)
            a >>= 32
        if not key:
            key = [0]
        self._init_by_array(key)
        self.gauss_next = None

    def getstate(self):
        return (self.VERSION, tuple(self._mt) + (self._index,), self.gauss_next)

    def setstate(self, state):
        version, internal, gauss_next = state
        self._mt = list(internal[:_N])
        self._index = internal[_N]
        self.gauss_next = gauss_next

    # ---- basic draws

    def random(self):
        """A float in [0.0, 1.0), with 53 random bits."""
        a = self._genrand_uint32() >> 5
        b = self._genrand_uint32() >> 6
        return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0)

    def getrandbits(self, k):
        if k < 0:
            raise ValueError('number of bits must be non-negative')
        if k == 0:
            return 0
        if k <= 32:
            return self._genrand_uint32() >> (32 - k)
        result = 0
        shift = 0
        while k > 0:
            r = self._genrand_uint32()
            if k < 32:
                r >>= (32 - k)
            result |= r << shift
            shift += 32
            k -= 32
        return result

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
