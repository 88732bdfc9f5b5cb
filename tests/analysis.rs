//! Who knew what, when: the demo's planted points are flagged, the control
//! case raises no information-sharing flags, the knowledge matrix matches
//! what the case's story says at three dates, and reviewer decisions on
//! flags survive re-analysis.

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde_json::Value;
use support::*;

const AGENCIES: &[&str] = &[
    "Harwick Police",
    "Harwick Children's Social Care",
    "Harwick Health Visiting",
    "Elm Street Surgery",
    "Harwick General Hospital",
    "Oakfield Primary School",
    "Harwick Homes",
    "Harwick Probation Delivery Unit",
];

/// A point from EXPECTED.md: rule, the agencies its agency cell names, date.
#[derive(Debug)]
struct Point {
    row: String,
    rule: String,
    agencies: Vec<&'static str>,
    date: NaiveDate,
}

/// Reads the planted points (numbered rows) and the further, explained
/// points (unnumbered rows) of `fixtures/demo/EXPECTED.md`.
fn expected() -> (Vec<Point>, Vec<Point>) {
    let text = std::fs::read_to_string(fixture("demo/EXPECTED.md")).unwrap();
    let mut planted = Vec::new();
    let mut further = Vec::new();
    for line in text.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() < 5 || !line.starts_with('|') {
            continue;
        }
        let (numbered, rule, agency, date) = if cells[1].parse::<u32>().is_ok() {
            (true, cells[2], cells[3], cells[4])
        } else {
            (false, cells[1], cells[2], cells[3])
        };
        let Some(rule) = rule.strip_prefix('`').and_then(|r| r.strip_suffix('`')) else {
            continue;
        };
        let Ok(date) = NaiveDate::parse_from_str(date, "%d/%m/%Y") else {
            continue;
        };
        let point = Point {
            row: line.chars().take(120).collect(),
            rule: rule.to_string(),
            agencies: AGENCIES
                .iter()
                .copied()
                .filter(|a| agency.contains(a))
                .collect(),
            date,
        };
        assert!(!point.agencies.is_empty(), "no agency in {line}");
        if numbered {
            planted.push(point);
        } else {
            further.push(point);
        }
    }
    (planted, further)
}

fn flag_date(f: &Value) -> NaiveDate {
    NaiveDate::parse_from_str(&f["at"].as_str().unwrap()[..10], "%Y-%m-%d").unwrap()
}

/// Whether the rule raised the flag, leading or among its other reasons
/// (several rules on one decision make one flag).
fn has_rule(f: &Value, rule: &str) -> bool {
    f["rule"] == rule
        || f["also"]
            .as_array()
            .is_some_and(|a| a.iter().any(|r| r["rule"] == rule))
}

fn matches(f: &Value, p: &Point) -> bool {
    has_rule(f, &p.rule)
        && p.agencies.iter().any(|a| f["agency"] == *a)
        && (flag_date(f) - p.date).num_days().abs() <= 1
}

fn demo_review(dir: &Path) -> PathBuf {
    ok(&["demo", dir.to_str().unwrap()]);
    dir.join("demo.sightline")
}

#[test]
fn every_planted_point_is_flagged_and_few_flags_are_unexplained() {
    let dir = tempfile::tempdir().unwrap();
    let review = demo_review(dir.path());
    let flags = json(&ok(&["flags", review.to_str().unwrap(), "--json"]));
    let flags = flags.as_array().unwrap();
    let (planted, further) = expected();
    assert!(
        planted.len() >= 34,
        "EXPECTED.md plants two points for each of the first nine rules and one for each later rule"
    );
    let rules: BTreeSet<&str> = planted.iter().map(|p| p.rule.as_str()).collect();
    let documented: BTreeSet<&str> = include_str!("../docs/rules.md")
        .lines()
        .filter_map(|l| l.strip_prefix("## "))
        .filter_map(|l| l.split_once(" — ").map(|(id, _)| id))
        .collect();
    assert_eq!(
        rules, documented,
        "the planted table covers every rule of docs/rules.md"
    );

    let missed: Vec<&str> = planted
        .iter()
        .filter(|p| !flags.iter().any(|f| matches(f, p)))
        .map(|p| p.row.as_str())
        .collect();
    assert!(missed.is_empty(), "planted points not flagged: {missed:#?}");

    let unexplained: Vec<&Value> = flags
        .iter()
        .filter(|f| !planted.iter().chain(&further).any(|p| matches(f, p)))
        .collect();
    let not_planted = flags
        .iter()
        .filter(|f| !planted.iter().any(|p| matches(f, p)))
        .count();
    println!(
        "demo: {} flags, {} planted points all found, {} not in the planted table, {} unexplained",
        flags.len(),
        planted.len(),
        not_planted,
        unexplained.len()
    );
    assert!(
        unexplained.len() * 4 < flags.len(),
        "{} of {} flags are unexplained: {:#?}",
        unexplained.len(),
        flags.len(),
        unexplained
            .iter()
            .map(|f| format!("{} {} {} {}", f["rule"], f["agency"], f["at"], f["title"]))
            .collect::<Vec<_>>()
    );

    // The JSON shape of the README, on every flag.
    for f in flags {
        for key in [
            "id",
            "rule",
            "severity",
            "agency",
            "at",
            "subject",
            "explanation",
            "evidence",
            "held_by",
            "status",
        ] {
            assert!(f.get(key).is_some(), "{key} missing: {f}");
        }
        assert_eq!(f["status"], "open");
        assert!(!f["evidence"].as_array().unwrap().is_empty());
        let text = f["explanation"].as_str().unwrap();
        for verdict in ["failed", "failure", "negligent", "should have"] {
            assert!(
                !text.contains(verdict),
                "a flag is evidence, not a verdict: {text}"
            );
        }
        for h in f["held_by"].as_array().unwrap() {
            for key in ["agency", "since", "indicator", "records"] {
                assert!(h.get(key).is_some(), "held_by.{key} missing: {f}");
            }
        }
    }
    let ids: BTreeSet<&str> = flags.iter().map(|f| f["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), flags.len(), "flag ids are unique");
}

#[test]
fn a_decision_flag_names_what_was_held_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let review = demo_review(dir.path());
    let flags = json(&ok(&["flags", review.to_str().unwrap(), "--json"]));
    // Point 1: CSC closed its assessment on 09/04/2021 while injuries to
    // Tyler were held by the school, the hospital and the GP.
    let f = flags
        .as_array()
        .unwrap()
        .iter()
        .find(|f| {
            has_rule(f, "decision-without-information")
                && f["agency"] == "Harwick Children's Social Care"
                && f["at"].as_str().unwrap().starts_with("2021-04-09")
        })
        .expect("the 09/04/2021 closure is flagged");
    let holders: BTreeSet<&str> = f["held_by"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["indicator"] == "injury")
        .map(|h| h["agency"].as_str().unwrap())
        .collect();
    for a in [
        "Oakfield Primary School",
        "Harwick General Hospital",
        "Elm Street Surgery",
    ] {
        assert!(
            holders.contains(a),
            "{a} not named as holding the injury: {f}"
        );
    }
    assert!(f["subject"].as_str().unwrap().contains("Child A"));
    let text = f["explanation"].as_str().unwrap();
    assert!(
        text.contains("had not reached Harwick Children's Social Care"),
        "{text}"
    );
    assert!(text.contains("10/02/2021"), "{text}");

    // A record about two of a flag's people is listed once.
    let listed_once = |ids: &Value| {
        let ids: Vec<i64> = ids
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_i64().unwrap())
            .collect();
        ids.iter().collect::<BTreeSet<_>>().len() == ids.len()
    };
    for f in flags.as_array().unwrap() {
        for h in f["held_by"].as_array().unwrap() {
            assert!(listed_once(&h["records"]), "a record listed twice: {h}");
        }
        assert!(listed_once(&f["evidence"]), "evidence listed twice: {f}");
    }
}

#[test]
fn the_control_case_raises_no_information_sharing_flags() {
    let dir = tempfile::tempdir().unwrap();
    let review = new_review(dir.path());
    let r = review.to_str().unwrap();
    for (file, agency, kind) in [
        ("police.csv", "Fenbridge Police", "police"),
        (
            "childrens_social_care.xlsx",
            "Fenbridge Children's Social Care",
            "childrens_social_care",
        ),
        ("school.csv", "Kingsmead Primary School", "school"),
        ("gp.csv", "Riverside Medical Practice", "gp"),
    ] {
        let path = fixture(&format!("control/{file}"));
        ok(&[
            "import",
            r,
            path.to_str().unwrap(),
            "--agency",
            agency,
            "--kind",
            kind,
        ]);
    }
    let flags = json(&ok(&["flags", r, "--json"]));
    let bad: Vec<&Value> = flags
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| has_rule(f, "decision-without-information") || has_rule(f, "never-shared"))
        .collect();
    assert!(bad.is_empty(), "control case: {bad:#?}");
    // And the case is analysed, not empty: the school knew of the domestic
    // abuse because the police told it.
    let knowledge = json(&ok(&["knowledge", r, "--json"]));
    assert!(knowledge.as_array().unwrap().iter().any(|k| {
        k["agency"] == "Kingsmead Primary School"
            && k["indicator"] == "domestic-abuse"
            && k["via"].is_i64()
    }));
}

/// One cell of the matrix: who, about whom, what, first known (date), own or shared.
fn cell<'a>(rows: &'a [Value], agency: &str, subject: &str, indicator: &str) -> Option<&'a Value> {
    rows.iter()
        .find(|k| k["agency"] == agency && k["subject"] == subject && k["indicator"] == indicator)
}

fn known(rows: &[Value], agency: &str, subject: &str, indicator: &str, since: &str, own: bool) {
    let k = cell(rows, agency, subject, indicator)
        .unwrap_or_else(|| panic!("{agency} should know {indicator} about {subject}"));
    assert!(
        k["first_known"].as_str().unwrap().starts_with(since),
        "{agency} {indicator} {subject}: first known {} not {since}",
        k["first_known"]
    );
    assert_eq!(
        k["via"] == "own",
        own,
        "{agency} {indicator} {subject}: via {}",
        k["via"]
    );
}

fn unknown(rows: &[Value], agency: &str, subject: &str, indicator: &str) {
    assert!(
        cell(rows, agency, subject, indicator).is_none(),
        "{agency} should not yet know {indicator} about {subject}"
    );
}

#[test]
fn knowledge_as_at_three_dates_matches_the_case() {
    let dir = tempfile::tempdir().unwrap();
    let review = demo_review(dir.path());
    let r = review.to_str().unwrap();
    let at = |d: &str| json(&ok(&["knowledge", r, "--as-at", d, "--json"]));

    // 09/04/2021, the day CSC closed its first assessment.
    let m = at("09/04/2021");
    let m = m.as_array().unwrap();
    known(
        m,
        "Harwick Police",
        "Child A",
        "domestic-abuse",
        "2021-01-23",
        true,
    );
    known(
        m,
        "Oakfield Primary School",
        "Child A",
        "domestic-abuse",
        "2021-01-24",
        false,
    );
    known(
        m,
        "Oakfield Primary School",
        "Child A",
        "injury",
        "2021-02-10",
        true,
    );
    known(
        m,
        "Harwick General Hospital",
        "Child A",
        "injury",
        "2021-03-06",
        true,
    );
    unknown(m, "Harwick Children's Social Care", "Child A", "injury");
    unknown(m, "Harwick Homes", "Child A", "domestic-abuse");

    // 20/10/2021, CSC's second closure.
    let m = at("20/10/2021");
    let m = m.as_array().unwrap();
    known(
        m,
        "Harwick Homes",
        "Child A",
        "domestic-abuse",
        "2021-06-04",
        true,
    );
    known(
        m,
        "Harwick Police",
        "Child B",
        "domestic-abuse",
        "2021-09-18",
        true,
    );
    known(
        m,
        "Harwick General Hospital",
        "Child A",
        "injury",
        "2021-03-06",
        true,
    );
    unknown(m, "Harwick General Hospital", "Child A", "suspected-nai");
    unknown(m, "Elm Street Surgery", "Child B", "injury");

    // 26/07/2022, the health visitor's step-down of Mia.
    let m = at("26/07/2022");
    let m = m.as_array().unwrap();
    known(
        m,
        "Elm Street Surgery",
        "Child B",
        "injury",
        "2022-02-07",
        true,
    );
    known(
        m,
        "Harwick General Hospital",
        "Child B",
        "suspected-nai",
        "2022-07-19",
        true,
    );
    known(
        m,
        "Harwick General Hospital",
        "Child A",
        "suspected-nai",
        "2021-11-19",
        true,
    );
    unknown(
        m,
        "Harwick Probation Delivery Unit",
        "Child B",
        "suspected-nai",
    );
    // A day earlier than the hospital's attendance, it did not know.
    let m = at("18/07/2022");
    unknown(
        m.as_array().unwrap(),
        "Harwick General Hospital",
        "Child B",
        "suspected-nai",
    );

    // Without --as-at, the whole matrix, and nothing is known before it happened.
    let all = json(&ok(&["knowledge", r, "--json"]));
    for k in all.as_array().unwrap() {
        for key in ["agency", "subject", "indicator", "first_known", "via"] {
            assert!(k.get(key).is_some(), "{key} missing: {k}");
        }
    }
    let bad = fails(&["knowledge", r, "--as-at", "31/02/2021"]);
    assert!(bad.contains("February 2021 has 28 days"), "{bad}");
}

#[test]
fn reviewer_decisions_survive_reanalysis_and_are_audited() {
    let dir = tempfile::tempdir().unwrap();
    let review = demo_review(dir.path());
    let r = review.to_str().unwrap();
    let flags = json(&ok(&["flags", r, "--json"]));
    let flags = flags.as_array().unwrap();
    let first = flags[0]["id"].as_str().unwrap().to_string();
    let second = flags[1]["id"].as_str().unwrap().to_string();

    let stderr = fails(&["flag", "dismiss", r, &first, "--reason", "  "]);
    assert!(stderr.contains("reason"), "{stderr}");
    ok(&[
        "flag",
        "dismiss",
        r,
        &first,
        "--reason",
        "Known to CSC by phone; not recorded",
    ]);
    ok(&["flag", "accept", r, &second]);
    ok(&[
        "flag",
        "annotate",
        r,
        &second,
        "--note",
        "Discuss at panel 3",
    ]);
    let stderr = fails(&["flag", "accept", r, "F-0000000000"]);
    assert!(stderr.contains("no flag F-0000000000"), "{stderr}");

    // Re-running the analysis gives the same ids with the decisions on them.
    let again = json(&ok(&["flags", r, "--json"]));
    let again = again.as_array().unwrap();
    assert_eq!(again.len(), flags.len());
    let f1 = again.iter().find(|f| f["id"] == first.as_str()).unwrap();
    assert_eq!(f1["status"], "dismissed");
    assert_eq!(f1["reason"], "Known to CSC by phone; not recorded");
    let f2 = again.iter().find(|f| f["id"] == second.as_str()).unwrap();
    assert_eq!(f2["status"], "accepted");
    assert_eq!(f2["notes"][0]["text"], "Discuss at panel 3");

    // Every decision is in the audit chain, which still verifies.
    let conn = rusqlite::Connection::open(&review).unwrap();
    conn.pragma_update(None, "key", PASSPHRASE).unwrap();
    let actions: Vec<String> = conn
        .prepare("SELECT action FROM audit_log ORDER BY seq")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for a in ["flag.dismissed", "flag.accepted", "flag.annotate"] {
        assert!(
            actions.iter().any(|x| x == a),
            "{a} not audited: {actions:?}"
        );
    }
    ok(&["verify", r]);
}

#[test]
fn subjects_timeline_and_merge_decisions() {
    let dir = tempfile::tempdir().unwrap();
    let review = demo_review(dir.path());
    let r = review.to_str().unwrap();
    let subjects = json(&ok(&["subjects", r, "--json"]));
    let subjects = subjects.as_array().unwrap();
    let by_label = |l: &str| {
        subjects
            .iter()
            .find(|s| s["label"] == l)
            .unwrap_or_else(|| panic!("no {l} in {subjects:?}"))
    };
    let child = by_label("Child A");
    assert_eq!(child["role"], "child");
    let names: Vec<&str> = child["names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    for n in ["Tyler Brooks", "Ty", "Tyler BROOKES", "T. Brookes"] {
        assert!(names.contains(&n), "{n} not resolved to Child A: {names:?}");
    }
    assert!(!names.iter().any(|n| n.contains("Mia")));
    assert_eq!(by_label("Child B")["role"], "sibling");
    assert_eq!(by_label("Mother")["role"], "parent");
    let partner = by_label("Mother's partner");
    assert!(partner["names"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n == "Deano"));
    by_label("Maternal grandmother");
    for s in subjects {
        for key in ["id", "label", "role", "names"] {
            assert!(s.get(key).is_some(), "{key} missing: {s}");
        }
    }

    // A reviewer's label decision survives re-analysis.
    ok(&[
        "subject",
        "label",
        r,
        "Dean Marsh",
        "Mia's father",
        "--role",
        "parent",
    ]);
    let again = json(&ok(&["subjects", r, "--json"]));
    assert!(again
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["label"] == "Mia's father" && s["role"] == "parent"));

    // The merged timeline: ordered, with gaps and linked events.
    let t = json(&ok(&["timeline", r, "--json"]));
    let entries = t["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 467);
    let starts: Vec<&str> = entries
        .iter()
        .filter(|e| {
            e["when"]["qualifier"] == "exact"
                && (e["when"]["precision"] == "day" || e["when"]["precision"] == "instant")
        })
        .map(|e| &e["when"]["start"].as_str().unwrap()[..10])
        .collect();
    assert!(
        starts.windows(2).all(|w| w[0] <= w[1]),
        "timeline out of order"
    );
    assert!(
        !t["events"].as_array().unwrap().is_empty(),
        "no linked events"
    );
    for e in t["events"].as_array().unwrap() {
        let recs = e["records"].as_array().unwrap();
        assert!(recs.len() >= 2);
        let agencies: BTreeSet<&str> = recs
            .iter()
            .map(|id| {
                entries.iter().find(|x| x["id"] == *id).unwrap()["agency"]
                    .as_str()
                    .unwrap()
            })
            .collect();
        assert!(
            agencies.len() >= 2,
            "an event links records of one agency: {e}"
        );
    }
}

#[test]
fn a_review_carries_its_own_rules_and_decided_flags_are_never_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let review = demo_review(dir.path());
    let r = review.to_str().unwrap();
    let flags = json(&ok(&["flags", r, "--json"]));
    let late: Vec<&Value> = flags
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| has_rule(f, "late-conference"))
        .collect();
    assert!(!late.is_empty());
    let id = late[0]["id"].as_str().unwrap().to_string();
    ok(&[
        "flag",
        "dismiss",
        r,
        &id,
        "--reason",
        "Conference delayed by the panel's own request",
    ]);

    // Raise the threshold so that no conference is late.
    let rules = ok(&["rules", r]);
    assert!(rules.contains("[late-conference]"));
    let edited = rules.replace("working_days = 15", "working_days = 60");
    let file = dir.path().join("rules.toml");
    std::fs::write(&file, &edited).unwrap();
    ok(&["rules", r, "--set", file.to_str().unwrap()]);
    assert!(ok(&["rules", r]).contains("working_days = 60"));

    let after = json(&ok(&["flags", r, "--json"]));
    let after: Vec<&Value> = after
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| has_rule(f, "late-conference"))
        .collect();
    assert_eq!(after.len(), 1, "only the decided flag remains: {after:?}");
    assert_eq!(after[0]["id"], id.as_str());
    assert_eq!(after[0]["raised"], false);
    assert_eq!(after[0]["status"], "dismissed");

    // A broken rules file is refused and changes nothing.
    std::fs::write(&file, "[late-conference]\nworking_days = \"soon\"\n").unwrap();
    let before = dump(&review);
    let e = fails(&["rules", r, "--set", file.to_str().unwrap()]);
    assert!(e.contains("rules file"), "{e}");
    assert_eq!(before, dump(&review));

    // So is a taxonomy with a broken pattern.
    let tax = ok(&["taxonomy", r]);
    let broken = tax.replacen("patterns = [", "patterns = [\n    '(bruis',", 1);
    let tfile = dir.path().join("taxonomy.toml");
    std::fs::write(&tfile, broken).unwrap();
    let e = fails(&["taxonomy", r, "--set", tfile.to_str().unwrap()]);
    assert!(e.contains("(bruis"), "{e}");
    assert_eq!(before, dump(&review));
}

/// A hospital records an injury and, in a separate entry the same day with
/// no times, a referral to social care. Which came first cannot be told, so
/// social care only *possibly* knew of the injury that day; from a referral
/// on a later day it knew it certainly. `knowledge` lists only what was
/// certain; `--possible` adds the rest, marked, never as certain.
#[test]
fn same_day_sharing_without_times_is_possible_knowledge_not_certain() {
    let dir = tempfile::tempdir().unwrap();
    let review = review_of(
        dir.path(),
        &[
            (
                "hospital.csv",
                "Harwick General Hospital",
                "hospital",
                "Date,Child,Details\n\
                 12/03/2021,Ellie Marsh,Seen in ED. Bruising to both upper arms noted.\n\
                 12/03/2021,Ellie Marsh,Referred to children's social care by phone.\n\
                 20/03/2021,Ellie Marsh,Fractured wrist. Referred to children's social care.\n",
            ),
            (
                "csc.csv",
                "Harwick Children's Social Care",
                "childrens_social_care",
                "Date,Child,Details\n01/02/2021,Ellie Marsh,Contact from school about attendance.\n",
            ),
        ],
    );
    let r = review.to_str().unwrap();
    let social = "Harwick Children's Social Care";
    let of = |rows: &Value, certain: bool| -> Vec<(String, String)> {
        rows.as_array()
            .unwrap()
            .iter()
            .filter(|k| k["agency"] == social && k["certain"] == certain)
            .map(|k| {
                (
                    k["indicator"].as_str().unwrap().to_string(),
                    k["first_known"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };

    // By the end of 15/03 social care had only possibly heard of the bruising.
    let certain = json(&ok(&["knowledge", r, "--as-at", "15/03/2021", "--json"]));
    assert!(of(&certain, true).is_empty(), "{certain}");
    assert!(of(&certain, false).is_empty(), "{certain}");
    let possible = json(&ok(&[
        "knowledge",
        r,
        "--as-at",
        "15/03/2021",
        "--possible",
        "--json",
    ]));
    let maybe = of(&possible, false);
    assert!(
        maybe
            .iter()
            .any(|(i, d)| i == "injury" && d.starts_with("2021-03-12")),
        "{possible}"
    );
    assert!(of(&possible, true).is_empty(), "{possible}");
    let text = ok(&["knowledge", r, "--as-at", "15/03/2021", "--possible"]);
    assert!(
        text.lines()
            .any(|l| l.starts_with(social) && l.contains("injury") && l.contains("possibly")),
        "{text}"
    );

    // The referral of 20/03 made it certain: no longer listed as possible.
    let later = json(&ok(&["knowledge", r, "--possible", "--json"]));
    assert!(
        of(&later, true)
            .iter()
            .any(|(i, d)| i == "injury" && d.starts_with("2021-03-20")),
        "{later}"
    );
    assert!(
        !of(&later, false).iter().any(|(i, _)| i == "injury"),
        "{later}"
    );
}

fn review_of(dir: &Path, files: &[(&str, &str, &str, &str)]) -> PathBuf {
    let review = new_review(dir);
    for (name, agency, kind, text) in files {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        ok(&[
            "import",
            review.to_str().unwrap(),
            path.to_str().unwrap(),
            "--agency",
            agency,
            "--kind",
            kind,
        ]);
    }
    review
}

/// A family the reviewer declares seeds resolution: third-person prose that
/// names the child by a nickname, the mother by "Ms" and the partner by his
/// initials links to the declared people, with their roles and labels; a
/// role Sightline does not know is refused and nothing is stored.
#[test]
fn a_declared_family_is_found_in_prose_under_every_name() {
    let dir = tempfile::tempdir().unwrap();
    let review = review_of(
        dir.path(),
        &[(
            "csc.csv",
            "Northfield Children's Services",
            "childrens_social_care",
            "Date,Summary\n\
             01/03/2021,Home visit. 'Tink' seen in her bedroom; Ms Okafor says she is sleeping badly.\n\
             09/03/2021,Call from school: Tinuke Okafor has a bruise to her cheek. JB collected her yesterday.\n\
             15/03/2021,Strategy discussion. Mr Bello not known to the department before.\n",
        )],
    );
    let r = review.to_str().unwrap();
    let before = json(&ok(&["subjects", r, "--json"]));
    ok(&[
        "person",
        "add",
        r,
        "Tinuke Okafor",
        "--role",
        "child",
        "--alias",
        "Tink",
        "--dob",
        "04/05/2015",
    ]);
    ok(&["person", "add", r, "Grace Okafor", "--role", "mother"]);
    ok(&[
        "person",
        "add",
        r,
        "Joseph Bello",
        "--role",
        "partner",
        "--alias",
        "JB",
    ]);
    let refused = support::fails(&["person", "add", r, "Someone", "--role", "aunt"]);
    assert!(refused.contains("\"aunt\" is not a role"), "{refused}");
    let people = json(&ok(&["person", "list", r, "--json"]));
    assert_eq!(people.as_array().unwrap().len(), 3);

    let subjects = json(&ok(&["subjects", r, "--json"]));
    let find = |label: &str| -> Value {
        subjects
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["label"] == label)
            .cloned()
            .unwrap_or_else(|| panic!("no {label} in {subjects:#}"))
    };
    let child = find("Child A");
    assert_eq!(child["role"], "child");
    let names: Vec<&str> = child["names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"Tinuke Okafor") && names.contains(&"Tink"),
        "{names:?}"
    );
    assert!(child["records"].as_u64().unwrap() >= 2, "{child:#}");
    assert_eq!(find("Mother")["role"], "parent");
    let partner = find("Partner A");
    assert_eq!(partner["role"], "partner");
    assert!(partner["records"].as_u64().unwrap() >= 1, "{partner:#}");
    assert_ne!(before, subjects);
}

/// "Who knew *this*": a school records two injuries weeks apart and tells
/// social care of the first only. By kind of indicator social care knew of
/// an injury; by concern it knew of the first and never of the second.
#[test]
fn knowledge_by_concern_tells_one_injury_from_another() {
    let dir = tempfile::tempdir().unwrap();
    let review = new_review(dir.path());
    let r = review.to_str().unwrap();
    let school = dir.path().join("school.csv");
    std::fs::write(
        &school,
        "Date,Pupil,Details,Shared with\n\
         03/03/2021,Tyler Brooks,Bruise to Tyler's left cheek; mum says he fell.,Children's Social Care\n\
         14/04/2021,Tyler Brooks,Burn to Tyler's right hand noticed in class.,\n",
    )
    .unwrap();
    let csc = dir.path().join("csc.csv");
    std::fs::write(
        &csc,
        "Date,Child,Details\n05/03/2021,Tyler Brooks,Contact from school about a bruise; advice given.\n",
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
    ok(&[
        "import",
        r,
        csc.to_str().unwrap(),
        "--agency",
        "Children's Social Care",
        "--kind",
        "childrens_social_care",
    ]);
    let by_kind = json(&ok(&["knowledge", r, "--json"]));
    assert!(by_kind
        .as_array()
        .unwrap()
        .iter()
        .any(|row| { row["agency"] == "Children's Social Care" && row["indicator"] == "injury" }));
    let by_concern = json(&ok(&["knowledge", r, "--by-concern", "--json"]));
    let rows = by_concern.as_array().unwrap();
    let knew = |agency: &str, recorded: &str| {
        rows.iter().any(|row| {
            row["agency"] == agency
                && row["indicator"] == "injury"
                && row["concern"]["recorded"]
                    .as_str()
                    .is_some_and(|d| d.starts_with(recorded))
        })
    };
    assert!(knew("Oakfield Primary School", "2021-03-03"), "{rows:#?}");
    assert!(knew("Oakfield Primary School", "2021-04-14"), "{rows:#?}");
    assert!(knew("Children's Social Care", "2021-03-03"), "{rows:#?}");
    assert!(!knew("Children's Social Care", "2021-04-14"), "{rows:#?}");
    // The concern names its first-hand record; the contract's fields stay.
    let first = rows
        .iter()
        .find(|row| row["agency"] == "Children's Social Care")
        .unwrap();
    assert_eq!(first["concern"]["agency"], "Oakfield Primary School");
    assert_eq!(first["origin"], first["concern"]["record"]);
    assert!(first["path"].as_array().is_some());
}

/// An adult's own injury, written in a record that also names the child,
/// is the adult's: the clause says whose it is ("Kim Marsh had a cut lip").
/// The child's injury in the next record stays the child's, and so does one
/// in a clause naming the child ("bruise to Ellie's arm; mum says she fell")
/// or calling a child by a child's word ("the little one"), and one a parent
/// is worried about ("Mum concerned re mark on L ear").
#[test]
fn an_injury_is_the_person_its_clause_names() {
    let dir = tempfile::tempdir().unwrap();
    let review = review_of(
        dir.path(),
        &[(
            "police.csv",
            "Harwick Police",
            "police",
            "Date,Child,Details\n\
             10/05/2021,Ellie Marsh,Welfare visit to Ellie Marsh (4) and mother Kim Marsh. Kim Marsh had a cut lip and a black eye; says she walked into a door. Ellie asleep and well.\n\
             12/05/2021,Ellie Marsh,Bruise to Ellie's arm seen on a home visit; mum says she fell.\n\
             14/05/2021,Ellie Marsh,Kim Marsh said the little one scalded her foot in the bath.\n\
             17/05/2021,Ellie Marsh,Mum concerned re mark on L ear since yesterday. O/E 2 small bruises on the ear.\n",
        ), (
            "crisis.csv",
            "Harwick Crisis Team",
            "other",
            "Date,Client,Details\n\
             20/05/2021,Kim Marsh,Kim Marsh says Ellie Marsh has a bruise on her arm from her dad grabbing her.\n",
        )],
    );
    let rows = json(&ok(&[
        "knowledge",
        review.to_str().unwrap(),
        "--by-concern",
        "--json",
    ]));
    let rows = rows.as_array().unwrap();
    let injury = |subject: &str, recorded: &str| {
        rows.iter().any(|row| {
            row["subject"] == subject
                && row["indicator"] == "injury"
                && row["concern"]["recorded"]
                    .as_str()
                    .is_some_and(|d| d.starts_with(recorded))
        })
    };
    assert!(injury("Mother", "2021-05-10"), "{rows:#?}");
    assert!(!injury("Child A", "2021-05-10"), "{rows:#?}");
    assert!(injury("Child A", "2021-05-12"), "{rows:#?}");
    // "The little one" is a child, though the clause names only the mother.
    assert!(injury("Child A", "2021-05-14"), "{rows:#?}");
    assert!(!injury("Mother", "2021-05-14"), "{rows:#?}");
    // A mother worried about a mark is the one who noticed it.
    assert!(injury("Child A", "2021-05-17"), "{rows:#?}");
    assert!(!injury("Mother", "2021-05-17"), "{rows:#?}");
    // In the mother's own record, a clause naming only the child (the
    // mother only telling of it) is the child's.
    assert!(injury("Child A", "2021-05-20"), "{rows:#?}");
    assert!(!injury("Mother", "2021-05-20"), "{rows:#?}");
}
