//! Reading records back out of a review, streamed so that a million records
//! never have to be in memory at once.

use foldhash::{HashMap, HashMapExt};

use rusqlite::Row;

use super::Review;
use crate::model::{AgencyKind, OriginalCell, Provenance, Record};
use crate::when::parse_canonical;
use crate::{Error, Result};

/// Which records to read.
#[derive(Clone, Debug, Default)]
pub struct RecordFilter {
    /// Only this agency's records (name, case-insensitive).
    pub agency: Option<String>,
}

/// The columns `record_from_row` reads, in its order.
const RECORD_SELECT: &str =
    "SELECT r.id, a.name, a.kind, r.when_text, r.text, r.outcome, r.event_type,
        r.author, r.reference, r.sequence, r.seq, r.subjects, r.subject_dob, r.shared_with,
        r.source_id, r.row, r.cells, r.agency_id
    FROM records r JOIN agencies a ON a.id = r.agency_id";

/// What a source contributes to each of its records.
struct SourceInfo {
    file: String,
    sheet: Option<String>,
    headers: Vec<String>,
}

impl Review {
    /// Calls `each` for every record, in import order (source by source, in
    /// each source's own order).
    pub fn for_each_record(
        &self,
        filter: &RecordFilter,
        each: impl FnMut(Record) -> Result<()>,
    ) -> Result<()> {
        self.for_each_record_with(filter, true, each)
    }

    /// [`Review::for_each_record`] without each record's original cells
    /// (`original` is left empty): what the analysis reads, at a fraction
    /// of the memory. [`Review::records_by_id`] gives a record whole.
    pub fn for_each_record_without_cells(
        &self,
        filter: &RecordFilter,
        each: impl FnMut(Record) -> Result<()>,
    ) -> Result<()> {
        self.for_each_record_with(filter, false, each)
    }

    /// Every record, in import order, without original cells (see
    /// [`Review::for_each_record_without_cells`]).
    pub fn records_without_cells(&self, filter: &RecordFilter) -> Result<Vec<Record>> {
        // Sized once: growing a vector of a million records by doubling
        // copies it again and again into freshly zeroed memory. Record ids
        // rise from 1 and records are never deleted, so the largest id is
        // the count (found from the index, not by reading every record).
        let expected = if filter.agency.is_none() {
            self.conn()
                .query_row("SELECT coalesce(max(id), 0) FROM records", [], |r| {
                    r.get::<_, i64>(0)
                })?
                .clamp(0, 1 << 26) as usize
        } else {
            0
        };
        let mut out = Vec::with_capacity(expected);
        self.for_each_record_without_cells(filter, |r| {
            out.push(r);
            Ok(())
        })?;
        Ok(out)
    }

    fn for_each_record_with(
        &self,
        filter: &RecordFilter,
        cells: bool,
        mut each: impl FnMut(Record) -> Result<()>,
    ) -> Result<()> {
        let conn = self.conn();
        let sources = self.source_infos()?;
        let select = if cells {
            RECORD_SELECT.to_string()
        } else {
            RECORD_SELECT.replace("r.cells", "'[]'")
        };
        let mut stmt = conn.prepare(&format!(
            "{select} WHERE ?1 IS NULL OR a.name = ?1 COLLATE NOCASE
             ORDER BY r.source_id, r.seq"
        ))?;
        let mut rows = stmt.query([filter.agency.as_deref()])?;
        while let Some(r) = rows.next()? {
            each(record_from_row(r, &sources)?)?;
        }
        Ok(())
    }

    /// The records with these ids, in the order given; ids that name no
    /// record are left out.
    pub fn records_by_id(&self, ids: &[i64]) -> Result<Vec<Record>> {
        let sources = self.source_infos()?;
        let mut stmt = self
            .conn()
            .prepare_cached(&format!("{RECORD_SELECT} WHERE r.id = ?1"))?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let mut rows = stmt.query([id])?;
            if let Some(r) = rows.next()? {
                out.push(record_from_row(r, &sources)?);
            }
        }
        Ok(out)
    }

    fn source_infos(&self) -> Result<HashMap<i64, SourceInfo>> {
        let mut sources: HashMap<i64, SourceInfo> = HashMap::new();
        let mut stmt = self
            .conn()
            .prepare("SELECT id, file_name, sheet, headers FROM sources")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let headers: String = r.get(3)?;
            sources.insert(
                r.get(0)?,
                SourceInfo {
                    file: r.get(1)?,
                    sheet: r.get(2)?,
                    headers: serde_json::from_str(&headers).unwrap_or_default(),
                },
            );
        }
        Ok(sources)
    }

    /// Every record, in import order.
    pub fn records(&self, filter: &RecordFilter) -> Result<Vec<Record>> {
        let mut out = Vec::new();
        self.for_each_record(filter, |r| {
            out.push(r);
            Ok(())
        })?;
        Ok(out)
    }
}

fn json_list(text: &str) -> Vec<String> {
    if text == "[]" {
        return Vec::new();
    }
    serde_json::from_str(text).unwrap_or_default()
}

fn record_from_row(r: &Row<'_>, sources: &HashMap<i64, SourceInfo>) -> Result<Record> {
    let id: i64 = r.get(0)?;
    let kind: String = r.get(2)?;
    let when_text: String = r.get(3)?;
    let when = parse_canonical(&when_text).map_err(|e| {
        Error::Invalid(format!(
            "record {id}: its stored date \"{when_text}\" cannot be read back ({e}); run verify"
        ))
    })?;
    let source_id: i64 = r.get(14)?;
    let info = sources.get(&source_id);
    let cells: Vec<String> = json_list(&r.get::<_, String>(16)?);
    let original = cells
        .into_iter()
        .enumerate()
        .map(|(i, value)| OriginalCell {
            column: info
                .and_then(|s| s.headers.get(i).cloned())
                .unwrap_or_else(|| format!("Column {}", i + 1)),
            value,
        })
        .collect();
    Ok(Record {
        id,
        agency: r.get(1)?,
        agency_id: r.get(17)?,
        source_id,
        agency_kind: kind.parse().unwrap_or(AgencyKind::Other),
        when,
        text: r.get(4)?,
        outcome: r.get(5)?,
        event_type: r.get(6)?,
        author: r.get(7)?,
        reference: r.get(8)?,
        sequence: r.get(9)?,
        seq: r.get(10)?,
        subjects: json_list(&r.get::<_, String>(11)?),
        subject_dob: r.get(12)?,
        shared_with: json_list(&r.get::<_, String>(13)?),
        source: Provenance {
            file: info.map(|s| s.file.clone()).unwrap_or_default(),
            sheet: info.and_then(|s| s.sheet.clone()),
            row: r.get::<_, i64>(15)?.max(0) as usize,
        },
        original,
    })
}

/// A record as the timeline index reads it: no text, only where it stands.
#[derive(Clone, Debug)]
pub struct WindowRow {
    /// The record.
    pub id: i64,
    /// Its agency.
    pub agency_id: i64,
    /// Start of the span its date denotes (UTC seconds).
    pub lo: i64,
    /// End of that span (exclusive).
    pub hi: i64,
    /// instant, day, month or year.
    pub precision: String,
    /// exact, approx, before, after or between.
    pub qualifier: String,
    /// The agency's event type.
    pub event_type: Option<String>,
}

impl Review {
    /// Calls `each` for every record's place on the timeline, read from the
    /// `records_window` index alone: every column asked for is in it (the id
    /// is its rowid), so no page of the records themselves is read.
    pub fn for_each_window_row(&self, mut each: impl FnMut(WindowRow)) -> Result<()> {
        let mut stmt = self.conn().prepare(
            "SELECT id, agency_id, lo, hi, precision, qualifier, event_type
             FROM records INDEXED BY records_window",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            each(WindowRow {
                id: r.get(0)?,
                agency_id: r.get(1)?,
                lo: r.get(2)?,
                hi: r.get(3)?,
                precision: r.get(4)?,
                qualifier: r.get(5)?,
                event_type: r.get(6)?,
            });
        }
        Ok(())
    }

    /// A short label for each record: its event type, or the start of its
    /// text, at most `chars` characters.
    pub fn record_labels(&self, ids: &[i64], chars: usize) -> Result<HashMap<i64, String>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT coalesce(nullif(trim(event_type), ''), substr(text, 1, ?2)) FROM records WHERE id = ?1",
        )?;
        let mut out = HashMap::with_capacity(ids.len());
        for &id in ids {
            let mut rows = stmt.query(rusqlite::params![id, chars as i64])?;
            if let Some(r) = rows.next()? {
                let label: String = r.get(0)?;
                let label: String = label.split_whitespace().collect::<Vec<_>>().join(" ");
                out.insert(id, label.chars().take(chars).collect());
            }
        }
        Ok(out)
    }
}
