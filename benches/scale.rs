//! Sightline at scale: import, merged timeline, the timeline's windowed
//! query, knowledge and flags, and the PDF export, over reviews written by
//! the generator (`sightline::generate`).
//!
//! `cargo bench --bench scale` runs at 10,000 records. Set
//! `SIGHTLINE_BENCH_SIZES=10000,100000,1000000` for the larger sizes (the
//! export runs at the sizes in `SIGHTLINE_BENCH_EXPORT_SIZES`, default
//! 10000). Peak memory of each step is measured by `benches/peak.sh`, which
//! runs the same steps through the command line under `/usr/bin/time`.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

use sightline::analysis::Analysis;
use sightline::generate::{self, Manifest};
use sightline::store::{Protection, RecordFilter};
use sightline::timeline::window::{TimelineIndex, WindowQuery};
use sightline::timeline::{self, TimelineOptions};
use sightline::Review;

fn main() {
    divan::main();
}

fn sizes_from(var: &str, default: &str) -> Vec<usize> {
    std::env::var(var)
        .unwrap_or_else(|_| default.to_string())
        .split(',')
        .filter_map(|s| s.trim().replace('_', "").parse().ok())
        .collect()
}

fn sizes() -> Vec<usize> {
    sizes_from("SIGHTLINE_BENCH_SIZES", "10000")
}

fn export_sizes() -> Vec<usize> {
    sizes_from("SIGHTLINE_BENCH_EXPORT_SIZES", "10000")
}

const PASSPHRASE: &str = "bench";

/// A generated directory and a review with all of it imported.
struct Fixture {
    _dir: tempfile::TempDir,
    files: PathBuf,
    manifest: Manifest,
    review: PathBuf,
}

fn fixture(records: usize) -> &'static Fixture {
    static CACHE: OnceLock<Mutex<HashMap<usize, &'static Fixture>>> = OnceLock::new();
    let mut cache = CACHE.get_or_init(Default::default).lock().unwrap();
    cache.entry(records).or_insert_with(|| {
        let dir = tempfile::tempdir().unwrap();
        let files = dir.path().join("files");
        let opts = generate::Options {
            records,
            agencies: 9,
            seed: 1,
            single_csv: false,
        };
        let (manifest, _) = generate::generate(&files, &opts).unwrap();
        let review = dir.path().join("bench.sightline");
        let mut r = Review::create(
            &review,
            "Benchmark",
            &Protection::Passphrase(PASSPHRASE.into()),
        )
        .unwrap();
        generate::import_generated(&mut r, &files, &manifest, &mut |_| {}).unwrap();
        Box::leak(Box::new(Fixture {
            _dir: dir,
            files,
            manifest,
            review,
        }))
    })
}

fn open(f: &Fixture) -> Review {
    Review::open(&f.review, &Protection::Passphrase(PASSPHRASE.into())).unwrap()
}

/// Every generated file imported into a new encrypted review, one import
/// per file (what `sightline import` does for each agency).
#[divan::bench(args = sizes(), sample_count = 3, sample_size = 1)]
fn import(bencher: divan::Bencher, records: usize) {
    let f = fixture(records);
    bencher
        .with_inputs(|| {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("import.sightline");
            let review =
                Review::create(&path, "Import", &Protection::Passphrase(PASSPHRASE.into()))
                    .unwrap();
            (dir, review)
        })
        .bench_local_values(|(dir, mut review)| {
            generate::import_generated(&mut review, &f.files, &f.manifest, &mut |_| {}).unwrap();
            (dir, review)
        });
}

/// Reading every record and putting them in merged order, with gaps and
/// linked events (`sightline timeline`).
#[divan::bench(args = sizes(), sample_count = 3, sample_size = 1)]
fn merged_timeline(bencher: divan::Bencher, records: usize) {
    let review = open(fixture(records));
    bencher.bench_local(|| {
        let mut records = review.records(&RecordFilter::default()).unwrap();
        timeline::build(&mut records, &TimelineOptions::default())
    });
}

/// The desktop timeline's windowed query: a year's window over every lane,
/// from the index (built once, as the app does when a review opens).
#[divan::bench(args = sizes(), sample_count = 10)]
fn timeline_window(bencher: divan::Bencher, records: usize) {
    let review = open(fixture(records));
    let index = TimelineIndex::build(&review).unwrap();
    let (lo, hi) = index.extent().unwrap();
    let mid = lo + (hi - lo) / 2;
    let q = WindowQuery {
        from: mid,
        to: mid + 365 * 86_400,
        buckets: 1200,
        max_items: 400,
        agencies: None,
    };
    bencher.bench_local(|| sightline::timeline::window::window(&review, &index, &q, None, None));
}

/// The analysis (records, subjects, facts, knowledge) and the nine rules:
/// what `sightline flags` computes.
#[divan::bench(args = sizes(), sample_count = 3, sample_size = 1)]
fn knowledge_and_flags(bencher: divan::Bencher, records: usize) {
    let review = open(fixture(records));
    bencher.bench_local(|| {
        let a = Analysis::for_review(&review).unwrap();
        sightline::flags::for_review(&review, &a).unwrap()
    });
}

/// The nine rules alone, over an analysis computed once.
#[divan::bench(args = sizes(), sample_count = 5, sample_size = 1)]
fn flags_only(bencher: divan::Bencher, records: usize) {
    let review = open(fixture(records));
    let a = Analysis::for_review(&review).unwrap();
    let rules = sightline::flags::rules::Rules::default_rules();
    bencher.bench_local(|| sightline::flags::evaluate(&a, &rules));
}

/// The whole PDF report (`sightline export`: the analysis, then the report).
#[divan::bench(args = export_sizes(), sample_count = 3, sample_size = 1)]
fn export_pdf(bencher: divan::Bencher, records: usize) {
    let review = open(fixture(records));
    let opts = sightline::report::ReportOptions::default();
    bencher.bench_local(|| {
        let a = Analysis::for_review(&review).unwrap();
        sightline::report::export_pdf(&review, &a, &opts, &mut |_| {}).unwrap()
    });
}
