//! Report tests: redaction reaches every string, UK dates, agencies' short
//! names, the demonstration review's export and the footer's title.

use super::*;
use crate::analysis::AgencyInfo;
use crate::model::AgencyKind;
use crate::report::layout::{Drawing, Row};
use std::cell::RefCell;
use std::rc::Rc;

#[test]
fn redaction_reaches_every_string_of_the_document() {
    let mut doc = Document::new(Metadata {
        title: "Tyler's review".into(),
        subject: "about Tyler".into(),
        author: "Tyler".into(),
        created: Utc::now(),
    });
    doc.set_running_title("Tyler");
    doc.heading(1, "Tyler");
    doc.paragraph("Tyler was seen");
    doc.key_values(&[("Tyler", "Tyler")]);
    let mut t = Table::new(vec![Column::new("Tyler", 1.0)]);
    t.push(Row::new(["Tyler"]));
    doc.table(t);
    let mut d = Drawing::new(10.0, 10.0);
    d.text(0.0, 0.0, "Tyler", 8.0, Colour::TEXT, Align::Left);
    doc.drawing(d);
    doc.contents("Tyler");
    redact_document(&mut doc, &|s: &str| s.replace("Tyler", "Child A"));
    let all = format!("{:?}", doc);
    assert!(!all.contains("Tyler"), "{all}");
    assert!(all.contains("Child A"));
}

#[test]
fn dates_are_written_in_uk_style() {
    assert_eq!(
        uk_iso("2021-06-01T14:30:00+00:00", false),
        "01/06/2021 15:30"
    );
    assert_eq!(uk_iso("2021-06-01T14:30:00+00:00", true), "01/06/21");
    assert_eq!(uk_iso("2021-06-01", false), "01/06/2021");
    assert_eq!(uk_iso("2021-06", false), "June 2021");
    assert_eq!(uk_iso("nonsense", false), "nonsense");
}

#[test]
fn short_names_are_unique() {
    let a = |id, name: &str, kind| AgencyInfo {
        id,
        name: name.into(),
        kind,
    };
    let names = short_names(&[
        a(1, "North Police", AgencyKind::Police),
        a(2, "South Police", AgencyKind::Police),
        a(
            3,
            "Harwick Children's Social Care",
            AgencyKind::ChildrensSocialCare,
        ),
        a(4, "Nobody Knows", AgencyKind::Other),
        a(5, "Nobody Kind", AgencyKind::Other),
    ]);
    assert_eq!(names["Harwick Children's Social Care"], "CSC");
    assert_eq!(names["North Police"], "NP");
    let mut all: Vec<&String> = names.values().collect();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 5);
}

#[test]
fn the_demo_exports_with_progress_and_redaction() {
    let dir = tempfile::tempdir().unwrap();
    let review = crate::demo::build(dir.path(), &crate::store::Protection::None).unwrap();
    let calls = Rc::new(RefCell::new(0usize));
    let counter = Rc::clone(&calls);
    let opts = ReportOptions {
        marking: "OFFICIAL".into(),
        redact: Some(Box::new(move |s: &str| {
            *counter.borrow_mut() += 1;
            s.replace("Tyler", "Child A")
        })),
        notes: false,
    };
    let mut stages: Vec<ReportProgress> = Vec::new();
    let a = Analysis::for_review(&review).unwrap();
    let report = export_pdf(&review, &a, &opts, &mut |p| stages.push(p)).unwrap();
    assert!(report.bytes.starts_with(b"%PDF-"));
    assert!(report.page_count > 20);
    assert!(report.anonymised);
    assert_eq!(report.sha256.len(), 64);
    assert!(*calls.borrow() > 1000);
    for s in SECTION_HEADINGS {
        assert!(report.headings.iter().any(|h| h.level == 1 && h.text == s));
    }
    let fractions: Vec<f32> = stages.iter().map(|p| p.fraction).collect();
    assert!(fractions.windows(2).all(|w| w[0] <= w[1]), "{fractions:?}");
    assert_eq!(fractions.last(), Some(&1.0));
    assert!(stages.iter().any(|p| p.stage == "Merged chronology"));
}

#[test]
fn a_long_title_is_shortened_for_the_footer() {
    assert_eq!(
        running_title(
            "Harwick Child Safeguarding Practice Review: Child A (fictional demonstration)"
        ),
        "Harwick Child Safeguarding Practice Review"
    );
    assert_eq!(running_title("Short"), "Short");
}
