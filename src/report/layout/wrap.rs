//! Word wrapping against the embedded font's metrics.
//!
//! Lines break at spaces, and inside a word after a hyphen, dash or slash
//! when the whole word does not fit. A word wider than a line on its own is
//! broken between characters (never before a combining accent). Explicit
//! newlines are kept, so "a\n\nb" is three lines, the middle one empty. Runs
//! of spaces are set as one space, and lines carry no leading or trailing
//! spaces.

use super::fonts::{faces, sane_size, Face};

/// `text` wrapped into lines no wider than `max_width` points when set at
/// `size` points (bold or regular). Always at least one line; an empty text
/// is one empty line. Characters the font cannot draw are already replaced
/// in the lines returned (see [`super::text_width`]).
///
/// A line is wider than `max_width` only when `max_width` is narrower than a
/// single character, which then stands alone on its line.
pub fn wrap_text(text: &str, size: f32, bold: bool, max_width: f32) -> Vec<String> {
    let face = faces().get(bold);
    let size = sane_size(size);
    let max = if max_width.is_finite() {
        max_width.max(0.0)
    } else if max_width > 0.0 {
        f32::MAX
    } else {
        0.0
    };
    let mut wrapper = Wrapper {
        face,
        size,
        max,
        space: face.advance_em(' ') * size,
        lines: Vec::new(),
        cur: String::new(),
        cur_w: 0.0,
    };
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    for hard_line in text.split('\n') {
        let clean = face.clean(hard_line);
        for word in clean.split(' ').filter(|w| !w.is_empty()) {
            wrapper.word(word);
        }
        wrapper.finish_line();
    }
    if wrapper.lines.is_empty() {
        wrapper.lines.push(String::new());
    }
    wrapper.lines
}

struct Wrapper<'f> {
    face: &'f Face,
    size: f32,
    max: f32,
    space: f32,
    lines: Vec<String>,
    cur: String,
    cur_w: f32,
}

/// A tolerance for rounding in sums of widths.
const EPS: f32 = 1e-3;

impl Wrapper<'_> {
    fn width(&self, s: &str) -> f32 {
        self.face.width(s, self.size)
    }

    fn char_width(&self, c: char) -> f32 {
        self.face.advance_em(c) * self.size
    }

    fn finish_line(&mut self) {
        self.lines.push(std::mem::take(&mut self.cur));
        self.cur_w = 0.0;
    }

    fn word(&mut self, word: &str) {
        let w = self.width(word);
        if !self.cur.is_empty() {
            if self.cur_w + self.space + w <= self.max + EPS {
                self.cur.push(' ');
                self.cur.push_str(word);
                self.cur_w += self.space + w;
                return;
            }
            // Fill the line with the part of the word up to a hyphen, if any.
            let room = self.max - self.cur_w - self.space;
            let rest = match self.scan(word, room).at_hyphen {
                Some(cut) if cut < word.len() => {
                    self.cur.push(' ');
                    self.cur.push_str(&word[..cut]);
                    &word[cut..]
                }
                _ => word,
            };
            self.finish_line();
            self.on_empty_line(rest);
        } else {
            self.on_empty_line(word);
        }
    }

    /// Sets `word` starting on an empty line, breaking it as often as needed.
    fn on_empty_line(&mut self, mut word: &str) {
        loop {
            let scan = self.scan(word, self.max);
            if let Some(w) = scan.whole {
                self.cur.push_str(word);
                self.cur_w = w;
                return;
            }
            let cut = scan
                .at_hyphen
                .or(scan.anywhere)
                .unwrap_or_else(|| first_cluster_len(word));
            if cut >= word.len() {
                self.cur.push_str(word);
                self.cur_w = self.width(word);
                return;
            }
            self.cur.push_str(&word[..cut]);
            self.finish_line();
            word = &word[cut..];
        }
    }

    /// Measures `word` against `room`, stopping where it overflows, so that
    /// breaking a long word costs only the length of each line.
    fn scan(&self, word: &str, room: f32) -> Scan {
        let mut used = 0.0;
        let mut scan = Scan::default();
        let mut chars = word.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            used += self.char_width(c);
            if used > room + EPS {
                return scan;
            }
            let end = i + c.len_utf8();
            let Some(&(_, next)) = chars.peek() else {
                break;
            };
            if !is_combining(next) {
                scan.anywhere = Some(end);
            }
            if is_break_after(c) && !is_break_after(next) {
                scan.at_hyphen = Some(end);
            }
        }
        scan.whole = Some(used);
        scan
    }
}

/// What fits of a word in some room.
#[derive(Debug, Default)]
struct Scan {
    /// The whole word fits, and is this wide.
    whole: Option<f32>,
    /// The longest prefix that fits and ends after a hyphen, dash or slash.
    at_hyphen: Option<usize>,
    /// The longest prefix that fits and does not end before a combining mark.
    anywhere: Option<usize>,
}

/// Characters after which a word may break.
fn is_break_after(c: char) -> bool {
    matches!(c, '-' | '/' | '\u{2010}' | '\u{2013}' | '\u{2014}')
}

/// Combining marks that must stay with the character before them.
fn is_combining(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

/// The byte length of the first character of `word` with its combining marks.
fn first_cluster_len(word: &str) -> usize {
    let mut chars = word.char_indices();
    let Some((_, first)) = chars.next() else {
        return 0;
    };
    let mut end = first.len_utf8();
    for (i, c) in chars {
        if !is_combining(c) {
            break;
        }
        end = i + c.len_utf8();
    }
    end
}

#[cfg(test)]
mod tests {
    use super::super::fonts::text_width;
    use super::*;

    const SIZE: f32 = 9.5;

    /// Checks the greedy invariants: no line too wide, and the next line's
    /// first word would not have fitted on the line before.
    fn check_greedy(text: &str, max: f32) -> Vec<String> {
        let lines = wrap_text(text, SIZE, false, max);
        let space = text_width(" ", SIZE, false);
        for pair in lines.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            assert!(text_width(a, SIZE, false) <= max + 1e-3, "{a:?} too wide");
            if let Some(next_word) = b.split(' ').next() {
                assert!(
                    text_width(a, SIZE, false) + space + text_width(next_word, SIZE, false)
                        > max - 1e-3,
                    "{next_word:?} would have fitted after {a:?}"
                );
            }
        }
        if let Some(last) = lines.last() {
            assert!(text_width(last, SIZE, false) <= max + 1e-3);
        }
        lines
    }

    #[test]
    fn wraps_to_the_width_and_keeps_every_word() {
        let text = "Police attended the address after a neighbour reported shouting. \
                    The officers spoke with the mother; the child was not seen. \
                    A referral to children's social care was not made.";
        for max in [60.0, 120.0, 200.0, 453.0] {
            let lines = check_greedy(text, max);
            assert_eq!(
                lines.join(" "),
                text.split_whitespace().collect::<Vec<_>>().join(" ")
            );
        }
        assert_eq!(wrap_text(text, SIZE, false, 10_000.0).len(), 1);
    }

    #[test]
    fn measured_line_matches_a_known_break() {
        // Three words whose first two fit exactly at their own width.
        let two = text_width("alpha beta", SIZE, false);
        let lines = wrap_text("alpha beta gamma", SIZE, false, two);
        assert_eq!(lines, vec!["alpha beta", "gamma"]);
        let lines = wrap_text("alpha beta gamma", SIZE, false, two - 0.5);
        assert_eq!(lines, vec!["alpha", "beta", "gamma"]);
    }

    #[test]
    fn keeps_explicit_newlines_and_blank_lines() {
        assert_eq!(wrap_text("a\n\nb", SIZE, false, 100.0), vec!["a", "", "b"]);
        assert_eq!(
            wrap_text("a\r\nb\rc", SIZE, false, 100.0),
            vec!["a", "b", "c"]
        );
        assert_eq!(wrap_text("", SIZE, false, 100.0), vec![""]);
        assert_eq!(wrap_text("   ", SIZE, false, 100.0), vec![""]);
        assert_eq!(
            wrap_text("  two   spaces ", SIZE, false, 100.0),
            vec!["two spaces"]
        );
    }

    #[test]
    fn breaks_after_a_hyphen_before_breaking_letters() {
        let max = text_width("agency multi-", SIZE, false) + 0.1;
        let lines = wrap_text("agency multi-agency meeting", SIZE, false, max);
        assert_eq!(lines, vec!["agency multi-", "agency", "meeting"]);
    }

    #[test]
    fn breaks_long_words_between_characters() {
        let word = "x".repeat(500);
        let lines = check_greedy(&word, 50.0);
        assert!(lines.len() > 5);
        assert_eq!(lines.concat(), word);
        for l in &lines[..lines.len() - 1] {
            // Full lines are as full as they can be.
            assert!(text_width(&format!("{l}x"), SIZE, false) > 50.0);
        }
    }

    #[test]
    fn never_splits_a_letter_from_its_accent() {
        let word = "e\u{301}".repeat(40);
        for line in wrap_text(&word, SIZE, false, 20.0) {
            assert!(line.starts_with('e'), "{line:?}");
        }
    }

    #[test]
    fn narrow_or_silly_widths_still_make_progress() {
        for max in [0.0, -5.0, 0.1, f32::NAN, f32::NEG_INFINITY] {
            let lines = wrap_text("abc def", SIZE, false, max);
            assert_eq!(lines.concat(), "abcdef");
        }
        assert_eq!(
            wrap_text("abc def", SIZE, false, f32::INFINITY),
            vec!["abc def"]
        );
    }

    #[test]
    fn ten_thousand_characters_wrap_quickly() {
        let cell = "Zoë’s ".repeat(1700);
        let start = std::time::Instant::now();
        let lines = wrap_text(&cell, 8.0, false, 120.0);
        assert!(lines.len() > 100);
        let one_word = "é".repeat(10_000);
        let lines2 = wrap_text(&one_word, 8.0, true, 120.0);
        assert_eq!(lines2.concat(), one_word);
        assert!(start.elapsed().as_secs() < 5);
    }
}
