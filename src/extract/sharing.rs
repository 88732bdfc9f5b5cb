//! Sharing events: who told whom, how, and which way.
//!
//! A sharing phrase ("referred to", "call from", "informed") is read with the
//! agencies around it in its sentence: those right after it (its objects),
//! those right before it (its subject, active or passive), a "by X" after
//! the objects, and the writer's own agency when nobody else is the actor.

mod around;
mod planned;

use foldhash::HashSet;
use std::str::FromStr;

use regex::Regex;

use crate::model::AgencyKind;

use super::agencies::{Agencies, Mention};
use super::matcher::{build_regex, entry_regex, Hit, Matcher};
use super::negation::next_pos;
use super::taxonomy::{
    CueDirection, EventTypeDef, FamilyActor, PeopleDef, SharingDef, SharingMethod, SharingSettings,
    SubjectRole,
};
use super::text::{norm, tokens, Doc, Token};
use super::{AgencyRef, Direction, Field, SharingMention};

#[derive(Debug, Clone)]
struct CueInfo {
    method: SharingMethod,
    direction: CueDirection,
    subject: SubjectRole,
    family_actor: FamilyActor,
    implied: Option<AgencyKind>,
}

/// The compiled sharing phrases and word lists.
#[derive(Debug, Clone)]
pub(crate) struct SharingReader {
    cues: Matcher,
    info: Vec<CueInfo>,
    sender_tail: Option<Regex>,
    by_re: Regex,
    from_to: Regex,
    fillers: HashSet<String>,
    negations: HashSet<String>,
    conj: HashSet<String>,
    aux: HashSet<String>,
    adverbs: HashSet<String>,
    family: HashSet<String>,
    self_words: HashSet<String>,
    advice: HashSet<String>,
    method_words: Matcher,
    method_of_word: Vec<SharingMethod>,
    event_types: Matcher,
    event_info: Vec<(SharingMethod, Option<CueDirection>)>,
    planned: Option<planned::PlannedReader>,
    unanswered: Option<Regex>,
    courtesies: HashSet<String>,
    /// Words right before a sharing phrase that say it was only weighed.
    weighed: HashSet<String>,
    nothing_held: Option<Regex>,
    /// What says nothing was held when said in an answer ("no concerns").
    answer_nothing_held: Option<Regex>,
    /// Words that tell of an answer given ("informed", "advised").
    answer: Option<Regex>,
}

/// Who is on one side of a sharing event.
#[derive(Clone, Debug)]
enum Party {
    Own,
    Named(Vec<AgencyRef>),
}

/// What the event type cell says about sharing.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct EventHint {
    pub method: Option<SharingMethod>,
    pub direction: Option<CueDirection>,
}

/// Who did the action of a phrase when no agency is named before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Actor {
    Own,
    Family,
}

/// An agency list found next to a phrase.
struct Run {
    mentions: Vec<Mention>,
    /// Where the list ends (after) or starts (before).
    edge: usize,
    passive: bool,
}

fn word_set(words: &[String]) -> HashSet<String> {
    words.iter().map(|w| norm(w)).collect()
}

const PASSIVE: [&str; 7] = ["was", "were", "been", "is", "are", "being", "be"];
const FAMILY_TITLES: [&str; 4] = ["mr", "mrs", "ms", "miss"];

fn method_from_name(name: &str) -> Option<SharingMethod> {
    serde_json::from_value(serde_json::Value::String(name.to_string())).ok()
}

impl SharingReader {
    pub(crate) fn new(
        defs: &[SharingDef],
        settings: &SharingSettings,
        people: &PeopleDef,
        event_types: &[EventTypeDef],
    ) -> Result<SharingReader, String> {
        let cues = Matcher::build(
            defs.iter()
                .map(|d| entry_regex(&d.terms, &[], &d.patterns))
                .collect(),
            |i| format!("sharing entry {}", i + 1),
        )?;
        let info = defs
            .iter()
            .map(|d| CueInfo {
                method: d.method,
                direction: d.direction,
                subject: d.subject,
                family_actor: d.family_actor,
                implied: d
                    .implied
                    .as_deref()
                    .and_then(|k| AgencyKind::from_str(k).ok()),
            })
            .collect();
        let sender_tail = match entry_regex(&settings.sender_tails, &[], &[]) {
            Some(src) => Some(
                build_regex(&format!(r"^[\s,(]*{src}"))
                    .map_err(|e| format!("sharing_settings.sender_tails: {e}"))?,
            ),
            None => None,
        };
        let mut mw_sources = Vec::new();
        let mut method_of_word = Vec::new();
        for (name, words) in &settings.method_words {
            let method = method_from_name(name).ok_or_else(|| {
                format!("sharing_settings.method_words: \"{name}\" is not a method")
            })?;
            mw_sources.push(entry_regex(words, &[], &[]));
            method_of_word.push(method);
        }
        let method_words = Matcher::build(mw_sources, |_| "sharing_settings.method_words".into())?;
        let event_matcher = Matcher::build(
            event_types
                .iter()
                .map(|e| entry_regex(&e.terms, &[], &[]))
                .collect(),
            |i| format!("event_type entry {}", i + 1),
        )?;
        let event_info = event_types
            .iter()
            .map(|e| (e.method, e.direction))
            .collect();
        Ok(SharingReader {
            cues,
            info,
            sender_tail,
            by_re: build_regex(r"^[\s,(]*(?i:by)(?-u:\b)")?,
            from_to: build_regex(r"(?i)(?-u:\b)(?:from|to)(?-u:\b)")?,
            fillers: word_set(&settings.fillers),
            negations: word_set(&settings.negations),
            conj: word_set(&settings.conjunctions),
            aux: word_set(&settings.auxiliaries),
            adverbs: word_set(&settings.adverbs),
            family: word_set(&people.family),
            self_words: word_set(&people.self_words),
            advice: word_set(&people.advice),
            method_words,
            method_of_word,
            event_types: event_matcher,
            event_info,
            planned: planned::PlannedReader::new(&settings.planned)?,
            unanswered: entry_regex(&settings.unanswered, &[], &[])
                .map(|src| build_regex(&src))
                .transpose()
                .map_err(|e| format!("sharing_settings.unanswered: {e}"))?,
            courtesies: word_set(&settings.courtesies),
            weighed: word_set(&settings.weighed),
            nothing_held: entry_regex(&settings.nothing_held, &[], &[])
                .map(|src| build_regex(&src))
                .transpose()
                .map_err(|e| format!("sharing_settings.nothing_held: {e}"))?,
            answer_nothing_held: entry_regex(&settings.answer_nothing_held, &[], &[])
                .map(|src| build_regex(&src))
                .transpose()
                .map_err(|e| format!("sharing_settings.answer_nothing_held: {e}"))?,
            answer: entry_regex(&settings.answers, &[], &[])
                .map(|src| build_regex(&src))
                .transpose()
                .map_err(|e| format!("sharing_settings.answers: {e}"))?,
        })
    }

    /// Whether a shared-with cell tells of a courtesy only ("CSC (apologies
    /// only)", "Thanks sent"): nothing about the child passed.
    pub(crate) fn is_courtesy(&self, cell: &str) -> bool {
        cell.split(|c: char| !c.is_alphanumeric())
            .any(|w| self.courtesies.contains(&w.to_lowercase()))
    }

    /// Whether `sentence` says the teller held nothing of concern.
    pub(crate) fn says_nothing_held(&self, sentence: &str) -> bool {
        self.nothing_held
            .as_ref()
            .is_some_and(|re| re.is_match(sentence))
    }

    /// Whether `text`, the words of an answer to a request, says the
    /// answering agency held nothing of concern: what says so anywhere, or
    /// what says so in an answer ("Millie is happy … no concerns").
    pub(crate) fn answer_says_nothing_held(&self, text: &str) -> bool {
        self.says_nothing_held(text)
            || self
                .answer_nothing_held
                .as_ref()
                .is_some_and(|re| re.is_match(text))
    }

    /// After a request received (`m`, "Call from MASH re Tyler"), a later
    /// sentence of the same text that answers it ("Informed: ...", "Advised
    /// SW ...") and says the agency held nothing of concern: the answer,
    /// sent back to the asker, carrying nothing.
    pub(crate) fn answered_nothing(
        &self,
        doc: &Doc<'_>,
        m: &SharingMention,
    ) -> Option<SharingMention> {
        let text = doc.text;
        let (_, mut pos) = doc.sentence(m.start, m.end);
        let mut answered = false;
        while pos < text.len() {
            let (lo, hi) = doc.sentence(pos, pos);
            if hi <= pos {
                pos += 1;
                continue;
            }
            let sentence = text.get(lo..hi).unwrap_or("");
            answered = answered || self.answer.as_ref().is_some_and(|re| re.is_match(sentence));
            if answered && self.answer_says_nothing_held(sentence) {
                return Some(SharingMention {
                    method: m.method,
                    direction: Direction::Outgoing,
                    counterparts: m.counterparts.clone(),
                    by: Vec::new(),
                    field: m.field,
                    phrase: sentence.trim().to_string(),
                    start: lo,
                    end: hi,
                    on: None,
                    nothing_held: true,
                });
            }
            pos = hi;
        }
        None
    }

    /// What the event type cell says: the method of its longest phrase, and a
    /// direction if any phrase gives one.
    pub(crate) fn event_hint(&self, event_type: Option<&str>) -> EventHint {
        let Some(et) = event_type else {
            return EventHint::default();
        };
        let hits = self.event_types.find_all(et);
        let mut hint = EventHint::default();
        let mut best = 0;
        for h in &hits {
            if let Some(&(method, dir)) = self.event_info.get(h.entry) {
                if h.end - h.start > best {
                    best = h.end - h.start;
                    hint.method = Some(method);
                }
                if dir.is_some() {
                    hint.direction = dir;
                    hint.method = Some(method);
                    best = usize::MAX;
                }
            }
        }
        hint
    }
}

/// One field of a record being read for sharing: its text, the agency that
/// wrote it, the review's agencies, which field it is and what kind of
/// event the record says it is.
#[derive(Clone, Copy)]
struct FieldReading<'a> {
    doc: &'a Doc<'a>,
    own: Option<AgencyKind>,
    agencies: &'a Agencies,
    field: Field,
    hint: EventHint,
}

impl SharingReader {
    /// Sharing mentions in one field of a record.
    pub(crate) fn read(
        &self,
        doc: &Doc<'_>,
        field: Field,
        own: Option<AgencyKind>,
        agencies: &Agencies,
        hint: EventHint,
    ) -> Vec<SharingMention> {
        let text = doc.text;
        let cue_hits = self.cues.find_longest(text);
        if cue_hits.is_empty() {
            return Vec::new();
        }
        let mentions = agencies.mentions(text);
        let cx = FieldReading {
            doc,
            own,
            agencies,
            field,
            hint,
        };
        let mut out: Vec<SharingMention> = Vec::new();
        let mut seen: Vec<(usize, Direction, Vec<AgencyKind>)> = Vec::new();
        for h in cue_hits {
            if let Some(m) = self.read_cue(&cx, &h, &mentions) {
                // "Referral to CSC faxed" is one event told twice.
                let key = (
                    doc.sentence(m.start, m.end).0,
                    m.direction,
                    m.counterparts.iter().map(|c| c.kind).collect::<Vec<_>>(),
                );
                if !seen.contains(&key) {
                    seen.push(key);
                    out.push(m);
                }
            }
        }
        out
    }

    fn read_cue(
        &self,
        cx: &FieldReading<'_>,
        h: &Hit,
        all_mentions: &[Mention],
    ) -> Option<SharingMention> {
        let FieldReading { doc, agencies, .. } = *cx;
        let text = doc.text;
        let info = self.info.get(h.entry)?;
        let (ss, se) = doc.sentence(h.start, h.end);
        // Agencies inside the phrase itself ("MASH checks with") are part of
        // the phrase, not its subject or object.
        let mentions: Vec<Mention> = all_mentions
            .iter()
            .filter(|m| m.end <= h.start || m.start >= h.end)
            .copied()
            .collect();
        let objects = self.run_after(text, &mentions, h.end, se);
        let subject = self.run_before(text, &mentions, h.start, ss);
        if self.negated(text, ss, h.start, objects.edge.max(h.end), se) {
            return None;
        }
        let actor = if subject.mentions.is_empty() {
            self.actor(text, h.start, ss)
        } else {
            Actor::Own
        };
        let implied = info.implied.map(|k| {
            vec![AgencyRef {
                kind: k,
                text: text.get(h.start..h.end).unwrap_or("").to_string(),
            }]
        });
        let named = |ms: &[Mention]| Party::Named(self.refs(agencies, text, ms));
        let family_drop = actor == Actor::Family && info.family_actor == FamilyActor::Drop;

        let (from, to, mutual) = match info.direction {
            CueDirection::Outgoing => {
                if !objects.mentions.is_empty() {
                    let by = self.by_list(text, &mentions, objects.edge, se);
                    let from = if let Some(by) = by {
                        named(&by)
                    } else if !subject.mentions.is_empty() && !subject.passive {
                        named(&subject.mentions)
                    } else if family_drop {
                        return None;
                    } else {
                        Party::Own
                    };
                    (from, named(&objects.mentions), false)
                } else if !subject.mentions.is_empty() {
                    if self.object_is_person(text, h.end, se) {
                        // "HV rang mum": the agency acted on a person, not
                        // on another agency.
                        return None;
                    }
                    let by = self.by_list(text, &mentions, h.end, se);
                    let sender = by.is_none()
                        && !subject.passive
                        && (info.subject == SubjectRole::Sender
                            || self.sender_tail_at(text, h.end, se));
                    if sender {
                        (named(&subject.mentions), Party::Own, false)
                    } else {
                        let from = by.map_or(Party::Own, |b| named(&b));
                        (from, named(&subject.mentions), false)
                    }
                } else if let Some(imp) = implied {
                    if family_drop {
                        return None;
                    }
                    (Party::Own, Party::Named(imp), false)
                } else {
                    return None;
                }
            }
            CueDirection::Incoming => {
                let from = if !objects.mentions.is_empty() {
                    named(&objects.mentions)
                } else if let Some(imp) = implied {
                    Party::Named(imp)
                } else if !subject.mentions.is_empty() && info.subject == SubjectRole::Sender {
                    // "School referral received", "SW returned call".
                    return self.finish_mention(
                        cx,
                        info,
                        (named(&subject.mentions), Party::Own, false),
                        (ss, se),
                        h,
                    );
                } else if !subject.mentions.is_empty() {
                    // "School and GP informed by letter": nobody named after
                    // "by", so the writer informed them.
                    return self.finish_mention(
                        cx,
                        info,
                        (Party::Own, named(&subject.mentions), false),
                        (ss, se),
                        h,
                    );
                } else {
                    return None;
                };
                let to = if !subject.mentions.is_empty() {
                    named(&subject.mentions)
                } else if family_drop {
                    return None;
                } else {
                    Party::Own
                };
                (from, to, false)
            }
            CueDirection::Mutual => {
                if !objects.mentions.is_empty() && !subject.mentions.is_empty() {
                    (named(&subject.mentions), named(&objects.mentions), true)
                } else if !objects.mentions.is_empty() {
                    if family_drop {
                        return None;
                    }
                    (Party::Own, named(&objects.mentions), true)
                } else if let Some(imp) = implied {
                    (Party::Own, Party::Named(imp), true)
                } else {
                    return None;
                }
            }
        };
        self.finish_mention(cx, info, (from, to, mutual), (ss, se), h)
    }

    fn finish_mention(
        &self,
        cx: &FieldReading<'_>,
        info: &CueInfo,
        (from, to, mutual): (Party, Party, bool),
        sentence: (usize, usize),
        h: &Hit,
    ) -> Option<SharingMention> {
        let FieldReading {
            doc,
            own,
            field,
            hint,
            ..
        } = *cx;
        let text = doc.text;
        let (direction, counterparts, by) = finish(from, to, mutual, own, cx.agencies)?;
        let method = self.refine_method(info.method, text, sentence, hint);
        // "Apologies sent to SW": a courtesy passed, nothing about the child.
        if let Some(word) = tokens(text.get(sentence.0..h.start).unwrap_or(""), sentence.0).last() {
            if self.courtesies.contains(&word.lower()) {
                return None;
            }
        }
        // "Considered referral to CSC and/or sharing with school": weighed,
        // not done (the word before the phrase, or the sentence's first).
        let before = tokens(text.get(sentence.0..h.start).unwrap_or(""), sentence.0);
        let mut words = before.iter().filter(|t| t.is_word()).map(|t| t.lower());
        let first = words.next();
        let last = before
            .iter()
            .rev()
            .filter(|t| t.is_word())
            .map(|t| t.lower())
            .find(|w| !["a", "an", "whether", "to"].contains(&w.as_str()));
        let weighed = [first, last]
            .iter()
            .flatten()
            .any(|w| self.weighed.contains(w));
        if weighed {
            return None;
        }
        // "Rang HV team, no answer": a call that reached nobody.
        if method == SharingMethod::Phone
            && self.unanswered.as_ref().is_some_and(|re| {
                text.get(h.end..sentence.1.max(h.end))
                    .is_some_and(|rest| re.is_match(rest))
            })
        {
            return None;
        }
        Some(SharingMention {
            method,
            direction,
            counterparts,
            by,
            field,
            phrase: text.get(h.start..h.end).unwrap_or("").to_string(),
            start: h.start,
            end: h.end,
            on: None,
            nothing_held: false,
        })
    }

    /// Whether a sharing phrase is negated: a negation among the two words
    /// before it ("No referral made", "Police not informed") or right after
    /// it and its agencies ("Referral to CSC not made").
    fn negated(&self, text: &str, ss: usize, start: usize, after: usize, se: usize) -> bool {
        let before = tokens(text.get(ss..start).unwrap_or(""), ss);
        let n = before.len();
        if before[n.saturating_sub(2)..]
            .iter()
            .any(|t| self.negations.contains(&t.lower()))
        {
            return true;
        }
        // A sharing on a condition ("refer to CSC if further concerns",
        // "If he returns, inform police") is advice for later, not done.
        let conditional = |t: &Token| ["if", "unless"].contains(&t.lower().as_str());
        if before.first().is_some_and(conditional) {
            return true;
        }
        let rest = tokens(text.get(after..se).unwrap_or(""), after);
        if rest.first().is_some_and(conditional) {
            return true;
        }
        rest.iter()
            .take(3)
            .take_while(|t| t.is_word())
            .map(|t| t.lower())
            .find(|l| {
                !PASSIVE.contains(&l.as_str()) && !["has", "have", "had"].contains(&l.as_str())
            })
            .is_some_and(|l| self.negations.contains(&l))
    }

    /// Whether the word after a verb at `pos` is a family member or a
    /// person's name ("rang mum", "called Tyler").
    fn object_is_person(&self, text: &str, pos: usize, limit: usize) -> bool {
        let rest = text.get(pos..limit).unwrap_or("");
        let toks = tokens(rest, pos);
        let Some(t) = toks
            .iter()
            .find(|t| !["the", "a", "an"].contains(&t.lower().as_str()))
        else {
            return false;
        };
        let l = t.lower();
        self.family.contains(&l)
            || self.family.contains(l.trim_end_matches("'s"))
            || (t.is_capitalised() && t.is_word())
    }

    /// When the event type says the record is a call, letter, referral ...
    /// and the text has no sharing phrase, "from X" / "to X" is enough.
    pub(crate) fn read_from_to(
        &self,
        doc: &Doc<'_>,
        field: Field,
        own: Option<AgencyKind>,
        agencies: &Agencies,
        hint: EventHint,
    ) -> Option<SharingMention> {
        let method = hint.method?;
        let text = doc.text;
        let mentions = agencies.mentions(text);
        if mentions.is_empty() {
            return None;
        }
        let mut pos = 0;
        while pos < text.len() {
            let m = self.from_to.find_at(text, pos)?;
            let (ss, se) = doc.sentence(m.start(), m.end());
            let run = self.run_after(text, &mentions, m.end(), se);
            let before = text.get(ss..m.start()).unwrap_or("");
            let advice = {
                let toks = tokens(before, ss);
                let words: Vec<_> = toks.iter().filter(|t| t.is_word()).collect();
                self.advised(&words)
            };
            if !run.mentions.is_empty()
                && !pending_before(before)
                && !going_before(before)
                && !advice
            {
                let who = Party::Named(self.refs(agencies, text, &run.mentions));
                let incoming = m.as_str().eq_ignore_ascii_case("from");
                let (from, to) = if incoming {
                    (who, Party::Own)
                } else {
                    (Party::Own, who)
                };
                let (direction, counterparts, by) = finish(from, to, false, own, agencies)?;
                return Some(SharingMention {
                    method,
                    direction,
                    counterparts,
                    by,
                    field,
                    phrase: m.as_str().to_string(),
                    start: m.start(),
                    end: m.end(),
                    on: None,
                    nothing_held: false,
                });
            }
            pos = next_pos(text, m.start(), m.end());
        }
        None
    }

    /// When the event type says "incoming" and the text opens with an agency
    /// ("School: Tyler arrived with a bruise"), that agency is the sender;
    /// so it is under a notification's event type that gives no direction
    /// when the agency opens the text as its label ("Missing – notification":
    /// "Police: missing again since 09/03").
    pub(crate) fn read_leading_sender(
        &self,
        doc: &Doc<'_>,
        field: Field,
        own: Option<AgencyKind>,
        agencies: &Agencies,
        hint: EventHint,
    ) -> Option<SharingMention> {
        let method = hint.method?;
        let text = doc.text;
        let mentions = agencies.mentions(text);
        let labelled = || {
            hint.direction.is_none()
                && method == SharingMethod::Notification
                && mentions.first().is_some_and(|m| {
                    text.get(..m.start).is_some_and(|t| t.trim().is_empty())
                        && text
                            .get(m.end..)
                            .is_some_and(|t| t.trim_start().starts_with(':'))
                })
        };
        if hint.direction != Some(CueDirection::Incoming) && !labelled() {
            return None;
        }
        let (_, se) = doc.sentence(0, 0);
        let run = self.run_after(text, &mentions, 0, se);
        if run.mentions.is_empty() {
            return None;
        }
        let who = Party::Named(self.refs(agencies, text, &run.mentions));
        let (direction, counterparts, by) = finish(who, Party::Own, false, own, agencies)?;
        let first = run.mentions[0];
        Some(SharingMention {
            method,
            direction,
            counterparts,
            by,
            field,
            phrase: text.get(first.start..first.end).unwrap_or("").to_string(),
            start: first.start,
            end: first.end,
            on: None,
            nothing_held: false,
        })
    }
}

/// How a check's answer begins when the agency gave none ("Health - not
/// checked at MASH", "GP - awaited").
const CHECK_UNANSWERED: &[&str] = &[
    "not checked",
    "not contacted",
    "not asked",
    "not done",
    "not requested",
    "not yet",
    "no response",
    "no reply",
    "no answer",
    "awaited",
    "awaiting",
    "pending",
    "requested",
    "to follow",
    "tbc",
    "n/a",
    "not available",
    "unable",
    "to be",
];

/// How a check's answer begins when the agency held nothing of concern
/// ("GP - no concerns", "Police - nil", "Education - not known").
const CHECK_NOTHING_HELD: &[&str] = &[
    "no concern",
    "nil",
    "nothing",
    "not known",
    "no trace",
    "no record",
    "no info",
    "no current",
    "no safeguarding",
    "no previous",
    "none",
    "nkd",
];

/// Whether a check's answer says the agency gave none.
fn unanswered_check(answer: &str) -> bool {
    let lower = answer.to_lowercase();
    let first = lower.split([',', ';', '.']).next().unwrap_or("");
    lower.is_empty()
        || CHECK_UNANSWERED.iter().any(|u| lower.starts_with(u))
        || CHECK_NOT_MADE.iter().any(|u| first.contains(u))
}

/// Words that, in a check's first clause, say the check was not made
/// ("School - email to Oakfield Lane not sent (to do)").
const CHECK_NOT_MADE: &[&str] = &[
    "not sent",
    "not yet",
    "not made",
    "(to do)",
    "still to",
    "outstanding",
];

/// The agencies named at the head of a sentence, before a dash or a colon,
/// in a record of checks ("Checks: Police - nil. GP (Dr Rahman) - no
/// concerns"), each with the span of its answer (the text after the dash
/// to the sentence's end).
fn check_heads(doc: &Doc<'_>, agencies: &Agencies) -> Vec<(Mention, usize, usize)> {
    let text = doc.text;
    agencies
        .mentions(text)
        .into_iter()
        .filter_map(|m| {
            let (ss, se) = doc.sentence(m.start, m.end);
            // Nothing before the agency but a label ("Checks: Police - …").
            let before = text.get(ss..m.start).unwrap_or("").trim();
            let labelled = before.is_empty()
                || (before.ends_with(':') && before.split_whitespace().count() <= 3);
            if !labelled {
                return None;
            }
            let end = se.max(m.end);
            let after = text.get(m.end..end).unwrap_or("");
            let mut at = m.end + (after.len() - after.trim_start().len());
            // A name in brackets may follow the agency ("GP (Dr Rahman)").
            if text.get(at..end).is_some_and(|t| t.starts_with('(')) {
                let close = text.get(at..end)?.find(')')?;
                let rest = text.get(at + close + 1..end).unwrap_or("");
                at = at + close + 1 + (rest.len() - rest.trim_start().len());
            }
            let dash = ['-', '\u{2013}', '\u{2014}', ':']
                .iter()
                .find(|&&c| text.get(at..end).is_some_and(|t| t.starts_with(c)))?;
            Some((m, at + dash.len_utf8(), end))
        })
        .collect()
}

/// The spans of the answers in a record of checks written agency by agency
/// (two agencies or more, as [`SharingReader::read_checks_list`] reads
/// them): what each agency said, not what the writer decided ("Health -
/// 0-19 nurse: universal, nothing further").
pub(crate) fn check_answer_spans(doc: &Doc<'_>, agencies: &Agencies) -> Vec<(usize, usize)> {
    let heads = check_heads(doc, agencies);
    if heads.len() < 2 {
        return Vec::new();
    }
    heads.into_iter().map(|(_, lo, hi)| (lo, hi)).collect()
}

impl SharingReader {
    /// A record of checks written agency by agency ("Police - MFH 15/10
    /// only, nil else. School - att 96%, self-harm known. GP (Dr Rahman) -
    /// no concerns"): each agency named at the head of a sentence, before a
    /// dash or a colon, answered, and what it said was received from it.
    /// Two such sentences or more make the list; one alone may head
    /// anything.
    pub(crate) fn read_checks_list(
        &self,
        doc: &Doc<'_>,
        field: Field,
        own: Option<AgencyKind>,
        agencies: &Agencies,
    ) -> Vec<SharingMention> {
        let text = doc.text;
        let heads: Vec<(Mention, &str)> = check_heads(doc, agencies)
            .into_iter()
            .filter_map(|(m, lo, hi)| {
                let answer = text.get(lo..hi).unwrap_or("").trim();
                (!unanswered_check(answer)).then_some((m, answer))
            })
            .collect();
        let mut out: Vec<SharingMention> = Vec::new();
        for (m, answer) in heads {
            let who = Party::Named(self.refs(agencies, text, &[m]));
            let Some((direction, counterparts, by)) = finish(who, Party::Own, false, own, agencies)
            else {
                continue;
            };
            if counterparts.is_empty()
                || out.iter().any(|o| {
                    o.counterparts
                        .iter()
                        .any(|c| counterparts.iter().any(|n| n.kind == c.kind))
                })
            {
                continue;
            }
            let lower = answer.to_lowercase();
            out.push(SharingMention {
                method: SharingMethod::Notification,
                direction,
                counterparts,
                by,
                field,
                phrase: text.get(m.start..m.end).unwrap_or("").to_string(),
                start: m.start,
                end: m.end,
                on: None,
                nothing_held: CHECK_NOTHING_HELD.iter().any(|n| lower.starts_with(n)),
            });
        }
        if out.len() < 2 {
            out.clear();
        }
        out
    }
}

/// The references that are not the writer: one of the writer's own kind
/// is the writer itself ("SW visited", "MASH duty", "Operation Encompass")
/// unless a place or a name is written before its kind's words ("York
/// Children's Social Care" in a LADO's record) — another agency of the
/// same kind, which the review's agencies tell apart (or find to be the
/// writer after all).
fn without(refs: Vec<AgencyRef>, own: Option<AgencyKind>, agencies: &Agencies) -> Vec<AgencyRef> {
    refs.into_iter()
        .filter(|r| Some(r.kind) != own || named_before(&r.text, agencies))
        .collect()
}

/// Whether an agency reference's text is one of the review's agencies by
/// its own name, or begins with a place or a name before the words its kind
/// is called by: a capitalised word of three letters or more ("York",
/// "Calderbrook"), not "The" or "Our".
fn named_before(text: &str, agencies: &Agencies) -> bool {
    let mentions = agencies.mentions(text);
    // One of the review's agencies by its own name is named apart.
    if mentions.iter().any(|m| agencies.is_named(m)) {
        return true;
    }
    let Some(first) = mentions.into_iter().map(|m| m.start).min() else {
        return false;
    };
    text.get(..first)
        .unwrap_or("")
        .split(|c: char| !(c.is_alphabetic() || c == '\'' || c == '’'))
        .any(|w| {
            let mut chars = w.chars();
            w.chars().count() >= 3
                && chars.next().is_some_and(char::is_uppercase)
                && chars.any(char::is_lowercase)
                && !matches!(w, "The" | "Our" | "Their" | "His" | "Her")
                // A possessive is the child's ("T's teacher"), not a place.
                && !w.ends_with("'s")
                && !w.ends_with("’s")
        })
}

fn has(refs: &[AgencyRef], own: Option<AgencyKind>) -> bool {
    own.is_some_and(|o| refs.iter().any(|r| r.kind == o))
}

/// Reads the two sides relative to the record's own agency.
fn finish(
    from: Party,
    to: Party,
    mutual: bool,
    own: Option<AgencyKind>,
    agencies: &Agencies,
) -> Option<(Direction, Vec<AgencyRef>, Vec<AgencyRef>)> {
    let (dir_out, dir_in) = if mutual {
        (Direction::Mutual, Direction::Mutual)
    } else {
        (Direction::Outgoing, Direction::Incoming)
    };
    let (d, cp, by) = match (from, to) {
        (Party::Own, Party::Own) => return None,
        (Party::Own, Party::Named(t)) => (dir_out, without(t, own, agencies), Vec::new()),
        (Party::Named(f), Party::Own) => (dir_in, without(f, own, agencies), Vec::new()),
        (Party::Named(f), Party::Named(t)) => {
            if has(&f, own) {
                (dir_out, without(t, own, agencies), Vec::new())
            } else if has(&t, own) {
                (dir_in, without(f, own, agencies), Vec::new())
            } else {
                // Neither side is known to be the writer: report it as
                // sharing between the two, with the sender in `by`.
                let t: Vec<AgencyRef> = t
                    .into_iter()
                    .filter(|r| !f.iter().any(|x| x.kind == r.kind))
                    .collect();
                if t.is_empty() {
                    return None;
                }
                (Direction::Between, t, f)
            }
        }
    };
    (!cp.is_empty()).then_some((d, cp, by))
}

/// Whether the word right before a bare "to" moves a person, not
/// information ("advised take to ED if drowsy", "went to GP", "conveyed to
/// A&E"): the child or parent goes to the agency; nothing is sent.
fn going_before(before: &str) -> bool {
    let lower = before.to_lowercase();
    lower
        .split(|c: char| !c.is_alphanumeric())
        .rfind(|w| !w.is_empty())
        .is_some_and(|w| {
            matches!(
                w,
                "take"
                    | "taken"
                    | "took"
                    | "taking"
                    | "bring"
                    | "brought"
                    | "go"
                    | "went"
                    | "gone"
                    | "going"
                    | "come"
                    | "came"
                    | "attend"
                    | "attended"
                    | "return"
                    | "returned"
                    | "conveyed"
                    | "admitted"
                    | "walked"
                    | "drove"
                    | "driven"
                    | "moved"
                    | "back"
            )
        })
}

/// Whether the words before a bare "to" say the sending was still to come
/// ("Queued for supervisor review before sending to MASH", "PPN to be sent
/// to MASH", "awaiting authorisation prior to submission to CSC").
fn pending_before(before: &str) -> bool {
    let lower = before.to_lowercase();
    lower.contains("to be ")
        || lower.split(|c: char| !c.is_alphanumeric()).any(|w| {
            matches!(
                w,
                "before"
                    | "queued"
                    | "awaiting"
                    | "pending"
                    | "prior"
                    | "will"
                    | "should"
                    | "could"
                    | "would"
                    | "must"
                    | "might"
            )
        })
}
