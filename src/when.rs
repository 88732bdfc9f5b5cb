//! When something happened, with the precision the agency gave it.
//!
//! Agencies write dates in every shape: `12/03/2015`, `12.3.15`, `March 2015`,
//! `approx. 12/03/2015`, `w/c 02/03/2015`, an Excel serial. A [`When`] keeps
//! exactly what was said — a month is a month, not the 1st of the month — and
//! knows the span of real time it could denote ([`When::bounds`]).
//!
//! Dates are always read UK day-first. Times are Europe/London local time and
//! carry the GMT/BST offset in force; a local time that never happened (clocks
//! going forward) is an error, one that happened twice (clocks going back) is
//! accepted and marked [`When::ambiguous`].
//!
//! # What [`parse_when`] reads
//!
//! Letters may be in any case and surrounding spaces are ignored.
//!
//! * Day-first numeric dates: `12/03/2015`, `12-03-2015`, `12.03.2015`,
//!   `12/3/15`. A two-digit year `00`–`29` is read as `2000`–`2029` and
//!   `30`–`99` as `1930`–`1999`.
//! * ISO 8601: `2015-03-12`, `2015-03`, `2015-03-12T14:30`,
//!   `2015-03-12 14:30:00`, and with an offset or `Z`
//!   (`2015-03-12T14:30:00+01:00`): the instant is kept and shown with the UK
//!   offset in force at that instant. Year-first dates with `/` or `.`
//!   (`2015/03/12`) are read the same way.
//! * Month names, full or short, with an optional ordinal, weekday, comma or
//!   "of": `12 March 2015`, `12th Mar 2015`, `Thursday 12 March 2015` (the
//!   weekday must be right), `the 12th of March 2015`, `March 12, 2015`,
//!   `12-Mar-15`.
//! * Months: `March 2015`, `Mar-15`, `Mar '15`, `03/2015`, `2015-03`, and a
//!   day written as unknown, `??/03/2015` or `xx/03/2015`. `March 15` (with a
//!   space) could be a day or a month, and is refused.
//! * Years: a bare four-digit number 1900–2100, or `??/??/2015`.
//! * Excel serial numbers: a bare number 20000–2958465, optionally with a
//!   fraction giving the time of day (see [`from_excel_serial`]).
//! * A time of day after the date (or before it): `12/03/2015 14:30`,
//!   `12/03/2015 at 2.30pm`, `14:30 on 12/03/2015` — see [`parse_time`] for the
//!   forms; the four-digit `1430` is accepted only in a separate time cell.
//! * Qualifiers: approximate (`?12/03/2015`, `approx. 12/03/2015`, `c. 2015`,
//!   `circa March 2015`, `around …`, `about …`, `~…`, or a trailing `(approx)`,
//!   `approx` or `?`); before (`before …`, `by …`, `pre …`, `prior to …`);
//!   after (`after …`, `post …`); between (`between A and B`, `from A to B`,
//!   `A - B`, `A to B`, `A until B`); weeks (`w/c 02/03/2015`,
//!   `week commencing …`, `w/b …`: the seven days from that date; `w/e …`,
//!   `week ending …`: the seven days up to it).

use std::fmt;

use chrono::{
    DateTime, Datelike, Days, FixedOffset, LocalResult, Months, NaiveDate, NaiveDateTime,
    NaiveTime, Offset, TimeDelta, TimeZone, Timelike, Weekday,
};
use chrono_tz::Europe::London;
use serde::{Deserialize, Serialize};

/// The lower end of [`When::bounds`] for a date with no lower limit
/// ("before 12/03/2015"). Far earlier than any real date, and half of
/// `i64::MIN` so that differences of bounds cannot overflow.
pub const UNBOUNDED_PAST: i64 = i64::MIN / 2;

/// The upper end of [`When::bounds`] for a date with no upper limit
/// ("after 12/03/2015"). Far later than any real date, and half of
/// `i64::MAX` so that differences of bounds cannot overflow.
pub const UNBOUNDED_FUTURE: i64 = i64::MAX / 2;

/// Earliest calendar year of a date Sightline accepts.
const MIN_YEAR: i32 = 1000;
/// Latest calendar year of a date Sightline accepts (Excel's last day is
/// 31 December 9999).
const MAX_YEAR: i32 = 9999;
/// A bare four-digit number is a year only within this range.
const BARE_YEAR_MIN: u32 = 1900;
/// A bare four-digit number is a year only within this range.
const BARE_YEAR_MAX: u32 = 2100;
/// A bare number in a date cell is an Excel serial only from this value.
const SERIAL_TEXT_MIN: u64 = 20_000;
/// The last Excel serial: 31 December 9999.
const SERIAL_MAX: u64 = 2_958_465;

/// How finely a [`When`] is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// Date and time of day.
    Instant,
    /// A calendar day.
    Day,
    /// A calendar month.
    Month,
    /// A calendar year.
    Year,
}

/// How the agency qualified the date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Qualifier {
    /// As written.
    Exact,
    /// "approx.", "c.", "?12/03/2015".
    Approx,
    /// "before 12/03/2015": some time before the start.
    Before,
    /// "after 12/03/2015": some time after the start.
    After,
    /// "between A and B", "w/c A": some time from start to end.
    Between,
}

/// One calendar point at some precision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Point {
    /// UK local date and time, with the offset from UTC then in force.
    Instant(DateTime<FixedOffset>),
    /// A whole day.
    Day(NaiveDate),
    /// A whole month.
    Month {
        /// Calendar year.
        year: i32,
        /// 1–12.
        month: u32,
    },
    /// A whole year.
    Year(i32),
}

/// A date as an agency recorded it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct When {
    /// The point written (for `Between`, the first one).
    pub start: Point,
    /// The second point of `Between` (and the last day of a "w/c" week).
    pub end: Option<Point>,
    /// How the date was qualified.
    pub qualifier: Qualifier,
    /// The local time occurred twice (the hour when clocks go back); the
    /// earlier (BST) reading is stored.
    pub ambiguous: bool,
}

/// Why a date or time could not be read. The message is written for a
/// reviewer and quotes the value.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct DateError {
    /// A plain-English reason, quoting the offending value.
    pub message: String,
}

impl DateError {
    fn new(message: impl Into<String>) -> Self {
        DateError {
            message: message.into(),
        }
    }
}

impl When {
    /// The precision of the start point.
    pub fn precision(&self) -> Precision {
        self.start.precision()
    }

    /// The start point in reduced-precision ISO 8601: `2015-03-12T14:30:00+00:00`
    /// for an instant, `2015-03-12` for a day, `2015-03` for a month, `2015`
    /// for a year.
    pub fn start_iso(&self) -> String {
        self.start.iso()
    }

    /// The end point (of a `Between`) in the same form as
    /// [`When::start_iso`], or `None`.
    pub fn end_iso(&self) -> Option<String> {
        self.end.map(|p| p.iso())
    }

    /// The span of real time this date could denote, as UTC Unix seconds,
    /// half-open `[lo, hi)`.
    ///
    /// Exact and approximate dates span their point (see [`Point::bounds`]);
    /// `Between` runs from the start of its first point to the end of its
    /// second; `Before` runs from [`UNBOUNDED_PAST`] to the start of its
    /// point; `After` from the end of its point to [`UNBOUNDED_FUTURE`].
    pub fn bounds(&self) -> (i64, i64) {
        let (lo, hi) = self.start.bounds();
        match self.qualifier {
            Qualifier::Exact | Qualifier::Approx => (lo, hi),
            Qualifier::Before => (UNBOUNDED_PAST, lo),
            Qualifier::After => (hi, UNBOUNDED_FUTURE),
            Qualifier::Between => match self.end {
                Some(end) => (lo, end.bounds().1.max(lo)),
                None => (lo, hi),
            },
        }
    }

    /// A text form that [`parse_when`] reads back to an equal `When`:
    /// ISO 8601 forms with the qualifier words, e.g. `2015-03-12`,
    /// `approx. 2015-03`, `before 2015-03-12T14:30:00+00:00`,
    /// `between 2015-03-01 and 2015-03-12`.
    pub fn canonical(&self) -> String {
        let start = self.start_iso();
        match (self.qualifier, self.end_iso()) {
            (Qualifier::Approx, _) => format!("approx. {start}"),
            (Qualifier::Before, _) => format!("before {start}"),
            (Qualifier::After, _) => format!("after {start}"),
            (Qualifier::Between, Some(end)) => format!("between {start} and {end}"),
            (Qualifier::Exact | Qualifier::Between, _) => start,
        }
    }

    fn single(start: Point, qualifier: Qualifier, ambiguous: bool) -> When {
        When {
            start,
            end: None,
            qualifier,
            ambiguous,
        }
    }
}

/// A date as a UK reader writes it: `12/03/2021`, `12/03/2021 14:30`,
/// `March 2021`, `2021`, with `approx.`, `before`, `after` and
/// `between … and …` as qualified.
pub fn uk_text(w: &When) -> String {
    fn point(p: &Point) -> String {
        match p {
            Point::Instant(t) => t.format("%d/%m/%Y %H:%M").to_string(),
            Point::Day(d) => d.format("%d/%m/%Y").to_string(),
            Point::Month { year, month } => NaiveDate::from_ymd_opt(*year, *month, 1)
                .map(|d| d.format("%B %Y").to_string())
                .unwrap_or_else(|| format!("{month:02}/{year}")),
            Point::Year(y) => y.to_string(),
        }
    }
    let start = point(&w.start);
    match w.qualifier {
        Qualifier::Exact => start,
        Qualifier::Approx => format!("approx. {start}"),
        Qualifier::Before => format!("before {start}"),
        Qualifier::After => format!("after {start}"),
        Qualifier::Between => match &w.end {
            Some(e) => format!("between {start} and {}", point(e)),
            None => start,
        },
    }
}

impl fmt::Display for When {
    /// Writes [`When::canonical`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.canonical())
    }
}

impl Point {
    /// The precision of this point.
    pub fn precision(&self) -> Precision {
        match self {
            Point::Instant(_) => Precision::Instant,
            Point::Day(_) => Precision::Day,
            Point::Month { .. } => Precision::Month,
            Point::Year(_) => Precision::Year,
        }
    }

    /// The span of real time this point covers, as UTC Unix seconds,
    /// half-open `[lo, hi)`: an instant covers its second; a day runs from
    /// UK local midnight to the next UK local midnight (23 or 25 hours on the
    /// days the clocks change); a month or year likewise from the local
    /// midnight that starts it to the one that ends it. A point holding an
    /// impossible month (built by hand, e.g. month 13) covers all time,
    /// `[UNBOUNDED_PAST, UNBOUNDED_FUTURE)`.
    pub fn bounds(&self) -> (i64, i64) {
        let span = |first: Option<NaiveDate>, next: Option<NaiveDate>| match (first, next) {
            (Some(a), Some(b)) => (uk_day_start(a), uk_day_start(b)),
            _ => (UNBOUNDED_PAST, UNBOUNDED_FUTURE),
        };
        match *self {
            Point::Instant(dt) => {
                let t = dt.timestamp();
                (t, t.saturating_add(1))
            }
            Point::Day(d) => span(Some(d), d.checked_add_days(Days::new(1))),
            Point::Month { year, month } => {
                let first = NaiveDate::from_ymd_opt(year, month, 1);
                span(
                    first,
                    first.and_then(|f| f.checked_add_months(Months::new(1))),
                )
            }
            Point::Year(year) => {
                let first = NaiveDate::from_ymd_opt(year, 1, 1);
                span(
                    first,
                    first.and_then(|f| f.checked_add_months(Months::new(12))),
                )
            }
        }
    }

    /// Reduced-precision ISO 8601.
    fn iso(&self) -> String {
        match self {
            // Written out by hand: chrono's format strings are parsed anew
            // on every call, and an import writes two of these per row.
            Point::Instant(dt) if (0..=9999).contains(&dt.year()) => {
                let offset = dt.offset().local_minus_utc();
                let sign = if offset < 0 { '-' } else { '+' };
                let offset = offset.unsigned_abs() / 60;
                format!(
                    "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{sign}{:02}:{:02}",
                    dt.year(),
                    dt.month(),
                    dt.day(),
                    dt.hour(),
                    dt.minute(),
                    dt.second(),
                    offset / 60,
                    offset % 60
                )
            }
            Point::Instant(dt) => dt.format("%Y-%m-%dT%H:%M:%S%:z").to_string(),
            Point::Day(d) if (0..=9999).contains(&d.year()) => {
                format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
            }
            Point::Day(d) => d.format("%Y-%m-%d").to_string(),
            Point::Month { year, month } => format!("{year:04}-{month:02}"),
            Point::Year(year) => format!("{year:04}"),
        }
    }

    /// The point in words, for messages: "12 March 2015", "March 2015".
    fn describe(&self) -> String {
        match self {
            Point::Instant(dt) => format!(
                "{} {:02}:{:02}",
                describe_day(dt.date_naive()),
                dt.hour(),
                dt.minute()
            ),
            Point::Day(d) => describe_day(*d),
            Point::Month { year, month } => format!("{} {year}", month_name(*month)),
            Point::Year(year) => year.to_string(),
        }
    }

    /// The calendar year the point falls in (local time for instants).
    fn year(&self) -> i32 {
        match self {
            Point::Instant(dt) => dt.year(),
            Point::Day(d) => d.year(),
            Point::Month { year, .. } | Point::Year(year) => *year,
        }
    }
}

impl Serialize for When {
    /// `{ "start", "end", "precision", "qualifier", "ambiguous" }`: the fixed
    /// JSON contract of DESIGN.md §5.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("When", 5)?;
        s.serialize_field("start", &self.start_iso())?;
        s.serialize_field("end", &self.end_iso())?;
        s.serialize_field("precision", &self.precision())?;
        s.serialize_field("qualifier", &self.qualifier)?;
        s.serialize_field("ambiguous", &self.ambiguous)?;
        s.end()
    }
}

/// The serialized shape of a [`When`], read back by its `Deserialize`.
#[derive(Deserialize)]
struct WhenWire {
    start: String,
    #[serde(default)]
    end: Option<String>,
    #[serde(default)]
    precision: Option<Precision>,
    qualifier: Qualifier,
}

impl<'de> Deserialize<'de> for When {
    /// Reads the JSON written by `Serialize`. `start` and `end` are parsed
    /// again (so they must be ISO 8601 as written); `ambiguous` is worked out
    /// afresh from the times.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let wire = WhenWire::deserialize(deserializer)?;
        let start = wire.start.trim();
        let text = match (wire.qualifier, wire.end.as_deref().map(str::trim)) {
            (Qualifier::Exact, None) => start.to_string(),
            (Qualifier::Approx, None) => format!("approx. {start}"),
            (Qualifier::Before, None) => format!("before {start}"),
            (Qualifier::After, None) => format!("after {start}"),
            (Qualifier::Between, Some(end)) => format!("between {start} and {end}"),
            (Qualifier::Between, None) => {
                return Err(D::Error::custom("a \"between\" date needs an end"))
            }
            (_, Some(_)) => {
                return Err(D::Error::custom("only a \"between\" date can have an end"))
            }
        };
        let when = parse_when(&text, None).map_err(D::Error::custom)?;
        if when.qualifier != wire.qualifier
            || when.start_iso() != start
            || wire.precision.is_some_and(|p| p != when.precision())
        {
            return Err(D::Error::custom(format!(
                "\"{text}\" does not match its precision and qualifier"
            )));
        }
        Ok(when)
    }
}

/// Reads a date cell, and the time cell beside it when the agency kept the
/// time in its own column.
///
/// `date` may hold any form listed in the [module documentation](self),
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

/// Reads a date in its stored form, [`When::canonical`]: the same result as
/// [`parse_when`], with a shortcut for the commonest form, a plain ISO day
/// (`2015-03-12`), which a review of a million records reads back a
/// million times.
pub fn parse_canonical(text: &str) -> Result<When, DateError> {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && digits(0..4)
        && digits(5..7)
        && digits(8..10)
    {
        let num =
            |r: std::ops::Range<usize>| b[r].iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
        let year = num(0..4) as i32;
        if (MIN_YEAR..=MAX_YEAR).contains(&year) {
            if let Some(d) = NaiveDate::from_ymd_opt(year, num(5..7), num(8..10)) {
                return Ok(When::single(Point::Day(d), Qualifier::Exact, false));
            }
        }
    }
    parse_when(text, None)
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
enum Problem {
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

fn bad<T>(message: String) -> Result<T, Problem> {
    Err(Problem::Bad(message))
}

/// A date without qualifiers, as read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DatePart {
    Day(NaiveDate),
    Month(i32, u32),
    Year(i32),
}

/// A time of day as read, with the offset if one was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct TimeOfDay {
    time: NaiveTime,
    offset: Option<FixedOffset>,
}

/// One point as read: a date and perhaps a time.
#[derive(Clone, Copy, Debug)]
struct Reading {
    date: DatePart,
    time: Option<TimeOfDay>,
}

impl Reading {
    fn date(date: DatePart) -> Reading {
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
        match (single(left), single(right)) {
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
    match (read_date(d), read_time(t, false, true)) {
        (Ok(r), Ok(time)) if r.time.is_none() => Ok(Reading {
            date: r.date,
            time: Some(time),
        }),
        (Err(e), Ok(_)) | (Ok(_), Err(e)) => Err(e),
        _ => Err(Problem::Unreadable),
    }
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
    if s.bytes().any(|b| b.is_ascii_alphabetic()) {
        return named_date(s).map(Reading::date);
    }
    Err(Problem::Unreadable)
}

/// A run of 1..=`max` ASCII digits, at least `min` long.
fn digits(s: &str, min: usize, max: usize) -> Option<u32> {
    if s.len() < min || s.len() > max || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// A day or month written as unknown: `?`, `??`, `x`, `xx`.
fn unknown(s: &str) -> bool {
    (1..=2).contains(&s.len()) && s.bytes().all(|b| matches!(b, b'?' | b'x' | b'X'))
}

/// A four-digit year, 1000 to 9999.
fn year4(s: &str) -> Option<i32> {
    digits(s, 4, 4)
        .and_then(|y| i32::try_from(y).ok())
        .filter(|y| (MIN_YEAR..=MAX_YEAR).contains(y))
}

/// A two-digit year: 00–29 are 2000–2029, 30–99 are 1930–1999.
fn year2(v: u32) -> i32 {
    let v = i32::try_from(v % 100).unwrap_or(0);
    if v < 30 {
        2000 + v
    } else {
        1900 + v
    }
}

/// A two- or four-digit year.
fn year_2_or_4(s: &str) -> Option<i32> {
    match s.len() {
        2 => digits(s, 2, 2).map(year2),
        4 => year4(s),
        _ => None,
    }
}

fn numeric_date(s: &str) -> Result<Reading, Problem> {
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return bare_number(s);
    }
    if let Some((whole, frac)) = s.split_once('.') {
        let all_digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        if whole.len() >= 5 && all_digits(whole) && all_digits(frac) {
            return serial_text(whole, frac, s);
        }
    }
    let Some(sep) = s.chars().find(|c| matches!(c, '/' | '-' | '.')) else {
        return Err(Problem::Unreadable);
    };
    if s.chars().any(|c| matches!(c, '/' | '-' | '.') && c != sep) {
        return Err(Problem::Unreadable);
    }
    let parts: Vec<&str> = s.split(sep).collect();
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 => {
            let (Some(year), true) = (year4(y), m.len() <= 2) else {
                return Err(Problem::Unreadable);
            };
            date_from_parts(year, m, d, s)
        }
        [d, m, y] if d.len() <= 2 && m.len() <= 2 => {
            let Some(year) = year_2_or_4(y) else {
                return Err(Problem::Unreadable);
            };
            date_from_parts(year, m, d, s)
        }
        [y, m] if y.len() == 4 && m.len() <= 2 => {
            let Some(year) = year4(y) else {
                return Err(Problem::Unreadable);
            };
            date_from_parts(year, m, "?", s)
        }
        [m, y] if m.len() <= 2 && y.len() == 4 => {
            let Some(year) = year4(y) else {
                return Err(Problem::Unreadable);
            };
            date_from_parts(year, m, "?", s)
        }
        _ => Err(Problem::Unreadable),
    }
}

/// A date from numeric month and day text, either of which may be unknown
/// (`??`).
fn date_from_parts(year: i32, m: &str, d: &str, text: &str) -> Result<Reading, Problem> {
    let date = match (unknown(m), unknown(d)) {
        (true, true) => bare_year(year, text)?,
        (true, false) => return Err(Problem::Unreadable),
        (false, day_unknown) => {
            let Some(month) = digits(m, 1, 2) else {
                return Err(Problem::Unreadable);
            };
            if day_unknown {
                DatePart::Month(year, check_month(month, text)?)
            } else {
                let Some(day) = digits(d, 1, 2) else {
                    return Err(Problem::Unreadable);
                };
                DatePart::Day(make_day(year, month, day, text)?)
            }
        }
    };
    Ok(Reading::date(date))
}

fn bare_year(year: i32, text: &str) -> Result<DatePart, Problem> {
    let ok = u32::try_from(year).is_ok_and(|y| (BARE_YEAR_MIN..=BARE_YEAR_MAX).contains(&y));
    if ok {
        Ok(DatePart::Year(year))
    } else {
        bad(format!(
            "\"{text}\" is not a date Sightline can read: a year on its own must be \
             between {BARE_YEAR_MIN} and {BARE_YEAR_MAX}"
        ))
    }
}

/// A number alone: a four-digit year, or an Excel serial.
fn bare_number(s: &str) -> Result<Reading, Problem> {
    match s.len() {
        0..=3 => Err(Problem::Unreadable),
        4 => {
            let year = digits(s, 4, 4)
                .and_then(|y| i32::try_from(y).ok())
                .ok_or(Problem::Unreadable)?;
            bare_year(year, s).map(Reading::date)
        }
        _ => serial_text(s, "", s),
    }
}

/// An Excel serial written in a date cell: `whole` digits, `frac` digits
/// after the point (possibly none).
fn serial_text(whole: &str, frac: &str, text: &str) -> Result<Reading, Problem> {
    let out_of_range = || {
        bad(format!(
            "\"{text}\" is not a date Sightline can read: a number on its own is taken \
             as an Excel date serial, which must be between {SERIAL_TEXT_MIN} and \
             {SERIAL_MAX}"
        ))
    };
    let Some(n) = digits(whole, 1, 7).map(u64::from) else {
        return out_of_range();
    };
    if !(SERIAL_TEXT_MIN..=SERIAL_MAX).contains(&n) {
        return out_of_range();
    }
    let frac_digits = frac.get(..frac.len().min(15)).unwrap_or("");
    let fraction: f64 = if frac_digits.is_empty() {
        0.0
    } else {
        format!("0.{frac_digits}").parse().unwrap_or(0.0)
    };
    // n <= 2958465 is exact as f64.
    excel_serial(n as f64 + fraction, text)
}

/// The date (and time, if the serial has a fraction) of an Excel serial.
fn excel_serial(serial: f64, text: &str) -> Result<Reading, Problem> {
    let limit = (SERIAL_MAX + 1) as f64;
    if !serial.is_finite() || serial < 1.0 || serial >= limit {
        return bad(format!(
            "\"{text}\" is not an Excel date: Excel date serials run from 1 \
             (1 January 1900) to {SERIAL_MAX} (31 December 9999)"
        ));
    }
    let whole = serial.floor();
    let fraction = serial - whole;
    // 1 <= whole <= SERIAL_MAX, so the conversion is exact.
    let day = whole as u64;
    if day == 60 {
        return bad(format!(
            "\"{text}\" is not a real date: Excel counts it as 29 February 1900, \
             a day that never existed"
        ));
    }
    let base = if day < 60 {
        NaiveDate::from_ymd_opt(1899, 12, 31)
    } else {
        NaiveDate::from_ymd_opt(1899, 12, 30)
    };
    let Some(mut date) = base.and_then(|b| b.checked_add_days(Days::new(day))) else {
        return Err(Problem::Unreadable);
    };
    if fraction == 0.0 {
        return Ok(Reading::date(DatePart::Day(date)));
    }
    // 0 < fraction < 1, so 0 <= secs <= 86400.
    let mut secs = (fraction * 86_400.0).round() as u32;
    if secs >= 86_400 {
        let Some(next) = date.checked_add_days(Days::new(1)) else {
            return Err(Problem::Unreadable);
        };
        date = next;
        secs = 0;
    }
    let Some(time) = NaiveTime::from_num_seconds_from_midnight_opt(secs, 0) else {
        return Err(Problem::Unreadable);
    };
    Ok(Reading {
        date: DatePart::Day(date),
        time: Some(TimeOfDay { time, offset: None }),
    })
}

/// Checks a month number.
fn check_month(month: u32, text: &str) -> Result<u32, Problem> {
    if (1..=12).contains(&month) {
        Ok(month)
    } else {
        bad(format!(
            "\"{text}\" is not a real date: there is no month {month} \
             (dates are read day first: day, month, year)"
        ))
    }
}

/// A calendar day, or a message saying plainly why there is none.
fn make_day(year: i32, month: u32, day: u32, text: &str) -> Result<NaiveDate, Problem> {
    let month = check_month(month, text)?;
    if day == 0 {
        return bad(format!("\"{text}\" is not a real date: there is no day 0"));
    }
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(d) => Ok(d),
        None => bad(format!(
            "\"{text}\" is not a real date: {} {year} has {} days",
            month_name(month),
            days_in_month(year, month)
        )),
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    NaiveDate::from_ymd_opt(year, month, 1)
        .and_then(|d| d.checked_add_months(Months::new(1)))
        .and_then(|d| d.pred_opt())
        .map_or(31, |d| d.day())
}

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn month_name(month: u32) -> &'static str {
    usize::try_from(month)
        .ok()
        .and_then(|m| m.checked_sub(1))
        .and_then(|i| MONTH_NAMES.get(i))
        .copied()
        .unwrap_or("?")
}

fn weekday_name(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

fn describe_day(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), month_name(d.month()), d.year())
}

/// A word of a date written with a month name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Word {
    Month(u32),
    Weekday(Weekday),
    /// A number of at most four digits, perhaps with an ordinal suffix.
    Num {
        value: u32,
        len: usize,
        ordinal: bool,
    },
}

fn month_word(w: &str) -> Option<u32> {
    Some(match w {
        "january" | "jan" => 1,
        "february" | "feb" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sept" | "sep" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    })
}

fn weekday_word(w: &str) -> Option<Weekday> {
    Some(match w {
        "monday" | "mon" => Weekday::Mon,
        "tuesday" | "tue" | "tues" => Weekday::Tue,
        "wednesday" | "wed" | "weds" => Weekday::Wed,
        "thursday" | "thu" | "thur" | "thurs" => Weekday::Thu,
        "friday" | "fri" => Weekday::Fri,
        "saturday" | "sat" => Weekday::Sat,
        "sunday" | "sun" => Weekday::Sun,
        _ => return None,
    })
}

fn number_word(w: &str) -> Option<Word> {
    let end = w.find(|c: char| !c.is_ascii_digit()).unwrap_or(w.len());
    let (num, suffix) = (w.get(..end)?, w.get(end..)?);
    let value = digits(num, 1, 4)?;
    let ordinal = match suffix {
        "" => false,
        "st" | "nd" | "rd" | "th" => true,
        _ => return None,
    };
    Some(Word::Num {
        value,
        len: num.len(),
        ordinal,
    })
}

/// Reads a date written with a month name.
fn named_date(s: &str) -> Result<DatePart, Problem> {
    // Split into words, remembering whether each word follows nothing but
    // spaces (which matters for "March 15").
    let mut words: Vec<(bool, Word)> = Vec::new();
    let mut spaces_only = true;
    for raw in s.split_inclusive([' ', ',', '-', '/', '.', '\'']) {
        let (word, sep) = match raw.char_indices().last() {
            Some((i, c)) if matches!(c, ' ' | ',' | '-' | '/' | '.' | '\'') => {
                (raw.get(..i).unwrap_or(""), Some(c))
            }
            _ => (raw, None),
        };
        if !word.is_empty() {
            let lower = word.to_ascii_lowercase();
            let w = if let Some(m) = month_word(&lower) {
                Some(Word::Month(m))
            } else if let Some(d) = weekday_word(&lower) {
                Some(Word::Weekday(d))
            } else if matches!(lower.as_str(), "the" | "of" | "on") {
                None
            } else {
                Some(number_word(&lower).ok_or(Problem::Unreadable)?)
            };
            if let Some(w) = w {
                words.push((spaces_only, w));
            }
            spaces_only = true;
        }
        if sep.is_some_and(|c| c != ' ') {
            spaces_only = false;
        }
    }
    let mut weekday = None;
    if let Some(&(_, Word::Weekday(w))) = words.first() {
        weekday = Some(w);
        words.remove(0);
    }
    let no_year = || {
        bad(format!(
            "\"{s}\" has no year: Sightline needs the year to place the date"
        ))
    };
    let date = match words.as_slice() {
        [(
            _,
            Word::Num {
                value: d,
                len: 1..=2,
                ..
            },
        ), (_, Word::Month(m)), (
            _,
            Word::Num {
                value: y,
                len,
                ordinal: false,
            },
        )]
        | [(_, Word::Month(m)), (
            _,
            Word::Num {
                value: d,
                len: 1..=2,
                ..
            },
        ), (
            _,
            Word::Num {
                value: y,
                len: len @ 4,
                ordinal: false,
            },
        )] => {
            let year = match len {
                2 => year2(*y),
                4 => i32::try_from(*y)
                    .ok()
                    .filter(|y| (MIN_YEAR..=MAX_YEAR).contains(y))
                    .ok_or(Problem::Unreadable)?,
                _ => return Err(Problem::Unreadable),
            };
            DatePart::Day(make_day(year, *m, *d, s)?)
        }
        [(_, Word::Month(m)), (
            plain,
            Word::Num {
                value: y,
                len,
                ordinal: false,
            },
        )] => {
            let year = match len {
                4 => i32::try_from(*y)
                    .ok()
                    .filter(|y| (MIN_YEAR..=MAX_YEAR).contains(y))
                    .ok_or(Problem::Unreadable)?,
                2 if *plain && *y <= 31 => {
                    return bad(format!(
                        "\"{s}\" could be a day or a month: write the year in full \
                         (for example \"{} 20{y:02}\")",
                        month_name(*m)
                    ))
                }
                2 => year2(*y),
                _ => return Err(Problem::Unreadable),
            };
            DatePart::Month(year, *m)
        }
        [(_, Word::Month(_)), (_, Word::Num { len: 1..=2, .. })]
        | [(_, Word::Num { len: 1..=2, .. }), (_, Word::Month(_))]
        | [(_, Word::Month(_))] => return no_year(),
        _ => return Err(Problem::Unreadable),
    };
    if let Some(w) = weekday {
        let DatePart::Day(d) = date else {
            return bad(format!("\"{s}\" names a weekday but not a full date"));
        };
        if d.weekday() != w {
            return bad(format!(
                "\"{s}\" does not add up: {} was a {}, not a {}",
                describe_day(d),
                weekday_name(d.weekday()),
                weekday_name(w)
            ));
        }
    }
    Ok(date)
}

/// Reads a time of day. `compact` allows `1430` (a time cell only);
/// `offset_ok` allows a trailing `Z` or `+01:00` on a 24-hour time.
fn read_time(s: &str, compact: bool, offset_ok: bool) -> Result<TimeOfDay, Problem> {
    let s = s.trim();
    let lower = s.to_ascii_lowercase();
    let plain = |h: u32, m: u32| {
        Ok(TimeOfDay {
            time: NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN),
            offset: None,
        })
    };
    match lower.as_str() {
        "noon" | "midday" | "12 noon" | "12noon" | "12 midday" | "12midday" => return plain(12, 0),
        "midnight" | "12 midnight" | "12midnight" => return plain(0, 0),
        _ => {}
    }
    // am / pm.
    let mut body = lower.as_str();
    let mut pm = None;
    for (suffix, is_pm) in [
        ("a.m.", false),
        ("p.m.", true),
        ("a.m", false),
        ("p.m", true),
        ("am", false),
        ("pm", true),
    ] {
        if let Some(rest) = body.strip_suffix(suffix) {
            body = rest.trim_end();
            pm = Some(is_pm);
            break;
        }
    }
    let mut hours_word = false;
    if pm.is_none() {
        for suffix in ["hours", "hrs", "hr", "h"] {
            if let Some(rest) = body.strip_suffix(suffix) {
                body = rest.trim_end();
                hours_word = true;
                break;
            }
        }
    }
    let mut offset = None;
    if offset_ok && pm.is_none() && !hours_word {
        if let Some(rest) = body.strip_suffix('z') {
            body = rest.trim_end();
            offset = FixedOffset::east_opt(0);
        } else if let Some(at) = body.rfind(['+', '-']) {
            let (head, tail) = (body.get(..at).unwrap_or(""), body.get(at..).unwrap_or(""));
            offset = Some(read_offset(tail).ok_or(Problem::Unreadable)?);
            body = head.trim_end();
        }
    }
    // "1430" is a time only in a time cell, or with "hrs" after it.
    let four_digits = (compact || hours_word) && pm.is_none();
    let (h, m, sec) =
        time_fields(body, four_digits, pm.is_some() || hours_word).ok_or(Problem::Unreadable)?;
    let out_of_range = || {
        bad(format!(
            "\"{s}\" is not a time of day: hours run from 00 to 23, and minutes and \
             seconds from 00 to 59"
        ))
    };
    let h = match pm {
        Some(is_pm) => {
            if !(1..=12).contains(&h) {
                return bad(format!(
                    "\"{s}\" is not a time of day: with am or pm the hour runs from 1 to 12"
                ));
            }
            h % 12 + if is_pm { 12 } else { 0 }
        }
        None => h,
    };
    match NaiveTime::from_hms_opt(h, m, sec) {
        Some(time) if h < 24 && m < 60 && sec < 60 => Ok(TimeOfDay { time, offset }),
        _ => out_of_range(),
    }
}

/// Hours, minutes and seconds of `14:30`, `14:30:15(.5)`, `14.30`, `1430`
/// (if `compact`) or `14` (if `hour_alone`).
fn time_fields(body: &str, compact: bool, hour_alone: bool) -> Option<(u32, u32, u32)> {
    let sep = if body.contains(':') {
        ':'
    } else if body.contains('.') {
        '.'
    } else {
        return match body.len() {
            1..=2 if hour_alone => Some((digits(body, 1, 2)?, 0, 0)),
            4 if compact => Some((
                digits(body.get(..2)?, 2, 2)?,
                digits(body.get(2..)?, 2, 2)?,
                0,
            )),
            _ => None,
        };
    };
    let parts: Vec<&str> = body.split(sep).collect();
    match parts.as_slice() {
        [h, m] => Some((digits(h, 1, 2)?, digits(m, 2, 2)?, 0)),
        [h, m, s] => {
            let (s, frac) = match s.split_once('.') {
                Some((s, frac)) if sep == ':' => (s, Some(frac)),
                _ => (*s, None),
            };
            if frac.is_some_and(|f| f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit())) {
                return None;
            }
            Some((digits(h, 1, 2)?, digits(m, 2, 2)?, digits(s, 2, 2)?))
        }
        _ => None,
    }
}

/// `+01:00`, `+0100`, `+01`, `-05:30`.
fn read_offset(s: &str) -> Option<FixedOffset> {
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, s.get(1..)?),
        b'-' => (-1, s.get(1..)?),
        _ => return None,
    };
    let (h, m) = match rest.len() {
        2 => (digits(rest, 2, 2)?, 0),
        4 => (digits(rest.get(..2)?, 2, 2)?, digits(rest.get(2..)?, 2, 2)?),
        5 if rest.as_bytes().get(2) == Some(&b':') => {
            (digits(rest.get(..2)?, 2, 2)?, digits(rest.get(3..)?, 2, 2)?)
        }
        _ => return None,
    };
    if h > 23 || m > 59 {
        return None;
    }
    let secs = i32::try_from(h * 3600 + m * 60).ok()?;
    FixedOffset::east_opt(sign * secs)
}

/// Joins a time cell to the date read from the date cell.
fn with_time_cell(when: When, date: &str, time: &str) -> Result<When, Problem> {
    let t = read_time(time, true, false)?;
    let quoted = format!("{date} {time}");
    if when.qualifier == Qualifier::Between {
        return bad(format!(
            "the time \"{time}\" cannot go with \"{date}\", which is a range of dates: \
             a time needs a full date"
        ));
    }
    let (point, ambiguous) = match when.start {
        Point::Day(d) => {
            let (dt, ambiguous) = uk_instant(d, t, &quoted)?;
            (Point::Instant(dt), ambiguous)
        }
        Point::Instant(dt) => {
            let local = dt.naive_local();
            if local.time() == t.time {
                (when.start, when.ambiguous)
            } else if local.time() == NaiveTime::MIN {
                let (dt, ambiguous) = uk_instant(local.date(), t, &quoted)?;
                (Point::Instant(dt), ambiguous)
            } else {
                return bad(format!(
                    "the date \"{date}\" already has a time, {}, which differs from the \
                     time \"{time}\"",
                    local.format("%H:%M:%S")
                ));
            }
        }
        Point::Month { .. } => {
            return bad(format!(
                "the time \"{time}\" cannot go with \"{date}\", which gives only a month: \
                 a time needs a full date"
            ))
        }
        Point::Year(_) => {
            return bad(format!(
                "the time \"{time}\" cannot go with \"{date}\", which gives only a year: \
                 a time needs a full date"
            ))
        }
    };
    Ok(When::single(point, when.qualifier, ambiguous))
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

/// Before this (local or UTC) London kept local mean time, 1m15s behind
/// GMT; Sightline reads such early times as GMT so that every offset is a
/// whole number of minutes.
fn railway_time() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(1847, 12, 2)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or(NaiveDateTime::MIN)
}

fn gmt() -> FixedOffset {
    chrono::Utc.fix()
}

/// The UK offset(s) for a local date and time: one, two (clocks going
/// back) or none (clocks going forward).
fn uk_offsets(local: NaiveDateTime) -> LocalResult<FixedOffset> {
    if local < railway_time() {
        return LocalResult::Single(gmt());
    }
    London.offset_from_local_datetime(&local).map(|o| o.fix())
}

/// The UK offset in force at a UTC instant.
fn uk_offset_at(utc: NaiveDateTime) -> FixedOffset {
    if utc < railway_time() {
        return gmt();
    }
    London.offset_from_utc_datetime(&utc).fix()
}

/// A UK local date and time as an instant; with an explicit `offset`, the
/// instant it names, shown in UK time. Also says whether the UK local time
/// occurred twice.
fn uk_instant(
    day: NaiveDate,
    t: TimeOfDay,
    text: &str,
) -> Result<(DateTime<FixedOffset>, bool), Problem> {
    let local = day.and_time(t.time);
    let utc = match t.offset {
        Some(offset) => local
            .checked_sub_signed(TimeDelta::seconds(i64::from(offset.local_minus_utc())))
            .ok_or(Problem::Unreadable)?,
        None => match uk_offsets(local) {
            LocalResult::Single(o) => to_utc(local, o).ok_or(Problem::Unreadable)?,
            LocalResult::Ambiguous(a, b) => {
                // The earlier instant is the one with the larger offset (BST).
                let o = if a.local_minus_utc() >= b.local_minus_utc() {
                    a
                } else {
                    b
                };
                to_utc(local, o).ok_or(Problem::Unreadable)?
            }
            LocalResult::None => {
                return bad(format!(
                    "\"{text}\" is a time that did not exist in the UK: the clocks went \
                     forward that night and skipped it"
                ))
            }
        },
    };
    let dt = uk_offset_at(utc).from_utc_datetime(&utc);
    let ambiguous = matches!(uk_offsets(dt.naive_local()), LocalResult::Ambiguous(..));
    Ok((dt, ambiguous))
}

fn to_utc(local: NaiveDateTime, offset: FixedOffset) -> Option<NaiveDateTime> {
    local.checked_sub_signed(TimeDelta::seconds(i64::from(offset.local_minus_utc())))
}

/// UTC seconds of the first moment of a UK local day (its midnight, or if
/// midnight was skipped, the first local time that happened).
fn uk_day_start(day: NaiveDate) -> i64 {
    let Some(mut local) = day.and_hms_opt(0, 0, 0) else {
        return 0;
    };
    let naive_utc = local.and_utc().timestamp();
    for _ in 0..=(3 * 60) {
        let offset = match uk_offsets(local) {
            LocalResult::Single(o) => Some(o),
            LocalResult::Ambiguous(a, b) => Some(if a.local_minus_utc() >= b.local_minus_utc() {
                a
            } else {
                b
            }),
            LocalResult::None => None,
        };
        if let Some(o) = offset {
            return local.and_utc().timestamp() - i64::from(o.local_minus_utc());
        }
        match local.checked_add_signed(TimeDelta::minutes(1)) {
            Some(next) => local = next,
            None => break,
        }
    }
    naive_utc
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ok(date: &str) -> When {
        match parse_when(date, None) {
            Ok(w) => w,
            Err(e) => panic!("{date:?} should parse: {e}"),
        }
    }

    fn ok_t(date: &str, time: &str) -> When {
        match parse_when(date, Some(time)) {
            Ok(w) => w,
            Err(e) => panic!("{date:?} / {time:?} should parse: {e}"),
        }
    }

    fn err(date: &str) -> String {
        match parse_when(date, None) {
            Ok(w) => panic!("{date:?} should not parse, got {w:?}"),
            Err(e) => e.message,
        }
    }

    fn err_t(date: &str, time: &str) -> String {
        match parse_when(date, Some(time)) {
            Ok(w) => panic!("{date:?} / {time:?} should not parse, got {w:?}"),
            Err(e) => e.message,
        }
    }

    fn day(y: i32, m: u32, d: u32) -> Point {
        Point::Day(NaiveDate::from_ymd_opt(y, m, d).expect("test date"))
    }

    fn month(year: i32, month: u32) -> Point {
        Point::Month { year, month }
    }

    fn exact(p: Point) -> When {
        When::single(p, Qualifier::Exact, false)
    }

    fn with(p: Point, q: Qualifier) -> When {
        When::single(p, q, false)
    }

    fn between_w(a: Point, b: Point) -> When {
        When {
            start: a,
            end: Some(b),
            qualifier: Qualifier::Between,
            ambiguous: false,
        }
    }

    fn t(h: u32, m: u32, s: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, s).expect("test time")
    }

    /// The start as ISO text, offset included.
    fn iso(w: &When) -> String {
        w.start_iso()
    }

    #[test]
    fn iso_text_is_chronos_rfc3339_form_for_every_offset() {
        for (y, mo, d, h, mi, sec, off) in [
            (2015, 3, 12, 14, 30, 0, 0),
            (2019, 7, 1, 9, 5, 7, 3600),
            (1, 1, 1, 0, 0, 0, -5 * 3600 - 30 * 60),
            (9999, 12, 31, 23, 59, 59, 14 * 3600),
        ] {
            let offset = FixedOffset::east_opt(off).expect("offset");
            let dt = offset
                .with_ymd_and_hms(y, mo, d, h, mi, sec)
                .single()
                .expect("instant");
            assert_eq!(
                Point::Instant(dt).iso(),
                dt.format("%Y-%m-%dT%H:%M:%S%:z").to_string()
            );
            let day = dt.date_naive();
            assert_eq!(Point::Day(day).iso(), day.format("%Y-%m-%d").to_string());
        }
    }

    // --- day-first numeric dates -------------------------------------------

    #[test]
    fn slash_date() {
        assert_eq!(ok("12/03/2015"), exact(day(2015, 3, 12)));
    }

    #[test]
    fn hyphen_date() {
        assert_eq!(ok("12-03-2015"), exact(day(2015, 3, 12)));
    }

    #[test]
    fn dot_date() {
        assert_eq!(ok("12.03.2015"), exact(day(2015, 3, 12)));
    }

    #[test]
    fn short_date_two_digit_year() {
        assert_eq!(ok("12/3/15"), exact(day(2015, 3, 12)));
        assert_eq!(ok("12.3.15"), exact(day(2015, 3, 12)));
    }

    #[test]
    fn two_digit_year_pivot() {
        assert_eq!(ok("01/01/00"), exact(day(2000, 1, 1)));
        assert_eq!(ok("01/01/29"), exact(day(2029, 1, 1)));
        assert_eq!(ok("01/01/30"), exact(day(1930, 1, 1)));
        assert_eq!(ok("01/01/99"), exact(day(1999, 1, 1)));
    }

    #[test]
    fn day_first_always() {
        assert_eq!(ok("01/02/2015"), exact(day(2015, 2, 1)));
        assert_eq!(ok("1/2/15"), exact(day(2015, 2, 1)));
    }

    #[test]
    fn whitespace_and_case_ignored() {
        assert_eq!(ok("  12/03/2015 \t"), exact(day(2015, 3, 12)));
        assert_eq!(ok("12 MARCH 2015"), exact(day(2015, 3, 12)));
        assert_eq!(
            ok("APPROX. 12/03/2015"),
            with(day(2015, 3, 12), Qualifier::Approx)
        );
    }

    #[test]
    fn mixed_separators_refused() {
        err("12/03-2015");
    }

    // --- ISO ---------------------------------------------------------------

    #[test]
    fn iso_date() {
        assert_eq!(ok("2015-03-12"), exact(day(2015, 3, 12)));
        assert_eq!(ok("2015/03/12"), exact(day(2015, 3, 12)));
    }

    #[test]
    fn iso_date_time_t() {
        let w = ok("2015-03-12T14:30");
        assert_eq!(w.precision(), Precision::Instant);
        assert_eq!(iso(&w), "2015-03-12T14:30:00+00:00");
    }

    #[test]
    fn iso_date_time_space_seconds() {
        let w = ok("2015-03-12 14:30:15");
        assert_eq!(iso(&w), "2015-03-12T14:30:15+00:00");
        let w = ok("2015-03-12T14:30:15.250");
        assert_eq!(iso(&w), "2015-03-12T14:30:15+00:00");
    }

    #[test]
    fn iso_with_offset_is_converted_to_uk_time() {
        // +01:00 in March (GMT in force): 13:30 GMT.
        let w = ok("2015-03-12T14:30:00+01:00");
        assert_eq!(iso(&w), "2015-03-12T13:30:00+00:00");
        // Z in July (BST in force): 15:30 BST.
        let w = ok("2015-07-12T14:30:00Z");
        assert_eq!(iso(&w), "2015-07-12T15:30:00+01:00");
        let w = ok("2015-07-12 09:30:00-0500");
        assert_eq!(iso(&w), "2015-07-12T15:30:00+01:00");
        assert!(!w.ambiguous);
    }

    #[test]
    fn iso_month() {
        assert_eq!(ok("2015-03"), exact(month(2015, 3)));
    }

    // --- month names -------------------------------------------------------

    #[test]
    fn full_month_name() {
        assert_eq!(ok("12 March 2015"), exact(day(2015, 3, 12)));
    }

    #[test]
    fn short_month_with_ordinal() {
        assert_eq!(ok("12th Mar 2015"), exact(day(2015, 3, 12)));
        assert_eq!(ok("1st Sept. 2015"), exact(day(2015, 9, 1)));
        assert_eq!(ok("the 12th of March 2015"), exact(day(2015, 3, 12)));
    }

    #[test]
    fn weekday_and_month_name() {
        assert_eq!(ok("Thursday 12 March 2015"), exact(day(2015, 3, 12)));
        assert_eq!(ok("Thu, 12th March, 2015"), exact(day(2015, 3, 12)));
    }

    #[test]
    fn wrong_weekday_is_an_error() {
        let m = err("Friday 12 March 2015");
        assert!(m.contains("Thursday"), "{m}");
    }

    #[test]
    fn month_name_first() {
        assert_eq!(ok("March 12, 2015"), exact(day(2015, 3, 12)));
        assert_eq!(ok("March 12th 2015"), exact(day(2015, 3, 12)));
    }

    #[test]
    fn excel_style_day_month_year() {
        assert_eq!(ok("12-Mar-2015"), exact(day(2015, 3, 12)));
        assert_eq!(ok("12-Mar-15"), exact(day(2015, 3, 12)));
    }

    #[test]
    fn no_year_is_an_error() {
        assert!(err("12 March").contains("no year"));
        assert!(err("March").contains("no year"));
    }

    // --- months and years --------------------------------------------------

    #[test]
    fn month_and_year() {
        assert_eq!(ok("March 2015"), exact(month(2015, 3)));
        assert_eq!(ok("mar 2015"), exact(month(2015, 3)));
    }

    #[test]
    fn short_month_two_digit_year() {
        assert_eq!(ok("Mar-15"), exact(month(2015, 3)));
        assert_eq!(ok("Mar '15"), exact(month(2015, 3)));
        assert_eq!(ok("March 95"), exact(month(1995, 3)));
    }

    #[test]
    fn month_space_two_digits_is_ambiguous() {
        let m = err("March 15");
        assert!(m.contains("day or a month"), "{m}");
    }

    #[test]
    fn numeric_month() {
        assert_eq!(ok("03/2015"), exact(month(2015, 3)));
        assert_eq!(ok("3-2015"), exact(month(2015, 3)));
    }

    #[test]
    fn unknown_day_is_a_month() {
        assert_eq!(ok("??/03/2015"), exact(month(2015, 3)));
        assert_eq!(ok("xx/03/2015"), exact(month(2015, 3)));
        assert_eq!(ok("??/??/2015"), exact(Point::Year(2015)));
    }

    #[test]
    fn year_only() {
        assert_eq!(ok("2015"), exact(Point::Year(2015)));
        assert_eq!(ok("1900"), exact(Point::Year(1900)));
        assert_eq!(ok("2100"), exact(Point::Year(2100)));
        assert!(err("1850").contains("between 1900 and 2100"));
    }

    // --- qualifiers --------------------------------------------------------

    #[test]
    fn approx_question_mark() {
        let w = with(day(2015, 3, 12), Qualifier::Approx);
        assert_eq!(ok("?12/03/2015"), w);
        assert_eq!(ok("? 12/03/2015"), w);
        assert_eq!(ok("12/03/2015?"), w);
    }

    #[test]
    fn approx_words() {
        let w = with(day(2015, 3, 12), Qualifier::Approx);
        assert_eq!(ok("approx. 12/03/2015"), w);
        assert_eq!(ok("approx 12/03/2015"), w);
        assert_eq!(ok("around 12/03/2015"), w);
        assert_eq!(ok("about 12/03/2015"), w);
        assert_eq!(ok("~12/03/2015"), w);
    }

    #[test]
    fn approx_circa() {
        assert_eq!(ok("c. 2015"), with(Point::Year(2015), Qualifier::Approx));
        assert_eq!(ok("c.2015"), with(Point::Year(2015), Qualifier::Approx));
        assert_eq!(
            ok("circa March 2015"),
            with(month(2015, 3), Qualifier::Approx)
        );
    }

    #[test]
    fn approx_trailing() {
        let w = with(day(2015, 3, 12), Qualifier::Approx);
        assert_eq!(ok("12/03/2015 (approx)"), w);
        assert_eq!(ok("12/03/2015 (approx.)"), w);
        assert_eq!(ok("12/03/2015 approx"), w);
    }

    #[test]
    fn before_words() {
        let w = with(day(2015, 3, 12), Qualifier::Before);
        assert_eq!(ok("before 12/03/2015"), w);
        assert_eq!(ok("by 12/03/2015"), w);
        assert_eq!(ok("pre 12/03/2015"), w);
        assert_eq!(ok("pre-12/03/2015"), w);
        assert_eq!(ok("prior to 12/03/2015"), w);
    }

    #[test]
    fn after_words() {
        let w = with(day(2015, 3, 12), Qualifier::After);
        assert_eq!(ok("after 12/03/2015"), w);
        assert_eq!(ok("post 12/03/2015"), w);
    }

    #[test]
    fn qualified_range_refused() {
        err("approx between 01/03/2015 and 12/03/2015");
        err("before 01/03/2015 - 12/03/2015");
    }

    #[test]
    fn between_and() {
        assert_eq!(
            ok("between 01/03/2015 and 12/03/2015"),
            between_w(day(2015, 3, 1), day(2015, 3, 12))
        );
    }

    #[test]
    fn range_with_dash() {
        let w = between_w(day(2015, 3, 1), day(2015, 3, 12));
        assert_eq!(ok("01/03/2015 - 12/03/2015"), w);
        assert_eq!(ok("01/03/2015 \u{2013} 12/03/2015"), w);
        assert_eq!(ok("01-03-2015 - 12-03-2015"), w);
        assert_eq!(ok("01/03/2015-12/03/2015"), w);
        assert_eq!(
            ok("2015-2016"),
            between_w(Point::Year(2015), Point::Year(2016))
        );
    }

    #[test]
    fn range_with_to() {
        let w = between_w(day(2015, 3, 1), day(2015, 3, 12));
        assert_eq!(ok("01/03/2015 to 12/03/2015"), w);
        assert_eq!(ok("from 01/03/2015 to 12/03/2015"), w);
    }

    #[test]
    fn range_of_mixed_precision() {
        assert_eq!(
            ok("between March 2015 and 12/04/2015"),
            between_w(month(2015, 3), day(2015, 4, 12))
        );
        assert_eq!(
            ok("between 2014 and March 2015"),
            between_w(Point::Year(2014), month(2015, 3))
        );
    }

    #[test]
    fn range_ending_before_start_is_an_error() {
        let m = err("between 12/03/2015 and 01/03/2015");
        assert!(m.contains("ends before it starts"), "{m}");
        err("12/03/2015 - 01/03/2015");
    }

    #[test]
    fn week_commencing() {
        let w = between_w(day(2015, 3, 2), day(2015, 3, 8));
        assert_eq!(ok("w/c 02/03/2015"), w);
        assert_eq!(ok("w/c 2/3/15"), w);
        assert_eq!(ok("W/C: 02/03/2015"), w);
        assert_eq!(ok("week commencing 02/03/2015"), w);
        assert_eq!(ok("w/e 08/03/2015"), w);
        assert!(err("w/c March 2015").contains("week"));
    }

    // --- Excel serials -----------------------------------------------------

    #[test]
    fn excel_serial_text() {
        assert_eq!(ok("42075"), exact(day(2015, 3, 12)));
        let w = ok("42075.5");
        assert_eq!(iso(&w), "2015-03-12T12:00:00+00:00");
        assert_eq!(ok("42075.0"), exact(day(2015, 3, 12)));
    }

    #[test]
    fn excel_serial_function() {
        assert_eq!(from_excel_serial(42075.0), Ok(exact(day(2015, 3, 12))));
        assert_eq!(from_excel_serial(1.0), Ok(exact(day(1900, 1, 1))));
        assert_eq!(from_excel_serial(59.0), Ok(exact(day(1900, 2, 28))));
        assert_eq!(from_excel_serial(61.0), Ok(exact(day(1900, 3, 1))));
        assert_eq!(from_excel_serial(2_958_465.0), Ok(exact(day(9999, 12, 31))));
        let w = from_excel_serial(42075.5).expect("serial");
        assert_eq!(iso(&w), "2015-03-12T12:00:00+00:00");
        let w = from_excel_serial(42197.75).expect("serial"); // 12 July 2015 18:00
        assert_eq!(iso(&w), "2015-07-12T18:00:00+01:00");
    }

    #[test]
    fn excel_serial_errors() {
        assert!(from_excel_serial(60.0)
            .expect_err("29/02/1900")
            .message
            .contains("29 February 1900"));
        for bad in [0.0, -1.0, 0.5, 1e300, f64::NAN, f64::INFINITY, 2_958_466.0] {
            assert!(from_excel_serial(bad).is_err(), "{bad}");
        }
        err("19999");
        err("2958466");
        err("1e300");
        err("999999999");
        err("99999999999999999999999999999999");
    }

    // --- times -------------------------------------------------------------

    #[test]
    fn time_forms() {
        for (s, want) in [
            ("14:30", t(14, 30, 0)),
            ("14:30:15", t(14, 30, 15)),
            ("1430", t(14, 30, 0)),
            ("1430hrs", t(14, 30, 0)),
            ("14.30", t(14, 30, 0)),
            ("2:30pm", t(14, 30, 0)),
            ("2.30 pm", t(14, 30, 0)),
            ("2 p.m.", t(14, 0, 0)),
            ("2pm", t(14, 0, 0)),
            ("9am", t(9, 0, 0)),
            ("12am", t(0, 0, 0)),
            ("12:30am", t(0, 30, 0)),
            ("12pm", t(12, 0, 0)),
            ("12:00:00 PM", t(12, 0, 0)),
            ("noon", t(12, 0, 0)),
            ("Midnight", t(0, 0, 0)),
            ("00:00", t(0, 0, 0)),
            ("23:59:59", t(23, 59, 59)),
        ] {
            assert_eq!(parse_time(s), Ok(want), "{s}");
        }
    }

    #[test]
    fn bad_times() {
        for s in [
            "25:61", "24:00", "13pm", "0am", "14:30pm", "12:60", "2400", "1:5", "", "half two",
        ] {
            assert!(parse_time(s).is_err(), "{s}");
        }
        let m = parse_time("25:61").expect_err("25:61").message;
        assert!(m.contains("\"25:61\""), "{m}");
        let m = err_t("12/03/2015", "25:61");
        assert!(m.contains("25:61"), "{m}");
        err("12/03/2015 25:61");
    }

    #[test]
    fn time_in_date_cell() {
        assert_eq!(iso(&ok("12/03/2015 14:30")), "2015-03-12T14:30:00+00:00");
        assert_eq!(
            iso(&ok("12/03/2015 at 2.30pm")),
            "2015-03-12T14:30:00+00:00"
        );
        assert_eq!(iso(&ok("12/03/2015, 2:30 pm")), "2015-03-12T14:30:00+00:00");
        assert_eq!(iso(&ok("12 March 2015 14:30")), "2015-03-12T14:30:00+00:00");
        assert_eq!(iso(&ok("14:30 on 12/03/2015")), "2015-03-12T14:30:00+00:00");
        assert_eq!(iso(&ok("12/03/2015 noon")), "2015-03-12T12:00:00+00:00");
        // Four digits are a time only in a time cell, or with "hrs".
        err("12/03/2015 1430");
        assert_eq!(iso(&ok("1430hrs 12/03/2015")), "2015-03-12T14:30:00+00:00");
        assert_eq!(iso(&ok("12/03/2015 1430 hrs")), "2015-03-12T14:30:00+00:00");
    }

    #[test]
    fn separate_time_cell() {
        let w = ok_t("12/03/2015", "14:30");
        assert_eq!(w.precision(), Precision::Instant);
        assert_eq!(iso(&w), "2015-03-12T14:30:00+00:00");
        assert_eq!(
            iso(&ok_t("12/03/2015", "1430")),
            "2015-03-12T14:30:00+00:00"
        );
        assert_eq!(ok_t("12/03/2015", "  "), exact(day(2015, 3, 12)));
        let w = ok_t("approx 12/03/2015", "2pm");
        assert_eq!(w.qualifier, Qualifier::Approx);
        assert_eq!(iso(&w), "2015-03-12T14:00:00+00:00");
    }

    #[test]
    fn time_cell_with_date_time_cell() {
        // Midnight written by a spreadsheet gives way to the time cell.
        assert_eq!(
            iso(&ok_t("12/03/2015 00:00:00", "14:30")),
            "2015-03-12T14:30:00+00:00"
        );
        assert_eq!(
            iso(&ok_t("12/03/2015 14:30", "14:30")),
            "2015-03-12T14:30:00+00:00"
        );
        assert!(err_t("12/03/2015 09:00", "14:30").contains("differs"));
    }

    #[test]
    fn time_needs_full_date() {
        assert!(err_t("March 2015", "14:30").contains("a time needs a full date"));
        assert!(err_t("2015", "14:30").contains("a time needs a full date"));
        assert!(err_t("between 01/03/2015 and 12/03/2015", "14:30").contains("range"));
        assert!(err_t("w/c 02/03/2015", "14:30").contains("range"));
        assert!(err("March 2015 14:30").contains("full date"));
    }

    // --- UK time zone ------------------------------------------------------

    #[test]
    fn bst_and_gmt_offsets() {
        assert_eq!(
            iso(&ok_t("12/07/2015", "14:30")),
            "2015-07-12T14:30:00+01:00"
        );
        assert_eq!(
            iso(&ok_t("12/01/2015", "14:30")),
            "2015-01-12T14:30:00+00:00"
        );
    }

    #[test]
    fn skipped_hour_is_an_error() {
        let m = err_t("28/03/2021", "01:30");
        assert!(m.contains("did not exist"), "{m}");
        err("28/03/2021 01:30");
        // Either side of the gap is fine.
        assert_eq!(
            iso(&ok_t("28/03/2021", "00:59")),
            "2021-03-28T00:59:00+00:00"
        );
        assert_eq!(
            iso(&ok_t("28/03/2021", "02:00")),
            "2021-03-28T02:00:00+01:00"
        );
    }

    #[test]
    fn repeated_hour_is_ambiguous_and_bst() {
        let w = ok_t("31/10/2021", "01:30");
        assert!(w.ambiguous);
        assert_eq!(iso(&w), "2021-10-31T01:30:00+01:00");
        // The GMT reading, given explicitly, is kept and is ambiguous too.
        let w = ok("2021-10-31T01:30:00+00:00");
        assert!(w.ambiguous);
        assert_eq!(iso(&w), "2021-10-31T01:30:00+00:00");
        // Round trips keep the flag and the reading.
        let w = ok_t("31/10/2021", "01:30");
        let back = ok(&w.canonical());
        assert_eq!(back, w);
        assert_eq!(iso(&back), iso(&w));
        assert!(!ok_t("31/10/2021", "02:30").ambiguous);
    }

    #[test]
    fn old_dates_are_gmt() {
        assert_eq!(iso(&ok("1800-06-01T12:00")), "1800-06-01T12:00:00+00:00");
    }

    // --- validation --------------------------------------------------------

    #[test]
    fn impossible_day_of_month() {
        let m = err("31/02/2015");
        assert!(m.contains("\"31/02/2015\""), "{m}");
        assert!(m.contains("February 2015 has 28 days"), "{m}");
        assert!(err("29/02/2015").contains("28 days"));
        assert_eq!(ok("29/02/2016"), exact(day(2016, 2, 29)));
        assert!(err("31 April 2015").contains("April 2015 has 30 days"));
    }

    #[test]
    fn month_thirteen() {
        let m = err("12/13/2015");
        assert!(m.contains("no month 13"), "{m}");
        assert!(err("13/2015").contains("no month 13"));
    }

    #[test]
    fn day_zero() {
        assert!(err("00/03/2015").contains("no day 0"));
    }

    #[test]
    fn empty_date() {
        assert_eq!(err(""), "the date is empty");
        assert_eq!(err("   "), "the date is empty");
        assert_eq!(err_t("", "14:30"), "the date is empty");
    }

    #[test]
    fn garbage() {
        assert_eq!(
            err("next Tuesday"),
            "\"next Tuesday\" is not a date Sightline can read"
        );
        for s in [
            "12",
            "12/03",
            "2015-03-12-01",
            "tomorrow",
            "12//2015",
            "-",
            "?",
            "approx",
        ] {
            err(s);
        }
    }

    // --- output ------------------------------------------------------------

    #[test]
    fn iso_output() {
        let w = ok("between 2014 and March 2015");
        assert_eq!(w.start_iso(), "2014");
        assert_eq!(w.end_iso().as_deref(), Some("2015-03"));
        assert_eq!(ok("12/03/2015").end_iso(), None);
    }

    #[test]
    fn canonical_forms() {
        assert_eq!(ok("approx March 2015").canonical(), "approx. 2015-03");
        assert_eq!(ok("by 12/03/2015").canonical(), "before 2015-03-12");
        assert_eq!(
            ok("01/03/2015 - 12/03/2015").canonical(),
            "between 2015-03-01 and 2015-03-12"
        );
        assert_eq!(
            ok_t("12/03/2015", "14:30").to_string(),
            "2015-03-12T14:30:00+00:00"
        );
    }

    #[test]
    fn bounds_of_days() {
        // 12 March 2015 (GMT): 24 hours from midnight UTC.
        let (lo, hi) = ok("12/03/2015").bounds();
        assert_eq!(lo, 1_426_118_400);
        assert_eq!(hi - lo, 86_400);
        // A summer day starts at 23:00 UTC the day before.
        let (lo, hi) = ok("12/07/2015").bounds();
        assert_eq!(lo, 1_436_655_600);
        assert_eq!(hi - lo, 86_400);
        // Clocks forward: 23 hours; back: 25 hours.
        let (lo, hi) = ok("28/03/2021").bounds();
        assert_eq!(hi - lo, 23 * 3600);
        let (lo, hi) = ok("31/10/2021").bounds();
        assert_eq!(hi - lo, 25 * 3600);
    }

    #[test]
    fn bounds_of_other_precisions() {
        let (lo, hi) = ok("March 2015").bounds();
        assert_eq!(lo, ok("01/03/2015").bounds().0);
        assert_eq!(hi, ok("01/04/2015").bounds().0);
        let (lo, hi) = ok("2015").bounds();
        assert_eq!(lo, ok("01/01/2015").bounds().0);
        assert_eq!(hi, ok("01/01/2016").bounds().0);
        let w = ok_t("12/03/2015", "14:30");
        let (lo, hi) = w.bounds();
        assert_eq!(hi - lo, 1);
        assert_eq!(lo, 1_426_170_600);
        assert_eq!(ok("approx. 12/03/2015").bounds(), ok("12/03/2015").bounds());
        let day_b = ok("12/03/2015").bounds();
        assert_eq!(ok("before 12/03/2015").bounds(), (UNBOUNDED_PAST, day_b.0));
        assert_eq!(ok("after 12/03/2015").bounds(), (day_b.1, UNBOUNDED_FUTURE));
        assert_eq!(
            ok("01/03/2015 - 12/03/2015").bounds(),
            (ok("01/03/2015").bounds().0, day_b.1)
        );
        // A hand-built impossible point covers all time rather than panicking.
        assert_eq!(month(2015, 13).bounds(), (UNBOUNDED_PAST, UNBOUNDED_FUTURE));
    }

    #[test]
    fn json_contract() {
        let w = ok("between 01/03/2015 and 12/03/2015");
        let v = serde_json::to_value(w).expect("json");
        assert_eq!(
            v,
            serde_json::json!({
                "start": "2015-03-01",
                "end": "2015-03-12",
                "precision": "day",
                "qualifier": "between",
                "ambiguous": false
            })
        );
        let w = ok_t("31/10/2021", "01:30");
        let v = serde_json::to_value(w).expect("json");
        assert_eq!(
            v,
            serde_json::json!({
                "start": "2021-10-31T01:30:00+01:00",
                "end": null,
                "precision": "instant",
                "qualifier": "exact",
                "ambiguous": true
            })
        );
    }

    #[test]
    fn json_round_trip() {
        for s in [
            "12/03/2015",
            "approx March 2015",
            "before 2015",
            "after 12/03/2015 14:30",
            "w/c 02/03/2015",
            "31/10/2021 01:30",
        ] {
            let w = ok(s);
            let text = serde_json::to_string(&w).expect("json");
            let back: When = serde_json::from_str(&text).expect("read back");
            assert_eq!(back, w, "{s}");
            assert_eq!(back.start_iso(), w.start_iso(), "{s}");
        }
        assert!(serde_json::from_str::<When>(
            r#"{"start":"2015","end":"2016","precision":"year","qualifier":"exact","ambiguous":false}"#
        )
        .is_err());
    }

    // --- properties --------------------------------------------------------

    fn arb_point() -> impl Strategy<Value = Point> {
        prop_oneof![
            (
                1900i32..=2100,
                1u32..=12,
                1u32..=31,
                0u32..24,
                0u32..60,
                0u32..60
            )
                .prop_filter_map("a real UK local time", |(y, m, d, h, mi, s)| {
                    let date = NaiveDate::from_ymd_opt(y, m, d)?;
                    let tod = TimeOfDay {
                        time: NaiveTime::from_hms_opt(h, mi, s)?,
                        offset: None,
                    };
                    uk_instant(date, tod, "")
                        .ok()
                        .map(|(dt, _)| Point::Instant(dt))
                }),
            (1000i32..=9999, 1u32..=12, 1u32..=31).prop_filter_map("a real day", |(y, m, d)| {
                NaiveDate::from_ymd_opt(y, m, d).map(Point::Day)
            }),
            (1000i32..=9999, 1u32..=12).prop_map(|(year, month)| Point::Month { year, month }),
            (1900i32..=2100).prop_map(Point::Year),
        ]
    }

    fn is_ambiguous(p: &Point) -> bool {
        match p {
            Point::Instant(dt) => {
                matches!(uk_offsets(dt.naive_local()), LocalResult::Ambiguous(..))
            }
            _ => false,
        }
    }

    fn arb_when() -> impl Strategy<Value = When> {
        let single = (
            arb_point(),
            prop_oneof![
                Just(Qualifier::Exact),
                Just(Qualifier::Approx),
                Just(Qualifier::Before),
                Just(Qualifier::After),
            ],
        )
            .prop_map(|(p, q)| When::single(p, q, is_ambiguous(&p)));
        let range = (arb_point(), arb_point()).prop_map(|(a, b)| {
            let (a, b) = if b.bounds().0 < a.bounds().0 {
                (b, a)
            } else {
                (a, b)
            };
            When {
                start: a,
                end: Some(b),
                qualifier: Qualifier::Between,
                ambiguous: is_ambiguous(&a) || is_ambiguous(&b),
            }
        });
        prop_oneof![single, range]
    }

    /// Ambiguous instants are rare by chance; these are certain.
    #[test]
    fn canonical_round_trip_of_repeated_hour() {
        for s in [
            "2021-10-31T01:00:00+01:00",
            "2021-10-31T01:59:59+01:00",
            "2021-10-31T01:00:00+00:00",
            "2021-10-31T01:59:59+00:00",
        ] {
            let w = ok(s);
            assert!(w.ambiguous, "{s}");
            assert_eq!(w.canonical(), s);
            let back = ok(&w.canonical());
            assert_eq!(back, w);
            assert_eq!(back.start_iso(), w.start_iso());
        }
        let w = ok("between 2021-10-31T01:30:00+00:00 and 2021-10-31T03:00:00+00:00");
        assert!(w.ambiguous);
        assert_eq!(ok(&w.canonical()), w);
    }

    const JUNK_WORDS: &[&str] = &[
        "12",
        "03",
        "2015",
        "15",
        "99",
        "0",
        "00",
        "31",
        "/",
        "-",
        ".",
        ":",
        " ",
        ",",
        "?",
        "??",
        "xx",
        "t",
        "z",
        "+01:00",
        "-05",
        "march",
        "mar",
        "sept",
        "thursday",
        "12th",
        "of",
        "the",
        "approx.",
        "c.",
        "circa",
        "(approx)",
        "before",
        "by",
        "after",
        "post",
        "between",
        "and",
        "to",
        "from",
        "w/c",
        "w/e",
        "week commencing",
        "pm",
        "am",
        "noon",
        "midnight",
        "14:30",
        "25:61",
        "2:30",
        "1430",
        "42075",
        "42075.5",
        "60",
        "999999999",
        "1e300",
        "9999",
        "0000",
        "\u{2013}",
        "é",
        "日",
        "\u{a0}",
        "(",
        ")",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn canonical_round_trips(w in arb_when()) {
            let text = w.canonical();
            let back = parse_when(&text, None);
            prop_assert_eq!(back.as_ref().ok(), Some(&w), "{} gave {:?}", text, back);
            if let Ok(back) = back {
                prop_assert_eq!(back.start_iso(), w.start_iso());
                prop_assert_eq!(back.end_iso(), w.end_iso());
                prop_assert_eq!(back.canonical(), text);
            }
        }

        #[test]
        fn stored_dates_read_back_as_parse_when_reads_them(w in arb_when()) {
            let text = w.canonical();
            prop_assert_eq!(parse_canonical(&text), parse_when(&text, None));
        }

        #[test]
        fn the_iso_day_shortcut_agrees_with_parse_when(
            y in 0u32..12000, m in 0u32..14, d in 0u32..33,
            junk in "[0-9-]{10}",
        ) {
            let text = format!("{y:04}-{m:02}-{d:02}");
            prop_assert_eq!(parse_canonical(&text), parse_when(&text, None), "{}", text);
            prop_assert_eq!(parse_canonical(&junk), parse_when(&junk, None), "{}", junk);
        }

        #[test]
        fn bounds_are_ordered(w in arb_when()) {
            let (lo, hi) = w.bounds();
            prop_assert!(lo <= hi);
            if w.qualifier != Qualifier::Before && w.qualifier != Qualifier::After {
                prop_assert!(lo < hi);
            }
        }

        #[test]
        fn never_panics_on_any_text(date in ".*", time in proptest::option::of(".*")) {
            let _ = parse_when(&date, time.as_deref());
            let _ = parse_time(&date);
        }

        #[test]
        fn never_panics_on_structured_junk(
            words in proptest::collection::vec(proptest::sample::select(JUNK_WORDS), 0..8),
            time_words in proptest::collection::vec(proptest::sample::select(JUNK_WORDS), 0..3),
        ) {
            let date = words.concat();
            let time = time_words.concat();
            let _ = parse_when(&date, Some(&time));
            let _ = parse_when(&words.join(" "), None);
            let _ = parse_time(&time);
        }

        #[test]
        fn never_panics_on_numbers(
            d in any::<u64>(), m in any::<u64>(), y in any::<u64>(), f in any::<f64>(),
        ) {
            let _ = parse_when(&format!("{d}/{m}/{y}"), None);
            let _ = parse_when(&format!("{y}-{m}-{d}T{d}:{m}"), None);
            let _ = parse_when(&format!("{d} March {y}"), None);
            let _ = parse_when(&format!("{f}"), None);
            let _ = parse_when(&format!("{d}.{m}"), Some(&format!("{m}:{d}")));
            let _ = from_excel_serial(f);
        }

        #[test]
        fn parsed_dates_round_trip(
            d in 1u32..=31, m in 1u32..=12, y in 1930u32..=2029,
            form in 0usize..4,
        ) {
            let text = match form {
                0 => format!("{d}/{m}/{y}"),
                1 => format!("{d:02}.{m:02}.{:02}", y % 100),
                2 => format!("{d} {} {y}", MONTH_NAMES[(m - 1) as usize]),
                _ => format!("{y}-{m:02}-{d:02}"),
            };
            if let Ok(w) = parse_when(&text, None) {
                let Point::Day(date) = w.start else {
                    return Err(TestCaseError::fail(format!("{text} is not a day")));
                };
                prop_assert_eq!((date.day(), date.month(), date.year()), (d, m, y as i32));
                prop_assert_eq!(parse_when(&w.canonical(), None), Ok(w));
            } else {
                prop_assert!(NaiveDate::from_ymd_opt(y as i32, m, d).is_none(), "{}", text);
            }
        }
    }
}
