//! The editable taxonomy: every word list and pattern the extractor uses.
//!
//! The default lives in `taxonomy.toml` beside this file and is compiled into
//! the library; a review can carry its own edited copy. [`Taxonomy::from_toml`]
//! checks a copy thoroughly (unknown keys, duplicate ids, unknown agency kinds,
//! bad regular expressions) and names the entry at fault.

mod load;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

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
    /// Harm in the adults' lives (domestic abuse, a parent's substance
    /// misuse or mental health crisis): recorded about an adult, it is a
    /// concern about the children of the household. Other indicators
    /// recorded about an adult alone are that adult's own (the mother's
    /// fracture is not an injury to the child). So is an arrangement
    /// only a child can be in (private fostering).
    #[serde(default)]
    pub household: bool,
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
    /// Verbs of advice to the family ("advised", "encouraged", "signposted"):
    /// "advised her to report to police" is the family's action to take,
    /// not the agency's telling.
    #[serde(default)]
    pub advice: Vec<String>,
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
    /// After a call in its sentence, these say it reached nobody ("rang
    /// HV, no answer"): the call is no sharing.
    #[serde(default)]
    pub unanswered: Vec<String>,
    /// Right before a sharing phrase, these say what passed was a courtesy
    /// and nothing about the child ("Apologies sent to SW").
    #[serde(default)]
    pub courtesies: Vec<String>,
    /// Right before a sharing phrase (after "a" or "whether to"), these say
    /// it was only weighed, not done ("Considered referral to CSC").
    #[serde(default)]
    pub weighed: Vec<String>,
    /// In the sentence of a sharing, these say the teller held nothing of
    /// concern ("Reply to SW: no safeguarding concerns on GP record"): it
    /// passed on none of what it held.
    #[serde(default)]
    pub nothing_held: Vec<String>,
    /// In an answer to a request, these too say nothing of concern was
    /// held ("Call from Cafcass … 'progressing well, no concerns'"): said
    /// anywhere else they tell of no answer.
    #[serde(default)]
    pub answer_nothing_held: Vec<String>,
    /// Words that tell of an answer given to a request received in the same
    /// record ("Call from MASH re Tyler. Informed: ... no concerns known").
    #[serde(default)]
    pub answers: Vec<String>,
    /// Sharing agreed or planned rather than done ("IDVA to inform
    /// midwife", "HV to be updated", "Actions: inform school").
    #[serde(default)]
    pub planned: PlannedDef,
}

/// How sharing that is agreed or planned, not done, is written.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlannedDef {
    /// Words before a verb that make it a plan ("to", "will", "agreed to").
    #[serde(default)]
    pub markers: Vec<String>,
    /// Verbs of telling, as an action is written ("inform", "refer", "share
    /// with").
    #[serde(default)]
    pub verbs: Vec<String>,
    /// Verbs of telling in the passive ("informed", "made aware"), after a
    /// marker and "be" ("HV to be informed").
    #[serde(default)]
    pub passive_verbs: Vec<String>,
    /// Words that open a list of actions ("Actions:", "Plan:", "Agreed:"):
    /// after them a bare verb ("inform HV") is an action.
    #[serde(default)]
    pub action_words: Vec<String>,
    /// Words of consent before a verb of telling ("consents to", "happy
    /// for"): telling allowed, neither done nor planned.
    #[serde(default)]
    pub consent: Vec<String>,
    /// Things sent to an agency ("referral", "PPN"): "referral to CAMHS to
    /// be made" plans sharing with CAMHS.
    #[serde(default)]
    pub nouns: Vec<String>,
    /// Verbs of a thing sent, after a marker and "be" ("to be made").
    #[serde(default)]
    pub sent_verbs: Vec<String>,
    /// The same verbs in their plain form, after a marker and no "be"
    /// ("Referral to MASH - CS to complete").
    #[serde(default)]
    pub sent_bases: Vec<String>,
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
    /// A pupil excluded or suspended from school.
    Excluded,
    /// An adult approved to collect a child or named as the child's contact
    /// ("added to SIMS as authorised collector (partner)").
    ContactAllowed,
    /// A pupil put on a part-time or reduced timetable, or kept on one
    /// ("Reduced timetable agreed: mornings only", "continue mornings-only
    /// to Easter").
    PartTimeTimetable,
    /// A landlord or housing authority ending the family's home: a warrant
    /// or possession order sought, a notice served, the family found
    /// intentionally homeless.
    Eviction,
}

impl DecisionKind {
    /// Every kind of decision.
    pub const ALL: [DecisionKind; 12] = [
        DecisionKind::CaseClosed,
        DecisionKind::NoFurtherAction,
        DecisionKind::Discharged,
        DecisionKind::AssessmentConcluded,
        DecisionKind::ThresholdNotMet,
        DecisionKind::ReturnedHome,
        DecisionKind::RiskGradedLow,
        DecisionKind::StepDown,
        DecisionKind::Excluded,
        DecisionKind::ContactAllowed,
        DecisionKind::PartTimeTimetable,
        DecisionKind::Eviction,
    ];

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
            DecisionKind::Excluded => "excluded",
            DecisionKind::ContactAllowed => "contact_allowed",
            DecisionKind::PartTimeTimetable => "part_time_timetable",
            DecisionKind::Eviction => "eviction",
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
