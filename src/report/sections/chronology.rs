//! The merged chronology: every record in timeline order, with periods of
//! no agency contact and linked events marked.

use std::collections::HashMap;

use chrono::Datelike;
use chrono_tz::Europe::London;

use super::{position, source_ref, uk, uk_iso, Ctx, SECTION_HEADINGS};
use crate::report::layout::{Colour, Column, Document, Row, Table};

/// Rows between progress reports.
const PROGRESS_EVERY: usize = 500;

fn table() -> Table {
    let mut t = Table::new(vec![
        Column::new("Date", 13.0),
        Column::new("Agency", 17.0),
        Column::new("What happened", 46.0),
        Column::new("Source", 24.0),
    ]);
    t.size = 7.6;
    t
}

/// The section; `progress(done, total)` is called every 500 rows.
pub(super) fn section(doc: &mut Document, ctx: &Ctx<'_>, progress: &mut dyn FnMut(usize, usize)) {
    doc.heading(1, SECTION_HEADINGS[5]);
    let gap_days = crate::timeline::TimelineOptions::default().gap_days;
    doc.paragraph(format!(
        "Every record of every agency in one timeline, dates as written. Records are \
         ordered by the span of time their date can denote; records of the same time \
         keep each agency's own order. Periods of more than {gap_days} days in which no \
         agency recorded contact are shown as shaded rows. Records that describe the \
         same event are marked \u{201c}Linked event\u{201d} with the other records of it. \
         The source column gives the file, sheet and row each record came from."
    ));

    // Linked events by record.
    let mut event_of: HashMap<i64, usize> = HashMap::new();
    for (k, e) in ctx.a.timeline.events.iter().enumerate() {
        for id in &e.records {
            event_of.insert(*id, k);
        }
    }
    // Gaps by the record after them.
    let gaps: HashMap<i64, &crate::timeline::Gap> = ctx
        .a
        .timeline
        .gaps
        .iter()
        .map(|g| (g.before_record, g))
        .collect();

    let total = ctx.a.records.len();
    let mut current: Option<(i32, Table)> = None;
    for (i, r) in ctx.a.records.iter().enumerate() {
        if i > 0 && i % PROGRESS_EVERY == 0 {
            progress(i, total);
        }
        let year = position(r)
            .and_then(|t| chrono::DateTime::from_timestamp(t, 0))
            .map(|d| d.with_timezone(&London).year());
        // A new year starts a new subsection (undated records stay where
        // they fall).
        if let Some(y) = year {
            if current.as_ref().is_none_or(|(cy, _)| *cy != y) {
                if let Some((_, t)) = current.take() {
                    doc.table(t);
                }
                doc.heading(2, y.to_string());
                current = Some((y, table()));
            }
        }
        let (_, t) = current.get_or_insert_with(|| (year.unwrap_or(0), table()));
        if let Some(g) = gaps.get(&r.id) {
            t.push(
                Row::spanning(format!(
                    "No agency contact for {} days, from {} to {}",
                    g.days,
                    uk_iso(&g.from, false),
                    uk_iso(&g.to, false)
                ))
                .fill(Colour::rgb8(0xfb, 0xf1, 0xdc)),
            );
        }
        let mut what = r.text.trim().to_string();
        if let Some(o) = r
            .outcome
            .as_deref()
            .map(str::trim)
            .filter(|o| !o.is_empty())
        {
            what.push_str(&format!("\nOutcome: {o}"));
        }
        for n in ctx.notes.get(&r.id).into_iter().flatten() {
            what.push_str(&format!(
                "\nReviewer's note ({}, {}): {}",
                n.by,
                uk_iso(n.at.get(..10).unwrap_or(&n.at), false),
                n.text
            ));
        }
        if let Some(k) = event_of.get(&r.id) {
            if let Some(e) = ctx.a.timeline.events.get(*k) {
                let others: Vec<String> = e
                    .records
                    .iter()
                    .filter(|id| **id != r.id)
                    .filter_map(|id| ctx.a.record(*id))
                    .map(|o| format!("{} ({})", ctx.short_name(&o.agency), uk(o)))
                    .collect();
                what.push_str(&format!(
                    "\nLinked event {}: also recorded by {}",
                    e.id,
                    others.join(", ")
                ));
            }
        }
        let mut agency = r.agency.clone();
        if let Some(a) = r.author.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
            agency.push_str(&format!("\n{a}"));
        }
        // The file on its own line when a sheet follows, so that a long
        // file name is never broken before its comma.
        let mut source = match r.source.sheet.as_deref().filter(|x| !x.is_empty()) {
            Some(_) => source_ref(r).replacen(", sheet ", ",\nsheet ", 1),
            None => source_ref(r),
        };
        if let Some(rf) = r
            .reference
            .as_deref()
            .map(str::trim)
            .filter(|x| !x.is_empty())
        {
            source.push_str(&format!("\nRef. {rf}"));
        }
        let mut row = Row::new([uk(r), agency, what, source]);
        if event_of.contains_key(&r.id) {
            row = row.fill(Colour::rgb8(0xea, 0xf1, 0xf8));
        }
        t.push(row);
    }
    if let Some((_, t)) = current.take() {
        doc.table(t);
    }
    progress(total, total);
}
