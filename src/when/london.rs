//! UK local time: the GMT/BST offset in force for a local time or an
//! instant, and where a UK day starts.

use chrono::{
    DateTime, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, Offset, TimeDelta, TimeZone,
};
use chrono_tz::Europe::London;

use super::parse::{bad, Problem, TimeOfDay};

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
pub(super) fn uk_offsets(local: NaiveDateTime) -> LocalResult<FixedOffset> {
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
pub(super) fn uk_instant(
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
pub(super) fn uk_day_start(day: NaiveDate) -> i64 {
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

/// UTC seconds of an ISO-8601 date or date-time, as the JSON shapes write
/// them: a date-time as given, a date at its UK midnight. `None` for
/// anything else (a month or a year alone).
pub fn iso_seconds(iso: &str) -> Option<i64> {
    if let Ok(d) = DateTime::parse_from_rfc3339(iso) {
        return Some(d.timestamp());
    }
    let date = NaiveDate::parse_from_str(iso.get(..10)?, "%Y-%m-%d").ok()?;
    London
        .from_local_datetime(&date.and_hms_opt(0, 0, 0)?)
        .earliest()
        .map(|d| d.timestamp())
}
