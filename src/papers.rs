//! Working papers: the merged chronology as a spreadsheet, in the column
//! layout review panels circulate (date, time, agency, event, outcome,
//! source, flags, reviewer's notes), for the panel to sort, filter and
//! annotate alongside the PDF. Anonymised through the same redactor as the
//! report when asked; every cell is written as text, never as a formula.

use std::collections::HashMap;

use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};

use crate::analysis::Analysis;
use crate::report::Redactor;
use crate::store::Review;
use crate::{Error, Result};

/// The columns, with their widths in characters.
pub const COLUMNS: [(&str, f64); 8] = [
    ("Date", 12.0),
    ("Time", 7.0),
    ("Agency", 26.0),
    ("Event", 70.0),
    ("Outcome", 40.0),
    ("Source", 30.0),
    ("Flags", 28.0),
    ("Reviewer's notes", 40.0),
];

/// The most characters a spreadsheet cell holds (Excel's limit).
const MAX_CELL_CHARS: usize = 32_000;

/// What a working-papers export wrote.
#[derive(Clone, Debug)]
pub struct Papers {
    /// The workbook's bytes.
    pub bytes: Vec<u8>,
    /// How many records (rows below the header).
    pub rows: usize,
    /// True when every cell passed through the redactor.
    pub anonymised: bool,
}

/// The merged chronology of `a` as an XLSX workbook: one row per record in
/// timeline order, with the numbers of the flags citing it (as the report
/// numbers them) and the reviewers' notes on it.
pub fn chronology_xlsx(review: &Review, a: &Analysis, redact: Option<&Redactor>) -> Result<Papers> {
    let flags = crate::flags::for_review_redacted(review, a, redact.map(|r| r.as_ref()))?;
    let mut flags_of: HashMap<i64, Vec<String>> = HashMap::new();
    for (n, f) in flags.iter().enumerate() {
        for id in &f.evidence {
            flags_of
                .entry(*id)
                .or_default()
                .push(format!("F{} {}", n + 1, f.rule));
        }
    }
    let mut notes_of: HashMap<i64, Vec<String>> = HashMap::new();
    for n in review.record_notes()? {
        notes_of.entry(n.record).or_default().push(format!(
            "{} ({}): {}",
            n.text,
            n.by,
            n.at.get(..10).unwrap_or(&n.at)
        ));
    }
    let cell = |s: &str| -> String {
        let s = match redact {
            Some(f) => f(s),
            None => s.to_string(),
        };
        if s.chars().count() > MAX_CELL_CHARS {
            let cut: String = s.chars().take(MAX_CELL_CHARS).collect();
            format!("{cut} … [cut: the full text is in the review]")
        } else {
            s
        }
    };
    let x = |e: XlsxError| Error::Invalid(format!("the working papers could not be written: {e}"));

    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Chronology").map_err(x)?;
    let head = Format::new()
        .set_bold()
        .set_background_color("#DCE6F0")
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    for (c, (name, width)) in COLUMNS.iter().enumerate() {
        let c = c as u16;
        sheet.set_column_width(c, *width).map_err(x)?;
        sheet
            .write_string_with_format(0, c, *name, &head)
            .map_err(x)?;
    }
    for (k, r) in a.records.iter().enumerate() {
        let row = u32::try_from(k + 1)
            .map_err(|_| Error::Invalid("too many records for a spreadsheet".into()))?;
        let written = crate::when::uk_text(&r.when);
        let (date, time) = match written.rsplit_once(' ') {
            Some((d, t)) if t.len() == 5 && t.as_bytes()[2] == b':' => {
                (d.to_string(), t.to_string())
            }
            _ => (written.clone(), String::new()),
        };
        let event = match r
            .event_type
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            Some(t) => format!("{t}: {}", r.text.trim()),
            None => r.text.trim().to_string(),
        };
        let mut agency = r.agency.clone();
        if let Some(by) = r.author.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            agency.push_str(&format!(" ({by})"));
        }
        let values = [
            date,
            time,
            agency,
            event,
            r.outcome.clone().unwrap_or_default(),
            r.source.describe(),
            flags_of
                .get(&r.id)
                .map(|v| v.join("; "))
                .unwrap_or_default(),
            notes_of
                .get(&r.id)
                .map(|v| v.join("\n"))
                .unwrap_or_default(),
        ];
        for (c, v) in values.iter().enumerate() {
            sheet
                .write_string_with_format(row, c as u16, cell(v), &wrap)
                .map_err(x)?;
        }
    }
    let last = u32::try_from(a.records.len()).unwrap_or(u32::MAX);
    sheet.set_freeze_panes(1, 0).map_err(x)?;
    sheet
        .autofilter(0, 0, last.max(1), (COLUMNS.len() - 1) as u16)
        .map_err(x)?;
    let bytes = book.save_to_buffer().map_err(x)?;
    Ok(Papers {
        bytes,
        rows: a.records.len(),
        anonymised: redact.is_some(),
    })
}
