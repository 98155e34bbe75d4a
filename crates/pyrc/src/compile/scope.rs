//! Symbol analysis (CPython's `symtable`): which names are locals, cells (locals captured by
//! an inner scope), free variables (captured from an outer function) or globals, for every
//! function, lambda, comprehension and class body of a module.
//!
//! Scopes are keyed by the address of their AST node; the AST is kept in `Rc`s for as long as
//! code runs, so the addresses are stable.

use std::collections::HashSet;

use rustc_hash::FxHashMap;
use std::rc::Rc;

use crate::compile::ast::{self, Expr, Stmt};

/// Where a name lives at run time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Binding {
    /// `fast[i]` of the frame.
    Local(usize),
    /// `fast[i]` holds a cell object (the variable is captured by an inner scope).
    Cell(usize),
    /// `closure[i]` of the function: a cell of an enclosing scope.
    Free(usize),
    /// The module namespace, then builtins.
    Global,
    /// A class body: its namespace, then globals/builtins.
    ClassNamespace,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeKind {
    Module,
    Function,
    Class,
    Comprehension,
}

/// The analysed scope of one code block.
#[derive(Debug)]
pub struct ScopeInfo {
    pub kind: ScopeKind,
    bindings: FxHashMap<ast::Name, Binding>,
    /// Number of `fast` slots.
    pub slots: usize,
    /// Slots (with their names) that hold cells, to create at frame entry.
    pub cell_slots: Vec<(usize, ast::Name)>,
    /// Names of the free variables, in closure order.
    pub freevars: Vec<ast::Name>,
    /// Child scopes, by AST node address.
    children: FxHashMap<usize, Rc<ScopeInfo>>,
    /// The body mentions `super` (so the function needs its defining class).
    pub uses_super: bool,
    /// `__qualname__` of the function or class this scope is the body of (empty for the
    /// module), computed as CPython's compiler does: a definition at module level is its
    /// name; in a class, the class's qualname, a dot and the name; in a function or lambda,
    /// the function's qualname, `.<locals>.` and the name; in a comprehension, its qualname
    /// (`<listcomp>`...), a dot and the name; a function or class whose name the enclosing
    /// function or class declares `global` is its name alone.
    pub qualname: ast::Name,
}

impl ScopeInfo {
    /// Where `name` lives in this scope.
    pub fn binding(&self, name: &str) -> Binding {
        match self.bindings.get(name) {
            Some(binding) => *binding,
            None if self.kind == ScopeKind::Class => Binding::ClassNamespace,
            None => Binding::Global,
        }
    }

    /// The scope of a nested function, class or comprehension node.
    pub fn child(&self, node: usize) -> Option<Rc<ScopeInfo>> {
        self.children.get(&node).cloned()
    }

    /// The slot of a parameter or local (for binding arguments).
    /// Every local and cell variable with its slot.
    pub fn local_slots(&self) -> Vec<(ast::Name, usize)> {
        let mut slots: Vec<(ast::Name, usize)> = self
            .bindings
            .iter()
            .filter_map(|(name, binding)| match binding {
                Binding::Local(i) | Binding::Cell(i) => Some((name.clone(), *i)),
                _ => None,
            })
            .collect();
        slots.sort_by_key(|(_, slot)| *slot);
        slots
    }

    pub fn slot_of(&self, name: &str) -> Option<usize> {
        match self.bindings.get(name)? {
            Binding::Local(i) | Binding::Cell(i) => Some(*i),
            _ => None,
        }
    }
}

/// Key of a node for `ScopeInfo::child`.
pub fn key<T>(node: &T) -> usize {
    node as *const T as usize
}

/// A scope being collected (pass 1).
struct Raw {
    kind: ScopeKind,
    node: usize,
    /// The definition's name (`<lambda>`, `<listcomp>`... for the anonymous ones).
    name: ast::Name,
    /// Parameters in order (functions).
    params: Vec<ast::Name>,
    bound: Vec<ast::Name>,
    bound_set: HashSet<ast::Name>,
    used: HashSet<ast::Name>,
    globals: HashSet<ast::Name>,
    nonlocals: HashSet<ast::Name>,
    children: Vec<Raw>,
}

impl Raw {
    fn new(kind: ScopeKind, node: usize, name: ast::Name) -> Raw {
        Raw {
            kind,
            node,
            name,
            params: Vec::new(),
            bound: Vec::new(),
            bound_set: HashSet::new(),
            used: HashSet::new(),
            globals: HashSet::new(),
            nonlocals: HashSet::new(),
            children: Vec::new(),
        }
    }

    fn bind(&mut self, name: &ast::Name) {
        if self.bound_set.insert(name.clone()) {
            self.bound.push(name.clone());
        }
    }

    fn use_name(&mut self, name: &ast::Name) {
        self.used.insert(name.clone());
    }
}

/// A `nonlocal` that names no enclosing binding, and similar errors found by the analysis.
#[derive(Debug, Clone)]
pub struct ScopeError {
    pub message: String,
    pub location: ast::Location,
}

/// Analyses a module: returns its scope (whose children are the top-level functions, classes
/// and comprehensions, recursively).
pub fn analyze_module(module: &ast::Module) -> Result<Rc<ScopeInfo>, ScopeError> {
    let mut raw = Raw::new(ScopeKind::Module, key(module), "".into());
    let mut collector = Collector { errors: Vec::new() };
    collector.block(&mut raw, &module.body);
    if let Some(error) = collector.errors.into_iter().next() {
        return Err(error);
    }
    let (info, _) = resolve(raw, &[], None)?;
    Ok(info)
}

struct Collector {
    errors: Vec<ScopeError>,
}

impl Collector {
    fn block(&mut self, scope: &mut Raw, body: &[Stmt]) {
        for stmt in body {
            self.stmt(scope, stmt);
        }
    }

    fn target(&mut self, scope: &mut Raw, target: &Expr) {
        match target {
            Expr::Name { id, .. } => scope.bind(id),
            Expr::Tuple { elts, .. } | Expr::List { elts, .. } => {
                for elt in elts {
                    self.target(scope, elt);
                }
            }
            Expr::Starred { value, .. } => self.target(scope, value),
            other => self.expr(scope, other),
        }
    }

    fn stmt(&mut self, scope: &mut Raw, stmt: &Stmt) {
        match stmt {
            Stmt::Expr { value, .. } => self.expr(scope, value),
            Stmt::Assign { targets, value, .. } => {
                self.expr(scope, value);
                for target in targets {
                    self.target(scope, target);
                }
            }
            Stmt::AugAssign { target, value, .. } => {
                self.expr(scope, value);
                if let Expr::Name { id, .. } = target {
                    scope.use_name(id);
                }
                self.target(scope, target);
            }
            Stmt::AnnAssign { target, annotation, value, .. } => {
                if scope.kind != ScopeKind::Function {
                    self.expr(scope, annotation);
                }
                if let Some(value) = value {
                    self.expr(scope, value);
                    self.target(scope, target);
                } else if let Expr::Name { id, .. } = target {
                    // `x: int` alone makes `x` local in a function.
                    scope.bind(id);
                } else {
                    self.expr(scope, target);
                }
            }
            Stmt::FunctionDef(def) => {
                for decorator in &def.decorators {
                    self.expr(scope, decorator);
                }
                self.defaults(scope, &def.params);
                scope.bind(&def.name);
                let child = self.function(def);
                scope.children.push(child);
            }
            Stmt::ClassDef(class) => {
                for decorator in &class.decorators {
                    self.expr(scope, decorator);
                }
                for base in &class.bases {
                    self.expr(scope, base);
                }
                for keyword in &class.keywords {
                    self.expr(scope, &keyword.value);
                }
                scope.bind(&class.name);
                let mut child = Raw::new(ScopeKind::Class, key(&**class), class.name.clone());
                self.block(&mut child, &class.body);
                scope.children.push(child);
            }
            Stmt::Return { value, .. } => {
                if let Some(value) = value {
                    self.expr(scope, value);
                }
            }
            Stmt::Delete { targets, .. } => {
                for target in targets {
                    self.target(scope, target);
                }
            }
            Stmt::If { test, body, orelse, .. } | Stmt::While { test, body, orelse, .. } => {
                self.expr(scope, test);
                self.block(scope, body);
                self.block(scope, orelse);
            }
            Stmt::For { target, iter, body, orelse, .. } => {
                self.expr(scope, iter);
                self.target(scope, target);
                self.block(scope, body);
                self.block(scope, orelse);
            }
            Stmt::Break { .. } | Stmt::Continue { .. } | Stmt::Pass { .. } => {}
            Stmt::Raise { exc, cause, .. } => {
                for e in exc.iter().chain(cause.iter()) {
                    self.expr(scope, e);
                }
            }
            Stmt::Try { body, handlers, orelse, finalbody, .. } => {
                self.block(scope, body);
                for handler in handlers {
                    if let Some(typ) = &handler.typ {
                        self.expr(scope, typ);
                    }
                    if let Some(name) = &handler.name {
                        scope.bind(name);
                    }
                    self.block(scope, &handler.body);
                }
                self.block(scope, orelse);
                self.block(scope, finalbody);
            }
            Stmt::With { items, body, .. } => {
                for item in items {
                    self.expr(scope, &item.context_expr);
                    if let Some(target) = &item.optional_vars {
                        self.target(scope, target);
                    }
                }
                self.block(scope, body);
            }
            Stmt::Assert { test, msg, .. } => {
                self.expr(scope, test);
                if let Some(msg) = msg {
                    self.expr(scope, msg);
                }
            }
            Stmt::Import { names, .. } => {
                for alias in names {
                    let bound = match &alias.asname {
                        Some(asname) => asname.clone(),
                        None => alias.name.split('.').next().unwrap_or("").into(),
                    };
                    scope.bind(&bound);
                }
            }
            Stmt::ImportFrom { names, .. } => {
                for alias in names {
                    if &*alias.name != "*" {
                        scope.bind(alias.asname.as_ref().unwrap_or(&alias.name));
                    }
                }
            }
            Stmt::Global { names, location } => {
                for name in names {
                    if scope.bound_set.contains(name) || scope.used.contains(name) {
                        self.errors.push(ScopeError {
                            message: format!("name '{name}' is used prior to global declaration"),
                            location: *location,
                        });
                    }
                    scope.globals.insert(name.clone());
                }
            }
            Stmt::Nonlocal { names, location } => {
                if scope.kind == ScopeKind::Module {
                    self.errors.push(ScopeError {
                        message: "nonlocal declaration not allowed at module level".into(),
                        location: *location,
                    });
                }
                for name in names {
                    scope.nonlocals.insert(name.clone());
                }
            }
            Stmt::Match { subject, cases, .. } => {
                self.expr(scope, subject);
                for case in cases {
                    self.pattern(scope, &case.pattern);
                    if let Some(guard) = &case.guard {
                        self.expr(scope, guard);
                    }
                    self.block(scope, &case.body);
                }
            }
            Stmt::Unsupported { .. } => {}
        }
    }

    /// A `case` pattern: its captures are assignments, its values and classes loads.
    fn pattern(&mut self, scope: &mut Raw, pattern: &ast::Pattern) {
        use ast::Pattern as P;
        match pattern {
            P::Value { value, .. } => self.expr(scope, value),
            P::Singleton { .. } => {}
            P::Sequence { patterns, .. } | P::Or { patterns, .. } => {
                for p in patterns {
                    self.pattern(scope, p);
                }
            }
            P::Mapping { keys, patterns, rest, .. } => {
                for key in keys {
                    self.expr(scope, key);
                }
                for p in patterns {
                    self.pattern(scope, p);
                }
                if let Some(rest) = rest {
                    scope.bind(rest);
                }
            }
            P::Class { cls, patterns, kwd_patterns, .. } => {
                self.expr(scope, cls);
                for p in patterns.iter().chain(kwd_patterns) {
                    self.pattern(scope, p);
                }
            }
            P::Star { name, .. } => {
                if let Some(name) = name {
                    scope.bind(name);
                }
            }
            P::As { pattern, name, .. } => {
                if let Some(p) = pattern {
                    self.pattern(scope, p);
                }
                if let Some(name) = name {
                    scope.bind(name);
                }
            }
        }
    }

    fn defaults(&mut self, scope: &mut Raw, params: &ast::Parameters) {
        for param in params.posonly.iter().chain(&params.args).chain(&params.kwonly) {
            if let Some(default) = &param.default {
                self.expr(scope, default);
            }
        }
    }

    fn function(&mut self, def: &Rc<ast::FunctionDef>) -> Raw {
        let mut child = Raw::new(ScopeKind::Function, key(&**def), def.name.clone());
        for name in def.params.names() {
            child.params.push(name.clone());
            child.bind(name);
        }
        self.block(&mut child, &def.body);
        child
    }

    fn comprehension(
        &mut self,
        scope: &mut Raw,
        node: usize,
        name: &str,
        generators: &[ast::Comprehension],
        elts: &[&Expr],
    ) {
        // The first iterable is evaluated in the enclosing scope.
        if let Some(first) = generators.first() {
            self.expr(scope, &first.iter);
        }
        let mut child = Raw::new(ScopeKind::Comprehension, node, name.into());
        child.params.push(".0".into());
        child.bind(&".0".into());
        for (i, generator) in generators.iter().enumerate() {
            if i > 0 {
                self.expr(&mut child, &generator.iter);
            }
            self.target(&mut child, &generator.target);
            for condition in &generator.ifs {
                self.expr(&mut child, condition);
            }
        }
        for elt in elts {
            self.expr(&mut child, elt);
        }
        scope.children.push(child);
    }

    fn expr(&mut self, scope: &mut Raw, expr: &Expr) {
        match expr {
            Expr::Name { id, .. } => scope.use_name(id),
            Expr::Constant { .. } | Expr::Unsupported { .. } => {}
            Expr::FString { parts, .. } => self.fstring(scope, parts),
            Expr::Tuple { elts, .. } | Expr::List { elts, .. } | Expr::Set { elts, .. } => {
                for elt in elts {
                    self.expr(scope, elt);
                }
            }
            Expr::Dict { items, .. } => {
                for item in items {
                    if let Some(k) = &item.key {
                        self.expr(scope, k);
                    }
                    self.expr(scope, &item.value);
                }
            }
            Expr::Starred { value, .. } => self.expr(scope, value),
            Expr::Attribute { value, .. } => self.expr(scope, value),
            Expr::Subscript { value, index, .. } => {
                self.expr(scope, value);
                self.expr(scope, index);
            }
            Expr::Slice { lower, upper, step, .. } => {
                for part in [lower, upper, step].into_iter().flatten() {
                    self.expr(scope, part);
                }
            }
            Expr::Call { func, args, keywords, .. } => {
                self.expr(scope, func);
                for arg in args {
                    self.expr(scope, arg);
                }
                for keyword in keywords {
                    self.expr(scope, &keyword.value);
                }
            }
            Expr::BinOp { left, right, .. } => {
                self.expr(scope, left);
                self.expr(scope, right);
            }
            Expr::UnaryOp { operand, .. } => self.expr(scope, operand),
            Expr::BoolOp { values, .. } => {
                for value in values {
                    self.expr(scope, value);
                }
            }
            Expr::Compare { left, comparators, .. } => {
                self.expr(scope, left);
                for c in comparators {
                    self.expr(scope, c);
                }
            }
            Expr::IfExp { test, body, orelse, .. } => {
                self.expr(scope, test);
                self.expr(scope, body);
                self.expr(scope, orelse);
            }
            Expr::Lambda { func, .. } => {
                self.defaults(scope, &func.params);
                let child = self.function(func);
                scope.children.push(child);
            }
            Expr::ListComp { elt, generators, .. } => {
                self.comprehension(scope, key(expr), "<listcomp>", generators, &[elt]);
            }
            Expr::SetComp { elt, generators, .. } => {
                self.comprehension(scope, key(expr), "<setcomp>", generators, &[elt]);
            }
            Expr::GeneratorExp { elt, generators, .. } => {
                self.comprehension(scope, key(expr), "<genexpr>", generators, &[elt]);
            }
            Expr::DictComp { key: k, value, generators, .. } => {
                self.comprehension(scope, key(expr), "<dictcomp>", generators, &[k, value]);
            }
            Expr::Yield { value, .. } => {
                if let Some(value) = value {
                    self.expr(scope, value);
                }
            }
            Expr::YieldFrom { value, .. } | Expr::Await { value, .. } => self.expr(scope, value),
            Expr::NamedExpr { target, value, .. } => {
                self.expr(scope, value);
                // In a comprehension the target binds in the enclosing function; approximated
                // here by binding in the current scope.
                scope.bind(target);
            }
        }
    }

    fn fstring(&mut self, scope: &mut Raw, parts: &[ast::FStringPart]) {
        for part in parts {
            if let ast::FStringPart::Formatted(field) = part {
                self.expr(scope, &field.value);
                if let Some(spec) = &field.format_spec {
                    self.fstring(scope, spec);
                }
            }
        }
    }
}

/// Pass 2: decides bindings. `enclosing` lists the names bound by each enclosing function
/// scope (innermost last). Returns the scope and the names it needs from outside (free).
/// What a scope's qualname depends on in its parent: the parent's kind, qualname and `global`
/// declarations.
struct Parent<'a> {
    kind: ScopeKind,
    qualname: &'a ast::Name,
    globals: &'a HashSet<ast::Name>,
}

fn qualname_in(parent: Option<&Parent<'_>>, kind: ScopeKind, name: &ast::Name) -> ast::Name {
    let Some(parent) = parent else { return name.clone() };
    let defines = matches!(kind, ScopeKind::Function | ScopeKind::Class);
    let in_definition = matches!(parent.kind, ScopeKind::Function | ScopeKind::Class);
    if parent.kind == ScopeKind::Module
        || (defines && in_definition && parent.globals.contains(name))
    {
        return name.clone();
    }
    match parent.kind {
        ScopeKind::Function => format!("{}.<locals>.{name}", parent.qualname).into(),
        _ => format!("{}.{name}", parent.qualname).into(),
    }
}

fn resolve(
    raw: Raw,
    enclosing: &[&HashSet<ast::Name>],
    parent: Option<&Parent<'_>>,
) -> Result<(Rc<ScopeInfo>, Vec<ast::Name>), ScopeError> {
    let Raw { kind, node: _, name, params, bound, globals, nonlocals, used, children, .. } = raw;
    let qualname =
        if kind == ScopeKind::Module { name.clone() } else { qualname_in(parent, kind, &name) };
    let is_function = matches!(kind, ScopeKind::Function | ScopeKind::Comprehension);

    // Names local to this scope.
    let locals: Vec<ast::Name> = match kind {
        ScopeKind::Module => Vec::new(),
        _ => {
            let mut names: Vec<ast::Name> = params.clone();
            for name in &bound {
                if !globals.contains(name) && !nonlocals.contains(name) && !names.contains(name) {
                    names.push(name.clone());
                }
            }
            names
        }
    };
    let local_set: HashSet<ast::Name> = locals.iter().cloned().collect();

    // Children see this scope's locals if it is a function (class scopes are skipped).
    let mut child_env: Vec<&HashSet<ast::Name>> = enclosing.to_vec();
    if is_function {
        child_env.push(&local_set);
    }
    let mut child_infos = FxHashMap::default();
    let mut needed_by_children: Vec<ast::Name> = Vec::new();
    for child in children {
        let node = child.node;
        let this = Parent { kind, qualname: &qualname, globals: &globals };
        let (info, free) = resolve(child, &child_env, Some(&this))?;
        child_infos.insert(node, info);
        for name in free {
            if !needed_by_children.contains(&name) {
                needed_by_children.push(name);
            }
        }
    }

    let visible_outside = |name: &ast::Name| enclosing.iter().any(|set| set.contains(name));
    let mut freevars: Vec<ast::Name> = Vec::new();
    for name in &nonlocals {
        if !visible_outside(name) {
            return Err(ScopeError {
                message: format!("no binding for nonlocal '{name}' found"),
                location: ast::Location::default(),
            });
        }
        freevars.push(name.clone());
    }
    if kind != ScopeKind::Module {
        let mut candidates: Vec<&ast::Name> = used.iter().collect();
        candidates.sort();
        candidates.extend(needed_by_children.iter());
        for name in candidates {
            let local_here =
                local_set.contains(name) && (is_function || !needed_by_children.contains(name));
            if globals.contains(name) || local_here || freevars.contains(name) {
                continue;
            }
            if visible_outside(name) {
                freevars.push(name.clone());
            }
        }
    }

    let mut bindings = FxHashMap::default();
    let mut cell_slots = Vec::new();
    if is_function {
        for (slot, name) in locals.iter().enumerate() {
            if needed_by_children.contains(name) {
                cell_slots.push((slot, name.clone()));
                bindings.insert(name.clone(), Binding::Cell(slot));
            } else {
                bindings.insert(name.clone(), Binding::Local(slot));
            }
        }
    }
    for name in &globals {
        bindings.insert(name.clone(), Binding::Global);
    }
    for (i, name) in freevars.iter().enumerate() {
        // In a class body a name it binds itself stays in its namespace for the body's own
        // uses; the outer cell only passes through to nested functions.
        if kind == ScopeKind::Class && local_set.contains(name) {
            continue;
        }
        bindings.insert(name.clone(), Binding::Free(i));
    }
    let uses_super = used.contains("super");
    let info = ScopeInfo {
        qualname,
        uses_super,
        kind,
        bindings,
        slots: if is_function { locals.len() } else { 0 },
        cell_slots,
        freevars: freevars.clone(),
        children: child_infos,
    };
    Ok((Rc::new(info), freevars))
}
