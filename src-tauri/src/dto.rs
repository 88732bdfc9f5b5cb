//! The shapes the front end receives (`ui/src/api.ts` mirrors them), made
//! from the library's types. Dates people read are formatted here, UK style.

use chrono::{NaiveDate, TimeZone};
use chrono_tz::Europe::London;
use serde::Serialize;

use sightline::analysis::Analysis;
use sightline::flags::Flag;
use sightline::model::Record;
use sightline::session::Analysed;
use sightline::when::uk_text;

/// Progress of a long task, sent as the `progress` event.
#[derive(Clone, Debug, Serialize)]
pub struct Progress {
    pub task: &'static str,
    pub stage: String,
    pub done: u64,
    pub total: u64,
    pub finished: bool,
    pub error: Option<String>,
}

impl Progress {
    /// A stage under way.
    pub fn stage(task: &'static str, stage: &str, done: u64, total: u64) -> Progress {
        Progress {
            task,
            stage: stage.to_string(),
            done,
            total,
            finished: false,
            error: None,
        }
    }

    /// The task is over, well or not.
    pub fn done(task: &'static str, error: Option<String>) -> Progress {
        Progress {
            task,
            stage: if error.is_some() { "Failed" } else { "Done" }.into(),
            done: 1,
            total: 1,
            finished: true,
            error,
        }
    }
}

/// A time as a reviewer reads it: "12/03/2021", or with the time when it
/// is not midnight.
pub fn uk_seconds(t: i64) -> String {
    match London.timestamp_opt(t, 0).earliest() {
        Some(d) => {
            let s = d.format("%d/%m/%Y %H:%M").to_string();
            s.strip_suffix(" 00:00").map(str::to_string).unwrap_or(s)
        }
        None => t.to_string(),
    }
}

pub use sightline::when::iso_seconds;

/// A UK rendering of an ISO-8601 date or date-time.
pub fn uk_iso(iso: &str) -> String {
    if iso.len() > 10 {
        iso_seconds(iso)
            .map(uk_seconds)
            .unwrap_or_else(|| iso.to_string())
    } else {
        NaiveDate::parse_from_str(iso, "%Y-%m-%d")
            .map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_else(|_| iso.to_string())
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Agency {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub records: usize,
    pub colour: usize,
}

#[derive(Serialize)]
pub struct Extent {
    pub lo: i64,
    pub hi: i64,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewInfo {
    pub path: String,
    pub title: String,
    pub encrypted: bool,
    pub records: usize,
    pub sources: usize,
    pub extent: Option<Extent>,
    pub agencies: Vec<Agency>,
    /// The reviewer whose name the audit log records for changes made now.
    pub reviewer: Option<String>,
    /// The reviewer who last changed the review, to offer next time.
    pub last_reviewer: Option<String>,
}

#[derive(Serialize, Clone)]
pub struct Recent {
    pub path: String,
    pub name: String,
    pub folder: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Startup {
    pub review: Option<ReviewInfo>,
    pub pending_path: Option<String>,
    pub needs_passphrase: bool,
    pub recent: Vec<Recent>,
    pub error: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Row {
    pub id: i64,
    pub agency: String,
    pub agency_id: i64,
    pub when: String,
    pub lo: i64,
    pub text: String,
    pub outcome: Option<String>,
    pub author: Option<String>,
    pub flagged: bool,
}

impl Row {
    pub fn new(r: &Record, flagged: bool) -> Row {
        Row {
            id: r.id,
            agency: r.agency.clone(),
            agency_id: r.agency_id,
            when: uk_text(&r.when),
            lo: r.when.bounds().0,
            text: r.text.clone(),
            outcome: r.outcome.clone(),
            author: r.author.clone(),
            flagged,
        }
    }
}

#[derive(Serialize)]
pub struct Page {
    pub total: usize,
    pub rows: Vec<Row>,
}

#[derive(Serialize)]
pub struct Cell {
    pub header: String,
    pub value: String,
}

#[derive(Serialize)]
pub struct IdLabel {
    pub id: i64,
    pub label: String,
}

#[derive(Serialize)]
pub struct Indicator {
    pub id: String,
    pub label: String,
    pub negated: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordDetail {
    pub id: i64,
    pub agency: String,
    pub agency_id: i64,
    pub kind: String,
    pub when: serde_json::Value,
    pub when_display: String,
    pub lo: i64,
    pub hi: i64,
    pub text: String,
    pub outcome: Option<String>,
    pub event_type: Option<String>,
    pub author: Option<String>,
    pub reference: Option<String>,
    pub source: serde_json::Value,
    pub cells: Vec<Cell>,
    pub subjects: Vec<IdLabel>,
    pub indicators: Vec<Indicator>,
    pub flags: Vec<String>,
    /// The reviewer's notes on the record, oldest first.
    pub notes: Vec<sightline::store::RecordNote>,
}

impl RecordDetail {
    pub fn new(r: &Record, analysis: Option<&Analysis>, flags: &[Flag]) -> RecordDetail {
        let (lo, hi) = r.when.bounds();
        let json = serde_json::to_value(r).unwrap_or_default();
        let pos = analysis.and_then(|a| a.position.get(&r.id).map(|&p| (a, p)));
        RecordDetail {
            id: r.id,
            agency: r.agency.clone(),
            agency_id: r.agency_id,
            kind: r.agency_kind.as_str().to_string(),
            when: json.get("when").cloned().unwrap_or_default(),
            when_display: uk_text(&r.when),
            lo,
            hi,
            text: r.text.clone(),
            outcome: r.outcome.clone(),
            event_type: r.event_type.clone(),
            author: r.author.clone(),
            reference: r.reference.clone(),
            source: json.get("source").cloned().unwrap_or_default(),
            cells: r
                .original
                .iter()
                .map(|c| Cell {
                    header: c.column.clone(),
                    value: c.value.clone(),
                })
                .collect(),
            subjects: pos
                .map(|(a, p)| {
                    a.record_subjects[p]
                        .iter()
                        .map(|&s| IdLabel {
                            id: s,
                            label: a.subject_label(s).to_string(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            indicators: pos
                .map(|(a, p)| {
                    let mut seen = Vec::new();
                    a.facts[p]
                        .indicators
                        .iter()
                        .filter(|h| {
                            let new = !seen.contains(&h.id);
                            seen.push(h.id.clone());
                            new
                        })
                        .map(|h| Indicator {
                            id: h.id.clone(),
                            label: a
                                .indicators
                                .iter()
                                .find(|i| i.id == h.id)
                                .map(|i| i.label.clone())
                                .unwrap_or_else(|| h.id.clone()),
                            negated: false,
                        })
                        .collect()
                })
                .unwrap_or_default(),
            flags: flags
                .iter()
                .filter(|f| f.evidence.contains(&r.id))
                .map(|f| f.id.clone())
                .collect(),
            notes: Vec::new(),
        }
    }
}

#[derive(Serialize)]
pub struct Evidence {
    pub id: i64,
    pub agency: String,
    pub when: String,
    pub text: String,
}

#[derive(Serialize)]
pub struct HeldBy {
    pub agency: String,
    pub since: String,
    pub indicator: String,
    pub records: Vec<i64>,
}

#[derive(Serialize)]
pub struct Note {
    pub at: String,
    pub by: String,
    pub text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FlagView {
    pub id: String,
    pub rule: String,
    pub rule_label: String,
    pub title: String,
    pub severity: String,
    pub agency: String,
    pub agency_id: Option<i64>,
    pub at: String,
    pub at_display: String,
    pub at_seconds: Option<i64>,
    pub subject: String,
    pub explanation: String,
    pub evidence: Vec<Evidence>,
    pub held_by: Vec<HeldBy>,
    pub status: String,
    pub reason: Option<String>,
    pub annotations: Vec<Note>,
    pub raised: bool,
    /// The reviewer's corrections to what was read that the flag rests on.
    pub corrections: Vec<FlagCorrection>,
    /// The panel's findings resting on the flag (filled in by the flags
    /// commands, `with_findings`; empty otherwise).
    pub findings: Vec<FindingRef>,
}

/// A correction a flag rests on: which record, and what was changed.
#[derive(Serialize)]
pub struct FlagCorrection {
    pub id: i64,
    pub record: i64,
    pub change: &'static str,
    pub what: String,
    pub reason: String,
}

impl FlagView {
    pub fn new(f: &Flag, a: &Analysis) -> FlagView {
        let json = serde_json::to_value(f).unwrap_or_default();
        let text = |v: &serde_json::Value, k: &str| {
            v.get(k)
                .and_then(|x| x.as_str())
                .unwrap_or_default()
                .to_string()
        };
        FlagView {
            id: f.id.clone(),
            rule: f.rule.clone(),
            rule_label: f.rule_names(),
            title: f.title.clone(),
            severity: text(&json, "severity"),
            agency: f.agency.clone(),
            agency_id: a.agencies.iter().find(|x| x.name == f.agency).map(|x| x.id),
            at: f.at.clone(),
            at_display: uk_iso(&f.at),
            at_seconds: iso_seconds(&f.at),
            subject: f.subject.clone(),
            explanation: f.explanation.clone(),
            evidence: f
                .evidence
                .iter()
                .filter_map(|id| a.record(*id))
                .map(|r| Evidence {
                    id: r.id,
                    agency: r.agency.clone(),
                    when: uk_text(&r.when),
                    text: r.text.clone(),
                })
                .collect(),
            held_by: f
                .held_by
                .iter()
                .map(|h| HeldBy {
                    agency: h.agency.clone(),
                    since: uk_iso(&h.since),
                    indicator: a
                        .indicator_index(&h.indicator)
                        .map(|i| a.indicator_label(i).to_string())
                        .unwrap_or_else(|| h.indicator.clone()),
                    records: h.records.clone(),
                })
                .collect(),
            status: text(&json, "status"),
            reason: f.reason.clone(),
            annotations: f
                .notes
                .iter()
                .map(|n| Note {
                    at: uk_iso(&n.at),
                    by: n.by.clone(),
                    text: n.text.clone(),
                })
                .collect(),
            raised: f.raised,
            corrections: f
                .corrections
                .iter()
                .filter_map(|id| a.corrections.iter().find(|c| c.correction.id == *id))
                .map(|c| FlagCorrection {
                    id: c.correction.id,
                    record: c.correction.record,
                    change: c.correction.change.as_str(),
                    what: c.correction.describe(),
                    reason: c.correction.reason.clone(),
                })
                .collect(),
            findings: Vec::new(),
        }
    }

    /// The flag with the findings (of `findings`, in the order they were
    /// made) that rest on it, by its id or any merged reason's.
    pub fn with_findings(mut self, f: &Flag, findings: &[sightline::store::Finding]) -> FlagView {
        self.findings = findings
            .iter()
            .enumerate()
            .filter(|(_, x)| {
                x.flags
                    .iter()
                    .any(|id| *id == f.id || f.also.iter().any(|r| r.id == *id))
            })
            .map(|(i, x)| FindingRef {
                id: x.id,
                number: i + 1,
                title: x.title.clone(),
            })
            .collect();
        self
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FlagMark {
    pub id: String,
    pub agency_id: Option<i64>,
    pub at: Option<i64>,
    pub severity: String,
    pub status: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Subject {
    pub id: i64,
    pub label: String,
    pub role: serde_json::Value,
    pub names: Vec<String>,
    pub records: usize,
    pub dob: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KnowledgeCell {
    pub indicator: String,
    pub agency_id: i64,
    pub first_known: String,
    pub at: i64,
    pub via: &'static str,
    pub via_record: Option<i64>,
    pub possible: bool,
}

#[derive(Serialize)]
pub struct IndicatorInfo {
    pub id: String,
    pub label: String,
}

#[derive(Serialize)]
pub struct AgencyRef {
    pub id: i64,
    pub name: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Knowledge {
    pub as_at: Option<i64>,
    pub range: Option<Extent>,
    pub indicators: Vec<IndicatorInfo>,
    pub agencies: Vec<AgencyRef>,
    pub cells: Vec<KnowledgeCell>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PreviewColumn {
    pub header: String,
    pub role: String,
    pub guessed: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RowErrorView {
    pub row: usize,
    pub column: Option<String>,
    pub value: String,
    pub error: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PreviewRow {
    pub row: usize,
    pub cells: Vec<String>,
    pub when: Option<String>,
    pub error: Option<RowErrorView>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Preview {
    pub file: String,
    pub format: String,
    pub sheets: Vec<String>,
    pub sheet: Option<String>,
    pub header_row: usize,
    pub columns: Vec<PreviewColumn>,
    pub roles: Vec<String>,
    pub rows: Vec<PreviewRow>,
    pub rows_read: usize,
    pub errors: Vec<RowErrorView>,
    pub agency_guess: Option<String>,
    pub kind_guess: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportResult {
    pub source: String,
    pub rows_read: usize,
    pub imported: usize,
    pub rejected: Vec<RowErrorView>,
}

#[derive(Serialize)]
pub struct Exported {
    pub path: String,
    pub pages: usize,
    pub bytes: usize,
    pub sha256: String,
}

#[derive(Serialize)]
pub struct SearchResult {
    pub total: usize,
    pub ids: Vec<i64>,
}

#[derive(Serialize)]
pub struct AnalysisStatus {
    pub state: &'static str,
    pub error: Option<String>,
}

impl From<&sightline::import::RowError> for RowErrorView {
    fn from(e: &sightline::import::RowError) -> Self {
        RowErrorView {
            row: e.row,
            column: e.column.clone(),
            value: e.value.clone(),
            error: e.error.clone(),
        }
    }
}

/// One choice of a list the "Add a fact" form offers: the identifier a
/// correction takes, and the words shown.
#[derive(Serialize)]
pub struct Choice {
    pub id: String,
    pub label: String,
}

impl Choice {
    fn of(id: &str) -> Choice {
        let words = id.replace('_', " ");
        let mut label = words.clone();
        if let Some(first) = words.get(..1) {
            label = first.to_uppercase() + &words[1..];
        }
        Choice {
            id: id.to_string(),
            label: label
                .replace(" cp ", " child protection ")
                .replace("Cp ", "Child protection "),
        }
    }
}

/// Ways of sharing a correction may name (the taxonomy's, less
/// "unspecified", which is what leaving it out says).
const SHARING_METHODS: [&str; 9] = [
    "phone",
    "email",
    "letter",
    "referral",
    "notification",
    "meeting",
    "conversation",
    "information_request",
    "fax",
];

/// What the "Add a fact" form offers for one record: the taxonomy's
/// indicators, the review's people, the other agencies, and the kinds.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FactChoices {
    pub indicators: Vec<IndicatorInfo>,
    /// `id`: the name a correction takes; `label`: "Child A (Tyler …)".
    pub people: Vec<Choice>,
    /// Every agency of the review but the record's own.
    pub agencies: Vec<String>,
    pub own_agency: String,
    pub methods: Vec<Choice>,
    pub meetings: Vec<Choice>,
    pub decisions: Vec<Choice>,
}

/// One record's reading for the record panel.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Reading {
    pub record: i64,
    pub facts: Vec<sightline::analysis::FactLine>,
    pub corrections: Vec<sightline::analysis::AppliedCorrection>,
    pub shared_with: Vec<String>,
    pub choices: FactChoices,
}

impl Reading {
    pub fn new(a: &Analysis, record: i64) -> Option<Reading> {
        use sightline::extract::{DecisionKind, MeetingKind};
        let reading = a.reading(record)?;
        let r = a.record(record)?;
        let meetings = [
            MeetingKind::StrategyDiscussion,
            MeetingKind::InitialCpConference,
            MeetingKind::ReviewCpConference,
            MeetingKind::CpConference,
            MeetingKind::CoreGroup,
            MeetingKind::OtherMeeting,
        ];
        Some(Reading {
            record,
            facts: reading.facts,
            corrections: reading.corrections,
            shared_with: r.shared_with.clone(),
            choices: FactChoices {
                indicators: a
                    .indicators
                    .iter()
                    .map(|i| IndicatorInfo {
                        id: i.id.clone(),
                        label: i.label.clone(),
                    })
                    .collect(),
                people: a
                    .subjects
                    .subjects
                    .iter()
                    .map(|s| {
                        let name = a.subject_name(s.id as i64).to_string();
                        let label = if s.label.is_empty() || s.label == name {
                            name.clone()
                        } else {
                            format!("{} ({name})", s.label)
                        };
                        Choice { id: name, label }
                    })
                    .collect(),
                agencies: a
                    .agencies
                    .iter()
                    .filter(|x| x.id != r.agency_id)
                    .map(|x| x.name.clone())
                    .collect(),
                own_agency: r.agency.clone(),
                methods: SHARING_METHODS.iter().map(|m| Choice::of(m)).collect(),
                meetings: meetings.iter().map(|m| Choice::of(m.as_str())).collect(),
                decisions: DecisionKind::ALL
                    .iter()
                    .map(|d| Choice::of(d.as_str()))
                    .collect(),
            },
        })
    }
}

/// Midnight at the start of a day, London time, as UTC seconds.
fn london_midnight(d: NaiveDate) -> i64 {
    let midnight = d.and_hms_opt(0, 0, 0).unwrap_or_default();
    London
        .from_local_datetime(&midnight)
        .earliest()
        .map(|t| t.timestamp())
        .unwrap_or_else(|| midnight.and_utc().timestamp())
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EpisodeFlag {
    pub id: String,
    pub rule_label: String,
    pub title: String,
    pub severity: String,
    pub status: String,
    pub at_display: String,
}

/// A key practice episode, with its period in seconds (from the first
/// day's midnight to the midnight after the last) for the timeline.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EpisodeView {
    pub id: i64,
    pub title: String,
    pub starts: String,
    pub ends: String,
    pub period: String,
    pub lo: i64,
    pub hi: i64,
    pub agencies: Vec<String>,
    pub summary: String,
    pub analysis: String,
    pub learning: String,
    /// The records in it (at most 500 listed; `records_total` counts them all).
    pub records: Vec<Evidence>,
    pub records_total: usize,
    pub flags: Vec<EpisodeFlag>,
    /// The panel's findings resting on it (filled in by the episodes
    /// command; empty otherwise).
    pub findings: Vec<FindingRef>,
}

/// A finding as an episode names it: its number in the order the findings
/// were made (as the report numbers them) and its title.
#[derive(Serialize, Clone)]
pub struct FindingRef {
    pub id: i64,
    pub number: usize,
    pub title: String,
}

impl EpisodeView {
    pub fn new(e: &sightline::store::Episode, analysed: Option<&Analysed>) -> EpisodeView {
        let (records, total, flags) = match analysed {
            None => (Vec::new(), 0, Vec::new()),
            Some(x) => {
                let ids = sightline::filter::episode_records(&x.analysis, e);
                let flag_ids = sightline::filter::episode_flags(&x.flags, &ids);
                let records = ids
                    .iter()
                    .take(500)
                    .filter_map(|id| x.analysis.record(*id))
                    .map(|r| Evidence {
                        id: r.id,
                        agency: r.agency.clone(),
                        when: uk_text(&r.when),
                        text: r.text.clone(),
                    })
                    .collect();
                let flags = flag_ids
                    .iter()
                    .filter_map(|id| x.flag(id))
                    .map(|f| {
                        let v = FlagView::new(f, &x.analysis);
                        EpisodeFlag {
                            id: v.id,
                            rule_label: v.rule_label,
                            title: v.title,
                            severity: v.severity,
                            status: v.status,
                            at_display: v.at_display,
                        }
                    })
                    .collect();
                (records, ids.len(), flags)
            }
        };
        let day = |d: NaiveDate| d.format("%d/%m/%Y").to_string();
        EpisodeView {
            id: e.id,
            title: e.title.clone(),
            starts: e.starts.to_string(),
            ends: e.ends.to_string(),
            period: if e.starts == e.ends {
                day(e.starts)
            } else {
                format!("{} – {}", day(e.starts), day(e.ends))
            },
            lo: london_midnight(e.starts),
            hi: e
                .ends
                .succ_opt()
                .map(london_midnight)
                .unwrap_or_else(|| london_midnight(e.ends) + 86_400),
            agencies: e.agencies.clone(),
            summary: e.summary.clone(),
            analysis: e.analysis.clone(),
            learning: e.learning.clone(),
            records,
            records_total: total,
            flags,
            findings: Vec::new(),
        }
    }
}

/// A flag as the findings offer it to choose from: its number in the
/// report (F1, F2, … in timeline order, as the report numbers them), what
/// it is and whom it names.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FlagChoice {
    pub id: String,
    /// The ids of the other rules' reasons merged into this flag (a finding
    /// may rest on the flag by any of them).
    pub also: Vec<String>,
    pub number: usize,
    pub rule_label: String,
    pub title: String,
    pub agency: String,
    pub at_display: String,
    pub at_seconds: Option<i64>,
    pub severity: String,
    pub status: String,
}

impl FlagChoice {
    pub fn new(number: usize, f: &Flag, a: &Analysis) -> FlagChoice {
        let v = FlagView::new(f, a);
        FlagChoice {
            id: v.id,
            also: f.also.iter().map(|r| r.id.clone()).collect(),
            number,
            rule_label: v.rule_label,
            title: v.title,
            agency: v.agency,
            at_display: v.at_display,
            at_seconds: v.at_seconds,
            severity: v.severity,
            status: v.status,
        }
    }
}

/// An episode as the findings offer it: its title, period and the flags
/// raised on its records (offered first when a finding rests on it).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FindingEpisode {
    pub id: i64,
    pub title: String,
    pub period: String,
    pub flags: Vec<String>,
}

/// One of the panel's findings, as stored: the episodes and flags it rests
/// on by id (the front end finds them among `FindingsView`'s lists).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FindingView {
    pub id: i64,
    pub title: String,
    pub text: String,
    pub episodes: Vec<i64>,
    pub flags: Vec<String>,
}

impl From<sightline::store::Finding> for FindingView {
    fn from(f: sightline::store::Finding) -> Self {
        FindingView {
            id: f.id,
            title: f.title,
            text: f.text,
            episodes: f.episodes,
            flags: f.flags,
        }
    }
}

/// The findings with what they may rest on: every episode and every flag.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FindingsView {
    pub findings: Vec<FindingView>,
    pub episodes: Vec<FindingEpisode>,
    pub flags: Vec<FlagChoice>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_read_as_words() {
        assert_eq!(Choice::of("no_further_action").label, "No further action");
        assert_eq!(
            Choice::of("initial_cp_conference").label,
            "Initial child protection conference"
        );
        assert_eq!(
            Choice::of("cp_conference").label,
            "Child protection conference"
        );
        assert_eq!(Choice::of("phone").id, "phone");
    }

    #[test]
    fn an_episode_spans_whole_london_days() {
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let e = sightline::store::Episode {
            id: 1,
            title: "Summer".into(),
            starts: day("2021-07-01"),
            ends: day("2021-07-02"),
            agencies: Vec::new(),
            summary: String::new(),
            analysis: String::new(),
            learning: String::new(),
        };
        let v = EpisodeView::new(&e, None);
        // Midnight in London in summer is 23:00 UTC the day before.
        assert_eq!(v.lo, 1_625_094_000);
        assert_eq!(v.hi - v.lo, 2 * 86_400);
        assert_eq!(v.period, "01/07/2021 – 02/07/2021");
        assert!(v.records.is_empty() && v.flags.is_empty());
    }

    #[test]
    fn findings_reach_the_front_end_in_its_shape() {
        let f = sightline::store::Finding {
            id: 3,
            title: "Health never heard".into(),
            text: "In the panel's words.".into(),
            episodes: vec![1, 2],
            flags: vec!["never-shared:12".into()],
        };
        let v = FindingsView {
            findings: vec![f.into()],
            episodes: vec![FindingEpisode {
                id: 1,
                title: "The bruise".into(),
                period: "01/03/2021".into(),
                flags: vec!["never-shared:12".into()],
            }],
            flags: Vec::new(),
        };
        let json = serde_json::to_value(&v).unwrap();
        assert_eq!(json["findings"][0]["episodes"], serde_json::json!([1, 2]));
        assert_eq!(json["findings"][0]["flags"][0], "never-shared:12");
        assert_eq!(json["episodes"][0]["period"], "01/03/2021");
    }
}

/// A rule as it stands in the open review, for the Flags screen's rules
/// panel.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleView {
    /// The rule's id.
    pub id: String,
    /// Its name in words.
    pub name: String,
    /// What it looks for.
    pub description: String,
    /// How it sets a flag's severity.
    pub severity: String,
    /// Whether it runs in this review.
    pub enabled: bool,
    /// Its thresholds in force.
    pub thresholds: Vec<ThresholdView>,
}

/// One threshold of a rule, in force in the open review.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ThresholdView {
    /// Its key in the rules file.
    pub setting: String,
    /// What the figure means.
    pub meaning: String,
    /// Its value in force, as written.
    pub value: String,
    /// Its bundled default.
    pub default: String,
    /// Where the figure comes from, in words ("local procedure").
    pub basis: String,
    /// The source, in words; empty when none.
    pub source: String,
}

impl From<&sightline::session::RuleState> for RuleView {
    fn from(r: &sightline::session::RuleState) -> Self {
        RuleView {
            id: r.id.to_string(),
            name: r.name.to_string(),
            description: r.description.to_string(),
            severity: r.severity.to_string(),
            enabled: r.enabled,
            thresholds: r
                .thresholds
                .iter()
                .map(|t| ThresholdView {
                    setting: t.threshold.setting.to_string(),
                    meaning: t.threshold.meaning.to_string(),
                    value: t.value.clone(),
                    default: t.default.clone(),
                    basis: t.threshold.basis.label().to_string(),
                    source: t.threshold.source.to_string(),
                })
                .collect(),
        }
    }
}
