//! Names in third-person prose with no subject column: the anchors a
//! chronology gives besides role words and bracketed ages — an age after a
//! comma ("Logan Williamson, 4,"), "28F (Zoë Fairbairn)", initials spelt
//! out ("JC (John Cole)"), titled names beside no professional's word,
//! records that open with a name and a dash, and given names written often
//! and on their own.

use super::kin::Gender;
use super::labels::Evidence;
use super::names::{age_hint, name_like, title};
use super::not_names::is_professional_word;
use super::resolve::{Resolver, Seen};
use super::scan::{add_phrase, phrase_end, Found};

/// A capitalised word of the texts, counted: a given name written often
/// and always on its own ("Seun brought by Mum", "Seun's left arm") is a
/// person even when no role word, age or column says so.
#[derive(Debug, Clone)]
pub(super) struct Frequent {
    pub(super) raw: String,
    pub(super) seen: Seen,
    /// Records it is in.
    pub(super) records: usize,
    last: usize,
    /// Times on its own.
    pub(super) alone: usize,
    /// Times beside another name word, or after a word that introduces a
    /// place ("in Sarn", "at Bridgend").
    pub(super) other: usize,
    /// Times written as a professional: after a rank or role ("DS Heeley",
    /// "SW A. Osei") or before one in brackets ("A. Osei (SW)").
    pub(super) staff: usize,
    /// Times capitalised in the middle of a sentence (a word that only
    /// starts sentences, "Existing injury: …", is no name).
    pub(super) mid: usize,
}

impl Frequent {
    /// Whether the word reads as a person's given name: in three records or
    /// more, capitalised mid-sentence at least once, and nearly always on its
    /// own (at least three times in four: "the mother of Craig" once does
    /// not make Craig a place).
    pub(super) fn person(&self) -> bool {
        self.records >= 3 && self.mid > 0 && self.other * 3 <= self.alone && self.staff == 0
    }
}

/// Words before a capitalised word that make it a place.
const PLACE_WORDS: &[&str] = &[
    "in", "at", "to", "from", "near", "of", "into", "via", "towards", "around", "outside",
];

/// Words before a capitalised word that make it a language ("can't speak
/// English", "limited English").
const LANGUAGE_BEFORE: &[&str] = &[
    "speak", "speaks", "spoke", "speaking", "limited", "little", "basic", "poor", "broken",
    "fluent", "read", "write",
];

/// Words after a capitalised word that make it a language ("English
/// speaking", "Polish interpreter").
const LANGUAGE_AFTER: &[&str] = &[
    "speaking",
    "speaker",
    "speakers",
    "language",
    "interpreter",
    "interpreting",
    "translation",
];

/// Words after a capitalised word that make it a street, a building or an
/// organisation ("Ashby Road", "Jubilee House", "Oakfield Primary").
const STREET_WORDS: &[&str] = &[
    "road",
    "rd",
    "street",
    "st",
    "lane",
    "ln",
    "avenue",
    "ave",
    "close",
    "drive",
    "way",
    "court",
    "crescent",
    "place",
    "terrace",
    "gardens",
    "grove",
    "hill",
    "park",
    "square",
    "estate",
    "house",
    "flats",
    "walk",
    "row",
    "mews",
    "green",
    "view",
    "rise",
    "primary",
    "school",
    "academy",
    "college",
    "nursery",
    "infants",
    "juniors",
    "surgery",
    "practice",
    "hospital",
    "health",
    "medical",
    "police",
    "council",
    "centre",
    "center",
    "homes",
    "housing",
    "trust",
    "services",
    "aid",
    "university",
    "general",
];

impl<'k> Resolver<'k> {
    /// Counts a capitalised word for [`Frequent`]: the records it is in,
    /// and whether it stands alone there (not part of "Ravensby General",
    /// not after "in", "at" or "to" as a place is).
    pub(super) fn count_word(&mut self, pos: usize, i: usize, text: &str) {
        let tk = &self.tk;
        let beside = |k: usize| name_like(tk, k, self.kin) && tk.toks[k].gap.space;
        let joined = (i > 0
            && tk.toks[i].gap.space
            && (name_like(tk, i - 1, self.kin) || title(tk.fold(i - 1)).is_some()))
            || (i + 1 < tk.len() && beside(i + 1));
        let placed = (i > 0
            && tk.toks[i].gap.space
            && (PLACE_WORDS.contains(&tk.fold(i - 1))
                || LANGUAGE_BEFORE.contains(&tk.fold(i - 1))
                || tk.toks[i - 1].digits))
            || (i + 1 < tk.len() && LANGUAGE_AFTER.contains(&tk.fold(i + 1)))
            || (i + 1 < tk.len()
                && tk.toks[i + 1].gap.space
                && STREET_WORDS.contains(&tk.fold(i + 1)));
        // "DS Heeley", "SW A. Osei", "A. Osei (SW)": one of the staff.
        let initial = |k: usize| tk.toks[k].len == 1 && tk.toks[k].alpha;
        let role_before = |k: usize| !tk.toks[k + 1].gap.brk && is_professional_word(tk.fold(k));
        // A role in brackets after the name, within its first three words
        // ("A Birks (Named Nurse)").
        let role_after = tk.tok(i + 1).is_some_and(|t| t.gap.open)
            && (i + 1..(i + 4).min(tk.len()))
                .take_while(|&k| k == i + 1 || tk.toks[k].gap.space)
                .any(|k| is_professional_word(tk.fold(k)));
        let staff = (i > 0 && role_before(i - 1))
            || (i > 1 && initial(i - 1) && role_before(i - 2))
            || role_after;
        let f = tk.fold(i);
        let w = match self.frequent.get_mut(f) {
            Some(w) => w,
            None => self
                .frequent
                .entry(f.to_string())
                .or_insert_with(|| Frequent {
                    raw: tk.raw(text, i).to_string(),
                    seen: (pos, 1, i),
                    records: 0,
                    last: usize::MAX,
                    alone: 0,
                    other: 0,
                    staff: 0,
                    mid: 0,
                }),
        };
        if staff {
            w.staff += 1;
        }
        if w.last != pos {
            w.records += 1;
            w.last = pos;
        }
        if joined || placed {
            w.other += 1;
        } else {
            w.alone += 1;
        }
        if i > 0 && !tk.toks[i].gap.brk {
            w.mid += 1;
        }
    }

    /// Whether the words before `end` are followed by a colon or a dash
    /// (the record is about them).
    pub(super) fn lead_after(&self, end: usize) -> bool {
        self.tk.tok(end).is_some_and(|t| t.gap.lead)
    }

    /// Whether a professional's word stands just before the title at
    /// `title_at` ("SW Ms Patel") or just after the name ending at `end`
    /// ("Mr Jones (head teacher)", "Mrs Khan, DSL", "Mr Ahmed, social
    /// worker").
    pub(super) fn professional_beside(&self, title_at: usize, end: usize) -> bool {
        let tk = &self.tk;
        let before = title_at > 0
            && !tk.toks[title_at].gap.brk
            && is_professional_word(tk.fold(title_at - 1));
        let after = tk.tok(end).is_some_and(|t| t.gap.open || t.gap.comma)
            && (end..(end + 3).min(tk.len()))
                .take_while(|&k| k == end || tk.toks[k].gap.space)
                .any(|k| is_professional_word(tk.fold(k)));
        before || after
    }

    /// An age after a comma, its number at word `at` (word `i` is the
    /// first word after the comma: the number, or "aged").
    pub(super) fn comma_age(&mut self, pos: usize, text: &str, i: usize, at: usize) {
        let n = self.tk.len();
        let mut k = at + 1;
        while k < n && k - at < 3 && self.tk.toks[k].gap.space && !self.tk.toks[k].cap {
            k += 1;
        }
        // The age ends at a comma, a bracket, a break or the end.
        let closes = self
            .tk
            .tok(k)
            .is_none_or(|t| t.gap.comma || t.gap.close || t.gap.brk || t.gap.open);
        let Some(child) = (at + 1..=k)
            .rev()
            .find_map(|e| age_hint(&self.tk, at, e).filter(|_| closes || e < k))
        else {
            return;
        };
        // Every word up to the close is part of the age: "Irrigated, 4
        // sutures." is a count, not a child.
        if age_hint(&self.tk, at, k).is_none() {
            return;
        }
        self.aged_name(text, i, pos, None, child);
    }

    /// The name in brackets after an age and sex at word `i`.
    pub(super) fn age_sex_name(&mut self, pos: usize, text: &str, i: usize, age: u32, g: Gender) {
        if !self.tk.tok(i + 1).is_some_and(|t| t.gap.open) {
            return;
        }
        let end = phrase_end(&self.tk, self.kin, i + 1);
        if end < i + 2 || !self.tk.tok(end).is_none_or(|t| t.gap.close) {
            return;
        }
        let mut ev = Evidence::default();
        ev.age(age < 18);
        ev.gender(g);
        add_phrase(
            &mut self.phrases,
            &self.tk,
            text,
            Found::beside(i + 1, end, (pos, 1, i + 1), Some(&ev), true),
        );
    }

    /// Initials at word `i` followed by the full name in brackets ("JC
    /// (John Cole)"): the full name is a person's.
    pub(super) fn initials_spelt_out(&mut self, pos: usize, text: &str, i: usize) {
        let tk = &self.tk;
        if !tk.tok(i + 1).is_some_and(|t| t.gap.open) {
            return;
        }
        let end = phrase_end(tk, self.kin, i + 1);
        if end < i + 3 || !tk.tok(end).is_none_or(|t| t.gap.close) {
            return;
        }
        let letters: String = (i + 1..end)
            .filter_map(|k| tk.fold(k).chars().next())
            .collect();
        let initials = tk.fold(i);
        let fits = letters == initials
            || (initials.len() == 2
                && letters.starts_with(&initials[..1])
                && letters.ends_with(&initials[1..]));
        if !fits {
            return;
        }
        add_phrase(
            &mut self.phrases,
            &self.tk,
            text,
            Found::beside(i + 1, end, (pos, 1, i + 1), None, true),
        );
    }
}

/// An age and sex written as one word ("28f", "4m"): the age and gender.
pub(super) fn age_sex(folded: &str) -> Option<(u32, Gender)> {
    let last = folded.chars().last()?;
    let (digits, sex) = folded.split_at(folded.len() - last.len_utf8());
    if digits.is_empty() || digits.len() > 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let g = match sex {
        "f" => Gender::Female,
        "m" => Gender::Male,
        _ => return None,
    };
    Some((digits.parse().ok().filter(|a| *a <= 120)?, g))
}
