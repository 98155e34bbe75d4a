"""A small backtracking regular-expression module for pyrc.

Covers the common subset of CPython's ``re``: literals, ``.``, character
classes ``[...]`` (ranges, negation, ``\\d\\w\\s`` inside), anchors ``^ $ \\A
\\Z \\b \\B``, escapes, groups (capturing, ``(?:...)``, ``(?P<name>...)``,
``(?P=name)``), lookahead ``(?=...)``/``(?!...)``, alternation, the
quantifiers ``* + ? {m,n}`` (greedy and lazy), backreferences ``\\1`` and the
flags I, M, S, X (also inline as ``(?imsx)``).  Works on str and on bytes.

Patterns are compiled to closures; each closure takes the subject, a
position, the capture list and a continuation.  Repetitions of a single
character are matched with a loop so ``.*`` over long text does not recurse.
"""

__all__ = ['compile', 'search', 'match', 'fullmatch', 'findall', 'finditer',
           'sub', 'subn', 'split', 'escape', 'purge', 'error', 'Pattern',
           'Match', 'I', 'IGNORECASE', 'M', 'MULTILINE', 'S', 'DOTALL',
           'X', 'VERBOSE', 'A', 'ASCII', 'U', 'UNICODE', 'NOFLAG']

NOFLAG = 0
TEMPLATE = T = 1
IGNORECASE = I = 2
LOCALE = L = 4
MULTILINE = M = 8
DOTALL = S = 16
UNICODE = U = 32
VERBOSE = X = 64
DEBUG = 128
ASCII = A = 256


class error(Exception):
    def __init__(self, msg, pattern=None, pos=None):
        Exception.__init__(self, msg)
        self.msg = msg
        self.pattern = pattern
        self.pos = pos


PatternError = error

_MAXREPEAT = 1 << 30

try:
    _BYTES_TYPES = (bytes, bytearray)
except NameError:      # pyrc has no bytearray yet
    _BYTES_TYPES = (bytes,)

_DIGITS = '0123456789'
_SPACES = ' \t\n\r\f\v'


def _is_digit(ch):
    if '0' <= ch <= '9':
        return True
    return ord(ch) > 127 and ch.isdecimal()


def _is_word(ch):
    if ch == '_':
        return True
    if ch < '\x80':
        return ('a' <= ch <= 'z') or ('A' <= ch <= 'Z') or ('0' <= ch <= '9')
    return ch.isalnum()


def _is_space(ch):
    if ch in _SPACES:
        return True
    return ord(ch) > 127 and ch.isspace()


def _class_pred(letter):
    if letter == 'd':
        return _is_digit
    if letter == 'D':
        return lambda ch: not _is_digit(ch)
    if letter == 'w':
        return _is_word
    if letter == 'W':
        return lambda ch: not _is_word(ch)
    if letter == 's':
        return _is_space
    if letter == 'S':
        return lambda ch: not _is_space(ch)
    raise error("bad class escape \\" + letter)


# ----------------------------------------------------------------------
# parser: pattern text -> node tuples

class _Parser(object):
    def __init__(self, pattern, flags):
        self.p = pattern
        self.i = 0
        self.flags = flags
        self.ngroups = 0
        self.names = {}

    def error(self, msg):
        raise error("%s at position %d" % (msg, self.i), self.p, self.i)

    def peek(self):
        if self.i < len(self.p):
            return self.p[self.i]
        return None

    def skip_verbose(self):
        if not (self.flags & VERBOSE):
            return
        p = self.p
        while self.i < len(p):
            ch = p[self.i]
            if ch in _SPACES:
                self.i += 1
            elif ch == '#':
                while self.i < len(p) and p[self.i] != '\n':
                    self.i += 1
            else:
                break

    def parse(self):
        node = self.parse_alt()
        if self.i < len(self.p):
            if self.p[self.i] == ')':
                self.error("unbalanced parenthesis")
            self.error("unexpected character")
        return node

    def parse_alt(self):
        branches = [self.parse_seq()]
        while self.peek() == '|':
            self.i += 1
            branches.append(self.parse_seq())
        if len(branches) == 1:
            return branches[0]
        return ('alt', branches)

    def parse_seq(self):
        items = []
        while True:
            self.skip_verbose()
            ch = self.peek()
            if ch is None or ch == '|' or ch == ')':
                break
            atom = self.parse_atom()
            if atom is None:
                continue
            atom = self.parse_quant(atom)
            # merge adjacent literals
            if (atom[0] == 'str' and items and items[-1][0] == 'str'):
                items[-1] = ('str', items[-1][1] + atom[1])
            else:
                items.append(atom)
        if len(items) == 1:
            return items[0]
        return ('seq', items)

    def parse_quant(self, atom):
        self.skip_verbose()
        ch = self.peek()
        lo = hi = None
        if ch == '*':
            lo, hi = 0, _MAXREPEAT
            self.i += 1
        elif ch == '+':
            lo, hi = 1, _MAXREPEAT
            self.i += 1
        elif ch == '?':
            lo, hi = 0, 1
            self.i += 1
        elif ch == '{':
            r = self.try_brace()
            if r is None:
                return atom
            lo, hi = r
        else:
            return atom
        if atom[0] in ('bol', 'eol', 'A', 'Z', 'b', 'B'):
            self.error("nothing to repeat")
        greedy = True
        if self.peek() == '?':
            greedy = False
            self.i += 1
        elif self.peek() == '+':
            self.i += 1  # possessive: treated as greedy
        if self.peek() in ('*', '+', '?') or (self.peek() == '{' and self.look_brace()):
            self.error("multiple repeat")
        # a repeated multi-char literal applies to its last char only
        if atom[0] == 'str' and len(atom[1]) > 1:
            head = ('str', atom[1][:-1])
            last = ('str', atom[1][-1])
            return ('seq', [head, ('rep', last, lo, hi, greedy)])
        return ('rep', atom, lo, hi, greedy)

    def look_brace(self):
        save = self.i
        r = self.try_brace()
        self.i = save
        return r is not None

    def try_brace(self):
        p = self.p
        j = self.i + 1
        start = j
        while j < len(p) and p[j] in _DIGITS:
            j += 1
        lo_txt = p[start:j]
        hi_txt = None
        comma = False
        if j < len(p) and p[j] == ',':
            comma = True
            j += 1
            s2 = j
            while j < len(p) and p[j] in _DIGITS:
                j += 1
            hi_txt = p[s2:j]
        if j >= len(p) or p[j] != '}':
            return None
        if not lo_txt and not comma:
            return None
        lo = int(lo_txt) if lo_txt else 0
        if comma:
            hi = int(hi_txt) if hi_txt else _MAXREPEAT
        else:
            hi = lo
        if hi < lo:
            self.error("min repeat greater than max repeat")
        self.i = j + 1
        return lo, hi

    def parse_atom(self):
        p = self.p
        ch = p[self.i]
        if ch == '(':
            return self.parse_group()
        if ch == '[':
            return self.parse_set()
        self.i += 1
        if ch == '.':
            return ('any',)
        if ch == '^':
            return ('bol',)
        if ch == '$':
            return ('eol',)
        if ch == '\\':
            return self.parse_escape(False)
        if ch in '*+?':
            self.error("nothing to repeat")
        if ch == '{' and self.i - 1 >= 0:
            self.i -= 1
            if self.look_brace():
                self.error("nothing to repeat")
            self.i += 1
        return ('str', ch)

    def parse_group(self):
        p = self.p
        self.i += 1  # '('
        if p.startswith('?', self.i):
            self.i += 1
            ch = self.peek()
            if ch == ':':
                self.i += 1
                node = self.parse_alt()
                self.expect(')')
                return ('group', None, node)
            if ch == 'P':
                self.i += 1
                if self.peek() == '<':
                    self.i += 1
                    return self.parse_named_group()
                if self.peek() == '=':
                    self.i += 1
                    name = self.read_name(')', "missing )")
                    if name not in self.names:
                        self.error("unknown group name %r" % name)
                    return ('backref', self.names[name])
                self.error("unknown extension ?P")
            if ch == '=' or ch == '!':
                self.i += 1
                node = self.parse_alt()
                self.expect(')')
                return ('look', ch == '=', node)
            if ch == '<':
                self.i += 1
                c2 = self.peek()
                if c2 == '=' or c2 == '!':
                    self.i += 1
                    node = self.parse_alt()
                    self.expect(')')
                    width = _fixed_width(node)
                    if width is None:
                        self.error("look-behind requires fixed-width pattern")
                    return ('lookbehind', c2 == '=', node, width)
                if c2 is not None:
                    # (?<name>...) as in newer Pythons
                    return self.parse_named_group()
            if ch == '#':
                end = p.find(')', self.i)
                if end < 0:
                    self.error("missing ), unterminated comment")
                self.i = end + 1
                return None
            # inline flags (?imsx) or scoped (?i:...)
            on = 0
            off = 0
            neg = False
            while self.i < len(p) and p[self.i] in 'aiLmsux-':
                c = p[self.i]
                self.i += 1
                if c == '-':
                    neg = True
                    continue
                bit = {'a': ASCII, 'i': IGNORECASE, 'L': LOCALE, 'm': MULTILINE,
                       's': DOTALL, 'u': UNICODE, 'x': VERBOSE}[c]
                if neg:
                    off |= bit
                else:
                    on |= bit
            c = self.peek()
            if c == ')':
                self.i += 1
                self.flags |= on
                return None
            if c == ':':
                self.i += 1
                saved = self.flags
                self.flags = (self.flags | on) & ~off
                node = self.parse_alt()
                inner_flags = self.flags
                self.flags = saved
                self.expect(')')
                return ('flags', inner_flags, node)
            self.error("unknown extension")
        self.ngroups += 1
        idx = self.ngroups
        node = self.parse_alt()
        self.expect(')')
        return ('group', idx, node)

    def read_name(self, terminator, missing):
        """The text up to `terminator` (consumed); `missing` if there is none."""
        end = self.p.find(terminator, self.i)
        if end < 0:
            self.error(missing)
        name = self.p[self.i:end]
        self.i = end + 1
        return name

    def parse_named_group(self):
        """`name>...)` after `(?P<` or `(?<`: a numbered group that also has a name."""
        name = self.read_name('>', "missing >")
        self.ngroups += 1
        idx = self.ngroups
        self.names[name] = idx
        node = self.parse_alt()
        self.expect(')')
        return ('group', idx, node)

    def expect(self, ch):
        if self.peek() != ch:
            if ch == ')':
                self.error("missing ), unterminated subpattern")
            self.error("expected %r" % ch)
        self.i += 1

    def parse_escape(self, in_set):
        p = self.p
        if self.i >= len(p):
            self.error("bad escape (end of pattern)")
        ch = p[self.i]
        self.i += 1
        if ch in 'dDwWsS':
            return ('class', ch)
        if not in_set:
            if ch == 'b':
                return ('b',)
            if ch == 'B':
                return ('B',)
            if ch == 'A':
                return ('A',)
            if ch == 'Z' or ch == 'z':
                return ('Z',)
            if ch in '123456789':
                num = ch
                while (self.i < len(p) and p[self.i] in _DIGITS and len(num) < 2):
                    num += p[self.i]
                    self.i += 1
                return ('backref', int(num))
        elif ch == 'b':
            return ('str', '\b')
        simple = {'n': '\n', 't': '\t', 'r': '\r', 'f': '\f', 'v': '\v', 'a': '\a'}
        if ch in simple:
            return ('str', simple[ch])
        if ch == '0':
            digits = ''
            while self.i < len(p) and p[self.i] in '01234567' and len(digits) < 2:
                digits += p[self.i]
                self.i += 1
            return ('str', chr(int(digits, 8)) if digits else '\0')
        if ch == 'x':
            return ('str', chr(self.hex_digits(2)))
        if ch == 'u':
            return ('str', chr(self.hex_digits(4)))
        if ch == 'U':
            return ('str', chr(self.hex_digits(8)))
        if ch == 'N':
            self.error("\\N escapes are not supported")
        if ch.isalnum() and ch < '\x80':
            self.error("bad escape \\%s" % ch)
        return ('str', ch)

    def hex_digits(self, n):
        txt = self.p[self.i:self.i + n]
        if len(txt) != n:
            self.error("incomplete escape")
        for c in txt:
            if c not in '0123456789abcdefABCDEF':
                self.error("incomplete escape")
        self.i += n
        return int(txt, 16)

    def parse_set(self):
        p = self.p
        self.i += 1  # '['
        negate = False
        if self.peek() == '^':
            negate = True
            self.i += 1
        items = []   # (lo, hi) pairs or ('class', letter)
        first = True
        while True:
            if self.i >= len(p):
                self.error("unterminated character set")
            ch = p[self.i]
            if ch == ']' and not first:
                self.i += 1
                break
            first = False
            if ch == '\\':
                self.i += 1
                esc = self.parse_escape(True)
                if esc[0] == 'class':
                    items.append(esc)
                    continue
                lo = esc[1]
            else:
                self.i += 1
                lo = ch
            # range?
            if (self.i + 1 < len(p) and p[self.i] == '-' and p[self.i + 1] != ']'):
                self.i += 1
                hc = p[self.i]
                if hc == '\\':
                    self.i += 1
                    esc = self.parse_escape(True)
                    if esc[0] == 'class':
                        self.error("bad character range")
                    hi = esc[1]
                else:
                    self.i += 1
                    hi = hc
                if hi < lo:
                    self.error("bad character range %s-%s" % (lo, hi))
                items.append((lo, hi))
            else:
                items.append((lo, lo))
        return ('set', negate, items)


def _fixed_width(node):
    kind = node[0]
    if kind == 'str':
        return len(node[1])
    if kind in ('any', 'set', 'class'):
        return 1
    if kind in ('bol', 'eol', 'A', 'Z', 'b', 'B', 'look', 'lookbehind'):
        return 0
    if kind == 'seq':
        total = 0
        for item in node[1]:
            w = _fixed_width(item)
            if w is None:
                return None
            total += w
        return total
    if kind == 'alt':
        ws = [_fixed_width(b) for b in node[1]]
        if None in ws or min(ws) != max(ws):
            return None
        return ws[0]
    if kind == 'group' or kind == 'flags':
        return _fixed_width(node[2])
    if kind == 'rep':
        w = _fixed_width(node[1])
        if w is None or node[2] != node[3]:
            return None
        return w * node[2]
    return None


# ----------------------------------------------------------------------
# compiler: node tuples -> matcher closures
#
# A matcher is m(s, i, caps, k) -> bool; k(j) -> bool is the continuation.

def _char_pred(node, flags):
    """Predicate for a single-character node, or None."""
    kind = node[0]
    icase = flags & IGNORECASE
    if kind == 'str' and len(node[1]) == 1:
        c = node[1]
        if icase:
            lc = c.lower()
            return lambda ch: ch.lower() == lc
        return lambda ch: ch == c
    if kind == 'any':
        if flags & DOTALL:
            return lambda ch: True
        return lambda ch: ch != '\n'
    if kind == 'class':
        return _class_pred(node[1])
    if kind == 'set':
        negate = node[1]
        ranges = []
        preds = []
        for item in node[2]:
            if item[0] == 'class':
                preds.append(_class_pred(item[1]))
            else:
                ranges.append(item)

        def in_set(ch):
            for lo, hi in ranges:
                if lo <= ch <= hi:
                    return True
            for pr in preds:
                if pr(ch):
                    return True
            return False
        if icase:
            def base(ch):
                return in_set(ch) or in_set(ch.lower()) or in_set(ch.upper())
        else:
            base = in_set
        if negate:
            return lambda ch: not base(ch)
        return base
    if kind == 'flags':
        return _char_pred(node[2], node[1])
    return None


def _compile(node, flags):
    kind = node[0]
    pred = _char_pred(node, flags)
    if pred is not None:
        def m_char(s, i, caps, k):
            if i < len(s) and pred(s[i]):
                return k(i + 1)
            return False
        return m_char
    if kind == 'str':
        text = node[1]
        n = len(text)
        if flags & IGNORECASE:
            low = text.lower()

            def m_stri(s, i, caps, k):
                if s[i:i + n].lower() == low:
                    return k(i + n)
                return False
            return m_stri

        def m_str(s, i, caps, k):
            if s.startswith(text, i):
                return k(i + n)
            return False
        return m_str
    if kind == 'seq':
        fs = [_compile(item, flags) for item in node[1]]
        count = len(fs)

        def run(j, s, i, caps, k):
            if j == count:
                return k(i)
            return fs[j](s, i, caps, lambda p: run(j + 1, s, p, caps, k))

        def m_seq(s, i, caps, k):
            return run(0, s, i, caps, k)
        return m_seq
    if kind == 'alt':
        fs = [_compile(b, flags) for b in node[1]]

        def m_alt(s, i, caps, k):
            for f in fs:
                if f(s, i, caps, k):
                    return True
            return False
        return m_alt
    if kind == 'group':
        idx = node[1]
        f = _compile(node[2], flags)
        if idx is None:
            return f
        a = 2 * idx
        b = a + 1

        def m_group(s, i, caps, k):
            def k2(p):
                old_a = caps[a]
                old_b = caps[b]
                caps[a] = i
                caps[b] = p
                if k(p):
                    return True
                caps[a] = old_a
                caps[b] = old_b
                return False
            return f(s, i, caps, k2)
        return m_group
    if kind == 'flags':
        return _compile(node[2], node[1])
    if kind == 'rep':
        return _compile_rep(node, flags)
    if kind == 'bol':
        if flags & MULTILINE:
            def m_bolm(s, i, caps, k):
                if i == 0 or s[i - 1] == '\n':
                    return k(i)
                return False
            return m_bolm

        def m_bol(s, i, caps, k):
            if i == 0:
                return k(i)
            return False
        return m_bol
    if kind == 'eol':
        if flags & MULTILINE:
            def m_eolm(s, i, caps, k):
                if i == len(s) or s[i] == '\n':
                    return k(i)
                return False
            return m_eolm

        def m_eol(s, i, caps, k):
            n = len(s)
            if i == n or (i == n - 1 and s[i] == '\n'):
                return k(i)
            return False
        return m_eol
    if kind == 'A':
        def m_A(s, i, caps, k):
            if i == 0:
                return k(i)
            return False
        return m_A
    if kind == 'Z':
        def m_Z(s, i, caps, k):
            if i == len(s):
                return k(i)
            return False
        return m_Z
    if kind == 'b' or kind == 'B':
        want = kind == 'b'

        def m_b(s, i, caps, k):
            before = i > 0 and _is_word(s[i - 1])
            after = i < len(s) and _is_word(s[i])
            if (before != after) == want:
                return k(i)
            return False
        return m_b
    if kind == 'backref':
        a = 2 * node[1]
        icase = flags & IGNORECASE

        def m_backref(s, i, caps, k):
            st = caps[a]
            en = caps[a + 1]
            if st < 0 or en < 0:
                return False
            text = s[st:en]
            n = len(text)
            if icase:
                ok = s[i:i + n].lower() == text.lower()
            else:
                ok = s.startswith(text, i)
            if ok:
                return k(i + n)
            return False
        return m_backref
    if kind == 'look':
        positive = node[1]
        f = _compile(node[2], flags)

        def m_look(s, i, caps, k):
            found = f(s, i, caps, lambda p: True)
            if found == positive:
                return k(i)
            return False
        return m_look
    if kind == 'lookbehind':
        positive = node[1]
        f = _compile(node[2], flags)
        width = node[3]

        def m_lookbehind(s, i, caps, k):
            start = i - width
            found = False
            if start >= 0:
                found = f(s, start, caps, lambda p: p == i)
            if found == positive:
                return k(i)
            return False
        return m_lookbehind
    raise error("internal: unknown node %r" % (kind,))


def _compile_rep(node, flags):
    sub = node[1]
    lo = node[2]
    hi = node[3]
    greedy = node[4]
    pred = _char_pred(sub, flags)
    if pred is not None:
        def m_rep1(s, i, caps, k):
            n = len(s)
            limit = i + hi
            if limit > n:
                limit = n
            j = i
            while j < limit and pred(s[j]):
                j += 1
            least = i + lo
            if j < least:
                return False
            if greedy:
                while j >= least:
                    if k(j):
                        return True
                    j -= 1
                return False
            p = least
            while p <= j:
                if k(p):
                    return True
                p += 1
            return False
        return m_rep1
    f = _compile(sub, flags)

    def step(s, i, caps, k, count):
        if greedy:
            if count < hi:
                def more(p):
                    if p == i and count >= lo:
                        return k(p)
                    return step(s, p, caps, k, count + 1)
                if f(s, i, caps, more):
                    return True
            if count >= lo:
                return k(i)
            return False
        if count >= lo and k(i):
            return True
        if count < hi:
            def more_lazy(p):
                if p == i and count >= lo:
                    return k(p)
                return step(s, p, caps, k, count + 1)
            return f(s, i, caps, more_lazy)
        return False

    def m_rep(s, i, caps, k):
        return step(s, i, caps, k, 0)
    return m_rep


def _literal_prefix(node, flags):
    if flags & IGNORECASE:
        return ''
    if node[0] == 'str':
        return node[1]
    if node[0] == 'seq' and node[1] and node[1][0][0] == 'str':
        return node[1][0][1]
    return ''


# ----------------------------------------------------------------------
# public objects

def _to_text(obj):
    if isinstance(obj, _BYTES_TYPES):
        return bytes(obj).decode('latin-1')
    return obj


class Match(object):
    def __init__(self, pattern, string, text, caps, pos, endpos):
        self.re = pattern
        self.string = string
        self._text = text
        self._caps = caps
        self.pos = pos
        self.endpos = endpos
        regs = []
        for g in range(pattern.groups + 1):
            regs.append((caps[2 * g], caps[2 * g + 1]))
        self.regs = tuple(regs)

    def _index(self, g):
        if isinstance(g, int):
            if g < 0 or g > self.re.groups:
                raise IndexError("no such group")
            return g
        if g in self.re.groupindex:
            return self.re.groupindex[g]
        raise IndexError("no such group")

    def _get(self, g, default=None):
        idx = self._index(g)
        a = self._caps[2 * idx]
        b = self._caps[2 * idx + 1]
        if a < 0 or b < 0:
            return default
        text = self._text[a:b]
        if self.re._bytes:
            return text.encode('latin-1')
        return text

    def group(self, *args):
        if not args:
            return self._get(0)
        if len(args) == 1:
            return self._get(args[0])
        return tuple([self._get(g) for g in args])

    def __getitem__(self, g):
        return self._get(g)

    def groups(self, default=None):
        return tuple([self._get(g, default) for g in range(1, self.re.groups + 1)])

    def groupdict(self, default=None):
        d = {}
        for name in self.re.groupindex:
            d[name] = self._get(name, default)
        return d

    def start(self, group=0):
        return self._caps[2 * self._index(group)]

    def end(self, group=0):
        return self._caps[2 * self._index(group) + 1]

    def span(self, group=0):
        idx = self._index(group)
        return (self._caps[2 * idx], self._caps[2 * idx + 1])

    @property
    def lastindex(self):
        best = None
        best_end = -1
        for g in range(1, self.re.groups + 1):
            e = self._caps[2 * g + 1]
            if e >= 0 and e >= best_end:
                best = g
                best_end = e
        return best

    @property
    def lastgroup(self):
        li = self.lastindex
        if li is None:
            return None
        for name in self.re.groupindex:
            if self.re.groupindex[name] == li:
                return name
        return None

    def expand(self, template):
        return _expand_template(self.re, template)(self)

    def __bool__(self):
        return True

    def __repr__(self):
        return "<re.Match object; span=(%d, %d), match=%r>" % (
            self.start(), self.end(), self.group())


class Pattern(object):
    def __init__(self, pattern, flags):
        self.pattern = pattern
        self._bytes = isinstance(pattern, _BYTES_TYPES)
        text = _to_text(pattern)
        parser = _Parser(text, flags)
        node = parser.parse()
        flags = parser.flags
        if not self._bytes and not (flags & ASCII):
            flags |= UNICODE
        self.flags = flags
        self.groups = parser.ngroups
        self.groupindex = dict(parser.names)
        self._node = node
        self._matcher = _compile(node, flags)
        self._prefix = _literal_prefix(node, flags)
        self._anchored = node[0] == 'A' or (node[0] == 'seq' and node[1][0][0] == 'A')

    def __repr__(self):
        return "re.compile(%r)" % (self.pattern,)

    def __eq__(self, other):
        return (isinstance(other, Pattern) and self.pattern == other.pattern
                and self.flags == other.flags)

    def __hash__(self):
        return hash((self.pattern, self.flags))

    def _subject(self, string):
        if self._bytes:
            if isinstance(string, str):
                raise TypeError("cannot use a bytes pattern on a string-like object")
            return _to_text(string)
        if not isinstance(string, str):
            raise TypeError("cannot use a string pattern on a bytes-like object")
        return string

    def _try(self, string, text, start, pos, endpos, full):
        caps = [-1] * (2 * (self.groups + 1))
        holder = [-1]
        if full:
            def k(p):
                if p == len(text):
                    holder[0] = p
                    return True
                return False
        else:
            def k(p):
                holder[0] = p
                return True
        if self._matcher(text, start, caps, k):
            caps[0] = start
            caps[1] = holder[0]
            return Match(self, string, text, caps, pos, endpos)
        return None

    def _bounds(self, text, pos, endpos):
        n = len(text)
        if endpos is None or endpos > n:
            endpos = n
        if pos < 0:
            pos = 0
        return pos, endpos

    def match(self, string, pos=0, endpos=None):
        text = self._subject(string)
        pos, endpos = self._bounds(text, pos, endpos)
        return self._try(string, text[:endpos], pos, pos, endpos, False)

    def fullmatch(self, string, pos=0, endpos=None):
        text = self._subject(string)
        pos, endpos = self._bounds(text, pos, endpos)
        return self._try(string, text[:endpos], pos, pos, endpos, True)

    def _search_text(self, string, text, pos, endpos):
        sub = text[:endpos] if endpos < len(text) else text
        start = pos
        prefix = self._prefix
        while start <= len(sub):
            if prefix:
                found = sub.find(prefix, start)
                if found < 0:
                    return None
                start = found
            m = self._try(string, sub, start, pos, endpos, False)
            if m is not None:
                return m
            if self._anchored:
                return None
            start += 1
        return None

    def search(self, string, pos=0, endpos=None):
        text = self._subject(string)
        pos, endpos = self._bounds(text, pos, endpos)
        return self._search_text(string, text, pos, endpos)

    def _all(self, string, pos=0, endpos=None):
        text = self._subject(string)
        pos, endpos = self._bounds(text, pos, endpos)
        out = []
        start = pos
        while start <= endpos:
            m = self._search_text(string, text, start, endpos)
            if m is None:
                break
            out.append(m)
            if m.end() == m.start():
                start = m.end() + 1
            else:
                start = m.end()
        return out

    def finditer(self, string, pos=0, endpos=None):
        return iter(self._all(string, pos, endpos))

    def findall(self, string, pos=0, endpos=None):
        out = []
        for m in self._all(string, pos, endpos):
            if self.groups == 0:
                out.append(m.group(0))
            elif self.groups == 1:
                out.append(m.group(1) if m.group(1) is not None else self._empty())
            else:
                out.append(tuple([g if g is not None else self._empty()
                                  for g in m.groups()]))
        return out

    def _empty(self):
        return b'' if self._bytes else ''

    def subn(self, repl, string, count=0):
        if callable(repl):
            func = repl
        else:
            func = _expand_template(self, repl)
        text = self._subject(string)
        pieces = []
        last = 0
        n = 0
        for m in self._all(string):
            if count and n >= count:
                break
            pieces.append(text[last:m.start()])
            r = func(m)
            if self._bytes:
                r = _to_text(r)
            pieces.append(r)
            last = m.end()
            n += 1
        pieces.append(text[last:])
        result = ''.join(pieces)
        if self._bytes:
            result = result.encode('latin-1')
        return result, n

    def sub(self, repl, string, count=0):
        return self.subn(repl, string, count)[0]

    def split(self, string, maxsplit=0):
        text = self._subject(string)
        out = []
        last = 0
        n = 0
        for m in self._all(string):
            if maxsplit and n >= maxsplit:
                break
            out.append(self._wrap(text[last:m.start()]))
            for g in range(1, self.groups + 1):
                out.append(m.group(g))
            last = m.end()
            n += 1
        out.append(self._wrap(text[last:]))
        return out

    def _wrap(self, text):
        if self._bytes:
            return text.encode('latin-1')
        return text


def _expand_template(pattern, template):
    """Turn a replacement template into a function of a match."""
    is_bytes = isinstance(template, _BYTES_TYPES)
    tmpl = _to_text(template)
    parts = []   # strings or group ids
    lit = ''
    i = 0
    n = len(tmpl)
    while i < n:
        ch = tmpl[i]
        if ch != '\\':
            lit += ch
            i += 1
            continue
        i += 1
        if i >= n:
            raise error("bad escape (end of pattern)")
        c = tmpl[i]
        i += 1
        if c == 'g':
            if i >= n or tmpl[i] != '<':
                raise error("missing <")
            end = tmpl.find('>', i)
            if end < 0:
                raise error("missing >, unterminated name")
            name = tmpl[i + 1:end]
            i = end + 1
            if name.isdigit():
                ref = int(name)
            elif name in pattern.groupindex:
                ref = pattern.groupindex[name]
            else:
                raise IndexError("unknown group name '%s'" % name)
            parts.append(lit)
            lit = ''
            parts.append(ref)
        elif c in _DIGITS:
            num = c
            if i < n and tmpl[i] in _DIGITS:
                num += tmpl[i]
                i += 1
            parts.append(lit)
            lit = ''
            parts.append(int(num))
        else:
            simple = {'n': '\n', 't': '\t', 'r': '\r', 'f': '\f', 'v': '\v',
                      'a': '\a', 'b': '\b', '\\': '\\'}
            if c in simple:
                lit += simple[c]
            elif c.isalpha() and c < '\x80':
                raise error("bad escape \\%s" % c)
            else:
                lit += '\\' + c
    parts.append(lit)

    def expand(m):
        out = []
        for part in parts:
            if isinstance(part, int):
                g = m.group(part)
                if g is None:
                    continue
                out.append(_to_text(g))
            else:
                out.append(part)
        text = ''.join(out)
        if is_bytes:
            return text.encode('latin-1')
        return text
    return expand


_cache = {}


def compile(pattern, flags=0):
    if isinstance(pattern, Pattern):
        if flags:
            raise ValueError("cannot process flags argument with a compiled pattern")
        return pattern
    if not isinstance(pattern, (str,) + _BYTES_TYPES):
        raise TypeError("first argument must be string or compiled pattern")
    key = (type(pattern), pattern, flags)
    p = _cache.get(key)
    if p is None:
        if len(_cache) > 200:
            _cache.clear()
        p = Pattern(pattern, flags)
        _cache[key] = p
    return p


def purge():
    _cache.clear()


def search(pattern, string, flags=0):
    return compile(pattern, flags).search(string)


def match(pattern, string, flags=0):
    return compile(pattern, flags).match(string)


def fullmatch(pattern, string, flags=0):
    return compile(pattern, flags).fullmatch(string)


def findall(pattern, string, flags=0):
    return compile(pattern, flags).findall(string)


def finditer(pattern, string, flags=0):
    return compile(pattern, flags).finditer(string)


def sub(pattern, repl, string, count=0, flags=0):
    return compile(pattern, flags).sub(repl, string, count)


def subn(pattern, repl, string, count=0, flags=0):
    return compile(pattern, flags).subn(repl, string, count)


def split(pattern, string, maxsplit=0, flags=0):
    return compile(pattern, flags).split(string, maxsplit)


_SPECIAL = '()[]{}?*+-|^$\\.&~# \t\n\r\v\f'


def escape(pattern):
    if isinstance(pattern, _BYTES_TYPES):
        text = _to_text(pattern)
        out = ''.join(['\\' + c if c in _SPECIAL else c for c in text])
        return out.encode('latin-1')
    return ''.join(['\\' + c if c in _SPECIAL else c for c in pattern])
