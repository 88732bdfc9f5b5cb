//! One pass of analysis over a review: the merged timeline, the subjects,
//! what each record says (indicators, sharing, meetings, decisions), and who
//! knew what when. The flags ([`crate::flags`]) and every read command that
//! needs more than the raw records start from an [`Analysis`].
//!
//! Each stage is linear in the number of records (or n log n where it
//! sorts); nothing compares records with records except the timeline's
//! blocked duplicate search.

use std::collections::BTreeMap;

use foldhash::HashMap;

use serde::Serialize;

use crate::extract::{AgencyRef, Direction, Extractor, RecordFacts, Taxonomy};
use crate::knowledge::{self, Key, Knowledge, Observation, Sharing, SharingKind, Span};
pub use crate::model::AgencyInfo;
use crate::model::{AgencyKind, Record};
use crate::store::{RecordFilter, Review};
use crate::subjects::{self, Resolution, Role, SubjectInput};
use crate::text::fold;
use crate::timeline::{self, Timeline, TimelineOptions};
use crate::{Error, Result};

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
    /// Who knew what, when.
    pub knowledge: Knowledge,
    /// Concerns recorded first-hand, one per (record, indicator, subject):
    /// the unit of "this piece of information" for the rules that ask
    /// whether a particular concern reached an agency.
    pub concerns: Vec<Concern>,
    /// Who knew each concern, when: the same propagation as `knowledge`,
    /// keyed by concern (its index in `concerns` as the indicator id).
    pub concern_knowledge: Knowledge,
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
            taxonomy: Some(crate::extract::Taxonomy::of_review(review)?),
            ..AnalysisOptions::default()
        };
        Analysis::run(review, &opts)
    }

    /// Runs the analysis over records already loaded (sorted in place).
    fn from_records(
        records: &mut [Record],
        agencies: Vec<AgencyInfo>,
        opts: &AnalysisOptions,
    ) -> Result<Analysis> {
        timeline::sort(records);
        let records: &[Record] = records;
        // The passes over the records do not depend on one another. One
        // thread resolves the people while the other builds the merged
        // timeline (with its linked events); then both read what each record
        // says, batch by batch, until none are left.
        let extractor = compile_taxonomy(opts)?;
        let work = ExtractionWork::new(records);
        let (timeline, subjects, mut batches) = std::thread::scope(|scope| {
            let other = scope.spawn(|| {
                let subjects = resolve_subjects(records, opts);
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
        batches.sort_unstable_by_key(|b| b.start);
        let mut facts = Vec::with_capacity(records.len());
        let mut received = Vec::with_capacity(records.len());
        for b in batches {
            facts.extend(b.facts);
            received.extend(b.received);
        }
        let position: HashMap<i64, usize> =
            records.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
        let children: Vec<i64> = subjects
            .subjects
            .iter()
            .filter(|s| matches!(s.role, Role::Child | Role::Sibling))
            .map(|s| s.id as i64)
            .collect();
        let mut record_subjects: Vec<Vec<i64>> = vec![Vec::new(); records.len()];
        for (record, subject, _, _) in &subjects.links {
            if let Some(&p) = position.get(record) {
                record_subjects[p].push(*subject as i64);
            }
        }
        let child_set: std::collections::HashSet<i64> = children.iter().copied().collect();
        let mut names_subjects = vec![true; records.len()];
        for ((s, r), named) in record_subjects
            .iter_mut()
            .zip(records.iter())
            .zip(names_subjects.iter_mut())
        {
            s.sort_unstable();
            s.dedup();
            // A record naming no child is about the children when it is
            // about nobody at all, or when it comes from an agency whose
            // records are about children (a health visitor's "1-year review
            // DNA, no contact from mum" is about the baby).
            let child_focused = matches!(
                r.agency_kind,
                AgencyKind::HealthVisiting | AgencyKind::School | AgencyKind::ChildrensSocialCare
            );
            *named = !s.is_empty() || child_focused;
            if s.is_empty() || (child_focused && !s.iter().any(|x| child_set.contains(x))) {
                s.extend(&children);
                s.sort_unstable();
                s.dedup();
            }
        }

        let indicators: Vec<IndicatorInfo> = extractor
            .taxonomy()
            .indicators
            .iter()
            .map(|d| IndicatorInfo {
                id: d.id.clone(),
                label: d.label.clone(),
                severity: d.severity,
                serious: d.serious,
            })
            .collect();

        let resolver = AgencyResolver::new(&agencies);
        let mut observations = Vec::new();
        let mut sharings = Vec::new();
        for (i, r) in records.iter().enumerate() {
            let at: Span = r.when.bounds().into();
            let at = at.normalised();
            let f = &facts[i];
            let mut seen = Vec::new();
            for hit in &f.indicators {
                if seen.contains(&hit.indicator) {
                    continue;
                }
                seen.push(hit.indicator);
                for &subject in &record_subjects[i] {
                    observations.push(Observation {
                        agency: r.agency_id,
                        key: Key {
                            subject,
                            indicator: hit.indicator as knowledge::IndicatorId,
                        },
                        at,
                        record: r.id,
                    });
                }
            }
            let about = if record_subjects[i].is_empty() {
                None
            } else {
                Some(record_subjects[i].clone())
            };
            for m in &f.sharing {
                let others = resolver.resolve_all(&m.counterparts, r.agency_id);
                if others.is_empty() {
                    continue;
                }
                let kind = match m.direction {
                    Direction::Outgoing => SharingKind::Directed {
                        from: r.agency_id,
                        to: others,
                    },
                    Direction::Incoming => {
                        for from in others {
                            sharings.push(Sharing {
                                record: r.id,
                                at,
                                kind: SharingKind::Directed {
                                    from,
                                    to: vec![r.agency_id],
                                },
                                subjects: about.clone(),
                            });
                        }
                        continue;
                    }
                    Direction::Mutual => {
                        let mut attendees = others;
                        attendees.push(r.agency_id);
                        SharingKind::Meeting {
                            attendees,
                            absent: Vec::new(),
                        }
                    }
                    Direction::Between => {
                        let by = resolver.resolve_all(&m.by, -1);
                        match by.first() {
                            Some(&from) => SharingKind::Directed {
                                from,
                                to: others.into_iter().filter(|a| *a != from).collect(),
                            },
                            None => continue,
                        }
                    }
                };
                sharings.push(Sharing {
                    record: r.id,
                    at,
                    kind,
                    subjects: about.clone(),
                });
            }
            if let Some(meeting) = f.meeting.as_ref().filter(|m| m.held) {
                let absent = resolver.resolve_all(&meeting.absent, -1);
                let mut attendees = resolver.resolve_all(&meeting.present, -1);
                if !absent.contains(&r.agency_id) {
                    attendees.push(r.agency_id);
                }
                attendees.retain(|a| !absent.contains(a));
                attendees.sort_unstable();
                attendees.dedup();
                sharings.push(Sharing {
                    record: r.id,
                    at,
                    kind: SharingKind::Meeting { attendees, absent },
                    subjects: about.clone(),
                });
            }
        }
        let knowledge = knowledge::propagate(&observations, &sharings);
        let mut concerns = Vec::new();
        let mut concern_obs = Vec::new();
        for o in &observations {
            let Some(&p) = position.get(&o.record) else {
                continue;
            };
            let worth = indicators
                .get(o.key.indicator as usize)
                .is_some_and(|d| d.severity != crate::extract::Severity::Low);
            if received[p] || !worth {
                continue;
            }
            concern_obs.push(Observation {
                key: Key {
                    subject: o.key.subject,
                    indicator: concerns.len() as knowledge::IndicatorId,
                },
                ..*o
            });
            concerns.push(Concern {
                position: p,
                indicator: o.key.indicator,
                subject: o.key.subject,
            });
        }
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
            knowledge,
            concerns,
            concern_knowledge,
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

    /// The children of the review (Child A, Child B, …).
    pub fn children(&self) -> Vec<i64> {
        self.subjects
            .subjects
            .iter()
            .filter(|s| matches!(s.role, Role::Child | Role::Sibling))
            .map(|s| s.id as i64)
            .collect()
    }

    /// The "who knew what, when" matrix as at time `t` (UTC seconds): every
    /// (agency, subject, indicator) certainly known by then, with the date
    /// it was first known and how.
    pub fn knowledge_rows(&self, as_at: Option<i64>) -> Vec<KnowledgeRow> {
        self.knowledge_rows_where(as_at, |_| true)
    }

    /// [`Analysis::knowledge_rows`] about these subjects only.
    pub fn knowledge_rows_about(&self, as_at: Option<i64>, subjects: &[i64]) -> Vec<KnowledgeRow> {
        self.knowledge_rows_where(as_at, |s| subjects.contains(&s))
    }

    /// [`Analysis::knowledge_rows`], followed by every (agency, subject,
    /// indicator) the agency only *possibly* knew by `t`: the information
    /// could have reached it by then (a sharing on the same day as the
    /// first-hand record, neither with a time), but did not certainly.
    /// Those rows have `certain: false` and the date it could first have
    /// arrived.
    pub fn knowledge_rows_with_possible(&self, as_at: Option<i64>) -> Vec<KnowledgeRow> {
        let mut rows = self.knowledge_rows(as_at);
        let possible = self
            .knowledge
            .possible_entries()
            .filter(|(agency, key, p)| {
                let certain_by_then = self
                    .knowledge
                    .certain(*agency, *key)
                    .is_some_and(|c| as_at.is_none_or(|t| c.at.hi <= t));
                !certain_by_then && as_at.is_none_or(|t| p.at.lo < t)
            });
        rows.extend(
            possible.map(|(agency, key, arrival)| self.knowledge_row(agency, key, arrival, false)),
        );
        rows
    }

    fn knowledge_rows_where(
        &self,
        as_at: Option<i64>,
        about: impl Fn(i64) -> bool,
    ) -> Vec<KnowledgeRow> {
        self.knowledge
            .entries()
            .filter(|(_, key, a)| about(key.subject) && as_at.is_none_or(|t| a.at.hi <= t))
            .map(|(agency, key, arrival)| self.knowledge_row(agency, key, arrival, true))
            .collect()
    }

    fn knowledge_row(
        &self,
        agency: i64,
        key: Key,
        arrival: &knowledge::Arrival,
        certain: bool,
    ) -> KnowledgeRow {
        let (via_record, via) = match arrival.via {
            knowledge::Via::Own => (arrival.origin, serde_json::json!("own")),
            knowledge::Via::Shared { record, .. } => (record, serde_json::json!(record)),
        };
        let first_known = self
            .record(via_record)
            .map(|r| r.when.start_iso())
            .unwrap_or_default();
        KnowledgeRow {
            agency: self.agency_name(agency).to_string(),
            subject: self.subject_label(key.subject).to_string(),
            indicator: self.indicator_id(key.indicator).to_string(),
            indicator_label: self.indicator_label(key.indicator).to_string(),
            first_known,
            via,
            certain,
            origin: arrival.origin,
            origin_agency: self.agency_name(arrival.origin_agency).to_string(),
            path: if certain {
                self.knowledge.path(agency, key)
            } else {
                Vec::new()
            },
        }
    }
}

/// Words that, near the start of a record, say it records information that
/// arrived from elsewhere.
const RECEIVED_CUES: &[&str] = &[
    "received",
    "from",
    "letter",
    "email",
    "e-mail",
    "copy of",
    "copy",
    "notification",
    "informed by",
    "told by",
    "update from",
    "filed",
    "read by",
    "summary",
    "report",
];

/// True when the first sentence of a record names another agency together
/// with a word of receiving ("ED discharge summary received (Harwick
/// General …)", "Info from MASH", "Letter from CSC").
/// The people in the records, resolved across agencies' spellings.
fn resolve_subjects(records: &[Record], opts: &AnalysisOptions) -> subjects::Resolution {
    let inputs: Vec<SubjectInput> = records
        .iter()
        .map(|r| SubjectInput {
            record: r.id,
            agency: r.agency_id,
            names: r.subjects.clone(),
            dob: r.subject_dob.clone(),
            text: match &r.outcome {
                Some(o) => format!("{}\n{}", r.text, o).into(),
                None => r.text.as_str().into(),
            },
        })
        .collect();
    subjects::resolve(&inputs, &opts.subject_decisions)
}

/// The taxonomy the analysis reads records with, compiled.
fn compile_taxonomy(opts: &AnalysisOptions) -> Result<Extractor> {
    match &opts.taxonomy {
        Some(t) => t.compile(),
        None => Extractor::default_extractor(),
    }
    .map_err(|e| Error::Invalid(format!("taxonomy: {e}")))
}

/// Records per batch of [`ExtractionWork`].
const EXTRACTION_BATCH: usize = 4096;

/// Reading what each record says, shared between threads in batches: each
/// thread takes the next batch until none are left.
struct ExtractionWork<'a> {
    records: &'a [Record],
    next: std::sync::atomic::AtomicUsize,
}

/// What one batch of records says, from its first position.
struct ExtractedBatch {
    start: usize,
    facts: Vec<RecordFacts>,
    received: Vec<bool>,
}

impl<'a> ExtractionWork<'a> {
    fn new(records: &'a [Record]) -> ExtractionWork<'a> {
        ExtractionWork {
            records,
            next: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    /// Takes batches until none are left; returns the ones this thread read.
    fn run(&self, extractor: &Extractor) -> Vec<ExtractedBatch> {
        let mut out = Vec::new();
        loop {
            let start = self
                .next
                .fetch_add(EXTRACTION_BATCH, std::sync::atomic::Ordering::Relaxed);
            let Some(batch) = self.records.get(start..) else {
                break;
            };
            if batch.is_empty() {
                break;
            }
            let batch = &batch[..batch.len().min(EXTRACTION_BATCH)];
            let facts: Vec<RecordFacts> = batch
                .iter()
                .map(|r| {
                    extractor.analyse_for(
                        Some(r.agency_kind),
                        &r.text,
                        r.outcome.as_deref(),
                        r.event_type.as_deref(),
                        &r.shared_with,
                    )
                })
                .collect();
            // A record tells of information received from elsewhere when it
            // says so in words, or when it records incoming sharing.
            let received = batch
                .iter()
                .zip(&facts)
                .map(|(r, f)| {
                    f.sharing
                        .iter()
                        .any(|m| matches!(m.direction, Direction::Incoming))
                        || tells_of_received(extractor, r)
                })
                .collect();
            out.push(ExtractedBatch {
                start,
                facts,
                received,
            });
        }
        out
    }
}

fn tells_of_received(x: &Extractor, r: &Record) -> bool {
    let head: String = r.text.chars().take(90).collect();
    let first = head.split(['.', ';', '\n']).next().unwrap_or("");
    let lower = first.to_lowercase();
    let tokens: Vec<&str> = lower
        .split(|ch: char| !ch.is_alphanumeric() && ch != '-')
        .collect();
    let cue = RECEIVED_CUES.iter().any(|c| {
        tokens
            .windows(c.split(' ').count())
            .any(|w| w.iter().copied().eq(c.split(' ')))
    });
    // Police notifications go by their scheme's name.
    let police_notice = ["ppn", "op encompass", "operation encompass"]
        .iter()
        .any(|w| lower.contains(w))
        && r.agency_kind != AgencyKind::Police;
    // "Police: NFA re 12/03 incident" — another agency's news, headed by its name.
    let headed = first.split_once(':').is_some_and(|(head, _)| {
        head.split_whitespace().count() <= 3
            && x.agencies_in(head).iter().any(|a| a.kind != r.agency_kind)
    });
    headed
        || (cue && (police_notice || x.agencies_in(first).iter().any(|a| a.kind != r.agency_kind)))
}

/// One row of `knowledge --json` (DESIGN.md §5).
#[derive(Clone, Debug, Serialize)]
pub struct KnowledgeRow {
    /// The agency that knew.
    pub agency: String,
    /// About whom ("Child A").
    pub subject: String,
    /// What (an indicator id).
    pub indicator: String,
    /// The indicator's label.
    pub indicator_label: String,
    /// When the agency first certainly knew it (ISO-8601); for a row that
    /// is only possible, when it could first have known it.
    pub first_known: String,
    /// `"own"`, or the id of the sharing record through which it learned.
    pub via: serde_json::Value,
    /// True when the agency certainly knew it by then; false for a row of
    /// [`Analysis::knowledge_rows_with_possible`] that is only possible.
    pub certain: bool,
    /// The first-hand record the information came from.
    pub origin: i64,
    /// The agency that recorded it first-hand.
    pub origin_agency: String,
    /// The sharing records from the origin to this agency.
    pub path: Vec<i64>,
}

/// Maps agencies named in text ("CSC", "the school", "DS Cole (Police)") to
/// the review's agencies: by kind when the review has one agency of that
/// kind, by name when it has several.
struct AgencyResolver {
    by_kind: BTreeMap<AgencyKind, Vec<(i64, String)>>,
}

impl AgencyResolver {
    fn new(agencies: &[AgencyInfo]) -> AgencyResolver {
        let mut by_kind: BTreeMap<AgencyKind, Vec<(i64, String)>> = BTreeMap::new();
        for a in agencies {
            by_kind
                .entry(a.kind)
                .or_default()
                .push((a.id, fold(&a.name)));
        }
        AgencyResolver { by_kind }
    }

    fn resolve(&self, r: &AgencyRef) -> Option<i64> {
        let list = self.by_kind.get(&r.kind)?;
        if list.len() == 1 {
            return list.first().map(|(id, _)| *id);
        }
        let text = fold(&r.text);
        let named: Vec<i64> = list
            .iter()
            .filter(|(_, name)| {
                !text.is_empty()
                    && (name.contains(&text)
                        || text
                            .split(' ')
                            .filter(|w| w.len() >= 4)
                            .any(|w| name.split(' ').any(|n| n == w)))
            })
            .map(|(id, _)| *id)
            .collect();
        (named.len() == 1).then(|| named[0])
    }

    fn resolve_all(&self, refs: &[AgencyRef], exclude: i64) -> Vec<i64> {
        let mut out: Vec<i64> = refs
            .iter()
            .filter_map(|r| self.resolve(r))
            .filter(|id| *id != exclude)
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}
