//! The session holds one analysis per state of the review: exporting the
//! report (plain or anonymised) and deciding on flags use it, as the app
//! does once its background analysis has finished; only a change to what
//! the analysis reads lets it go. (One test in this file: the count of
//! analysis runs is the process's.)

use std::sync::Arc;

use sightline::analysis;
use sightline::import::ImportFile;
use sightline::import::ImportOptions;
use sightline::model::AgencyKind;
use sightline::session::{Analysed, ExportOptions, FlagDecision, Session};
use sightline::store::Protection;
use sightline::{demo, Review};

#[test]
fn exports_and_decisions_use_the_held_analysis_and_a_change_lets_it_go() {
    let dir = tempfile::tempdir().unwrap();
    drop(demo::build(dir.path(), &Protection::None).unwrap());
    let path = dir.path().join(demo::FILE_NAME);

    // As the app does: the analysis runs on its own thread and connection,
    // and is handed to the session when it has finished.
    let background = std::thread::spawn({
        let path = path.clone();
        move || Analysed::of(&Review::open(&path, &Protection::None).unwrap()).unwrap()
    })
    .join()
    .unwrap();
    let mut session = Session::open(&path, Protection::None).unwrap();
    session.hold(Arc::new(background));
    let runs = analysis::runs();

    let plain = session
        .export_pdf(
            &dir.path().join("report.pdf"),
            &ExportOptions::default(),
            &mut |_| {},
        )
        .unwrap();
    let anonymised = session
        .export_pdf(
            &dir.path().join("anonymised.pdf"),
            &ExportOptions {
                anonymise: true,
                ..ExportOptions::default()
            },
            &mut |_| {},
        )
        .unwrap();
    assert!(!plain.anonymised && anonymised.anonymised);
    assert!(plain.page_count > 20, "{} pages", plain.page_count);
    assert!(dir.path().join("report.pdf").is_file());
    assert!(dir.path().join("anonymised.pdf").is_file());

    let first = session.held().unwrap().flags[0].id.clone();
    let decided = session
        .decide_flag(&first, &FlagDecision::Dismiss("Known by phone".into()))
        .unwrap();
    assert_eq!(decided.status, sightline::flags::Status::Dismissed);
    assert_eq!(
        session
            .held()
            .unwrap()
            .flag(&first)
            .unwrap()
            .reason
            .as_deref(),
        Some("Known by phone")
    );
    assert_eq!(
        analysis::runs(),
        runs,
        "two exports and a decision ran the analysis again"
    );

    // An import changes what the analysis reads: the next export runs it
    // once, and holds the new one.
    let csv = "Date,Details\n01/12/2022,Home visit; Tyler seen.\n";
    session
        .import(
            &[ImportFile {
                name: "extra.csv".into(),
                bytes: csv.as_bytes().to_vec(),
            }],
            &ImportOptions {
                agency: Some("Harwick Family Support".into()),
                kind: Some(AgencyKind::Voluntary),
                ..ImportOptions::default()
            },
            &mut |_| {},
        )
        .unwrap();
    assert!(session.held().is_none());
    session
        .render_pdf(&ExportOptions::default(), &mut |_| {})
        .unwrap();
    session
        .render_pdf(&ExportOptions::default(), &mut |_| {})
        .unwrap();
    assert_eq!(analysis::runs(), runs + 1);
}
