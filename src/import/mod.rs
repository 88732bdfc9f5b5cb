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
mod layout;
pub mod mapping;
mod preview;
mod prose;
pub mod read;
mod rows;
pub mod table;
mod xlsx;

use std::path::{Path, PathBuf};

use chrono::Datelike;
use serde::Serialize;
use sha2::{Digest, Sha256};

pub use crate::error::{ReadError, RowError};
pub use layout::{guess_profile, inspect, Layout};
pub use mapping::{ColumnRole, Mapping, Profile};
pub use preview::{preview, Preview, PreviewRow};
pub use table::FileKind;

use crate::model::AgencyKind;
use crate::store::{ImportTransaction, NewRecord, NewSource, Review};
use crate::{Error, Result};
use layout::locate_all;
use rows::read_row;

/// How many rows at the top of a sheet are searched for the header row.
pub const HEADER_SEARCH_ROWS: usize = 30;

/// The largest cell accepted, in bytes.
pub const MAX_CELL_BYTES: usize = 1 << 20;

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

/// The largest file Sightline imports: a chronology of a million rows is
/// well under it.
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

impl ImportFile {
    /// Reads a file from disk: a regular file of at most [`MAX_FILE_BYTES`]
    /// (a device such as `/dev/zero`, a folder or a larger file is refused
    /// before it fills memory).
    pub fn read(path: &Path) -> Result<ImportFile> {
        use std::io::Read;
        let too_big = || {
            Error::Invalid(format!(
                "{}: the file is larger than {} MiB; Sightline imports chronologies up to that \
                 size (split the file, or export the chronology on its own)",
                path.display(),
                MAX_FILE_BYTES / (1024 * 1024)
            ))
        };
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        let meta = file.metadata().map_err(|e| Error::io(path, e))?;
        if !meta.is_file() {
            return Err(Error::Invalid(format!(
                "{}: not a file (a folder or a device); name a chronology file",
                path.display()
            )));
        }
        if meta.len() > MAX_FILE_BYTES {
            return Err(too_big());
        }
        let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
        file.take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io(path, e))?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(too_big());
        }
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
    /// Rows that are no chronology entry (a heading, a divider or a note
    /// filling one cell or one merged row), left out and listed; kept in the
    /// review with the rows skipped.
    pub left_out: Vec<RowError>,
    /// Rows imported with a date worth checking (a year before 1900 or
    /// after next year: "1066", "9999"), one warning each.
    pub warnings: Vec<RowError>,
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
    /// True when the role was read from what the column holds (its header
    /// is one no synonym knows).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub by_content: bool,
}

/// Why a row left out as no entry was left out.
const NOT_AN_ENTRY: &str = "not a chronology entry (a heading, a divider or a note)";

/// Why a row whose date cell holds only a dash was left out.
const NO_DATE: &str =
    "no date (the date cell holds only a dash), so it cannot be placed in the timeline";

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
        let kind = read::detect(&file.name, &file.bytes).map_err(|error| Error::Read {
            file: file.name.clone(),
            error,
        })?;
        // A chronology in several sheets or tables comes in one part each.
        for part in locate_all(file, kind, opts)? {
            let report = import_one(&tx, file, kind, part, opts, &mut |n| progress(done + n))?;
            done += report.rows_read;
            reports.push(report);
        }
    }
    tx.commit()?;
    Ok(reports)
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

/// Imports one part of a file (its one chronology, or one of its sheets or
/// tables) as a source of its own.
fn import_one(
    tx: &ImportTransaction<'_>,
    file: &ImportFile,
    kind: FileKind,
    (layout, rows): (Layout, table::Rows<'_>),
    opts: &ImportOptions,
    progress: &mut dyn FnMut(usize),
) -> Result<ImportReport> {
    let sha256 = hex::encode(Sha256::digest(&file.bytes));
    let declared = if kind == FileKind::Json {
        json::agency(&file.bytes)
    } else {
        None
    };
    // The same file may come in once per sheet or table.
    let previous = tx.previous_import(&sha256, layout.sheet.as_deref())?;
    if let Some((imported_at, agency)) = previous {
        return Err(Error::AlreadyImported {
            file: file.name.clone(),
            sha256,
            imported_at,
            agency,
        });
    }
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
    let mut left_out: Vec<RowError> = Vec::new();
    let mut warnings: Vec<RowError> = Vec::new();
    let next_year = chrono::Utc::now().year() + 1;
    let mut above = rows::Above::default();
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
        if let Some(value) = rows::not_an_entry(&row, &layout.mapping) {
            left_out.push(RowError {
                sheet: layout.sheet.clone(),
                row: row.number,
                column: None,
                value,
                error: NOT_AN_ENTRY.into(),
            });
            continue;
        }
        // A date cell holding only a dash says the entry has no date: it
        // cannot stand in the timeline, so it is left out and listed (and
        // kept in the review), and the rest comes in.
        if let Some(c) = rows::dash_for_date(&row, &layout.mapping) {
            left_out.push(RowError {
                sheet: layout.sheet.clone(),
                row: row.number,
                column: layout.mapping.headers.get(c).cloned(),
                value: row.cells.get(c).map(|x| x.text.clone()).unwrap_or_default(),
                error: NO_DATE.into(),
            });
            continue;
        }
        let draft = read_row(&row, &layout.mapping, &layout.sheet, &above);
        above.remember(&row, &layout.mapping);
        let draft = draft.and_then(|d| {
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
        let mut draft = match draft {
            Ok(d) => d,
            Err(e) => {
                rejected.push(e);
                continue;
            }
        };
        // A row with no subject of its own is about the person the file's
        // title block names.
        if draft.subjects.is_empty() {
            if let Some(t) = &layout.title_subject {
                draft.subjects = vec![t.column_entry()];
                if draft.subject_dob.is_none() {
                    draft.subject_dob = t.dob.clone();
                }
            }
        }
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
        let year: Option<i32> = draft.when.start_iso().get(..4).and_then(|y| y.parse().ok());
        if let Some(y) = year.filter(|y| *y < 1900 || *y > next_year) {
            let column = layout.mapping.column(&ColumnRole::Date);
            warnings.push(RowError {
                sheet: layout.sheet.clone(),
                row: row.number,
                column: column.and_then(|c| layout.mapping.headers.get(c).cloned()),
                value: column
                    .and_then(|c| row.cells.get(c))
                    .map(|c| c.text.clone())
                    .unwrap_or_default(),
                error: format!(
                    "imported, but the year {y} is unlikely in a chronology; check the date"
                ),
            });
        }
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
    for e in rejected.iter().chain(&left_out) {
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
        left_out,
        warnings,
        sha256,
    })
}

/// Each header with its role.
fn column_roles(mapping: &Mapping) -> Vec<MappedColumn> {
    mapping
        .headers
        .iter()
        .zip(&mapping.roles)
        .enumerate()
        .map(|(i, (c, r))| MappedColumn {
            column: c.clone(),
            role: r.clone(),
            by_content: mapping.by_content.contains(&i),
        })
        .collect()
}

/// The files named on a command line, read from disk.
pub fn read_files(paths: &[PathBuf]) -> Result<Vec<ImportFile>> {
    paths.iter().map(|p| ImportFile::read(p)).collect()
}
