//! The file layouts agencies send, and writing a generated chronology in
//! them: CSV with varied headers, delimiters and date styles, XLSX, a Word
//! table, and Sightline's interchange JSON.

use std::io::Write;
use std::path::Path;

use chrono::{Datelike, NaiveDate, NaiveTime};

use super::families::{Agency, Family};
use super::records::{routine, Body, Row};
use super::{write_json_file, OFFICE_MAX_ROWS};
use crate::model::AgencyKind;
use crate::{Error, Result};

#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Layout {
    /// Comma; police vocabulary; dd/mm/yyyy and a time column.
    CsvPolice,
    /// Semicolon; GP vocabulary; 07-Jan-2021; no time.
    CsvGp,
    /// Tab; social care vocabulary; ISO dates and a time column.
    CsvTab,
    /// Comma; date and time in one `Date/Time` cell.
    CsvDateTime,
    Xlsx,
    Docx,
    Json,
}

impl Layout {
    pub(super) fn ext(self) -> &'static str {
        match self {
            Layout::Xlsx => "xlsx",
            Layout::Docx => "docx",
            Layout::Json => "json",
            _ => "csv",
        }
    }
    pub(super) fn describe(self) -> &'static str {
        match self {
            Layout::CsvPolice => "CSV, comma; Occurrence date (dd/mm/yyyy), Time, Subject, DOB, Details, Outcome, Notified, Officer",
            Layout::CsvGp => "CSV, semicolon, CRLF; Date (07-Jan-2021), Consultation type, Patient, Notes, Action taken, Clinician",
            Layout::CsvTab => "CSV, tab; Date of contact (ISO), Time, Contact type, Child, Description of contact, Action/outcome, Information shared with, Worker",
            Layout::CsvDateTime => "CSV, comma; Date/Time in one cell (dd/mm/yyyy hh:mm), Category, Name, Summary, Decision, Referred to, Practitioner",
            Layout::Xlsx => "XLSX, sheet Chronology; Excel date and time cells; Date, Time, Contact type, Child, DOB, Details, Outcome, Shared with, Worker",
            Layout::Docx => "DOCX table; Date (12.03.21), Contact, Child, Narrative, Action/outcome, Practitioner",
            Layout::Json => "Sightline interchange JSON; date, time, category, details, action, shared with, staff, child",
        }
    }
}

pub(super) fn layout_for(agency: &Agency, rows: usize) -> Layout {
    use AgencyKind::*;
    let office = rows <= OFFICE_MAX_ROWS;
    let alt = agency.area % 2 == 1;
    match agency.kind {
        Police => Layout::CsvPolice,
        Gp => Layout::CsvGp,
        ChildrensSocialCare if office && !alt => Layout::Xlsx,
        ChildrensSocialCare => Layout::CsvTab,
        HealthVisiting if office && !alt => Layout::Docx,
        HealthVisiting => Layout::CsvTab,
        School if office && !alt => Layout::Json,
        School => Layout::CsvDateTime,
        Hospital if office && !alt => Layout::Xlsx,
        Hospital => Layout::CsvDateTime,
        Housing => Layout::CsvDateTime,
        Probation => Layout::CsvPolice,
        _ => Layout::CsvTab,
    }
}

pub(super) struct WriteCtx<'a> {
    pub(super) agency: &'a Agency,
    pub(super) agencies: &'a [Agency],
    pub(super) families: &'a [Family],
}

/// A row's cells in words: event, text, outcome, shared with, author.
struct Cells {
    event: String,
    text: String,
    outcome: String,
    shared: String,
    author: String,
}

impl WriteCtx<'_> {
    fn family(&self, r: &Row) -> &Family {
        &self.families[r.family as usize]
    }

    fn cells(&self, r: &Row) -> Cells {
        let f = self.family(r);
        let fill = |s: &str| -> String {
            let (he, his) = if f.girl {
                ("she", "her")
            } else {
                ("he", "his")
            };
            s.replace("{C}", &f.child_first)
                .replace("{M}", &f.mother)
                .replace("{P}", &f.partner)
                .replace("{his}", his)
                .replace("{he}", he)
        };
        let author = match self.agency.kind {
            AgencyKind::Police => "PC 2107 Ellison",
            AgencyKind::ChildrensSocialCare => "SW (Assessment Team)",
            AgencyKind::School => "DSL",
            AgencyKind::HealthVisiting => "HV",
            AgencyKind::Gp => "Dr Abara",
            AgencyKind::Hospital => "ED doctor",
            AgencyKind::Probation => "PO",
            _ => "Officer",
        }
        .to_string();
        match &r.body {
            Body::Routine { concern, template } => {
                let pool = routine(self.agency.kind, *concern);
                let (event, text, outcome) = pool[*template as usize % pool.len()];
                Cells {
                    event: event.into(),
                    text: fill(text),
                    outcome: fill(outcome),
                    shared: String::new(),
                    author,
                }
            }
            Body::Planted {
                event,
                text,
                outcome,
                shared,
            } => Cells {
                event: (*event).into(),
                text: text.clone(),
                outcome: outcome.clone(),
                shared: shared
                    .map(|i| self.agencies[i].name.clone())
                    .unwrap_or_default(),
                author,
            },
        }
    }

    fn subject(&self, r: &Row) -> String {
        let f = self.family(r);
        if self.agency.kind == AgencyKind::Probation {
            f.partner.clone()
        } else {
            f.child.clone()
        }
    }
}

pub(super) fn write_csv(
    path: &Path,
    ctx: &WriteCtx<'_>,
    rows: &[Row],
    layout: Layout,
) -> Result<()> {
    let file = std::fs::File::create(path).map_err(|e| Error::io(path, e))?;
    let (delim, crlf) = match layout {
        Layout::CsvGp => (b';', true),
        Layout::CsvTab => (b'\t', false),
        _ => (b',', false),
    };
    let mut w = csv::WriterBuilder::new()
        .delimiter(delim)
        .terminator(if crlf {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        })
        .from_writer(std::io::BufWriter::with_capacity(1 << 20, file));
    let io = |e: csv::Error| Error::io(path, std::io::Error::other(e));
    let header: &[&str] = match layout {
        Layout::CsvPolice => &[
            "Occurrence date",
            "Time",
            "Occurrence ref",
            "Subject",
            "DOB",
            "Details",
            "Outcome",
            "Notified",
            "Officer",
        ],
        Layout::CsvGp => &[
            "Date",
            "Consultation type",
            "Patient",
            "Notes",
            "Action taken",
            "Clinician",
        ],
        Layout::CsvTab => &[
            "Date of contact",
            "Time",
            "Contact type",
            "Child",
            "Description of contact",
            "Action/outcome",
            "Information shared with",
            "Worker",
        ],
        _ => &[
            "Date/Time",
            "Category",
            "Name",
            "Summary",
            "Decision",
            "Referred to",
            "Practitioner",
        ],
    };
    w.write_record(header).map_err(io)?;
    let hm = |t: Option<NaiveTime>| t.map(|t| t.format("%H:%M").to_string()).unwrap_or_default();
    for (k, r) in rows.iter().enumerate() {
        let c = ctx.cells(r);
        let subject = ctx.subject(r);
        match layout {
            Layout::CsvPolice => {
                let dob = if ctx.agency.kind == AgencyKind::Probation {
                    String::new()
                } else {
                    ctx.family(r).dob.format("%d/%m/%Y").to_string()
                };
                w.write_record([
                    r.day.format("%d/%m/%Y").to_string(),
                    hm(r.time),
                    format!("OCC/{}/{:06}", r.day.format("%y"), k + 1),
                    subject,
                    dob,
                    c.text,
                    c.outcome,
                    c.shared,
                    c.author,
                ])
            }
            Layout::CsvGp => w.write_record([
                r.day.format("%d-%b-%Y").to_string(),
                c.event,
                subject,
                c.text,
                c.outcome,
                c.author,
            ]),
            Layout::CsvTab => w.write_record([
                r.day.format("%Y-%m-%d").to_string(),
                hm(r.time),
                c.event,
                subject,
                c.text,
                c.outcome,
                c.shared,
                c.author,
            ]),
            _ => w.write_record([
                match r.time {
                    Some(t) => format!("{} {}", r.day.format("%d/%m/%Y"), t.format("%H:%M")),
                    None => r.day.format("%d/%m/%Y").to_string(),
                },
                c.event,
                subject,
                c.text,
                c.outcome,
                c.shared,
                c.author,
            ]),
        }
        .map_err(io)?;
    }
    w.flush().map_err(|e| Error::io(path, e))
}

pub(super) fn write_xlsx(path: &Path, ctx: &WriteCtx<'_>, rows: &[Row]) -> Result<()> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
    let x = |e: rust_xlsxwriter::XlsxError| Error::Invalid(format!("{}: {e}", path.display()));
    let mut book = Workbook::new();
    // A fixed creation time, so the same seed gives the same bytes.
    let created = ExcelDateTime::from_ymd(2020, 1, 1).map_err(x)?;
    book.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let sheet = book.add_worksheet();
    sheet.set_name("Chronology").map_err(x)?;
    let date_fmt = Format::new().set_num_format("dd/mm/yyyy");
    let time_fmt = Format::new().set_num_format("hh:mm");
    let header = [
        "Date",
        "Time",
        "Contact type",
        "Child",
        "DOB",
        "Details",
        "Outcome",
        "Shared with",
        "Worker",
    ];
    for (col, h) in header.iter().enumerate() {
        sheet.write_string(0, col as u16, *h).map_err(x)?;
    }
    let excel_date =
        |d: NaiveDate| ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8);
    for (k, r) in rows.iter().enumerate() {
        let row = (k + 1) as u32;
        let c = ctx.cells(r);
        sheet
            .write_datetime_with_format(row, 0, &excel_date(r.day).map_err(x)?, &date_fmt)
            .map_err(x)?;
        if let Some(t) = r.time {
            let t = ExcelDateTime::from_hms(t.hour_u16(), t.minute_u8(), 0).map_err(x)?;
            sheet
                .write_datetime_with_format(row, 1, &t, &time_fmt)
                .map_err(x)?;
        }
        sheet.write_string(row, 2, &c.event).map_err(x)?;
        sheet.write_string(row, 3, ctx.subject(r)).map_err(x)?;
        sheet
            .write_datetime_with_format(
                row,
                4,
                &excel_date(ctx.family(r).dob).map_err(x)?,
                &date_fmt,
            )
            .map_err(x)?;
        sheet.write_string(row, 5, &c.text).map_err(x)?;
        sheet.write_string(row, 6, &c.outcome).map_err(x)?;
        if !c.shared.is_empty() {
            sheet.write_string(row, 7, &c.shared).map_err(x)?;
        }
        sheet.write_string(row, 8, &c.author).map_err(x)?;
    }
    book.save(path).map_err(x)
}

trait HourMinute {
    fn hour_u16(&self) -> u16;
    fn minute_u8(&self) -> u8;
}

impl HourMinute for NaiveTime {
    fn hour_u16(&self) -> u16 {
        use chrono::Timelike;
        self.hour() as u16
    }
    fn minute_u8(&self) -> u8 {
        use chrono::Timelike;
        self.minute() as u8
    }
}

fn xml_escape(s: &str) -> String {
    quick_xml::escape::escape(s).into_owned()
}

pub(super) fn write_docx(path: &Path, ctx: &WriteCtx<'_>, rows: &[Row]) -> Result<()> {
    let file = std::fs::File::create(path).map_err(|e| Error::io(path, e))?;
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
    let z = |e: zip::result::ZipError| Error::io(path, std::io::Error::other(e));
    let io = |e: std::io::Error| Error::io(path, e);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    zip.start_file("[Content_Types].xml", opts).map_err(z)?;
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#).map_err(io)?;
    zip.start_file("_rels/.rels", opts).map_err(z)?;
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#).map_err(io)?;
    zip.start_file("word/document.xml", opts).map_err(z)?;
    let para = |t: &str| {
        format!(
            "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
            xml_escape(t)
        )
    };
    let cell = |t: &str| format!("<w:tc>{}</w:tc>", para(t));
    let mut out = String::with_capacity(1 << 16);
    out.push_str(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#);
    out.push_str(&para(&format!(
        "{}: chronology of involvement",
        ctx.agency.name
    )));
    out.push_str(&para(
        "Prepared for the review panel. Entries are as recorded at the time.",
    ));
    out.push_str("<w:tbl>");
    out.push_str("<w:tr>");
    for h in [
        "Date",
        "Contact",
        "Child",
        "Narrative",
        "Action/outcome",
        "Practitioner",
    ] {
        out.push_str(&cell(h));
    }
    out.push_str("</w:tr>");
    for r in rows {
        let c = ctx.cells(r);
        out.push_str("<w:tr>");
        out.push_str(&cell(&r.day.format("%d.%m.%y").to_string()));
        out.push_str(&cell(&c.event));
        out.push_str(&cell(&ctx.subject(r)));
        out.push_str(&cell(&c.text));
        out.push_str(&cell(&c.outcome));
        out.push_str(&cell(&c.author));
        out.push_str("</w:tr>");
        if out.len() > 1 << 20 {
            zip.write_all(out.as_bytes()).map_err(io)?;
            out.clear();
        }
    }
    out.push_str("</w:tbl>");
    out.push_str(&para("End of chronology."));
    out.push_str("</w:body></w:document>");
    zip.write_all(out.as_bytes()).map_err(io)?;
    let mut inner = zip.finish().map_err(z)?;
    inner.flush().map_err(io)
}

pub(super) fn write_json(path: &Path, ctx: &WriteCtx<'_>, rows: &[Row]) -> Result<()> {
    let records: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| {
            let c = ctx.cells(r);
            serde_json::json!({
                "date": r.day.format("%d/%m/%Y").to_string(),
                "time": r.time.map(|t| t.format("%H:%M").to_string()).unwrap_or_default(),
                "category": c.event,
                "details": c.text,
                "action": c.outcome,
                "shared with": c.shared,
                "staff": c.author,
                "child": ctx.subject(r),
            })
        })
        .collect();
    let doc = serde_json::json!({
        "sightline": "interchange/1",
        "agency": { "name": ctx.agency.name, "kind": ctx.agency.kind.as_str() },
        "records": records,
    });
    write_json_file(path, &doc)
}
