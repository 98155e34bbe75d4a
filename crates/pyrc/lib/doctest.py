"""pyrc's `doctest`: find `>>>` examples in docstrings and strings, run them, and compare
what they print with the expected output.

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
        if not source.endswith('\n'):
            source += '\n'
        if want and not want.endswith('\n'):
            want += '\n'
        if exc_msg is not None and not exc_msg.endswith('\n'):
            exc_msg += '\n'
        self.source = source
        self.want = want
        self.lineno = lineno
        self.indent = indent
        self.options = {} if options is None else options
        self.exc_msg = exc_msg

    def __eq__(self, other):
        if type(self) is not type(other):
            return NotImplemented
        return (self.source == other.source and self.want == other.want
                and self.lineno == other.lineno and self.indent == other.indent
                and self.options == other.options and self.exc_msg == other.exc_msg)

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
        self.examples = examples
        self.docstring = docstring
        self.globs = globs.copy()
        self.name = name
        self.filename = filename
        self.lineno = lineno

    def __repr__(self):
        if len(self.examples) == 0:
            examples = 'no examples'
        elif len(self.examples) == 1:
            examples = '1 example'
        else:
            examples = '%d examples' % len(self.examples)
        return '<%s %s from %s:%s (%s)>' % (type(self).__name__, self.name, self.filename,
                                            self.lineno, examples)

    def _key(self):
        return (self.name, self.filename or '', -1 if self.lineno is None else self.lineno)

    def __eq__(self, other):
        if type(self) is not type(other):
            return NotImplemented
        return (self.examples == other.examples and self.docstring == other.docstring
                and self.name == other.name and self.filename == other.filename
                and self.lineno == other.lineno)

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
        filename = None
        if module is not None:
            filename = getattr(module, '__file__', None)
        if globs is None:
            globs = {} if module is None else dict(module.__dict__)
        else:
            globs = globs.copy()
        if extraglobs is not None:
            globs.update(extraglobs)
        if '__name__' not in globs:
            globs['__name__'] = '__main__'
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
        if module is None:
            return True
        if _is_routine(value):
            function_globals = getattr(value, '__globals__', None)
            if function_globals is not None:
                return function_globals is module.__dict__
            return getattr(value, '__module__', None) == module.__name__
        if _is_class(value):
            return getattr(value, '__module__', None) == module.__name__
        if type(value).__name__ in ('staticmethod', 'classmethod', 'property'):
            return True
        return getattr(value, '__module__', None) in (None, module.__name__)

    def _find(self, tests, obj, name, module, globs, filename, seen):
        if id(obj) in seen:
            return
        seen[id(obj)] = 1
        test = self._get_test(obj, name, module, globs, filename)
        if test is not None:
            tests.append(test)
        if not self._recurse:
            return
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
    pieces = want.split(ELLIPSIS_MARKER)
    start, end = 0, len(got)
    first, last = pieces[0], pieces[-1]
    if first:
        if not got.startswith(first):
            return False
        start = len(first)
        pieces = pieces[1:]
    else:
        pieces = pieces[1:]
    if last:
        if not got.endswith(last):
            return False
        end = len(got) - len(last)
        pieces = pieces[:-1]
    else:
        pieces = pieces[:-1]
    if start > end:
        return False
    for piece in pieces:
        found = got.find(piece, start, end)
        if found < 0:
            return False
        start = found + len(piece)
    return True


class OutputChecker:
    def check_output(self, want, got, optionflags):
        if got == want:
            return True
        if not optionflags & DONT_ACCEPT_TRUE_FOR_1:
            if (got, want) in (('True\n', '1\n'), ('False\n', '0\n')):
                return True
        if not optionflags & DONT_ACCEPT_BLANKLINE:
            want = _blankline_markers_removed(want)
            got = _blank_lines_removed(got)
            if got == want:
                return True
        if optionflags & NORMALIZE_WHITESPACE:
            got = ' '.join(got.split())
            want = ' '.join(want.split())
            if got == want:
                return True
        if optionflags & ELLIPSIS:
            if _ellipsis_match(want, got):
                return True
        return False

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
        self._checker = OutputChecker() if checker is None else checker
        if verbose is None:
            verbose = '-v' in sys.argv
        self._verbose = verbose
        self.optionflags = optionflags
        self.original_optionflags = optionflags
        self.tries = 0
        self.failures = 0
        self.skips = 0
        self._stats = {}
        self._fakeout = _SpoofOut()

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
        out = [self.DIVIDER]
        if test.filename:
            if test.lineno is not None and example.lineno is not None:
                lineno = test.lineno + example.lineno + 1
            else:
                lineno = '?'
            out.append('File "%s", line %s, in %s' % (test.filename, lineno, test.name))
        else:
            out.append('Line %s, in %s' % (example.lineno + 1, test.name))
        out.append('Failed example:')
        out.append(_indent(example.source))
        return '\n'.join(out)

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
        old = self._stats.get(test.name, (0, 0, 0))
        self._stats[test.name] = (old[0] + failures, old[1] + tries, old[2] + skips)
        self.failures += failures
        self.tries += tries
        self.skips += skips

    def summarize(self, verbose=None):
        if verbose is None:
            verbose = self._verbose
        notests, passed, failed = [], [], []
        total_tries = total_failures = 0
        for name, (failures, tries, skips) in self._stats.items():
            total_tries += tries
            total_failures += failures
            if tries == 0:
                notests.append(name)
            elif failures == 0:
                passed.append((name, tries))
            else:
                failed.append((name, (failures, tries)))
        if verbose:
            if notests:
                print('%d items had no tests:' % len(notests))
                for name in sorted(notests):
                    print('    ' + name)
            if passed:
                print('%d items passed all tests:' % len(passed))
                for name, tries in sorted(passed):
                    print(' %3d tests in %s' % (tries, name))
        if failed:
            print(self.DIVIDER)
            print('%d items had failures:' % len(failed))
            for name, (failures, tries) in sorted(failed):
                print(' %3d of %3d in %s' % (failures, tries, name))
        if verbose:
            print('%d tests in %d items.' % (total_tries, len(self._stats)))
            print('%d passed and %d failed.' % (total_tries - total_failures, total_failures))
        if total_failures:
            print('***Test Failed*** %d failures.' % total_failures)
        elif verbose:
            print('Test passed.')
        return TestResults(total_failures, total_tries)

    def merge(self, other):
        for name, (failures, tries, skips) in other._stats.items():
            old = self._stats.get(name, (0, 0, 0))
            self._stats[name] = (old[0] + failures, old[1] + tries, old[2] + skips)


class DocTestFailure(Exception):
    """Raised by DebugRunner when an example's output differs."""

    def __init__(self, test, example, got):
        Exception.__init__(self, test, example, got)
        self.test = test
        self.example = example
        self.got = got

    def __str__(self):
        return str(self.test)


class UnexpectedException(Exception):
    """Raised by DebugRunner when an example raises unexpectedly."""

    def __init__(self, test, example, exc_info):
        Exception.__init__(self, test, example, exc_info)
        self.test = test
        self.example = example
        self.exc_info = exc_info

    def __str__(self):
        return str(self.test)


class DebugRunner(DocTestRunner):
    """Raises at the first failing example instead of reporting it."""

    def run(self, test, compileflags=None, out=None, clear_globs=True):
        result = DocTestRunner.run(self, test, compileflags, out, False)
        if clear_globs:
            test.globs.clear()
        return result

    def report_unexpected_exception(self, out, test, example, exc_info):
        raise UnexpectedException(test, example, exc_info)

    def report_failure(self, out, test, example, got):
        raise DocTestFailure(test, example, got)


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


def testmod(m=None, name=None, globs=None, verbose=None, report=True, optionflags=0,
            extraglobs=None, raise_on_error=False, exclude_empty=False):
    """Runs the examples of module m (the main module by default); TestResults."""
    global master
    if m is None:
        m = sys.modules.get('__main__')
    if not _is_module(m):
        raise TypeError('testmod: module required; %r' % (m,))
    if name is None:
        name = m.__name__
    finder = DocTestFinder(exclude_empty=exclude_empty)
    if raise_on_error:
        runner = DebugRunner(verbose=verbose, optionflags=optionflags)
    else:
        runner = DocTestRunner(verbose=verbose, optionflags=optionflags)
    for test in finder.find(m, name, globs=globs, extraglobs=extraglobs):
        runner.run(test)
    if report:
        runner.summarize()
    if master is None:
        master = runner
    else:
        master.merge(runner)
    return TestResults(runner.failures, runner.tries)


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
    global master
    if package is not None and not module_relative:
        raise ValueError('Package may only be specified for module-relative paths.')
    text, filename = _load_file(filename, module_relative, package, encoding, 2)
    if name is None:
        name = filename.rsplit('/', 1)[-1]
    globs = {} if globs is None else globs.copy()
    if extraglobs is not None:
        globs.update(extraglobs)
    if '__name__' not in globs:
        globs['__name__'] = '__main__'
    if raise_on_error:
        runner = DebugRunner(verbose=verbose, optionflags=optionflags)
    else:
        runner = DocTestRunner(verbose=verbose, optionflags=optionflags)
    parser = DocTestParser() if parser is None else parser
    runner.run(parser.get_doctest(text, globs, name, filename, 0))
    if report:
        runner.summarize()
    if master is None:
        master = runner
    else:
        master.merge(runner)
    return TestResults(runner.failures, runner.tries)


def run_docstring_examples(f, globs, verbose=False, name="NoName", compileflags=None,
                           optionflags=0):
    """Runs the examples in f's docstring, reporting failures."""
    finder = DocTestFinder(verbose=verbose, recurse=False)
    runner = DocTestRunner(verbose=verbose, optionflags=optionflags)
    for test in finder.find(f, name, globs=globs):
        runner.run(test, compileflags=compileflags)


# ---- unittest support -----------------------------------------------------------------------

_unittest_reportflags = 0


def set_unittest_reportflags(flags):
    """Sets the reporting flags used by DocTestCase (when it has none of its own); returns
    the old ones."""
    global _unittest_reportflags
    if (flags & REPORTING_FLAGS) != flags:
        raise ValueError('Only reporting flags allowed', flags)
    old = _unittest_reportflags
    _unittest_reportflags = flags
    return old


class DocTestCase(unittest.TestCase):
    """One DocTest as a unittest test."""

    def __init__(self, test, optionflags=0, setUp=None, tearDown=None, checker=None):
        unittest.TestCase.__init__(self)
        self._dt_optionflags = optionflags
        self._dt_checker = checker
        self._dt_test = test
        self._dt_globs = test.globs.copy()
        self._dt_setUp = setUp
        self._dt_tearDown = tearDown

    def setUp(self):
        if self._dt_setUp is not None:
            self._dt_setUp(self._dt_test)

    def tearDown(self):
        test = self._dt_test
        if self._dt_tearDown is not None:
            self._dt_tearDown(test)
        test.globs.clear()
        test.globs.update(self._dt_globs)

    def runTest(self):
        test = self._dt_test
        optionflags = self._dt_optionflags
        if not (optionflags & REPORTING_FLAGS):
            optionflags |= _unittest_reportflags
        runner = DocTestRunner(optionflags=optionflags, checker=self._dt_checker,
                               verbose=False)
        runner.DIVIDER = '-' * 70
        report = _SpoofOut()
        failures, tries = runner.run(test, out=report.write, clear_globs=False)
        if failures:
            raise self.failureException(self.format_failure(report.getvalue()))

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

    def __eq__(self, other):
        if type(self) is not type(other):
            return NotImplemented
        return (self._dt_test == other._dt_test
                and self._dt_optionflags == other._dt_optionflags
                and self._dt_setUp == other._dt_setUp
                and self._dt_tearDown == other._dt_tearDown
                and self._dt_checker == other._dt_checker)

    def __hash__(self):
        return hash((self._dt_optionflags, self._dt_setUp, self._dt_tearDown,
                     self._dt_checker))

    def __repr__(self):
        name = self._dt_test.name.split('.')
        return '%s (%s)' % (name[-1], '.'.join(name[:-1]))

    __str__ = __repr__

    def shortDescription(self):
        return 'Doctest: ' + self._dt_test.name


class SkipDocTestCase(DocTestCase):
    def __init__(self, module):
        self.module = module
        DocTestCase.__init__(self, None)

    def setUp(self):
        self.skipTest('DocTestSuite will not work with -O2 and above')

    def test_skip(self):
        pass

    def shortDescription(self):
        return 'Skipping tests from %s' % self.module.__name__

    __str__ = shortDescription


class _DocTestSuite(unittest.TestSuite):
    def _removeTestAtIndex(self, index):
        pass


def DocTestSuite(module=None, globs=None, extraglobs=None, test_finder=None, **options):
    """A unittest suite with one DocTestCase per docstring (or `__test__` entry) of
    module that has examples; module defaults to the caller's."""
    if test_finder is None:
        test_finder = DocTestFinder()
    module = _normalize_module(module)
    tests = test_finder.find(module, globs=globs, extraglobs=extraglobs)
    suite = _DocTestSuite()
    for test in sorted(tests):
        if len(test.examples) == 0:
            continue
        if not test.filename:
            filename = getattr(module, '__file__', None)
            if filename and filename.endswith('.pyc'):
                filename = filename[:-1]
            test.filename = filename
        suite.addTest(DocTestCase(test, **options))
    return suite


class DocFileCase(DocTestCase):
    def id(self):
        return '_'.join(self._dt_test.name.split('.'))

    def __repr__(self):
        return self._dt_test.filename

    __str__ = __repr__

    def format_failure(self, err):
        return ('Failed doctest test for %s\n  File "%s", line 0\n\n%s'
                % (self._dt_test.name, self._dt_test.filename, err))


def DocFileTest(path, module_relative=True, package=None, globs=None, parser=None,
                encoding=None, **options):
    globs = {} if globs is None else globs.copy()
    if package is not None and not module_relative:
        raise ValueError('Package may only be specified for module-relative paths.')
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
    output = []
    for piece in DocTestParser().parse(s):
        if isinstance(piece, Example):
            output.append(piece.source[:-1])
            want = piece.want
            if want:
                output.append('# Expected:')
                output.extend('## ' + line for line in want.split('\n')[:-1])
        else:
            output.extend('# ' + line if line.strip() else '#'
                          for line in piece.split('\n')[:-1])
    while output and output[-1] == '#':
        output.pop()
    while output and output[0] == '#':
        output.pop(0)
    return '\n'.join(output) + '\n'
