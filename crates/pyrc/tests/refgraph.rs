//! The `refgraph` module and `-X gc_narrate` (pyrc's own: CPython has neither, so they are
//! checked here rather than as golden programs): exact DOT for a small graph, well-formed SVG
//! naming every node, backrefs with objgraph's edge labels, `count`/`show_growth`, errors of
//! the right kind, and the narration of the seed's cycle in the order the collector works.

use std::process::Command;

/// Runs `script` in its own temporary directory; returns (status, stdout, stderr, dir).
fn run(tag: &str, args: &[&str], script: &str) -> (i32, String, String, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!("pyrc-refgraph-{}-{tag}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("script.py");
    std::fs::write(&path, script).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_pyrc"))
        .args(args)
        .arg(&path)
        .current_dir(&dir)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        dir,
    )
}

#[test]
fn show_refs_writes_exact_dot_for_a_small_graph() {
    let (status, out, err, dir) = run(
        "dot",
        &[],
        "import gc, refgraph\ngc.disable()\na = []\nb = {}\nl = [a, b, a]\n\
         print(refgraph.show_refs([l], max_depth=1), end='')\n\
         refgraph.show_refs(l, filename='l.dot')\n",
    );
    assert_eq!(status, 0, "{err}");
    let expected = "digraph ObjectGraph {\n  graph [rankdir=TB];\n  \
        node [shape=box, style=filled, fontname=\"Helvetica\", fontsize=10];\n  \
        n0 [label=\"list\\n3 items\\nrefcount 1, gen 0\", fillcolor=\"#b7e4b0\"];\n  \
        n1 [label=\"list\\n0 items\\nrefcount 3, gen 0\", fillcolor=\"#ffffff\"];\n  \
        n2 [label=\"dict\\n0 items\\nrefcount 2, untracked\", fillcolor=\"#e4e4e4\"];\n  \
        n0 -> n1;\n  n0 -> n2;\n}\n";
    assert_eq!(out.split("}\n").next().unwrap().to_string() + "}\n", expected);
    // `l` itself is a list of roots: its items are the roots, it is not drawn.
    assert!(out.ends_with("Graph written to l.dot (2 nodes)\n"), "{out}");
    let written = std::fs::read_to_string(dir.join("l.dot")).unwrap();
    // The list of roots counts as the call's own (as `[l]` above): `a`'s two places in it
    // are not counted.
    assert!(written.contains("n0 [label=\"list\\n0 items\\nrefcount 1, gen 0\""), "{written}");
    assert!(written.contains("n1 [label=\"dict\\n0 items\\nrefcount 1, untracked\""), "{written}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The lines of every node label of a DOT text.
fn dot_labels(dot: &str) -> Vec<String> {
    dot.lines()
        .filter_map(|line| line.split_once("[label=\"").filter(|(head, _)| !head.contains("->")))
        .flat_map(|(_, rest)| {
            let label = rest.split("\", fillcolor").next().unwrap();
            label
                .replace("\\\"", "\"")
                .replace("\\\\", "\\")
                .split("\\n")
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn show_refs_svg_is_well_formed_and_names_every_node() {
    let (status, out, err, dir) = run(
        "svg",
        &[],
        "import refgraph\nclass Track:\n    def __del__(self):\n        print('Destructed')\n\
         \nA = Track()\nB = Track()\nA.other = B\nB.other = A\nA.name = '<A & \"B\">'\n\
         refgraph.show_refs([A], filename='cycle.svg', max_depth=4)\n\
         refgraph.show_refs([A], filename='cycle.dot', max_depth=4)\n",
    );
    assert_eq!(status, 0, "{err}");
    assert!(out.contains("Graph written to cycle.svg ("), "{out}");
    let svg = std::fs::read_to_string(dir.join("cycle.svg")).unwrap();
    let dot = std::fs::read_to_string(dir.join("cycle.dot")).unwrap();
    let document = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let texts: Vec<&str> = document
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or(""))
        .collect();
    let labels = dot_labels(&dot);
    assert!(labels.len() > 8, "{dot}");
    for line in &labels {
        assert!(texts.contains(&line.as_str()), "{line:?} not in the SVG's texts {texts:?}");
    }
    assert!(texts.contains(&"'<A & \"B\">'"), "{texts:?}");
    assert!(texts.contains(&"other"), "edge labels: {texts:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn show_backrefs_labels_edges_with_names() {
    let (status, out, err, dir) = run(
        "back",
        &[],
        "import refgraph\nclass Track:\n    pass\nA = Track()\nB = Track()\nA.other = B\n\
         print(refgraph.show_backrefs([B], max_depth=2, filter=lambda o: not isinstance(o, type)))\n",
    );
    assert_eq!(status, 0, "{err}");
    assert!(out.contains("graph [rankdir=BT];"), "{out}");
    assert!(
        out.contains("n0 [label=\"Track\\nrefcount 2, gen 0\", fillcolor=\"#b7e4b0\"];"),
        "{out}"
    );
    // B is held by the module's dict (as `B`) and by A's dict (as `other`), A's dict by A.
    assert!(out.contains("n1 -> n0 [label=\"B\"];"), "{out}");
    assert!(out.contains("n2 -> n0 [label=\"other\"];"), "{out}");
    assert!(out.contains("-> n2 [label=\"__dict__\"];"), "{out}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn count_by_type_and_show_growth() {
    let (status, out, err, dir) = run(
        "growth",
        &[],
        "import refgraph\nclass Track:\n    pass\nrefgraph.show_growth(limit=1)\n\
         keep = [Track() for _ in range(5)]\n\
         print(refgraph.count('Track'), refgraph.count('__main__.Track'), len(refgraph.by_type('Track')))\n\
         print(refgraph.count('Track', [keep[0], 1, keep[1]]))\n\
         refgraph.show_growth()\n\
         refgraph.show_growth()\n\
         print('end')\n",
    );
    assert_eq!(status, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 6, "{out}");
    assert_eq!(lines[1], "5 5 5");
    assert_eq!(lines[2], "2");
    // objgraph's format: '%-*s%9d %+9d' (name padded to the longest name).
    assert_eq!(lines[3], "Track        5        +5", "{out}");
    assert_eq!(lines[5], "end"); // nothing grew since the last call
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_input_raises_typed_exceptions() {
    let (status, out, err, dir) = run(
        "errors",
        &[],
        r#"import refgraph
for call in [lambda: refgraph.show_refs([1], filename='x.png'),
             lambda: refgraph.show_refs(),
             lambda: refgraph.show_refs([1], colour=1),
             lambda: refgraph.show_refs([1], max_depth=-1),
             lambda: refgraph.show_refs([[[]]], filter=lambda o: 1 / 0),
             lambda: refgraph.show_refs([1], filename=3),
             lambda: refgraph.show_refs([1], filename='/nonexistent/dir/x.dot'),
             lambda: refgraph.count(3),
             lambda: refgraph.narrate('loud')]:
    try:
        call()
    except Exception as e:
        print(type(e).__name__)
"#,
    );
    assert_eq!(status, 0, "{err}");
    assert_eq!(
        out,
        "ValueError\nTypeError\nTypeError\nValueError\nZeroDivisionError\nTypeError\nOSError\nTypeError\nTypeError\n"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

const SEED_CYCLE: &str = r#"import gc; gc.disable()
class Track:
    def __init__(self):
        print('Initialized')
    def __del__(self):
        print('Destructed')
A = Track()
B = Track()
A.other = B
B.other = A
print(hex(id(A)), hex(id(B)))
del A; del B
print(gc.collect())
"#;

/// Where `needle` first occurs in `text` at or after `from`.
fn at(text: &str, needle: &str, from: usize) -> usize {
    text[from..]
        .find(needle)
        .map(|i| i + from)
        .unwrap_or_else(|| panic!("{needle:?} after {from} in\n{text}"))
}

#[test]
fn gc_narrate_tells_the_seed_cycle_in_order() {
    let (status, out, err, dir) = run("narrate", &["-X", "gc_narrate"], SEED_CYCLE);
    assert_eq!(status, 0, "{err}");
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("Initialized"));
    assert_eq!(lines.next(), Some("Initialized"));
    let ids: Vec<&str> = lines.next().unwrap().split(' ').collect();
    assert_eq!(lines.collect::<Vec<_>>(), ["Destructed", "Destructed", "4"]);
    // The collection gc.collect() ran (the first one naming the cycle).
    let start = at(&err, &format!("<Track {}>", ids[0]), 0);
    let start = err[..start].rfind("gc: collecting generation 2").unwrap();
    let unreachable = at(&err, "gc: move_unreachable:", start);
    let finalizers = at(&err, "gc: finalizers: ran __del__ of 2 objects", unreachable);
    let freed = at(&err, "gc: freed 4 objects", finalizers);
    at(&err, "gc: done with generation 2: 4 collected", freed);
    for id in &ids {
        let name = format!("<Track {id}>");
        assert!(at(&err, &format!("{name} is unreachable"), unreachable) < finalizers, "{err}");
        assert!(at(&err, &format!("{name} finalized"), finalizers) < freed, "{err}");
        at(&err, &format!("{name} freed"), freed);
    }
    // The instances' dicts are named too: the seed's 4 is two objects and their dicts.
    assert!(at(&err, "<dict ", unreachable) < finalizers, "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn narrate_from_python_gives_lines_to_a_callable_and_stops() {
    let script = SEED_CYCLE.replace(
        "del A; del B\n",
        "import refgraph\nlines = []\nrefgraph.narrate(lines.append)\ndel A; del B\n",
    ) + "refgraph.narrate(False)\nprint(refgraph.is_narrating())\n\
         print([l.split(':')[1].strip() for l in lines if not l.startswith('    ')][:9])\n\
         print(gc.collect(), len(lines) > 0)\n";
    let (status, out, err, dir) = run("callable", &[], &script);
    assert_eq!(status, 0, "{err}");
    assert!(out.contains("Destructed\nDestructed\n4\nFalse\n"), "{out}");
    // `lines` holds the narration of the collection gc.collect() ran.
    assert!(
        out.contains(
            "'collecting generation 2 (objects in generations 0, 1, 2', 'update_refs', 'subtract_refs', \
             'move_unreachable', 'finalizers', 'resurrection check', 'freed 4 objects', 'done with generation 2'"
        ),
        "{out}"
    );
    assert!(err.is_empty(), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
