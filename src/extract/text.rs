//! Small text helpers: clauses, sentences, words and tokens. Every offset is
//! a byte offset on a character boundary; nothing here can panic on any input.

use regex::Regex;

use super::matcher::build_regex;

/// What kind of boundary a clause break is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BreakKind {
    /// A sentence end: . ! ? or a line break.
    Sentence,
    /// A semicolon.
    Semicolon,
    /// A colon or a spaced dash: it may introduce a value ("Injuries: none").
    Colon,
    /// A word such as " but " or " however ".
    Word,
}

/// Finds clause and sentence boundaries.
#[derive(Debug, Clone)]
pub(crate) struct Breaker {
    re: Regex,
}

/// One boundary in a text.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Break {
    pub start: usize,
    pub end: usize,
    pub kind: BreakKind,
}

impl Breaker {
    pub(crate) fn new(words: &[String]) -> Result<Breaker, String> {
        let mut alts = vec![
            r"(?P<s>[!?\n\r]+|\.(?:\s|$)|\.[)”'’]\s)".to_string(),
            r"(?P<semi>;)".to_string(),
            r"(?P<c>:|\s[—–]\s?|\s-\s)".to_string(),
        ];
        let mut ws: Vec<String> = Vec::new();
        for w in words {
            if w.trim().is_empty() {
                continue;
            }
            let mut src = String::new();
            for part in w.split_whitespace() {
                if !src.is_empty() {
                    src.push_str(r"\s+");
                }
                src.push_str(&regex::escape(part));
            }
            // Keep the surrounding spaces the reviewer wrote, loosely.
            if w.starts_with(char::is_whitespace) {
                src = format!(r"\s{src}");
            }
            if w.ends_with(char::is_whitespace) {
                src = format!(r"{src}\s");
            }
            ws.push(src);
        }
        if !ws.is_empty() {
            alts.push(format!("(?P<w>(?i:{}))", ws.join("|")));
        }
        let re = build_regex(&alts.join("|"))?;
        Ok(Breaker { re })
    }

    /// Every boundary in `text`, in order.
    pub(crate) fn breaks(&self, text: &str) -> Vec<Break> {
        let mut out = Vec::new();
        for c in self.re.captures_iter(text) {
            let Some(m) = c.get(0) else { continue };
            let kind = if c.name("s").is_some() {
                BreakKind::Sentence
            } else if c.name("semi").is_some() {
                BreakKind::Semicolon
            } else if c.name("c").is_some() {
                BreakKind::Colon
            } else {
                BreakKind::Word
            };
            out.push(Break {
                start: m.start(),
                end: m.end(),
                kind,
            });
        }
        out
    }
}

/// A text with its boundaries, computed once when first needed.
pub(crate) struct Doc<'a> {
    pub text: &'a str,
    breaks: std::cell::OnceCell<Vec<Break>>,
    breaker: &'a Breaker,
}

impl<'a> Doc<'a> {
    pub(crate) fn new(text: &'a str, breaker: &'a Breaker) -> Doc<'a> {
        Doc {
            text,
            breaks: std::cell::OnceCell::new(),
            breaker,
        }
    }

    pub(crate) fn breaks(&self) -> &[Break] {
        self.breaks.get_or_init(|| self.breaker.breaks(self.text))
    }

    /// The clause around `[start, end)`: from the end of the last boundary
    /// before `start` to the start of the first boundary after `end`.
    pub(crate) fn clause(&self, start: usize, end: usize) -> (usize, usize) {
        self.bounds(start, end, |_| true)
    }

    /// The sentence around `[start, end)` (only . ! ? ; and line breaks end it).
    pub(crate) fn sentence(&self, start: usize, end: usize) -> (usize, usize) {
        self.bounds(start, end, |k| {
            matches!(k, BreakKind::Sentence | BreakKind::Semicolon)
        })
    }

    /// The sentence around `[start, end)`, where only . ! ? and line breaks
    /// end it (a semicolon does not).
    pub(crate) fn full_sentence(&self, start: usize, end: usize) -> (usize, usize) {
        self.bounds(start, end, |k| k == BreakKind::Sentence)
    }

    fn bounds(
        &self,
        start: usize,
        end: usize,
        counts: impl Fn(BreakKind) -> bool,
    ) -> (usize, usize) {
        let mut s = 0;
        let mut e = self.text.len();
        for b in self.breaks() {
            if !counts(b.kind) {
                continue;
            }
            if b.end <= start {
                s = s.max(b.end);
            } else if b.start >= end {
                e = e.min(b.start);
                break;
            }
        }
        (s.min(start), e.max(end))
    }

    /// Where the scope after `end` stops for a cue that follows a term: the
    /// next boundary, except that a colon or dash right after the term does
    /// not stop it ("Bruising: none").
    pub(crate) fn post_scope_end(&self, end: usize) -> usize {
        for b in self.breaks() {
            if b.start < end {
                continue;
            }
            if b.kind == BreakKind::Colon
                && self
                    .text
                    .get(end..b.start)
                    .is_some_and(|g| g.trim().is_empty())
            {
                continue;
            }
            return b.start;
        }
        self.text.len()
    }
}

/// Counts words (runs of letters and digits) in `s`.
pub(crate) fn count_words(s: &str) -> usize {
    let mut n = 0;
    let mut in_word = false;
    for c in s.chars() {
        let w = c.is_alphanumeric();
        if w && !in_word {
            n += 1;
        }
        in_word = w || (in_word && (c == '\'' || c == '’'));
    }
    n
}

/// A token: a word (letters, digits and inner ' ’ & - /) or one other
/// non-space character.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Token<'a> {
    pub text: &'a str,
    pub start: usize,
}

impl Token<'_> {
    pub(crate) fn is_word(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_alphanumeric)
    }

    /// Starts with a capital letter and has a lower-case letter (a name,
    /// not an acronym).
    pub(crate) fn is_capitalised(&self) -> bool {
        let mut cs = self.text.chars();
        cs.next().is_some_and(char::is_uppercase) && cs.any(char::is_lowercase)
    }

    pub(crate) fn lower(&self) -> String {
        self.text.to_lowercase().replace('’', "'")
    }
}

/// Splits `s` (which starts at byte `base` of the whole text) into tokens.
pub(crate) fn tokens(s: &str, base: usize) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_whitespace() {
            continue;
        }
        if c.is_alphanumeric() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = it.peek() {
                let inner = matches!(d, '\'' | '’' | '&' | '-' | '/');
                if d.is_alphanumeric() {
                    end = j + d.len_utf8();
                    it.next();
                } else if inner {
                    // Only inside a word: the next character must be a letter.
                    let mut look = it.clone();
                    look.next();
                    if look.peek().is_some_and(|&(_, e)| e.is_alphanumeric()) {
                        end = j + d.len_utf8();
                        it.next();
                    } else {
                        break;
                    }
                } else {
                    break;
                }
            }
            out.push(Token {
                text: &s[i..end],
                start: base + i,
            });
        } else {
            out.push(Token {
                text: &s[i..i + c.len_utf8()],
                start: base + i,
            });
        }
    }
    out
}

/// Lower-cases and normalises apostrophes and white space, for comparing a
/// matched phrase with a word list.
pub(crate) fn norm(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&w.to_lowercase().replace('’', "'"));
    }
    out
}
