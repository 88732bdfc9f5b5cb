//! The app's security configuration, read as shipped: no remote URL anywhere,
//! a strict content security policy, and capabilities no wider than the app
//! needs (its own commands, events, and the open/save file dialogs).

use std::path::{Path, PathBuf};

use serde_json::Value;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every string in a JSON value.
fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Object(o) => o.iter().for_each(|(k, x)| {
            out.push(k.clone());
            strings(x, out)
        }),
        _ => {}
    }
}

/// URLs that leave the machine: any scheme with a host other than Tauri's
/// own local ones.
fn remote_urls(text: &str) -> Vec<String> {
    let local = [
        "http://ipc.localhost",
        "http://asset.localhost",
        "http://tauri.localhost",
    ];
    let mut found = Vec::new();
    for scheme in [
        "http://", "https://", "ws://", "wss://", "ftp://", "//cdn", "//fonts.",
    ] {
        let mut rest = text;
        while let Some(i) = rest.find(scheme) {
            let url: String = rest[i..]
                .chars()
                .take_while(|c| !c.is_whitespace() && !"\"';,)".contains(*c))
                .collect();
            if !local.iter().any(|l| url.starts_with(l)) {
                found.push(url);
            }
            rest = &rest[i + scheme.len()..];
        }
    }
    found
}

#[test]
fn the_configuration_names_no_remote_url() {
    let conf = json(&dir().join("tauri.conf.json"));
    let mut all = Vec::new();
    strings(&conf, &mut all);
    for entry in std::fs::read_dir(dir().join("capabilities")).unwrap() {
        strings(&json(&entry.unwrap().path()), &mut all);
    }
    let remote: Vec<String> = all.iter().flat_map(|s| remote_urls(s)).collect();
    assert!(
        remote.is_empty(),
        "remote URLs in the app's configuration: {remote:?}"
    );
    assert!(
        conf["build"].get("devUrl").is_none(),
        "the app has no development server"
    );
    assert_eq!(conf["build"]["frontendDist"], "../ui/dist");
}

#[test]
fn the_content_security_policy_allows_only_the_app_itself() {
    let conf = json(&dir().join("tauri.conf.json"));
    let csp = conf["app"]["security"]["csp"]
        .as_str()
        .expect("a CSP is set (null would disable it)");
    let directives: Vec<(&str, Vec<&str>)> = csp
        .split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| {
            let mut parts = d.split_whitespace();
            (parts.next().unwrap(), parts.collect())
        })
        .collect();
    let get = |name: &str| {
        directives
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(
        get("default-src"),
        Some(vec!["'self'"]),
        "default-src 'self'"
    );
    for (name, sources) in &directives {
        for s in sources {
            assert!(
                ![
                    "*",
                    "'unsafe-eval'",
                    "'unsafe-inline'",
                    "data:",
                    "blob:",
                    "http:",
                    "https:"
                ]
                .contains(s)
                    || (*name == "img-src" && *s == "data:"),
                "{name} is loosened by {s}"
            );
        }
    }
    for name in ["script-src", "style-src", "font-src"] {
        if let Some(v) = get(name) {
            assert_eq!(v, vec!["'self'"], "{name} allows only the app's own files");
        }
    }
    assert_eq!(get("object-src"), Some(vec!["'none'"]));
    for s in get("connect-src").unwrap_or_default() {
        assert!(
            ["'self'", "ipc:", "http://ipc.localhost"].contains(&s),
            "connect-src reaches {s}"
        );
    }
    assert_ne!(
        conf["app"]["security"]["dangerousDisableAssetCspModification"],
        true
    );
}

#[test]
fn capabilities_grant_only_core_and_the_file_dialogs() {
    let allowed = ["core:default", "dialog:allow-open", "dialog:allow-save"];
    let mut files = 0;
    for entry in std::fs::read_dir(dir().join("capabilities")).unwrap() {
        let path = entry.unwrap().path();
        let cap = json(&path);
        files += 1;
        assert!(
            cap.get("remote").is_none(),
            "{}: no remote pages get capabilities",
            path.display()
        );
        assert_eq!(cap["windows"], serde_json::json!(["main"]));
        for p in cap["permissions"].as_array().unwrap() {
            let id = p.as_str().or_else(|| p["identifier"].as_str()).unwrap();
            assert!(
                allowed.contains(&id),
                "{}: {id} is more than the app needs",
                path.display()
            );
        }
    }
    assert_eq!(files, 1, "one capability file, for the main window");
}

#[test]
fn the_front_end_loads_nothing_from_elsewhere() {
    let ui = dir().join("../ui");
    let mut checked = 0;
    let mut stack = vec![ui.join("index.html"), ui.join("src")];
    if ui.join("dist").is_dir() {
        stack.push(ui.join("dist"));
    }
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            for e in std::fs::read_dir(&p).unwrap() {
                let e = e.unwrap().path();
                if !e.ends_with("mock") {
                    stack.push(e);
                }
            }
            continue;
        }
        let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !["html", "ts", "js", "css"].contains(&ext) {
            continue;
        }
        let text = std::fs::read_to_string(&p).unwrap();
        checked += 1;
        // Namespace URIs (SVG) and comments' references are not fetches;
        // only addresses in src, href, url() or fetch-like calls are.
        for url in remote_urls(&text) {
            assert!(
                url.starts_with("http://www.w3.org/"),
                "{} refers to {url}",
                p.display()
            );
        }
    }
    assert!(checked > 5, "the front end's files were read");
}
