//! `posix.scandir` and `os.DirEntry` (CPython's `ScandirIterator` and `DirEntry`): the
//! directory is read when `scandir` is called (names, inode numbers and the `d_type` the
//! system gives, so `is_dir()`/`is_file()`/`is_symlink()` usually need no `stat`); each entry
//! caches its `stat` and `lstat` results, as CPython's. The iterator is a context manager
//! whose `close()` drops the entries not yet seen.

use std::cell::RefCell;
use std::ffi::CStr;

use crate::object::error::{ExcInfo, Res};
use crate::object::exceptions::ExcKind;
use crate::object::native::{Args, MethodDef};
use crate::object::native_type::{state_of, AttrDef, NativeClassDef, NativeObject};
use crate::object::runtime::{self as rt, type_error};
use crate::object::{Kind, PyRef};
use crate::types::native_class::{make_class, new_object};
use crate::types::ops;

use super::{bind, follow, last_error, name_object, path_arg, PathArg};

/// One directory entry: what `readdir` told.
struct Entry {
    name: Vec<u8>,
    ino: u64,
    d_type: u8,
}

/// The state of a `ScandirIterator`.
struct Scandir {
    entries: RefCell<std::vec::IntoIter<Entry>>,
    /// The directory as given (`None`: the current directory, `'.'`).
    directory: Vec<u8>,
    is_bytes: bool,
}

impl NativeObject for Scandir {
    fn trace(&self, _visitor: &mut rcgc::Visitor) {}
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// The state of a `DirEntry`.
struct DirEntry {
    name: PyRef,
    path: PyRef,
    path_bytes: Vec<u8>,
    ino: u64,
    d_type: u8,
    stat: RefCell<Option<PyRef>>,
    lstat: RefCell<Option<PyRef>>,
}

impl NativeObject for DirEntry {
    fn trace(&self, visitor: &mut rcgc::Visitor) {
        if let Some(stat) = &*self.stat.borrow() {
            visitor.visit(stat);
        }
        if let Some(lstat) = &*self.lstat.borrow() {
            visitor.visit(lstat);
        }
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

static SCANDIR_ITERATOR: NativeClassDef = NativeClassDef {
    name: "ScandirIterator",
    module: "posix",
    new: None,
    methods: &[
        MethodDef { name: "__iter__", function: |a| Ok(a.arg(0)) },
        MethodDef { name: "__next__", function: next },
        MethodDef { name: "close", function: close },
        MethodDef { name: "__enter__", function: |a| Ok(a.arg(0)) },
        MethodDef { name: "__exit__", function: close },
    ],
    class_methods: &[],
    attributes: &[],
    has_dict: false,
    subclassable: false,
    item_slots: None,
};

static DIR_ENTRY: NativeClassDef = NativeClassDef {
    name: "DirEntry",
    module: "posix",
    new: None,
    methods: &[
        MethodDef {
            name: "is_dir",
            function: |a| is_type(a, "is_dir", libc::DT_DIR, libc::S_IFDIR),
        },
        MethodDef {
            name: "is_file",
            function: |a| is_type(a, "is_file", libc::DT_REG, libc::S_IFREG),
        },
        MethodDef { name: "is_symlink", function: is_symlink },
        MethodDef { name: "is_junction", function: |_| Ok(rt::boolean(false)) },
        MethodDef { name: "stat", function: stat },
        MethodDef { name: "inode", function: inode },
        MethodDef { name: "__fspath__", function: |a| Ok(entry(&a)?.path.clone()) },
        MethodDef { name: "__repr__", function: repr },
    ],
    class_methods: &[],
    attributes: &[
        AttrDef { name: "name", get: |a| Ok(entry(&a)?.name.clone()), set: None },
        AttrDef { name: "path", get: |a| Ok(entry(&a)?.path.clone()), set: None },
    ],
    has_dict: false,
    subclassable: false,
    item_slots: None,
};

thread_local! {
    static CLASSES: [PyRef; 2] = [make_class(&SCANDIR_ITERATOR, vec![]), make_class(&DIR_ENTRY, vec![])];
}

/// `os.DirEntry`.
pub(super) fn dir_entry_class() -> PyRef {
    CLASSES.with(|c| c[1].clone())
}

/// `scandir(path='.')`.
pub(super) fn scandir(a: Args) -> Res<PyRef> {
    let values = bind(&a, "scandir", &["path"], 0)?;
    let given = values[0].as_ref().filter(|p| !matches!(p.kind, Kind::None));
    let path = match given {
        Some(path) => path_arg(path, "scandir", "path")?,
        None => path_arg(&rt::str("."), "scandir", "path")?,
    };
    let entries = read_entries(&path)?;
    let directory = if given.is_some() { path.c.as_bytes().to_vec() } else { b".".to_vec() };
    let state =
        Scandir { entries: RefCell::new(entries.into_iter()), directory, is_bytes: path.is_bytes };
    Ok(new_object(&CLASSES.with(|c| c[0].clone()), state))
}

fn read_entries(path: &PathArg) -> Res<Vec<Entry>> {
    // SAFETY: the path is NUL-terminated and alive across the call.
    let dir = unsafe { libc::opendir(path.c.as_ptr()) };
    if dir.is_null() {
        return Err(last_error(Some(&path.object)));
    }
    let mut entries = Vec::new();
    loop {
        // SAFETY: `dir` is an open directory stream until `closedir` below.
        let entry = unsafe { libc::readdir(dir) };
        if entry.is_null() {
            break;
        }
        // SAFETY: `readdir` returned a valid entry, read before the next `readdir`.
        let (name, ino, d_type) = unsafe {
            let e = &*entry;
            (CStr::from_ptr(e.d_name.as_ptr()).to_bytes().to_vec(), e.d_ino, e.d_type)
        };
        if name != b"." && name != b".." {
            entries.push(Entry { name, ino, d_type });
        }
    }
    // SAFETY: `dir` is open and closed exactly once.
    unsafe { libc::closedir(dir) };
    Ok(entries)
}

fn next(a: Args) -> Res<PyRef> {
    let (_, it) = state_of::<Scandir>(&a, &SCANDIR_ITERATOR)?;
    let Some(e) = it.entries.borrow_mut().next() else {
        return Err(ExcInfo::new(rt::exception_of(
            rt::exception_class(ExcKind::StopIteration),
            vec![],
        )));
    };
    let mut path_bytes = it.directory.clone();
    if !path_bytes.ends_with(b"/") {
        path_bytes.push(b'/');
    }
    path_bytes.extend_from_slice(&e.name);
    let state = DirEntry {
        name: name_object(&e.name, it.is_bytes),
        path: name_object(&path_bytes, it.is_bytes),
        path_bytes,
        ino: e.ino,
        d_type: e.d_type,
        stat: RefCell::new(None),
        lstat: RefCell::new(None),
    };
    Ok(new_object(&dir_entry_class(), state))
}

fn close(a: Args) -> Res<PyRef> {
    let (_, it) = state_of::<Scandir>(&a, &SCANDIR_ITERATOR)?;
    *it.entries.borrow_mut() = Vec::new().into_iter();
    Ok(rt::none())
}

fn entry<'a>(a: &'a Args) -> Res<&'a DirEntry> {
    Ok(state_of::<DirEntry>(a, &DIR_ENTRY)?.1)
}

/// The entry's `stat` (`follow`) or `lstat`, made once and kept.
fn entry_stat(e: &DirEntry, follow: bool) -> Res<PyRef> {
    // An entry that is not a link has one answer for both.
    let through_link = follow && (e.d_type == libc::DT_LNK || e.d_type == libc::DT_UNKNOWN);
    let cache = if through_link { &e.stat } else { &e.lstat };
    if let Some(result) = &*cache.borrow() {
        return Ok(result.clone());
    }
    let path = PathArg {
        object: e.path.clone(),
        c: std::ffi::CString::new(e.path_bytes.clone())
            .map_err(|_| ExcInfo::new(rt::exception(ExcKind::ValueError, "embedded null byte")))?,
        is_bytes: false,
    };
    let result = super::fs::stat_result(&super::fs::stat_path(&path, through_link)?);
    *cache.borrow_mut() = Some(result.clone());
    Ok(result)
}

/// `stat(*, follow_symlinks=True)`.
fn stat(a: Args) -> Res<PyRef> {
    let e = entry(&a)?;
    let follow = follow_argument(&a, "stat")?;
    entry_stat(e, follow)
}

fn follow_argument(a: &Args, function: &str) -> Res<bool> {
    if a.positional.len() > 1 {
        return type_error(format!("{function}() takes no positional arguments"));
    }
    let values = crate::object::native::bind_arguments(
        function,
        &[],
        &a.keywords,
        &["follow_symlinks"],
        0,
        &[],
    )?;
    follow(&values[0])
}

/// The mode bits of the entry's file type, `stat`ing when the directory did not tell.
fn mode_of(e: &DirEntry, follow: bool) -> Res<Option<u32>> {
    match entry_stat(e, follow) {
        Ok(result) => {
            let mode = crate::types::attr::getattr(&result, "st_mode")?;
            Ok(Some(ops::to_index(&mode)? as u32))
        }
        // A file gone meanwhile is neither a directory nor a file, as CPython answers.
        Err(error) if rt::is_exception(&error.value, ExcKind::FileNotFoundError) => Ok(None),
        Err(error) => Err(error),
    }
}

/// `is_dir`/`is_file(*, follow_symlinks=True)`.
fn is_type(a: Args, function: &str, d_type: u8, s_ifmt: u32) -> Res<PyRef> {
    let e = entry(&a)?;
    let follow = follow_argument(&a, function)?;
    if e.d_type != libc::DT_UNKNOWN && !(follow && e.d_type == libc::DT_LNK) {
        return Ok(rt::boolean(e.d_type == d_type));
    }
    Ok(rt::boolean(mode_of(e, follow)?.is_some_and(|m| m & libc::S_IFMT == s_ifmt)))
}

/// `is_symlink()`.
fn is_symlink(a: Args) -> Res<PyRef> {
    let e = entry(&a)?;
    a.arity("is_symlink", 1, 1)?;
    if e.d_type != libc::DT_UNKNOWN {
        return Ok(rt::boolean(e.d_type == libc::DT_LNK));
    }
    Ok(rt::boolean(mode_of(e, false)?.is_some_and(|m| m & libc::S_IFMT == libc::S_IFLNK)))
}

/// `inode()`.
fn inode(a: Args) -> Res<PyRef> {
    let e = entry(&a)?;
    Ok(rt::int(e.ino))
}

/// `<DirEntry 'name'>`.
fn repr(a: Args) -> Res<PyRef> {
    let e = entry(&a)?;
    Ok(rt::str(format!("<DirEntry {}>", ops::repr(&e.name)?)))
}
