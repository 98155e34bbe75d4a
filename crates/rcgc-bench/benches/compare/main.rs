//! rcgc against `std::rc::Rc`, the peer cycle-collecting crates and CPython: every workload of
//! issue #4 on every system. See `BENCHMARKS.md` (method, results) and
//! `scripts/bench-compare.sh` (the one command that runs it all).
//!
//! Modes (the first argument cargo passes, `--bench`, is ignored):
//!
//! - run (default): each (workload, system) cell in its own child process; writes result lines
//!   to `--out FILE` (default: stdout) and progress to stderr. `--rows id,id` and
//!   `--systems name,name` select cells. A crash (e.g. a stack overflow) or a time-out is
//!   recorded for that cell and the run goes on.
//! - `--cell ROW SYSTEM`: runs one cell in this process (what the children do) and prints its
//!   result line.
//! - `--render FILE...`: reads result lines (this harness's and `scripts/bench-compare.py`'s)
//!   and prints the Markdown table, the notes and the targets check.
//!
//! `RCGC_BENCH_QUICK=1` scales every size down for a smoke run.

mod harness;
mod render;
mod rows;
mod systems;
mod workloads;

use std::io::{Read, Write};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use harness::{failure_line, result_line, Cfg};
use rows::Row;

/// Stack of the thread each cell runs on (the usual main-thread size on Linux).
const CELL_STACK: usize = 8 << 20;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let cfg = Cfg::from_env();
    match args.first().map(String::as_str) {
        Some("--cell") if args.len() == 3 => child(&args[1], &args[2], cfg),
        Some("--render") => render::render(&args[1..], &cfg),
        _ => parent(&args, cfg),
    }
}

fn child(row_id: &str, system: &str, cfg: Cfg) -> ExitCode {
    let Some(row) = Row::from_id(row_id) else {
        eprintln!("unknown row {row_id}");
        return ExitCode::from(2);
    };
    let system = system.to_string();
    let thread = std::thread::Builder::new()
        .name(format!("{row_id}/{system}"))
        .stack_size(CELL_STACK)
        .spawn(move || {
            let outcome = systems::run(row, &system, &cfg);
            result_line(row.id(), &system, &outcome)
        })
        .expect("spawn the cell thread");
    match thread.join() {
        Ok(line) => {
            let ok = line.split('\t').nth(2) == Some("ok");
            match harness::peak_resident_kib() {
                Some(peak) if ok => println!("{line}\t{peak}"),
                _ => println!("{line}"),
            }
            ExitCode::SUCCESS
        }
        // The panic message is already on stderr, where the parent reads it.
        Err(_) => ExitCode::from(101),
    }
}

fn option_list(args: &[String], name: &str) -> Option<Vec<String>> {
    let position = args.iter().position(|a| a == name)?;
    let value = args.get(position + 1)?;
    Some(value.split(',').map(str::to_string).collect())
}

fn parent(args: &[String], cfg: Cfg) -> ExitCode {
    let rows: Vec<Row> = match option_list(args, "--rows") {
        Some(ids) => match ids.iter().map(|id| Row::from_id(id).ok_or(id)).collect() {
            Ok(rows) => rows,
            Err(id) => {
                eprintln!("unknown row {id}; rows: {:?}", rows::ALL.map(Row::id));
                return ExitCode::from(2);
            }
        },
        None => rows::ALL.to_vec(),
    };
    let systems: Vec<String> = option_list(args, "--systems")
        .unwrap_or_else(|| systems::SYSTEMS.iter().map(|s| s.to_string()).collect());
    let mut out: Box<dyn Write> = match option_list(args, "--out") {
        Some(path) => Box::new(std::fs::File::create(&path[0]).expect("create --out file")),
        None => Box::new(std::io::stdout()),
    };
    let exe = std::env::current_exe().expect("path of this benchmark binary");
    let timeout = Duration::from_secs(if cfg.quick { 60 } else { 300 });
    let total = rows.len() * systems.len();
    let started = Instant::now();
    let mut done = 0;
    for row in &rows {
        for system in &systems {
            done += 1;
            let cell_start = Instant::now();
            let line = if row.fresh_process() {
                run_fresh(&exe, *row, system, timeout, cfg.processes())
            } else {
                run_child(&exe, *row, system, timeout)
            };
            let fields: Vec<&str> = line.split('\t').collect();
            let shown = match fields.get(2) {
                Some(&"ok") => format!("{} {}", fields[4], row.unit()),
                Some(status) => format!("{status}: {}", fields.get(8).unwrap_or(&"")),
                None => line.clone(),
            };
            eprintln!(
                "[{done}/{total}] {} / {system}: {shown} ({:.1} s)",
                row.id(),
                cell_start.elapsed().as_secs_f64()
            );
            writeln!(out, "{line}").expect("write result line");
        }
    }
    out.flush().expect("flush results");
    eprintln!("{total} cells in {:.0} s", started.elapsed().as_secs_f64());
    ExitCode::SUCCESS
}

/// Runs one cell in a child process and returns its result line, or a failure line saying
/// how it ended (crash with the signal, stack overflow, panic message, time-out).
fn run_child(exe: &std::path::Path, row: Row, system: &str, timeout: Duration) -> String {
    let mut child = match Command::new(exe)
        .args(["--cell", row.id(), system])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(error) => return failure_line(row.id(), system, "failed", &format!("spawn: {error}")),
    };
    let mut stdout = child.stdout.take().expect("piped stdout");
    let mut stderr = child.stderr.take().expect("piped stderr");
    let out_reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stdout.read_to_string(&mut text);
        text
    });
    let err_reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let deadline = Instant::now() + timeout;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(error) => {
                return failure_line(row.id(), system, "failed", &format!("wait: {error}"))
            }
        }
    };
    let out = out_reader.join().unwrap_or_default();
    let err = err_reader.join().unwrap_or_default();
    let Some(status) = status else {
        return failure_line(
            row.id(),
            system,
            "timeout",
            &format!("timed out (> {} s)", timeout.as_secs()),
        );
    };
    if status.success() {
        if let Some(line) = out.lines().rev().find(|l| l.starts_with(&format!("{}\t", row.id()))) {
            return line.to_string();
        }
        return failure_line(row.id(), system, "failed", "no result line");
    }
    let reason = if err.contains("has overflowed its stack") {
        "crashed (stack overflow)".to_string()
    } else if let Some(message) = panic_message(&err) {
        format!("panicked: {message}")
    } else {
        use std::os::unix::process::ExitStatusExt;
        match status.signal() {
            Some(signal) => format!("crashed (signal {signal})"),
            None => format!("failed (exit {})", status.code().unwrap_or(-1)),
        }
    };
    let kind = if reason.starts_with("crashed") { "crashed" } else { "failed" };
    failure_line(row.id(), system, kind, &reason)
}

/// Runs a `Kind::Fresh` cell in `processes` child processes and combines their single
/// measurements into one result line (the first failure, if any, is the cell's result).
fn run_fresh(
    exe: &std::path::Path,
    row: Row,
    system: &str,
    timeout: Duration,
    processes: usize,
) -> String {
    let mut samples = Vec::new();
    let mut size = 0;
    let mut note = String::new();
    let mut peak: Option<u64> = None;
    for _ in 0..processes {
        let line = run_child(exe, row, system, timeout);
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.get(2) != Some(&"ok") {
            return line;
        }
        size = fields[3].parse().unwrap_or(0);
        samples.push(fields[4].parse().unwrap_or(f64::NAN));
        note = fields.get(8).unwrap_or(&"").to_string();
        if let Some(kib) = fields.get(12).and_then(|f| f.parse::<u64>().ok()) {
            peak = Some(peak.map_or(kib, |p| p.max(kib)));
        }
    }
    let line = result_line(row.id(), system, &harness::Outcome::Ok { size, samples, note });
    match peak {
        Some(kib) => format!("{line}\t{kib}"),
        None => line,
    }
}

/// The message of the first panic in a child's stderr (the line after "panicked at").
fn panic_message(stderr: &str) -> Option<String> {
    let mut lines = stderr.lines();
    lines.find(|l| l.contains("panicked at"))?;
    lines.next().map(|l| l.chars().take(160).collect())
}
