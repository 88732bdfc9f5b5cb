//! The timeline as the desktop app asks for it: windows, buckets, filters,
//! search and chronology pages, over the demonstration review.

use std::collections::HashSet;

use sightline::analysis::Analysis;
use sightline::filter::Filter;
use sightline::store::Protection;
use sightline::timeline::window::{self, TimelineIndex, WindowQuery};
use sightline::timeline::RecordSet;
use sightline::{flags, Review};

fn demo() -> (tempfile::TempDir, Review) {
    let dir = tempfile::tempdir().unwrap();
    let review = sightline::demo::build(dir.path(), &Protection::None).unwrap();
    (dir, review)
}

fn all_window(index: &TimelineIndex, max_items: usize) -> window::Window {
    let (lo, hi) = index.extent().unwrap();
    index.query(
        &WindowQuery {
            from: lo,
            to: hi + 1,
            buckets: 50,
            max_items,
            agencies: None,
        },
        None,
        None,
    )
}

#[test]
fn one_lane_per_agency_and_every_record_once() {
    let (_d, review) = demo();
    let index = TimelineIndex::build(&review).unwrap();
    let agencies = review.agencies().unwrap();
    let lanes = index.lanes();
    assert_eq!(lanes.len(), agencies.len());
    assert_eq!(lanes.len(), 8);
    let records = review.records(&Default::default()).unwrap();
    assert_eq!(index.len(), records.len());

    let w = all_window(&index, usize::MAX);
    assert_eq!(w.total, records.len());
    let mut seen = HashSet::new();
    for (lane, info) in w.lanes.iter().zip(&lanes) {
        assert_eq!(lane.agency_id, info.agency_id);
        for item in lane.items.as_ref().unwrap() {
            assert!(seen.insert(item.id), "record {} drawn twice", item.id);
            let r = records.iter().find(|r| r.id == item.id).unwrap();
            assert_eq!(r.agency_id, info.agency_id);
        }
        assert_eq!(lane.count, info.records);
    }
    assert_eq!(seen.len(), records.len());
}

#[test]
fn zoomed_out_lanes_are_counted_in_buckets_that_add_up() {
    let (_d, review) = demo();
    let index = TimelineIndex::build(&review).unwrap();
    let w = all_window(&index, 10);
    for lane in &w.lanes {
        if lane.count > 10 {
            let b = lane.buckets.as_ref().expect("buckets when too many items");
            assert_eq!(b.len(), 50);
            assert_eq!(b.iter().map(|&c| c as usize).sum::<usize>(), lane.count);
            assert!(lane.items.is_none());
        } else {
            assert!(lane.items.is_some());
        }
    }
}

#[test]
fn a_narrow_window_holds_exactly_the_records_that_overlap_it() {
    let (_d, review) = demo();
    let index = TimelineIndex::build(&review).unwrap();
    let records = review.records(&Default::default()).unwrap();
    let (lo, hi) = index.extent().unwrap();
    // Thirty windows across the extent, each a fortnight wide.
    for k in 0..30 {
        let from = lo + (hi - lo) / 30 * k;
        let to = from + 14 * 86_400;
        let w = index.query(
            &WindowQuery {
                from,
                to,
                buckets: 10,
                max_items: usize::MAX,
                agencies: None,
            },
            None,
            None,
        );
        let got: HashSet<i64> = w
            .lanes
            .iter()
            .flat_map(|l| l.items.iter().flatten().map(|i| i.id))
            .collect();
        let want: HashSet<i64> = records
            .iter()
            .filter(|r| {
                let (a, b) = r.when.bounds();
                a < to && b > from
            })
            .map(|r| r.id)
            .collect();
        assert_eq!(got, want, "window {k}");
    }
}

#[test]
fn agency_and_record_filters_limit_lanes_and_items() {
    let (_d, mut review) = demo();
    let index = TimelineIndex::build(&review).unwrap();
    let lanes = index.lanes();
    let police = lanes.iter().find(|l| l.name.contains("Police")).unwrap();
    let (lo, hi) = index.extent().unwrap();
    let q = WindowQuery {
        from: lo,
        to: hi + 1,
        buckets: 20,
        max_items: usize::MAX,
        agencies: Some(vec![police.agency_id]),
    };
    let w = index.query(&q, None, None);
    assert_eq!(w.total, police.records);
    assert_eq!(w.lanes.len(), lanes.len(), "filtered lanes stay, empty");

    let hits = review.search("bruise*").unwrap();
    assert!(hits.total > 0);
    let set = RecordSet::from_ids(hits.ids.clone());
    let q = WindowQuery {
        agencies: None,
        ..q
    };
    let w = index.query(&q, Some(&set), None);
    assert_eq!(w.total, hits.total);
    let records = review.records_by_id(&hits.ids).unwrap();
    for r in &records {
        let text = format!("{} {}", r.text, r.outcome.clone().unwrap_or_default()).to_lowercase();
        assert!(
            text.contains("bruis") || r.author.is_some() || r.event_type.is_some(),
            "record {} matched bruise*",
            r.id
        );
    }
}

#[test]
fn search_ignores_case_and_accents_and_never_fails_on_syntax() {
    let (_d, mut review) = demo();
    assert_eq!(review.search_backlog().unwrap(), 467);
    let a = review.search("BRUISING").unwrap();
    let b = review.search("bruising").unwrap();
    assert_eq!(a, b);
    assert!(a.total > 0);
    assert_eq!(review.search_backlog().unwrap(), 0, "indexed once, kept");
    for odd in ["AND", "\"", "(", "NEAR(", "*", "a:b", "-x", "bruise OR"] {
        review.search(odd).unwrap();
    }
    assert_eq!(review.search("zzzqqq").unwrap().total, 0);
}

#[test]
fn subject_indicator_and_flag_filters_come_from_the_analysis() {
    let (_d, mut review) = demo();
    let a = Analysis::for_review(&review).unwrap();
    let fl = flags::for_review(&review, &a).unwrap();
    let child = a.children()[0];
    let f = Filter {
        subjects: Some(vec![child]),
        ..Default::default()
    };
    let set = f.evaluate(&mut review, Some(&a), &fl).unwrap().unwrap();
    assert!(!set.is_empty() && set.len() < a.records.len());

    let f = Filter {
        indicators: Some(vec![a.indicators[0].id.clone()]),
        flagged_only: true,
        ..Default::default()
    };
    let set = f.evaluate(&mut review, Some(&a), &fl).unwrap().unwrap();
    let flagged = sightline::filter::flagged(&fl);
    for r in &a.records {
        if set.contains(r.id) {
            assert!(flagged.contains(r.id));
        }
    }
    assert!(Filter::default()
        .evaluate(&mut review, Some(&a), &fl)
        .unwrap()
        .is_none());
}

#[test]
fn chronology_pages_follow_the_merged_order() {
    let (_d, review) = demo();
    let index = TimelineIndex::build(&review).unwrap();
    let a = Analysis::for_review(&review).unwrap();
    let merged: Vec<i64> = a.records.iter().map(|r| r.id).collect();
    let (total, first) = window::chronology(&review, &index, None, 0, 100).unwrap();
    assert_eq!(total, 467);
    assert_eq!(
        first.iter().map(|r| r.id).collect::<Vec<_>>(),
        merged[..100].to_vec()
    );
    let (_, last) = window::chronology(&review, &index, None, 440, 100).unwrap();
    assert_eq!(last.len(), 27);
    assert_eq!(index.position(None, merged[321]), Some(321));
    let set = RecordSet::from_ids(merged.iter().copied().step_by(3));
    let (total, page) = window::chronology(&review, &index, Some(&set), 10, 5).unwrap();
    assert_eq!(total, 156);
    assert_eq!(
        page.iter().map(|r| r.id).collect::<Vec<_>>(),
        merged
            .iter()
            .copied()
            .step_by(3)
            .skip(10)
            .take(5)
            .collect::<Vec<_>>()
    );
}

#[test]
fn an_agency_filter_lists_exactly_that_agencys_records_in_merged_order() {
    let (_d, review) = demo();
    let index = TimelineIndex::build(&review).unwrap();
    let a = Analysis::for_review(&review).unwrap();
    let lanes = index.lanes();
    let (police, school) = (lanes[0].agency_id, lanes[3].agency_id);
    let theirs: Vec<i64> = a
        .records
        .iter()
        .filter(|r| r.agency_id == police || r.agency_id == school)
        .map(|r| r.id)
        .collect();
    assert!(!theirs.is_empty() && theirs.len() < 467);
    let set = index.agency_records(&[police, school]);
    assert_eq!(set.len(), theirs.len());
    let (total, page) = window::chronology(&review, &index, Some(&set), 0, 1000).unwrap();
    assert_eq!(total, theirs.len());
    assert_eq!(page.iter().map(|r| r.id).collect::<Vec<_>>(), theirs);
    assert_eq!(index.position(Some(&set), theirs[5]), Some(5));
    assert!(index.agency_records(&[-1]).is_empty());
}

#[test]
fn the_index_is_kept_in_the_review_and_rebuilt_when_the_review_changes() {
    let (dir, mut review) = demo();
    let (built, fresh) = TimelineIndex::open(&review).unwrap();
    assert!(fresh, "a new review has no stored index");
    assert_eq!(
        built.page(None, 0, 1000),
        TimelineIndex::build(&review).unwrap().page(None, 0, 1000)
    );
    built.store(&review).unwrap();

    // Opened again: the stored index, the same as the one built.
    let (stored, fresh) = TimelineIndex::open(&review).unwrap();
    assert!(!fresh, "the stored index is used");
    assert_eq!(stored, built);
    let whole = all_window(&stored, 10_000);
    assert_eq!(whole.total, 467);
    assert_eq!(stored.page(None, 0, 1000), built.page(None, 0, 1000));

    // A new agency's file: the stored index no longer fits and is rebuilt.
    let csv = dir.path().join("youth.csv");
    std::fs::write(
        &csv,
        "Date,Details\n03/03/2021,Youth worker met Tyler at the club\n04/03/2021,Youth worker phoned mother\n",
    )
    .unwrap();
    let files = sightline::import::read_files(&[csv]).unwrap();
    let opts = sightline::import::ImportOptions {
        agency: Some("Harwick Youth Service".into()),
        ..Default::default()
    };
    sightline::import::import_files(&mut review, &files, &opts, &mut |_| {}).unwrap();
    let (after, fresh) = TimelineIndex::open(&review).unwrap();
    assert!(fresh, "the index is rebuilt after an import");
    assert_eq!(after.len(), 469);
    assert_eq!(after.lanes().len(), 9);

    // A damaged stored index is rebuilt, never trusted or fatal.
    after.store(&review).unwrap();
    drop(review);
    let path = dir.path().join("demo.sightline");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute(
        "UPDATE derived SET data = substr(data, 1, length(data) - 9)",
        [],
    )
    .unwrap();
    drop(conn);
    let review = Review::open(&path, &Protection::None).unwrap();
    let (again, fresh) = TimelineIndex::open(&review).unwrap();
    assert!(fresh);
    assert_eq!(again.page(None, 0, 1000), after.page(None, 0, 1000));
}

/// The knowledge screen's matrix: per (indicator, agency) the earliest
/// arrival, certain knowledge before possible, about the chosen subject.
#[test]
fn the_knowledge_matrix_takes_the_earliest_certain_arrival_per_cell() {
    let (_d, review) = demo();
    let a = Analysis::for_review(&review).unwrap();
    let name = |id: i64| a.agency_name(id).to_string();
    let rows = a.knowledge_rows_with_possible(None);
    let cells = a.knowledge_matrix(None, None);
    assert!(cells.len() > 20, "{} cells", cells.len());
    let mut seen = HashSet::new();
    for c in &cells {
        assert!(
            seen.insert((c.indicator.clone(), c.agency_id)),
            "one cell each"
        );
        let of_cell: Vec<_> = rows
            .iter()
            .filter(|r| r.indicator == c.indicator && r.agency == name(c.agency_id))
            .collect();
        assert!(!of_cell.is_empty());
        let any_certain = of_cell.iter().any(|r| r.certain);
        assert_eq!(c.certain, any_certain, "{c:?}");
        let earliest = of_cell
            .iter()
            .filter(|r| r.certain == c.certain)
            .map(|r| sightline::when::iso_seconds(&r.first_known).unwrap_or(i64::MAX))
            .min()
            .unwrap();
        assert_eq!(c.at, earliest, "{c:?}");
    }
    // About one child only: never more cells, and each from that child's rows.
    let child = a.children()[0];
    let label = a.subject_label(child).to_string();
    let about = a.knowledge_matrix(None, Some(child));
    assert!(!about.is_empty() && about.len() <= cells.len());
    for c in &about {
        assert!(rows.iter().any(|r| r.subject == label
            && r.indicator == c.indicator
            && r.agency == name(c.agency_id)));
    }
}
