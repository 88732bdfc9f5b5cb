//! Stage "people": the people in the records, resolved across agencies'
//! spellings, and which of them each record is about.

use foldhash::HashMap;

use crate::model::{AgencyKind, Record};
use crate::subjects::{self, LinkSource, Resolution, Role, SubjectInput};

use super::AnalysisOptions;

/// The people in the records, resolved across agencies' spellings.
pub(super) fn resolve_subjects(records: &[Record], opts: &AnalysisOptions) -> subjects::Resolution {
    // The declared family first: their names, roles and labels.
    let (declared, decisions) = subjects::seed(&opts.people, &opts.subject_decisions);
    let mut inputs: Vec<SubjectInput> = declared;
    let agency_words = agency_words(records);
    inputs.extend(records.iter().map(|r| {
        let text = match &r.outcome {
            Some(o) => format!("{}\n{}", r.text, o),
            None => r.text.clone(),
        };
        SubjectInput {
            record: r.id,
            agency: r.agency_id,
            adults_named: !matches!(
                r.agency_kind,
                AgencyKind::School | AgencyKind::HealthVisiting | AgencyKind::ChildrensSocialCare
            ),
            names: r.subjects.clone(),
            dob: r.subject_dob.clone(),
            text: without_agency_words(text, &agency_words).into(),
        }
    }));
    subjects::resolve(&inputs, &decisions)
}

/// The words of the review's agencies' names that are no one's name
/// ("Horizon" of "Horizon Recovery Service", "Calderbank"): capitalised,
/// four letters or more, not a common given name.
fn agency_words(records: &[Record]) -> foldhash::HashSet<String> {
    let mut names: Vec<&str> = records.iter().map(|r| r.agency.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    names
        .iter()
        .flat_map(|n| n.split(|c: char| !c.is_alphanumeric() && c != '\''))
        .filter(|w| {
            w.chars().count() >= 4
                && w.chars().next().is_some_and(char::is_uppercase)
                && !subjects::is_given_name(w)
        })
        .map(str::to_string)
        .collect()
}

/// The text with each of `words`, where it stands capitalised as a word of
/// its own, written in lower case: the same length, and never a name.
fn without_agency_words(mut text: String, words: &foldhash::HashSet<String>) -> String {
    if words.is_empty() {
        return text;
    }
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        let inside = c.is_alphanumeric() || c == '\'';
        match (inside, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                if text.get(s..i).is_some_and(|w| words.contains(w)) {
                    spans.push((s, i));
                }
                start = None;
            }
            _ => {}
        }
    }
    for (s, e) in spans {
        if let Some(w) = text.get(s..e) {
            let lower = w.to_lowercase();
            if lower.len() == w.len() {
                text.replace_range(s..e, &lower);
            }
        }
    }
    text
}

/// True when the record's subject came from its file's title block
/// ([`crate::model::FROM_TITLE`]), not from a cell of its own row: it says
/// whose file it is, not that every clause of the row is about that person.
fn subject_from_title(r: &Record) -> bool {
    r.subjects
        .iter()
        .any(|s| s.contains(crate::model::FROM_TITLE))
}

/// Days back within which a hospital's or GP's record of a child not
/// brought is about the child of its last record naming one.
const NOT_BROUGHT_DAYS: i64 = 365;

/// True when the record says a child was not brought ("DNA – not brought",
/// "WNB"): words only ever written of a child.
fn tells_not_brought(r: &Record) -> bool {
    [
        Some(r.text.as_str()),
        r.outcome.as_deref(),
        r.event_type.as_deref(),
    ]
    .into_iter()
    .flatten()
    .any(|t| {
        let t = t.to_lowercase();
        t.contains("not brought")
            || t.contains("wasn't brought")
            || t.split(|c: char| !c.is_alphanumeric()).any(|w| w == "wnb")
    })
}

/// Words that bring in a named child's brothers and sisters: "re 'Eva
/// FARRELLY' and siblings", "Connor and his sibs", "all the children",
/// "all 3 children".
static SIBLINGS: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"(?ix)
        \b(?:and|&|\+|plus|with)\s+(?:(?:his|her|their|the|all|both)\s+)*
           (?:siblings|sibs|brothers?\s+and\s+sisters?|sisters?\s+and\s+brothers?)\b
        | \ball\s+(?:of\s+)?(?:the\s+|three\s+|four\s+|five\s+|[2-9]\s+)?(?:children|kids|siblings)\b
        | \bthe\s+(?:children|siblings)\s+(?:were|are)\s+all\b",
    )
    .expect("the siblings pattern is valid")
});

/// True when the record names a child "and siblings" (or "all the
/// children"): it is about every child of the review.
fn with_siblings(r: &Record) -> bool {
    [Some(r.text.as_str()), r.outcome.as_deref()]
        .into_iter()
        .flatten()
        .any(|t| SIBLINGS.is_match(t))
}

/// Whether an agency's name says it serves children ("Harrowden Elective
/// Home Education Service", "Castlebrook Youth Justice Service", "Wexmoor
/// CAMHS"): its records naming nobody are about the review's children, as
/// a school's or a social worker's are.
fn serves_children(agency: &str) -> bool {
    const WORDS: &[&str] = &[
        "education",
        "youth",
        "young",
        "children",
        "children's",
        "childrens",
        "camhs",
        "paediatric",
        "paediatrics",
        "school",
        "schools",
        "nursery",
        "0-19",
        "0-25",
        "yjs",
        "yos",
        "yot",
    ];
    name_has_word(agency, WORDS)
}

/// Whether one of an agency name's words (lower case) is one of `words`.
fn name_has_word(agency: &str, words: &[&str]) -> bool {
    let name = agency.to_lowercase();
    name.split(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | '/' | '&'))
        .any(|w| words.contains(&w))
}

/// Whether an agency's name says it serves adults (a crisis team, a
/// community mental health team, a drug and alcohol service, adult social
/// care): its record naming nobody is about its client, a parent.
fn serves_adults(agency: &str) -> bool {
    const WORDS: &[&str] = &[
        "crisis",
        "crhtt",
        "cmht",
        "mental",
        "psychiatric",
        "perinatal",
        "drug",
        "drugs",
        "alcohol",
        "substance",
        "recovery",
        "adult",
        "adults",
        "adults'",
        "iapt",
    ];
    name_has_word(agency, WORDS)
}

/// A hospital's or GP's record naming nobody is a follow-up of the
/// agency's entry up to this many days before it.
const FOLLOW_UP_DAYS: i64 = 42;

/// Whom each record is about, by position: its subjects, whether it names
/// them, and (where its text names others besides) its subject column's.
pub(super) type RecordPeople = (Vec<Vec<i64>>, Vec<bool>, HashMap<usize, Vec<i64>>);

/// The subjects each record is about, by position, and whether the record
/// names them (or is plainly about them) rather than naming nobody. A
/// record naming no child is about the review's children when it names
/// nobody at all, or when it comes from an agency whose records are about
/// children (a health visitor's "1-year review DNA, no contact from mum" is
/// about the baby).
pub(super) fn of_records(
    records: &[Record],
    subjects: &Resolution,
    position: &HashMap<i64, usize>,
) -> RecordPeople {
    let children: Vec<i64> = subjects
        .subjects
        .iter()
        .filter(|s| matches!(s.role, Role::Child | Role::Sibling))
        .map(|s| s.id as i64)
        .collect();
    let mut record_subjects: Vec<Vec<i64>> = vec![Vec::new(); records.len()];
    let mut column: HashMap<usize, Vec<i64>> = HashMap::default();
    // Records whose every person is written by a role word ("Mum says GP
    // aware"): a role word is said of someone's relative.
    let mut by_role_only = vec![true; records.len()];
    for (record, subject, _, source) in &subjects.links {
        if let Some(&p) = position.get(record) {
            record_subjects[p].push(*subject as i64);
            by_role_only[p] &= *source == LinkSource::TextRole;
            if *source == LinkSource::Column && !subject_from_title(&records[p]) {
                column.entry(p).or_default().push(*subject as i64);
            }
        }
    }
    // Only records whose text names others besides the column's people
    // need the column kept apart.
    column.retain(|&p, col| {
        col.sort_unstable();
        col.dedup();
        record_subjects[p].iter().any(|s| !col.contains(s))
    });
    let child_set: std::collections::HashSet<i64> = children.iter().copied().collect();
    let mut names_subjects = vec![true; records.len()];
    // Per agency: the people of its last record naming anyone, and when.
    let mut last_named: HashMap<i64, (i64, Vec<i64>)> = HashMap::default();
    // Per agency: the children of its last record naming one, and when.
    let mut last_child: HashMap<i64, (i64, Vec<i64>)> = HashMap::default();
    for (((s, r), named), by_role) in record_subjects
        .iter_mut()
        .zip(records.iter())
        .zip(names_subjects.iter_mut())
        .zip(by_role_only)
    {
        s.sort_unstable();
        s.dedup();
        let child_focused = matches!(
            r.agency_kind,
            AgencyKind::HealthVisiting | AgencyKind::School | AgencyKind::ChildrensSocialCare
        ) || serves_children(&r.agency);
        let at = r.when.bounds().0;
        // A hospital's or GP's follow-up naming nobody ("Fracture clinic:
        // cast applied") is about the patient of the entry before it, a few
        // weeks back at most.
        let patient_record = matches!(r.agency_kind, AgencyKind::Hospital | AgencyKind::Gp);
        // A note of a service for a parent naming nobody (a crisis team's
        // "Discharged from CRHTT", a drug service's "Discharged - unplanned
        // exit") is about its client, and so bears on the children: it is
        // about them, as a record naming no one is, and plainly so.
        let parents_service = !child_focused && !patient_record && serves_adults(&r.agency);
        let relatives_only = by_role && !s.is_empty();
        if s.is_empty() && patient_record {
            if let Some((then, people)) = last_named.get(&r.agency_id) {
                if at - then <= FOLLOW_UP_DAYS * 86_400 {
                    s.extend(people.iter().copied());
                }
            }
        }
        // "DNA – not brought" in a hospital's or GP's record naming only
        // the parent ("Letter to GP and Mum") is about a child: the child of
        // the agency's last record of one, else the review's children.
        // So is a GP's or hospital's record that writes the adults only as
        // a child's relatives ("School asks GP to review. Mum says GP
        // aware"): its patient is the child.
        if patient_record
            && !s.iter().any(|x| child_set.contains(x))
            && (tells_not_brought(r) || relatives_only)
        {
            match last_child.get(&r.agency_id) {
                Some((then, kids)) if at - then <= NOT_BROUGHT_DAYS * 86_400 => {
                    s.extend(kids.iter().copied())
                }
                _ => s.extend(&children),
            }
            s.sort_unstable();
            s.dedup();
        }
        if !s.is_empty() {
            last_named.insert(r.agency_id, (at, s.clone()));
        }
        let kids: Vec<i64> = s
            .iter()
            .copied()
            .filter(|x| child_set.contains(x))
            .collect();
        if !kids.is_empty() {
            last_child.insert(r.agency_id, (at, kids));
        }
        // "PPN re 'Eva FARRELLY' and siblings": every child of the review.
        if s.iter().any(|x| child_set.contains(x)) && with_siblings(r) {
            s.extend(&children);
            s.sort_unstable();
            s.dedup();
        }
        *named = !s.is_empty() || child_focused || parents_service;
        if s.is_empty() || (child_focused && !s.iter().any(|x| child_set.contains(x))) {
            s.extend(&children);
            s.sort_unstable();
            s.dedup();
        }
    }
    (record_subjects, names_subjects, column)
}

/// Whom a concern recorded in a record is about, judged from the people the
/// record is about and the kind of concern:
///
/// * a record naming children: the children;
/// * a record naming adults only: harm in the adults' lives (a household
///   indicator: domestic abuse, a parent's substance misuse) is a concern
///   about the review's children; anything else is the adult's own (the
///   mother's fracture, her cut lip);
/// * otherwise, whoever the record is about;
///
/// except that an injury (or another harm an adult can suffer) written in a
/// clause that names only the mother, father or partner is that adult's
/// own, even in a record that names the child, and one written in a clause
/// that names only children (an adult there only telling of it) is theirs
/// in a record whose column names adults alone, such as the mother
/// ([`people_of_clauses`]).
#[derive(Clone, Debug, Default)]
pub struct Attribution {
    children: Vec<i64>,
    /// By child (as in `children`): the first second of the day of birth,
    /// when known. Harm in a household is no concern about a child not yet
    /// born.
    born: Vec<Option<i64>>,
    /// By indicator: a household indicator.
    household: Vec<bool>,
    /// By position, for records whose subject column names people and whose
    /// text names others too: the people of the column. The column says whom
    /// the record is about ("Subject: Mother" with "making Oscar's bedtime
    /// milk" in the text is about the mother).
    column: HashMap<usize, Vec<i64>>,
    /// By (position, indicator), for records about children and adults
    /// alike: the people named in every clause that records the indicator,
    /// when those clauses name adults only ("Ms Hutton had a 'puffed-up'
    /// eye injury" in a record that also names the child) or children only
    /// ("Kerry says Ellie has a bruise" in a record about Kerry).
    clauses: HashMap<(usize, u32), Vec<i64>>,
    /// By (position, indicator): whom the reviewer said the indicator in
    /// that record is about. Wins over everything else.
    reviewer: HashMap<(usize, u32), Vec<i64>>,
}

impl Attribution {
    /// The attribution for a review's children and its indicators'
    /// household marks (by indicator id).
    pub fn new(children: Vec<(i64, Option<i64>)>, household: Vec<bool>) -> Attribution {
        Attribution {
            born: children.iter().map(|c| c.1).collect(),
            children: children.into_iter().map(|c| c.0).collect(),
            household,
            column: HashMap::default(),
            clauses: HashMap::default(),
            reviewer: HashMap::default(),
        }
    }

    /// The people the clauses of each record's indicators name, where they
    /// name adults only or children only (see [`people_of_clauses`]).
    pub fn with_clauses(mut self, clauses: HashMap<(usize, u32), Vec<i64>>) -> Attribution {
        self.clauses = clauses;
        self
    }

    /// Whom the reviewer said each record's indicators are about (by
    /// position and indicator), taken as said.
    pub fn with_reviewer(mut self, reviewer: HashMap<(usize, u32), Vec<i64>>) -> Attribution {
        self.reviewer = reviewer;
        self
    }

    /// The people each record's subject column names, where its text names
    /// others besides (by position).
    pub fn with_columns(mut self, column: HashMap<usize, Vec<i64>>) -> Attribution {
        self.column = column;
        self
    }

    /// Whom a concern of `indicator` in the record at `position`, about
    /// `subjects`, is about.
    pub fn about_record(
        &self,
        position: usize,
        subjects: &[i64],
        indicator: u32,
        at: i64,
    ) -> Vec<i64> {
        if let Some(said) = self.reviewer.get(&(position, indicator)) {
            return said.clone();
        }
        if let Some(named) = self.clauses.get(&(position, indicator)) {
            // Children a clause names win only over a column that names
            // adults alone (the mother's record telling of her child's
            // bruise); otherwise the record's own attribution stands.
            let children_only = named.iter().all(|s| self.children.contains(s));
            let column_of_adults = self
                .column
                .get(&position)
                .is_some_and(|col| !col.iter().any(|s| self.children.contains(s)));
            if !children_only || column_of_adults {
                return self.about(named, indicator, at);
            }
        }
        match self.column.get(&position) {
            Some(col) => self.about(col, indicator, at),
            None => self.about(subjects, indicator, at),
        }
    }

    /// Whom a concern of `indicator` recorded at `at` (seconds) in a record
    /// about `subjects` is about.
    pub fn about(&self, subjects: &[i64], indicator: u32, at: i64) -> Vec<i64> {
        let kids: Vec<i64> = subjects
            .iter()
            .copied()
            .filter(|s| self.children.contains(s))
            .collect();
        if !kids.is_empty() || subjects.is_empty() {
            return if kids.is_empty() {
                self.children.clone()
            } else {
                kids
            };
        }
        // Adults only.
        if self
            .household
            .get(indicator as usize)
            .copied()
            .unwrap_or(false)
        {
            // The children living then: born by the end of that day.
            self.children
                .iter()
                .zip(&self.born)
                .filter(|(_, born)| born.is_none_or(|b| b <= at))
                .map(|(c, _)| *c)
                .collect()
        } else {
            subjects.to_vec()
        }
    }

    /// Whether `subject` is one of the review's children.
    pub fn is_child(&self, subject: i64) -> bool {
        self.children.contains(&subject)
    }
}

/// A parent's overdose or self-harm is a mental health crisis in the
/// household: where a record's self-harm is an adult's own (no child is
/// whom it is about), the record also holds a mental health crisis at the
/// same words, which is a concern about the children living there. The
/// hospital that treated the mother's overdose held a concern about her
/// children, as national reviews find.
pub(super) fn adults_self_harm_is_a_crisis(
    records: &[Record],
    facts: &mut [crate::extract::RecordFacts],
    record_subjects: &[Vec<i64>],
    attribution: &Attribution,
    indicators: &[super::IndicatorInfo],
) {
    let find = |id: &str| indicators.iter().position(|d| d.id == id);
    let (Some(harm), Some(crisis)) = (find("self-harm"), find("mental-health-crisis")) else {
        return;
    };
    for (i, f) in facts.iter_mut().enumerate() {
        if f.indicators.iter().any(|h| h.indicator == crisis) {
            continue;
        }
        let Some(hit) = f.indicators.iter().find(|h| h.indicator == harm) else {
            continue;
        };
        let at = records[i].when.bounds().1 - 1;
        let about = attribution.about_record(i, &record_subjects[i], harm as u32, at);
        if about.is_empty() || about.iter().any(|s| attribution.is_child(*s)) {
            continue;
        }
        let mut h = hit.clone();
        h.indicator = crisis;
        h.id = "mental-health-crisis".to_string();
        f.indicators.push(h);
    }
}

/// Words for a child in a clause: a clause using one is about a child.
const CHILD_WORDS: &[&str] = &[
    "child",
    "children",
    "baby",
    "babies",
    "infant",
    "toddler",
    "son",
    "daughter",
    "boy",
    "girl",
    "sibling",
    "siblings",
    "pupil",
    "newborn",
    "kids",
    "kid",
    "little one",
    "youngest",
    "eldest",
];

/// The indicators that can be an adult's own (an injury, self-harm, a
/// missed appointment): only these are given to the adults a clause names.
/// The others are about a child whoever the clause names: neglect, missing
/// education, and an allegation, whose clause names the one accused
/// ("allegation against mum's partner").
const AN_ADULTS_OWN: &[&str] = &["injury", "self-harm", "missed-health-appointment"];

/// Whether the words of an indicator can only be about a child ("WNB",
/// "was not brought"): never an adult's own.
fn only_a_childs(matched: &str) -> bool {
    let m = matched.to_lowercase();
    m == "wnb" || m.contains("not brought")
}

/// An adult's word with a possessive, folded ("dad's" is "dads"), and the
/// labels of the adult it may stand for, in order.
const POSSESSIVE_ADULTS: &[(&str, &[&str])] = &[
    ("mums", &["Mother"]),
    ("mothers", &["Mother"]),
    ("mams", &["Mother"]),
    ("dads", &["Father", "Mother's partner"]),
    ("fathers", &["Father", "Mother's partner"]),
    ("stepdads", &["Mother's partner", "Father"]),
    ("stepfathers", &["Mother's partner", "Father"]),
    ("partners", &["Mother's partner", "Father"]),
    ("boyfriends", &["Mother's partner"]),
];

/// Words for the adults of each label, besides their names (folded:
/// "mum's partner" is "mums partner").
fn adult_words(label: &str) -> &'static [&'static str] {
    match label {
        "Mother" => &["mother", "mum", "mam", "mummy", "mom"],
        "Father" => &["father", "dad", "daddy"],
        "Mother's partner" => &[
            "stepfather",
            "stepdad",
            "boyfriend",
            "mums partner",
            "mothers partner",
        ],
        _ => &[],
    }
}

/// Whether an adult of this label is a woman (Some(true)), a man
/// (Some(false)) or not known.
fn woman(label: &str) -> Option<bool> {
    match label {
        "Mother" => Some(true),
        "Father" | "Mother's partner" => Some(false),
        _ => None,
    }
}

/// For each record about children and adults alike, and each indicator it
/// records: the adults named in the clauses (sentences, or parts between
/// semicolons) that record it, when every such clause names adults of the
/// record and no child (by name or by a word such as "baby"); or the
/// children, when the clauses name children by name and no adult but one
/// telling of it ("Kerry says Ellie has a bruise"). A clause naming nobody
/// leaves the record's own attribution in place.
pub(super) fn people_of_clauses(
    records: &[Record],
    facts: &[crate::extract::RecordFacts],
    record_subjects: &[Vec<i64>],
    resolution: &Resolution,
) -> HashMap<(usize, u32), Vec<i64>> {
    use crate::extract::Field;
    use crate::text::fold;
    let mut out: HashMap<(usize, u32), Vec<i64>> = HashMap::default();
    let child = |s: i64| {
        usize::try_from(s)
            .ok()
            .and_then(|i| resolution.subject(i))
            .is_some_and(|x| matches!(x.role, Role::Child | Role::Sibling))
    };
    // The review's adults by label, for "Dad's wrist fracture" in a record
    // that names only the children.
    let by_label = |label: &str| -> Option<i64> {
        resolution
            .subjects
            .iter()
            .find(|x| x.label == label)
            .map(|x| x.id as i64)
    };
    for (i, r) in records.iter().enumerate() {
        let subjects = &record_subjects[i];
        let f = &facts[i];
        // "Dad's wrist fracture", "mum's cut lip": an adult's own injury
        // by the word right before it, whoever else the record names.
        for hit in f
            .indicators
            .iter()
            .filter(|h| AN_ADULTS_OWN.contains(&h.id.as_str()))
        {
            let field = match hit.field {
                Field::Text => r.text.as_str(),
                Field::Outcome => r.outcome.as_deref().unwrap_or(""),
                _ => continue,
            };
            let before = field.get(..hit.start).unwrap_or("");
            let before = fold(
                &before[before
                    .rfind([',', ';', ':', '.', '-', '('])
                    .map_or(0, |k| k + 1)..],
            );
            let Some(owner) = before
                .split_whitespace()
                .rev()
                .take(2)
                .find_map(|w| POSSESSIVE_ADULTS.iter().find(|(k, _)| *k == w))
            else {
                continue;
            };
            if let Some(adult) = owner.1.iter().find_map(|l| by_label(l)) {
                out.insert((i, hit.indicator as u32), vec![adult]);
            }
        }
        if f.indicators.is_empty()
            || !subjects.iter().any(|&s| child(s))
            || subjects.iter().all(|&s| child(s))
        {
            continue;
        }
        // Each subject's names (which may be possessive: "Daniel's") and
        // words (which may not: "mum's partner" is not the mother), folded;
        // and whether the subject is a woman.
        struct Words {
            subject: i64,
            names: Vec<String>,
            kin: &'static [&'static str],
            woman: Option<bool>,
        }
        let words: Vec<Words> = subjects
            .iter()
            .filter_map(|&s| {
                let x = resolution.subject(usize::try_from(s).ok()?)?;
                let mut names: Vec<String> = x.names.iter().map(|n| fold(&n.text)).collect();
                names.retain(|w| !w.is_empty());
                Some(Words {
                    subject: s,
                    names,
                    kin: adult_words(&x.label),
                    woman: woman(&x.label),
                })
            })
            .collect();
        // (indicator) → Some(adults) while every clause names adults only.
        let mut verdict: Vec<(u32, Option<Vec<i64>>)> = Vec::new();
        for hit in f
            .indicators
            .iter()
            .filter(|h| AN_ADULTS_OWN.contains(&h.id.as_str()))
            // "WNB letter Dad + GP": a child is brought, an adult is not.
            .filter(|h| !only_a_childs(&h.matched))
        {
            let field = match hit.field {
                Field::Text => r.text.as_str(),
                Field::Outcome => r.outcome.as_deref().unwrap_or(""),
                _ => continue,
            };
            let raw = clause_at(field, hit.start);
            let clause = fold(raw);
            let padded = format!(" {clause} ");
            let has = |w: &str| padded.contains(&format!(" {w} "));
            // After the injury, an adult who only gives an account of it
            // ("bruises to the neck – Mum says from car seat straps") is
            // not the one hurt.
            let off = (raw.as_ptr() as usize).saturating_sub(field.as_ptr() as usize);
            let before = format!(" {} ", fold(field.get(off..hit.start).unwrap_or("")));
            let end = (off + raw.len()).max(hit.end);
            let after = format!(" {} ", fold(field.get(hit.end..end).unwrap_or("")));
            // Before it, an adult worried about it ("Mum concerned re mark
            // on L ear") is the one who noticed, not the one hurt.
            let followed = |seg: &str, w: &str, verbs: &[&str]| {
                seg.match_indices(w).all(|(p, _)| {
                    let next = seg[p + w.len()..].split_whitespace().next().unwrap_or("");
                    verbs.contains(&next)
                })
            };
            let only_tells = |w: &str| {
                let w = format!(" {w} ");
                let (in_before, in_after) = (before.contains(&w), after.contains(&w));
                (in_before || in_after)
                    && (!in_before
                        || followed(&before, &w, CONCERN_VERBS)
                        || followed(&before, &w, ACCOUNT_VERBS))
                    && (!in_after || followed(&after, &w, ACCOUNT_VERBS))
            };
            let named: Vec<(i64, Option<bool>)> = words
                .iter()
                .filter(|w| {
                    w.names
                        .iter()
                        .any(|n| (has(n) && !only_tells(n)) || has(&format!("{n}s")))
                        || w.kin.iter().any(|k| has(k) && !only_tells(k))
                })
                .map(|w| (w.subject, w.woman))
                .collect();
            // A pronoun no named adult could be ("Mum explained he had
            // fallen") may be the child's.
            let other = |her: bool, list: &[&str]| {
                list.iter().any(|w| has(w)) && !named.iter().any(|(_, w)| *w == Some(her))
            };
            let a_child = named.iter().any(|&(s, _)| child(s))
                || CHILD_WORDS.iter().any(|w| has(w))
                || other(true, &["she", "her", "hers", "herself"])
                || other(false, &["he", "him", "his", "himself"]);
            // Only a parent or a partner is taken to be the one hurt: an
            // adult of unknown role may be a child's name split off wrongly.
            let known_adult = |s: i64| {
                usize::try_from(s)
                    .ok()
                    .and_then(|i| resolution.subject(i))
                    .is_some_and(|x| matches!(x.role, Role::Parent | Role::Partner))
            };
            if !a_child && !named.iter().all(|&(s, _)| known_adult(s)) {
                continue;
            }
            let named: Vec<i64> = named.into_iter().map(|(s, _)| s).collect();
            let ind = hit.indicator as u32;
            let this = if named.is_empty() && !a_child {
                // Names nobody: says nothing either way.
                continue;
            } else if a_child {
                // "Kerry says Ellie has a bruise on her arm" in a record
                // about Kerry: the children the clause names, when it names
                // no adult but as the one telling.
                (!named.is_empty() && named.iter().all(|&s| child(s))).then_some(named)
            } else {
                Some(named)
            };
            match verdict.iter_mut().find(|(k, _)| *k == ind) {
                None => verdict.push((ind, this)),
                Some((_, v)) => {
                    *v = match (v.take(), this) {
                        (Some(mut a), Some(b)) => {
                            a.extend(b);
                            a.sort_unstable();
                            a.dedup();
                            Some(a)
                        }
                        _ => None,
                    }
                }
            }
        }
        for (ind, v) in verdict {
            if let Some(adults) = v {
                out.entry((i, ind)).or_insert(adults);
            }
        }
    }
    out
}

/// Words after an adult that make the adult the one telling of an injury
/// rather than the one hurt ("Mum says", "stepfather explained").
const ACCOUNT_VERBS: &[&str] = &[
    "says",
    "said",
    "states",
    "stated",
    "explains",
    "explained",
    "reports",
    "reported",
    "told",
    "thinks",
    "thought",
    "believes",
    "believed",
    "describes",
    "described",
    "claims",
    "claimed",
    "attributes",
    "attributed",
];

/// Words after an adult, before an injury, that make the adult the one who
/// noticed it ("Mum concerned re mark on L ear", "Dad noticed a bruise").
const CONCERN_VERBS: &[&str] = &[
    "concerned",
    "worried",
    "noticed",
    "spotted",
    "queried",
    "querying",
];

/// The clause of `text` around byte `at`: from the last sentence end or
/// semicolon before it to the next one after it.
fn clause_at(text: &str, at: usize) -> &str {
    let at = at.min(text.len());
    let stop = |c: char| matches!(c, '.' | ';' | '!' | '?' | '\n');
    let start = text
        .get(..at)
        .and_then(|t| t.rfind(stop).map(|p| p + 1))
        .unwrap_or(0);
    let end = text
        .get(at..)
        .and_then(|t| t.find(stop).map(|p| at + p))
        .unwrap_or(text.len());
    text.get(start..end).unwrap_or("")
}
