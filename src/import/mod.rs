//! Importing agencies' chronologies as they send them.
//!
//! The pipeline, for each file: detect the format ([`read::detect`]), read it
//! into grids of cells ([`read::read_grids`]), find the header row and map the
//! columns ([`mapping`]), read each row's date ([`crate::when`]) and fields,
//! and write the source and its records in one transaction. A row that cannot
//! be read is a [`RowError`] naming the file, row, column and value. By
//! default any bad row refuses the whole import and nothing is written; with
//! `skip_bad_rows` the good rows are imported and each skipped row is recorded
//! in the review with its reason.

mod csv;
mod docx;
mod json;
pub mod mapping;
pub mod read;
pub mod table;
mod xlsx;

use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};

pub use crate::error::{ReadError, RowError};
pub use mapping::{ColumnRole, Mapping, Profile};
pub use table::FileKind;

use crate::model::AgencyKind;
use crate::store::{ImportTransaction, NewRecord, NewSource, Review};
use crate::when::{parse_when, uk_text, When};
use crate::{Error, Result};

/// How many rows at the top of a sheet are searched for the header row.
pub const HEADER_SEARCH_ROWS: usize = 30;

/// The largest cell accepted, in bytes.
pub const MAX_CELL_BYTES: usize = 1 << 20;

/// How much of an offending value an error quotes.
const QUOTE_CHARS: usize = 120;

/// What to import and how.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// The agency that sent the file(s). Optional for a composite file with
    /// an agency column, or a JSON file that names its agency.
    pub agency: Option<String>,
    /// The agency's kind; guessed from its name when absent.
    pub kind: Option<AgencyKind>,
    /// A mapping profile that overrides the guessed column roles.
    pub profile: Option<Profile>,
    /// The sheet to read from a workbook.
    pub sheet: Option<String>,
    /// Import the good rows and record the bad ones, instead of refusing.
    pub skip_bad_rows: bool,
}

/// One file to import: its name (as recorded) and its bytes.
pub struct ImportFile {
    /// The file's name, without directories, as the review records it.
    pub name: String,
    /// The file's bytes, exactly as received.
    pub bytes: Vec<u8>,
}

impl ImportFile {
    /// Reads a file from disk.
    pub fn read(path: &Path) -> Result<ImportFile> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Ok(ImportFile {
            name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string()),
            bytes,
        })
    }
}

/// The outcome of importing one file (the `import --json` contract).
#[derive(Clone, Debug, Serialize)]
pub struct ImportReport {
    /// The file's name.
    pub source: String,
    /// The source's id in the review.
    pub source_id: i64,
    /// The agency, or `None` for a composite file.
    pub agency: Option<String>,
    /// The importer used.
    pub importer: &'static str,
    /// The sheet or table read, if any.
    pub sheet: Option<String>,
    /// The header row, as the file shows it.
    pub header_row: usize,
    /// The role given to each column.
    pub mapping: Vec<MappedColumn>,
    /// Data rows read (blank rows not counted).
    pub rows_read: usize,
    /// Records imported.
    pub imported: usize,
    /// Rows skipped, with reasons (only with `skip_bad_rows`).
    pub rejected: Vec<RowError>,
    /// The file's sha256.
    pub sha256: String,
}

/// A column's header and the role it was given.
#[derive(Clone, Debug, Serialize)]
pub struct MappedColumn {
    /// The header, verbatim.
    pub column: String,
    /// Its role.
    pub role: ColumnRole,
}

/// A file's header row and column mapping, found before anything is written:
/// what the import wizard previews and `--save-mapping` saves.
#[derive(Clone, Debug)]
pub struct Layout {
    /// The format.
    pub kind: FileKind,
    /// The sheet or table the chronology is in.
    pub sheet: Option<String>,
    /// The header row, as the file shows it.
    pub header_row: usize,
    /// The columns and their roles.
    pub mapping: Mapping,
}

/// Reads each file and imports it into the review, all in one transaction:
/// either every file is imported or nothing is written.
pub fn import_files(
    review: &mut Review,
    files: &[ImportFile],
    opts: &ImportOptions,
    progress: &mut dyn FnMut(usize),
) -> Result<Vec<ImportReport>> {
    review.with_import_settings(|review| import_files_in(review, files, opts, progress))
}

fn import_files_in(
    review: &mut Review,
    files: &[ImportFile],
    opts: &ImportOptions,
    progress: &mut dyn FnMut(usize),
) -> Result<Vec<ImportReport>> {
    let tx = review.import_transaction()?;
    let mut reports = Vec::with_capacity(files.len());
    let mut done = 0usize;
    for file in files {
        let report = import_one(&tx, file, opts, &mut |n| progress(done + n))?;
        done += report.rows_read;
        reports.push(report);
    }
    tx.commit()?;
    Ok(reports)
}

/// Finds the header row and column mapping of a file without importing it.
pub fn inspect(file: &ImportFile, opts: &ImportOptions) -> Result<Layout> {
    let kind = read::detect(&file.name, &file.bytes).map_err(|error| Error::Read {
        file: file.name.clone(),
        error,
    })?;
    let (layout, _rows) = locate(file, kind, opts)?;
    Ok(layout)
}

/// A mapping profile for a file, to save and edit: the mapping Sightline
/// would use, or — when it cannot find the header row — the first non-blank
/// row's headers with whatever roles they suggest, for the reviewer to fill in.
pub fn guess_profile(file: &ImportFile, opts: &ImportOptions) -> Result<Profile> {
    match inspect(file, opts) {
        Ok(layout) => {
            let mut profile = layout.mapping.to_profile();
            if layout.kind == FileKind::Xlsx {
                profile.options.sheet = layout.sheet;
            }
            Ok(profile)
        }
        Err(Error::Mapping { .. }) => {
            let kind = read::detect(&file.name, &file.bytes).map_err(|error| Error::Read {
                file: file.name.clone(),
                error,
            })?;
            let sheet = opts.sheet.as_deref();
            let grids =
                read::read_grids(kind, &file.bytes, sheet).map_err(|error| Error::Read {
                    file: file.name.clone(),
                    error,
                })?;
            for grid in grids {
                for row in grid.rows.take(HEADER_SEARCH_ROWS) {
                    let row = row.map_err(|error| Error::Read {
                        file: file.name.clone(),
                        error,
                    })?;
                    if row.is_blank() {
                        continue;
                    }
                    let headers: Vec<String> = row
                        .cells
                        .iter()
                        .map(|c| c.text.trim().to_string())
                        .collect();
                    let mut profile = Mapping::new(&headers, opts.profile.as_ref()).to_profile();
                    profile.options.header_row = Some(row.number);
                    if kind == FileKind::Xlsx {
                        profile.options.sheet = grid.sheet;
                    }
                    return Ok(profile);
                }
            }
            Err(Error::Mapping {
                file: file.name.clone(),
                message: "the file holds no rows".into(),
            })
        }
        Err(e) => Err(e),
    }
}

/// Finds the grid holding the chronology and its header; returns the layout
/// and the rows after the header.
fn locate<'a>(
    file: &'a ImportFile,
    kind: FileKind,
    opts: &ImportOptions,
) -> Result<(Layout, table::Rows<'a>)> {
    let read_err = |error| Error::Read {
        file: file.name.clone(),
        error,
    };
    let sheet = opts
        .sheet
        .clone()
        .or_else(|| opts.profile.as_ref().and_then(|p| p.options.sheet.clone()));
    let grids = read::read_grids(kind, &file.bytes, sheet.as_deref()).map_err(read_err)?;
    let profile = opts.profile.as_ref();
    let wanted_row = profile.and_then(|p| p.options.header_row);
    let mut best_partial: Option<(Option<String>, usize, Mapping)> = None;
    let mut seen_rows = false;
    for grid in grids {
        let mut rows = grid.rows;
        let mut head = Vec::new();
        for row in rows.by_ref() {
            let row = row.map_err(read_err)?;
            let stop = match wanted_row {
                Some(w) => row.number >= w,
                None => false,
            };
            head.push(row);
            if head.len() >= HEADER_SEARCH_ROWS || stop {
                break;
            }
        }
        seen_rows |= head.iter().any(|r| !r.is_blank());
        let mut found = None;
        for (i, row) in head.iter().enumerate() {
            if row.is_blank() {
                continue;
            }
            if let Some(w) = wanted_row {
                if row.number != w {
                    continue;
                }
            }
            let headers: Vec<String> = row
                .cells
                .iter()
                .map(|c| c.text.trim().to_string())
                .collect();
            let mapping = Mapping::new(&headers, profile);
            let has_date = mapping.column(&ColumnRole::Date).is_some();
            let has_text = mapping.column(&ColumnRole::Description).is_some();
            if has_date && has_text {
                found = Some((i, mapping));
                break;
            }
            let better = best_partial
                .as_ref()
                .map(|(_, _, m)| mapping.recognised() > m.recognised())
                .unwrap_or(true);
            if mapping.recognised() >= 2 && better {
                best_partial = Some((grid.sheet.clone(), row.number, mapping));
            }
        }
        if let Some((i, mapping)) = found {
            let header_row = head[i].number;
            let rest: Vec<Result<table::GridRow, ReadError>> =
                head.into_iter().skip(i + 1).map(Ok).collect();
            let rows: table::Rows<'a> = Box::new(rest.into_iter().chain(rows));
            return Ok((
                Layout {
                    kind,
                    sheet: grid.sheet,
                    header_row,
                    mapping,
                },
                rows,
            ));
        }
    }
    let message = if !seen_rows {
        "the file holds no rows".to_string()
    } else if let Some((sheet, row, mapping)) = best_partial {
        let missing = if mapping.column(&ColumnRole::Date).is_none() {
            "date column (such as Date, Date of contact, Event date, Occurrence date or Date/Time)"
        } else {
            "description column (such as Details, Event, Summary, Narrative or Description of contact)"
        };
        format!(
            "no {missing} was found: the header row ({}row {row}) has {}; name the columns' roles in a mapping profile (--mapping)",
            sheet.map(|s| format!("{s}, ")).unwrap_or_default(),
            mapping
                .headers
                .iter()
                .filter(|h| !h.is_empty())
                .map(|h| format!("\"{h}\""))
                .collect::<Vec<_>>()
                .join(", ")
        )
    } else {
        format!(
            "no header row was found in the first {HEADER_SEARCH_ROWS} rows: Sightline looks for a row naming a date column (such as Date or Date of contact) and a description column (such as Details or Summary); for other headers, give a mapping profile (--mapping)"
        )
    };
    Err(Error::Mapping {
        file: file.name.clone(),
        message,
    })
}

/// The parsed fields of one row, ready to insert.
struct Draft {
    agency: Option<String>,
    when: When,
    text: String,
    outcome: Option<String>,
    event_type: Option<String>,
    author: Option<String>,
    reference: Option<String>,
    sequence: Option<String>,
    subjects: Vec<String>,
    subject_dob: Option<String>,
    shared_with: Vec<String>,
}

fn quote(value: &str) -> String {
    if value.chars().count() <= QUOTE_CHARS {
        value.to_string()
    } else {
        let mut s: String = value.chars().take(QUOTE_CHARS).collect();
        s.push('…');
        s
    }
}

/// Splits a list of names or agencies as agencies write them.
fn split_list(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in text.split([';', '/', '&', '+', '\n']) {
        for piece in split_and(part) {
            // "BROOKS, Tyler" is one name written surname first; "Tyler,
            // Mia" is two.
            let surname_first = piece.split_once(',').is_some_and(|(head, _)| {
                let head = head.trim();
                head.chars().count() >= 2
                    && !head.contains(' ')
                    && head.chars().all(|c| !c.is_lowercase())
            });
            let names: Vec<&str> = if surname_first {
                vec![piece]
            } else {
                piece.split(',').collect()
            };
            out.extend(
                names
                    .into_iter()
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .map(str::to_string),
            );
        }
    }
    out
}

fn split_and(text: &str) -> Vec<&str> {
    let lower = text.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut start = 0;
    let mut from = 0;
    while let Some(pos) = lower[from..].find(" and ") {
        let at = from + pos;
        out.push(&text[start..at]);
        start = at + 5;
        from = start;
    }
    out.push(&text[start..]);
    out
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Reads one data row into a draft, or says what is wrong with it.
fn read_row(
    row: &table::GridRow,
    mapping: &Mapping,
    sheet: &Option<String>,
) -> std::result::Result<Draft, RowError> {
    let err = |column: Option<&str>, value: &str, error: String| RowError {
        sheet: sheet.clone(),
        row: row.number,
        column: column.map(str::to_string),
        value: quote(value),
        error,
    };
    let width = mapping.headers.len();
    if let Some((i, extra)) = row
        .cells
        .iter()
        .enumerate()
        .skip(width)
        .find(|(_, c)| !c.text.trim().is_empty())
    {
        return Err(err(
            Some(&format!("column {} (no header)", i + 1)),
            &extra.text,
            format!(
                "the row has {} cells but the header has {width} columns",
                row.cells.len()
            ),
        ));
    }
    for (i, cell) in row.cells.iter().enumerate().take(width) {
        let header = mapping.headers.get(i).map(String::as_str);
        if cell.text.len() > MAX_CELL_BYTES {
            return Err(err(
                header,
                &cell.text,
                format!(
                    "the cell holds {:.1} MB of text; Sightline accepts at most {} MB in one cell",
                    cell.text.len() as f64 / 1_048_576.0,
                    MAX_CELL_BYTES >> 20
                ),
            ));
        }
        if let Some(f) = &cell.formula {
            return Err(err(
                header,
                &format!("={}", f.trim_start_matches('=')),
                "the cell holds a formula, not a value; in the spreadsheet, copy the column and paste it as values, then import again".to_string(),
            ));
        }
    }
    let cell = |role: &ColumnRole| -> Option<(&str, &str)> {
        let i = mapping.column(role)?;
        let text = row.cells.get(i).map(|c| c.text.as_str()).unwrap_or("");
        Some((mapping.headers[i].as_str(), text))
    };
    let text_of = |role: &ColumnRole| cell(role).and_then(|(_, v)| non_empty(v));

    let (date_header, date) = cell(&ColumnRole::Date).unwrap_or(("date", ""));
    if date.trim().is_empty() {
        return Err(err(
            Some(date_header),
            date,
            "the date is empty".to_string(),
        ));
    }
    let time = cell(&ColumnRole::Time);
    let start = parse_when(date, time.map(|(_, v)| v)).map_err(|e| {
        let blame_time =
            time.is_some_and(|(_, t)| !t.trim().is_empty()) && parse_when(date, None).is_ok();
        match (blame_time, time) {
            (true, Some((h, t))) => err(Some(h), t, e.message),
            _ => err(Some(date_header), date, e.message),
        }
    })?;
    let when = match cell(&ColumnRole::EndDate).filter(|(_, v)| !v.trim().is_empty()) {
        None => start,
        Some((end_header, end_date)) => {
            let end_time = cell(&ColumnRole::EndTime).map(|(_, v)| v);
            let end = parse_when(end_date, end_time)
                .map_err(|e| err(Some(end_header), end_date, e.message))?;
            let combined = format!("between {} and {}", start.canonical(), end.canonical());
            parse_when(&combined, None).map_err(|e| err(Some(end_header), end_date, e.message))?
        }
    };

    let text = text_of(&ColumnRole::Description);
    let outcome = text_of(&ColumnRole::Outcome);
    if text.is_none() && outcome.is_none() {
        let header = cell(&ColumnRole::Description).map(|(h, _)| h);
        return Err(err(
            header,
            "",
            "the row has a date but no description of what happened".to_string(),
        ));
    }
    Ok(Draft {
        agency: text_of(&ColumnRole::Agency),
        when,
        text: text.unwrap_or_default(),
        outcome,
        event_type: text_of(&ColumnRole::EventType),
        author: text_of(&ColumnRole::Author),
        reference: text_of(&ColumnRole::SourceRef),
        sequence: text_of(&ColumnRole::Sequence),
        subjects: text_of(&ColumnRole::Subject)
            .map(|s| split_list(&s))
            .unwrap_or_default(),
        subject_dob: text_of(&ColumnRole::SubjectDob),
        shared_with: text_of(&ColumnRole::SharedWith)
            .map(|s| split_list(&s))
            .unwrap_or_default(),
    })
}

/// Finds an agency by name, or adds it.
fn agency_id(
    tx: &ImportTransaction<'_>,
    name: &str,
    kind: Option<AgencyKind>,
    file: &str,
) -> Result<i64> {
    match tx.agency(name)? {
        Some((id, have)) => {
            if let Some(k) = kind {
                if k.as_str() != have {
                    return Err(Error::Mapping {
                        file: file.to_string(),
                        message: format!(
                            "the agency \"{name}\" is already in the review as {have}, not {k}"
                        ),
                    });
                }
            }
            Ok(id)
        }
        None => {
            let kind = kind.unwrap_or_else(|| AgencyKind::guess_from_name(name));
            tx.add_agency(name, kind.as_str())
        }
    }
}

fn import_one(
    tx: &ImportTransaction<'_>,
    file: &ImportFile,
    opts: &ImportOptions,
    progress: &mut dyn FnMut(usize),
) -> Result<ImportReport> {
    let sha256 = hex::encode(Sha256::digest(&file.bytes));
    let previous = tx.previous_import(&sha256)?;
    if let Some((imported_at, agency)) = previous {
        return Err(Error::AlreadyImported {
            file: file.name.clone(),
            sha256,
            imported_at,
            agency,
        });
    }
    let kind = read::detect(&file.name, &file.bytes).map_err(|error| Error::Read {
        file: file.name.clone(),
        error,
    })?;
    let declared = if kind == FileKind::Json {
        json::agency(&file.bytes)
    } else {
        None
    };
    let (layout, rows) = locate(file, kind, opts)?;
    let composite = layout.mapping.column(&ColumnRole::Agency).is_some();
    let file_agency = opts
        .agency
        .clone()
        .or_else(|| declared.as_ref().map(|(n, _)| n.clone()));
    let file_kind = opts.kind.or_else(|| {
        declared
            .as_ref()
            .and_then(|(_, k)| k.as_deref())
            .and_then(|k| k.parse().ok())
    });
    if file_agency.is_none() && !composite {
        return Err(Error::Mapping {
            file: file.name.clone(),
            message: "which agency sent this file? Name it with --agency (or give the file an Agency column)".into(),
        });
    }
    let file_agency_id = match (&file_agency, composite) {
        (Some(name), false) => Some(agency_id(tx, name, file_kind, &file.name)?),
        _ => None,
    };

    // The source row is written once, after its records (see
    // `ImportTransaction::next_source_id`).
    let source_id = tx.next_source_id()?;
    let mut writer = tx.writer()?;
    let mut agencies: std::collections::HashMap<String, i64> = Default::default();
    let mut rows_read = 0usize;
    let mut imported = 0usize;
    let mut rejected: Vec<RowError> = Vec::new();
    for row in rows {
        let row = row.map_err(|error| Error::Read {
            file: file.name.clone(),
            error,
        })?;
        if row.is_blank() {
            continue;
        }
        rows_read += 1;
        if rows_read.is_multiple_of(4096) {
            progress(rows_read);
        }
        let draft = read_row(&row, &layout.mapping, &layout.sheet).and_then(|d| {
            if composite && d.agency.is_none() && file_agency.is_none() {
                let i = layout.mapping.column(&ColumnRole::Agency).unwrap_or(0);
                Err(RowError {
                    sheet: layout.sheet.clone(),
                    row: row.number,
                    column: layout.mapping.headers.get(i).cloned(),
                    value: String::new(),
                    error: "the agency is empty".into(),
                })
            } else {
                Ok(d)
            }
        });
        let draft = match draft {
            Ok(d) => d,
            Err(e) => {
                rejected.push(e);
                continue;
            }
        };
        if !rejected.is_empty() && !opts.skip_bad_rows {
            // The import is refused anyway: keep reading only to list every
            // bad row.
            continue;
        }
        let agency = match (&draft.agency, file_agency_id) {
            (Some(name), _) if composite => match agencies.get(name) {
                Some(id) => *id,
                None => {
                    let id = agency_id(tx, name, None, &file.name)?;
                    agencies.insert(name.clone(), id);
                    id
                }
            },
            (_, Some(id)) => id,
            (_, None) => match &file_agency {
                Some(name) => agency_id(tx, name, file_kind, &file.name)?,
                None => continue,
            },
        };
        let cells: Vec<&str> = row.cells.iter().map(|c| c.text.as_str()).collect();
        writer.record(&NewRecord {
            source_id,
            agency_id: agency,
            seq: rows_read as i64,
            row: row.number as i64,
            when: &draft.when,
            text: &draft.text,
            outcome: draft.outcome.as_deref(),
            event_type: draft.event_type.as_deref(),
            author: draft.author.as_deref(),
            reference: draft.reference.as_deref(),
            sequence: draft.sequence.as_deref(),
            subjects: &draft.subjects,
            subject_dob: draft.subject_dob.as_deref(),
            shared_with: &draft.shared_with,
            cells: &cells,
        })?;
        imported += 1;
    }
    progress(rows_read);
    if !rejected.is_empty() && !opts.skip_bad_rows {
        return Err(Error::ImportRefused {
            file: file.name.clone(),
            errors: rejected,
        });
    }
    if imported == 0 && rejected.is_empty() {
        return Err(Error::Mapping {
            file: file.name.clone(),
            message: format!(
                "the file has a header row (row {}) but no rows of chronology under it",
                layout.header_row
            ),
        });
    }
    for e in &rejected {
        writer.rejected(source_id, e)?;
    }
    drop(writer);
    let roles: Vec<&str> = layout.mapping.roles.iter().map(|r| r.as_str()).collect();
    tx.add_source(&NewSource {
        id: source_id,
        file_name: &file.name,
        sha256: &sha256,
        bytes: &file.bytes,
        importer: kind.name(),
        encoding: read::encoding_name(kind, &file.bytes),
        sheet: layout.sheet.as_deref(),
        header_row: layout.header_row as i64,
        headers: &layout.mapping.headers,
        roles: &roles,
        agency_id: file_agency_id,
        rows_read: rows_read as i64,
        imported: imported as i64,
        rejected: rejected.len() as i64,
    })?;
    let mapping = column_roles(&layout.mapping);
    tx.audit(&serde_json::json!({
            "source_id": source_id,
            "file": file.name,
            "sha256": sha256,
            "agency": file_agency,
            "importer": kind.name(),
            "rows_read": rows_read,
            "imported": imported,
            "rejected": rejected.len(),
        "skip_bad_rows": opts.skip_bad_rows,
    }))?;
    Ok(ImportReport {
        source: file.name.clone(),
        source_id,
        agency: if composite { None } else { file_agency },
        importer: kind.name(),
        sheet: layout.sheet,
        header_row: layout.header_row,
        mapping,
        rows_read,
        imported,
        rejected,
        sha256,
    })
}

/// One data row as the import wizard previews it.
#[derive(Clone, Debug, Serialize)]
pub struct PreviewRow {
    /// The row, as the file shows it.
    pub row: usize,
    /// Its cells, verbatim, one per header.
    pub cells: Vec<String>,
    /// How its date was read (UK style), when it could be.
    pub when: Option<String>,
    /// What is wrong with it, if anything.
    pub error: Option<RowError>,
}

/// What importing a file would do, found without writing anything.
#[derive(Clone, Debug, Serialize)]
pub struct Preview {
    /// The file's name.
    pub file: String,
    /// Its format.
    pub format: &'static str,
    /// The sheet or table read, if any.
    pub sheet: Option<String>,
    /// The header row, as the file shows it.
    pub header_row: usize,
    /// Each column's header and role (guessed, or as overridden).
    pub mapping: Vec<MappedColumn>,
    /// The first rows.
    pub rows: Vec<PreviewRow>,
    /// Data rows in the file (blank rows not counted).
    pub rows_read: usize,
    /// Every row that cannot be read, and why.
    pub errors: Vec<RowError>,
}

/// Reads a file as [`import_files`] would, without writing anything: the
/// layout, the first `limit` rows with how their dates were read, and every
/// row error in the whole file.
pub fn preview(file: &ImportFile, opts: &ImportOptions, limit: usize) -> Result<Preview> {
    let kind = read::detect(&file.name, &file.bytes).map_err(|error| Error::Read {
        file: file.name.clone(),
        error,
    })?;
    let (layout, rows) = locate(file, kind, opts)?;
    let width = layout.mapping.headers.len();
    let mut out = Preview {
        file: file.name.clone(),
        format: kind.name(),
        sheet: layout.sheet.clone(),
        header_row: layout.header_row,
        mapping: column_roles(&layout.mapping),
        rows: Vec::new(),
        rows_read: 0,
        errors: Vec::new(),
    };
    for row in rows {
        let row = row.map_err(|error| Error::Read {
            file: file.name.clone(),
            error,
        })?;
        if row.is_blank() {
            continue;
        }
        out.rows_read += 1;
        let read = read_row(&row, &layout.mapping, &layout.sheet);
        if let Err(e) = &read {
            out.errors.push(e.clone());
        }
        if out.rows.len() < limit {
            let mut cells: Vec<String> = row.cells.iter().map(|c| c.text.clone()).collect();
            cells.resize(width.max(cells.len()), String::new());
            out.rows.push(PreviewRow {
                row: row.number,
                cells,
                when: read.as_ref().ok().map(|d| uk_text(&d.when)),
                error: read.err(),
            });
        }
    }
    Ok(out)
}

/// Each header with its role.
fn column_roles(mapping: &Mapping) -> Vec<MappedColumn> {
    mapping
        .headers
        .iter()
        .zip(&mapping.roles)
        .map(|(c, r)| MappedColumn {
            column: c.clone(),
            role: r.clone(),
        })
        .collect()
}

/// The files named on a command line, read from disk.
pub fn read_files(paths: &[PathBuf]) -> Result<Vec<ImportFile>> {
    paths.iter().map(|p| ImportFile::read(p)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_split_the_way_agencies_write_them() {
        assert_eq!(
            split_list("Tyler Brooks; Mia Brooks"),
            vec!["Tyler Brooks", "Mia Brooks"]
        );
        assert_eq!(
            split_list("Police and School / HV"),
            vec!["Police", "School", "HV"]
        );
        assert_eq!(split_list("  "), Vec::<String>::new());
        assert_eq!(split_list("Andrea Sandler"), vec!["Andrea Sandler"]);
        assert_eq!(split_list("BROOKS, Tyler"), vec!["BROOKS, Tyler"]);
        assert_eq!(
            split_list("BROOKS, Tyler; MARSH, Dean"),
            vec!["BROOKS, Tyler", "MARSH, Dean"]
        );
        assert_eq!(split_list("Tyler, Mia"), vec!["Tyler", "Mia"]);
    }
}
