//! Proposals for the glossary: names in the records that look like
//! professionals' (author columns, a title or rank before a name, a role in
//! brackets after one), counted, with the forms of one person merged and a
//! code suggested by role ("SW1", "PC1", "GP1", "Teacher1").

use std::collections::{BTreeMap, HashMap, HashSet};

use regex::Regex;
use serde::Serialize;

use super::{fold, is_rank, is_title};
use crate::model::{AgencyKind, Record};

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
        r"\b(?:(Dr|Mr|Mrs|Ms|Miss)\.?|(PC|PCSO|PS|DS|DC|DI|DCI|Sgt|Insp|SW|HV|PO|PSO|RN|RM))\s+(?:\d+\s+)?((?:[A-Z](?:\.\s*|\s+))?{name_word}(?:[ \t]+{name_word})?)"
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
