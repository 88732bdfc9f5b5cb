//! Comparing names: spelling variants, nicknames and initials of given
//! names, and spelling variants of surnames.

use foldhash::{HashMap, HashMapExt};
use std::sync::OnceLock;

/// How two given names relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum FirstRel {
    Exact,
    Spelling,
    Nickname,
    Initial,
}

impl FirstRel {
    /// The confidence the relation gives.
    pub fn confidence(self) -> f32 {
        match self {
            FirstRel::Exact => 1.0,
            FirstRel::Spelling => 0.8,
            FirstRel::Nickname | FirstRel::Initial => 0.7,
        }
    }

    /// Strong relations may chain; weak ones attach only where unambiguous.
    pub fn strong(self) -> bool {
        matches!(self, FirstRel::Exact | FirstRel::Spelling)
    }
}

/// Endings that turn one given name into a different one (Louis/Louise,
/// Daniel/Danielle, Dean/Deana), so never a nickname or a misspelling.
const GENDERED: &[&str] = &[
    "a", "e", "le", "ne", "ine", "ette", "elle", "ina", "ia", "ie",
];

/// Endings that make a familiar form (Dean/Deano, Kay/Kayleigh is a prefix).
const DIMINUTIVE: &[&str] = &[
    "o", "y", "ie", "ey", "ee", "s", "sy", "za", "zo", "ster", "ers",
];

/// Familiar forms that are not prefixes of the name.
const NICKNAMES: &[&[&str]] = &[
    // The British "-z" forms: Gaz, Baz, Shaz.
    &["gary", "gaz", "gazza"],
    &["gareth", "gaz"],
    &["barry", "baz"],
    &["darren", "daz"],
    &["warren", "waz"],
    &["sharon", "shaz"],
    &["karen", "kaz"],
    &["derek", "del", "dez"],
    &["david", "dave", "davey", "davy"],
    &["william", "bill", "billy", "will", "willy", "liam"],
    &["robert", "bob", "bobby", "rob", "robbie", "bert"],
    &["james", "jim", "jimmy", "jamie", "jas"],
    &["john", "jack", "johnny", "jon", "jonny"],
    &["jonathan", "jon", "jonny"],
    &[
        "elizabeth",
        "liz",
        "lizzie",
        "lizzy",
        "beth",
        "betty",
        "bess",
        "libby",
        "eliza",
    ],
    &["margaret", "maggie", "meg", "peggy", "marge", "madge"],
    &[
        "katherine",
        "catherine",
        "kathryn",
        "kate",
        "katie",
        "kath",
        "cathy",
        "kathy",
        "kat",
        "kitty",
    ],
    &["richard", "rick", "ricky", "dick", "richie"],
    &["edward", "ed", "eddie", "ted", "teddy", "ned"],
    &["michael", "mike", "mick", "micky", "mikey"],
    &["anthony", "tony", "ant"],
    &["joseph", "joe", "joey"],
    &["alexander", "alex", "sandy", "xander"],
    &["patrick", "paddy", "pat"],
    &["rebecca", "becky", "becca", "bex"],
    &["susan", "sue", "suzy", "susie"],
    &["deborah", "debbie", "debs", "deb"],
    &["victoria", "vicky", "vikki", "tori"],
    &["charlotte", "lottie", "charlie"],
    &["charles", "charlie", "chas", "chuck"],
    &["abigail", "abbie", "abby", "gail"],
    &["jennifer", "jenny", "jen", "jenna"],
    &["henry", "harry", "hal", "hank"],
    &["harold", "harry", "hal"],
    &["mary", "molly", "polly", "mo"],
    &["sarah", "sally", "sadie"],
    &["frances", "fran", "frankie"],
    &["francis", "frank", "frankie"],
    &["terence", "terry", "tel"],
    &["lawrence", "laurence", "larry", "laurie"],
    &["alfred", "alf", "alfie"],
    &["frederick", "fred", "freddie", "freddy"],
    &["theodore", "theo", "teddy", "ted"],
    &["oliver", "ollie", "olly"],
    &["maureen", "mo"],
    &["christopher", "chris", "kit"],
    &["stephen", "steven", "steve", "stevie"],
    &["nicholas", "nick", "nicky"],
    &["daniel", "dan", "danny"],
    &["samuel", "sam", "sammy"],
    &["benjamin", "ben", "benny"],
    &["thomas", "tom", "tommy"],
    &["matthew", "matt", "matty"],
    &["jacqueline", "jackie", "jacqui"],
    &["josephine", "jo", "josie"],
    &["joanne", "jo", "joanna"],
    &["gerald", "gerry", "jerry"],
    &["raymond", "ray"],
    &["ronald", "ron", "ronnie"],
    &["donald", "don", "donny"],
    &["leonard", "len", "lenny", "leo"],
    &["archibald", "archie"],
    &["isabella", "isabelle", "izzy", "bella"],
    &["natalie", "nat", "tally"],
    &["nathan", "nate", "nat"],
    &["jessica", "jess", "jessie"],
    &["samantha", "sam", "sammy"],
    &["amelia", "millie", "milly"],
    &["emily", "millie", "milly", "emmy"],
    &["camilla", "millie", "milly"],
    &["eleanor", "ellie", "nell", "nellie", "nora"],
    &["olivia", "liv", "livvy", "livy"],
    &["gabriella", "gabrielle", "gabby", "gabi"],
    &["madison", "maddie", "maddy"],
    &["madeleine", "madeline", "maddie", "maddy"],
    &["alexandra", "alex", "lexi", "lexie", "sandra", "sasha"],
    &["zachary", "zach", "zak", "zac"],
    &["jacob", "jake"],
    &["andrew", "andy", "drew"],
    &["florence", "flo", "florrie"],
    &["kimberley", "kimberly", "kim"],
    &["patricia", "pat", "patsy", "trish", "tricia", "trisha"],
    &["theresa", "teresa", "tess", "tessa", "terri"],
    &["rosemary", "rose", "rosie"],
    &["dorothy", "dot", "dottie", "dolly"],
];

fn nickname_groups() -> &'static HashMap<&'static str, Vec<usize>> {
    static MAP: OnceLock<HashMap<&'static str, Vec<usize>>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut m: HashMap<&'static str, Vec<usize>> = HashMap::new();
        for (g, names) in NICKNAMES.iter().enumerate() {
            for n in names.iter() {
                let e = m.entry(*n).or_default();
                if !e.contains(&g) {
                    e.push(g);
                }
            }
        }
        m
    })
}

/// The other forms a folded given name has in the table of familiar forms
/// ("bill" → "william", "will", ...).
pub(super) fn nickname_forms(word: &str) -> Vec<&'static str> {
    let mut out = Vec::new();
    if let Some(groups) = nickname_groups().get(word) {
        for &g in groups {
            if let Some(names) = NICKNAMES.get(g) {
                out.extend(names.iter().copied().filter(|n| *n != word));
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Whether a folded word is in the table of familiar forms.
pub(super) fn in_nickname_table(word: &str) -> bool {
    nickname_groups().contains_key(word)
}

/// Whether two folded given names are familiar forms of each other.
pub(super) fn nickname_pair(a: &str, b: &str) -> bool {
    let m = nickname_groups();
    match (m.get(a), m.get(b)) {
        (Some(x), Some(y)) => x.iter().any(|g| y.contains(g)),
        _ => false,
    }
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

fn first_char(s: &str) -> Option<char> {
    s.chars().next()
}

/// How two given names relate, if at all. `a_init`/`b_init`: the name is
/// only an initial.
pub(super) fn first_rel(a: &str, a_init: bool, b: &str, b_init: bool) -> Option<FirstRel> {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    if a_init || b_init {
        return (first_char(a) == first_char(b)).then_some(FirstRel::Initial);
    }
    if a == b {
        return Some(FirstRel::Exact);
    }
    if nickname_pair(a, b) {
        return Some(FirstRel::Nickname);
    }
    // "Amelia-Rose" is also an Amelia: her familiar forms are Amelia's.
    let head = |s: &'_ str| s.split('-').next().unwrap_or(s).to_string();
    let (ha, hb) = (head(a), head(b));
    if (ha != a || hb != b) && nickname_pair(&ha, &hb) {
        return Some(FirstRel::Nickname);
    }
    let (short, long) = if chars(a) <= chars(b) { (a, b) } else { (b, a) };
    if let Some(rest) = long.strip_prefix(short).filter(|_| chars(short) >= 2) {
        return (!GENDERED.contains(&rest)).then_some(FirstRel::Nickname);
    }
    spelling(a, b).then_some(FirstRel::Spelling)
}

/// Whether two given names are spellings of one name ("Kayley"/"Kayleigh").
fn spelling(a: &str, b: &str) -> bool {
    let (la, lb) = (chars(a), chars(b));
    if la < 3 || lb < 3 || la.abs_diff(lb) > 2 || first_char(a) != first_char(b) {
        return false;
    }
    let jw = strsim::jaro_winkler(a, b);
    let needed = if la.min(lb) <= 4 { 0.94 } else { 0.89 };
    jw >= needed
}

/// How a word found alone in free text relates to a known given name, for
/// discovering nicknames ("Ty", "Deano", "Kayley"). Stricter than
/// [`first_rel`]: a shorter word must be a prefix of the name, a longer one
/// the name with a familiar ending.
pub(super) fn text_first_rel(word: &str, name: &str) -> Option<FirstRel> {
    if word == name || chars(word) < 2 || chars(name) < 2 {
        return None;
    }
    if nickname_pair(word, name) {
        return Some(FirstRel::Nickname);
    }
    // "Millie" for "Amelia-Rose": a familiar form of the first part.
    let head = name.split('-').next().unwrap_or(name);
    if head != name && head != word && nickname_pair(word, head) {
        return Some(FirstRel::Nickname);
    }
    if let Some(rest) = name.strip_prefix(word) {
        return (!GENDERED.contains(&rest)).then_some(FirstRel::Nickname);
    }
    if let Some(rest) = word.strip_prefix(name) {
        return DIMINUTIVE.contains(&rest).then_some(FirstRel::Nickname);
    }
    let two = |s: &str| s.chars().take(2).collect::<String>();
    (two(word) == two(name) && spelling(word, name)).then_some(FirstRel::Spelling)
}

/// How two surnames relate: 1.0 the same, 0.8 a spelling variant
/// ("Brooks"/"Brookes", Jaro–Winkler ≥ 0.92, or one part of a double-barrelled
/// name), None different.
pub(super) fn surname_rel(a: &str, b: &str) -> Option<f32> {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    if a == b {
        return Some(1.0);
    }
    if a.contains('-') || b.contains('-') {
        let pa: Vec<&str> = a.split('-').filter(|p| p.len() > 1).collect();
        let pb: Vec<&str> = b.split('-').filter(|p| p.len() > 1).collect();
        if pa.iter().any(|p| pb.contains(p)) {
            return Some(0.8);
        }
    }
    let (short, long) = if chars(a) <= chars(b) { (a, b) } else { (b, a) };
    if long.starts_with(short) && chars(long) - chars(short) >= 2 {
        // Marsh / Marshall: a different name.
        return None;
    }
    (first_char(a) == first_char(b) && strsim::jaro_winkler(a, b) >= 0.92).then_some(0.8)
}
