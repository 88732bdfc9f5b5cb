//! Recognising agencies by the names practitioners use ("SW", "MASH", "DS
//! Cole", "A&E").

use std::str::FromStr;

use crate::model::AgencyKind;

use super::matcher::{entry_regex, Matcher};
use super::taxonomy::AgencyDef;
use super::AgencyRef;

/// One agency named in a text.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Mention {
    pub start: usize,
    pub end: usize,
    pub entry: usize,
}

/// The compiled agency synonyms.
#[derive(Debug, Clone)]
pub(crate) struct Agencies {
    matcher: Matcher,
    kinds: Vec<Vec<AgencyKind>>,
    /// The first entry that is one of the review's own agencies by name
    /// (see `Extractor::knowing_agencies`); entries before it are the
    /// taxonomy's synonyms.
    first_named: usize,
}

impl Agencies {
    pub(crate) fn new(defs: &[AgencyDef]) -> Result<Agencies, String> {
        Agencies::with_named(defs, defs.len())
    }

    /// The synonyms `defs`, of which those from `first_named` on are the
    /// review's own agencies by name.
    pub(crate) fn with_named(defs: &[AgencyDef], first_named: usize) -> Result<Agencies, String> {
        let mut kinds = Vec::new();
        let mut sources = Vec::new();
        for d in defs {
            let ks: Vec<AgencyKind> = d
                .kinds
                .iter()
                .filter_map(|k| AgencyKind::from_str(k).ok())
                .collect();
            kinds.push(ks);
            sources.push(entry_regex(&d.terms, &d.exact, &d.patterns));
        }
        let matcher = Matcher::build(sources, |i| {
            format!(
                "agency entry {} ({})",
                i + 1,
                defs.get(i).map(|d| d.kinds.join(", ")).unwrap_or_default()
            )
        })?;
        Ok(Agencies {
            matcher,
            kinds,
            first_named,
        })
    }

    /// Every agency named in `text`, longest names first where they overlap
    /// ("school nurse" is health, not the school), in order.
    pub(crate) fn mentions(&self, text: &str) -> Vec<Mention> {
        self.matcher
            .find_longest(text)
            .into_iter()
            .map(|h| Mention {
                start: h.start,
                end: h.end,
                entry: h.entry,
            })
            .collect()
    }

    /// Whether a mention is one of the review's own agencies by its name
    /// ("City of York Children's Social Care"): an agency apart from any
    /// other of its kind.
    pub(crate) fn is_named(&self, m: &Mention) -> bool {
        m.entry >= self.first_named
    }

    /// The agency references a mention stands for (one per kind).
    /// The mention's text starts with the place or name words written just
    /// before it ("Lowmoor CS Front Door", "Calderbridge CSC"), so that the
    /// review's agency of that name can be told from others of its kind.
    pub(crate) fn refs(&self, text: &str, m: &Mention) -> Vec<AgencyRef> {
        let start = named_from(text, m.start);
        let t = text.get(start..m.end).unwrap_or("").to_string();
        self.kinds
            .get(m.entry)
            .map(|ks| {
                ks.iter()
                    .map(|&kind| AgencyRef {
                        kind,
                        text: t.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Resolves an agency's name as written in a cell ("Harwick Police",
    /// "CSC", "Elm Street Surgery"): every kind its synonyms name, else the
    /// model's guess from the name (kind `other` when nothing fits).
    /// Empty cells and "n/a", "none", "-" give nothing.
    pub(crate) fn resolve_name(&self, name: &str) -> Vec<AgencyRef> {
        let kept = without_denials(name);
        let n = kept.trim();
        let lower = n.to_lowercase();
        let blank = [
            "",
            "-",
            "--",
            "n/a",
            "na",
            "none",
            "nil",
            "no",
            "not applicable",
            "not shared",
            "nobody",
            "no one",
            "unknown",
            "?",
            "x",
            "0",
        ];
        if blank.contains(&lower.as_str()) || !n.chars().any(char::is_alphanumeric) {
            return Vec::new();
        }
        let mut out: Vec<AgencyRef> = Vec::new();
        for m in self.mentions(n) {
            for r in self.refs(n, &m) {
                if !out.iter().any(|o| o.kind == r.kind) {
                    out.push(AgencyRef {
                        kind: r.kind,
                        text: n.to_string(),
                    });
                }
            }
        }
        // What is left of a cell that said who was not told, naming no
        // agency, is a note ("Safeguarding: 'Mum protective'. School not
        // informed."), not a name.
        let denied = kept.len() < name.len();
        if out.is_empty() && !denied && !names_a_person(n) {
            // The model knows some organisation names the synonyms do not.
            out.push(AgencyRef {
                kind: AgencyKind::guess_from_name(n),
                text: n.to_string(),
            });
        }
        out
    }
}

/// Whether a shared-with item that names no agency names a person of the
/// family instead: family words alone ("Mum", "parents", "mum and dad"),
/// or a way of telling and one name ("Letter Claire", "phone call to mum",
/// "copy to Mrs Reid"). A single word alone ("Cafcass", "Kooth") may be an
/// organisation and is kept.
fn names_a_person(item: &str) -> bool {
    const FAMILY: &[&str] = &[
        "mum",
        "mother",
        "mom",
        "mam",
        "dad",
        "father",
        "parent",
        "parents",
        "family",
        "carer",
        "carers",
        "grandmother",
        "grandfather",
        "nan",
        "gran",
        "grandparents",
        "aunt",
        "auntie",
        "uncle",
        "stepfather",
        "stepdad",
        "stepmum",
        "stepmother",
        "partner",
        "yp",
        "child",
        "young",
        "person",
        "patient",
        "client",
        "both",
        "and",
        "&",
        "to",
        "the",
        "his",
        "her",
        "their",
        "mr",
        "mrs",
        "ms",
        "miss",
    ];
    const TELLING: &[&str] = &[
        "letter",
        "letters",
        "email",
        "e-mail",
        "emailed",
        "phone",
        "phoned",
        "call",
        "called",
        "text",
        "texted",
        "sms",
        "copy",
        "cc",
        "verbal",
        "verbally",
        "sent",
        "via",
        "by",
        "outcome",
        "feedback",
        "told",
        "informed",
        "discussed",
        "with",
    ];
    let words: Vec<&str> = item
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}' || c == '&'))
        .filter(|w| !w.is_empty())
        .collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let family = |w: &str| FAMILY.contains(&w.trim_end_matches("'s").trim_end_matches("\u{2019}s"));
    let told_by = lower.first().is_some_and(|w| TELLING.contains(&w.as_str()));
    // The words besides the ways of telling, titles and "to".
    let rest: Vec<(&str, &String)> = words
        .iter()
        .copied()
        .zip(&lower)
        .filter(|(_, l)| {
            !TELLING.contains(&l.as_str())
                && !["to", "the", "mr", "mrs", "ms", "miss"].contains(&l.as_str())
        })
        .collect();
    // A titled person alone, perhaps with a role in brackets ("Mrs A
    // Norris (Head)", "Mr Khan"): someone, not an organisation.
    let titled = lower
        .first()
        .is_some_and(|w| ["mr", "mrs", "ms", "miss", "dr"].contains(&w.as_str()))
        && item
            .split('(')
            .next()
            .is_some_and(|name| name.split_whitespace().count() <= 3);
    titled
        || looks_like_a_persons_name(&words)
        || (!rest.is_empty() && rest.iter().all(|(_, l)| family(l)))
        || (told_by
            && (rest.is_empty()
                || (rest.len() == 1 && rest[0].0.chars().next().is_some_and(char::is_uppercase))))
}

/// Whether the words of a shared-with item are a person's name ("Jo
/// Platt", "J. Platt", "Natalie Hughes"): two capitalised words, the first
/// a common given name, an initial or a short name, neither
/// a word organisations are called by ("Safe Lives", "Home Start", "Red
/// Cross" are kept).
fn looks_like_a_persons_name(words: &[&str]) -> bool {
    const ORGANISATION: &[&str] = &[
        "support",
        "aid",
        "start",
        "cross",
        "minds",
        "mind",
        "lives",
        "trust",
        "care",
        "service",
        "services",
        "team",
        "centre",
        "center",
        "project",
        "group",
        "hub",
        "line",
        "partnership",
        "foundation",
        "charity",
        "network",
        "association",
        "society",
        "council",
        "unit",
        "clinic",
        "practice",
        "surgery",
        "house",
        "futures",
        "families",
        "family",
        "children",
        "kids",
        "young",
        "women",
        "men",
        "street",
        "road",
        "health",
        "school",
        "college",
        "academy",
        "nursery",
        "court",
        "office",
    ];
    let capitalised = |w: &str| {
        let mut c = w.chars();
        c.next().is_some_and(char::is_uppercase) && c.all(|x| x.is_lowercase() || x == '\'')
            || (w.chars().all(|x| x.is_uppercase()) && w.chars().count() >= 3)
    };
    let [first, second] = words else {
        return false;
    };
    let short = first.chars().count() <= 3 && first.chars().next().is_some_and(char::is_uppercase);
    (crate::subjects::is_given_name(first) || short)
        && capitalised(second)
        && !words
            .iter()
            .any(|w| ORGANISATION.contains(&w.to_lowercase().as_str()))
}

/// Where the capitalised words just before `at` begin (at most two, each
/// a capital and lower-case letters, one space apart: "Lowmoor",
/// "St Aidan's"), or `at` when there are none.
fn named_from(text: &str, at: usize) -> usize {
    let mut start = at;
    for _ in 0..2 {
        let Some(head) = text.get(..start).and_then(|b| b.strip_suffix(' ')) else {
            break;
        };
        let word_start = head
            .char_indices()
            .rev()
            .find(|(_, c)| !(c.is_alphanumeric() || *c == '\'' || *c == '\u{2019}'))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let word = &head[word_start..];
        let mut chars = word.chars();
        let capitalised = chars.next().is_some_and(char::is_uppercase)
            && word.chars().count() > 1
            && chars.all(|c| !c.is_uppercase() && !c.is_ascii_digit());
        if !capitalised {
            break;
        }
        start = word_start;
    }
    start
}

/// A shared-with cell without its sentences that say who was *not* told
/// ("school nurse (St Aidan's). Not referred to CSC - parent collected" is
/// the school nurse alone).
fn without_denials(cell: &str) -> String {
    const DENIALS: &[&str] = &["not", "no", "nil", "none", "never", "declined", "refused"];
    // "School not informed", "GP never told": a recipient not told.
    const UNTOLD: &[&str] = &[
        "informed",
        "told",
        "notified",
        "shared",
        "referred",
        "sent",
        "copied",
        "updated",
        "contacted",
    ];
    let parts: Vec<&str> = cell.split(['.', ';']).collect();
    if parts.len() < 2 {
        return cell.to_string();
    }
    parts
        .iter()
        .filter(|p| {
            let words: Vec<String> = p
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect();
            let first = words.first().map_or("", String::as_str);
            let untold = words.windows(2).any(|w| {
                matches!(w[0].as_str(), "not" | "never") && UNTOLD.contains(&w[1].as_str())
            });
            !DENIALS.contains(&first) && !untold
        })
        .copied()
        .collect::<Vec<&str>>()
        .join(".")
}
