"""pyrc's `_csv` (CPython's is written in C, `Modules/_csv.c`), under CPython's own `csv.py`:
dialects and their checks, `reader` (the C parser's state machine, character by character)
and `writer` (its quoting rules), the dialect registry and `field_size_limit`.
"""

__version__ = "1.0"

QUOTE_MINIMAL, QUOTE_ALL, QUOTE_NONNUMERIC, QUOTE_NONE = range(4)

_dialects = {}
_field_limit = 128 * 1024


class Error(Exception):
    pass




class Dialect:
    """CSV dialect

The Dialect type records CSV parsing and generation options.
"""

    __slots__ = ('_delimiter', '_doublequote', '_escapechar', '_lineterminator',
                 '_quotechar', '_quoting', '_skipinitialspace', '_strict')

    def __new__(cls, dialect=None, **kwargs):
        for key in kwargs:
            if key not in ('delimiter', 'doublequote', 'escapechar', 'lineterminator',
                           'quotechar', 'quoting', 'skipinitialspace', 'strict'):
                raise TypeError("'%s' is an invalid keyword argument for Dialect()" % key)
        if dialect is not None:
            if isinstance(dialect, str):
                dialect = get_dialect(dialect)
            if (type(dialect) is Dialect and not kwargs and cls is Dialect):
                return dialect
        self = object.__new__(cls)

        def get(name, default):
            if name in kwargs:
                return kwargs[name]
            if dialect is not None and hasattr(dialect, name):
                return getattr(dialect, name)
            return default

        quoting = get('quoting', QUOTE_MINIMAL)
        if not isinstance(quoting, int):
            raise TypeError('"quoting" must be an integer')
        if quoting not in (QUOTE_MINIMAL, QUOTE_ALL, QUOTE_NONNUMERIC, QUOTE_NONE):
            raise TypeError('bad "quoting" value')
        delimiter = get('delimiter', ',')
        if delimiter is None or not isinstance(delimiter, str) or len(delimiter) != 1:
            if isinstance(delimiter, str) or delimiter is None:
                raise TypeError('"delimiter" must be a 1-character string')
            raise TypeError('"delimiter" must be string, not %s' % type(delimiter).__name__)
        quotechar = get('quotechar', '"')
        if quotechar is not None:
            if not isinstance(quotechar, str):
                raise TypeError('"quotechar" must be string or None, not %s'
                                % type(quotechar).__name__)
            if len(quotechar) != 1:
                raise TypeError('"quotechar" must be a 1-character string')
        elif quoting != QUOTE_NONE:
            raise TypeError('quotechar must be set if quoting enabled')
        escapechar = get('escapechar', None)
        if escapechar is not None:
            if not isinstance(escapechar, str):
                raise TypeError('"escapechar" must be string or None, not %s'
                                % type(escapechar).__name__)
            if len(escapechar) != 1:
                raise TypeError('"escapechar" must be a 1-character string')
        lineterminator = get('lineterminator', '\r\n')
        if not isinstance(lineterminator, str):
            raise TypeError('"lineterminator" must be a string')
        self._delimiter = delimiter
        self._doublequote = bool(get('doublequote', True))
        self._escapechar = escapechar
        self._lineterminator = lineterminator
        self._quotechar = quotechar
        self._quoting = quoting
        self._skipinitialspace = bool(get('skipinitialspace', False))
        self._strict = bool(get('strict', False))
        return self

    delimiter = property(lambda self: self._delimiter)
    doublequote = property(lambda self: self._doublequote)
    escapechar = property(lambda self: self._escapechar)
    lineterminator = property(lambda self: self._lineterminator)
    quotechar = property(lambda self: self._quotechar)
    quoting = property(lambda self: self._quoting)
    skipinitialspace = property(lambda self: self._skipinitialspace)
    strict = property(lambda self: self._strict)

    def __reduce_ex__(self, protocol):
        raise TypeError("cannot pickle '_csv.Dialect' instances")


def _make_dialect(dialect, kwargs):
    return Dialect(dialect, **kwargs)


def register_dialect(name, dialect=None, **kwargs):
    if not isinstance(name, str):
        raise TypeError("dialect name must be a string")
    _dialects[name] = _make_dialect(dialect, kwargs)


def unregister_dialect(name):
    if name not in _dialects:
        raise Error("unknown dialect")
    del _dialects[name]


def get_dialect(name):
    try:
        return _dialects[name]
    except (KeyError, TypeError):
        raise Error("unknown dialect") from None


def list_dialects():
    return list(_dialects)


def field_size_limit(*args):
    global _field_limit
    if len(args) > 1:
        raise TypeError('field_size_limit expected at most 1 argument, got %d' % len(args))
    old = _field_limit
    if args:
        if not isinstance(args[0], int):
            raise TypeError('"limit" must be an integer')
        _field_limit = args[0]
    return old


(START_RECORD, START_FIELD, ESCAPED_CHAR, IN_FIELD, IN_QUOTED_FIELD,
 ESCAPE_IN_QUOTED_FIELD, QUOTE_IN_QUOTED_FIELD, EAT_CRNL, AFTER_ESCAPED_CRNL) = range(9)


class Reader:
    """CSV reader

Reader objects are responsible for reading and parsing tabular data
in CSV format.
"""

    def __init__(self, iterable, dialect):
        self._input = iter(iterable)
        self.dialect = dialect
        self.line_num = 0
        self._fields = None
        self._field = []
        self._numeric = False
        self._state = START_RECORD

    def __iter__(self):
        return self

    def _save_field(self):
        field = ''.join(self._field)
        self._field = []
        if self._numeric:
            self._numeric = False
            field = float(field)
        self._fields.append(field)

    def _add_char(self, c):
        if len(self._field) >= _field_limit:
            raise Error("field larger than field limit (%d)" % _field_limit)
        self._field.append(c)

    def _process(self, c):
        d = self.dialect
        state = self._state
        if state == START_RECORD:
            if c == '\0':
                return
            if c == '\n' or c == '\r':
                self._state = EAT_CRNL
                return
            state = self._state = START_FIELD
        if state == START_FIELD:
            if c == '\n' or c == '\r' or c == '\0':
                self._save_field()
                self._state = START_RECORD if c == '\0' else EAT_CRNL
            elif c == d.quotechar and d.quoting != QUOTE_NONE:
                self._state = IN_QUOTED_FIELD
            elif c == d.escapechar:
                self._state = ESCAPED_CHAR
            elif c == ' ' and d.skipinitialspace:
                pass
            elif c == d.delimiter:
                self._save_field()
            else:
                if d.quoting == QUOTE_NONNUMERIC:
                    self._numeric = True
                self._add_char(c)
                self._state = IN_FIELD
        elif state == ESCAPED_CHAR:
            if c == '\n' or c == '\r':
                self._add_char(c)
                self._state = AFTER_ESCAPED_CRNL
                return
            if c == '\0':
                c = '\n'
            self._add_char(c)
            self._state = IN_FIELD
        elif state == AFTER_ESCAPED_CRNL:
            if c == '\0':
                return
            self._state = IN_FIELD
            self._process(c)
        elif state == IN_FIELD:
            if c == '\n' or c == '\r' or c == '\0':
                self._save_field()
                self._state = START_RECORD if c == '\0' else EAT_CRNL
            elif c == d.escapechar:
                self._state = ESCAPED_CHAR
            elif c == d.delimiter:
                self._save_field()
                self._state = START_FIELD
            else:
                self._add_char(c)
        elif state == IN_QUOTED_FIELD:
            if c == '\0':
                pass
            elif c == d.escapechar:
                self._state = ESCAPE_IN_QUOTED_FIELD
            elif c == d.quotechar and d.quoting != QUOTE_NONE:
                if d.doublequote:
                    self._state = QUOTE_IN_QUOTED_FIELD
                else:
                    self._state = IN_FIELD
            else:
                self._add_char(c)
        elif state == ESCAPE_IN_QUOTED_FIELD:
            if c == '\0':
                c = '\n'
            self._add_char(c)
            self._state = IN_QUOTED_FIELD
        elif state == QUOTE_IN_QUOTED_FIELD:
            if d.quoting != QUOTE_NONE and c == d.quotechar:
                self._add_char(c)
                self._state = IN_QUOTED_FIELD
            elif c == d.delimiter:
                self._save_field()
                self._state = START_FIELD
            elif c == '\n' or c == '\r' or c == '\0':
                self._save_field()
                self._state = START_RECORD if c == '\0' else EAT_CRNL
            elif not d.strict:
                self._add_char(c)
                self._state = IN_FIELD
            else:
                raise Error("'%c' expected after '%c'" % (d.delimiter, d.quotechar))
        elif state == EAT_CRNL:
            if c == '\n' or c == '\r':
                pass
            elif c == '\0':
                self._state = START_RECORD
            else:
                raise Error("new-line character seen in unquoted field - "
                            "do you need to open the file with newline=''?")

    def __next__(self):
        self._fields = []
        self._field = []
        self._numeric = False
        self._state = START_RECORD
        while True:
            try:
                line = next(self._input)
            except StopIteration:
                if self._field or self._state == IN_QUOTED_FIELD:
                    if self.dialect.strict:
                        raise Error("unexpected end of data")
                    self._save_field()
                    break
                raise
            if not isinstance(line, str):
                raise Error("iterator should return strings, not %.200s "
                            "(the file should be opened in text mode)" % type(line).__name__)
            self.line_num += 1
            for c in line:
                if c == '\0':
                    raise Error("line contains NUL")
                self._process(c)
            self._process('\0')
            if self._state == START_RECORD:
                break
        fields = self._fields
        self._fields = None
        return fields


class Writer:
    """CSV writer

Writer objects are responsible for generating tabular data
in CSV format from sequence input.
"""

    def __init__(self, fileobj, dialect):
        self._write = fileobj.write
        self.dialect = dialect

    def _quote(self, field, quoted):
        d = self.dialect
        special = (d.delimiter, d.quotechar, d.escapechar) + tuple(d.lineterminator)
        out = []
        for c in field:
            want_escape = False
            if c in special:
                if d.quoting == QUOTE_NONE:
                    want_escape = True
                else:
                    if c == d.quotechar:
                        if d.doublequote:
                            out.append(d.quotechar)
                        else:
                            want_escape = True
                    elif c == d.escapechar:
                        want_escape = True
                    if not want_escape:
                        quoted = True
                if want_escape:
                    if d.escapechar is None:
                        raise Error("need to escape, but no escapechar set")
                    out.append(d.escapechar)
            out.append(c)
        text = ''.join(out)
        if quoted:
            text = d.quotechar + text + d.quotechar
        return text

    def writerow(self, row):
        d = self.dialect
        try:
            iterator = iter(row)
        except TypeError:
            raise Error("iterable expected, not %s" % type(row).__name__) from None
        fields = []
        count = 0
        for field in iterator:
            count += 1
            if d.quoting == QUOTE_NONNUMERIC:
                # CPython's `PyNumber_Check`.
                kind = type(field)
                quoted = not (isinstance(field, (int, float, complex))
                              or hasattr(kind, '__index__') or hasattr(kind, '__float__')
                              or hasattr(kind, '__int__'))
            elif d.quoting == QUOTE_ALL:
                quoted = True
            else:
                quoted = False
            if field is None:
                text = ''
            elif isinstance(field, str):
                text = field
            else:
                text = str(field)
            fields.append(self._quote(text, quoted))
        if count == 0:
            if d.quoting == QUOTE_NONE:
                raise Error("single empty field record must be quoted")
        elif count == 1 and fields[0] == '':
            if d.quoting == QUOTE_NONE:
                raise Error("single empty field record must be quoted")
            fields[0] = d.quotechar * 2
        line = d.delimiter.join(fields) + d.lineterminator
        return self._write(line)

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def reader(csvfile, dialect='excel', **fmtparams):
    """csv_reader = reader(iterable [, dialect='excel']
                        [optional keyword args])
    for row in csv_reader:
        process(row)
"""
    return Reader(csvfile, _make_dialect(dialect, fmtparams))


def writer(fileobj, dialect='excel', **fmtparams):
    """csv_writer = csv.writer(fileobj [, dialect='excel']
                            [optional keyword args])
    for row in sequence:
        csv_writer.writerow(row)
"""
    if not hasattr(fileobj, 'write'):
        raise TypeError('argument 1 must have a "write" method')
    return Writer(fileobj, _make_dialect(dialect, fmtparams))
