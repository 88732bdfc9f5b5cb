//! Working days in England and Wales: weekends and bank holidays, for the
//! thresholds that are set in working days (strategy discussions, initial
//! conferences, referral decisions) and for "the next school day".
//!
//! Bank holidays are computed for any year from the statutory rules
//! (substitute days when a fixed holiday falls at a weekend; Easter by the
//! Gregorian computus), with the one-off changes proclaimed since 1995.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Easter Sunday (Gregorian), by the anonymous computus.
pub fn easter(year: i32) -> Option<NaiveDate> {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b.div_euclid(4);
    let e = b.rem_euclid(4);
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c.div_euclid(4);
    let k = c.rem_euclid(4);
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l).div_euclid(451);
    let month = (h + l - 7 * m + 114).div_euclid(31);
    let day = (h + l - 7 * m + 114).rem_euclid(31) + 1;
    date(year, month as u32, day as u32)
}

fn first_weekday(y: i32, m: u32, wd: Weekday) -> Option<NaiveDate> {
    let mut d = date(y, m, 1)?;
    while d.weekday() != wd {
        d = d.succ_opt()?;
    }
    Some(d)
}

fn last_weekday(y: i32, m: u32, wd: Weekday) -> Option<NaiveDate> {
    let next = if m == 12 {
        date(y + 1, 1, 1)?
    } else {
        date(y, m + 1, 1)?
    };
    let mut d = next.pred_opt()?;
    while d.weekday() != wd {
        d = d.pred_opt()?;
    }
    Some(d)
}

/// Every bank holiday in England and Wales in `year`, in date order.
pub fn bank_holidays(year: i32) -> Vec<NaiveDate> {
    let mut out: Vec<NaiveDate> = Vec::new();
    // New Year's Day, or the next Monday.
    if let Some(d) = date(year, 1, 1) {
        out.push(match d.weekday() {
            Weekday::Sat => d + Duration::days(2),
            Weekday::Sun => d + Duration::days(1),
            _ => d,
        });
    }
    if let Some(e) = easter(year) {
        out.push(e - Duration::days(2));
        out.push(e + Duration::days(1));
    }
    // Early May: first Monday (moved to VE Day, Friday 8 May, in 1995 and 2020).
    match year {
        1995 | 2020 => out.extend(date(year, 5, 8)),
        _ => out.extend(first_weekday(year, 5, Weekday::Mon)),
    }
    // Spring: last Monday of May, moved for the 2002, 2012 and 2022 jubilees.
    match year {
        2002 => out.extend([date(2002, 6, 3), date(2002, 6, 4)].into_iter().flatten()),
        2012 => out.extend([date(2012, 6, 4), date(2012, 6, 5)].into_iter().flatten()),
        2022 => out.extend([date(2022, 6, 2), date(2022, 6, 3)].into_iter().flatten()),
        _ => out.extend(last_weekday(year, 5, Weekday::Mon)),
    }
    out.extend(last_weekday(year, 8, Weekday::Mon));
    // Christmas Day and Boxing Day, with substitutes.
    if let (Some(xmas), Some(boxing)) = (date(year, 12, 25), date(year, 12, 26)) {
        match xmas.weekday() {
            Weekday::Fri => out.extend([xmas, xmas + Duration::days(3)]),
            Weekday::Sat => out.extend([xmas + Duration::days(2), xmas + Duration::days(3)]),
            Weekday::Sun => out.extend([xmas + Duration::days(1), xmas + Duration::days(2)]),
            _ => out.extend([xmas, boxing]),
        }
    }
    // One-off holidays.
    let extra: &[(i32, u32, u32)] = &[
        (1999, 12, 31), // Millennium
        (2011, 4, 29),  // Royal wedding
        (2022, 9, 19),  // State funeral of Queen Elizabeth II
        (2023, 5, 8),   // Coronation of King Charles III
    ];
    out.extend(
        extra
            .iter()
            .filter(|(y, _, _)| *y == year)
            .filter_map(|(y, m, d)| date(*y, *m, *d)),
    );
    out.sort_unstable();
    out.dedup();
    out
}

/// A calendar of working days, caching bank holidays by year.
#[derive(Clone, Debug, Default)]
pub struct WorkingDays {
    holidays: std::collections::HashMap<i32, Vec<NaiveDate>>,
}

impl WorkingDays {
    /// A new calendar.
    pub fn new() -> WorkingDays {
        WorkingDays::default()
    }

    /// True for Monday to Friday other than bank holidays.
    pub fn is_working_day(&mut self, d: NaiveDate) -> bool {
        if matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
            return false;
        }
        let list = self
            .holidays
            .entry(d.year())
            .or_insert_with(|| bank_holidays(d.year()));
        list.binary_search(&d).is_err()
    }

    /// The first working day strictly after `d`.
    pub fn next_working_day(&mut self, d: NaiveDate) -> NaiveDate {
        let mut n = d;
        for _ in 0..30 {
            match n.succ_opt() {
                Some(s) => n = s,
                None => return d,
            }
            if self.is_working_day(n) {
                return n;
            }
        }
        n
    }

    /// The working day `n` working days after `d` (n = 0 gives `d` itself).
    pub fn add_working_days(&mut self, d: NaiveDate, n: u32) -> NaiveDate {
        let mut out = d;
        for _ in 0..n {
            out = self.next_working_day(out);
        }
        out
    }

    /// Working days strictly after `from` up to and including `to` (0 when
    /// `to` is not after `from`).
    pub fn working_days_between(&mut self, from: NaiveDate, to: NaiveDate) -> i64 {
        self.count_between(from, to, WorkingDays::is_working_day)
    }

    /// Days strictly after `from` up to and including `to` for which `is`
    /// holds.
    fn count_between(
        &mut self,
        from: NaiveDate,
        to: NaiveDate,
        is: fn(&mut WorkingDays, NaiveDate) -> bool,
    ) -> i64 {
        let mut n = 0;
        let mut d = from;
        while d < to {
            match d.succ_opt() {
                Some(s) => d = s,
                None => break,
            }
            if is(self, d) {
                n += 1;
            }
        }
        n
    }

    /// True for a working day in term time: a working day outside the
    /// school holidays of [`school_holiday`].
    pub fn is_school_day(&mut self, d: NaiveDate) -> bool {
        self.is_working_day(d) && !school_holiday(d)
    }

    /// School days strictly after `from` up to and including `to` (0 when
    /// `to` is not after `from`).
    pub fn school_days_between(&mut self, from: NaiveDate, to: NaiveDate) -> i64 {
        self.count_between(from, to, WorkingDays::is_school_day)
    }
}

/// True on a day of the usual English school holidays, as an estimate:
/// term dates differ between areas and schools, so these are the weeks
/// most schools are closed. Summer from 22 July to 31 August; Christmas
/// from 22 December to 1 January; Easter from the Friday a week before
/// Good Friday to the Friday after Easter Monday; and the half-term weeks
/// that hold 15 February, the last Monday of May and 25 October.
pub fn school_holiday(d: NaiveDate) -> bool {
    let (m, day) = (d.month(), d.day());
    if (m == 7 && day >= 22) || m == 8 || (m == 12 && day >= 22) || (m == 1 && day == 1) {
        return true;
    }
    let week_of = |x: Option<NaiveDate>| {
        x.is_some_and(|x| {
            let monday = x - chrono::Duration::days(i64::from(x.weekday().num_days_from_monday()));
            d >= monday && d < monday + chrono::Duration::days(7)
        })
    };
    let last_monday_of_may = NaiveDate::from_ymd_opt(d.year(), 5, 31)
        .map(|x| x - chrono::Duration::days(i64::from(x.weekday().num_days_from_monday())));
    if week_of(NaiveDate::from_ymd_opt(d.year(), 2, 15))
        || week_of(last_monday_of_may)
        || week_of(NaiveDate::from_ymd_opt(d.year(), 10, 25))
    {
        return true;
    }
    easter(d.year())
        .is_some_and(|e| d >= e - chrono::Duration::days(9) && d <= e + chrono::Duration::days(5))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn easter_dates() {
        assert_eq!(easter(2021), Some(d(2021, 4, 4)));
        assert_eq!(easter(2022), Some(d(2022, 4, 17)));
        assert_eq!(easter(2019), Some(d(2019, 4, 21)));
        assert_eq!(easter(2024), Some(d(2024, 3, 31)));
    }

    #[test]
    fn bank_holidays_2021_and_2022_match_the_published_lists() {
        assert_eq!(
            bank_holidays(2021),
            vec![
                d(2021, 1, 1),
                d(2021, 4, 2),
                d(2021, 4, 5),
                d(2021, 5, 3),
                d(2021, 5, 31),
                d(2021, 8, 30),
                d(2021, 12, 27),
                d(2021, 12, 28),
            ]
        );
        assert_eq!(
            bank_holidays(2022),
            vec![
                d(2022, 1, 3),
                d(2022, 4, 15),
                d(2022, 4, 18),
                d(2022, 5, 2),
                d(2022, 6, 2),
                d(2022, 6, 3),
                d(2022, 8, 29),
                d(2022, 9, 19),
                d(2022, 12, 26),
                d(2022, 12, 27),
            ]
        );
        assert!(bank_holidays(2020).contains(&d(2020, 5, 8)));
    }

    #[test]
    fn working_days_skip_weekends_and_holidays() {
        let mut w = WorkingDays::new();
        // Friday 2 April 2021 is Good Friday, Monday 5 April Easter Monday.
        assert_eq!(w.next_working_day(d(2021, 4, 1)), d(2021, 4, 6));
        assert_eq!(w.add_working_days(d(2021, 3, 31), 3), d(2021, 4, 7));
        assert_eq!(w.working_days_between(d(2021, 4, 1), d(2021, 4, 8)), 3);
        assert_eq!(w.working_days_between(d(2021, 4, 8), d(2021, 4, 1)), 0);
        assert!(!w.is_working_day(d(2021, 12, 27)));
        assert!(w.is_working_day(d(2021, 12, 29)));
    }

    #[test]
    fn school_holidays_are_the_usual_english_weeks() {
        // Summer, Christmas, Easter 2024 (Easter Day 31 March), and the
        // half terms of February, May and October.
        for day in [
            d(2024, 7, 22),
            d(2024, 8, 30),
            d(2024, 12, 23),
            d(2024, 3, 25),
            d(2024, 4, 5),
            d(2024, 2, 12),
            d(2024, 5, 28),
            d(2024, 10, 21),
        ] {
            assert!(school_holiday(day), "{day}");
        }
        for day in [
            d(2024, 7, 19),
            d(2024, 9, 2),
            d(2024, 12, 20),
            d(2024, 1, 2),
            d(2024, 4, 8),
            d(2024, 2, 19),
            d(2024, 6, 3),
            d(2024, 10, 28),
        ] {
            assert!(!school_holiday(day), "{day}");
        }
    }

    #[test]
    fn school_days_leave_out_weekends_and_holidays() {
        let mut days = WorkingDays::new();
        // Monday 8 July 2024 to Monday 2 September: ten school days in
        // July, none in August, then the Monday.
        assert_eq!(days.school_days_between(d(2024, 7, 7), d(2024, 9, 2)), 11);
        // A week in term.
        assert_eq!(days.school_days_between(d(2024, 11, 3), d(2024, 11, 10)), 5);
    }
}
