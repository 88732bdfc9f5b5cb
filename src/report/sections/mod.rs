//! The review report: the sections a review panel reads,
//! built on the [`super::layout`] engine.
//!
//! [`export_pdf`] takes an analysis of the review, writes every section into a
//! [`Document`] and renders it. When the options carry a redactor, every
//! string that reaches the PDF (text, table cells, drawing labels, headings,
//! the document's metadata) passes through it once the document is built,
//! so nothing can slip past it.

mod appendix;
mod chart;
mod chronology;
mod episodes;
mod findings;
mod format;
#[cfg(test)]
mod tests;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use chrono_tz::Europe::London;
use sha2::{Digest, Sha256};

use super::layout::{
    Align, Block, Colour, Column, Document, Drawing, Metadata, PlacedHeading, Shape, Table,
    TextStyle, DEFAULT_MARKING,
};
use crate::analysis::Analysis;
use crate::flags::{Flag, Severity};
use crate::model::Record;
use crate::store::{RejectedRow, SourceInfo, Summary};
use crate::when::Qualifier;
use crate::{Error, Result, Review};
use format::{
    excerpt, kind_words, position, rule_name, severity_colour, severity_tint, severity_word,
    short_names, source_ref, uk, uk_iso,
};

/// The level-1 headings of the report, in order (the contents page lists
/// them; the contents page's own title is not listed).
pub const SECTION_HEADINGS: [&str; 7] = [
    "About this report",
    "Sources",
    "Agency involvement",
    "Flags",
    "Who knew what, when",
    "Merged chronology",
    "Appendix",
];

/// A function that takes any text bound for the PDF and returns it with
/// names replaced by codes.
pub type Redactor = Box<dyn Fn(&str) -> String>;

/// How the report is produced.
pub struct ReportOptions {
    /// The protective marking in every header and footer.
    pub marking: String,
    /// When set, every string written into the PDF passes through it.
    pub redact: Option<Redactor>,
    /// Print the reviewer's notes under their records in the chronology.
    pub notes: bool,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            marking: DEFAULT_MARKING.to_string(),
            redact: None,
            notes: false,
        }
    }
}

impl std::fmt::Debug for ReportOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReportOptions")
            .field("marking", &self.marking)
            .field("redact", &self.redact.is_some())
            .field("notes", &self.notes)
            .finish()
    }
}

/// How far the export has got: the stage, and the fraction done (0–1).
#[derive(Clone, Debug, PartialEq)]
pub struct ReportProgress {
    /// What is being done ("Merged chronology").
    pub stage: String,
    /// The fraction of the whole export done, from 0 to 1.
    pub fraction: f32,
}

/// A rendered report.
#[derive(Clone, Debug)]
pub struct RenderedReport {
    /// The PDF file's bytes.
    pub bytes: Vec<u8>,
    /// SHA-256 of the bytes, in hex.
    pub sha256: String,
    /// How many pages it has.
    pub page_count: usize,
    /// Every heading with its page.
    pub headings: Vec<PlacedHeading>,
    /// True when the text was passed through a redactor.
    pub anonymised: bool,
}

/// Writes the review report as a PDF from an analysis of the review,
/// reporting progress at each section and every 500 chronology rows. Only
/// the rules run again (to quote record text redacted when anonymising);
/// the analysis is used as it is.
pub fn export_pdf(
    review: &Review,
    a: &Analysis,
    opts: &ReportOptions,
    progress: &mut dyn FnMut(ReportProgress),
) -> Result<RenderedReport> {
    let mut report = |stage: &str, fraction: f32| {
        progress(ReportProgress {
            stage: stage.to_string(),
            fraction: fraction.clamp(0.0, 1.0),
        })
    };
    report("Raising the flags", 0.0);
    let flags = crate::flags::for_review_redacted(review, a, opts.redact.as_deref())?;
    let episodes = review
        .episodes()?
        .into_iter()
        .map(|e| {
            let records = crate::filter::episode_records(a, &e);
            let raised = crate::filter::episode_flags(&flags, &records);
            (e, records, raised)
        })
        .collect();
    let ctx = Ctx {
        summary: review.summary()?,
        sources: review.sources()?,
        rejected: review.rejected_rows()?,
        rules_toml: crate::flags::Rules::text_of_review(review)?,
        file_name: review
            .path()
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        flag_no: flags
            .iter()
            .enumerate()
            .map(|(i, f)| (f.id.clone(), i + 1))
            .collect(),
        short: short_names(&a.agencies),
        flags,
        a,
        opts,
        created: Utc::now(),
        episodes,
        findings: review.findings()?,
        notes: if opts.notes {
            let mut by_record: HashMap<i64, Vec<crate::store::RecordNote>> = HashMap::new();
            for n in review.record_notes()? {
                by_record.entry(n.record).or_default().push(n);
            }
            by_record
        } else {
            HashMap::new()
        },
    };

    let marking = if opts.marking.trim().is_empty() {
        DEFAULT_MARKING.to_string()
    } else {
        opts.marking.trim().to_string()
    };
    let mut doc = Document::new(Metadata {
        title: ctx.summary.title.clone(),
        subject: "Child safeguarding practice review: merged multi-agency chronology, flags \
                  and who knew what, when"
            .to_string(),
        author: format!("Sightline {}", crate::VERSION),
        created: ctx.created,
    });
    doc.set_marking(marking.clone());
    doc.set_running_title(running_title(&ctx.summary.title));

    report("Cover", 0.05);
    cover(&mut doc, &ctx, &marking);
    doc.page_break();
    doc.contents("Contents");
    report("Sources", 0.1);
    sources(&mut doc, &ctx);
    report("Agency involvement", 0.15);
    doc.page_break();
    chart::section(&mut doc, &ctx);
    report("Flags", 0.2);
    doc.page_break();
    findings::flags(&mut doc, &ctx);
    if !ctx.episodes.is_empty() {
        report("Key practice episodes", 0.3);
        doc.page_break();
        episodes::section(&mut doc, &ctx);
    }
    if !ctx.findings.is_empty() {
        report("The panel's findings", 0.32);
        doc.page_break();
        episodes::findings(&mut doc, &ctx);
    }
    report("Who knew what, when", 0.35);
    doc.page_break();
    findings::knowledge(&mut doc, &ctx);
    report("Merged chronology", 0.45);
    doc.page_break();
    chronology::section(&mut doc, &ctx, &mut |done, total| {
        let f = if total == 0 {
            1.0
        } else {
            done as f32 / total as f32
        };
        report("Merged chronology", 0.45 + 0.3 * f);
    });
    report("Appendix", 0.75);
    doc.page_break();
    appendix::section(&mut doc, &ctx);

    if let Some(redact) = &opts.redact {
        redact_document(&mut doc, redact.as_ref());
    }
    report("Typesetting", 0.8);
    let pdf = doc
        .render()
        .map_err(|e| Error::Invalid(format!("the report could not be written: {e}")))?;
    let sha256 = hex::encode(Sha256::digest(&pdf.bytes));
    report("Done", 1.0);
    Ok(RenderedReport {
        bytes: pdf.bytes,
        sha256,
        page_count: pdf.page_count,
        headings: pdf.headings,
        anonymised: opts.redact.is_some(),
    })
}

/// What every section reads.
pub(crate) struct Ctx<'a> {
    pub(crate) a: &'a Analysis,
    pub(crate) flags: Vec<Flag>,
    /// Flag id → its number in the report (F1, F2, …).
    pub(crate) flag_no: HashMap<String, usize>,
    pub(crate) summary: Summary,
    pub(crate) sources: Vec<SourceInfo>,
    pub(crate) rejected: Vec<RejectedRow>,
    pub(crate) rules_toml: String,
    pub(crate) file_name: String,
    /// Agency name → a short name for narrow columns ("CSC").
    pub(crate) short: HashMap<String, String>,
    pub(crate) opts: &'a ReportOptions,
    pub(crate) created: DateTime<Utc>,
    /// The reviewer's notes by record, when the report carries them.
    pub(crate) notes: HashMap<i64, Vec<crate::store::RecordNote>>,
    /// The panel's key practice episodes, each with its records and flags.
    pub(crate) episodes: Vec<(crate::store::Episode, Vec<i64>, Vec<String>)>,
    /// The panel's findings.
    pub(crate) findings: Vec<crate::store::Finding>,
}

impl Ctx<'_> {
    /// The text as it will appear in the PDF (for text this module measures
    /// or cuts itself; everything is redacted again once the document is
    /// built, which changes nothing already redacted).
    pub(crate) fn t(&self, s: &str) -> String {
        match &self.opts.redact {
            Some(f) => f(s),
            None => s.to_string(),
        }
    }

    /// The flag's label in the report: "F12".
    pub(crate) fn flag_label(&self, f: &Flag) -> String {
        format!("F{}", self.flag_no.get(&f.id).copied().unwrap_or(0))
    }

    /// The agency's short name.
    pub(crate) fn short_name<'s>(&'s self, name: &'s str) -> &'s str {
        self.short.get(name).map(String::as_str).unwrap_or(name)
    }

    /// True when the report is anonymised.
    pub(crate) fn anonymised(&self) -> bool {
        self.opts.redact.is_some()
    }
}

/// Passes every string of the document through `redact`.
fn redact_document(doc: &mut Document, redact: &dyn Fn(&str) -> String) {
    doc.meta.title = redact(&doc.meta.title);
    doc.meta.subject = redact(&doc.meta.subject);
    doc.meta.author = redact(&doc.meta.author);
    doc.marking = redact(&doc.marking);
    if let Some(t) = &doc.running_title {
        doc.running_title = Some(redact(t));
    }
    for block in &mut doc.blocks {
        match block {
            Block::Heading { text, .. }
            | Block::Paragraph { text, .. }
            | Block::Contents { title: text } => *text = redact(text),
            Block::KeyValues(pairs) => {
                for (k, v) in pairs {
                    *k = redact(k);
                    *v = redact(v);
                }
            }
            Block::Table(table) => {
                for c in &mut table.columns {
                    c.title = redact(&c.title);
                }
                for row in &mut table.rows {
                    for cell in &mut row.cells {
                        *cell = redact(cell);
                    }
                }
            }
            Block::Drawing(drawing) => {
                for shape in &mut drawing.shapes {
                    if let Shape::Text { text, .. } = shape {
                        *text = redact(text);
                    }
                }
            }
            Block::Space(_) | Block::PageBreak => {}
        }
    }
}

/// The footer's title: the review's title, shortened to fit beside the
/// marking and the page number.
fn running_title(title: &str) -> String {
    let t = title.split_whitespace().collect::<Vec<_>>().join(" ");
    // "Harwick Child Safeguarding Practice Review: Child A (…)" → the part
    // before the colon, when the whole would not fit.
    let t = match t.split_once(':') {
        Some((head, _)) if t.chars().count() > 55 && head.chars().count() >= 12 => {
            head.trim().to_string()
        }
        _ => t,
    };
    if t.chars().count() <= 70 {
        t
    } else {
        let cut: String = t.chars().take(67).collect();
        format!("{}…", cut.trim_end())
    }
}

/// The cover: title band, who it is for, what it holds, how to handle it.
fn cover(doc: &mut Document, ctx: &Ctx<'_>, marking: &str) {
    let w = doc.content_width();
    let pad = 22.0;
    let title = ctx.t(&ctx.summary.title);
    let lines = super::layout::wrap_text(&title, 21.0, true, w - 2.0 * pad);
    let title_h = lines.len() as f32 * 27.0;
    let h = 112.0 + title_h;
    let mut d = Drawing::new(w, h);
    d.fill_rect(0.0, 0.0, w, h, Colour::ACCENT);
    d.fill_rect(0.0, h - 5.0, w, 5.0, Colour::rgb8(0xc0, 0x39, 0x2b));
    let pale = Colour::rgb8(0xc9, 0xd6, 0xe6);
    d.bold_text(
        pad,
        34.0,
        "CHILD SAFEGUARDING PRACTICE REVIEW",
        8.5,
        pale,
        Align::Left,
    );
    d.text(w - pad, 34.0, marking, 8.5, pale, Align::Right);
    for (i, line) in lines.iter().enumerate() {
        d.bold_text(
            pad,
            66.0 + i as f32 * 27.0,
            line.clone(),
            21.0,
            Colour::WHITE,
            Align::Left,
        );
    }
    d.text(
        pad,
        66.0 + title_h + 10.0,
        "Merged multi-agency chronology, flags, and who knew what, when",
        10.5,
        pale,
        Align::Left,
    );
    doc.space(mm_pt(18.0));
    doc.drawing(d);
    doc.space(18.0);
    doc.styled_paragraph(
        "Prepared for the safeguarding partnership's review panel",
        TextStyle::body().size(12.0).bold().colour(Colour::ACCENT),
    );
    doc.space(6.0);
    doc.heading(1, SECTION_HEADINGS[0]);

    let s = &ctx.summary;
    // Open-ended dates ("before 01/01/2021") do not set the period.
    let times: Vec<i64> = ctx
        .a
        .records
        .iter()
        .filter(|r| !matches!(r.when.qualifier, Qualifier::Before | Qualifier::After))
        .filter_map(position)
        .collect();
    let day = |t: Option<&i64>| {
        t.and_then(|t| DateTime::from_timestamp(*t, 0))
            .map(|d| d.with_timezone(&London).format("%d/%m/%Y").to_string())
    };
    let period = match (day(times.iter().min()), day(times.iter().max())) {
        (Some(f), Some(l)) => format!("{f} to {l}"),
        _ => "no dated records".to_string(),
    };
    let (mut high, mut medium, mut low, mut accepted, mut dismissed) = (0, 0, 0, 0, 0);
    for f in &ctx.flags {
        match f.severity {
            Severity::High => high += 1,
            Severity::Medium => medium += 1,
            Severity::Low => low += 1,
        }
        match f.status {
            crate::flags::Status::Accepted => accepted += 1,
            crate::flags::Status::Dismissed => dismissed += 1,
            crate::flags::Status::Open => {}
        }
    }
    let children: Vec<String> = ctx
        .a
        .children()
        .into_iter()
        .map(|c| ctx.a.subject_label(c).to_string())
        .collect();
    let generated = ctx
        .created
        .with_timezone(&London)
        .format("%d/%m/%Y at %H:%M")
        .to_string();
    let mut pairs: Vec<(String, String)> = vec![
        ("Protective marking".into(), marking.to_string()),
        ("Generated".into(), generated),
        ("Period of the records".into(), period),
        (
            "Agencies".into(),
            format!(
                "{} agencies, {} source files",
                s.agencies.len(),
                ctx.sources.len()
            ),
        ),
        (
            "Records".into(),
            format!(
                "{} records merged; {} rows rejected at import",
                s.records, s.rejected
            ),
        ),
    ];
    if !children.is_empty() {
        pairs.push(("Children".into(), children.join(", ")));
    }
    pairs.push((
        "Flags".into(),
        format!(
            "{} flags: {high} high, {medium} medium, {low} low severity; \
             {accepted} accepted and {dismissed} dismissed by the reviewer",
            ctx.flags.len()
        ),
    ));
    let gaps = match ctx.a.timeline.gaps.len() {
        0 => "no period".to_string(),
        1 => "one period".to_string(),
        n => format!("{n} periods"),
    };
    pairs.push((
        "Timeline".into(),
        format!(
            "{} events recorded by more than one agency; {gaps} of more than {} days with \
             no agency contact",
            ctx.a.timeline.events.len(),
            crate::timeline::TimelineOptions::default().gap_days
        ),
    ));
    pairs.push((
        "Names".into(),
        if ctx.anonymised() {
            "Anonymised: people are referred to by their codes (\u{201c}Child A\u{201d}, \
             \u{201c}Mother\u{201d}) throughout"
                .to_string()
        } else {
            "Not anonymised: this report names the children, their family and \
             professionals"
                .to_string()
        },
    ));
    if !ctx.anonymised() {
        pairs.push(("Review file".into(), ctx.file_name.clone()));
    }
    pairs.push((
        "Produced by".into(),
        format!("Sightline {}", crate::VERSION),
    ));
    doc.key_values(&pairs);
    doc.space(6.0);
    doc.styled_paragraph(
        format!(
            "Handling: this report is marked {marking}. It holds personal information about \
             children and their families, gathered for a child safeguarding practice review. \
             Share it only with members of the review panel and those the partnership \
             authorises; keep it on secure systems and do not forward it."
        ),
        TextStyle::small().size(8.0),
    );
    doc.styled_paragraph(
        "The flags in this report are evidence for the panel to weigh, not findings. Each \
         says what was recorded, by whom and when, and what another agency held at the \
         time; none says that anyone failed. See \u{201c}A note on hindsight\u{201d} in the \
         appendix.",
        TextStyle::small().size(8.0),
    );
}

/// Millimetres in points.
fn mm_pt(v: f32) -> f32 {
    super::layout::mm(v)
}

/// The Sources section: every file, its fingerprint and what was read.
fn sources(doc: &mut Document, ctx: &Ctx<'_>) {
    doc.heading(1, SECTION_HEADINGS[1]);
    doc.paragraph(format!(
        "The review holds {} files from {} agencies. Each file is kept in the review \
         exactly as it was received; its SHA-256 fingerprint below lets anyone check that \
         the copy they hold is the one analysed (sightline verify checks every file \
         against it). Dates are those of the records each file holds.",
        ctx.sources.len(),
        ctx.summary.agencies.len()
    ));
    // Date range per source, from its records.
    let mut range: HashMap<i64, (&Record, &Record)> = HashMap::new();
    for r in &ctx.a.records {
        let Some(t) = position(r) else { continue };
        let e = range.entry(r.source_id).or_insert((r, r));
        if position(e.0).is_none_or(|p| t < p) {
            e.0 = r;
        }
        if position(e.1).is_none_or(|p| t > p) {
            e.1 = r;
        }
    }
    let mut t = Table::new(vec![
        Column::new("Agency", 21.0),
        Column::new("File", 27.0),
        Column::new("Read", 8.0).align(Align::Right),
        Column::new("Imported", 11.5).align(Align::Right),
        Column::new("Rejected", 11.5).align(Align::Right),
        Column::new("Records dated", 21.0),
    ]);
    for s in &ctx.sources {
        let agency = match (&s.agency, &s.kind) {
            (Some(a), Some(k)) => format!("{a}\n{}", kind_words(k)),
            (Some(a), None) => a.clone(),
            _ => "Several agencies".to_string(),
        };
        let mut file = s.file_name.clone();
        if let Some(sheet) = s.sheet.as_deref().filter(|x| !x.is_empty()) {
            file.push_str(&format!(" (sheet {sheet})"));
        }
        file.push_str(&format!(
            "\nSHA-256 {}…",
            s.sha256.get(..12).unwrap_or(&s.sha256)
        ));
        let dated = match range.get(&s.id) {
            Some((f, l)) => format!("{}\nto {}", uk(f), uk(l)),
            None => "no records".to_string(),
        };
        t.row([
            agency,
            file,
            s.rows_read.to_string(),
            s.imported.to_string(),
            s.rejected.to_string(),
            dated,
        ]);
    }
    doc.table(t);
    doc.heading(2, "File fingerprints (SHA-256)");
    let mut f = Table::new(vec![
        Column::new("File", 30.0),
        Column::new("SHA-256", 70.0),
    ]);
    f.size = 6.8;
    for s in &ctx.sources {
        f.row([
            format!("{} ({} bytes)", s.file_name, s.size),
            s.sha256.clone(),
        ]);
    }
    doc.table(f);
}

/// A redactor that replaces every subject's names and every name in the
/// review's glossary with its code, for `export --anonymise`.
pub fn anonymising_redactor(review: &Review, a: &Analysis) -> Result<Redactor> {
    let anonymiser = crate::anonymise::anonymiser_for(review, a)?;
    Ok(Box::new(move |s: &str| anonymiser.apply(s)))
}

/// Writes a rendered report beside `path`, ready to be renamed into place
/// once its export is audited ([`crate::files::Staged::publish`]), so a
/// failed write never leaves half a PDF and an unaudited one never appears.
/// Refuses to replace a file at `path` that is not a PDF (such as the
/// review itself).
pub fn stage_pdf(path: &std::path::Path, report: &RenderedReport) -> Result<crate::files::Staged> {
    refuse_to_replace_other_than_pdf(path)?;
    let staged = crate::files::Staged::beside(path)?;
    staged.write_all(&report.bytes)?;
    Ok(staged)
}

/// An export may replace an earlier report, never anything else: a file
/// already at `path` must be a PDF.
fn refuse_to_replace_other_than_pdf(path: &std::path::Path) -> Result<()> {
    crate::files::refuse_to_replace(path, b"%PDF-", "a PDF")
}
