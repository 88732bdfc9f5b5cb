//! The redaction check: before anything anonymised leaves, every word still
//! in the anonymised text that may be a name, for the reviewer to confirm
//! or add to the glossary. The anonymiser replaces only the names it knows;
//! this lists the ones it may not.
//!
//! A word is listed when it is capitalised (or a police-style surname in
//! capitals) and none of these: a word the same texts also write in lower
//! case (an ordinary word at the start of a sentence), a common word of
//! chronologies, a month or day, a title or professional's word, a word of
//! an agency's name, a word of a code the anonymiser put in, a word of the
//! taxonomy. A word in quotation marks that looks like a nickname ('Bubba')
//! is listed too, whatever it is.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use crate::text::fold;

/// A word still in the anonymised text that may be a name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Leftover {
    /// The word as written.
    pub word: String,
    /// How many times it occurs.
    pub count: usize,
    /// The first place it occurs, with a little text either side.
    pub example: String,
    /// True when it stands in quotation marks, as nicknames do.
    pub quoted: bool,
}

/// Words never listed: codes, agencies, the calendar, the taxonomy.
#[derive(Default)]
pub struct Known {
    words: HashSet<String>,
}

impl Known {
    /// Adds every word of `text` (an agency's name, a code, a term).
    pub fn add(&mut self, text: &str) {
        for w in words(text) {
            self.words.insert(fold(w));
        }
    }

    fn contains(&self, folded: &str) -> bool {
        self.words.contains(folded)
    }
}

/// Words never names that the common-word list (which already holds the
/// months and days) leaves out: courtesy titles, and "bank holiday".
const CALENDAR: &[&str] = &[
    "bank", "holiday", "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "rev", "sir", "dame",
];

/// The words of a text: runs of letters, apostrophes and hyphens inside.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphabetic() || c == '\'' || c == '\u{2019}' || c == '-'))
        .map(|w| w.trim_matches(|c: char| !c.is_alphabetic()))
        .filter(|w| !w.is_empty())
}

/// The word without a possessive ending.
fn stem(word: &str) -> &str {
    word.strip_suffix("'s")
        .or_else(|| word.strip_suffix("\u{2019}s"))
        .unwrap_or(word)
}

fn looks_like_a_name(word: &str) -> bool {
    // A double-barrelled name: each part a name ("Smith-Jones").
    if word.contains('-') {
        return word
            .split('-')
            .all(|part| !part.is_empty() && looks_like_a_name(part));
    }
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let rest: Vec<char> = chars.collect();
    if !first.is_uppercase() || rest.is_empty() {
        return false;
    }
    let capitalised = rest.iter().all(|c| !c.is_uppercase() || *c == '\'');
    // "SMITH": a police-style surname; short capitals are abbreviations.
    let shouted = rest.len() >= 3 && rest.iter().all(|c| !c.is_lowercase());
    capitalised || shouted
}

/// A folded word without an inflection ("rebooked" → "rebook",
/// "dressings" → "dressing", "replies" → "repl"), kept at three letters or
/// more.
fn root(folded: &str) -> &str {
    for end in ["ings", "ing", "ies", "ied", "es", "ed", "s", "d"] {
        if let Some(r) = folded.strip_suffix(end) {
            if r.chars().count() >= 3 {
                return r;
            }
        }
    }
    folded
}

/// A hyphenated word whose later part is written in lower case
/// ("After-school", "Fist-sized", "X-ray"): a compound, not a double-barrelled
/// name ("Smith-Jones").
fn compound(word: &str) -> bool {
    word.split('-')
        .skip(1)
        .any(|part| part.chars().next().is_some_and(char::is_lowercase))
}

/// The words of `texts` (already anonymised) that may still be names, the
/// most frequent first.
pub fn leftovers<'t>(texts: impl IntoIterator<Item = &'t str>, known: &Known) -> Vec<Leftover> {
    let texts: Vec<&str> = texts.into_iter().collect();
    // Words the texts also write in lower case are ordinary words.
    // (Inflections too: "Rebooked" beside "rebook", "Dressings" beside
    // "dressing".)
    let mut lower: HashSet<String> = HashSet::new();
    for t in &texts {
        for w in words(t) {
            if w.chars().next().is_some_and(char::is_lowercase) {
                let folded = fold(stem(w));
                lower.insert(root(&folded).to_string());
                lower.insert(folded);
            }
        }
    }
    let calendar: HashSet<&str> = CALENDAR.iter().copied().collect();
    let mut found: BTreeMap<String, Leftover> = BTreeMap::new();
    for t in &texts {
        for (at, raw) in word_spans(t) {
            let word = stem(raw);
            let folded = fold(word);
            let before = t[..at].trim_end();
            let after = t[at + raw.len()..].trim_start();
            let quoted = (before.ends_with(['\'', '"', '\u{2018}', '\u{201c}']))
                && (after.starts_with(['\'', '"', '\u{2019}', '\u{201d}']))
                && word.chars().next().is_some_and(char::is_uppercase);
            let name_like = looks_like_a_name(word)
                && !compound(word)
                && !lower.contains(&folded)
                && !lower.contains(root(&folded))
                && !calendar.contains(folded.as_str())
                && !known.contains(&folded)
                && !crate::subjects::is_not_name(&folded)
                && !crate::subjects::is_professional_word(&folded);
            if !(name_like || quoted && !known.contains(&folded)) {
                continue;
            }
            let e = found.entry(folded).or_insert_with(|| Leftover {
                word: word.to_string(),
                count: 0,
                example: context(t, at, raw.len()),
                quoted: false,
            });
            e.count += 1;
            e.quoted |= quoted;
        }
    }
    let mut out: Vec<Leftover> = found.into_values().collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then(a.word.cmp(&b.word)));
    out
}

/// Each word of a text with its byte position.
fn word_spans(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let is_word = |c: char| c.is_alphabetic() || c == '\'' || c == '\u{2019}' || c == '-';
    for (i, c) in text.char_indices() {
        match (start, is_word(c)) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                out.push((s, &text[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out.into_iter()
        .filter_map(|(s, w)| {
            let lead = w.len() - w.trim_start_matches(|c: char| !c.is_alphabetic()).len();
            let t = w.trim_matches(|c: char| !c.is_alphabetic());
            (!t.is_empty()).then_some((s + lead, t))
        })
        .collect()
}

/// A little of the text either side of a word.
fn context(text: &str, at: usize, len: usize) -> String {
    let mut from = at.saturating_sub(40);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (at + len + 40).min(text.len());
    while !text.is_char_boundary(to) {
        to += 1;
    }
    let mut s = text[from..to]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if from > 0 {
        s.insert(0, '…');
    }
    if to < text.len() {
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_left_in_the_text_are_listed_and_ordinary_words_are_not() {
        let mut known = Known::default();
        known.add("Harwick Police");
        known.add("Child A");
        known.add("Mother");
        let texts = [
            "Home visit. Child A seen with Mother. Neighbour Mrs Okoro was present.",
            "Police attended; Child A's friend 'Bubba' was there. Visit to the home.",
            "Referral from school: Jayden FLETCHER (neighbour) says Child A is hungry.",
            "On Monday, in March, Harwick Police called. Okoro confirmed it.",
        ];
        let list = leftovers(texts, &known);
        let words: Vec<&str> = list.iter().map(|l| l.word.as_str()).collect();
        assert_eq!(list[0].word, "Okoro", "{list:#?}");
        assert_eq!(list[0].count, 2);
        for w in ["Bubba", "Jayden", "FLETCHER"] {
            assert!(words.contains(&w), "{w} missing: {words:?}");
        }
        assert!(list.iter().any(|l| l.word == "Bubba" && l.quoted));
        for w in [
            "Home",
            "Visit",
            "Police",
            "Child",
            "Monday",
            "March",
            "Mother",
            "Mrs",
            "Neighbour",
            "Referral",
            "On",
        ] {
            assert!(!words.contains(&w), "{w} listed: {words:?}");
        }
        let okoro = &list[0];
        assert!(okoro.example.contains("Mrs Okoro"), "{}", okoro.example);
    }

    #[test]
    fn inflections_of_lower_case_words_and_compounds_are_not_names() {
        let texts = [
            "Appointment rebooked for next week; dressing changed.",
            "Rebooked. Dressings supplied. After-school club. X-ray clear.",
            "Seen by Anna Smith-Jones at the clinic.",
        ];
        let list = leftovers(texts, &Known::default());
        let words: Vec<&str> = list.iter().map(|l| l.word.as_str()).collect();
        for w in ["Rebooked", "Dressings", "After-school", "X-ray"] {
            assert!(!words.contains(&w), "{w} listed: {words:?}");
        }
        for w in ["Anna", "Smith-Jones"] {
            assert!(words.contains(&w), "{w} missing: {words:?}");
        }
    }
}
