//! One pass of analysis over a review, in named stages, each a function
//! whose inputs and outputs are plain values (so a stage's output could be
//! stored and read back without touching the others):
//!
//! 1. **order** — the records in merged-timeline order ([`timeline::sort`]),
//!    then the timeline's gaps and linked events ([`timeline::of_sorted`]);
//! 2. **people** ([`people`]) — the people, resolved across spellings, and
//!    whom each record is about;
//! 3. **facts** ([`facts`]) — what each record says, and whether it tells of
//!    information received;
//! 4. **corrections** ([`corrections`]) — the reviewer's corrections to what
//!    was read, applied to each record's facts and people (the machine's
//!    reading of a corrected record is kept for [`Analysis::reading`]);
//! 5. **sharing** ([`sharing`]) — first-hand observations and sharing events;
//! 6. **knowledge** — who knew what, when ([`knowledge::propagate`]);
//! 7. **concerns** ([`concerns`]) — the same, per first-hand piece of
//!    information;
//! 8. **rows** ([`rows`]) — the knowledge matrix as rows.
//!
//! The flags ([`crate::flags`]) and every read command that needs more than
//! the raw records start from an [`Analysis`]. Each stage is linear in the
//! number of records (or n log n where it sorts); nothing compares records
//! with records except the timeline's blocked duplicate search.

mod concerns;
mod corrections;
mod facts;
mod people;
mod reading;
mod rows;
mod sharing;

use foldhash::HashMap;

use serde::Serialize;

use crate::extract::{RecordFacts, Taxonomy};
use crate::knowledge::{self, Knowledge, Sharing};
pub use crate::model::AgencyInfo;
use crate::model::{AgencyKind, Record};
use crate::store::{RecordFilter, Review};
use crate::subjects::{self, Resolution, Role};
use crate::timeline::{self, Timeline, TimelineOptions};
use crate::{Error, Result};

pub use corrections::{
    agency_named, child_seen, decision_kind, meeting_kind, sharing_method, subject_named,
    AppliedCorrection,
};
pub use people::Attribution;
pub use reading::{FactLine, RecordReading, Words};
pub use rows::{ConcernRef, KnowledgeRow, MatrixCell};
pub(crate) use sharing::names_apart;
pub use sharing::Plan;

/// Everything the analysis derived from a review's records.
pub struct Analysis {
    /// The review's agencies, by name.
    pub agencies: Vec<AgencyInfo>,
    /// Every record, in merged timeline order.
    pub records: Vec<Record>,
    /// Record id → position in `records`.
    pub position: HashMap<i64, usize>,
    /// The merged timeline: gaps and linked events.
    pub timeline: Timeline,
    /// The people the review is about.
    pub subjects: Resolution,
    /// The subjects each record is about, by position (never empty when the
    /// review has a child: a record naming nobody is about the children).
    pub record_subjects: Vec<Vec<i64>>,
    /// By position: the record names (or, for a child-focused agency, is
    /// plainly about) its subjects, rather than naming nobody.
    pub names_subjects: Vec<bool>,
    /// What each record says, by position.
    pub facts: Vec<RecordFacts>,
    /// By position: the record tells of information received from another
    /// agency ("letter from CSC", "ED discharge summary received", "info
    /// from MASH"), rather than something its agency saw or decided.
    pub received: Vec<bool>,
    /// Indicator ids by [`knowledge::IndicatorId`].
    pub indicators: Vec<IndicatorInfo>,
    /// Sharing events found, in the knowledge engine's shape.
    pub sharings: Vec<Sharing>,
    /// Sharing agreed or planned, not done ("IDVA to inform midwife").
    pub plans: Vec<sharing::Plan>,
    /// Who knew what, when.
    pub knowledge: Knowledge,
    /// Concerns recorded first-hand, one per (record, indicator, subject):
    /// the unit of "this piece of information" for the rules that ask
    /// whether a particular concern reached an agency.
    pub concerns: Vec<Concern>,
    /// (record position, indicator, subject) → the concern that record
    /// holds: its own, or, for a record telling of an event recorded
    /// earlier, that event's.
    pub concern_held: HashMap<(usize, knowledge::IndicatorId, i64), knowledge::IndicatorId>,
    /// Who knew each concern, when: the same propagation as `knowledge`,
    /// keyed by concern (its index in `concerns` as the indicator id).
    pub concern_knowledge: Knowledge,
    /// Whom each concern recorded in a record is about.
    pub attribution: Attribution,
    /// The reviewer's corrections to what was read, each with whether it
    /// could be applied.
    pub corrections: Vec<AppliedCorrection>,
    /// By position, for the records a reviewer corrected: their facts and
    /// people as the machine read them.
    read: HashMap<usize, (RecordFacts, Vec<i64>)>,
}

/// One concern recorded first-hand.
#[derive(Clone, Copy, Debug)]
pub struct Concern {
    /// Position of the record in `Analysis::records`.
    pub position: usize,
    /// The indicator.
    pub indicator: knowledge::IndicatorId,
    /// About whom.
    pub subject: i64,
}

/// An indicator of the taxonomy.
#[derive(Clone, Debug, Serialize)]
pub struct IndicatorInfo {
    /// Its id ("suspected-nai").
    pub id: String,
    /// Its label ("Suspected non-accidental injury").
    pub label: String,
    /// Serious, moderate or low.
    pub severity: crate::extract::Severity,
    /// True for suspected significant harm.
    pub serious: bool,
    /// Harm in the adults' lives: about an adult, a concern about the
    /// household's children.
    pub household: bool,
}

/// Settings of an analysis.
#[derive(Clone, Debug, Default)]
pub struct AnalysisOptions {
    /// The merged timeline's settings.
    pub timeline: TimelineOptions,
    /// The taxonomy to use instead of the bundled one.
    pub taxonomy: Option<Taxonomy>,
    /// The reviewer's subject decisions.
    pub subject_decisions: subjects::Decisions,
    /// The family the reviewer declared.
    pub people: Vec<subjects::Person>,
    /// The reviewer's corrections to what was read.
    pub corrections: Vec<crate::store::Correction>,
}

/// How many analyses this process has run.
static RUNS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// How many analyses this process has run (the session holds one analysis
/// per review and change; tests count runs to show it is not run again).
pub fn runs() -> u64 {
    RUNS.load(std::sync::atomic::Ordering::Relaxed)
}

impl Analysis {
    /// Runs the analysis over every record of a review.
    pub fn run(review: &Review, opts: &AnalysisOptions) -> Result<Analysis> {
        RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        // Original cells are not analysed; leaving them out of a million
        // records saves about a gigabyte.
        let mut records = review.records_without_cells(&RecordFilter::default())?;
        let agencies = review.agencies()?;
        Analysis::from_records(&mut records, agencies, opts).map(|mut a| {
            a.records = records;
            a
        })
    }

    /// Runs the analysis with the review's own settings: the bundled
    /// taxonomy and the reviewer's subject decisions.
    pub fn for_review(review: &Review) -> Result<Analysis> {
        let opts = AnalysisOptions {
            subject_decisions: review.subject_decisions()?,
            people: review.people()?,
            corrections: review.corrections()?,
            taxonomy: Some(crate::extract::Taxonomy::of_review(review)?),
            ..AnalysisOptions::default()
        };
        Analysis::run(review, &opts)
    }

    /// Runs the analysis over records already loaded (sorted in place),
    /// stage by stage.
    fn from_records(
        records: &mut [Record],
        agencies: Vec<AgencyInfo>,
        opts: &AnalysisOptions,
    ) -> Result<Analysis> {
        // Order: the merged timeline's order.
        timeline::sort(records);
        let records: &[Record] = records;
        // The passes over the records do not depend on one another. One
        // thread resolves the people while the other builds the merged
        // timeline (with its linked events); then both read what each record
        // says, batch by batch, until none are left.
        let extractor = facts::compile_taxonomy(opts)?;
        let names: Vec<(String, AgencyKind)> =
            agencies.iter().map(|a| (a.name.clone(), a.kind)).collect();
        let extractor = extractor
            .knowing_agencies(&names)
            .map_err(|e| Error::Invalid(format!("agency names: {e}")))?;
        let work = facts::ExtractionWork::new(records);
        let (timeline, subjects, mut batches) = std::thread::scope(|scope| {
            let other = scope.spawn(|| {
                let subjects = people::resolve_subjects(records, opts);
                // A clone keeps its own matching caches.
                let mine = extractor.clone();
                (subjects, work.run(&mine))
            });
            let timeline = timeline::of_sorted(records, &opts.timeline);
            let mut batches = work.run(&extractor);
            let (subjects, theirs) = other
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            batches.extend(theirs);
            (timeline, subjects, batches)
        });
        let (mut facts, received) = facts::in_order(std::mem::take(&mut batches), records.len());
        let position: HashMap<i64, usize> =
            records.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
        // People: whom each record is about.
        let (mut record_subjects, names_subjects, column_subjects) =
            people::of_records(records, &subjects, &position);
        // Corrections: the reviewer's reading wins over the machine's.
        let corrected = corrections::apply(
            &opts.corrections,
            corrections::Reading {
                records,
                position: &position,
                facts: &mut facts,
                record_subjects: &mut record_subjects,
                subjects: &subjects,
                agencies: &agencies,
                extractor: &extractor,
            },
        );
        let indicators: Vec<IndicatorInfo> = extractor
            .taxonomy()
            .indicators
            .iter()
            .map(|d| IndicatorInfo {
                id: d.id.clone(),
                label: d.label.clone(),
                severity: d.severity,
                serious: d.serious,
                household: d.household,
            })
            .collect();
        // Sharing: what each agency observed first-hand, and what it shared.
        let attribution = people::Attribution::new(
            subjects
                .subjects
                .iter()
                .filter(|s| matches!(s.role, Role::Child | Role::Sibling))
                .map(|s| {
                    let born = s
                        .dob
                        .as_deref()
                        .and_then(subjects::birth_date)
                        .and_then(|d| d.and_hms_opt(0, 0, 0))
                        .map(|t| t.and_utc().timestamp());
                    (s.id as i64, born)
                })
                .collect(),
            indicators.iter().map(|d| d.household).collect(),
        )
        .with_columns(column_subjects)
        .with_clauses(people::people_of_clauses(
            records,
            &facts,
            &record_subjects,
            &subjects,
        ))
        .with_reviewer(corrected.about);
        people::adults_self_harm_is_a_crisis(
            records,
            &mut facts,
            &record_subjects,
            &attribution,
            &indicators,
        );
        let (observations, sharings, plans) =
            sharing::observe(records, &facts, &record_subjects, &agencies, &attribution);
        // Knowledge: who knew each (subject, indicator), when.
        let knowledge = knowledge::propagate(&observations, &sharings);
        // Concerns: who knew each first-hand piece of information, when.
        let concerns::Concerns {
            concerns,
            observations: concern_obs,
            held: concern_held,
        } = concerns::first_hand(
            records,
            &facts,
            &observations,
            &position,
            &received,
            &indicators,
        );
        let concern_knowledge = knowledge::propagate(&concern_obs, &sharings);
        Ok(Analysis {
            agencies,
            records: Vec::new(),
            position,
            timeline,
            subjects,
            record_subjects,
            names_subjects,
            facts,
            received,
            indicators,
            sharings,
            plans,
            knowledge,
            concerns,
            concern_held,
            concern_knowledge,
            attribution,
            corrections: corrected.applied,
            read: corrected.read,
        })
    }

    /// The record with this id.
    pub fn record(&self, id: i64) -> Option<&Record> {
        self.position.get(&id).and_then(|&p| self.records.get(p))
    }

    /// The agency with this id.
    pub fn agency(&self, id: i64) -> Option<&AgencyInfo> {
        self.agencies.iter().find(|a| a.id == id)
    }

    /// The agency's name, or a placeholder.
    pub fn agency_name(&self, id: i64) -> &str {
        self.agency(id)
            .map(|a| a.name.as_str())
            .unwrap_or("an agency")
    }

    /// The subject's label ("Child A"), or a placeholder.
    pub fn subject_label(&self, id: i64) -> &str {
        usize::try_from(id)
            .ok()
            .and_then(|i| self.subjects.subject(i))
            .map(|s| s.label.as_str())
            .unwrap_or("the child")
    }

    /// The name the subject is written by most often (its label when no
    /// name was seen): how a correction names a person.
    pub fn subject_name(&self, id: i64) -> &str {
        usize::try_from(id)
            .ok()
            .and_then(|i| self.subjects.subject(i))
            .map(|s| s.names.first().map(|n| n.text.as_str()).unwrap_or(&s.label))
            .unwrap_or("the child")
    }

    /// The indicator's id, or a placeholder.
    pub fn indicator_id(&self, i: knowledge::IndicatorId) -> &str {
        self.indicators
            .get(i as usize)
            .map(|d| d.id.as_str())
            .unwrap_or("indicator")
    }

    /// The indicator's label, or a placeholder.
    pub fn indicator_label(&self, i: knowledge::IndicatorId) -> &str {
        self.indicators
            .get(i as usize)
            .map(|d| d.label.as_str())
            .unwrap_or("indicator")
    }

    /// The indicator's index by id.
    pub fn indicator_index(&self, id: &str) -> Option<knowledge::IndicatorId> {
        self.indicators
            .iter()
            .position(|d| d.id == id)
            .map(|i| i as knowledge::IndicatorId)
    }

    /// Whom a concern of `indicator` recorded at `position` is about (see
    /// [`Attribution`]).
    pub fn about(&self, position: usize, indicator: knowledge::IndicatorId) -> Vec<i64> {
        let at = self.records[position].when.bounds().1 - 1;
        self.attribution
            .about_record(position, &self.record_subjects[position], indicator, at)
    }

    /// The corrections made to the record with this id.
    pub fn corrections_of(&self, record: i64) -> impl Iterator<Item = &AppliedCorrection> {
        self.corrections
            .iter()
            .filter(move |c| c.correction.record == record)
    }

    /// The children of the review (Child A, Child B, …).
    pub fn children(&self) -> Vec<i64> {
        self.subjects
            .subjects
            .iter()
            .filter(|s| matches!(s.role, Role::Child | Role::Sibling))
            .map(|s| s.id as i64)
            .collect()
    }
}
