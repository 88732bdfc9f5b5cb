//! Family role words ("mum", "Mum's partner", "MGM", "nan", "sister") and the
//! labels they lead to.

use foldhash::{HashMap, HashMapExt};

use super::text::Tokens;

/// Which side of the family a grandparent is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum Side {
    Maternal,
    Paternal,
    Unknown,
}

/// A person's gender as far as titles and role words tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum Gender {
    Female,
    Male,
    Unknown,
}

/// What a role word says about the person it names, seen from the child.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum Kin {
    Mother,
    Father,
    /// Mother's partner, stepfather, or a "partner" without more.
    MotherPartner,
    /// Father's partner, stepmother.
    FatherPartner,
    Grandmother(Side),
    Grandfather(Side),
    Aunt,
    Uncle,
    /// A child of the family: son, daughter, sibling, brother, sister, baby.
    Child,
    /// An adult close to the child who is no close relative: a family
    /// friend, a neighbour, a cousin, a great-aunt, a godparent (a carer
    /// in a private fostering arrangement is often one).
    Carer,
}

/// The adult labels, one subject each, in order of priority on a tie.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum Slot {
    Mother,
    Father,
    MotherPartner,
    FatherPartner,
    MaternalGrandmother,
    PaternalGrandmother,
    MaternalGrandfather,
    PaternalGrandfather,
    Aunt,
    Uncle,
}

/// Number of [`Slot`]s.
pub(super) const SLOTS: usize = 10;

impl Slot {
    pub const ALL: [Slot; SLOTS] = [
        Slot::Mother,
        Slot::Father,
        Slot::MotherPartner,
        Slot::FatherPartner,
        Slot::MaternalGrandmother,
        Slot::PaternalGrandmother,
        Slot::MaternalGrandfather,
        Slot::PaternalGrandfather,
        Slot::Aunt,
        Slot::Uncle,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    /// The label, given whether the side of the family is known.
    pub fn label(self, side_known: bool) -> &'static str {
        match self {
            Slot::Mother => "Mother",
            Slot::Father => "Father",
            Slot::MotherPartner => "Mother's partner",
            Slot::FatherPartner => "Father's partner",
            Slot::MaternalGrandmother if side_known => "Maternal grandmother",
            Slot::PaternalGrandmother if side_known => "Paternal grandmother",
            Slot::MaternalGrandmother | Slot::PaternalGrandmother => "Grandmother",
            Slot::MaternalGrandfather if side_known => "Maternal grandfather",
            Slot::PaternalGrandfather if side_known => "Paternal grandfather",
            Slot::MaternalGrandfather | Slot::PaternalGrandfather => "Grandfather",
            Slot::Aunt => "Aunt",
            Slot::Uncle => "Uncle",
        }
    }

    /// The slot a label names, for reviewer labels ("mother" → Mother).
    pub fn from_label(folded: &str) -> Option<Slot> {
        Some(match folded {
            "mother" | "mum" | "birth mother" => Slot::Mother,
            "father" | "dad" | "birth father" => Slot::Father,
            "mothers partner" | "mother s partner" | "stepfather" | "step father" | "stepdad"
            | "step dad" => Slot::MotherPartner,
            "fathers partner" | "father s partner" | "stepmother" | "step mother" | "stepmum"
            | "step mum" => Slot::FatherPartner,
            "maternal grandmother" | "grandmother" | "mgm" => Slot::MaternalGrandmother,
            "paternal grandmother" | "pgm" => Slot::PaternalGrandmother,
            "maternal grandfather" | "grandfather" | "mgf" => Slot::MaternalGrandfather,
            "paternal grandfather" | "pgf" => Slot::PaternalGrandfather,
            "aunt" => Slot::Aunt,
            "uncle" => Slot::Uncle,
            _ => return None,
        })
    }

    /// The gender the slot implies.
    pub fn gender(self) -> Gender {
        match self {
            Slot::Mother
            | Slot::FatherPartner
            | Slot::MaternalGrandmother
            | Slot::PaternalGrandmother
            | Slot::Aunt => Gender::Female,
            Slot::Father | Slot::MaternalGrandfather | Slot::PaternalGrandfather | Slot::Uncle => {
                Gender::Male
            }
            Slot::MotherPartner => Gender::Unknown,
        }
    }

    /// The role the slot's label carries.
    pub fn role(self) -> super::Role {
        match self {
            Slot::Mother | Slot::Father => super::Role::Parent,
            Slot::MotherPartner | Slot::FatherPartner => super::Role::Partner,
            _ => super::Role::OtherAdult,
        }
    }
}

impl Kin {
    /// The slot a vote for this kin counts towards (grandparents of unknown
    /// side count as maternal; the label then drops the side).
    pub fn slot(self) -> Option<Slot> {
        Some(match self {
            Kin::Mother => Slot::Mother,
            Kin::Father => Slot::Father,
            Kin::MotherPartner => Slot::MotherPartner,
            Kin::FatherPartner => Slot::FatherPartner,
            Kin::Grandmother(Side::Paternal) => Slot::PaternalGrandmother,
            Kin::Grandmother(_) => Slot::MaternalGrandmother,
            Kin::Grandfather(Side::Paternal) => Slot::PaternalGrandfather,
            Kin::Grandfather(_) => Slot::MaternalGrandfather,
            Kin::Aunt => Slot::Aunt,
            Kin::Uncle => Slot::Uncle,
            Kin::Child | Kin::Carer => return None,
        })
    }

    /// Whether the side of the family is stated.
    pub fn side_known(self) -> bool {
        !matches!(
            self,
            Kin::Grandmother(Side::Unknown) | Kin::Grandfather(Side::Unknown)
        )
    }
}

/// One role phrase.
#[derive(Debug, Clone)]
pub(super) struct KinWord {
    /// Folded words, each with whether it must be possessive ("mum's").
    pub toks: Vec<(String, bool)>,
    pub kin: Kin,
    pub gender: Gender,
    /// Confidence of a link made from this phrase alone; 0 when the phrase
    /// alone links nobody ("baby", "sister": which one?).
    pub link: f32,
    /// A bare "partner": weak, and never after "his".
    pub generic: bool,
}

use Gender::{Female as F, Male as M, Unknown as U};

const TABLE: &[(&str, Kin, Gender, f32)] = &[
    ("mum", Kin::Mother, F, 0.6),
    ("mums", Kin::Mother, F, 0.6),
    ("mummy", Kin::Mother, F, 0.6),
    ("mam", Kin::Mother, F, 0.6),
    ("mom", Kin::Mother, F, 0.6),
    ("mother", Kin::Mother, F, 0.6),
    ("birth mother", Kin::Mother, F, 0.6),
    ("dad", Kin::Father, M, 0.6),
    ("daddy", Kin::Father, M, 0.6),
    ("father", Kin::Father, M, 0.6),
    ("birth father", Kin::Father, M, 0.6),
    ("stepdad", Kin::MotherPartner, M, 0.6),
    ("step-dad", Kin::MotherPartner, M, 0.6),
    ("step dad", Kin::MotherPartner, M, 0.6),
    ("stepfather", Kin::MotherPartner, M, 0.6),
    ("step-father", Kin::MotherPartner, M, 0.6),
    ("step father", Kin::MotherPartner, M, 0.6),
    ("mum's partner", Kin::MotherPartner, U, 0.6),
    ("mums partner", Kin::MotherPartner, U, 0.6),
    ("mummy's partner", Kin::MotherPartner, U, 0.6),
    ("mother's partner", Kin::MotherPartner, U, 0.6),
    ("mum's boyfriend", Kin::MotherPartner, M, 0.6),
    ("mother's boyfriend", Kin::MotherPartner, M, 0.6),
    ("mum's ex-partner", Kin::MotherPartner, U, 0.5),
    ("mother's ex-partner", Kin::MotherPartner, U, 0.5),
    ("partner", Kin::MotherPartner, U, 0.4),
    ("ex-partner", Kin::MotherPartner, U, 0.4),
    ("ex partner", Kin::MotherPartner, U, 0.4),
    ("boyfriend", Kin::MotherPartner, M, 0.4),
    ("ex-boyfriend", Kin::MotherPartner, M, 0.4),
    ("stepmum", Kin::FatherPartner, F, 0.6),
    ("step-mum", Kin::FatherPartner, F, 0.6),
    ("stepmother", Kin::FatherPartner, F, 0.6),
    ("step-mother", Kin::FatherPartner, F, 0.6),
    ("dad's partner", Kin::FatherPartner, U, 0.6),
    ("father's partner", Kin::FatherPartner, U, 0.6),
    ("girlfriend", Kin::FatherPartner, F, 0.0),
    ("mgm", Kin::Grandmother(Side::Maternal), F, 0.7),
    (
        "maternal grandmother",
        Kin::Grandmother(Side::Maternal),
        F,
        0.7,
    ),
    ("maternal grandma", Kin::Grandmother(Side::Maternal), F, 0.7),
    ("maternal nan", Kin::Grandmother(Side::Maternal), F, 0.7),
    ("maternal gran", Kin::Grandmother(Side::Maternal), F, 0.7),
    ("pgm", Kin::Grandmother(Side::Paternal), F, 0.7),
    (
        "paternal grandmother",
        Kin::Grandmother(Side::Paternal),
        F,
        0.7,
    ),
    ("paternal grandma", Kin::Grandmother(Side::Paternal), F, 0.7),
    ("paternal nan", Kin::Grandmother(Side::Paternal), F, 0.7),
    ("nan", Kin::Grandmother(Side::Unknown), F, 0.6),
    ("nana", Kin::Grandmother(Side::Unknown), F, 0.6),
    ("nanna", Kin::Grandmother(Side::Unknown), F, 0.6),
    ("nanny", Kin::Grandmother(Side::Unknown), F, 0.5),
    ("gran", Kin::Grandmother(Side::Unknown), F, 0.6),
    ("granny", Kin::Grandmother(Side::Unknown), F, 0.6),
    ("grandma", Kin::Grandmother(Side::Unknown), F, 0.6),
    ("grandmother", Kin::Grandmother(Side::Unknown), F, 0.6),
    ("mgf", Kin::Grandfather(Side::Maternal), M, 0.7),
    (
        "maternal grandfather",
        Kin::Grandfather(Side::Maternal),
        M,
        0.7,
    ),
    ("maternal grandad", Kin::Grandfather(Side::Maternal), M, 0.7),
    ("pgf", Kin::Grandfather(Side::Paternal), M, 0.7),
    (
        "paternal grandfather",
        Kin::Grandfather(Side::Paternal),
        M,
        0.7,
    ),
    ("paternal grandad", Kin::Grandfather(Side::Paternal), M, 0.7),
    ("grandad", Kin::Grandfather(Side::Unknown), M, 0.6),
    ("granddad", Kin::Grandfather(Side::Unknown), M, 0.6),
    ("grandpa", Kin::Grandfather(Side::Unknown), M, 0.6),
    ("grandfather", Kin::Grandfather(Side::Unknown), M, 0.6),
    ("grampa", Kin::Grandfather(Side::Unknown), M, 0.6),
    ("aunt", Kin::Aunt, F, 0.5),
    ("auntie", Kin::Aunt, F, 0.5),
    ("aunty", Kin::Aunt, F, 0.5),
    ("maternal aunt", Kin::Aunt, F, 0.5),
    ("paternal aunt", Kin::Aunt, F, 0.5),
    ("uncle", Kin::Uncle, M, 0.5),
    ("maternal uncle", Kin::Uncle, M, 0.5),
    ("paternal uncle", Kin::Uncle, M, 0.5),
    // A parent's brother or sister is no child of the family.
    ("mum's brother", Kin::Uncle, M, 0.5),
    ("mother's brother", Kin::Uncle, M, 0.5),
    ("dad's brother", Kin::Uncle, M, 0.5),
    ("father's brother", Kin::Uncle, M, 0.5),
    ("mum's sister", Kin::Aunt, F, 0.5),
    ("mother's sister", Kin::Aunt, F, 0.5),
    ("dad's sister", Kin::Aunt, F, 0.5),
    ("father's sister", Kin::Aunt, F, 0.5),
    ("family friend", Kin::Carer, U, 0.0),
    ("friend of the family", Kin::Carer, U, 0.0),
    ("mum's friend", Kin::Carer, U, 0.0),
    ("mother's friend", Kin::Carer, U, 0.0),
    ("dad's friend", Kin::Carer, U, 0.0),
    ("father's friend", Kin::Carer, U, 0.0),
    ("neighbour", Kin::Carer, U, 0.0),
    ("godmother", Kin::Carer, F, 0.0),
    ("godfather", Kin::Carer, M, 0.0),
    ("great aunt", Kin::Carer, F, 0.0),
    ("great-aunt", Kin::Carer, F, 0.0),
    ("great uncle", Kin::Carer, M, 0.0),
    ("great-uncle", Kin::Carer, M, 0.0),
    ("childminder", Kin::Carer, U, 0.0),
    ("son", Kin::Child, M, 0.0),
    ("daughter", Kin::Child, F, 0.0),
    ("brother", Kin::Child, M, 0.0),
    ("sister", Kin::Child, F, 0.0),
    ("half-brother", Kin::Child, M, 0.0),
    ("half-sister", Kin::Child, F, 0.0),
    ("half brother", Kin::Child, M, 0.0),
    ("half sister", Kin::Child, F, 0.0),
    ("stepson", Kin::Child, M, 0.0),
    ("stepdaughter", Kin::Child, F, 0.0),
    ("step-son", Kin::Child, M, 0.0),
    ("step-daughter", Kin::Child, F, 0.0),
    ("sibling", Kin::Child, U, 0.0),
    ("baby", Kin::Child, U, 0.0),
    ("infant", Kin::Child, U, 0.0),
    ("child", Kin::Child, U, 0.0),
    ("twin", Kin::Child, U, 0.0),
];

/// Words before a role word that make it someone else's relative ("his
/// mother", "their nan"), not the child's.
const OTHER_POSSESSORS: &[&str] = &["his", "her", "their", "its", "whose"];

/// Whether the word before a role word makes it someone else's relative.
/// "her partner" is the exception: in a chronology it is the mother's.
pub(super) fn someone_elses(prev: &str, kin: Kin) -> bool {
    OTHER_POSSESSORS.contains(&prev) && !(prev == "her" && kin == Kin::MotherPartner)
}

/// Whether a possessive role word starts a fixed phrase that names no one
/// ("Mother's Day", "Father's Day").
pub(super) fn fixed_phrase(word_after: &str) -> bool {
    word_after == "day"
}

/// The role phrases, indexed by first word.
#[derive(Debug)]
pub(super) struct KinIndex {
    pub words: Vec<KinWord>,
    by_first: HashMap<String, Vec<usize>>,
}

impl KinIndex {
    /// Builds the index of every role phrase.
    pub fn new() -> KinIndex {
        let mut words = Vec::new();
        let mut by_first: HashMap<String, Vec<usize>> = HashMap::new();
        let mut tk = Tokens::default();
        for &(phrase, kin, gender, link) in TABLE {
            tk.scan(phrase);
            let toks: Vec<(String, bool)> = (0..tk.len())
                .map(|i| (tk.fold(i).to_string(), tk.toks[i].possessive))
                .collect();
            let Some(first) = toks.first().map(|t| t.0.clone()) else {
                continue;
            };
            let generic = matches!(
                phrase,
                "partner" | "ex-partner" | "ex partner" | "boyfriend" | "ex-boyfriend"
            );
            by_first.entry(first).or_default().push(words.len());
            words.push(KinWord {
                toks,
                kin,
                gender,
                link,
                generic,
            });
        }
        for list in by_first.values_mut() {
            list.sort_by_key(|&w| std::cmp::Reverse(words[w].toks.len()));
        }
        KinIndex { words, by_first }
    }

    /// Whether a folded word starts any role phrase.
    pub fn starts(&self, fold: &str) -> bool {
        self.by_first.contains_key(fold)
    }

    /// The longest role phrase at word `i`: (phrase index, number of words).
    pub fn match_at(&self, tk: &Tokens, i: usize) -> Option<(usize, usize)> {
        let list = self.by_first.get(tk.fold(i))?;
        'phrase: for &w in list {
            let word = &self.words[w];
            for (k, (fold, poss)) in word.toks.iter().enumerate() {
                let Some(t) = tk.tok(i + k) else {
                    continue 'phrase;
                };
                if tk.fold(i + k) != fold {
                    continue 'phrase;
                }
                if *poss && !t.possessive {
                    continue 'phrase;
                }
                // The last word may be possessive ("at Nan's"); inner words
                // only where the phrase says so, and words must be adjacent.
                if !*poss && t.possessive && k + 1 < word.toks.len() {
                    continue 'phrase;
                }
                if k > 0 && !(t.gap.space) {
                    continue 'phrase;
                }
            }
            return Some((w, word.toks.len()));
        }
        None
    }

    /// The phrase when `folded` (a whole folded string, e.g. a subject
    /// column entry "Mum") is exactly one role phrase.
    pub fn whole(&self, tk: &Tokens) -> Option<usize> {
        let (w, n) = self.match_at(tk, 0)?;
        (n == tk.len()).then_some(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_match_longest_first() {
        let k = KinIndex::new();
        let mut t = Tokens::default();
        t.scan("Mum's partner Dean and maternal grandmother Maureen at Nan's");
        let (w, n) = k.match_at(&t, 0).unwrap();
        assert_eq!((k.words[w].kin, n), (Kin::MotherPartner, 2));
        let (w, n) = k.match_at(&t, 4).unwrap();
        assert_eq!((k.words[w].kin, n), (Kin::Grandmother(Side::Maternal), 2));
        let (w, n) = k.match_at(&t, 8).unwrap();
        assert_eq!((k.words[w].kin, n), (Kin::Grandmother(Side::Unknown), 1));
        t.scan("mum");
        assert!(k.whole(&t).is_some());
    }
}
