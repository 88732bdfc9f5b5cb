//! Synthetic reviews of any size, for benchmarks and scale tests.
//!
//! [`generate`] writes one chronology file per agency into a directory, in
//! the varied layouts agencies really send (CSV with different header
//! vocabularies, delimiters and date styles; XLSX with Excel date cells; a
//! Word table; Sightline's interchange JSON), together with
//! `manifest.json` (which file belongs to which agency, and how to import
//! it) and `expected.json` (the flags a correct analysis must raise).
//!
//! The records are many fictional families, each known to the agencies of
//! one area over about two years. Most entries are routine contacts; a few
//! record minor concerns. Some families are *planted*: their records are a
//! short case built so that each of the nine rules must raise a flag at a
//! known agency and date. Everything is fictional and the output depends
//! only on the options (the same seed gives the same bytes).

use std::io::Write;
use std::path::Path;

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Weekday};
use rand::seq::IndexedRandom;
use rand::{RngExt, SeedableRng};
use rand_xorshift::XorShiftRng;
use serde::{Deserialize, Serialize};

use crate::import::{self, ImportFile, ImportOptions};
use crate::model::AgencyKind;
use crate::{Error, Result, Review};

/// What to generate.
#[derive(Clone, Debug)]
pub struct Options {
    /// Records in all (the files hold exactly this many rows).
    pub records: usize,
    /// Agencies (at least six: police, children's social care, school,
    /// health visiting, GP and hospital are needed by the planted cases).
    pub agencies: usize,
    /// Seed of the pseudo-random choices.
    pub seed: u64,
    /// Write every record into one CSV file from one agency (a police
    /// chronology, comma-separated), with no planted cases: the file the
    /// side-by-side import comparison reads.
    pub single_csv: bool,
}

/// Largest file written as a workbook, a Word table or JSON; bigger
/// chronologies are written as CSV, as agencies with big systems send them.
pub const OFFICE_MAX_ROWS: usize = 20_000;

/// One planted family per this many records (at least one, at most
/// [`MAX_PLANTED_CASES`]).
pub const RECORDS_PER_PLANTED_CASE: usize = 5_000;

/// The most planted families in one output. Planted cases follow one
/// another (about fifteen weeks each) so that no case's sharing or meeting
/// falls inside another's window.
pub const MAX_PLANTED_CASES: usize = 20;

/// One generated file, as `manifest.json` lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ManifestFile {
    /// File name inside the output directory.
    pub file: String,
    /// The agency (`--agency`).
    pub agency: String,
    /// The agency's kind (`--kind`).
    pub kind: String,
    /// csv, xlsx, docx or json.
    pub format: String,
    /// A short description of the layout (delimiter, headers, dates).
    pub layout: String,
    /// Rows of records in the file.
    pub rows: usize,
}

/// `manifest.json`: the files and how they were made.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// The options used.
    pub records: usize,
    /// The options used.
    pub agencies: usize,
    /// The options used.
    pub seed: u64,
    /// Planted families.
    pub planted_cases: usize,
    /// Every file, one per agency.
    pub files: Vec<ManifestFile>,
}

/// One flag a correct analysis must raise (`expected.json`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExpectedFlag {
    /// Rule id.
    pub rule: String,
    /// The agency the flag is about (the flag's `agency`).
    pub agency: String,
    /// The flag's date, YYYY-MM-DD (the date part of its `at`).
    pub date: String,
    /// The child's name as the agencies write it.
    pub subject: String,
    /// Which planted family (0-based).
    pub case: usize,
    /// Why the flag is due.
    pub why: String,
}

/// Writes the files, `manifest.json` and `expected.json` into `dir`
/// (created if missing) and returns the manifest.
pub fn generate(dir: &Path, opts: &Options) -> Result<(Manifest, Vec<ExpectedFlag>)> {
    if opts.agencies < 6 && !opts.single_csv {
        return Err(Error::Invalid(
            "--agencies: at least 6 (police, children's social care, school, health visiting, GP and hospital)".into(),
        ));
    }
    if opts.records == 0 {
        return Err(Error::Invalid("--records: at least 1".into()));
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut rng = XorShiftRng::seed_from_u64(opts.seed);
    let mut agencies = agencies(opts.agencies.max(6));
    if opts.single_csv {
        agencies.truncate(1);
    }
    let areas = agencies.iter().map(|a| a.area).max().unwrap_or(0) + 1;

    // Planted cases first: their rows are fixed by design.
    let planted = if opts.single_csv {
        0
    } else {
        (opts.records / RECORDS_PER_PLANTED_CASE).clamp(1, MAX_PLANTED_CASES)
    };
    let mut people = People::default();
    let mut rows: Vec<Vec<Row>> = vec![Vec::new(); agencies.len()];
    let mut families: Vec<Family> = Vec::new();
    let mut expected = Vec::new();
    let mut total = 0usize;
    let mut base = NaiveDate::from_ymd_opt(2012, 9, 3).expect("valid date");
    for case in 0..planted {
        // One case after another, never overlapping; moved on while a bank
        // holiday would change the working-day counts the case is built on.
        while !clear_of_bank_holidays(base) {
            base += Duration::days(7);
        }
        let fam = people.family(&mut rng, families.len() as u32, base);
        total += plant(&agencies, &fam, case, base, &mut rows, &mut expected);
        families.push(fam);
        base += Duration::days(7 * 15);
    }

    // Routine families fill the rest, about 100 records each.
    let remaining = opts.records.saturating_sub(total);
    let per_family = 100usize;
    let n_families = remaining.div_ceil(per_family);
    let mut left = remaining;
    for f in 0..n_families {
        let area = rng.random_range(0..areas);
        let start = NaiveDate::from_ymd_opt(2016, 1, 4).expect("valid date")
            + Duration::days(rng.random_range(0..(365 * 8)));
        let fam = people.family(&mut rng, families.len() as u32, start);
        let n = if f + 1 == n_families {
            left
        } else {
            per_family
        };
        left -= n;
        let local: Vec<usize> = (0..agencies.len())
            .filter(|&i| agencies[i].area == area)
            .collect();
        for _ in 0..n {
            let &ai = local.choose(&mut rng).expect("an area has agencies");
            let kind = agencies[ai].kind;
            let mut day = start + Duration::days(rng.random_range(0..730));
            if kind == AgencyKind::School {
                while matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
                    day += Duration::days(1);
                }
            }
            let time = if rng.random_bool(0.8) {
                NaiveTime::from_hms_opt(rng.random_range(8..19), rng.random_range(0..60), 0)
            } else {
                None
            };
            let concern = rng.random_bool(0.02);
            let pool = routine(kind, concern);
            let template = rng.random_range(0..pool.len()) as u16;
            rows[ai].push(Row {
                day,
                time,
                family: fam.id,
                body: Body::Routine { concern, template },
            });
        }
        families.push(fam);
    }

    // Write each agency's file in its own layout, in date order.
    let mut files = Vec::new();
    for (ai, agency) in agencies.iter().enumerate() {
        let list = &mut rows[ai];
        list.sort_by_key(|r| (r.day, r.time));
        let layout = layout_for(agency, list.len());
        let file = format!("{:02}-{}.{}", ai + 1, slug(&agency.name), layout.ext());
        let path = dir.join(&file);
        let ctx = WriteCtx {
            agency,
            agencies: &agencies,
            families: &families,
        };
        match layout {
            Layout::Xlsx => write_xlsx(&path, &ctx, list)?,
            Layout::Docx => write_docx(&path, &ctx, list)?,
            Layout::Json => write_json(&path, &ctx, list)?,
            _ => write_csv(&path, &ctx, list, layout)?,
        }
        files.push(ManifestFile {
            file,
            agency: agency.name.clone(),
            kind: agency.kind.as_str().to_string(),
            format: layout.ext().to_string(),
            layout: layout.describe().to_string(),
            rows: list.len(),
        });
    }
    let manifest = Manifest {
        records: opts.records,
        agencies: agencies.len(),
        seed: opts.seed,
        planted_cases: planted,
        files,
    };
    write_json_file(&dir.join("manifest.json"), &manifest)?;
    write_json_file(&dir.join("expected.json"), &expected)?;
    Ok((manifest, expected))
}

/// Imports every file of a generated directory into `review`, one import
/// per file as the manifest lists them. `progress` gets the file's name.
pub fn import_generated(
    review: &mut Review,
    dir: &Path,
    manifest: &Manifest,
    progress: &mut dyn FnMut(&str),
) -> Result<()> {
    for f in &manifest.files {
        progress(&f.file);
        let opts = ImportOptions {
            agency: Some(f.agency.clone()),
            kind: Some(f.kind.parse().map_err(Error::Invalid)?),
            profile: None,
            sheet: None,
            skip_bad_rows: false,
        };
        let file = ImportFile::read(&dir.join(&f.file))?;
        import::import_files(review, &[file], &opts, &mut |_| {})?;
    }
    Ok(())
}

/// Reads `manifest.json` from a generated directory.
pub fn read_manifest(dir: &Path) -> Result<Manifest> {
    let p = dir.join("manifest.json");
    let text = std::fs::read_to_string(&p).map_err(|e| Error::io(&p, e))?;
    serde_json::from_str(&text).map_err(|e| Error::Invalid(format!("{}: {e}", p.display())))
}

/// Reads `expected.json` from a generated directory.
pub fn read_expected(dir: &Path) -> Result<Vec<ExpectedFlag>> {
    let p = dir.join("expected.json");
    let text = std::fs::read_to_string(&p).map_err(|e| Error::io(&p, e))?;
    serde_json::from_str(&text).map_err(|e| Error::Invalid(format!("{}: {e}", p.display())))
}

/// A raised flag reduced to what [`missing`] compares: rule, agency, the
/// date part of `at`, and every name of every subject it is about.
#[derive(Clone, Debug)]
pub struct FoundFlag {
    /// Rule id.
    pub rule: String,
    /// Agency.
    pub agency: String,
    /// YYYY-MM-DD.
    pub date: String,
    /// Names of the subjects the flag is about.
    pub names: Vec<String>,
}

/// The expected flags that no found flag matches (same rule, agency and
/// date, about a subject known by the expected child's name).
pub fn missing<'a>(expected: &'a [ExpectedFlag], found: &[FoundFlag]) -> Vec<&'a ExpectedFlag> {
    use std::collections::HashMap;
    let mut index: HashMap<(&str, &str, &str), Vec<&FoundFlag>> = HashMap::new();
    for f in found {
        index
            .entry((f.rule.as_str(), f.agency.as_str(), f.date.as_str()))
            .or_default()
            .push(f);
    }
    expected
        .iter()
        .filter(|e| {
            !index
                .get(&(e.rule.as_str(), e.agency.as_str(), e.date.as_str()))
                .is_some_and(|v| {
                    v.iter()
                        .any(|f| f.names.iter().any(|n| n.eq_ignore_ascii_case(&e.subject)))
                })
        })
        .collect()
}

fn write_json_file<T: Serialize>(path: &Path, value: &T) -> Result<()> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Error::Invalid(format!("{}: {e}", path.display())))?;
    std::fs::write(path, text + "\n").map_err(|e| Error::io(path, e))
}

// ---------------------------------------------------------------- agencies

#[derive(Clone, Debug)]
struct Agency {
    name: String,
    kind: AgencyKind,
    area: usize,
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

fn agencies(n: usize) -> Vec<Agency> {
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

fn slug(name: &str) -> String {
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

// ---------------------------------------------------------------- people

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
struct Family {
    id: u32,
    child: String,
    child_first: String,
    girl: bool,
    dob: NaiveDate,
    mother: String,
    partner: String,
}

/// Hands out names so that no two families share a child's full name.
#[derive(Default)]
struct People {
    used: std::collections::HashSet<String>,
}

impl People {
    /// A new family whose child is 3 to 10 years old on `start`.
    fn family(&mut self, rng: &mut XorShiftRng, id: u32, start: NaiveDate) -> Family {
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

// ---------------------------------------------------------------- rows

#[derive(Clone, Debug)]
struct Row {
    day: NaiveDate,
    time: Option<NaiveTime>,
    family: u32,
    body: Body,
}

#[derive(Clone, Debug)]
enum Body {
    /// A routine entry from the kind's pool.
    Routine { concern: bool, template: u16 },
    /// A planted entry: event type, text, outcome, shared with (agency index).
    Planted {
        event: &'static str,
        text: String,
        outcome: String,
        shared: Option<usize>,
    },
}

/// (event type, text, outcome) of routine entries; `{C}` is the child's
/// first name, `{M}` the mother's full name, `{his}` the child's pronoun.
type Template = (&'static str, &'static str, &'static str);

fn routine(kind: AgencyKind, concern: bool) -> &'static [Template] {
    use AgencyKind::*;
    match (kind, concern) {
        (Police, false) => &[
            ("Call", "Call from {M} asking for advice about a dispute with a neighbour over parking. No offences disclosed.", "Advice given. No further police action."),
            ("Community", "PCSO patrol of the estate after reports of youths gathering. Spoke with {M} at the door; no issues raised.", "Logged."),
            ("Call", "{M} reported her bicycle stolen from the communal hallway.", "Crime reference issued."),
        ],
        (Police, true) => &[
            ("Domestic incident", "Verbal argument reported by a neighbour at the home address of {M}; officers attended, no injuries, {C} asleep upstairs.", "Advice given to both parties."),
        ],
        (ChildrensSocialCare, false) => &[
            ("Home visit", "Home visit by SW. {C} seen alone in {his} bedroom, chatty and relaxed. Home warm and clean.", "Plan reviewed with {M}."),
            ("Telephone call", "Telephone call with {M} to arrange the next visit and talk about nursery hours.", "Visit booked."),
            ("Supervision", "Case discussed in supervision. Family engaging well with the plan.", "Continue plan."),
            ("Family support", "Family support worker session with {M} on routines and bedtimes. {C} seen and spoken to alone; happy.", "Next session in two weeks."),
        ],
        (ChildrensSocialCare, true) => &[
            ("Contact", "{M} asked for help with housing damp affecting {C}'s room. No safeguarding concerns identified.", "Signposted to the landlord."),
        ],
        (School, false) => &[
            ("Attendance", "{C} absent – {M} phoned to say {he} has a cold.", "Absence authorised (illness)."),
            ("Pastoral", "{C} settled well in class, enjoyed the reading session and played with friends at lunch.", ""),
            ("Parent meeting", "Parents' evening with {M}. {C} making expected progress in reading and maths.", ""),
            ("Attendance", "{C} arrived late (09:20) – {M} said the bus was late.", "Late mark recorded."),
        ],
        (School, true) => &[
            ("First aid", "{C} grazed {his} knee in the playground; first aid given and bruise noted on shin from the fall.", "Note sent home to {M}."),
        ],
        (HealthVisiting, false) => &[
            ("Developmental review", "Developmental review at clinic. {C} seen; growth on the 50th centile, speech age-appropriate.", "Universal service continues."),
            ("Home visit", "Home visit. {C} seen, well and playing; {M} reports no worries. Home tidy.", "Next contact at the next review."),
            ("Telephone call", "Telephone call with {M} about sleep routines. Advice given.", ""),
        ],
        (HealthVisiting, true) => &[
            ("Clinic", "{M} did not bring {C} to the clinic appointment today.", "Appointment rebooked."),
        ],
        (Gp, false) => &[
            ("Face to face", "{C} seen with {M}: cough and runny nose for three days. Chest clear.", "Self-care advice."),
            ("Telephone", "Telephone consultation with {M} about {C}'s eczema.", "Emollient prescribed."),
            ("Immunisation", "{C} attended for routine immunisations with {M}.", "Given. Next due in one year."),
        ],
        (Gp, true) => &[
            ("Did not attend", "{C} not brought to the booked appointment.", "Letter sent to {M}."),
        ],
        (Hospital, false) => &[
            ("ED attendance", "{C} brought to ED by {M} with a high temperature; viral illness diagnosed.", "Discharged home with advice."),
            ("Outpatients", "{C} seen in paediatric outpatients for asthma review with {M}.", "Inhaler technique reviewed."),
        ],
        (Hospital, true) => &[
            ("ED attendance", "{C} brought to ED by {M} with a sprained wrist after falling off a scooter; mechanism consistent.", "Discharged with advice."),
        ],
        (Housing, _) => &[
            ("Repairs", "Repair reported by {M}: kitchen tap leaking.", "Job raised with the repairs hub."),
            ("Tenancy visit", "Annual tenancy visit with {M}. Property in good condition.", ""),
            ("Rent", "Rent account in arrears (two weeks); {M} agreed a payment plan.", "Payment plan set up."),
        ],
        (Probation, _) => &[
            ("Supervision", "Supervision appointment attended by {P}. Discussed employment and training.", "Next appointment booked."),
            ("Supervision", "{P} attended on time; reports stable accommodation and work at a warehouse.", ""),
        ],
        _ => &[
            ("Session", "Parenting group session attended by {M}.", "Next session next week."),
            ("Telephone call", "Check-in call with {M}; things are going well at home.", ""),
        ],
    }
}

/// Whether a planted case starting on Monday `base` has no bank holiday
/// in the stretches whose working days it counts.
fn clear_of_bank_holidays(base: NaiveDate) -> bool {
    let mut holidays = crate::calendar::bank_holidays(base.year());
    holidays.extend(crate::calendar::bank_holidays(base.year() + 1));
    [(19, 22), (25, 31), (36, 39), (43, 51)]
        .iter()
        .all(|&(from, to)| {
            !holidays
                .iter()
                .any(|h| *h >= base + Duration::days(from) && *h <= base + Duration::days(to))
        })
}

/// Writes one planted family's rows and the flags they must raise; returns
/// the rows written. `base` is a Monday in early September: the whole case
/// falls between then and mid December, clear of bank holidays.
fn plant(
    agencies: &[Agency],
    fam: &Family,
    case: usize,
    base: NaiveDate,
    rows: &mut [Vec<Row>],
    expected: &mut Vec<ExpectedFlag>,
) -> usize {
    let find = |k: AgencyKind| {
        agencies
            .iter()
            .position(|a| a.area == 0 && a.kind == k)
            .expect("the first area has every core kind")
    };
    let police = find(AgencyKind::Police);
    let csc = find(AgencyKind::ChildrensSocialCare);
    let school = find(AgencyKind::School);
    let hv = find(AgencyKind::HealthVisiting);
    let gp = find(AgencyKind::Gp);
    let hospital = find(AgencyKind::Hospital);
    let name = |i: usize| agencies[i].name.clone();
    let c = &fam.child;
    let cf = &fam.child_first;
    let m = &fam.mother;
    let p = &fam.partner;
    let (he, his) = if fam.girl {
        ("she", "her")
    } else {
        ("he", "his")
    };
    let mut n = 0;
    let mut add = |ai: usize,
                   day: i64,
                   time: Option<(u32, u32)>,
                   event: &'static str,
                   text: String,
                   outcome: &str,
                   shared: Option<usize>| {
        rows[ai].push(Row {
            day: base + Duration::days(day),
            time: time.and_then(|(h, mi)| NaiveTime::from_hms_opt(h, mi, 0)),
            family: fam.id,
            body: Body::Planted {
                event,
                text,
                outcome: outcome.to_string(),
                shared,
            },
        });
        n += 1;
    };
    // Three injuries at three agencies in eight days, none passed on.
    add(
        school,
        0,
        Some((8, 50)),
        "Pastoral",
        format!("{cf} arrived with a bruise to {his} left cheek. {m} said {he} fell off the sofa."),
        "Logged on the safeguarding record (DSL aware).",
        None,
    );
    add(csc, 1, Some((9, 30)), "Assessment",
        format!("Single assessment started (s17) after {m} asked for help with {cf}'s behaviour at home."),
        "Allocated to SW.", None);
    add(hospital, 4, Some((15, 0)), "ED attendance",
        format!("{c} brought to ED by {m} with a 2cm laceration to the forehead; {m} said {he} fell against the coffee table."),
        "Wound glued. Discharged home.", None);
    add(
        gp,
        8,
        None,
        "Face to face",
        format!("{c} seen with {m}: burn to right palm, {m} says {he} touched the oven door."),
        "Dressing applied. Review in one week.",
        None,
    );
    add(csc, 9, Some((14, 0)), "Home visit",
        format!("Announced home visit. {m} and {cf} seen. {m} present throughout. Home conditions adequate."),
        "Assessment to be concluded.", None);
    add(csc, 11, None, "Assessment",
        format!("Single assessment concluded. {cf} was not seen alone or spoken to alone during the assessment. Management oversight: TM agrees closure."),
        "Case closed – NFA.", None);
    add(
        hv,
        15,
        Some((10, 0)),
        "Home visit",
        format!("Routine home visit. {cf} not seen – {m} said {he} was napping."),
        "Universal service. NFA by HV.",
        None,
    );
    // A missing episode told to social care after 63 hours.
    add(police, 19, Some((19, 10)), "Missing person",
        format!("{c} reported missing by {m} at 19:10 after leaving the flat; found 21:05 in the park by officers."),
        "Returned home. Missing episode recorded.", None);
    add(
        police,
        22,
        Some((10, 40)),
        "Notification",
        format!(
            "Notification sent to {} re the missing episode of {c} on Saturday.",
            name(csc)
        ),
        "Sent.",
        Some(csc),
    );
    // Domestic abuse on a Friday night; the school told the next Thursday.
    add(police, 25, Some((22, 30)), "Domestic incident",
        format!("DA incident at the home address: {p} assaulted {m}, pushing her into a wall. {c} present and witnessed it."),
        "Arrested. DASH medium risk.", None);
    add(police, 31, Some((9, 50)), "Operation Encompass",
        format!("Operation Encompass notification sent to {} re the DA incident on Friday ({c} present).", name(school)),
        "Sent.", Some(school));
    // A referral decided three working days after receipt.
    add(
        csc,
        36,
        Some((11, 30)),
        "Referral",
        format!("Referral from HV: {cf} not seen by HV since the summer; {m} not answering calls."),
        "To MASH.",
        None,
    );
    add(
        csc,
        39,
        Some((10, 0)),
        "MASH decision",
        format!("Threshold met for single assessment – neglect concerns about {cf}."),
        "Allocated to SW.",
        None,
    );
    // Suspected NAI: strategy discussion 8 working days later, GP absent;
    // conference 30 working days after that, GP absent again.
    add(school, 43, Some((10, 15)), "Safeguarding",
        format!("{cf} came in with yellowing bruises to {his} left cheek and jaw and a circular mark on {his} right forearm (?burn). DSL concerned the injuries are non-accidental."),
        "Referred to children's social care.", Some(csc));
    add(csc, 43, Some((10, 30)), "Referral",
        format!("Telephone referral from DSL, {}: {cf} has yellowing bruises to left cheek and jaw and a circular mark on right forearm (?burn). DSL concerned the injuries are non-accidental.", name(school)),
        "To MASH TM.", None);
    add(
        csc,
        43,
        Some((12, 15)),
        "MASH decision",
        "Suspected NAI. Strategy discussion to be convened.".to_string(),
        "TM to arrange.",
        None,
    );
    add(csc, 51, Some((11, 0)), "Strategy discussion",
        format!("Strategy discussion held about {c}. Present: TM (chair), SW, DS Cole ({}), HV ({}), DSL ({}). Not present: GP (not invited). Decision: s47 joint enquiry.", name(police), name(hv), name(school)),
        "s47 enquiries started.", None);
    add(csc, 93, Some((10, 0)), "Initial child protection conference",
        format!("ICPC held about {c}. Chair: IRO. Present: {m}; SW; TM; {}; {}; {}. Not present: GP (no report received). Decision: {cf} – CP plan, category physical abuse.", name(police), name(hv), name(school)),
        "CP plan.", None);

    let day = |d: i64| (base + Duration::days(d)).format("%Y-%m-%d").to_string();
    let mut exp = |rule: &str, ai: usize, d: i64, why: &str| {
        expected.push(ExpectedFlag {
            rule: rule.into(),
            agency: name(ai),
            date: day(d),
            subject: c.clone(),
            case,
            why: why.into(),
        })
    };
    exp("never-shared", school, 0, "bruise to cheek recorded by the school and passed to no one while social care was involved");
    exp(
        "fragmented-picture",
        gp,
        8,
        "three injuries in eight days at school, hospital and GP",
    );
    exp(
        "decision-without-information",
        csc,
        11,
        "assessment closed while the injuries held elsewhere had not reached social care",
    );
    exp(
        "child-not-seen",
        csc,
        11,
        "assessment concluded without the child seen alone",
    );
    exp(
        "closed-despite-indicators",
        csc,
        11,
        "closed within 30 days of three injuries",
    );
    exp("child-not-seen", hv, 15, "home visit: child not seen");
    exp(
        "late-sharing",
        police,
        22,
        "missing episode told to social care after 63 hours",
    );
    exp(
        "late-sharing",
        police,
        31,
        "Operation Encompass notification after the next school day",
    );
    exp(
        "late-sharing",
        csc,
        39,
        "referral decided three working days after receipt",
    );
    exp(
        "no-strategy-discussion",
        csc,
        43,
        "suspected NAI; strategy discussion 8 working days later",
    );
    exp(
        "absent-from-meeting",
        gp,
        51,
        "GP not invited to the strategy discussion",
    );
    exp(
        "late-conference",
        csc,
        93,
        "conference 30 working days after the strategy discussion",
    );
    exp(
        "absent-from-meeting",
        gp,
        93,
        "GP absent from the conference",
    );
    n
}

// ---------------------------------------------------------------- layouts

#[derive(Clone, Copy, Debug, PartialEq)]
enum Layout {
    /// Comma; police vocabulary; dd/mm/yyyy and a time column.
    CsvPolice,
    /// Semicolon; GP vocabulary; 07-Jan-2021; no time.
    CsvGp,
    /// Tab; social care vocabulary; ISO dates and a time column.
    CsvTab,
    /// Comma; date and time in one `Date/Time` cell.
    CsvDateTime,
    Xlsx,
    Docx,
    Json,
}

impl Layout {
    fn ext(self) -> &'static str {
        match self {
            Layout::Xlsx => "xlsx",
            Layout::Docx => "docx",
            Layout::Json => "json",
            _ => "csv",
        }
    }
    fn describe(self) -> &'static str {
        match self {
            Layout::CsvPolice => "CSV, comma; Occurrence date (dd/mm/yyyy), Time, Subject, DOB, Details, Outcome, Notified, Officer",
            Layout::CsvGp => "CSV, semicolon, CRLF; Date (07-Jan-2021), Consultation type, Patient, Notes, Action taken, Clinician",
            Layout::CsvTab => "CSV, tab; Date of contact (ISO), Time, Contact type, Child, Description of contact, Action/outcome, Information shared with, Worker",
            Layout::CsvDateTime => "CSV, comma; Date/Time in one cell (dd/mm/yyyy hh:mm), Category, Name, Summary, Decision, Referred to, Practitioner",
            Layout::Xlsx => "XLSX, sheet Chronology; Excel date and time cells; Date, Time, Contact type, Child, DOB, Details, Outcome, Shared with, Worker",
            Layout::Docx => "DOCX table; Date (12.03.21), Contact, Child, Narrative, Action/outcome, Practitioner",
            Layout::Json => "Sightline interchange JSON; date, time, category, details, action, shared with, staff, child",
        }
    }
}

fn layout_for(agency: &Agency, rows: usize) -> Layout {
    use AgencyKind::*;
    let office = rows <= OFFICE_MAX_ROWS;
    let alt = agency.area % 2 == 1;
    match agency.kind {
        Police => Layout::CsvPolice,
        Gp => Layout::CsvGp,
        ChildrensSocialCare if office && !alt => Layout::Xlsx,
        ChildrensSocialCare => Layout::CsvTab,
        HealthVisiting if office && !alt => Layout::Docx,
        HealthVisiting => Layout::CsvTab,
        School if office && !alt => Layout::Json,
        School => Layout::CsvDateTime,
        Hospital if office && !alt => Layout::Xlsx,
        Hospital => Layout::CsvDateTime,
        Housing => Layout::CsvDateTime,
        Probation => Layout::CsvPolice,
        _ => Layout::CsvTab,
    }
}

struct WriteCtx<'a> {
    agency: &'a Agency,
    agencies: &'a [Agency],
    families: &'a [Family],
}

/// A row's cells in words: event, text, outcome, shared with, author.
struct Cells {
    event: String,
    text: String,
    outcome: String,
    shared: String,
    author: String,
}

impl WriteCtx<'_> {
    fn family(&self, r: &Row) -> &Family {
        &self.families[r.family as usize]
    }

    fn cells(&self, r: &Row) -> Cells {
        let f = self.family(r);
        let fill = |s: &str| -> String {
            let (he, his) = if f.girl {
                ("she", "her")
            } else {
                ("he", "his")
            };
            s.replace("{C}", &f.child_first)
                .replace("{M}", &f.mother)
                .replace("{P}", &f.partner)
                .replace("{his}", his)
                .replace("{he}", he)
        };
        let author = match self.agency.kind {
            AgencyKind::Police => "PC 2107 Ellison",
            AgencyKind::ChildrensSocialCare => "SW (Assessment Team)",
            AgencyKind::School => "DSL",
            AgencyKind::HealthVisiting => "HV",
            AgencyKind::Gp => "Dr Abara",
            AgencyKind::Hospital => "ED doctor",
            AgencyKind::Probation => "PO",
            _ => "Officer",
        }
        .to_string();
        match &r.body {
            Body::Routine { concern, template } => {
                let pool = routine(self.agency.kind, *concern);
                let (event, text, outcome) = pool[*template as usize % pool.len()];
                Cells {
                    event: event.into(),
                    text: fill(text),
                    outcome: fill(outcome),
                    shared: String::new(),
                    author,
                }
            }
            Body::Planted {
                event,
                text,
                outcome,
                shared,
            } => Cells {
                event: (*event).into(),
                text: text.clone(),
                outcome: outcome.clone(),
                shared: shared
                    .map(|i| self.agencies[i].name.clone())
                    .unwrap_or_default(),
                author,
            },
        }
    }

    fn subject(&self, r: &Row) -> String {
        let f = self.family(r);
        if self.agency.kind == AgencyKind::Probation {
            f.partner.clone()
        } else {
            f.child.clone()
        }
    }
}

fn write_csv(path: &Path, ctx: &WriteCtx<'_>, rows: &[Row], layout: Layout) -> Result<()> {
    let file = std::fs::File::create(path).map_err(|e| Error::io(path, e))?;
    let (delim, crlf) = match layout {
        Layout::CsvGp => (b';', true),
        Layout::CsvTab => (b'\t', false),
        _ => (b',', false),
    };
    let mut w = csv::WriterBuilder::new()
        .delimiter(delim)
        .terminator(if crlf {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        })
        .from_writer(std::io::BufWriter::with_capacity(1 << 20, file));
    let io = |e: csv::Error| Error::io(path, std::io::Error::other(e));
    let header: &[&str] = match layout {
        Layout::CsvPolice => &[
            "Occurrence date",
            "Time",
            "Occurrence ref",
            "Subject",
            "DOB",
            "Details",
            "Outcome",
            "Notified",
            "Officer",
        ],
        Layout::CsvGp => &[
            "Date",
            "Consultation type",
            "Patient",
            "Notes",
            "Action taken",
            "Clinician",
        ],
        Layout::CsvTab => &[
            "Date of contact",
            "Time",
            "Contact type",
            "Child",
            "Description of contact",
            "Action/outcome",
            "Information shared with",
            "Worker",
        ],
        _ => &[
            "Date/Time",
            "Category",
            "Name",
            "Summary",
            "Decision",
            "Referred to",
            "Practitioner",
        ],
    };
    w.write_record(header).map_err(io)?;
    let hm = |t: Option<NaiveTime>| t.map(|t| t.format("%H:%M").to_string()).unwrap_or_default();
    for (k, r) in rows.iter().enumerate() {
        let c = ctx.cells(r);
        let subject = ctx.subject(r);
        match layout {
            Layout::CsvPolice => {
                let dob = if ctx.agency.kind == AgencyKind::Probation {
                    String::new()
                } else {
                    ctx.family(r).dob.format("%d/%m/%Y").to_string()
                };
                w.write_record([
                    r.day.format("%d/%m/%Y").to_string(),
                    hm(r.time),
                    format!("OCC/{}/{:06}", r.day.format("%y"), k + 1),
                    subject,
                    dob,
                    c.text,
                    c.outcome,
                    c.shared,
                    c.author,
                ])
            }
            Layout::CsvGp => w.write_record([
                r.day.format("%d-%b-%Y").to_string(),
                c.event,
                subject,
                c.text,
                c.outcome,
                c.author,
            ]),
            Layout::CsvTab => w.write_record([
                r.day.format("%Y-%m-%d").to_string(),
                hm(r.time),
                c.event,
                subject,
                c.text,
                c.outcome,
                c.shared,
                c.author,
            ]),
            _ => w.write_record([
                match r.time {
                    Some(t) => format!("{} {}", r.day.format("%d/%m/%Y"), t.format("%H:%M")),
                    None => r.day.format("%d/%m/%Y").to_string(),
                },
                c.event,
                subject,
                c.text,
                c.outcome,
                c.shared,
                c.author,
            ]),
        }
        .map_err(io)?;
    }
    w.flush().map_err(|e| Error::io(path, e))
}

fn write_xlsx(path: &Path, ctx: &WriteCtx<'_>, rows: &[Row]) -> Result<()> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
    let x = |e: rust_xlsxwriter::XlsxError| Error::Invalid(format!("{}: {e}", path.display()));
    let mut book = Workbook::new();
    // A fixed creation time, so the same seed gives the same bytes.
    let created = ExcelDateTime::from_ymd(2020, 1, 1).map_err(x)?;
    book.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let sheet = book.add_worksheet();
    sheet.set_name("Chronology").map_err(x)?;
    let date_fmt = Format::new().set_num_format("dd/mm/yyyy");
    let time_fmt = Format::new().set_num_format("hh:mm");
    let header = [
        "Date",
        "Time",
        "Contact type",
        "Child",
        "DOB",
        "Details",
        "Outcome",
        "Shared with",
        "Worker",
    ];
    for (col, h) in header.iter().enumerate() {
        sheet.write_string(0, col as u16, *h).map_err(x)?;
    }
    let excel_date =
        |d: NaiveDate| ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8);
    for (k, r) in rows.iter().enumerate() {
        let row = (k + 1) as u32;
        let c = ctx.cells(r);
        sheet
            .write_datetime_with_format(row, 0, &excel_date(r.day).map_err(x)?, &date_fmt)
            .map_err(x)?;
        if let Some(t) = r.time {
            let t = ExcelDateTime::from_hms(t.hour_u16(), t.minute_u8(), 0).map_err(x)?;
            sheet
                .write_datetime_with_format(row, 1, &t, &time_fmt)
                .map_err(x)?;
        }
        sheet.write_string(row, 2, &c.event).map_err(x)?;
        sheet.write_string(row, 3, ctx.subject(r)).map_err(x)?;
        sheet
            .write_datetime_with_format(
                row,
                4,
                &excel_date(ctx.family(r).dob).map_err(x)?,
                &date_fmt,
            )
            .map_err(x)?;
        sheet.write_string(row, 5, &c.text).map_err(x)?;
        sheet.write_string(row, 6, &c.outcome).map_err(x)?;
        if !c.shared.is_empty() {
            sheet.write_string(row, 7, &c.shared).map_err(x)?;
        }
        sheet.write_string(row, 8, &c.author).map_err(x)?;
    }
    book.save(path).map_err(x)
}

trait HourMinute {
    fn hour_u16(&self) -> u16;
    fn minute_u8(&self) -> u8;
}

impl HourMinute for NaiveTime {
    fn hour_u16(&self) -> u16 {
        use chrono::Timelike;
        self.hour() as u16
    }
    fn minute_u8(&self) -> u8 {
        use chrono::Timelike;
        self.minute() as u8
    }
}

fn xml_escape(s: &str) -> String {
    quick_xml::escape::escape(s).into_owned()
}

fn write_docx(path: &Path, ctx: &WriteCtx<'_>, rows: &[Row]) -> Result<()> {
    let file = std::fs::File::create(path).map_err(|e| Error::io(path, e))?;
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
    let z = |e: zip::result::ZipError| Error::io(path, std::io::Error::other(e));
    let io = |e: std::io::Error| Error::io(path, e);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    zip.start_file("[Content_Types].xml", opts).map_err(z)?;
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#).map_err(io)?;
    zip.start_file("_rels/.rels", opts).map_err(z)?;
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#).map_err(io)?;
    zip.start_file("word/document.xml", opts).map_err(z)?;
    let para = |t: &str| {
        format!(
            "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
            xml_escape(t)
        )
    };
    let cell = |t: &str| format!("<w:tc>{}</w:tc>", para(t));
    let mut out = String::with_capacity(1 << 16);
    out.push_str(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#);
    out.push_str(&para(&format!(
        "{}: chronology of involvement",
        ctx.agency.name
    )));
    out.push_str(&para(
        "Prepared for the review panel. Entries are as recorded at the time.",
    ));
    out.push_str("<w:tbl>");
    out.push_str("<w:tr>");
    for h in [
        "Date",
        "Contact",
        "Child",
        "Narrative",
        "Action/outcome",
        "Practitioner",
    ] {
        out.push_str(&cell(h));
    }
    out.push_str("</w:tr>");
    for r in rows {
        let c = ctx.cells(r);
        out.push_str("<w:tr>");
        out.push_str(&cell(&r.day.format("%d.%m.%y").to_string()));
        out.push_str(&cell(&c.event));
        out.push_str(&cell(&ctx.subject(r)));
        out.push_str(&cell(&c.text));
        out.push_str(&cell(&c.outcome));
        out.push_str(&cell(&c.author));
        out.push_str("</w:tr>");
        if out.len() > 1 << 20 {
            zip.write_all(out.as_bytes()).map_err(io)?;
            out.clear();
        }
    }
    out.push_str("</w:tbl>");
    out.push_str(&para("End of chronology."));
    out.push_str("</w:body></w:document>");
    zip.write_all(out.as_bytes()).map_err(io)?;
    let mut inner = zip.finish().map_err(z)?;
    inner.flush().map_err(io)
}

fn write_json(path: &Path, ctx: &WriteCtx<'_>, rows: &[Row]) -> Result<()> {
    let records: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| {
            let c = ctx.cells(r);
            serde_json::json!({
                "date": r.day.format("%d/%m/%Y").to_string(),
                "time": r.time.map(|t| t.format("%H:%M").to_string()).unwrap_or_default(),
                "category": c.event,
                "details": c.text,
                "action": c.outcome,
                "shared with": c.shared,
                "staff": c.author,
                "child": ctx.subject(r),
            })
        })
        .collect();
    let doc = serde_json::json!({
        "sightline": "interchange/1",
        "agency": { "name": ctx.agency.name, "kind": ctx.agency.kind.as_str() },
        "records": records,
    });
    write_json_file(path, &doc)
}
