//! Reading dates of birth as agencies write them.

use chrono::{Datelike, NaiveDate};

/// A date of birth as a comparable key: "YYYY-MM-DD" when it can be read
/// (UK day-first, ISO, month names, two-digit years, Excel serials), else the
/// folded text prefixed with '?'. None when blank.
pub(super) fn dob_key(raw: &str) -> Option<String> {
    let s = raw.trim();
    if !s.chars().any(|c| c.is_ascii_digit()) {
        // Blank, "unknown", "not given": no date of birth.
        return None;
    }
    if let Some(d) = parse_dob(s) {
        return Some(d.format("%Y-%m-%d").to_string());
    }
    let folded: String = s
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(|c| c.to_lowercase())
        .collect();
    if folded.is_empty() {
        None
    } else {
        Some(format!("?{folded}"))
    }
}

/// The year of a date-of-birth key, when it was read as a date.
pub(super) fn dob_year(key: &str) -> Option<i32> {
    if key.starts_with('?') {
        return None;
    }
    key.get(0..4)?.parse().ok()
}

fn month(word: &str) -> Option<u32> {
    let w = word.to_ascii_lowercase();
    let m = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let p = w.get(0..3)?;
    m.iter()
        .position(|x| *x == p)
        .map(|i| i as u32 + 1)
        .filter(|_| w.chars().all(|c| c.is_ascii_alphabetic()))
}

fn year(word: &str) -> Option<i32> {
    let y: i32 = word.parse().ok()?;
    match word.len() {
        2 => Some(if y < 50 { 2000 + y } else { 1900 + y }),
        4 => Some(y),
        _ => None,
    }
}

pub(super) fn parse_dob(s: &str) -> Option<NaiveDate> {
    let parts: Vec<&str> = s
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() == 1 && parts[0].len() <= 5 && parts[0].chars().all(|c| c.is_ascii_digit()) {
        // An Excel serial.
        let n: i64 = parts[0].parse().ok()?;
        if (1000..=80000).contains(&n) {
            let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
            return base.checked_add_signed(chrono::Duration::days(n));
        }
        return None;
    }
    if parts.len() < 3 {
        return None;
    }
    let (a, b, c) = (parts[0], parts[1], parts[2]);
    let num = |x: &str| -> Option<u32> {
        if x.len() <= 2 {
            x.parse().ok()
        } else {
            None
        }
    };
    let date = if a.len() == 4 && a.chars().all(|c| c.is_ascii_digit()) {
        NaiveDate::from_ymd_opt(a.parse().ok()?, num(b).or_else(|| month(b))?, num(c)?)?
    } else if let Some(m) = month(b) {
        NaiveDate::from_ymd_opt(year(c)?, m, num(a)?)?
    } else if let Some(m) = month(a) {
        NaiveDate::from_ymd_opt(year(c)?, m, num(b)?)?
    } else {
        NaiveDate::from_ymd_opt(year(c)?, num(b)?, num(a)?)?
    };
    (1900..=2100).contains(&date.year()).then_some(date)
}
