//! The resolution itself: the resolver's nodes (distinct names) and the run
//! that takes the records through columns, text, clusters, labels and links.

use std::collections::{BTreeMap, BTreeSet};

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use super::clusters::{block_keys, Clusters};
use super::dob::dob_year;
use super::kin::{KinIndex, Slot};
use super::labels::{label, role_target, slot_subjects, Evidence};
use super::links::{build_index, matches, replacements, BareSurnames, PatKind};
use super::names::{is_review_code, parse_column, ColumnItem, Kind, Name};
use super::prose::Frequent;
use super::scan::{Phrase, Single, VarAcc};
use super::text::Tokens;
use super::{Decisions, LinkSource, NameVariant, Resolution, Role, Subject, SubjectInput};
use crate::text::fold;

/// Where something was first seen: (input position, 0 column / 1 text,
/// position within the record).
pub(super) type Seen = (usize, u8, usize);

pub(super) const NEVER: Seen = (usize::MAX, u8::MAX, usize::MAX);

/// Cannot-link tags from this id up are automatic (names listed together):
/// a reviewer's merge overrides them, as it overrides dates of birth.
pub(super) const SOFT_TAG: u32 = 1 << 31;

/// Column items are stored as node ids, or role phrases from this base up.
pub(super) const ROLE_BASE: u32 = u32::MAX / 2;

/// Initials that are common abbreviations in chronologies, never read as a
/// person's initials in free text.
pub(super) const INITIAL_STOP: &[&str] = &[
    "da", "dv", "hv", "sw", "tm", "cp", "mh", "ed", "gp", "po", "dc", "ds", "pc", "uc", "na", "ok",
    "am", "pm", "ta", "it", "uk", "re", "aa", "ae", "bp", "cc", "cq", "dr", "eh", "er", "fm", "hr",
    "id", "ip", "mp", "ms", "mr", "nb", "nk", "ot", "pa", "ps", "rn", "rq", "sa", "sn", "so", "st",
    "tv", "ya", "yo", "ct", "ab", "ga", "gb", "wk", "fs", "ic", "ir", "nt", "ao", "ma", "md", "mo",
    "no", "or", "on", "of", "to", "in", "at", "by", "be", "do", "go", "he", "if", "is", "me", "my",
    "so", "up", "us", "we", "an", "as",
];

/// A distinct name (with its date of birth, when the column gave one).
#[derive(Debug, Clone)]
pub(super) struct Node {
    pub(super) name: Name,
    pub(super) key: String,
    pub(super) dob: Option<String>,
    pub(super) dob_written: BTreeMap<String, usize>,
    pub(super) seen: Seen,
    /// Times named in a subject column.
    pub(super) column: usize,
    /// Times named in the subject column of an agency whose subjects are
    /// children (see [`crate::subjects::SubjectInput::adults_named`]).
    pub(super) child_column: usize,
    /// Confidence of the join that brought it into its cluster.
    pub(super) joined: f32,
    /// Final confidence that it belongs to its cluster.
    pub(super) conf: f32,
    pub(super) forced: bool,
    pub(super) ev: Evidence,
    /// Records whose text names it (counted for given names found by
    /// frequency; 0 otherwise).
    pub(super) mentions: usize,
}

pub(super) struct Resolver<'k> {
    pub(super) kin: &'k KinIndex,
    pub(super) tk: Tokens,
    pub(super) nodes: Vec<Node>,
    pub(super) by_key: HashMap<String, Vec<usize>>,
    pub(super) uf: Clusters,
    pub(super) split_tags: HashMap<String, Vec<(u32, bool)>>,
    next_tag: u32,
    merges: Vec<(String, String)>,
    pub(super) full_blocks: HashMap<(String, char), Vec<usize>>,
    // Subject columns.
    pub(super) col_items: Vec<u32>,
    pub(super) col_off: Vec<usize>,
    pub(super) forms: HashMap<(usize, String), VarAcc>,
    // First pass over the texts.
    pub(super) phrases: HashMap<String, Phrase>,
    pub(super) singles: HashMap<String, Single>,
    pub(super) frequent: HashMap<String, Frequent>,
    pub(super) lower: HashSet<String>,
    pub(super) years: Vec<u64>,
    pub(super) known_first: HashSet<String>,
    pub(super) known_last: HashSet<String>,
    /// Each input's agency, by position.
    pub(super) agency_of: Vec<i64>,
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
            frequent: HashMap::new(),
            lower: HashSet::new(),
            years: vec![0; 201],
            known_first: HashSet::new(),
            known_last: HashSet::new(),
            agency_of: Vec::new(),
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

    pub(super) fn add_node(&mut self, name: Name, dob: Option<String>, seen: Seen) -> usize {
        let key = name.key();
        let id = self.nodes.len();
        let tags = self.split_tags.get(&key).cloned().unwrap_or_default();
        self.uf.add(dob.clone(), tags);
        self.by_key.entry(key.clone()).or_default().push(id);
        if name.kind == Kind::Full {
            for k in block_keys(&name) {
                self.full_blocks.entry(k).or_default().push(id);
            }
        }
        self.nodes.push(Node {
            name,
            key,
            dob,
            dob_written: BTreeMap::new(),
            seen,
            column: 0,
            child_column: 0,
            joined: 0.0,
            conf: 1.0,
            forced: false,
            ev: Evidence::default(),
            mentions: 0,
        });
        id
    }

    /// The node that stands for a key: the one named most in columns.
    pub(super) fn main_node(&self, key: &str) -> Option<usize> {
        let list = self.by_key.get(key)?;
        list.iter()
            .copied()
            .max_by_key(|&n| (self.nodes[n].column, std::cmp::Reverse(n)))
    }

    pub(super) fn apply_merges(&mut self) {
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
    r.frequent_names();
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
    r.child_when_none(&mut infos);

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
    // A template's codes ("Child A") are the labels of the children they name.
    for (i, info) in infos.iter().enumerate() {
        if reviewer.iter().any(|x| x.0 == i) {
            continue;
        }
        let code = info
            .members()
            .iter()
            .map(|&m| &r.nodes[m].name)
            .find(|n| is_review_code(n));
        if let Some(name) = code {
            let lab = format!("{} {}", capitalised(&name.first), name.last.to_uppercase());
            reviewer.push((i, lab, None));
        }
    }
    label(&mut infos, &reviewer);
    r.role_only_subjects(&mut infos);

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
    let mut bare = BareSurnames::default();
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
                    if p.kind == PatKind::Surname {
                        let raw = tk.raw_span(text, i, i + len);
                        bare.hit(
                            input.record,
                            input.agency,
                            tk.fold(i),
                            p.subject,
                            p.conf,
                            raw,
                        );
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
        bare.end_record(input.agency, &mut here, &surnames, &mut vars);
        here.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)).then(a.2.cmp(&b.2)));
        // One link per subject, at its surest; named in the subject column
        // when the column names them at all (the column's "Mother" is the
        // text's "Rebecca"), for the column says whom the record is about.
        let in_column: Vec<usize> = here
            .iter()
            .filter(|h| h.2 == LinkSource::Column)
            .map(|h| h.0)
            .collect();
        here.dedup_by_key(|h| h.0);
        for h in here.iter_mut() {
            if in_column.contains(&h.0) {
                h.2 = LinkSource::Column;
            }
        }
        for &(s, c, src) in &here {
            links.push((input.record, s, c, src));
        }
    }
    bare.finish(&mut links, &mut vars);

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

/// "young person" → "Young person".
fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
