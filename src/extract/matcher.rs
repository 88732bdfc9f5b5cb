//! Turning word lists into compiled regular expressions, and finding them.
//!
//! Each entry (an indicator, an agency, a group of sharing phrases ...)
//! becomes one alternation. A [`Matcher`] holds one [`RegexSet`] over all its
//! entries, so a text that mentions none of them costs one pass; only the
//! entries the set reports are searched again for their spans.

use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};

/// Size limit for one compiled program: generous, since the taxonomy is
/// compiled once per review.
const SIZE_LIMIT: usize = 256 << 20;
const DFA_LIMIT: usize = 64 << 20;

/// An ASCII word boundary. The Unicode one makes the fast engines give up on
/// text with any non-ASCII character (curly quotes, dashes), so use this.
const WB: &str = r"(?-u:\b)";

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The regular expression for one whole-word term. A space matches any white
/// space, a hyphen a hyphen, space or nothing, an apostrophe is optional, and
/// "&" or "/" may have spaces around them.
pub(crate) fn term_regex(term: &str) -> String {
    let t = term.trim();
    let mut out = String::with_capacity(t.len() * 2 + 16);
    if t.chars().next().is_some_and(is_word_char) {
        out.push_str(WB);
    }
    let mut chars = t.chars().peekable();
    let mut prev: Option<char> = None;
    while let Some(c) = chars.next() {
        if c.is_whitespace() {
            while chars.peek().is_some_and(|c| c.is_whitespace()) {
                chars.next();
            }
            // Around punctuation the space is optional ("Injuries:none").
            let tight =
                prev.is_some_and(is_word_char) && chars.peek().copied().is_some_and(is_word_char);
            out.push_str(if tight { r"\s+" } else { r"\s*" });
            prev = Some(' ');
            continue;
        } else if c == '-' || c == '‐' || c == '–' {
            out.push_str(r"(?:[-‐–]|\s+)?");
        } else if c == '\'' || c == '’' {
            out.push_str("['’]?");
        } else if c == '&' || c == '/' {
            out.push_str(r"\s*");
            out.push_str(&regex::escape(&c.to_string()));
            out.push_str(r"\s*");
        } else {
            out.push_str(&regex::escape(&c.to_string()));
        }
        prev = Some(c);
    }
    if t.chars().last().is_some_and(is_word_char) {
        out.push_str(WB);
    }
    out
}

/// A reviewer's pattern as compiled: case-insensitive, and with `\b` and
/// `\B` made ASCII word boundaries (a Unicode one stops the fast engines on
/// any text with a curly quote or a dash, and practitioners' text is full of
/// them).
pub(crate) fn pattern_regex(p: &str) -> String {
    let mut out = String::with_capacity(p.len() + 16);
    let mut chars = p.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('b') => out.push_str(WB),
            Some('B') => out.push_str(r"(?-u:\B)"),
            Some(d) => {
                out.push('\\');
                out.push(d);
            }
            None => out.push('\\'),
        }
    }
    format!("(?i:{out})")
}

/// Checks that a user pattern compiles on its own, with the error text of the
/// regex crate.
pub(crate) fn check_pattern(p: &str) -> Result<(), String> {
    RegexBuilder::new(&pattern_regex(p))
        .size_limit(SIZE_LIMIT)
        .build()
        .map(|_| ())
        .map_err(|e| one_line(&e.to_string()))
}

fn one_line(s: &str) -> String {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The source of one entry's alternation: case-insensitive terms, exact-case
/// terms and case-insensitive patterns. Patterns come first, then terms
/// longest first, so the longest phrase wins at a given position.
pub(crate) fn entry_regex(
    terms: &[String],
    exact: &[String],
    patterns: &[String],
) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    for p in patterns {
        if !p.trim().is_empty() {
            parts.push(pattern_regex(p));
        }
    }
    let mut ci: Vec<&str> = terms
        .iter()
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
        .collect();
    ci.sort_by_key(|t| std::cmp::Reverse(t.len()));
    ci.dedup();
    if !ci.is_empty() {
        let alts: Vec<String> = ci.iter().map(|t| term_regex(t)).collect();
        parts.push(format!("(?i:{})", alts.join("|")));
    }
    let mut ex: Vec<&str> = exact
        .iter()
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
        .collect();
    ex.sort_by_key(|t| std::cmp::Reverse(t.len()));
    ex.dedup();
    for t in ex {
        parts.push(term_regex(t));
    }
    if parts.is_empty() {
        None
    } else {
        Some(format!("(?:{})", parts.join("|")))
    }
}

/// Builds one regular expression with the crate's limits raised.
pub(crate) fn build_regex(src: &str) -> Result<Regex, String> {
    RegexBuilder::new(src)
        .size_limit(SIZE_LIMIT)
        .dfa_size_limit(DFA_LIMIT)
        .build()
        .map_err(|e| one_line(&e.to_string()))
}

/// A regex of whole-word terms (case-insensitive), or `None` when the list is
/// empty.
pub(crate) fn terms_regex(terms: &[String]) -> Result<Option<Regex>, String> {
    match entry_regex(terms, &[], &[]) {
        Some(src) => build_regex(&src).map(Some),
        None => Ok(None),
    }
}

/// One match of one entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Hit {
    /// The entry's index in the list the matcher was built from.
    pub entry: usize,
    /// Byte offset of the start.
    pub start: usize,
    /// Byte offset of the end.
    pub end: usize,
}

impl Hit {
    pub(crate) fn len(&self) -> usize {
        self.end - self.start
    }
}

/// A set of entries searched together.
#[derive(Debug, Clone)]
pub(crate) struct Matcher {
    set: Option<RegexSet>,
    /// Per set member: (entry index, its own regex).
    members: Vec<(usize, Regex)>,
}

impl Matcher {
    /// Builds a matcher from each entry's regex source (`None` for an entry
    /// with nothing to match). `what(i)` names entry `i` in errors.
    pub(crate) fn build(
        sources: Vec<Option<String>>,
        what: impl Fn(usize) -> String,
    ) -> Result<Matcher, String> {
        let mut members = Vec::new();
        let mut srcs = Vec::new();
        for (i, s) in sources.into_iter().enumerate() {
            if let Some(s) = s {
                let re = build_regex(&s).map_err(|e| format!("{}: {e}", what(i)))?;
                members.push((i, re));
                srcs.push(s);
            }
        }
        let set = if srcs.is_empty() {
            None
        } else {
            Some(
                RegexSetBuilder::new(&srcs)
                    .size_limit(SIZE_LIMIT)
                    .dfa_size_limit(DFA_LIMIT)
                    .build()
                    .map_err(|e| one_line(&e.to_string()))?,
            )
        };
        Ok(Matcher { set, members })
    }

    /// Every match of every entry, entries independently (a span may be
    /// reported by two entries), sorted by start.
    pub(crate) fn find_all(&self, text: &str) -> Vec<Hit> {
        let Some(set) = &self.set else {
            return Vec::new();
        };
        let matched = set.matches(text);
        if !matched.matched_any() {
            return Vec::new();
        }
        let mut hits = Vec::new();
        for m in matched.iter() {
            let (entry, re) = &self.members[m];
            for f in re.find_iter(text) {
                if f.end() > f.start() {
                    hits.push(Hit {
                        entry: *entry,
                        start: f.start(),
                        end: f.end(),
                    });
                }
            }
        }
        hits.sort_by_key(|h| (h.start, std::cmp::Reverse(h.end), h.entry));
        hits
    }

    /// Like [`Matcher::find_all`], but where matches of different entries
    /// overlap only the longest is kept (then the earliest, then the entry
    /// listed first).
    pub(crate) fn find_longest(&self, text: &str) -> Vec<Hit> {
        let mut hits = self.find_all(text);
        if hits.len() < 2 {
            return hits;
        }
        hits.sort_by_key(|h| (std::cmp::Reverse(h.len()), h.start, h.entry));
        let mut kept: Vec<Hit> = Vec::with_capacity(hits.len());
        for h in hits {
            if kept.iter().all(|k| h.end <= k.start || h.start >= k.end) {
                kept.push(h);
            }
        }
        kept.sort_by_key(|h| h.start);
        kept
    }
}
