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

/// The columns' widths in the Word table, in twentieths of a point (the
/// landscape A4 page's 14,000 between margins): a date and a time in 8-point
/// type fit on one line.
const DOCX_TWIPS: [u32; 8] = [1150, 750, 1900, 4000, 2100, 1500, 1300, 1300];

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

/// The rows of the working papers, one per record in timeline order, each
/// cell as it is written (passed through the redactor when anonymising).
pub fn rows(review: &Review, a: &Analysis, redact: Option<&Redactor>) -> Result<Vec<[String; 8]>> {
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
    let mut out = Vec::with_capacity(a.records.len());
    for r in &a.records {
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
        out.push([
            cell(&date),
            cell(&time),
            cell(&agency),
            cell(&event),
            cell(r.outcome.as_deref().unwrap_or_default()),
            cell(&r.source.describe()),
            cell(
                &flags_of
                    .get(&r.id)
                    .map(|v| v.join("; "))
                    .unwrap_or_default(),
            ),
            cell(
                &notes_of
                    .get(&r.id)
                    .map(|v| v.join("\n"))
                    .unwrap_or_default(),
            ),
        ]);
    }
    Ok(out)
}

/// The merged chronology of `a` as an XLSX workbook: one row per record in
/// timeline order, with the numbers of the flags citing it (as the report
/// numbers them) and the reviewers' notes on it.
pub fn chronology_xlsx(review: &Review, a: &Analysis, redact: Option<&Redactor>) -> Result<Papers> {
    let rows = rows(review, a, redact)?;
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
    for (k, values) in rows.iter().enumerate() {
        let row = u32::try_from(k + 1)
            .map_err(|_| Error::Invalid("too many records for a spreadsheet".into()))?;
        for (c, v) in values.iter().enumerate() {
            sheet
                .write_string_with_format(row, c as u16, v, &wrap)
                .map_err(x)?;
        }
        // Spreadsheets do not all grow a row to its wrapped text: give each
        // row the height of its tallest cell.
        sheet.set_row_height(row, row_height(values)).map_err(x)?;
    }
    let last = u32::try_from(rows.len()).unwrap_or(u32::MAX);
    sheet.set_freeze_panes(1, 0).map_err(x)?;
    // Printed: landscape A4, one page wide, the headings on every page.
    sheet.set_landscape();
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 0).map_err(x)?;
    sheet
        .autofilter(0, 0, last.max(1), (COLUMNS.len() - 1) as u16)
        .map_err(x)?;
    let bytes = book.save_to_buffer().map_err(x)?;
    Ok(Papers {
        bytes,
        rows: rows.len(),
        anonymised: redact.is_some(),
    })
}

/// The height in points of a row holding `values` in [`COLUMNS`], wrapped
/// (a line of the default 11-point type is 15 points; Excel allows 409).
fn row_height(values: &[String]) -> f64 {
    let lines = values
        .iter()
        .zip(COLUMNS)
        .map(|(v, (_, width))| {
            v.split('\n')
                .map(|line| {
                    (line.chars().count() as f64 / (width * 1.05))
                        .ceil()
                        .max(1.0)
                })
                .sum::<f64>()
        })
        .fold(1.0, f64::max);
    (lines * 15.0).min(409.0)
}

/// The merged chronology of `a` as a Word document: a title, then one
/// table in the same columns as the workbook, its header row repeated on
/// every page, landscape A4.
pub fn chronology_docx(review: &Review, a: &Analysis, redact: Option<&Redactor>) -> Result<Papers> {
    use std::io::Write;
    let rows = rows(review, a, redact)?;
    let title = {
        let t = review.title()?;
        match redact {
            Some(f) => f(&t),
            None => t,
        }
    };
    let mut body = String::new();
    body.push_str(&para(&format!("{title}: merged chronology"), true));
    body.push_str("<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblBorders>");
    for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
        body.push_str(&format!(
            "<w:{side} w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"999999\"/>"
        ));
    }
    body.push_str("</w:tblBorders><w:tblLayout w:type=\"fixed\"/></w:tblPr><w:tblGrid>");
    for w in DOCX_TWIPS {
        body.push_str(&format!("<w:gridCol w:w=\"{w}\"/>"));
    }
    body.push_str("</w:tblGrid>");
    body.push_str("<w:tr><w:trPr><w:tblHeader/></w:trPr>");
    for ((name, _), w) in COLUMNS.iter().zip(DOCX_TWIPS) {
        body.push_str(&cell_xml(name, w, true));
    }
    body.push_str("</w:tr>");
    for r in &rows {
        body.push_str("<w:tr>");
        for (v, w) in r.iter().zip(DOCX_TWIPS) {
            body.push_str(&cell_xml(v, w, false));
        }
        body.push_str("</w:tr>");
    }
    body.push_str("</w:tbl>");
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
         <w:body>{body}<w:sectPr><w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\"/>\
         <w:pgMar w:top=\"1000\" w:right=\"1000\" w:bottom=\"1000\" w:left=\"1000\" w:header=\"500\" w:footer=\"500\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>"
    );
    let parts: [(&str, &str); 3] = [
        (
            "[Content_Types].xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
             <Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
             <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
             <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
             <Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
             </Types>",
        ),
        (
            "_rels/.rels",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
             <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
             <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
             </Relationships>",
        ),
        ("word/document.xml", &document),
    ];
    let io =
        |e: std::io::Error| Error::Invalid(format!("the working papers could not be written: {e}"));
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in parts {
        zip.start_file(name, options)
            .map_err(|e| Error::Invalid(format!("the working papers could not be written: {e}")))?;
        zip.write_all(text.as_bytes()).map_err(io)?;
    }
    let bytes = zip
        .finish()
        .map_err(|e| Error::Invalid(format!("the working papers could not be written: {e}")))?
        .into_inner();
    Ok(Papers {
        bytes,
        rows: rows.len(),
        anonymised: redact.is_some(),
    })
}

/// A paragraph of text (bold for the title).
fn para(text: &str, bold: bool) -> String {
    let b = if bold { "<w:rPr><w:b/></w:rPr>" } else { "" };
    format!(
        "<w:p><w:r>{b}<w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
        escape(text)
    )
}

/// A table cell `width` twips wide: one paragraph per line of its text,
/// 8-point type.
fn cell_xml(text: &str, width: u32, bold: bool) -> String {
    let b = if bold { "<w:b/>" } else { "" };
    let mut out = format!("<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/></w:tcPr>");
    for line in text.split('\n') {
        out.push_str(&format!(
            "<w:p><w:r><w:rPr>{b}<w:sz w:val=\"16\"/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
            escape(line)
        ));
    }
    out.push_str("</w:tc>");
    out
}

/// Text made safe for XML: the five special characters escaped, and
/// characters XML 1.0 cannot hold left out.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push(' '),
            c if (c as u32) < 0x20 => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}
