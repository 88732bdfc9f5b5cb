//! People the review is about, resolved across agencies.
//!
//! Agencies spell names differently ("Tyler Brooks", "BROOKS, Tyler",
//! "Tyler BROOKES", "T. Brookes", "TB"), use nicknames ("Ty", "Deano",
//! "Kayley"), titles ("Ms Brooks") and role words ("mum", "Mum's partner",
//! "MGM", "nan"). [`resolve`] groups every name it is given or finds into
//! [`Subject`]s, labels them the way a review report does ("Child A",
//! "Mother", "Mother's partner", "Maternal grandmother", "Adult A"), and links
//! each record to the subjects it mentions. The module is pure: the caller
//! loads the inputs and stores the [`Resolution`].
//!
//! # Rules
//!
//! * **Names.** Names are compared folded (case, accents, punctuation,
//!   word order of "SURNAME, Given"). Two full names are one person when
//!   the surnames are equal or a spelling variant (Jaro–Winkler ≥ 0.92, not a
//!   longer name such as Marsh/Marshall) and the given names are equal, a
//!   spelling variant (Jaro–Winkler ≥ 0.89, ≥ 0.94 for names of four letters
//!   or fewer), a nickname (a prefix such as Ty/Tyler, a familiar ending such
//!   as Deano/Dean, or a listed pair such as Bill/William) or an initial
//!   ("T. Brookes"). Endings that make a different name (Louis/Louise,
//!   Daniel/Danielle) never match. Equal or spelling-variant names chain;
//!   nicknames and initials, and a given name alone ("Ty", "Kayley"), join
//!   only when exactly one person fits. A given name with the same date of
//!   birth joins across surnames (a child recorded under the father's
//!   surname). A title with a surname alone ("Ms Brooks", "Mr Marsh")
//!   joins the one adult of that surname whose gender (from titles and role
//!   words) fits, using role words around it ("Ms Brooks (mother)") to
//!   choose. Initials alone ("TB") join the one person with those initials.
//! * **Never merged.** Different dates of birth; two names listed in the
//!   same record's subject column (they are different people); a reviewer's
//!   split. A split wins over a merge; a reviewer's merge wins over dates of
//!   birth.
//! * **Free text.** A first pass over the text finds names next to role words
//!   ("mum Kayleigh", "Kayleigh (mother)", "Maureen HOLLIS (Tyler's nan)",
//!   "MGM Maureen Hollis"), ages in brackets ("Tyler (3)", "Mia (7 wks)"),
//!   titles ("Mr Dean Marsh"), spelling variants next to a known name
//!   ("Kaleigh Brooks") and nicknames ("Deano"). A role word after "his",
//!   "her" or "their" is someone else's relative and is ignored ("her
//!   partner" excepted: in a chronology that is the mother's partner), as
//!   are "mother"/"father" in a record whose subject column names only
//!   adults other than that parent (the partner's probation record) and
//!   "Mother's Day". A name found only in free text becomes a subject only
//!   when a role word or an age anchors it and it is not an ordinary word
//!   of the texts; professionals are never picked up. A given name followed
//!   by another capitalised word is someone else ("Dean Smith") unless the
//!   words end in the subject's surname ("Tyler James Brooks").
//! * **Labels.** The child named most often in subject columns is "Child A"
//!   (role `child`); other children — by date of birth (under 18 at the
//!   time of the records, judged from the years the texts mention), a child's
//!   age in brackets, a child's role word (son, daughter, brother, sister,
//!   sibling, baby), or, lacking any adult evidence, being named in a subject
//!   column — are "Child B", "Child C", … (role `sibling`) in order of first
//!   appearance. Adults take the family labels their role words vote for,
//!   most votes first, one subject per label; the rest are "Adult A",
//!   "Adult B", …. A reviewer's label replaces the automatic one.
//! * **Links.** Each record links to the subjects in its subject column, to
//!   names in its text (full names, then given names, titles with surnames,
//!   surnames and initials where they point to one subject only) and to the
//!   subject holding the label a role word names ("mum" → Mother, "Mum's
//!   partner"/"stepdad" → Mother's partner, "nan"/"MGM" → the grandmother).
//!   One link per record and subject, with the best confidence found.
//! * **Confidence.** Exact name 1.0; spelling variant 0.8; nickname or
//!   initial 0.7 (products when both parts differ); given name alone 0.9 ×
//!   the name's own; title and surname 0.6; surname or initials alone 0.5;
//!   role words 0.6 (0.7 for "MGM"/"maternal grandmother", 0.4 for a bare
//!   "partner").
//!
//! # Cost
//!
//! The records are read twice, each text tokenised once per pass and every
//! word looked up once in a hash index of the known name and role words
//! (a token-level Aho–Corasick: patterns are keyed by their first word). Only
//! distinct names are compared with each other, within blocks sharing the
//! first letters of surname and given name. The cost is linear in the size
//! of the text plus the square of the (small) number of distinct names in a
//! block.

mod clusters;
mod compare;
mod dob;
mod given_names;
mod kin;
mod labels;
mod links;
mod names;
mod not_names;
pub(crate) use not_names::{is_not_name, is_professional_word};
mod prose;
mod resolve;
mod scan;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_prose;
mod text;

use foldhash::HashMap;

use serde::{Deserialize, Serialize};

use crate::text::fold;

/// What [`resolve`] needs of one record.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SubjectInput<'a> {
    /// The record's id.
    pub record: i64,
    /// The id of the agency that wrote the record.
    pub agency: i64,
    /// The record's subject column ("Child", "Subject", "Name"), one entry
    /// per name the importer split out. Entries may still hold several names
    /// ("Tyler Brooks; Mia Brooks"), brackets ("(7 wks)") or a role ("Mum").
    pub names: Vec<String>,
    /// The agency's subject column names adults as readily as children (a
    /// GP, a hospital, the police, an adult service): a name there with no
    /// sign of age is not taken for a child. Schools, health visitors and
    /// children's social care name the child.
    pub adults_named: bool,
    /// The date of birth as written ("03/05/2018"); it is taken to belong to
    /// the subject only when the column names exactly one person.
    pub dob: Option<String>,
    /// The record's free text: description and outcome (borrowed from the
    /// record when there is no outcome to join to it).
    pub text: std::borrow::Cow<'a, str>,
}

/// The reviewer's decisions about subjects, keyed by name variants (as
/// shown in [`Subject::names`]) rather than subject ids, so they survive
/// re-analysis when ids change. Names are compared folded, and in the same
/// way as names in the records ("BROOKS, Tyler" is "Tyler Brooks").
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Decisions {
    /// Pairs of names asserted to be the same person.
    pub merges: Vec<(String, String)>,
    /// Pairs of names asserted to be different people; a split wins over
    /// any merge, automatic or the reviewer's.
    pub splits: Vec<(String, String)>,
    /// A name of the subject, the label to give it, and optionally its role
    /// (otherwise the role follows from the label where it is a family label
    /// such as "Mother", else stays as resolved).
    pub labels: Vec<(String, String, Option<Role>)>,
}

/// A reviewer's decision about subjects, by name.
#[derive(Clone, Debug)]
pub enum SubjectDecision {
    /// These two names are one person.
    Merge(String, String),
    /// These two names are different people.
    Split(String, String),
    /// The person with this name has this label (and role).
    Label(String, String, Option<Role>),
}

impl crate::Review {
    /// Every subject decision, oldest first, as the resolver takes them.
    pub fn subject_decisions(&self) -> crate::Result<Decisions> {
        let mut d = Decisions::default();
        for row in self.subject_decision_rows()? {
            match row.kind.as_str() {
                "merge" => d.merges.push((row.a, row.b)),
                "split" => d.splits.push((row.a, row.b)),
                _ => d.labels.push((
                    row.a,
                    row.b,
                    row.role
                        .and_then(|x| serde_json::from_value(serde_json::json!(x)).ok()),
                )),
            }
        }
        Ok(d)
    }

    /// Records a subject decision, audited.
    pub fn add_subject_decision(&mut self, decision: &SubjectDecision) -> crate::Result<()> {
        let (kind, a, b, role) = match decision {
            SubjectDecision::Merge(a, b) => ("merge", a, b, None),
            SubjectDecision::Split(a, b) => ("split", a, b, None),
            SubjectDecision::Label(a, b, r) => ("label", a, b, r.map(|r| r.as_str())),
        };
        if a.trim().is_empty() || b.trim().is_empty() {
            return Err(crate::Error::Invalid(
                "a subject decision needs two non-empty names".into(),
            ));
        }
        self.add_subject_decision_row(&crate::store::SubjectDecisionRow {
            kind: kind.to_string(),
            a: a.clone(),
            b: b.clone(),
            role: role.map(str::to_string),
        })
    }
}

/// A person the reviewer declares at the start: resolution starts from
/// them, so they are found however the agencies write their names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Person {
    /// Their name ("Logan Mwangi").
    pub name: String,
    /// Their place in the family: child, sibling, parent, mother, father,
    /// partner or other.
    pub role: String,
    /// Other names they go by ("Logan Williamson", "LM").
    pub aliases: Vec<String>,
    /// Their date of birth, as written.
    pub dob: Option<String>,
}

/// The roles a declared person can have.
pub const PERSON_ROLES: [&str; 7] = [
    "child", "sibling", "parent", "mother", "father", "partner", "other",
];

impl Person {
    /// The subject role and the label a declared role gives, with `n` the
    /// number of people declared before with a label of the same kind.
    fn role_and_label(&self, n: usize) -> (Role, String) {
        let letter = |n: usize| (b'A' + (n % 26) as u8) as char;
        match self.role.as_str() {
            "child" | "sibling" => (
                if n == 0 { Role::Child } else { Role::Sibling },
                format!("Child {}", letter(n)),
            ),
            "mother" => (Role::Parent, "Mother".into()),
            "father" => (Role::Parent, "Father".into()),
            "parent" => (Role::Parent, format!("Parent {}", letter(n))),
            "partner" => (Role::Partner, format!("Partner {}", letter(n))),
            _ => (Role::OtherAdult, format!("Adult {}", letter(n))),
        }
    }
}

/// What resolution starts from when the reviewer has declared the family:
/// one input per name each person goes by (ids below zero: no record), and
/// decisions that make each person's names one subject with the declared
/// role and label.
pub fn seed(people: &[Person], decisions: &Decisions) -> (Vec<SubjectInput<'static>>, Decisions) {
    let mut inputs = Vec::new();
    let mut decisions = decisions.clone();
    let mut kinds: HashMap<&'static str, usize> = HashMap::default();
    for p in people {
        let kind = match p.role.as_str() {
            "child" | "sibling" => "child",
            "mother" | "father" | "parent" => "parent",
            "partner" => "partner",
            _ => "other",
        };
        let n = kinds.entry(kind).or_insert(0);
        let (role, label) = p.role_and_label(*n);
        if !matches!(p.role.as_str(), "mother" | "father") {
            *n += 1;
        }
        for name in std::iter::once(&p.name).chain(&p.aliases) {
            let id = -(inputs.len() as i64) - 1;
            inputs.push(SubjectInput {
                record: id,
                agency: -1,
                adults_named: false,
                names: vec![name.clone()],
                dob: p.dob.clone(),
                text: "".into(),
            });
            if name != &p.name {
                decisions.merges.push((p.name.clone(), name.clone()));
            }
        }
        decisions.labels.push((p.name.clone(), label, Some(role)));
    }
    (inputs, decisions)
}

impl crate::Review {
    /// The family the reviewer declared, in the order declared.
    pub fn people(&self) -> crate::Result<Vec<Person>> {
        Ok(self
            .person_rows()?
            .into_iter()
            .map(|r| Person {
                name: r.name,
                role: r.role,
                aliases: r.aliases,
                dob: r.dob,
            })
            .collect())
    }

    /// Declares a person of the family, audited.
    pub fn declare_person(&mut self, person: &Person) -> crate::Result<()> {
        if person.name.trim().is_empty() {
            return Err(crate::Error::Invalid("a person needs a name".into()));
        }
        if !PERSON_ROLES.contains(&person.role.as_str()) {
            return Err(crate::Error::Invalid(format!(
                "\"{}\" is not a role; use one of {}",
                person.role,
                PERSON_ROLES.join(", ")
            )));
        }
        if let Some(d) = &person.dob {
            crate::when::parse_when(d, None)
                .map_err(|e| crate::Error::Invalid(format!("--dob \"{d}\": {e}")))?;
        }
        self.add_person_row(&crate::store::PersonRow {
            name: person.name.trim().to_string(),
            role: person.role.clone(),
            aliases: person
                .aliases
                .iter()
                .map(|a| a.trim().to_string())
                .filter(|a| !a.is_empty())
                .collect(),
            dob: person.dob.clone(),
        })
    }
}

/// A subject's place in the family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The child the review is about.
    Child,
    /// Another child of the family.
    Sibling,
    /// A parent.
    Parent,
    /// A parent's partner.
    Partner,
    /// Any other adult: grandparents, aunts, uncles, adults of unknown role.
    OtherAdult,
}

impl Role {
    /// The role's name in JSON ("other_adult").
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Child => "child",
            Role::Sibling => "sibling",
            Role::Parent => "parent",
            Role::Partner => "partner",
            Role::OtherAdult => "other_adult",
        }
    }
}

/// How a record came to be linked to a subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkSource {
    /// Named in the record's subject column.
    Column,
    /// Named in the record's text.
    TextName,
    /// Referred to by a role word in the text ("mum", "Mum's partner").
    TextRole,
}

/// One way a subject's name was written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NameVariant {
    /// The variant as written most often.
    pub text: String,
    /// How many times it was seen (subject columns and texts).
    pub count: usize,
    /// How sure the resolution is that this variant belongs to the subject,
    /// 0 to 1.
    pub confidence: f32,
    /// The agencies that wrote it, ascending.
    pub agencies: Vec<i64>,
}

/// A person the review is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Subject {
    /// Position in [`Resolution::subjects`], from 0, in order of first
    /// appearance in the inputs.
    pub id: usize,
    /// The label used in reports ("Child A", "Mother", "Adult A").
    pub label: String,
    /// The subject's place in the family.
    pub role: Role,
    /// Every variant of the name seen, most frequent first.
    pub names: Vec<NameVariant>,
    /// The date of birth as most often written, if any agency gave one.
    pub dob: Option<String>,
}

/// The subjects of a review and the records that mention them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Resolution {
    /// The subjects, by id.
    pub subjects: Vec<Subject>,
    /// (record, subject id, confidence, source): which records mention which
    /// subjects, one link per record and subject, in input order of records
    /// then subject id.
    pub links: Vec<(i64, usize, f32, LinkSource)>,
    /// (variant, label), longest variant first.
    #[serde(skip)]
    replacements: Vec<(String, String)>,
    /// Folded variant → index into `replacements`.
    #[serde(skip)]
    by_name: HashMap<String, usize>,
}

impl Resolution {
    /// The label of the subject a name refers to ("Ms Brooks" → "Mother"),
    /// compared case-, accent- and punctuation-insensitively; None for a
    /// name that belongs to no subject.
    pub fn label_for(&self, name: &str) -> Option<&str> {
        let i = *self.by_name.get(&fold(name))?;
        self.replacements.get(i).map(|(_, label)| label.as_str())
    }

    /// Every variant and alias of every subject with the label to put in its
    /// place, longest variant first (so "Tyler Brooks" is replaced before
    /// "Tyler"), for anonymisation. Includes each full name in both word
    /// orders, given names and surnames alone, titles with surnames ("Ms
    /// Brooks", "Ms K Brooks"), initials with surnames ("T. Brooks") and
    /// nicknames, each once per spelling in lower case (so both "T. Brooks"
    /// and "T Brooks"). A given name or surname shared by several subjects
    /// (a family surname) is still listed — leaving it in clear would
    /// identify the family — and mapped to the one adult bearing it (as a
    /// bare surname in text is linked), else to the subject mentioned most
    /// often among those bearing it. Possessives are left to the caller.
    pub fn replacements(&self) -> Vec<(String, String)> {
        self.replacements.clone()
    }

    /// The subject with this id.
    pub fn subject(&self, id: usize) -> Option<&Subject> {
        self.subjects.get(id)
    }
}

/// A date of birth as agencies write it ("03/05/2017", "3 May 2017",
/// "2017-05-03"), read as a date.
pub fn birth_date(written: &str) -> Option<chrono::NaiveDate> {
    dob::parse_dob(written.trim())
}

/// Resolves the subjects of a review from every record's subject column,
/// date of birth and text, applying the reviewer's decisions. Deterministic:
/// the same inputs and decisions give the same ids, labels and links.
pub fn resolve(inputs: &[SubjectInput<'_>], decisions: &Decisions) -> Resolution {
    let mut r = resolve::run(inputs, decisions);
    // Dates of birth arrive as each agency wrote them ("03/05/2017",
    // "2017-05-03" from a spreadsheet cell); show them one way.
    for s in &mut r.subjects {
        if let Some(dob) = &s.dob {
            if let Ok(w) = crate::when::parse_when(dob, None) {
                s.dob = Some(crate::when::uk_text(&w));
            }
        }
    }
    r
}

/// Whether a word is a common given name of one sex ("Craig", "Natalie"),
/// any case.
pub fn is_given_name(word: &str) -> bool {
    given_names::gender_of(&crate::text::fold(word)) != kin::Gender::Unknown
}

/// Whether a word is one the resolver never takes for a name ("Attended",
/// "Police", "Mum", "School"): any case, accents ignored.
pub fn is_common_word(word: &str) -> bool {
    static KIN: std::sync::OnceLock<kin::KinIndex> = std::sync::OnceLock::new();
    let folded = crate::text::fold(word);
    not_names::is_not_name(&folded)
        || not_names::is_professional_word(&folded)
        || KIN.get_or_init(kin::KinIndex::new).starts(&folded)
}
