//! What each subject is called: the evidence of age, gender and family
//! place gathered for a subject, and the labels a review report uses
//! ("Child A", "Mother", "Adult A").

use std::collections::{BTreeMap, BTreeSet};

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use super::clusters::full_rel;
use super::compare::surname_rel;
use super::dob::dob_year;
use super::kin::{Gender, Kin, Slot, SLOTS};
use super::names::{Kind, Name};
use super::resolve::{Node, Resolver, Seen, NEVER, ROLE_BASE};
use super::Role;
use crate::text::fold;

/// What role words, ages and titles said about a name.
#[derive(Debug, Clone, Default)]
pub(super) struct Evidence {
    slots: [u32; SLOTS],
    /// Votes for a grandparent slot that named the side of the family.
    sided: [u32; SLOTS],
    child: u32,
    pub(super) adult: u32,
    female: u32,
    male: u32,
}

impl Evidence {
    pub(super) fn add(&mut self, o: &Evidence) {
        for i in 0..SLOTS {
            self.slots[i] += o.slots[i];
            self.sided[i] += o.sided[i];
        }
        self.child += o.child;
        self.adult += o.adult;
        self.female += o.female;
        self.male += o.male;
    }

    pub(super) fn kin(&mut self, kin: Kin, gender: Gender) {
        match kin.slot() {
            Some(s) => {
                self.slots[s.index()] += 1;
                if kin.side_known() {
                    self.sided[s.index()] += 1;
                }
                self.adult += 1;
            }
            None if kin == Kin::Carer => self.adult += 1,
            None => self.child += 1,
        }
        self.gender(gender);
    }

    pub(super) fn gender(&mut self, g: Gender) {
        match g {
            Gender::Female => self.female += 1,
            Gender::Male => self.male += 1,
            Gender::Unknown => {}
        }
    }

    pub(super) fn age(&mut self, child: bool) {
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

/// A resolved subject while labels are worked out.
#[derive(Debug, Clone)]
pub(super) struct Info {
    pub(super) root: usize,
    members: Vec<usize>,
    seen: Seen,
    column: usize,
    ev: Evidence,
    pub(super) dob_written: Option<String>,
    pub(super) child: bool,
    pub(super) gender: Gender,
    /// The surnames its names give, folded.
    surnames: BTreeSet<String>,
    pub(super) label: Option<String>,
    pub(super) role: Role,
    slot: Option<Slot>,
    reviewer: bool,
}

impl<'k> Resolver<'k> {
    // ------------------------------------------------------------ subjects

    /// Groups nodes into subjects, ordered by first appearance.
    pub(super) fn infos(&mut self, ref_year: Option<i32>) -> Vec<Info> {
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
                let mut child_column = 0;
                let mut seen = NEVER;
                let mut dobs: BTreeMap<&str, usize> = BTreeMap::new();
                for &m in &members {
                    let node = &self.nodes[m];
                    ev.add(&node.ev);
                    column += node.column;
                    child_column += node.child_column;
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
                            // No sign of age: a name in a school's, health
                            // visitor's or social worker's subject column is
                            // the child's; one in a GP's or adult service's
                            // may be anyone's.
                            child_column > 0
                        }
                    }
                };
                let surnames = members
                    .iter()
                    .map(|&m| fold(&self.nodes[m].name.last))
                    .filter(|l| !l.is_empty())
                    .collect();
                // Nothing in the records says: a common given name may.
                let gender = match ev.gender_of() {
                    Gender::Unknown => members
                        .iter()
                        .map(|&m| super::given_names::gender_of(&self.nodes[m].name.first))
                        .find(|g| *g != Gender::Unknown)
                        .unwrap_or(Gender::Unknown),
                    g => g,
                };
                Info {
                    root,
                    surnames,
                    members,
                    seen,
                    column,
                    gender,
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

    /// A review is about a child. When nothing marked anyone as a child, the
    /// person named most often with no sign of being an adult (no title, no
    /// adult's role word or age) is taken for the child: the chronology's
    /// "Logan", "Seun".
    pub(super) fn child_when_none(&self, infos: &mut [Info]) {
        if infos.iter().any(|i| i.child) {
            return;
        }
        let best = infos
            .iter_mut()
            .filter(|i| {
                i.ev.adult_votes() == 0 && i.members.iter().all(|&m| !self.nodes[m].name.titled)
            })
            .map(|i| {
                let named: usize = i
                    .members
                    .iter()
                    .map(|&m| self.nodes[m].mentions + self.nodes[m].column)
                    .sum();
                (named, i)
            })
            .filter(|(named, _)| *named > 0)
            .max_by_key(|(named, i)| (*named, std::cmp::Reverse(i.seen)));
        if let Some((_, info)) = best {
            info.child = true;
            info.role = Role::Sibling;
        }
    }

    /// Titles with surnames ("Ms Brooks") and initials ("TB"): they join the
    /// one adult (or person) they fit, judged on the clusters so far.
    pub(super) fn titles_and_initials(&mut self, ref_year: Option<i32>) {
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
            // "Ms Kershaw" where the child is Maisie Kershaw and the one
            // adult of that gender known by no surname is "Danielle
            // (mother)": she is that adult.
            let target = target.or_else(|| {
                let childs = name.kind == Kind::Titled
                    && name.gender != Gender::Unknown
                    && surnames
                        .get(&name.last)
                        .is_some_and(|set| set.iter().any(|&i| infos[i].child));
                if !childs || !ranked.is_empty() {
                    return None;
                }
                let unnamed: Vec<usize> = (0..infos.len())
                    .filter(|&i| {
                        let info = &infos[i];
                        !info.child
                            && info.gender == name.gender
                            && info.surnames.is_empty()
                            && info.ev.slots.iter().any(|&votes| votes > 0)
                    })
                    .collect();
                match unnamed.as_slice() {
                    [one] => Some((1, *one, 0.5)),
                    _ => None,
                }
            });
            let Some((_, i, conf)) = target else {
                // A titled name that fits no one already found ("Ms
                // Williamson" in a chronology that never gives her full
                // name): a member of the household of its own, unless a
                // professional's word is ever beside it.
                let childs_surname = name.kind == Kind::Titled
                    && surnames
                        .get(&name.last)
                        .is_some_and(|set| set.iter().any(|&i| infos[i].child));
                let household = node.is_none()
                    && ranked.is_empty()
                    && self
                        .phrases
                        .get(&key)
                        .is_some_and(|p| p.household_adult(&self.agency_of, childs_surname));
                if household {
                    let n = self.add_node(name, None, seen);
                    self.nodes[n].ev = ev;
                    self.nodes[n].joined = 1.0;
                }
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
    pub(super) fn confidences(&mut self) {
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

impl Info {
    /// The nodes (names) of the subject.
    pub(super) fn members(&self) -> &[usize] {
        &self.members
    }
}

impl<'k> Resolver<'k> {
    /// Role words in subject columns ("Subject: Mother", "Father") whose
    /// family place no one found holds: a person of their own, known by the
    /// role, so that what the column says of them stays theirs.
    pub(super) fn role_only_subjects(&mut self, infos: &mut Vec<Info>) {
        let mut slots: Vec<Slot> = Vec::new();
        for &item in &self.col_items {
            if item < ROLE_BASE {
                continue;
            }
            let Some(kw) = self.kin.words.get((item - ROLE_BASE) as usize) else {
                continue;
            };
            if let Some(s) = kw.kin.slot() {
                if kw.link > 0.0 && !slots.contains(&s) {
                    slots.push(s);
                }
            }
        }
        for s in slots {
            if infos.iter().any(|i| i.slot == Some(s)) {
                continue;
            }
            let lab = s.label(true);
            if infos.iter().any(|i| i.label.as_deref() == Some(lab)) {
                continue;
            }
            let name = Name::given(&fold(lab), lab, s.gender());
            let n = self.add_node(name, None, NEVER);
            infos.push(Info {
                root: self.uf.find(n),
                members: vec![n],
                seen: NEVER,
                column: 0,
                surnames: BTreeSet::new(),
                ev: Evidence::default(),
                dob_written: None,
                child: false,
                gender: s.gender(),
                label: Some(lab.to_string()),
                role: s.role(),
                slot: Some(s),
                reviewer: false,
            });
        }
    }
}

/// Labels: reviewer's first, then children, then adults by role words.
pub(super) fn label(infos: &mut [Info], reviewer: &[(usize, String, Option<Role>)]) {
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
    partner_as_mother(infos, &mut used, &mut taken);
    mother_by_surname(infos, &mut used, &mut taken);
    father_by_surname(infos, &mut used, &mut taken);
    for info in infos.iter_mut() {
        if info.label.is_none() {
            info.label = Some(next_letter("Adult", &mut taken));
            info.role = Role::OtherAdult;
        }
    }
}

/// Whether no one holds `slot` (nor its label) yet.
fn slot_free(slot: Slot, used: &HashSet<Slot>, taken: &HashSet<String>) -> bool {
    !used.contains(&slot) && !taken.contains(&fold(slot.label(false)))
}

/// Gives subject `k` the family label of `slot`.
fn assign(
    infos: &mut [Info],
    k: usize,
    slot: Slot,
    used: &mut HashSet<Slot>,
    taken: &mut HashSet<String>,
) {
    let lab = slot.label(false);
    taken.insert(fold(lab));
    used.insert(slot);
    infos[k].label = Some(lab.to_string());
    infos[k].slot = Some(slot);
    infos[k].role = slot.role();
}

/// The adults of no family label, of a sex `fits`, who share one of
/// `names` as a surname.
fn surname_sharers(
    infos: &[Info],
    names: &BTreeSet<String>,
    fits: impl Fn(Gender) -> bool,
) -> Vec<usize> {
    infos
        .iter()
        .enumerate()
        .filter(|(_, i)| {
            i.label.is_none()
                && !i.child
                && !i.reviewer
                && fits(i.gender)
                && !i.surnames.is_disjoint(names)
        })
        .map(|(k, _)| k)
        .collect()
}

/// The surnames of the main child, if there is one.
fn child_surnames(infos: &[Info]) -> Option<BTreeSet<String>> {
    infos
        .iter()
        .find(|i| i.role == Role::Child)
        .map(|c| c.surnames.clone())
}

/// When no one holds the mother's label, the adult woman (or adult of
/// unknown sex) who shares the main child's surname, with no other family
/// label, is taken for the mother: the records' "Kirsty FENWICK" of "Ruby-Mae
/// Fenwick", written "Mum" everywhere else. The one named most in subject
/// columns, then the first seen, wins. Failing that, the one such adult who
/// shares another child's surname.
fn mother_by_surname(infos: &mut [Info], used: &mut HashSet<Slot>, taken: &mut HashSet<String>) {
    if !slot_free(Slot::Mother, used, taken) {
        return;
    }
    let Some(names) = child_surnames(infos) else {
        return;
    };
    let not_male = |g: Gender| g != Gender::Male;
    let mut found = surname_sharers(infos, &names, not_male);
    if found.is_empty() {
        // The main child bears the father's name ("Ava Costello"), her
        // half-brother the mother's ("Leo Ridley"): the one adult of no
        // family label who shares another child's surname.
        let others: BTreeSet<String> = infos
            .iter()
            .filter(|i| i.child && i.role != Role::Child)
            .flat_map(|i| i.surnames.iter().cloned())
            .collect();
        found = surname_sharers(infos, &others, not_male);
        if found.len() > 1 {
            return;
        }
    }
    let best = found.into_iter().max_by_key(|&k| {
        let i = &infos[k];
        (i.column, std::cmp::Reverse(i.seen), std::cmp::Reverse(k))
    });
    if let Some(k) = best {
        assign(infos, k, Slot::Mother, used, taken);
    }
}

/// With no one called the mother, the one woman labelled "Mother's
/// partner" is the mother: the records' "partner" was the man's ("verbal
/// argument w partner PRICE Natalie").
fn partner_as_mother(infos: &mut [Info], used: &mut HashSet<Slot>, taken: &mut HashSet<String>) {
    if !slot_free(Slot::Mother, used, taken) {
        return;
    }
    let mut partners = infos
        .iter()
        .enumerate()
        .filter(|(_, i)| !i.reviewer && i.slot == Some(Slot::MotherPartner))
        .map(|(k, i)| (k, i.gender));
    let (Some((k, Gender::Female)), None) = (partners.next(), partners.next()) else {
        return;
    };
    if let Some(old) = infos[k].label.take() {
        taken.remove(&fold(&old));
    }
    used.remove(&Slot::MotherPartner);
    assign(infos, k, Slot::Mother, used, taken);
}

/// With no one called the father, the one man of no family label who
/// shares the main child's surname ("LOMAX Craig", the child "Jayden
/// LOMAX") is the father.
fn father_by_surname(infos: &mut [Info], used: &mut HashSet<Slot>, taken: &mut HashSet<String>) {
    if !slot_free(Slot::Father, used, taken) {
        return;
    }
    let Some(names) = child_surnames(infos) else {
        return;
    };
    if let [k] = surname_sharers(infos, &names, |g| g == Gender::Male)[..] {
        assign(infos, k, Slot::Father, used, taken);
    }
}

/// The subject holding each adult label.
pub(super) fn slot_subjects(infos: &[Info]) -> HashMap<Slot, (usize, bool)> {
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
pub(super) fn role_target(kin: Kin, slots: &HashMap<Slot, (usize, bool)>) -> Option<usize> {
    use super::kin::Side;
    match kin {
        Kin::Child | Kin::Carer => None,
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
