//! Reading a date cell: the entry points, qualifiers (approximate, before,
//! after, between, weeks) and how a date and a time are joined.

use chrono::{Datelike, Days, FixedOffset, NaiveDate, NaiveTime};

use super::day::{excel_serial, named_date, numeric_date, weekday_numeric_date};
use super::london::uk_instant;
use super::time::{read_time, with_time_cell};
use super::{DateError, Point, Qualifier, When, MAX_YEAR, MIN_YEAR};

/// Reads a date cell, and the time cell beside it when the agency kept the
/// time in its own column.
///
/// `date` may hold any form listed in the [module documentation](super),
/// including a time of day. `time`, if given and not blank, is read by
/// [`parse_time`] and joined to the date, which must then be a single full
/// date (optionally approximate, before or after). If the date cell already
/// holds a time, the time cell must agree with it, unless the date cell's
/// time is exactly midnight (`00:00:00`, as spreadsheets write for a date
/// with no time), in which case the time cell's time is used.
///
/// Never guesses: anything it cannot read with certainty is a [`DateError`]
/// whose message quotes the value and says what is wrong.
pub fn parse_when(date: &str, time: Option<&str>) -> Result<When, DateError> {
    let date = normalise(date);
    if date.is_empty() {
        return Err(DateError::new("the date is empty"));
    }
    let mut when =
        read_date_cell(&date).map_err(|p| p.into_error(&date, "a date Sightline can read"))?;
    if let Some(time) = time.map(normalise).filter(|t| !t.is_empty()) {
        when = with_time_cell(when, &date, &time)
            .map_err(|p| p.into_error(&time, "a time Sightline can read"))?;
    }
    check_years(&when, &date)?;
    Ok(when)
}

/// Reads a time of day from a time cell.
///
/// Accepts 24-hour `14:30`, `14:30:15` (a fraction of a second is dropped),
/// `14.30`, `1430`, optionally followed by `hrs`/`h`; 12-hour `2:30pm`,
/// `2.30 pm`, `2 p.m.`, `2pm`, with `12am` = 00:00 and `12pm` = 12:00;
/// `noon`/`midday` (12:00) and `midnight` (00:00, the start of the day).
/// `25:61`, `24:00` and `13pm` are errors.
pub fn parse_time(s: &str) -> Result<NaiveTime, DateError> {
    let s = normalise(s);
    if s.is_empty() {
        return Err(DateError::new("the time is empty"));
    }
    read_time(&s, true, false)
        .map(|t| t.time)
        .map_err(|p| p.into_error(&s, "a time Sightline can read"))
}

/// Turns an Excel date serial (the 1900 date system) into a [`When`], for
/// spreadsheet readers.
///
/// Serial 1 is 1 January 1900 and 2958465 is 31 December 9999. Excel counts
/// a 29 February 1900 that never existed as serial 60, which is therefore an
/// error; serials after it are counted from 30 December 1899. A fraction is
/// the time of day, UK local time, rounded to the second; a whole number is a
/// day.
pub fn from_excel_serial(serial: f64) -> Result<When, DateError> {
    let text = format!("{serial}");
    let reading = excel_serial(serial, &text)
        .map_err(|p| p.into_error(&text, "an Excel date Sightline can read"))?;
    let (start, ambiguous) = reading
        .into_point(&text)
        .map_err(|p| p.into_error(&text, "an Excel date Sightline can read"))?;
    let when = When::single(start, Qualifier::Exact, ambiguous);
    check_years(&when, &text)?;
    Ok(when)
}

// ---------------------------------------------------------------------------
// Internals.

/// Why a piece of text could not be read.
#[derive(Debug)]
pub(super) enum Problem {
    /// Not in any shape Sightline knows.
    Unreadable,
    /// In a known shape but wrong; a complete message for the reviewer.
    Bad(String),
}

impl Problem {
    fn into_error(self, quoted: &str, what: &str) -> DateError {
        match self {
            Problem::Unreadable => DateError::new(format!("\"{quoted}\" is not {what}")),
            Problem::Bad(message) => DateError::new(message),
        }
    }

    /// The more informative of two problems (the first if equally so).
    fn or(self, other: Problem) -> Problem {
        match (&self, &other) {
            (Problem::Unreadable, Problem::Bad(_)) => other,
            _ => self,
        }
    }
}

pub(super) fn bad<T>(message: String) -> Result<T, Problem> {
    Err(Problem::Bad(message))
}

/// A date without qualifiers, as read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum DatePart {
    Day(NaiveDate),
    Month(i32, u32),
    Year(i32),
}

/// A time of day as read, with the offset if one was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct TimeOfDay {
    pub(super) time: NaiveTime,
    pub(super) offset: Option<FixedOffset>,
}

/// One point as read: a date and perhaps a time.
#[derive(Clone, Copy, Debug)]
pub(super) struct Reading {
    pub(super) date: DatePart,
    pub(super) time: Option<TimeOfDay>,
}

impl Reading {
    pub(super) fn date(date: DatePart) -> Reading {
        Reading { date, time: None }
    }

    /// The point, and whether its local time occurred twice. `text` is the
    /// text read, for messages.
    fn into_point(self, text: &str) -> Result<(Point, bool), Problem> {
        match (self.date, self.time) {
            (DatePart::Day(d), None) => Ok((Point::Day(d), false)),
            (DatePart::Month(year, month), None) => Ok((Point::Month { year, month }, false)),
            (DatePart::Year(y), None) => Ok((Point::Year(y), false)),
            (DatePart::Day(d), Some(t)) => {
                let (dt, ambiguous) = uk_instant(d, t, text)?;
                Ok((Point::Instant(dt), ambiguous))
            }
            (DatePart::Month(..), Some(_)) => bad(format!(
                "\"{text}\" has a time of day but only a month: a time needs a full date"
            )),
            (DatePart::Year(_), Some(_)) => bad(format!(
                "\"{text}\" has a time of day but only a year: a time needs a full date"
            )),
        }
    }
}

/// Trims, turns every run of whitespace into one space, and turns the
/// typographic dashes and quotes into ASCII ones.
fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut gap = false;
    for c in s.trim().chars() {
        let c = match c {
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{fe63}' | '\u{ff0d}' => '-',
            '\u{2018}' | '\u{2019}' | '\u{2032}' => '\'',
            c => c,
        };
        if c.is_whitespace() {
            gap = true;
            continue;
        }
        if gap && !out.is_empty() {
            out.push(' ');
        }
        gap = false;
        out.push(c);
    }
    // A date whose time was left out after its separator ("19/02/2024 -").
    while let Some(rest) = out.strip_suffix(" -") {
        out.truncate(rest.trim_end().len());
    }
    out
}

/// If `s` starts with the word `w` (ASCII case-insensitively), what follows
/// it, trimmed, with a leading `:` dropped. A word ending in a letter or
/// digit must be followed by a space or `:`; one ending in punctuation
/// (`approx.`, `?`, `pre-`) may run straight into the date.
fn strip_word<'a>(s: &'a str, w: &str) -> Option<&'a str> {
    let head = s.get(..w.len())?;
    if !head.eq_ignore_ascii_case(w) {
        return None;
    }
    let rest = s.get(w.len()..)?;
    let glued_ok = !w.ends_with(|c: char| c.is_ascii_alphanumeric());
    if !(glued_ok || rest.is_empty() || rest.starts_with([' ', ':'])) {
        return None;
    }
    Some(rest.trim_start_matches([' ', ':']))
}

/// Words that mark a date as approximate when written before it.
const APPROX_PREFIXES: &[&str] = &[
    "approximately",
    "approximate",
    "approx.",
    "approx",
    "appx.",
    "appx",
    "circa",
    "around",
    "about",
    "abt.",
    "abt",
    "ca.",
    "ca",
    "c.",
    "c",
    "estimated",
    "est.",
    "est",
    "~",
    "?",
];

/// Words that mark a date as approximate when written after it (bare or in
/// brackets).
const APPROX_SUFFIXES: &[&str] = &[
    "approximately",
    "approximate",
    "approx.",
    "approx",
    "appx.",
    "appx",
    "circa",
    "c.",
    "ca.",
    "estimated",
    "est.",
    "est",
    "?",
];

/// Which third of a month or a year "early", "mid" or "late" means.
#[derive(Clone, Copy)]
enum Part {
    Early,
    Mid,
    Late,
}

/// Words for a part of a month or a year ("early February 2022", "mid-March
/// 2021", "late 2021", "end of May 2020").
const PART_PREFIXES: &[(&str, Part)] = &[
    ("beginning of", Part::Early),
    ("start of", Part::Early),
    ("early", Part::Early),
    ("middle of", Part::Mid),
    ("mid-", Part::Mid),
    ("mid", Part::Mid),
    ("end of", Part::Late),
    ("late", Part::Late),
];

/// The days (of a month) or months (of a year) a part covers, as a range:
/// days 1–10, 11–20 and 21 to the end; January–April, May–August and
/// September–December. None for a day or an instant.
fn part_of(point: Point, part: Part) -> Option<When> {
    let (start, end) = match point {
        Point::Month { year, month } => {
            let last = super::day::days_in_month(year, month);
            let (a, b) = match part {
                Part::Early => (1, 10),
                Part::Mid => (11, 20),
                Part::Late => (21, last),
            };
            (
                Point::Day(NaiveDate::from_ymd_opt(year, month, a)?),
                Point::Day(NaiveDate::from_ymd_opt(year, month, b)?),
            )
        }
        Point::Year(year) => {
            let (a, b) = match part {
                Part::Early => (1, 4),
                Part::Mid => (5, 8),
                Part::Late => (9, 12),
            };
            (
                Point::Month { year, month: a },
                Point::Month { year, month: b },
            )
        }
        Point::Day(_) | Point::Instant(_) => return None,
    };
    Some(When {
        start,
        end: Some(end),
        qualifier: Qualifier::Between,
        ambiguous: false,
    })
}

/// Words for "before".
const BEFORE_PREFIXES: &[&str] = &["before", "prior to", "by", "pre-", "pre"];
/// Words for "after".
const AFTER_PREFIXES: &[&str] = &["after", "post-", "post"];
/// Words for the week that starts on the date.
const WEEK_FROM_PREFIXES: &[&str] = &[
    "week commencing",
    "week beginning",
    "week starting",
    "wk commencing",
    "wk beginning",
    "w/c",
    "w.c.",
    "wc",
    "w/b",
    "w.b.",
    "wb",
];
/// Words for the week that ends on the date.
const WEEK_TO_PREFIXES: &[&str] = &["week ending", "wk ending", "w/e", "w.e."];

/// What joins the two ends of a range written without "between".
const RANGE_SEPARATORS: &[&str] = &[" to ", " until ", " till ", " - ", " and "];

/// If `s` ends with an "approximately" marker, the rest.
fn strip_trailing_approx(s: &str) -> Option<&str> {
    let lower = s.to_ascii_lowercase();
    if lower.ends_with(')') {
        let open = lower.rfind('(')?;
        let inner = lower.get(open + 1..lower.len() - 1)?.trim();
        if APPROX_SUFFIXES.contains(&inner) {
            return Some(s.get(..open)?.trim_end());
        }
        return None;
    }
    if lower.ends_with('?') && !lower.ends_with("??") {
        return Some(s.get(..s.len() - 1)?.trim_end());
    }
    let space = lower.rfind(' ')?;
    let last = lower.get(space + 1..)?;
    if APPROX_SUFFIXES.contains(&last) {
        return Some(s.get(..space)?.trim_end());
    }
    None
}

/// Reads a whole date cell (normalised, not empty).
fn read_date_cell(s: &str) -> Result<When, Problem> {
    if let Some(rest) = strip_trailing_approx(s) {
        return qualified(rest, Qualifier::Approx, s);
    }
    for w in APPROX_PREFIXES {
        // "??/03/2015" is a month with an unknown day, not "?" + "?/03/2015".
        if *w == "?" && (s.starts_with("??") || s.starts_with("?/")) {
            continue;
        }
        if let Some(rest) = strip_word(s, w) {
            return qualified(rest, Qualifier::Approx, s);
        }
    }
    for w in BEFORE_PREFIXES {
        if let Some(rest) = strip_word(s, w) {
            return qualified(rest, Qualifier::Before, s);
        }
    }
    for w in AFTER_PREFIXES {
        if let Some(rest) = strip_word(s, w) {
            return qualified(rest, Qualifier::After, s);
        }
    }
    if let Some(rest) = strip_word(s, "between") {
        return range(rest, &[" and ", " - ", " to "], s);
    }
    if let Some(rest) = strip_word(s, "from") {
        return range(rest, &[" to ", " until ", " till ", " - "], s);
    }
    for (w, part) in PART_PREFIXES {
        if let Some(rest) = strip_word(s, w) {
            if let Ok((point, _)) = single(rest) {
                if let Some(when) = part_of(point, *part) {
                    return Ok(when);
                }
            }
        }
    }
    for w in WEEK_FROM_PREFIXES {
        if let Some(rest) = strip_word(s, w) {
            return week(rest, true, s);
        }
    }
    for w in WEEK_TO_PREFIXES {
        if let Some(rest) = strip_word(s, w) {
            return week(rest, false, s);
        }
    }
    match single(s) {
        Ok((point, ambiguous)) => Ok(When::single(point, Qualifier::Exact, ambiguous)),
        Err(first) => {
            // " and " alone (without "between") is not a range.
            range(s, &RANGE_SEPARATORS[..4], s).map_err(|second| first.or(second))
        }
    }
}

/// `rest` (after a qualifier word in `whole`) must be one point.
fn qualified(rest: &str, qualifier: Qualifier, whole: &str) -> Result<When, Problem> {
    match single(rest) {
        Ok((point, ambiguous)) => Ok(When::single(point, qualifier, ambiguous)),
        Err(Problem::Unreadable) => {
            let is_range = range(rest, RANGE_SEPARATORS, rest).is_ok()
                || strip_word(rest, "between").is_some();
            if is_range {
                bad(format!(
                    "\"{whole}\" cannot be read: a range of dates cannot also be \
                     approximate, before or after"
                ))
            } else {
                Err(Problem::Unreadable)
            }
        }
        Err(e) => Err(e),
    }
}

/// Reads one point, with or without a time.
fn single(s: &str) -> Result<(Point, bool), Problem> {
    let reading = read_point(s)?;
    reading.into_point(s)
}

/// Reads `s` as two points joined by one of `separators` (or, failing that,
/// by a bare `-` between two points of the same precision). `whole` is the
/// cell, for messages.
fn range(s: &str, separators: &[&str], whole: &str) -> Result<When, Problem> {
    let lower = s.to_ascii_lowercase();
    let mut found: Vec<(Point, bool, Point, bool)> = Vec::new();
    let mut problem = Problem::Unreadable;
    let mut try_split = |at: usize, len: usize, same_precision: bool, found: &mut Vec<_>| {
        let (Some(left), Some(right)) = (s.get(..at), s.get(at + len..)) else {
            return;
        };
        let (left, right) = (left.trim(), right.trim());
        if left.is_empty() || right.is_empty() {
            return;
        }
        let right_read = single(right);
        let left_read = match (single(left), &right_read) {
            (Err(e), Ok((Point::Day(end), _))) => shortened_start(left, *end).ok_or(e),
            (read, _) => read,
        };
        match (left_read, right_read) {
            (Ok((a, aa)), Ok((b, bb))) => {
                if !same_precision || a.precision() == b.precision() {
                    found.push((a, aa, b, bb));
                }
            }
            (Err(e), Ok(_)) | (Ok(_), Err(e)) => {
                problem = std::mem::replace(&mut problem, Problem::Unreadable).or(e)
            }
            (Err(_), Err(_)) => {}
        }
    };
    for sep in separators {
        for (at, _) in lower.match_indices(sep) {
            try_split(at, sep.len(), false, &mut found);
        }
        if !found.is_empty() {
            break;
        }
    }
    if found.is_empty() {
        for (at, _) in lower.match_indices('-') {
            try_split(at, 1, true, &mut found);
        }
    }
    let Some(&(start, sa, end, ea)) = found.first() else {
        return Err(problem);
    };
    if found
        .iter()
        .any(|&(a, _, b, _)| !same_point(a, start) || !same_point(b, end))
    {
        return bad(format!(
            "\"{whole}\" is ambiguous: it can be split into two dates in more than one way"
        ));
    }
    between(start, end, sa || ea, whole)
}

/// The first day of a range written short, taking what it leaves out from
/// the last: "5" in "5-9 Feb 24", "28 Feb" in "28 Feb - 3 Mar 2024" (a month
/// after the end's is the year before, "30 Dec - 2 Jan 2024"). Only a day
/// of the month, with or without its month written as a word.
fn shortened_start(left: &str, end: NaiveDate) -> Option<(Point, bool)> {
    let left = left.trim();
    let digits = left.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &left[digits.len()..].to_ascii_lowercase();
    if !digits.is_empty()
        && digits.len() <= 2
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (suffix.is_empty() || ["st", "nd", "rd", "th"].contains(&suffix.as_str()))
    {
        let day: u32 = digits.parse().ok()?;
        let start = NaiveDate::from_ymd_opt(end.year(), end.month(), day)?;
        return Some((Point::Day(start), false));
    }
    // "28 Feb": a day and a month in words, no year.
    if !left.chars().any(|c| c.is_ascii_alphabetic()) || left.chars().any(|c| c == '/' || c == '.')
    {
        return None;
    }
    let (point, ambiguous) = single(&format!("{left} {}", end.year())).ok()?;
    match point {
        Point::Day(d) if d <= end => Some((point, ambiguous)),
        Point::Day(d) => {
            let earlier = NaiveDate::from_ymd_opt(d.year() - 1, d.month(), d.day())?;
            Some((Point::Day(earlier), ambiguous))
        }
        _ => None,
    }
}

/// Equal points, comparing an instant's offset too.
fn same_point(a: Point, b: Point) -> bool {
    match (a, b) {
        (Point::Instant(x), Point::Instant(y)) => x == y && x.offset() == y.offset(),
        _ => a == b,
    }
}

fn between(start: Point, end: Point, ambiguous: bool, whole: &str) -> Result<When, Problem> {
    if end.bounds().0 < start.bounds().0 {
        return bad(format!(
            "\"{whole}\" ends before it starts: {} is before {}",
            end.describe(),
            start.describe()
        ));
    }
    Ok(When {
        start,
        end: Some(end),
        qualifier: Qualifier::Between,
        ambiguous,
    })
}

/// "w/c D" (forward: D to D + 6) or "w/e D" (D - 6 to D).
fn week(rest: &str, forward: bool, whole: &str) -> Result<When, Problem> {
    let (point, _) = single(rest)?;
    let Point::Day(day) = point else {
        return bad(format!(
            "\"{whole}\" cannot be read: a week needs the full date of its {} day, \
             with no time",
            if forward { "first" } else { "last" }
        ));
    };
    let other = if forward {
        day.checked_add_days(Days::new(6))
    } else {
        day.checked_sub_days(Days::new(6))
    };
    let Some(other) = other else {
        return Err(Problem::Unreadable);
    };
    let (start, end) = if forward { (day, other) } else { (other, day) };
    between(Point::Day(start), Point::Day(end), false, whole)
}

/// Reads one point: a date, perhaps with a time before or after it.
fn read_point(s: &str) -> Result<Reading, Problem> {
    let mut problem = match read_date(s) {
        Ok(r) => return Ok(r),
        Err(e) => e,
    };
    let lower = s.to_ascii_lowercase();
    // ISO "2015-03-12T14:30".
    if let Some(t) = lower.find('t') {
        if let (Some(d), Some(time)) = (s.get(..t), s.get(t + 1..)) {
            let iso_like = d.len() >= 8
                && d.bytes().take(4).all(|b| b.is_ascii_digit())
                && d.bytes().all(|b| b.is_ascii_digit() || b == b'-');
            if iso_like {
                match (read_date(d), read_time(time, false, true)) {
                    (Ok(r), Ok(t)) if r.time.is_none() => {
                        return Ok(Reading {
                            date: r.date,
                            time: Some(t),
                        })
                    }
                    (Err(e), Ok(_)) | (Ok(_), Err(e)) => problem = problem.or(e),
                    _ => {}
                }
            }
        }
    }
    // A time written after or before the date, as separate words.
    let spaces: Vec<usize> = s.match_indices(' ').map(|(i, _)| i).collect();
    for k in 1..=spaces.len().min(3) {
        // The last k words are the time.
        if let Some(&at) = spaces.get(spaces.len() - k) {
            if let (Some(d), Some(t)) = (s.get(..at), s.get(at + 1..)) {
                let d = strip_connector_end(d);
                let t = strip_connector_start(t, &["at ", "@ "]);
                match combine(d, t) {
                    Ok(r) => return Ok(r),
                    Err(e) => problem = problem.or(e),
                }
            }
        }
        // The first k words are the time.
        if let Some(&at) = spaces.get(k - 1) {
            if let (Some(t), Some(d)) = (s.get(..at), s.get(at + 1..)) {
                let t = t.trim_end_matches(',');
                let d = strip_connector_start(d, &["on ", ", "]);
                match combine(d, t) {
                    Ok(r) => return Ok(r),
                    Err(e) => problem = problem.or(e),
                }
            }
        }
    }
    Err(problem)
}

/// A date part and a time part, both of which must read. A problem is
/// reported only if the other part read, so that junk is not blamed on a
/// plausible half.
fn combine(d: &str, t: &str) -> Result<Reading, Problem> {
    // Four digits beside a whole numeric date ("22/09/2022 1410", as police
    // logs write) are a time: the date has its year already.
    let compact = numeric_full_date(d);
    match (read_date(d), read_time(t, compact, true)) {
        (Ok(r), Ok(time)) if r.time.is_none() => Ok(Reading {
            date: r.date,
            time: Some(time),
        }),
        (Err(e), Ok(_)) | (Ok(_), Err(e)) => Err(e),
        _ => Err(Problem::Unreadable),
    }
}

/// Whether `d` is a day, a month and a four-digit year in figures alone
/// ("22/09/2022", "2022-09-22", "22.09.2022").
fn numeric_full_date(d: &str) -> bool {
    let parts: Vec<&str> = d.trim().split(['/', '-', '.']).collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
        && parts.iter().filter(|p| p.len() == 4).count() == 1
}

fn strip_connector_end(s: &str) -> &str {
    let s = s.trim_end().trim_end_matches(',').trim_end();
    for w in [" at", " @", ","] {
        if let Some(head) = s.len().checked_sub(w.len()).and_then(|i| s.get(i..)) {
            if head.eq_ignore_ascii_case(w) {
                return s.get(..s.len() - w.len()).unwrap_or(s).trim_end();
            }
        }
    }
    s
}

fn strip_connector_start<'a>(s: &'a str, words: &[&str]) -> &'a str {
    for w in words {
        if let Some(rest) = strip_word(s, w) {
            return rest;
        }
    }
    s
}

/// Reads a date with no qualifier: numeric, ISO, named month, bare year or
/// Excel serial. An Excel serial with a fraction brings its time.
fn read_date(s: &str) -> Result<Reading, Problem> {
    let s = s.trim();
    if s.is_empty() {
        return Err(Problem::Unreadable);
    }
    if s.bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'/' | b'-' | b'.' | b'?' | b'x' | b'X'))
    {
        return numeric_date(s);
    }
    if let Some(reading) = weekday_numeric_date(s) {
        return reading;
    }
    if s.bytes().any(|b| b.is_ascii_alphabetic()) {
        return named_date(s).map(Reading::date);
    }
    Err(Problem::Unreadable)
}

/// Every point of a date must fall in the years Sightline handles.
fn check_years(when: &When, text: &str) -> Result<(), DateError> {
    let ok = |p: &Point| (MIN_YEAR..=MAX_YEAR).contains(&p.year());
    if ok(&when.start) && when.end.as_ref().is_none_or(ok) {
        Ok(())
    } else {
        Err(DateError::new(format!(
            "\"{text}\" is outside the years Sightline can handle ({MIN_YEAR} to {MAX_YEAR})"
        )))
    }
}

// ---------------------------------------------------------------------------
// UK time.
