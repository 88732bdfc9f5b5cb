//! The words around a sharing phrase: runs of agency names before and
//! after it, filler and joining words, who the actor is, a "by X" list,
//! and the method the phrase's wording implies.

use super::{Actor, EventHint, Run, SharingReader, FAMILY_TITLES, PASSIVE};
use crate::extract::agencies::{Agencies, Mention};
use crate::extract::taxonomy::SharingMethod;
use crate::extract::text::{tokens, Token};
use crate::extract::AgencyRef;

impl SharingReader {
    fn is_filler(&self, t: &Token<'_>) -> bool {
        let l = t.lower();
        self.fillers.contains(&l)
            || t.is_capitalised()
            || l.ends_with("'s")
            || matches!(t.text, "(" | "[" | "\"" | "'" | "-" | ":" | "“" | "‘")
    }

    fn is_joiner(&self, t: &Token<'_>) -> bool {
        let l = t.lower();
        self.conj.contains(&l)
            || self.fillers.contains(&l)
            || t.is_capitalised()
            // An agency's initials before its team ("+ WYP Public
            // Protection Unit").
            || (t.text.len() >= 2
                && t.text.len() <= 6
                && t.text.chars().all(|c| c.is_ascii_uppercase()))
            || l.ends_with("'s")
            || matches!(
                t.text,
                "," | "/" | "&" | "+" | "(" | ")" | "[" | "]" | "-" | "\"" | "'" | "“" | "”"
            )
    }

    /// The list of agencies right after `p` (up to `limit`).
    pub(super) fn run_after(
        &self,
        text: &str,
        mentions: &[Mention],
        p: usize,
        limit: usize,
    ) -> Run {
        let mut out = Vec::new();
        let mut cur = p;
        for m in mentions.iter().filter(|m| m.start >= p && m.end <= limit) {
            let gap = text.get(cur..m.start).unwrap_or("");
            let toks = tokens(gap, cur);
            let ok = if out.is_empty() {
                (toks.len() <= 4
                    && toks.iter().filter(|t| t.is_word()).count() <= 3
                    && toks.iter().all(|t| self.is_filler(t)))
                    || place_name(&toks)
            } else {
                toks.len() <= 5 && toks.iter().all(|t| self.is_joiner(t))
            };
            if !ok {
                break;
            }
            out.push(*m);
            cur = m.end;
        }
        Run {
            mentions: out,
            edge: cur,
            passive: false,
        }
    }

    /// The list of agencies right before `q` (from `limit`), and whether an
    /// auxiliary between it and `q` makes the verb passive.
    pub(super) fn run_before(
        &self,
        text: &str,
        mentions: &[Mention],
        q: usize,
        limit: usize,
    ) -> Run {
        let mut out: Vec<Mention> = Vec::new();
        let mut cur = q;
        let mut passive = false;
        for m in mentions
            .iter()
            .rev()
            .filter(|m| m.end <= q && m.start >= limit)
        {
            let gap = text.get(m.end..cur).unwrap_or("");
            let toks = tokens(gap, m.end);
            let ok = if out.is_empty() {
                let words = toks.iter().filter(|t| t.is_word()).count();
                words <= 3
                    && toks.iter().all(|t| {
                        let l = t.lower();
                        self.aux.contains(&l)
                            || self.adverbs.contains(&l)
                            || t.is_capitalised()
                            || matches!(t.text, "(" | ")" | "-" | ",")
                    })
            } else {
                toks.len() <= 5 && toks.iter().all(|t| self.is_joiner(t))
            };
            if !ok {
                break;
            }
            if out.is_empty() {
                passive = toks.iter().any(|t| PASSIVE.contains(&t.lower().as_str()));
            }
            out.push(*m);
            cur = m.start;
        }
        out.reverse();
        Run {
            mentions: out,
            edge: cur,
            passive,
        }
    }

    /// Who acts when no agency is named before the phrase at `q`.
    pub(super) fn actor(&self, text: &str, q: usize, limit: usize) -> Actor {
        let before = text.get(limit..q).unwrap_or("");
        let toks = tokens(before, limit);
        let words: Vec<&Token<'_>> = toks
            .iter()
            .filter(|t| {
                let l = t.lower();
                t.is_word() && !self.aux.contains(&l) && !self.adverbs.contains(&l)
            })
            .collect();
        let Some(last) = words.last() else {
            return Actor::Own;
        };
        if self.advised(&words) {
            return Actor::Family;
        }
        // Only the word right before the verb (after auxiliaries) counts.
        let last_tok = toks
            .iter()
            .rev()
            .find(|t| {
                let l = t.lower();
                !self.aux.contains(&l) && !self.adverbs.contains(&l)
            })
            .map(|t| t.start);
        if last_tok != Some(last.start) {
            return Actor::Own;
        }
        let l = last.lower();
        let stem = l.strip_suffix("'s").unwrap_or(&l).to_string();
        if self.self_words.contains(&l) {
            return Actor::Own;
        }
        // "Child PPN submitted", "Adult referral sent": a word naming whom
        // a form is about, before the form's name, is no one acting.
        let form_next = text.get(q..).is_some_and(|rest| {
            let next = rest
                .split(|c: char| !c.is_alphanumeric())
                .find(|w| !w.is_empty())
                .unwrap_or("")
                .to_lowercase();
            matches!(
                next.as_str(),
                "ppn"
                    | "ppns"
                    | "referral"
                    | "referrals"
                    | "notification"
                    | "notifications"
                    | "marf"
                    | "vprf"
                    | "ccn"
                    | "concern"
                    | "merlin"
            )
        });
        if form_next
            && matches!(
                stem.as_str(),
                "child" | "children" | "adult" | "adults" | "youth"
            )
        {
            return Actor::Own;
        }
        if self.family.contains(&l) || self.family.contains(&stem) {
            return Actor::Family;
        }
        if last.is_capitalised() && words.len() >= 2 {
            let prev = words[words.len() - 2].lower();
            if FAMILY_TITLES.contains(&prev.as_str()) {
                return Actor::Family;
            }
        }
        Actor::Own
    }

    /// Whether words before a verb end in advice to the family ("advised
    /// her to", "Mum encouraged to", "advised to report"): a verb of advice,
    /// no more than two words for whom (a pronoun, a family word or a
    /// name), "to", and at most two words more.
    pub(super) fn advised(&self, words: &[&Token<'_>]) -> bool {
        let Some(at) = words.iter().rposition(|t| self.advice.contains(&t.lower())) else {
            return false;
        };
        let rest = &words[at + 1..];
        let Some(to) = rest.iter().position(|t| t.lower() == "to") else {
            return false;
        };
        to <= 2
            && rest.len() - to - 1 <= 2
            && rest[..to].iter().all(|t| {
                let l = t.lower();
                matches!(l.as_str(), "her" | "him" | "them" | "the")
                    || self.family.contains(&l)
                    || t.is_capitalised()
            })
    }

    pub(super) fn refs(&self, agencies: &Agencies, text: &str, ms: &[Mention]) -> Vec<AgencyRef> {
        let mut out: Vec<AgencyRef> = Vec::new();
        for m in ms {
            for r in agencies.refs(text, m) {
                if !out.iter().any(|o| o.kind == r.kind) {
                    out.push(r);
                }
            }
        }
        out
    }

    /// Whether what follows the phrase at `pos` makes the agency before it
    /// the sender: a tail such as "to say", or a colon opening what was said
    /// ("IDVA phoned: the family have moved").
    pub(super) fn sender_tail_at(&self, text: &str, pos: usize, limit: usize) -> bool {
        let Some(rest) = text.get(pos..limit) else {
            return false;
        };
        rest.trim_start().starts_with(':')
            || self
                .sender_tail
                .as_ref()
                .is_some_and(|re| re.is_match(rest))
    }

    /// An agency list introduced by "by" at `pos`, if there is one.
    pub(super) fn by_list(
        &self,
        text: &str,
        mentions: &[Mention],
        pos: usize,
        limit: usize,
    ) -> Option<Vec<Mention>> {
        let rest = text.get(pos..limit)?;
        let m = self.by_re.find(rest)?;
        let run = self.run_after(text, mentions, pos + m.end(), limit);
        (!run.mentions.is_empty()).then_some(run.mentions)
    }

    pub(super) fn refine_method(
        &self,
        method: SharingMethod,
        text: &str,
        span: (usize, usize),
        hint: EventHint,
    ) -> SharingMethod {
        if !method.is_generic() {
            return method;
        }
        let sentence = text.get(span.0..span.1).unwrap_or("");
        if let Some(h) = self.method_words.find_longest(sentence).first() {
            if let Some(&m) = self.method_of_word.get(h.entry) {
                return m;
            }
        }
        hint.method.unwrap_or(method)
    }
}

/// Whether words are a place's name with its small words ("Blackburn with
/// Darwen", "Newcastle upon Tyne", "Bath and North East Somerset"): each
/// capitalised, or a small word between two that are.
fn place_name(toks: &[Token<'_>]) -> bool {
    const SMALL: &[&str] = &["with", "upon", "on", "and", "under", "in", "of", "le"];
    toks.len() >= 3
        && toks.len() <= 7
        && toks.iter().enumerate().all(|(i, t)| {
            t.is_capitalised()
                || (SMALL.contains(&t.lower().as_str())
                    && i > 0
                    && toks[i - 1].is_capitalised()
                    && toks.get(i + 1).is_some_and(Token::is_capitalised))
        })
}
