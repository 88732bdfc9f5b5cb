//! A panel sets the rules for its area: each threshold says where its figure
//! comes from; switching a rule off or changing a threshold from the command
//! line changes the flags, is refused whole when any part does not fit, and
//! the report's appendix shows every rule, its thresholds in force, their
//! basis and what the panel changed.

mod support;

use serde_json::Value;
use support::*;

/// Whether a flag carries the rule, leading or merged in.
fn has_rule(f: &Value, rule: &str) -> bool {
    f["rule"] == rule
        || f["also"]
            .as_array()
            .is_some_and(|a| a.iter().any(|r| r["rule"] == rule))
}

fn count(flags: &Value, rule: &str) -> usize {
    flags
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] != "stale" && has_rule(f, rule))
        .count()
}

#[test]
fn a_panel_switches_a_rule_off_and_sets_a_threshold_and_the_report_says_so() {
    let dir = tempfile::tempdir().unwrap();
    ok(&["demo", dir.path().to_str().unwrap()]);
    let review = dir.path().join("demo.sightline");
    let r = review.to_str().unwrap();

    // Every rule, each threshold with its basis.
    let list = json(&ok(&["rules", r, "--list", "--json"]));
    let list = list.as_array().unwrap();
    assert!(list.len() >= 20, "{}", list.len());
    let basis = |rule: &str, setting: &str| -> String {
        let rule = list.iter().find(|x| x["id"] == rule).unwrap();
        let t = rule["thresholds"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["setting"] == setting)
            .unwrap();
        t["basis"].as_str().unwrap().to_string()
    };
    assert_eq!(
        basis("late-sharing", "missing_to_social_care_hours"),
        "local_procedure"
    );
    assert_eq!(
        basis("no-strategy-discussion", "working_days"),
        "local_procedure"
    );
    assert_eq!(
        basis("late-conference", "working_days"),
        "national_guidance"
    );
    assert!(list
        .iter()
        .all(|x| x["severity"].as_str().is_some_and(|s| s.len() > 5)));

    let before = json(&ok(&["flags", r, "--json"]));
    assert!(count(&before, "late-conference") > 0);
    let strategy_before = count(&before, "no-strategy-discussion");
    assert!(strategy_before > 0);

    // A change that does not fit is refused whole, naming it, and the file
    // is left as it was.
    let untouched = dump(&review);
    let e = fails(&[
        "rules",
        r,
        "--off",
        "late-conference",
        "--threshold",
        "no-strategy-discussion.working_days=soon",
    ]);
    assert!(
        e.contains("soon") && e.contains("No strategy discussion"),
        "{e}"
    );
    assert_eq!(untouched, dump(&review));
    let e = fails(&["rules", r, "--off", "late-conferences"]);
    assert!(e.contains("no rule \"late-conferences\""), "{e}");
    assert_eq!(untouched, dump(&review));

    // Off, and a laxer local figure: the rule's flags go, the strategy
    // discussions held within 10 working days are no longer flagged.
    ok(&[
        "rules",
        r,
        "--off",
        "late-conference",
        "--threshold",
        "no-strategy-discussion.working_days=10",
    ]);
    let text = ok(&["rules", r]);
    assert!(text.contains("working_days = 10"), "the value is stored");
    assert!(
        text.contains("Basis: local procedure"),
        "the rules file keeps its comments"
    );
    let after = json(&ok(&["flags", r, "--json"]));
    assert_eq!(count(&after, "late-conference"), 0);
    assert!(count(&after, "no-strategy-discussion") < strategy_before);

    // The report's appendix: every rule, on or off, each threshold in
    // force with its basis, and what the panel changed.
    let pdf = dir.path().join("report.pdf");
    ok(&["export", r, "--pdf", pdf.to_str().unwrap()]);
    let text: String = pdftotext(&pdf)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let at = text
        .rfind("Rules and thresholds used")
        .expect("the appendix lists the rules");
    let appendix = &text[at..];
    for needle in [
        "Basis: local procedure",
        "Basis: national guidance: Working Together 2023",
        "Basis: statutory: Victims and Prisoners Act 2024",
        "Basis: Sightline default",
        "changed for this review; default 3",
        "Late child protection conference No",
    ] {
        assert!(appendix.contains(needle), "appendix lacks \"{needle}\"");
    }

    // Back on: its flags come back.
    ok(&["rules", r, "--on", "late-conference"]);
    let again = json(&ok(&["flags", r, "--json"]));
    assert_eq!(
        count(&again, "late-conference"),
        count(&before, "late-conference")
    );
}
