//! The text forms of a date: the stored canonical form (how a date is
//! serialised and read back) and the form a UK reader expects in a report.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::parse::parse_when;
use super::{DateError, Point, Precision, Qualifier, When, MAX_YEAR, MIN_YEAR};

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

impl Serialize for When {
    /// `{ "start", "end", "precision", "qualifier", "ambiguous" }`: the fixed
    /// JSON shape of `records --json` (README, "JSON shapes").
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
