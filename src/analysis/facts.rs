//! Stage "facts": what each record says (indicators, sharing, meetings,
//! decisions, the child seen), read with the review's taxonomy, and whether
//! it tells of information received from another agency. Records are read
//! in batches that both cores take from a shared counter.

use crate::extract::{Direction, Extractor, Field, RecordFacts};
use crate::model::{AgencyKind, Record};
use crate::when::days_mentioned;
use crate::{Error, Result};

use super::AnalysisOptions;

/// The taxonomy the analysis reads records with, compiled.
pub(super) fn compile_taxonomy(opts: &AnalysisOptions) -> Result<Extractor> {
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
pub(super) struct ExtractionWork<'a> {
    records: &'a [Record],
    next: std::sync::atomic::AtomicUsize,
}

/// What one batch of records says, from its first position.
pub(super) struct ExtractedBatch {
    start: usize,
    facts: Vec<RecordFacts>,
    received: Vec<bool>,
}

impl<'a> ExtractionWork<'a> {
    pub(super) fn new(records: &'a [Record]) -> ExtractionWork<'a> {
        ExtractionWork {
            records,
            next: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    /// Takes batches until none are left; returns the ones this thread read.
    pub(super) fn run(&self, extractor: &Extractor) -> Vec<ExtractedBatch> {
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
                    let mut f = extractor.analyse_for(
                        Some(r.agency_kind),
                        &r.text,
                        r.outcome.as_deref(),
                        r.event_type.as_deref(),
                        &r.shared_with,
                    );
                    drop_past_decisions(&r.text, r.outcome.as_deref(), r.when.day(), &mut f);
                    f
                })
                .collect();
            // A record tells of information received from elsewhere when it
            // says so in words, or when it records incoming sharing from an
            // agency of another kind. (From one of its own kind — "crime
            // transfer received from Westmarch Police" — it may be from
            // outside the review: the concern is the record's own to pass
            // on.)
            let received = batch
                .iter()
                .zip(&facts)
                .map(|(r, f)| {
                    f.sharing.iter().any(|m| {
                        matches!(m.direction, Direction::Incoming)
                            && m.counterparts.iter().any(|c| c.kind != r.agency_kind)
                    }) || tells_of_received(extractor, r)
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

/// Every batch's facts, put back in record order: what each record says,
/// and whether it tells of information received, by position.
pub(super) fn in_order(
    mut batches: Vec<ExtractedBatch>,
    records: usize,
) -> (Vec<RecordFacts>, Vec<bool>) {
    batches.sort_unstable_by_key(|b| b.start);
    let mut facts = Vec::with_capacity(records);
    let mut received = Vec::with_capacity(records);
    for b in batches {
        facts.extend(b.facts);
        received.extend(b.received);
    }
    (facts, received)
}

/// Words after which, in the same sentence, a record recounts what
/// happened before ("CSC history: … closed after RP sentenced").
const HISTORY_CUES: &[&str] = &[
    "history",
    "previous",
    "previously",
    "prev",
    "re-contact",
    "recontact",
    "re-referral",
    "background",
    "last year",
];

/// Takes out decisions the record recounts rather than makes: a decision
/// phrase after a day earlier than the record's own in the same clause
/// ("Alfie 08/01/24 – closed to EH"), or after a word of history in the
/// same sentence ("CSC history: Jayden CIN 2020-21, closed after RP
/// sentenced"; not "no previous concerns, NFA"). A record of 27/02 that says so made no closure
/// on 27/02.
fn drop_past_decisions(
    text: &str,
    outcome: Option<&str>,
    on: Option<chrono::NaiveDate>,
    f: &mut RecordFacts,
) {
    let Some(d) = f.decision.as_mut() else {
        return;
    };
    let Some(on) = on else {
        return;
    };
    d.hits.retain(|h| {
        let text = match h.field {
            Field::Text => text,
            Field::Outcome => outcome.unwrap_or(""),
            _ => return true,
        };
        let Some(before) = text.get(..h.start) else {
            return true;
        };
        let sentence = &before[before.rfind(['.', ';', '\n']).map_or(0, |k| k + 1)..];
        let clause = &sentence[sentence.rfind([':', '(', ',']).map_or(0, |k| k + 1)..];
        let lower = sentence.to_lowercase();
        let words: Vec<&str> = lower
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .filter(|w| !w.is_empty())
            .collect();
        // "No previous concerns, NFA" tells of no history.
        let cued = HISTORY_CUES.iter().any(|c| {
            let cue: Vec<&str> = c.split(' ').collect();
            words.windows(cue.len()).enumerate().any(|(k, w)| {
                w == cue.as_slice()
                    && !(k > 0 && matches!(words[k - 1], "no" | "nil" | "not" | "without"))
            })
        });
        !cued && days_mentioned(clause, on).is_empty()
    });
    if d.hits.is_empty() {
        f.decision = None;
        return;
    }
    let kept: Vec<_> = d.hits.iter().map(|h| h.kind).collect();
    d.kinds.retain(|k| kept.contains(k));
    if let Some(&k) = d.kinds.first() {
        d.kind = k;
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
    "phoned",
    "rang",
    "telephoned",
    "call from",
];

/// Processes of children's social care whose "outcome" another agency
/// records as news ("S47 outcome NFA").
const SOCIAL_CARE_PROCESS: &[&str] = &[
    "s47",
    "section",
    "strategy",
    "icpc",
    "rcpc",
    "conference",
    "mash",
    "sa",
    "assessment",
    "csc",
    "cs",
    "s17",
    "referral",
    "contact",
];

/// Titles that name a health professional when a record opens with one
/// ("Dr Allen phoned: CP medical …").
const HEALTH_TITLES: &[&str] = &["dr", "doctor", "paediatrician", "consultant"];

/// Words before "from" that tell of help given, not information received
/// ("good support from PA and midwife").
const NOT_NEWS_FROM: &[&str] = &["support", "help", "assistance", "input", "away"];

/// True when the first sentence of a record names another agency together
/// with a word of receiving ("ED discharge summary received (Harwick
/// General …)", "Info from MASH", "Letter from CSC").
fn tells_of_received(x: &Extractor, r: &Record) -> bool {
    let head: String = r.text.chars().take(90).collect();
    let first = head.split(['.', ';', '\n']).next().unwrap_or("");
    let lower = first.to_lowercase();
    let tokens: Vec<&str> = lower
        .split(|ch: char| !ch.is_alphanumeric() && ch != '-')
        .collect();
    let cue = RECEIVED_CUES.iter().any(|c| {
        let n = c.split(' ').count();
        tokens.windows(n).enumerate().any(|(at, w)| {
            w.iter().copied().eq(c.split(' '))
                // "support from the midwife" is help given, not news.
                && !(*c == "from"
                    && at > 0
                    && tokens
                        .get(at - 1)
                        .is_some_and(|b| NOT_NEWS_FROM.contains(b)))
        })
    });
    // Police notifications go by their scheme's name.
    let police_notice = ["ppn", "op encompass", "operation encompass"]
        .iter()
        .any(|w| lower.contains(w))
        && r.agency_kind != AgencyKind::Police;
    // "Police: NFA re 12/03 incident", "MASH (K Boateng) 11:20: GP referral
    // re …" — another agency's news, headed by its name.
    let headed = heading(first).is_some_and(|head| {
        head.split_whitespace().count() <= 3
            && x.agencies_in(&head).iter().any(|a| a.kind != r.agency_kind)
    });
    // "Dr Allen phoned: …" in a record of an agency that is not a health one.
    let from_a_doctor = tokens.first().is_some_and(|t| HEALTH_TITLES.contains(t))
        && !matches!(
            r.agency_kind,
            AgencyKind::Gp | AgencyKind::Hospital | AgencyKind::HealthVisiting
        );
    // "S47 outcome NFA", "CSC pre-birth SA outcome: NFA" in another
    // agency's record: social care's decision, told to the writer.
    let social_care_outcome = r.agency_kind != AgencyKind::ChildrensSocialCare
        && tokens
            .iter()
            .take(5)
            .any(|t| SOCIAL_CARE_PROCESS.contains(t))
        && tokens
            .iter()
            .take(6)
            .any(|t| matches!(*t, "outcome" | "outcomes" | "result" | "decision"));
    headed
        || social_care_outcome
        || (cue
            && (police_notice
                || from_a_doctor
                || x.agencies_in(first).iter().any(|a| a.kind != r.agency_kind)))
}

/// The heading of a record's first sentence: the words before its first
/// colon (a clock time's colon is no heading's), without what is in
/// brackets or clock times ("MASH (K Boateng) 11:20: GP referral" →
/// "MASH").
fn heading(first: &str) -> Option<String> {
    let bytes = first.as_bytes();
    let colon = (0..bytes.len()).find(|&i| {
        bytes[i] == b':'
            && !(i > 0
                && bytes[i - 1].is_ascii_digit()
                && bytes.get(i + 1).is_some_and(u8::is_ascii_digit))
    })?;
    let mut head = String::new();
    let mut depth = 0usize;
    for ch in first[..colon].chars() {
        match ch {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => head.push(ch),
            _ => {}
        }
    }
    let words: Vec<&str> = head
        .split_whitespace()
        .filter(|w| {
            // Clock times and dates: "11:20", "14/02/24".
            !w.chars()
                .all(|c| c.is_ascii_digit() || matches!(c, ':' | '.' | '/' | '-'))
        })
        .collect();
    Some(words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::heading;

    #[test]
    fn a_heading_leaves_out_brackets_and_clock_times() {
        assert_eq!(
            heading("Northfold Orthoptics 14/02/24: Kacey not brought").as_deref(),
            Some("Northfold Orthoptics")
        );
        assert_eq!(
            heading("MASH (K Boateng) 11:20: GP referral re mark on arm").as_deref(),
            Some("MASH")
        );
        assert_eq!(
            heading("Police: NFA re 12/03 incident").as_deref(),
            Some("Police")
        );
        assert_eq!(heading("Seen at 11:20 in clinic"), None);
    }
}

#[cfg(test)]
mod past_decisions {
    use super::*;
    use crate::when::parse_when;

    fn decided(
        date: &str,
        text: &str,
        outcome: Option<&str>,
    ) -> Option<crate::extract::DecisionKind> {
        let on = parse_when(date, None).expect("a test date").day();
        let x = Extractor::default_extractor().expect("the bundled taxonomy");
        let mut f = x.analyse_for(None, text, outcome, None, &[]);
        drop_past_decisions(text, outcome, on, &mut f);
        f.decision.map(|d| d.kind)
    }

    #[test]
    fn a_decision_recounted_from_an_earlier_day_or_from_history_is_not_made_now() {
        assert_eq!(
            decided("27/02/2024", "Call from DSL re Ruby-Mae. Re-contact: Alfie 08/01/24 – closed to EH, EH declined 31/01.", None),
            None
        );
        assert_eq!(
            decided("16/07/2024", "MASH checks requested. CSC history: Jayden CIN 02/2020-04/2021 (DA), closed after RP sentenced.", None),
            None
        );
    }

    #[test]
    fn a_decision_made_now_is_kept() {
        for (text, outcome) in [
            ("Full history taken from Mum. Case closed.", None),
            (
                "Following strategy discussion 12/05, S47 concluded. Case closed.",
                None,
            ),
            (
                "PPN re incident 03/06 reviewed.",
                Some("NFA - threshold not met."),
            ),
        ] {
            assert!(decided("20/06/2024", text, outcome).is_some(), "{text}");
        }
    }
}
