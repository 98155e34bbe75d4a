//! Turns result lines into the Markdown table (median and ratio to rcgc), the notes and the
//! targets check of issue #4.

use std::collections::HashMap;
use std::process::ExitCode;

use crate::harness::Cfg;
use crate::rows::{self, Row};
use crate::systems::{self, SYSTEMS};

/// One parsed result line.
struct Record {
    status: String,
    size: usize,
    median: f64,
    min: f64,
    q1: f64,
    q3: f64,
    reps: usize,
    note: String,
    shape: String,
    /// Peak resident set size of the cell's process, KiB (NaN if not reported).
    peak: f64,
}

/// Peer crates: the target "at least 2x faster than the fastest peer" compares with these.
const PEERS: [&str; 6] =
    ["rust-cc", "dumpster", "bacon_rajan_cc", "gcmodule", "jrsonnet-gcmodule", "gc"];

pub fn render(paths: &[String], cfg: &Cfg) -> ExitCode {
    let mut records: HashMap<(String, String), Record> = HashMap::new();
    let mut columns: Vec<String> = SYSTEMS.iter().map(|s| s.to_string()).collect();
    for path in paths {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) => {
                eprintln!("cannot read {path}: {error}");
                return ExitCode::from(2);
            }
        };
        for line in text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 9 {
                eprintln!("ignoring malformed line in {path}: {line}");
                continue;
            }
            if !columns.iter().any(|c| c == f[1]) {
                columns.push(f[1].to_string());
            }
            let number = |i: usize| f.get(i).and_then(|v| v.parse().ok()).unwrap_or(f64::NAN);
            let record = Record {
                status: f[2].to_string(),
                size: f[3].parse().unwrap_or(0),
                median: number(4),
                min: number(5),
                q1: number(9),
                q3: number(10),
                reps: f[7].parse().unwrap_or(0),
                note: f[8].to_string(),
                shape: f.get(11).unwrap_or(&"").to_string(),
                peak: number(12),
            };
            records.insert((f[0].to_string(), f[1].to_string()), record);
        }
    }
    let get = |row: Row, system: &str| records.get(&(row.id().to_string(), system.to_string()));
    let ok = |row: Row, system: &str| {
        get(row, system).filter(|r| r.status == "ok" && r.median.is_finite()).map(|r| r.median)
    };

    // The table.
    let mut header = String::from("| workload | unit |");
    let mut rule = String::from("|---|---|");
    for column in &columns {
        let version = systems::version(column);
        if column == "Rc" {
            header.push_str(" std::rc::Rc |");
        } else if version.is_empty() {
            header.push_str(&format!(" {column} |"));
        } else {
            header.push_str(&format!(" {column} {version} |"));
        }
        rule.push_str("---:|");
    }
    println!("{header}\n{rule}");
    let mut notes = Vec::new();
    for row in rows::ALL {
        let base = ok(row, "rcgc");
        let mut line = format!("| {} | {} |", row.title(cfg), row.unit());
        let mut sizes: Vec<(String, usize)> = Vec::new();
        for column in &columns {
            let cell = match get(row, column) {
                None => "—".to_string(),
                Some(r) if r.status == "ok" => {
                    sizes.push((column.clone(), r.size));
                    if !r.note.is_empty() {
                        notes.push(format!("{} / {column}: {}", row.id(), r.note));
                    }
                    if !r.shape.is_empty() {
                        notes.push(format!("{} / {column}: {}", row.id(), r.shape));
                    }
                    match base {
                        Some(b) if column != "rcgc" && b > 0.0 => {
                            format!("{} ({}×)", number(r.median), ratio(r.median / b))
                        }
                        _ => number(r.median),
                    }
                }
                Some(r) if r.status == "na" => format!("n/a: {}", r.note),
                Some(r) => {
                    notes.push(format!("{} / {column}: {}", row.id(), r.note));
                    r.note.clone()
                }
            };
            line.push_str(&format!(" {cell} |"));
        }
        println!("{line}");
        if let Some((first, size)) = sizes.first() {
            for (other, other_size) in &sizes[1..] {
                if other_size != size {
                    notes.push(format!(
                        "{}: size mismatch, {first} ran {size} but {other} ran {other_size}",
                        row.id()
                    ));
                }
            }
        }
    }
    println!();
    println!(
        "Median of the repetitions; in parentheses the ratio to rcgc (below 1: faster than rcgc)."
    );

    // The spread of every cell: minimum and interquartile range, in the row's unit.
    println!("\nSpread: minimum, then the interquartile range (first to third quartile).\n");
    println!("{header}\n{rule}");
    for row in rows::ALL {
        let mut line = format!("| {} | {} |", row.title(cfg), row.unit());
        for column in &columns {
            let cell = match get(row, column) {
                Some(r) if r.status == "ok" && r.q1.is_finite() => format!(
                    "{}, {}–{}{}",
                    number(r.min),
                    number(r.q1),
                    number(r.q3),
                    if r.shape.is_empty() { "" } else { " ⚠" }
                ),
                Some(r) if r.status == "ok" => number(r.min),
                _ => "—".to_string(),
            };
            line.push_str(&format!(" {cell} |"));
        }
        println!("{line}");
    }
    println!("\n⚠: the samples fall into two groups (see the notes).");

    // Peak resident memory of each cell's process (the workload, the harness, the runtime).
    println!("\nPeak resident memory of the process that ran the cell, MiB (`VmHWM`; CPython:");
    println!("`ru_maxrss`, each row in its own process, the interpreter included).\n");
    println!("{header}\n{rule}");
    for row in rows::ALL {
        let mut line = format!("| {} | MiB |", row.title(cfg));
        for column in &columns {
            let cell = match get(row, column) {
                Some(r) if r.status == "ok" && r.peak.is_finite() => number(r.peak / 1024.0),
                _ => "—".to_string(),
            };
            line.push_str(&format!(" {cell} |"));
        }
        println!("{line}");
    }
    let reps: Vec<usize> = records.values().filter(|r| r.status == "ok").map(|r| r.reps).collect();
    if let (Some(lo), Some(hi)) = (reps.iter().min(), reps.iter().max()) {
        println!("Repetitions per cell: {lo} to {hi}.");
    }
    if !notes.is_empty() {
        println!("\nNotes:\n");
        for note in &notes {
            println!("- {note}");
        }
    }

    // The targets.
    println!("\nTargets (issue #4):\n");
    let full = Row::Full(2);
    let cpython = columns.iter().find(|c| c.starts_with("CPython")).cloned();
    let target = |name: &str, value: Option<(f64, f64)>, limit: f64, at_most: bool, what: &str| {
        match value {
            Some((measured, reference)) if reference > 0.0 && measured.is_finite() => {
                let r = measured / reference;
                let met = if at_most { r <= limit } else { r >= limit };
                let bound = if at_most { "≤" } else { "≥" };
                println!(
                    "- {name}: {what} = {} (target {bound} {limit}): {}",
                    ratio(r),
                    if met { "MET" } else { "MISSED" }
                );
            }
            _ => println!("- {name}: not measured in this run"),
        }
    };
    let pair = |row: Row, a: &str, b: &str| Some((ok(row, a)?, ok(row, b)?));
    target(
        "clone+drop within 1.15x of Rc",
        pair(Row::CloneDrop, "rcgc", "Rc"),
        1.15,
        true,
        "rcgc / Rc",
    );
    target(
        "allocate+free within 1.3x of Rc::new+drop",
        pair(Row::AllocFree, "rcgc", "Rc"),
        1.3,
        true,
        "rcgc / Rc",
    );
    target(
        &format!("full collection over {} live objects at most 0.5x CPython per object", {
            cfg.full_sizes()[2]
        }),
        cpython.as_deref().and_then(|c| pair(full, "rcgc", c)),
        0.5,
        true,
        "rcgc / CPython",
    );
    // Issue 13: the same collector on a churned heap.
    let churned = Row::FullChurned(2);
    let fastest_peer = |row: Row| {
        PEERS.iter().filter_map(|p| ok(row, p).map(|v| (v, *p))).min_by(|a, b| a.0.total_cmp(&b.0))
    };
    match (fastest_peer(churned), ok(churned, "rcgc")) {
        (Some((peer, peer_name)), Some(own)) => target(
            "churned heap: full collection no slower than the fastest peer",
            Some((own, peer)),
            1.0,
            true,
            &format!("rcgc / {peer_name}"),
        ),
        _ => target(
            "churned heap: full collection no slower than the fastest peer",
            None,
            1.0,
            true,
            "",
        ),
    }
    target(
        "churned heap: full collection at most 0.5x CPython per object",
        cpython.as_deref().and_then(|c| pair(churned, "rcgc", c)),
        0.5,
        true,
        "rcgc / CPython",
    );
    let name = "churned heap: reclaiming cycles at least 1.5x faster than the fastest peer";
    match (fastest_peer(Row::CyclesReclaimChurned), ok(Row::CyclesReclaimChurned, "rcgc")) {
        (Some((peer, peer_name)), Some(own)) => {
            target(name, Some((peer, own)), 1.5, false, &format!("{peer_name} / rcgc"))
        }
        _ => target(name, None, 1.5, false, ""),
    }
    for (row, primary) in
        [(Row::CyclesReclaim, true), (Row::CyclesBuildReclaim, false), (Row::GcCollect, false)]
    {
        let fastest = PEERS
            .iter()
            .filter_map(|p| ok(row, p).map(|v| (v, *p)))
            .min_by(|a, b| a.0.total_cmp(&b.0));
        let name = format!(
            "reclaiming garbage cycles at least 2x faster than the fastest peer{} [{}]",
            if primary { "" } else { " (secondary)" },
            row.id()
        );
        match (fastest, ok(row, "rcgc")) {
            (Some((peer, peer_name)), Some(own)) => {
                target(&name, Some((peer, own)), 2.0, false, &format!("{peer_name} / rcgc"))
            }
            _ => target(&name, None, 2.0, false, ""),
        }
    }
    ExitCode::SUCCESS
}

/// Three significant digits.
fn number(value: f64) -> String {
    if value >= 100.0 {
        format!("{value:.0}")
    } else if value >= 10.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.2}")
    }
}

fn ratio(value: f64) -> String {
    if value >= 10.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.2}")
    }
}
