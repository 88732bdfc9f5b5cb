//! Negation: "no injuries seen" is not an injury, "NAI ruled out" is not a
//! suspected NAI, "bruise to cheek, no other injuries" is still an injury.

use foldhash::{HashSet, HashSetExt};

use regex::Regex;

use super::matcher::{build_regex, entry_regex};
use super::taxonomy::NegationDef;
use super::text::{count_words, norm, Doc};

/// Compiled negation cues.
#[derive(Debug, Clone)]
pub(crate) struct Negator {
    cues: Option<Regex>,
    pseudo: Option<Regex>,
    post: Option<Regex>,
    window: usize,
    post_window: usize,
    post_skip: HashSet<String>,
}

fn opt_regex(src: Option<String>, what: &str) -> Result<Option<Regex>, String> {
    match src {
        Some(s) => build_regex(&s)
            .map(Some)
            .map_err(|e| format!("negation: {what}: {e}")),
        None => Ok(None),
    }
}

impl Negator {
    pub(crate) fn new(def: &NegationDef) -> Result<Negator, String> {
        Ok(Negator {
            cues: opt_regex(entry_regex(&def.cues, &def.exact_cues, &[]), "cues")?,
            pseudo: opt_regex(entry_regex(&def.pseudo, &[], &[]), "pseudo")?,
            post: opt_regex(entry_regex(&def.post_cues, &[], &[]), "post_cues")?,
            window: def.window,
            post_window: def.post_window,
            post_skip: def.post_skip.iter().map(|w| norm(w)).collect(),
        })
    }

    /// The cue that negates `[start, end)` of the document, if any. Cues whose
    /// normalised text is in `ignore` are skipped.
    pub(crate) fn negated_by(
        &self,
        doc: &Doc<'_>,
        start: usize,
        end: usize,
        ignore: &HashSet<String>,
    ) -> Option<String> {
        self.negated(doc, start, end, ignore, true)
    }

    /// Like [`Negator::negated_by`], looking only at cues before the span
    /// ("Home visit: no access" is still a home visit).
    pub(crate) fn negated_before(&self, doc: &Doc<'_>, start: usize, end: usize) -> bool {
        self.negated(doc, start, end, &HashSet::new(), false)
            .is_some()
    }

    fn negated(
        &self,
        doc: &Doc<'_>,
        start: usize,
        end: usize,
        ignore: &HashSet<String>,
        post: bool,
    ) -> Option<String> {
        let text = doc.text;
        let (cs, ce) = doc.clause(start, end);
        if let Some(re) = &self.cues {
            let mut found: Option<(usize, usize)> = None;
            let mut pos = cs;
            while pos < start {
                let Some(m) = re.find_at(text, pos) else {
                    break;
                };
                if m.start() >= start {
                    break;
                }
                if m.end() <= start
                    && !ignore.contains(&norm(m.as_str()))
                    && !self.in_pseudo(text, cs, ce, m.start(), m.end())
                    && count_words(&text[m.end()..start]) <= self.window
                {
                    found = Some((m.start(), m.end()));
                }
                pos = next_pos(text, m.start(), m.end());
            }
            if let Some((s, e)) = found {
                return Some(text[s..e].to_string());
            }
        }
        if let Some(re) = self.post.as_ref().filter(|_| post) {
            let scope = doc.post_scope_end(end);
            let mut pos = end;
            while pos < scope {
                let Some(m) = re.find_at(text, pos) else {
                    break;
                };
                if m.end() > scope {
                    break;
                }
                let gap = &text[end..m.start()];
                let words = gap
                    .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
                    .filter(|w| !w.is_empty() && !self.post_skip.contains(&norm(w)))
                    .count();
                if words <= self.post_window {
                    if ignore.contains(&norm(m.as_str().trim_start_matches([':', '-', ' '])))
                        || ignore.contains(&norm(m.as_str()))
                    {
                        pos = next_pos(text, m.start(), m.end());
                        continue;
                    }
                    return Some(m.as_str().to_string());
                }
                break;
            }
        }
        None
    }

    /// Whether a cue at `[s, e)` lies in a pseudo-negation ("no one").
    fn in_pseudo(&self, text: &str, cs: usize, ce: usize, s: usize, e: usize) -> bool {
        let Some(re) = &self.pseudo else {
            return false;
        };
        let mut pos = cs.min(s);
        while pos < ce.max(e) {
            let Some(m) = re.find_at(text, pos) else {
                return false;
            };
            if m.start() >= e {
                return false;
            }
            if m.end() > s {
                return true;
            }
            pos = next_pos(text, m.start(), m.end());
        }
        false
    }
}

/// The position to search from after a match, moving on by at least one
/// character so an empty match cannot loop.
pub(crate) fn next_pos(text: &str, start: usize, end: usize) -> usize {
    if end > start {
        end
    } else {
        text[start..]
            .chars()
            .next()
            .map_or(text.len() + 1, |c| start + c.len_utf8())
    }
}
