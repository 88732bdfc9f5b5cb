//! The review's men: the adults of the child's family whom the records
//! mark as men, read from titles, family words and pronouns around their
//! names. Rules about men in the household ask here.

use foldhash::{HashMap, HashMapExt};

use crate::analysis::Analysis;
use crate::subjects::Role;

/// The review's men: each adult subject that the records mark as a man,
/// with his role. Partners and fathers are men unless the records say
/// otherwise; any other adult only when the records say so ("Mr Cole",
/// "Craig ... his", "stepfather").
pub(crate) fn men(a: &Analysis) -> HashMap<i64, Role> {
    // What the names and labels settle; the rest is read from the words
    // around the names, in at most `SAMPLE` records per person so that the
    // cost does not grow with the review.
    const SAMPLE: usize = 40;
    let mut settled: HashMap<i64, Option<bool>> = HashMap::new();
    for subject in &a.subjects.subjects {
        if matches!(subject.role, Role::Child | Role::Sibling) {
            continue;
        }
        let label = subject.label.to_lowercase();
        let titled = |t: &str| {
            subject
                .names
                .iter()
                .any(|n| n.text.to_lowercase().starts_with(t))
        };
        let woman = titled("ms ")
            || titled("mrs ")
            || titled("miss ")
            || label.contains("mother") && !label.contains("partner");
        let man = titled("mr ") || label.contains("father");
        let known = if woman {
            Some(false)
        } else if man {
            Some(true)
        } else {
            None
        };
        settled.insert(subject.id as i64, known);
    }
    let mut score: HashMap<i64, (i64, usize)> = HashMap::new();
    for (i, subjects) in a.record_subjects.iter().enumerate() {
        for &s in subjects {
            if !matches!(settled.get(&s), Some(None)) {
                continue;
            }
            let Some(subject) = a.subjects.subject(s as usize) else {
                continue;
            };
            let entry = score.entry(s).or_default();
            if entry.1 >= SAMPLE {
                continue;
            }
            entry.1 += 1;
            entry.0 += cues(
                &a.records[i].text,
                subject.names.iter().map(|n| n.text.as_str()),
            );
        }
    }
    let mut men = HashMap::new();
    for subject in &a.subjects.subjects {
        let id = subject.id as i64;
        let Some(known) = settled.get(&id) else {
            continue;
        };
        let evidence = score.get(&id).map_or(0, |e| e.0);
        let man = match (known, subject.role) {
            (Some(man), _) => *man,
            (None, Role::Partner) => evidence >= 0,
            (None, _) => evidence > 0,
        };
        if man {
            men.insert(id, subject.role);
        }
    }
    men
}

/// How much the words around each mention of a name in `text` say the
/// person is a man (positive) or a woman (negative): a title just before
/// ("Mr"), a family word just before ("father Kyle"), and pronouns in the
/// few words after ("Kyle says his …").
fn cues<'n>(text: &str, names: impl Iterator<Item = &'n str>) -> i64 {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_matches('\'').to_lowercase())
        .collect();
    let mut total = 0;
    for name in names {
        let parts: Vec<String> = name
            .split(|c: char| !c.is_alphanumeric() && c != '\'')
            .filter(|w| !w.is_empty())
            .map(|w| w.trim_matches('\'').to_lowercase())
            .collect();
        if parts.is_empty() || parts.len() > words.len() {
            continue;
        }
        for start in 0..=words.len() - parts.len() {
            if words[start..start + parts.len()] != parts[..] {
                continue;
            }
            if let Some(before) = start.checked_sub(1).map(|b| words[b].as_str()) {
                total += gender(before, true);
            }
            let end = start + parts.len();
            for (k, w) in words.iter().enumerate().skip(end).take(5) {
                // "Tolley punched her", "shouted at him": someone else.
                if matches!(w.as_str(), "her" | "him") && k > end && acts_on(&words[k - 1]) {
                    continue;
                }
                total += gender(w, false);
            }
        }
    }
    total
}

/// Whether `word`, just before "her" or "him", makes the pronoun the
/// object of what the named person did ("punched her", "told him", "at
/// her"): the pronoun is then someone else.
fn acts_on(word: &str) -> bool {
    word.ends_with("ed")
        || matches!(
            word,
            "hit"
                | "hits"
                | "kick"
                | "kicks"
                | "punch"
                | "punches"
                | "push"
                | "pushes"
                | "grab"
                | "grabs"
                | "slap"
                | "slaps"
                | "bit"
                | "bite"
                | "bites"
                | "told"
                | "tells"
                | "tell"
                | "left"
                | "leaves"
                | "threaten"
                | "threatens"
                | "assault"
                | "assaults"
                | "strangle"
                | "strangles"
                | "choke"
                | "chokes"
                | "call"
                | "calls"
                | "met"
                | "sent"
                | "gave"
                | "made"
                | "to"
                | "at"
                | "with"
                | "on"
                | "towards"
                | "from"
                | "against"
                | "for"
                | "by"
                | "about"
        )
}

/// +1 for a word that marks a man, −1 for one that marks a woman; family
/// words count only just before the name ("father Kyle", not "Kyle's
/// mother").
fn gender(word: &str, before: bool) -> i64 {
    match word {
        "he" | "his" | "him" | "himself" | "mr" => 1,
        "she" | "her" | "hers" | "herself" | "mrs" | "ms" | "miss" => -1,
        "father" | "dad" | "stepfather" | "stepdad" | "boyfriend" | "husband" | "uncle"
        | "grandfather" | "grandad"
            if before =>
        {
            1
        }
        "mother" | "mum" | "stepmother" | "girlfriend" | "wife" | "aunt" | "grandmother"
        | "nan"
            if before =>
        {
            -1
        }
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// "Her" or "him" that a named person's act lands on is someone else;
    /// the pronouns that follow as the subject still tell.
    #[test]
    fn an_object_pronoun_is_someone_else() {
        assert_eq!(
            cues(
                "Ryan TOLLEY punched her in the face.",
                ["Ryan TOLLEY"].into_iter()
            ),
            0
        );
        assert_eq!(cues("Kyle shouted at her.", ["Kyle"].into_iter()), 0);
        assert!(
            cues(
                "Chloe says she is fine and her son is well.",
                ["Chloe"].into_iter()
            ) < 0
        );
        assert!(cues("Kyle says his mother has the baby.", ["Kyle"].into_iter()) > 0);
    }
}
