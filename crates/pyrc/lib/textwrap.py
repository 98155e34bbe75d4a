"""pyrc's `textwrap`: dedent, indent, wrap, fill, shorten and TextWrapper,
written with string operations (pyrc has no `re`)."""

__all__ = ['TextWrapper', 'wrap', 'fill', 'dedent', 'indent', 'shorten']

_WHITESPACE = '\t\n\x0b\x0c\r '
_LINE_BREAKS = '\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029'


def _lines_keepends(text):
    """text.splitlines(keepends=True), written out."""
    lines = []
    start = 0
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in _LINE_BREAKS:
            if ch == '\r' and i + 1 < n and text[i + 1] == '\n':
                i += 1
            lines.append(text[start:i + 1])
            start = i + 1
        i += 1
    if start < n:
        lines.append(text[start:])
    return lines


def _leading_blanks(line):
    """The run of spaces and tabs that starts `line`."""
    i = 0
    while i < len(line) and line[i] in ' \t':
        i += 1
    return line[:i]


def _shared_start(strings):
    """The longest string every item of `strings` starts with ('' if none)."""
    if not strings:
        return ''
    shortest = min(strings, key=len)
    for pos, ch in enumerate(shortest):
        if any(other[pos] != ch for other in strings):
            return shortest[:pos]
    return shortest


def dedent(text):
    """Strip the margin of spaces and tabs shared by all non-blank lines.

    Tabs and spaces are compared literally; a line holding nothing but spaces
    and tabs comes out empty and does not take part in finding the margin.
    """
    rows = text.split('\n')
    margins = [_leading_blanks(row) for row in rows]
    blank = [len(m) == len(row) for m, row in zip(margins, rows)]
    cut = len(_shared_start([m for m, b in zip(margins, blank) if not b]))
    return '\n'.join(['' if b else row[cut:] for row, b in zip(rows, blank)])


def _has_text(line):
    return line.strip() != ''


def indent(text, prefix, predicate=None):
    """Prefix the lines of `text` chosen by `predicate` (default: those with
    something besides whitespace), keeping their line endings."""
    chosen = _has_text if predicate is None else predicate
    return ''.join([(prefix + line) if chosen(line) else line
                    for line in _lines_keepends(text)])


def _is_letter(ch):
    return ch == '_' or ch.isalpha()


def _is_word(ch):
    return ch == '_' or ch.isalnum()


def _is_word_punct(ch):
    return _is_word(ch) or ch in '!"\'&.,?'


def _at(text, i):
    """text[i], or '' outside the text."""
    if 0 <= i < len(text):
        return text[i]
    return ''


def _letter_at(text, i):
    ch = _at(text, i)
    return ch != '' and _is_letter(ch)


def _dashes_then_word(text, i):
    """Whether text[i:] is two or more '-' followed by a word character; returns
    the index after the dashes, or -1."""
    j = i
    while j < len(text) and text[j] == '-':
        j += 1
    if j - i >= 2 and j < len(text) and _is_word(text[j]):
        return j
    return -1


def _hyphen_chunks(text):
    """Split text into whitespace runs, words, and word pieces ending in a
    hyphen: a word breaks after a hyphen between letters ("well-" "known"), and
    before/after an em-dash ("--") between words."""
    chunks = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in _WHITESPACE:
            j = i
            while j < n and text[j] in _WHITESPACE:
                j += 1
            chunks.append(text[i:j])
            i = j
            continue
        if ch == '-' and i > 0 and _is_word_punct(text[i - 1]):
            j = _dashes_then_word(text, i)
            if j >= 0:
                chunks.append(text[i:j])
                i = j
                continue
        end = i + 1
        while True:
            if end >= n or text[end] in _WHITESPACE:
                break
            if text[end] == '-':
                # A hyphen ends the piece if two letters precede it, or a
                # letter-hyphen-letter, and a letter, optional hyphen, letter follow.
                before = ((_letter_at(text, end - 2) and _letter_at(text, end - 1)) or
                          (_letter_at(text, end - 3) and _at(text, end - 2) == '-'
                           and _letter_at(text, end - 1)))
                after = _letter_at(text, end + 1) and (
                    _letter_at(text, end + 2) or
                    (_at(text, end + 2) == '-' and _letter_at(text, end + 3)))
                if before and after:
                    end += 1
                    break
                if _is_word_punct(text[end - 1]) and _dashes_then_word(text, end) >= 0:
                    break
            end += 1
        chunks.append(text[i:end])
        i = end
    return chunks


def _sentence_end(chunk):
    """Whether chunk ends with a lowercase ASCII letter, then . ! or ?, then
    maybe a quote."""
    if chunk[-1:] in ('"', "'"):
        chunk = chunk[:-1]
    return (len(chunk) >= 2 and chunk[-1] in '.!?' and 'a' <= chunk[-2] <= 'z')


def _word_runs(text):
    """text cut into maximal runs of whitespace and of other characters."""
    runs = []
    start = 0
    for pos in range(1, len(text) + 1):
        if pos == len(text) or ((text[pos] in _WHITESPACE) !=
                                (text[start] in _WHITESPACE)):
            runs.append(text[start:pos])
            start = pos
    return runs


def _blank(chunk):
    return chunk.strip() == ''


# Settings a TextWrapper takes by position, in order, with their defaults.
_POSITIONAL_SETTINGS = (
    ('width', 70),
    ('initial_indent', ''),
    ('subsequent_indent', ''),
    ('expand_tabs', True),
    ('replace_whitespace', True),
    ('fix_sentence_endings', False),
    ('break_long_words', True),
    ('drop_whitespace', True),
    ('break_on_hyphens', True),
    ('tabsize', 8),
)


class TextWrapper:
    """Fills paragraphs to a maximum line width; the settings are plain
    attributes (see the module functions `wrap`, `fill` and `shorten`)."""

    unicode_whitespace_trans = None

    def __init__(self, *args, max_lines=None, placeholder=' [...]', **settings):
        if len(args) > len(_POSITIONAL_SETTINGS):
            raise TypeError('TextWrapper() takes at most %d positional arguments '
                            '(%d given)' % (len(_POSITIONAL_SETTINGS), len(args)))
        known = [name for name, _ in _POSITIONAL_SETTINGS]
        for name in settings:
            if name not in known:
                raise TypeError("TextWrapper() got an unexpected keyword "
                                "argument '%s'" % name)
            if known.index(name) < len(args):
                raise TypeError("TextWrapper() got multiple values for "
                                "argument '%s'" % name)
        for position, (name, default) in enumerate(_POSITIONAL_SETTINGS):
            if position < len(args):
                value = args[position]
            else:
                value = settings.get(name, default)
            setattr(self, name, value)
        self.max_lines = max_lines
        self.placeholder = placeholder

    # -- turning text into chunks

    def _munge_whitespace(self, text):
        if self.expand_tabs:
            text = text.expandtabs(self.tabsize)
        if not self.replace_whitespace:
            return text
        return ''.join([' ' if ch in _WHITESPACE else ch for ch in text])

    def _split(self, text):
        """Chunks: runs of whitespace, and words (split at hyphens when
        break_on_hyphens)."""
        if self.break_on_hyphens:
            return _hyphen_chunks(text)
        return _word_runs(text)

    def _split_chunks(self, text):
        return self._split(self._munge_whitespace(text))

    def _fix_sentence_endings(self, chunks):
        """Widen the single space after a sentence end to two (in place)."""
        for pos in range(len(chunks) - 1):
            if chunks[pos + 1] == ' ' and _sentence_end(chunks[pos]):
                chunks[pos + 1] = '  '

    # -- laying chunks out in lines

    def _handle_long_word(self, reversed_chunks, cur_line, cur_len, width):
        """The next chunk (reversed_chunks[-1]) is wider than a line: put what
        fits of it on cur_line, or all of it when it may not be broken and the
        line is still empty."""
        word = reversed_chunks[-1]
        if not self.break_long_words:
            if not cur_line:
                cur_line.append(reversed_chunks.pop())
            return
        room = width - cur_len if width >= 1 else 1
        cut = room
        if self.break_on_hyphens and len(word) > room:
            dash = word.rfind('-', 0, room)
            if dash > 0 and word[:dash].strip('-'):
                cut = dash + 1
        cur_line.append(word[:cut])
        reversed_chunks[-1] = word[cut:]

    def _check_widths(self):
        if self.width <= 0:
            raise ValueError("invalid width %r (must be > 0)" % self.width)
        if self.max_lines is None:
            return
        first = self.subsequent_indent if self.max_lines > 1 else self.initial_indent
        if len(first) + len(self.placeholder.lstrip()) > self.width:
            raise ValueError("placeholder too large for max width")

    def _may_emit(self, done, todo, used, room):
        """Whether the line being built may be emitted as it is, under max_lines."""
        if self.max_lines is None or len(done) + 1 < self.max_lines:
            return True
        exhausted = not todo or (self.drop_whitespace and len(todo) == 1
                                 and _blank(todo[0]))
        return exhausted and used <= room

    def _close_with_placeholder(self, done, row, used, prefix, room):
        mark = self.placeholder
        while row:
            if not _blank(row[-1]) and used + len(mark) <= room:
                done.append(prefix + ''.join(row) + mark)
                return
            used -= len(row.pop())
        if done:
            previous = done[-1].rstrip()
            if len(previous) + len(mark) <= self.width:
                done[-1] = previous + mark
                return
        done.append(prefix + mark.lstrip())

    def _wrap_chunks(self, chunks):
        self._check_widths()
        todo = chunks[::-1]        # the next chunk is at the end
        done = []
        while todo:
            prefix = self.subsequent_indent if done else self.initial_indent
            room = self.width - len(prefix)
            if done and self.drop_whitespace and _blank(todo[-1]):
                todo.pop()
            row = []
            used = 0
            while todo and used + len(todo[-1]) <= room:
                used += len(todo[-1])
                row.append(todo.pop())
            if todo and len(todo[-1]) > room:
                self._handle_long_word(todo, row, used, room)
                used = sum([len(piece) for piece in row])
            if row and self.drop_whitespace and _blank(row[-1]):
                used -= len(row.pop())
            if not row:
                continue
            if self._may_emit(done, todo, used, room):
                done.append(prefix + ''.join(row))
            else:
                self._close_with_placeholder(done, row, used, prefix, room)
                break
        return done

    def wrap(self, text):
        chunks = self._split_chunks(text)
        if self.fix_sentence_endings:
            self._fix_sentence_endings(chunks)
        return self._wrap_chunks(chunks)

    def fill(self, text):
        return '\n'.join(self.wrap(text))


def wrap(text, width=70, **kwargs):
    return TextWrapper(width=width, **kwargs).wrap(text)


def fill(text, width=70, **kwargs):
    return TextWrapper(width=width, **kwargs).fill(text)


def shorten(text, width, **kwargs):
    collapsed = ' '.join(text.strip().split())
    return TextWrapper(width=width, max_lines=1, **kwargs).fill(collapsed)
