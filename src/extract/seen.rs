//! Was the child seen (alone)? And was the record a contact after which the
//! child should have been?

use foldhash::{HashSet, HashSetExt};

use regex::Regex;

use super::matcher::{entry_regex, terms_regex, Matcher};
use super::negation::Negator;
use super::taxonomy::{ChildSeenDef, ContactDef, ContactKind, ContactSettings, PeopleDef};
use super::text::{count_words, norm, tokens, Doc};
use super::ChildSeen;

const ALONE: usize = 0;
const SEEN: usize = 1;
const NOT_SEEN: usize = 2;
const NOT_ALONE: usize = 3;

/// Papers a seen-phrase can be about ("Report not seen by DSL before
/// sending"): no child is meant.
const PAPERS: [&str; 12] = [
    "report",
    "letter",
    "minutes",
    "form",
    "email",
    "referral",
    "document",
    "notes",
    "chronology",
    "file",
    "plan",
    "paperwork",
];

/// Words skipped when looking for whom a seen-phrase is about.
const SKIP: [&str; 8] = ["was", "were", "been", "has", "had", "not", "also", "is"];

/// The compiled child-seen phrases.
#[derive(Debug, Clone)]
pub(crate) struct SeenReader {
    phrases: Matcher,
    adults: HashSet<String>,
}

impl SeenReader {
    pub(crate) fn new(def: &ChildSeenDef, people: &PeopleDef) -> Result<SeenReader, String> {
        Ok(SeenReader {
            phrases: Matcher::build(
                vec![
                    entry_regex(&def.alone, &[], &def.alone_patterns),
                    entry_regex(&def.seen, &[], &def.seen_patterns),
                    entry_regex(&def.not_seen, &[], &def.not_seen_patterns),
                    entry_regex(&def.not_alone, &[], &[]),
                ],
                |i| {
                    format!(
                        "child_seen: {}",
                        ["alone", "seen", "not_seen", "not_alone"][i.min(3)]
                    )
                },
            )?,
            adults: people.adults.iter().map(|w| norm(w)).collect(),
        })
    }

    /// Whether the phrase at `[s, e)` is about an adult ("Mum not seen",
    /// "Mum seen alone") or a paper ("Report not seen by DSL").
    fn about_adult(&self, text: &str, s: usize, e: usize) -> bool {
        let own = tokens(&text[s..e], s);
        if let Some(first) = own.first() {
            let l = first.lower();
            if self.adults.contains(&l) || self.adults.contains(l.trim_end_matches("'s")) {
                return true;
            }
        }
        let before = tokens(&text[..s], 0);
        for t in before.iter().rev().take(4) {
            let l = t.lower();
            if SKIP.contains(&l.as_str()) {
                continue;
            }
            return t.is_word()
                && (self.adults.contains(&l)
                    || self.adults.contains(l.trim_end_matches("'s"))
                    || PAPERS.contains(&l.as_str()));
        }
        false
    }

    pub(crate) fn read(&self, doc: &Doc<'_>, negator: &Negator) -> ChildSeen {
        let text = doc.text;
        let hits = self.phrases.find_longest(text);
        let (mut alone, mut seen, mut not_seen) = (false, false, false);
        let none = HashSet::new();
        for h in hits {
            if self.about_adult(text, h.start, h.end) {
                continue;
            }
            let negated = || {
                // Only a cue right before counts ("no children seen"), so
                // "No concerns, Tyler seen" stays seen.
                let (cs, _) = doc.clause(h.start, h.end);
                let near = tokens(&text[cs..h.start], cs);
                let n = near.len();
                n > 0
                    && negator.negated_by(doc, h.start, h.end, &none).is_some()
                    && near[n.saturating_sub(2)..].iter().any(|t| {
                        ["no", "not", "never", "nil", "none"].contains(&t.lower().as_str())
                    })
            };
            match h.entry {
                ALONE if negated() => seen = true,
                ALONE => alone = true,
                SEEN if negated() => not_seen = true,
                SEEN | NOT_ALONE => seen = true,
                NOT_SEEN => not_seen = true,
                _ => {}
            }
        }
        if alone {
            ChildSeen::SeenAlone
        } else if seen {
            ChildSeen::Seen
        } else if not_seen {
            ChildSeen::NotSeen
        } else {
            ChildSeen::Unknown
        }
    }
}

/// The compiled contact phrases.
#[derive(Debug, Clone)]
pub(crate) struct ContactReader {
    phrases: Matcher,
    kinds: Vec<ContactKind>,
    not_done: Option<Regex>,
}

impl ContactReader {
    pub(crate) fn new(defs: &[ContactDef], s: &ContactSettings) -> Result<ContactReader, String> {
        Ok(ContactReader {
            phrases: Matcher::build(
                defs.iter()
                    .map(|d| entry_regex(&d.terms, &d.exact, &d.patterns))
                    .collect(),
                |i| {
                    format!(
                        "contact \"{}\"",
                        defs.get(i).map(|d| d.kind.as_str()).unwrap_or("?")
                    )
                },
            )?,
            kinds: defs.iter().map(|d| d.kind).collect(),
            not_done: terms_regex(&s.not_done)
                .map_err(|e| format!("contact_settings.not_done: {e}"))?,
        })
    }

    /// Contact kinds (home visit, assessment) in one field.
    pub(crate) fn read(&self, doc: &Doc<'_>, negator: &Negator) -> Vec<ContactKind> {
        let text = doc.text;
        let mut out = Vec::new();
        for h in self.phrases.find_longest(text) {
            let Some(&kind) = self.kinds.get(h.entry) else {
                continue;
            };
            if out.contains(&kind) {
                continue;
            }
            if negator.negated_before(doc, h.start, h.end) {
                continue;
            }
            let (cs, ce) = doc.clause(h.start, h.end);
            if let Some(re) = &self.not_done {
                let near = re.find_iter(&text[cs..ce]).any(|m| {
                    let (ms, me) = (cs + m.start(), cs + m.end());
                    if me <= h.start {
                        count_words(&text[me..h.start]) <= 3
                    } else if ms >= h.end {
                        count_words(&text[h.end..ms]) <= 3
                    } else {
                        false
                    }
                });
                if near {
                    continue;
                }
            }
            out.push(kind);
        }
        out
    }
}
