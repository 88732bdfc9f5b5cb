//! Parsing personal names, comparing them, and reading dates of birth.

use foldhash::{HashMap, HashMapExt};
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};

use super::kin::{Gender, KinIndex};
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

/// Capitalised words that are not names, though they start sentences or
/// places in chronologies.
const NOT_NAMES: &[&str] = &[
    "the",
    "a",
    "an",
    "he",
    "she",
    "they",
    "it",
    "his",
    "her",
    "their",
    "we",
    "i",
    "you",
    "this",
    "that",
    "these",
    "those",
    "there",
    "then",
    "when",
    "where",
    "who",
    "what",
    "why",
    "how",
    "if",
    "and",
    "but",
    "or",
    "not",
    "no",
    "yes",
    "on",
    "in",
    "at",
    "to",
    "from",
    "by",
    "for",
    "with",
    "of",
    "as",
    "after",
    "before",
    "during",
    "per",
    "re",
    "via",
    "said",
    "says",
    "seen",
    "not",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "christmas",
    "easter",
    "police",
    "officer",
    "officers",
    "school",
    "nursery",
    "reception",
    "year",
    "court",
    "road",
    "street",
    "lane",
    "avenue",
    "close",
    "rise",
    "house",
    "flat",
    "hospital",
    "general",
    "surgery",
    "practice",
    "clinic",
    "team",
    "unit",
    "service",
    "services",
    "council",
    "homes",
    "housing",
    "hub",
    "primary",
    "academy",
    "centre",
    "center",
    "ward",
    "department",
    "ed",
    "a&e",
    "gp",
    "hv",
    "sw",
    "dsl",
    "tm",
    "iro",
    "cp",
    "cin",
    "mash",
    "edt",
    "ppn",
    "nfa",
    "da",
    "dv",
    "nai",
    "cait",
    "cps",
    "icpc",
    "rcpc",
    "s47",
    "s17",
    "cme",
    "ehcp",
    "probation",
    "magistrates",
    "crown",
    "children",
    "social",
    "care",
    "health",
    "visiting",
    "visitor",
    "visit",
    "home",
    "tel",
    "call",
    "email",
    "letter",
    "fax",
    "referral",
    "strategy",
    "discussion",
    "conference",
    "meeting",
    "core",
    "group",
    "plan",
    "case",
    "note",
    "notes",
    "contact",
    "outcome",
    "action",
    "assessment",
    "review",
    "closure",
    "closed",
    "early",
    "help",
    "women's",
    "womens",
    "aid",
    "freedom",
    "programme",
    "covid",
    "lego",
    "tv",
    "uk",
    "nhs",
    "safeguarding",
    "domestic",
    "abuse",
    "child",
    "protection",
    "concern",
    "concerns",
    "injury",
    "injuries",
    "bruise",
    "bruising",
    "burn",
    "unknown",
    "none",
    "nil",
    "other",
    "duty",
    "emergency",
    "ambulance",
    "paramedic",
    "paramedics",
    "nurse",
    "midwife",
    "doctor",
    "consultant",
    "registrar",
    "paediatric",
    "paediatrician",
    "teacher",
    "head",
    "headteacher",
    "deputy",
    "manager",
    "worker",
    "social",
    "family",
    "families",
    "support",
    "agency",
    "agencies",
    "partnership",
    "board",
    "panel",
    "local",
    "authority",
    "county",
    "city",
    "borough",
    "district",
    "north",
    "south",
    "east",
    "west",
    "new",
    "old",
    "great",
    "little",
    "upper",
    "lower",
    "saint",
    "st",
    "ok",
    "okay",
    "hi",
    "dear",
    "thanks",
    "thank",
    "please",
    "following",
    "further",
    "next",
    "last",
    "first",
    "second",
    "third",
    "today",
    "yesterday",
    "tomorrow",
    "tonight",
    "morning",
    "afternoon",
    "evening",
    "night",
    "am",
    "pm",
    "approx",
    "also",
    "both",
    "each",
    "all",
    "any",
    "some",
    "many",
    "one",
    "two",
    "three",
    "four",
    "five",
    "information",
    "info",
    "update",
    "updated",
    "advice",
    "advised",
    "agreed",
    "discussed",
    "present",
    "absent",
    "attended",
    "invited",
    "chair",
    "minutes",
    "report",
    "reports",
    "safety",
    "written",
    "agreement",
    "bail",
    "arrest",
    "arrested",
    "charged",
    "custody",
    "suspect",
    "victim",
    "witness",
    "caller",
    "tenant",
    "patient",
    "pupil",
    "client",
    "subject",
];

fn not_names() -> &'static std::collections::HashSet<&'static str> {
    static SET: OnceLock<std::collections::HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| NOT_NAMES.iter().copied().collect())
}

/// Whether a folded word is a common word that is never taken for a name.
pub(super) fn is_not_name(fold: &str) -> bool {
    not_names().contains(fold)
}

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

/// Splits a subject-column cell into its entries: "Tyler Brooks; Mia Brooks
/// (7 wks)", "BROOKS, Tyler", "Tyler & Mia", "Mum".
pub(super) fn parse_column(raw: &str, tk: &mut Tokens, kin: &KinIndex) -> Vec<ColumnItem> {
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
            let named: Vec<(String, bool)> = if commas.len() == 2
                && surname_part(commas[0])
                && (1..=3).contains(&word_count(commas[1]))
            {
                vec![(piece.clone(), true)]
            } else {
                commas.iter().map(|s| (s.to_string(), false)).collect()
            };
            let one = single && named.len() == 1;
            for (text, comma_reversed) in named {
                let display = text.split_whitespace().collect::<Vec<_>>().join(" ");
                if display.is_empty() {
                    continue;
                }
                tk.scan(&display);
                if let Some(w) = kin.whole(tk) {
                    items.push(ColumnItem::Role(w));
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
                    child: if one { child } else { None },
                    kin: if one { bracket_kin } else { None },
                });
            }
        }
    }
    items
}

/// An age written in brackets, tokens `from..to`: "3", "7 wks", "11 mths",
/// "22". Some(true) for a child, Some(false) for an adult.
pub(super) fn age_hint(tk: &Tokens, from: usize, to: usize) -> Option<bool> {
    let n = to.checked_sub(from)?;
    if !(1..=3).contains(&n) || !tk.tok(from)?.digits {
        return None;
    }
    let value: u32 = tk.fold(from).parse().ok()?;
    let unit = if n >= 2 { tk.fold(from + 1) } else { "" };
    if n == 3 && tk.fold(from + 2) != "old" {
        return None;
    }
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

/// How two given names relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum FirstRel {
    Exact,
    Spelling,
    Nickname,
    Initial,
}

impl FirstRel {
    /// The confidence the relation gives.
    pub fn confidence(self) -> f32 {
        match self {
            FirstRel::Exact => 1.0,
            FirstRel::Spelling => 0.8,
            FirstRel::Nickname | FirstRel::Initial => 0.7,
        }
    }

    /// Strong relations may chain; weak ones attach only where unambiguous.
    pub fn strong(self) -> bool {
        matches!(self, FirstRel::Exact | FirstRel::Spelling)
    }
}

/// Endings that turn one given name into a different one (Louis/Louise,
/// Daniel/Danielle, Dean/Deana), so never a nickname or a misspelling.
const GENDERED: &[&str] = &[
    "a", "e", "le", "ne", "ine", "ette", "elle", "ina", "ia", "ie",
];

/// Endings that make a familiar form (Dean/Deano, Kay/Kayleigh is a prefix).
const DIMINUTIVE: &[&str] = &[
    "o", "y", "ie", "ey", "ee", "s", "sy", "za", "zo", "ster", "ers",
];

/// Familiar forms that are not prefixes of the name.
const NICKNAMES: &[&[&str]] = &[
    &["william", "bill", "billy", "will", "willy", "liam"],
    &["robert", "bob", "bobby", "rob", "robbie", "bert"],
    &["james", "jim", "jimmy", "jamie", "jas"],
    &["john", "jack", "johnny", "jon", "jonny"],
    &["jonathan", "jon", "jonny"],
    &[
        "elizabeth",
        "liz",
        "lizzie",
        "lizzy",
        "beth",
        "betty",
        "bess",
        "libby",
        "eliza",
    ],
    &["margaret", "maggie", "meg", "peggy", "marge", "madge"],
    &[
        "katherine",
        "catherine",
        "kathryn",
        "kate",
        "katie",
        "kath",
        "cathy",
        "kathy",
        "kat",
        "kitty",
    ],
    &["richard", "rick", "ricky", "dick", "richie"],
    &["edward", "ed", "eddie", "ted", "teddy", "ned"],
    &["michael", "mike", "mick", "micky", "mikey"],
    &["anthony", "tony", "ant"],
    &["joseph", "joe", "joey"],
    &["alexander", "alex", "sandy", "xander"],
    &["patrick", "paddy", "pat"],
    &["rebecca", "becky", "becca", "bex"],
    &["susan", "sue", "suzy", "susie"],
    &["deborah", "debbie", "debs", "deb"],
    &["victoria", "vicky", "vikki", "tori"],
    &["charlotte", "lottie", "charlie"],
    &["charles", "charlie", "chas", "chuck"],
    &["abigail", "abbie", "abby", "gail"],
    &["jennifer", "jenny", "jen", "jenna"],
    &["henry", "harry", "hal", "hank"],
    &["harold", "harry", "hal"],
    &["mary", "molly", "polly", "mo"],
    &["sarah", "sally", "sadie"],
    &["frances", "fran", "frankie"],
    &["francis", "frank", "frankie"],
    &["terence", "terry", "tel"],
    &["lawrence", "laurence", "larry", "laurie"],
    &["alfred", "alf", "alfie"],
    &["frederick", "fred", "freddie", "freddy"],
    &["theodore", "theo", "teddy", "ted"],
    &["oliver", "ollie", "olly"],
    &["maureen", "mo"],
    &["christopher", "chris", "kit"],
    &["stephen", "steven", "steve", "stevie"],
    &["nicholas", "nick", "nicky"],
    &["daniel", "dan", "danny"],
    &["samuel", "sam", "sammy"],
    &["benjamin", "ben", "benny"],
    &["thomas", "tom", "tommy"],
    &["matthew", "matt", "matty"],
    &["jacqueline", "jackie", "jacqui"],
    &["josephine", "jo", "josie"],
    &["joanne", "jo", "joanna"],
    &["gerald", "gerry", "jerry"],
    &["raymond", "ray"],
    &["ronald", "ron", "ronnie"],
    &["donald", "don", "donny"],
    &["leonard", "len", "lenny", "leo"],
    &["archibald", "archie"],
    &["isabella", "isabelle", "izzy", "bella"],
    &["natalie", "nat", "tally"],
    &["nathan", "nate", "nat"],
    &["jessica", "jess", "jessie"],
    &["samantha", "sam", "sammy"],
];

fn nickname_groups() -> &'static HashMap<&'static str, Vec<usize>> {
    static MAP: OnceLock<HashMap<&'static str, Vec<usize>>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut m: HashMap<&'static str, Vec<usize>> = HashMap::new();
        for (g, names) in NICKNAMES.iter().enumerate() {
            for n in names.iter() {
                let e = m.entry(*n).or_default();
                if !e.contains(&g) {
                    e.push(g);
                }
            }
        }
        m
    })
}

/// The other forms a folded given name has in the table of familiar forms
/// ("bill" → "william", "will", ...).
pub(super) fn nickname_forms(word: &str) -> Vec<&'static str> {
    let mut out = Vec::new();
    if let Some(groups) = nickname_groups().get(word) {
        for &g in groups {
            if let Some(names) = NICKNAMES.get(g) {
                out.extend(names.iter().copied().filter(|n| *n != word));
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Whether a folded word is in the table of familiar forms.
pub(super) fn in_nickname_table(word: &str) -> bool {
    nickname_groups().contains_key(word)
}

/// Whether two folded given names are familiar forms of each other.
pub(super) fn nickname_pair(a: &str, b: &str) -> bool {
    let m = nickname_groups();
    match (m.get(a), m.get(b)) {
        (Some(x), Some(y)) => x.iter().any(|g| y.contains(g)),
        _ => false,
    }
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

fn first_char(s: &str) -> Option<char> {
    s.chars().next()
}

/// How two given names relate, if at all. `a_init`/`b_init`: the name is
/// only an initial.
pub(super) fn first_rel(a: &str, a_init: bool, b: &str, b_init: bool) -> Option<FirstRel> {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    if a_init || b_init {
        return (first_char(a) == first_char(b)).then_some(FirstRel::Initial);
    }
    if a == b {
        return Some(FirstRel::Exact);
    }
    if nickname_pair(a, b) {
        return Some(FirstRel::Nickname);
    }
    let (short, long) = if chars(a) <= chars(b) { (a, b) } else { (b, a) };
    if let Some(rest) = long.strip_prefix(short).filter(|_| chars(short) >= 2) {
        return (!GENDERED.contains(&rest)).then_some(FirstRel::Nickname);
    }
    spelling(a, b).then_some(FirstRel::Spelling)
}

/// Whether two given names are spellings of one name ("Kayley"/"Kayleigh").
fn spelling(a: &str, b: &str) -> bool {
    let (la, lb) = (chars(a), chars(b));
    if la < 3 || lb < 3 || la.abs_diff(lb) > 2 || first_char(a) != first_char(b) {
        return false;
    }
    let jw = strsim::jaro_winkler(a, b);
    let needed = if la.min(lb) <= 4 { 0.94 } else { 0.89 };
    jw >= needed
}

/// How a word found alone in free text relates to a known given name, for
/// discovering nicknames ("Ty", "Deano", "Kayley"). Stricter than
/// [`first_rel`]: a shorter word must be a prefix of the name, a longer one
/// the name with a familiar ending.
pub(super) fn text_first_rel(word: &str, name: &str) -> Option<FirstRel> {
    if word == name || chars(word) < 2 || chars(name) < 2 {
        return None;
    }
    if nickname_pair(word, name) {
        return Some(FirstRel::Nickname);
    }
    if let Some(rest) = name.strip_prefix(word) {
        return (!GENDERED.contains(&rest)).then_some(FirstRel::Nickname);
    }
    if let Some(rest) = word.strip_prefix(name) {
        return DIMINUTIVE.contains(&rest).then_some(FirstRel::Nickname);
    }
    let two = |s: &str| s.chars().take(2).collect::<String>();
    (two(word) == two(name) && spelling(word, name)).then_some(FirstRel::Spelling)
}

/// How two surnames relate: 1.0 the same, 0.8 a spelling variant
/// ("Brooks"/"Brookes", Jaro–Winkler ≥ 0.92, or one part of a double-barrelled
/// name), None different.
pub(super) fn surname_rel(a: &str, b: &str) -> Option<f32> {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    if a == b {
        return Some(1.0);
    }
    if a.contains('-') || b.contains('-') {
        let pa: Vec<&str> = a.split('-').filter(|p| p.len() > 1).collect();
        let pb: Vec<&str> = b.split('-').filter(|p| p.len() > 1).collect();
        if pa.iter().any(|p| pb.contains(p)) {
            return Some(0.8);
        }
    }
    let (short, long) = if chars(a) <= chars(b) { (a, b) } else { (b, a) };
    if long.starts_with(short) && chars(long) - chars(short) >= 2 {
        // Marsh / Marshall: a different name.
        return None;
    }
    (first_char(a) == first_char(b) && strsim::jaro_winkler(a, b) >= 0.92).then_some(0.8)
}

/// A date of birth as a comparable key: "YYYY-MM-DD" when it can be read
/// (UK day-first, ISO, month names, two-digit years, Excel serials), else the
/// folded text prefixed with '?'. None when blank.
pub(super) fn dob_key(raw: &str) -> Option<String> {
    let s = raw.trim();
    if !s.chars().any(|c| c.is_ascii_digit()) {
        // Blank, "unknown", "not given": no date of birth.
        return None;
    }
    if let Some(d) = parse_dob(s) {
        return Some(d.format("%Y-%m-%d").to_string());
    }
    let folded: String = s
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(|c| c.to_lowercase())
        .collect();
    if folded.is_empty() {
        None
    } else {
        Some(format!("?{folded}"))
    }
}

/// The year of a date-of-birth key, when it was read as a date.
pub(super) fn dob_year(key: &str) -> Option<i32> {
    if key.starts_with('?') {
        return None;
    }
    key.get(0..4)?.parse().ok()
}

fn month(word: &str) -> Option<u32> {
    let w = word.to_ascii_lowercase();
    let m = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let p = w.get(0..3)?;
    m.iter()
        .position(|x| *x == p)
        .map(|i| i as u32 + 1)
        .filter(|_| w.chars().all(|c| c.is_ascii_alphabetic()))
}

fn year(word: &str) -> Option<i32> {
    let y: i32 = word.parse().ok()?;
    match word.len() {
        2 => Some(if y < 50 { 2000 + y } else { 1900 + y }),
        4 => Some(y),
        _ => None,
    }
}

fn parse_dob(s: &str) -> Option<NaiveDate> {
    let parts: Vec<&str> = s
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() == 1 && parts[0].len() <= 5 && parts[0].chars().all(|c| c.is_ascii_digit()) {
        // An Excel serial.
        let n: i64 = parts[0].parse().ok()?;
        if (1000..=80000).contains(&n) {
            let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
            return base.checked_add_signed(chrono::Duration::days(n));
        }
        return None;
    }
    if parts.len() < 3 {
        return None;
    }
    let (a, b, c) = (parts[0], parts[1], parts[2]);
    let num = |x: &str| -> Option<u32> {
        if x.len() <= 2 {
            x.parse().ok()
        } else {
            None
        }
    };
    let date = if a.len() == 4 && a.chars().all(|c| c.is_ascii_digit()) {
        NaiveDate::from_ymd_opt(a.parse().ok()?, num(b).or_else(|| month(b))?, num(c)?)?
    } else if let Some(m) = month(b) {
        NaiveDate::from_ymd_opt(year(c)?, m, num(a)?)?
    } else if let Some(m) = month(a) {
        NaiveDate::from_ymd_opt(year(c)?, m, num(b)?)?
    } else {
        NaiveDate::from_ymd_opt(year(c)?, num(b)?, num(a)?)?
    };
    (1900..=2100).contains(&date.year()).then_some(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Vec<ColumnItem> {
        let k = KinIndex::new();
        let mut t = Tokens::default();
        parse_column(s, &mut t, &k)
    }

    fn key(item: &ColumnItem) -> String {
        match item {
            ColumnItem::Person { name, .. } => name.key(),
            ColumnItem::Role(_) => "<role>".into(),
        }
    }

    #[test]
    fn column_entries() {
        let keys = |s| parse(s).iter().map(key).collect::<Vec<_>>();
        assert_eq!(keys("BROOKS, Tyler"), vec!["tyler brooks"]);
        assert_eq!(keys("BROOKS Tyler"), vec!["tyler brooks"]);
        assert_eq!(
            keys("Tyler Brooks; Mia Brooks"),
            vec!["tyler brooks", "mia brooks"]
        );
        assert_eq!(
            keys("Tyler Brooks (and unborn sibling)"),
            vec!["tyler brooks"]
        );
        assert_eq!(keys("T. Brookes"), vec!["t brookes"]);
        assert_eq!(keys("Ms Brooks"), vec!["~f brooks"]);
        assert_eq!(keys("TB"), vec!["#tb"]);
        assert_eq!(keys("Ty"), vec!["ty"]);
        assert_eq!(keys("Mum"), vec!["<role>"]);
        assert_eq!(keys("Tyler & Mia"), vec!["tyler", "mia"]);
        assert_eq!(
            keys("Tyler Brooks, Mia Brooks"),
            vec!["tyler brooks", "mia brooks"]
        );
        assert!(keys("Unknown").is_empty() && keys("").is_empty() && keys("n/a").is_empty());
        assert_eq!(keys("Zoë Climbié"), vec!["zoe climbie"]);
        match &parse("Mia Brooks (7 wks)")[0] {
            ColumnItem::Person { child, .. } => assert_eq!(*child, Some(true)),
            _ => panic!(),
        }
    }

    #[test]
    fn relations() {
        assert_eq!(
            first_rel("ty", false, "tyler", false),
            Some(FirstRel::Nickname)
        );
        assert_eq!(
            first_rel("kayley", false, "kayleigh", false),
            Some(FirstRel::Spelling)
        );
        assert_eq!(
            first_rel("kaleigh", false, "kayleigh", false),
            Some(FirstRel::Spelling)
        );
        assert_eq!(
            first_rel("deano", false, "dean", false),
            Some(FirstRel::Nickname)
        );
        assert_eq!(
            first_rel("t", true, "tyler", false),
            Some(FirstRel::Initial)
        );
        assert_eq!(first_rel("mia", false, "tyler", false), None);
        assert_eq!(first_rel("louis", false, "louise", false), None);
        assert_eq!(first_rel("mia", false, "mila", false), None);
        assert_eq!(surname_rel("brooks", "brookes"), Some(0.8));
        assert_eq!(surname_rel("marsh", "marshall"), None);
        assert_eq!(surname_rel("brooks", "crooks"), None);
        assert_eq!(text_first_rel("deano", "dean"), Some(FirstRel::Nickname));
        assert_eq!(text_first_rel("ty", "tyler"), Some(FirstRel::Nickname));
        assert_eq!(text_first_rel("deana", "dean"), None);
        assert_eq!(
            text_first_rel("kayley", "kayleigh"),
            Some(FirstRel::Spelling)
        );
    }

    #[test]
    fn dates_of_birth() {
        assert_eq!(dob_key("03/05/2017").as_deref(), Some("2017-05-03"));
        assert_eq!(dob_key("3/5/17").as_deref(), Some("2017-05-03"));
        assert_eq!(dob_key("2017-05-03").as_deref(), Some("2017-05-03"));
        assert_eq!(dob_key("03-May-2017").as_deref(), Some("2017-05-03"));
        assert_eq!(dob_key("30/10/94").as_deref(), Some("1994-10-30"));
        assert_eq!(dob_key("42858").as_deref(), Some("2017-05-03"));
        assert_eq!(dob_key("31/02/2017").as_deref(), Some("?31022017"));
        assert_eq!(dob_key("  "), None);
        assert_eq!(dob_year("2017-05-03"), Some(2017));
    }
}
