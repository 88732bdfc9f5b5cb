//! Earlier days a record's text refers to: "re DA incident Sat 03/06",
//! "low mood since the assault on 3rd June", "following the call of
//! 19.03.22". A practitioner writing about an event already recorded names
//! its day; reading that day lets the analysis tell the same event told
//! again from a new one.

use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

/// How far back a day written without its year is looked for: the latest
/// such day on or before the record's own, within a year.
const YEARLESS_BACK_DAYS: i64 = 366;

/// A day without its year up to this many days after the record is a day
/// ahead, not last year's.
const AHEAD_DAYS: i64 = 183;

/// The days before `on` that `text` names, day first as UK records write
/// them: `03/06`, `3/6/23`, `03.06.2023` (a dotted day needs its year, so
/// that a time such as `12.30` is never read as a day), `3 June`,
/// `3rd June 2023`, `the 3rd of June`. A day without its year is this
/// year's, or last year's when this year's is well ahead. Days on or after `on`, impossible days
/// (`31/02`) and days more than a year before `on` are left out, and each
/// day comes back once, in the order first named.
pub fn days_mentioned(text: &str, on: NaiveDate) -> Vec<NaiveDate> {
    let mut days = Vec::new();
    let mut push = |d: Option<NaiveDate>| {
        if let Some(d) = d.filter(|d| *d < on && (on - *d).num_days() <= YEARLESS_BACK_DAYS) {
            if !days.contains(&d) {
                days.push(d);
            }
        }
    };
    for c in numeric().captures_iter(text) {
        let whole = c.get(0).map_or(0..0, |m| m.range());
        let before = text[..whole.start].chars().next_back();
        let after = text[whole.end..].chars().next();
        if before.is_some_and(|b| matches!(b, '/' | '.' | ':' | '£' | '$'))
            || after.is_some_and(|a| matches!(a, '/' | '%') || a.is_ascii_digit())
        {
            continue;
        }
        let day = c[1].parse::<u32>().ok();
        let month = c[3].parse::<u32>().ok();
        let year = c.get(4).and_then(|y| year_of(y.as_str()));
        if c.get(4).is_none() && &c[2] == "." {
            continue;
        }
        if let (Some(day), Some(month)) = (day, month) {
            push(resolve(day, month, year, on));
        }
    }
    for c in named().captures_iter(text) {
        let day = c[1].parse::<u32>().ok();
        let month = month_number(&c[2]);
        let year = c.get(3).and_then(|y| year_of(y.as_str()));
        if let (Some(day), Some(month)) = (day, month) {
            push(resolve(day, month, year, on));
        }
    }
    days
}

/// `dd/mm`, `dd/mm/yy`, `dd/mm/yyyy` and the dotted forms; the caller
/// leaves out those inside a longer run of digits and slashes, a sum of
/// money or a clock time.
fn numeric() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"\b(\d{1,2})([/.])(\d{1,2})(?:[/.](\d{4}|\d{2}))?\b")
            .expect("the numeric day pattern is valid")
    })
}

/// `3 June`, `3rd June 2023`, `3rd of Jun`.
fn named() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?(?:,?\s+(\d{4}))?",
        )
        .expect("the named day pattern is valid")
    })
}

/// The month a name or its short form stands for.
fn month_number(name: &str) -> Option<u32> {
    let m = name.to_ascii_lowercase();
    const SHORT: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    SHORT
        .iter()
        .position(|s| m.starts_with(s))
        .and_then(|i| u32::try_from(i + 1).ok())
}

/// A written year: four digits, or two (`23` is 2023).
fn year_of(s: &str) -> Option<i32> {
    let v: i32 = s.parse().ok()?;
    match s.len() {
        2 => Some(2000 + v),
        4 => Some(v),
        _ => None,
    }
}

/// The day itself, or (with no year) the nearest such day: this year's, or
/// last year's when this year's is more than half a year ahead (a day a few
/// weeks ahead is a plan, "review booked for 20/06", and is no earlier day).
fn resolve(day: u32, month: u32, year: Option<i32>, on: NaiveDate) -> Option<NaiveDate> {
    match year {
        Some(y) => NaiveDate::from_ymd_opt(y, month, day),
        None => {
            let this = NaiveDate::from_ymd_opt(on.year(), month, day)?;
            if this <= on {
                Some(this)
            } else if (this - on).num_days() > AHEAD_DAYS {
                NaiveDate::from_ymd_opt(on.year() - 1, month, day)
            } else {
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_day_without_its_year_is_the_latest_before_the_record() {
        let on = d(2023, 6, 13);
        assert_eq!(
            days_mentioned("Low mood since DA incident 03/06. PHQ-9 14.", on),
            vec![d(2023, 6, 3)]
        );
        assert_eq!(
            days_mentioned("MASH request re DA incident 03/06.", on),
            vec![d(2023, 6, 3)]
        );
        assert_eq!(
            days_mentioned("Re incident Sat 03/06: Ryan pushed Jade", on),
            vec![d(2023, 6, 3)]
        );
        // December named in January is last year's.
        assert_eq!(
            days_mentioned("following the call on 28/12", d(2024, 1, 9)),
            vec![d(2023, 12, 28)]
        );
    }

    #[test]
    fn days_with_years_and_month_names_are_read() {
        let on = d(2023, 6, 13);
        assert_eq!(
            days_mentioned("PPN 19.03.23 and the assault on 3rd June", on),
            vec![d(2023, 3, 19), d(2023, 6, 3)]
        );
        assert_eq!(
            days_mentioned("calls 01/06 02/06 and 03/06", on),
            vec![d(2023, 6, 1), d(2023, 6, 2), d(2023, 6, 3)]
        );
        assert_eq!(
            days_mentioned("PPN 19.03.23 and the assault on 3rd June", on),
            vec![d(2023, 3, 19), d(2023, 6, 3)]
        );
        assert_eq!(
            days_mentioned("seen on the 2nd of June 2023", on),
            vec![d(2023, 6, 2)]
        );
    }

    #[test]
    fn times_ages_scores_later_and_impossible_days_are_not_days() {
        let on = d(2023, 6, 13);
        for text in [
            "Replied 12.30 by secure email",
            "Seen at 09:30",
            "Review booked for 20/06",
            "Score 15/20 on the screen",
            "No such day as 31/02",
            "Amount £10.50 owed",
            "Reference 12/34/56",
            "Last seen 01/01/2020",
            "attendance 96.1%",
        ] {
            assert!(days_mentioned(text, on).is_empty(), "{text}");
        }
    }
}
