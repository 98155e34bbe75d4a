//! Checking code words given to `_sre.compile` before the engine runs them (CPython's
//! `_validate`): the engine trusts skips, group numbers and prefix lengths, so code that
//! `re._compiler` did not make (a direct `_sre.compile` call) could send it out of its code or
//! make it allocate marks for billions of groups. Walks the code block by block as
//! `re._compiler` lays it out and refuses any opcode it does not know, any skip leaving its
//! block, and any group number beyond the pattern's groups.

// CPython 3.11's opcode numbers (`re._constants.OPCODES`), which the engine uses too.
const FAILURE: u32 = 0;
const SUCCESS: u32 = 1;
const ANY: u32 = 2;
const ANY_ALL: u32 = 3;
const ASSERT: u32 = 4;
const ASSERT_NOT: u32 = 5;
const AT: u32 = 6;
const BRANCH: u32 = 7;
const CATEGORY: u32 = 8;
const CHARSET: u32 = 9;
const BIGCHARSET: u32 = 10;
const GROUPREF: u32 = 11;
const GROUPREF_EXISTS: u32 = 12;
const IN: u32 = 13;
const INFO: u32 = 14;
const JUMP: u32 = 15;
const LITERAL: u32 = 16;
const MARK: u32 = 17;
const MAX_UNTIL: u32 = 18;
const MIN_UNTIL: u32 = 19;
const NOT_LITERAL: u32 = 20;
const NEGATE: u32 = 21;
const RANGE: u32 = 22;
const REPEAT: u32 = 23;
const REPEAT_ONE: u32 = 24;
const MIN_REPEAT_ONE: u32 = 26;
const ATOMIC_GROUP: u32 = 27;
const POSSESSIVE_REPEAT: u32 = 28;
const POSSESSIVE_REPEAT_ONE: u32 = 29;
const GROUPREF_IGNORE: u32 = 30;
const IN_IGNORE: u32 = 31;
const LITERAL_IGNORE: u32 = 32;
const NOT_LITERAL_IGNORE: u32 = 33;
const GROUPREF_LOC_IGNORE: u32 = 34;
const IN_LOC_IGNORE: u32 = 35;
const LITERAL_LOC_IGNORE: u32 = 36;
const NOT_LITERAL_LOC_IGNORE: u32 = 37;
const GROUPREF_UNI_IGNORE: u32 = 38;
const IN_UNI_IGNORE: u32 = 39;
const LITERAL_UNI_IGNORE: u32 = 40;
const NOT_LITERAL_UNI_IGNORE: u32 = 41;
const RANGE_UNI_IGNORE: u32 = 42;

/// The highest `AT` and `CATEGORY` codes.
const MAX_AT: u32 = 11;
const MAX_CATEGORY: u32 = 17;
/// `SRE_INFO_PREFIX`, `SRE_INFO_CHARSET`.
const INFO_PREFIX: u32 = 1;
const INFO_CHARSET: u32 = 4;

/// Whether `code` is well formed for a pattern with `groups` groups.
pub(super) fn valid(code: &[u32], groups: usize) -> bool {
    Walker { code, groups }.block(0, code.len()).is_some()
}

struct Walker<'a> {
    code: &'a [u32],
    groups: usize,
}

impl Walker<'_> {
    fn word(&self, at: usize, end: usize) -> Option<u32> {
        if at < end {
            self.code.get(at).copied()
        } else {
            None
        }
    }

    /// The end of the block whose skip word is at `at` (a skip counts from its own word).
    fn skip_end(&self, at: usize, end: usize) -> Option<usize> {
        let skip = self.word(at, end)? as usize;
        let block_end = at.checked_add(skip)?;
        (skip >= 1 && block_end <= end).then_some(block_end)
    }

    /// Checks the instructions of `code[at..end]`, which must end exactly at `end`.
    fn block(&self, mut at: usize, end: usize) -> Option<()> {
        while at < end {
            let op = self.word(at, end)?;
            at += 1;
            match op {
                FAILURE | SUCCESS | ANY | ANY_ALL | MAX_UNTIL | MIN_UNTIL => {}
                LITERAL
                | NOT_LITERAL
                | LITERAL_IGNORE
                | NOT_LITERAL_IGNORE
                | LITERAL_UNI_IGNORE
                | NOT_LITERAL_UNI_IGNORE
                | LITERAL_LOC_IGNORE
                | NOT_LITERAL_LOC_IGNORE => {
                    self.word(at, end)?;
                    at += 1;
                }
                AT => {
                    (self.word(at, end)? <= MAX_AT).then_some(())?;
                    at += 1;
                }
                CATEGORY => {
                    (self.word(at, end)? <= MAX_CATEGORY).then_some(())?;
                    at += 1;
                }
                MARK => {
                    // Marks 2g and 2g+1 bound group g+1.
                    let mark = self.word(at, end)? as usize;
                    (mark <= 2 * self.groups + 1).then_some(())?;
                    at += 1;
                }
                GROUPREF | GROUPREF_IGNORE | GROUPREF_LOC_IGNORE | GROUPREF_UNI_IGNORE => {
                    ((self.word(at, end)? as usize) < self.groups).then_some(())?;
                    at += 1;
                }
                IN | IN_IGNORE | IN_UNI_IGNORE | IN_LOC_IGNORE => {
                    let block_end = self.skip_end(at, end)?;
                    self.charset(at + 1, block_end)?;
                    at = block_end;
                }
                INFO => {
                    let block_end = self.skip_end(at, end)?;
                    let flags = self.word(at + 1, block_end)?;
                    self.word(at + 3, block_end)?;
                    if flags & INFO_PREFIX != 0 {
                        let len = self.word(at + 4, block_end)? as usize;
                        let prefix_skip = self.word(at + 5, block_end)? as usize;
                        let tables_end = (at + 6).checked_add(len.checked_mul(2)?)?;
                        (len >= 1 && prefix_skip <= len && tables_end <= block_end).then_some(())?;
                    } else if flags & INFO_CHARSET != 0 {
                        self.charset(at + 4, block_end)?;
                    }
                    at = block_end;
                }
                JUMP => {
                    // A branch's jump goes past the branch: within the code is all to check.
                    let skip = self.word(at, end)? as usize;
                    (skip >= 1 && at.checked_add(skip)? <= self.code.len()).then_some(())?;
                    at += 1;
                }
                BRANCH => loop {
                    let skip = self.word(at, end)?;
                    if skip == 0 {
                        at += 1;
                        break;
                    }
                    let block_end = self.skip_end(at, end)?;
                    self.block(at + 1, block_end)?;
                    at = block_end;
                },
                REPEAT_ONE
                | MIN_REPEAT_ONE
                | POSSESSIVE_REPEAT_ONE
                | REPEAT
                | POSSESSIVE_REPEAT => {
                    let block_end = self.skip_end(at, end)?;
                    let min = self.word(at + 1, block_end)?;
                    let max = self.word(at + 2, block_end)?;
                    (min <= max).then_some(())?;
                    self.block(at + 3, block_end)?;
                    at = block_end;
                }
                GROUPREF_EXISTS => {
                    // <group> <skip>: the "yes" part runs to one word before the skip's
                    // target (its `JUMP` over the "no" part included, when there is one).
                    ((self.word(at, end)? as usize) < self.groups).then_some(())?;
                    let skip = self.word(at + 1, end)? as usize;
                    let yes_end = (at + 1).checked_add(skip)?.checked_sub(1)?;
                    (skip >= 2 && yes_end <= end).then_some(())?;
                    self.block(at + 2, yes_end)?;
                    at = yes_end;
                }
                ASSERT | ASSERT_NOT => {
                    let block_end = self.skip_end(at, end)?;
                    self.word(at + 1, block_end)?;
                    self.block(at + 2, block_end)?;
                    at = block_end;
                }
                ATOMIC_GROUP => {
                    let block_end = self.skip_end(at, end)?;
                    self.block(at + 1, block_end)?;
                    at = block_end;
                }
                _ => return None,
            }
        }
        (at == end).then_some(())
    }

    /// Checks a character set (`code[at..end]`, ending with `FAILURE`).
    fn charset(&self, mut at: usize, end: usize) -> Option<()> {
        while at < end {
            let op = self.word(at, end)?;
            at += 1;
            match op {
                FAILURE => return (at == end).then_some(()),
                NEGATE => {}
                LITERAL => {
                    self.word(at, end)?;
                    at += 1;
                }
                CATEGORY => {
                    (self.word(at, end)? <= MAX_CATEGORY).then_some(())?;
                    at += 1;
                }
                RANGE | RANGE_UNI_IGNORE => {
                    self.word(at + 1, end)?;
                    at += 2;
                }
                // 256 bits.
                CHARSET => {
                    at += 8;
                    (at <= end).then_some(())?;
                }
                // A count of blocks, 256 one-byte block numbers, then the blocks.
                BIGCHARSET => {
                    let blocks = self.word(at, end)? as usize;
                    let map_end = at + 1 + 64;
                    (map_end <= end).then_some(())?;
                    for word in &self.code[at + 1..map_end] {
                        if word.to_le_bytes().iter().any(|b| *b as usize >= blocks) {
                            return None;
                        }
                    }
                    at = map_end.checked_add(blocks.checked_mul(8)?)?;
                    (at <= end).then_some(())?;
                }
                _ => return None,
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_what_re_compiler_makes_and_refuses_the_rest() {
        // re.compile("a(b)c")'s code, as python3 3.11 makes it.
        let code: Vec<u32> = vec![
            INFO, 4, 0, 3, 3, LITERAL, 97, MARK, 0, LITERAL, 98, MARK, 1, LITERAL, 99, SUCCESS,
        ];
        assert!(valid(&code, 2));
        // A mark for a group the pattern does not have (the engine would allocate for it).
        let mut bad = code.clone();
        bad[8] = 4_000_000_000;
        assert!(!valid(&bad, 2));
        // A skip leaving the code.
        let mut bad = code.clone();
        bad[1] = 1000;
        assert!(!valid(&bad, 2));
        // An unknown opcode.
        assert!(!valid(&[99, SUCCESS], 1));
        // Truncated operands.
        assert!(!valid(&[LITERAL], 1));
        assert!(valid(&[], 1));
    }
}
