//! How the report writes things: dates in UK style, a record's place in
//! its source file, excerpts of record text, severities as colours and
//! words, rules' names, agency kinds in words and agencies' short names for
//! narrow columns.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate};
use chrono_tz::Europe::London;

use crate::analysis::AgencyInfo;
use crate::flags::Severity;
use crate::model::{AgencyKind, Record};
use crate::report::layout::Colour;
use crate::when::{Qualifier, UNBOUNDED_FUTURE, UNBOUNDED_PAST};

/// A colour for each severity of flag.
pub(crate) fn severity_colour(s: Severity) -> Colour {
    match s {
        Severity::High => Colour::rgb8(0xc0, 0x39, 0x2b),
        Severity::Medium => Colour::rgb8(0xd9, 0x82, 0x1e),
        Severity::Low => Colour::rgb8(0x5d, 0x7a, 0x99),
    }
}

/// A pale fill for rows about a flag of this severity.
pub(crate) fn severity_tint(s: Severity) -> Colour {
    match s {
        Severity::High => Colour::rgb8(0xf8, 0xe1, 0xde),
        Severity::Medium => Colour::rgb8(0xfb, 0xed, 0xd9),
        Severity::Low => Colour::rgb8(0xe6, 0xec, 0xf2),
    }
}

/// "High", "Medium", "Low".
pub(crate) fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::High => "High",
        Severity::Medium => "Medium",
        Severity::Low => "Low",
    }
}

pub(crate) use crate::flags::rules::name as rule_name;

/// A record's place in its source file: "police.csv, row 12" or
/// "childrens_social_care.xlsx, sheet Chronology, row 5".
pub(crate) fn source_ref(r: &Record) -> String {
    r.source.describe()
}

/// A record's date as written in UK style ("12/03/2021 14:30",
/// "approx. March 2021").
pub(crate) fn uk(r: &Record) -> String {
    crate::when::uk_text(&r.when)
}

/// An ISO-8601 date or date-time in UK style, in London time:
/// "25/01/2021 14:00", "25/01/2021", "03/2021"; `short` gives "25/01/21".
pub(crate) fn uk_iso(iso: &str, short: bool) -> String {
    let day = if short { "%d/%m/%y" } else { "%d/%m/%Y" };
    if let Ok(t) = DateTime::parse_from_rfc3339(iso) {
        let l = t.with_timezone(&London);
        if short {
            return l.format(day).to_string();
        }
        return l.format("%d/%m/%Y %H:%M").to_string();
    }
    if let Ok(d) = NaiveDate::parse_from_str(iso.get(..10).unwrap_or(iso), "%Y-%m-%d") {
        return d.format(day).to_string();
    }
    if let Ok(d) = NaiveDate::parse_from_str(&format!("{iso}-01"), "%Y-%m-%d") {
        return d.format(if short { "%m/%y" } else { "%B %Y" }).to_string();
    }
    iso.to_string()
}

/// Where a record sits on a time axis (UTC seconds): the middle of the span
/// its date can denote, or its known end for "before" and "after" dates.
pub(crate) fn position(r: &Record) -> Option<i64> {
    let (lo, hi) = r.when.bounds();
    let t = match r.when.qualifier {
        Qualifier::Before => hi,
        Qualifier::After => lo,
        _ => lo + (hi - lo) / 2,
    };
    (t > UNBOUNDED_PAST && t < UNBOUNDED_FUTURE).then_some(t)
}

/// The first `n` characters of `text` on one line, with an ellipsis when cut.
pub(crate) fn excerpt(text: &str, n: usize) -> String {
    let t: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.chars().count() <= n {
        t
    } else {
        let cut: String = t.chars().take(n.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

/// A short name per agency for narrow columns: by kind ("CSC", "HV"), or
/// the initials of its name when two agencies share a kind.
pub(super) fn short_names(agencies: &[AgencyInfo]) -> HashMap<String, String> {
    let by_kind = |k: AgencyKind| match k {
        AgencyKind::Police => "Police",
        AgencyKind::ChildrensSocialCare => "CSC",
        AgencyKind::HealthVisiting => "HV",
        AgencyKind::Gp => "GP",
        AgencyKind::Hospital => "Hospital",
        AgencyKind::School => "School",
        AgencyKind::Probation => "Probation",
        AgencyKind::Housing => "Housing",
        AgencyKind::Voluntary => "Voluntary",
        AgencyKind::Other => "",
    };
    let mut count: HashMap<AgencyKind, usize> = HashMap::new();
    for a in agencies {
        *count.entry(a.kind).or_default() += 1;
    }
    let mut out = HashMap::new();
    let mut used: HashMap<String, usize> = HashMap::new();
    for a in agencies {
        let mut s = by_kind(a.kind).to_string();
        if s.is_empty() || count.get(&a.kind).copied().unwrap_or(0) > 1 {
            s = a
                .name
                .split_whitespace()
                .filter_map(|w| w.chars().find(|c| c.is_alphanumeric()))
                .flat_map(char::to_uppercase)
                .collect();
        }
        let n = used.entry(s.clone()).or_default();
        *n += 1;
        if *n > 1 {
            s = format!("{s}{n}");
        }
        out.insert(a.name.clone(), s);
    }
    out
}

/// An agency kind in words.
pub(crate) fn kind_words(kind: &str) -> String {
    match kind {
        "police" => "Police",
        "childrens_social_care" => "Children's social care",
        "health_visiting" => "Health visiting",
        "gp" => "General practice",
        "hospital" => "Hospital",
        "school" => "School",
        "probation" => "Probation",
        "housing" => "Housing",
        "voluntary" => "Voluntary sector",
        _ => "Other",
    }
    .to_string()
}
