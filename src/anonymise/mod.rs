//! Anonymisation: every name of a subject and every name in the review's
//! glossary replaced by its code ("Tyler Brooks" → "Child A", "DS 409 Nathan
//! Cole" → "DS1"), for the published report (`export --anonymise`).
//!
//! # Rules
//!
//! * **Matching.** Case-insensitive and accent-insensitive (Zoë = Zoe = ZOË,
//!   Climbié = Climbie; precomposed and combining accents alike), whole words
//!   only ("Dean" is not replaced inside "Deanery", nor "Ty" inside "Tyler"
//!   or "typical"). The words of a name may be separated by any run of white
//!   space, line breaks included ("Tyler\n Brooks"); an initial may be
//!   followed by a full stop or not ("T. Brooks", "T Brooks", "T.Brooks").
//! * **Longest first.** Where several variants match at the same place the
//!   longest wins, so "Tyler Brooks" becomes "Child A", never "Child A
//!   Brooks". A match further left always wins over one further right.
//! * **Surname first.** Every name of two or more words is also matched with
//!   its last word first, with or without a comma ("BROOKS, Tyler", "Brooks
//!   Tyler"). A comma form directly after a title is not taken ("Ms Brooks,
//!   Tyler and Mia" is the mother, then the child, not the child alone).
//! * **Possessives.** "Tyler's" and "Tyler’s" become "Child A's" and "Child
//!   A’s" (the apostrophe as written is kept). A bare apostrophe after a name
//!   ending in s ("Brooks' flat") is a possessive too, and becomes "Mother's
//!   flat" — unless the name opens with a quotation mark ("'Brooks'"), when
//!   the apostrophe is a closing quote and is left alone.
//! * **Titles.** A courtesy title (Mr, Mrs, Ms, Miss, Mx, Dr, Prof) before a
//!   name is replaced together with it when the title and name together are
//!   a variant ("Ms Brooks"), when the name has two or more words ("Mr Dean
//!   Marsh" → "Mother's partner"), or when the name comes from the glossary
//!   ("Dr Zoë Fenwick" → "GP1"). A rank or role before a glossary name, with
//!   a collar or staff number, goes with it ("PC 2231 A. HUGHES" → "PC1",
//!   "SW Jade Okafor" → "SW1"). Otherwise the title is kept ("Mrs Child A").
//! * **Glossary names** ([`AnonymiserBuilder::glossary`]) are matched as
//!   entered and also, when of two or more words, as the first name and
//!   surname, the initial and surname ("J. Okafor"), and the surname alone
//!   *only after a title or rank*, initials between them or not ("SW
//!   Okafor", "Dr GREAVES", "DS COLE", "Mr G Vance" for "Mr Vance") —
//!   a surname alone elsewhere may be an ordinary word ("Ward", "Price").
//! * **Priority.** When two entries give the same name different codes, the
//!   glossary as entered wins over the subjects' variants, which win over
//!   the forms derived from glossary names.
//! * **Variants of one letter** are ignored: replacing every "A" or "T"
//!   would destroy the text. Initials of two or more letters ("TB") are kept.
//! * **What shows nothing is not there.** A soft hyphen, a zero-width space
//!   or joiner, a direction mark inside a name is ignored, and every kind of
//!   hyphen is a hyphen ("Anne‑Marie" with a non-breaking one).
//! * **Other spellings.** A name with a hyphen or an apostrophe is also
//!   matched without them, split ("Anne Marie O Neill") or run together
//!   ("Annemarie", "ONeill", as in a file name "oneill_family.csv"), and a
//!   family's plural possessive ("the O'Neills' flat") is its code's.
//! * **Initials** of a name of two words or more are matched with stops or
//!   spaces ("Z. O'N.", "J.B.") and, when three letters or more and no
//!   ordinary word, run together ("AMO'N").
//! * **Names that are words.** A one-word alias that is also an ordinary
//!   word ("Mark", "Will", "Pat") is replaced only where it is capitalised:
//!   "a red mark" stays a red mark.
//!
//! # Cost
//!
//! All variants are compiled into one regular expression, run once over an
//! accent-folded, lower-cased copy of the text whose every byte maps back to
//! the start of the original character it came from; matches are cut from
//! the original at character boundaries, so the output is always valid
//! UTF-8. The cost per text is linear in its length.
//!
//! # Proposals
//!
//! [`propose_professionals`] and [`proposals`] find names in the records that
//! look like professionals (author columns; "Dr Kowalski", "PC 2231 A.
//! Hughes", "DS Nathan Cole", "SW Jade Okafor", "Karen Lister (DSL)" in the
//! text), count them, merge the forms of one person ("N. COLE", "DS COLE",
//! "Nathan Cole") and suggest a code by role ("SW1", "PC1", "GP1",
//! "Teacher1").

mod builder;
pub mod check;
mod folded;
mod proposals;
#[cfg(test)]
mod tests;

use std::collections::HashMap;

use regex::{Captures, Regex};

use crate::analysis::Analysis;
use crate::store::Review;
use crate::Result;

pub use builder::AnonymiserBuilder;
use folded::{file_names, fold, fold_camel, Folded};
pub use proposals::{proposals, propose_professionals, Proposal};

/// Courtesy titles, folded.
const TITLES: &[&str] = &["mr", "mrs", "ms", "miss", "mx", "dr", "prof"];

/// Ranks and role abbreviations written before a professional's name,
/// folded.
const RANKS: &[&str] = &[
    "pc", "pcso", "ps", "ds", "dc", "di", "dci", "dsgt", "sgt", "insp", "supt", "sw", "hv", "po",
    "pso", "rn", "rm", "fsw", "iro", "tm", "cnn", "dsl", "ta", "sister", "nurse",
];

/// Replaces names with codes. Build one with [`Anonymiser::new`] (plain
/// variant → code pairs), [`AnonymiserBuilder`] (with glossary names) or
/// [`anonymiser_for`] (a review's subjects and glossary).
#[derive(Clone, Debug)]
pub struct Anonymiser {
    /// The compiled variants; None when there are none.
    regex: Option<Regex>,
    /// Folded key of a variant → what replaces it.
    names: HashMap<String, Target>,
    /// Folded surname → what replaces it, only after a title or rank.
    surnames: HashMap<String, Target>,
}

/// What a matched name is replaced with.
#[derive(Clone, Debug)]
struct Target {
    code: String,
    /// From the glossary: a rank or title before it goes with it.
    glossary: bool,
    /// One word of a subject's name ("Logan"): an unknown capitalised word
    /// straight after it is taken as the rest of the name ("Logan Mwangi").
    single: bool,
}

/// What to do with one match.
enum Decision {
    /// Replace the original bytes `start..end` with the text.
    Replace(usize, usize, String, usize),
    /// A surname-first form after a title: look again before this folded
    /// offset (the comma).
    Cut(usize),
    /// Nothing to replace here.
    Skip,
}

impl Anonymiser {
    /// An anonymiser for these (variant, code) pairs, earlier pairs winning
    /// where two give the same variant different codes.
    pub fn new<I, A, B>(pairs: I) -> Result<Anonymiser>
    where
        I: IntoIterator<Item = (A, B)>,
        A: AsRef<str>,
        B: AsRef<str>,
    {
        let mut b = AnonymiserBuilder::new();
        for (variant, code) in pairs {
            b.name(variant.as_ref(), code.as_ref());
        }
        b.build()
    }

    /// True when there is nothing to replace.
    pub fn is_empty(&self) -> bool {
        self.regex.is_none()
    }

    /// The text with every variant replaced by its code, including a name
    /// run on from initials in a file name ("log_KFarrell.csv").
    pub fn apply(&self, text: &str) -> String {
        let out = self.apply_words(text);
        if self.regex.is_none() {
            return out;
        }
        let out = self.apply_glued_capitals(out);
        static GLUED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            regex::Regex::new(r"(^|[^\p{L}\p{N}])(\p{Lu}{1,3})(\p{Lu}\p{Ll}{2,})").expect("valid")
        });
        if !GLUED.is_match(&out) {
            return out;
        }
        GLUED
            .replace_all(&out, |c: &regex::Captures<'_>| {
                // The name after the initials, read alone: initials that
                // spell a short variant ("TY" in "TYYko") are no name.
                let done = self.apply_words(&c[3]);
                if done == c[3] {
                    c[0].to_string()
                } else {
                    format!("{}{}_{done}", &c[1], &c[2])
                }
            })
            .into_owned()
    }

    /// The text with a name in capitals run on from one or two initials
    /// ("Contacts_DROWE.csv", "JPIKE") replaced: a word of capitals whose
    /// rest, after its first letter or two, is a variant.
    fn apply_glued_capitals(&self, text: String) -> String {
        static CAPS: std::sync::LazyLock<regex::Regex> =
            std::sync::LazyLock::new(|| regex::Regex::new(r"\p{Lu}{4,}").expect("valid"));
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for m in CAPS.find_iter(&text) {
            let alone = !text[..m.start()]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
                && !text[m.end()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric);
            if !alone {
                continue;
            }
            let word = m.as_str();
            let replaced = word.char_indices().skip(1).take(2).find_map(|(k, _)| {
                let rest = &word[k..];
                // A short alias run on from capitals ("YDTY") is an
                // acronym, not initials and a name.
                if rest.chars().count() < 4 {
                    return None;
                }
                let done = self.apply_words(rest);
                (done != rest).then(|| format!("{}_{done}", &word[..k]))
            });
            if let Some(r) = replaced {
                out.push_str(&text[last..m.start()]);
                out.push_str(&r);
                last = m.end();
            }
        }
        out.push_str(&text[last..]);
        out
    }

    /// The text with every variant, standing as a word, replaced by its code;
    /// then, in the file names left (never in a code just written), names
    /// run together ("log_CerysHarries.csv").
    fn apply_words(&self, text: &str) -> String {
        let once = self.apply_words_folded(text, fold);
        let files = file_names(&once);
        if files.is_empty() {
            return once;
        }
        let mut out = String::with_capacity(once.len());
        let mut last = 0;
        for (s, e) in files {
            out.push_str(&once[last..s]);
            out.push_str(&self.apply_words_folded(&once[s..e], fold_camel));
            last = e;
        }
        out.push_str(&once[last..]);
        out
    }

    fn apply_words_folded(&self, text: &str, fold: fn(&str) -> Folded) -> String {
        let Some(re) = &self.regex else {
            return text.to_string();
        };
        let folded = fold(text);
        let hay = folded.text.as_str();
        let mut out = String::with_capacity(text.len());
        let mut copied = 0usize;
        let mut pos = 0usize;
        let mut limit = hay.len();
        while pos <= limit {
            let Some(sub) = hay.get(..limit) else { break };
            let Some(caps) = re.captures_at(sub, pos) else {
                if limit < hay.len() {
                    // Nothing before the comma of a rejected surname-first
                    // form: go on after the comma.
                    pos = limit;
                    limit = hay.len();
                    continue;
                }
                break;
            };
            let start = caps.get(0).map_or(pos, |m| m.start());
            match self.decide(&caps, &folded, text) {
                Decision::Replace(a, b, with, next) => {
                    if a >= copied {
                        out.push_str(text.get(copied..a).unwrap_or_default());
                        out.push_str(&with);
                        copied = b;
                    }
                    pos = next.max(start + 1);
                    limit = hay.len();
                }
                Decision::Cut(at) if at > start => {
                    limit = at;
                    pos = start;
                    continue;
                }
                Decision::Cut(_) | Decision::Skip => {
                    pos = start + 1;
                    limit = hay.len();
                }
            }
            while pos < hay.len() && !hay.is_char_boundary(pos) {
                pos += 1;
            }
        }
        out.push_str(text.get(copied..).unwrap_or_default());
        out
    }

    fn decide(&self, caps: &Captures<'_>, folded: &Folded, text: &str) -> Decision {
        let poss = caps.name("poss");
        let mut plural = false;
        let (pre, name, target, absorb) = if let Some(name) = caps.name("name") {
            let pre = caps.name("pre");
            let name_key = match name.as_str().strip_suffix("s'") {
                Some(stem) => {
                    plural = true;
                    tokens(stem).join(" ")
                }
                None => tokens(name.as_str()).join(" "),
            };
            if let (true, Some(comma)) = (pre.is_some(), name.as_str().find(',')) {
                return Decision::Cut(name.start() + comma);
            }
            let pre_tokens = pre.map(|p| tokens(p.as_str())).unwrap_or_default();
            let titled = pre_tokens.first().is_some_and(|t| is_title(t));
            let with_pre = if pre.is_some() {
                let words: Vec<&str> = pre_tokens
                    .iter()
                    .filter(|t| !t.chars().all(|c| c.is_ascii_digit()))
                    .map(String::as_str)
                    .collect();
                self.names
                    .get(&format!("{} {name_key}", words.join(" ")))
                    .or_else(|| {
                        self.names
                            .get(&format!("{} {name_key}", pre_tokens.join(" ")))
                    })
            } else {
                None
            };
            match (with_pre, self.names.get(&name_key)) {
                (Some(t), _) => (pre, name, t, true),
                (None, Some(t)) => {
                    let absorb =
                        pre.is_some() && (t.glossary || (titled && name_key.contains(' ')));
                    (pre, name, t, absorb)
                }
                (None, None) => return Decision::Skip,
            }
        } else if let Some(sn) = caps.name("sn") {
            match self.surnames.get(&tokens(sn.as_str()).join(" ")) {
                Some(t) => (caps.name("pre2"), sn, t, true),
                None => return Decision::Skip,
            }
        } else {
            return Decision::Skip;
        };
        let match_start = pre.map_or(name.start(), |p| p.start());
        // Whole words in any script: the pattern's boundaries are ASCII
        // ones, so a name run into a letter of another script ("ty𑌓") is
        // part of a longer word, not the name.
        let letter = |c: char| !c.is_ascii() && c.is_alphanumeric();
        let hay = folded.text.as_str();
        let run_in = hay
            .get(..match_start)
            .and_then(|h| h.chars().next_back())
            .is_some_and(letter)
            || hay
                .get(name.end()..)
                .and_then(|h| h.chars().next())
                .is_some_and(letter);
        if run_in {
            return Decision::Skip;
        }
        let orig_start = folded.original(match_start);
        let bare = name.as_str().strip_suffix("s'").unwrap_or(name.as_str());
        // A one-word name that is also an ordinary word ("Mark", "Will") is
        // a name only where it is written as one: capitalised.
        if target.single
            && pre.is_none()
            && is_word_name(&name_key_of(bare))
            && text
                .get(orig_start..)
                .and_then(|s| s.chars().next())
                .is_some_and(char::is_lowercase)
        {
            return Decision::Skip;
        }
        let mut end = name.end();
        let mut suffix = if plural {
            "'s".to_string()
        } else {
            String::new()
        };
        let mut poss = if plural { None } else { poss };
        if target.single && poss.is_none() && !plural {
            if let Some(more) = rest_of_name(hay, end, text, folded) {
                end = more;
                poss = None;
                if let Some(p) = possessive_at(hay, end) {
                    suffix = text
                        .get(folded.original(end)..folded.original(p))
                        .unwrap_or("'s")
                        .to_string();
                    end = p;
                }
            }
        }
        if let Some(p) = poss {
            let apostrophe = text
                .get(folded.original(p.start())..)
                .and_then(|s| s.chars().next())
                .unwrap_or('\'');
            if p.as_str().starts_with('s') {
                // A family's plural possessive: the code's own.
                end = p.end();
                suffix = "'s".to_string();
            } else if p.as_str().len() > 1 {
                end = p.end();
                suffix = format!("{apostrophe}s");
            } else {
                let quoted = text
                    .get(..orig_start)
                    .and_then(|s| s.chars().next_back())
                    .is_some_and(|c| matches!(c, '\'' | '‘' | '"' | '“' | '’' | '‚'));
                if name.as_str().ends_with('s') && !quoted {
                    end = p.end();
                    suffix = format!("{apostrophe}s");
                }
            }
        }
        let mut with = String::new();
        if let (Some(p), false) = (pre, absorb) {
            with.push_str(
                text.get(folded.original(p.start())..folded.original(p.end()))
                    .unwrap_or_default(),
            );
        }
        with.push_str(&target.code);
        with.push_str(&suffix);
        Decision::Replace(orig_start, folded.original(end), with, end)
    }
}

/// The end of an unknown surname written straight after a subject's one-word
/// name ending at folded offset `at` ("Logan| Mwangi", "Stacey| ATKINSON"):
/// one space, then a capitalised word of two letters or more that is no
/// common word, title or rank. None when there is none.
fn rest_of_name(hay: &str, at: usize, text: &str, folded: &Folded) -> Option<usize> {
    hay.get(at..)?.strip_prefix(' ')?;
    let start = at + 1;
    let rest = hay.get(start..)?;
    // Letters, with a hyphen or an apostrophe inside ("O'Connor"), but not
    // a possessive "'s".
    let len = rest
        .char_indices()
        .find(|&(i, c)| {
            let inside = (c == '\'' || c == '-')
                && possessive_at(rest, i).is_none()
                && rest[i + 1..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphabetic);
            !(c.is_alphabetic() || inside)
        })
        .map_or(rest.len(), |(i, _)| i);
    let word = rest.get(..len)?.trim_end_matches(['\'', '-']);
    if word.chars().count() < 2 {
        return None;
    }
    let end = start + word.len();
    let original = text.get(folded.original(start)..folded.original(end))?;
    let mut chars = original.chars();
    let first_upper = chars.next().is_some_and(char::is_uppercase);
    let rest_lower = original
        .chars()
        .skip(1)
        .filter(|c| c.is_alphabetic())
        .all(char::is_lowercase);
    let all_upper = original
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase);
    if !first_upper || !(rest_lower || all_upper) {
        return None;
    }
    if is_title(word) || is_rank(word) || crate::subjects::is_common_word(word) {
        return None;
    }
    // A name run into a letter of another script is no name.
    if hay
        .get(end..)
        .and_then(|h| h.chars().next())
        .is_some_and(|c| c.is_alphanumeric())
    {
        return None;
    }
    Some(end)
}

/// Given names that are also ordinary English words, folded: written in
/// lower case they are the word ("a red mark", "will call"), not the name.
const WORD_NAMES: &[&str] = &[
    "amber", "april", "art", "autumn", "bill", "bob", "brook", "buck", "candy", "carol", "cash",
    "chase", "chip", "crystal", "daisy", "dawn", "drew", "dusty", "faith", "fern", "frank", "gale",
    "grace", "grant", "guy", "hazel", "heather", "holly", "honey", "hope", "hunter", "iris", "ivy",
    "jack", "jade", "jay", "jewel", "joy", "june", "lily", "mark", "mason", "may", "miles",
    "misty", "nick", "olive", "pat", "patience", "pearl", "penny", "pierce", "ray", "reed", "rich",
    "river", "rob", "robin", "rose", "ruby", "rusty", "sandy", "skye", "sky", "stone", "storm",
    "sue", "summer", "sunny", "tim", "violet", "wade", "ward", "will", "willow", "wren",
];

/// Whether a one-word name is also an ordinary word.
fn is_word_name(key: &str) -> bool {
    WORD_NAMES.contains(&key) || crate::subjects::is_common_word(key)
}

/// A matched name's words, joined as the variants' keys are.
fn name_key_of(matched: &str) -> String {
    tokens(matched).join(" ")
}

/// The end of a possessive "'s" at folded offset `at`, if there is one.
fn possessive_at(hay: &str, at: usize) -> Option<usize> {
    let rest = hay.get(at..)?;
    let tail = rest.strip_prefix("'s")?;
    if tail.chars().next().is_some_and(char::is_alphanumeric) {
        return None;
    }
    Some(at + 2)
}

fn is_title(t: &str) -> bool {
    TITLES.contains(&t)
}

fn is_rank(t: &str) -> bool {
    RANKS.contains(&t)
}

/// The words of a folded name: split at white space, commas and full stops.
fn tokens(folded: &str) -> Vec<String> {
    folded
        .split(|c: char| c.is_whitespace() || c == ',' || c == '.')
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// The anonymiser for a review: its glossary as entered, then every variant
/// and alias of its subjects with their labels, then the forms derived from
/// the glossary names.
pub fn anonymiser_for(review: &Review, analysis: &Analysis) -> Result<Anonymiser> {
    let mut b = AnonymiserBuilder::new();
    for e in review.glossary()? {
        b.glossary(&e.name, &e.code, e.kind);
    }
    let replacements = analysis.subjects.replacements();
    for (variant, label) in &replacements {
        b.name(variant, label);
    }
    // Every name the reviewer declared for a person, even one the reading
    // of the records set aside (initials that spell a word: "SAW"), with
    // the label of the subject the person's name went to.
    for person in review.people()? {
        let key = crate::text::fold(&person.name);
        let Some(label) = replacements
            .iter()
            .find(|(v, _)| crate::text::fold(v) == key)
            .map(|(_, l)| l.clone())
        else {
            continue;
        };
        for alias in &person.aliases {
            b.name(alias, &label);
        }
    }
    b.build()
}
