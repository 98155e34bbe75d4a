//! The parser front end: Python source text in, [`crate::compile::ast`] out.
//!
//! This module (with its private submodules) is the only part of pyrc that
//! knows about the parser crate (`ruff_python_parser`). It
//!
//! * runs the parser (targeting Python 3.11, so newer syntax is rejected the
//!   way CPython 3.11 rejects it),
//! * turns the first parse error into a [`SyntaxError`] worded like
//!   CPython 3.11's (see `errors.rs` for the mapping),
//! * adds the tokenizer checks CPython makes and the parser does not
//!   (unmatched/mismatched brackets, "too many nested parentheses",
//!   inconsistent tabs, too many indentation levels, NUL bytes),
//! * converts the tree to pyrc's AST, rejecting on the way the errors CPython
//!   reports at compile time (`'return' outside function`,
//!   `'break' outside loop`, misplaced `yield`, starred targets, duplicate
//!   parameters and keyword arguments, `__future__` imports...).
//!
//! It never panics, whatever the input: deep nesting is bounded (200 open
//! brackets like CPython's tokenizer, [`MAX_DEPTH`] nested
//! statements/expressions like CPython's compiler) and the recursive parts
//! grow the stack on demand.

mod convert;
mod errors;
pub mod syntax_tree;
#[cfg(test)]
mod tests;

use std::fmt;

use ruff_python_ast::visitor::transformer::{self, Transformer};
use ruff_python_ast::{self as rast, PythonVersion};
use ruff_python_parser::{Mode, ParseOptions, Parsed};
use ruff_text_size::{TextRange, TextSize};

use crate::compile::ast;

/// The maximum nesting of statements and expressions accepted, as CPython's
/// "maximum recursion depth exceeded during compilation" (`RecursionError`)
/// limit. The AST handed to the evaluator is never deeper than this.
pub const MAX_DEPTH: u32 = 3000;

/// The maximum number of simultaneously open brackets, like CPython's
/// tokenizer (`MAXLEVEL`): the 201st is "too many nested parentheses".
pub const MAX_BRACKET_DEPTH: usize = 200;

/// The maximum number of indentation levels (CPython's `MAXINDENT`).
pub const MAX_INDENT_LEVELS: usize = 100;

/// What kind of error a [`SyntaxError`] is; decides the Python exception
/// class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SyntaxErrorKind {
    /// `SyntaxError`.
    Syntax,
    /// `IndentationError` (a `SyntaxError` subclass).
    Indentation,
    /// `TabError` (an `IndentationError` subclass).
    Tab,
    /// Only from [`parse_interactive`]: the input is a valid prefix of a
    /// program that needs more lines (open bracket or block, unterminated
    /// triple-quoted string, trailing backslash). A REPL shows `... ` and
    /// reads another line. The message is "incomplete input" (CPython's
    /// wording for the same condition).
    Incomplete,
    /// The program nests deeper than [`MAX_DEPTH`]: CPython raises
    /// `RecursionError: maximum recursion depth exceeded during compilation`.
    TooDeep,
}

/// A syntax error, with everything needed to print it like CPython.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// The exception class.
    pub kind: SyntaxErrorKind,
    /// The message (`"invalid syntax"`, `"'(' was never closed"`, ...).
    pub message: String,
    /// The file name given to the parse function.
    pub filename: String,
    /// 1-based line of the error; 0 when the error has no location (then
    /// only the last line, `SyntaxError: message`, is printed).
    pub line: u32,
    /// 1-based column (in characters) of the error, where the caret goes.
    pub column: u32,
    /// 1-based line where the highlighted range ends.
    pub end_line: u32,
    /// 1-based column just past the highlighted range (`== column` when
    /// only one caret is shown).
    pub end_column: u32,
    /// The text of line `line`, without its line terminator (`None` when
    /// the line does not exist, e.g. for an empty source).
    pub source_line: Option<String>,
}

impl SyntaxError {
    /// The name of the Python exception class for this error.
    pub fn exception_name(&self) -> &'static str {
        match self.kind {
            SyntaxErrorKind::Syntax | SyntaxErrorKind::Incomplete => "SyntaxError",
            SyntaxErrorKind::Indentation => "IndentationError",
            SyntaxErrorKind::Tab => "TabError",
            SyntaxErrorKind::TooDeep => "RecursionError",
        }
    }

    /// True if the error is [`SyntaxErrorKind::Incomplete`].
    pub fn is_incomplete(&self) -> bool {
        self.kind == SyntaxErrorKind::Incomplete
    }
}

impl std::error::Error for SyntaxError {}

/// Formats the error like CPython 3.11 prints an uncaught `SyntaxError`:
///
/// ```text
///   File "script.py", line 3
///     x = (1 +
///         ^
/// SyntaxError: '(' was never closed
/// ```
///
/// The source line is shown without its leading indentation; the caret line
/// keeps tabs of the shown text so that it stays aligned. A range on one
/// line is underlined with one caret per character. The output ends with a
/// newline. A `TooDeep` error prints only `RecursionError: ...`, as CPython
/// does.
impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.kind == SyntaxErrorKind::TooDeep || self.line == 0 {
            return writeln!(f, "{}: {}", self.exception_name(), self.message);
        }
        writeln!(f, "  File \"{}\", line {}", self.filename, self.line)?;
        if let Some(text) = &self.source_line {
            let shown = text.trim_start_matches([' ', '\t', '\x0c']);
            let stripped = text.chars().count() - shown.chars().count();
            // CPython prints the line only when it has something to show.
            if !shown.trim().is_empty() {
                writeln!(f, "    {shown}")?;
                let col0 = i64::from(self.column) - 1 - stripped as i64;
                if col0 >= 0 {
                    let shown_len = shown.chars().count() as i64;
                    let col0 = col0.min(shown_len) as usize;
                    let mut caret_line = String::from("    ");
                    caret_line.extend(shown.chars().take(col0).map(|c| {
                        if c.is_whitespace() {
                            c
                        } else {
                            ' '
                        }
                    }));
                    let width = if self.end_line == self.line && self.end_column > self.column {
                        (self.end_column - self.column) as usize
                    } else {
                        1
                    };
                    caret_line.extend(std::iter::repeat_n('^', width));
                    writeln!(f, "{caret_line}")?;
                }
            }
        }
        writeln!(f, "{}: {}", self.exception_name(), self.message)
    }
}

/// Parses a whole module (a script file or an `exec` string).
///
/// `filename` is only used in the error. The error is the first one in the
/// source, worded like CPython 3.11 where the wording is known (see the
/// module documentation).
pub fn parse_module(source: &str, filename: &str) -> Result<ast::Module, SyntaxError> {
    run_module(source, filename, false)
}

/// Parses one REPL input (one or more lines typed so far).
///
/// Returns `Err` with kind [`SyntaxErrorKind::Incomplete`] when the input
/// should be continued with more lines: an open bracket, an unterminated
/// triple-quoted string, a trailing backslash, a decorator without its
/// definition, or a compound statement (`if`, `def`, ...) that has not been
/// ended by an empty line (like CPython's REPL, even `if x: y()` on one
/// line waits for an empty line). An input consisting only of blank lines
/// and comments parses to an empty module.
pub fn parse_interactive(source: &str, filename: &str) -> Result<ast::Module, SyntaxError> {
    run_module(source, filename, true)
}

/// Returns true when `source`, typed at a REPL, needs more lines before it
/// can be run (see [`parse_interactive`]); false when it is complete or
/// has a definite syntax error.
pub fn is_incomplete(source: &str) -> bool {
    matches!(
        parse_interactive(source, "<stdin>"),
        Err(SyntaxError { kind: SyntaxErrorKind::Incomplete, .. })
    )
}

/// Parses a single expression (for `eval()`). Leading spaces and tabs are
/// ignored, as by CPython's `eval`.
pub fn parse_expression(source: &str, filename: &str) -> Result<ast::Expr, SyntaxError> {
    let index = LineIndex::new(source);
    let raw = (|| {
        errors::check_source(source)?;
        let options =
            ParseOptions::from(Mode::Expression).with_target_version(PythonVersion::PY311);
        // `eval` ignores leading blanks: parse the text after them and shift
        // the offsets back.
        let trimmed = source.trim_start_matches([' ', '\t']);
        let shift = (source.len() - trimmed.len()) as u32;
        let parsed = ruff_python_parser::parse_unchecked(trimmed, options);
        let result = errors::first_error(trimmed, &parsed)
            .map(|e| Err(e.shifted(shift)))
            .unwrap_or(Ok(()))
            .and_then(|()| match parsed.syntax() {
                rast::Mod::Expression(e) => {
                    convert::Converter::new(trimmed, shift, &index).expression(&e.body)
                }
                rast::Mod::Module(_) => Err(errors::RawError::syntax(
                    "invalid syntax",
                    TextRange::empty(TextSize::new(0)),
                )),
            });
        dispose(parsed);
        result
    })();
    raw.map_err(|e| e.into_syntax_error(&index, filename))
}

/// Decodes the bytes of a source file like CPython: UTF-8, with an optional
/// byte order mark (removed). Invalid UTF-8 is CPython's
/// "Non-UTF-8 code starting with ..." error.
///
/// PEP 263 encoding declarations other than UTF-8 are not supported.
pub fn decode_source(bytes: &[u8], filename: &str) -> Result<String, SyntaxError> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_owned()),
        Err(e) => {
            let valid = e.valid_up_to();
            let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
            // CPython prints this one without a location.
            Err(SyntaxError {
                kind: SyntaxErrorKind::Syntax,
                message: format!(
                    "Non-UTF-8 code starting with '\\x{:02x}' in file {} on line {}, but no encoding declared; see https://peps.python.org/pep-0263/ for details",
                    bytes[valid], filename, line
                ),
                filename: filename.to_owned(),
                line: 0,
                column: 0,
                end_line: 0,
                end_column: 0,
                source_line: None,
            })
        }
    }
}

fn run_module(source: &str, filename: &str, interactive: bool) -> Result<ast::Module, SyntaxError> {
    let index = LineIndex::new(source);
    if interactive && errors::only_blank_and_comments(source) {
        return Ok(ast::Module { body: Vec::new() });
    }
    let result = (|| {
        errors::check_source(source)?;
        let options = ParseOptions::from(Mode::Module).with_target_version(PythonVersion::PY311);
        let parsed = ruff_python_parser::parse_unchecked(source, options);
        let result = match errors::first_error(source, &parsed) {
            Some(e) => {
                if interactive && errors::wants_more_input(source, &e) {
                    Err(errors::RawError::incomplete(source))
                } else {
                    Err(e)
                }
            }
            None => match parsed.syntax() {
                // The REPL waits for the end of a compound statement before
                // running (or checking) it.
                rast::Mod::Module(m)
                    if interactive && errors::open_compound_statement(source, &m.body) =>
                {
                    Err(errors::RawError::incomplete(source))
                }
                rast::Mod::Module(m) => convert::Converter::new(source, 0, &index).module(&m.body),
                rast::Mod::Expression(_) => Err(errors::RawError::syntax(
                    "invalid syntax",
                    TextRange::empty(TextSize::new(0)),
                )),
            },
        };
        dispose(parsed);
        result
    })();
    result.map_err(|e| e.into_syntax_error(&index, filename))
}

/// Drops the parser's tree without deep recursion: a post-order walk (which
/// grows the stack as needed) replaces every statement, expression and
/// pattern by a leaf after its children have been replaced, so each node's
/// own drop is shallow. Needed because the parser accepts nesting far
/// deeper than the default stack could drop recursively.
fn dispose(parsed: Parsed<rast::Mod>) {
    struct Flattener;
    const RED_ZONE: usize = 64 * 1024;
    const STACK_SIZE: usize = 1024 * 1024;
    impl Transformer for Flattener {
        fn visit_stmt(&self, stmt: &mut rast::Stmt) {
            stacker::maybe_grow(RED_ZONE, STACK_SIZE, || transformer::walk_stmt(self, stmt));
            let range = ruff_text_size::Ranged::range(stmt);
            drop(std::mem::replace(
                stmt,
                rast::Stmt::Pass(rast::StmtPass { node_index: rast::AtomicNodeIndex::NONE, range }),
            ));
        }
        fn visit_expr(&self, expr: &mut rast::Expr) {
            stacker::maybe_grow(RED_ZONE, STACK_SIZE, || transformer::walk_expr(self, expr));
            drop(std::mem::replace(
                expr,
                rast::Expr::NoneLiteral(rast::ExprNoneLiteral::default()),
            ));
        }
        fn visit_pattern(&self, pattern: &mut rast::Pattern) {
            stacker::maybe_grow(RED_ZONE, STACK_SIZE, || transformer::walk_pattern(self, pattern));
            drop(std::mem::replace(
                pattern,
                rast::Pattern::MatchAs(rast::PatternMatchAs {
                    node_index: rast::AtomicNodeIndex::NONE,
                    range: TextRange::default(),
                    pattern: None,
                    name: None,
                }),
            ));
        }
    }
    let mut syntax = parsed.into_syntax();
    match &mut syntax {
        rast::Mod::Module(m) => {
            for stmt in m.body.iter_mut() {
                Flattener.visit_stmt(stmt);
            }
        }
        rast::Mod::Expression(e) => Flattener.visit_expr(&mut e.body),
    }
}

/// Maps byte offsets to 1-based line and character-column numbers.
pub(crate) struct LineIndex<'a> {
    source: &'a str,
    /// Byte offset of the start of each line.
    line_starts: Vec<u32>,
    /// For non-ASCII sources: the number of characters before every
    /// multiple of `CHECKPOINT` bytes, so a column costs O(CHECKPOINT).
    char_checkpoints: Option<Vec<u32>>,
}

const CHECKPOINT: usize = 64;

impl<'a> LineIndex<'a> {
    pub(crate) fn new(source: &'a str) -> Self {
        let bytes = source.as_bytes();
        let mut line_starts = vec![0u32];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => line_starts.push(i as u32 + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => line_starts.push(i as u32 + 1),
                _ => {}
            }
            i += 1;
        }
        let char_checkpoints = if source.is_ascii() {
            None
        } else {
            let mut checkpoints = Vec::with_capacity(bytes.len() / CHECKPOINT + 1);
            let mut count = 0u32;
            for (i, &b) in bytes.iter().enumerate() {
                if i % CHECKPOINT == 0 {
                    checkpoints.push(count);
                }
                if !is_continuation_byte(b) {
                    count += 1;
                }
            }
            checkpoints.push(count);
            Some(checkpoints)
        };
        LineIndex { source, line_starts, char_checkpoints }
    }

    /// Number of characters in `source[..offset]`.
    fn char_index(&self, offset: usize) -> usize {
        match &self.char_checkpoints {
            None => offset,
            Some(checkpoints) => {
                let block = offset / CHECKPOINT;
                let base = checkpoints[block] as usize;
                base + self.source.as_bytes()[block * CHECKPOINT..offset]
                    .iter()
                    .filter(|&&b| !is_continuation_byte(b))
                    .count()
            }
        }
    }

    /// 1-based (line, column) of a byte offset (clamped to the source).
    pub(crate) fn line_col(&self, offset: u32) -> (u32, u32) {
        let offset = (offset as usize).min(self.source.len());
        let line = self.line_starts.partition_point(|&s| s as usize <= offset);
        let start = self.line_starts[line - 1] as usize;
        let column = self.char_index(offset) - self.char_index(start) + 1;
        (line as u32, column as u32)
    }

    /// The text of a 1-based line without its terminator.
    pub(crate) fn line_text(&self, line: u32) -> Option<&'a str> {
        let i = (line as usize).checked_sub(1)?;
        let start = *self.line_starts.get(i)? as usize;
        let end = self.line_starts.get(i + 1).map_or(self.source.len(), |&e| e as usize);
        let text = &self.source[start..end];
        Some(text.trim_end_matches(['\n', '\r']))
    }

    /// The location of a byte range.
    pub(crate) fn location(&self, range: TextRange) -> ast::Location {
        let (line, column) = self.line_col(range.start().into());
        let (end_line, end_column) = self.line_col(range.end().into());
        ast::Location { line, column, end_line, end_column }
    }
}

fn is_continuation_byte(b: u8) -> bool {
    (b & 0xC0) == 0x80
}
