//! Parsing personal names: the words and titles of a name, whether a word
//! looks like a name, and the names and role words of a subject column.

use super::kin::{Gender, KinIndex};
use super::not_names::is_not_name;
use super::text::Tokens;

/// One word of a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Word {
    /// Folded (lower case, no accents, no apostrophes).
    pub fold: String,
    /// As written.
    pub raw: String,
    /// Written in capitals.
    pub upper: bool,
    /// A single letter ("T" of "T. Brookes").
    pub initial: bool,
}

/// The shape of a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum Kind {
    /// A given name (or initial) and a surname: "Tyler Brooks", "T. Brookes".
    Full,
    /// A given name or nickname alone: "Ty", "Kayley".
    First,
    /// A title and a surname: "Ms Brooks".
    Titled,
    /// Initials alone: "TB".
    Initials,
}

/// A parsed name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Name {
    pub kind: Kind,
    /// Folded given name (one letter when an initial); the letters for
    /// [`Kind::Initials`]; empty for [`Kind::Titled`].
    pub first: String,
    /// Folded surname; empty for [`Kind::First`] and [`Kind::Initials`].
    pub last: String,
    /// The given name is only an initial.
    pub initial: bool,
    /// From a title, if any.
    pub gender: Gender,
    /// The given name as written.
    pub raw_first: String,
    /// The surname as written.
    pub raw_last: String,
    /// Had a title ("Ms", "Mr", ...).
    pub titled: bool,
}

impl Name {
    /// A given name alone, folded `first` as written `raw`.
    pub(super) fn given(first: &str, raw: &str, gender: Gender) -> Name {
        Name {
            kind: Kind::First,
            first: first.to_string(),
            last: String::new(),
            initial: false,
            gender,
            raw_first: raw.to_string(),
            raw_last: String::new(),
            titled: false,
        }
    }

    /// The key that identifies the name, whatever its spelling in capitals,
    /// accents, word order or punctuation.
    pub fn key(&self) -> String {
        match self.kind {
            Kind::Full => format!("{} {}", self.first, self.last),
            Kind::First => self.first.clone(),
            Kind::Titled => format!("~{} {}", gender_code(self.gender), self.last),
            Kind::Initials => format!("#{}", self.first),
        }
    }
}

fn gender_code(g: Gender) -> char {
    match g {
        Gender::Female => 'f',
        Gender::Male => 'm',
        Gender::Unknown => 'u',
    }
}

/// The gender a title implies, if the folded word is a title.
pub(super) fn title(fold: &str) -> Option<Gender> {
    Some(match fold {
        "ms" | "mrs" | "miss" | "madam" => Gender::Female,
        "mr" => Gender::Male,
        "mx" | "dr" => Gender::Unknown,
        _ => return None,
    })
}

/// The titles written before a surname for a person of this gender.
pub(super) fn titles_for(g: Gender) -> &'static [&'static str] {
    match g {
        Gender::Female => &["Ms", "Mrs", "Miss"],
        Gender::Male => &["Mr"],
        Gender::Unknown => &["Ms", "Mrs", "Miss", "Mr", "Mx"],
    }
}

/// Subject-column entries that name nobody.
const NOBODY: &[&str] = &[
    "unknown",
    "not known",
    "nk",
    "n k",
    "na",
    "n a",
    "none",
    "nil",
    "tbc",
    "tba",
    "various",
    "family",
    "the family",
    "household",
    "all",
    "all children",
    "children",
    "siblings",
    "parents",
    "adults",
    "not recorded",
    "redacted",
    "anonymous",
    "anon",
    "unborn",
    "unborn baby",
    "unborn child",
    "unborn sibling",
    "sibling",
    "baby",
    "child",
];

/// Words a capital letter grades or numbers ("class B", "Part A",
/// "category C", "Plan B"): the letter after them is no initial.
const LETTERED: &[&str] = &[
    "class", "category", "cat", "grade", "type", "part", "section", "schedule", "plan", "appendix",
    "annex", "step", "level", "tier", "band", "block", "ward", "unit", "bay", "room", "wing",
    "zone",
];

/// Whether word `i` of a text can be part of a name: capitalised, letters
/// only, not a title, role word or common word, and not a short acronym.
pub(super) fn name_like(tk: &Tokens, i: usize, kin: &KinIndex) -> bool {
    let Some(t) = tk.tok(i) else {
        return false;
    };
    if !t.cap || !t.alpha {
        return false;
    }
    let f = tk.fold(i);
    if title(f).is_some() || kin.starts(f) || is_not_name(f) {
        return false;
    }
    if t.len == 1 {
        // "class B. HART spoken to": a letter that grades or numbers the
        // word before it is no initial.
        if i > 0 && LETTERED.contains(&tk.fold(i - 1)) {
            return false;
        }
        // An initial, only before a full stop or another name word.
        return tk.tok(i + 1).is_some_and(|n| n.gap.dot || n.gap.space);
    }
    // "SW", "HV", "DSL": acronyms, not names.
    !(t.upper && t.len <= 3)
}

/// Words `from..to` of a text as name words.
pub(super) fn words_of(tk: &Tokens, text: &str, from: usize, to: usize) -> Vec<Word> {
    (from..to.min(tk.len()))
        .filter(|&i| tk.toks[i].alpha)
        .map(|i| {
            let t = &tk.toks[i];
            Word {
                fold: tk.fold(i).to_string(),
                raw: tk.raw(text, i).to_string(),
                upper: t.upper,
                initial: t.len == 1,
            }
        })
        .collect()
}

/// Builds a name from its words. `surname_first` for "BROOKS, Tyler".
pub(super) fn name_from_words(
    words: &[Word],
    title_gender: Option<Gender>,
    surname_first: bool,
) -> Option<Name> {
    if words.is_empty() || words.len() > 5 {
        return None;
    }
    let joined: Vec<&str> = words.iter().map(|w| w.fold.as_str()).collect();
    let joined = joined.join(" ");
    if NOBODY.contains(&joined.as_str()) || words[0].fold == "unborn" {
        return None;
    }
    let gender = title_gender.unwrap_or(Gender::Unknown);
    let titled = title_gender.is_some();
    let blank = |kind, first: &Word| Name {
        kind,
        first: first.fold.clone(),
        last: String::new(),
        initial: first.initial,
        gender,
        raw_first: first.raw.clone(),
        raw_last: String::new(),
        titled,
    };
    if words.len() == 1 {
        let w = &words[0];
        let letters = w.fold.chars().count();
        let vowels = w.fold.chars().filter(|c| "aeiouy".contains(*c)).count();
        if !titled && w.upper && (letters == 2 || (letters == 3 && vowels == 0)) {
            return Some(blank(Kind::Initials, w));
        }
        if w.initial {
            return None;
        }
        if titled {
            return Some(Name {
                kind: Kind::Titled,
                first: String::new(),
                last: w.fold.clone(),
                initial: false,
                gender,
                raw_first: String::new(),
                raw_last: w.raw.clone(),
                titled,
            });
        }
        return Some(blank(Kind::First, w));
    }
    let (given, last) = if surname_first {
        (&words[1], &words[0])
    } else {
        (&words[0], &words[words.len() - 1])
    };
    if last.initial {
        // "Tyler B": a given name with a surname initial.
        if given.initial {
            return None;
        }
        return Some(blank(Kind::First, given));
    }
    Some(Name {
        kind: Kind::Full,
        first: given.fold.clone(),
        last: last.fold.clone(),
        initial: given.initial,
        gender,
        raw_first: given.raw.clone(),
        raw_last: last.raw.clone(),
        titled,
    })
}

/// One entry of a subject column.
#[derive(Debug, Clone)]
pub(super) enum ColumnItem {
    /// A person named.
    Person {
        name: Name,
        /// The entry as written (whitespace tidied).
        display: String,
        /// An age in brackets: Some(true) a child, Some(false) an adult.
        child: Option<bool>,
        /// A role in brackets ("Kayleigh Brooks (mother)").
        kin: Option<usize>,
    },
    /// A role word alone ("Mum"): the phrase's index in the [`KinIndex`].
    Role(usize),
}

fn is_separator(c: char) -> bool {
    matches!(c, ';' | '&' | '+' | '/' | '|' | '\n' | '\r')
}

/// An entry without the label a system writes before its names ("SUSP:",
/// "VIC:", "CHILDREN PRESENT:", "Informant:"): up to four words before a
/// colon.
fn without_label(part: &str) -> &str {
    match part.rfind(':') {
        Some(at)
            if part[..at].split_whitespace().count() <= 4
                && part[..at].chars().any(char::is_alphabetic)
                && !part[..at].chars().any(|c| c.is_ascii_digit()) =>
        {
            &part[at + 1..]
        }
        _ => part,
    }
}

/// Splits a subject-column cell into its entries: "Tyler Brooks; Mia Brooks
/// (7 wks)", "BROOKS, Tyler", "Tyler & Mia", "Mum".
pub(super) fn parse_column(raw: &str, tk: &mut Tokens, kin: &KinIndex) -> Vec<ColumnItem> {
    // "Jade STROUD - consultation": the name, then what the entry was.
    let raw = [" - ", " – ", " — "]
        .iter()
        .filter_map(|d| raw.find(d))
        .min()
        .map_or(raw, |at| &raw[..at]);
    // Top-level parts, with what was in brackets kept apart.
    let mut parts: Vec<(String, Vec<String>)> = Vec::new();
    let mut outside = String::new();
    let mut inside: Vec<String> = Vec::new();
    let mut bracket = String::new();
    let mut depth = 0usize;
    for c in raw.chars() {
        match c {
            '(' | '[' => {
                depth += 1;
                if depth == 1 {
                    bracket.clear();
                } else {
                    bracket.push(' ');
                }
            }
            ')' | ']' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    inside.push(std::mem::take(&mut bracket));
                    outside.push(' ');
                }
            }
            c if depth > 0 => bracket.push(c),
            c if is_separator(c) => {
                parts.push((std::mem::take(&mut outside), std::mem::take(&mut inside)));
            }
            c => outside.push(c),
        }
    }
    if depth > 0 {
        inside.push(bracket);
    }
    parts.push((outside, inside));

    let mut items = Vec::new();
    for (outside, brackets) in parts {
        // "SUSP: HALE Lee", "CHILDREN PRESENT: HALE Connor": a police
        // system's label before the names is no part of them.
        let outside = without_label(&outside);
        // "Tyler and Mia Brooks": split on the word "and".
        let mut pieces: Vec<String> = vec![String::new()];
        for w in outside.split_whitespace() {
            if w.eq_ignore_ascii_case("and") {
                pieces.push(String::new());
            } else if let Some(last) = pieces.last_mut() {
                if !last.is_empty() {
                    last.push(' ');
                }
                last.push_str(w);
            }
        }
        pieces.retain(|p| !p.trim_matches(|c: char| !c.is_alphanumeric()).is_empty());
        // What the brackets say applies when the part names one person.
        let mut child = None;
        let mut bracket_kin = None;
        for b in &brackets {
            // "(child, from the file's title)": the title block's label.
            if b.contains(crate::model::FROM_TITLE) {
                let rest = b.replace(crate::model::FROM_TITLE, "");
                if rest.trim_matches(|c: char| c == ',' || c.is_whitespace()) == "child" {
                    child = Some(true);
                }
                continue;
            }
            tk.scan(b);
            if let Some(w) = kin.whole(tk) {
                bracket_kin = Some(w);
            } else if let Some(c) = age_hint(tk, 0, tk.len()) {
                child = Some(c);
            }
        }
        let single = pieces.len() == 1;
        for piece in pieces {
            let commas: Vec<&str> = piece.split(',').collect();
            let word_count = |s: &str| s.split_whitespace().count();
            // "BROOKS, Tyler" or "VAN DYKE, Pieter": a surname first; "Tyler
            // Brooks, Mia Brooks": a list.
            let surname_part = |s: &str| {
                let n = word_count(s);
                n == 1
                    || (n == 2
                        && s.chars().any(char::is_alphabetic)
                        && !s.chars().any(char::is_lowercase))
            };
            // "KW, MW": two people's initials, not a surname and initials.
            let initials = |s: &str| {
                let t = s.trim();
                t.chars().count() == 2 && t.chars().all(|c| c.is_ascii_uppercase())
            };
            let named: Vec<(String, bool)> = if commas.len() == 2
                && surname_part(commas[0])
                && (1..=3).contains(&word_count(commas[1]))
                && !(initials(commas[0]) && initials(commas[1]))
            {
                vec![(piece.clone(), true)]
            } else {
                commas.iter().map(|s| (s.to_string(), false)).collect()
            };
            let one = single && named.len() == 1;
            for (text, comma_reversed) in named {
                let display = text.split_whitespace().collect::<Vec<_>>().join(" ");
                // "Millie Kowalczuk 2y", "Amelia Kowalczyk 1y10m": an age
                // written after the name says a child or an adult.
                let (display, written_age) = trailing_age(&display);
                if display.is_empty() {
                    continue;
                }

                tk.scan(&display);
                if let Some(w) = kin.whole(tk) {
                    items.push(ColumnItem::Role(w));
                    continue;
                }
                if let Some(name) = review_code(tk, &display) {
                    items.push(ColumnItem::Person {
                        name,
                        display,
                        child: Some(true),
                        kin: None,
                    });
                    continue;
                }
                let mut start = 0;
                let mut gender = None;
                while start < tk.len() {
                    match title(tk.fold(start)) {
                        Some(g) => {
                            gender = Some(g);
                            start += 1;
                        }
                        None => break,
                    }
                }
                let words = words_of(tk, &display, start, tk.len());
                // What the entry was rather than whom it was about ("MASH
                // information request", "Closure", "PPNs"): capitals beside
                // a word written in lower case (a name typed all in lower
                // case, "jayden cole", is still a name), or nothing but
                // words that are never names.
                let initial = |w: &Word| w.raw.chars().next();
                let lower = words.iter().any(|w| {
                    initial(w).is_some_and(char::is_lowercase)
                        && !NAME_PARTICLES.contains(&w.fold.as_str())
                }) && words
                    .iter()
                    .any(|w| initial(w).is_some_and(char::is_uppercase));
                let common = words
                    .iter()
                    .all(|w| is_not_name(&w.fold) || is_not_name(w.fold.trim_end_matches('s')));
                if gender.is_none() && (lower || common) {
                    continue;
                }
                // "BROOKS Tyler": a capitalised surname first.
                let upper_first = words.len() >= 2
                    && words[0].upper
                    && words[0].fold.chars().count() >= 2
                    && words[1..].iter().any(|w| !w.upper);
                let Some(name) = name_from_words(&words, gender, comma_reversed || upper_first)
                else {
                    continue;
                };
                items.push(ColumnItem::Person {
                    name,
                    display,
                    child: written_age.or(if one { child } else { None }),
                    kin: if one { bracket_kin } else { None },
                });
            }
        }
    }
    items
}

/// Words written in lower case inside names ("Pieter van Dyke", "Ana de
/// Souza", "Abdullah bin Omar").
const NAME_PARTICLES: &[&str] = &[
    "van", "von", "de", "der", "den", "del", "della", "di", "da", "dos", "das", "du", "la", "le",
    "bin", "bint", "ibn", "al", "el", "ter", "ten", "af",
];

/// The words a review template writes before a child's code letter or
/// number ("Child A", "Sibling 2", "Young person B").
const CODE_WORDS: &[&str] = &["child", "sibling", "young person", "yp", "infant", "baby"];

/// A child's code as a review template writes it in a subject column
/// ("Child A", "Sibling 2"): a name of its own (never a given name with an
/// initial), so that Child A and Child B stay two children.
pub(super) fn review_code(tk: &Tokens, display: &str) -> Option<Name> {
    let n = tk.len();
    if n < 2 {
        return None;
    }
    let last = tk.tok(n - 1)?;
    let mark = tk.fold(n - 1);
    let is_mark = (last.digits && mark.len() <= 2) || (last.alpha && last.upper && last.len == 1);
    let words: Vec<&str> = (0..n - 1).map(|i| tk.fold(i)).collect();
    let head = words.join(" ");
    if !is_mark || !CODE_WORDS.contains(&head.as_str()) {
        return None;
    }
    let raw_last = tk.raw(display, n - 1).to_string();
    Some(Name {
        kind: Kind::Full,
        first: head.clone(),
        last: mark.to_string(),
        initial: false,
        gender: Gender::Unknown,
        raw_first: display[..display.len() - raw_last.len()]
            .trim_end()
            .to_string(),
        raw_last,
        titled: false,
    })
}

/// Whether a name is a review template's child code ("Child A").
pub(super) fn is_review_code(name: &Name) -> bool {
    name.kind == Kind::Full
        && CODE_WORDS.contains(&name.first.as_str())
        && name.last.chars().count() <= 2
        && name.last.chars().all(|c| c.is_ascii_alphanumeric())
}

/// An age written in brackets, tokens `from..to`: "3", "7 wks", "11 mths",
/// "22". Some(true) for a child, Some(false) for an adult.
pub(super) fn age_hint(tk: &Tokens, from: usize, to: usize) -> Option<bool> {
    let n = to.checked_sub(from)?;
    if !(1..=3).contains(&n) {
        return None;
    }
    // The number and its unit written together: "11m", "6wks", "3yrs".
    if n == 1 && !tk.tok(from)?.digits {
        let word = tk.fold(from);
        let digits = word.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 || digits > 3 {
            return None;
        }
        let value: u32 = word[..digits].parse().ok()?;
        return age_of(value, &word[digits..]);
    }
    if !tk.tok(from)?.digits {
        return None;
    }
    let value: u32 = tk.fold(from).parse().ok()?;
    let unit = if n >= 2 { tk.fold(from + 1) } else { "" };
    // "(3/52)", "(4/12)": weeks or months of a baby's age, as clinicians
    // write them ("27/40", weeks of a pregnancy, is no child's).
    let joined = tk.tok(from + 1).is_some_and(|t| {
        let g = t.gap;
        !(g.space || g.brk || g.dot || g.comma || g.lead || g.open || g.close)
    });
    if n == 2 && joined {
        match unit {
            "52" if (1..=52).contains(&value) => return Some(true),
            "12" if (1..=11).contains(&value) => return Some(true),
            "40" if (4..=42).contains(&value) => return Some(false),
            _ => {}
        }
    }
    if n == 3 && tk.fold(from + 2) != "old" {
        return None;
    }
    age_of(value, unit)
}

/// A name with an age written after it ("Oskar Kowalczyk 6y", "Amelia
/// Kowalczyk 1y10m", "Leo Hart 4 mths"): the name alone, and whether the
/// age says a child (`Some(true)`) or an adult.
pub(super) fn trailing_age(display: &str) -> (String, Option<bool>) {
    static AGE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let age = AGE.get_or_init(|| {
        regex::Regex::new(
            r"(?i)\s+(?:aged?\s+)?(\d{1,3})\s?(y|yrs?|yo|years?|m|mo|mths?|months?|w|wks?|weeks?|d|days?)(?:\s?\d{1,2}\s?(?:m|mths?|months?))?\.?$",
        )
        .expect("the trailing age is a valid pattern")
    });
    let Some(c) = age.captures(display) else {
        return (display.to_string(), None);
    };
    let (Some(whole), Some(n), Some(unit)) = (c.get(0), c.get(1), c.get(2)) else {
        return (display.to_string(), None);
    };
    let name = &display[..whole.start()];
    if !name.chars().any(char::is_alphabetic) {
        return (display.to_string(), None);
    }
    let value: u32 = n.as_str().parse().unwrap_or(u32::MAX);
    (
        name.to_string(),
        age_of(value, &unit.as_str().to_lowercase()),
    )
}

/// Child or adult, by an age's number and unit.
fn age_of(value: u32, unit: &str) -> Option<bool> {
    match unit {
        "wk" | "wks" | "week" | "weeks" | "w" | "mth" | "mths" | "month" | "months" | "m"
        | "mo" | "mos" | "day" | "days" | "d" | "hrs" | "hours" => Some(true),
        "" | "yr" | "yrs" | "year" | "years" | "y" | "yo" | "yoa" => {
            if value > 120 {
                None
            } else {
                Some(value < 18)
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests;
