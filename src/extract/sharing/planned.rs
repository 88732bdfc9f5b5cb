//! Sharing agreed or planned, not done: an action from a meeting or a plan
//! ("IDVA to inform midwife and HV", "HV to be updated", "Actions: inform
//! school"). A plan tells no one anything; it says who should have been told.

use regex::Regex;

use super::SharingReader;
use crate::extract::agencies::{Agencies, Mention};
use crate::extract::matcher::{build_regex, entry_regex};
use crate::extract::taxonomy::PlannedDef;
use crate::extract::text::{tokens, Doc};
use crate::extract::{AgencyRef, Field, PlannedSharing};
use crate::model::AgencyKind;

/// The compiled phrases of planned sharing.
#[derive(Debug, Clone)]
pub(super) struct PlannedReader {
    /// A marker and a verb: "to inform", "will refer", "agreed to share".
    active: Regex,
    /// A marker, "be" and a passive verb: "to be informed".
    passive: Regex,
    /// An opener of a list of actions: "Actions:", "Plan -".
    opener: Regex,
    /// A bare verb at the start of an item of a list of actions.
    imperative: Regex,
    /// A sent thing and "to" at the start of an item of a list of actions:
    /// "(2) Referral to MASH re TB and EM - PO, by 26/10".
    noun_item: Regex,
    /// "with" or "to" before the recipients of "share the plan with ...".
    with_to: Regex,
    /// A marker, "be" and a verb of a sent thing: "to be made".
    nominal: Regex,
    /// A sent thing and "to" right before its recipients: "referral to".
    noun_to: Regex,
    /// "who" or "which" right before a marker: "HV, who will inform GP".
    who: Regex,
    /// Consent to telling and a verb: "Mum consents to checks with health"
    /// (telling allowed, not done and not planned).
    consent: Option<Regex>,
    /// "and" right before a marker: "SW to visit and to inform school".
    and_before: Regex,
    /// A "to" that may follow a plan's owner.
    marker_to: Regex,
}

/// The marker that makes a plan only after an agency or at the start of an
/// item ("IDVA to inform", "Action: to inform"), never after a verb of
/// something done ("rang school to inform them").
const BARE_TO: &str = "to";

impl PlannedReader {
    /// Compiles the planned-sharing phrases; `None` when the taxonomy has
    /// none.
    pub(super) fn new(def: &PlannedDef) -> Result<Option<PlannedReader>, String> {
        let consent = entry_regex(&def.consent, &[], &[]);
        let (Some(markers), Some(verbs), Some(passive), Some(opener), Some(nouns), Some(sent)) = (
            entry_regex(&def.markers, &[], &[]),
            entry_regex(&def.verbs, &[], &[]),
            entry_regex(&def.passive_verbs, &[], &[]),
            entry_regex(&def.action_words, &[], &[]),
            entry_regex(&def.nouns, &[], &[]),
            entry_regex(&def.sent_verbs, &[], &[]),
        ) else {
            return Ok(None);
        };
        let err = |e: String| format!("sharing_settings.planned: {e}");
        let adverbs = r"(?:(?i:also|then|now|urgently|please|immediately)\s+)?";
        Ok(Some(PlannedReader {
            active: build_regex(&format!(r"(?P<m>{markers})\s+{adverbs}(?P<v>{verbs})"))
                .map_err(err)?,
            passive: build_regex(&format!(
                r"(?P<m>{markers})\s+{adverbs}(?i:be)\s+{adverbs}(?P<v>{passive})"
            ))
            .map_err(err)?,
            opener: build_regex(&format!(r"{opener}\s*(?:\([^)]{{0,20}}\))?\s*[:\-–]"))
                .map_err(err)?,
            imperative: build_regex(&format!(
                r"^[\s:;,\-–•*]*(?:\(?\d{{1,2}}[).]\s*)?(?:[\w&/'’]+(?:\s+[\w&/'’()]+){{0,3}}\s+[-–:]\s*)?(?:(?i:with)[^;:,.]{{0,40}}?(?i:consent)\s*,?\s*)?{adverbs}(?:(?i:and|then)\s+)?(?P<v>{verbs})"
            ))
            .map_err(err)?,
            noun_item: build_regex(&format!(
                r"^[\s:;,\-–•*]*(?:\(?\d{{1,2}}[).]\s*)?(?:[\w&/'’]+(?:\s+[\w&/'’()]+){{0,3}}\s+[-–:]\s*)?{adverbs}(?P<v>(?:{nouns})\s+(?i:to|for))(?-u:\b)"
            ))
            .map_err(err)?,
            with_to: build_regex(r"(?i)(?-u:\b)(?:with|to)(?-u:\b)").map_err(err)?,
            nominal: build_regex(&match entry_regex(&def.sent_bases, &[], &[]) {
                Some(bases) => format!(
                    r"(?P<m>{markers})\s+{adverbs}(?:(?i:be)\s+{adverbs}(?P<v>{sent})|(?P<b>{bases}))"
                ),
                None => format!(r"(?P<m>{markers})\s+{adverbs}(?i:be)\s+{adverbs}(?P<v>{sent})"),
            })
            .map_err(err)?,
            noun_to: build_regex(&format!(
                r"{nouns}\s+(?i:to|for)\s+(?i:the\s+)?(?:\p{{Lu}}[\w'’&-]*\s+){{0,3}}$"
            ))
                .map_err(err)?,
            who: build_regex(r"(?i),?\s*(?:who|which)\s*$").map_err(err)?,
            consent: consent
                .map(|c| build_regex(&format!(r"{c}\s+{adverbs}(?P<v>{verbs})")))
                .transpose()
                .map_err(err)?,
            and_before: build_regex(r"(?i)(?-u:\b)and\s*$").map_err(err)?,
            marker_to: build_regex(r"(?i)(?-u:\b)to(?-u:\b)").map_err(err)?,
        }))
    }
}

/// What one field plans: the sharing planned, and every span of words
/// that speaks of telling as intended rather than done (a plan's words up
/// to its last recipient, "Mum consents to checks with health"), where a
/// sharing phrase is no event.
#[derive(Debug, Default)]
pub(crate) struct Planned {
    /// The sharing planned, with an owner.
    pub plans: Vec<PlannedSharing>,
    /// Byte spans of intended telling.
    pub intents: Vec<(usize, usize)>,
}

impl SharingReader {
    /// The sharing one field of a record plans rather than records.
    pub(crate) fn read_planned(
        &self,
        doc: &Doc<'_>,
        field: Field,
        own: Option<AgencyKind>,
        agencies: &Agencies,
    ) -> Planned {
        let Some(p) = &self.planned else {
            return Planned::default();
        };
        let text = doc.text;
        let mut out: Vec<(PlannedSharing, usize)> = Vec::new();
        let mut intents: Vec<(usize, usize)> = Vec::new();
        let mentions = agencies.mentions(text);
        let reach = |to: &[Mention], end: usize| to.iter().map(|m| m.end).max().unwrap_or(end);
        let mut push = |by: Vec<AgencyRef>, to: Vec<AgencyRef>, span: (usize, usize), reach| {
            let (start, end) = span;
            // Nobody tells themselves: not the owner, and not the writer
            // when the writer is the owner.
            let teller: Vec<AgencyKind> = if by.is_empty() {
                own.into_iter().collect()
            } else {
                by.iter().map(|b| b.kind).collect()
            };
            let to: Vec<AgencyRef> = to
                .into_iter()
                .filter(|t| !teller.contains(&t.kind))
                .collect();
            if to.is_empty() || out.iter().any(|(o, _)| o.start < end && start < o.end) {
                return;
            }
            out.push((
                PlannedSharing {
                    by,
                    to,
                    field,
                    phrase: text.get(start..end).unwrap_or("").to_string(),
                    start,
                    end,
                },
                reach,
            ));
        };
        // "Consent to share with GP": allowed, not done.
        if let Some(c) = &p.consent {
            for m in c.captures_iter(text) {
                if let (Some(all), Some(v)) = (m.get(0), m.name("v")) {
                    let (_, se) = doc.sentence(all.start(), v.end());
                    let to = self.recipients(p, text, &mentions, v.end(), se);
                    intents.push((all.start(), reach(&to, v.end())));
                }
            }
        }
        // "HV to be informed (by SW)".
        for c in p.passive.captures_iter(text) {
            let (Some(m), Some(v)) = (c.name("m"), c.name("v")) else {
                continue;
            };
            let (ss, se) = doc.sentence(m.start(), v.end());
            let to = self.run_before(text, &mentions, m.start(), ss);
            if to.mentions.is_empty() {
                continue;
            }
            let by = self
                .by_list(text, &mentions, v.end(), se)
                .map(|b| self.refs(agencies, text, &b))
                .unwrap_or_default();
            push(
                by,
                self.refs(agencies, text, &to.mentions),
                (m.start(), v.end()),
                v.end(),
            );
        }
        // "IDVA to inform midwife", "SW will refer to CAMHS".
        for c in p.active.captures_iter(text) {
            let (Some(m), Some(v)) = (c.name("m"), c.name("v")) else {
                continue;
            };
            let (ss, se) = doc.sentence(m.start(), v.end());
            let mut owner = self.run_before(text, &mentions, m.start(), ss);
            // "Allocated SW to do this and to link with the midwife": the
            // owner of the first plan of the sentence.
            if owner.mentions.is_empty() && p.and_before.is_match(&text[ss..m.start()]) {
                for e in p.marker_to.find_iter(&text[ss..m.start()]) {
                    let run = self.run_before(text, &mentions, ss + e.start(), ss);
                    if !run.mentions.is_empty() {
                        owner = run;
                    }
                }
            }
            // "Discussed with HV, who will inform the GP".
            if owner.mentions.is_empty() {
                if let Some(w) = text
                    .get(ss..m.start())
                    .and_then(|b| p.who.find(b))
                    .map(|w| ss + w.start())
                {
                    owner = self.run_before(text, &mentions, w, ss);
                }
            }
            // With no agency before it, the plan is the writer's only when
            // nothing else is its subject ("Advised she must tell school"
            // is the mother's to do); a bare "to" must open an item.
            let to = self.recipients(p, text, &mentions, v.end(), se);
            if to.is_empty() {
                continue;
            }
            intents.push((m.start(), reach(&to, v.end())));
            let bare_to = m.as_str().eq_ignore_ascii_case(BARE_TO);
            if owner.mentions.is_empty()
                && !(self.item_start(p, text, ss, m.start())
                    || !bare_to && self.writer_before(text, ss, m.start()))
            {
                continue;
            }
            push(
                self.refs(agencies, text, &owner.mentions),
                self.refs(agencies, text, &to),
                (m.start(), v.end()),
                reach(&to, v.end()),
            );
        }
        // "Referral to CAMHS to be made by GP", "Referral to MASH - CS to
        // complete".
        for c in p.nominal.captures_iter(text) {
            let (Some(m), Some(v)) = (c.name("m"), c.name("v").or_else(|| c.name("b"))) else {
                continue;
            };
            let (ss, se) = doc.sentence(m.start(), v.end());
            // In the plain form the owner may stand between a dash and the
            // marker ("Referral to MASH - CS to complete"): the recipients
            // end at the dash.
            let base = c.name("b").is_some();
            let dash = base
                .then(|| {
                    text.get(ss..m.start())
                        .and_then(|b| b.rfind(" - ").or_else(|| b.rfind(" – ")).map(|k| ss + k))
                })
                .flatten();
            let to = self.run_before(text, &mentions, dash.unwrap_or(m.start()), ss);
            let Some(first) = to.mentions.first() else {
                continue;
            };
            let lead = text.get(ss..first.start).unwrap_or("");
            if !p.noun_to.is_match(lead) {
                continue;
            }
            let by = match dash {
                Some(d) => self.refs(
                    agencies,
                    text,
                    &mentions
                        .iter()
                        .filter(|x| x.start >= d && x.end <= m.start())
                        .cloned()
                        .collect::<Vec<_>>(),
                ),
                None => self
                    .by_list(text, &mentions, v.end(), se)
                    .map(|b| self.refs(agencies, text, &b))
                    .unwrap_or_default(),
            };
            let start = p.noun_to.find(lead).map_or(m.start(), |n| ss + n.start());
            push(
                by,
                self.refs(agencies, text, &to.mentions),
                (start, v.end()),
                v.end(),
            );
        }
        // "Actions: continue safety planning; inform midwife and HV": an
        // opener governs the rest of the field, item by item.
        for o in p.opener.find_iter(text) {
            let se = text.len();
            let mut pos = o.end();
            while pos < se {
                let item_end = text[pos..se]
                    .find([';', ',', '.'])
                    .map_or(se, |k| pos + k + 1)
                    .min(se);
                let item = &text[pos..item_end];
                if let Some(c) = p
                    .imperative
                    .captures(item)
                    .or_else(|| p.noun_item.captures(item))
                {
                    if let Some(v) = c.name("v") {
                        let (vs, ve) = (pos + v.start(), pos + v.end());
                        let (ss, se) = doc.sentence(vs, ve);
                        let to = self.recipients(p, text, &mentions, ve, se);
                        if !to.is_empty() {
                            let ss = doc.full_sentence(vs, ve).0.min(ss);
                            let by = self.item_owner(text, &mentions, ss, vs);
                            push(
                                self.refs(agencies, text, &by),
                                self.refs(agencies, text, &to),
                                (vs, ve),
                                reach(&to, ve),
                            );
                        }
                    }
                }
                pos = item_end.max(pos + 1);
            }
        }
        out.sort_by_key(|(x, _)| x.start);
        intents.extend(out.iter().map(|(x, reach)| (x.start, *reach)));
        Planned {
            plans: out.into_iter().map(|(x, _)| x).collect(),
            intents,
        }
    }

    /// The agencies to be told, after a verb: right after it ("inform HV"),
    /// or after a "with" or "to" a few words on ("share the plan with
    /// school", "send a copy to GP").
    fn recipients(
        &self,
        p: &PlannedReader,
        text: &str,
        mentions: &[Mention],
        pos: usize,
        limit: usize,
    ) -> Vec<Mention> {
        let run = self.run_after(text, mentions, pos, limit);
        if !run.mentions.is_empty() {
            return run.mentions;
        }
        let near = text
            .get(pos..limit)
            .map(|rest| {
                let toks = tokens(rest, pos);
                toks.get(6).map_or(limit, |t| t.start)
            })
            .unwrap_or(limit);
        match text.get(pos..near).and_then(|rest| p.with_to.find(rest)) {
            Some(w) => {
                self.run_after(text, mentions, pos + w.end(), limit)
                    .mentions
            }
            None => Vec::new(),
        }
    }

    /// Whether the word right before `at` stands for the writer ("I will
    /// inform school", "worker to update HV").
    fn writer_before(&self, text: &str, ss: usize, at: usize) -> bool {
        tokens(text.get(ss..at).unwrap_or(""), ss)
            .iter()
            .rev()
            .find(|t| t.is_word())
            .map(|t| t.lower())
            .is_some_and(|l| {
                // "Advised she must tell school": a pronoun is whoever was
                // spoken to as often as the writer.
                self.self_words.contains(&l) && !matches!(l.as_str(), "he" | "she" | "they")
            })
    }

    /// Whether `at` starts an item: the sentence's start, or right after a
    /// colon, dash, semicolon or item number.
    fn item_start(&self, p: &PlannedReader, text: &str, ss: usize, at: usize) -> bool {
        let before = without_initials(text.get(ss..at).unwrap_or("").trim_end());
        before.is_empty()
            || before.ends_with([':', ';', '-', '–', ')', '•'])
            || p.opener
                .find(before)
                .is_some_and(|o| o.end() == before.len())
    }

    /// Who owns an item of a list of actions: the agency that opens the
    /// item ("2) IDVA - continue safety planning; inform HV"), or the one
    /// that opens the list ("IDVA actions: ..."); the item starts after the
    /// last item number or bullet before the verb, or at the sentence.
    fn item_owner(&self, text: &str, mentions: &[Mention], ss: usize, verb: usize) -> Vec<Mention> {
        let start = text
            .get(ss..verb)
            .and_then(|b| b.rfind([')', '•']))
            .map_or(ss, |k| ss + k + 1);
        mentions
            .iter()
            .find(|m| m.start >= start && m.end <= verb)
            .filter(|m| {
                let lead = text.get(start..m.start).unwrap_or("");
                tokens(lead, start).iter().filter(|t| t.is_word()).count() <= 2
            })
            .map(|m| vec![*m])
            .unwrap_or_default()
    }
}

/// `before` without the worker's initials that end it ("ACTION: AK" is
/// "ACTION:"): an item owned by a named worker ("ACTION: AK to email SW")
/// still opens a list's item.
fn without_initials(before: &str) -> &str {
    let is_initials =
        |w: &str| (2..=4).contains(&w.chars().count()) && w.chars().all(|c| c.is_ascii_uppercase());
    let Some((head, last)) = before.rsplit_once([' ', ':', '-']) else {
        return if is_initials(before) { "" } else { before };
    };
    if is_initials(last) {
        // Keep the separator before the initials.
        before[..head.len() + 1].trim_end()
    } else {
        before
    }
}
