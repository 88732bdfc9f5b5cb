//! Reading the date itself: day-first numbers, ISO forms, month and weekday
//! names, bare years and Excel serial numbers.

use chrono::{Datelike, Days, Months, NaiveDate, NaiveTime, Weekday};

use super::parse::{bad, DatePart, Problem, Reading, TimeOfDay};
use super::{BARE_YEAR_MAX, BARE_YEAR_MIN, MAX_YEAR, MIN_YEAR, SERIAL_MAX, SERIAL_TEXT_MIN};

/// A run of 1..=`max` ASCII digits, at least `min` long.
pub(super) fn digits(s: &str, min: usize, max: usize) -> Option<u32> {
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

pub(super) fn numeric_date(s: &str) -> Result<Reading, Problem> {
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
pub(super) fn excel_serial(serial: f64, text: &str) -> Result<Reading, Problem> {
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

pub(super) fn days_in_month(year: i32, month: u32) -> u32 {
    NaiveDate::from_ymd_opt(year, month, 1)
        .and_then(|d| d.checked_add_months(Months::new(1)))
        .and_then(|d| d.pred_opt())
        .map_or(31, |d| d.day())
}

pub(super) const MONTH_NAMES: [&str; 12] = [
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

pub(super) fn month_name(month: u32) -> &'static str {
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

pub(super) fn describe_day(d: NaiveDate) -> String {
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

/// Reads a numeric date after a weekday ("Mon 13.03.23", "Tuesday,
/// 05/09/2023"), checking that the day was that weekday. None when `s`
/// does not start with a weekday followed by a numeric date.
pub(super) fn weekday_numeric_date(s: &str) -> Option<Result<Reading, Problem>> {
    let (word, rest) = s.split_once([' ', ','])?;
    let weekday = weekday_word(&word.trim_end_matches('.').to_ascii_lowercase())?;
    let rest = rest.trim_start_matches([' ', ',']).trim();
    if rest.is_empty()
        || !rest
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'/' | b'-' | b'.'))
    {
        return None;
    }
    Some(numeric_date(rest).and_then(|reading| match reading.date {
        DatePart::Day(d) if d.weekday() != weekday => bad(format!(
            "\"{s}\" does not add up: {} was a {}, not a {}",
            describe_day(d),
            weekday_name(d.weekday()),
            weekday_name(weekday)
        )),
        DatePart::Day(_) => Ok(reading),
        _ => bad(format!("\"{s}\" names a weekday but not a full date")),
    }))
}

/// Reads a date written with a month name.
pub(super) fn named_date(s: &str) -> Result<DatePart, Problem> {
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
