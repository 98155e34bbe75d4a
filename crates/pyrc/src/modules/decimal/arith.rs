//! The arithmetic of the accelerator, on plain Rust values: finite decimals whose coefficient
//! fits a `u128` (38 digits), computed exactly as CPython's `_pydecimal` computes them
//! (`_fix`, `_rescale`, `_normalize`, the `_round_*` functions, `__add__`, `__mul__`,
//! `quantize`, `_cmp`). Every function answers `None` where `_pydecimal` would take a path this
//! file does not follow (overflow, subnormal results, clamping, invalid operations, a
//! coefficient past 38 digits): the caller then runs the Python method, so each answer here is
//! either `_pydecimal`'s or none at all.

/// The `Rounded` signal was raised.
pub const ROUNDED: u8 = 1;
/// The `Inexact` signal was raised.
pub const INEXACT: u8 = 2;

/// A finite decimal: `(-1)**sign * coeff * 10**exp`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Num {
    /// 0 or 1, as `_pydecimal`'s `_sign`.
    pub sign: u8,
    /// The coefficient (`int(_int)`).
    pub coeff: u128,
    /// The exponent (`_exp`), wide enough that no sum of two exponents and a precision
    /// overflows.
    pub exp: i128,
}

/// The rounding modes, as `_pydecimal`'s `_pick_rounding_function` maps their names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rounding {
    Down,
    HalfUp,
    HalfEven,
    Ceiling,
    Floor,
    Up,
    HalfDown,
    Up05,
}

impl Rounding {
    /// The mode named by one of `decimal`'s `ROUND_*` strings.
    pub fn from_name(name: &str) -> Option<Rounding> {
        Some(match name {
            "ROUND_DOWN" => Rounding::Down,
            "ROUND_HALF_UP" => Rounding::HalfUp,
            "ROUND_HALF_EVEN" => Rounding::HalfEven,
            "ROUND_CEILING" => Rounding::Ceiling,
            "ROUND_FLOOR" => Rounding::Floor,
            "ROUND_UP" => Rounding::Up,
            "ROUND_HALF_DOWN" => Rounding::HalfDown,
            "ROUND_05UP" => Rounding::Up05,
            _ => return None,
        })
    }
}

/// The parts of a `Context` the arithmetic reads.
#[derive(Clone, Copy, Debug)]
pub struct Ctx {
    pub prec: i128,
    pub emin: i128,
    pub emax: i128,
    pub clamp: i128,
    pub rounding: Rounding,
}

impl Ctx {
    fn etiny(&self) -> i128 {
        self.emin - self.prec + 1
    }

    fn etop(&self) -> i128 {
        self.emax - self.prec + 1
    }
}

/// The largest power of ten a `u128` holds is `10**38`.
const MAX_POW: u32 = 38;

fn pow10(k: u32) -> u128 {
    10u128.pow(k)
}

/// The number of decimal digits of `c` (`len(str(c))`, so 1 for 0).
pub fn digits(c: u128) -> i128 {
    if c == 0 {
        1
    } else {
        c.ilog10() as i128 + 1
    }
}

/// `c * 10**k`, if it fits.
fn shift_up(c: u128, k: i128) -> Option<u128> {
    if k < 0 || k > MAX_POW as i128 {
        return if c == 0 && k >= 0 { Some(0) } else { None };
    }
    c.checked_mul(pow10(k as u32))
}

/// Keeps all but the last `k` digits of `coeff` (1 <= k <= 38) and rounds as the
/// `_round_*` function of `mode` does: the kept digits and `changed` (1: the kept value is to
/// be incremented, -1: digits were dropped without increment, 0: only zeros were dropped).
fn round_off(mode: Rounding, sign: u8, coeff: u128, k: u32) -> (u128, i8) {
    let p = pow10(k);
    let (kept, dropped) = (coeff / p, coeff % p);
    let half = 5 * (p / 10);
    let down: i8 = if dropped == 0 { 0 } else { -1 };
    let half_up = if dropped >= half {
        1
    } else if dropped == 0 {
        0
    } else {
        -1
    };
    let changed = match mode {
        Rounding::Down => down,
        Rounding::Up => -down,
        Rounding::HalfUp => half_up,
        Rounding::HalfDown => {
            if dropped == half {
                -1
            } else {
                half_up
            }
        }
        Rounding::HalfEven => {
            if dropped == half && kept % 2 == 0 {
                -1
            } else {
                half_up
            }
        }
        Rounding::Ceiling => {
            if sign == 1 {
                down
            } else {
                -down
            }
        }
        Rounding::Floor => {
            if sign == 0 {
                down
            } else {
                -down
            }
        }
        Rounding::Up05 => {
            if kept % 5 != 0 {
                down
            } else {
                -down
            }
        }
    };
    (kept, changed)
}

/// `Decimal._fix(context)`: `n` rounded to the context's precision, and the signals raised;
/// `None` for overflow, subnormal results, clamping and zeros out of range.
pub fn fix(n: Num, ctx: &Ctx) -> Option<(Num, u8)> {
    let (etiny, etop) = (ctx.etiny(), ctx.etop());
    if n.coeff == 0 {
        let exp_max = if ctx.clamp == 0 { ctx.emax } else { etop };
        let new_exp = n.exp.max(etiny).min(exp_max);
        return (new_exp == n.exp).then_some((n, 0));
    }
    let len = digits(n.coeff);
    let mut exp_min = len + n.exp - ctx.prec;
    if exp_min > etop || exp_min < etiny {
        return None;
    }
    if n.exp < exp_min {
        let k = (exp_min - n.exp) as u32;
        let (kept, changed) = round_off(ctx.rounding, n.sign, n.coeff, k);
        let mut coeff = kept;
        if changed > 0 {
            coeff += 1;
            if digits(coeff) > ctx.prec {
                coeff /= 10;
                exp_min += 1;
            }
        }
        if exp_min > etop {
            return None;
        }
        let signals = ROUNDED | if changed != 0 { INEXACT } else { 0 };
        return Some((Num { sign: n.sign, coeff, exp: exp_min }, signals));
    }
    if ctx.clamp == 1 && n.exp > etop {
        return None;
    }
    Some((n, 0))
}

/// `Decimal._rescale(exp, rounding)`: `n` with exponent `exp`, and how rounding changed it
/// (as [`round_off`]'s `changed`, 0 when padded).
fn rescale(n: Num, exp: i128, mode: Rounding) -> Option<(Num, i8)> {
    if n.coeff == 0 {
        return Some((Num { sign: n.sign, coeff: 0, exp }, 0));
    }
    if n.exp >= exp {
        let coeff = shift_up(n.coeff, n.exp - exp)?;
        return Some((Num { sign: n.sign, coeff, exp }, 0));
    }
    let len = digits(n.coeff);
    let kept_digits = len + n.exp - exp;
    // Fewer than no digits kept: `_pydecimal` rounds 10**(exp-1) instead.
    let (coeff, k) = if kept_digits < 0 { (1, 1) } else { (n.coeff, (len - kept_digits) as u32) };
    let (kept, changed) = round_off(mode, n.sign, coeff, k);
    let coeff = if changed == 1 { kept + 1 } else { kept };
    Some((Num { sign: n.sign, coeff, exp }, changed))
}

/// The signals of two steps, as one set.
fn with(result: Option<(Num, u8)>, earlier: u8) -> Option<(Num, u8)> {
    result.map(|(n, signals)| (n, signals | earlier))
}

/// `a + b` (`Decimal.__add__` on finite operands).
pub fn add(a: Num, b: Num, ctx: &Ctx) -> Option<(Num, u8)> {
    let mut exp = a.exp.min(b.exp);
    let negativezero = u8::from(ctx.rounding == Rounding::Floor && a.sign != b.sign);
    if a.coeff == 0 && b.coeff == 0 {
        let sign = if negativezero == 1 { 1 } else { a.sign.min(b.sign) };
        return fix(Num { sign, coeff: 0, exp }, ctx);
    }
    if a.coeff == 0 || b.coeff == 0 {
        let other = if a.coeff == 0 { b } else { a };
        exp = exp.max(other.exp - ctx.prec - 1);
        let (ans, _) = rescale(other, exp, ctx.rounding)?;
        return fix(ans, ctx);
    }
    let (mut op1, mut op2) = (a, b);
    normalize(&mut op1, &mut op2, ctx.prec)?;
    let sign;
    let coeff;
    if op1.sign != op2.sign {
        if op1.coeff == op2.coeff {
            return fix(Num { sign: negativezero, coeff: 0, exp }, ctx);
        }
        if op1.coeff < op2.coeff {
            std::mem::swap(&mut op1, &mut op2);
        }
        sign = op1.sign;
        coeff = op1.coeff - op2.coeff;
    } else {
        sign = op1.sign;
        coeff = op1.coeff.checked_add(op2.coeff)?;
    }
    fix(Num { sign, coeff, exp: op1.exp }, ctx)
}

/// `_normalize(op1, op2, prec)`: both at the smaller exponent, the smaller operand first
/// reduced to one digit where it is far below the larger's precision.
fn normalize(op1: &mut Num, op2: &mut Num, prec: i128) -> Option<()> {
    let (tmp, other) = if op1.exp < op2.exp { (op2, op1) } else { (op1, op2) };
    let tmp_len = digits(tmp.coeff);
    let other_len = digits(other.coeff);
    let exp = tmp.exp + (-1).min(tmp_len - prec - 2);
    if other_len + other.exp - 1 < exp {
        other.coeff = 1;
        other.exp = exp;
    }
    tmp.coeff = shift_up(tmp.coeff, tmp.exp - other.exp)?;
    tmp.exp = other.exp;
    Some(())
}

/// `a - b`.
pub fn sub(a: Num, b: Num, ctx: &Ctx) -> Option<(Num, u8)> {
    add(a, Num { sign: b.sign ^ 1, ..b }, ctx)
}

/// `a * b` (`Decimal.__mul__` on finite operands).
pub fn mul(a: Num, b: Num, ctx: &Ctx) -> Option<(Num, u8)> {
    let sign = a.sign ^ b.sign;
    let exp = a.exp + b.exp;
    let coeff = a.coeff.checked_mul(b.coeff)?;
    fix(Num { sign, coeff, exp }, ctx)
}

/// `a / b` (`Decimal.__truediv__` on finite operands); `None` also for a zero divisor (an
/// error `_pydecimal` raises or signals).
pub fn div(a: Num, b: Num, ctx: &Ctx) -> Option<(Num, u8)> {
    if b.coeff == 0 {
        return None;
    }
    let sign = a.sign ^ b.sign;
    let (mut coeff, mut exp);
    if a.coeff == 0 {
        exp = a.exp - b.exp;
        coeff = 0;
    } else {
        let shift = digits(b.coeff) - digits(a.coeff) + ctx.prec + 1;
        exp = a.exp - b.exp - shift;
        let (quotient, remainder) = if shift >= 0 {
            let dividend = shift_up(a.coeff, shift)?;
            (dividend / b.coeff, dividend % b.coeff)
        } else {
            let divisor = shift_up(b.coeff, -shift)?;
            (a.coeff / divisor, a.coeff % divisor)
        };
        coeff = quotient;
        if remainder != 0 {
            // Inexact: a last digit of 0 or 5 would round as if exact.
            if coeff % 5 == 0 {
                coeff += 1;
            }
        } else {
            // Exact: as close to the ideal exponent as the digits allow.
            let ideal = a.exp - b.exp;
            while exp < ideal && coeff % 10 == 0 {
                coeff /= 10;
                exp += 1;
            }
        }
    }
    fix(Num { sign, coeff, exp }, ctx)
}

/// `a // b` (`Decimal.__floordiv__` on finite operands: `_divide`'s quotient, which is not
/// rounded); `None` for a zero divisor and a quotient of more than `prec` digits (errors).
/// `_pydecimal` computes `10**prec` to compare the quotient with, which overflows for
/// precisions past a machine word (`MAX_PREC`); the C `decimal` has no such limit and neither
/// has this: any precision of 39 digits or more holds every `u128` quotient.
pub fn floordiv(a: Num, b: Num, ctx: &Ctx) -> Option<Num> {
    if b.coeff == 0 {
        return None;
    }
    let sign = a.sign ^ b.sign;
    let expdiff = (digits(a.coeff) + a.exp) - (digits(b.coeff) + b.exp);
    if a.coeff == 0 || expdiff <= -2 {
        return Some(Num { sign, coeff: 0, exp: 0 });
    }
    if expdiff > ctx.prec {
        return None;
    }
    let (x, y) = if a.exp >= b.exp {
        (shift_up(a.coeff, a.exp - b.exp)?, b.coeff)
    } else {
        (a.coeff, shift_up(b.coeff, b.exp - a.exp)?)
    };
    let quotient = x / y;
    if ctx.prec <= MAX_POW as i128 && quotient >= pow10(ctx.prec as u32) {
        return None;
    }
    Some(Num { sign, coeff: quotient, exp: 0 })
}

/// `a.quantize(Decimal with exponent exp, rounding)`: `None` also for every case in which
/// `_pydecimal` signals `InvalidOperation` or the result is subnormal.
pub fn quantize(a: Num, exp: i128, mode: Rounding, ctx: &Ctx) -> Option<(Num, u8)> {
    if !(ctx.etiny() <= exp && exp <= ctx.emax) {
        return None;
    }
    if a.coeff == 0 {
        return fix(Num { sign: a.sign, coeff: 0, exp }, ctx);
    }
    let adjusted = digits(a.coeff) + a.exp - 1;
    if adjusted > ctx.emax || adjusted - exp + 1 > ctx.prec {
        return None;
    }
    let (ans, changed) = rescale(a, exp, mode)?;
    let ans_adjusted = digits(ans.coeff) + ans.exp - 1;
    if ans_adjusted > ctx.emax || digits(ans.coeff) > ctx.prec {
        return None;
    }
    if ans.coeff != 0 && ans_adjusted < ctx.emin {
        return None;
    }
    let mut signals = 0;
    if ans.exp > a.exp {
        if changed != 0 {
            signals |= INEXACT;
        }
        signals |= ROUNDED;
    }
    with(fix(ans, ctx), signals)
}

/// `Decimal._cmp` of two finite decimals given by sign, coefficient digits (no leading
/// zeros) and exponent: -1, 0 or 1.
pub fn compare(a: (u8, &str, i128), b: (u8, &str, i128)) -> i8 {
    let (a_zero, b_zero) = (a.1 == "0", b.1 == "0");
    if a_zero || b_zero {
        return match (a_zero, b_zero) {
            (true, true) => 0,
            (true, false) => {
                if b.0 == 0 {
                    -1
                } else {
                    1
                }
            }
            _ => {
                if a.0 == 0 {
                    1
                } else {
                    -1
                }
            }
        };
    }
    if b.0 < a.0 {
        return -1;
    }
    if a.0 < b.0 {
        return 1;
    }
    let positive: i8 = if a.0 == 0 { 1 } else { -1 };
    let a_adjusted = a.1.len() as i128 + a.2;
    let b_adjusted = b.1.len() as i128 + b.2;
    let order = if a_adjusted != b_adjusted {
        a_adjusted.cmp(&b_adjusted)
    } else {
        // Equal adjusted exponents: the padded digit strings have equal lengths, so comparing
        // them is comparing the digits, then the trailing zeros of the longer one.
        let (x, y) = (a.1.as_bytes(), b.1.as_bytes());
        let common = x.len().min(y.len());
        x[..common].cmp(&y[..common]).then_with(|| {
            let (rest_x, rest_y) = (&x[common..], &y[common..]);
            if rest_x.iter().any(|&d| d != b'0') {
                std::cmp::Ordering::Greater
            } else if rest_y.iter().any(|&d| d != b'0') {
                std::cmp::Ordering::Less
            } else {
                std::cmp::Ordering::Equal
            }
        })
    };
    match order {
        std::cmp::Ordering::Less => -positive,
        std::cmp::Ordering::Equal => 0,
        std::cmp::Ordering::Greater => positive,
    }
}

/// `Decimal.__str__()` of a finite decimal when it needs no exponent (`None` otherwise).
pub fn to_plain_string(sign: u8, int: &str, exp: i128) -> Option<String> {
    let leftdigits = exp + int.len() as i128;
    if !(exp <= 0 && leftdigits > -6) {
        return None;
    }
    let dotplace = leftdigits;
    let mut out = String::with_capacity(int.len() + 8);
    if sign == 1 {
        out.push('-');
    }
    if dotplace <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-dotplace) as usize));
        out.push_str(int);
    } else if dotplace >= int.len() as i128 {
        out.push_str(int);
        out.extend(std::iter::repeat_n('0', dotplace as usize - int.len()));
    } else {
        out.push_str(&int[..dotplace as usize]);
        out.push('.');
        out.push_str(&int[dotplace as usize..]);
    }
    Some(out)
}

/// A decimal literal without spaces, underscores or specials, as `_pydecimal`'s `_parser`
/// reads it: sign, coefficient digits (leading zeros removed, as `str(int(...))` does) and
/// exponent. `None` for anything else (the Python constructor decides those).
pub fn parse_literal(text: &str) -> Option<(u8, String, i128)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    let sign = match bytes.first() {
        Some(b'-') => {
            i = 1;
            1
        }
        Some(b'+') => {
            i = 1;
            0
        }
        _ => 0,
    };
    let int_start = i;
    while i < bytes.len() && bytes[i].is_ascii_digit() {
        i += 1;
    }
    let int_part = &text[int_start..i];
    let mut frac_part = "";
    if i < bytes.len() && bytes[i] == b'.' {
        i += 1;
        let frac_start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        frac_part = &text[frac_start..i];
    }
    if int_part.is_empty() && frac_part.is_empty() {
        return None;
    }
    let mut exp: i128 = 0;
    if i < bytes.len() && (bytes[i] == b'e' || bytes[i] == b'E') {
        i += 1;
        let exp_sign: i128 = match bytes.get(i) {
            Some(b'-') => {
                i += 1;
                -1
            }
            Some(b'+') => {
                i += 1;
                1
            }
            _ => 1,
        };
        let exp_start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let exp_digits = &text[exp_start..i];
        if exp_digits.is_empty() || exp_digits.len() > 30 {
            return None;
        }
        exp = exp_sign * exp_digits.parse::<i128>().ok()?;
    }
    if i != bytes.len() {
        return None;
    }
    let mut coeff = String::with_capacity(int_part.len() + frac_part.len());
    coeff.push_str(int_part);
    coeff.push_str(frac_part);
    let coeff = match coeff.trim_start_matches('0') {
        "" => "0".to_string(),
        trimmed if trimmed.len() == coeff.len() => coeff,
        trimmed => trimmed.to_string(),
    };
    Some((sign, coeff, exp - frac_part.len() as i128))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(prec: i128, rounding: Rounding) -> Ctx {
        Ctx { prec, emin: -999999, emax: 999999, clamp: 0, rounding }
    }

    fn num(sign: u8, coeff: u128, exp: i128) -> Num {
        Num { sign, coeff, exp }
    }

    #[test]
    fn fix_rounds_to_precision_with_each_mode() {
        // 1.2345 at 3 digits, values checked against python3's decimal.
        let n = num(0, 12345, -4);
        let cases = [
            (Rounding::Down, 123),
            (Rounding::Up, 124),
            (Rounding::HalfUp, 123),
            (Rounding::HalfEven, 123),
            (Rounding::Ceiling, 124),
            (Rounding::Floor, 123),
        ];
        for (mode, coeff) in cases {
            assert_eq!(fix(n, &ctx(3, mode)), Some((num(0, coeff, -2), ROUNDED | INEXACT)));
        }
        // An exact half: 1.25 at 2 digits.
        let half = num(0, 125, -2);
        assert_eq!(fix(half, &ctx(2, Rounding::HalfEven)).unwrap().0, num(0, 12, -1));
        assert_eq!(fix(half, &ctx(2, Rounding::HalfUp)).unwrap().0, num(0, 13, -1));
        assert_eq!(fix(half, &ctx(2, Rounding::HalfDown)).unwrap().0, num(0, 12, -1));
        assert_eq!(fix(num(0, 105, -2), &ctx(2, Rounding::Up05)).unwrap().0, num(0, 11, -1));
        // 9.99 rounded up to 2 digits carries into a new digit: 10.
        assert_eq!(fix(num(0, 999, -2), &ctx(2, Rounding::Up)), Some((num(0, 10, 0), 3)));
        // Only zeros dropped: Rounded without Inexact.
        assert_eq!(fix(num(0, 1200, 0), &ctx(2, Rounding::Down)), Some((num(0, 12, 2), ROUNDED)));
    }

    #[test]
    fn add_sub_mul_quantize_as_pydecimal() {
        let c = ctx(28, Rounding::HalfEven);
        assert_eq!(add(num(0, 1, -1), num(0, 2, -1), &c), Some((num(0, 3, -1), 0)));
        assert_eq!(sub(num(0, 1, 0), num(0, 1, 0), &c), Some((num(0, 0, 0), 0)));
        let floor = ctx(28, Rounding::Floor);
        assert_eq!(sub(num(0, 1, 0), num(0, 1, 0), &floor), Some((num(1, 0, 0), 0)));
        assert_eq!(mul(num(1, 15, -1), num(0, 2, 0), &c), Some((num(1, 30, -1), 0)));
        // Decimal('1.005').quantize(Decimal('0.01')) == Decimal('1.00') (half even).
        assert_eq!(
            quantize(num(0, 1005, -3), -2, Rounding::HalfEven, &c).unwrap().0,
            num(0, 100, -2)
        );
        // 1/3 at 5 digits; 6/2 exact at its ideal exponent; 1.00/4 = 0.25.
        assert_eq!(
            div(num(0, 1, 0), num(0, 3, 0), &ctx(5, Rounding::HalfEven)),
            Some((num(0, 33333, -5), 3))
        );
        assert_eq!(div(num(0, 6, 0), num(0, 2, 0), &c), Some((num(0, 3, 0), 0)));
        assert_eq!(div(num(0, 100, -2), num(0, 4, 0), &c), Some((num(0, 25, -2), 0)));
        assert_eq!(div(num(0, 1, 0), num(0, 0, 0), &c), None);
        // -7 // 2 == -3 (truncating), 7.5 // 0.2 == 37, 1 // 300 == 0.
        assert_eq!(floordiv(num(1, 7, 0), num(0, 2, 0), &c), Some(num(1, 3, 0)));
        assert_eq!(floordiv(num(0, 75, -1), num(0, 2, -1), &c), Some(num(0, 37, 0)));
        assert_eq!(floordiv(num(0, 1, 0), num(0, 3, 2), &c), Some(num(0, 0, 0)));
        assert_eq!(floordiv(num(0, 123456, 0), num(0, 1, 0), &ctx(5, Rounding::Down)), None);
        // Too many digits for the context: InvalidOperation, left to Python.
        assert_eq!(
            quantize(num(0, 123456, 0), -2, Rounding::HalfEven, &ctx(5, Rounding::Down)),
            None
        );
    }

    #[test]
    fn literals_and_strings() {
        assert_eq!(parse_literal("-0012.50"), Some((1, "1250".into(), -2)));
        assert_eq!(parse_literal(".5e3"), Some((0, "5".into(), 2)));
        assert_eq!(parse_literal("0.000"), Some((0, "0".into(), -3)));
        assert_eq!(parse_literal("1e"), None);
        assert_eq!(parse_literal("NaN"), None);
        assert_eq!(to_plain_string(1, "1250", -2).as_deref(), Some("-12.50"));
        // str(Decimal("5e-6")) == "0.000005", str(Decimal("5e-7")) == "5E-7".
        assert_eq!(to_plain_string(0, "5", -6).as_deref(), Some("0.000005"));
        assert_eq!(to_plain_string(0, "5", -7), None);
        assert_eq!(to_plain_string(0, "5", 1), None);
        assert_eq!(compare((0, "10", -1), (0, "1", 0)), 0);
        assert_eq!(compare((1, "2", 0), (0, "0", 5)), -1);
        assert_eq!(compare((1, "2", 0), (1, "3", 0)), 1);
    }
}
