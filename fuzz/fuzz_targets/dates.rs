//! Bytes → UTF-8 (lossy) → `parse_when`, whole and split at the first tab
//! into (date, time). Whenever a date parses, its canonical text must parse
//! back to the same `When`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sightline::when::{parse_when, When};

fn round_trip(w: When, input: &str) {
    let canonical = w.canonical();
    assert_eq!(
        parse_when(&canonical, None),
        Ok(w),
        "canonical form {canonical:?} of {input:?} does not read back"
    );
}

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    if let Ok(w) = parse_when(&s, None) {
        round_trip(w, &s);
    }
    if let Some((d, t)) = s.split_once('\t') {
        if let Ok(w) = parse_when(d, Some(t)) {
            round_trip(w, &s);
        }
    }
});
