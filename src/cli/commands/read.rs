//! Commands that read what the review holds and what the analysis found:
//! records, timeline, one record, subjects, knowledge, flags.

use std::io::{self, Write};

use sightline::store::RecordFilter;
use sightline::{timeline, Error, Result};

use crate::args::*;
use crate::open;
use crate::output::*;

/// `sightline records`.
pub(crate) fn records(args: RecordsArgs) -> Result<()> {
    let RecordsArgs {
        review,
        agency,
        json,
    } = args;
    let session = open(&review)?;
    let review = session.review();
    let filter = RecordFilter { agency };
    let mut out = io::BufWriter::new(io::stdout().lock());
    let w = |e: io::Error| Error::io("stdout", e);
    if json {
        out.write_all(b"[").map_err(w)?;
        let mut first = true;
        review.for_each_record(&filter, |r| {
            if !first {
                out.write_all(b",").map_err(w)?;
            }
            first = false;
            out.write_all(b"\n  ").map_err(w)?;
            serde_json::to_writer(&mut out, &r)
                .map_err(|e| Error::Invalid(format!("writing JSON: {e}")))
        })?;
        out.write_all(b"\n]\n").map_err(w)?;
    } else {
        review.for_each_record(&filter, |r| {
            let text: String = r.text.chars().take(100).collect();
            let line = format!(
                "{:>6}  {:<25}  {:<28}  {}",
                r.id,
                r.when.canonical(),
                r.agency,
                text.replace('\n', " ")
            );
            writeln!(out, "{}", crate::output::clean(&line)).map_err(w)
        })?;
    }
    out.flush().map_err(w)
}

/// `sightline timeline`.
pub(crate) fn timeline(args: TimelineArgs) -> Result<()> {
    let TimelineArgs {
        review,
        gap_days,
        json,
    } = args;
    let session = open(&review)?;
    let mut records = session
        .review()
        .records_without_cells(&RecordFilter::default())?;
    let opts = timeline::TimelineOptions {
        gap_days,
        ..Default::default()
    };
    let t = timeline::build(&mut records, &opts);
    let event_of: std::collections::HashMap<i64, usize> = t
        .events
        .iter()
        .flat_map(|e| e.records.iter().map(move |r| (*r, e.id)))
        .collect();
    if json {
        print_json(&TimelineJson {
            entries: Entries {
                records: &records,
                event_of: &event_of,
            },
            gaps: &t.gaps,
            events: &t.events,
        })?;
    } else {
        let mut gaps = t.gaps.iter().peekable();
        let mut out = io::BufWriter::new(io::stdout().lock());
        let w = |e: io::Error| Error::io("stdout", e);
        for r in &records {
            if let Some(g) = gaps.peek() {
                if g.before_record == r.id {
                    writeln!(
                        out,
                        "        ---- {} days with no agency contact ({} to {}) ----",
                        g.days, g.from, g.to
                    )
                    .map_err(w)?;
                    gaps.next();
                }
            }
            let event = event_of.get(&r.id);
            let text: String = r.text.chars().take(90).collect();
            let line = format!(
                "{:>6}  {:<26} {:<32} {}{}",
                r.id,
                sightline::when::uk_text(&r.when),
                r.agency,
                event.map(|e| format!("[event {e}] ")).unwrap_or_default(),
                text.replace('\n', " ")
            );
            writeln!(out, "{}", crate::output::clean(&line)).map_err(w)?;
        }
        out.flush().map_err(w)?;
    }
    Ok(())
}

/// `sightline record`.
pub(crate) fn record(args: RecordArgs) -> Result<()> {
    let RecordArgs { review, id } = args;
    let mut session = open(&review)?;
    let analysed = session.analysed()?;
    let a = &analysed.analysis;
    let p = *a
        .position
        .get(&id)
        .ok_or_else(|| Error::Invalid(format!("no record {id}")))?;
    let subjects: Vec<&str> = a.record_subjects[p]
        .iter()
        .map(|s| a.subject_label(*s))
        .collect();
    // The analysis reads records without their original cells.
    let whole = session.review().records_by_id(&[id])?;
    print_json(&serde_json::json!({
        "record": whole.first().unwrap_or(&a.records[p]),
        "subjects": subjects,
        "facts": a.facts[p],
        "event": a.timeline.events.iter().find(|e| e.records.contains(&id)).map(|e| e.id),
    }))
}

/// `sightline facts`.
pub(crate) fn facts(args: FactsArgs) -> Result<()> {
    let FactsArgs {
        review,
        record,
        json,
    } = args;
    let mut session = open(&review)?;
    let reading = session.reading(record)?;
    if json {
        return print_json(&reading);
    }
    let whole = session.review().records_by_id(&[record])?;
    if let Some(r) = whole.first() {
        say!(
            "Record {}: {}, {}",
            r.id,
            clean(&r.agency),
            sightline::when::uk_text(&r.when)
        );
        say!("  {}", clean(&r.text.replace('\n', " ")));
        if let Some(o) = &r.outcome {
            say!("  Outcome: {}", clean(&o.replace('\n', " ")));
        }
    }
    say!("");
    if reading.facts.is_empty() {
        say!("Nothing was read in this record.");
    }
    for line in &reading.facts {
        let mark = match (line.read, line.now) {
            (true, true) => "read   ",
            (true, false) => "removed",
            (false, true) => "added  ",
            (false, false) => "removed",
        };
        let words: Vec<String> = line
            .words
            .iter()
            .filter(|w| !w.text.is_empty())
            .map(|w| format!("\"{}\"", clean(&w.text)))
            .collect();
        let mut text = format!("  {mark}  {}", clean(&line.label));
        if !words.is_empty() {
            text.push_str(&format!("  ← {}", words.join(", ")));
        }
        if let Some(c) = line.correction {
            text.push_str(&format!("  [correction {c}]"));
        }
        say!("{text}");
    }
    if !reading.corrections.is_empty() {
        say!("");
        say!("Corrections (undo one with `sightline fact undo REVIEW N`):");
        for c in &reading.corrections {
            let x = &c.correction;
            let mut text = format!(
                "  {:>4}  {}  by {} at {}",
                x.id,
                clean(&x.describe()),
                clean(&x.by),
                x.at
            );
            if !x.reason.is_empty() {
                text.push_str(&format!(" — {}", clean(&x.reason)));
            }
            if let Some(problem) = &c.problem {
                text.push_str(&format!("  (not applied: {})", clean(problem)));
            }
            say!("{text}");
        }
    }
    Ok(())
}

/// `sightline subjects`.
pub(crate) fn subjects(args: SubjectsArgs) -> Result<()> {
    let SubjectsArgs { review, json } = args;
    let analysed = open(&review)?.analysed()?;
    let a = &analysed.analysis;
    let rows: Vec<serde_json::Value> = a
        .subjects
        .subjects
        .iter()
        .map(|s| {
            let records = a
                .record_subjects
                .iter()
                .filter(|l| l.contains(&(s.id as i64)))
                .count();
            serde_json::json!({
                "id": s.id,
                "label": s.label,
                "role": s.role,
                "names": s.names.iter().map(|n| n.text.clone()).collect::<Vec<_>>(),
                "variants": s.names,
                "dob": s.dob,
                "records": records,
            })
        })
        .collect();
    if json {
        print_json(&rows)?;
    } else {
        for s in &a.subjects.subjects {
            let names: Vec<&str> = s.names.iter().map(|n| n.text.as_str()).collect();
            say!(
                "{:<24} {:<12} {:<12} {}",
                s.label,
                s.role.as_str(),
                s.dob.as_deref().unwrap_or("-"),
                names.join(", ")
            );
        }
    }
    Ok(())
}

/// `sightline knowledge`.
pub(crate) fn knowledge(args: KnowledgeArgs) -> Result<()> {
    let KnowledgeArgs {
        review,
        as_at,
        possible,
        by_concern,
        json,
    } = args;
    let mut session = open(&review)?;
    let t = as_at
        .map(|d| {
            sightline::when::parse_when(&d, None)
                .map(|w| w.bounds().1)
                .map_err(|e| Error::Invalid(format!("--as-at: {e}")))
        })
        .transpose()?;
    let analysed = session.analysed()?;
    let a = &analysed.analysis;
    let rows = if by_concern {
        a.concern_rows(t)
    } else if possible {
        a.knowledge_rows_with_possible(t)
    } else {
        a.knowledge_rows(t)
    };
    if json {
        print_json(&rows)?;
    } else {
        for r in &rows {
            let via = match r.via.as_i64() {
                Some(id) => format!("via record {id}"),
                None => "own record".to_string(),
            };
            let via = if r.certain {
                via
            } else {
                format!("possibly, {via}")
            };
            let what = match &r.concern {
                Some(c) => format!(
                    "{} (record {}, {} {})",
                    r.indicator, c.record, c.agency, c.recorded
                ),
                None => r.indicator.clone(),
            };
            say!(
                "{:<32} {:<10} {:<28} {:<26} {}",
                r.agency,
                r.subject,
                what,
                r.first_known,
                via
            );
        }
    }
    Ok(())
}

/// `sightline flags`.
pub(crate) fn flags(args: FlagsArgs) -> Result<()> {
    let FlagsArgs { review, json } = args;
    let analysed = open(&review)?.analysed()?;
    let flags = &analysed.flags;
    if json {
        print_json(&flags)?;
    } else {
        for f in flags {
            say!(
                "{}  {:<28} {:<9} {:<6} {:<26} {}{}",
                f.id,
                f.rule,
                f.status.as_str(),
                format!("{:?}", f.severity).to_lowercase(),
                f.at,
                f.agency,
                if f.raised { "" } else { " (no longer raised)" }
            );
            say!("    {}", f.explanation);
        }
        say!("{} flags", flags.len());
    }
    Ok(())
}
