//! Chronologies written as prose: a document with no table whose paragraphs
//! each tell what happened on a day, as agencies write their submissions to
//! a review ("4 December 2023. A PPN was received…", "15.01.22 - MASH
//! screening…", "On 8 December 2022 the school nurse saw Ellie-May…", "At
//! 07:38 on Monday 20 November 2023 the school received…").
//!
//! A paragraph that begins with a date (after "On", "At 09:10 on", "In" or a
//! weekday), or that names a full date anywhere, starts an entry dated by
//! it; a date at the start may leave out the year ("On 7 March the visit…"),
//! which is then the year of the entry before (or the next year, when that
//! would go back more than two months). The paragraphs after it that name
//! no date carry the entry on, until a heading ("Analysis", a bold line)
//! ends it; paragraphs before the first entry are the preamble, kept above
//! the entries so that a title ("Child: Jayden Lomax") can still name the
//! person the file is about. A time beside the date ("at 10:05",
//! "(14:30)", "At 07:38 on …") is the entry's time.
//!
//! The result is a grid with a header row `Date`, `Time`, `Entry` (numbered
//! 0: the file has no header row), each entry numbered by its first
//! paragraph, as a reviewer counts paragraphs in the document.

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

use super::table::{Cell, GridRow};
use crate::when::{parse_time, parse_when, Point};

/// The name of the grid a document's dated paragraphs make.
pub const SHEET: &str = "Paragraphs";

/// The fewest dated paragraphs that make a chronology.
const MIN_ENTRIES: usize = 3;

/// The most preamble paragraphs kept above the entries.
const MAX_PREAMBLE: usize = 20;

/// How far back, in days, a year-less date may fall before the entry
/// before it and still be of that entry's year.
const YEAR_BACK_DAYS: i64 = 62;

/// One paragraph of a document, as a reader finds it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Paragraph {
    /// The paragraph's text.
    pub text: String,
    /// A heading: a heading or title style, or a short line all in bold.
    pub heading: bool,
    /// Its 1-based place among the document's paragraphs.
    pub number: usize,
}

/// Month names and their short forms, as a pattern.
const MONTHS: &str = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";

/// A date written in running text: day month (year), numeric, ISO, or a
/// month and year. Groups: `day` and `month` of a named date and its `year`.
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?ix)
        \b(?:
            (?P<named>(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+(?:of\s+)?|-)(?P<month>{MONTHS})(?P<year>,?\s+\d{{4}}|-\d{{4}}|-\d{{2}}|\s+\d{{2}})?)
          | (?P<iso>\d{{4}}-\d{{1,2}}-\d{{1,2}})
          | (?P<numeric>\d{{1,2}}/\d{{1,2}}/(?:\d{{4}}|\d{{2}})|\d{{1,2}}\.\d{{1,2}}\.(?:\d{{4}}|\d{{2}})|\d{{1,2}}-\d{{1,2}}-\d{{4}})
          | (?P<monthyear>{MONTHS}\s+\d{{4}})
        )\b"
    ))
    .expect("the date pattern is valid")
});

/// What may come before a date at the start of a paragraph: "On", "In",
/// "During", "At 07:38 on", "w/c", a weekday.
static LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^\W{0,3}
        (?:at\s+(?P<time>\d{1,2}[:.]\d{2})(?:\s*hrs)?\s*,?\s+(?:on\s+)?)?
        (?:(?:on|in|during|early\s+in|late\s+in|by|w/c|week\s+commencing)\s+)?
        (?:the\s+)?
        (?:(?:mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(?:day)?\.?,?\s+)?$",
    )
    .expect("the lead pattern is valid")
});

/// A time just after a date: "at 10:05", ", 14:30", "(09:15)", " 1430hrs".
static TIME_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:,\s*|\(\s*|at\s+|@\s*)?(?P<time>\d{1,2}[:.]\d{2})(?:\s*hrs)?\b")
        .expect("the time pattern is valid")
});

/// What comes just before a date of birth: "DOB", "D.O.B.", "date of
/// birth", "born".
static BIRTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\bdob|\bd\.o\.b\.?|\bdate of birth|\bborn(?:\s+on)?)\s*[:\-–]?\s*$")
        .expect("the birth pattern is valid")
});

/// What separates a leading date from the entry's text.
static SEPARATOR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:\)\s*)?(?:[.:;,–—-]+\s*|\t+|\s{2,})").expect("valid"));

/// Words of a title block that say when the document was made ("Printed
/// by: … 24/06/2024", "Extract prepared 03/06/2024", "exported").
static PRODUCED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:printed|prepared|exported|produced|generated|compiled|extracted|run on|report date|date of report|date printed|date prepared)\b")
        .expect("the produced pattern is valid")
});

/// A date found in a paragraph.
#[derive(Debug)]
struct Found {
    /// The date as the Date cell holds it.
    date: String,
    /// The day it denotes (the first day, for a month).
    day: NaiveDate,
    /// The time written beside it.
    time: Option<String>,
    /// Where the entry's text starts: after a leading date and its
    /// separator, or 0 to keep the whole paragraph.
    text_from: usize,
    /// The paragraph begins with the date (after "On", "At 09:10 on", …).
    leading: bool,
    /// Where in the paragraph the date begins, in bytes.
    at: usize,
}

/// The grid of a document's dated paragraphs, or `None` when fewer than
/// [`MIN_ENTRIES`] paragraphs are dated.
pub fn rows(paragraphs: &[Paragraph]) -> Option<Vec<GridRow>> {
    let mut preamble: Vec<&Paragraph> = Vec::new();
    let mut entries: Vec<(usize, Found, String)> = Vec::new();
    // Whether undated paragraphs carry the last entry on.
    let mut open = false;
    let by_headings = dated_headings(paragraphs) >= MIN_ENTRIES;
    for p in paragraphs {
        let text = p.text.trim();
        if text.is_empty() {
            continue;
        }
        let last = entries.last().map(|(_, f, _)| f.day);
        let found = date_of(text, last)
            .filter(|f| !by_headings || f.leading || heads(p, f))
            // "Printed by: Quality Assurance Team, 24/06/2024" above the
            // first entry dates the document, not an event.
            .filter(|f| !entries.is_empty() || f.leading || !PRODUCED.is_match(text));
        if let Some(found) = found {
            let body = text
                .get(found.text_from..)
                .unwrap_or(text)
                .trim()
                .to_string();
            entries.push((p.number, found, body));
            open = true;
            continue;
        }
        if p.heading {
            open = false;
            if entries.is_empty() {
                preamble.push(p);
            }
            continue;
        }
        match entries.last_mut() {
            Some((_, _, body)) if open => {
                if !body.is_empty() {
                    body.push('\n');
                }
                body.push_str(text);
            }
            Some(_) => {}
            None => preamble.push(p),
        }
    }
    entries.retain(|(_, _, body)| !body.is_empty());
    if entries.len() < MIN_ENTRIES {
        return None;
    }
    let keep = preamble.len().saturating_sub(MAX_PREAMBLE);
    let mut out: Vec<GridRow> = preamble[keep..]
        .iter()
        .map(|p| GridRow {
            number: p.number,
            cells: vec![Cell::text(p.text.trim())],
        })
        .collect();
    out.push(GridRow {
        number: 0,
        cells: vec![Cell::text("Date"), Cell::text("Time"), Cell::text("Entry")],
    });
    for (number, found, body) in entries {
        out.push(GridRow {
            number,
            cells: vec![
                Cell::text(found.date),
                Cell::text(found.time.unwrap_or_default()),
                Cell::text(body),
            ],
        });
    }
    Some(out)
}

/// The paragraphs of a plain-text chronology (a case-note print, a police
/// occurrence extract saved as text): blocks of lines between blank lines
/// or rules ("=====", "-----"), and within a block each line that begins
/// with a date starts a paragraph of its own ("12/03/2024 09:10 Home
/// visit…" line after line). A block's wrapped lines are joined by spaces;
/// a line that starts with a label ("Outcome:", "Summary:") keeps its own
/// line. A one-line block in capitals with no digits is a heading. Each
/// paragraph is numbered by the line it starts on, as a reviewer finds it
/// in the file.
pub fn text_paragraphs(text: &str) -> Vec<Paragraph> {
    static LABEL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^[A-Z][A-Za-z /&()'-]{0,24}:").expect("valid"));
    let mut out: Vec<Paragraph> = Vec::new();
    let mut current: Option<(usize, Vec<&str>)> = None;
    let flush = |current: &mut Option<(usize, Vec<&str>)>, out: &mut Vec<Paragraph>| {
        if let Some((number, lines)) = current.take() {
            let mut text = String::new();
            for (k, line) in lines.iter().enumerate() {
                if k > 0 {
                    text.push(if LABEL.is_match(line) { '\n' } else { ' ' });
                }
                text.push_str(line);
            }
            let heading = lines.len() == 1
                && text.chars().any(char::is_alphabetic)
                && !text.chars().any(|c| c.is_ascii_digit() || c.is_lowercase())
                && text.chars().count() <= 60;
            out.push(Paragraph {
                text,
                heading,
                number,
            });
        }
    };
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        let rule = !line.is_empty()
            && line
                .chars()
                .all(|c| matches!(c, '=' | '-' | '_' | '*' | '~'));
        if line.is_empty() || rule {
            flush(&mut current, &mut out);
            continue;
        }
        // Any year stands in for the entry before's: only whether the
        // line opens with a date matters here.
        let dated = date_of(line, NaiveDate::from_ymd_opt(2000, 1, 1)).is_some_and(|f| f.leading);
        match current.as_mut() {
            Some((_, lines)) if !dated => lines.push(line),
            _ => {
                flush(&mut current, &mut out);
                current = Some((i + 1, vec![line]));
            }
        }
    }
    flush(&mut current, &mut out);
    out
}

/// The longest paragraph, in characters, read as a line that heads an
/// entry ("Letter 2 - Clinic 14 March 2023 (dictated 14/03/23)").
const HEADING_CHARS: usize = 100;

/// How far into such a line, in characters, its date begins.
const HEADING_DATE_AT: usize = 40;

/// True when a paragraph dated by `found` heads an entry as a title does:
/// a heading, or a short line whose date comes early ("Letter 1 - 9
/// February 2023 (referral triage)", "Home visit (12 March 2023)").
fn heads(p: &Paragraph, found: &Found) -> bool {
    let text = p.text.trim();
    p.heading
        || (text.chars().count() <= HEADING_CHARS
            && text
                .get(..found.at)
                .is_some_and(|t| t.chars().count() <= HEADING_DATE_AT))
}

/// How many paragraphs are dated headings, naming a date other than at
/// their start (or in a heading style). A document of such headings
/// (letters, visits) is divided by them: a date in the paragraphs under
/// one ("thank you for your referral dated 6 February 2023", "a further
/// appointment on 30 May 2023") is part of that entry, not the start of
/// another.
fn dated_headings(paragraphs: &[Paragraph]) -> usize {
    paragraphs
        .iter()
        .filter(|p| {
            date_of(p.text.trim(), None).is_some_and(|f| heads(p, &f) && (!f.leading || p.heading))
        })
        .count()
}

/// The date a paragraph is about: a date at its start (a year-less one
/// taking its year from `last`, the entry before), else the first full date
/// it names.
fn date_of(text: &str, last: Option<NaiveDate>) -> Option<Found> {
    let mut first_full: Option<Found> = None;
    for m in DATE.captures_iter(text).take(12) {
        let whole = m.get(0)?;
        // "11 Mar 24" has a two-digit year; "12 March 10:30" a time.
        let year = m
            .name("year")
            .filter(|y| !year_is_time(y.as_str(), text.get(whole.end()..).unwrap_or("")));
        let whole = match (m.name("year"), year) {
            (Some(y), None) => Span {
                start: whole.start(),
                end: y.start(),
                text: text.get(whole.start()..y.start()).unwrap_or(""),
            },
            _ => Span {
                start: whole.start(),
                end: whole.end(),
                text: whole.as_str(),
            },
        };
        let before = text.get(..whole.start()).unwrap_or("");
        let lead = LEAD.captures(before);
        let leading = lead.is_some();
        let after = text.get(whole.end()..).unwrap_or("");
        let time_after = TIME_AFTER.captures(after);
        let time = lead
            .as_ref()
            .and_then(|c| c.name("time"))
            .or_else(|| time_after.as_ref().and_then(|c| c.name("time")))
            .map(|t| t.as_str().to_string())
            .filter(|t| parse_time(t).is_ok());
        let (date, day) = match read(&m, &whole, year.is_some(), last, leading) {
            Some(d) => d,
            None => continue,
        };
        if leading {
            // The text starts after the date, its time and a separator when
            // the paragraph opens with the date itself ("15.01.22 - …").
            let mut from = 0;
            if before.trim().is_empty() || is_weekday(before) {
                let mut end = whole.end();
                if let Some(t) = time_after.as_ref().and_then(|c| c.get(0)) {
                    end += t.end();
                }
                let rest = text.get(end..).unwrap_or("");
                if let Some(sep) = SEPARATOR.find(rest) {
                    from = end + sep.end();
                } else if rest.is_empty() {
                    from = end;
                }
            }
            return Some(Found {
                date,
                day,
                time,
                text_from: from,
                leading: true,
                at: whole.start(),
            });
        }
        // A date of birth ("Tiana KERR (DOB 22/01/2011)") dates no entry.
        if BIRTH.is_match(before) {
            continue;
        }
        let full = m.name("named").is_some_and(|_| year.is_some())
            || m.name("iso").is_some()
            || m.name("numeric").is_some();
        if full && first_full.is_none() {
            first_full = Some(Found {
                date,
                day,
                time,
                text_from: 0,
                leading: false,
                at: whole.start(),
            });
        }
    }
    first_full
}

/// Where a matched date lies in its paragraph.
struct Span<'t> {
    start: usize,
    end: usize,
    text: &'t str,
}

impl Span<'_> {
    fn start(&self) -> usize {
        self.start
    }
    fn end(&self) -> usize {
        self.end
    }
}

/// True when `text` is only a day of the week ("Mon ", "Tuesday, "), as
/// before a date that opens a line of notes.
fn is_weekday(text: &str) -> bool {
    let t = text
        .trim()
        .trim_end_matches([',', '.'])
        .to_ascii_lowercase();
    crate::text::WEEKDAYS.contains(&t.as_str())
}

/// True when the two digits matched as a named date's year after a space
/// are the hour of a time ("12 March 10:30", "12 March 10.30am").
fn year_is_time(year: &str, after: &str) -> bool {
    let digits = year.trim_start_matches([',', ' ', '\t', '-']);
    year.starts_with(char::is_whitespace)
        && digits.len() == 2
        && (after.starts_with(':')
            || (after.starts_with('.') && after[1..].starts_with(|c: char| c.is_ascii_digit()))
            || after.starts_with(|c: char| c.is_ascii_alphanumeric()))
}

/// Reads one matched date: the Date cell's text and its first day. A named
/// day and month with no year is read only at the start of a paragraph, in
/// the year of `last`.
fn read(
    m: &regex::Captures<'_>,
    whole: &Span<'_>,
    has_year: bool,
    last: Option<NaiveDate>,
    leading: bool,
) -> Option<(String, NaiveDate)> {
    let whole = whole.text;
    if m.name("named").is_some() && !has_year {
        if !leading {
            return None;
        }
        let last = last?;
        let day: u32 = m.name("day")?.as_str().parse().ok()?;
        let month = parse_when(&format!("1 {} 2000", m.name("month")?.as_str()), None)
            .ok()?
            .day()?
            .month();
        let mut date = NaiveDate::from_ymd_opt(last.year(), month, day)?;
        if (last - date).num_days() > YEAR_BACK_DAYS {
            date = NaiveDate::from_ymd_opt(last.year() + 1, month, day)?;
        }
        return Some((date.format("%Y-%m-%d").to_string(), date));
    }
    if m.name("monthyear").is_some() && !leading {
        return None;
    }
    let day = match parse_when(whole, None).ok()?.start {
        Point::Day(d) => d,
        Point::Instant(t) => t.date_naive(),
        Point::Month { year, month } => NaiveDate::from_ymd_opt(year, month, 1)?,
        Point::Year(_) => return None,
    };
    Some((whole.to_string(), day))
}

#[cfg(test)]
mod tests;
