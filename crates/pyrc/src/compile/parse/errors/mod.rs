//! Turning the parser's errors into CPython 3.11's `SyntaxError`s, plus the
//! tokenizer-level checks CPython makes that the parser does not.
//!
//! The parser recovers from errors and reports all of them; CPython reports
//! one. We report the earliest parser error, except that (as in CPython)
//! tokenizer errors (bracket mismatches, too deep nesting, inconsistent tabs)
//! win over a later or a generic "invalid syntax" error, and a generic error
//! in a file with an unclosed bracket becomes "'(' was never closed".

use ruff_python_ast::token::{TokenKind, Tokens};
use ruff_python_ast::{self as rast};
use ruff_python_parser::{
    LexicalErrorType, ParseError, ParseErrorType, Parsed, UnsupportedSyntaxError,
};
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::{LineIndex, SyntaxError, SyntaxErrorKind, MAX_BRACKET_DEPTH, MAX_INDENT_LEVELS};

mod exprs;
mod lexical;
mod scan;

use exprs::*;
use lexical::*;
use scan::*;

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
                || e.location.start() > last_significant_token_start(ctx.tokens)
                || (e.location.start() == last_significant_token_start(ctx.tokens)
                    && parser_reads_past_last_token(ctx.tokens)),
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
