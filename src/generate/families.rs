//! The fictional agencies and families of a generated review: agency
//! names and kinds, and the people of each family.

use chrono::{Duration, NaiveDate};
use rand::seq::IndexedRandom;
use rand::RngExt;
use rand_xorshift::XorShiftRng;

use crate::model::AgencyKind;

#[derive(Clone, Debug)]
pub(super) struct Agency {
    pub(super) name: String,
    pub(super) kind: AgencyKind,
    pub(super) area: usize,
}

const TOWNS: &[&str] = &[
    "Ashcombe",
    "Brinmoor",
    "Caldwick",
    "Dunholt",
    "Elverby",
    "Fenbridge",
    "Gorsley",
    "Hollinford",
    "Ivesham",
    "Kelderby",
    "Lowmarsh",
    "Marrowby",
];

const KINDS: &[AgencyKind] = &[
    AgencyKind::Police,
    AgencyKind::ChildrensSocialCare,
    AgencyKind::School,
    AgencyKind::HealthVisiting,
    AgencyKind::Gp,
    AgencyKind::Hospital,
    AgencyKind::Housing,
    AgencyKind::Probation,
    AgencyKind::Voluntary,
];

pub(super) fn agencies(n: usize) -> Vec<Agency> {
    (0..n)
        .map(|i| {
            let area = i / KINDS.len();
            let kind = KINDS[i % KINDS.len()];
            let town = format!(
                "{}{}",
                TOWNS[area % TOWNS.len()],
                if area >= TOWNS.len() {
                    format!(" {}", area / TOWNS.len() + 1)
                } else {
                    String::new()
                }
            );
            let name = match kind {
                AgencyKind::Police => format!("{town} Police"),
                AgencyKind::ChildrensSocialCare => format!("{town} Children's Social Care"),
                AgencyKind::School => format!("{town} Primary School"),
                AgencyKind::HealthVisiting => format!("{town} Health Visiting"),
                AgencyKind::Gp => format!("{town} Medical Practice"),
                AgencyKind::Hospital => format!("{town} General Hospital"),
                AgencyKind::Housing => format!("{town} Homes"),
                AgencyKind::Probation => format!("{town} Probation Delivery Unit"),
                _ => format!("{town} Family Support"),
            };
            Agency { name, kind, area }
        })
        .collect()
}

pub(super) fn slug(name: &str) -> String {
    name.chars()
        .filter_map(|c| {
            if c.is_ascii_alphanumeric() {
                Some(c.to_ascii_lowercase())
            } else if c == ' ' {
                Some('_')
            } else {
                None
            }
        })
        .collect()
}

const BOYS: &[&str] = &[
    "Oliver", "Harry", "Jacob", "Noah", "Leo", "Archie", "Freddie", "Theo", "Oscar", "Alfie",
    "Reuben", "Ezra", "Felix", "Jasper", "Rory", "Toby", "Elliot", "Stanley", "Hugo", "Louis",
    "Arlo", "Finley", "Ronan", "Caleb",
];
const GIRLS: &[&str] = &[
    "Amelia", "Isla", "Ava", "Ivy", "Freya", "Poppy", "Willow", "Daisy", "Ruby", "Evie", "Hazel",
    "Iris", "Maisie", "Orla", "Esme", "Nell", "Thea", "Clara", "Edith", "Matilda", "Elodie",
    "Rosa", "Imogen", "Aria",
];
const WOMEN: &[&str] = &[
    "Chantelle",
    "Gemma",
    "Leanne",
    "Stacey",
    "Danielle",
    "Kirsty",
    "Shannon",
    "Jodie",
    "Natasha",
    "Rebecca",
    "Hayley",
    "Kerry",
    "Amber",
    "Jade",
    "Siobhan",
    "Tanya",
];
const MEN: &[&str] = &[
    "Craig", "Wayne", "Darren", "Jason", "Lee", "Carl", "Ryan", "Gavin", "Scott", "Shane",
    "Kieran", "Marcus", "Liam", "Aaron", "Troy", "Dale",
];
const STEMS: &[&str] = &[
    "Ash", "Brom", "Cal", "Dun", "Elm", "Fair", "Gil", "Hal", "Ing", "Kel", "Lang", "Mar", "Nor",
    "Pen", "Ram", "Sel", "Thorn", "Wal", "Wen", "Yar", "Brad", "Cran", "Dal", "Fen", "Hart",
    "Kirk", "Lin", "Mel", "Pres", "Stan",
];
const ENDS: &[&str] = &[
    "bury", "wick", "ford", "ley", "ton", "ridge", "field", "worth", "by", "stead", "more", "shaw",
    "cote", "well", "den", "hurst", "lock", "gate", "holm", "wood",
];

#[derive(Clone, Debug)]
pub(super) struct Family {
    pub(super) id: u32,
    pub(super) child: String,
    pub(super) child_first: String,
    pub(super) girl: bool,
    pub(super) dob: NaiveDate,
    pub(super) mother: String,
    pub(super) partner: String,
}

/// Hands out names so that no two families share a child's full name.
#[derive(Default)]
pub(super) struct People {
    used: std::collections::HashSet<String>,
}

impl People {
    /// A new family whose child is 3 to 10 years old on `start`.
    pub(super) fn family(&mut self, rng: &mut XorShiftRng, id: u32, start: NaiveDate) -> Family {
        loop {
            let surname = format!(
                "{}{}",
                STEMS.choose(rng).expect("names"),
                ENDS.choose(rng).expect("names")
            );
            let girl = rng.random_bool(0.5);
            let first = if girl { GIRLS } else { BOYS }
                .choose(rng)
                .expect("names")
                .to_string();
            let child = format!("{first} {surname}");
            if !self.used.insert(child.clone()) && self.used.len() < 600_000 {
                continue;
            }
            let mother = format!("{} {surname}", WOMEN.choose(rng).expect("names"));
            let partner_surname = format!(
                "{}{}",
                STEMS.choose(rng).expect("names"),
                ENDS.choose(rng).expect("names")
            );
            let partner = format!("{} {partner_surname}", MEN.choose(rng).expect("names"));
            let dob = start - Duration::days(rng.random_range((365 * 3)..(365 * 10)));
            return Family {
                id,
                child,
                child_first: first,
                girl,
                dob,
                mother,
                partner,
            };
        }
    }
}
