//! `io.IncrementalNewlineDecoder` (CPython's `textio.c`): wraps a decoder (or none: the
//! input is already text), holds back a final `\r` until it knows whether `\n` follows,
//! records the line endings seen (`newlines`), and translates them to `\n` if asked.

use std::cell::RefCell;

use crate::object::error::Res;
use crate::object::native::{Args, MethodDef};
use crate::object::native_type::{state_of, AttrDef, NativeClassDef, NativeObject};
use crate::object::runtime::{self as rt, type_error};
use crate::object::{alloc, Kind, PyRef};
use crate::types::native_class::{make_class, new_class_arg, new_object};
use crate::types::{self, ops};

use super::{bind_after_self, call_method, split};

struct NewlineState {
    decoder: Option<PyRef>,
    translate: bool,
    pending_cr: bool,
    /// Line endings seen: bit 0 `\r`, bit 1 `\n`, bit 2 `\r\n` (CPython's `seennl`).
    seen: u8,
}

pub(crate) struct NewlineDecoder {
    state: RefCell<NewlineState>,
}

impl NativeObject for NewlineDecoder {
    fn trace(&self, visitor: &mut rcgc::Visitor) {
        if let Ok(state) = self.state.try_borrow() {
            if let Some(decoder) = state.decoder.as_ref() {
                visitor.visit(decoder);
            }
        }
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

static NEWLINE_DECODER: NativeClassDef = NativeClassDef {
    name: "IncrementalNewlineDecoder",
    module: "_io",
    new: Some(newline_new),
    methods: &[
        MethodDef { name: "__init__", function: newline_init },
        MethodDef { name: "decode", function: newline_decode },
        MethodDef { name: "getstate", function: newline_getstate },
        MethodDef { name: "setstate", function: newline_setstate },
        MethodDef { name: "reset", function: newline_reset },
    ],
    class_methods: &[],
    attributes: &[AttrDef { name: "newlines", get: newline_newlines, set: None }],
    has_dict: true,
    subclassable: true,
    item_slots: None,
};

thread_local! {
    static NEWLINE_CLASS: PyRef = make_class(&NEWLINE_DECODER, vec![]);
}

/// `_io.IncrementalNewlineDecoder`.
pub(crate) fn newline_decoder_class() -> PyRef {
    NEWLINE_CLASS.with(Clone::clone)
}

fn newline_this<'a>(a: &'a Args) -> Res<(&'a PyRef, &'a NewlineDecoder)> {
    state_of::<NewlineDecoder>(a, &NEWLINE_DECODER)
}

fn newline_new(a: Args) -> Res<PyRef> {
    let cls = new_class_arg(&a, &newline_decoder_class())?.clone();
    let state = NewlineState { decoder: None, translate: false, pending_cr: false, seen: 0 };
    Ok(new_object(&cls, NewlineDecoder { state: RefCell::new(state) }))
}

fn newline_init(a: Args) -> Res<PyRef> {
    let (_, this) = newline_this(&a)?;
    let values =
        bind_after_self(&a, "IncrementalNewlineDecoder", &["decoder", "translate", "errors"])?;
    let (Some(decoder), Some(translate)) = (values[0].clone(), values[1].clone()) else {
        return type_error(
            "IncrementalNewlineDecoder() missing required argument 'decoder' or 'translate'",
        );
    };
    let decoder = (!matches!(decoder.kind, Kind::None)).then_some(decoder);
    *this.state.borrow_mut() =
        NewlineState { decoder, translate: ops::truthy(&translate)?, pending_cr: false, seen: 0 };
    Ok(rt::none())
}

fn newline_decode(a: Args) -> Res<PyRef> {
    let (_, this) = newline_this(&a)?;
    let values = bind_after_self(&a, "decode", &["input", "final"])?;
    let Some(input) = values[0].clone() else {
        return type_error("decode() missing required argument 'input' (pos 1)");
    };
    let last = values[1].as_ref().map_or(Ok(false), ops::truthy)?;
    let decoder = this.state.borrow().decoder.clone();
    let output = match decoder {
        Some(decoder) => call_method(&decoder, "decode", vec![input, rt::boolean(last)])?,
        None => input,
    };
    let Some(text) = types::str::text(&output) else {
        return type_error(format!(
            "decoder should return a string result, not '{}'",
            types::type_name(&output)
        ));
    };
    let mut text = text.to_string();
    let mut state = this.state.borrow_mut();
    if state.pending_cr && (!text.is_empty() || last) {
        text.insert(0, '\r');
        state.pending_cr = false;
    }
    if text.ends_with('\r') && !last {
        text.pop();
        state.pending_cr = true;
    }
    let crlf = text.matches("\r\n").count();
    let cr = text.matches('\r').count() - crlf;
    let lf = text.matches('\n').count() - crlf;
    if cr > 0 {
        state.seen |= 1;
    }
    if lf > 0 {
        state.seen |= 2;
    }
    if crlf > 0 {
        state.seen |= 4;
    }
    if state.translate {
        text = super::stringio::universal(&text);
    }
    Ok(rt::str(text))
}

fn newline_getstate(a: Args) -> Res<PyRef> {
    let (_, this) = newline_this(&a)?;
    let (decoder, pending) = {
        let state = this.state.borrow();
        (state.decoder.clone(), state.pending_cr)
    };
    let (buffer, flag) = match decoder {
        Some(decoder) => {
            let inner = call_method(&decoder, "getstate", vec![])?;
            let Kind::Tuple(items) = &inner.kind else {
                return type_error("illegal decoder state");
            };
            let [buffer, flag] = &items[..] else { return type_error("illegal decoder state") };
            (buffer.clone(), ops::to_index(flag)?)
        }
        None => (alloc(Kind::Bytes(Vec::new().into())), 0),
    };
    Ok(rt::tuple(vec![buffer, rt::int((flag << 1) | i64::from(pending))]))
}

fn newline_setstate(a: Args) -> Res<PyRef> {
    let (_, this) = newline_this(&a)?;
    let (_, rest) = split(&a);
    let [state_arg] = rest else { return type_error("setstate() takes exactly one argument") };
    let Kind::Tuple(items) = &state_arg.kind else {
        return type_error("state argument must be a tuple");
    };
    let [buffer, flag] = &items[..] else { return type_error("state argument must be a tuple") };
    let flag = ops::to_index(flag)?;
    let decoder = {
        let mut state = this.state.borrow_mut();
        state.pending_cr = flag & 1 == 1;
        state.decoder.clone()
    };
    if let Some(decoder) = decoder {
        call_method(
            &decoder,
            "setstate",
            vec![rt::tuple(vec![buffer.clone(), rt::int(flag >> 1)])],
        )?;
    }
    Ok(rt::none())
}

fn newline_reset(a: Args) -> Res<PyRef> {
    let (_, this) = newline_this(&a)?;
    let decoder = {
        let mut state = this.state.borrow_mut();
        state.seen = 0;
        state.pending_cr = false;
        state.decoder.clone()
    };
    if let Some(decoder) = decoder {
        call_method(&decoder, "reset", vec![])?;
    }
    Ok(rt::none())
}

fn newline_newlines(a: Args) -> Res<PyRef> {
    let (_, this) = newline_this(&a)?;
    let seen = this.state.borrow().seen;
    let names = [(1, "\r"), (2, "\n"), (4, "\r\n")];
    let found: Vec<PyRef> =
        names.iter().filter(|(bit, _)| seen & bit != 0).map(|(_, n)| rt::str(n)).collect();
    Ok(match found.len() {
        0 => rt::none(),
        1 => found[0].clone(),
        _ => rt::tuple(found),
    })
}
