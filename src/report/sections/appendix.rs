//! The appendix: data quality, glossary, rules and thresholds, and a note
//! on hindsight.

use super::{excerpt, source_ref, uk, Ctx, SECTION_HEADINGS};
use crate::flags::rules;
use crate::report::layout::{Column, Document, Table, TextStyle};
use crate::when::{Precision, Qualifier};

/// Abbreviations that agencies' chronologies commonly use.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("A&E / ED", "Accident and emergency / emergency department"),
    ("BBR", "Building Better Relationships (a probation programme for domestic abuse perpetrators)"),
    ("CIN", "Child in need (Children Act 1989, section 17)"),
    ("CP", "Child protection"),
    ("CSC", "Children's social care"),
    ("CSPR", "Child safeguarding practice review"),
    ("DA", "Domestic abuse"),
    ("DASH", "Domestic abuse, stalking and harassment risk checklist"),
    ("DSL", "Designated safeguarding lead (in a school)"),
    ("EDD", "Expected date of delivery"),
    ("GP", "General practitioner"),
    ("HV", "Health visitor / health visiting"),
    ("ICPC", "Initial child protection conference"),
    ("MARAC", "Multi-agency risk assessment conference"),
    ("MASH", "Multi-agency safeguarding hub"),
    ("NAI", "Non-accidental injury"),
    ("NFA", "No further action"),
    ("PPN", "Public protection notice (a police notification to partner agencies)"),
    ("RCPC", "Review child protection conference"),
    ("s47", "Enquiries under section 47 of the Children Act 1989"),
    ("Op Encompass", "Operation Encompass: police tell a child's school of a domestic abuse incident before the next school day"),
];

/// The section.
pub(super) fn section(doc: &mut Document, ctx: &Ctx<'_>) {
    doc.heading(1, SECTION_HEADINGS[6]);
    data_quality(doc, ctx);
    glossary(doc, ctx);
    rules(doc, ctx);
    hindsight(doc);
}

fn data_quality(doc: &mut Document, ctx: &Ctx<'_>) {
    doc.heading(2, "Data quality");
    let imprecise: Vec<(&crate::model::Record, String)> = ctx
        .a
        .records
        .iter()
        .filter_map(|r| {
            let mut why = Vec::new();
            match r.when.qualifier {
                Qualifier::Exact => {}
                Qualifier::Approx => why.push("approximate"),
                Qualifier::Before => why.push("only a latest date"),
                Qualifier::After => why.push("only an earliest date"),
                Qualifier::Between => why.push("a range of dates"),
            }
            match r.when.precision() {
                Precision::Month => why.push("month only"),
                Precision::Year => why.push("year only"),
                Precision::Day | Precision::Instant => {}
            }
            if r.when.ambiguous {
                why.push("day and month could be read either way");
            }
            (!why.is_empty()).then(|| (r, why.join("; ")))
        })
        .collect();
    doc.paragraph(format!(
        "Of {} records, {} have a date that is approximate, qualified or known only to \
         the month or year. They are placed in the chronology by the span of time they \
         can denote, and no flag treats them as more precise than written.",
        ctx.a.records.len(),
        imprecise.len()
    ));
    if !imprecise.is_empty() {
        let mut t = Table::new(vec![
            Column::new("Date as written", 20.0),
            Column::new("Agency", 20.0),
            Column::new("Why", 25.0),
            Column::new("Source", 35.0),
        ]);
        t.size = 7.5;
        for (r, why) in imprecise {
            t.row([uk(r), r.agency.clone(), why, source_ref(r)]);
        }
        doc.table(t);
    }

    if ctx.rejected.is_empty() {
        doc.paragraph("No rows were rejected at import: every row of every file is a record.");
    } else {
        doc.paragraph(format!(
            "{} rows were rejected at import (imported with --skip-bad-rows) and are not \
             in the chronology:",
            ctx.rejected.len()
        ));
        let mut t = Table::new(vec![
            Column::new("File", 25.0),
            Column::new("Row", 8.0),
            Column::new("Column", 15.0),
            Column::new("Value", 20.0),
            Column::new("Why", 32.0),
        ]);
        t.size = 7.5;
        for j in &ctx.rejected {
            let file = match j.sheet.as_deref().filter(|s| !s.is_empty()) {
                Some(s) => format!("{}, sheet {s}", j.file_name),
                None => j.file_name.clone(),
            };
            t.row([
                file,
                j.row.to_string(),
                j.column.clone().unwrap_or_default(),
                excerpt(&j.value, 80),
                j.error.clone(),
            ]);
        }
        doc.table(t);
    }

    let events = &ctx.a.timeline.events;
    if events.is_empty() {
        doc.paragraph("No records were linked as describing the same event.");
    } else {
        doc.paragraph(format!(
            "{} events are recorded by more than one agency. Their records are linked \
             (never merged: each stays in the chronology as its agency wrote it):",
            events.len()
        ));
        let mut t = Table::new(vec![
            Column::new("Event", 9.0),
            Column::new("Records", 76.0),
            Column::new("Similarity", 15.0),
        ]);
        t.size = 7.5;
        for e in events {
            let recs: Vec<String> = e
                .records
                .iter()
                .filter_map(|id| ctx.a.record(*id))
                .map(|r| {
                    format!(
                        "{} · {} · {}",
                        uk(r),
                        ctx.short_name(&r.agency),
                        source_ref(r)
                    )
                })
                .collect();
            t.row([
                e.id.to_string(),
                recs.join("\n"),
                format!("{:.0}%", e.similarity * 100.0),
            ]);
        }
        doc.table(t);
    }
}

fn glossary(doc: &mut Document, ctx: &Ctx<'_>) {
    doc.heading(2, "Glossary");
    doc.paragraph("Abbreviations used in agencies' records and in this report:");
    let mut t = Table::new(vec![
        Column::new("Term", 18.0),
        Column::new("Meaning", 82.0),
    ]);
    t.size = 7.5;
    for (k, v) in ABBREVIATIONS {
        t.row([*k, *v]);
    }
    doc.table(t);

    doc.paragraph("The indicators looked for in the records' text:");
    let mut t = Table::new(vec![
        Column::new("Indicator", 45.0),
        Column::new("Severity", 20.0),
        Column::new("Identifier", 35.0),
    ]);
    t.size = 7.5;
    for i in &ctx.a.indicators {
        let sev = match i.severity {
            crate::model::Severity::High => "Serious",
            crate::model::Severity::Medium => "Moderate",
            crate::model::Severity::Low => "Low",
        };
        let sev = if i.serious {
            format!("{sev} (suspected significant harm)")
        } else {
            sev.to_string()
        };
        t.row([i.label.clone(), sev, i.id.clone()]);
    }
    doc.table(t);

    doc.paragraph("The rules that raise flags:");
    let mut t = Table::new(vec![
        Column::new("Rule", 28.0),
        Column::new("What it looks for", 72.0),
    ]);
    t.size = 7.5;
    for info in rules::infos() {
        t.row([info.name, info.description]);
    }
    doc.table(t);
}

fn rules(doc: &mut Document, ctx: &Ctx<'_>) {
    doc.heading(2, "Rules and thresholds used");
    doc.paragraph(
        "The thresholds below are those in force in this review when the report was \
         made, each with where its figure comes from: statutory (in law or statutory \
         guidance), national guidance (Working Together to Safeguard Children 2023 or \
         other national guidance), local procedure (a figure some local safeguarding \
         partnerships use; the area's own may differ) or a Sightline default (a working \
         figure, to be changed freely). The panel can switch a rule off or change a \
         threshold and run the analysis again; decisions already taken on flags are kept. \
         The word lists and patterns each rule reads are in the review's rules file.",
    );
    let Ok(catalogue) = rules::threshold::catalogue(&ctx.rules_toml) else {
        doc.paragraph("The review's rules file could not be read.");
        return;
    };
    let mut t = Table::new(vec![
        Column::new("Rule", 24.0),
        Column::new("On", 6.0),
        Column::new("Thresholds and their basis", 44.0),
        Column::new("Severity", 26.0),
    ]);
    t.size = 7.5;
    for rule in &catalogue {
        let lines: Vec<String> = rule
            .thresholds
            .iter()
            .map(|s| {
                let changed = if s.changed() {
                    format!(" (changed for this review; default {})", s.default)
                } else {
                    String::new()
                };
                format!(
                    "{} {}{changed}. Basis: {}.",
                    s.value,
                    s.threshold.meaning,
                    s.basis_in_words()
                )
            })
            .collect();
        t.row([
            rule.name.to_string(),
            if rule.enabled { "Yes" } else { "No" }.to_string(),
            if lines.is_empty() {
                "No figure to set.".to_string()
            } else {
                lines.join("\n")
            },
            rule.severity.to_string(),
        ]);
    }
    doc.table(t);
}

fn hindsight(doc: &mut Document) {
    doc.heading(2, "A note on hindsight");
    doc.paragraph(
        "Everyone who reads this report knows how the story ends; none of the \
         practitioners in it did. This report tries to judge what was known as it was \
         known then. The knowledge tables show what each agency held at the time, not \
         what was recorded somewhere in the end, and a record counts as known to an \
         agency only from the moment it was made or reached that agency.",
    );
    doc.paragraph(
        "A flag is evidence, not a verdict. It marks a point where information held by \
         one agency, had it reached another, might have changed what happened. It does \
         not say that anyone failed, that the outcome could have been foreseen, or that \
         another decision would have been taken. Records are the agencies' own and are \
         incomplete: what was done but not written down does not appear. The panel \
         should weigh each flag with the practitioners' own accounts of the pressures, \
         workloads and information they had at the time.",
    );
    doc.styled_paragraph(
        "Sightline finds patterns in records by rules; it does not read them as a \
         person would. Every flag should be checked against the records cited.",
        TextStyle::small().size(8.0),
    );
}
