"""pyrc's `warnings` (kept: CPython's `warnings.py` now imports and filters under pyrc, but
finds a warning's line through `sys._getframe(n).f_lineno`, which pyrc's frame objects fix
at the line where the frame object was first made, so its locations would be wrong): warn() with CPython's default filters (Deprecation,
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
    """The record of one warning, as handed to showwarning()-style hooks and
    collected by catch_warnings(record=True)."""

    _WARNING_DETAILS = ('message', 'category', 'filename', 'lineno', 'file', 'line', 'source')

    def __init__(self, message, category, filename, lineno, file=None, line=None,
                 source=None):
        values = (message, category, filename, lineno, file, line, source)
        for field, value in zip(self._WARNING_DETAILS, values):
            setattr(self, field, value)
        self._category_name = category.__name__ if category else None

    def __str__(self):
        return ("{message : %r, category : %r, filename : %r, lineno : %s, line : %r}"
                % (self.message, self._category_name, self.filename, self.lineno, self.line))


def formatwarning(message, category, filename, lineno, line=None):
    """'file:line: Category: message', then the source line if there is one."""
    where = "%s:%s" % (filename, lineno)
    shown = ["%s: %s: %s\n" % (where, category.__name__, message)]
    if line:
        shown.append("  " + line.strip() + "\n")
    return ''.join(shown)


def _showwarnmsg_impl(msg):
    target = sys.stderr if msg.file is None else msg.file
    if target is None:
        return          # no stderr: nowhere to report
    report = formatwarning(msg.message, msg.category, msg.filename, msg.lineno, msg.line)
    try:
        target.write(report)
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
    """Install a filter tuple: at the front (moving an equal one there), or,
    with append, at the back unless an equal one is already present."""
    if append:
        if item not in filters:
            filters.append(item)
    else:
        if item in filters:
            filters.remove(item)
        filters.insert(0, item)
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


def _module_name_for(filename):
    """The module name a warning is matched against when none is given: the
    file name without its .py suffix."""
    name = filename or "<unknown>"
    return name[:-3] if name.endswith('.py') else name


def warn_explicit(message, category, filename, lineno, module=None, registry=None,
                  module_globals=None, source=None):
    if module is None:
        module = _module_name_for(filename)
    if isinstance(message, Warning):
        text, category = str(message), message.__class__
    else:
        text, message = message, category(message)
    action = _action_for(text, category, module, lineno)
    if action == 'ignore':
        return
    if action == 'error':
        raise message
    # once/module/default: report each distinct warning only once, where
    # "distinct" looks at more of its details the narrower the action.
    if action == 'once':
        seen, key = onceregistry, (text, category)
    elif action == 'module':
        seen, key = _shown, (text, category, module)
    elif action == 'default':
        seen, key = _shown, (text, category, module, lineno)
    else:
        seen = key = None
    if seen is not None:
        if seen.get(key):
            return
        seen[key] = 1
    _showwarnmsg(WarningMessage(message, category, filename, lineno, source=source))


def warn(message, category=None, stacklevel=1, source=None):
    """Issue a warning (a Warning instance, or text plus a Warning class,
    UserWarning by default) through the filters."""
    if isinstance(message, Warning):
        category = message.__class__       # an instance decides its category
    elif category is None:
        category = UserWarning
    if not isinstance(category, type) or not issubclass(category, Warning):
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
        self._record, self._entered = record, False
        self._module = sys.modules[__name__] if module is None else module
        # simplefilter() arguments to apply on entry, if an action was given
        self._filter = None if action is None else (action, category, lineno, append)

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
