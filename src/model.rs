//! The review's nouns as the rest of the library and the JSON contract see
//! them: agencies, sources and records.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::when::When;

/// What kind of organisation an agency is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AgencyKind {
    /// A police force.
    Police,
    /// A local authority's children's social care.
    ChildrensSocialCare,
    /// Health visiting (0–5 public health nursing).
    HealthVisiting,
    /// A general practice.
    Gp,
    /// A hospital, including its emergency department.
    Hospital,
    /// A school, academy or nursery.
    School,
    /// The probation service.
    Probation,
    /// A housing provider or the council's housing service.
    Housing,
    /// A voluntary organisation or charity.
    Voluntary,
    /// Anything else.
    Other,
}

impl AgencyKind {
    /// Every kind, in the order the brief lists them.
    pub const ALL: [AgencyKind; 10] = [
        AgencyKind::Police,
        AgencyKind::ChildrensSocialCare,
        AgencyKind::HealthVisiting,
        AgencyKind::Gp,
        AgencyKind::Hospital,
        AgencyKind::School,
        AgencyKind::Probation,
        AgencyKind::Housing,
        AgencyKind::Voluntary,
        AgencyKind::Other,
    ];

    /// The identifier used on the command line, in JSON and in the file.
    pub fn as_str(self) -> &'static str {
        match self {
            AgencyKind::Police => "police",
            AgencyKind::ChildrensSocialCare => "childrens_social_care",
            AgencyKind::HealthVisiting => "health_visiting",
            AgencyKind::Gp => "gp",
            AgencyKind::Hospital => "hospital",
            AgencyKind::School => "school",
            AgencyKind::Probation => "probation",
            AgencyKind::Housing => "housing",
            AgencyKind::Voluntary => "voluntary",
            AgencyKind::Other => "other",
        }
    }

    /// A best guess at the kind from an agency's name ("Harwick Police" is
    /// police, "Elm Street Surgery" a GP); `Other` when nothing fits.
    pub fn guess_from_name(name: &str) -> AgencyKind {
        let n = name.to_lowercase();
        let has = |words: &[&str]| words.iter().any(|w| n.contains(w));
        let word = |w: &str| n.split(|c: char| !c.is_alphanumeric()).any(|t| t == w);
        if has(&["police", "constabulary"]) {
            AgencyKind::Police
        } else if has(&["health visit"]) || word("hv") {
            AgencyKind::HealthVisiting
        } else if has(&[
            "social care",
            "children's services",
            "childrens services",
            "social work",
        ]) || word("csc")
            || word("mash")
        {
            AgencyKind::ChildrensSocialCare
        } else if has(&[
            "surgery",
            "medical practice",
            "medical centre",
            "health centre",
        ]) || word("gp")
        {
            AgencyKind::Gp
        } else if has(&["hospital", "emergency", "a&e", "nhs trust", "infirmary"]) || word("ed") {
            AgencyKind::Hospital
        } else if has(&["school", "academy", "nursery", "college", "education"]) {
            AgencyKind::School
        } else if has(&["probation"]) {
            AgencyKind::Probation
        } else if has(&["housing", "homes", "tenancy"]) {
            AgencyKind::Housing
        } else if has(&[
            "nspcc",
            "women's aid",
            "charity",
            "barnardo",
            "refuge",
            "voluntary",
        ]) {
            AgencyKind::Voluntary
        } else {
            AgencyKind::Other
        }
    }
}

impl fmt::Display for AgencyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for AgencyKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_lowercase().replace(['-', ' '], "_");
        AgencyKind::ALL
            .into_iter()
            .find(|k| k.as_str() == wanted)
            .ok_or_else(|| {
                let all: Vec<&str> = AgencyKind::ALL.iter().map(|k| k.as_str()).collect();
                format!(
                    "\"{s}\" is not an agency kind; use one of: {}",
                    all.join(", ")
                )
            })
    }
}

/// Where a record came from: the file, the sheet or table in it, and the row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Provenance {
    /// The file's name as imported.
    pub file: String,
    /// The sheet (XLSX) or table (DOCX), when the format has them.
    pub sheet: Option<String>,
    /// The row a reviewer finds it on (line for CSV, index for JSON).
    pub row: usize,
}

impl Provenance {
    /// Where to find the record, in words: "police.csv, row 5",
    /// "csc.xlsx, sheet Chronology, row 15".
    pub fn describe(&self) -> String {
        match &self.sheet {
            Some(sheet) if !sheet.is_empty() => {
                format!("{}, sheet {}, row {}", self.file, sheet, self.row)
            }
            _ => format!("{}, row {}", self.file, self.row),
        }
    }
}

/// One original cell: the column's header and the value, verbatim.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OriginalCell {
    /// The header as the agency wrote it.
    pub column: String,
    /// The value as the agency wrote it.
    pub value: String,
}

/// What a record's subject entry carries in brackets when the subject came
/// from its file's title block ("Child: Kaycee-Leigh MORROW" above the
/// header) rather than from a cell of its row: "Kaycee-Leigh MORROW (child,
/// from the file's title)". The row says whose file it is, not that each
/// of its clauses is about that person.
pub const FROM_TITLE: &str = "from the file's title";

/// One entry of an agency's chronology, as submitted and as read.
///
/// Serialises to the `records --json` shape (README, "JSON shapes").
#[derive(Clone, Debug, Serialize)]
pub struct Record {
    /// Stable identifier within the review.
    pub id: i64,
    /// The agency's name.
    pub agency: String,
    /// The agency's id within the review.
    #[serde(skip)]
    pub agency_id: i64,
    /// The agency's kind.
    pub agency_kind: AgencyKind,
    /// The id of the imported file it came from.
    #[serde(skip)]
    pub source_id: i64,
    /// When it happened, with its precision and qualifier.
    pub when: When,
    /// What happened, as written.
    pub text: String,
    /// The outcome or action taken, as written.
    pub outcome: Option<String>,
    /// The event type or category the agency gave.
    pub event_type: Option<String>,
    /// Who recorded it (name or role).
    pub author: Option<String>,
    /// The agency's own reference for the entry.
    pub reference: Option<String>,
    /// The agency's sequence value, when it numbered its entries.
    pub sequence: Option<String>,
    /// Position of the record in its source, which keeps the agency's own
    /// order among records with the same time.
    pub seq: i64,
    /// The people the agency named as the subject of the entry.
    pub subjects: Vec<String>,
    /// Dates of birth the agency gave for the subjects, as written.
    pub subject_dob: Option<String>,
    /// Whom the agency says it shared the information with.
    pub shared_with: Vec<String>,
    /// Where the record came from.
    pub source: Provenance,
    /// The source row's cells, verbatim, in the file's column order.
    pub original: Vec<OriginalCell>,
}

/// An agency of the review.
#[derive(Clone, Debug, Serialize)]
pub struct AgencyInfo {
    /// Its id in the review.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// Its kind.
    pub kind: AgencyKind,
}

/// How much something matters: an indicator in the taxonomy, a flag.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Suspected significant harm, or a decision taken without it.
    High,
    /// A concern that should have travelled.
    Medium,
    /// A practice point.
    Low,
}

impl Severity {
    /// The identifier used in JSON and in the taxonomy.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
        }
    }
}

impl<'de> serde::Deserialize<'de> for Severity {
    /// Reads `high`, `medium` or `low`; also `serious` and `moderate`, the
    /// words earlier taxonomy files used.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        match s.as_str() {
            "high" | "serious" => Ok(Severity::High),
            "medium" | "moderate" => Ok(Severity::Medium),
            "low" => Ok(Severity::Low),
            other => Err(serde::de::Error::custom(format!(
                "severity \"{other}\" is not one of high, medium, low"
            ))),
        }
    }
}
