//! Decisions: case closed, NFA, discharged, threshold not met ..., with
//! negation ("not closed"), prospective wording ("plan to close") and
//! look-alikes ("closed head injury") taken out.

use foldhash::{HashSet, HashSetExt};

use regex::Regex;

use super::matcher::{entry_regex, terms_regex, Matcher};
use super::negation::{next_pos, Negator};
use super::taxonomy::{DecisionDef, DecisionKind, DecisionSettings};
use super::text::{count_words, Doc};
use super::{DecisionHit, Field};

/// The compiled decision phrases.
#[derive(Debug, Clone)]
pub(crate) struct DecisionReader {
    names: Matcher,
    kinds: Vec<DecisionKind>,
    prospective: Option<Regex>,
    remains_open: Option<Regex>,
    not_decisions: Option<Regex>,
    window: usize,
}

impl DecisionReader {
    pub(crate) fn new(
        defs: &[DecisionDef],
        s: &DecisionSettings,
        window: usize,
    ) -> Result<DecisionReader, String> {
        Ok(DecisionReader {
            names: Matcher::build(
                defs.iter()
                    .map(|d| entry_regex(&d.terms, &d.exact, &d.patterns))
                    .collect(),
                |i| {
                    format!(
                        "decision \"{}\"",
                        defs.get(i).map(|d| d.kind.as_str()).unwrap_or("?")
                    )
                },
            )?,
            kinds: defs.iter().map(|d| d.kind).collect(),
            prospective: terms_regex(&s.prospective)
                .map_err(|e| format!("decision_settings.prospective: {e}"))?,
            remains_open: terms_regex(&s.remains_open)
                .map_err(|e| format!("decision_settings.remains_open: {e}"))?,
            not_decisions: terms_regex(&s.not_decisions)
                .map_err(|e| format!("decision_settings.not_decisions: {e}"))?,
            window,
        })
    }

    /// The order of precedence of a kind (its place in the taxonomy).
    pub(crate) fn rank(&self, kind: DecisionKind) -> usize {
        self.kinds
            .iter()
            .position(|k| *k == kind)
            .unwrap_or(usize::MAX)
    }

    /// Decision phrases in one field.
    pub(crate) fn read(&self, doc: &Doc<'_>, field: Field, negator: &Negator) -> Vec<DecisionHit> {
        let text = doc.text;
        // Kinds may overlap ("assessment completed — closed" is both).
        let hits = self.names.find_all(text);
        if hits.is_empty() {
            return Vec::new();
        }
        let look_alikes: Vec<(usize, usize)> = self
            .not_decisions
            .as_ref()
            .map(|re| re.find_iter(text).map(|m| (m.start(), m.end())).collect())
            .unwrap_or_default();
        let none = HashSet::new();
        let mut out = Vec::new();
        for h in hits {
            if look_alikes.iter().any(|&(s, e)| s < h.end && h.start < e) {
                continue;
            }
            if negator.negated_by(doc, h.start, h.end, &none).is_some() {
                continue;
            }
            let (cs, ce) = doc.clause(h.start, h.end);
            if let Some(re) = &self.remains_open {
                if re.is_match(&text[cs..ce]) {
                    continue;
                }
            }
            if self.prospective_before(text, cs, h.start) {
                continue;
            }
            let Some(&kind) = self.kinds.get(h.entry) else {
                continue;
            };
            out.push(DecisionHit {
                kind,
                field,
                phrase: text[h.start..h.end].to_string(),
                start: h.start,
                end: h.end,
            });
        }
        out
    }

    fn prospective_before(&self, text: &str, cs: usize, start: usize) -> bool {
        let Some(re) = &self.prospective else {
            return false;
        };
        let mut pos = cs;
        while pos < start {
            let Some(m) = re.find_at(text, pos) else {
                return false;
            };
            if m.start() >= start {
                return false;
            }
            if m.end() <= start && count_words(&text[m.end()..start]) <= self.window {
                return true;
            }
            pos = next_pos(text, m.start(), m.end());
        }
        false
    }
}
