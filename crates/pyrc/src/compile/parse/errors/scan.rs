//! Token-level checks CPython's tokenizer makes before parsing: bracket balance, indentation,
//! f-string nesting, and where the last line ends.

use ruff_python_ast::token::{TokenKind, Tokens};
use ruff_python_parser::{LexicalErrorType, ParseErrorType};
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::{SyntaxErrorKind, MAX_BRACKET_DEPTH, MAX_INDENT_LEVELS};

use super::*;

/// The offset of the end of the last non-blank line (trailing blanks of
/// that line included, line terminator excluded).
pub(super) fn end_of_last_line(source: &str) -> u32 {
    let t = source.trim_end().len();
    let rest = &source[t..];
    (t + rest.find(['\n', '\r']).unwrap_or(rest.len())) as u32
}

/// CPython 3.11 cannot nest f-strings more than four deep (one level per
/// kind of quote). The parser accepts any depth but takes quadratic time on
/// deeply nested unterminated f-strings, so such input is rejected before
/// parsing, by a (linear) lexer pass that only runs when the text has many
/// f-string prefixes.
pub(super) fn check_fstring_nesting(source: &str) -> Result<(), RawError> {
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

/// Lexer errors that CPython's tokenizer (rather than its parser) reports.
/// (A stray printable ASCII character such as `$` is left to the parser by
/// CPython's tokenizer, hence a plain "invalid syntax".)
pub(super) fn is_tokenizer_error(e: &ParseErrorType) -> bool {
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

pub(super) fn is_augmented_assign(kind: TokenKind) -> bool {
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
pub(super) fn last_significant_token_start(tokens: &Tokens) -> TextSize {
    last_significant_token(tokens).map_or(TextSize::new(0), |(start, _)| start)
}

/// Whether an error at the last significant token means that CPython's parser read past it
/// into the end of the input: the token can begin an operand (`foo(1 2`: the parser takes
/// `2` and asks for more), where a token that can continue nothing (`def f(:`) fails at once.
pub(super) fn parser_reads_past_last_token(tokens: &Tokens) -> bool {
    last_significant_token(tokens).is_some_and(|(_, kind)| {
        matches!(
            kind,
            TokenKind::Name
                | TokenKind::Int
                | TokenKind::Float
                | TokenKind::Complex
                | TokenKind::String
                | TokenKind::FStringEnd
                | TokenKind::Lpar
                | TokenKind::Lsqb
                | TokenKind::Lbrace
                | TokenKind::Rpar
                | TokenKind::Rsqb
                | TokenKind::Rbrace
                | TokenKind::True
                | TokenKind::False
                | TokenKind::None
                | TokenKind::Ellipsis
        )
    })
}

fn last_significant_token(tokens: &Tokens) -> Option<(TextSize, TokenKind)> {
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
        .map(|t| (t.start(), t.kind()))
}

/// Results of the token scan.
pub(super) struct Scan {
    /// The first tokenizer-level error.
    pub(super) error: Option<RawError>,
    /// "'(' was never closed" for the innermost bracket open at the end.
    pub(super) never_closed: Option<RawError>,
}

pub(super) fn closing_for(open: TokenKind) -> TokenKind {
    match open {
        TokenKind::Lpar => TokenKind::Rpar,
        TokenKind::Lsqb => TokenKind::Rsqb,
        _ => TokenKind::Rbrace,
    }
}

pub(super) fn bracket_char(kind: TokenKind) -> char {
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
pub(super) fn scan_tokens(ctx: &Ctx<'_>) -> Scan {
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

pub(super) fn check_indentation(
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
