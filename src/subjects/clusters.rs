//! Which names are one person: clusters of names kept apart by dates of
//! birth and the reviewer's splits, and the rules that join full names,
//! nicknames and given names.

use std::collections::BTreeMap;

use foldhash::{HashSet, HashSetExt};

use super::compare::{
    first_rel, in_nickname_table, nickname_forms, surname_rel, text_first_rel, FirstRel,
};
use super::kin::Gender;
use super::labels::Evidence;
use super::names::{title, Kind, Name};
use super::not_names::{is_not_name, is_professional_word};
use super::resolve::{Resolver, Seen, SOFT_TAG};

/// Union–find over nodes, with the cannot-link constraints of each cluster.
#[derive(Debug, Default)]
pub(super) struct Clusters {
    parent: Vec<usize>,
    dobs: Vec<Vec<String>>,
    pub(super) tags: Vec<Vec<(u32, bool)>>,
}

impl Clusters {
    pub(super) fn add(&mut self, dob: Option<String>, mut tags: Vec<(u32, bool)>) -> usize {
        tags.sort_unstable();
        tags.dedup();
        self.parent.push(self.parent.len());
        self.dobs.push(dob.into_iter().collect());
        self.tags.push(tags);
        self.parent.len() - 1
    }

    pub(super) fn find(&mut self, mut x: usize) -> usize {
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
    pub(super) fn accepts(&mut self, b: usize, dob: Option<&String>, tags: &[(u32, bool)]) -> bool {
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
    pub(super) fn union(&mut self, a: usize, b: usize, forced: bool) -> bool {
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

fn block_key(name: &Name) -> (String, char) {
    (
        name.last.chars().take(2).collect(),
        name.first.chars().next().unwrap_or(' '),
    )
}

/// Every block a full name belongs to: its own, and one for each initial of
/// its familiar forms ("Millie" is also in Amelia's and Emily's blocks), so
/// that a nickname with another first letter meets its full name.
pub(super) fn block_keys(name: &Name) -> Vec<(String, char)> {
    let own = block_key(name);
    let mut keys = vec![own.clone()];
    if !name.initial {
        for form in super::compare::nickname_forms(&name.first) {
            if let Some(c) = form.chars().next() {
                let k = (own.0.clone(), c);
                if !keys.contains(&k) {
                    keys.push(k);
                }
            }
        }
    }
    keys
}

/// How two full names relate: the given-name relation and the confidence.
pub(super) fn full_rel(a: &Name, b: &Name) -> Option<(FirstRel, f32)> {
    if a.kind != Kind::Full || b.kind != Kind::Full {
        return None;
    }
    let sur = surname_rel(&a.last, &b.last)?;
    let fr = first_rel(&a.first, a.initial, &b.first, b.initial)?;
    Some((fr, sur * fr.confidence()))
}

impl<'k> Resolver<'k> {
    // --------------------------------------------------------- clustering

    /// Full names from the subject columns.
    pub(super) fn cluster_full(&mut self) {
        let mut strong: Vec<(f32, usize, usize)> = Vec::new();
        let mut weak: Vec<(usize, usize, f32)> = Vec::new();
        let mut blocks: Vec<(&(String, char), &Vec<usize>)> = self.full_blocks.iter().collect();
        blocks.sort();
        // A name is in more than one block when its familiar forms start
        // with other letters: each pair is weighed once.
        let mut weighed: HashSet<(usize, usize)> = HashSet::new();
        for (_, list) in blocks {
            for x in 0..list.len() {
                for y in x + 1..list.len() {
                    let (a, b) = (list[x], list[y]);
                    if !weighed.insert((a.min(b), a.max(b))) {
                        continue;
                    }
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
        // A name whose candidates were two clusters may find them one after
        // another name's joining ("Amelia Kowalczyk" between "Amelia-Rose"
        // and "Millie", once Millie joins Amelia-Rose): passes repeat until
        // nothing joins.
        while self.join_weak(&weak) {}
    }

    /// One pass over the weak relations: each name joins the one cluster
    /// its candidates make up. True when any name joined.
    fn join_weak(&mut self, weak: &[(usize, usize, f32)]) -> bool {
        let mut joined = false;
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
                        joined = true;
                    }
                }
            }
            i = j;
        }
        joined
    }

    /// The clusters a full name could join: root → (relation, confidence).
    fn full_candidates(
        &mut self,
        name: &Name,
        dob: Option<&String>,
        tags: &[(u32, bool)],
    ) -> BTreeMap<usize, (FirstRel, f32)> {
        let mut out: BTreeMap<usize, (FirstRel, f32)> = BTreeMap::new();
        // Initials share the first letter; nicknames with another one are
        // in the blocks of their familiar forms.
        let mut list: Vec<usize> = block_keys(name)
            .iter()
            .filter_map(|k| self.full_blocks.get(k))
            .flatten()
            .copied()
            .collect();
        list.sort_unstable();
        list.dedup();
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
    pub(super) fn text_full_names(&mut self) {
        self.phrase_evidence(Kind::Full);
        let mut list: Vec<(Seen, String)> = self
            .phrases
            .iter()
            .filter(|(_, p)| p.name.kind == Kind::Full)
            .map(|(k, p)| (p.seen, k.clone()))
            .collect();
        list.sort();
        // The family's surnames so far: a full name in the text that carries
        // one ("states husband Nathan Lowry" where the child is Ella Lowry)
        // is a member of the family, unless a professional's word is beside
        // it.
        let mut family: HashSet<String> = self
            .nodes
            .iter()
            .filter(|n| n.name.kind == Kind::Full)
            .map(|n| n.name.last.clone())
            .collect();
        // Including the surnames of those anchored anywhere in the texts: the
        // mother named before her children ("Chloe PRICE returned …; Jayden
        // PRICE (3) …") is one of the family as much as after them.
        let anchored: Vec<String> = self
            .phrases
            .values()
            .filter(|p| p.name.kind == Kind::Full && p.anchors() && !p.professional)
            .filter(|p| !self.common_words(&p.name))
            .map(|p| p.name.last.clone())
            .collect();
        family.extend(anchored);
        for (_, key) in list {
            let Some(p) = self.phrases.get(&key).cloned() else {
                continue;
            };
            let tags = self.split_tags.get(&key).cloned().unwrap_or_default();
            let cands = self.full_candidates(&p.name, None, &tags);
            let kin = family.contains(&p.name.last) && !p.professional;
            match Self::pick(&cands) {
                Some((root, conf)) => {
                    let n = self.add_node(p.name.clone(), None, p.seen);
                    self.nodes[n].ev = p.ev.clone();
                    if self.uf.union(n, root, false) {
                        self.nodes[n].joined = conf;
                    }
                }
                None if cands.is_empty() && (p.anchors() || kin) && !self.common_words(&p.name) => {
                    let n = self.add_node(p.name.clone(), None, p.seen);
                    self.nodes[n].ev = p.ev.clone();
                    self.nodes[n].joined = 1.0;
                    family.insert(p.name.last.clone());
                }
                None => {}
            }
        }
        self.apply_merges();
    }

    /// The roots of clusters holding a full name.
    pub(super) fn roots_with_full(&mut self) -> HashSet<usize> {
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
    pub(super) fn phrase_evidence(&mut self, kind: Kind) {
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
    pub(super) fn first_names(&mut self) {
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
            // "Amelia" lists "Amelia-Rose" too.
            let listed = nickname_forms(&first)
                .into_iter()
                .filter(|n| !n.starts_with(c))
                .flat_map(|n| {
                    firsts
                        .range(n.to_string()..)
                        .take_while(move |(name, _)| name.starts_with(n))
                        .filter(move |(name, _)| {
                            name.len() == n.len() || name[n.len()..].starts_with('-')
                        })
                });
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
                        None if roots.is_empty() && p.anchors() && !self.common_words(&p.name) => {
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
                    let name = Name::given(&f, &s.raw, Gender::Unknown);
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

    /// Given names written often and always on their own ("Seun" in seven
    /// records of three agencies): people, though no role word, age or
    /// column says so.
    pub(super) fn frequent_names(&mut self) {
        let mut known: HashSet<String> = HashSet::new();
        for n in &self.nodes {
            known.insert(n.name.first.clone());
            known.insert(n.name.last.clone());
        }
        let mut found: Vec<(Seen, String)> = self
            .frequent
            .iter()
            .filter(|(f, w)| {
                w.person()
                    && !known.contains(*f)
                    && !self.by_key.contains_key(*f)
                    && !self.lower.contains(*f)
                    && !is_not_name(f)
                    && !is_professional_word(f)
                    && title(f).is_none()
                    && !self.kin.starts(f)
            })
            .map(|(f, w)| (w.seen, f.clone()))
            .collect();
        found.sort();
        for (seen, f) in found {
            let Some(w) = self.frequent.get(&f) else {
                continue;
            };
            let name = Name::given(&f, &w.raw, Gender::Unknown);
            let mentions = w.records;
            let n = self.add_node(name, None, seen);
            self.nodes[n].joined = 1.0;
            self.nodes[n].mentions = mentions;
        }
    }
}
