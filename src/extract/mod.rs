//! Turning a record's text into indicators, sharing events, meetings and decisions.
//!
//! Practitioners write tersely ("HV", "SW", "DV", "NFA", "strat disc", "s47",
//! "Op Encompass", "DNA", "mum's partner"). This module reads one chronology
//! record — its free text, outcome, event type and "shared with" cells — and
//! returns structured facts:
//!
//! - **indicators** ([`Extractor::indicators`]): injury, suspected NAI,
//!   domestic abuse, missing episodes ... with negation ("no injuries seen" is
//!   not an injury; "bruise to cheek, no other injuries" is);
//! - **sharing** ([`Extractor::sharing`]): referrals, calls, letters,
//!   notifications, with their direction and counterpart agencies;
//! - **meetings** ([`Extractor::meeting`]): strategy discussions, conferences,
//!   core groups, whether held, who was present and who was absent;
//! - **decisions** ([`Extractor::decision`]): closed, NFA, discharged,
//!   threshold not met ...;
//! - **child seen** ([`Extractor::child_seen`]) and whether the record is a
//!   visit, assessment or closure after which the child should have been seen.
//!
//! Every word list and pattern lives in the editable [`Taxonomy`] (the
//! default is `taxonomy.toml`, compiled into the library). A taxonomy is
//! compiled once into an [`Extractor`]: one regex set per category, so a
//! record that mentions nothing of a category costs one pass over its text.
//! No input makes any of this panic.

mod agencies;
mod decision;
mod facts;
mod matcher;
mod meeting;
mod negation;
mod seen;
mod sharing;
pub mod taxonomy;
mod text;

/// Whether the words after a reply end by marking it sent ("… Sent.",
/// "… emailed back").
fn marked_sent(after: &str) -> bool {
    let last = after
        .trim_end()
        .trim_end_matches('.')
        .rsplit(['.', '\n', '"', '”'])
        .next()
        .unwrap_or("")
        .trim()
        .to_lowercase();
    matches!(
        last.as_str(),
        "sent"
            | "emailed"
            | "emailed back"
            | "sent back"
            | "returned"
            | "response sent"
            | "reply sent"
    )
}

#[cfg(test)]
mod tests;

use foldhash::{HashSet, HashSetExt};

use regex::Regex;

use crate::model::AgencyKind;

pub use facts::{
    AgencyRef, ChildSeen, Decision, DecisionHit, Direction, Field, IndicatorHit, Meeting,
    PlannedSharing, RecordFacts, SharingMention,
};
pub use taxonomy::{
    AgencyDef, ChildSeenDef, ContactDef, ContactKind, ContactSettings, CueDirection, DecisionDef,
    DecisionKind, DecisionSettings, EventTypeDef, FamilyActor, IndicatorDef, MeetingDef,
    MeetingKind, MeetingSettings, NegationDef, PeopleDef, PlannedDef, Severity, SharingDef,
    SharingMethod, SharingSettings, SubjectRole, Taxonomy, DEFAULT_TAXONOMY_TOML, TAXONOMY_VERSION,
};

use agencies::Agencies;
use decision::DecisionReader;
use matcher::{build_regex, entry_regex, Matcher};
use meeting::MeetingReader;
use negation::Negator;
use seen::{ContactReader, SeenReader};
use sharing::SharingReader;
use text::{norm, Breaker, Doc};

#[derive(Debug, Clone)]
struct IndicatorInfo {
    id: String,
    exclude: Option<Regex>,
    ignore: HashSet<String>,
}

/// A compiled taxonomy. Build it once with [`Taxonomy::compile`] and use it
/// for every record; it is `Send + Sync`.
#[derive(Debug, Clone)]
pub struct Extractor {
    taxonomy: Taxonomy,
    breaker: Breaker,
    negator: Negator,
    indicators: Matcher,
    indicator_info: Vec<IndicatorInfo>,
    agencies: Agencies,
    sharing: SharingReader,
    meetings: MeetingReader,
    decisions: DecisionReader,
    seen: SeenReader,
    contacts: ContactReader,
}

impl Extractor {
    /// Compiles a taxonomy (see [`Taxonomy::compile`], which also validates).
    pub(crate) fn new(t: &Taxonomy) -> Result<Extractor, String> {
        let indicators = Matcher::build(
            t.indicators
                .iter()
                .map(|i| entry_regex(&i.terms, &i.exact, &i.patterns))
                .collect(),
            |i| {
                format!(
                    "indicator \"{}\"",
                    t.indicators.get(i).map(|d| d.id.as_str()).unwrap_or("?")
                )
            },
        )?;
        let mut indicator_info = Vec::new();
        for i in &t.indicators {
            let exclude = if i.exclude.is_empty() {
                None
            } else {
                let alts: Vec<String> = i
                    .exclude
                    .iter()
                    .map(|p| matcher::pattern_regex(p))
                    .collect();
                Some(
                    build_regex(&alts.join("|"))
                        .map_err(|e| format!("indicator \"{}\": exclude: {e}", i.id))?,
                )
            };
            indicator_info.push(IndicatorInfo {
                id: i.id.clone(),
                exclude,
                ignore: i.ignore_cues.iter().map(|c| norm(c)).collect(),
            });
        }
        Ok(Extractor {
            taxonomy: t.clone(),
            breaker: Breaker::new(&t.negation.clause_breaks)?,
            negator: Negator::new(&t.negation)?,
            indicators,
            indicator_info,
            agencies: Agencies::new(&t.agencies)?,
            sharing: SharingReader::new(
                &t.sharing,
                &t.sharing_settings,
                &t.people,
                &t.event_types,
            )?,
            meetings: MeetingReader::new(&t.meetings, &t.meeting_settings)?,
            decisions: DecisionReader::new(&t.decisions, &t.decision_settings, t.negation.window)?,
            seen: SeenReader::new(&t.child_seen, &t.people)?,
            contacts: ContactReader::new(&t.contacts, &t.contact_settings)?,
        })
    }

    /// The extractor for the bundled default taxonomy.
    pub fn default_extractor() -> Result<Extractor, String> {
        Taxonomy::from_toml(DEFAULT_TAXONOMY_TOML)?.compile()
    }

    /// This extractor, also knowing the review's own agencies by their
    /// names and, where three to six letters long and no synonym already,
    /// their initials ("Emailed Sherwood Homes HO", "Contact rec'd NRN"):
    /// an agency the taxonomy has no word for is still recognised where a
    /// record names it.
    pub fn knowing_agencies(&self, agencies: &[(String, AgencyKind)]) -> Result<Extractor, String> {
        let mut defs = self.taxonomy.agencies.clone();
        let first_named = defs.len();
        for (name, kind) in agencies {
            let name = name.trim();
            if !name.chars().any(char::is_alphanumeric) {
                continue;
            }
            let initials: String = name
                .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
                .filter(|w| {
                    !w.is_empty()
                        && !matches!(
                            w.to_lowercase().as_str(),
                            "and" | "of" | "the" | "for" | "with" | "upon" | "on"
                        )
                })
                .filter_map(|w| w.chars().next())
                .map(|c| c.to_ascii_uppercase())
                .collect();
            let taken = defs.iter().any(|d| {
                d.terms
                    .iter()
                    .chain(&d.exact)
                    .any(|t| t.eq_ignore_ascii_case(&initials))
            });
            let exact = if (3..=6).contains(&initials.len())
                && initials.chars().all(|c| c.is_ascii_uppercase())
                && !taken
            {
                vec![initials]
            } else {
                Vec::new()
            };
            defs.push(taxonomy::AgencyDef {
                kinds: vec![kind.as_str().to_string()],
                terms: vec![name.to_string()],
                exact,
                patterns: Vec::new(),
            });
        }
        let mut x = self.clone();
        x.agencies = Agencies::with_named(&defs, first_named)?;
        Ok(x)
    }

    /// The taxonomy this extractor was compiled from.
    pub fn taxonomy(&self) -> &Taxonomy {
        &self.taxonomy
    }

    /// The definition of the indicator a hit refers to.
    pub fn indicator_def(&self, index: usize) -> Option<&IndicatorDef> {
        self.taxonomy.indicators.get(index)
    }

    fn doc<'a>(&'a self, text: &'a str) -> Doc<'a> {
        Doc::new(text, &self.breaker)
    }

    /// Indicators in `text` that are not negated, in order of position.
    pub fn indicators(&self, text: &str) -> Vec<IndicatorHit> {
        self.indicator_hits(&self.doc(text), Field::Text, false)
    }

    /// Every indicator match in `text`, negated ones included with the cue
    /// that negates them in [`IndicatorHit::negated_by`] — for checking why a
    /// term did or did not count.
    pub fn indicators_with_negated(&self, text: &str) -> Vec<IndicatorHit> {
        self.indicator_hits(&self.doc(text), Field::Text, true)
    }

    fn indicator_hits(&self, doc: &Doc<'_>, field: Field, keep_negated: bool) -> Vec<IndicatorHit> {
        let text = doc.text;
        let hits = self.indicators.find_all(text);
        let mut out = Vec::new();
        for h in hits {
            let Some(info) = self.indicator_info.get(h.entry) else {
                continue;
            };
            if let Some(ex) = &info.exclude {
                if ex
                    .find_iter(text)
                    .any(|m| m.start() <= h.start && h.end <= m.end())
                {
                    continue;
                }
            }
            let negated_by = self.negator.negated_by(doc, h.start, h.end, &info.ignore);
            if negated_by.is_some() && !keep_negated {
                continue;
            }
            out.push(IndicatorHit {
                indicator: h.entry,
                id: info.id.clone(),
                field,
                matched: text[h.start..h.end].to_string(),
                start: h.start,
                end: h.end,
                negated_by,
            });
        }
        out
    }

    /// Resolves an agency's name as written in a cell ("Harwick Police",
    /// "CSC", "Elm Street Surgery") to its kinds; empty, "n/a" and "none"
    /// give nothing, an unknown name gives kind `other`.
    pub fn resolve_agency(&self, name: &str) -> Vec<AgencyRef> {
        self.agencies.resolve_name(name)
    }

    /// Every agency named anywhere in `text`.
    pub fn agencies_in(&self, text: &str) -> Vec<AgencyRef> {
        let mut out = Vec::new();
        for m in self.agencies.mentions(text) {
            out.extend(self.agencies.refs(text, &m));
        }
        out
    }

    /// Sharing events in a record whose own agency is not known. Phrases
    /// naming two agencies ("Police informed HV") come back as
    /// [`Direction::Between`]; use [`Extractor::sharing_for`] when the
    /// record's agency kind is known.
    pub fn sharing(
        &self,
        text: &str,
        outcome: Option<&str>,
        event_type: Option<&str>,
        shared_with: &[String],
    ) -> Vec<SharingMention> {
        self.sharing_for(None, text, outcome, event_type, shared_with)
    }

    /// Sharing events in a record of an agency of kind `own`: mentions of the
    /// agency itself ("HV rang mum" in a health visiting record) are not
    /// counterparts, and "Police informed HV" in the health visitor's record
    /// is incoming from the police.
    pub fn sharing_for(
        &self,
        own: Option<AgencyKind>,
        text: &str,
        outcome: Option<&str>,
        event_type: Option<&str>,
        shared_with: &[String],
    ) -> Vec<SharingMention> {
        let docs = Docs::new(self, text, outcome, event_type);
        self.sharing_docs(own, &docs, event_type, shared_with).0
    }

    /// Sharing a record plans rather than records ("IDVA to inform midwife
    /// and HV"), for a record of an agency of kind `own`.
    pub fn planned_for(
        &self,
        own: Option<AgencyKind>,
        text: &str,
        outcome: Option<&str>,
    ) -> Vec<PlannedSharing> {
        let docs = Docs::new(self, text, outcome, None);
        self.sharing_docs(own, &docs, None, &[]).1
    }

    /// The sharing events of a record, and the sharing it only plans: a
    /// sharing phrase inside a plan ("SW to refer to CAMHS") is no event.
    fn sharing_docs(
        &self,
        own: Option<AgencyKind>,
        docs: &Docs<'_>,
        event_type: Option<&str>,
        shared_with: &[String],
    ) -> (Vec<SharingMention>, Vec<PlannedSharing>) {
        let hint = self.sharing.event_hint(event_type);
        let mut out = Vec::new();
        let mut planned = Vec::new();
        let mut intents = Vec::new();
        for (doc, field) in docs.text_and_outcome() {
            let p = self.sharing.read_planned(doc, field, own, &self.agencies);
            planned.extend(p.plans);
            intents.extend(p.intents.into_iter().map(|(s, e)| (field, s, e)));
        }
        for (doc, field) in docs.all() {
            out.extend(
                self.sharing
                    .read(doc, field, own, &self.agencies, hint)
                    .into_iter()
                    .filter(|m| {
                        !intents
                            .iter()
                            .any(|&(f, s, e)| f == field && s <= m.start && m.start < e)
                    }),
            );
        }
        if out.is_empty() && hint.method.is_some() {
            for (doc, field) in docs.text_and_outcome() {
                if let Some(m) = self
                    .sharing
                    .read_from_to(doc, field, own, &self.agencies, hint)
                {
                    out.push(m);
                    break;
                }
            }
            if out.is_empty() {
                if let Some(m) = self.sharing.read_leading_sender(
                    &docs.text,
                    Field::Text,
                    own,
                    &self.agencies,
                    hint,
                ) {
                    out.push(m);
                }
            }
        }
        if out.is_empty() {
            out = self
                .sharing
                .read_checks_list(&docs.text, Field::Text, own, &self.agencies);
        }
        // One mention per (method, direction, counterparts, senders).
        let mut seen = HashSet::new();
        out.retain(|m| {
            let mut cp: Vec<&str> = m.counterparts.iter().map(|r| r.kind.as_str()).collect();
            cp.sort_unstable();
            let mut by: Vec<&str> = m.by.iter().map(|r| r.kind.as_str()).collect();
            by.sort_unstable();
            seen.insert((m.method, m.direction, cp.join(","), by.join(",")))
        });
        // A sharing whose sentence says the teller held nothing of concern.
        // One told in the outcome or the event type ("Emailed to SW") goes
        // with the whole text ("Reply to SW: no concerns on GP record").
        for m in out.iter_mut() {
            m.nothing_held = m.nothing_held
                || match m.field {
                    Field::Outcome => docs.outcome.as_ref().and_then(|doc| {
                        let (lo, hi) = doc.sentence(m.start, m.end);
                        doc.text.get(lo..hi)
                    }),
                    Field::Text => {
                        let (lo, hi) = docs.text.sentence(m.start, m.end);
                        docs.text.text.get(lo..hi)
                    }
                    _ => None,
                }
                .is_some_and(|s| self.sharing.says_nothing_held(s))
                || (m.field != Field::Text && self.sharing.says_nothing_held(docs.text.text))
                // "Referral to the attendance service sent" with the outcome
                // "Referral form emailed. Section 6 (safeguarding) ticked No."
                || (m.field == Field::Text
                    && m.direction == Direction::Outgoing
                    && docs
                        .outcome
                        .as_ref()
                        .is_some_and(|o| self.sharing.says_nothing_held(o.text)));
        }
        // A request received and answered in the same record ("Call from
        // MASH re Tyler. Informed: ... Not aware of any safeguarding
        // concerns"): the answer went back to the asker, and carried nothing
        // of concern.
        let answers: Vec<SharingMention> = out
            .iter()
            .filter(|m| {
                m.field == Field::Text
                    && m.direction == Direction::Incoming
                    && !m.nothing_held
                    && matches!(
                        m.method,
                        SharingMethod::Phone | SharingMethod::Email | SharingMethod::Letter
                    )
            })
            .filter_map(|m| self.sharing.answered_nothing(&docs.text, m))
            .collect();
        for a in answers {
            if !out
                .iter()
                .any(|m| m.direction == Direction::Outgoing && m.counterparts == a.counterparts)
            {
                out.push(a);
            }
        }
        for cell in shared_with
            .iter()
            .filter(|c| !says_no_one(c) && !self.sharing.is_courtesy(c))
        {
            let refs: Vec<AgencyRef> = self
                .agencies
                .resolve_name(cell)
                .into_iter()
                .filter(|r| Some(r.kind) != own)
                .filter(|r| {
                    !out.iter().any(|m| {
                        matches!(m.direction, Direction::Outgoing | Direction::Mutual)
                            && m.counterparts.iter().any(|c| c.kind == r.kind)
                    })
                })
                .collect();
            if refs.is_empty() {
                continue;
            }
            out.push(SharingMention {
                method: hint.method.unwrap_or(SharingMethod::Unspecified),
                direction: Direction::Outgoing,
                counterparts: refs,
                by: Vec::new(),
                field: Field::SharedWith,
                phrase: cell.trim().to_string(),
                start: 0,
                end: cell.len(),
                on: None,
                nothing_held: false,
            });
        }
        self.answers_sent(docs, &mut out);
        (out, planned)
    }

    /// Answers the agency gave: a reply written under the asker's label and
    /// marked sent ("MASH response (email): '…' Sent.") went to the asker,
    /// not from it; and an answer (a reply, or a telling back to an agency
    /// that asked in the same record) whose words say nothing of concern
    /// was held carried nothing ("Call from Cafcass for court report …
    /// 'progressing well, no concerns'").
    fn answers_sent(&self, docs: &Docs<'_>, out: &mut [SharingMention]) {
        let text = docs.text.text;
        for m in out.iter_mut() {
            if m.field == Field::Text
                && m.direction == Direction::Incoming
                && m.method == SharingMethod::InformationRequest
                && m.phrase.trim_end().ends_with(':')
                && marked_sent(text.get(m.end..).unwrap_or(""))
            {
                m.direction = Direction::Outgoing;
            }
        }
        // Requests received: a call, an email, a letter or a request for
        // information from an agency (not a notification or a check's result).
        let asked: Vec<(usize, Vec<AgencyKind>)> = out
            .iter()
            .filter(|m| {
                m.direction == Direction::Incoming
                    && m.field == Field::Text
                    && matches!(
                        m.method,
                        SharingMethod::Phone
                            | SharingMethod::Email
                            | SharingMethod::Letter
                            | SharingMethod::InformationRequest
                    )
            })
            .map(|m| (m.end, m.counterparts.iter().map(|c| c.kind).collect()))
            .collect();
        for m in out.iter_mut() {
            if m.direction != Direction::Outgoing || m.nothing_held {
                continue;
            }
            let asked_here = asked.iter().any(|(at, kinds)| {
                (m.field != Field::Text || *at <= m.start)
                    && m.counterparts.iter().any(|c| kinds.contains(&c.kind))
            });
            // A reply ("Reply to SW: …"), not a request ("Checks requested
            // from police"), is an answer.
            let reply = m.method == SharingMethod::InformationRequest && {
                let p = m.phrase.to_lowercase();
                p.contains("repl") || p.contains("respon")
            };
            if !reply && !asked_here {
                continue;
            }
            let words = if m.field == Field::Text {
                let (lo, _) = docs.text.sentence(m.start, m.end);
                text.get(lo..).unwrap_or("")
            } else {
                text
            };
            m.nothing_held = self.sharing.answer_says_nothing_held(words);
        }
    }

    /// The meeting a record is about, with attendance, if it names one (in
    /// its text or its event type).
    pub fn meeting(&self, text: &str, event_type: Option<&str>) -> Option<Meeting> {
        self.meetings
            .read(&self.doc(text), event_type, &self.negator, &self.agencies)
    }

    /// The decision a record records, read from its text, outcome and event
    /// type; negated ("not closed", "case remains open") and prospective
    /// ("plan to close") phrases do not count.
    pub fn decision(
        &self,
        text: &str,
        outcome: Option<&str>,
        event_type: Option<&str>,
    ) -> Option<Decision> {
        let docs = Docs::new(self, text, outcome, event_type);
        self.decision_docs(&docs)
    }

    fn decision_docs(&self, docs: &Docs<'_>) -> Option<Decision> {
        let mut hits = Vec::new();
        for (doc, field) in docs.all() {
            let found = self.decisions.read(doc, field, &self.negator);
            if found.is_empty() {
                continue;
            }
            // What another agency answered to a check ("Health - 0-19
            // nurse: universal, nothing further") is no decision of the
            // writer's.
            let answers = sharing::check_answer_spans(doc, &self.agencies);
            hits.extend(
                found
                    .into_iter()
                    .filter(|h| !answers.iter().any(|&(lo, hi)| h.start >= lo && h.end <= hi)),
            );
        }
        if hits.is_empty() {
            return None;
        }
        let mut kinds: Vec<DecisionKind> = Vec::new();
        for h in &hits {
            if !kinds.contains(&h.kind) {
                kinds.push(h.kind);
            }
        }
        kinds.sort_by_key(|k| self.decisions.rank(*k));
        Some(Decision {
            kind: kinds[0],
            kinds,
            hits,
        })
    }

    /// Whether the text says the child was seen, seen alone, or not seen.
    /// Phrases about adults ("Mum not seen") are not about the child.
    pub fn child_seen(&self, text: &str) -> ChildSeen {
        self.seen.read(&self.doc(text), &self.negator)
    }

    /// The kinds of contact in a record after which the child should have
    /// been seen: home visits and assessments (from the text and event
    /// type) and closures (case closed, NFA, discharged, stepped down).
    pub fn contacts(
        &self,
        text: &str,
        outcome: Option<&str>,
        event_type: Option<&str>,
    ) -> Vec<ContactKind> {
        let docs = Docs::new(self, text, outcome, event_type);
        let decision = self.decision_docs(&docs);
        self.contacts_docs(&docs, decision.as_ref())
    }

    fn contacts_docs(&self, docs: &Docs<'_>, decision: Option<&Decision>) -> Vec<ContactKind> {
        let mut out: Vec<ContactKind> = Vec::new();
        for (doc, _) in docs.all() {
            for k in self.contacts.read(doc, &self.negator) {
                if !out.contains(&k) {
                    out.push(k);
                }
            }
        }
        if let Some(d) = decision {
            for k in &d.kinds {
                let c = match k {
                    DecisionKind::CaseClosed
                    | DecisionKind::NoFurtherAction
                    | DecisionKind::Discharged
                    | DecisionKind::StepDown => Some(ContactKind::Closure),
                    DecisionKind::AssessmentConcluded => Some(ContactKind::Assessment),
                    _ => None,
                };
                if let Some(c) = c {
                    if !out.contains(&c) {
                        out.push(c);
                    }
                }
            }
        }
        out.sort();
        out
    }

    /// True when the record is a home visit, an assessment or a closure:
    /// the contacts the child-not-seen rule looks at.
    pub fn is_contact_requiring_child_seen(
        &self,
        text: &str,
        outcome: Option<&str>,
        event_type: Option<&str>,
    ) -> bool {
        !self.contacts(text, outcome, event_type).is_empty()
    }

    /// Everything at once, for a record whose own agency is not known.
    pub fn analyse(
        &self,
        text: &str,
        outcome: Option<&str>,
        event_type: Option<&str>,
        shared_with: &[String],
    ) -> RecordFacts {
        self.analyse_for(None, text, outcome, event_type, shared_with)
    }

    /// Everything at once, for a record of an agency of kind `own` (see
    /// [`Extractor::sharing_for`]).
    pub fn analyse_for(
        &self,
        own: Option<AgencyKind>,
        text: &str,
        outcome: Option<&str>,
        event_type: Option<&str>,
        shared_with: &[String],
    ) -> RecordFacts {
        let docs = Docs::new(self, text, outcome, event_type);
        let mut indicators = self.indicator_hits(&docs.text, Field::Text, false);
        if let Some(o) = &docs.outcome {
            indicators.extend(self.indicator_hits(o, Field::Outcome, false));
        }
        // The agency's own category ("MISPER", "Neglect; Food", "DA
        // incident") says what the entry is about too.
        if let Some(e) = &docs.event_type {
            for hit in self.indicator_hits(e, Field::EventType, false) {
                if !indicators.iter().any(|h| h.indicator == hit.indicator) {
                    indicators.push(hit);
                }
            }
        }
        let (sharing, planned) = self.sharing_docs(own, &docs, event_type, shared_with);
        let meeting = self
            .meetings
            .read(&docs.text, event_type, &self.negator, &self.agencies);
        let decision = self.decision_docs(&docs);
        let mut child_seen = self.seen.read(&docs.text, &self.negator);
        if let Some(o) = &docs.outcome {
            let s = self.seen.read(o, &self.negator);
            if s.rank() > child_seen.rank() {
                child_seen = s;
            }
        }
        let contacts = self.contacts_docs(&docs, decision.as_ref());
        RecordFacts {
            indicators,
            sharing,
            planned,
            meeting,
            decision,
            child_seen,
            requires_child_seen: !contacts.is_empty(),
            contacts,
        }
    }
}

/// A record's fields, each with its clause boundaries computed once.
struct Docs<'a> {
    text: Doc<'a>,
    outcome: Option<Doc<'a>>,
    event_type: Option<Doc<'a>>,
}

impl<'a> Docs<'a> {
    fn new(
        x: &'a Extractor,
        text: &'a str,
        outcome: Option<&'a str>,
        event_type: Option<&'a str>,
    ) -> Docs<'a> {
        Docs {
            text: x.doc(text),
            outcome: outcome.filter(|o| !o.trim().is_empty()).map(|o| x.doc(o)),
            event_type: event_type
                .filter(|o| !o.trim().is_empty())
                .map(|o| x.doc(o)),
        }
    }

    fn text_and_outcome(&self) -> Vec<(&Doc<'a>, Field)> {
        let mut v = vec![(&self.text, Field::Text)];
        if let Some(o) = &self.outcome {
            v.push((o, Field::Outcome));
        }
        v
    }

    fn all(&self) -> Vec<(&Doc<'a>, Field)> {
        let mut v = self.text_and_outcome();
        if let Some(e) = &self.event_type {
            v.push((e, Field::EventType));
        }
        v
    }
}

/// Whether a shared-with cell says nobody was told ("Not shared outside the
/// Health Board", "None", "n/a", "No one"): it names no recipient, whatever
/// agency words it holds.
fn says_no_one(cell: &str) -> bool {
    let c = cell.trim().trim_end_matches('.').to_lowercase();
    matches!(
        c.as_str(),
        "" | "-" | "none" | "nil" | "n/a" | "na" | "no" | "no one" | "nobody" | "not applicable"
    ) || ["not ", "no ", "none ", "nobody ", "no-one "]
        .iter()
        .any(|p| c.starts_with(p))
}
