//! How the command line prints: every line through [`clean`] (the `say!`
//! and `tell!` macros, for standard output and standard error), JSON to
//! standard output, the timeline's JSON written entry by entry, a progress
//! bar on a terminal.

/// Prints a line to standard output, through [`clean`].
macro_rules! say {
    ($($arg:tt)*) => {
        println!("{}", $crate::output::clean(&format!($($arg)*)))
    };
}

/// Prints a line to standard error, through [`clean`].
macro_rules! tell {
    ($($arg:tt)*) => {
        eprintln!("{}", $crate::output::clean(&format!($($arg)*)))
    };
}

/// Text for a terminal. Agencies' files reach the screen in records and in
/// error messages (a cell's value, a sheet's name); a control character in
/// them (an escape sequence that clears the screen or retitles the window,
/// a bidirectional override that reorders what is shown) is printed as a
/// visible `\u{..}` instead of acted on. Line breaks and tabs stay.
pub(crate) fn clean(s: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !s.chars().any(bad) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if bad(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

use std::io::{self, IsTerminal, Write};

use indicatif::{ProgressBar, ProgressStyle};

use sightline::{timeline, Error, Result};

pub(crate) fn print_json<T: serde::Serialize>(value: &T) -> Result<()> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    serde_json::to_writer_pretty(&mut out, value)
        .map_err(|e| Error::Invalid(format!("writing JSON: {e}")))?;
    writeln!(out).map_err(|e| Error::io("stdout", e))?;
    out.flush().map_err(|e| Error::io("stdout", e))
}

/// `timeline --json`: entries are written one at a time, never all held
/// as JSON values at once.
#[derive(serde::Serialize)]
pub(crate) struct TimelineJson<'a> {
    pub entries: Entries<'a>,
    pub gaps: &'a [timeline::Gap],
    pub events: &'a [timeline::Event],
}

/// The timeline's records in merged order, each with its linked event.
pub(crate) struct Entries<'a> {
    pub records: &'a [sightline::model::Record],
    pub event_of: &'a std::collections::HashMap<i64, usize>,
}

impl serde::Serialize for Entries<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(Some(self.records.len()))?;
        for r in self.records {
            let mut v = serde_json::to_value(r).map_err(serde::ser::Error::custom)?;
            if let Some(o) = v.as_object_mut() {
                o.remove("original");
                o.insert("event".into(), serde_json::json!(self.event_of.get(&r.id)));
            }
            seq.serialize_element(&v)?;
        }
        seq.end()
    }
}

pub(crate) fn progress_bar() -> Option<ProgressBar> {
    if !io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} {pos} rows ({per_sec})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.set_message("importing");
    Some(bar)
}
