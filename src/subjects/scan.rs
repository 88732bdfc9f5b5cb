//! Where names are found: the subject columns, and the first pass over the
//! records' free text for names next to role words, ages and titles.

use std::collections::{BTreeMap, BTreeSet};

use foldhash::{HashMap, HashMapExt};

use super::dob::dob_key;
use super::kin::{fixed_phrase, someone_elses, Gender, Kin, KinIndex};
use super::labels::Evidence;
use super::names::{
    age_hint, name_from_words, name_like, parse_column, title, words_of, ColumnItem, Kind, Name,
};
use super::not_names::is_not_name;
use super::prose::age_sex;
use super::resolve::{Resolver, Seen, ROLE_BASE, SOFT_TAG};
use super::text::Tokens;
use super::SubjectInput;
use crate::text::fold;

/// A name found in free text in the first pass.
#[derive(Debug, Clone)]
pub(super) struct Phrase {
    pub(super) name: Name,
    pub(super) seen: Seen,
    pub(super) ev: Evidence,
    /// Next to a role word or an age: a person even if never in a column.
    pub(super) anchored: bool,
    /// Records that open with the name and a colon or dash ("Poppy – 8
    /// week check"): the record is about that person.
    pub(super) leads: u32,
    /// The last record counted in `leads`.
    last_lead: usize,
    /// Records that write it with a title and no professional's word
    /// beside it ("Ms Williamson", not "SW Ms Patel" or "Mr Jones (head
    /// teacher)").
    pub(super) lay: Vec<usize>,
    /// Written with a title beside a professional's word at least once.
    pub(super) professional: bool,
}

impl Phrase {
    /// Whether the phrase names a person even if no column names them: a
    /// role word or an age beside it, or records that open with it (one
    /// record will do for a full name, two for a given name alone). A
    /// professional's name opening the records ("Dr Anjali Pillai - Face to
    /// face", a GP journal's author) is no anchor.
    pub(super) fn anchors(&self) -> bool {
        self.anchored
            || (!self.professional
                && (self.leads >= 2 || (self.leads >= 1 && self.name.kind == Kind::Full)))
    }

    /// Whether a titled name alone ("Ms Williamson") stands for a member of
    /// the household: a lay person in the records of two agencies or more
    /// (`agency_of` gives each record's agency), never written as a
    /// professional, or once when it is a child's surname ("Ms Bakare" where
    /// the child is Oluwaseun Bakare). A name one agency writes ("Mrs Walsh
    /// informed" in a school's log) may be its own staff.
    pub(super) fn household_adult(&self, agency_of: &[i64], childs_surname: bool) -> bool {
        if childs_surname && !self.lay.is_empty() {
            return !self.professional && self.name.gender != Gender::Unknown;
        }
        let mut agencies: Vec<i64> = self
            .lay
            .iter()
            .filter_map(|&pos| agency_of.get(pos).copied())
            .collect();
        agencies.sort_unstable();
        agencies.dedup();
        agencies.len() >= 2 && !self.professional && self.name.gender != Gender::Unknown
    }
}

/// A capitalised word found alone in free text (a possible nickname).
#[derive(Debug, Clone)]
pub(super) struct Single {
    pub(super) raw: String,
    pub(super) seen: Seen,
}

/// Counts of one written form of a name for one subject.
#[derive(Debug, Clone, Default)]
pub(super) struct VarAcc {
    pub(super) forms: BTreeMap<String, usize>,
    pub(super) count: usize,
    pub(super) conf: f32,
    pub(super) agencies: BTreeSet<i64>,
}

impl VarAcc {
    pub(super) fn note(
        &mut self,
        raw: &str,
        n: usize,
        conf: f32,
        agencies: impl IntoIterator<Item = i64>,
    ) {
        match self.forms.get_mut(raw) {
            Some(c) => *c += n,
            None => {
                self.forms.insert(raw.to_string(), n);
            }
        }
        self.count += n;
        if conf > self.conf {
            self.conf = conf;
        }
        self.agencies.extend(agencies);
    }

    pub(super) fn text(&self) -> String {
        let mut best: Option<(&String, usize)> = None;
        for (f, &c) in &self.forms {
            if best.is_none_or(|(_, bc)| c > bc) {
                best = Some((f, c));
            }
        }
        best.map(|(f, _)| f.clone()).unwrap_or_default()
    }
}

fn phrase_gap_ok(tk: &Tokens, k: usize) -> bool {
    let Some(t) = tk.tok(k) else {
        return false;
    };
    t.gap.space || (t.gap.dot && k > 0 && tk.toks[k - 1].len == 1)
}

/// The end of a name phrase starting at word `j` (up to three words).
pub(super) fn phrase_end(tk: &Tokens, kin: &KinIndex, j: usize) -> usize {
    let mut k = j;
    while k < tk.len() && k - j < 3 && name_like(tk, k, kin) && (k == j || phrase_gap_ok(tk, k)) {
        k += 1;
        if tk.toks[k - 1].possessive {
            break;
        }
    }
    k
}

/// The start of a name phrase ending just before word `s` (up to three).
pub(super) fn phrase_start(tk: &Tokens, kin: &KinIndex, s: usize) -> usize {
    let mut k = s;
    while k > 0 && s - k < 3 && name_like(tk, k - 1, kin) && (k == s || phrase_gap_ok(tk, k)) {
        if k != s && tk.toks[k - 1].possessive {
            break;
        }
        k -= 1;
    }
    k
}

/// A name phrase found in free text: words `from..to`, where it was first
/// seen, and what the words around it say of the person.
pub(super) struct Found<'e> {
    from: usize,
    to: usize,
    seen: Seen,
    /// The gender a title before it gives ("Ms").
    title_gender: Option<Gender>,
    /// What a kin word or an age beside it says.
    ev: Option<&'e Evidence>,
    /// True when a kin word or an age anchors it as one of the family.
    anchored: bool,
    /// The record opens with it, then a colon or a dash.
    lead: bool,
    /// With a title: Some(true) when no professional's word is beside it,
    /// Some(false) when one is.
    lay: Option<bool>,
}

impl<'e> Found<'e> {
    /// Words `from..to` with what a role word or an age beside them says
    /// (`ev`), and whether that anchors them as one of the family.
    pub(super) fn beside(
        from: usize,
        to: usize,
        seen: Seen,
        ev: Option<&'e Evidence>,
        anchored: bool,
    ) -> Self {
        Found {
            from,
            to,
            seen,
            title_gender: None,
            ev,
            anchored,
            lead: false,
            lay: None,
        }
    }
}

/// Notes a name phrase found in free text.
pub(super) fn add_phrase(
    phrases: &mut HashMap<String, Phrase>,
    tk: &Tokens,
    text: &str,
    found: Found<'_>,
) {
    let Found {
        from,
        to,
        seen,
        title_gender,
        ev,
        anchored,
        lead,
        lay,
    } = found;
    let words = words_of(tk, text, from, to);
    // "ROLFE Jayden (12)": a police log's surname in capitals first, as a
    // subject column writes it ("BROOKS Tyler"); never an acronym ("PPN
    // Tyler") or a word that is no name.
    let surname_first = words.len() == 2
        && words[0].upper
        && !words[1].upper
        && words[0].fold.chars().count() >= 3
        && words[0].fold.chars().any(|c| "aeiouy".contains(c))
        && !is_not_name(&words[0].fold);
    let Some(name) = name_from_words(&words, title_gender, surname_first) else {
        return;
    };
    if name.kind == Kind::Initials {
        return;
    }
    let key = name.key();
    let p = phrases.entry(key).or_insert_with(|| Phrase {
        name,
        seen,
        ev: Evidence::default(),
        anchored: false,
        leads: 0,
        last_lead: usize::MAX,
        lay: Vec::new(),
        professional: false,
    });
    if lead && p.last_lead != seen.0 {
        p.leads += 1;
        p.last_lead = seen.0;
    }
    match lay {
        Some(true) if p.lay.last() != Some(&seen.0) => p.lay.push(seen.0),
        Some(true) => {}
        Some(false) => p.professional = true,
        None => {}
    }
    // A rank or a professional's word right before the name ("DS Karen
    // FELL", "SW Hayley Grant").
    if from > 0 && super::not_names::is_professional_word(tk.fold(from - 1)) {
        p.professional = true;
    }
    if seen < p.seen {
        p.seen = seen;
    }
    if let Some(e) = ev {
        p.ev.add(e);
    }
    if let Some(g) = title_gender {
        p.ev.gender(g);
        p.ev.adult += 1;
    }
    p.anchored |= anchored;
}

impl<'k> Resolver<'k> {
    // ------------------------------------------------------------ columns

    pub(super) fn columns(&mut self, inputs: &[SubjectInput<'_>]) {
        let kin = self.kin;
        // Each distinct cell is parsed once: its items, with their keys and
        // the folded form of what was written.
        let mut cache: HashMap<&str, Vec<(ColumnItem, String, String)>> = HashMap::new();
        let mut cooc: BTreeSet<(usize, usize)> = BTreeSet::new();
        let mut here: Vec<usize> = Vec::new();
        self.col_off.push(0);
        for (pos, input) in inputs.iter().enumerate() {
            here.clear();
            for raw in &input.names {
                if !cache.contains_key(raw.as_str()) {
                    let items = parse_column(raw, &mut self.tk, kin)
                        .into_iter()
                        .map(|item| match &item {
                            ColumnItem::Person { name, display, .. } => {
                                let (k, f) = (name.key(), fold(display));
                                (item, k, f)
                            }
                            ColumnItem::Role(_) => (item, String::new(), String::new()),
                        })
                        .collect();
                    cache.insert(raw.as_str(), items);
                }
            }
            let persons: usize = input
                .names
                .iter()
                .filter_map(|raw| cache.get(raw.as_str()))
                .map(|items| {
                    items
                        .iter()
                        .filter(|i| matches!(i.0, ColumnItem::Person { .. }))
                        .count()
                })
                .sum();
            let written = input
                .dob
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty());
            let dob = if persons == 1 {
                written.and_then(dob_key)
            } else {
                None
            };
            let mut k = 0usize;
            for raw in &input.names {
                let Some(items) = cache.get(raw.as_str()) else {
                    continue;
                };
                for (item, key, folded) in items {
                    k += 1;
                    let (name, display, child, bracket_kin) = match item {
                        ColumnItem::Role(w) => {
                            self.col_items.push(ROLE_BASE + *w as u32);
                            continue;
                        }
                        ColumnItem::Person {
                            name,
                            display,
                            child,
                            kin,
                        } => (name, display, child, kin),
                    };
                    let found = self
                        .by_key
                        .get(key)
                        .and_then(|list| list.iter().copied().find(|&n| self.nodes[n].dob == dob));
                    let n = match found {
                        Some(n) => n,
                        None => {
                            if matches!(name.kind, Kind::Full | Kind::First) && !name.initial {
                                self.known_first.insert(name.first.clone());
                            }
                            if !name.last.is_empty() {
                                self.known_last.insert(name.last.clone());
                            }
                            self.add_node(name.clone(), dob.clone(), (pos, 0, k))
                        }
                    };
                    let node = &mut self.nodes[n];
                    node.column += 1;
                    if !input.adults_named {
                        node.child_column += 1;
                    }
                    if let (Some(_), Some(w)) = (&dob, written) {
                        match node.dob_written.get_mut(w) {
                            Some(c) => *c += 1,
                            None => {
                                node.dob_written.insert(w.to_string(), 1);
                            }
                        }
                    }
                    if let Some(c) = child {
                        node.ev.age(*c);
                    }
                    if let Some(w) = bracket_kin {
                        if let Some(kw) = kin.words.get(*w) {
                            node.ev.kin(kw.kin, kw.gender);
                        }
                    }
                    if name.titled {
                        node.ev.gender(name.gender);
                        node.ev.adult += 1;
                    }
                    let fkey = (n, folded.clone());
                    let acc = match self.forms.get_mut(&fkey) {
                        Some(acc) => acc,
                        None => self.forms.entry(fkey).or_default(),
                    };
                    acc.note(display, 1, 1.0, [input.agency]);
                    self.col_items.push(n as u32);
                    if !here.contains(&n) {
                        here.push(n);
                    }
                }
            }
            self.col_off.push(self.col_items.len());
            for a in 0..here.len() {
                for b in a + 1..here.len() {
                    cooc.insert((here[a].min(here[b]), here[a].max(here[b])));
                }
            }
        }
        // Names listed together in one column are different people (unless
        // the same given name with another surname: "Mia Brooks / Mia Marsh"
        // is an alias).
        let mut soft = SOFT_TAG;
        for (a, b) in cooc {
            let (na, nb) = (&self.nodes[a].name, &self.nodes[b].name);
            let alias = na.kind == Kind::Full
                && nb.kind == Kind::Full
                && na.first == nb.first
                && na.last != nb.last;
            if self.nodes[a].key == self.nodes[b].key || alias {
                continue;
            }
            let tag = soft;
            soft = soft.saturating_add(1);
            for (n, side) in [(a, false), (b, true)] {
                let list = &mut self.uf.tags[n];
                list.push((tag, side));
                list.sort_unstable();
            }
        }
    }
}

impl<'k> Resolver<'k> {
    // ------------------------------------------------------- text, pass 1

    pub(super) fn scan_texts(&mut self, inputs: &[SubjectInput<'_>]) {
        for (pos, input) in inputs.iter().enumerate() {
            self.tk.scan(&input.text);
            self.agency_of.push(input.agency);
            self.scan_one(pos, &input.text);
        }
    }

    fn scan_one(&mut self, pos: usize, text: &str) {
        let n = self.tk.len();
        let mut kin_until = 0usize;
        // The name a record opens with, and whether the record speaks of a
        // parent ("Poppy – 8 week immunisations: DNA. Mum phoned later"):
        // then the name is the child's.
        let mut lead_key: Option<String> = None;
        let mut parent_named = false;
        for i in 0..n {
            let t = self.tk.toks[i];
            let f = self.tk.fold(i);
            if t.digits && t.len == 4 {
                if let Ok(y) = f.parse::<usize>() {
                    if (1900..=2100).contains(&y) {
                        self.years[y - 1900] += 1;
                    }
                }
            }
            if !t.cap && t.alpha && t.len >= 2 && t.len <= 20 && !self.lower.contains(f) {
                self.lower.insert(f.to_string());
            }
            let seen = (pos, 1u8, i);
            // Role words, with a name after them or before them in brackets.
            if i >= kin_until {
                if let Some((w, len)) = self.kin.match_at(&self.tk, i) {
                    kin_until = i + len;
                    let kin_of = self.kin.words[w].kin;
                    parent_named |= matches!(kin_of, Kin::Mother | Kin::Father);
                    let other = (i > 0
                        && self.tk.toks[i].gap.space
                        && someone_elses(self.tk.fold(i - 1), kin_of))
                        || (self.tk.toks[i + len - 1].possessive
                            && fixed_phrase(self.tk.fold(i + len)));
                    if other {
                        // "his aunt Sharon Keane": someone else's relative,
                        // whose name still names a person of the family.
                        let j = i + len;
                        if self.tk.tok(j).is_some_and(|t| t.gap.space) {
                            let end = phrase_end(&self.tk, self.kin, j);
                            if end > j {
                                add_phrase(
                                    &mut self.phrases,
                                    &self.tk,
                                    text,
                                    Found::beside(j, end, seen, None, true),
                                );
                            }
                        }
                    }
                    if !other {
                        let kw = self.kin.words[w].clone();
                        let mut ev = Evidence::default();
                        ev.kin(kw.kin, kw.gender);
                        let j = i + len;
                        if let Some(tj) = self.tk.tok(j) {
                            let bracket = tj.gap.open;
                            if tj.gap.space || bracket {
                                let end = phrase_end(&self.tk, self.kin, j);
                                let closed =
                                    !bracket || self.tk.tok(end).is_none_or(|t| t.gap.close);
                                if end > j && closed {
                                    add_phrase(
                                        &mut self.phrases,
                                        &self.tk,
                                        text,
                                        Found::beside(j, end, seen, Some(&ev), true),
                                    );
                                }
                            }
                        }
                        let s = if i > 0
                            && self.tk.toks[i - 1].possessive
                            && self.tk.toks[i].gap.space
                            && name_like(&self.tk, i - 1, self.kin)
                        {
                            i - 1
                        } else {
                            i
                        };
                        if s > 0
                            && self.tk.toks[s].gap.open
                            && self.tk.tok(j).is_none_or(|t| t.gap.close)
                        {
                            let start = phrase_start(&self.tk, self.kin, s);
                            if start < s {
                                add_phrase(
                                    &mut self.phrases,
                                    &self.tk,
                                    text,
                                    Found::beside(start, s, seen, Some(&ev), true),
                                );
                            }
                        }
                    }
                }
            }
            // A pregnancy's weeks after a name ("Sophie 27/40", "Shannon
            // (34/40)"): a woman, no child of the family.
            if t.digits
                && i > 0
                && self.tk.tok(i + 1).is_some_and(|n| {
                    n.digits
                        && self.tk.fold(i + 1) == "40"
                        && text.get(t.raw.1..n.raw.0) == Some("/")
                })
                && self
                    .tk
                    .fold(i)
                    .parse::<u32>()
                    .is_ok_and(|w| (4..=42).contains(&w))
            {
                self.aged_name(text, i, pos, Some(seen), false);
            }
            // A baby's weeks or months after a name ("Harley 4/52", "Harley
            // TOLLEY 7/52", "Ava 9/12"): a child of the family.
            if t.digits
                && i > 0
                && !t.gap.open
                && self.tk.tok(i + 1).is_some_and(|n| {
                    n.digits
                        && text.get(t.raw.1..n.raw.0) == Some("/")
                        // "10/12/22" is a date, not ten months.
                        && !text.get(n.raw.1..).is_some_and(|rest| {
                            let mut c = rest.chars();
                            matches!(c.next(), Some('/' | '.' | '-'))
                                && c.next().is_some_and(|d| d.is_ascii_digit())
                        })
                        && match self.tk.fold(i + 1) {
                            "52" => self
                                .tk
                                .fold(i)
                                .parse::<u32>()
                                .is_ok_and(|w| (1..=52).contains(&w)),
                            "12" => self
                                .tk
                                .fold(i)
                                .parse::<u32>()
                                .is_ok_and(|m| (1..=11).contains(&m)),
                            _ => false,
                        }
                })
            {
                self.aged_name(text, i, pos, Some(seen), true);
            }
            // An age in brackets after a name: "Tyler (3)", "Mia (7 wks)";
            // never a numbered item after a colon ("Actions: (1) SW to
            // visit").
            if t.digits && t.gap.open && !t.gap.brk && i > 0 {
                for k in i + 1..=(i + 3).min(n) {
                    let closes = self.tk.tok(k).is_none_or(|t| t.gap.close);
                    if closes {
                        if let Some(child) = age_hint(&self.tk, i, k) {
                            self.aged_name(text, i, pos, Some(seen), child);
                        }
                        break;
                    }
                }
            }
            // A title before a name: "Ms Brooks", "Mr Dean Marsh".
            let f = self.tk.fold(i);
            if t.cap {
                if let Some(g) = title(f) {
                    if let Some(tj) = self.tk.tok(i + 1) {
                        if tj.gap.space || tj.gap.dot {
                            let end = phrase_end(&self.tk, self.kin, i + 1);
                            if end > i + 1 {
                                let lay = f != "dr" && !self.professional_beside(i, end);
                                let lead = i == 0 && self.lead_after(end);
                                add_phrase(
                                    &mut self.phrases,
                                    &self.tk,
                                    text,
                                    Found {
                                        from: i + 1,
                                        to: end,
                                        seen,
                                        title_gender: Some(g),
                                        ev: None,
                                        anchored: false,
                                        lead,
                                        lay: Some(lay),
                                    },
                                );
                            }
                        }
                    }
                    continue;
                }
            }
            // An age after a comma: "Logan Williamson, 4, brought by
            // mother", "Logan, aged 4".
            if t.gap.comma && i > 0 {
                let aged = f == "aged";
                let at = if aged && self.tk.tok(i + 1).is_some_and(|n| n.digits) {
                    i + 1
                } else {
                    i
                };
                if self.tk.toks[at].digits {
                    self.comma_age(pos, text, i, at);
                }
            }
            // An age and sex before a name in brackets, as emergency
            // departments write: "28F (Zoë Fairbairn)", "4M (Jack Reed)".
            if let Some((age, g)) = age_sex(self.tk.fold(i)) {
                self.age_sex_name(pos, text, i, age, g);
            }
            // Initials with the full name in brackets: "JC (John Cole)".
            if t.upper && (2..=3).contains(&t.len) && t.alpha {
                self.initials_spelt_out(pos, text, i);
            }
            let f = self.tk.fold(i);
            if !name_like(&self.tk, i, self.kin) {
                continue;
            }
            // A record that opens with a name and a colon or dash: "Poppy –
            // 8 week immunisations", "Zoë – ED letter".
            if i == 0 {
                let end = phrase_end(&self.tk, self.kin, 0);
                let lead = self.lead_after(end);
                if end > 0 && lead {
                    let words = words_of(&self.tk, text, 0, end);
                    lead_key = name_from_words(&words, None, false).map(|n| n.key());
                    add_phrase(
                        &mut self.phrases,
                        &self.tk,
                        text,
                        Found {
                            from: 0,
                            to: end,
                            seen,
                            title_gender: None,
                            ev: None,
                            anchored: false,
                            lead: true,
                            lay: None,
                        },
                    );
                }
            }
            // Two name words, one of them known: "Kaleigh Brooks".
            if name_like(&self.tk, i + 1, self.kin) && phrase_gap_ok(&self.tk, i + 1) {
                let f2 = self.tk.fold(i + 1);
                let starts_name =
                    i == 0 || !(name_like(&self.tk, i - 1, self.kin) && phrase_gap_ok(&self.tk, i));
                // A surname in capitals after a given name is the police's
                // way of writing a person ("Nathan LOWRY"): a phrase to
                // weigh, a person when the surname is the family's.
                let shouted = self.tk.toks[i + 1].upper && !t.upper && self.tk.toks[i + 1].len >= 2;
                if starts_name
                    && (self.known_first.contains(f) || self.known_last.contains(f2) || shouted)
                {
                    add_phrase(
                        &mut self.phrases,
                        &self.tk,
                        text,
                        Found::beside(i, i + 2, seen, None, false),
                    );
                }
            }
            // Every given-name-like word: how often it stands alone.
            if t.len >= 2 && !t.upper {
                self.count_word(pos, i, text);
            }
            let f = self.tk.fold(i);
            // A capitalised word on its own: perhaps a nickname.
            if t.len >= 2
                && !t.upper
                && !self.known_first.contains(f)
                && !self.known_last.contains(f)
                && !self.singles.contains_key(f)
            {
                let raw = self.tk.raw(text, i).to_string();
                self.singles.insert(f.to_string(), Single { raw, seen });
            }
        }
        if let (Some(key), true) = (lead_key, parent_named) {
            if let Some(p) = self.phrases.get_mut(&key) {
                if p.name.kind == Kind::First {
                    p.ev.age(true);
                }
            }
        }
    }

    /// The name ending just before word `i`, where an age stands that says
    /// a child (or an adult): "Tyler (3)", "Logan Williamson, 4,". It was
    /// seen at `seen`, or where the name starts in record `pos` if `None`.
    pub(super) fn aged_name(
        &mut self,
        text: &str,
        i: usize,
        pos: usize,
        seen: Option<Seen>,
        child: bool,
    ) {
        let start = phrase_start(&self.tk, self.kin, i);
        if start < i {
            let mut ev = Evidence::default();
            ev.age(child);
            add_phrase(
                &mut self.phrases,
                &self.tk,
                text,
                // An adult's age anchors a full name ("Megan Lambert, 19,
                // care leaver"); a single word with an adult's age may be
                // anything ("Ward 7", "Room, 19").
                Found::beside(
                    start,
                    i,
                    seen.unwrap_or((pos, 1, start)),
                    Some(&ev),
                    child || i - start >= 2,
                ),
            );
        }
    }

    /// The year the records are about: the upper quartile of the years the
    /// texts mention (dates of birth in the text pull the median down).
    pub(super) fn reference_year(&self) -> Option<i32> {
        let total: u64 = self.years.iter().sum();
        if total == 0 {
            return None;
        }
        let mut acc = 0u64;
        for (i, &c) in self.years.iter().enumerate() {
            acc += c;
            if acc * 4 >= total * 3 {
                return Some(1900 + i as i32);
            }
        }
        None
    }
}
