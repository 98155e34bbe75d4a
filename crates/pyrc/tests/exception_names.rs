//! Every exception class the interpreter raises by name must be built in (an unknown name would
//! otherwise degrade to RuntimeError).

use std::collections::BTreeSet;

#[test]
fn every_exception_raised_by_name_is_built_in() {
    let mut built_in: BTreeSet<&str> =
        pyrc::types::EXCEPTIONS.iter().map(|(name, _)| *name).collect();
    built_in.insert("BaseException");
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut used = BTreeSet::new();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for pattern in ["raise(\"", "exception(\"", "exception_class(\"", "raise::<PyRef>(\""] {
            for (at, _) in text.match_indices(pattern) {
                let rest = &text[at + pattern.len()..];
                let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
                if name.ends_with("Error")
                    || name.ends_with("Exception")
                    || name.ends_with("Exit")
                    || name == "StopIteration"
                {
                    used.insert(name);
                }
            }
        }
    }
    assert!(used.len() > 10, "found {used:?}");
    let missing: Vec<_> = used.iter().filter(|n| !built_in.contains(n.as_str())).collect();
    assert!(missing.is_empty(), "raised but not built in: {missing:?}");
}
