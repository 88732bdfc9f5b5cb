//! The editable taxonomy: every word list and pattern the extractor uses.
//!
//! The default lives in `taxonomy.toml` beside this file and is compiled into
//! the library; a review can carry its own edited copy. [`Taxonomy::from_toml`]
//! checks a copy thoroughly (unknown keys, duplicate ids, unknown agency kinds,
//! bad regular expressions) and names the entry at fault.

use std::collections::{BTreeMap, HashSet};
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::model::AgencyKind;

use super::matcher;
use super::Extractor;

/// The taxonomy shipped with the library.
pub const DEFAULT_TAXONOMY_TOML: &str = include_str!("taxonomy.toml");

/// The taxonomy format version this build reads.
pub const TAXONOMY_VERSION: u32 = 1;

/// Everything the text-understanding layer knows, as a reviewer can edit it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Taxonomy {
    /// Format version; must be [`TAXONOMY_VERSION`].
    pub version: u32,
    /// Negation cues and clause splitting.
    pub negation: NegationDef,
    /// The indicators, in display order.
    #[serde(rename = "indicator", default)]
    pub indicators: Vec<IndicatorDef>,
    /// How agencies are named.
    #[serde(rename = "agency", default)]
    pub agencies: Vec<AgencyDef>,
    /// People who are not agencies.
    #[serde(default)]
    pub people: PeopleDef,
    /// Phrases that record information moving between agencies.
    #[serde(default)]
    pub sharing: Vec<SharingDef>,
    /// Word lists used to read sharing phrases.
    #[serde(default)]
    pub sharing_settings: SharingSettings,
    /// Event types (the agency's "Type" column) that tell a sharing method.
    #[serde(rename = "event_type", default)]
    pub event_types: Vec<EventTypeDef>,
    /// Names of multi-agency meetings.
    #[serde(rename = "meeting", default)]
    pub meetings: Vec<MeetingDef>,
    /// Whether a meeting was held, and who was there.
    #[serde(default)]
    pub meeting_settings: MeetingSettings,
    /// Decision phrases, in order of precedence.
    #[serde(rename = "decision", default)]
    pub decisions: Vec<DecisionDef>,
    /// Word lists that qualify decision phrases.
    #[serde(default)]
    pub decision_settings: DecisionSettings,
    /// Phrases saying whether the child was seen.
    #[serde(default)]
    pub child_seen: ChildSeenDef,
    /// Contacts after which the child should have been seen.
    #[serde(rename = "contact", default)]
    pub contacts: Vec<ContactDef>,
    /// Word lists that qualify contact phrases.
    #[serde(default)]
    pub contact_settings: ContactSettings,
}

/// How negation is recognised.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NegationDef {
    /// Most words allowed between a cue and the term it negates.
    pub window: usize,
    /// Cues that negate what follows them ("no", "denied", "no evidence of").
    #[serde(default)]
    pub cues: Vec<String>,
    /// Cues matched with their case ("NAD").
    #[serde(default)]
    pub exact_cues: Vec<String>,
    /// Phrases that contain a cue but do not negate ("no one", "no longer").
    #[serde(default)]
    pub pseudo: Vec<String>,
    /// Most words (besides `post_skip`) between a term and a cue after it.
    #[serde(default)]
    pub post_window: usize,
    /// Cues that negate what comes before them ("ruled out", ": none").
    #[serde(default)]
    pub post_cues: Vec<String>,
    /// Words not counted between a term and a following cue ("was", "been").
    #[serde(default)]
    pub post_skip: Vec<String>,
    /// Words that split clauses besides punctuation (" but ", " however ").
    #[serde(default)]
    pub clause_breaks: Vec<String>,
}

pub use crate::model::Severity;

/// One indicator and the words that reveal it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorDef {
    /// Stable kebab-case identifier ("suspected-nai").
    pub id: String,
    /// Plain-English label ("Suspected non-accidental injury").
    pub label: String,
    /// Severity for display and flags.
    pub severity: Severity,
    /// Suspected significant harm: what the no-strategy-discussion and
    /// closed-despite-indicators rules look for.
    #[serde(default)]
    pub serious: bool,
    /// Whole-word phrases, case-insensitive.
    #[serde(default)]
    pub terms: Vec<String>,
    /// Whole-word phrases matched with their case.
    #[serde(default)]
    pub exact: Vec<String>,
    /// Regular expressions, case-insensitive.
    #[serde(default)]
    pub patterns: Vec<String>,
    /// Regular expressions; a hit inside one of their matches is ignored.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Negation cues that do not negate this indicator.
    #[serde(default)]
    pub ignore_cues: Vec<String>,
}

/// One way of naming an agency.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgencyDef {
    /// The agency kinds these names stand for (usually one).
    pub kinds: Vec<String>,
    /// Whole-word names, case-insensitive.
    #[serde(default)]
    pub terms: Vec<String>,
    /// Whole-word names matched with their case ("ED", "PC").
    #[serde(default)]
    pub exact: Vec<String>,
    /// Regular expressions, case-insensitive.
    #[serde(default)]
    pub patterns: Vec<String>,
}

/// People who are not agencies.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeopleDef {
    /// Family members and the child: an actor from this list makes a sharing
    /// phrase not inter-agency ("Mum rang police").
    #[serde(default)]
    pub family: Vec<String>,
    /// Adults: a child-seen phrase about one of them is not about the child.
    #[serde(default)]
    pub adults: Vec<String>,
    /// Words that stand for the writer's own agency ("writer", "Dr").
    #[serde(default)]
    pub self_words: Vec<String>,
}

/// How information moved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SharingMethod {
    /// A referral.
    Referral,
    /// A notification, or information passed on by an unstated means.
    Notification,
    /// A letter or report.
    Letter,
    /// A fax.
    Fax,
    /// A telephone call.
    Phone,
    /// An email.
    Email,
    /// A meeting or strategy discussion.
    Meeting,
    /// A request for information, which carries the requester's concern.
    InformationRequest,
    /// A conversation ("discussed with", "liaised with").
    Conversation,
    /// Not stated (an explicit "shared with" cell with no other clue).
    Unspecified,
}

impl SharingMethod {
    /// The identifier used in the taxonomy and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            SharingMethod::Referral => "referral",
            SharingMethod::Notification => "notification",
            SharingMethod::Letter => "letter",
            SharingMethod::Fax => "fax",
            SharingMethod::Phone => "phone",
            SharingMethod::Email => "email",
            SharingMethod::Meeting => "meeting",
            SharingMethod::InformationRequest => "information_request",
            SharingMethod::Conversation => "conversation",
            SharingMethod::Unspecified => "unspecified",
        }
    }

    /// True for methods a more specific clue may refine.
    pub(crate) fn is_generic(self) -> bool {
        matches!(
            self,
            SharingMethod::Notification | SharingMethod::Conversation | SharingMethod::Unspecified
        )
    }
}

/// Which way a sharing phrase points.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CueDirection {
    /// The agencies after the phrase were told.
    Outgoing,
    /// The agencies after the phrase did the telling.
    Incoming,
    /// A conversation or meeting: both sides learn.
    Mutual,
}

/// How an agency named just before a sharing phrase is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubjectRole {
    /// "School rang." — the school told this agency.
    Sender,
    /// "School informed." — this agency told the school.
    Recipient,
}

/// What to do when a family member is the actor of a sharing phrase.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FamilyActor {
    /// Ignore the phrase: "Mum rang police" is not inter-agency sharing.
    #[default]
    Drop,
    /// Read it as passive: "Mum referred to GP" means this agency referred.
    Keep,
}

/// One group of sharing phrases with the same meaning.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharingDef {
    /// How the information moved.
    pub method: SharingMethod,
    /// Which way the phrase points.
    pub direction: CueDirection,
    /// How an agency named just before the phrase is read.
    pub subject: SubjectRole,
    /// What a family member as actor means.
    #[serde(default)]
    pub family_actor: FamilyActor,
    /// Whole-word phrases, case-insensitive.
    #[serde(default)]
    pub terms: Vec<String>,
    /// Regular expressions, case-insensitive.
    #[serde(default)]
    pub patterns: Vec<String>,
    /// The agency kind meant when the text names none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub implied: Option<String>,
}

/// Word lists used to read sharing phrases.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharingSettings {
    /// After these, an agency named before the verb is the sender.
    #[serde(default)]
    pub sender_tails: Vec<String>,
    /// Right before a phrase, or right after it and its agencies, these
    /// mean the sharing did not happen ("No referral made to CSC").
    #[serde(default)]
    pub negations: Vec<String>,
    /// Words allowed between a phrase and the agency it names.
    #[serde(default)]
    pub fillers: Vec<String>,
    /// Words joining agencies in a list.
    #[serde(default)]
    pub conjunctions: Vec<String>,
    /// Auxiliary verbs between an agency and its verb (they make it passive).
    #[serde(default)]
    pub auxiliaries: Vec<String>,
    /// Adverbs allowed between an agency and its verb.
    #[serde(default)]
    pub adverbs: Vec<String>,
    /// Words near a generic phrase that tell its method, by method name.
    #[serde(default)]
    pub method_words: BTreeMap<String, Vec<String>>,
}

/// Event types that tell a record's sharing method.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventTypeDef {
    /// The method.
    pub method: SharingMethod,
    /// Phrases found in the event type cell.
    #[serde(default)]
    pub terms: Vec<String>,
    /// The direction, when the event type says it ("Referral received").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<CueDirection>,
}

/// The kind of a multi-agency meeting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingKind {
    /// Strategy discussion or meeting.
    StrategyDiscussion,
    /// Initial child protection conference.
    InitialCpConference,
    /// Review child protection conference.
    ReviewCpConference,
    /// A child protection conference, initial or review not said.
    CpConference,
    /// Core group meeting.
    CoreGroup,
    /// Any other multi-agency meeting (MARAC, professionals meeting, CIN).
    OtherMeeting,
}

impl MeetingKind {
    /// The identifier used in the taxonomy and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            MeetingKind::StrategyDiscussion => "strategy_discussion",
            MeetingKind::InitialCpConference => "initial_cp_conference",
            MeetingKind::ReviewCpConference => "review_cp_conference",
            MeetingKind::CpConference => "cp_conference",
            MeetingKind::CoreGroup => "core_group",
            MeetingKind::OtherMeeting => "other_meeting",
        }
    }
}

/// Names of one kind of meeting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingDef {
    /// The kind.
    pub kind: MeetingKind,
    /// Whole-word names, case-insensitive.
    #[serde(default)]
    pub terms: Vec<String>,
    /// Whole-word names matched with their case.
    #[serde(default)]
    pub exact: Vec<String>,
    /// Regular expressions, case-insensitive.
    #[serde(default)]
    pub patterns: Vec<String>,
}

/// Whether a meeting was held, and who was there.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingSettings {
    /// Near a meeting's name, these mean it was not held (yet).
    #[serde(default)]
    pub not_held: Vec<String>,
    /// Just after a meeting's name, these mean it was held.
    #[serde(default)]
    pub held: Vec<String>,
    /// Labels opening a list of those present.
    #[serde(default)]
    pub present_labels: Vec<String>,
    /// Labels opening a list of those absent.
    #[serde(default)]
    pub absent_labels: Vec<String>,
    /// After an agency: it was there.
    #[serde(default)]
    pub present_after: Vec<String>,
    /// After an agency: it was not there.
    #[serde(default)]
    pub absent_after: Vec<String>,
    /// Before an agency: it was there.
    #[serde(default)]
    pub present_before: Vec<String>,
    /// Before an agency: it was not there.
    #[serde(default)]
    pub absent_before: Vec<String>,
}

/// The kind of a decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionKind {
    /// Case closed.
    CaseClosed,
    /// No further action.
    NoFurtherAction,
    /// Discharged (from hospital, from a caseload).
    Discharged,
    /// Assessment or enquiry concluded.
    AssessmentConcluded,
    /// Threshold not met.
    ThresholdNotMet,
    /// Child returned home.
    ReturnedHome,
    /// Risk graded low or standard.
    RiskGradedLow,
    /// Stepped down (to early help, universal services; CP plan ended).
    StepDown,
}

impl DecisionKind {
    /// The identifier used in the taxonomy and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            DecisionKind::CaseClosed => "case_closed",
            DecisionKind::NoFurtherAction => "no_further_action",
            DecisionKind::Discharged => "discharged",
            DecisionKind::AssessmentConcluded => "assessment_concluded",
            DecisionKind::ThresholdNotMet => "threshold_not_met",
            DecisionKind::ReturnedHome => "returned_home",
            DecisionKind::RiskGradedLow => "risk_graded_low",
            DecisionKind::StepDown => "step_down",
        }
    }
}

/// Phrases of one kind of decision.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionDef {
    /// The kind.
    pub kind: DecisionKind,
    /// Whole-word phrases, case-insensitive.
    #[serde(default)]
    pub terms: Vec<String>,
    /// Whole-word phrases matched with their case.
    #[serde(default)]
    pub exact: Vec<String>,
    /// Regular expressions, case-insensitive.
    #[serde(default)]
    pub patterns: Vec<String>,
}

/// Word lists that qualify decision phrases.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionSettings {
    /// Before a decision phrase: not (yet) a decision ("plan to close").
    #[serde(default)]
    pub prospective: Vec<String>,
    /// In the same clause: the case stays open ("remains open").
    #[serde(default)]
    pub remains_open: Vec<String>,
    /// Look-alikes that are not decisions ("closed head injury").
    #[serde(default)]
    pub not_decisions: Vec<String>,
}

/// Phrases saying whether the child was seen.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChildSeenDef {
    /// Seen or spoken to alone.
    #[serde(default)]
    pub alone: Vec<String>,
    /// Regular expressions for seen alone.
    #[serde(default)]
    pub alone_patterns: Vec<String>,
    /// Seen.
    #[serde(default)]
    pub seen: Vec<String>,
    /// Regular expressions for seen.
    #[serde(default)]
    pub seen_patterns: Vec<String>,
    /// Not seen.
    #[serde(default)]
    pub not_seen: Vec<String>,
    /// Regular expressions for not seen.
    #[serde(default)]
    pub not_seen_patterns: Vec<String>,
    /// Seen, but not alone.
    #[serde(default)]
    pub not_alone: Vec<String>,
}

/// The kind of contact after which the child should have been seen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactKind {
    /// A home visit (or an attempted one).
    HomeVisit,
    /// An assessment or enquiry.
    Assessment,
    /// A closure, discharge, step-down or no further action.
    Closure,
}

impl ContactKind {
    /// The identifier used in the taxonomy and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            ContactKind::HomeVisit => "home_visit",
            ContactKind::Assessment => "assessment",
            ContactKind::Closure => "closure",
        }
    }
}

/// Phrases of one kind of contact.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactDef {
    /// The kind (home_visit or assessment; closures come from decisions).
    pub kind: ContactKind,
    /// Whole-word phrases, case-insensitive.
    #[serde(default)]
    pub terms: Vec<String>,
    /// Whole-word phrases matched with their case.
    #[serde(default)]
    pub exact: Vec<String>,
    /// Regular expressions, case-insensitive.
    #[serde(default)]
    pub patterns: Vec<String>,
}

/// Word lists that qualify contact phrases.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactSettings {
    /// Near a visit or assessment: it did not happen (yet).
    #[serde(default)]
    pub not_done: Vec<String>,
}

impl Taxonomy {
    /// The taxonomy shipped with the library.
    ///
    /// The bundled file is checked by the test suite, so this cannot fail in a
    /// released build; should it ever, the error is reported and an empty
    /// taxonomy (which finds nothing) is returned rather than panicking.
    pub fn default_taxonomy() -> Taxonomy {
        match Taxonomy::from_toml(DEFAULT_TAXONOMY_TOML) {
            Ok(t) => t,
            Err(e) => {
                tracing::error!("the bundled extraction taxonomy is invalid: {e}");
                Taxonomy::empty()
            }
        }
    }

    /// The taxonomy file in force in a review: its own copy, or the bundled
    /// one.
    pub fn text_of_review(review: &crate::Review) -> crate::Result<String> {
        Ok(review
            .setting(crate::store::Setting::Taxonomy)?
            .unwrap_or_else(|| DEFAULT_TAXONOMY_TOML.to_string()))
    }

    /// The taxonomy in force in a review.
    pub fn of_review(review: &crate::Review) -> crate::Result<Taxonomy> {
        Taxonomy::from_toml(&Taxonomy::text_of_review(review)?)
            .map_err(|e| crate::Error::Invalid(format!("taxonomy: {e}")))
    }

    /// Stores an edited taxonomy in the review, after checking that it
    /// parses and compiles.
    pub fn store_in(review: &mut crate::Review, text: &str) -> crate::Result<()> {
        Taxonomy::from_toml(text)
            .and_then(|t| t.compile().map(|_| ()))
            .map_err(|e| crate::Error::Invalid(format!("taxonomy: {e}")))?;
        review.set_setting(crate::store::Setting::Taxonomy, text)
    }

    /// A taxonomy with no entries: it finds nothing.
    pub fn empty() -> Taxonomy {
        Taxonomy {
            version: TAXONOMY_VERSION,
            negation: NegationDef {
                window: 4,
                ..NegationDef::default()
            },
            indicators: Vec::new(),
            agencies: Vec::new(),
            people: PeopleDef::default(),
            sharing: Vec::new(),
            sharing_settings: SharingSettings::default(),
            event_types: Vec::new(),
            meetings: Vec::new(),
            meeting_settings: MeetingSettings::default(),
            decisions: Vec::new(),
            decision_settings: DecisionSettings::default(),
            child_seen: ChildSeenDef::default(),
            contacts: Vec::new(),
            contact_settings: ContactSettings::default(),
        }
    }

    /// Parses and checks a taxonomy file. The error names the entry at fault:
    /// `indicator "injury": pattern "(bruis" is not a valid regular
    /// expression: ...`.
    pub fn from_toml(text: &str) -> Result<Taxonomy, String> {
        let t: Taxonomy =
            toml::from_str(text).map_err(|e| format!("taxonomy file: {}", e.to_string().trim()))?;
        t.validate()?;
        Ok(t)
    }

    /// Writes the taxonomy as TOML that [`Taxonomy::from_toml`] reads back
    /// unchanged (comments are not kept).
    pub fn to_toml(&self) -> String {
        match toml::to_string_pretty(self) {
            Ok(s) => s,
            Err(e) => {
                // Every field is a plain string, number, list or table, so the
                // serialiser has nothing to refuse; keep a trace if it ever does.
                tracing::error!("could not write the taxonomy as TOML: {e}");
                String::new()
            }
        }
    }

    /// Compiles the taxonomy into an [`Extractor`]: every regular expression is
    /// built once here, never per record.
    pub fn compile(&self) -> Result<Extractor, String> {
        self.validate()?;
        Extractor::new(self)
    }

    /// Looks up an indicator by id.
    pub fn indicator(&self, id: &str) -> Option<&IndicatorDef> {
        self.indicators.iter().find(|i| i.id == id)
    }

    /// Checks everything a parser cannot: ids, kinds, empty entries and every
    /// regular expression.
    pub fn validate(&self) -> Result<(), String> {
        if self.version != TAXONOMY_VERSION {
            return Err(format!(
                "taxonomy file: version {} is not supported; this Sightline reads version {}",
                self.version, TAXONOMY_VERSION
            ));
        }
        if self.negation.window > 50 || self.negation.post_window > 50 {
            return Err("negation: window and post_window must be at most 50 words".into());
        }
        let mut ids = HashSet::new();
        for (n, ind) in self.indicators.iter().enumerate() {
            let what = if ind.id.is_empty() {
                format!("indicator number {}", n + 1)
            } else {
                format!("indicator \"{}\"", ind.id)
            };
            if !is_kebab(&ind.id) {
                return Err(format!(
                    "{what}: the id must be kebab-case, like \"suspected-nai\" (lower-case letters, digits and single hyphens)"
                ));
            }
            if !ids.insert(ind.id.as_str()) {
                return Err(format!("{what}: the id is used twice"));
            }
            if ind.label.trim().is_empty() {
                return Err(format!("{what}: the label is empty"));
            }
            if ind.terms.is_empty() && ind.exact.is_empty() && ind.patterns.is_empty() {
                return Err(format!(
                    "{what}: give at least one term, exact term or pattern"
                ));
            }
            check_entry(&what, &ind.terms, &ind.exact, &ind.patterns)?;
            check_patterns(&what, "exclude pattern", &ind.exclude)?;
            check_terms(&what, "ignore_cues", &ind.ignore_cues)?;
        }
        for (n, a) in self.agencies.iter().enumerate() {
            let what = format!("agency entry {} ({})", n + 1, a.kinds.join(", "));
            if a.kinds.is_empty() {
                return Err(format!("{what}: give at least one kind"));
            }
            for k in &a.kinds {
                AgencyKind::from_str(k).map_err(|e| format!("{what}: {e}"))?;
            }
            check_entry(&what, &a.terms, &a.exact, &a.patterns)?;
        }
        for (n, s) in self.sharing.iter().enumerate() {
            let what = format!(
                "sharing entry {} ({}, {:?})",
                n + 1,
                s.method.as_str(),
                s.direction
            )
            .to_lowercase();
            if let Some(k) = &s.implied {
                AgencyKind::from_str(k).map_err(|e| format!("{what}: implied: {e}"))?;
            }
            check_entry(&what, &s.terms, &[], &s.patterns)?;
        }
        for (method, words) in &self.sharing_settings.method_words {
            let ok = [
                "referral",
                "notification",
                "letter",
                "fax",
                "phone",
                "email",
                "meeting",
                "information_request",
                "conversation",
            ];
            if !ok.contains(&method.as_str()) {
                return Err(format!(
                    "sharing_settings.method_words: \"{method}\" is not a method; use one of: {}",
                    ok.join(", ")
                ));
            }
            check_terms("sharing_settings.method_words", method, words)?;
        }
        for (n, e) in self.event_types.iter().enumerate() {
            check_terms(&format!("event_type entry {}", n + 1), "terms", &e.terms)?;
        }
        for m in &self.meetings {
            check_entry(
                &format!("meeting \"{}\"", m.kind.as_str()),
                &m.terms,
                &m.exact,
                &m.patterns,
            )?;
        }
        for d in &self.decisions {
            check_entry(
                &format!("decision \"{}\"", d.kind.as_str()),
                &d.terms,
                &d.exact,
                &d.patterns,
            )?;
        }
        for c in &self.contacts {
            if c.kind == ContactKind::Closure {
                return Err(
                    "contact \"closure\": closures come from the decisions; list only home_visit and assessment contacts".into(),
                );
            }
            check_entry(
                &format!("contact \"{}\"", c.kind.as_str()),
                &c.terms,
                &c.exact,
                &c.patterns,
            )?;
        }
        let cs = &self.child_seen;
        check_patterns("child_seen", "alone pattern", &cs.alone_patterns)?;
        check_patterns("child_seen", "seen pattern", &cs.seen_patterns)?;
        check_patterns("child_seen", "not_seen pattern", &cs.not_seen_patterns)?;
        for (name, list) in [
            ("negation", &self.negation.cues),
            ("negation", &self.negation.exact_cues),
            ("negation", &self.negation.pseudo),
            ("negation", &self.negation.post_cues),
            ("sharing_settings", &self.sharing_settings.sender_tails),
            ("meeting_settings", &self.meeting_settings.not_held),
            ("meeting_settings", &self.meeting_settings.held),
            ("meeting_settings", &self.meeting_settings.present_labels),
            ("meeting_settings", &self.meeting_settings.absent_labels),
            ("meeting_settings", &self.meeting_settings.present_after),
            ("meeting_settings", &self.meeting_settings.absent_after),
            ("meeting_settings", &self.meeting_settings.present_before),
            ("meeting_settings", &self.meeting_settings.absent_before),
            ("decision_settings", &self.decision_settings.prospective),
            ("decision_settings", &self.decision_settings.remains_open),
            ("decision_settings", &self.decision_settings.not_decisions),
            ("child_seen", &self.child_seen.alone),
            ("child_seen", &self.child_seen.seen),
            ("child_seen", &self.child_seen.not_seen),
            ("child_seen", &self.child_seen.not_alone),
            ("contact_settings", &self.contact_settings.not_done),
        ] {
            check_terms(name, "term", list)?;
        }
        Ok(())
    }
}

impl Default for Taxonomy {
    fn default() -> Self {
        Taxonomy::default_taxonomy()
    }
}

impl FromStr for Taxonomy {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Taxonomy::from_toml(s)
    }
}

fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn check_terms(what: &str, field: &str, terms: &[String]) -> Result<(), String> {
    for t in terms {
        if t.trim().is_empty() {
            return Err(format!("{what}: {field}: an entry is empty"));
        }
        if t.chars().count() > 200 {
            return Err(format!(
                "{what}: {field}: \"{}…\" is longer than 200 characters",
                t.chars().take(40).collect::<String>()
            ));
        }
    }
    Ok(())
}

fn check_patterns(what: &str, field: &str, patterns: &[String]) -> Result<(), String> {
    for p in patterns {
        if p.trim().is_empty() {
            return Err(format!("{what}: {field}: an entry is empty"));
        }
        matcher::check_pattern(p).map_err(|e| {
            format!("{what}: {field} \"{p}\" is not a valid regular expression: {e}")
        })?;
    }
    Ok(())
}

fn check_entry(
    what: &str,
    terms: &[String],
    exact: &[String],
    patterns: &[String],
) -> Result<(), String> {
    check_terms(what, "term", terms)?;
    check_terms(what, "exact term", exact)?;
    check_patterns(what, "pattern", patterns)
}
