//! Synthetic reviews of any size, for benchmarks and scale tests.
//!
//! [`generate`] writes one chronology file per agency into a directory, in
//! the varied layouts agencies really send (CSV with different header
//! vocabularies, delimiters and date styles; XLSX with Excel date cells; a
//! Word table; Sightline's interchange JSON), together with
//! `manifest.json` (which file belongs to which agency, and how to import
//! it) and `expected.json` (the flags a correct analysis must raise).
//!
//! The records are many fictional families, each known to the agencies of
//! one area over about two years. Most entries are routine contacts; a few
//! record minor concerns. Some families are *planted*: their records are a
//! short case built so that each of the nine rules must raise a flag at a
//! known agency and date. Everything is fictional and the output depends
//! only on the options (the same seed gives the same bytes).

mod families;
mod layouts;
mod records;

use std::path::Path;

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Weekday};
use rand::seq::IndexedRandom;
use rand::{RngExt, SeedableRng};
use rand_xorshift::XorShiftRng;
use serde::{Deserialize, Serialize};

use crate::import::{self, ImportFile, ImportOptions};
use crate::model::AgencyKind;
use crate::{Error, Result, Review};

use families::{agencies, slug, Family, People};
use layouts::{layout_for, write_csv, write_docx, write_json, write_xlsx, Layout, WriteCtx};
use records::{clear_of_bank_holidays, plant, routine, Body, Row};

/// What to generate.
#[derive(Clone, Debug)]
pub struct Options {
    /// Records in all (the files hold exactly this many rows).
    pub records: usize,
    /// Agencies (at least six: police, children's social care, school,
    /// health visiting, GP and hospital are needed by the planted cases).
    pub agencies: usize,
    /// Seed of the pseudo-random choices.
    pub seed: u64,
    /// Write every record into one CSV file from one agency (a police
    /// chronology, comma-separated), with no planted cases: the file the
    /// side-by-side import comparison reads.
    pub single_csv: bool,
}

/// Largest file written as a workbook, a Word table or JSON; bigger
/// chronologies are written as CSV, as agencies with big systems send them.
pub const OFFICE_MAX_ROWS: usize = 20_000;

/// One planted family per this many records (at least one, at most
/// [`MAX_PLANTED_CASES`]).
pub const RECORDS_PER_PLANTED_CASE: usize = 5_000;

/// The most planted families in one output. Planted cases follow one
/// another (about fifteen weeks each) so that no case's sharing or meeting
/// falls inside another's window.
pub const MAX_PLANTED_CASES: usize = 20;

/// One generated file, as `manifest.json` lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ManifestFile {
    /// File name inside the output directory.
    pub file: String,
    /// The agency (`--agency`).
    pub agency: String,
    /// The agency's kind (`--kind`).
    pub kind: String,
    /// csv, xlsx, docx or json.
    pub format: String,
    /// A short description of the layout (delimiter, headers, dates).
    pub layout: String,
    /// Rows of records in the file.
    pub rows: usize,
}

/// `manifest.json`: the files and how they were made.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// The options used.
    pub records: usize,
    /// The options used.
    pub agencies: usize,
    /// The options used.
    pub seed: u64,
    /// Planted families.
    pub planted_cases: usize,
    /// Every file, one per agency.
    pub files: Vec<ManifestFile>,
}

/// One flag a correct analysis must raise (`expected.json`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExpectedFlag {
    /// Rule id.
    pub rule: String,
    /// The agency the flag is about (the flag's `agency`).
    pub agency: String,
    /// The flag's date, YYYY-MM-DD (the date part of its `at`).
    pub date: String,
    /// The child's name as the agencies write it.
    pub subject: String,
    /// Which planted family (0-based).
    pub case: usize,
    /// Why the flag is due.
    pub why: String,
}

/// Writes the files, `manifest.json` and `expected.json` into `dir`
/// (created if missing) and returns the manifest.
pub fn generate(dir: &Path, opts: &Options) -> Result<(Manifest, Vec<ExpectedFlag>)> {
    if opts.agencies < 6 && !opts.single_csv {
        return Err(Error::Invalid(
            "--agencies: at least 6 (police, children's social care, school, health visiting, GP and hospital)".into(),
        ));
    }
    if opts.records == 0 {
        return Err(Error::Invalid("--records: at least 1".into()));
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut rng = XorShiftRng::seed_from_u64(opts.seed);
    let mut agencies = agencies(opts.agencies.max(6));
    if opts.single_csv {
        agencies.truncate(1);
    }
    let areas = agencies.iter().map(|a| a.area).max().unwrap_or(0) + 1;

    // Planted cases first: their rows are fixed by design.
    let planted = if opts.single_csv {
        0
    } else {
        (opts.records / RECORDS_PER_PLANTED_CASE).clamp(1, MAX_PLANTED_CASES)
    };
    let mut people = People::default();
    let mut rows: Vec<Vec<Row>> = vec![Vec::new(); agencies.len()];
    let mut families: Vec<Family> = Vec::new();
    let mut expected = Vec::new();
    let mut total = 0usize;
    let mut base = NaiveDate::from_ymd_opt(2012, 9, 3).expect("valid date");
    for case in 0..planted {
        // One case after another, never overlapping; moved on while a bank
        // holiday would change the working-day counts the case is built on.
        while !clear_of_bank_holidays(base) {
            base += Duration::days(7);
        }
        let fam = people.family(&mut rng, families.len() as u32, base);
        total += plant(&agencies, &fam, case, base, &mut rows, &mut expected);
        families.push(fam);
        base += Duration::days(7 * 15);
    }

    // Routine families fill the rest, about 100 records each.
    let remaining = opts.records.saturating_sub(total);
    let per_family = 100usize;
    let n_families = remaining.div_ceil(per_family);
    let mut left = remaining;
    for f in 0..n_families {
        let area = rng.random_range(0..areas);
        let start = NaiveDate::from_ymd_opt(2016, 1, 4).expect("valid date")
            + Duration::days(rng.random_range(0..(365 * 8)));
        let fam = people.family(&mut rng, families.len() as u32, start);
        let n = if f + 1 == n_families {
            left
        } else {
            per_family
        };
        left -= n;
        let local: Vec<usize> = (0..agencies.len())
            .filter(|&i| agencies[i].area == area)
            .collect();
        for _ in 0..n {
            let &ai = local.choose(&mut rng).expect("an area has agencies");
            let kind = agencies[ai].kind;
            let mut day = start + Duration::days(rng.random_range(0..730));
            if kind == AgencyKind::School {
                while matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
                    day += Duration::days(1);
                }
            }
            let time = if rng.random_bool(0.8) {
                NaiveTime::from_hms_opt(rng.random_range(8..19), rng.random_range(0..60), 0)
            } else {
                None
            };
            let concern = rng.random_bool(0.02);
            let pool = routine(kind, concern);
            let template = rng.random_range(0..pool.len()) as u16;
            rows[ai].push(Row {
                day,
                time,
                family: fam.id,
                body: Body::Routine { concern, template },
            });
        }
        families.push(fam);
    }

    // Write each agency's file in its own layout, in date order.
    let mut files = Vec::new();
    for (ai, agency) in agencies.iter().enumerate() {
        let list = &mut rows[ai];
        list.sort_by_key(|r| (r.day, r.time));
        let layout = layout_for(agency, list.len());
        let file = format!("{:02}-{}.{}", ai + 1, slug(&agency.name), layout.ext());
        let path = dir.join(&file);
        let ctx = WriteCtx {
            agency,
            agencies: &agencies,
            families: &families,
        };
        match layout {
            Layout::Xlsx => write_xlsx(&path, &ctx, list)?,
            Layout::Docx => write_docx(&path, &ctx, list)?,
            Layout::Json => write_json(&path, &ctx, list)?,
            _ => write_csv(&path, &ctx, list, layout)?,
        }
        files.push(ManifestFile {
            file,
            agency: agency.name.clone(),
            kind: agency.kind.as_str().to_string(),
            format: layout.ext().to_string(),
            layout: layout.describe().to_string(),
            rows: list.len(),
        });
    }
    let manifest = Manifest {
        records: opts.records,
        agencies: agencies.len(),
        seed: opts.seed,
        planted_cases: planted,
        files,
    };
    write_json_file(&dir.join("manifest.json"), &manifest)?;
    write_json_file(&dir.join("expected.json"), &expected)?;
    Ok((manifest, expected))
}

/// Imports every file of a generated directory into `review`, one import
/// per file as the manifest lists them. `progress` gets the file's name.
pub fn import_generated(
    review: &mut Review,
    dir: &Path,
    manifest: &Manifest,
    progress: &mut dyn FnMut(&str),
) -> Result<()> {
    for f in &manifest.files {
        progress(&f.file);
        let opts = ImportOptions {
            agency: Some(f.agency.clone()),
            kind: Some(f.kind.parse().map_err(Error::Invalid)?),
            profile: None,
            sheet: None,
            skip_bad_rows: false,
        };
        let file = ImportFile::read(&dir.join(&f.file))?;
        import::import_files(review, &[file], &opts, &mut |_| {})?;
    }
    Ok(())
}

/// Reads `manifest.json` from a generated directory.
pub fn read_manifest(dir: &Path) -> Result<Manifest> {
    let p = dir.join("manifest.json");
    let text = std::fs::read_to_string(&p).map_err(|e| Error::io(&p, e))?;
    serde_json::from_str(&text).map_err(|e| Error::Invalid(format!("{}: {e}", p.display())))
}

/// Reads `expected.json` from a generated directory.
pub fn read_expected(dir: &Path) -> Result<Vec<ExpectedFlag>> {
    let p = dir.join("expected.json");
    let text = std::fs::read_to_string(&p).map_err(|e| Error::io(&p, e))?;
    serde_json::from_str(&text).map_err(|e| Error::Invalid(format!("{}: {e}", p.display())))
}

/// A raised flag reduced to what [`missing`] compares: rule, agency, the
/// date part of `at`, and every name of every subject it is about.
#[derive(Clone, Debug)]
pub struct FoundFlag {
    /// Rule id.
    pub rule: String,
    /// Agency.
    pub agency: String,
    /// YYYY-MM-DD.
    pub date: String,
    /// Names of the subjects the flag is about.
    pub names: Vec<String>,
}

/// The expected flags that no found flag matches (same rule, agency and
/// date, about a subject known by the expected child's name).
pub fn missing<'a>(expected: &'a [ExpectedFlag], found: &[FoundFlag]) -> Vec<&'a ExpectedFlag> {
    use std::collections::HashMap;
    let mut index: HashMap<(&str, &str, &str), Vec<&FoundFlag>> = HashMap::new();
    for f in found {
        index
            .entry((f.rule.as_str(), f.agency.as_str(), f.date.as_str()))
            .or_default()
            .push(f);
    }
    expected
        .iter()
        .filter(|e| {
            !index
                .get(&(e.rule.as_str(), e.agency.as_str(), e.date.as_str()))
                .is_some_and(|v| {
                    v.iter()
                        .any(|f| f.names.iter().any(|n| n.eq_ignore_ascii_case(&e.subject)))
                })
        })
        .collect()
}

fn write_json_file<T: Serialize>(path: &Path, value: &T) -> Result<()> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Error::Invalid(format!("{}: {e}", path.display())))?;
    std::fs::write(path, text + "\n").map_err(|e| Error::io(path, e))
}
