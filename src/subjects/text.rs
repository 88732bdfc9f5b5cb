//! A small word tokenizer shared by name parsing and the text scans.
//!
//! Words are runs of letters and digits, joined across an apostrophe or a
//! hyphen between two of them ("O'Brien", "step-dad"). A trailing "'s" is cut
//! off and remembered as a possessive ("Tyler's" is "tyler", possessive).
//! Each word keeps its byte range in the source, a folded form (lower case,
//! accents removed, apostrophes dropped) and what separated it from the word
//! before it. Buffers are reused between texts so a scan allocates nothing
//! once warmed up.

use crate::text::strip_accent;

/// What separated a word from the one before it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Gap {
    /// Nothing but whitespace (at least one character of it).
    pub space: bool,
    /// Whitespace and a single full stop ("T. Brookes", "Mr. Marsh").
    pub dot: bool,
    /// Whitespace and a single comma ("BROOKS, Tyler").
    pub comma: bool,
    /// An opening bracket.
    pub open: bool,
    /// A closing bracket.
    pub close: bool,
    /// A sentence or clause break (. ! ? ; : or a line break), or the start.
    pub brk: bool,
    /// A colon or a dash standing apart from words ("Poppy – 8 week
    /// check", "Logan: fractured arm"): what follows is about the words
    /// before it.
    pub lead: bool,
}

/// One word of a text.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Tok {
    /// Byte range of the word in the source (without a possessive "'s").
    pub raw: (usize, usize),
    /// Byte range of the folded word in [`Tokens::folded`].
    pub fold: (usize, usize),
    /// The first letter is upper case.
    pub cap: bool,
    /// Every letter is upper case (and there is at least one).
    pub upper: bool,
    /// Letters only (apart from joining apostrophes and hyphens).
    pub alpha: bool,
    /// ASCII digits only.
    pub digits: bool,
    /// Ends in a possessive "'s" (or "s'").
    pub possessive: bool,
    /// Number of characters in the folded word.
    pub len: usize,
    /// What came before the word.
    pub gap: Gap,
}

/// The words of one text, with reusable buffers.
#[derive(Debug, Default)]
pub(super) struct Tokens {
    /// The folded words, back to back.
    pub folded: String,
    /// The words in order.
    pub toks: Vec<Tok>,
    chars: Vec<(usize, char)>,
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '`')
}

fn is_joiner(c: char) -> bool {
    is_apostrophe(c) || matches!(c, '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2212}')
}

fn gap_of(s: &str, at_start: bool) -> Gap {
    let mut g = Gap {
        brk: at_start,
        ..Gap::default()
    };
    let mut other = false;
    let mut spaces = 0usize;
    let mut dots = 0usize;
    let mut commas = 0usize;
    for c in s.chars() {
        match c {
            c if c.is_whitespace() => {
                spaces += 1;
                if c == '\n' || c == '\r' {
                    g.brk = true;
                }
            }
            '.' => {
                dots += 1;
                g.brk = true;
            }
            ',' => commas += 1,
            '(' | '[' => {
                g.open = true;
                other = true;
            }
            ')' | ']' => {
                g.close = true;
                other = true;
            }
            ':' => {
                g.brk = true;
                g.lead = true;
                other = true;
            }
            '-' | '\u{2013}' | '\u{2014}' => {
                g.lead = true;
                other = true;
            }
            '!' | '?' | ';' => {
                g.brk = true;
                other = true;
            }
            _ => other = true,
        }
    }
    if !other {
        g.space = spaces > 0 && dots == 0 && commas == 0;
        g.dot = dots == 1 && commas == 0;
        g.comma = commas == 1 && dots == 0;
    }
    g
}

impl Tokens {
    /// Splits `text` into words, replacing what was held before.
    pub fn scan(&mut self, text: &str) {
        self.folded.clear();
        self.toks.clear();
        self.chars.clear();
        // Characters that show nothing (a zero-width space or joiner, a soft
        // hyphen, a direction mark) are not there: "Zo\u{200b}ë" is Zoë.
        self.chars.extend(
            text.char_indices()
                .filter(|&(_, c)| !crate::text::is_invisible(c)),
        );
        let n = self.chars.len();
        let byte_at = |chars: &[(usize, char)], i: usize| -> usize {
            chars.get(i).map(|&(b, _)| b).unwrap_or(text.len())
        };
        let mut gap_start = 0usize;
        let mut i = 0usize;
        while i < n {
            let c = self.chars[i].1;
            if !c.is_alphanumeric() {
                i += 1;
                continue;
            }
            let start = i;
            let mut j = i + 1;
            loop {
                if j < n && self.chars[j].1.is_alphanumeric() {
                    j += 1;
                } else if j + 1 < n
                    && is_joiner(self.chars[j].1)
                    && self.chars[j + 1].1.is_alphanumeric()
                {
                    j += 2;
                } else {
                    break;
                }
            }
            let mut end = j;
            let mut possessive = false;
            if j - start >= 3
                && is_apostrophe(self.chars[j - 2].1)
                && matches!(self.chars[j - 1].1, 's' | 'S')
            {
                end = j - 2;
                possessive = true;
            } else if j < n
                && is_apostrophe(self.chars[j].1)
                && matches!(self.chars[j - 1].1, 's' | 'S')
                && j - start >= 3
                && !(j + 1 < n && self.chars[j + 1].1.is_alphanumeric())
                && self.chars[start].1.is_uppercase()
            {
                // "Brooks' flat": only for capitalised words, so a closing
                // quote after an ordinary word is not taken as possessive.
                possessive = true;
            }
            let raw_start = byte_at(&self.chars, start);
            let raw_end = byte_at(&self.chars, end);
            let full_end = byte_at(&self.chars, j);
            let gap_text = text.get(gap_start..raw_start).unwrap_or("");
            let gap = gap_of(gap_text, self.toks.is_empty());

            let fold_start = self.folded.len();
            let mut letters = 0usize;
            let mut uppers = 0usize;
            let mut alpha = true;
            let mut digits = true;
            let mut len = 0usize;
            for k in start..end {
                let ch = self.chars[k].1;
                if is_apostrophe(ch) {
                    continue;
                }
                let base = strip_accent(ch);
                if base.is_alphabetic() {
                    letters += 1;
                    if base.is_uppercase() {
                        uppers += 1;
                    }
                    digits = false;
                } else if base.is_ascii_digit() {
                    alpha = false;
                } else if is_joiner(base) {
                    digits = false;
                } else {
                    alpha = false;
                    digits = false;
                }
                for lc in base.to_lowercase() {
                    self.folded.push(if is_joiner(lc) { '-' } else { lc });
                    len += 1;
                }
            }
            let first = strip_accent(self.chars[start].1);
            self.toks.push(Tok {
                raw: (raw_start, raw_end),
                fold: (fold_start, self.folded.len()),
                cap: first.is_uppercase(),
                upper: letters > 0 && uppers == letters,
                alpha: alpha && letters > 0,
                digits: digits && letters == 0,
                possessive,
                len,
                gap,
            });
            gap_start = full_end;
            i = j;
        }
    }

    /// The number of words.
    pub fn len(&self) -> usize {
        self.toks.len()
    }

    /// The folded form of word `i` ("" when out of range).
    pub fn fold(&self, i: usize) -> &str {
        match self.toks.get(i) {
            Some(t) => self.folded.get(t.fold.0..t.fold.1).unwrap_or(""),
            None => "",
        }
    }

    /// The word `i` as written in `text` ("" when out of range).
    pub fn raw<'a>(&self, text: &'a str, i: usize) -> &'a str {
        match self.toks.get(i) {
            Some(t) => text.get(t.raw.0..t.raw.1).unwrap_or(""),
            None => "",
        }
    }

    /// Words `from..to` as written, from the start of the first to the end of
    /// the last ("" when the range is empty or out of range).
    pub fn raw_span<'a>(&self, text: &'a str, from: usize, to: usize) -> &'a str {
        if from >= to || to > self.toks.len() {
            return "";
        }
        let a = self.toks[from].raw.0;
        let b = self.toks[to - 1].raw.1;
        text.get(a..b).unwrap_or("")
    }

    /// The word `i`, if any.
    pub fn tok(&self, i: usize) -> Option<&Tok> {
        self.toks.get(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_possessives_and_gaps() {
        let mut t = Tokens::default();
        let s = "Maureen HOLLIS (Tyler's nan) said T. Brookes; mum's partner O'Brien-Smith é";
        t.scan(s);
        let folds: Vec<&str> = (0..t.len()).map(|i| t.fold(i)).collect();
        assert_eq!(
            folds,
            vec![
                "maureen",
                "hollis",
                "tyler",
                "nan",
                "said",
                "t",
                "brookes",
                "mum",
                "partner",
                "obrien-smith",
                "e"
            ]
        );
        assert!(t.toks[1].upper && t.toks[1].cap);
        assert!(t.toks[2].possessive && t.toks[2].gap.open);
        assert_eq!(t.raw(s, 2), "Tyler");
        assert!(t.toks[4].gap.close);
        assert!(t.toks[6].gap.dot);
        assert!(t.toks[7].possessive && t.toks[7].gap.brk);
        assert!(t.toks[8].gap.space);
        assert!(t.toks[0].gap.brk);
    }

    #[test]
    fn odd_input_does_not_panic() {
        let mut t = Tokens::default();
        for s in [
            "",
            "'",
            "'s",
            "a's",
            "--",
            "x-",
            "É'",
            "\u{0130}stanbul",
            "Brooks'",
            "1'2",
        ] {
            t.scan(s);
            for i in 0..t.len() {
                let _ = t.fold(i);
                let _ = t.raw(s, i);
            }
        }
    }
}
