//! No two source files of the gateway import each other, directly or through others: every file's module can be
//! read (and changed) knowing only the files below it.
//!
//! The graph: one node per file of `src/` (`state/mod.rs` is `state`, `state/scheme.rs` is `state::scheme`), an
//! edge for every path that names another file's module — `use` trees, `crate::…`, `super::…`, `self::…` and
//! child-module paths in code. Comments, string literals and the `#[cfg(test)]` tail of a file are left out. An edge
//! between a module and its own submodule (`state` ↔ `state::scheme`) is one module split into files and does not
//! count; any other cycle fails the test with its edges.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Module = Vec<String>;

fn modules(src: &Path) -> BTreeMap<Module, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read src/") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().and_then(|e| e.to_str()) != Some("rs") {
                continue;
            }
            let rel = path
                .strip_prefix(src)
                .expect("under src/")
                .with_extension("");
            let mut parts: Module = rel
                .iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect();
            if matches!(
                parts.last().map(String::as_str),
                Some("mod" | "lib" | "main")
            ) {
                parts.pop();
            }
            out.insert(
                parts,
                std::fs::read_to_string(&path).expect("read a source file"),
            );
        }
    }
    out
}

/// The text without comments, string and char literals, and everything from the first `#[cfg(test)]` on.
fn code_only(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or("");
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        if b[i..].starts_with(b"//") {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b[i..].starts_with(b"/*") {
            i += b[i..]
                .windows(2)
                .position(|w| w == b"*/")
                .map_or(b.len(), |p| p + 2);
        } else if b[i] == b'r' && matches!(b.get(i + 1), Some(b'"' | b'#')) {
            let hashes = b[i + 1..].iter().take_while(|&&c| c == b'#').count();
            let close: Vec<u8> = std::iter::once(b'"')
                .chain(std::iter::repeat_n(b'#', hashes))
                .collect();
            let start = i + 2 + hashes;
            i = start
                + b[start..]
                    .windows(close.len())
                    .position(|w| w == close)
                    .map_or(b.len(), |p| p + close.len());
            out.push_str("\"\"");
        } else if b[i] == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if b[i] == b'\'' && b.get(i + 2) == Some(&b'\'') {
            i += 3;
        } else if b[i] == b'\'' && b.get(i + 1) == Some(&b'\\') {
            i += b[i + 2..]
                .iter()
                .position(|&c| c == b'\'')
                .map_or(b.len(), |p| i + 3 + p)
                - i;
        } else {
            out.push(char::from(b[i]));
            i += 1;
        }
    }
    out
}

/// The paths of a `use` tree (`a::{b, c::{d, e as f}}` → `a::b`, `a::c::d`, `a::c::e`).
fn expand(prefix: &[String], tree: &str) -> Vec<Module> {
    let tree = tree.trim();
    if let Some(open) = tree.find('{') {
        let base: Module = prefix
            .iter()
            .cloned()
            .chain(
                tree[..open]
                    .split("::")
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from),
            )
            .collect();
        let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
        let (mut depth, mut start, mut out) = (0, 0, Vec::new());
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    out.extend(expand(&base, &inner[start..i]));
                    start = i + 1;
                }
                _ => {}
            }
        }
        if !inner[start..].trim().is_empty() {
            out.extend(expand(&base, &inner[start..]));
        }
        return out;
    }
    let tree = tree.split(" as ").next().unwrap_or(tree);
    vec![prefix
        .iter()
        .cloned()
        .chain(
            tree.split("::")
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from),
        )
        .collect()]
}

/// The file module a path used in `from` names, if it names one.
fn resolve(files: &BTreeMap<Module, String>, from: &Module, path: &[String]) -> Option<Module> {
    let (mut base, rest): (Module, &[String]) = match path.first().map(String::as_str) {
        Some("crate") => (Vec::new(), &path[1..]),
        Some("self") => (from.clone(), &path[1..]),
        Some("super") => {
            let supers = path.iter().take_while(|p| *p == "super").count();
            (
                from[..from.len().saturating_sub(supers)].to_vec(),
                &path[supers..],
            )
        }
        Some(first) => {
            let mut child = from.clone();
            child.push(first.to_owned());
            if !files.contains_key(&child) {
                return None;
            }
            (from.clone(), path)
        }
        None => return None,
    };
    base.extend(rest.iter().cloned());
    (0..=base.len())
        .rev()
        .map(|n| base[..n].to_vec())
        .find(|m| files.contains_key(m))
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn edges(files: &BTreeMap<Module, String>) -> BTreeMap<Module, BTreeSet<Module>> {
    let mut graph = BTreeMap::new();
    for (module, text) in files {
        let code = code_only(text);
        let mut paths: Vec<Module> = Vec::new();
        for (at, _) in code.match_indices("use ") {
            if code[..at].chars().next_back().is_some_and(is_word) {
                continue;
            }
            let tree = &code[at + 4..];
            paths.extend(expand(&[], &tree[..tree.find(';').unwrap_or(tree.len())]));
        }
        // Paths in code: runs of `word(::word)+` not preceded by `::` or a word character.
        let chars: Vec<char> = code.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let boundary = i == 0 || !(is_word(chars[i - 1]) || chars[i - 1] == ':');
            if boundary && is_word(chars[i]) {
                let mut j = i;
                let mut parts = Vec::new();
                loop {
                    let s = j;
                    while j < chars.len() && is_word(chars[j]) {
                        j += 1;
                    }
                    parts.push(chars[s..j].iter().collect::<String>());
                    if chars.get(j) == Some(&':')
                        && chars.get(j + 1) == Some(&':')
                        && chars.get(j + 2).is_some_and(|c| is_word(*c))
                    {
                        j += 2;
                    } else {
                        break;
                    }
                }
                if parts.len() > 1 {
                    paths.push(parts);
                }
                i = j.max(i + 1);
            } else {
                i += 1;
            }
        }
        let targets: BTreeSet<Module> = paths
            .iter()
            .filter_map(|p| resolve(files, module, p))
            .filter(|t| t != module && !t.starts_with(module) && !module.starts_with(t))
            .collect();
        graph.insert(module.clone(), targets);
    }
    graph
}

/// Strongly connected components of more than one module (Tarjan).
fn cycles(graph: &BTreeMap<Module, BTreeSet<Module>>) -> Vec<Vec<Module>> {
    struct Walk<'g> {
        graph: &'g BTreeMap<Module, BTreeSet<Module>>,
        index: BTreeMap<&'g Module, (usize, usize)>,
        stack: Vec<&'g Module>,
        next: usize,
        found: Vec<Vec<Module>>,
    }
    fn visit<'g>(w: &mut Walk<'g>, v: &'g Module) {
        w.index.insert(v, (w.next, w.next));
        w.next += 1;
        w.stack.push(v);
        for t in w.graph.get(v).into_iter().flatten() {
            let Some((t, _)) = w.graph.get_key_value(t) else {
                continue;
            };
            match w.index.get(t).copied() {
                None => {
                    visit(w, t);
                    let low = w.index[t].1.min(w.index[v].1);
                    w.index.entry(v).and_modify(|e| e.1 = low);
                }
                Some((ti, _)) if w.stack.contains(&t) => {
                    let low = ti.min(w.index[v].1);
                    w.index.entry(v).and_modify(|e| e.1 = low);
                }
                Some(_) => {}
            }
        }
        if w.index[v].0 == w.index[v].1 {
            let mut comp = Vec::new();
            while let Some(m) = w.stack.pop() {
                comp.push(m.clone());
                if m == v {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                w.found.push(comp);
            }
        }
    }
    let mut w = Walk {
        graph,
        index: BTreeMap::new(),
        stack: Vec::new(),
        next: 0,
        found: Vec::new(),
    };
    for v in graph.keys() {
        if !w.index.contains_key(v) {
            visit(&mut w, v);
        }
    }
    w.found
}

fn report(graph: &BTreeMap<Module, BTreeSet<Module>>, found: &[Vec<Module>]) -> String {
    let name = |m: &Module| {
        if m.is_empty() {
            "crate".to_owned()
        } else {
            m.join("::")
        }
    };
    let mut out = String::new();
    for comp in found {
        out.push_str(&format!(
            "cycle among {}:\n",
            comp.iter().map(name).collect::<Vec<_>>().join(", ")
        ));
        for v in comp {
            for t in graph[v].iter().filter(|t| comp.contains(t)) {
                out.push_str(&format!("  {} -> {}\n", name(v), name(t)));
            }
        }
    }
    out
}

#[test]
fn gateway_source_files_import_no_cycle() {
    let files = modules(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    assert!(files.len() > 30, "read {} files", files.len());
    let graph = edges(&files);
    // The reader sees real edges (so an empty answer below means something).
    let state = vec!["state".to_owned()];
    assert!(
        graph[&vec!["sandbox_guard".to_owned()]].contains(&state),
        "{graph:?}"
    );
    let found = cycles(&graph);
    assert!(found.is_empty(), "{}", report(&graph, &found));
}

#[test]
fn the_check_finds_a_cycle_when_there_is_one() {
    let files: BTreeMap<Module, String> = [
        (
            vec!["a".to_owned()],
            "use crate::b::B;\npub struct A;\n".to_owned(),
        ),
        (
            vec!["b".to_owned()],
            "pub struct B(crate::c::C);\n// use crate::a; (a comment)\n".to_owned(),
        ),
        (
            vec!["c".to_owned()],
            "use super::{a::{self, A}, d as _};\npub struct C;\n".to_owned(),
        ),
        (
            vec!["d".to_owned()],
            "const S: &str = \"crate::a::A\";\n#[cfg(test)]\nuse crate::a::A;\n".to_owned(),
        ),
        (vec!["e".to_owned()], "mod f;\npub use f::F;\n".to_owned()),
        (
            vec!["e".to_owned(), "f".to_owned()],
            "use super::E;\npub struct F;\n".to_owned(),
        ),
    ]
    .into_iter()
    .collect();
    let graph = edges(&files);
    let found = cycles(&graph);
    let abc: Vec<Module> = ["a", "b", "c"]
        .iter()
        .map(|s| vec![(*s).to_owned()])
        .collect();
    assert_eq!(found, vec![abc], "{}", report(&graph, &found));
    assert!(
        graph[&vec!["d".to_owned()]].is_empty(),
        "strings and test code are not imports"
    );
}
