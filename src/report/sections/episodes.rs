//! The panel's work: its key practice episodes (for each, what happened,
//! the panel's analysis and learning, its records as a short chronology,
//! and the flags raised on them with the panel's decisions) and its
//! findings, each with the episodes and flags it rests on. Each section
//! only when there is anything in it.

use super::{excerpt, uk, Ctx};
use crate::report::layout::{Column, Document, Row, Table};

/// The section's heading (it is in the report only when there are
/// episodes, so it is not among the fixed section headings).
pub const EPISODES_HEADING: &str = "Key practice episodes";

/// The findings section's heading.
pub const FINDINGS_HEADING: &str = "The panel's findings";

/// A flag as a finding or an episode cites it: its number in the report,
/// its title and the panel's decision on it.
fn cited_flag(ctx: &Ctx<'_>, f: &crate::flags::Flag) -> String {
    let n = ctx.flag_no.get(&f.id).copied().unwrap_or(0);
    let decision = match f.status {
        crate::flags::Status::Open => "not yet decided".to_string(),
        s => match f.reason.as_deref().filter(|r| !r.trim().is_empty()) {
            Some(why) => format!("{}: {}", s.as_str(), why.trim()),
            None => s.as_str().to_string(),
        },
    };
    format!("F{n} {} ({decision})", f.title)
}

/// The findings: each with the panel's words and what it rests on.
pub(super) fn findings(doc: &mut Document, ctx: &Ctx<'_>) {
    if ctx.findings.is_empty() {
        return;
    }
    doc.heading(1, FINDINGS_HEADING);
    doc.paragraph(
        "The panel's findings, in its own words, each with the key practice episodes and \
         the flags it rests on.",
    );
    for (i, finding) in ctx.findings.iter().enumerate() {
        doc.heading(2, format!("Finding {}: {}", i + 1, finding.title));
        if !finding.text.trim().is_empty() {
            doc.paragraph(finding.text.trim());
        }
        let mut parts: Vec<(&str, String)> = Vec::new();
        let episodes: Vec<String> = finding
            .episodes
            .iter()
            .filter_map(|id| ctx.episodes.iter().find(|(e, _, _)| e.id == *id))
            .map(|(e, _, _)| {
                format!(
                    "{} ({} to {})",
                    e.title,
                    e.starts.format("%d/%m/%Y"),
                    e.ends.format("%d/%m/%Y")
                )
            })
            .collect();
        if !episodes.is_empty() {
            parts.push(("Episodes", episodes.join("\n")));
        }
        let flags: Vec<String> = finding
            .flags
            .iter()
            .filter_map(|id| {
                ctx.flags
                    .iter()
                    .find(|f| f.id == *id || f.also.iter().any(|r| r.id == *id))
            })
            .map(|f| cited_flag(ctx, f))
            .collect();
        if !flags.is_empty() {
            parts.push(("Flags", flags.join("\n")));
        }
        if !parts.is_empty() {
            doc.key_values(&parts);
        }
    }
}

/// The section.
pub(super) fn section(doc: &mut Document, ctx: &Ctx<'_>) {
    if ctx.episodes.is_empty() {
        return;
    }
    doc.heading(1, EPISODES_HEADING);
    doc.paragraph(
        "The episodes the panel chose for analysis: for each, what happened, the panel's \
         analysis of why, the learning, the records of its period (of the agencies involved, \
         where the panel named them) and the flags raised on those records with the panel's \
         decision on each.",
    );
    for (e, records, flags) in &ctx.episodes {
        doc.heading(
            2,
            format!(
                "{} ({} to {})",
                e.title,
                e.starts.format("%d/%m/%Y"),
                e.ends.format("%d/%m/%Y")
            ),
        );
        let mut parts: Vec<(&str, String)> = Vec::new();
        parts.push((
            "Agencies",
            if e.agencies.is_empty() {
                "All agencies".to_string()
            } else {
                e.agencies.join(", ")
            },
        ));
        for (key, text) in [
            ("What happened", &e.summary),
            ("Analysis", &e.analysis),
            ("Learning", &e.learning),
        ] {
            if !text.trim().is_empty() {
                parts.push((key, text.trim().to_string()));
            }
        }
        doc.key_values(&parts);
        if records.is_empty() {
            doc.paragraph("No record falls in this episode.");
        } else {
            let mut t = Table::new(vec![
                Column::new("Date", 16.0),
                Column::new("Agency", 22.0),
                Column::new("What happened", 62.0),
            ]);
            t.size = 7.6;
            for id in records {
                if let Some(r) = ctx.a.record(*id) {
                    t.push(Row::new([uk(r), r.agency.clone(), excerpt(&r.text, 300)]));
                }
            }
            doc.table(t);
        }
        if flags.is_empty() {
            doc.paragraph("No flag was raised on these records.");
        } else {
            let lines: Vec<String> = flags
                .iter()
                .filter_map(|id| ctx.flags.iter().find(|f| &f.id == id))
                .map(|f| cited_flag(ctx, f))
                .collect();
            doc.key_values(&[("Flags", lines.join("\n"))]);
        }
    }
}
