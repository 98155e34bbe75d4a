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


def dedent(text):
    """Remove the whitespace that every non-blank line starts with.

    Only spaces and tabs count, compared as characters (a tab is not the same
    as spaces). Lines made only of spaces and tabs become empty.
    """
    lines = text.split('\n')
    margin = None
    for index in range(len(lines)):
        line = lines[index]
        indent = _leading_blanks(line)
        if len(indent) == len(line):
            lines[index] = ''           # blank line: normalized, not considered
            continue
        if margin is None:
            margin = indent
        elif indent.startswith(margin):
            pass
        elif margin.startswith(indent):
            margin = indent
        else:
            common = 0
            while common < len(margin) and common < len(indent) and margin[common] == indent[common]:
                common += 1
            margin = margin[:common]
    if margin:
        cut = len(margin)
        for index in range(len(lines)):
            if lines[index].startswith(margin):
                lines[index] = lines[index][cut:]
    return '\n'.join(lines)


def indent(text, prefix, predicate=None):
    """Put `prefix` before the lines of `text` (by default, the lines that are
    not only whitespace)."""
    out = []
    for line in _lines_keepends(text):
        if predicate is None:
            wanted = line.strip() != ''
        else:
            wanted = predicate(line)
        if wanted:
            out.append(prefix + line)
        else:
            out.append(line)
    return ''.join(out)


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


class TextWrapper:
    """Wraps paragraphs of text to a width; see `wrap` and `fill`."""

    unicode_whitespace_trans = None

    def __init__(self, width=70, initial_indent="", subsequent_indent="",
                 expand_tabs=True, replace_whitespace=True,
                 fix_sentence_endings=False, break_long_words=True,
                 drop_whitespace=True, break_on_hyphens=True, tabsize=8,
                 *, max_lines=None, placeholder=' [...]'):
        self.width = width
        self.initial_indent = initial_indent
        self.subsequent_indent = subsequent_indent
        self.expand_tabs = expand_tabs
        self.replace_whitespace = replace_whitespace
        self.fix_sentence_endings = fix_sentence_endings
        self.break_long_words = break_long_words
        self.drop_whitespace = drop_whitespace
        self.break_on_hyphens = break_on_hyphens
        self.tabsize = tabsize
        self.max_lines = max_lines
        self.placeholder = placeholder

    def _munge_whitespace(self, text):
        if self.expand_tabs:
            text = text.expandtabs(self.tabsize)
        if self.replace_whitespace:
            chars = []
            for ch in text:
                if ch in _WHITESPACE:
                    chars.append(' ')
                else:
                    chars.append(ch)
            text = ''.join(chars)
        return text

    def _split(self, text):
        """Chunks: runs of whitespace, and words (split at hyphens when
        break_on_hyphens)."""
        if self.break_on_hyphens:
            return _hyphen_chunks(text)
        chunks = []
        i = 0
        n = len(text)
        while i < n:
            j = i
            if text[i] in _WHITESPACE:
                while j < n and text[j] in _WHITESPACE:
                    j += 1
                chunks.append(text[i:j])
            else:
                while j < n and text[j] not in _WHITESPACE:
                    j += 1
                chunks.append(text[i:j])
            i = j
        return chunks

    def _fix_sentence_endings(self, chunks):
        i = 0
        while i < len(chunks) - 1:
            chunk = chunks[i]
            if chunks[i + 1] == ' ' and _sentence_end(chunk):
                chunks[i + 1] = '  '
                i += 2
            else:
                i += 1

    def _handle_long_word(self, reversed_chunks, cur_line, cur_len, width):
        if width < 1:
            space_left = 1
        else:
            space_left = width - cur_len
        if self.break_long_words:
            end = space_left
            chunk = reversed_chunks[-1]
            if self.break_on_hyphens and len(chunk) > space_left:
                hyphen = chunk.rfind('-', 0, space_left)
                if hyphen > 0 and chunk[:hyphen].strip('-') != '':
                    end = hyphen + 1
            cur_line.append(chunk[:end])
            reversed_chunks[-1] = chunk[end:]
        elif not cur_line:
            cur_line.append(reversed_chunks.pop())

    def _wrap_chunks(self, chunks):
        lines = []
        if self.width <= 0:
            raise ValueError("invalid width %r (must be > 0)" % self.width)
        if self.max_lines is not None:
            if self.max_lines > 1:
                indent = self.subsequent_indent
            else:
                indent = self.initial_indent
            if len(indent) + len(self.placeholder.lstrip()) > self.width:
                raise ValueError("placeholder too large for max width")
        chunks = chunks[::-1]
        while chunks:
            cur_line = []
            cur_len = 0
            if lines:
                indent = self.subsequent_indent
            else:
                indent = self.initial_indent
            width = self.width - len(indent)
            if self.drop_whitespace and chunks[-1].strip() == '' and lines:
                chunks.pop()
            while chunks:
                length = len(chunks[-1])
                if cur_len + length <= width:
                    cur_line.append(chunks.pop())
                    cur_len += length
                else:
                    break
            if chunks and len(chunks[-1]) > width:
                self._handle_long_word(chunks, cur_line, cur_len, width)
                cur_len = 0
                for piece in cur_line:
                    cur_len += len(piece)
            if self.drop_whitespace and cur_line and cur_line[-1].strip() == '':
                cur_len -= len(cur_line[-1])
                cur_line.pop()
            if cur_line:
                if (self.max_lines is None or len(lines) + 1 < self.max_lines or
                        (not chunks or self.drop_whitespace and len(chunks) == 1
                         and not chunks[0].strip()) and cur_len <= width):
                    lines.append(indent + ''.join(cur_line))
                else:
                    while cur_line:
                        if (cur_line[-1].strip() and
                                cur_len + len(self.placeholder) <= width):
                            cur_line.append(self.placeholder)
                            lines.append(indent + ''.join(cur_line))
                            break
                        cur_len -= len(cur_line[-1])
                        cur_line.pop()
                    else:
                        if lines:
                            prev_line = lines[-1].rstrip()
                            if (len(prev_line) + len(self.placeholder) <=
                                    self.width):
                                lines[-1] = prev_line + self.placeholder
                                break
                        lines.append(indent + self.placeholder.lstrip())
                    break
        return lines

    def _split_chunks(self, text):
        return self._split(self._munge_whitespace(text))

    def wrap(self, text):
        chunks = self._split_chunks(text)
        if self.fix_sentence_endings:
            self._fix_sentence_endings(chunks)
        return self._wrap_chunks(chunks)

    def fill(self, text):
        return "\n".join(self.wrap(text))


def wrap(text, width=70, **kwargs):
    return TextWrapper(width=width, **kwargs).wrap(text)


def fill(text, width=70, **kwargs):
    return TextWrapper(width=width, **kwargs).fill(text)


def shorten(text, width, **kwargs):
    wrapper = TextWrapper(width=width, max_lines=1, **kwargs)
    return wrapper.fill(' '.join(text.strip().split()))
