//! Graphviz DOT output: the graph as `dot` reads it, for people who have Graphviz (or an
//! online viewer) and want its layouts.

use std::fmt::Write;

use super::Graph;

/// A DOT string literal's content: quotes and backslashes escaped, line breaks as `\n`
/// (centred lines), other control characters dropped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

impl Graph {
    /// The graph in Graphviz's DOT language: one `nN` node per object with its label lines and
    /// fill colour ([`Graph::colour`]), one edge per reference, labelled when the edge label
    /// function named it. Referrer graphs are drawn bottom to top (the roots at the bottom),
    /// as objgraph's `show_backrefs` draws them.
    ///
    /// ```
    /// use std::cell::RefCell;
    /// let leaf = rcgc::Gc::new(7u32);
    /// let list = rcgc::Gc::new(RefCell::new(vec![leaf.clone()]));
    /// let picture = rcgc::graph::referents(&[rcgc::Gc::erase(&list)], &Default::default());
    /// let dot = picture.to_dot();
    /// assert!(dot.contains(r##"n1 [label="u32\nrefcount 2, untracked", fillcolor="#e4e4e4"];"##));
    /// assert!(dot.contains("n0 -> n1;"));
    /// ```
    pub fn to_dot(&self) -> String {
        let mut out = String::new();
        out.push_str("digraph ObjectGraph {\n");
        let rankdir = match self.direction {
            super::Direction::Referents => "TB",
            super::Direction::Referrers => "BT",
        };
        let _ = writeln!(out, "  graph [rankdir={rankdir}];");
        out.push_str("  node [shape=box, style=filled, fontname=\"Helvetica\", fontsize=10];\n");
        for (i, node) in self.nodes.iter().enumerate() {
            let label = self.lines(node).join("\n");
            let _ = writeln!(
                out,
                "  n{i} [label=\"{}\", fillcolor=\"{}\"];",
                escape(&label),
                self.colour(node)
            );
        }
        for edge in &self.edges {
            match &edge.label {
                Some(label) => {
                    let _ = writeln!(
                        out,
                        "  n{} -> n{} [label=\"{}\"];",
                        edge.from,
                        edge.to,
                        escape(label)
                    );
                }
                None => {
                    let _ = writeln!(out, "  n{} -> n{};", edge.from, edge.to);
                }
            }
        }
        out.push_str("}\n");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_what_dot_strings_need() {
        assert_eq!(escape("a\"b\\c\nd\u{7}"), "a\\\"b\\\\c\\nd");
    }
}
