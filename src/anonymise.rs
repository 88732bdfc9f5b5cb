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
//!   *only after a title or rank* ("SW Okafor", "Dr GREAVES", "DS COLE") —
//!   a surname alone elsewhere may be an ordinary word ("Ward", "Price").
//! * **Priority.** When two entries give the same name different codes, the
//!   glossary as entered wins over the subjects' variants, which win over
//!   the forms derived from glossary names.
//! * **Variants of one letter** are ignored: replacing every "A" or "T"
//!   would destroy the text. Initials of two or more letters ("TB") are kept.
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

use std::collections::{BTreeMap, HashMap, HashSet};

use regex::{Captures, Regex, RegexBuilder};
use serde::Serialize;

use crate::analysis::Analysis;
use crate::model::{AgencyKind, Record};
use crate::store::{GlossaryKind, Review};
use crate::{Error, Result};

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
}

/// One variant waiting to be compiled.
#[derive(Clone, Debug)]
struct Variant {
    tokens: Vec<String>,
    code: String,
    glossary: bool,
    /// Only after a title or rank (a glossary surname alone).
    after_title: bool,
}

/// Collects variants and codes, then compiles them with
/// [`AnonymiserBuilder::build`].
#[derive(Clone, Debug, Default)]
pub struct AnonymiserBuilder {
    /// Variants as given, in priority order.
    first: Vec<Variant>,
    /// Forms derived from glossary names, after everything else.
    derived: Vec<Variant>,
}

impl AnonymiserBuilder {
    /// An empty builder.
    pub fn new() -> AnonymiserBuilder {
        AnonymiserBuilder::default()
    }

    /// One variant of a name ("Tyler Brooks", "Ty", "Ms K Brooks") and its
    /// code, matched as written (and surname first when of several words).
    pub fn name(&mut self, variant: &str, code: &str) -> &mut Self {
        self.push_name(variant, code, false);
        self
    }

    /// A glossary name and its code: matched as entered, and in the forms
    /// derived from it (see the module's rules). A place is matched as
    /// entered only.
    pub fn glossary(&mut self, name: &str, code: &str, kind: GlossaryKind) -> &mut Self {
        self.push_name(name, code, true);
        if kind == GlossaryKind::Place {
            return self;
        }
        let core = core_tokens(name);
        let code = code.trim().to_string();
        if code.is_empty() || core.is_empty() {
            return self;
        }
        let mut add = |tokens: Vec<String>, after_title: bool| {
            self.derived.push(Variant {
                tokens,
                code: code.clone(),
                glossary: true,
                after_title,
            });
        };
        if core.len() >= 2 {
            add(core.clone(), false);
            let surname = core[core.len() - 1].clone();
            let given = core[0].clone();
            if core.len() > 2 {
                add(vec![given.clone(), surname.clone()], false);
            }
            if let Some(initial) = given.chars().next() {
                add(vec![initial.to_string(), surname.clone()], false);
            }
            if surname.chars().count() >= 2 {
                add(vec![surname], true);
            }
        } else if core[0].chars().count() >= 2 {
            add(core, true);
        }
        self
    }

    fn push_name(&mut self, variant: &str, code: &str, glossary: bool) {
        let tokens = tokens(&fold(variant).text);
        let code = code.trim();
        if code.is_empty() || tokens.is_empty() {
            return;
        }
        self.first.push(Variant {
            tokens,
            code: code.to_string(),
            glossary,
            after_title: false,
        });
    }

    /// Compiles every variant into one [`Anonymiser`].
    pub fn build(&self) -> Result<Anonymiser> {
        let mut names: HashMap<String, Target> = HashMap::new();
        let mut surnames: HashMap<String, Target> = HashMap::new();
        // Pattern text → (number of words, length), for ordering.
        let mut name_patterns: Vec<(usize, usize, String)> = Vec::new();
        let mut surname_patterns: Vec<(usize, usize, String)> = Vec::new();
        let mut seen: HashSet<String> = HashSet::new();
        let mut seen_surnames: HashSet<String> = HashSet::new();
        for v in self.first.iter().chain(self.derived.iter()) {
            let key = v.tokens.join(" ");
            if key.chars().count() < 2 {
                continue;
            }
            let target = Target {
                code: v.code.clone(),
                glossary: v.glossary,
            };
            if v.after_title {
                surnames.entry(key.clone()).or_insert(target);
                if seen_surnames.insert(key.clone()) {
                    surname_patterns.push((v.tokens.len(), key.len(), pattern(&v.tokens, false)));
                }
                continue;
            }
            let mut forms = vec![(v.tokens.clone(), false)];
            let titled = v.tokens.first().is_some_and(|t| is_title(t) || is_rank(t));
            if v.tokens.len() >= 2 && !titled {
                let mut reversed = vec![v.tokens[v.tokens.len() - 1].clone()];
                reversed.extend(v.tokens[..v.tokens.len() - 1].iter().cloned());
                forms.push((reversed, true));
            }
            for (tokens, comma) in forms {
                let key = tokens.join(" ");
                names.entry(key.clone()).or_insert_with(|| target.clone());
                let p = pattern(&tokens, comma);
                if seen.insert(p.clone()) {
                    name_patterns.push((tokens.len(), key.len(), p));
                }
            }
        }
        if name_patterns.is_empty() && surname_patterns.is_empty() {
            return Ok(Anonymiser {
                regex: None,
                names,
                surnames,
            });
        }
        let order = |v: &mut Vec<(usize, usize, String)>| {
            v.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        };
        order(&mut name_patterns);
        order(&mut surname_patterns);
        let mut prefixes: Vec<&str> = TITLES.iter().chain(RANKS.iter()).copied().collect();
        prefixes.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        let prefix = format!(
            r"(?-u:\b)(?:{})\.?\s+(?:\d+\s+)?",
            prefixes
                .iter()
                .map(|p| regex::escape(p))
                .collect::<Vec<_>>()
                .join("|")
        );
        let join = |v: &[(usize, usize, String)]| {
            v.iter()
                .map(|(_, _, p)| p.as_str())
                .collect::<Vec<_>>()
                .join("|")
        };
        let mut branches = Vec::new();
        if !name_patterns.is_empty() {
            branches.push(format!(
                "(?P<pre>{prefix})?(?P<name>{})",
                join(&name_patterns)
            ));
        }
        if !surname_patterns.is_empty() {
            branches.push(format!(
                "(?P<pre2>{prefix})(?P<sn>{})",
                join(&surname_patterns)
            ));
        }
        let source = format!(r"(?:{})(?P<poss>'s(?-u:\b)|'(?-u:\B))?", branches.join("|"));
        let regex = RegexBuilder::new(&source)
            .size_limit(1 << 28)
            .dfa_size_limit(1 << 28)
            .build()
            .map_err(|e| Error::Invalid(format!("the names to anonymise do not compile: {e}")))?;
        Ok(Anonymiser {
            regex: Some(regex),
            names,
            surnames,
        })
    }
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

    /// The text with every variant replaced by its code.
    pub fn apply(&self, text: &str) -> String {
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
        let (pre, name, target, absorb) = if let Some(name) = caps.name("name") {
            let pre = caps.name("pre");
            let name_key = tokens(name.as_str()).join(" ");
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
        let orig_start = folded.original(match_start);
        let mut end = name.end();
        let mut suffix = String::new();
        if let Some(p) = poss {
            let apostrophe = text
                .get(folded.original(p.start())..)
                .and_then(|s| s.chars().next())
                .unwrap_or('\'');
            if p.as_str().len() > 1 {
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

/// The regular expression for one variant's words.
fn pattern(tokens: &[String], surname_first: bool) -> String {
    let mut p = String::new();
    let last = tokens.len().saturating_sub(1);
    for (i, t) in tokens.iter().enumerate() {
        let word_start = t.chars().next().is_some_and(is_word);
        let word_end = t.chars().next_back().is_some_and(is_word);
        if i == 0 && word_start {
            p.push_str(r"(?-u:\b)");
        }
        p.push_str(&regex::escape(t));
        if i == last {
            if word_end {
                p.push_str(r"(?-u:\b)");
            }
        } else if t.chars().count() == 1 {
            p.push_str(r"(?:\.\s*|\s+)");
        } else if i == 0 && surname_first {
            p.push_str(r"(?:\s*,\s*|\s+)");
        } else {
            p.push_str(r"\s+");
        }
    }
    p
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
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

/// The words of a glossary name without what is not the person's name:
/// brackets, leading titles, ranks and numbers.
fn core_tokens(name: &str) -> Vec<String> {
    let mut plain = String::new();
    let mut depth = 0usize;
    for c in name.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    let words = tokens(&fold(&plain).text);
    let skip = words
        .iter()
        .take_while(|t| is_title(t) || is_rank(t) || t.chars().all(|c| c.is_ascii_digit()))
        .count();
    words.into_iter().skip(skip).collect()
}

/// A folded copy of a text and where each of its bytes came from.
struct Folded {
    text: String,
    /// For each byte of `text`, the offset in the original of the start of
    /// the character it came from.
    from: Vec<usize>,
    /// The original's length.
    len: usize,
}

impl Folded {
    /// The original offset for a folded offset at a character boundary.
    fn original(&self, at: usize) -> usize {
        self.from.get(at).copied().unwrap_or(self.len)
    }
}

/// Lower case, accents removed (precomposed or combining), curly
/// apostrophes straightened.
fn fold(text: &str) -> Folded {
    let mut out = String::with_capacity(text.len());
    let mut from = Vec::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        let before = out.len();
        crate::text::fold_char_into(c, &mut out);
        from.resize(from.len() + (out.len() - before), i);
    }
    Folded {
        text: out,
        from,
        len: text.len(),
    }
}

/// The anonymiser for a review: its glossary as entered, then every variant
/// and alias of its subjects with their labels, then the forms derived from
/// the glossary names.
pub fn anonymiser_for(review: &Review, analysis: &Analysis) -> Result<Anonymiser> {
    let mut b = AnonymiserBuilder::new();
    for e in review.glossary()? {
        b.glossary(&e.name, &e.code, e.kind);
    }
    for (variant, label) in analysis.subjects.replacements() {
        b.name(&variant, &label);
    }
    b.build()
}

/// A proposed glossary entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Proposal {
    /// The name, in its fullest form seen ("Nathan Cole").
    pub name: String,
    /// How many times a form of it was seen (author columns and texts).
    pub count: usize,
    /// A code by role ("DS1", "SW2", "Teacher1").
    pub code: String,
    /// The role the code was taken from ("DS", "SW", "Teacher").
    pub role: String,
    /// Every form seen, as written, most frequent first.
    pub forms: Vec<String>,
}

/// Names in the records that look like professionals' names, with how many
/// times each was seen, most frequent first. Names of the review's subjects
/// (any name sharing a surname with a subject column) are left out.
pub fn propose_professionals(records: &[Record]) -> Vec<(String, usize)> {
    proposals(records)
        .into_iter()
        .map(|p| (p.name, p.count))
        .collect()
}

/// One sighting of a name.
struct Sighting {
    /// The name words as written, without title or rank.
    words: Vec<String>,
    /// The title or rank before it, folded.
    rank: Option<String>,
    /// Role words near it ("SW, Assessment Team", "Headteacher/DSL").
    hint: Option<String>,
    kind: AgencyKind,
}

/// Proposed glossary entries from the records: professionals' names with
/// counts and codes, most frequent first (see [`propose_professionals`]).
pub fn proposals(records: &[Record]) -> Vec<Proposal> {
    let Some(text_re) = text_patterns() else {
        return Vec::new();
    };
    let subject_surnames = subject_surnames(records);
    let mut sightings: Vec<Sighting> = Vec::new();
    for r in records {
        if let Some(author) = &r.author {
            for part in author.split(" / ").flat_map(|p| p.split(';')) {
                if let Some(s) = author_sighting(part, r.agency_kind) {
                    sightings.push(s);
                }
            }
        }
        for text in std::iter::once(r.text.as_str()).chain(r.outcome.as_deref()) {
            text_sightings(&text_re, text, r.agency_kind, &mut sightings);
        }
    }
    sightings.retain(|s| {
        s.words
            .last()
            .is_some_and(|w| !subject_surnames.contains(&fold_word(w)))
    });
    merge(sightings)
}

/// The compiled patterns for names in free text.
struct TextPatterns {
    titled: Regex,
    bracketed: Regex,
}

fn text_patterns() -> Option<TextPatterns> {
    let name_word = r"[A-Z][\p{L}'’\-]+";
    let titled = Regex::new(&format!(
        r"\b(?:(Dr|Mr|Mrs|Ms|Miss)\.?|(PC|PCSO|PS|DS|DC|DI|DCI|Sgt|Insp|SW|HV|PO|PSO|RN|RM))\s+(?:\d+\s+)?((?:[A-Z]\.\s*)?{name_word}(?:[ \t]+{name_word})?)"
    ))
    .ok()?;
    let bracketed = Regex::new(&format!(
        r"\b({name_word}[ \t]+{name_word})[ \t]*\(([^()]{{1,40}})\)"
    ))
    .ok()?;
    Some(TextPatterns { titled, bracketed })
}

/// Words that make a capitalised phrase something other than a person.
const NOT_NAMES: &[&str] = &[
    "admin",
    "administrator",
    "assessment",
    "care",
    "centre",
    "clinic",
    "council",
    "court",
    "desk",
    "department",
    "duty",
    "encompass",
    "estate",
    "general",
    "homes",
    "hospital",
    "hub",
    "lead",
    "manager",
    "nurse",
    "office",
    "officer",
    "police",
    "primary",
    "repairs",
    "road",
    "safeguarding",
    "school",
    "service",
    "services",
    "street",
    "supervisor",
    "surgery",
    "team",
    "unit",
    "witness",
];

/// Role words that mark "Name (role)" in free text as a professional.
const ROLE_WORDS: &[&str] = &[
    "dsl",
    "sw",
    "hv",
    "po",
    "pso",
    "tm",
    "iro",
    "fsw",
    "gp",
    "ta",
    "cnn",
    "senco",
    "teacher",
    "headteacher",
    "nurse",
    "officer",
    "health visitor",
    "social worker",
    "midwife",
    "consultant",
    "registrar",
    "paediatrician",
    "probation",
];

fn fold_word(w: &str) -> String {
    fold(w)
        .text
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// The surnames of the names in the records' subject columns, folded.
fn subject_surnames(records: &[Record]) -> HashSet<String> {
    let mut out = HashSet::new();
    for r in records {
        for s in &r.subjects {
            let plain: String = s.split('(').next().unwrap_or_default().to_string();
            let surname = match plain.split_once(',') {
                Some((before, _)) => before.split_whitespace().next_back(),
                None => plain.split_whitespace().next_back(),
            };
            if let Some(w) = surname {
                let w = fold_word(w);
                if w.chars().count() >= 2 {
                    out.insert(w);
                }
            }
        }
    }
    out
}

/// Name words that look like a person's name: one to four words, each
/// capitalised or an initial, at least one a word of two letters or more,
/// none an organisational word.
fn person_words(text: &str) -> Option<Vec<String>> {
    let words: Vec<String> = text
        .split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .skip_while(|w| {
            let f = fold_word(w);
            is_title(&f) || is_rank(&f)
        })
        .map(str::to_string)
        .collect();
    if words.is_empty() || words.len() > 4 {
        return None;
    }
    let mut full = 0;
    for w in &words {
        let letters: String = w.chars().filter(|c| c.is_alphabetic()).collect();
        let first = letters.chars().next()?;
        if !first.is_uppercase() || w.chars().any(|c| c.is_ascii_digit()) {
            return None;
        }
        if NOT_NAMES.contains(&fold_word(w).as_str()) {
            return None;
        }
        if letters.chars().count() >= 2 {
            full += 1;
        }
    }
    // The last word is the surname: not an initial.
    let last_letters = words
        .last()
        .map(|w| w.chars().filter(|c| c.is_alphabetic()).count())
        .unwrap_or(0);
    (full >= 1 && last_letters >= 2).then_some(words)
}

/// A name from an author column: "Jade Okafor (SW, Assessment Team)",
/// "Admin – J. Rowe", "PC 2231 A. HUGHES", "Dr Zoë Fenwick".
fn author_sighting(part: &str, kind: AgencyKind) -> Option<Sighting> {
    let mut hint: Vec<String> = Vec::new();
    let mut plain = String::new();
    let mut depth = 0usize;
    let mut inner = String::new();
    for c in part.chars() {
        match c {
            '(' => {
                depth += 1;
                inner.clear();
            }
            ')' => {
                depth = depth.saturating_sub(1);
                hint.push(inner.clone());
            }
            _ if depth > 0 => inner.push(c),
            _ => plain.push(c),
        }
    }
    let mut name = plain.trim().to_string();
    for dash in [" – ", " - ", " — "] {
        if let Some((role, rest)) = name.split_once(dash) {
            hint.push(role.trim().to_string());
            name = rest.trim().to_string();
        }
    }
    let mut words: Vec<&str> = name.split_whitespace().collect();
    // "staff 7790 P. IQBAL"
    if words
        .first()
        .is_some_and(|w| w.eq_ignore_ascii_case("staff"))
    {
        words.remove(0);
    }
    let mut rank = None;
    while let Some(first) = words.first() {
        let f = fold_word(first);
        if is_title(&f) || is_rank(&f) {
            rank.get_or_insert(f);
            words.remove(0);
        } else if first.chars().all(|c| c.is_ascii_digit()) {
            words.remove(0);
        } else {
            break;
        }
    }
    let words = person_words(&words.join(" "))?;
    Some(Sighting {
        words,
        rank,
        hint: (!hint.is_empty()).then(|| hint.join(", ")),
        kind,
    })
}

/// Names in free text after a title or rank, or before a role in brackets.
fn text_sightings(re: &TextPatterns, text: &str, kind: AgencyKind, out: &mut Vec<Sighting>) {
    for c in re.titled.captures_iter(text) {
        let (Some(rank), Some(name)) = (c.get(1).or_else(|| c.get(2)), c.get(3)) else {
            continue;
        };
        if let Some(words) = person_words(name.as_str()) {
            out.push(Sighting {
                words,
                rank: Some(fold_word(rank.as_str())),
                hint: None,
                kind,
            });
        }
    }
    for c in re.bracketed.captures_iter(text) {
        let (Some(name), Some(role)) = (c.get(1), c.get(2)) else {
            continue;
        };
        let role_folded = fold(role.as_str()).text;
        let is_role = role_folded
            .split(|c: char| !c.is_alphanumeric() && c != ' ')
            .any(|part| {
                let part = part.trim();
                ROLE_WORDS.contains(&part)
                    || part
                        .split_whitespace()
                        .any(|w| ROLE_WORDS.contains(&w) && w.len() > 3)
            });
        if !is_role {
            continue;
        }
        if let Some(words) = person_words(name.as_str()) {
            out.push(Sighting {
                words,
                rank: None,
                hint: Some(role.as_str().to_string()),
                kind,
            });
        }
    }
}

/// A word as a proposal shows it: "COLE" → "Cole"; initials keep their stop.
fn display_word(w: &str) -> String {
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    if letters >= 2 && !w.chars().any(|c| c.is_lowercase()) {
        let mut out = String::new();
        let mut start = true;
        for c in w.chars() {
            if start {
                out.extend(c.to_uppercase());
            } else {
                out.extend(c.to_lowercase());
            }
            start = !c.is_alphabetic();
        }
        out
    } else if letters == 1 && !w.ends_with('.') {
        format!("{w}.")
    } else {
        w.to_string()
    }
}

/// The code prefix a rank, role hint or agency suggests.
fn role_of(s: &Sighting) -> String {
    if let Some(rank) = &s.rank {
        let r = match rank.as_str() {
            "pc" => Some("PC"),
            "pcso" => Some("PCSO"),
            "ps" | "sgt" | "dsgt" => Some("Sgt"),
            "ds" => Some("DS"),
            "dc" => Some("DC"),
            "di" | "dci" => Some("DI"),
            "insp" => Some("Insp"),
            "sw" | "fsw" => Some("SW"),
            "hv" => Some("HV"),
            "po" | "pso" => Some("PO"),
            "rn" | "nurse" | "sister" => Some("Nurse"),
            "rm" => Some("Midwife"),
            "tm" => Some("TM"),
            "iro" => Some("IRO"),
            "dr" => Some(if s.kind == AgencyKind::Gp { "GP" } else { "Dr" }),
            _ => None,
        };
        if let Some(r) = r {
            return r.to_string();
        }
    }
    if let Some(hint) = &s.hint {
        let h = fold(hint).text;
        let has = |w: &str| h.split(|c: char| !c.is_alphanumeric()).any(|t| t == w);
        let r = if has("iro") {
            Some("IRO")
        } else if has("tm") || h.contains("team manager") {
            Some("TM")
        } else if has("sw") || has("fsw") || h.contains("social worker") {
            Some("SW")
        } else if has("hv") || h.contains("health visitor") {
            Some("HV")
        } else if has("po") || has("pso") || h.contains("probation") {
            Some("PO")
        } else if has("dsl")
            || has("ta")
            || h.contains("teacher")
            || has("senco")
            || has("headteacher")
        {
            Some("Teacher")
        } else if h.contains("nurse") || has("cnn") || has("hca") {
            Some("Nurse")
        } else if h.contains("officer") {
            Some("Officer")
        } else if h.contains("admin") || h.contains("office") {
            Some("Admin")
        } else {
            None
        };
        if let Some(r) = r {
            return r.to_string();
        }
    }
    match s.kind {
        AgencyKind::Police => "Officer",
        AgencyKind::ChildrensSocialCare => "SW",
        AgencyKind::HealthVisiting => "HV",
        AgencyKind::Gp => "GP",
        AgencyKind::Hospital => "Clinician",
        AgencyKind::School => "Teacher",
        AgencyKind::Probation => "PO",
        AgencyKind::Housing => "Officer",
        AgencyKind::Voluntary | AgencyKind::Other => "Worker",
    }
    .to_string()
}

/// One person being assembled from sightings.
#[derive(Default)]
struct Person {
    count: usize,
    /// Form as shown → (times seen, words of two letters or more).
    forms: BTreeMap<String, (usize, usize)>,
    roles: BTreeMap<String, usize>,
    first_role: Option<String>,
}

/// Merges sightings of one person ("N. COLE", "DS COLE", "Nathan Cole") and
/// numbers codes by role, most frequent first.
fn merge(sightings: Vec<Sighting>) -> Vec<Proposal> {
    // Person key: folded "given surname", "initial surname" or "surname".
    let key_of = |words: &[String]| -> (String, Option<String>, bool) {
        let surname = words.last().map(|w| fold_word(w)).unwrap_or_default();
        match words.first().filter(|_| words.len() >= 2) {
            Some(g) => {
                let g = fold_word(g);
                let full = g.chars().count() >= 2;
                (surname, Some(g), full)
            }
            None => (surname, None, false),
        }
    };
    // Surname → full given names seen.
    let mut full_given: HashMap<String, Vec<String>> = HashMap::new();
    for s in &sightings {
        if let (surname, Some(g), true) = key_of(&s.words) {
            let list = full_given.entry(surname).or_default();
            if !list.contains(&g) {
                list.push(g);
            }
        }
    }
    // Surname → initials seen without a matching full given name.
    let mut lone_initials: HashMap<String, Vec<String>> = HashMap::new();
    for s in &sightings {
        if let (surname, Some(g), false) = key_of(&s.words) {
            let matches = full_given
                .get(&surname)
                .map(|l| l.iter().filter(|f| f.starts_with(&g)).count())
                .unwrap_or(0);
            if matches == 0 {
                let list = lone_initials.entry(surname).or_default();
                if !list.contains(&g) {
                    list.push(g);
                }
            }
        }
    }
    let mut people: BTreeMap<String, Person> = BTreeMap::new();
    for s in &sightings {
        let (surname, given, _) = key_of(&s.words);
        let fulls = full_given.get(&surname).cloned().unwrap_or_default();
        let initials = lone_initials.get(&surname).cloned().unwrap_or_default();
        let key = match &given {
            Some(g) if g.chars().count() >= 2 => format!("{g} {surname}"),
            Some(g) => {
                let m: Vec<&String> = fulls.iter().filter(|f| f.starts_with(g.as_str())).collect();
                match m.as_slice() {
                    [one] => format!("{one} {surname}"),
                    _ => format!("{g} {surname}"),
                }
            }
            None => match (fulls.as_slice(), initials.as_slice()) {
                ([one], []) => format!("{one} {surname}"),
                ([], [one]) => format!("{one} {surname}"),
                _ => surname.clone(),
            },
        };
        let mut form: Vec<String> = s.words.iter().map(|w| display_word(w)).collect();
        let fullness = s
            .words
            .iter()
            .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
            .count()
            + usize::from(given.is_some());
        if given.is_none() {
            if let Some(r) = &s.rank {
                let title = match r.as_str() {
                    "mr" => "Mr".to_string(),
                    "mrs" => "Mrs".to_string(),
                    "ms" => "Ms".to_string(),
                    "miss" => "Miss".to_string(),
                    "dr" => "Dr".to_string(),
                    other => other.to_uppercase(),
                };
                form.insert(0, title);
            }
        }
        let p = people.entry(key).or_default();
        p.count += 1;
        let f = p.forms.entry(form.join(" ")).or_insert((0, fullness));
        f.0 += 1;
        let role = role_of(s);
        *p.roles.entry(role.clone()).or_default() += 1;
        p.first_role.get_or_insert(role);
    }
    let mut list: Vec<(String, Person)> = people.into_iter().collect();
    list.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(&b.0)));
    let mut numbers: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    for (_, p) in list {
        let mut forms: Vec<(String, (usize, usize))> = p.forms.into_iter().collect();
        forms.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(&b.0)));
        // The fullest form: most words of two letters or more (a given name
        // counting over a title), then most seen, then with its accents.
        let name = forms
            .iter()
            .max_by(|a, b| {
                let accents = |s: &str| s.chars().filter(|c| !c.is_ascii()).count();
                a.1 .1
                    .cmp(&b.1 .1)
                    .then(a.1 .0.cmp(&b.1 .0))
                    .then(accents(&a.0).cmp(&accents(&b.0)))
                    .then(b.0.cmp(&a.0))
            })
            .map(|f| f.0.clone())
            .unwrap_or_default();
        let best = p.roles.values().copied().max().unwrap_or(0);
        let role = p
            .roles
            .iter()
            .filter(|(_, n)| **n == best)
            .map(|(r, _)| r.clone())
            .find(|r| Some(r) == p.first_role.as_ref())
            .or_else(|| {
                p.roles
                    .iter()
                    .find(|(_, n)| **n == best)
                    .map(|(r, _)| r.clone())
            })
            .unwrap_or_else(|| "Worker".to_string());
        let n = numbers.entry(role.clone()).or_default();
        *n += 1;
        out.push(Proposal {
            name,
            count: p.count,
            code: format!("{role}{n}"),
            role,
            forms: forms.into_iter().map(|f| f.0).collect(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anon(pairs: &[(&str, &str)]) -> Anonymiser {
        Anonymiser::new(pairs.iter().copied()).expect("compiles")
    }

    #[test]
    fn longest_first_whole_words_possessives() {
        let a = anon(&[
            ("Tyler", "Child A"),
            ("Tyler Brooks", "Child A"),
            ("Ty", "Child A"),
            ("Brooks", "Mother"),
            ("Dean", "Partner"),
        ]);
        assert_eq!(a.apply("Tyler Brooks seen"), "Child A seen");
        assert_eq!(a.apply("BROOKS, Tyler seen"), "Child A seen");
        assert_eq!(a.apply("Tyler\n  Brooks"), "Child A");
        assert_eq!(
            a.apply("Tyler's coat and Tyler’s hat"),
            "Child A's coat and Child A’s hat"
        );
        assert_eq!(a.apply("Brooks' flat"), "Mother's flat");
        assert_eq!(a.apply("'Brooks' said"), "'Mother' said");
        assert_eq!(a.apply("typical Deanery Ty"), "typical Deanery Child A");
        let only_full = anon(&[("Tyler Brooks", "Child A")]);
        assert_eq!(only_full.apply("Ms Brooks, Tyler"), "Ms Brooks, Tyler");
        assert_eq!(
            only_full.apply("Dr BROOKS, Tyler; BROOKS, Tyler"),
            "Dr BROOKS, Tyler; Child A"
        );
    }

    #[test]
    fn accents_and_bytes() {
        let a = anon(&[("Zoë Fenwick", "GP1"), ("Climbié", "Child V")]);
        assert_eq!(a.apply("ZOE FENWICK and Zoe\u{308} Fenwick"), "GP1 and GP1");
        assert_eq!(
            a.apply("Victoria Climbie, CLIMBIÉ"),
            "Victoria Child V, Child V"
        );
        assert_eq!(a.apply("ß İ ﬁ"), "ß İ ﬁ");
    }

    #[test]
    fn glossary_forms() {
        let mut b = AnonymiserBuilder::new();
        b.glossary("DS 409 Nathan Cole", "DS1", GlossaryKind::Professional);
        b.glossary("Ward", "Place1", GlossaryKind::Place);
        let a = b.build().expect("compiles");
        assert_eq!(
            a.apply("DS 409 N. COLE; DS COLE; Nathan Cole's note; Cole St"),
            "DS1; DS1; DS1's note; Cole St"
        );
    }
}
