//! pyrc raises exceptions by kind (`exceptions::ExcKind`), so a misspelt name no longer
//! compiles; this checks the kinds themselves against python3 3.11: every name is a built-in
//! exception there, with the same base class.

use pyrc::object::exceptions::ExcKind;

#[test]
fn every_kind_is_python3s_class_with_its_base() {
    let names: Vec<&str> = ExcKind::ALL.iter().map(|kind| kind.name()).collect();
    let script = format!(
        "import builtins\nfor name in {names:?}:\n    cls = getattr(builtins, name)\n    \
         print(name, cls.__bases__[0].__name__)\n"
    );
    let output = std::process::Command::new("python3")
        .args(["-c", &script])
        .output()
        .expect("python3 (CPython 3.11) is the behavioural reference and must be installed");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8(output.stdout).expect("utf-8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), ExcKind::ALL.len());
    for (kind, line) in ExcKind::ALL.iter().zip(lines) {
        let base = kind.base().map_or("object", ExcKind::name);
        assert_eq!(line, format!("{} {base}", kind.name()), "{kind:?}");
    }
}
