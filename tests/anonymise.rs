//! Anonymisation: every subject name and alias of the demo, in every case,
//! with and without accents, possessive and surname first, is replaced by its
//! label; ordinary words containing names are left alone; the glossary is
//! kept through the command line, audited, and proposed from the records.

mod support;

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use sightline::analysis::Analysis;
use sightline::anonymise::{anonymiser_for, Anonymiser, AnonymiserBuilder};
use sightline::store::{GlossaryKind, Protection};
use sightline::Review;
use support::{dump, fails, json, new_review, ok, PASSPHRASE};

/// Builds the demo review in `dir` with the binary.
fn demo(dir: &Path) -> PathBuf {
    ok(&["demo", dir.to_str().unwrap()]);
    dir.join("demo.sightline")
}

fn open(path: &Path) -> Review {
    Review::open(path, &Protection::Passphrase(PASSPHRASE.into())).expect("open review")
}

/// Lower case, accents removed (by the library's one table of accented
/// letters, which the anonymiser also folds by), curly apostrophes
/// straightened.
fn fold(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let c = match sightline::text::strip_accent(c) {
            '\u{2019}' => '\'',
            '\u{0300}'..='\u{036f}' => continue,
            c => c,
        };
        out.extend(c.to_lowercase());
    }
    out
}

/// The words of a text, folded.
fn words(s: &str) -> Vec<String> {
    fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// True when the words of `name` occur, in order and whole, in `text`
/// (case- and accent-insensitively).
fn contains_name(text: &str, name: &str) -> bool {
    let t = words(text);
    let n = words(name);
    !n.is_empty() && t.windows(n.len()).any(|w| w == n.as_slice())
}

/// The first vowel accented ("Zoe" → "Zóe"), to show accents do not matter.
fn accented(s: &str) -> String {
    let mut done = false;
    s.chars()
        .map(|c| {
            if done {
                return c;
            }
            let a = match c {
                'a' => 'á',
                'e' => 'ë',
                'i' => 'í',
                'o' => 'ö',
                'u' => 'ü',
                'A' => 'Á',
                'E' => 'Ë',
                'I' => 'Í',
                'O' => 'Ö',
                'U' => 'Ü',
                other => other,
            };
            done = a != c;
            a
        })
        .collect()
}

fn title_case(s: &str) -> String {
    let mut out = String::new();
    let mut start = true;
    for c in s.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = !c.is_alphanumeric();
    }
    out
}

fn anon(pairs: &[(&str, &str)]) -> Anonymiser {
    Anonymiser::new(pairs.iter().copied()).expect("compiles")
}

#[test]
fn names_are_replaced_whole_longest_first_and_possessive() {
    let a = anon(&[
        ("Tyler", "Child A"),
        ("Tyler Brooks", "Child A"),
        ("T. Brooks", "Child A"),
        ("Ty", "Child A"),
        ("Brooks", "Mother"),
        ("Ms Brooks", "Mother"),
        ("Dean", "Mother's partner"),
        ("Zoë", "Child C"),
        ("Climbié", "Child V"),
    ]);
    let cases = [
        ("Tyler Brooks was seen", "Child A was seen"),
        ("BROOKS, Tyler was seen", "Child A was seen"),
        ("Brooks Tyler was seen", "Child A was seen"),
        ("Tyler\n Brooks and Tyler  Brooks", "Child A and Child A"),
        ("T. Brooks, T.Brooks, T Brooks", "Child A, Child A, Child A"),
        ("Tyler's coat; Tyler’s hat", "Child A's coat; Child A’s hat"),
        ("TYLER'S coat", "Child A's coat"),
        ("Brooks' flat; Brooks’ car", "Mother's flat; Mother’s car"),
        ("he said 'Brooks' twice", "he said 'Mother' twice"),
        ("Ms Brooks, Tyler and Ty", "Mother, Child A and Child A"),
        ("Dean at the Deanery", "Mother's partner at the Deanery"),
        ("Ty is typical of Tyler", "Child A is typical of Child A"),
        (
            "Zoë, Zoe, ZOË, zoe\u{308}",
            "Child C, Child C, Child C, Child C",
        ),
        (
            "Victoria Climbie and CLIMBIÉ",
            "Victoria Child V and Child V",
        ),
        (
            "Brookside, Tyleresque, Deans",
            "Brookside, Tyleresque, Deans",
        ),
        ("", ""),
    ];
    for (text, want) in cases {
        assert_eq!(a.apply(text), want, "anonymising {text:?}");
    }
}

#[test]
fn glossary_names_take_their_titles_ranks_and_short_forms() {
    let mut b = AnonymiserBuilder::new();
    b.glossary("DS 409 Nathan Cole", "DS1", GlossaryKind::Professional)
        .glossary("Dr Zoë Fenwick", "GP1", GlossaryKind::Professional)
        .glossary("Jade Okafor", "SW1", GlossaryKind::Professional)
        .glossary("Calder Court", "Address 1", GlossaryKind::Place)
        .name("Tyler", "Child A");
    let a = b.build().expect("compiles");
    let cases = [
        ("DS 409 N. COLE and DS COLE", "DS1 and DS1"),
        ("DS Nathan Cole's report", "DS1's report"),
        ("Dr ZOE FENWICK, Dr Fenwick.", "GP1, GP1."),
        ("SW Jade Okafor; SW J. OKAFOR; SW Okafor", "SW1; SW1; SW1"),
        ("OKAFOR, Jade saw Tyler", "SW1 saw Child A"),
        ("Flat 6 Calder Court", "Flat 6 Address 1"),
        // A surname alone is only a name after a title or rank.
        ("the cole mine; Fenwick Road", "the cole mine; Fenwick Road"),
    ];
    for (text, want) in cases {
        assert_eq!(a.apply(text), want, "anonymising {text:?}");
    }
}

/// The demo's one-word names that are also ordinary words.
const ORDINARY_WORDS: &[&str] = &["pat"];

#[test]
fn every_demo_variant_in_every_form_is_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let review = open(&demo(dir.path()));
    let analysis = Analysis::for_review(&review).unwrap();
    let a = anonymiser_for(&review, &analysis).unwrap();
    let replacements = analysis.subjects.replacements();
    assert!(replacements.len() > 20, "{replacements:?}");
    let mut variants: Vec<String> = replacements.iter().map(|(v, _)| v.clone()).collect();
    for s in &analysis.subjects.subjects {
        variants.extend(s.names.iter().map(|n| n.text.clone()));
    }
    let mut checked = 0;
    for v in &variants {
        let mut forms = vec![
            v.clone(),
            v.to_uppercase(),
            title_case(v),
            accented(v),
            accented(&v.to_uppercase()),
        ];
        // A one-word name that is also an ordinary word ("Pat": "pat dry")
        // is a name only where it is capitalised.
        if !ORDINARY_WORDS.contains(&v.to_lowercase().as_str()) {
            forms.push(v.to_lowercase());
        }
        let w: Vec<&str> = v.split_whitespace().collect();
        let titled = w
            .first()
            .is_some_and(|t| ["mr", "mrs", "ms", "miss"].contains(&t.to_lowercase().as_str()));
        if w.len() >= 2 && !titled && !v.contains(',') {
            let last = w[w.len() - 1].to_uppercase();
            forms.push(format!("{last}, {}", w[..w.len() - 1].join(" ")));
            forms.push(w.join("\n  "));
        }
        for form in forms {
            for (text, possessive) in [
                (format!("Seen: {form} today."), false),
                (format!("Seen: {form}'s coat."), true),
                (format!("Seen: {form}’s coat."), true),
            ] {
                let out = a.apply(&text);
                for name in &variants {
                    assert!(
                        !contains_name(&out, name),
                        "{name:?} survives in {out:?} (from {text:?})"
                    );
                }
                if possessive {
                    assert!(
                        out.contains("'s coat") || out.contains("’s coat"),
                        "{out:?}"
                    );
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 500, "only {checked} forms checked");
}

#[test]
fn no_demo_subject_name_survives_in_any_record() {
    let dir = tempfile::tempdir().unwrap();
    let review = open(&demo(dir.path()));
    let analysis = Analysis::for_review(&review).unwrap();
    let a = anonymiser_for(&review, &analysis).unwrap();
    let names: Vec<String> = analysis
        .subjects
        .replacements()
        .into_iter()
        .map(|(v, _)| v)
        .collect();
    assert!(analysis.records.len() >= 466);
    let mut replaced = 0;
    for r in &analysis.records {
        for text in std::iter::once(r.text.as_str()).chain(r.outcome.as_deref()) {
            let out = a.apply(text);
            if out != text {
                replaced += 1;
            }
            for name in &names {
                assert!(
                    !contains_name(&out, name),
                    "record {}: {name:?} survives in {out:?}",
                    r.id
                );
            }
        }
    }
    assert!(replaced > 200, "only {replaced} texts changed");
}

#[test]
fn ordinary_words_containing_names_are_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let review = open(&demo(dir.path()));
    let analysis = Analysis::for_review(&review).unwrap();
    let a = anonymiser_for(&review, &analysis).unwrap();
    let text = "The Deanery is typical; Tyres at Brookside, Miami and Marshall Street; \
                Hollister's Kayleighville, Mian, DMZ, Tyrone.";
    assert_eq!(a.apply(text), text);
}

#[test]
fn glossary_and_proposals_anonymise_the_demo_professionals() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let mut review = open(&path);
    let analysis = Analysis::for_review(&review).unwrap();
    let proposals = sightline::anonymise::proposals(&analysis.records);
    for p in &proposals {
        review
            .glossary_add(&p.name, &p.code, GlossaryKind::Professional)
            .unwrap();
    }
    let a = anonymiser_for(&review, &analysis).unwrap();
    let mut changed = 0;
    for r in &analysis.records {
        for text in std::iter::once(r.text.as_str()).chain(r.author.as_deref()) {
            let out = a.apply(text);
            changed += usize::from(out != text);
            for name in [
                "Jade Okafor",
                "Nathan Cole",
                "Hannah Greaves",
                "Zoë Fenwick",
            ] {
                assert!(!contains_name(&out, name), "{name} survives in {out:?}");
            }
            for titled in [
                "SW Okafor",
                "DS Cole",
                "Dr Greaves",
                "Dr Fenwick",
                "DC Benn",
            ] {
                assert!(!contains_name(&out, titled), "{titled} survives in {out:?}");
            }
        }
    }
    assert!(changed > 300, "only {changed} texts changed");
}

/// A professional written "Mr Vance" in one record and "Mr G Vance" in
/// another is proposed once, and coding the proposal leaves neither form in
/// the anonymised text.
#[test]
fn a_proposed_name_covers_its_forms_with_initials() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_review(dir.path());
    let r = path.to_str().unwrap();
    let school = dir.path().join("school.csv");
    std::fs::write(
        &school,
        "Date,Child,Details\n\
         12/05/2022,Tyler Brooks,Tyler said Mr Vance at after-school club grabbed his arm.\n\
         13/05/2022,Tyler Brooks,DSL spoke to club manager about Mr G Vance.\n",
    )
    .unwrap();
    ok(&[
        "import",
        r,
        school.to_str().unwrap(),
        "--agency",
        "Oakfield Primary School",
        "--kind",
        "school",
    ]);
    let mut review = open(&path);
    let analysis = Analysis::for_review(&review).unwrap();
    let proposals = sightline::anonymise::proposals(&analysis.records);
    let vance: Vec<_> = proposals
        .iter()
        .filter(|p| p.name.contains("Vance"))
        .collect();
    assert_eq!(vance.len(), 1, "{proposals:?}");
    review
        .glossary_add(&vance[0].name, &vance[0].code, GlossaryKind::Professional)
        .unwrap();
    let a = anonymiser_for(&review, &analysis).unwrap();
    for rec in &analysis.records {
        let out = a.apply(&rec.text);
        assert!(!contains_name(&out, "Vance"), "{out:?}");
    }
}

#[test]
fn glossary_round_trip_through_the_command_line_is_audited() {
    let dir = tempfile::tempdir().unwrap();
    let review = new_review(dir.path());
    let r = review.to_str().unwrap();
    assert_eq!(json(&ok(&["glossary", "list", r, "--json"])), json("[]"));
    ok(&["glossary", "add", r, "Jade Okafor", "SW1"]);
    ok(&[
        "glossary",
        "add",
        r,
        "Calder Court",
        "Address 1",
        "--kind",
        "place",
    ]);
    let list = json(&ok(&["glossary", "list", r, "--json"]));
    let entries = list.as_array().unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["name"], "Jade Okafor");
    assert_eq!(entries[0]["code"], "SW1");
    assert_eq!(entries[0]["kind"], "professional");
    assert_eq!(entries[1]["kind"], "place");
    let id = entries[0]["id"].as_i64().unwrap().to_string();
    let place = entries[1]["id"].as_i64().unwrap().to_string();

    ok(&["glossary", "set", r, &id, "--code", "SW9"]);
    ok(&["glossary", "set", r, &id, "--name", "SW Jade OKAFOR"]);
    let list = json(&ok(&["glossary", "list", r, "--json"]));
    assert_eq!(list[0]["code"], "SW9");
    assert_eq!(list[0]["name"], "SW Jade OKAFOR");
    assert!(ok(&["glossary", "list", r]).contains("SW9"));

    ok(&["glossary", "remove", r, &place]);
    let list = json(&ok(&["glossary", "list", r, "--json"]));
    assert_eq!(list.as_array().unwrap().len(), 1);

    // Refusals change nothing.
    assert!(fails(&["glossary", "add", r, "sw jade okafor", "SW2"]).contains("already"));
    assert!(fails(&["glossary", "add", r, "Someone", "X1", "--kind", "pet"]).contains("kind"));
    assert!(fails(&["glossary", "add", r, "  ", "X1"]).contains("empty"));
    assert!(fails(&["glossary", "set", r, &id]).contains("nothing to change"));
    assert!(fails(&["glossary", "set", r, "999", "--code", "X"]).contains("999"));
    assert!(fails(&["glossary", "remove", r, &place]).contains(&place));

    let d = dump(&review);
    for action in [
        "glossary.add",
        "glossary.set",
        "glossary.remove",
        "\"from\":{\"code\":\"SW1\"",
    ] {
        assert!(d.contains(action), "no {action} in the audit log");
    }
    assert_eq!(d.matches("| glossary.add |").count(), 2, "{d}");
    assert_eq!(d.matches("| glossary.set |").count(), 2);
    assert_eq!(d.matches("| glossary.remove |").count(), 1);
    ok(&["verify", r]);

    // The library sees the same entries.
    let opened = open(&review);
    let g = opened.glossary().unwrap();
    assert_eq!(g.len(), 1);
    assert_eq!(g[0].code, "SW9");
}

#[test]
fn glossary_propose_finds_the_demo_professionals_and_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let p = path.to_str().unwrap();
    let proposals = json(&ok(&["glossary", "propose", p, "--json"]));
    let list = proposals.as_array().unwrap();
    let find = |name: &str| {
        list.iter()
            .find(|x| x["name"] == name)
            .unwrap_or_else(|| panic!("{name} not proposed: {proposals:#}"))
    };
    let okafor = find("Jade Okafor");
    assert!(okafor["code"].as_str().unwrap().starts_with("SW"));
    assert!(okafor["count"].as_u64().unwrap() >= 18);
    let cole = find("Nathan Cole");
    assert!(cole["code"].as_str().unwrap().starts_with("DS"));
    assert!(find("Zoë Fenwick")["code"]
        .as_str()
        .unwrap()
        .starts_with("GP"));
    assert!(find("Karen Lister")["code"]
        .as_str()
        .unwrap()
        .starts_with("Teacher"));
    find("A. Hughes");
    find("P. Kowalski");
    for x in list {
        let name = x["name"].as_str().unwrap();
        for subject in ["Brooks", "Marsh", "Hollis", "Tyler", "Kayleigh"] {
            assert!(!contains_name(name, subject), "subject {name} proposed");
        }
    }
    let codes: std::collections::HashSet<&str> =
        list.iter().map(|x| x["code"].as_str().unwrap()).collect();
    assert_eq!(codes.len(), list.len(), "codes are unique");
    assert!(ok(&["glossary", "propose", p]).contains("Jade Okafor"));
    assert_eq!(json(&ok(&["glossary", "list", p, "--json"])), json("[]"));
}

/// A name run into a letter of another script is part of a longer word.
#[test]
fn a_name_run_into_another_script_is_not_a_name() {
    let a = anon(&[("Ty", "Child A"), ("Zoë", "Child C")]);
    assert_eq!(a.apply("tY\u{11313} and Ty."), "tY\u{11313} and Child A.");
    assert_eq!(a.apply("\u{4e2d}Zoë Zoë"), "\u{4e2d}Zoë Child C");
}

proptest! {
    #[test]
    fn any_text_gives_valid_text_and_never_panics(
        text in "[TtYyBbRrOoKkSsMmDrëÉé\u{308}\u{2019}'‘, .\n\u{1F600}İß-]{0,60}|\\PC{0,80}"
    ) {
        let a = anon(&[
            ("Tyler Brooks", "Child A"),
            ("Ty", "Child A"),
            ("Brooks", "Mother"),
            ("Ms Brooks", "Mother"),
            ("T. Brooks", "Child A"),
            ("Zoë", "Child C"),
        ]);
        let out = a.apply(&text);
        // Text without any name comes back unchanged.
        if !["tyler", "ty", "brooks", "zoe", "t"].iter().any(|n| words(&text).iter().any(|w| w == n)) {
            prop_assert_eq!(out, text);
        }
    }
}

#[test]
fn ten_thousand_records_are_anonymised_quickly() {
    let dir = tempfile::tempdir().unwrap();
    let review = open(&demo(dir.path()));
    let analysis = Analysis::for_review(&review).unwrap();
    let a = anonymiser_for(&review, &analysis).unwrap();
    let texts: Vec<&str> = analysis
        .records
        .iter()
        .map(|r| r.text.as_str())
        .cycle()
        .take(10_000)
        .collect();
    let started = std::time::Instant::now();
    let bytes: usize = texts.iter().map(|t| a.apply(t).len()).sum();
    let took = started.elapsed();
    assert!(bytes > 0);
    // Well under a second in a release build; generous for debug builds.
    assert!(took.as_secs() < 20, "10,000 records took {took:?}");
    eprintln!("10,000 records anonymised in {took:?}");
}
