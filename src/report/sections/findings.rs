//! The Flags section and the "Who knew what, when" section.

use std::collections::{BTreeMap, HashMap};

use super::{
    excerpt, rule_name, severity_tint, severity_word, source_ref, uk, uk_iso, Ctx, SECTION_HEADINGS,
};
use crate::analysis::{AgencyInfo, KnowledgeRow};
use crate::flags::{Flag, Severity, Status};
use crate::report::layout::{text_width, Align, Column, Document, Row, Table, TextStyle};

/// The flags: a list at a glance, then each flag in full, grouped by rule.
pub(super) fn flags(doc: &mut Document, ctx: &Ctx<'_>) {
    doc.heading(1, SECTION_HEADINGS[3]);
    if ctx.flags.is_empty() {
        doc.paragraph("The rules raised no flags on these records.");
        return;
    }
    doc.paragraph(format!(
        "The rules raised {} flags. A flag marks a point where information held by one \
         agency, had it reached another, could have changed what happened. Each is \
         evidence for the panel to weigh, not a finding: it says what was recorded, by \
         whom and when, and what was held elsewhere at the time. Flags are numbered in \
         the order of the chronology; the reviewer's decisions and notes are shown where \
         made.",
        ctx.flags.len()
    ));

    doc.heading(2, "Flags at a glance");
    let mut t = Table::new(vec![
        Column::new("No.", 5.5),
        Column::new("Date", 12.0),
        Column::new("Agency", 10.0),
        Column::new("Rule", 27.0),
        Column::new("Severity", 9.5),
        Column::new("About", 25.0),
        Column::new("Status", 11.0),
    ]);
    t.size = 7.5;
    for f in &ctx.flags {
        t.row([
            ctx.flag_label(f),
            without_time(&flag_date(ctx, f)),
            ctx.short_name(&f.agency).to_string(),
            f.rule_names(),
            severity_word(f.severity).to_string(),
            f.subject.clone(),
            status_words(f),
        ]);
    }
    doc.table(t);

    // Each rule's flags, in the order the rules are listed, then any other.
    let mut order: Vec<String> = crate::flags::rules::infos()
        .map(|info| info.id.to_string())
        .collect();
    for f in &ctx.flags {
        if !order.contains(&f.rule) {
            order.push(f.rule.clone());
        }
    }
    for rule in order {
        let group: Vec<&Flag> = ctx.flags.iter().filter(|f| f.rule == rule).collect();
        if group.is_empty() {
            continue;
        }
        doc.heading(2, format!("{} ({})", rule_name(&rule), group.len()));
        if let Some(what) = crate::flags::rules::info(&rule).map(|info| info.description) {
            doc.styled_paragraph(what, TextStyle::small().size(8.0));
        }
        let (full, brief) = detail_split(&group);
        for f in &full {
            flag(doc, ctx, f);
        }
        if !brief.is_empty() {
            doc.paragraph(format!(
                "The other {} flags of this rule, each with its explanation; their held-by \
                 and evidence records are in `sightline flags REVIEW --json` and on the \
                 flags screen.",
                brief.len()
            ));
            let mut t = Table::new(vec![
                Column::new("No.", 6.0),
                Column::new("Date", 11.0),
                Column::new("Agency", 10.0),
                Column::new("About", 15.0),
                Column::new("Explanation", 58.0),
            ]);
            t.size = 7.0;
            for f in brief {
                t.row([
                    ctx.flag_label(f),
                    without_time(&flag_date(ctx, f)),
                    ctx.short_name(&f.agency).to_string(),
                    f.subject.clone(),
                    f.explanation.clone(),
                ]);
            }
            doc.table(t);
        }
    }
}

/// Flags of one rule printed in full (with held-by and evidence tables);
/// past this, the rest are listed with their explanations only.
pub(super) const FULL_FLAGS_PER_RULE: usize = 40;

/// Splits one rule's flags into those printed in full and those listed
/// briefly: the reviewer's decided or annotated flags and high-severity ones
/// first, up to [`FULL_FLAGS_PER_RULE`]; each part in the flags' own order.
fn detail_split<'f>(group: &[&'f Flag]) -> (Vec<&'f Flag>, Vec<&'f Flag>) {
    if group.len() <= FULL_FLAGS_PER_RULE {
        return (group.to_vec(), Vec::new());
    }
    let rank = |f: &Flag| {
        if f.status != Status::Open || !f.notes.is_empty() {
            0
        } else if f.severity == Severity::High {
            1
        } else {
            2
        }
    };
    let mut order: Vec<usize> = (0..group.len()).collect();
    order.sort_by_key(|&i| (rank(group[i]), i));
    let mut full: Vec<usize> = order[..FULL_FLAGS_PER_RULE].to_vec();
    full.sort_unstable();
    let mut is_full = vec![false; group.len()];
    for &i in &full {
        is_full[i] = true;
    }
    let brief = (0..group.len())
        .filter(|&i| !is_full[i])
        .map(|i| group[i])
        .collect();
    (full.into_iter().map(|i| group[i]).collect(), brief)
}

/// The flag's date in UK style: its anchor record's date as written, or
/// its own date.
fn flag_date(ctx: &Ctx<'_>, f: &Flag) -> String {
    f.evidence
        .first()
        .and_then(|id| ctx.a.record(*id))
        .map(uk)
        .unwrap_or_else(|| uk_iso(&f.at, false))
}

/// "11/12/2022 08:00" without its time of day.
fn without_time(s: &str) -> String {
    match s.rsplit_once(' ') {
        Some((day, time))
            if time.len() == 5 && time.as_bytes().get(2) == Some(&b':') && day.len() >= 10 =>
        {
            day.to_string()
        }
        _ => s.to_string(),
    }
}

fn status_words(f: &Flag) -> String {
    let s = match f.status {
        Status::Open => "Open",
        Status::Accepted => "Accepted",
        Status::Dismissed => "Dismissed",
    };
    if f.raised {
        s.to_string()
    } else {
        format!("{s} (no longer raised)")
    }
}

/// One flag in full.
fn flag(doc: &mut Document, ctx: &Ctx<'_>, f: &Flag) {
    let mut card = Table::new(vec![Column::new(
        format!("{} \u{2013} {}", ctx.flag_label(f), capitalise(&f.title)),
        1.0,
    )])
    .zebra(false);
    card.size = 8.5;
    card.push(
        Row::spanning(format!(
            "{} severity  ·  {}  ·  {}  ·  {}  ·  about {}  ·  {}  ·  {}",
            severity_word(f.severity),
            f.rule_names(),
            f.agency,
            flag_date(ctx, f),
            f.subject,
            status_words(f),
            f.id
        ))
        .fill(severity_tint(f.severity)),
    );
    card.push(Row::spanning(f.explanation.clone()));
    if let Some(reason) = f.reason.as_deref().filter(|r| !r.trim().is_empty()) {
        card.push(Row::spanning(format!(
            "Reviewer's decision: {}. Reason: {}",
            status_words(f).to_lowercase(),
            reason.trim()
        )));
    } else if f.status != Status::Open {
        card.push(Row::spanning(format!(
            "Reviewer's decision: {}.",
            status_words(f).to_lowercase()
        )));
    }
    for n in &f.notes {
        card.push(Row::spanning(format!(
            "Note by {} on {}: {}",
            n.by,
            uk_iso(&n.at, false),
            n.text
        )));
    }
    doc.table(card);

    if !f.held_by.is_empty() {
        let mut t = Table::new(vec![
            Column::new("Held by", 24.0),
            Column::new("Since", 17.0),
            Column::new("What", 21.0),
            Column::new("Shown by", 38.0),
        ]);
        t.size = 7.5;
        for h in f.held_by.iter().take(EVIDENCE_ROWS) {
            let what = ctx
                .a
                .indicator_index(&h.indicator)
                .map(|i| ctx.a.indicator_label(i).to_string())
                .unwrap_or_else(|| h.indicator.clone());
            let mut shown: Vec<String> = h
                .records
                .iter()
                .take(EVIDENCE_ROWS)
                .map(|id| match ctx.a.record(*id) {
                    Some(r) => source_ref(r),
                    None => format!("record {id}"),
                })
                .collect();
            if h.records.len() > EVIDENCE_ROWS {
                shown.push(format!("and {} more", h.records.len() - EVIDENCE_ROWS));
            }
            t.row([
                h.agency.clone(),
                uk_iso(&h.since, false),
                what,
                shown.join("; "),
            ]);
        }
        doc.table(t);
    }

    let mut t = Table::new(vec![
        Column::new("Evidence", 15.0),
        Column::new("Agency", 17.0),
        Column::new("Record", 46.0),
        Column::new("Source", 22.0),
    ]);
    t.size = 7.5;
    for id in f.evidence.iter().take(EVIDENCE_ROWS) {
        match ctx.a.record(*id) {
            Some(r) => {
                t.row([
                    uk(r),
                    r.agency.clone(),
                    excerpt(&r.text, 320),
                    source_ref(r),
                ]);
            }
            None => {
                t.row([
                    String::new(),
                    String::new(),
                    format!("Record {id} is no longer in the review."),
                    String::new(),
                ]);
            }
        }
    }
    if f.evidence.len() > EVIDENCE_ROWS {
        t.push(Row::spanning(format!(
            "and {} more records (all in `sightline flags REVIEW --json`).",
            f.evidence.len() - EVIDENCE_ROWS
        )));
    }
    if !t.rows.is_empty() {
        doc.table(t);
    }
    doc.space(10.0);
}

/// Evidence records printed under one flag.
const EVIDENCE_ROWS: usize = 25;

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// The knowledge matrix at the end of the chronology, and a snapshot of
/// what each agency knew at each flag.
pub(super) fn knowledge(doc: &mut Document, ctx: &Ctx<'_>) {
    doc.heading(1, SECTION_HEADINGS[4]);
    doc.paragraph(
        "What each agency certainly knew, and from when: an agency knows an indicator \
         from the first record it made of it, or from the first record of it reaching the \
         agency from another. Information recorded on the same day without times, where \
         the order cannot be told, is not counted as known; where that is all there is, \
         the matrix gives the date it could first have been known, followed by a question \
         mark.",
    );
    let agencies: Vec<&AgencyInfo> = ctx.a.agencies.iter().collect();
    let size = matrix_size(doc, ctx, &agencies);
    doc.heading(2, "The knowledge matrix at the end of the chronology");
    let rows = ctx.a.knowledge_rows_with_possible(None);
    if rows.is_empty() {
        doc.paragraph("No indicators were found in the records.");
    } else {
        let t = matrix(
            ctx,
            &rows,
            &agencies,
            None,
            ("About".to_string(), "Indicator".to_string()),
            size,
        );
        doc.table(t);
    }
    let key: Vec<String> = agencies
        .iter()
        .map(|a| format!("{} = {}", ctx.short_name(&a.name), a.name))
        .collect();
    doc.styled_paragraph(
        format!(
            "Dates are when the agency first certainly knew (dd/mm/yy); * marks an agency \
             that recorded it first-hand, others learned it from another agency; ? marks a \
             date from which it only possibly knew; – means not known. Agencies: {}.",
            key.join("; ")
        ),
        TextStyle::small(),
    );

    doc.heading(2, "What each agency knew at each flag");
    doc.paragraph(
        "For each flag, the same matrix for the people the flag is about, as it stood at \
         the time of the flagged record: the picture then, not as it looks now. The \
         column of the agency the flag concerns is the one to read against the others.",
    );
    let shown = snapshot_flags(&ctx.flags);
    if shown.len() < ctx.flags.len() {
        doc.paragraph(format!(
            "With {} flags, snapshots are given for {} of them: every high-severity flag              first, then the others in chronology order, up to {SNAPSHOT_LIMIT}. The picture              at any other flag's date is given by `sightline knowledge REVIEW --as-at DATE`.",
            ctx.flags.len(),
            shown.len()
        ));
    }
    for f in shown {
        snapshot(doc, ctx, f, &agencies, size);
    }
}

/// The most knowledge snapshots one report prints; a review with more flags
/// gets the high-severity ones first.
pub(super) const SNAPSHOT_LIMIT: usize = 100;

/// The flags that get a knowledge snapshot, in the flags' own order.
fn snapshot_flags(flags: &[Flag]) -> Vec<&Flag> {
    if flags.len() <= SNAPSHOT_LIMIT {
        return flags.iter().collect();
    }
    let mut chosen: Vec<usize> = (0..flags.len())
        .filter(|&i| flags[i].severity == Severity::High)
        .take(SNAPSHOT_LIMIT)
        .collect();
    let more = SNAPSHOT_LIMIT - chosen.len();
    chosen.extend(
        (0..flags.len())
            .filter(|&i| flags[i].severity != Severity::High)
            .take(more),
    );
    chosen.sort_unstable();
    chosen.into_iter().map(|i| &flags[i]).collect()
}

/// The largest text size, up to 7 pt, at which a date and every agency's
/// short name fit one agency column of the matrix.
fn matrix_size(doc: &Document, ctx: &Ctx<'_>, agencies: &[&AgencyInfo]) -> f32 {
    let share = AGENCY_SHARE / agencies.len().max(1) as f32;
    let inner = doc.content_width() * share / 100.0 - 9.0;
    let mut size: f32 = 7.0;
    while size > 5.0
        && (["00/00/00*", "00/00/00?"]
            .iter()
            .any(|d| text_width(d, size, false) > inner)
            || agencies
                .iter()
                .any(|a| text_width(ctx.short_name(&a.name), size, true) > inner))
    {
        size -= 0.25;
    }
    size
}

/// The share of the matrix's width given to the agency columns.
const AGENCY_SHARE: f32 = 72.0;

/// A matrix of (person, indicator) by agency, each cell the date the agency
/// first knew; rows only for the people in `about` when given.
fn matrix(
    ctx: &Ctx<'_>,
    rows: &[KnowledgeRow],
    agencies: &[&AgencyInfo],
    about: Option<&[&str]>,
    titles: (String, String),
    size: f32,
) -> Table {
    let order: HashMap<&str, usize> = ctx
        .a
        .subjects
        .subjects
        .iter()
        .map(|s| (s.label.as_str(), s.id))
        .collect();
    // Per agency: first known, first-hand, certain.
    type Cells = HashMap<String, (String, bool, bool)>;
    let mut cells: BTreeMap<(usize, String, String), (String, Cells)> = BTreeMap::new();
    for r in rows {
        if about.is_some_and(|a| !a.contains(&r.subject.as_str())) {
            continue;
        }
        let key = (
            order.get(r.subject.as_str()).copied().unwrap_or(usize::MAX),
            r.subject.clone(),
            r.indicator_label.clone(),
        );
        let entry = cells.entry(key).or_default();
        if entry.0.is_empty() || r.first_known < entry.0 {
            entry.0 = r.first_known.clone();
        }
        // What an agency certainly knew stands before what it only possibly
        // knew (rows come certain first).
        entry.1.entry(r.agency.clone()).or_insert((
            r.first_known.clone(),
            r.via == serde_json::json!("own"),
            r.certain,
        ));
    }
    let mut cols = vec![Column::new(titles.0, 9.0), Column::new(titles.1, 19.0)];
    let share = AGENCY_SHARE / agencies.len().max(1) as f32;
    for a in agencies {
        cols.push(Column::new(ctx.short_name(&a.name), share).align(Align::Centre));
    }
    let mut t = Table::new(cols);
    t.size = size;
    // Within a person, indicators in the order they first became known.
    let mut entries: Vec<_> = cells.into_iter().collect();
    entries.sort_by(|a, b| (a.0 .0, &a.1 .0).cmp(&(b.0 .0, &b.1 .0)));
    for ((_, subject, label), (_, known)) in entries {
        let mut row = vec![subject, label];
        for a in agencies {
            row.push(match known.get(&a.name) {
                Some((iso, own, certain)) => format!(
                    "{}{}{}",
                    uk_iso(iso, true),
                    if *own { "*" } else { "" },
                    if *certain { "" } else { "?" }
                ),
                None => "–".to_string(),
            });
        }
        t.row(row);
    }
    t
}

/// What each agency knew about the flag's people as at the flag's time.
fn snapshot(doc: &mut Document, ctx: &Ctx<'_>, f: &Flag, agencies: &[&AgencyInfo], size: f32) {
    let at = f.evidence.first().and_then(|id| ctx.a.record(*id));
    let t = at.map(|r| r.when.bounds().0).or_else(|| {
        chrono::DateTime::parse_from_rfc3339(&f.at)
            .ok()
            .map(|d| d.timestamp())
    });
    let Some(t) = t else { return };
    // A flag may be about several people ("Child A and Mother").
    let about: Vec<&str> = f
        .subject
        .split(", ")
        .flat_map(|p| p.split(" and "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let when = at.map(uk).unwrap_or_else(|| uk_iso(&f.at, false));
    let ids: Vec<i64> = ctx
        .a
        .subjects
        .subjects
        .iter()
        .filter(|s| about.contains(&s.label.as_str()))
        .map(|s| s.id as i64)
        .collect();
    let rows = ctx.a.knowledge_rows_about(Some(t), &ids);
    let mut table = matrix(
        ctx,
        &rows,
        agencies,
        Some(&about),
        (
            ctx.flag_label(f),
            format!("as at {when} ({})", ctx.short_name(&f.agency)),
        ),
        size,
    );
    if table.rows.is_empty() {
        table.push(Row::spanning(format!(
            "No agency certainly knew of any indicator about {} by then.",
            f.subject
        )));
    }
    doc.table(table);
    doc.space(6.0);
}
