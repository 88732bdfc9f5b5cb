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

mod canonical;
mod day;
mod london;
mod mentions;
mod parse;
#[cfg(test)]
mod tests;
mod time;

use std::fmt;

use chrono::{DateTime, Datelike, Days, FixedOffset, Months, NaiveDate, Timelike};
use serde::{Deserialize, Serialize};

pub use canonical::{parse_canonical, uk_text};
use day::{describe_day, month_name};
pub use london::iso_seconds;
use london::uk_day_start;
pub use mentions::days_mentioned;
pub use parse::{from_excel_serial, parse_time, parse_when};

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

    /// The UK calendar day of the start point, when it is a day or an
    /// instant (a month or a year has none).
    pub fn day(&self) -> Option<NaiveDate> {
        match self.start {
            Point::Day(d) => Some(d),
            Point::Instant(t) => Some(t.date_naive()),
            Point::Month { .. } | Point::Year(_) => None,
        }
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
