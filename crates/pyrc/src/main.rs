//! The `pyrc` command (see `pyrc::cli`).

/// Python's small objects come and go by the million: a size-class allocator serves them as
/// CPython's pymalloc serves CPython's (see the dependency's note in Cargo.toml).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    pyrc::cli::main()
}
