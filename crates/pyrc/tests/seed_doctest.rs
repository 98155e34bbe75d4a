//! The seed's `>>>` sessions (`tests/seed/*.txt`, cleaned into doctest form) must pass under
//! `pyrc --doctest`, each in a fresh temporary directory (one creates `test.txt`).

use std::path::PathBuf;
use std::process::Command;

fn seed_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/seed");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/seed exists")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_seed_transcript_passes_under_pyrc_doctest() {
    let files = seed_files();
    assert!(files.len() >= 6, "the seed has six >>> sections: {files:?}");
    let mut failures = Vec::new();
    for file in &files {
        let workdir = std::env::temp_dir().join(format!(
            "pyrc-seed-{}-{}",
            std::process::id(),
            file.file_stem().unwrap().to_string_lossy()
        ));
        std::fs::create_dir_all(&workdir).unwrap();
        let output = Command::new(env!("CARGO_BIN_EXE_pyrc"))
            .arg("--doctest")
            .arg(file)
            .current_dir(&workdir)
            .output()
            .expect("run pyrc");
        let _ = std::fs::remove_dir_all(&workdir);
        if !output.status.success() {
            failures.push(format!(
                "{}: exit {:?}\n{}{}",
                file.display(),
                output.status.code(),
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_wrong_expectation_is_reported_like_python_doctest() {
    let dir = std::env::temp_dir().join(format!("pyrc-doctest-fail-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("wrong.txt");
    std::fs::write(&file, ">>> 1 + 1\n3\n>>> print('ok')\nok\n").unwrap();
    let output =
        Command::new(env!("CARGO_BIN_EXE_pyrc")).arg("--doctest").arg(&file).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout.contains("Failed example:\n    1 + 1\n"), "{stdout}");
    assert!(stdout.contains("Expected:\n    3\nGot:\n    2\n"), "{stdout}");
    assert!(stdout.contains("   1 of   2 in wrong.txt\n***Test Failed*** 1 failures."), "{stdout}");
}
