//! The resolution itself: nodes (distinct names), clusters, labels, links.

use std::collections::{BTreeMap, BTreeSet};

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use super::kin::{fixed_phrase, someone_elses, Gender, Kin, KinIndex, Slot, SLOTS};
use super::names::{
    age_hint, dob_key, dob_year, first_rel, in_nickname_table, is_not_name, name_from_words,
    name_like, nickname_forms, parse_column, surname_rel, text_first_rel, title, titles_for,
    words_of, ColumnItem, FirstRel, Kind, Name,
};
use super::text::Tokens;
use super::{Decisions, LinkSource, NameVariant, Resolution, Role, Subject, SubjectInput};
use crate::text::{fold, strip_accent};

/// Where something was first seen: (input position, 0 column / 1 text,
/// position within the record).
type Seen = (usize, u8, usize);

const NEVER: Seen = (usize::MAX, u8::MAX, usize::MAX);

/// Cannot-link tags from this id up are automatic (names listed together):
/// a reviewer's merge overrides them, as it overrides dates of birth.
const SOFT_TAG: u32 = 1 << 31;

/// Column items are stored as node ids, or role phrases from this base up.
const ROLE_BASE: u32 = u32::MAX / 2;

/// Initials that are common abbreviations in chronologies, never read as a
/// person's initials in free text.
const INITIAL_STOP: &[&str] = &[
    "da", "dv", "hv", "sw", "tm", "cp", "mh", "ed", "gp", "po", "dc", "ds", "pc", "uc", "na", "ok",
    "am", "pm", "ta", "it", "uk", "re", "aa", "ae", "bp", "cc", "cq", "dr", "eh", "er", "fm", "hr",
    "id", "ip", "mp", "ms", "mr", "nb", "nk", "ot", "pa", "ps", "rn", "rq", "sa", "sn", "so", "st",
    "tv", "ya", "yo", "ct", "ab", "ga", "gb", "wk", "fs", "ic", "ir", "nt", "ao", "ma", "md", "mo",
    "no", "or", "on", "of", "to", "in", "at", "by", "be", "do", "go", "he", "if", "is", "me", "my",
    "so", "up", "us", "we", "an", "as",
];

/// What role words, ages and titles said about a name.
#[derive(Debug, Clone, Default)]
struct Evidence {
    slots: [u32; SLOTS],
    /// Votes for a grandparent slot that named the side of the family.
    sided: [u32; SLOTS],
    child: u32,
    adult: u32,
    female: u32,
    male: u32,
}

impl Evidence {
    fn add(&mut self, o: &Evidence) {
        for i in 0..SLOTS {
            self.slots[i] += o.slots[i];
            self.sided[i] += o.sided[i];
        }
        self.child += o.child;
        self.adult += o.adult;
        self.female += o.female;
        self.male += o.male;
    }

    fn kin(&mut self, kin: Kin, gender: Gender) {
        match kin.slot() {
            Some(s) => {
                self.slots[s.index()] += 1;
                if kin.side_known() {
                    self.sided[s.index()] += 1;
                }
                self.adult += 1;
            }
            None => self.child += 1,
        }
        self.gender(gender);
    }

    fn gender(&mut self, g: Gender) {
        match g {
            Gender::Female => self.female += 1,
            Gender::Male => self.male += 1,
            Gender::Unknown => {}
        }
    }

    fn age(&mut self, child: bool) {
        if child {
            self.child += 1;
        } else {
            self.adult += 1;
        }
    }

    fn adult_votes(&self) -> u32 {
        self.adult
    }

    fn gender_of(&self) -> Gender {
        if self.female > self.male {
            Gender::Female
        } else if self.male > self.female {
            Gender::Male
        } else {
            Gender::Unknown
        }
    }
}

/// A distinct name (with its date of birth, when the column gave one).
#[derive(Debug, Clone)]
struct Node {
    name: Name,
    key: String,
    dob: Option<String>,
    dob_written: BTreeMap<String, usize>,
    seen: Seen,
    /// Times named in a subject column.
    column: usize,
    /// Confidence of the join that brought it into its cluster.
    joined: f32,
    /// Final confidence that it belongs to its cluster.
    conf: f32,
    forced: bool,
    ev: Evidence,
}

/// Union–find over nodes, with the cannot-link constraints of each cluster.
#[derive(Debug, Default)]
struct Clusters {
    parent: Vec<usize>,
    dobs: Vec<Vec<String>>,
    tags: Vec<Vec<(u32, bool)>>,
}

impl Clusters {
    fn add(&mut self, dob: Option<String>, mut tags: Vec<(u32, bool)>) -> usize {
        tags.sort_unstable();
        tags.dedup();
        self.parent.push(self.parent.len());
        self.dobs.push(dob.into_iter().collect());
        self.tags.push(tags);
        self.parent.len() - 1
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            let p = self.parent[self.parent[x]];
            self.parent[x] = p;
            x = p;
        }
        x
    }

    fn tags_clash(a: &[(u32, bool)], b: &[(u32, bool)], forced: bool) -> bool {
        let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
        small
            .iter()
            .filter(|&&(k, _)| !(forced && k >= SOFT_TAG))
            .any(|&(k, s)| large.binary_search(&(k, !s)).is_ok())
    }

    fn dobs_clash(a: &[String], b: &[String]) -> bool {
        !a.is_empty() && !b.is_empty() && !a.iter().any(|x| b.contains(x))
    }

    /// Whether a node not yet added, with these constraints, may join `b`.
    fn accepts(&mut self, b: usize, dob: Option<&String>, tags: &[(u32, bool)]) -> bool {
        let rb = self.find(b);
        let mut t = tags.to_vec();
        t.sort_unstable();
        if Self::tags_clash(&t, &self.tags[rb], false) {
            return false;
        }
        match dob {
            Some(d) => self.dobs[rb].is_empty() || self.dobs[rb].contains(d),
            None => true,
        }
    }

    fn compatible(&mut self, a: usize, b: usize, forced: bool) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return true;
        }
        if Self::tags_clash(&self.tags[ra], &self.tags[rb], forced) {
            return false;
        }
        forced || !Self::dobs_clash(&self.dobs[ra], &self.dobs[rb])
    }

    /// Joins the clusters of `a` and `b` if allowed; true when they end up
    /// together.
    fn union(&mut self, a: usize, b: usize, forced: bool) -> bool {
        if !self.compatible(a, b, forced) {
            return false;
        }
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return true;
        }
        let (root, child) = (ra.min(rb), ra.max(rb));
        self.parent[child] = root;
        let dobs = std::mem::take(&mut self.dobs[child]);
        for d in dobs {
            if !self.dobs[root].contains(&d) {
                self.dobs[root].push(d);
            }
        }
        self.dobs[root].sort();
        let tags = std::mem::take(&mut self.tags[child]);
        self.tags[root].extend(tags);
        self.tags[root].sort_unstable();
        self.tags[root].dedup();
        true
    }
}

/// A name found in free text in the first pass.
#[derive(Debug, Clone)]
struct Phrase {
    name: Name,
    seen: Seen,
    ev: Evidence,
    /// Next to a role word or an age: a person even if never in a column.
    anchored: bool,
}

/// A capitalised word found alone in free text (a possible nickname).
#[derive(Debug, Clone)]
struct Single {
    raw: String,
    seen: Seen,
}

/// Counts of one written form of a name for one subject.
#[derive(Debug, Clone, Default)]
struct VarAcc {
    forms: BTreeMap<String, usize>,
    count: usize,
    conf: f32,
    agencies: BTreeSet<i64>,
}

impl VarAcc {
    fn note(&mut self, raw: &str, n: usize, conf: f32, agencies: impl IntoIterator<Item = i64>) {
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

    fn text(&self) -> String {
        let mut best: Option<(&String, usize)> = None;
        for (f, &c) in &self.forms {
            if best.is_none_or(|(_, bc)| c > bc) {
                best = Some((f, c));
            }
        }
        best.map(|(f, _)| f.clone()).unwrap_or_default()
    }
}

/// A resolved subject while labels are worked out.
#[derive(Debug, Clone)]
struct Info {
    root: usize,
    members: Vec<usize>,
    seen: Seen,
    column: usize,
    ev: Evidence,
    dob_written: Option<String>,
    child: bool,
    gender: Gender,
    label: Option<String>,
    role: Role,
    slot: Option<Slot>,
    reviewer: bool,
}

/// A pattern of the text index.
#[derive(Debug, Clone)]
struct Pat {
    /// The words after the first.
    rest: Vec<String>,
    /// For role phrases: which words must be possessive.
    poss: Vec<bool>,
    kind: PatKind,
    subject: usize,
    conf: f32,
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
struct Index {
    words: HashMap<String, Entry>,
}

impl Index {
    fn contains(&self, word: &str) -> bool {
        self.words.contains_key(word)
    }

    /// The patterns that may match at word `i`, longest first.
    fn candidates<'a>(&'a self, tk: &Tokens, i: usize) -> impl Iterator<Item = &'a Pat> {
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
enum PatKind {
    Name,
    First,
    Surname,
    Initials,
    Role { generic: bool, kin: Kin },
}

struct Resolver<'k> {
    kin: &'k KinIndex,
    tk: Tokens,
    nodes: Vec<Node>,
    by_key: HashMap<String, Vec<usize>>,
    uf: Clusters,
    split_tags: HashMap<String, Vec<(u32, bool)>>,
    next_tag: u32,
    merges: Vec<(String, String)>,
    full_blocks: HashMap<(String, char), Vec<usize>>,
    // Subject columns.
    col_items: Vec<u32>,
    col_off: Vec<usize>,
    forms: HashMap<(usize, String), VarAcc>,
    // First pass over the texts.
    phrases: HashMap<String, Phrase>,
    singles: HashMap<String, Single>,
    lower: HashSet<String>,
    years: Vec<u64>,
    known_first: HashSet<String>,
    known_last: HashSet<String>,
}

/// Parses a name given in a decision into its key.
fn decision_name(raw: &str, tk: &mut Tokens, kin: &KinIndex) -> Option<Name> {
    parse_column(raw, tk, kin)
        .into_iter()
        .find_map(|item| match item {
            ColumnItem::Person { name, .. } => Some(name),
            ColumnItem::Role(_) => None,
        })
}

fn block_key(name: &Name) -> (String, char) {
    (
        name.last.chars().take(2).collect(),
        name.first.chars().next().unwrap_or(' '),
    )
}

/// How two full names relate: the given-name relation and the confidence.
fn full_rel(a: &Name, b: &Name) -> Option<(FirstRel, f32)> {
    if a.kind != Kind::Full || b.kind != Kind::Full {
        return None;
    }
    let sur = surname_rel(&a.last, &b.last)?;
    let fr = first_rel(&a.first, a.initial, &b.first, b.initial)?;
    Some((fr, sur * fr.confidence()))
}

fn phrase_gap_ok(tk: &Tokens, k: usize) -> bool {
    let Some(t) = tk.tok(k) else {
        return false;
    };
    t.gap.space || (t.gap.dot && k > 0 && tk.toks[k - 1].len == 1)
}

/// The end of a name phrase starting at word `j` (up to three words).
fn phrase_end(tk: &Tokens, kin: &KinIndex, j: usize) -> usize {
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
fn phrase_start(tk: &Tokens, kin: &KinIndex, s: usize) -> usize {
    let mut k = s;
    while k > 0 && s - k < 3 && name_like(tk, k - 1, kin) && (k == s || phrase_gap_ok(tk, k)) {
        if k != s && tk.toks[k - 1].possessive {
            break;
        }
        k -= 1;
    }
    k
}

/// Notes a name phrase found in free text (words `from..to`).
#[allow(clippy::too_many_arguments)]
fn add_phrase(
    phrases: &mut HashMap<String, Phrase>,
    tk: &Tokens,
    text: &str,
    from: usize,
    to: usize,
    seen: Seen,
    title_gender: Option<Gender>,
    ev: Option<&Evidence>,
    anchored: bool,
) {
    let words = words_of(tk, text, from, to);
    let Some(name) = name_from_words(&words, title_gender, false) else {
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
    });
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
    fn new(kin: &'k KinIndex) -> Self {
        Resolver {
            kin,
            tk: Tokens::default(),
            nodes: Vec::new(),
            by_key: HashMap::new(),
            uf: Clusters::default(),
            split_tags: HashMap::new(),
            next_tag: 0,
            merges: Vec::new(),
            full_blocks: HashMap::new(),
            col_items: Vec::new(),
            col_off: Vec::new(),
            forms: HashMap::new(),
            phrases: HashMap::new(),
            singles: HashMap::new(),
            lower: HashSet::new(),
            years: vec![0; 201],
            known_first: HashSet::new(),
            known_last: HashSet::new(),
        }
    }

    fn decisions(&mut self, d: &Decisions) {
        for (a, b) in &d.splits {
            let (Some(na), Some(nb)) = (
                decision_name(a, &mut self.tk, self.kin),
                decision_name(b, &mut self.tk, self.kin),
            ) else {
                continue;
            };
            let (ka, kb) = (na.key(), nb.key());
            if ka == kb {
                continue;
            }
            let tag = self.next_tag;
            self.next_tag += 1;
            self.split_tags.entry(ka).or_default().push((tag, false));
            self.split_tags.entry(kb).or_default().push((tag, true));
        }
        for (a, b) in &d.merges {
            if let (Some(na), Some(nb)) = (
                decision_name(a, &mut self.tk, self.kin),
                decision_name(b, &mut self.tk, self.kin),
            ) {
                self.merges.push((na.key(), nb.key()));
            }
        }
    }

    fn add_node(&mut self, name: Name, dob: Option<String>, seen: Seen) -> usize {
        let key = name.key();
        let id = self.nodes.len();
        let tags = self.split_tags.get(&key).cloned().unwrap_or_default();
        self.uf.add(dob.clone(), tags);
        self.by_key.entry(key.clone()).or_default().push(id);
        if name.kind == Kind::Full {
            self.full_blocks
                .entry(block_key(&name))
                .or_default()
                .push(id);
        }
        self.nodes.push(Node {
            name,
            key,
            dob,
            dob_written: BTreeMap::new(),
            seen,
            column: 0,
            joined: 0.0,
            conf: 1.0,
            forced: false,
            ev: Evidence::default(),
        });
        id
    }

    /// The node that stands for a key: the one named most in columns.
    fn main_node(&self, key: &str) -> Option<usize> {
        let list = self.by_key.get(key)?;
        list.iter()
            .copied()
            .max_by_key(|&n| (self.nodes[n].column, std::cmp::Reverse(n)))
    }

    fn apply_merges(&mut self) {
        for i in 0..self.merges.len() {
            let (a, b) = (&self.merges[i].0, &self.merges[i].1);
            if let (Some(na), Some(nb)) = (self.main_node(a), self.main_node(b)) {
                if self.uf.union(na, nb, true) {
                    self.nodes[na].forced = true;
                    self.nodes[nb].forced = true;
                }
            }
        }
    }

    // ------------------------------------------------------------ columns

    fn columns(&mut self, inputs: &[SubjectInput<'_>]) {
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

    // ------------------------------------------------------- text, pass 1

    fn scan_texts(&mut self, inputs: &[SubjectInput<'_>]) {
        for (pos, input) in inputs.iter().enumerate() {
            self.tk.scan(&input.text);
            self.scan_one(pos, &input.text);
        }
    }

    fn scan_one(&mut self, pos: usize, text: &str) {
        let n = self.tk.len();
        let mut kin_until = 0usize;
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
                    let other = (i > 0
                        && self.tk.toks[i].gap.space
                        && someone_elses(self.tk.fold(i - 1), kin_of))
                        || (self.tk.toks[i + len - 1].possessive
                            && fixed_phrase(self.tk.fold(i + len)));
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
                                        j,
                                        end,
                                        seen,
                                        None,
                                        Some(&ev),
                                        true,
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
                                    start,
                                    s,
                                    seen,
                                    None,
                                    Some(&ev),
                                    true,
                                );
                            }
                        }
                    }
                }
            }
            // An age in brackets after a name: "Tyler (3)", "Mia (7 wks)".
            if t.digits && t.gap.open && i > 0 {
                for k in i + 1..=(i + 3).min(n) {
                    let closes = self.tk.tok(k).is_none_or(|t| t.gap.close);
                    if closes {
                        if let Some(child) = age_hint(&self.tk, i, k) {
                            let start = phrase_start(&self.tk, self.kin, i);
                            if start < i {
                                let mut ev = Evidence::default();
                                ev.age(child);
                                add_phrase(
                                    &mut self.phrases,
                                    &self.tk,
                                    text,
                                    start,
                                    i,
                                    seen,
                                    None,
                                    Some(&ev),
                                    child,
                                );
                            }
                        }
                        break;
                    }
                }
            }
            // A title before a name: "Ms Brooks", "Mr Dean Marsh".
            if t.cap {
                if let Some(g) = title(f) {
                    if let Some(tj) = self.tk.tok(i + 1) {
                        if tj.gap.space || tj.gap.dot {
                            let end = phrase_end(&self.tk, self.kin, i + 1);
                            if end > i + 1 {
                                add_phrase(
                                    &mut self.phrases,
                                    &self.tk,
                                    text,
                                    i + 1,
                                    end,
                                    seen,
                                    Some(g),
                                    None,
                                    false,
                                );
                            }
                        }
                    }
                    continue;
                }
            }
            if !name_like(&self.tk, i, self.kin) {
                continue;
            }
            // Two name words, one of them known: "Kaleigh Brooks".
            if name_like(&self.tk, i + 1, self.kin) && phrase_gap_ok(&self.tk, i + 1) {
                let f2 = self.tk.fold(i + 1);
                let starts_name =
                    i == 0 || !(name_like(&self.tk, i - 1, self.kin) && phrase_gap_ok(&self.tk, i));
                if starts_name && (self.known_first.contains(f) || self.known_last.contains(f2)) {
                    add_phrase(
                        &mut self.phrases,
                        &self.tk,
                        text,
                        i,
                        i + 2,
                        seen,
                        None,
                        None,
                        false,
                    );
                }
            }
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
    }

    /// The year the records are about: the upper quartile of the years the
    /// texts mention (dates of birth in the text pull the median down).
    fn reference_year(&self) -> Option<i32> {
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

    // --------------------------------------------------------- clustering

    /// Full names from the subject columns.
    fn cluster_full(&mut self) {
        let mut strong: Vec<(f32, usize, usize)> = Vec::new();
        let mut weak: Vec<(usize, usize, f32)> = Vec::new();
        let mut blocks: Vec<(&(String, char), &Vec<usize>)> = self.full_blocks.iter().collect();
        blocks.sort();
        for (_, list) in blocks {
            for x in 0..list.len() {
                for y in x + 1..list.len() {
                    let (a, b) = (list[x], list[y]);
                    let (na, nb) = (&self.nodes[a], &self.nodes[b]);
                    let Some((fr, conf)) = full_rel(&na.name, &nb.name) else {
                        continue;
                    };
                    if fr.strong() {
                        strong.push((conf, a, b));
                    } else {
                        let a_weak = if na.name.initial != nb.name.initial {
                            na.name.initial
                        } else {
                            (na.column, std::cmp::Reverse(a)) < (nb.column, std::cmp::Reverse(b))
                        };
                        if a_weak {
                            weak.push((a, b, conf));
                        } else {
                            weak.push((b, a, conf));
                        }
                    }
                }
            }
        }
        // A given name and the same date of birth, across surnames.
        let mut by_dob: BTreeMap<(&str, char), Vec<usize>> = BTreeMap::new();
        for (i, n) in self.nodes.iter().enumerate() {
            if n.name.kind == Kind::Full && !n.name.initial {
                if let Some(d) = &n.dob {
                    let c = n.name.first.chars().next().unwrap_or(' ');
                    by_dob.entry((d.as_str(), c)).or_default().push(i);
                }
            }
        }
        for list in by_dob.values() {
            for x in 0..list.len() {
                for y in x + 1..list.len() {
                    let (a, b) = (list[x], list[y]);
                    let (na, nb) = (&self.nodes[a].name, &self.nodes[b].name);
                    if surname_rel(&na.last, &nb.last).is_some() {
                        continue;
                    }
                    if let Some(fr) = first_rel(&na.first, false, &nb.first, false) {
                        if matches!(fr, FirstRel::Exact | FirstRel::Spelling) {
                            strong.push((0.7 * fr.confidence(), a, b));
                        }
                    }
                }
            }
        }
        strong.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
        for (conf, a, b) in strong {
            if self.uf.union(a, b, false) {
                let lesser = if (self.nodes[a].column, std::cmp::Reverse(a))
                    < (self.nodes[b].column, std::cmp::Reverse(b))
                {
                    a
                } else {
                    b
                };
                let j = &mut self.nodes[lesser].joined;
                *j = j.max(conf);
            }
        }
        weak.sort_by(|x, y| x.0.cmp(&y.0).then(x.1.cmp(&y.1)));
        let mut i = 0;
        while i < weak.len() {
            let w = weak[i].0;
            let mut j = i;
            let mut roots: BTreeMap<usize, f32> = BTreeMap::new();
            let rw = self.uf.find(w);
            while j < weak.len() && weak[j].0 == w {
                let (_, t, conf) = weak[j];
                let rt = self.uf.find(t);
                if rt != rw && self.uf.compatible(w, t, false) {
                    let e = roots.entry(rt).or_insert(0.0);
                    *e = e.max(conf);
                }
                j += 1;
            }
            if roots.len() == 1 {
                if let Some((&root, &conf)) = roots.iter().next() {
                    if self.uf.union(w, root, false) {
                        let jn = &mut self.nodes[w].joined;
                        *jn = jn.max(conf);
                    }
                }
            }
            i = j;
        }
    }

    /// The clusters a full name could join: root → (relation, confidence).
    fn full_candidates(
        &mut self,
        name: &Name,
        dob: Option<&String>,
        tags: &[(u32, bool)],
    ) -> BTreeMap<usize, (FirstRel, f32)> {
        let mut out: BTreeMap<usize, (FirstRel, f32)> = BTreeMap::new();
        // Initials and nicknames share the first letter, so one block holds
        // every candidate.
        let Some(list) = self.full_blocks.get(&block_key(name)).cloned() else {
            return out;
        };
        for n in list {
            let Some((fr, conf)) = full_rel(name, &self.nodes[n].name) else {
                continue;
            };
            if !self.uf.accepts(n, dob, tags) {
                continue;
            }
            let r = self.uf.find(n);
            let e = out.entry(r).or_insert((fr, conf));
            if (fr, -conf) < (e.0, -e.1) {
                *e = (fr, conf);
            }
        }
        out
    }

    /// Picks the one cluster a name joins: the only one with an exact or
    /// spelling relation, else the only one at all.
    fn pick(cands: &BTreeMap<usize, (FirstRel, f32)>) -> Option<(usize, f32)> {
        let exact: Vec<_> = cands
            .iter()
            .filter(|(_, v)| v.0 == FirstRel::Exact)
            .collect();
        if exact.len() == 1 {
            return Some((*exact[0].0, exact[0].1 .1));
        }
        if exact.len() > 1 {
            return None;
        }
        let strong: Vec<_> = cands.iter().filter(|(_, v)| v.0.strong()).collect();
        if strong.len() == 1 {
            return Some((*strong[0].0, strong[0].1 .1));
        }
        if strong.len() > 1 {
            return None;
        }
        if cands.len() == 1 {
            return cands.iter().next().map(|(&r, v)| (r, v.1));
        }
        None
    }

    /// Full names found in free text: spelling variants of known people, or
    /// new people anchored by a role word or an age.
    fn text_full_names(&mut self) {
        self.phrase_evidence(Kind::Full);
        let mut list: Vec<(Seen, String)> = self
            .phrases
            .iter()
            .filter(|(_, p)| p.name.kind == Kind::Full)
            .map(|(k, p)| (p.seen, k.clone()))
            .collect();
        list.sort();
        for (_, key) in list {
            let Some(p) = self.phrases.get(&key).cloned() else {
                continue;
            };
            let tags = self.split_tags.get(&key).cloned().unwrap_or_default();
            let cands = self.full_candidates(&p.name, None, &tags);
            match Self::pick(&cands) {
                Some((root, conf)) => {
                    let n = self.add_node(p.name.clone(), None, p.seen);
                    self.nodes[n].ev = p.ev.clone();
                    if self.uf.union(n, root, false) {
                        self.nodes[n].joined = conf;
                    }
                }
                None if cands.is_empty() && p.anchored && !self.common_words(&p.name) => {
                    let n = self.add_node(p.name.clone(), None, p.seen);
                    self.nodes[n].ev = p.ev.clone();
                    self.nodes[n].joined = 1.0;
                }
                None => {}
            }
        }
        self.apply_merges();
    }

    /// The roots of clusters holding a full name.
    fn roots_with_full(&mut self) -> HashSet<usize> {
        let mut out = HashSet::new();
        for n in 0..self.nodes.len() {
            if self.nodes[n].name.kind == Kind::Full {
                out.insert(self.uf.find(n));
            }
        }
        out
    }

    /// Adds what role words said about phrases to the nodes already holding
    /// their names (a phrase of `kind` whose name is known).
    fn phrase_evidence(&mut self, kind: Kind) {
        let mut known: Vec<(String, Evidence)> = self
            .phrases
            .iter()
            .filter(|(k, p)| p.name.kind == kind && self.by_key.contains_key(*k))
            .map(|(k, p)| (k.clone(), p.ev.clone()))
            .collect();
        known.sort_by(|a, b| a.0.cmp(&b.0));
        for (k, ev) in known {
            if let Some(n) = self.main_node(&k) {
                self.nodes[n].ev.add(&ev);
            }
            self.phrases.remove(&k);
        }
    }

    /// Whether every word of a name is a word also seen in lower case in the
    /// texts ("Room", "Agency"): too common to make a new person of.
    fn common_words(&self, name: &Name) -> bool {
        [&name.first, &name.last]
            .iter()
            .filter(|w| !w.is_empty())
            .all(|w| self.lower.contains(w.as_str()))
    }

    /// Given names alone: from columns, from role words, and nicknames.
    fn first_names(&mut self) {
        self.phrase_evidence(Kind::First);
        let mut firsts: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, n) in self.nodes.iter().enumerate() {
            if n.name.kind == Kind::Full && !n.name.initial {
                firsts.entry(n.name.first.clone()).or_default().push(i);
            }
        }
        let letters: HashSet<char> = firsts.keys().filter_map(|f| f.chars().next()).collect();
        enum Cand {
            Node(usize),
            Phrase(String),
            Single(String),
        }
        let mut cands: Vec<(Seen, u8, String, Cand)> = Vec::new();
        for (i, n) in self.nodes.iter().enumerate() {
            if n.name.kind == Kind::First {
                cands.push((n.seen, 0, n.key.clone(), Cand::Node(i)));
            }
        }
        for (k, p) in &self.phrases {
            if p.name.kind == Kind::First {
                cands.push((p.seen, 1, k.clone(), Cand::Phrase(k.clone())));
            }
        }
        for (f, s) in &self.singles {
            if self.by_key.contains_key(f)
                || self.phrases.contains_key(f)
                || self.lower.contains(f)
                || is_not_name(f)
            {
                continue;
            }
            let c = f.chars().next().unwrap_or(' ');
            if !letters.contains(&c) && !in_nickname_table(f) {
                continue;
            }
            cands.push((s.seen, 2, f.clone(), Cand::Single(f.clone())));
        }
        cands.sort_by(|a, b| (a.0, a.1, &a.2).cmp(&(b.0, b.1, &b.2)));
        let mut with_full = self.roots_with_full();
        for (_, _, _, cand) in cands {
            let (first, dob, tags, text_single) = match &cand {
                Cand::Node(n) => {
                    let r = self.uf.find(*n);
                    if with_full.contains(&r) {
                        continue;
                    }
                    let node = &self.nodes[*n];
                    (
                        node.name.first.clone(),
                        node.dob.clone(),
                        self.uf.tags[r].clone(),
                        false,
                    )
                }
                Cand::Phrase(k) => (
                    k.clone(),
                    None,
                    self.split_tags.get(k).cloned().unwrap_or_default(),
                    false,
                ),
                Cand::Single(f) => (
                    f.clone(),
                    None,
                    self.split_tags.get(f).cloned().unwrap_or_default(),
                    true,
                ),
            };
            let mut roots: BTreeMap<usize, (FirstRel, f32)> = BTreeMap::new();
            // Only names sharing the first letter, or listed familiar forms,
            // can relate.
            let c = first.chars().next().unwrap_or(' ');
            let lo = c.to_string();
            let same_letter = firsts
                .range(lo..)
                .take_while(|(name, _)| name.starts_with(c));
            let listed = nickname_forms(&first)
                .into_iter()
                .filter(|n| !n.starts_with(c))
                .filter_map(|n| firsts.get_key_value(n));
            let related: Vec<(&String, &Vec<usize>)> = same_letter.chain(listed).collect();
            for (name, list) in related {
                let rel = if text_single {
                    text_first_rel(&first, name)
                } else {
                    first_rel(&first, false, name, false)
                };
                let Some(fr) = rel else {
                    continue;
                };
                for &m in list {
                    let ok = match &cand {
                        Cand::Node(n) => self.uf.compatible(*n, m, false),
                        _ => self.uf.accepts(m, dob.as_ref(), &tags),
                    };
                    if !ok {
                        continue;
                    }
                    let r = self.uf.find(m);
                    let conf = if fr == FirstRel::Exact {
                        0.9
                    } else {
                        fr.confidence()
                    };
                    let e = roots.entry(r).or_insert((fr, conf));
                    if fr < e.0 {
                        *e = (fr, conf);
                    }
                }
            }
            let picked = Self::pick(&roots);
            if let Some((root, _)) = picked {
                with_full.insert(root);
            }
            match cand {
                Cand::Node(n) => {
                    if let Some((root, conf)) = picked {
                        if self.uf.union(n, root, false) {
                            self.nodes[n].joined = conf;
                            let r = self.uf.find(n);
                            with_full.insert(r);
                        }
                    }
                }
                Cand::Phrase(k) => {
                    let Some(p) = self.phrases.get(&k).cloned() else {
                        continue;
                    };
                    match picked {
                        Some((root, conf)) => {
                            let n = self.add_node(p.name, None, p.seen);
                            self.nodes[n].ev = p.ev;
                            if self.uf.union(n, root, false) {
                                self.nodes[n].joined = conf;
                                let r = self.uf.find(n);
                                with_full.insert(r);
                            }
                        }
                        None if roots.is_empty() && p.anchored && !self.common_words(&p.name) => {
                            let n = self.add_node(p.name, None, p.seen);
                            self.nodes[n].ev = p.ev;
                            self.nodes[n].joined = 1.0;
                        }
                        None => {}
                    }
                }
                Cand::Single(f) => {
                    let Some((root, conf)) = picked else {
                        continue;
                    };
                    let Some(s) = self.singles.get(&f).cloned() else {
                        continue;
                    };
                    let name = Name {
                        kind: Kind::First,
                        first: f.clone(),
                        last: String::new(),
                        initial: false,
                        gender: Gender::Unknown,
                        raw_first: s.raw.clone(),
                        raw_last: String::new(),
                        titled: false,
                    };
                    let n = self.add_node(name, None, s.seen);
                    if self.uf.union(n, root, false) {
                        self.nodes[n].joined = conf;
                        let r = self.uf.find(n);
                        with_full.insert(r);
                    }
                }
            }
        }
        self.apply_merges();
    }

    // ------------------------------------------------------------ subjects

    /// Groups nodes into subjects, ordered by first appearance.
    fn infos(&mut self, ref_year: Option<i32>) -> Vec<Info> {
        let mut by_root: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for n in 0..self.nodes.len() {
            let r = self.uf.find(n);
            by_root.entry(r).or_default().push(n);
        }
        let mut infos: Vec<Info> = by_root
            .into_iter()
            .map(|(root, members)| {
                let mut ev = Evidence::default();
                let mut column = 0;
                let mut seen = NEVER;
                let mut dobs: BTreeMap<&str, usize> = BTreeMap::new();
                for &m in &members {
                    let node = &self.nodes[m];
                    ev.add(&node.ev);
                    column += node.column;
                    seen = seen.min(node.seen);
                    if let Some(d) = &node.dob {
                        *dobs.entry(d.as_str()).or_default() += node.column.max(1);
                    }
                }
                let dob = dobs
                    .iter()
                    .max_by_key(|(d, c)| (**c, std::cmp::Reverse(*d)))
                    .map(|(d, _)| d.to_string());
                let dob_written = dob.as_ref().and_then(|d| {
                    let mut w: BTreeMap<&str, usize> = BTreeMap::new();
                    for &m in &members {
                        if self.nodes[m].dob.as_ref() == Some(d) {
                            for (s, c) in &self.nodes[m].dob_written {
                                *w.entry(s.as_str()).or_default() += c;
                            }
                        }
                    }
                    w.iter()
                        .max_by_key(|(s, c)| (**c, std::cmp::Reverse(*s)))
                        .map(|(s, _)| s.to_string())
                });
                let by_age = match (dob.as_deref().and_then(dob_year), ref_year) {
                    (Some(y), Some(r)) => Some(r - y < 18),
                    _ => None,
                };
                let child = match by_age {
                    Some(c) => c,
                    None => {
                        if ev.adult_votes() > ev.child {
                            false
                        } else if ev.child > 0 {
                            true
                        } else {
                            column > 0
                        }
                    }
                };
                Info {
                    root,
                    members,
                    seen,
                    column,
                    gender: ev.gender_of(),
                    ev,
                    dob_written,
                    child,
                    label: None,
                    role: if child {
                        Role::Sibling
                    } else {
                        Role::OtherAdult
                    },
                    slot: None,
                    reviewer: false,
                }
            })
            .collect();
        infos.sort_by_key(|i| (i.seen, i.root));
        infos
    }

    /// Titles with surnames ("Ms Brooks") and initials ("TB"): they join the
    /// one adult (or person) they fit, judged on the clusters so far.
    fn titles_and_initials(&mut self, ref_year: Option<i32>) {
        self.phrase_evidence(Kind::Titled);
        let infos = self.infos(ref_year);
        let mut surnames: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
        let mut initials: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
        for (i, info) in infos.iter().enumerate() {
            for &m in &info.members {
                let name = &self.nodes[m].name;
                if name.kind == Kind::Full {
                    surnames.entry(name.last.clone()).or_default().insert(i);
                    if !name.initial {
                        let mut s = String::new();
                        s.extend(name.first.chars().next());
                        s.extend(name.last.chars().next());
                        initials.entry(s).or_default().insert(i);
                    }
                }
            }
        }
        // Candidates: column nodes, then text phrases.
        let mut cands: Vec<(Seen, Option<usize>, String)> = Vec::new();
        for (i, n) in self.nodes.iter().enumerate() {
            if matches!(n.name.kind, Kind::Titled | Kind::Initials) {
                cands.push((n.seen, Some(i), n.key.clone()));
            }
        }
        for (k, p) in &self.phrases {
            if p.name.kind == Kind::Titled {
                cands.push((p.seen, None, k.clone()));
            }
        }
        cands.sort();
        let with_full = self.roots_with_full();
        for (_, node, key) in cands {
            let (name, ev, seen, dob, tags) = match node {
                Some(n) => {
                    let r = self.uf.find(n);
                    if with_full.contains(&r) {
                        continue;
                    }
                    let nd = &self.nodes[n];
                    (
                        nd.name.clone(),
                        nd.ev.clone(),
                        nd.seen,
                        nd.dob.clone(),
                        self.uf.tags[r].clone(),
                    )
                }
                None => match self.phrases.get(&key) {
                    Some(p) => (
                        p.name.clone(),
                        p.ev.clone(),
                        p.seen,
                        None,
                        self.split_tags.get(&key).cloned().unwrap_or_default(),
                    ),
                    None => continue,
                },
            };
            // Subject index → (score, confidence).
            let mut scored: BTreeMap<usize, (i32, f32)> = BTreeMap::new();
            if name.kind == Kind::Titled {
                let top_slot = (0..SLOTS)
                    .filter(|&x| ev.slots[x] > 0)
                    .max_by_key(|&x| (ev.slots[x], std::cmp::Reverse(x)));
                let c = name.last.chars().next().unwrap_or(' ');
                let lo = c.to_string();
                for (last, set) in surnames.range(lo..).take_while(|(l, _)| l.starts_with(c)) {
                    let Some(sur) = surname_rel(&name.last, last) else {
                        continue;
                    };
                    for &i in set {
                        let info = &infos[i];
                        if info.child {
                            continue;
                        }
                        let g = info.gender;
                        if name.gender != Gender::Unknown
                            && g != Gender::Unknown
                            && g != name.gender
                        {
                            continue;
                        }
                        let mut score = if g == name.gender && g != Gender::Unknown {
                            2
                        } else {
                            1
                        };
                        if sur >= 1.0 {
                            score += 1;
                        }
                        if let Some(x) = top_slot {
                            let theirs = (0..SLOTS)
                                .filter(|&y| info.ev.slots[y] > 0)
                                .max_by_key(|&y| (info.ev.slots[y], std::cmp::Reverse(y)));
                            if theirs == Some(x) {
                                score += 2;
                            }
                        }
                        let e = scored.entry(i).or_insert((score, 0.6 * sur));
                        if (score, 0.6 * sur) > *e {
                            *e = (score, 0.6 * sur);
                        }
                    }
                }
            } else if let Some(set) = initials.get(&name.first) {
                for &i in set {
                    scored.insert(i, (1, 0.5));
                }
            }
            let mut ranked: Vec<(i32, usize, f32)> =
                scored.into_iter().map(|(i, (sc, c))| (sc, i, c)).collect();
            ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            let target = match ranked.as_slice() {
                [] => None,
                [one] => Some(*one),
                [a, b, ..] if a.0 > b.0 => Some(*a),
                _ => None,
            };
            let Some((_, i, conf)) = target else {
                continue;
            };
            let root = infos[i].root;
            if !self.uf.accepts(root, dob.as_ref(), &tags) {
                continue;
            }
            let n = match node {
                Some(n) => n,
                None => {
                    let n = self.add_node(name, None, seen);
                    self.nodes[n].ev = ev;
                    n
                }
            };
            if self.uf.union(n, root, false) {
                self.nodes[n].joined = conf;
            }
        }
        self.apply_merges();
    }

    /// Sets each node's final confidence: 1 for the cluster's main name and
    /// reviewer-merged names, else the best of its join and its relation to
    /// the main name.
    fn confidences(&mut self) {
        let mut main: HashMap<usize, usize> = HashMap::new();
        for n in 0..self.nodes.len() {
            let r = self.uf.find(n);
            let node = &self.nodes[n];
            let rank = |m: &Node| {
                (
                    m.name.kind == Kind::Full && !m.name.initial,
                    m.column,
                    std::cmp::Reverse(m.seen),
                )
            };
            match main.get(&r) {
                Some(&m) if rank(&self.nodes[m]) >= rank(node) => {}
                _ => {
                    main.insert(r, n);
                }
            }
        }
        for n in 0..self.nodes.len() {
            let r = self.uf.find(n);
            let m = main.get(&r).copied().unwrap_or(n);
            let node = &self.nodes[n];
            let conf = if m == n || node.forced {
                1.0
            } else {
                let direct = full_rel(&node.name, &self.nodes[m].name)
                    .map(|x| x.1)
                    .unwrap_or(0.0);
                let c = direct.max(node.joined);
                if c > 0.0 {
                    c
                } else {
                    0.5
                }
            };
            self.nodes[n].conf = conf;
        }
    }
}

/// Labels: reviewer's first, then children, then adults by role words.
fn label(infos: &mut [Info], reviewer: &[(usize, String, Option<Role>)]) {
    let mut taken: HashSet<String> = HashSet::new();
    for (i, lab, role) in reviewer.iter().rev() {
        let Some(info) = infos.get_mut(*i) else {
            continue;
        };
        if info.reviewer {
            continue;
        }
        info.reviewer = true;
        info.slot = Slot::from_label(&fold(lab));
        info.label = Some(lab.clone());
        if let Some(r) = role {
            info.role = *r;
        } else if let Some(s) = info.slot {
            info.role = s.role();
        } else if fold(lab).starts_with("child") {
            info.role = if fold(lab) == "child a" {
                Role::Child
            } else {
                Role::Sibling
            };
        } else if info.child {
            info.role = Role::Sibling;
        }
        taken.insert(fold(lab));
    }
    // The next free "Child X" / "Adult X" label; counters only go up, so
    // labelling is linear.
    let mut counters: HashMap<&'static str, usize> = HashMap::new();
    let mut next_letter = |prefix: &'static str, taken: &mut HashSet<String>| -> String {
        let counter = counters.entry(prefix).or_insert(0);
        loop {
            let mut letters = String::new();
            let mut k = *counter;
            loop {
                letters.insert(0, (b'A' + (k % 26) as u8) as char);
                if k < 26 {
                    break;
                }
                k = k / 26 - 1;
            }
            *counter += 1;
            let lab = format!("{prefix} {letters}");
            if taken.insert(fold(&lab)) {
                return lab;
            }
        }
    };
    // Children: the one named most in columns is Child A.
    let reviewer_child = infos.iter().any(|i| i.reviewer && i.role == Role::Child);
    let main = if reviewer_child {
        None
    } else {
        infos
            .iter()
            .enumerate()
            .filter(|(_, i)| !i.reviewer && i.child)
            .max_by_key(|(k, i)| (i.column, i.ev.child, std::cmp::Reverse(*k)))
            .map(|(k, _)| k)
    };
    if let Some(m) = main {
        infos[m].label = Some(next_letter("Child", &mut taken));
        infos[m].role = Role::Child;
    }
    for (i, info) in infos.iter_mut().enumerate() {
        if info.reviewer || Some(i) == main || !info.child {
            continue;
        }
        info.label = Some(next_letter("Child", &mut taken));
        info.role = Role::Sibling;
    }
    // Adults: family labels by votes, one subject each.
    let mut used: HashSet<Slot> = infos.iter().filter_map(|i| i.slot).collect();
    let mut votes: Vec<(u32, Slot, usize)> = Vec::new();
    for (k, info) in infos.iter().enumerate() {
        if info.reviewer || info.child {
            continue;
        }
        for s in Slot::ALL {
            let v = info.ev.slots[s.index()];
            if v == 0 {
                continue;
            }
            let g = s.gender();
            if g != Gender::Unknown && info.gender != Gender::Unknown && g != info.gender {
                continue;
            }
            votes.push((v, s, k));
        }
    }
    votes.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (_, s, k) in votes {
        if used.contains(&s) || infos[k].label.is_some() {
            continue;
        }
        let side_known = infos[k].ev.sided[s.index()] > 0;
        let lab = s.label(side_known);
        if taken.contains(&fold(lab)) {
            continue;
        }
        taken.insert(fold(lab));
        used.insert(s);
        infos[k].label = Some(lab.to_string());
        infos[k].slot = Some(s);
        infos[k].role = s.role();
    }
    for info in infos.iter_mut() {
        if info.label.is_none() {
            info.label = Some(next_letter("Adult", &mut taken));
            info.role = Role::OtherAdult;
        }
    }
}

pub(super) fn run(inputs: &[SubjectInput<'_>], decisions: &Decisions) -> Resolution {
    let kin = KinIndex::new();
    let mut r = Resolver::new(&kin);
    r.decisions(decisions);
    r.columns(inputs);
    r.apply_merges();
    r.scan_texts(inputs);
    r.cluster_full();
    r.text_full_names();
    r.first_names();
    let ref_year = {
        let max_dob = r
            .nodes
            .iter()
            .filter_map(|n| n.dob.as_deref().and_then(dob_year))
            .max();
        match (r.reference_year(), max_dob) {
            (Some(y), Some(d)) => Some(y.max(d)),
            (y, _) => y,
        }
    };
    r.titles_and_initials(ref_year);
    r.confidences();
    let mut infos = r.infos(ref_year);

    // Reviewer labels, by name.
    let mut info_of_root: HashMap<usize, usize> = HashMap::new();
    for (i, info) in infos.iter().enumerate() {
        info_of_root.insert(info.root, i);
    }
    let mut reviewer: Vec<(usize, String, Option<Role>)> = Vec::new();
    for (name, lab, role) in &decisions.labels {
        let mut tk = Tokens::default();
        let Some(parsed) = decision_name(name, &mut tk, &kin) else {
            continue;
        };
        let key = parsed.key();
        let node = r.main_node(&key).or_else(|| {
            // A given name or surname alone: the one subject bearing it.
            let roots: BTreeSet<usize> = (0..r.nodes.len())
                .filter(|&n| {
                    let nm = &r.nodes[n].name;
                    match parsed.kind {
                        Kind::First => nm.first == parsed.first && !nm.initial,
                        Kind::Titled => nm.last == parsed.last,
                        _ => false,
                    }
                })
                .map(|n| r.uf.find(n))
                .collect();
            if roots.len() == 1 {
                roots.into_iter().next()
            } else {
                None
            }
        });
        if let Some(n) = node {
            let root = r.uf.find(n);
            if let Some(&i) = info_of_root.get(&root) {
                reviewer.push((i, lab.trim().to_string(), *role));
            }
        }
    }
    label(&mut infos, &reviewer);

    let mut subject_of_root: HashMap<usize, usize> = HashMap::new();
    for (i, info) in infos.iter().enumerate() {
        subject_of_root.insert(info.root, i);
    }
    let subject_of: Vec<usize> = (0..r.nodes.len())
        .map(|n| {
            let root = r.uf.find(n);
            subject_of_root.get(&root).copied().unwrap_or(0)
        })
        .collect();

    let index = build_index(&r, &infos, &subject_of, &kin);
    let slot_subject = slot_subjects(&infos);
    let parents: Vec<usize> = [Slot::Mother, Slot::Father]
        .iter()
        .filter_map(|s| slot_subject.get(s).map(|x| x.0))
        .collect();
    let adult_tokens: HashSet<String> = {
        let mut s = HashSet::new();
        for (n, node) in r.nodes.iter().enumerate() {
            if let Some(info) = infos.get(subject_of[n]) {
                if !info.child {
                    if !node.name.first.is_empty() && !node.name.initial {
                        s.insert(node.name.first.clone());
                    }
                    if !node.name.last.is_empty() {
                        s.insert(node.name.last.clone());
                    }
                }
            }
        }
        s
    };

    // Each subject's surnames, for names with middle names in the text.
    let mut surnames: Vec<HashSet<String>> = vec![HashSet::new(); infos.len()];
    for (n, node) in r.nodes.iter().enumerate() {
        if !node.name.last.is_empty() {
            if let Some(set) = surnames.get_mut(subject_of[n]) {
                set.insert(node.name.last.clone());
            }
        }
    }

    // Variants seen in columns.
    let mut vars: HashMap<(usize, String), VarAcc> = HashMap::new();
    let mut forms: Vec<(&(usize, String), &VarAcc)> = r.forms.iter().collect();
    forms.sort_by(|a, b| a.0.cmp(b.0));
    for ((n, f), acc) in forms {
        let s = subject_of[*n];
        let conf = r.nodes[*n].conf;
        let v = vars.entry((s, f.clone())).or_default();
        for (raw, c) in &acc.forms {
            v.note(raw, *c, conf, acc.agencies.iter().copied());
        }
    }

    // Links: one pass over the records.
    let mut links: Vec<(i64, usize, f32, LinkSource)> = Vec::new();
    let mut here: Vec<(usize, f32, LinkSource)> = Vec::new();
    let mut tk = Tokens::default();
    for (pos, input) in inputs.iter().enumerate() {
        here.clear();
        let from = r.col_off.get(pos).copied().unwrap_or(0);
        let to = r.col_off.get(pos + 1).copied().unwrap_or(from);
        for &item in r.col_items.get(from..to).unwrap_or(&[]) {
            if item >= ROLE_BASE {
                let w = (item - ROLE_BASE) as usize;
                if let Some(kw) = kin.words.get(w) {
                    if let Some(s) = role_target(kw.kin, &slot_subject) {
                        here.push((s, kw.link.max(0.6), LinkSource::Column));
                    }
                }
            } else if let Some(&s) = subject_of.get(item as usize) {
                here.push((s, r.nodes[item as usize].conf, LinkSource::Column));
            }
        }
        // A record about adults only (the partner's probation record) uses
        // "mother"/"father" for that adult's parents, not the child's.
        let adults_only = !here.is_empty()
            && here
                .iter()
                .all(|h| infos.get(h.0).is_some_and(|info| !info.child));
        let not_here = |s: usize| !here.iter().any(|h| h.0 == s);
        let skip_parent: Vec<usize> = if adults_only {
            parents.iter().copied().filter(|&s| not_here(s)).collect()
        } else {
            Vec::new()
        };
        let text = input.text.as_ref();
        tk.scan(text);
        let n = tk.len();
        let mut i = 0;
        'words: while i < n {
            {
                for p in index.candidates(&tk, i) {
                    let Some(len) = matches(&tk, i, p, &index, &kin, &adult_tokens, &surnames)
                    else {
                        continue;
                    };
                    if matches!(p.kind, PatKind::Role { .. }) && skip_parent.contains(&p.subject) {
                        i += len;
                        continue 'words;
                    }
                    let source = match p.kind {
                        PatKind::Role { .. } => LinkSource::TextRole,
                        _ => {
                            let raw = tk.raw_span(text, i, i + len);
                            let v = vars.entry((p.subject, fold(raw))).or_default();
                            v.note(raw, 1, p.conf, [input.agency]);
                            LinkSource::TextName
                        }
                    };
                    here.push((p.subject, p.conf, source));
                    i += len;
                    continue 'words;
                }
            }
            i += 1;
        }
        here.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)).then(a.2.cmp(&b.2)));
        here.dedup_by_key(|h| h.0);
        for &(s, c, src) in &here {
            links.push((input.record, s, c, src));
        }
    }

    // Subjects.
    let mut per_subject: Vec<Vec<NameVariant>> = vec![Vec::new(); infos.len()];
    let mut vars: Vec<((usize, String), VarAcc)> = vars.into_iter().collect();
    vars.sort_by(|a, b| a.0.cmp(&b.0));
    for ((s, _), acc) in vars {
        if let Some(list) = per_subject.get_mut(s) {
            list.push(NameVariant {
                text: acc.text(),
                count: acc.count,
                confidence: acc.conf,
                agencies: acc.agencies.into_iter().collect(),
            });
        }
    }
    let mut subjects: Vec<Subject> = Vec::with_capacity(infos.len());
    for (id, (info, mut names)) in infos.iter().zip(per_subject).enumerate() {
        names.sort_by(|a, b| b.count.cmp(&a.count).then(a.text.cmp(&b.text)));
        subjects.push(Subject {
            id,
            label: info.label.clone().unwrap_or_default(),
            role: info.role,
            names,
            dob: info.dob_written.clone(),
        });
    }
    let replacements = replacements(&r, &infos, &subject_of, &subjects);
    let mut by_name = HashMap::new();
    for (i, (v, _)) in replacements.iter().enumerate() {
        by_name.entry(fold(v)).or_insert(i);
    }
    Resolution {
        subjects,
        links,
        replacements,
        by_name,
    }
}

/// The subject holding each adult label.
fn slot_subjects(infos: &[Info]) -> HashMap<Slot, (usize, bool)> {
    let mut out = HashMap::new();
    for (i, info) in infos.iter().enumerate() {
        if let Some(s) = info.slot {
            let side_known = info.ev.sided[s.index()] > 0 || info.reviewer;
            out.entry(s).or_insert((i, side_known));
        }
    }
    out
}

/// The subject a role word refers to, if one holds that label.
fn role_target(kin: Kin, slots: &HashMap<Slot, (usize, bool)>) -> Option<usize> {
    use super::kin::Side;
    match kin {
        Kin::Child => None,
        Kin::Grandmother(Side::Unknown) | Kin::Grandfather(Side::Unknown) => {
            let pair = if matches!(kin, Kin::Grandmother(_)) {
                [Slot::MaternalGrandmother, Slot::PaternalGrandmother]
            } else {
                [Slot::MaternalGrandfather, Slot::PaternalGrandfather]
            };
            let found: Vec<usize> = pair
                .iter()
                .filter_map(|s| slots.get(s).map(|x| x.0))
                .collect();
            (found.len() == 1).then(|| found[0])
        }
        Kin::Grandmother(_) | Kin::Grandfather(_) => {
            let s = kin.slot()?;
            slots.get(&s).map(|x| x.0)
        }
        _ => slots.get(&kin.slot()?).map(|x| x.0),
    }
}

/// How many words pattern `p` matches at word `i`, if it matches: its own
/// length, or more for a given name followed by middle names and the
/// subject's surname ("Tyler James Brooks").
fn matches(
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
        PatKind::Surname => (t0.cap
            && !(i > 0
                && t0.gap.space
                && (unknown_name(i - 1) || title(tk.fold(i - 1)).is_some())))
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
fn build_index(r: &Resolver<'_>, infos: &[Info], subject_of: &[usize], kin: &KinIndex) -> Index {
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

/// The anonymisation list: every variant and alias with its label, longest
/// first.
fn replacements(
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
