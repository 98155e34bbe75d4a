//! Lexical errors: numbers, escapes, f-strings and syntax newer than 3.11, worded as CPython's.

use ruff_python_ast::token::TokenKind;
use ruff_python_parser::{
    InterpolatedStringErrorType, LexicalErrorType, UnsupportedSyntaxError,
    UnsupportedSyntaxErrorKind,
};
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::*;

/// An f-string error. CPython 3.11 parses f-strings after tokenizing them
/// as one string token, and reports most f-string errors just past the end
/// of that token.
pub(super) fn fstring_error(
    e: &InterpolatedStringErrorType,
    ctx: &Ctx<'_>,
    range: TextRange,
) -> RawError {
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

pub(super) fn fstring_message(
    e: &InterpolatedStringErrorType,
    ctx: &Ctx<'_>,
    range: TextRange,
) -> String {
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

pub(super) fn invalid_number_message(number: &str) -> String {
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

pub(super) fn is_printable(c: char) -> bool {
    !(c.is_control()
        || (c.is_whitespace() && c != ' ')
        || matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{fff9}'..='\u{fffb}')
        || ('\u{e000}'..='\u{f8ff}').contains(&c))
}

pub(super) fn map_lexical_error(ctx: &Ctx<'_>, e: &LexicalErrorType, range: TextRange) -> RawError {
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
pub(super) fn unicode_escape_error(ctx: &Ctx<'_>, range: TextRange) -> RawError {
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

pub(super) fn map_unsupported(ctx: &Ctx<'_>, e: &UnsupportedSyntaxError) -> RawError {
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
