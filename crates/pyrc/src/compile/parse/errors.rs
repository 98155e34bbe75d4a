//! Turning the parser's errors into CPython 3.11's `SyntaxError`s, plus the
//! tokenizer-level checks CPython makes that the parser does not.
//!
//! The parser recovers from errors and reports all of them; CPython reports
//! one. We report the earliest parser error, except that (as in CPython)
//! tokenizer errors (bracket mismatches, too deep nesting, inconsistent tabs)
//! win over a later or a generic "invalid syntax" error, and a generic error
//! in a file with an unclosed bracket becomes "'(' was never closed".

use ruff_python_ast::token::{TokenKind, Tokens};
use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as rast};
use ruff_python_parser::{
    InterpolatedStringErrorType, LexicalErrorType, ParseError, ParseErrorType, Parsed,
    UnsupportedSyntaxError, UnsupportedSyntaxErrorKind,
};
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::{LineIndex, SyntaxError, SyntaxErrorKind, MAX_BRACKET_DEPTH, MAX_INDENT_LEVELS};

/// When a REPL should read more lines instead of reporting an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum MoreInput {
    /// Never: the error is definite.
    No,
    /// Always: the error is at the end of the input and the input is inside
    /// a bracket, a triple-quoted string or a backslash continuation.
    Yes,
    /// Only if the input has not been ended by an empty line: a block
    /// header without its block, a `try` without `except`, a decorator
    /// without its definition.
    UnlessBlankLine,
}

/// An error with byte offsets, before line/column resolution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct RawError {
    pub(super) kind: SyntaxErrorKind,
    pub(super) message: String,
    pub(super) range: TextRange,
    /// The message is CPython's catch-all "invalid syntax" (possibly with a
    /// hint): a tokenizer error anywhere, or an unclosed bracket, is
    /// reported instead, as CPython does.
    pub(super) generic: bool,
    pub(super) more_input: MoreInput,
    /// Report column 0, so that no caret is shown.
    pub(super) no_caret: bool,
}

impl RawError {
    pub(super) fn new(kind: SyntaxErrorKind, message: impl Into<String>, range: TextRange) -> Self {
        RawError {
            kind,
            message: message.into(),
            range,
            generic: false,
            more_input: MoreInput::No,
            no_caret: false,
        }
    }

    pub(super) fn syntax(message: impl Into<String>, range: TextRange) -> Self {
        Self::new(SyntaxErrorKind::Syntax, message, range)
    }

    fn generic(message: impl Into<String>, range: TextRange) -> Self {
        RawError { generic: true, ..Self::syntax(message, range) }
    }

    fn indentation(message: impl Into<String>, range: TextRange) -> Self {
        Self::new(SyntaxErrorKind::Indentation, message, range)
    }

    fn more(mut self, more_input: MoreInput) -> Self {
        self.more_input = more_input;
        self
    }

    /// The "needs more lines" error of the REPL.
    pub(super) fn incomplete(source: &str) -> Self {
        let end = TextSize::new(source.trim_end().len() as u32);
        Self::new(SyntaxErrorKind::Incomplete, "incomplete input", TextRange::empty(end))
    }

    /// The same error with its offsets moved right by `shift` bytes.
    pub(super) fn shifted(mut self, shift: u32) -> Self {
        self.range += TextSize::new(shift);
        self
    }

    pub(super) fn into_syntax_error(self, index: &LineIndex<'_>, filename: &str) -> SyntaxError {
        // Errors at the end of the input (in trailing blank lines or at
        // EOF) are shown on the last non-blank line, as CPython does.
        let last = end_of_last_line(index.source);
        let start = u32::from(self.range.start()).min(last);
        let end = u32::from(self.range.end()).clamp(start, last.max(start));
        let (line, mut column) = index.line_col(start);
        let (end_line, mut end_column) = index.line_col(end);
        if self.no_caret {
            column = 0;
            end_column = 0;
        }
        let source_line = index.line_text(line).map(|text| match text.find('\0') {
            Some(nul) => text[..nul].to_owned(),
            None => text.to_owned(),
        });
        SyntaxError {
            kind: self.kind,
            message: self.message,
            filename: filename.to_owned(),
            line,
            column,
            end_line,
            end_column,
            source_line,
        }
    }
}

/// The offset of the end of the last non-blank line (trailing blanks of
/// that line included, line terminator excluded).
fn end_of_last_line(source: &str) -> u32 {
    let t = source.trim_end().len();
    let rest = &source[t..];
    (t + rest.find(['\n', '\r']).unwrap_or(rest.len())) as u32
}

/// Checks made on the raw text before parsing.
pub(super) fn check_source(source: &str) -> Result<(), RawError> {
    if let Some(nul) = source.find('\0') {
        // CPython shows the line up to the NUL and no caret.
        let line_start = source[..nul].rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let mut e = RawError::syntax(
            "source code cannot contain null bytes",
            TextRange::empty(TextSize::new(line_start as u32)),
        );
        e.no_caret = true;
        return Err(e);
    }
    check_fstring_nesting(source)
}

/// CPython 3.11 cannot nest f-strings more than four deep (one level per
/// kind of quote). The parser accepts any depth but takes quadratic time on
/// deeply nested unterminated f-strings, so such input is rejected before
/// parsing, by a (linear) lexer pass that only runs when the text has many
/// f-string prefixes.
fn check_fstring_nesting(source: &str) -> Result<(), RawError> {
    const MAX_NESTING: usize = 4;
    let bytes = source.as_bytes();
    let mut prefixes = (1..bytes.len()).filter(|&i| {
        matches!(bytes[i - 1], b'f' | b'F' | b't' | b'T') && matches!(bytes[i], b'\'' | b'"')
    });
    if prefixes.clone().count() <= 16 * MAX_NESTING {
        return Ok(());
    }
    let mut lexer = ruff_python_parser::lexer::lex(source, ruff_python_parser::Mode::Module);
    let mut depth = 0usize;
    loop {
        match lexer.next_token() {
            TokenKind::FStringStart | TokenKind::TStringStart => {
                depth += 1;
                // The lexer does not expose positions: the n-th f-string
                // start is taken to be the n-th prefix in the text.
                let at = prefixes.next().map_or(0, |i| i - 1);
                if depth > MAX_NESTING {
                    return Err(RawError::syntax(
                        "f-string: expecting '}'",
                        TextRange::empty(TextSize::new(at as u32)),
                    ));
                }
            }
            TokenKind::FStringEnd | TokenKind::TStringEnd => depth = depth.saturating_sub(1),
            TokenKind::EndOfFile => return Ok(()),
            _ => {}
        }
    }
}

/// True when the source has nothing but blank lines and comments.
pub(super) fn only_blank_and_comments(source: &str) -> bool {
    source
        .lines()
        .map(|l| l.trim_start_matches([' ', '\t', '\x0c', '\r']))
        .all(|l| l.is_empty() || l.starts_with('#'))
}

/// True when REPL input (lines each terminated by `\n`) ends with an empty
/// line.
pub(super) fn ends_with_blank_line(source: &str) -> bool {
    let mut lines = source.rsplit('\n');
    let last = lines.next().unwrap_or("");
    match lines.next() {
        Some(previous) => last.trim().is_empty() && previous.trim().is_empty(),
        None => false,
    }
}

/// For [`super::parse_interactive`]: whether the error means "needs more
/// lines".
pub(super) fn wants_more_input(source: &str, err: &RawError) -> bool {
    match err.more_input {
        MoreInput::No => false,
        MoreInput::Yes => true,
        MoreInput::UnlessBlankLine => !ends_with_blank_line(source),
    }
}

/// For [`super::parse_interactive`] on valid input: whether the last
/// top-level statement is a compound statement not yet ended by an empty
/// line (CPython's REPL waits for one).
pub(super) fn open_compound_statement(source: &str, body: &[rast::Stmt]) -> bool {
    let compound = matches!(
        body.last(),
        Some(
            rast::Stmt::FunctionDef(_)
                | rast::Stmt::ClassDef(_)
                | rast::Stmt::If(_)
                | rast::Stmt::For(_)
                | rast::Stmt::While(_)
                | rast::Stmt::With(_)
                | rast::Stmt::Try(_)
                | rast::Stmt::Match(_)
        )
    );
    compound && !ends_with_blank_line(source)
}

/// The error to report for a parse, if any.
pub(super) fn first_error(source: &str, parsed: &Parsed<rast::Mod>) -> Option<RawError> {
    let ctx = Ctx { source, tokens: parsed.tokens(), parsed };
    let scan = scan_tokens(&ctx);
    let trimmed_len = TextSize::new(source.trim_end().len() as u32);

    enum First<'p> {
        Parse(&'p ParseError),
        Unsupported(&'p UnsupportedSyntaxError),
    }
    let mut first: Option<(TextSize, First<'_>)> = None;
    for e in parsed.errors() {
        if first.as_ref().is_none_or(|(s, _)| e.location.start() < *s) {
            first = Some((e.location.start(), First::Parse(e)));
        }
    }
    for e in parsed.unsupported_syntax_errors() {
        if first.as_ref().is_none_or(|(s, _)| e.range.start() < *s) {
            first = Some((e.range.start(), First::Unsupported(e)));
        }
    }
    let Some((_, first)) = first else {
        return scan.error;
    };

    // CPython tokenizes the rest of the file after a parser error, and a
    // tokenizer error found there replaces the parser's error.
    let first_tokenizer_error = parsed
        .errors()
        .iter()
        .filter(|e| is_tokenizer_error(&e.error))
        .min_by_key(|e| e.location.start())
        .map(|e| map_parse_error(&ctx, e));
    let tokenizer_error = match (scan.error, first_tokenizer_error) {
        (Some(a), Some(b)) => Some(if b.range.start() < a.range.start() { b } else { a }),
        (a, b) => a.or(b),
    };
    let ruff_start = match first {
        First::Parse(e) => e.location.start(),
        First::Unsupported(e) => e.range.start(),
    };
    let (m, at_eof, early_return) = match first {
        First::Parse(e) => (
            map_parse_error(&ctx, e),
            matches!(e.error, ParseErrorType::Lexical(LexicalErrorType::Eof))
                || e.location.start() >= last_significant_token_start(ctx.tokens),
            // CPython reports these without looking further.
            matches!(
                e.error,
                ParseErrorType::UnexpectedIndentation
                    | ParseErrorType::Lexical(LexicalErrorType::Eof)
            ),
        ),
        First::Unsupported(e) => (map_unsupported(&ctx, e), false, false),
    };
    if let Some(t) = tokenizer_error {
        if t.range.start() <= m.range.start() || !early_return {
            return Some(t);
        }
    }

    if let Some(open) = scan.never_closed {
        // A generic error where the parser ran into the end of the input
        // inside brackets, or any error on a line after the unclosed
        // bracket's line, is reported as the unclosed bracket.
        let more = if ruff_start >= trimmed_len { MoreInput::Yes } else { MoreInput::No };
        if (m.generic || m.message == EOF_MESSAGE) && at_eof {
            return Some(open.more(more));
        }
        if ctx.line_of(ruff_start) > ctx.line_of(open.range.start()) {
            return Some(open.more(more));
        }
    }
    Some(m)
}

/// Lexer errors that CPython's tokenizer (rather than its parser) reports.
/// (A stray printable ASCII character such as `$` is left to the parser by
/// CPython's tokenizer, hence a plain "invalid syntax".)
fn is_tokenizer_error(e: &ParseErrorType) -> bool {
    match e {
        ParseErrorType::Lexical(LexicalErrorType::UnrecognizedToken { tok }) => {
            !tok.is_ascii() || tok.is_ascii_control()
        }
        ParseErrorType::Lexical(
            LexicalErrorType::UnclosedStringError
            | LexicalErrorType::LineContinuationError
            | LexicalErrorType::OtherError(_),
        ) => true,
        _ => false,
    }
}

fn is_augmented_assign(kind: TokenKind) -> bool {
    matches!(
        kind,
        TokenKind::PlusEqual
            | TokenKind::MinusEqual
            | TokenKind::StarEqual
            | TokenKind::SlashEqual
            | TokenKind::PercentEqual
            | TokenKind::AmperEqual
            | TokenKind::VbarEqual
            | TokenKind::CircumflexEqual
            | TokenKind::LeftShiftEqual
            | TokenKind::RightShiftEqual
            | TokenKind::DoubleStarEqual
            | TokenKind::DoubleSlashEqual
            | TokenKind::AtEqual
    )
}

/// The start of the last token that is not trivia, a newline, an indent,
/// a dedent or the end of file.
fn last_significant_token_start(tokens: &Tokens) -> TextSize {
    tokens
        .iter()
        .rev()
        .find(|t| {
            !t.range().is_empty()
                && !matches!(
                    t.kind(),
                    TokenKind::Comment
                        | TokenKind::NonLogicalNewline
                        | TokenKind::Newline
                        | TokenKind::Indent
                        | TokenKind::Dedent
                        | TokenKind::EndOfFile
                )
        })
        .map_or(TextSize::new(0), |t| t.start())
}

const EOF_MESSAGE: &str = "unexpected EOF while parsing";

struct Ctx<'a> {
    source: &'a str,
    tokens: &'a Tokens,
    parsed: &'a Parsed<rast::Mod>,
}

impl Ctx<'_> {
    fn text(&self, range: TextRange) -> &str {
        self.source.get(range.start().to_usize()..range.end().to_usize()).unwrap_or("")
    }

    /// The 1-based line of an offset.
    fn line_of(&self, offset: TextSize) -> u32 {
        let offset = offset.to_usize().min(self.source.len());
        let bytes = &self.source.as_bytes()[..offset];
        let mut line = 1;
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => line += 1,
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => line += 1,
                _ => {}
            }
            i += 1;
        }
        line
    }

    /// The offset of the end of the line containing `offset` (before its
    /// terminator).
    fn line_end(&self, offset: TextSize) -> TextSize {
        let start = offset.to_usize().min(self.source.len());
        let end = self.source[start..].find(['\n', '\r']).map_or(self.source.len(), |i| start + i);
        TextSize::new(end as u32)
    }

    /// Significant tokens (no comments, newlines, indents) ending at or
    /// before `offset`, last first.
    fn tokens_before(&self, offset: TextSize) -> impl Iterator<Item = &rast::token::Token> {
        let end = self.tokens.partition_point(|t| t.end() <= offset);
        self.tokens[..end].iter().rev().filter(|t| {
            !matches!(
                t.kind(),
                TokenKind::Comment
                    | TokenKind::NonLogicalNewline
                    | TokenKind::Indent
                    | TokenKind::Dedent
            )
        })
    }

    /// The innermost bracket open at `offset`.
    fn open_bracket_at(&self, offset: TextSize) -> Option<TokenKind> {
        let mut stack = Vec::new();
        for t in self.tokens.iter().take_while(|t| t.start() < offset) {
            match t.kind() {
                TokenKind::Lpar | TokenKind::Lsqb | TokenKind::Lbrace => stack.push(t.kind()),
                TokenKind::Rpar | TokenKind::Rsqb | TokenKind::Rbrace => {
                    stack.pop();
                }
                _ => {}
            }
        }
        stack.pop()
    }

    /// Just past the end of the outermost f-string containing `offset` (the
    /// end of its line if it is not terminated).
    fn fstring_end(&self, offset: TextSize) -> TextSize {
        let mut open: Vec<TextSize> = Vec::new();
        let mut found = None;
        for t in self.tokens.iter() {
            match t.kind() {
                TokenKind::FStringStart => open.push(t.start()),
                TokenKind::FStringEnd => {
                    if let Some(s) = open.pop() {
                        if s <= offset && offset < t.end() {
                            found = Some(t.end());
                        }
                    }
                }
                _ => {}
            }
            if t.start() > offset && open.is_empty() {
                break;
            }
        }
        found.unwrap_or_else(|| self.line_end(offset))
    }

    /// The start of the logical line containing `offset`.
    fn logical_line_start(&self, offset: TextSize) -> TextSize {
        let before = self.tokens.partition_point(|t| t.start() < offset);
        let mut start = None;
        for t in self.tokens[..before].iter().rev() {
            match t.kind() {
                TokenKind::Newline | TokenKind::Indent | TokenKind::Dedent => break,
                TokenKind::Comment | TokenKind::NonLogicalNewline => {}
                _ => start = Some(t.start()),
            }
        }
        start.unwrap_or(offset)
    }
}

/// Results of the token scan.
struct Scan {
    /// The first tokenizer-level error.
    error: Option<RawError>,
    /// "'(' was never closed" for the innermost bracket open at the end.
    never_closed: Option<RawError>,
}

fn closing_for(open: TokenKind) -> TokenKind {
    match open {
        TokenKind::Lpar => TokenKind::Rpar,
        TokenKind::Lsqb => TokenKind::Rsqb,
        _ => TokenKind::Rbrace,
    }
}

fn bracket_char(kind: TokenKind) -> char {
    match kind {
        TokenKind::Lpar => '(',
        TokenKind::Rpar => ')',
        TokenKind::Lsqb => '[',
        TokenKind::Rsqb => ']',
        TokenKind::Lbrace => '{',
        _ => '}',
    }
}

/// CPython's tokenizer checks: bracket matching and depth, and the
/// consistency of tabs and spaces in indentation (a line's indentation must
/// compare the same way to the enclosing levels whether a tab counts as 8
/// columns or as 1), and the number of indentation levels.
fn scan_tokens(ctx: &Ctx<'_>) -> Scan {
    let mut stack: Vec<(TokenKind, TextRange)> = Vec::new();
    // (column with tabs of 8, column with tabs of 1) of each open level.
    let mut indents: Vec<(u32, u32)> = vec![(0, 0)];
    let mut at_line_start = true;
    let mut error = None;
    // CPython 3.11 tokenizes an f-string as one string: brackets inside it
    // do not count.
    let mut fstring_depth = 0usize;
    for t in ctx.tokens.iter() {
        match t.kind() {
            TokenKind::FStringStart => fstring_depth += 1,
            TokenKind::FStringEnd => fstring_depth = fstring_depth.saturating_sub(1),
            _ => {}
        }
        match t.kind() {
            TokenKind::Newline => {
                at_line_start = true;
                continue;
            }
            TokenKind::NonLogicalNewline
            | TokenKind::Comment
            | TokenKind::Indent
            | TokenKind::Dedent
            | TokenKind::EndOfFile => continue,
            _ => {}
        }
        if at_line_start {
            at_line_start = false;
            if let Some(e) = check_indentation(ctx, t.start(), &mut indents) {
                error = Some(e);
                break;
            }
        }
        if fstring_depth > 0 {
            continue;
        }
        match t.kind() {
            TokenKind::Lpar | TokenKind::Lsqb | TokenKind::Lbrace => {
                if stack.len() >= MAX_BRACKET_DEPTH {
                    error = Some(RawError::syntax("too many nested parentheses", t.range()));
                    break;
                }
                stack.push((t.kind(), t.range()));
            }
            TokenKind::Rpar | TokenKind::Rsqb | TokenKind::Rbrace => match stack.pop() {
                None => {
                    error = Some(RawError::syntax(
                        format!("unmatched '{}'", bracket_char(t.kind())),
                        TextRange::empty(t.start()),
                    ));
                    break;
                }
                Some((open, open_range)) if closing_for(open) != t.kind() => {
                    let open_line = ctx.line_of(open_range.start());
                    let message = if open_line == ctx.line_of(t.start()) {
                        format!(
                            "closing parenthesis '{}' does not match opening parenthesis '{}'",
                            bracket_char(t.kind()),
                            bracket_char(open)
                        )
                    } else {
                        format!(
                            "closing parenthesis '{}' does not match opening parenthesis '{}' on line {}",
                            bracket_char(t.kind()),
                            bracket_char(open),
                            open_line
                        )
                    };
                    error = Some(RawError::syntax(message, TextRange::empty(t.start())));
                    break;
                }
                Some(_) => {}
            },
            _ => {}
        }
    }
    let never_closed = if error.is_none() {
        stack.last().map(|&(open, range)| {
            RawError::syntax(
                format!("'{}' was never closed", bracket_char(open)),
                TextRange::empty(range.start()),
            )
        })
    } else {
        None
    };
    Scan { error, never_closed }
}

fn check_indentation(
    ctx: &Ctx<'_>,
    token_start: TextSize,
    indents: &mut Vec<(u32, u32)>,
) -> Option<RawError> {
    let offset = token_start.to_usize();
    let line_start = ctx.source[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let ws = &ctx.source[line_start..offset];
    if !ws.chars().all(|c| matches!(c, ' ' | '\t' | '\x0c')) {
        return None;
    }
    let (mut col, mut alt) = (0u32, 0u32);
    for c in ws.chars() {
        match c {
            ' ' => {
                col += 1;
                alt += 1;
            }
            '\t' => {
                col = (col / 8 + 1) * 8;
                alt += 1;
            }
            _ => {
                col = 0;
                alt = 0;
            }
        }
    }
    let tab_error = || {
        RawError::new(
            SyntaxErrorKind::Tab,
            "inconsistent use of tabs and spaces in indentation",
            TextRange::empty(TextSize::new(line_start as u32)),
        )
    };
    let &(top_col, top_alt) = indents.last().expect("base level");
    if col == top_col {
        if alt != top_alt {
            return Some(tab_error());
        }
    } else if col > top_col {
        if alt <= top_alt {
            return Some(tab_error());
        }
        if indents.len() >= MAX_INDENT_LEVELS {
            return Some(RawError::indentation(
                "too many levels of indentation",
                TextRange::empty(token_start),
            ));
        }
        indents.push((col, alt));
    } else {
        while indents.len() > 1 && col < indents.last().expect("level").0 {
            indents.pop();
        }
        let &(top_col, top_alt) = indents.last().expect("base level");
        // A dedent to no known level is the parser's "unindent does not
        // match any outer indentation level".
        if col == top_col && alt != top_alt {
            return Some(tab_error());
        }
    }
    None
}

/// CPython's name for an expression in "cannot assign to %s" messages.
fn expr_name(e: &rast::Expr) -> &'static str {
    use rast::Expr as E;
    match e {
        E::Attribute(_) => "attribute",
        E::Subscript(_) => "subscript",
        E::Starred(_) => "starred",
        E::Name(_) => "name",
        E::List(_) => "list",
        E::Tuple(_) => "tuple",
        E::Lambda(_) => "lambda",
        E::Call(_) => "function call",
        E::BoolOp(_) | E::BinOp(_) | E::UnaryOp(_) => "expression",
        E::Generator(_) => "generator expression",
        E::Yield(_) | E::YieldFrom(_) => "yield expression",
        E::Await(_) => "await expression",
        E::ListComp(_) => "list comprehension",
        E::SetComp(_) => "set comprehension",
        E::DictComp(_) => "dict comprehension",
        E::Dict(_) => "dict literal",
        E::Set(_) => "set display",
        E::FString(_) | E::TString(_) => "f-string expression",
        E::NoneLiteral(_) => "None",
        E::BooleanLiteral(b) if b.value => "True",
        E::BooleanLiteral(_) => "False",
        E::EllipsisLiteral(_) => "ellipsis",
        E::StringLiteral(_) | E::BytesLiteral(_) | E::NumberLiteral(_) => "literal",
        E::Compare(_) => "comparison",
        E::If(_) => "conditional expression",
        E::Named(_) => "named expression",
        E::Slice(_) | E::IpyEscapeCommand(_) => "expression",
    }
}

/// Finds the expression with exactly `range`, and whether it is a whole
/// target of an assignment statement.
fn find_expr(parsed: &Parsed<rast::Mod>, range: TextRange) -> Option<(&rast::Expr, bool)> {
    struct Finder<'a> {
        range: TextRange,
        found: Option<(&'a rast::Expr, bool)>,
    }
    impl<'a> Visitor<'a> for Finder<'a> {
        fn visit_stmt(&mut self, stmt: &'a rast::Stmt) {
            if self.found.is_some() || !stmt.range().contains_range(self.range) {
                return;
            }
            if let rast::Stmt::Assign(assign) = stmt {
                if let Some(t) = assign.targets.iter().find(|t| t.range() == self.range) {
                    self.found = Some((t, true));
                    return;
                }
            }
            stacker::maybe_grow(64 * 1024, 1024 * 1024, || visitor::walk_stmt(self, stmt));
        }
        fn visit_expr(&mut self, expr: &'a rast::Expr) {
            if self.found.is_some() || !expr.range().contains_range(self.range) {
                return;
            }
            if expr.range() == self.range {
                self.found = Some((expr, false));
                return;
            }
            stacker::maybe_grow(64 * 1024, 1024 * 1024, || visitor::walk_expr(self, expr));
        }
    }
    let mut finder = Finder { range, found: None };
    match parsed.syntax() {
        rast::Mod::Module(m) => finder.visit_body(&m.body),
        rast::Mod::Expression(e) => finder.visit_expr(&e.body),
    }
    finder.found
}

/// The range of the innermost conditional expression that contains or ends
/// at `offset`.
fn innermost_if_expr(parsed: &Parsed<rast::Mod>, offset: TextSize) -> Option<TextRange> {
    struct Finder {
        offset: TextSize,
        found: Option<TextRange>,
    }
    impl<'a> Visitor<'a> for Finder {
        fn visit_expr(&mut self, expr: &'a rast::Expr) {
            let r = expr.range();
            if !(r.start() <= self.offset && self.offset <= r.end()) {
                return;
            }
            if let rast::Expr::If(i) = expr {
                // Without its `else`, the expression is `body if test`.
                let end = if i.orelse.range().is_empty() { i.test.range().end() } else { r.end() };
                self.found = Some(TextRange::new(r.start(), end));
            }
            stacker::maybe_grow(64 * 1024, 1024 * 1024, || visitor::walk_expr(self, expr));
        }
        fn visit_stmt(&mut self, stmt: &'a rast::Stmt) {
            let r = stmt.range();
            if r.start() <= self.offset && self.offset <= r.end() {
                stacker::maybe_grow(64 * 1024, 1024 * 1024, || visitor::walk_stmt(self, stmt));
            }
        }
    }
    let mut finder = Finder { offset, found: None };
    match parsed.syntax() {
        rast::Mod::Module(m) => finder.visit_body(&m.body),
        rast::Mod::Expression(e) => finder.visit_expr(&e.body),
    }
    finder.found
}

/// Whether CPython's `invalid_named_expression` rule would fire for this
/// target, adding "here. Maybe you meant '==' instead of '='?".
fn is_bitwise_or_like(e: &rast::Expr) -> bool {
    use rast::Expr as E;
    !matches!(
        e,
        E::List(_)
            | E::Tuple(_)
            | E::Generator(_)
            | E::Compare(_)
            | E::BoolOp(_)
            | E::If(_)
            | E::Lambda(_)
            | E::Named(_)
            | E::Starred(_)
            | E::Yield(_)
            | E::YieldFrom(_)
    ) && !matches!(e, E::UnaryOp(u) if u.op == rast::UnaryOp::Not)
}

/// An f-string error. CPython 3.11 parses f-strings after tokenizing them
/// as one string token, and reports most f-string errors just past the end
/// of that token.
fn fstring_error(e: &InterpolatedStringErrorType, ctx: &Ctx<'_>, range: TextRange) -> RawError {
    use InterpolatedStringErrorType as F;
    match e {
        F::UnterminatedString | F::UnterminatedTripleQuotedString => {
            // Reported at the start of the unterminated f-string.
            let start = ctx
                .tokens_before(range.start())
                .find(|t| t.kind() == TokenKind::FStringStart)
                .map_or(range.start(), |t| t.start());
            let message = if matches!(e, F::UnterminatedString) {
                fstring_message(e, ctx, TextRange::empty(start))
            } else {
                fstring_message(e, ctx, range)
            };
            let more =
                if matches!(e, F::UnterminatedString) { MoreInput::No } else { MoreInput::Yes };
            RawError::syntax(message, TextRange::empty(start)).more(more)
        }
        _ => RawError::syntax(
            fstring_message(e, ctx, range),
            TextRange::empty(ctx.fstring_end(range.start())),
        ),
    }
}

fn fstring_message(e: &InterpolatedStringErrorType, ctx: &Ctx<'_>, range: TextRange) -> String {
    use InterpolatedStringErrorType as F;
    match e {
        F::UnclosedLbrace => "f-string: expecting '}'".into(),
        F::InvalidConversionFlag | F::ConversionFlagNotImmediatelyAfterExclamation => {
            "f-string: invalid conversion character: expected 's', 'r', or 'a'".into()
        }
        F::SingleRbrace => "f-string: single '}' is not allowed".into(),
        F::UnterminatedString => {
            format!("unterminated string literal (detected at line {})", ctx.line_of(range.start()))
        }
        F::UnterminatedTripleQuotedString => format!(
            "unterminated triple-quoted string literal (detected at line {})",
            ctx.line_of(range.end().min(TextSize::new(ctx.source.trim_end().len() as u32)))
        ),
        F::LambdaWithoutParentheses => {
            "f-string: lambda expressions are not allowed without parentheses".into()
        }
        F::NewlineInFormatSpec => {
            "f-string: newlines are not allowed in format specifiers for single quoted f-strings"
                .into()
        }
    }
}

fn map_parse_error(ctx: &Ctx<'_>, e: &ParseError) -> RawError {
    use ParseErrorType as P;
    let range = e.location;
    let start = range.start();
    match &e.error {
        P::Lexical(lex) => map_lexical_error(ctx, lex, range),
        P::ExpectedToken { expected, found } => match expected {
            TokenKind::Colon => {
                if ctx.open_bracket_at(start) == Some(TokenKind::Lbrace)
                    && matches!(found, TokenKind::Comma | TokenKind::Rbrace)
                {
                    // CPython points at the key (here: its last token).
                    let key = ctx.tokens_before(start).next().map_or(start, |t| t.start());
                    RawError::syntax("':' expected after dictionary key", TextRange::empty(key))
                } else {
                    RawError::syntax("expected ':'", TextRange::empty(start))
                }
            }
            _ if is_augmented_assign(*found) => {
                // `a, b += 1`: the parser stops at the operator.
                let line_start = ctx.logical_line_start(start);
                let end = ctx.tokens_before(start).next().map_or(start, |t| t.end());
                RawError::syntax(
                    "'tuple' is an illegal expression for augmented assignment",
                    TextRange::new(line_start, end.max(line_start)),
                )
            }
            TokenKind::Else => {
                // CPython underlines the whole `body if test`.
                let range = innermost_if_expr(ctx.parsed, start).unwrap_or(range);
                RawError::syntax("expected 'else' after 'if' expression", range)
            }
            TokenKind::Comma if ctx.open_bracket_at(start).is_some() => {
                // CPython underlines from the expression before the missing
                // comma (here: its last token) through the one after it.
                let from = ctx.tokens_before(start).next().map_or(start, |t| t.start());
                RawError::generic(
                    "invalid syntax. Perhaps you forgot a comma?",
                    TextRange::new(from, range.end()),
                )
            }
            _ => RawError::generic("invalid syntax", range),
        },
        P::ExpectedExpression => {
            let mut before = ctx.tokens_before(start);
            let fstring_field = matches!(before.next().map(|t| t.kind()), Some(TokenKind::Lbrace))
                && matches!(
                    before.next().map(|t| t.kind()),
                    Some(TokenKind::FStringStart | TokenKind::FStringMiddle | TokenKind::Rbrace)
                );
            let next = ctx.source[start.to_usize().min(ctx.source.len())..].chars().next();
            let end = TextRange::empty(ctx.fstring_end(start));
            if fstring_field && matches!(next, Some('}' | '!' | ':' | '=')) {
                RawError::syntax("f-string: empty expression not allowed", end)
            } else if fstring_field {
                RawError::syntax("f-string: expecting '}'", end)
            } else {
                RawError::generic("invalid syntax", range)
            }
        }
        P::SimpleStatementsOnSameLine => {
            let line_start = ctx.logical_line_start(start);
            let head = ctx.text(TextRange::new(line_start, start)).trim();
            if head == "print" || head == "exec" {
                let end = ctx.line_end(start);
                return RawError::syntax(
                    format!("Missing parentheses in call to '{head}'. Did you mean {head}(...)?"),
                    TextRange::new(line_start, end.max(line_start)),
                );
            }
            if let Some(prev) = ctx.tokens_before(start).next() {
                let next = ctx.source[start.to_usize().min(ctx.source.len())..].chars().next();
                if matches!(prev.kind(), TokenKind::Int | TokenKind::Float | TokenKind::Complex)
                    && prev.end() == start
                    && next.is_some_and(|c| c.is_alphanumeric() || c == '_')
                {
                    let number = ctx.text(prev.range()).to_ascii_lowercase();
                    let digit = next.filter(char::is_ascii_digit);
                    return match digit {
                        Some(d) if number.starts_with("0b") || number.starts_with("0o") => {
                            let kind = if number.starts_with("0b") { "binary" } else { "octal" };
                            RawError::syntax(
                                format!("invalid digit '{d}' in {kind} literal"),
                                TextRange::empty(start),
                            )
                        }
                        _ => RawError::syntax(
                            invalid_number_message(&number),
                            TextRange::empty(prev.start()),
                        ),
                    };
                }
            }
            RawError::generic("invalid syntax", range)
        }
        P::UnexpectedIndentation => RawError::indentation("unexpected indent", range),
        P::InvalidAssignmentTarget => match find_expr(ctx.parsed, range) {
            Some((target, direct)) => {
                let name = expr_name(target);
                let message = match target {
                    rast::Expr::BooleanLiteral(_) | rast::Expr::NoneLiteral(_) => {
                        format!("cannot assign to {name}")
                    }
                    rast::Expr::Yield(_) | rast::Expr::YieldFrom(_) if direct => {
                        "assignment to yield expression not possible".to_owned()
                    }
                    _ if direct && is_bitwise_or_like(target) => format!(
                        "cannot assign to {name} here. Maybe you meant '==' instead of '='?"
                    ),
                    _ => format!("cannot assign to {name}"),
                };
                RawError::syntax(message, range)
            }
            None => RawError::generic("invalid syntax", range),
        },
        P::InvalidAugmentedAssignmentTarget => match find_expr(ctx.parsed, range) {
            Some((target, _)) => RawError::syntax(
                format!(
                    "'{}' is an illegal expression for augmented assignment",
                    expr_name(target)
                ),
                range,
            ),
            None => RawError::generic("invalid syntax", range),
        },
        P::InvalidDeleteTarget => match find_expr(ctx.parsed, range) {
            Some((target, _)) => {
                RawError::syntax(format!("cannot delete {}", expr_name(target)), range)
            }
            None => RawError::generic("invalid syntax", range),
        },
        P::InvalidNamedAssignmentTarget => match find_expr(ctx.parsed, range) {
            Some((target, _)) => RawError::syntax(
                format!("cannot use assignment expressions with {}", expr_name(target)),
                range,
            ),
            None => RawError::generic("invalid syntax", range),
        },
        P::InvalidAnnotatedAssignmentTarget => {
            RawError::syntax("illegal target for annotation", range)
        }
        P::PositionalAfterKeywordArgument => {
            RawError::syntax("positional argument follows keyword argument", range)
        }
        P::PositionalAfterKeywordUnpacking => {
            RawError::syntax("positional argument follows keyword argument unpacking", range)
        }
        P::InvalidArgumentUnpackingOrder => RawError::syntax(
            "iterable argument unpacking follows keyword argument unpacking",
            TextRange::empty(start),
        ),
        P::IterableUnpackingInComprehension => {
            RawError::syntax("iterable unpacking cannot be used in comprehension", range)
        }
        P::UnparenthesizedGeneratorExpression => {
            RawError::syntax("Generator expression must be parenthesized", range)
        }
        P::NonDefaultParamAfterDefaultParam => {
            RawError::syntax("non-default argument follows default argument", range)
        }
        P::ParamAfterVarKeywordParam => {
            RawError::syntax("arguments cannot follow var-keyword argument", range)
        }
        P::VarParameterWithDefault => {
            // `*a=1` or `**k=1`: look at the stars before the name.
            let before = ctx.source[..start.to_usize().min(ctx.source.len())].trim_end();
            let param_start = before.rfind([',', '(']).map_or(0, |i| i + 1);
            let param = before[param_start..].trim_start();
            let message = if param.starts_with("**") {
                "var-keyword argument cannot have default value"
            } else {
                "var-positional argument cannot have default value"
            };
            RawError::syntax(message, range)
        }
        P::ExpectedKeywordParam => {
            let star = ctx
                .tokens_before(start)
                .find(|t| t.kind() == TokenKind::Star)
                .map_or(start, |t| t.start());
            RawError::syntax("named arguments must follow bare *", TextRange::empty(star))
        }
        P::FStringError(f) => fstring_error(f, ctx, range),
        P::OtherError(message) => map_other_error(ctx, message, range),
        P::InvalidStarredExpressionUsage => {
            // `(*a)` is "cannot use starred expression here"; a star after
            // an operator (`1 +* 2`, `{**a: 1}`) is plain invalid syntax.
            let after_operator = ctx.tokens_before(start).next().is_some_and(|t| {
                t.kind().is_arithmetic()
                    || t.kind().is_bitwise_or_shift()
                    || matches!(t.kind(), TokenKind::Lbrace)
            });
            if ctx.text(range).starts_with("**") || after_operator {
                RawError::generic("invalid syntax", TextRange::at(start, TextSize::new(1)))
            } else {
                RawError::syntax("cannot use starred expression here", range)
            }
        }
        P::UnparenthesizedNamedExpression
        | P::UnparenthesizedTupleExpression
        | P::InvalidLambdaExpressionUsage
        | P::InvalidYieldExpressionUsage
        | P::InvalidStarPatternUsage
        | P::InvalidMatchPatternTarget
        | P::EmptySlice
        | P::EmptyGlobalNames
        | P::EmptyNonlocalNames
        | P::EmptyDeleteTargets
        | P::EmptyImportNames
        | P::EmptyTypeParams
        | P::ExpectedRealNumber
        | P::ExpectedImaginaryNumber
        | P::SimpleAndCompoundStatementOnSameLine
        | P::UnexpectedTokenAfterAsync(_)
        | P::UnexpectedIpythonEscapeCommand
        | P::UnexpectedExpressionToken
        | P::StringAnnotationError(_)
        | P::TStringError(_) => RawError::generic("invalid syntax", range),
    }
}

fn map_other_error(ctx: &Ctx<'_>, message: &str, range: TextRange) -> RawError {
    let at_end = range.start() >= TextSize::new(ctx.source.trim_end().len() as u32);
    let block_more = if at_end { MoreInput::UnlessBlankLine } else { MoreInput::No };
    if let Some(clause) = message.strip_prefix("Expected an indented block after ") {
        let clause = match clause {
            "`if` statement" => "'if' statement",
            "`else` clause" => "'else' statement",
            "`elif` clause" => "'elif' statement",
            "`for` statement" => "'for' statement",
            "`with` statement" => "'with' statement",
            "`class` definition" => "class definition",
            "`while` statement" => "'while' statement",
            "function definition" => "function definition",
            "`case` block" => "'case' statement",
            "`match` statement" => "'match' statement",
            "`try` statement" => "'try' statement",
            "`except` clause" => "'except' statement",
            "`finally` clause" => "'finally' statement",
            other => other,
        };
        // The header is the logical line of the last `:` before the error.
        let colon = ctx
            .tokens_before(range.start())
            .find(|t| t.kind() == TokenKind::Colon)
            .map_or(range.start(), |t| t.start());
        let header_line = ctx.line_of(ctx.logical_line_start(colon));
        let range = if at_end || ctx.text(range).trim().is_empty() {
            TextRange::empty(range.start())
        } else {
            range
        };
        let mut e = RawError::indentation(
            format!("expected an indented block after {clause} on line {header_line}"),
            range,
        )
        .more(block_more);
        // At the end of a file CPython reports column 0: no caret.
        e.no_caret = at_end;
        return e;
    }
    match message {
        "Expected `except` or `finally` after `try` block" => {
            let mut e =
                RawError::syntax("expected 'except' or 'finally' block", range).more(block_more);
            e.no_caret = at_end;
            e
        }
        "Expected class, function definition or async function definition after decorator" => {
            let mut e = RawError::generic("invalid syntax", range).more(block_more);
            e.no_caret = true;
            e
        }
        "Position-only parameter separator not allowed as first parameter" => RawError::syntax(
            "at least one argument must precede /",
            TextRange::empty(range.start()),
        ),
        "Only single target (not tuple) can be annotated" => {
            RawError::syntax("only single target (not tuple) can be annotated", range)
        }
        "Only single target (not list) can be annotated" => {
            RawError::syntax("only single target (not list) can be annotated", range)
        }
        "Bytes literal cannot be mixed with non-bytes literals" => RawError::syntax(
            "cannot mix bytes and nonbytes literals",
            TextRange::empty(range.end()),
        ),
        "Multiple exception types must be parenthesized when using `as`" => {
            RawError::syntax("multiple exception types must be parenthesized", range)
        }
        _ => RawError::generic("invalid syntax", range),
    }
}

fn invalid_number_message(number: &str) -> String {
    let lower = number.to_ascii_lowercase();
    if lower.starts_with("0x") {
        "invalid hexadecimal literal".into()
    } else if lower.starts_with("0o") {
        "invalid octal literal".into()
    } else if lower.starts_with("0b") {
        "invalid binary literal".into()
    } else if lower.ends_with('j') {
        "invalid imaginary literal".into()
    } else {
        "invalid decimal literal".into()
    }
}

fn is_printable(c: char) -> bool {
    !(c.is_control()
        || (c.is_whitespace() && c != ' ')
        || matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{fff9}'..='\u{fffb}')
        || ('\u{e000}'..='\u{f8ff}').contains(&c))
}

fn map_lexical_error(ctx: &Ctx<'_>, e: &LexicalErrorType, range: TextRange) -> RawError {
    use LexicalErrorType as L;
    let start = range.start();
    match e {
        L::Eof => RawError::syntax(EOF_MESSAGE, range).more(MoreInput::Yes),
        L::IndentationError => RawError::indentation(
            "unindent does not match any outer indentation level",
            TextRange::empty(ctx.line_end(start)),
        ),
        L::UnclosedStringError => {
            let text = ctx.text(range);
            let body = text.trim_start_matches(|c: char| c.is_ascii_alphabetic());
            let triple = body.starts_with("\"\"\"") || body.starts_with("'''");
            if triple {
                let end = range.end().min(TextSize::new(ctx.source.trim_end().len() as u32));
                RawError::syntax(
                    format!(
                        "unterminated triple-quoted string literal (detected at line {})",
                        ctx.line_of(end)
                    ),
                    TextRange::empty(start),
                )
                .more(MoreInput::Yes)
            } else {
                RawError::syntax(
                    format!(
                        "unterminated string literal (detected at line {})",
                        ctx.line_of(start)
                    ),
                    TextRange::empty(start),
                )
            }
        }
        L::UnrecognizedToken { tok } => {
            let c = *tok;
            if c.is_ascii() && !c.is_ascii_control() {
                RawError::generic("invalid syntax", range)
            } else if is_printable(c) {
                RawError::syntax(
                    format!("invalid character '{c}' (U+{:04X})", c as u32),
                    TextRange::empty(start),
                )
            } else {
                RawError::syntax(
                    format!("invalid non-printable character U+{:04X}", c as u32),
                    TextRange::empty(start),
                )
            }
        }
        L::LineContinuationError => {
            if ctx.source[range.end().to_usize().min(ctx.source.len())..].trim().is_empty() {
                RawError::syntax(EOF_MESSAGE, TextRange::empty(range.end())).more(MoreInput::Yes)
            } else {
                RawError::syntax(
                    "unexpected character after line continuation character",
                    TextRange::empty(range.end()),
                )
            }
        }
        L::UnicodeError | L::MissingUnicodeLbrace | L::MissingUnicodeRbrace => {
            unicode_escape_error(ctx, range)
        }
        L::InvalidByteLiteral => {
            // CPython underlines the whole literal.
            let literal =
                ctx.tokens.iter().find(|t| t.range().contains(start)).map_or(range, |t| t.range());
            RawError::syntax("bytes can only contain ASCII literal characters", literal)
        }
        L::FStringError(f) => fstring_error(f, ctx, range),
        L::OtherError(message) => {
            let text = ctx.text(range);
            let lower = text.to_ascii_lowercase();
            if &**message == "Invalid decimal integer literal" {
                RawError::syntax(
                    "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
                    TextRange::empty(start),
                )
            } else if &**message == "Invalid Syntax" {
                RawError::syntax("invalid decimal literal", TextRange::empty(start))
            } else if message.starts_with("ParseIntError") {
                // `0x`, `0o8`, `0b2`: a prefix without valid digits.
                let next =
                    ctx.source[range.end().to_usize().min(ctx.source.len())..].chars().next();
                let kind = if lower.starts_with("0x") {
                    "hexadecimal"
                } else if lower.starts_with("0o") {
                    "octal"
                } else {
                    "binary"
                };
                match next {
                    Some(d) if d.is_ascii_digit() && kind != "hexadecimal" => RawError::syntax(
                        format!("invalid digit '{d}' in {kind} literal"),
                        TextRange::empty(range.end()),
                    ),
                    _ => RawError::syntax(
                        format!("invalid {kind} literal"),
                        TextRange::empty(range.end() - TextSize::new(1)),
                    ),
                }
            } else {
                RawError::generic("invalid syntax", range)
            }
        }
        L::StringError | L::TStringError(_) => RawError::generic("invalid syntax", range),
    }
}

/// CPython's "(unicode error) 'unicodeescape' codec can't decode bytes in
/// position A-B: ..." for a bad `\N{...}`, `\u`, `\U` or `\x` escape.
fn unicode_escape_error(ctx: &Ctx<'_>, range: TextRange) -> RawError {
    let start = range.start();
    let generic =
        || RawError::syntax("(unicode error) 'unicodeescape' codec can't decode bytes", range);
    let Some(token) =
        ctx.tokens.iter().find(|t| t.range().contains(start) || t.range().contains_range(range))
    else {
        return generic();
    };
    // Positions count from the start of the literal's body (after the
    // prefix and the opening quotes of a string token).
    let text = ctx.text(token.range());
    let body_offset = if token.kind() == TokenKind::String {
        let prefix = text.len() - text.trim_start_matches(|c: char| c.is_ascii_alphabetic()).len();
        let quote = text.get(prefix..).unwrap_or("");
        prefix + if quote.starts_with("\"\"\"") || quote.starts_with("'''") { 3 } else { 1 }
    } else {
        0
    };
    let body_start = token.start().to_usize() + body_offset;
    let err_at = start.to_usize().max(body_start);
    let Some(escape) = ctx.source.get(body_start..err_at).and_then(|s| s.rfind('\\')) else {
        return generic();
    };
    let after = ctx.source.get(body_start + escape..).unwrap_or("");
    let mut chars = after.chars().skip(1);
    let kind = chars.next().unwrap_or('N');
    let (reason, len) = match kind {
        'N' => match (chars.next(), after.find('}')) {
            (Some('{'), Some(close)) => ("unknown Unicode character name", close + 1),
            _ => ("malformed \\N character escape", 2),
        },
        'u' | 'U' | 'x' => {
            let digits = chars.take_while(|c| c.is_ascii_hexdigit()).count();
            let reason = match kind {
                'u' => "truncated \\uXXXX escape",
                'U' => "truncated \\UXXXXXXXX escape",
                _ => "truncated \\xXX escape",
            };
            (reason, 2 + digits)
        }
        _ => ("malformed escape", 2),
    };
    // CPython decodes the body after replacing each non-ASCII character by
    // a ten-character `\UXXXXXXXX` escape, and counts positions in that.
    let position: usize = ctx
        .source
        .get(body_start..body_start + escape)
        .unwrap_or("")
        .chars()
        .map(|c| if c.is_ascii() { 1 } else { 10 })
        .sum();
    RawError::syntax(
        format!(
            "(unicode error) 'unicodeescape' codec can't decode bytes in position {}-{}: {}",
            position,
            position + len.saturating_sub(1),
            reason
        ),
        TextRange::empty(token.end()),
    )
}

fn map_unsupported(ctx: &Ctx<'_>, e: &UnsupportedSyntaxError) -> RawError {
    use UnsupportedSyntaxErrorKind as U;
    // The detail enums of these variants are not exported by the parser
    // crate, hence the look at their `Debug` text.
    let detail = format!("{:?}", e.kind);
    let message = match e.kind {
        U::Pep701FString(_) if detail.contains("Backslash") => {
            "f-string expression part cannot include a backslash"
        }
        U::Pep701FString(_) if detail.contains("Comment") => {
            "f-string expression part cannot include '#'"
        }
        U::Pep701FString(_) => "f-string: expecting '}'",
        U::UnparenthesizedExceptionTypes => "multiple exception types must be parenthesized",
        U::UnpackingInComprehension(_) if detail.contains("DictInDict") => {
            "dict unpacking cannot be used in dict comprehension"
        }
        U::UnpackingInComprehension(_) => "iterable unpacking cannot be used in comprehension",
        U::TypeParameterList => {
            // `def f[T]()` is "expected '('" in CPython 3.11; `class A[T]`
            // plain invalid syntax.
            let after_def = ctx
                .tokens_before(e.range.start())
                .nth(1)
                .is_some_and(|t| t.kind() == TokenKind::Def);
            let message = if after_def { "expected '('" } else { "invalid syntax" };
            return RawError::syntax(message, TextRange::empty(e.range.start()));
        }
        U::TypeAliasStatement => {
            // CPython 3.11 points at the name after the soft keyword `type`.
            let start = e.range.end() + TextSize::new(1);
            return RawError::generic("invalid syntax", TextRange::empty(start));
        }
        _ => return RawError::generic("invalid syntax", e.range),
    };
    RawError::syntax(message, e.range)
}
