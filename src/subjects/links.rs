//! Which records mention which subjects: the index of names and role words
//! looked up in each record, and the links with their confidence.

use std::collections::{BTreeMap, BTreeSet};

use foldhash::{HashMap, HashMapExt, HashSet};

use super::kin::{fixed_phrase, someone_elses, Kin, KinIndex};
use super::labels::{role_target, slot_subjects, Info};
use super::names::{name_like, title, titles_for, Kind};
use super::resolve::{Resolver, INITIAL_STOP};
use super::scan::VarAcc;
use super::text::Tokens;
use super::{LinkSource, Subject};
use crate::text::{fold, strip_accent};

/// A pattern of the text index.
#[derive(Debug, Clone)]
pub(super) struct Pat {
    /// The words after the first.
    rest: Vec<String>,
    /// For role phrases: which words must be possessive.
    poss: Vec<bool>,
    pub(super) kind: PatKind,
    pub(super) subject: usize,
    pub(super) conf: f32,
    /// "BROOKS, Tyler": a comma may separate the first two words.
    comma: bool,
}

/// The patterns starting with one word: by their second word, and those of
/// one word.
#[derive(Debug, Default)]
struct Entry {
    by_next: HashMap<String, Vec<Pat>>,
    single: Vec<Pat>,
}

/// The text index: a token-level trie two words deep, so each word of a text
/// costs a hash lookup or two whatever the number of names.
#[derive(Debug, Default)]
pub(super) struct Index {
    words: HashMap<String, Entry>,
}

impl Index {
    fn contains(&self, word: &str) -> bool {
        self.words.contains_key(word)
    }

    /// The patterns that may match at word `i`, longest first.
    pub(super) fn candidates<'a>(&'a self, tk: &Tokens, i: usize) -> impl Iterator<Item = &'a Pat> {
        let entry = self.words.get(tk.fold(i));
        let longer = entry
            .and_then(|e| {
                if i + 1 < tk.len() {
                    e.by_next.get(tk.fold(i + 1))
                } else {
                    None
                }
            })
            .map(|v| v.as_slice())
            .unwrap_or(&[]);
        let single = entry.map(|e| e.single.as_slice()).unwrap_or(&[]);
        longer.iter().chain(single.iter())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum PatKind {
    Name,
    First,
    Surname,
    Initials,
    Role { generic: bool, kin: Kin },
}

/// How many words pattern `p` matches at word `i`, if it matches: its own
/// length, or more for a given name followed by middle names and the
/// subject's surname ("Tyler James Brooks").
pub(super) fn matches(
    tk: &Tokens,
    i: usize,
    p: &Pat,
    index: &Index,
    kin: &KinIndex,
    adult_tokens: &HashSet<String>,
    surnames: &[HashSet<String>],
) -> Option<usize> {
    let t0 = tk.tok(i)?;
    let len = 1 + p.rest.len();
    for (k, word) in p.rest.iter().enumerate() {
        let j = i + 1 + k;
        let t = tk.tok(j)?;
        if tk.fold(j) != word {
            return None;
        }
        let prev_short = tk.toks[j - 1].len == 1 || title(tk.fold(j - 1)).is_some();
        let gap_ok = t.gap.space || (t.gap.dot && prev_short) || (t.gap.comma && p.comma && k == 0);
        if !gap_ok {
            return None;
        }
        if let Some(&must) = p.poss.get(k + 1) {
            if must && !t.possessive {
                return None;
            }
        }
        if tk.toks[j - 1].possessive && !p.poss.get(k).copied().unwrap_or(false) {
            return None;
        }
    }
    if let Some(&must) = p.poss.first() {
        if must && !t0.possessive {
            return None;
        }
    }
    let unknown_name = |j: usize| name_like(tk, j, kin) && !index.contains(tk.fold(j));
    match p.kind {
        PatKind::Name => Some(len),
        PatKind::First => {
            if !t0.cap {
                return None;
            }
            let followed = |j: usize| {
                tk.tok(j)
                    .is_some_and(|nx| nx.gap.space && !tk.toks[j - 1].possessive && unknown_name(j))
            };
            if !followed(i + 1) {
                return Some(len);
            }
            // Another word follows: middle names then the surname, or
            // someone else ("Dean Smith").
            let theirs = surnames.get(p.subject);
            for k in [i + 2, i + 3] {
                let last = tk.tok(k)?;
                if last.gap.space && theirs.is_some_and(|s| s.contains(tk.fold(k))) {
                    return Some(k + 1 - i);
                }
                if !followed(k) {
                    return None;
                }
            }
            None
        }
        // A surname straight after a given name belongs to that name's
        // person ("Hamzah Khan" is the child, not Mr Khan).
        PatKind::Surname => (t0.cap
            && !(i > 0
                && t0.gap.space
                && (name_like(tk, i - 1, kin) || title(tk.fold(i - 1)).is_some())))
        .then_some(len),
        PatKind::Initials => t0.upper.then_some(len),
        PatKind::Role { generic, kin: k } => {
            let last = i + p.rest.len();
            if tk.toks[last].possessive && fixed_phrase(tk.fold(last + 1)) {
                return None;
            }
            if i > 0 && t0.gap.space {
                let prev = tk.fold(i - 1);
                if someone_elses(prev, k) {
                    return None;
                }
                if tk.toks[i - 1].possessive && adult_tokens.contains(prev) {
                    return None;
                }
            }
            if generic {
                if let Some(nx) = tk.tok(last + 1) {
                    let f = tk.fold(last + 1);
                    if nx.gap.space
                        && matches!(
                            f,
                            "agency"
                                | "agencies"
                                | "organisation"
                                | "organisations"
                                | "organization"
                        )
                    {
                        return None;
                    }
                }
            }
            Some(len)
        }
    }
}

/// Builds the index of name and role patterns, keyed by first word.
/// Patterns that would point to two subjects are left out.
pub(super) fn build_index(
    r: &Resolver<'_>,
    infos: &[Info],
    subject_of: &[usize],
    kin: &KinIndex,
) -> Index {
    type Key = (Vec<String>, PatKind, bool);
    let mut cands: BTreeMap<Key, BTreeMap<usize, f32>> = BTreeMap::new();
    let mut put = |words: Vec<String>, kind: PatKind, comma: bool, s: usize, conf: f32| {
        if words.is_empty() || words.iter().any(|w| w.is_empty()) {
            return;
        }
        let e = cands
            .entry((words, kind, comma))
            .or_default()
            .entry(s)
            .or_insert(0.0);
        if conf > *e {
            *e = conf;
        }
    };
    let mut tk = Tokens::default();
    // Explicit names.
    for (n, node) in r.nodes.iter().enumerate() {
        let s = subject_of[n];
        let name = &node.name;
        match name.kind {
            Kind::Full => {
                put(
                    vec![name.first.clone(), name.last.clone()],
                    PatKind::Name,
                    false,
                    s,
                    node.conf,
                );
                if !name.initial {
                    put(
                        vec![name.last.clone(), name.first.clone()],
                        PatKind::Name,
                        true,
                        s,
                        node.conf,
                    );
                }
            }
            Kind::First => put(
                vec![name.first.clone()],
                PatKind::First,
                false,
                s,
                node.conf,
            ),
            Kind::Titled => {
                for t in titles_for(name.gender) {
                    put(
                        vec![t.to_lowercase(), name.last.clone()],
                        PatKind::Name,
                        false,
                        s,
                        node.conf,
                    );
                }
            }
            Kind::Initials => put(
                vec![name.first.clone()],
                PatKind::Initials,
                false,
                s,
                node.conf,
            ),
        }
    }
    // Column forms with middle names ("Tyler James Brooks").
    let mut forms: Vec<&(usize, String)> = r.forms.keys().collect();
    forms.sort();
    for (n, f) in forms {
        tk.scan(f);
        let words: Vec<String> = (0..tk.len())
            .map(|i| tk.fold(i).to_string())
            .filter(|w| title(w).is_none())
            .collect();
        if words.len() >= 3 && r.nodes[*n].name.kind == Kind::Full {
            put(
                words,
                PatKind::Name,
                false,
                subject_of[*n],
                r.nodes[*n].conf,
            );
        }
    }
    // Derived: given names, surnames, titles, initials.
    let mut first_of: BTreeMap<String, BTreeMap<usize, f32>> = BTreeMap::new();
    let mut last_of: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    let mut initials_of: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for (n, node) in r.nodes.iter().enumerate() {
        let s = subject_of[n];
        let name = &node.name;
        if name.kind == Kind::Full && !name.initial {
            let e = first_of
                .entry(name.first.clone())
                .or_default()
                .entry(s)
                .or_insert(0.0);
            *e = e.max(0.9 * node.conf);
            let mut ini = String::new();
            ini.extend(name.first.chars().next());
            ini.extend(name.last.chars().next());
            initials_of.entry(ini).or_default().insert(s);
        }
        if matches!(name.kind, Kind::Full | Kind::Titled) {
            last_of.entry(name.last.clone()).or_default().insert(s);
        }
    }
    for (first, subs) in &first_of {
        // Names of one subject only; "Tyler" for two Tylers is ambiguous.
        if subs.len() == 1 {
            for (&s, &c) in subs {
                put(vec![first.clone()], PatKind::First, false, s, c);
            }
        }
    }
    for (last, subs) in &last_of {
        let adults: Vec<usize> = subs.iter().copied().filter(|&s| !infos[s].child).collect();
        let target = if adults.len() == 1 {
            Some(adults[0])
        } else if subs.len() == 1 {
            subs.iter().next().copied()
        } else {
            None
        };
        if let Some(s) = target {
            put(vec![last.clone()], PatKind::Surname, false, s, 0.5);
        }
        for &s in subs {
            if infos[s].child {
                continue;
            }
            for t in titles_for(infos[s].gender) {
                put(
                    vec![t.to_lowercase(), last.clone()],
                    PatKind::Name,
                    false,
                    s,
                    0.6,
                );
            }
        }
    }
    // Titles before full names of adults: "Ms K Brooks", "Mr Dean Marsh".
    for (n, node) in r.nodes.iter().enumerate() {
        let s = subject_of[n];
        if node.name.kind != Kind::Full || infos.get(s).is_none_or(|i| i.child) {
            continue;
        }
        for t in titles_for(infos[s].gender) {
            let words = vec![
                t.to_lowercase(),
                node.name.first.clone(),
                node.name.last.clone(),
            ];
            put(words, PatKind::Name, false, s, node.conf);
        }
    }
    for (ini, subs) in &initials_of {
        if subs.len() == 1 && !INITIAL_STOP.contains(&ini.as_str()) {
            for &s in subs {
                put(vec![ini.clone()], PatKind::Initials, false, s, 0.5);
            }
        }
    }
    // Role words.
    let slots = slot_subjects(infos);
    for kw in &kin.words {
        if kw.link <= 0.0 {
            continue;
        }
        if let Some(s) = role_target(kw.kin, &slots) {
            let words: Vec<String> = kw.toks.iter().map(|t| t.0.clone()).collect();
            put(
                words,
                PatKind::Role {
                    generic: kw.generic,
                    kin: kw.kin,
                },
                false,
                s,
                kw.link,
            );
        }
    }
    let mut index = Index::default();
    let poss_of: HashMap<Vec<String>, Vec<bool>> = kin
        .words
        .iter()
        .map(|kw| {
            (
                kw.toks.iter().map(|t| t.0.clone()).collect(),
                kw.toks.iter().map(|t| t.1).collect(),
            )
        })
        .collect();
    // A word sequence claimed by two subjects (in any pattern kind) points
    // to neither.
    let mut owners: HashMap<&Vec<String>, BTreeSet<usize>> = HashMap::new();
    for ((words, kind, _), subs) in &cands {
        if matches!(kind, PatKind::Role { .. }) {
            continue;
        }
        owners
            .entry(words)
            .or_default()
            .extend(subs.keys().copied());
    }
    for ((words, kind, comma), subs) in &cands {
        let ambiguous = owners.get(words).is_some_and(|o| o.len() > 1);
        if subs.len() != 1 || (ambiguous && !matches!(kind, PatKind::Role { .. })) {
            continue;
        }
        let Some((&s, &conf)) = subs.iter().next() else {
            continue;
        };
        let poss = match kind {
            PatKind::Role { .. } => poss_of.get(words).cloned().unwrap_or_default(),
            _ => Vec::new(),
        };
        let pat = Pat {
            rest: words[1..].to_vec(),
            poss,
            kind: *kind,
            subject: s,
            conf,
            comma: *comma,
        };
        let entry = index.words.entry(words[0].clone()).or_default();
        match words.get(1) {
            Some(next) => entry.by_next.entry(next.clone()).or_default().push(pat),
            None => entry.single.push(pat),
        }
    }
    let order = |a: &Pat, b: &Pat| {
        b.rest
            .len()
            .cmp(&a.rest.len())
            .then(a.kind.cmp(&b.kind))
            .then(b.conf.total_cmp(&a.conf))
            .then(a.subject.cmp(&b.subject))
    };
    for entry in index.words.values_mut() {
        entry.single.sort_by(order);
        for list in entry.by_next.values_mut() {
            list.sort_by(order);
        }
    }
    index
}

/// A surname written alone ("ROLFE taken home") that more than one member
/// of the family bears: whose it is follows the record and then its agency.
#[derive(Debug, Clone)]
struct BareSurname {
    record: i64,
    agency: i64,
    surname: String,
    /// The index's own reading: the one adult of that surname.
    default: usize,
    conf: f32,
    raw: String,
}

/// Surnames written alone, resolved once every record has been read. The
/// person of that surname the record names in full is meant; else the one
/// the same agency's records name most (a police log names the young person
/// it is about by surname alone, "ROLFE associating with…"); else the
/// index's default.
#[derive(Debug, Default)]
pub(super) struct BareSurnames {
    /// Per agency and surname: how often each subject bearing it is named
    /// there by name or in a subject column.
    named: HashMap<(i64, String), BTreeMap<usize, u32>>,
    pending: Vec<BareSurname>,
    /// This record's bare surnames, until its end.
    here: Vec<BareSurname>,
}

impl BareSurnames {
    /// Keeps a bare surname of the record being read.
    pub(super) fn hit(
        &mut self,
        record: i64,
        agency: i64,
        surname: &str,
        default: usize,
        conf: f32,
        raw: &str,
    ) {
        self.here.push(BareSurname {
            record,
            agency,
            surname: surname.to_string(),
            default,
            conf,
            raw: raw.to_string(),
        });
    }

    /// At the end of a record: its bare surnames that belong to someone it
    /// names in full join `here` (noted in `vars`); the rest wait for
    /// [`BareSurnames::finish`]. The record's named people are counted for
    /// its agency.
    pub(super) fn end_record(
        &mut self,
        agency: i64,
        here: &mut Vec<(usize, f32, LinkSource)>,
        surnames: &[HashSet<String>],
        vars: &mut HashMap<(usize, String), VarAcc>,
    ) {
        let named: Vec<usize> = here
            .iter()
            .filter(|h| h.2 != LinkSource::TextRole)
            .map(|h| h.0)
            .collect();
        for &s in &named {
            for last in surnames.get(s).into_iter().flatten() {
                *self
                    .named
                    .entry((agency, last.clone()))
                    .or_default()
                    .entry(s)
                    .or_default() += 1;
            }
        }
        for hit in self.here.drain(..) {
            let bearers: BTreeSet<usize> = named
                .iter()
                .copied()
                .filter(|&s| surnames.get(s).is_some_and(|l| l.contains(&hit.surname)))
                .collect();
            let s = match bearers.len() {
                0 => {
                    self.pending.push(hit);
                    continue;
                }
                1 => bearers.into_iter().next().unwrap_or(hit.default),
                _ => hit.default,
            };
            vars.entry((s, fold(&hit.raw)))
                .or_default()
                .note(&hit.raw, 1, hit.conf, [hit.agency]);
            here.push((s, hit.conf, LinkSource::TextName));
        }
    }

    /// Links the bare surnames no record settled: to the subject of that
    /// surname its agency names most, when that one is named more often
    /// than all the others together, else to the default.
    pub(super) fn finish(
        self,
        links: &mut Vec<(i64, usize, f32, LinkSource)>,
        vars: &mut HashMap<(usize, String), VarAcc>,
    ) {
        let mut linked: HashSet<(i64, usize)> = links.iter().map(|l| (l.0, l.1)).collect();
        for hit in self.pending {
            let s = self
                .named
                .get(&(hit.agency, hit.surname.clone()))
                .and_then(|counts| {
                    let total: u32 = counts.values().sum();
                    counts.iter().find(|(_, &c)| 2 * c > total).map(|(&s, _)| s)
                })
                .unwrap_or(hit.default);
            vars.entry((s, fold(&hit.raw)))
                .or_default()
                .note(&hit.raw, 1, hit.conf, [hit.agency]);
            if linked.insert((hit.record, s)) {
                links.push((hit.record, s, hit.conf, LinkSource::TextName));
            }
        }
    }
}

/// The anonymisation list: every variant and alias with its label, longest
/// first.
pub(super) fn replacements(
    r: &Resolver<'_>,
    infos: &[Info],
    subject_of: &[usize],
    subjects: &[Subject],
) -> Vec<(String, String)> {
    // Keyed by the folded form for deciding who a form belongs to, and by
    // the form in lower case for listing (so "T. Brooks" and "T Brooks" are
    // both listed, whatever the caller's matching does with punctuation).
    let mut owners: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    let mut forms: BTreeMap<String, (String, String)> = BTreeMap::new();
    let mut add = |text: String, s: usize| {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let key = fold(&text);
        if key.is_empty() {
            return;
        }
        owners.entry(key.clone()).or_default().insert(s);
        let lower: String = text
            .chars()
            .map(strip_accent)
            .flat_map(char::to_lowercase)
            .collect();
        forms.entry(lower).or_insert((text, key));
    };
    for subj in subjects {
        for v in &subj.names {
            add(v.text.clone(), subj.id);
        }
    }
    // Per subject: given names and surnames as written.
    let mut firsts: Vec<BTreeSet<String>> = vec![BTreeSet::new(); infos.len()];
    let mut lasts: Vec<BTreeSet<String>> = vec![BTreeSet::new(); infos.len()];
    let mut initials: Vec<BTreeSet<String>> = vec![BTreeSet::new(); infos.len()];
    for (n, node) in r.nodes.iter().enumerate() {
        let s = subject_of[n];
        let name = &node.name;
        match name.kind {
            Kind::Full => {
                if name.initial {
                    initials[s].insert(name.raw_first.to_uppercase());
                } else {
                    firsts[s].insert(name.raw_first.clone());
                    initials[s].extend(
                        name.raw_first
                            .chars()
                            .next()
                            .map(|c| c.to_uppercase().to_string()),
                    );
                }
                lasts[s].insert(name.raw_last.clone());
            }
            Kind::First => {
                firsts[s].insert(name.raw_first.clone());
            }
            Kind::Titled => {
                lasts[s].insert(name.raw_last.clone());
            }
            Kind::Initials => {}
        }
    }
    for s in 0..infos.len() {
        let adult = !infos[s].child;
        for f in &firsts[s] {
            add(f.clone(), s);
            for l in &lasts[s] {
                add(format!("{f} {l}"), s);
                add(format!("{l}, {f}"), s);
                add(format!("{l} {f}"), s);
            }
        }
        for l in &lasts[s] {
            add(l.clone(), s);
            for i in &initials[s] {
                add(format!("{i} {l}"), s);
                add(format!("{i}. {l}"), s);
            }
            if adult {
                for t in titles_for(infos[s].gender) {
                    add(format!("{t} {l}"), s);
                    for i in &initials[s] {
                        add(format!("{t} {i} {l}"), s);
                    }
                    for f in &firsts[s] {
                        add(format!("{t} {f} {l}"), s);
                    }
                }
            }
        }
    }
    let mentions: Vec<usize> = subjects
        .iter()
        .map(|s| s.names.iter().map(|v| v.count).sum())
        .collect();
    // A form several subjects bear (a family surname) goes to the one adult
    // among them, as a bare surname links in text; else to the subject
    // mentioned most.
    let owner = |subs: &BTreeSet<usize>| -> Option<usize> {
        let adults: Vec<usize> = subs
            .iter()
            .copied()
            .filter(|&s| infos.get(s).is_some_and(|i| !i.child))
            .collect();
        if subs.len() > 1 && adults.len() == 1 {
            return Some(adults[0]);
        }
        subs.iter()
            .copied()
            .max_by_key(|&s| (mentions.get(s).copied().unwrap_or(0), std::cmp::Reverse(s)))
    };
    let mut out: Vec<(String, String)> = forms
        .into_values()
        .filter_map(|(text, key)| {
            let s = owner(owners.get(&key)?)?;
            Some((text, subjects.get(s)?.label.clone()))
        })
        .collect();
    out.sort_by(|a, b| {
        b.0.chars()
            .count()
            .cmp(&a.0.chars().count())
            .then(a.0.cmp(&b.0))
    });
    out
}
