//! The two embedded faces (Noto Sans Regular and Bold, SIL Open Font Licence,
//! see `assets/fonts/OFL.txt`) and their metrics.
//!
//! Everything is measured with the advance widths from the fonts' own `hmtx`
//! tables, which are the widths the PDF viewer uses, so a line measured here
//! is exactly as wide on the page. There is no kerning and no shaping: each
//! character is one glyph.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::OnceLock;

use printpdf::ParsedFont;

/// Noto Sans Regular, embedded in every report.
pub(crate) static REGULAR_TTF: &[u8] = include_bytes!("../../../assets/fonts/NotoSans-Regular.ttf");
/// Noto Sans Bold, embedded in every report.
pub(crate) static BOLD_TTF: &[u8] = include_bytes!("../../../assets/fonts/NotoSans-Bold.ttf");

/// Code points below this are looked up in a flat table.
const DENSE: usize = 0x2200;
/// Marks a code point the face has no glyph for, in the flat table.
const MISSING: u16 = u16::MAX;

/// One face: the parsed font printpdf embeds, and its metrics.
pub(crate) struct Face {
    /// The parsed font, `None` if it could not be parsed (never for the
    /// shipped fonts; kept so that nothing panics).
    pub(crate) font: Option<ParsedFont>,
    units_per_em: f32,
    /// Ascender above the baseline, in em.
    pub(crate) ascent: f32,
    /// Descender below the baseline, in em (positive).
    pub(crate) descent: f32,
    dense: Vec<u16>,
    sparse: BTreeMap<u32, u16>,
    /// What stands in for a character the face cannot show.
    replacement: char,
}

impl Face {
    fn load(bytes: &[u8]) -> Face {
        let mut warnings = Vec::new();
        let font = ParsedFont::from_bytes(bytes, 0, &mut warnings);
        let mut face = Face {
            font: None,
            units_per_em: 1000.0,
            ascent: 1.069,
            descent: 0.293,
            dense: vec![MISSING; DENSE],
            sparse: BTreeMap::new(),
            replacement: '?',
        };
        let Some(font) = font else {
            return face;
        };
        if font.units_per_em > 0 {
            face.units_per_em = f32::from(font.units_per_em);
        }
        face.ascent = f32::from(font.font_metrics.ascent) / face.units_per_em;
        face.descent = (f32::from(font.font_metrics.descent) / face.units_per_em).abs();
        for (&cp, &gid) in &font.codepoint_to_glyph {
            let Some(&advance) = font.glyph_widths.get(&gid) else {
                continue;
            };
            // A glyph's advance of u16::MAX units is not a real font; clamp so
            // that the marker stays unambiguous.
            let advance = advance.min(MISSING - 1);
            match usize::try_from(cp) {
                Ok(i) if i < DENSE => face.dense[i] = advance,
                _ => {
                    face.sparse.insert(cp, advance);
                }
            }
        }
        face.replacement = if face.advance_units('\u{FFFD}').is_some() {
            '\u{FFFD}'
        } else {
            '?'
        };
        face.font = Some(font);
        face
    }

    /// The advance of `c` in font units, `None` when the face lacks it.
    fn advance_units(&self, c: char) -> Option<u16> {
        let cp = c as usize;
        if cp < DENSE {
            let a = self.dense[cp];
            (a != MISSING).then_some(a)
        } else {
            self.sparse.get(&(cp as u32)).copied()
        }
    }

    /// Whether the face has a glyph for `c`.
    pub(crate) fn has(&self, c: char) -> bool {
        self.advance_units(c).is_some()
    }

    /// The advance of `c` in em, after [`Face::printable`] substitution.
    pub(crate) fn advance_em(&self, c: char) -> f32 {
        match self.printable(c) {
            Some(p) => self
                .advance_units(p)
                .map(|a| f32::from(a) / self.units_per_em)
                .unwrap_or(0.5),
            None => 0.0,
        }
    }

    /// What the face will draw for `c`: `c` itself, the replacement
    /// character when the face lacks it, a space for a tab, or nothing for
    /// control and invisible formatting characters.
    pub(crate) fn printable(&self, c: char) -> Option<char> {
        match c {
            '\t' => Some(' '),
            '\u{AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => None,
            c if c.is_control() => None,
            c if self.has(c) => Some(c),
            // Unusual spaces become plain ones rather than boxes.
            c if c.is_whitespace() => Some(' '),
            _ => Some(self.replacement),
        }
    }

    /// `text` as the face will draw it (see [`Face::printable`]).
    pub(crate) fn clean<'a>(&self, text: &'a str) -> Cow<'a, str> {
        if text.chars().all(|c| self.printable(c) == Some(c)) {
            Cow::Borrowed(text)
        } else {
            Cow::Owned(text.chars().filter_map(|c| self.printable(c)).collect())
        }
    }

    /// The width of `text` at `size` points, in points.
    pub(crate) fn width(&self, text: &str, size: f32) -> f32 {
        let em: f32 = text.chars().map(|c| self.advance_em(c)).sum();
        em * sane_size(size)
    }
}

/// Both faces, parsed once.
pub(crate) struct Faces {
    pub(crate) regular: Face,
    pub(crate) bold: Face,
}

impl Faces {
    /// The face for `bold`.
    pub(crate) fn get(&self, bold: bool) -> &Face {
        if bold {
            &self.bold
        } else {
            &self.regular
        }
    }
}

/// The embedded faces, parsed on first use.
pub(crate) fn faces() -> &'static Faces {
    static FACES: OnceLock<Faces> = OnceLock::new();
    FACES.get_or_init(|| Faces {
        regular: Face::load(REGULAR_TTF),
        bold: Face::load(BOLD_TTF),
    })
}

/// A font size that is usable: finite and between 1 and 500 points, else 10.
pub(crate) fn sane_size(size: f32) -> f32 {
    if size.is_finite() && size > 0.0 {
        size.clamp(1.0, 500.0)
    } else {
        10.0
    }
}

/// The width in points of `text` set in the embedded sans-serif at `size`
/// points, regular or bold, exactly as it will be drawn (characters the font
/// lacks count as the replacement character that is drawn instead; control
/// characters count as nothing).
pub fn text_width(text: &str, size: f32, bold: bool) -> f32 {
    faces().get(bold).width(text, size)
}

/// The distance from the baseline to the top of the tallest glyphs
/// (ascender), in points, for text of `size` points.
pub fn ascent(size: f32, bold: bool) -> f32 {
    faces().get(bold).ascent * sane_size(size)
}

/// The distance from the baseline to the bottom of descending glyphs, in
/// points (a positive number), for text of `size` points.
pub fn descent(size: f32, bold: bool) -> f32 {
    faces().get(bold).descent * sane_size(size)
}

/// `text` cut to fit `max_width` points, ending in "…" when cut.
pub fn truncate_to_width(text: &str, size: f32, bold: bool, max_width: f32) -> String {
    let face = faces().get(bold);
    let clean = face.clean(text);
    let text = clean.replace('\n', " ");
    if face.width(&text, size) <= max_width {
        return text;
    }
    let ellipsis = face.width("…", size);
    let mut out = String::new();
    let mut used = 0.0;
    for c in text.chars() {
        let w = face.advance_em(c) * sane_size(size);
        if used + w + ellipsis > max_width {
            break;
        }
        used += w;
        out.push(c);
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_faces_parse_and_cover_the_report_characters() {
        let f = faces();
        assert!(f.regular.font.is_some());
        assert!(f.bold.font.is_some());
        for c in "Climbié Zoë ‘’“”–—£…€ŁódźŞçÿΩЖ".chars() {
            assert!(f.regular.has(c), "regular lacks {c:?}");
            assert!(f.bold.has(c), "bold lacks {c:?}");
        }
    }

    #[test]
    fn widths_come_from_the_font() {
        // Noto Sans has 1000 units per em; 'l' is narrower than 'W', and bold
        // is wider than regular.
        assert!(text_width("l", 10.0, false) < text_width("W", 10.0, false));
        assert!(text_width("Review", 10.0, true) > text_width("Review", 10.0, false));
        // Widths scale with size and add up.
        let a = text_width("ab", 10.0, false);
        assert!((text_width("ab", 20.0, false) - 2.0 * a).abs() < 1e-3);
        assert!((a - text_width("a", 10.0, false) - text_width("b", 10.0, false)).abs() < 1e-4);
        assert_eq!(text_width("", 10.0, false), 0.0);
    }

    #[test]
    fn odd_characters_are_replaced_not_dropped() {
        let face = &faces().regular;
        assert_eq!(face.clean("a\tb\u{7}c\u{AD}"), "a bc");
        // A private-use character is not in the font.
        let cleaned = face.clean("x\u{E000}y");
        assert_eq!(cleaned.chars().count(), 3);
        assert!(text_width("\u{E000}", 10.0, false) > 0.0);
    }

    #[test]
    fn silly_sizes_do_not_break_anything() {
        for size in [0.0, -3.0, f32::NAN, f32::INFINITY, 1e30] {
            let w = text_width("abc", size, false);
            assert!(w.is_finite() && w > 0.0);
        }
    }

    #[test]
    fn truncation_fits_and_marks_the_cut() {
        let long = "A very long running title that will not fit in the footer";
        let t = truncate_to_width(long, 8.0, false, 100.0);
        assert!(t.ends_with('…'));
        assert!(text_width(&t, 8.0, false) <= 100.0);
        assert_eq!(truncate_to_width("short", 8.0, false, 100.0), "short");
        assert_eq!(truncate_to_width(long, 8.0, false, 0.0), "…");
    }
}
