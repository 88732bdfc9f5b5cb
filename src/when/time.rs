//! Reading a time of day, a UTC offset, and a time kept in its own cell.

use chrono::{FixedOffset, NaiveTime};

use super::day::digits;
use super::london::uk_instant;
use super::parse::{bad, Problem, TimeOfDay};
use super::{Point, Qualifier, When};

/// Reads a time of day. `compact` allows `1430` (a time cell only);
/// `offset_ok` allows a trailing `Z` or `+01:00` on a 24-hour time.
pub(super) fn read_time(s: &str, compact: bool, offset_ok: bool) -> Result<TimeOfDay, Problem> {
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
pub(super) fn with_time_cell(when: When, date: &str, time: &str) -> Result<When, Problem> {
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
