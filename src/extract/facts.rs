//! What a record says, as structured facts: the indicators in its text,
//! information moving between agencies, the meeting it is about, the
//! decision it records, whether the child was seen, and all of these
//! together for one record.

use serde::Serialize;

use super::taxonomy::{ContactKind, DecisionKind, MeetingKind, SharingMethod};
use crate::model::AgencyKind;

/// An agency named in a record, resolved to its kind.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct AgencyRef {
    /// The kind of agency.
    pub kind: AgencyKind,
    /// The name as written ("DS", "MASH", "St Mary's Hospital").
    pub text: String,
}

/// Which part of a record a fact was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The free text (details, narrative).
    Text,
    /// The outcome or action taken.
    Outcome,
    /// The event type or category.
    EventType,
    /// An explicit "shared with" cell.
    SharedWith,
    /// Not read from the record: a reviewer's correction says so.
    Reviewer,
}

/// One indicator found in a text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IndicatorHit {
    /// The indicator's index in [`Taxonomy::indicators`].
    ///
    /// [`Taxonomy::indicators`]: super::Taxonomy::indicators
    pub indicator: usize,
    /// The indicator's id ("suspected-nai").
    pub id: String,
    /// The field it was read from.
    pub field: Field,
    /// The text that matched, as written.
    pub matched: String,
    /// Byte offset of the match in the field.
    pub start: usize,
    /// Byte offset of the end of the match in the field.
    pub end: usize,
    /// The negation cue that cancels this hit, when it is negated (only
    /// [`Extractor::indicators_with_negated`] returns negated hits).
    ///
    /// [`Extractor::indicators_with_negated`]: super::Extractor::indicators_with_negated
    pub negated_by: Option<String>,
}

/// Which way information moved, relative to the record's own agency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// This agency told the counterparts.
    Outgoing,
    /// The counterparts told this agency.
    Incoming,
    /// A conversation or meeting: both sides learned.
    Mutual,
    /// The text says `by` told the counterparts, and neither side is known to
    /// be this agency (pass the record's own kind to resolve it).
    Between,
}

/// Information moving between agencies, as one record tells it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SharingMention {
    /// How it moved.
    pub method: SharingMethod,
    /// Which way.
    pub direction: Direction,
    /// The other agencies: recipients (outgoing, between), senders
    /// (incoming) or participants (mutual).
    pub counterparts: Vec<AgencyRef>,
    /// For [`Direction::Between`]: the agencies that did the telling.
    pub by: Vec<AgencyRef>,
    /// The field it was read from.
    pub field: Field,
    /// The phrase that said it ("referred to", "call from"), or the cell.
    pub phrase: String,
    /// Byte offset of the phrase in the field.
    pub start: usize,
    /// Byte offset of the end of the phrase.
    pub end: usize,
    /// When it happened, as the span of seconds a date denotes, when a
    /// reviewer's correction gives another date than the record's own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on: Option<(i64, i64)>,
    /// Its sentence says the teller held nothing of concern ("Reply to SW:
    /// no safeguarding concerns on GP record"): what passed carries none of
    /// what the teller held.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub nothing_held: bool,
}

/// Sharing a record says is agreed or planned, not done ("IDVA to inform
/// midwife and HV", "school to be told of the plan").
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PlannedSharing {
    /// Who is to do the telling; empty when it is the record's own agency
    /// or nobody is named.
    pub by: Vec<AgencyRef>,
    /// The agencies to be told.
    pub to: Vec<AgencyRef>,
    /// The field it was read from.
    pub field: Field,
    /// The words of the plan ("to inform", "to be updated").
    pub phrase: String,
    /// Byte offset of the phrase in the field.
    pub start: usize,
    /// Byte offset of the end of the phrase.
    pub end: usize,
}

/// A multi-agency meeting a record is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Meeting {
    /// Which kind of meeting.
    pub kind: MeetingKind,
    /// Held in this record (not "requested", "booked for 12/05", "no
    /// strategy discussion").
    pub held: bool,
    /// Agencies named as present. The record's own agency is not added.
    pub present: Vec<AgencyRef>,
    /// Agencies named as absent, not invited or giving apologies.
    pub absent: Vec<AgencyRef>,
    /// The words that named the meeting.
    pub phrase: String,
}

/// One decision phrase.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DecisionHit {
    /// The kind of decision.
    pub kind: DecisionKind,
    /// The field it was read from.
    pub field: Field,
    /// The phrase as written.
    pub phrase: String,
    /// Byte offset of the phrase in the field.
    pub start: usize,
    /// Byte offset of the end of the phrase.
    pub end: usize,
}

/// The decision a record records.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Decision {
    /// The main decision: the first of `kinds`.
    pub kind: DecisionKind,
    /// Every kind found, in the taxonomy's order of precedence.
    pub kinds: Vec<DecisionKind>,
    /// The phrases found.
    pub hits: Vec<DecisionHit>,
}

/// Whether a record says the child was seen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChildSeen {
    /// Seen or spoken to alone.
    SeenAlone,
    /// Seen (not said to be alone, or said not to be).
    Seen,
    /// Not seen (no access, asleep, at nursery ...).
    NotSeen,
    /// The record does not say.
    Unknown,
}

impl ChildSeen {
    pub(super) fn rank(self) -> u8 {
        match self {
            ChildSeen::SeenAlone => 3,
            ChildSeen::Seen => 2,
            ChildSeen::NotSeen => 1,
            ChildSeen::Unknown => 0,
        }
    }
}

/// Everything read from one record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RecordFacts {
    /// Indicators (not negated) in the text and outcome.
    pub indicators: Vec<IndicatorHit>,
    /// Sharing events.
    pub sharing: Vec<SharingMention>,
    /// Sharing agreed or planned in the record, not done in it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub planned: Vec<PlannedSharing>,
    /// The meeting the record is about, if any.
    pub meeting: Option<Meeting>,
    /// The decision the record records, if any.
    pub decision: Option<Decision>,
    /// Whether the child was seen.
    pub child_seen: ChildSeen,
    /// Visits, assessments and closures in the record.
    pub contacts: Vec<ContactKind>,
    /// True when the record is a contact after which the child should have
    /// been seen (a home visit, an assessment or a closure).
    pub requires_child_seen: bool,
}
