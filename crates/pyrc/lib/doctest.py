"""pyrc's `doctest`: find `>>>` examples in docstrings and strings, run them, and compare
what they print with the expected output.

Kept (issue 12): under pyrc, CPython's own `doctest` imports, but its
`run_docstring_examples` reports nothing for a failing example (checked against this
package's output; the cause, in its output capture or traceback handling, is not found yet).

Written for pyrc from the documented behaviour of CPython's module (not from its source).
Examples run with `exec(source, globs)` in a copy of the module's globals; an example that
is a single expression prints the repr of its value (as the interactive interpreter does).
pyrc has no `compile()`, so that is found out by parsing `__doctest_result__ = (SOURCE)`
inside a never-run `if 0:` block: if that is valid syntax the example is an expression.

Supported: DocTestSuite, DocFileSuite, testmod, testfile, run_docstring_examples, the
DocTestParser / DocTestFinder / DocTestRunner / OutputChecker classes, tracebacks in the
expected output (matched on the exception line), `<BLANKLINE>`, the option flags and
`# doctest: +FLAG` directives. The REPORT_*DIFF flags report the plain expected/got form.
"""

import sys
import unittest

__all__ = ['DocTestSuite', 'DocFileSuite', 'testmod', 'testfile', 'run_docstring_examples',
           'OPTIONFLAGS_BY_NAME', 'ELLIPSIS', 'NORMALIZE_WHITESPACE',
           'IGNORE_EXCEPTION_DETAIL', 'DONT_ACCEPT_TRUE_FOR_1', 'DONT_ACCEPT_BLANKLINE',
           'SKIP', 'COMPARISON_FLAGS', 'REPORT_UDIFF', 'REPORT_CDIFF', 'REPORT_NDIFF',
           'REPORT_ONLY_FIRST_FAILURE', 'REPORTING_FLAGS', 'FAIL_FAST', 'TestResults',
           'Example', 'DocTest', 'DocTestParser', 'DocTestFinder', 'DocTestRunner',
           'OutputChecker', 'DocTestFailure', 'UnexpectedException', 'DebugRunner',
           'DocTestCase', 'register_optionflag', 'set_unittest_reportflags',
           'script_from_examples']

OPTIONFLAGS_BY_NAME = {}


def register_optionflag(name):
    """The bit of option flag `name`, a new one if the name is new."""
    if name not in OPTIONFLAGS_BY_NAME:
        OPTIONFLAGS_BY_NAME[name] = 1 << len(OPTIONFLAGS_BY_NAME)
    return OPTIONFLAGS_BY_NAME[name]


def _register_flags(names):
    return [register_optionflag(name) for name in names.split()]


def _union(bits):
    combined = 0
    for bit in bits:
        combined |= bit
    return combined


# Flags that change how output is compared ...
_COMPARING = _register_flags("""DONT_ACCEPT_TRUE_FOR_1 DONT_ACCEPT_BLANKLINE
    NORMALIZE_WHITESPACE ELLIPSIS SKIP IGNORE_EXCEPTION_DETAIL""")
(DONT_ACCEPT_TRUE_FOR_1, DONT_ACCEPT_BLANKLINE, NORMALIZE_WHITESPACE, ELLIPSIS,
 SKIP, IGNORE_EXCEPTION_DETAIL) = _COMPARING
COMPARISON_FLAGS = _union(_COMPARING)
# ... and flags that change how failures are reported.
_REPORTING = _register_flags("""REPORT_UDIFF REPORT_CDIFF REPORT_NDIFF
    REPORT_ONLY_FIRST_FAILURE FAIL_FAST""")
(REPORT_UDIFF, REPORT_CDIFF, REPORT_NDIFF, REPORT_ONLY_FIRST_FAILURE,
 FAIL_FAST) = _REPORTING
REPORTING_FLAGS = _union(_REPORTING)

BLANKLINE_MARKER = '<BLANKLINE>'
ELLIPSIS_MARKER = '...'

_RESULT_NAME = '__doctest_result__'
_DIVIDER = '*' * 70


class TestResults:
    """(failed, attempted), as CPython's named tuple."""

    def __init__(self, failed, attempted):
        self.failed = failed
        self.attempted = attempted

    def __iter__(self):
        return iter((self.failed, self.attempted))

    def __len__(self):
        return 2

    def __getitem__(self, index):
        return (self.failed, self.attempted)[index]

    def __eq__(self, other):
        try:
            return tuple(self) == tuple(other)
        except TypeError:
            return NotImplemented

    def __ne__(self, other):
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self):
        return hash((self.failed, self.attempted))

    def __repr__(self):
        return 'TestResults(failed=%r, attempted=%r)' % (self.failed, self.attempted)


# ---- small text helpers ---------------------------------------------------------------------

def _lines(text):
    """text split into lines, each keeping its '\\n' (as str.splitlines(True) for '\\n')."""
    pieces = text.split('\n')
    result = [piece + '\n' for piece in pieces[:-1]]
    if pieces[-1]:
        result.append(pieces[-1])
    return result


def _indent(text, indent=4):
    """Every line of text indented by `indent` spaces."""
    pad = ' ' * indent
    return ''.join(pad + line for line in _lines(text))


def _newline_ended(text):
    return text if text.endswith('\n') else text + '\n'


def _fresh_namespace(base, extra):
    """A new dict of base's items (none if base is None) and extra's, with a
    `__name__` of '__main__' unless one was given."""
    namespace = {}
    if base is not None:
        namespace.update(base)
    if extra is not None:
        namespace.update(extra)
    namespace.setdefault('__name__', '__main__')
    return namespace


def _is_blank(line):
    return line.strip() == ''


def _exception_name(exc_type):
    name = getattr(exc_type, '__qualname__', None) or exc_type.__name__
    module = getattr(exc_type, '__module__', None)
    if module not in (None, '__main__', 'builtins'):
        name = module + '.' + name
    return name


def _exception_message(exc):
    """The last line of the traceback printed for exc: 'Type: detail\\n'."""
    name = _exception_name(type(exc))
    if isinstance(exc, SyntaxError) and getattr(exc, 'msg', None) is not None:
        detail = str(exc.msg)
    else:
        try:
            detail = str(exc)
        except BaseException:
            detail = '<exception str() failed>'
    if detail:
        return '%s: %s\n' % (name, detail)
    return name + '\n'


def _exception_traceback(exc):
    """A traceback text for an unexpected exception (pyrc keeps no frames for it)."""
    return 'Traceback (most recent call last):\n  ...\n' + _exception_message(exc)


class _SpoofOut:
    """Collects what the examples print; sys.stdout while they run."""

    def __init__(self):
        self._parts = []

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError('write() argument must be str, not %s' % type(text).__name__)
        self._parts.append(text)
        return len(text)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        pass

    def isatty(self):
        return False

    def getvalue(self):
        """What was written, ending with a newline if anything was."""
        text = ''.join(self._parts)
        if text and not text.endswith('\n'):
            text += '\n'
        return text

    def truncate(self, size=0):
        text = ''.join(self._parts)[:size]
        self._parts = [text] if text else []
        return size

    def seek(self, position, whence=0):
        return position


# ---- examples and tests -----------------------------------------------------------------

class Example:
    """One `>>>` example: its source, the expected output, and (if the expected output is a
    traceback) the expected exception line."""

    def __init__(self, source, want, exc_msg=None, lineno=0, indent=0, options=None):
        # Text fields always end in a newline; an empty `want` (no output) stays empty.
        self.source = _newline_ended(source)
        self.want = _newline_ended(want) if want else want
        self.exc_msg = exc_msg if exc_msg is None else _newline_ended(exc_msg)
        self.lineno, self.indent = lineno, indent
        self.options = options if options is not None else {}

    def _fields(self):
        return (self.source, self.want, self.lineno, self.indent, self.options, self.exc_msg)

    def __eq__(self, other):
        if type(self) is type(other):
            return self._fields() == other._fields()
        return NotImplemented

    def __ne__(self, other):
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self):
        return hash((self.source, self.want, self.lineno, self.indent, self.exc_msg))

    def __repr__(self):
        return '<Example %r>' % (self.source,)


class DocTest:
    """The examples of one docstring (or string), with the globals they run in."""

    def __init__(self, examples, globs, name, filename, lineno, docstring):
        if isinstance(examples, str):
            raise TypeError('DocTest no longer accepts str; use DocTestParser instead')
        self.name, self.filename, self.lineno = name, filename, lineno
        self.docstring, self.examples = docstring, examples
        self.globs = globs.copy()   # each test runs in its own copy

    def __repr__(self):
        count = len(self.examples)
        described = {0: 'no examples', 1: '1 example'}.get(count, '%d examples' % count)
        where = '%s:%s' % (self.filename, self.lineno)
        return '<%s %s from %s (%s)>' % (type(self).__name__, self.name, where, described)

    def _key(self):
        return (self.name, self.filename or '', -1 if self.lineno is None else self.lineno)

    def _identity_fields(self):
        return (self.examples, self.docstring, self.name, self.filename, self.lineno)

    def __eq__(self, other):
        if type(self) is type(other):
            return self._identity_fields() == other._identity_fields()
        return NotImplemented

    def __ne__(self, other):
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self):
        return hash((self.docstring, self.name, self.filename, self.lineno))

    def __lt__(self, other):
        if not isinstance(other, DocTest):
            return NotImplemented
        return self._key() < other._key()


# ---- parsing --------------------------------------------------------------------------------

def _is_prompt(stripped, prompt):
    """Whether a line (indentation removed) starts with the prompt '>>>' or '...', followed
    by a space or nothing."""
    if not stripped.startswith(prompt):
        return False
    rest = stripped[3:]
    return rest == '' or rest == '\n' or rest[0] == ' '


def _is_traceback_header(line):
    return (line.startswith('Traceback (most recent call last):')
            or line.startswith('Traceback (innermost last):'))


class DocTestParser:
    """Splits a docstring into text and Examples."""

    def parse(self, string, name='<string>'):
        """A list alternating text strings and Examples."""
        string = string.expandtabs()
        lines = string.split('\n')
        output = []
        text = []
        i = 0
        count = len(lines)
        while i < count:
            line = lines[i]
            stripped = line.lstrip(' ')
            if not _is_prompt(stripped, '>>>'):
                text.append(line)
                i += 1
                continue
            indent = len(line) - len(stripped)
            lineno = i
            if text:
                output.append('\n'.join(text) + '\n')
                text = []
            else:
                output.append('')
            source_lines = [line]
            i += 1
            while i < count:
                following = lines[i]
                if (following[:indent] == ' ' * indent
                        and _is_prompt(following[indent:], '...')):
                    source_lines.append(following)
                    i += 1
                else:
                    break
            want_lines = []
            while i < count:
                following = lines[i]
                if _is_blank(following):
                    break
                if _is_prompt(following.lstrip(' '), '>>>'):
                    break
                want_lines.append(following)
                i += 1
            self._check_prompt_blank(source_lines, indent, name, lineno)
            self._check_prefix(source_lines[1:], ' ' * indent + '.', name, lineno + 1)
            source = '\n'.join(sl[indent + 4:] for sl in source_lines)
            self._check_prefix(want_lines, ' ' * indent, name, lineno + len(source_lines))
            want = '\n'.join(wl[indent:] for wl in want_lines)
            if want_lines:
                want += '\n'
            exc_msg = self._exception_message(want)
            options = self._find_options(source, name, lineno + 1)
            if options and _is_blank(self._strip_directive_lines(source)):
                raise ValueError('line %r of the doctest for %s has an option directive on '
                                 'a line with no example: %r' % (lineno + 1, name, source))
            output.append(Example(source, want, exc_msg, lineno=lineno, indent=indent,
                                  options=options))
        if text:
            output.append('\n'.join(text))
        return output

    def get_examples(self, string, name='<string>'):
        return [piece for piece in self.parse(string, name) if isinstance(piece, Example)]

    def get_doctest(self, string, globs, name, filename, lineno):
        return DocTest(self.get_examples(string, name), globs, name, filename, lineno, string)

    # -- helpers

    def _check_prompt_blank(self, source_lines, indent, name, lineno):
        for i, line in enumerate(source_lines):
            if len(line) >= indent + 4 and line[indent + 3] != ' ':
                raise ValueError('line %r of the docstring for %s lacks blank after %s: %r'
                                 % (lineno + i + 1, name, line[indent:indent + 3], line))

    def _check_prefix(self, lines, prefix, name, lineno):
        for i, line in enumerate(lines):
            if line and not line.startswith(prefix):
                raise ValueError('line %r of the docstring for %s has inconsistent leading '
                                 'whitespace: %r' % (lineno + i + 1, name, line))

    def _exception_message(self, want):
        """If want is a traceback, its exception part (the lines after the header and the
        indented stack lines); else None."""
        want_lines = _lines(want)
        if not want_lines or not _is_traceback_header(want_lines[0]):
            return None
        i = 1
        while i < len(want_lines) and (want_lines[i][:1] in (' ', '\t')
                                       or want_lines[i].startswith('...')):
            i += 1
        if i >= len(want_lines):
            return None
        return ''.join(want_lines[i:])

    def _strip_directive_lines(self, source):
        kept = []
        for line in source.split('\n'):
            hash_at = line.find('#')
            if hash_at >= 0 and line[hash_at + 1:].lstrip().startswith('doctest:'):
                line = line[:hash_at]
            kept.append(line)
        return '\n'.join(kept)

    def _find_options(self, source, name, lineno):
        options = {}
        for line in source.split('\n'):
            start = 0
            while True:
                hash_at = line.find('#', start)
                if hash_at < 0:
                    break
                start = hash_at + 1
                rest = line[hash_at + 1:].lstrip()
                if not rest.startswith('doctest:'):
                    continue
                spec = rest[len('doctest:'):]
                if "'" in spec or '"' in spec:
                    continue
                for option in spec.replace(',', ' ').split():
                    if (option[:1] not in '+-' or len(option) < 2
                            or option[1:] not in OPTIONFLAGS_BY_NAME):
                        raise ValueError('line %r of the doctest for %s has an invalid '
                                         'option: %r' % (lineno, name, option))
                    options[OPTIONFLAGS_BY_NAME[option[1:]]] = option[0] == '+'
                break
        return options


# ---- finding --------------------------------------------------------------------------------

def _is_routine(value):
    kind = type(value).__name__
    return kind in ('function', 'builtin_function_or_method', 'method',
                    'method_descriptor', 'wrapper_descriptor', 'method-wrapper')


def _is_class(value):
    return isinstance(value, type)


def _is_module(value):
    return type(value).__name__ == 'module'


def _doc_of(value):
    try:
        doc = getattr(value, '__doc__', None)
    except Exception:
        return None
    return doc if isinstance(doc, str) else None


class DocTestFinder:
    """Collects the DocTests of an object: its docstring, and recursively those of the
    functions and classes it defines, and the values of a module's `__test__` dict."""

    def __init__(self, verbose=False, parser=None, recurse=True, exclude_empty=True):
        self._verbose = verbose
        self._parser = DocTestParser() if parser is None else parser
        self._recurse = recurse
        self._exclude_empty = exclude_empty

    def find(self, obj, name=None, module=None, globs=None, extraglobs=None):
        if name is None:
            name = getattr(obj, '__name__', None)
            if name is None:
                raise ValueError('DocTestFinder.find: name must be given when obj.__name__ '
                                 "doesn't exist: %r" % (type(obj),))
        if module is False:
            module = None
        elif module is None:
            module = obj if _is_module(obj) else _module_of(obj)
        filename = None if module is None else getattr(module, '__file__', None)
        if globs is None and module is not None:
            globs = module.__dict__
        globs = _fresh_namespace(globs, extraglobs)
        self._source_lines = None
        if filename:
            try:
                with open(filename) as source:
                    self._source_lines = source.read().split('\n')
            except (OSError, UnicodeError):
                self._source_lines = None
        tests = []
        self._find(tests, obj, name, module, globs, filename, {})
        tests.sort()
        return tests

    def _from_module(self, module, value):
        """Whether value belongs to module (anything does when there is no module)."""
        if module is None:
            return True
        home = getattr(value, '__module__', None)
        if _is_routine(value):
            # A function's globals tell its module best; fall back on __module__.
            namespace = getattr(value, '__globals__', None)
            return home == module.__name__ if namespace is None else namespace is module.__dict__
        if _is_class(value):
            return home == module.__name__
        # Wrappers found in a class dict count as the class's own.
        return (type(value).__name__ in ('staticmethod', 'classmethod', 'property')
                or home is None or home == module.__name__)

    def _find(self, tests, obj, name, module, globs, filename, seen):
        # `seen` holds the ids of objects already looked at (a class can be reached twice).
        key = id(obj)
        if key not in seen:
            seen[key] = 1
            found = self._get_test(obj, name, module, globs, filename)
            if found is not None:
                tests.append(found)
            if self._recurse:
                self._find_members(tests, obj, name, module, globs, filename, seen)

    def _find_members(self, tests, obj, name, module, globs, filename, seen):
        if _is_module(obj):
            for value_name, value in list(obj.__dict__.items()):
                if value_name == '__test__':
                    continue
                if ((_is_routine(value) or _is_class(value))
                        and self._from_module(module, value)):
                    self._find(tests, value, '%s.%s' % (name, value_name), module, globs,
                               filename, seen)
            test_dict = obj.__dict__.get('__test__', {})
            for value_name, value in list(test_dict.items()):
                if not isinstance(value_name, str):
                    raise ValueError('DocTestFinder.find: __test__ keys must be strings: %r'
                                     % (type(value_name),))
                if not (isinstance(value, str) or _is_routine(value) or _is_class(value)
                        or _is_module(value)):
                    raise ValueError('DocTestFinder.find: __test__ values must be strings, '
                                     'functions, methods, classes, or modules: %r'
                                     % (type(value),))
                self._find(tests, value, '%s.__test__.%s' % (name, value_name), module,
                           globs, filename, seen)
        elif _is_class(obj):
            for value_name, value in list(obj.__dict__.items()):
                kind = type(value).__name__
                if kind in ('staticmethod', 'classmethod'):
                    value = getattr(value, '__func__', value)
                if ((_is_routine(value) or _is_class(value) or kind == 'property')
                        and self._from_module(module, value)):
                    self._find(tests, value, '%s.%s' % (name, value_name), module, globs,
                               filename, seen)

    def _get_test(self, obj, name, module, globs, filename):
        if isinstance(obj, str):
            docstring = obj
        else:
            docstring = _doc_of(obj) or ''
        if self._exclude_empty and not docstring:
            return None
        lineno = None if isinstance(obj, str) else self._find_lineno(obj)
        return self._parser.get_doctest(docstring, globs, name, filename, lineno)

    def _find_lineno(self, obj):
        """The (0-based) line of obj's docstring in its file, else of its definition."""
        if _is_module(obj):
            return 0
        lines = getattr(self, '_source_lines', None)
        lineno = None
        if _is_class(obj) and lines:
            for i, line in enumerate(lines):
                text = line.lstrip()
                if text.startswith('class'):
                    rest = text[5:].lstrip()
                    after = rest[len(obj.__name__):len(obj.__name__) + 1]
                    if rest.startswith(obj.__name__) and not (after.isalnum() or after == '_'):
                        lineno = i
                        break
        function = getattr(obj, '__func__', obj)
        code = getattr(function, '__code__', None)
        first = getattr(code, 'co_firstlineno', None)
        if isinstance(first, int) and first > 0:
            lineno = first - 1
        if lineno is None:
            return None
        if not lines:
            return lineno + 1
        for i in range(lineno, len(lines)):
            if _starts_docstring(lines[i]):
                return i
        return lineno


def _starts_docstring(line):
    """Whether a source line opens a string literal at its start or after a ':'."""
    candidates = [line] + line.split(':')[1:]
    for text in candidates:
        text = text.lstrip()
        i = 0
        while i < len(text) and (text[i].isalnum() or text[i] == '_'):
            i += 1
        if text[i:i + 1] in ('"', "'"):
            return True
    return False


def _module_of(obj):
    name = getattr(obj, '__module__', None)
    if isinstance(name, str):
        return sys.modules.get(name)
    return None


# ---- checking output ------------------------------------------------------------------------

def _blank_lines_removed(text):
    """Lines of only whitespace made empty (what `<BLANKLINE>` stands for matches them)."""
    return '\n'.join('' if line.strip() == '' else line for line in text.split('\n'))


def _blankline_markers_removed(text):
    out = []
    for line in text.split('\n'):
        if line.startswith(BLANKLINE_MARKER) and line[len(BLANKLINE_MARKER):].strip() == '':
            line = ''
        out.append(line)
    return '\n'.join(out)


def _ellipsis_match(want, got):
    """Whether got matches want, where '...' in want matches any text."""
    if ELLIPSIS_MARKER not in want:
        return want == got
    fixed = want.split(ELLIPSIS_MARKER)
    head, middle, tail = fixed[0], fixed[1:-1], fixed[-1]
    # The text before the first marker and after the last one are anchored at the ends
    # of got; they may not overlap.
    if not (got.startswith(head) and got.endswith(tail)):
        return False
    low, high = len(head), len(got) - len(tail)
    if low > high:
        return False
    # Each piece in between is matched, left to right, as early as it can be.
    position = low
    for piece in middle:
        position = got.find(piece, position, high)
        if position == -1:
            return False
        position += len(piece)
    return True


_BOOLS_AS_INTS = (('1\n', 'True\n'), ('0\n', 'False\n'))


def _squeezed(text):
    """text with each run of whitespace made one space, and none at the ends."""
    return ' '.join(text.split())


class OutputChecker:
    def check_output(self, want, got, optionflags):
        """Whether the actual output `got` is acceptable for `want` under optionflags."""
        if want == got:
            return True
        if (want, got) in _BOOLS_AS_INTS and not optionflags & DONT_ACCEPT_TRUE_FOR_1:
            return True
        # Bring both texts to a canonical form, then compare once more.
        if not optionflags & DONT_ACCEPT_BLANKLINE:
            want, got = _blankline_markers_removed(want), _blank_lines_removed(got)
        if optionflags & NORMALIZE_WHITESPACE:
            want, got = _squeezed(want), _squeezed(got)
        if want == got:
            return True
        return bool(optionflags & ELLIPSIS) and _ellipsis_match(want, got)

    def output_difference(self, example, got, optionflags):
        want = example.want
        if not optionflags & DONT_ACCEPT_BLANKLINE:
            got = '\n'.join(BLANKLINE_MARKER if (line == '' and i < len(got.split('\n')) - 1)
                            else line for i, line in enumerate(got.split('\n')))
        if want:
            if got:
                return 'Expected:\n%sGot:\n%s' % (_indent(want), _indent(got))
            return 'Expected:\n%sGot nothing\n' % _indent(want)
        if got:
            return 'Expected nothing\nGot:\n%s' % _indent(got)
        return 'Expected nothing\nGot nothing\n'


def _exception_type_part(message):
    """'pkg.mod.Error: detail' -> 'Error' (for IGNORE_EXCEPTION_DETAIL)."""
    head = message.split('\n', 1)[0]
    head = head.split(':', 1)[0].strip()
    return head.rsplit('.', 1)[-1]


# ---- running --------------------------------------------------------------------------------

def _is_expression(source):
    """Whether source is one expression: `name = (source)` parses (in a block never run)."""
    body = _RESULT_NAME + ' = (\n' + source.rstrip('\n') + '\n)\n'
    probe = 'if 0:\n' + ''.join(' ' + line for line in _lines(body))
    try:
        exec(probe, {})
    except SyntaxError:
        return False
    return True


_COMPOUND_KEYWORDS = ('if', 'elif', 'else', 'for', 'while', 'with', 'def', 'class', 'try',
                      'except', 'finally', 'async', 'match', 'case')


def _simple_statements(source):
    """A one-line source of simple statements split at its top-level ';' (outside brackets,
    strings and comments); None for a compound statement or more than one line."""
    if '\n' in source.rstrip('\n') or ';' not in source:
        return None
    first = source.lstrip()
    words = first.split(None, 1)
    word = words[0].split(':', 1)[0].split('(', 1)[0] if words else ''
    if word in _COMPOUND_KEYWORDS or first.startswith('@'):
        return None
    pieces = []
    start = depth = 0
    i, n = 0, len(source)
    while i < n:
        c = source[i]
        if c == '#':
            break
        if c == '"' or c == "'":
            quote = source[i:i + 3] if source[i:i + 3] in (c * 3,) else c
            i += len(quote)
            while i < n and source[i:i + len(quote)] != quote:
                i += 2 if source[i] == '\\' else 1
            i += len(quote)
            continue
        if c in '([{':
            depth += 1
        elif c in ')]}':
            depth -= 1
        elif c == ';' and depth == 0:
            pieces.append(source[start:i])
            start = i + 1
        i += 1
    pieces.append(source[start:])
    pieces = [piece.strip() for piece in pieces]
    pieces = [piece for piece in pieces if piece and not piece.startswith('#')]
    return pieces if len(pieces) > 1 else None


def _run_source(source, globs):
    """Runs one example's source in globs; prints the repr of an expression's value (of
    each expression statement of a one-line `a; b` source), as the interactive prompt."""
    pieces = _simple_statements(source)
    if pieces is not None:
        # The whole line must parse before any of it runs.
        exec('if 0:\n ' + source.lstrip(), {})
        for piece in pieces:
            _run_source(piece + '\n', globs)
        return
    if _is_expression(source):
        exec(_RESULT_NAME + ' = (\n' + source.rstrip('\n') + '\n)\n', globs)
        value = globs.pop(_RESULT_NAME, None)
        if value is not None:
            print(repr(value))
        value = None
    else:
        exec(source, globs)


class DocTestRunner:
    """Runs DocTests, comparing each example's output with the expected one."""

    DIVIDER = _DIVIDER

    def __init__(self, checker=None, verbose=None, optionflags=0):
        self.optionflags = self.original_optionflags = optionflags
        # Verbose by default only when the script was started with -v.
        self._verbose = ('-v' in sys.argv) if verbose is None else verbose
        self._checker = checker if checker is not None else OutputChecker()
        self.tries = self.failures = self.skips = 0
        self._stats = {}              # test name -> (failures, tries, skips)
        self._fakeout = _SpoofOut()   # catches what each example prints

    # -- reporting (overridable)

    def report_start(self, out, test, example):
        if self._verbose:
            if example.want:
                out('Trying:\n' + _indent(example.source) + 'Expecting:\n'
                    + _indent(example.want))
            else:
                out('Trying:\n' + _indent(example.source) + 'Expecting nothing\n')

    def report_success(self, out, test, example, got):
        if self._verbose:
            out('ok\n')

    def report_failure(self, out, test, example, got):
        out(self._failure_header(test, example)
            + self._checker.output_difference(example, got, self.optionflags))

    def report_unexpected_exception(self, out, test, example, exc_info):
        out(self._failure_header(test, example) + 'Exception raised:\n'
            + _indent(_exception_traceback(exc_info[1])))

    def _failure_header(self, test, example):
        if not test.filename:
            location = 'Line %s, in %s' % (example.lineno + 1, test.name)
        else:
            known = None not in (test.lineno, example.lineno)
            line = test.lineno + example.lineno + 1 if known else '?'
            location = 'File "%s", line %s, in %s' % (test.filename, line, test.name)
        return '\n'.join((self.DIVIDER, location, 'Failed example:', _indent(example.source)))

    # -- running

    def run(self, test, compileflags=None, out=None, clear_globs=True):
        if out is None:
            out = sys.stdout.write
        saved_stdout = sys.stdout
        try:
            return self._run(test, out, saved_stdout)
        finally:
            sys.stdout = saved_stdout
            if clear_globs:
                test.globs.clear()

    def _run(self, test, out, saved_stdout):
        failures = tries = skips = 0
        original_flags = self.optionflags
        check = self._checker.check_output
        for example in test.examples:
            quiet = (self.optionflags & REPORT_ONLY_FIRST_FAILURE) and failures > 0
            self.optionflags = original_flags
            for flag, on in example.options.items():
                if on:
                    self.optionflags |= flag
                else:
                    self.optionflags &= ~flag
            if self.optionflags & SKIP:
                skips += 1
                continue
            tries += 1
            if not quiet:
                sys.stdout = saved_stdout
                self.report_start(out, test, example)
            self._fakeout.truncate(0)
            sys.stdout = self._fakeout
            exception = None
            try:
                _run_source(example.source, test.globs)
            except KeyboardInterrupt:
                raise
            except BaseException as error:
                exception = error
            finally:
                sys.stdout = saved_stdout
            got = self._fakeout.getvalue()
            self._fakeout.truncate(0)
            outcome = 'failure'
            if exception is None:
                if check(example.want, got, self.optionflags):
                    outcome = 'success'
            else:
                exc_msg = _exception_message(exception)
                if not quiet:
                    got += _exception_traceback(exception)
                if example.exc_msg is None:
                    outcome = 'boom'
                elif check(example.exc_msg, exc_msg, self.optionflags):
                    outcome = 'success'
                elif self.optionflags & IGNORE_EXCEPTION_DETAIL:
                    if (_exception_type_part(example.exc_msg)
                            == _exception_type_part(exc_msg)):
                        outcome = 'success'
            if outcome == 'success':
                if not quiet:
                    self.report_success(out, test, example, got)
            elif outcome == 'failure':
                if not quiet:
                    self.report_failure(out, test, example, got)
                failures += 1
            else:
                if not quiet:
                    self.report_unexpected_exception(
                        out, test, example, (type(exception), exception, None))
                failures += 1
            exception = None
            if failures and self.optionflags & FAIL_FAST:
                break
        self.optionflags = original_flags
        self._record(test, failures, tries, skips)
        return TestResults(failures, tries)

    def _record(self, test, failures, tries, skips):
        self._tally(test.name, failures, tries, skips)
        self.failures += failures
        self.tries += tries
        self.skips += skips

    def _tally(self, name, failures, tries, skips):
        before = self._stats.get(name, (0, 0, 0))
        self._stats[name] = (before[0] + failures, before[1] + tries, before[2] + skips)

    def merge(self, other):
        for name, counts in other._stats.items():
            self._tally(name, *counts)

    def summarize(self, verbose=None):
        """Prints the totals of every test run so far (per item when verbose); returns them
        as TestResults."""
        if verbose is None:
            verbose = self._verbose
        ordered = sorted(self._stats.items())
        without = [name for name, (_, tried, _) in ordered if not tried]
        clean = [(name, tried) for name, (bad, tried, _) in ordered if tried and not bad]
        broken = [(name, bad, tried) for name, (bad, tried, _) in ordered if tried and bad]
        attempted = sum(counts[1] for _, counts in ordered)
        failed = sum(counts[0] for _, counts in ordered)
        report = []
        if verbose and without:
            report.append('%d items had no tests:' % len(without))
            report.extend('    %s' % name for name in without)
        if verbose and clean:
            report.append('%d items passed all tests:' % len(clean))
            report.extend(' %3d tests in %s' % (tried, name) for name, tried in clean)
        if broken:
            report += [self.DIVIDER, '%d items had failures:' % len(broken)]
            report.extend(' %3d of %3d in %s' % (bad, tried, name)
                          for name, bad, tried in broken)
        if verbose:
            report.append('%d tests in %d items.' % (attempted, len(ordered)))
            report.append('%d passed and %d failed.' % (attempted - failed, failed))
        if failed:
            report.append('***Test Failed*** %d failures.' % failed)
        elif verbose:
            report.append('Test passed.')
        for line in report:
            print(line)
        return TestResults(failed, attempted)


class _ExampleProblem(Exception):
    """Base of the exceptions DebugRunner raises: they carry the test and the example."""

    def __init__(self, test, example, detail):
        Exception.__init__(self, test, example, detail)
        self.test, self.example = test, example

    def __str__(self):
        return str(self.test)


class DocTestFailure(_ExampleProblem):
    """Raised by DebugRunner when an example's output differs (`got` is the output)."""

    def __init__(self, test, example, got):
        _ExampleProblem.__init__(self, test, example, got)
        self.got = got


class UnexpectedException(_ExampleProblem):
    """Raised by DebugRunner when an example raises unexpectedly (`exc_info` as
    sys.exc_info())."""

    def __init__(self, test, example, exc_info):
        _ExampleProblem.__init__(self, test, example, exc_info)
        self.exc_info = exc_info


class DebugRunner(DocTestRunner):
    """Raises at the first failing example instead of reporting it."""

    def report_failure(self, out, test, example, got):
        raise DocTestFailure(test, example, got)

    def report_unexpected_exception(self, out, test, example, exc_info):
        raise UnexpectedException(test, example, exc_info)

    def run(self, test, compileflags=None, out=None, clear_globs=True):
        # The globals are kept while running, so whoever catches the exception can still
        # look at them; they are cleared only after a run that went through.
        outcome = DocTestRunner.run(self, test, compileflags, out, False)
        if clear_globs:
            test.globs.clear()
        return outcome


# ---- entry points ---------------------------------------------------------------------------

master = None


def _caller_module(depth):
    """The module of the function `depth` frames above the caller (the main module if
    unknown)."""
    name = None
    try:
        name = sys._getframe(depth + 1).f_globals.get('__name__')
    except Exception:
        name = None
    module = sys.modules.get(name) if name else None
    if module is None:
        module = sys.modules.get('__main__')
    return module


def _normalize_module(module, depth=2):
    """module itself, the module named so, or (None) that of the function `depth` frames up."""
    if module is None:
        return _caller_module(depth)
    if isinstance(module, str):
        __import__(module)
        return sys.modules[module]
    if _is_module(module):
        return module
    raise TypeError('Expected a module, string, or None')


def _run_tests(tests, raise_on_error, verbose, optionflags, report):
    """Runs tests with a new runner (a DebugRunner if raise_on_error), prints its summary if
    report, adds its counts to the module's `master` runner; TestResults."""
    global master
    runner_class = DebugRunner if raise_on_error else DocTestRunner
    runner = runner_class(verbose=verbose, optionflags=optionflags)
    for test in tests:
        runner.run(test)
    if report:
        runner.summarize()
    if master is not None:
        master.merge(runner)
    else:
        master = runner
    return TestResults(runner.failures, runner.tries)


def testmod(m=None, name=None, globs=None, verbose=None, report=True, optionflags=0,
            extraglobs=None, raise_on_error=False, exclude_empty=False):
    """Runs the examples of module m (the main module by default); TestResults."""
    module = sys.modules.get('__main__') if m is None else m
    if not _is_module(module):
        raise TypeError('testmod: module required; %r' % (module,))
    label = module.__name__ if name is None else name
    finder = DocTestFinder(exclude_empty=exclude_empty)
    found = finder.find(module, label, globs=globs, extraglobs=extraglobs)
    return _run_tests(found, raise_on_error, verbose, optionflags, report)


def _module_relative_path(module, path):
    if path.startswith('/'):
        raise ValueError('Module-relative files may not have absolute paths')
    base = getattr(module, '__file__', None) if module is not None else None
    if base:
        directory = base.rsplit('/', 1)[0] if '/' in base else '.'
    else:
        directory = sys.argv[0].rsplit('/', 1)[0] if '/' in (sys.argv[0] or '') else '.'
    return directory + '/' + path


def _load_file(filename, module_relative, package, encoding, depth):
    """(text, path) of a test file, its path taken relative to package's directory when
    module_relative."""
    if package is not None and not module_relative:
        raise ValueError('Package may only be specified for module-relative paths.')
    if module_relative:
        package = _normalize_module(package, depth + 1)
        filename = _module_relative_path(package, filename)
    if encoding is None:
        with open(filename) as source:
            text = source.read()
    else:
        with open(filename, encoding=encoding) as source:
            text = source.read()
    return text, filename


def testfile(filename, module_relative=True, name=None, package=None, globs=None,
             verbose=None, report=True, optionflags=0, extraglobs=None,
             raise_on_error=False, parser=None, encoding=None):
    """Runs the examples of a text file; TestResults."""
    text, filename = _load_file(filename, module_relative, package, encoding, 2)
    label = filename.rsplit('/', 1)[-1] if name is None else name
    if parser is None:
        parser = DocTestParser()
    test = parser.get_doctest(text, _fresh_namespace(globs, extraglobs), label, filename, 0)
    return _run_tests([test], raise_on_error, verbose, optionflags, report)


def run_docstring_examples(f, globs, verbose=False, name="NoName", compileflags=None,
                           optionflags=0):
    """Runs the examples in f's docstring (not those of its members), reporting failures."""
    runner = DocTestRunner(verbose=verbose, optionflags=optionflags)
    found = DocTestFinder(verbose=verbose, recurse=False).find(f, name, globs=globs)
    for test in found:
        runner.run(test, compileflags=compileflags)


# ---- unittest support -----------------------------------------------------------------------

_unittest_reportflags = 0


def set_unittest_reportflags(flags):
    """Sets the reporting flags used by DocTestCase (when it has none of its own); returns
    the old ones."""
    global _unittest_reportflags
    if flags & ~REPORTING_FLAGS:
        raise ValueError('Only reporting flags allowed', flags)
    previous, _unittest_reportflags = _unittest_reportflags, flags
    return previous


class DocTestCase(unittest.TestCase):
    """One DocTest as a unittest test."""

    def __init__(self, test, optionflags=0, setUp=None, tearDown=None, checker=None):
        unittest.TestCase.__init__(self)
        self._dt_test = test
        # The globals as they were at the start, put back after each run.
        self._dt_globs = test.globs.copy()
        self._dt_optionflags, self._dt_checker = optionflags, checker
        self._dt_setUp, self._dt_tearDown = setUp, tearDown

    def _call_hook(self, hook):
        if hook is not None:
            hook(self._dt_test)

    def setUp(self):
        self._call_hook(self._dt_setUp)

    def tearDown(self):
        self._call_hook(self._dt_tearDown)
        namespace = self._dt_test.globs
        namespace.clear()
        namespace.update(self._dt_globs)

    def runTest(self):
        flags = self._dt_optionflags
        if (flags & REPORTING_FLAGS) == 0:
            # No reporting flags of its own: take the module-wide ones.
            flags |= _unittest_reportflags
        runner = DocTestRunner(checker=self._dt_checker, verbose=False, optionflags=flags)
        runner.DIVIDER = '-' * 70
        collected = _SpoofOut()
        outcome = runner.run(self._dt_test, out=collected.write, clear_globs=False)
        if outcome.failed:
            raise self.failureException(self.format_failure(collected.getvalue()))

    def format_failure(self, err):
        test = self._dt_test
        lineno = 'unknown line number' if test.lineno is None else '%s' % test.lineno
        lname = test.name.split('.')[-1]
        return ('Failed doctest test for %s\n  File "%s", line %s, in %s\n\n%s'
                % (test.name, test.filename, lineno, lname, err))

    def debug(self):
        self.setUp()
        runner = DebugRunner(optionflags=self._dt_optionflags, checker=self._dt_checker,
                             verbose=False)
        runner.run(self._dt_test, clear_globs=False)
        self.tearDown()

    def id(self):
        return self._dt_test.name

    def _identity(self):
        return (type(self), self._dt_test.name)

    def _settings(self):
        return (self._dt_optionflags, self._dt_setUp, self._dt_tearDown, self._dt_checker)

    def __eq__(self, other):
        if type(self) is type(other):
            return self._dt_test == other._dt_test and self._settings() == other._settings()
        return NotImplemented

    def __hash__(self):
        return hash(self._settings())

    def shortDescription(self):
        return 'Doctest: ' + self._dt_test.name

    def __repr__(self):
        owner, _, last = self._dt_test.name.rpartition('.')
        return '%s (%s)' % (last, owner)

    __str__ = __repr__


class _DocTestSuite(unittest.TestSuite):
    # Keeps its tests after running them (unittest drops them by default).
    def _removeTestAtIndex(self, index):
        pass


class SkipDocTestCase(DocTestCase):
    """Stands in for a module's doctests when its docstrings were stripped."""

    def __init__(self, module):
        self.module = module
        DocTestCase.__init__(self, None)

    def shortDescription(self):
        return 'Skipping tests from %s' % self.module.__name__

    __str__ = shortDescription

    def setUp(self):
        self.skipTest('DocTestSuite will not work with -O2 and above')

    def test_skip(self):
        pass


def DocTestSuite(module=None, globs=None, extraglobs=None, test_finder=None, **options):
    """A unittest suite with one DocTestCase per docstring (or `__test__` entry) of
    module that has examples; module defaults to the caller's."""
    finder = DocTestFinder() if test_finder is None else test_finder
    module = _normalize_module(module)
    found = finder.find(module, globs=globs, extraglobs=extraglobs)
    # Tests without a file of their own are credited to the module's source file.
    source_file = getattr(module, '__file__', None)
    if source_file and source_file.endswith('.pyc'):
        source_file = source_file[:-1]
    suite = _DocTestSuite()
    for test in sorted(found):
        if not test.examples:
            continue
        if not test.filename:
            test.filename = source_file
        suite.addTest(DocTestCase(test, **options))
    return suite


class DocFileCase(DocTestCase):
    """A DocTestCase for the examples of a text file."""

    def format_failure(self, err):
        test = self._dt_test
        return 'Failed doctest test for %s\n  File "%s", line 0\n\n%s' % (
            test.name, test.filename, err)

    def id(self):
        return self._dt_test.name.replace('.', '_')

    def __str__(self):
        return self._dt_test.filename

    __repr__ = __str__


def DocFileTest(path, module_relative=True, package=None, globs=None, parser=None,
                encoding=None, **options):
    globs = {} if globs is None else globs.copy()
    text, path = _load_file(path, module_relative, package, encoding, 2)
    if '__file__' not in globs:
        globs['__file__'] = path
    name = path.rsplit('/', 1)[-1]
    parser = DocTestParser() if parser is None else parser
    return DocFileCase(parser.get_doctest(text, globs, name, path, 0), **options)


def DocFileSuite(*paths, **kw):
    """A unittest suite with one test per text file of examples."""
    suite = _DocTestSuite()
    if kw.get('module_relative', True) and kw.get('package') is None:
        kw['package'] = _caller_module(1)
    for path in paths:
        suite.addTest(DocFileTest(path, **kw))
    return suite


def script_from_examples(s):
    """The examples of s as a script: their source, with the other text (and expected
    output) as comments."""
    script = []
    for piece in DocTestParser().parse(s):
        if not isinstance(piece, Example):
            # Prose between examples becomes comments ('#' alone for a blank line).
            script += ['# ' + line if line.strip() else '#' for line in piece.split('\n')[:-1]]
            continue
        script.append(piece.source[:-1])
        if piece.want:
            script.append('# Expected:')
            script += ['## ' + line for line in piece.want.split('\n')[:-1]]
    first, stop = 0, len(script)
    while stop > first and script[stop - 1] == '#':
        stop -= 1
    while first < stop and script[first] == '#':
        first += 1
    return '\n'.join(script[first:stop]) + '\n'
