//! Reading one data row of a chronology into a draft record: the date (and
//! an end date, when the file gives one), the description and the other
//! fields by their column's role, lists of names and agencies split the way
//! agencies write them, or the reason the row cannot be read.

use super::{table, ColumnRole, Mapping, RowError, MAX_CELL_BYTES};
use crate::when::{parse_when, When};

#[cfg(test)]
mod tests;

/// How much of an offending value an error quotes.
const QUOTE_CHARS: usize = 120;

/// The parsed fields of one row, ready to insert.
pub(super) struct Draft {
    pub(super) agency: Option<String>,
    pub(super) when: When,
    pub(super) text: String,
    pub(super) outcome: Option<String>,
    pub(super) event_type: Option<String>,
    pub(super) author: Option<String>,
    pub(super) reference: Option<String>,
    pub(super) sequence: Option<String>,
    pub(super) subjects: Vec<String>,
    pub(super) subject_dob: Option<String>,
    pub(super) shared_with: Vec<String>,
}

fn quote(value: &str) -> String {
    if value.chars().count() <= QUOTE_CHARS {
        value.to_string()
    } else {
        let mut s: String = value.chars().take(QUOTE_CHARS).collect();
        s.push('…');
        s
    }
}

/// Splits a list of names or agencies as agencies write them.
fn split_list(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in split_top(text, &[";", "/", "&", "+", "\n"]) {
        for piece in split_top(part, &[" and ", " AND ", " And "]) {
            // "BROOKS, Tyler" is one name written surname first; "Tyler,
            // Mia" is two.
            let surname_first = piece.split_once(',').is_some_and(|(head, _)| {
                let head = head.trim();
                head.chars().count() >= 2
                    && !head.contains(' ')
                    && head.chars().all(|c| !c.is_lowercase())
            });
            let names: Vec<&str> = if surname_first {
                vec![piece]
            } else {
                split_top(piece, &[","])
            };
            out.extend(
                names
                    .into_iter()
                    .map(without_bracketed_dates)
                    .filter(|p| !p.is_empty()),
            );
        }
    }
    out
}

/// Splits at any of `seps` outside brackets: "CSC (duty and assessment
/// team); Police (14/07/2021)" is two entries, each whole. A `/` between
/// digits is part of a date, never a separator.
fn split_top<'t>(text: &'t str, seps: &[&str]) -> Vec<&'t str> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let mut skip_to = 0;
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        if i < skip_to {
            prev = Some(c);
            continue;
        }
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth == 0 {
            let rest = &text[i..];
            if let Some(sep) = seps.iter().find(|s| rest.starts_with(**s)) {
                let date_slash = *sep == "/"
                    && prev.is_some_and(|p| p.is_ascii_digit())
                    && rest[1..].starts_with(|n: char| n.is_ascii_digit());
                if !date_slash {
                    out.push(&text[start..i]);
                    start = i + sep.len();
                    skip_to = start;
                }
            }
        }
        prev = Some(c);
    }
    out.push(&text[start..]);
    out
}

/// An entry without the dates written in brackets after it
/// ("Police CAIT (14/07/2021)" is "Police CAIT"), trimmed.
fn without_bracketed_dates(entry: &str) -> String {
    let mut s = entry.trim().to_string();
    while let Some(open) = s.rfind('(') {
        let Some(close) = s[open..].find(')').map(|c| open + c) else {
            break;
        };
        let inner = &s[open + 1..close];
        let is_date = !inner.trim().is_empty()
            && inner
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '/' | '.' | '-' | ' '))
            && inner.chars().filter(char::is_ascii_digit).count() >= 4;
        if !is_date || !s[close + 1..].trim().is_empty() {
            break;
        }
        s = s[..open].trim_end().to_string();
    }
    s
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Why a row is no chronology entry, when it is not: every cell it fills
/// holds the same text — a heading or divider merged across the table
/// ("2021", "Period 2: March – June"), or a note under it ("Exported from
/// the case system 01/06/2023 by A Cole"). Such a row is left out of the
/// records and listed, not read as an entry nor refused. A description
/// alone is an entry whose date is missing, and is refused as such.
pub(super) fn not_an_entry(row: &table::GridRow, mapping: &Mapping) -> Option<String> {
    let filled: Vec<(usize, &str)> = row
        .cells
        .iter()
        .map(|c| c.text.trim())
        .enumerate()
        .filter(|(_, t)| !t.is_empty())
        .collect();
    let &(at, first) = filled.first()?;
    if !filled.iter().all(|(_, t)| *t == first) || row.cells.iter().any(|c| c.formula.is_some()) {
        return None;
    }
    if filled.len() == 1 && mapping.column(&ColumnRole::Description) == Some(at) {
        return None;
    }
    Some(quote(first))
}

/// The date column of a row whose date cell holds only a dash ("-", "–",
/// "—"): an entry the agency gave no date.
pub(super) fn dash_for_date(row: &table::GridRow, mapping: &Mapping) -> Option<usize> {
    let c = mapping.column(&ColumnRole::Date)?;
    let text = row.cells.get(c)?.text.trim();
    (!text.is_empty()
        && text
            .chars()
            .all(|ch| matches!(ch, '-' | '–' | '—' | '‐' | '‒' | '―')))
    .then_some(c)
}

/// True for a row drawn as a rule between a text table's rows
/// ("|------|------|", "+====+====+"): every cell it fills holds only rule
/// characters.
pub(super) fn is_rule(row: &table::GridRow) -> bool {
    let mut filled = row
        .cells
        .iter()
        .map(|c| c.text.trim())
        .filter(|t| !t.is_empty())
        .peekable();
    filled.peek().is_some()
        && filled.all(|t| {
            t.chars()
                .all(|c| matches!(c, '-' | '=' | '+' | '_' | ':' | '~' | '─' | '═' | '┼' | '│'))
        })
}

/// The rows of a table drawn in plain text, whose long cells wrap onto the
/// lines below ("| 21/10/2023 | J Okoro | Mum says the bruise was |" then
/// "|            |         | from the sofa. NFA.      |"): a row with no
/// date straight after a dated row (no blank line or rule between) is the
/// same entry's continuation, each of its cells joined to the cell above by
/// a space. Rules drawn between rows are dropped. The joined row keeps the
/// first line's number.
pub(super) fn join_wrapped<'a>(rows: table::Rows<'a>, date: usize) -> table::Rows<'a> {
    let mut rows = rows.filter(|r| !r.as_ref().is_ok_and(is_rule)).peekable();
    let dated =
        move |r: &table::GridRow| r.cells.get(date).is_some_and(|c| !c.text.trim().is_empty());
    Box::new(std::iter::from_fn(move || {
        let mut row = match rows.next()? {
            Ok(r) => r,
            Err(e) => return Some(Err(e)),
        };
        if !dated(&row) {
            return Some(Ok(row));
        }
        while let Some(Ok(next)) = rows.peek() {
            if next.is_blank() || dated(next) {
                break;
            }
            let Some(Ok(next)) = rows.next() else { break };
            if row.cells.len() < next.cells.len() {
                row.cells.resize(next.cells.len(), table::Cell::text(""));
            }
            for (cell, more) in row.cells.iter_mut().zip(next.cells) {
                let more = more.text.trim();
                if more.is_empty() {
                    continue;
                }
                let kept = cell.text.trim_end().len();
                cell.text.truncate(kept);
                if !cell.text.is_empty() {
                    cell.text.push(' ');
                }
                cell.text.push_str(more);
            }
        }
        Some(Ok(row))
    }))
}

/// A time cell as the date reader should see it, and whether it was
/// marked approximate: "approx 15:00" is 15:00, approximately; a cell with no
/// digit ("night", "evening", "not known") gives no time, and the day stands
/// alone (the cell itself is kept with the record's original cells).
fn time_as_written(cell: &str) -> (&str, bool) {
    let t = cell.trim();
    if !t.chars().any(|c| c.is_ascii_digit()) {
        return ("", false);
    }
    let lower = t.to_ascii_lowercase();
    for w in [
        "approximately",
        "approx.",
        "approx",
        "about",
        "around",
        "circa",
        "c.",
        "ca.",
    ] {
        if let Some(rest) = lower.strip_prefix(w) {
            if rest.starts_with([' ', '.']) || w.ends_with('.') {
                let cut = t.len() - rest.len();
                return (t[cut..].trim_start_matches(['.', ' ']), true);
            }
        }
    }
    (t, false)
}

/// What the rows read so far wrote in the columns a cell may repeat with
/// "as above" or "ditto" (who was told, who wrote it, the outcome): such a
/// cell means the value above it. The original cells keep what was written.
#[derive(Default)]
pub(super) struct Above {
    last: Vec<Option<String>>,
}

impl Above {
    /// The value a cell of `column` stands for: the one above when it says
    /// "as above", else its own.
    fn resolve<'a>(&'a self, column: usize, text: &'a str) -> &'a str {
        if is_ditto(text) {
            if let Some(Some(above)) = self.last.get(column) {
                return above;
            }
        }
        text
    }

    /// Remembers what `row` wrote (or repeated) in the columns that may be
    /// repeated.
    pub(super) fn remember(&mut self, row: &table::GridRow, mapping: &Mapping) {
        if self.last.len() < mapping.roles.len() {
            self.last.resize(mapping.roles.len(), None);
        }
        for (i, role) in mapping.roles.iter().enumerate() {
            if !repeatable(role) {
                continue;
            }
            let Some(cell) = row.cells.get(i) else {
                continue;
            };
            let text = cell.text.trim();
            if !text.is_empty() && !is_ditto(text) {
                self.last[i] = Some(text.to_string());
            }
        }
    }
}

/// Roles whose cells may say "as above".
fn repeatable(role: &ColumnRole) -> bool {
    matches!(
        role,
        ColumnRole::SharedWith
            | ColumnRole::Author
            | ColumnRole::Subject
            | ColumnRole::EventType
            | ColumnRole::Outcome
            | ColumnRole::Detail
            | ColumnRole::Agency
            | ColumnRole::SourceRef
    )
}

/// True for a cell that only repeats the one above.
fn is_ditto(text: &str) -> bool {
    let t = text
        .trim()
        .trim_end_matches(['.', '!'])
        .trim()
        .to_lowercase();
    matches!(
        t.as_str(),
        "as above" | "ditto" | "same as above" | "as per above" | "see above" | "\"" | "〃"
    )
}

/// Reads one data row into a draft, or says what is wrong with it; cells
/// that say "as above" stand for the value in `above`.
pub(super) fn read_row(
    row: &table::GridRow,
    mapping: &Mapping,
    sheet: &Option<String>,
    above: &Above,
) -> std::result::Result<Draft, RowError> {
    let err = |column: Option<&str>, value: &str, error: String| RowError {
        sheet: sheet.clone(),
        row: row.number,
        column: column.map(str::to_string),
        value: quote(value),
        error,
    };
    let width = mapping.headers.len();
    if let Some((i, extra)) = row
        .cells
        .iter()
        .enumerate()
        .skip(width)
        .find(|(_, c)| !c.text.trim().is_empty())
    {
        return Err(err(
            Some(&format!("column {} (no header)", i + 1)),
            &extra.text,
            format!(
                "the row has {} cells but the header has {width} columns",
                row.cells.len()
            ),
        ));
    }
    for (i, cell) in row.cells.iter().enumerate().take(width) {
        let header = mapping.headers.get(i).map(String::as_str);
        if cell.text.len() > MAX_CELL_BYTES {
            return Err(err(
                header,
                &cell.text,
                format!(
                    "the cell holds {:.1} MB of text; Sightline accepts at most {} MB in one cell",
                    cell.text.len() as f64 / 1_048_576.0,
                    MAX_CELL_BYTES >> 20
                ),
            ));
        }
        if let Some(f) = &cell.formula {
            return Err(err(
                header,
                &format!("={}", f.trim_start_matches('=')),
                "the cell holds a formula, not a value; in the spreadsheet, copy the column and paste it as values, then import again".to_string(),
            ));
        }
    }
    let cell = |role: &ColumnRole| -> Option<(&str, &str)> {
        let i = mapping.column(role)?;
        let text = row.cells.get(i).map(|c| c.text.as_str()).unwrap_or("");
        let text = if repeatable(role) {
            above.resolve(i, text)
        } else {
            text
        };
        Some((mapping.headers[i].as_str(), text))
    };
    let text_of = |role: &ColumnRole| cell(role).and_then(|(_, v)| non_empty(v));

    let (date_header, date) = cell(&ColumnRole::Date).unwrap_or(("date", ""));
    if date.trim().is_empty() {
        return Err(err(
            Some(date_header),
            date,
            "the date is empty".to_string(),
        ));
    }
    let time = cell(&ColumnRole::Time).map(|(h, v)| (h, time_as_written(v)));
    let approx_time = time.is_some_and(|(_, (_, approx))| approx);
    let time = time.map(|(h, (t, _))| (h, t));
    let start = parse_when(date, time.map(|(_, v)| v)).map(|mut w| {
        if approx_time && w.qualifier == crate::when::Qualifier::Exact {
            w.qualifier = crate::when::Qualifier::Approx;
        }
        w
    });
    let start = start.map_err(|e| {
        let blame_time =
            time.is_some_and(|(_, t)| !t.trim().is_empty()) && parse_when(date, None).is_ok();
        match (blame_time, time) {
            (true, Some((h, t))) => err(Some(h), t, e.message),
            _ => err(Some(date_header), date, e.message),
        }
    })?;
    let when = match cell(&ColumnRole::EndDate).filter(|(_, v)| !v.trim().is_empty()) {
        None => start,
        Some((end_header, end_date)) => {
            let end_time = cell(&ColumnRole::EndTime).map(|(_, v)| v);
            let end = parse_when(end_date, end_time)
                .map_err(|e| err(Some(end_header), end_date, e.message))?;
            let combined = format!("between {} and {}", start.canonical(), end.canonical());
            parse_when(&combined, None).map_err(|e| err(Some(end_header), end_date, e.message))?
        }
    };

    let text = with_details(text_of(&ColumnRole::Description), mapping, row, above);
    let outcome = text_of(&ColumnRole::Outcome);
    if text.is_none() && outcome.is_none() {
        let header = cell(&ColumnRole::Description).map(|(h, _)| h);
        return Err(err(
            header,
            "",
            "the row has a date but no description of what happened".to_string(),
        ));
    }
    Ok(Draft {
        agency: text_of(&ColumnRole::Agency),
        when,
        text: text.unwrap_or_default(),
        outcome,
        event_type: text_of(&ColumnRole::EventType),
        author: text_of(&ColumnRole::Author),
        reference: text_of(&ColumnRole::SourceRef),
        sequence: text_of(&ColumnRole::Sequence),
        subjects: text_of(&ColumnRole::Subject)
            .map(|s| split_list(&s))
            .unwrap_or_default(),
        subject_dob: text_of(&ColumnRole::SubjectDob),
        shared_with: text_of(&ColumnRole::SharedWith)
            .map(|s| split_list(&s))
            .unwrap_or_default(),
    })
}

/// The description with every further column of running text (see
/// [`ColumnRole::Detail`]) joined to it under its header: "Not moving R
/// leg, crying. Assessment / findings: spiral fracture R femur …".
fn with_details(
    text: Option<String>,
    mapping: &Mapping,
    row: &table::GridRow,
    above: &Above,
) -> Option<String> {
    let mut out = text.unwrap_or_default();
    for (i, role) in mapping.roles.iter().enumerate() {
        if *role != ColumnRole::Detail {
            continue;
        }
        let Some(value) = row
            .cells
            .get(i)
            .and_then(|c| non_empty(above.resolve(i, &c.text)))
        else {
            continue;
        };
        let header = mapping.headers.get(i).map(|h| h.trim()).unwrap_or_default();
        if !out.is_empty() {
            out.push_str(if out.ends_with(['.', '!', '?', ';', ':']) {
                " "
            } else {
                ". "
            });
        }
        if header.is_empty() {
            out.push_str(&value);
        } else {
            out.push_str(header);
            out.push_str(": ");
            out.push_str(&value);
        }
    }
    (!out.is_empty()).then_some(out)
}
