//! Multi-agency meetings: which kind, whether it was held, and who was (and
//! was not) there.

use foldhash::{HashSet, HashSetExt};

use regex::Regex;

use super::agencies::{Agencies, Mention};
use super::matcher::{build_regex, entry_regex, Hit, Matcher};
use super::negation::Negator;
use super::taxonomy::{MeetingDef, MeetingKind, MeetingSettings};
use super::text::{count_words, norm, tokens, Doc};
use super::{AgencyRef, Meeting};

/// The compiled meeting names and attendance phrases.
#[derive(Debug, Clone)]
pub(crate) struct MeetingReader {
    names: Matcher,
    kinds: Vec<MeetingKind>,
    status: Matcher,
    labels: Matcher,
    phrases: Matcher,
    rep_after: Regex,
}

const HELD: usize = 0;
const NOT_HELD: usize = 1;
const PRESENT: usize = 0;
const PRESENT_AFTER: usize = 0;
const ABSENT_AFTER: usize = 1;
const PRESENT_BEFORE: usize = 2;
const ABSENT_BEFORE: usize = 3;

/// A meeting's decision on a section 47 enquiry: "threshold for S47 met",
/// "joint S47", "single-agency s.47 investigation", "S47 not indicated".
static S47_DECISION: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:threshold (?:for |of )?(?:s\.?\s?47|section 47)|(?:joint|single[- ]agency) (?:s\.?\s?47|section 47)|(?:s\.?\s?47|section 47) (?:threshold|enquir(?:y|ies)|investigation) (?:met|not met|agreed|to (?:be )?(?:commence|start|begin|proceed))|(?:s\.?\s?47|section 47) (?:not )?(?:indicated|agreed))\b",
    )
    .expect("the s47 decision pattern is valid")
});

/// One meeting name found in a text, with whether it was held.
struct Found {
    hit: Hit,
    held: bool,
}

impl MeetingReader {
    pub(crate) fn new(defs: &[MeetingDef], s: &MeetingSettings) -> Result<MeetingReader, String> {
        let names = Matcher::build(
            defs.iter()
                .map(|d| entry_regex(&d.terms, &d.exact, &d.patterns))
                .collect(),
            |i| {
                format!(
                    "meeting \"{}\"",
                    defs.get(i).map(|d| d.kind.as_str()).unwrap_or("?")
                )
            },
        )?;
        let status = Matcher::build(
            vec![
                entry_regex(&s.held, &[], &[]),
                entry_regex(&s.not_held, &[], &[]),
            ],
            |_| "meeting_settings: held / not_held".into(),
        )?;
        let labels = Matcher::build(
            vec![
                entry_regex(&s.present_labels, &[], &[]),
                entry_regex(&s.absent_labels, &[], &[]),
            ],
            |_| "meeting_settings: labels".into(),
        )?;
        let phrases = Matcher::build(
            vec![
                entry_regex(&s.present_after, &[], &[]),
                entry_regex(&s.absent_after, &[], &[]),
                entry_regex(&s.present_before, &[], &[]),
                entry_regex(&s.absent_before, &[], &[]),
            ],
            |_| "meeting_settings: attendance phrases".into(),
        )?;
        Ok(MeetingReader {
            names,
            kinds: defs.iter().map(|d| d.kind).collect(),
            status,
            labels,
            phrases,
            rep_after: build_regex(
                r"(?i)^\s*(?:representatives?|reps?|representation|attendance|present|in\s+attendance|attended|attendee)(?-u:\b)",
            )?,
        })
    }

    /// The meeting kinds named in an event type cell, first one first.
    fn event_kind(&self, event_type: Option<&str>) -> Option<MeetingKind> {
        let et = event_type?;
        let hit = self.names.find_longest(et).into_iter().next()?;
        self.kinds.get(hit.entry).copied()
    }

    fn found(&self, doc: &Doc<'_>, negator: &Negator) -> Vec<Found> {
        let text = doc.text;
        let hits = self.names.find_longest(text);
        if hits.is_empty() {
            return Vec::new();
        }
        let status = self.status.find_longest(text);
        let mut held: Vec<Option<bool>> = vec![None; hits.len()];
        // An explicit "held" just after the name settles it.
        for (i, h) in hits.iter().enumerate() {
            let (ss, se) = doc.sentence(h.start, h.end);
            for s in status.iter().filter(|s| s.start >= ss && s.end <= se) {
                if s.entry == HELD
                    && s.start >= h.end
                    && count_words(&text[h.end..s.start]) <= 2
                    && held[i].is_none()
                {
                    held[i] = Some(true);
                }
            }
        }
        // Each "requested", "booked" ... belongs to the nearest name.
        for s in status.iter().filter(|s| s.entry == NOT_HELD) {
            let mut best: Option<(usize, usize)> = None;
            for (i, h) in hits.iter().enumerate() {
                let (ss, se) = doc.sentence(h.start, h.end);
                if s.start < ss || s.end > se {
                    continue;
                }
                let dist = if s.end <= h.start {
                    count_words(&text[s.end..h.start])
                } else if s.start >= h.end {
                    count_words(&text[h.end..s.start])
                } else {
                    0
                };
                if dist <= 4 && best.is_none_or(|(_, d)| dist < d) {
                    best = Some((i, dist));
                }
            }
            if let Some((i, _)) = best {
                if held[i].is_none() {
                    held[i] = Some(false);
                }
            }
        }
        // "MARAC referral", "referred to MARAC": a referral to the meeting,
        // not the meeting.
        for (i, h) in hits.iter().enumerate() {
            let after = text[h.end..].trim_start().to_lowercase();
            let before = text[..h.start].trim_end().to_lowercase();
            if after.starts_with("referral")
                || after.starts_with("referred")
                || [
                    "referred to",
                    "referral to",
                    "refer to",
                    "referring to",
                    "referral for",
                ]
                .iter()
                .any(|w| before.ends_with(w))
            {
                held[i] = Some(false);
            }
        }
        let none = HashSet::new();
        hits.into_iter()
            .zip(held)
            .map(|(hit, h)| {
                let negated = negator.negated_by(doc, hit.start, hit.end, &none).is_some();
                Found {
                    hit,
                    held: !negated && h.unwrap_or(true),
                }
            })
            .collect()
    }

    /// The meeting a record is about, if any.
    pub(crate) fn read(
        &self,
        doc: &Doc<'_>,
        event_type: Option<&str>,
        negator: &Negator,
        agencies: &Agencies,
    ) -> Option<Meeting> {
        let text = doc.text;
        let found = self.found(doc, negator);
        let et_kind = self.event_kind(event_type);
        let kind_of = |f: &Found| self.kinds.get(f.hit.entry).copied();
        let (kind, held, phrase) = if let Some(k) = et_kind {
            match found.iter().find(|f| kind_of(f) == Some(k)) {
                Some(f) => (k, f.held, slice(text, f.hit.start, f.hit.end)),
                None => (k, true, event_type.unwrap_or("").trim().to_string()),
            }
        } else if let Some(f) = found.iter().find(|f| f.held) {
            (kind_of(f)?, true, slice(text, f.hit.start, f.hit.end))
        } else if let Some(f) = found.first() {
            (kind_of(f)?, false, slice(text, f.hit.start, f.hit.end))
        } else {
            // No meeting named, but a list of who attended ("Attended by:
            // SW, police; Apologies: GP") is a meeting all the same.
            // The label must open a clause: "Mother reports a social worker
            // is doing an assessment at present" lists no one.
            let l = self
                .labels
                .find_longest(text)
                .into_iter()
                .find(|l| opens_clause(text, l.start))?;
            // One that decides whether a section 47 enquiry is made ("Decision:
            // threshold for S47 met - joint investigation") is a strategy
            // discussion, though the record does not name it.
            let kind = if S47_DECISION.is_match(text) {
                MeetingKind::StrategyDiscussion
            } else {
                MeetingKind::OtherMeeting
            };
            (kind, true, slice(text, l.start, l.end))
        };
        let (present, absent) = self.attendance(doc, agencies, &found);
        Some(Meeting {
            kind,
            held,
            present,
            absent,
            phrase,
        })
    }

    fn attendance(
        &self,
        doc: &Doc<'_>,
        agencies: &Agencies,
        found: &[Found],
    ) -> (Vec<AgencyRef>, Vec<AgencyRef>) {
        let text = doc.text;
        let mentions = agencies.mentions(text);
        let mut present: Vec<AgencyRef> = Vec::new();
        let mut absent: Vec<AgencyRef> = Vec::new();
        let mut used = vec![false; mentions.len()];
        let add = |list: &mut Vec<AgencyRef>, m: &Mention| {
            for r in agencies.refs(text, m) {
                if !list.iter().any(|x| x.kind == r.kind) {
                    list.push(r);
                }
            }
        };

        // 1. Labelled lists: "Present: SW, DS Cole (Police), HV."
        let labels = self.labels.find_longest(text);
        for (i, l) in labels.iter().enumerate() {
            let (_, se) = doc.full_sentence(l.start, l.end);
            let stop = labels.get(i + 1).map_or(se, |n| n.start.min(se)).max(l.end);
            for (j, m) in mentions.iter().enumerate() {
                if m.start >= l.end && m.end <= stop && !used[j] {
                    used[j] = true;
                    if l.entry == PRESENT {
                        add(&mut present, m);
                    } else {
                        add(&mut absent, m);
                    }
                }
            }
        }

        // 2. Phrases: "Police did not attend", "no representative from health".
        let in_meeting_sentence = |pos: usize, end: usize| {
            let (ss, se) = doc.full_sentence(pos, end);
            found.iter().any(|f| f.hit.start >= ss && f.hit.end <= se)
        };
        for p in self.phrases.find_longest(text) {
            let (ss, se) = doc.sentence(p.start, p.end);
            match p.entry {
                PRESENT_AFTER | ABSENT_AFTER => {
                    if p.entry == PRESENT_AFTER && !self.attendance_verb_ok(doc, &p, se) {
                        continue;
                    }
                    let run = self.list_before(text, &mentions, p.start, ss);
                    for j in run {
                        if used[j] {
                            continue;
                        }
                        used[j] = true;
                        if p.entry == PRESENT_AFTER {
                            add(&mut present, &mentions[j]);
                        } else {
                            add(&mut absent, &mentions[j]);
                        }
                    }
                }
                PRESENT_BEFORE | ABSENT_BEFORE => {
                    if p.entry == PRESENT_BEFORE && !in_meeting_sentence(p.start, p.end) {
                        continue;
                    }
                    let run = self.list_after(text, &mentions, p.end, se);
                    for j in run {
                        if used[j] {
                            continue;
                        }
                        used[j] = true;
                        if p.entry == PRESENT_BEFORE {
                            add(&mut present, &mentions[j]);
                        } else {
                            add(&mut absent, &mentions[j]);
                        }
                    }
                }
                _ => {}
            }
        }

        // 3. "no police representative", "no health present".
        for (j, m) in mentions.iter().enumerate() {
            if used[j] {
                continue;
            }
            let before = &text[..m.start];
            let prev = tokens(before, 0).last().map(|t| t.lower());
            if prev.as_deref() == Some("no") && self.rep_after.is_match(&text[m.end..]) {
                add(&mut absent, m);
            }
        }

        // Explicitly present beats a generic absence ("health" absent, HV present).
        absent.retain(|a| !present.iter().any(|p| p.kind == a.kind));
        (present, absent)
    }

    /// "attended" and "joined" count only when what follows is not a place
    /// ("Police attended the address" is not attendance at the meeting).
    fn attendance_verb_ok(&self, doc: &Doc<'_>, p: &Hit, se: usize) -> bool {
        let text = doc.text;
        let word = norm(&text[p.start..p.end]);
        if word != "attended" && word != "joined" {
            return true;
        }
        let rest = text.get(p.end..se).unwrap_or("").trim_start();
        if rest.is_empty() || rest.starts_with([',', ';', ')', '(', '-', '–', '—', ':']) {
            return true;
        }
        let toks = tokens(rest, 0);
        let first = toks.first().map(|t| t.lower()).unwrap_or_default();
        if [
            "and",
            "by",
            "via",
            "virtually",
            "remotely",
            "online",
            "in",
            "on",
            "for",
            "but",
            "as",
            "with",
            "late",
            "briefly",
            "too",
            "also",
        ]
        .contains(&first.as_str())
        {
            return true;
        }
        // "attended the strategy discussion"
        let after_the = rest
            .strip_prefix("the ")
            .or_else(|| rest.strip_prefix("The "))
            .unwrap_or(rest);
        self.names
            .find_longest(after_the)
            .first()
            .is_some_and(|h| h.start == 0)
    }

    /// Indices of the agency list right before `q`.
    fn list_before(&self, text: &str, mentions: &[Mention], q: usize, limit: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut cur = q;
        for (j, m) in mentions
            .iter()
            .enumerate()
            .rev()
            .filter(|(_, m)| m.end <= q && m.start >= limit)
        {
            let gap = &text[m.end..cur];
            let toks = tokens(gap, m.end);
            let ok = if out.is_empty() {
                toks.iter().filter(|t| t.is_word()).count() <= 3
                    && toks.iter().all(|t| {
                        let l = t.lower();
                        t.is_capitalised()
                            || [
                                "was",
                                "were",
                                "has",
                                "have",
                                "had",
                                "been",
                                "also",
                                "both",
                                "all",
                                "the",
                                "rep",
                                "representative",
                                "representatives",
                            ]
                            .contains(&l.as_str())
                            || matches!(t.text, "(" | ")" | "-" | "," | ":")
                    })
            } else {
                toks.len() <= 5 && toks.iter().all(|t| joiner(t.text))
            };
            if !ok {
                break;
            }
            out.push(j);
            cur = m.start;
        }
        out
    }

    /// Indices of the agency list right after `p`.
    fn list_after(&self, text: &str, mentions: &[Mention], p: usize, limit: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut cur = p;
        for (j, m) in mentions
            .iter()
            .enumerate()
            .filter(|(_, m)| m.start >= p && m.end <= limit)
        {
            let gap = &text[cur..m.start];
            let toks = tokens(gap, cur);
            let ok = if out.is_empty() {
                toks.iter().filter(|t| t.is_word()).count() <= 3
                    && toks.iter().all(|t| {
                        t.is_capitalised()
                            || [
                                "the",
                                "a",
                                "an",
                                "any",
                                "local",
                                "duty",
                                "named",
                                "allocated",
                                "both",
                            ]
                            .contains(&t.lower().as_str())
                            || matches!(t.text, "(" | ":" | "-")
                    })
            } else {
                toks.len() <= 5 && toks.iter().all(|t| joiner(t.text))
            };
            if !ok {
                break;
            }
            out.push(j);
            cur = m.end;
        }
        out
    }
}

fn joiner(t: &str) -> bool {
    let l = t.to_lowercase();
    [
        "and", "&", "or", ",", "/", "+", "(", ")", "nor", "the", "-", "plus", "both",
    ]
    .contains(&l.as_str())
        || t.chars().next().is_some_and(char::is_uppercase) && t.chars().any(char::is_lowercase)
}

fn slice(text: &str, s: usize, e: usize) -> String {
    text.get(s..e).unwrap_or("").to_string()
}

/// True when the text before `at` ends a clause (or there is none): a list's
/// label ("Present: …", "Attended by …") starts a sentence, a line or a
/// bracket, never the middle of a sentence.
fn opens_clause(text: &str, at: usize) -> bool {
    let before = text.get(..at).unwrap_or_default().trim_end();
    before.is_empty() || before.ends_with(['.', ';', ':', '(', '\n', '|', '-', '\u{2013}'])
}
