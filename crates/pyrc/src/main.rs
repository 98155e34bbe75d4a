//! `pyrc`: a small Python on rcgc. See `pyrc::cli` for the command line.

fn main() -> std::process::ExitCode {
    pyrc::cli::main()
}
