//! `#[derive(Trace)]` and `#[derive(Finalize)]` for [`rcgc`](https://docs.rs/rcgc).
//!
//! Use these derives through `rcgc`, which re-exports them next to the traits of the same name
//! (`use rcgc::{Finalize, Trace};`); this crate is not meant to be a direct dependency. The
//! generated code names `::rcgc`, so the crate using the derives must depend on `rcgc` under
//! that name.
//!
//! - [`derive(Trace)`](macro@Trace) implements `rcgc::Trace` for a struct or an enum by tracing
//!   every field, and computes `MAY_CONTAIN_GC` from the field types.
//! - [`derive(Finalize)`](macro@Finalize) implements `rcgc::Finalize` with
//!   `HAS_FINALIZER = false`: the type has no finalizer. Write `impl Finalize` by hand to give it
//!   one.
//!
//! # The `#[rcgc(skip)]` field attribute
//!
//! `#[rcgc(skip)]` on a field leaves it out of the generated `Trace` implementation: it is not
//! traced and does not count towards `MAY_CONTAIN_GC`. Use it for fields whose type does not
//! implement `Trace` and that own no `Gc` (a `String`, a file handle), or whose `Gc` handles you
//! accept to be treated as roots (never collected as part of a cycle while the field holds
//! them). Skipping is always memory-safe; at worst it leaks a cycle. `skip` is the only
//! argument `#[rcgc(...)]` accepts, and it is only accepted on fields.
//!
//! A type whose fields are all skipped (or can never own a `Gc`) gets `MAY_CONTAIN_GC =
//! false`: its objects are untracked, like CPython's ints and strings (`Gc::is_tracked` is
//! false, `get_objects` does not list them). That is the exact answer, not a loss: an object
//! that shows the collector no handle can never be found inside a cycle, so tracking it would
//! only cost a list walk. Its skipped handles still count as references, are released when it
//! is dropped, and the drop of a long chain of such objects is bounded by the trashcan like
//! any other.
//!
//! # Example
//!
//! The examples here are not compiled (this crate cannot depend on `rcgc`); the runnable ones
//! live in the documentation of `rcgc::Trace` and `rcgc::Finalize`.
//!
//! ```ignore
//! use rcgc::{Finalize, Gc, Trace};
//! use std::cell::RefCell;
//!
//! #[derive(Trace, Finalize)]
//! struct Node {
//!     children: RefCell<Vec<Gc<Node>>>,
//!     #[rcgc(skip)]
//!     label: String,
//! }
//!
//! #[derive(Trace, Finalize)]
//! enum Value {
//!     Int(i64),
//!     List(RefCell<Vec<Gc<Value>>>),
//!     Pair { first: Gc<Value>, second: Gc<Value> },
//!     Nil,
//! }
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]
// A broken link in the docs is a bug in the docs: fail the doc build rather than ship it.
#![deny(rustdoc::broken_intra_doc_links)]

use proc_macro::TokenStream;
use proc_macro2::{Ident, Span, TokenStream as TokenStream2, TokenTree};
use quote::{quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;
use syn::{
    parse_macro_input, parse_quote, Attribute, Data, DeriveInput, Field, Fields, Index, Member,
    Token, Type,
};

/// Derives `rcgc::Trace` for a struct or an enum.
///
/// The generated implementation traces every field, in declaration order, with
/// `rcgc::Trace::trace`, except the fields marked `#[rcgc(skip)]`. For an enum it traces the
/// fields of the active variant. `MAY_CONTAIN_GC` is the `||` of the `MAY_CONTAIN_GC` of every
/// traced field's type (`false` when no field is traced), so a type made only of plain data is
/// never tracked by the collector.
///
/// Every type parameter gets a `rcgc::Trace` bound; lifetimes, const parameters and the `where`
/// clause are kept as written. Every traced field's type must implement `rcgc::Trace`.
///
/// A field whose type names the type being derived (`Option<Box<Self>>`, `Vec<Tree<T>>`) makes
/// `MAY_CONTAIN_GC` simply `true`: computing it from that field would need the constant being
/// defined, which the compiler rejects as a cycle (E0391). `true` is always a correct answer,
/// it only means the type's objects are tracked. Types that contain each other through owning
/// fields without naming themselves (`A` holds `Box<B>` and `B` holds `Box<A>`) still make such
/// a cycle: implement `Trace` by hand for one of them, with `MAY_CONTAIN_GC = true`.
///
/// # Safety of the generated implementation
///
/// `rcgc::Trace` is an `unsafe trait`. The generated implementation upholds its contract
/// because it visits each owned field exactly once, through that field's own `Trace`
/// implementation, and does nothing else: it creates, clones and drops no handle, mutates
/// nothing, and reaches nothing that the value does not own (fields are values, not shared
/// references the derive could see through). Leaving fields out with `#[rcgc(skip)]` only
/// visits fewer handles, which the contract allows. `MAY_CONTAIN_GC` is `false` only when every
/// traced field's type says it can never own a `Gc`, and skipped fields are never visited.
///
/// # Errors
///
/// The derive rejects unions (the active field is unknown), `#[repr(packed)]` types (their
/// fields cannot be borrowed), `#[rcgc(...)]` on the type or on a variant, and anything but
/// `skip` inside `#[rcgc(...)]` on a field. Each error points at the offending tokens, and all
/// of them are reported at once; a traced field whose type lacks `Trace` is reported by the
/// compiler at that field's type. `rcgc`'s compile-fail tests (`tests/ui/`) pin every message.
///
/// # Example
///
/// Not compiled here; see `rcgc::Trace` for the runnable version.
///
/// ```ignore
/// use rcgc::{Finalize, Gc, Trace};
///
/// #[derive(Trace, Finalize)]
/// enum Shape<T> {
///     Leaf(T),
///     Node { left: Gc<Shape<T>>, right: Gc<Shape<T>>, #[rcgc(skip)] name: String },
///     Empty,
/// }
///
/// // expands to:
/// unsafe impl<T: ::rcgc::Trace> ::rcgc::Trace for Shape<T> {
///     const MAY_CONTAIN_GC: bool = true; // a field names `Shape`
///     #[inline]
///     fn trace(&self, visitor: &mut ::rcgc::Visitor) {
///         match self {
///             Shape::Leaf(f0) => { ::rcgc::Trace::trace(f0, visitor); }
///             Shape::Node { left: f0, right: f1, .. } => {
///                 ::rcgc::Trace::trace(f0, visitor);
///                 ::rcgc::Trace::trace(f1, visitor);
///             }
///             Shape::Empty => {}
///         }
///     }
/// }
/// ```
#[proc_macro_derive(Trace, attributes(rcgc))]
pub fn derive_trace(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand_trace(input).unwrap_or_else(syn::Error::into_compile_error).into()
}

/// Derives `rcgc::Finalize` for a type that has no finalizer.
///
/// The generated implementation only sets `HAS_FINALIZER = false` and keeps the default
/// (empty) `finalize`, so objects of the type skip the finalization step. The generics are kept
/// as written, without extra bounds. To give a type a finalizer, write `impl Finalize` by hand
/// instead of deriving it.
///
/// `#[rcgc(...)]` attributes are ignored here; `derive(Trace)` checks them.
///
/// # Example
///
/// Not compiled here; see `rcgc::Finalize` for the runnable version.
///
/// ```ignore
/// #[derive(rcgc::Finalize)]
/// struct Wrapper<'a, T, const N: usize> where T: Copy { items: [&'a T; N] }
///
/// // expands to:
/// impl<'a, T, const N: usize> ::rcgc::Finalize for Wrapper<'a, T, N> where T: Copy {
///     const HAS_FINALIZER: bool = false;
/// }
/// ```
#[proc_macro_derive(Finalize, attributes(rcgc))]
pub fn derive_finalize(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand_finalize(input).unwrap_or_else(syn::Error::into_compile_error).into()
}

/// The expansion of `#[derive(Trace)]`.
fn expand_trace(input: DeriveInput) -> syn::Result<TokenStream2> {
    let mut errors = Errors::default();
    let name = &input.ident;

    reject_rcgc_attrs(&input.attrs, "the type", &mut errors);
    check_not_packed(&input.attrs, &mut errors);

    // Mixed-site hygiene: user field names (even one called `visitor`) cannot clash with these.
    let visitor = Ident::new("visitor", Span::mixed_site());
    // `self` must resolve to the `&self` parameter below, which has the call-site span. The
    // statements are spanned with the field's type (so that a missing `Trace` impl is reported
    // there), and a type written by a `macro_rules!` macro's caller carries another hygiene
    // context, in which a `self` token with that span names no value (E0424).
    let self_value = Ident::new("self", Span::call_site());

    // The types of the traced fields, for `MAY_CONTAIN_GC`.
    let mut traced_types: Vec<&Type> = Vec::new();

    let body = match &input.data {
        Data::Struct(data) => {
            let mut stmts = Vec::new();
            for (i, field) in data.fields.iter().enumerate() {
                if is_skipped(field, &mut errors) {
                    continue;
                }
                traced_types.push(&field.ty);
                let member = member(i, field);
                stmts.push(quote_spanned! {field.ty.span()=>
                    ::rcgc::Trace::trace(&#self_value.#member, #visitor);
                });
            }
            quote!(#(#stmts)*)
        }
        Data::Enum(data) if data.variants.is_empty() => quote!(match *self {}),
        Data::Enum(data) => {
            let mut arms = Vec::new();
            for variant in &data.variants {
                reject_rcgc_attrs(&variant.attrs, "a variant", &mut errors);
                let variant_name = &variant.ident;
                let mut stmts = Vec::new();
                let mut patterns = Vec::new();
                let mut any_skipped = false;
                for (i, field) in variant.fields.iter().enumerate() {
                    if is_skipped(field, &mut errors) {
                        any_skipped = true;
                        if matches!(variant.fields, Fields::Unnamed(_)) {
                            patterns.push(quote!(_));
                        }
                        continue;
                    }
                    traced_types.push(&field.ty);
                    let binding = Ident::new(&format!("f{i}"), Span::mixed_site());
                    patterns.push(match &field.ident {
                        Some(ident) => quote!(#ident: #binding),
                        None => quote!(#binding),
                    });
                    stmts.push(quote_spanned! {field.ty.span()=>
                        ::rcgc::Trace::trace(#binding, #visitor);
                    });
                }
                let pattern = match &variant.fields {
                    Fields::Named(_) => {
                        let rest = any_skipped.then(|| quote!(..));
                        quote!(#name::#variant_name { #(#patterns,)* #rest })
                    }
                    Fields::Unnamed(_) => quote!(#name::#variant_name(#(#patterns),*)),
                    Fields::Unit => quote!(#name::#variant_name),
                };
                arms.push(quote!(#pattern => { #(#stmts)* }));
            }
            quote! {
                match self {
                    #(#arms)*
                }
            }
        }
        Data::Union(data) => {
            return Err(syn::Error::new_spanned(
                data.union_token,
                "`#[derive(Trace)]` does not support unions: the active field is unknown; \
                 implement `rcgc::Trace` by hand",
            ));
        }
    };
    errors.finish()?;

    let may_contain_gc = may_contain_gc(name, &traced_types);
    // The parameter is unused when no field is traced; name it `_visitor` then.
    let visitor_param =
        if traced_types.is_empty() { Ident::new("_visitor", Span::mixed_site()) } else { visitor };

    let mut generics = input.generics.clone();
    for param in generics.type_params_mut() {
        param.bounds.push(parse_quote!(::rcgc::Trace));
    }
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();

    // SAFETY (of the generated impl): `trace` visits each owned, non-skipped field exactly once
    // through the field's own `Trace` impl and does nothing else; see `derive_trace`'s docs.
    Ok(quote! {
        #[automatically_derived]
        unsafe impl #impl_generics ::rcgc::Trace for #name #ty_generics #where_clause {
            const MAY_CONTAIN_GC: bool = #may_contain_gc;

            #[inline]
            fn trace(&self, #visitor_param: &mut ::rcgc::Visitor) {
                #body
            }
        }
    })
}

/// The expansion of `#[derive(Finalize)]`.
fn expand_finalize(input: DeriveInput) -> syn::Result<TokenStream2> {
    let name = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    Ok(quote! {
        #[automatically_derived]
        impl #impl_generics ::rcgc::Finalize for #name #ty_generics #where_clause {
            const HAS_FINALIZER: bool = false;
        }
    })
}

/// The value of `MAY_CONTAIN_GC`: `false` without traced fields, `true` if a traced field's type
/// names the type itself (or `Self`), else `<A as Trace>::MAY_CONTAIN_GC || ...` over the
/// distinct traced field types.
fn may_contain_gc(name: &Ident, types: &[&Type]) -> TokenStream2 {
    if types.iter().any(|ty| mentions_self(ty.to_token_stream(), name)) {
        return quote!(true);
    }
    let mut seen = Vec::new();
    let mut expr = TokenStream2::new();
    for ty in types {
        let key = ty.to_token_stream().to_string();
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        if !expr.is_empty() {
            expr.extend(quote!(||));
        }
        expr.extend(quote_spanned! {ty.span()=> <#ty as ::rcgc::Trace>::MAY_CONTAIN_GC});
    }
    if expr.is_empty() {
        quote!(false)
    } else {
        expr
    }
}

/// Whether `tokens` contain the identifier `name` or `Self` (at any depth).
fn mentions_self(tokens: TokenStream2, name: &Ident) -> bool {
    tokens.into_iter().any(|tree| match tree {
        TokenTree::Ident(ident) => ident == *name || ident == "Self",
        TokenTree::Group(group) => mentions_self(group.stream(), name),
        TokenTree::Punct(_) | TokenTree::Literal(_) => false,
    })
}

/// `self.<member>` for the `i`-th field.
fn member(i: usize, field: &Field) -> Member {
    match &field.ident {
        Some(ident) => Member::Named(ident.clone()),
        None => Member::Unnamed(Index {
            index: u32::try_from(i).expect("more than u32::MAX fields"),
            span: field.ty.span(),
        }),
    }
}

/// Whether the field carries `#[rcgc(skip)]`; reports any other `#[rcgc(...)]` content.
fn is_skipped(field: &Field, errors: &mut Errors) -> bool {
    let mut skip = false;
    for attr in field.attrs.iter().filter(|attr| attr.path().is_ident("rcgc")) {
        let mut empty = true;
        let result = attr.parse_nested_meta(|meta| {
            empty = false;
            if meta.path.is_ident("skip") {
                if !(meta.input.is_empty() || meta.input.peek(Token![,])) {
                    return Err(meta.error("`skip` takes no arguments"));
                }
                skip = true;
                Ok(())
            } else {
                Err(meta.error("unknown rcgc attribute, expected `skip`"))
            }
        });
        match result {
            Err(error) => errors.push(error),
            Ok(()) if empty => errors.push(syn::Error::new_spanned(
                attr,
                "empty rcgc attribute, expected `#[rcgc(skip)]`",
            )),
            Ok(()) => {}
        }
    }
    skip
}

/// Reports every `#[rcgc(...)]` in `attrs`: they are only allowed on fields.
fn reject_rcgc_attrs(attrs: &[Attribute], place: &str, errors: &mut Errors) {
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("rcgc")) {
        errors.push(syn::Error::new_spanned(
            attr,
            format!("`#[rcgc(...)]` is not allowed on {place}, only on fields"),
        ));
    }
}

/// Reports `#[repr(packed)]`: the generated code borrows every field, which a packed type
/// does not allow.
fn check_not_packed(attrs: &[Attribute], errors: &mut Errors) {
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("repr")) {
        // A malformed `repr` is the compiler's to report; only look for `packed`.
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("packed") {
                errors.push(meta.error(
                    "`#[derive(Trace)]` does not support `#[repr(packed)]` types: their fields \
                     cannot be borrowed; implement `rcgc::Trace` by hand",
                ));
            }
            if meta.input.peek(syn::token::Paren) {
                let content;
                syn::parenthesized!(content in meta.input);
                content.parse::<TokenStream2>()?;
            }
            Ok(())
        });
    }
}

/// Collects several errors so that one expansion reports all of them.
#[derive(Default)]
struct Errors(Option<syn::Error>);

impl Errors {
    fn push(&mut self, error: syn::Error) {
        match &mut self.0 {
            Some(errors) => errors.combine(error),
            None => self.0 = Some(error),
        }
    }

    fn finish(self) -> syn::Result<()> {
        self.0.map_or(Ok(()), Err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::format_ident;

    /// Token text without whitespace, so that token spacing (`>>` or `> >`) does not matter.
    fn norm(tokens: impl ToTokens) -> String {
        let text = tokens.to_token_stream().to_string();
        text.chars().filter(|c| !c.is_whitespace()).collect()
    }

    fn trace(input: DeriveInput) -> String {
        norm(expand_trace(input).expect("expansion failed"))
    }

    fn trace_error(input: DeriveInput) -> Vec<String> {
        expand_trace(input)
            .expect_err("expansion should fail")
            .into_iter()
            .map(|error| error.to_string())
            .collect()
    }

    /// Checks that the output is one well-formed impl item.
    fn parses(output: &TokenStream2) {
        syn::parse2::<syn::ItemImpl>(output.clone()).expect("output is not an impl item");
    }

    #[test]
    fn named_struct() {
        let input: DeriveInput = parse_quote! {
            struct Node {
                children: RefCell<Vec<Gc<Node2>>>,
                weight: u32,
            }
        };
        parses(&expand_trace(input.clone()).unwrap());
        let expected = quote! {
            #[automatically_derived]
            unsafe impl ::rcgc::Trace for Node {
                const MAY_CONTAIN_GC: bool =
                    <RefCell<Vec<Gc<Node2>>> as ::rcgc::Trace>::MAY_CONTAIN_GC
                    || <u32 as ::rcgc::Trace>::MAY_CONTAIN_GC;

                #[inline]
                fn trace(&self, visitor: &mut ::rcgc::Visitor) {
                    ::rcgc::Trace::trace(&self.children, visitor);
                    ::rcgc::Trace::trace(&self.weight, visitor);
                }
            }
        };
        assert_eq!(trace(input), norm(&expected));
    }

    #[test]
    fn tuple_struct() {
        let input: DeriveInput = parse_quote!(
            struct Pair(Gc<A>, Gc<B>);
        );
        let expected = quote! {
            #[automatically_derived]
            unsafe impl ::rcgc::Trace for Pair {
                const MAY_CONTAIN_GC: bool =
                    <Gc<A> as ::rcgc::Trace>::MAY_CONTAIN_GC
                    || <Gc<B> as ::rcgc::Trace>::MAY_CONTAIN_GC;

                #[inline]
                fn trace(&self, visitor: &mut ::rcgc::Visitor) {
                    ::rcgc::Trace::trace(&self.0, visitor);
                    ::rcgc::Trace::trace(&self.1, visitor);
                }
            }
        };
        assert_eq!(trace(input), norm(&expected));
    }

    #[test]
    fn unit_struct() {
        let input: DeriveInput = parse_quote!(
            struct Unit;
        );
        let expected = quote! {
            #[automatically_derived]
            unsafe impl ::rcgc::Trace for Unit {
                const MAY_CONTAIN_GC: bool = false;

                #[inline]
                fn trace(&self, _visitor: &mut ::rcgc::Visitor) {}
            }
        };
        assert_eq!(trace(input), norm(&expected));
    }

    #[test]
    fn duplicate_field_types_are_listed_once() {
        let input: DeriveInput = parse_quote!(
            struct Two {
                a: Gc<X>,
                b: Gc<X>,
                c: u8,
            }
        );
        let output = trace(input);
        let expected = quote! {
            const MAY_CONTAIN_GC: bool =
                <Gc<X> as ::rcgc::Trace>::MAY_CONTAIN_GC || <u8 as ::rcgc::Trace>::MAY_CONTAIN_GC;
        };
        assert!(output.contains(&norm(&expected)), "{output}");
        assert!(output.contains(&norm(quote!(&self.b))), "{output}");
    }

    #[test]
    fn generic_struct_with_where_clause() {
        let input: DeriveInput = parse_quote! {
            struct Holder<'a, T: Clone, U = i32, const N: usize = 3>
            where
                U: Default,
            {
                items: [T; N],
                other: &'a U,
            }
        };
        let output = expand_trace(input.clone()).unwrap();
        parses(&output);
        let expected = quote! {
            #[automatically_derived]
            unsafe impl<'a, T: Clone + ::rcgc::Trace, U: ::rcgc::Trace, const N: usize>
                ::rcgc::Trace for Holder<'a, T, U, N>
            where
                U: Default,
            {
                const MAY_CONTAIN_GC: bool =
                    <[T; N] as ::rcgc::Trace>::MAY_CONTAIN_GC
                    || <&'a U as ::rcgc::Trace>::MAY_CONTAIN_GC;

                #[inline]
                fn trace(&self, visitor: &mut ::rcgc::Visitor) {
                    ::rcgc::Trace::trace(&self.items, visitor);
                    ::rcgc::Trace::trace(&self.other, visitor);
                }
            }
        };
        assert_eq!(norm(&output), norm(&expected));
    }

    #[test]
    fn enum_with_all_variant_kinds() {
        let input: DeriveInput = parse_quote! {
            enum Value<T> {
                Int(i64),
                Pair { first: Gc<T>, second: Gc<T> },
                Mixed(u8, #[rcgc(skip)] String, Gc<T>),
                Named { #[rcgc(skip)] label: String, value: T },
                AllSkipped { #[rcgc(skip)] a: String },
                EmptyBraces {},
                EmptyParens(),
                Nil,
            }
        };
        let output = expand_trace(input).unwrap();
        parses(&output);
        let [f0, f1, f2] = [0_usize, 1, 2].map(|i| format_ident!("f{}", i));
        let expected = quote! {
            #[automatically_derived]
            unsafe impl<T: ::rcgc::Trace> ::rcgc::Trace for Value<T> {
                const MAY_CONTAIN_GC: bool =
                    <i64 as ::rcgc::Trace>::MAY_CONTAIN_GC
                    || <Gc<T> as ::rcgc::Trace>::MAY_CONTAIN_GC
                    || <u8 as ::rcgc::Trace>::MAY_CONTAIN_GC
                    || <T as ::rcgc::Trace>::MAY_CONTAIN_GC;

                #[inline]
                fn trace(&self, visitor: &mut ::rcgc::Visitor) {
                    match self {
                        Value::Int(#f0) => { ::rcgc::Trace::trace(#f0, visitor); }
                        Value::Pair { first: #f0, second: #f1, } => {
                            ::rcgc::Trace::trace(#f0, visitor);
                            ::rcgc::Trace::trace(#f1, visitor);
                        }
                        Value::Mixed(#f0, _, #f2) => {
                            ::rcgc::Trace::trace(#f0, visitor);
                            ::rcgc::Trace::trace(#f2, visitor);
                        }
                        Value::Named { value: #f1, .. } => {
                            ::rcgc::Trace::trace(#f1, visitor);
                        }
                        Value::AllSkipped { .. } => {}
                        Value::EmptyBraces {} => {}
                        Value::EmptyParens() => {}
                        Value::Nil => {}
                    }
                }
            }
        };
        assert_eq!(norm(&output), norm(&expected));
    }

    #[test]
    fn enum_of_unit_variants_has_unused_visitor() {
        let input: DeriveInput = parse_quote!(
            enum Color {
                Red,
                Green,
            }
        );
        let output = trace(input);
        let expected = quote! {
            const MAY_CONTAIN_GC: bool = false;

            #[inline]
            fn trace(&self, _visitor: &mut ::rcgc::Visitor) {
                match self {
                    Color::Red => {}
                    Color::Green => {}
                }
            }
        };
        assert!(output.contains(&norm(&expected)), "{output}");
    }

    #[test]
    fn empty_enum() {
        let input: DeriveInput = parse_quote!(
            enum Never {}
        );
        let output = expand_trace(input).unwrap();
        parses(&output);
        let expected = quote! {
            #[automatically_derived]
            unsafe impl ::rcgc::Trace for Never {
                const MAY_CONTAIN_GC: bool = false;

                #[inline]
                fn trace(&self, _visitor: &mut ::rcgc::Visitor) {
                    match *self {}
                }
            }
        };
        assert_eq!(norm(&output), norm(&expected));
    }

    #[test]
    fn skip_removes_field_from_trace_and_may_contain_gc() {
        let input: DeriveInput = parse_quote! {
            struct Node {
                #[rcgc(skip)]
                label: String,
                next: Option<Gc<Other>>,
                #[rcgc(skip)]
                #[doc = "not traced"]
                cache: Vec<u8>,
            }
        };
        let output = trace(input);
        let expected = quote! {
            const MAY_CONTAIN_GC: bool = <Option<Gc<Other>> as ::rcgc::Trace>::MAY_CONTAIN_GC;

            #[inline]
            fn trace(&self, visitor: &mut ::rcgc::Visitor) {
                ::rcgc::Trace::trace(&self.next, visitor);
            }
        };
        assert!(output.contains(&norm(&expected)), "{output}");
        assert!(!output.contains("String"), "{output}");
        assert!(!output.contains("label"), "{output}");
        assert!(!output.contains("cache"), "{output}");
    }

    #[test]
    fn skip_in_tuple_struct_keeps_indices() {
        let input: DeriveInput = parse_quote!(
            struct T(#[rcgc(skip)] String, Gc<X>);
        );
        let output = trace(input);
        assert!(
            output.contains(&norm(quote!(::rcgc::Trace::trace(&self.1, visitor);))),
            "{output}"
        );
        assert!(!output.contains("self.0"), "{output}");
    }

    #[test]
    fn all_fields_skipped() {
        let input: DeriveInput = parse_quote!(
            struct S {
                #[rcgc(skip)]
                a: String,
            }
        );
        let output = trace(input);
        let expected = quote! {
            const MAY_CONTAIN_GC: bool = false;

            #[inline]
            fn trace(&self, _visitor: &mut ::rcgc::Visitor) {}
        };
        assert!(output.contains(&norm(&expected)), "{output}");
    }

    #[test]
    fn self_referential_field_makes_may_contain_gc_true() {
        for input in [
            parse_quote!(
                struct List {
                    value: i32,
                    next: Option<Box<List>>,
                }
            ),
            parse_quote!(
                struct List {
                    value: i32,
                    next: Option<Box<Self>>,
                }
            ),
            parse_quote!(
                enum Tree<T> {
                    Leaf(T),
                    Node(Vec<Tree<T>>),
                }
            ),
        ] {
            let output = trace(input);
            assert!(
                output.contains(&norm(quote!(
                    const MAY_CONTAIN_GC: bool = true;
                ))),
                "{output}"
            );
        }
        // A skipped self-referential field does not count.
        let output = trace(parse_quote!(
            struct L {
                v: u8,
                #[rcgc(skip)]
                next: Box<L>,
            }
        ));
        assert!(
            output.contains(&norm(quote!(
                const MAY_CONTAIN_GC: bool = <u8 as ::rcgc::Trace>::MAY_CONTAIN_GC;
            ))),
            "{output}"
        );
    }

    #[test]
    fn field_named_visitor_or_raw_identifier() {
        let input: DeriveInput = parse_quote! {
            enum E { V { visitor: Gc<X>, r#type: Gc<Y> } }
        };
        let output = trace(input);
        let [f0, f1] = [0_usize, 1].map(|i| format_ident!("f{}", i));
        let expected = quote!(E::V { visitor: #f0, r#type: #f1, } => {
            ::rcgc::Trace::trace(#f0, visitor);
            ::rcgc::Trace::trace(#f1, visitor);
        });
        assert!(output.contains(&norm(&expected)), "{output}");

        let output = trace(parse_quote!(
            struct S {
                r#type: Gc<X>,
            }
        ));
        assert!(output.contains(&norm(quote!(&self.r#type))), "{output}");
    }

    #[test]
    fn unknown_attribute_is_an_error() {
        let input: DeriveInput = parse_quote! {
            struct S {
                #[rcgc(untraced)]
                a: u8,
            }
        };
        assert_eq!(trace_error(input), ["unknown rcgc attribute, expected `skip`"]);
    }

    #[test]
    fn errors_become_compile_error() {
        let input: DeriveInput = parse_quote!(
            struct S {
                #[rcgc(trace_me)]
                a: u8,
            }
        );
        let tokens = expand_trace(input).unwrap_err().into_compile_error();
        let expected = quote!(::core::compile_error! {
            "unknown rcgc attribute, expected `skip`"
        });
        assert_eq!(norm(&tokens), norm(&expected));
    }

    #[test]
    fn malformed_attributes_are_errors() {
        let input: DeriveInput = parse_quote! {
            #[rcgc(skip)]
            enum E {
                #[rcgc(skip)]
                A(
                    #[rcgc(skip = true)] u8,
                    #[rcgc] u8,
                    #[rcgc()] u8,
                    #[rcgc(skip, other)] u8,
                ),
            }
        };
        assert_eq!(
            trace_error(input),
            [
                "`#[rcgc(...)]` is not allowed on the type, only on fields",
                "`#[rcgc(...)]` is not allowed on a variant, only on fields",
                "`skip` takes no arguments",
                "expected attribute arguments in parentheses: #[rcgc(...)]",
                "empty rcgc attribute, expected `#[rcgc(skip)]`",
                "unknown rcgc attribute, expected `skip`",
            ]
        );
    }

    #[test]
    fn union_is_an_error() {
        let input: DeriveInput = parse_quote!(union U { a: u32, b: f32 });
        let errors = trace_error(input);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].contains("does not support unions"), "{errors:?}");
    }

    #[test]
    fn packed_is_an_error() {
        let input: DeriveInput = parse_quote! {
            #[repr(C, packed(2), align(4))]
            struct P { a: u32 }
        };
        let errors = trace_error(input);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].contains("repr(packed)"), "{errors:?}");

        // Other reprs are fine.
        let input: DeriveInput = parse_quote!(
            #[repr(C, align(8))]
            struct Q {
                a: u32,
            }
        );
        parses(&expand_trace(input).unwrap());
    }

    #[test]
    fn finalize_plain() {
        let input: DeriveInput = parse_quote!(
            struct S {
                #[rcgc(skip)]
                a: u8,
            }
        );
        let expected = quote! {
            #[automatically_derived]
            impl ::rcgc::Finalize for S {
                const HAS_FINALIZER: bool = false;
            }
        };
        let output = expand_finalize(input).unwrap();
        parses(&output);
        assert_eq!(norm(&output), norm(&expected));
    }

    #[test]
    fn finalize_keeps_generics_without_extra_bounds() {
        let input: DeriveInput = parse_quote! {
            enum E<'a, T: Copy, const N: usize = 1> where T: 'a { A(&'a [T; N]) }
        };
        let expected = quote! {
            #[automatically_derived]
            impl<'a, T: Copy, const N: usize> ::rcgc::Finalize for E<'a, T, N> where T: 'a {
                const HAS_FINALIZER: bool = false;
            }
        };
        assert_eq!(norm(expand_finalize(input).unwrap()), norm(&expected));
    }

    #[test]
    fn finalize_accepts_unions() {
        let input: DeriveInput = parse_quote!(union U { a: u32 });
        parses(&expand_finalize(input).unwrap());
    }
}
