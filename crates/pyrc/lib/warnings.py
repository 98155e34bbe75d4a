"""pyrc's `warnings`: warn() with CPython's default filters (Deprecation,
PendingDeprecation, Import and Resource warnings ignored; others shown once
per message), filterwarnings/simplefilter/resetwarnings, and catch_warnings
(with record=True). Warnings are reported as "<file>:<line>: Category:
message" when the location is known, else as "sys:1: ..."."""

import sys

try:
    PendingDeprecationWarning = PendingDeprecationWarning
except NameError:
    class PendingDeprecationWarning(Warning):
        pass
try:
    ImportWarning = ImportWarning
except NameError:
    class ImportWarning(Warning):
        pass
try:
    SyntaxWarning = SyntaxWarning
except NameError:
    class SyntaxWarning(Warning):
        pass
try:
    FutureWarning = FutureWarning
except NameError:
    class FutureWarning(Warning):
        pass
try:
    BytesWarning = BytesWarning
except NameError:
    class BytesWarning(Warning):
        pass
try:
    UnicodeWarning = UnicodeWarning
except NameError:
    class UnicodeWarning(Warning):
        pass
try:
    EncodingWarning = EncodingWarning
except NameError:
    class EncodingWarning(Warning):
        pass

__all__ = ['warn', 'warn_explicit', 'showwarning', 'formatwarning', 'filterwarnings',
           'simplefilter', 'resetwarnings', 'catch_warnings']

_ACTIONS = ('error', 'ignore', 'always', 'default', 'module', 'once')

filters = []
defaultaction = 'default'
onceregistry = {}
_shown = {}


def _default_filters():
    return [('default', None, DeprecationWarning, '__main__', 0),
            ('ignore', None, DeprecationWarning, None, 0),
            ('ignore', None, PendingDeprecationWarning, None, 0),
            ('ignore', None, ImportWarning, None, 0),
            ('ignore', None, ResourceWarning, None, 0)]


filters.extend(_default_filters())


class WarningMessage:
    _WARNING_DETAILS = ('message', 'category', 'filename', 'lineno', 'file', 'line', 'source')

    def __init__(self, message, category, filename, lineno, file=None, line=None,
                 source=None):
        self.message = message
        self.category = category
        self.filename = filename
        self.lineno = lineno
        self.file = file
        self.line = line
        self.source = source
        self._category_name = category.__name__ if category else None

    def __str__(self):
        return ("{message : %r, category : %r, filename : %r, lineno : %s, line : %r}"
                % (self.message, self._category_name, self.filename, self.lineno, self.line))


def formatwarning(message, category, filename, lineno, line=None):
    text = "%s:%s: %s: %s\n" % (filename, lineno, category.__name__, message)
    if line:
        text += "  %s\n" % line.strip()
    return text


def _showwarnmsg_impl(msg):
    file = msg.file
    if file is None:
        file = sys.stderr
        if file is None:
            return
    text = formatwarning(msg.message, msg.category, msg.filename, msg.lineno, msg.line)
    try:
        file.write(text)
    except OSError:
        pass


def showwarning(message, category, filename, lineno, file=None, line=None):
    _showwarnmsg_impl(WarningMessage(message, category, filename, lineno, file, line))


_showwarning_orig = showwarning


def _showwarnmsg(msg):
    sw = sys.modules[__name__].showwarning
    if sw is not _showwarning_orig:
        sw(msg.message, msg.category, msg.filename, msg.lineno, msg.file, msg.line)
        return
    _showwarnmsg_impl(msg)


def _add_filter(item, append):
    if not append:
        try:
            filters.remove(item)
        except ValueError:
            pass
        filters.insert(0, item)
    elif item not in filters:
        filters.append(item)
    _shown.clear()


def filterwarnings(action, message="", category=Warning, module="", lineno=0, append=False):
    if action not in _ACTIONS:
        raise ValueError("invalid action: %r" % (action,))
    if not isinstance(lineno, int) or lineno < 0:
        raise ValueError("lineno must be an int >= 0")
    # Patterns are matched as literal prefixes (pyrc has no `re`).
    _add_filter((action, message.lower() if message else None, category,
                 module if module else None, lineno), append)


def simplefilter(action, category=Warning, lineno=0, append=False):
    if action not in _ACTIONS:
        raise ValueError("invalid action: %r" % (action,))
    _add_filter((action, None, category, None, lineno), append)


def resetwarnings():
    filters[:] = []
    _shown.clear()


def _action_for(text, category, module, lineno):
    for action, msg, cat, mod, ln in filters:
        if msg is not None and not text.lower().startswith(msg):
            continue
        if not issubclass(category, cat):
            continue
        if mod is not None and mod != module:
            continue
        if ln and ln != lineno:
            continue
        return action
    return defaultaction


def warn_explicit(message, category, filename, lineno, module=None, registry=None,
                  module_globals=None, source=None):
    if module is None:
        module = filename or "<unknown>"
        if module.endswith('.py'):
            module = module[:-3]
    if isinstance(message, Warning):
        text = str(message)
        category = message.__class__
    else:
        text = message
        message = category(message)
    action = _action_for(text, category, module, lineno)
    if action == 'ignore':
        return
    if action == 'error':
        raise message
    if action == 'once':
        key = (text, category)
        if onceregistry.get(key):
            return
        onceregistry[key] = 1
    elif action == 'module':
        key = (text, category, module)
        if _shown.get(key):
            return
        _shown[key] = 1
    elif action == 'default':
        key = (text, category, module, lineno)
        if _shown.get(key):
            return
        _shown[key] = 1
    _showwarnmsg(WarningMessage(message, category, filename, lineno, source=source))


def warn(message, category=None, stacklevel=1, source=None):
    if isinstance(message, Warning):
        category = message.__class__
    if category is None:
        category = UserWarning
    if not (isinstance(category, type) and issubclass(category, Warning)):
        raise TypeError("category must be a Warning subclass, not '%s'"
                        % type(category).__name__)
    # pyrc has no frame introspection: the location is unknown.
    warn_explicit(message, category, 'sys', 1, module='sys', source=source)


class catch_warnings:
    """with catch_warnings(record=False): the filters (and showwarning) are
    restored on exit; with record=True the context value is a list that
    receives every WarningMessage shown inside."""

    def __init__(self, *, record=False, module=None, action=None, category=Warning,
                 lineno=0, append=False):
        self._record = record
        self._module = sys.modules[__name__] if module is None else module
        self._entered = False
        if action is None:
            self._filter = None
        else:
            self._filter = (action, category, lineno, append)

    def __enter__(self):
        if self._entered:
            raise RuntimeError("Cannot enter %r twice" % self)
        self._entered = True
        module = self._module
        self._filters = module.filters
        module.filters = self._filters[:]
        self._saved_shown = dict(_shown)
        _shown.clear()
        self._showwarning = module.showwarning
        if self._filter is not None:
            simplefilter(*self._filter)
        if self._record:
            log = []
            self._saved_impl = module._showwarnmsg_impl
            module._showwarnmsg_impl = log.append
            module.showwarning = module._showwarning_orig
            return log
        return None

    def __exit__(self, *exc_info):
        if not self._entered:
            raise RuntimeError("Cannot exit %r without entering first" % self)
        module = self._module
        module.filters = self._filters
        _shown.clear()
        _shown.update(self._saved_shown)
        module.showwarning = self._showwarning
        if self._record:
            module._showwarnmsg_impl = self._saved_impl
        return False
