//! The library's layers, as ARCHITECTURE.md lists them, hold in the code:
//! every `crate::…` path a module uses names a module listed before it.
//! Test code (`#[cfg(test)]` modules) is exempt: a test may build a review
//! from the layers above the one it tests.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The module order written in ARCHITECTURE.md, between its layer markers.
fn layer_order(architecture: &str) -> Vec<String> {
    let start = architecture
        .find("<!-- layers -->")
        .expect("ARCHITECTURE.md has a <!-- layers --> list");
    let end = architecture
        .find("<!-- /layers -->")
        .expect("ARCHITECTURE.md closes its layer list with <!-- /layers -->");
    let mut order = Vec::new();
    for line in architecture[start..end].lines() {
        let line = line.trim_start();
        let Some(rest) = line.split_once(". ") else {
            continue;
        };
        if !rest.0.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        // "1. `error`, `text` — …": every back-ticked name before the dash.
        let names = rest.1.split('—').next().unwrap_or("");
        for part in names.split('`').skip(1).step_by(2) {
            order.push(part.to_string());
        }
    }
    order
}

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file belongs to (`src/flags/rules/x.rs` →
/// `flags`); `None` for the crate root and the command line (`src/cli/`,
/// which may use every layer, through the session).
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_string_lossy();
    let name = first.trim_end_matches(".rs").to_string();
    (name != "lib" && name != "cli").then_some(name)
}

/// The files declared as test-only modules (`#[cfg(test)] mod name;`).
fn test_only_files(src: &Path, files: &[PathBuf]) -> BTreeSet<PathBuf> {
    let mut out = BTreeSet::new();
    for file in files {
        let text = fs::read_to_string(file).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if line.trim() != "#[cfg(test)]" {
                continue;
            }
            let Some(next) = lines.get(i + 1).map(|l| l.trim()) else {
                continue;
            };
            let decl = next
                .trim_start_matches("pub(crate) ")
                .trim_start_matches("pub(super) ")
                .trim_start_matches("pub ");
            if let Some(name) = decl.strip_prefix("mod ").and_then(|n| n.strip_suffix(';')) {
                let dir = if file
                    .file_name()
                    .is_some_and(|n| n == "mod.rs" || n == "lib.rs")
                {
                    file.parent().unwrap().to_path_buf()
                } else {
                    file.with_extension("")
                };
                out.insert(dir.join(format!("{name}.rs")));
                out.insert(dir.join(name).join("mod.rs"));
            }
        }
    }
    let _ = src;
    out
}

/// The code of a file without its inline test modules.
fn without_tests(text: &str) -> String {
    let mut out = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if line.trim() == "#[cfg(test)]" {
            if let Some(next) = lines.peek() {
                if next.trim_start().starts_with("mod ") && next.trim_end().ends_with('{') {
                    // Skip to the closing brace at the same indentation.
                    let indent = next.len() - next.trim_start().len();
                    lines.next();
                    for l in lines.by_ref() {
                        if l.len() - l.trim_start().len() == indent && l.trim() == "}" {
                            break;
                        }
                    }
                    continue;
                }
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The modules a piece of code reaches through `crate::…`, with the line
/// each is first used on. Names re-exported at the crate root resolve to
/// the module they come from.
fn used_modules(code: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut add = |name: &str, line: &str| {
        let module = match name {
            "Review" => "store",
            "Error" | "Result" => "error",
            "VERSION" => return,
            other => other,
        };
        if !out.iter().any(|(m, _)| m == module) {
            out.push((module.to_string(), line.trim().to_string()));
        }
    };
    for line in code.lines() {
        let code_part = line.split("//").next().unwrap_or("");
        let mut rest = code_part;
        while let Some(at) = rest.find("crate::") {
            let after = &rest[at + "crate::".len()..];
            if let Some(group) = after.strip_prefix('{') {
                // `use crate::{a, b::c, D};`
                let inner = group.split('}').next().unwrap_or("");
                for item in inner.split(',') {
                    let head = item.trim().split("::").next().unwrap_or("").trim();
                    if !head.is_empty() {
                        add(head, line);
                    }
                }
            } else {
                let head: String = after
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !head.is_empty() {
                    add(&head, line);
                }
            }
            rest = after;
        }
    }
    out
}

/// Every import that runs up the order, as "module → used: line".
fn violations(root: &Path) -> Vec<String> {
    let architecture = fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap();
    let order = layer_order(&architecture);
    let src = root.join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    files.sort();
    let tests_only = test_only_files(&src, &files);
    let mut bad = Vec::new();
    for file in &files {
        let Some(module) = module_of(&src, file) else {
            continue;
        };
        if tests_only.contains(file) {
            continue;
        }
        let Some(rank) = order.iter().position(|m| *m == module) else {
            bad.push(format!(
                "{}: module `{module}` is not in ARCHITECTURE.md's layer list",
                file.display()
            ));
            continue;
        };
        let code = without_tests(&fs::read_to_string(file).unwrap());
        for (used, line) in used_modules(&code) {
            if used == module {
                continue;
            }
            match order.iter().position(|m| *m == used) {
                Some(r) if r < rank => {}
                Some(_) => bad.push(format!(
                    "{}: `{module}` uses `{used}`, which is not below it: {line}",
                    file.strip_prefix(root).unwrap_or(file).display()
                )),
                None => bad.push(format!(
                    "{}: `{module}` uses `{used}`, which is not in the layer list: {line}",
                    file.strip_prefix(root).unwrap_or(file).display()
                )),
            }
        }
    }
    bad
}

#[test]
fn every_module_imports_only_from_the_layers_below_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bad = violations(root);
    assert!(bad.is_empty(), "imports up the layers:\n{}", bad.join("\n"));
}

/// The check itself can fail: a copy of the library with one upward import
/// added (the store reaching up to the flags) is refused, with the line.
#[test]
fn an_upward_import_is_caught() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let copy = tempfile::tempdir().unwrap();
    fs::copy(
        root.join("ARCHITECTURE.md"),
        copy.path().join("ARCHITECTURE.md"),
    )
    .unwrap();
    let mut files = Vec::new();
    sources(&root.join("src"), &mut files);
    for file in &files {
        let to = copy.path().join(file.strip_prefix(root).unwrap());
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::copy(file, &to).unwrap();
    }
    assert!(violations(copy.path()).is_empty());
    let store = copy.path().join("src/store/mod.rs");
    let text = fs::read_to_string(&store).unwrap();
    fs::write(&store, format!("use crate::flags::Flag;\n{text}")).unwrap();
    let bad = violations(copy.path());
    assert_eq!(bad.len(), 1, "{bad:#?}");
    assert!(bad[0].contains("`store` uses `flags`"), "{}", bad[0]);
    assert!(bad[0].contains("use crate::flags::Flag;"), "{}", bad[0]);
}

#[test]
fn the_layer_list_reads_from_the_architecture_map() {
    let order = layer_order(
        "x\n<!-- layers -->\n1. `error`, `text` — base\n2. `store` — file\n<!-- /layers -->\n",
    );
    assert_eq!(order, ["error", "text", "store"]);
}

/// The store owns every SQL statement: no other library module prepares,
/// executes or spells one.
#[test]
fn only_the_store_speaks_sql() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let src = root.join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let tests_only = test_only_files(&src, &files);
    let marks = [
        "\"SELECT ",
        "\"INSERT ",
        "\"UPDATE ",
        "\"DELETE ",
        "\"CREATE ",
        "\"PRAGMA ",
        ".prepare(",
        ".execute(",
        ".query_row(",
        ".pragma_update(",
        "execute_batch(",
    ];
    let mut bad = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(root).unwrap();
        if rel.starts_with("src/store") || tests_only.contains(file) {
            continue;
        }
        let code = without_tests(&fs::read_to_string(file).unwrap());
        for (n, line) in code.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            if let Some(m) = marks.iter().find(|m| line.contains(*m)) {
                bad.push(format!(
                    "{}:{}: {m} in {}",
                    rel.display(),
                    n + 1,
                    line.trim()
                ));
            }
        }
    }
    assert!(bad.is_empty(), "SQL outside the store:\n{}", bad.join("\n"));
}

/// One rule, one file: a rule's id is spelt only in its own file (everything
/// else names it through the rule's `INFO`).
#[test]
fn a_rule_id_is_spelt_only_in_its_rule_file() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let src = root.join("src");
    let rules_dir = src.join("flags").join("rules");
    let mut ids = Vec::new();
    let mut rule_files = 0;
    for entry in fs::read_dir(&rules_dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        // Beside the rules: their gathering (mod.rs), the scenario builder
        // of their tests, and where thresholds come from (threshold.rs).
        if !["mod.rs", "scenario.rs", "threshold.rs"].contains(&name.as_str()) {
            rule_files += 1;
        }
        let text = fs::read_to_string(&path).unwrap();
        if let Some(at) = text.find("    id: \"") {
            let rest = &text[at + "    id: \"".len()..];
            ids.push((rest[..rest.find('"').unwrap()].to_string(), path));
        }
    }
    // Every rule file names its rule.
    assert_eq!(ids.len(), rule_files, "{ids:?}");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let tests_only = test_only_files(&src, &files);
    let mut bad = Vec::new();
    for file in &files {
        if tests_only.contains(file) {
            continue;
        }
        let mut code = without_tests(&fs::read_to_string(file).unwrap());
        // A rule's default settings may name indicators, and one indicator
        // shares its id with a rule ("child-not-seen").
        if let Some(at) = code.find("const DEFAULTS: &str = r#\"") {
            let end = code[at..].find("\"#;").map_or(code.len(), |e| at + e);
            code.replace_range(at..end, "");
        }
        for (id, home) in &ids {
            if file != home && code.contains(&format!("\"{id}\"")) {
                bad.push(format!(
                    "{} spells \"{id}\"",
                    file.strip_prefix(root).unwrap().display()
                ));
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}
