//! Tests of reading, storing and showing dates, in the shapes agencies write them.

use super::day::MONTH_NAMES;
use super::london::{uk_instant, uk_offsets};
use super::parse::TimeOfDay;
use super::*;
use chrono::{Datelike, FixedOffset, LocalResult, NaiveDate, NaiveTime, TimeZone};
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
fn weekday_and_numeric_date() {
    assert_eq!(ok("Mon 13.03.23"), exact(day(2023, 3, 13)));
    assert_eq!(ok("Tuesday, 05/09/2023"), exact(day(2023, 9, 5)));
    let m = err("Fri 13.03.23");
    assert!(m.contains("Monday"), "{m}");
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

/// A range written short takes the month and year it leaves out from its
/// end, as agencies write a span of days in one cell.
#[test]
fn range_written_short() {
    assert_eq!(
        ok("5-9 Feb 24"),
        between_w(day(2024, 2, 5), day(2024, 2, 9))
    );
    assert_eq!(
        ok("19-24 Jul 2023"),
        between_w(day(2023, 7, 19), day(2023, 7, 24))
    );
    assert_eq!(
        ok("5th - 9th February 2024"),
        between_w(day(2024, 2, 5), day(2024, 2, 9))
    );
    assert_eq!(
        ok("28 Feb - 3 Mar 2024"),
        between_w(day(2024, 2, 28), day(2024, 3, 3))
    );
    assert_eq!(
        ok("30 Dec - 2 Jan 2024"),
        between_w(day(2023, 12, 30), day(2024, 1, 2))
    );
    // A day that month does not have, or a span running backwards, is
    // still refused with its reason.
    err("30-31 Feb 2024");
    assert!(err("9-5 Feb 24").contains("ends before it starts"));
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
    // Four digits are a time in a time cell, with "hrs", or beside a whole
    // numeric date (a police log's "22/09/2022 1410"); not beside a date in
    // words, nor out of range.
    assert_eq!(iso(&ok("12/03/2015 1430")), "2015-03-12T14:30:00+00:00");
    assert_eq!(iso(&ok("22/09/2022 1410")), "2022-09-22T14:10:00+01:00");
    err("12 March 2015 1430");
    err("12/03/2015 2530");
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

#[test]
fn early_mid_and_late_are_thirds_of_a_month_or_a_year() {
    let day = |y, m, d| Point::Day(NaiveDate::from_ymd_opt(y, m, d).unwrap());
    let w = ok("early February 2022");
    assert_eq!(w.qualifier, Qualifier::Between);
    assert_eq!((w.start, w.end), (day(2022, 2, 1), Some(day(2022, 2, 10))));
    let w = ok("mid-March 2021");
    assert_eq!((w.start, w.end), (day(2021, 3, 11), Some(day(2021, 3, 20))));
    let w = ok("end of February 2024");
    assert_eq!((w.start, w.end), (day(2024, 2, 21), Some(day(2024, 2, 29))));
    let w = ok("Late 2021");
    assert_eq!(
        (w.start, w.end),
        (
            Point::Month {
                year: 2021,
                month: 9
            },
            Some(Point::Month {
                year: 2021,
                month: 12
            })
        )
    );
    // A day is already precise: "early 03/02/2022" is no date.
    assert!(!err("early 03/02/2022").is_empty());
    assert!(!err("early days").is_empty());
}

/// A date cell of "date - time" whose time was left blank ("19/02/2024 -")
/// is the day; a dash alone is still no date.
#[test]
fn a_date_with_its_time_left_blank_is_the_day() {
    assert_eq!(ok("19/02/2024 -"), exact(day(2024, 2, 19)));
    assert_eq!(ok("19/02/2024 – "), exact(day(2024, 2, 19)));
    assert!(!err("-").is_empty());
}
