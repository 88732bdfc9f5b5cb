//! Which column holds what: header synonyms, header-row detection, and
//! mapping profiles.
//!
//! Headers are compared after folding case, accents and punctuation, so
//! "Date/Time", "DATE - TIME" and "date time" are one header. A mapping
//! profile (TOML) names the role of any header and overrides the guess; the
//! guess itself can be saved as a profile for the next file of the same shape.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// What a column holds.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// The date (possibly with a time in the same cell).
    Date,
    /// The time of day, in its own column.
    Time,
    /// The end date of a period.
    EndDate,
    /// The end time of a period.
    EndTime,
    /// The agency's own sequence number.
    Sequence,
    /// What happened.
    Description,
    /// The outcome or action taken.
    Outcome,
    /// The agency's reference or source document.
    SourceRef,
    /// Who recorded it.
    Author,
    /// Whom it is about.
    Subject,
    /// The subject's date of birth.
    SubjectDob,
    /// The kind of contact or event.
    EventType,
    /// Whom the information was shared with.
    SharedWith,
    /// The agency (a composite chronology).
    Agency,
    /// Not recognised: kept verbatim as an extra field.
    Extra,
    /// Deliberately left out of the parsed fields (still kept verbatim).
    Ignore,
}

impl Role {
    /// Every role with its profile name.
    pub const ALL: [(Role, &'static str); 16] = [
        (Role::Date, "date"),
        (Role::Time, "time"),
        (Role::EndDate, "end_date"),
        (Role::EndTime, "end_time"),
        (Role::Sequence, "sequence"),
        (Role::Description, "description"),
        (Role::Outcome, "outcome"),
        (Role::SourceRef, "source_ref"),
        (Role::Author, "author"),
        (Role::Subject, "subject"),
        (Role::SubjectDob, "subject_dob"),
        (Role::EventType, "event_type"),
        (Role::SharedWith, "shared_with"),
        (Role::Agency, "agency"),
        (Role::Extra, "extra"),
        (Role::Ignore, "ignore"),
    ];

    /// The name used in profiles and JSON.
    pub fn as_str(&self) -> &'static str {
        Role::ALL
            .iter()
            .find(|(r, _)| r == self)
            .map(|(_, n)| *n)
            .unwrap_or("extra")
    }

    /// Roles that at most one column may hold.
    fn is_single(&self) -> bool {
        !matches!(self, Role::Extra | Role::Ignore)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let key = s.trim().to_lowercase().replace(['-', ' '], "_");
        Role::ALL
            .iter()
            .find(|(_, n)| *n == key)
            .map(|(r, _)| r.clone())
            .ok_or_else(|| {
                let names: Vec<&str> = Role::ALL.iter().map(|(_, n)| *n).collect();
                format!(
                    "\"{s}\" is not a column role; use one of: {}",
                    names.join(", ")
                )
            })
    }
}

impl Serialize for Role {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Role {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Header synonyms, already folded (see [`fold`]), with a strength: when two
/// columns claim one role, the stronger synonym wins and the other column is
/// kept as an extra field.
const SYNONYMS: &[(&str, Role, u8)] = &[
    // date
    ("date", Role::Date, 9),
    ("start date", Role::Date, 8),
    ("date of contact", Role::Date, 9),
    ("contact date", Role::Date, 8),
    ("event date", Role::Date, 9),
    ("date of event", Role::Date, 9),
    ("occurrence date", Role::Date, 9),
    ("date time", Role::Date, 9),
    ("date and time", Role::Date, 9),
    ("incident date", Role::Date, 8),
    ("date of incident", Role::Date, 8),
    ("entry date", Role::Date, 7),
    ("date of entry", Role::Date, 7),
    ("date recorded", Role::Date, 5),
    ("attendance date", Role::Date, 8),
    ("consultation date", Role::Date, 8),
    ("visit date", Role::Date, 8),
    ("date seen", Role::Date, 7),
    ("when", Role::Date, 6),
    // time
    ("time", Role::Time, 9),
    ("start time", Role::Time, 8),
    ("time of contact", Role::Time, 9),
    ("event time", Role::Time, 9),
    ("occurrence time", Role::Time, 9),
    ("incident time", Role::Time, 8),
    ("arrival time", Role::Time, 7),
    // end
    ("end date", Role::EndDate, 9),
    ("date to", Role::EndDate, 8),
    ("to date", Role::EndDate, 7),
    ("finish date", Role::EndDate, 8),
    ("end time", Role::EndTime, 9),
    ("time to", Role::EndTime, 8),
    ("finish time", Role::EndTime, 8),
    // sequence
    ("event ref", Role::Sequence, 9),
    ("seq", Role::Sequence, 9),
    ("seq no", Role::Sequence, 9),
    ("sequence", Role::Sequence, 9),
    ("sequence no", Role::Sequence, 9),
    ("sequence number", Role::Sequence, 9),
    ("event no", Role::Sequence, 8),
    ("event number", Role::Sequence, 8),
    ("entry no", Role::Sequence, 8),
    ("no", Role::Sequence, 5),
    ("item", Role::Sequence, 4),
    // description
    ("details", Role::Description, 9),
    ("detail", Role::Description, 9),
    ("event details", Role::Description, 9),
    ("event", Role::Description, 6),
    ("event contact", Role::Description, 7),
    ("summary", Role::Description, 8),
    ("narrative", Role::Description, 9),
    ("description", Role::Description, 9),
    ("description of contact", Role::Description, 9),
    ("description of event", Role::Description, 9),
    ("contact details", Role::Description, 7),
    ("notes", Role::Description, 7),
    ("case notes", Role::Description, 8),
    ("clinical notes", Role::Description, 8),
    ("consultation notes", Role::Description, 8),
    ("what happened", Role::Description, 8),
    ("information", Role::Description, 5),
    ("comments", Role::Description, 5),
    ("presenting complaint", Role::Description, 6),
    ("entry", Role::Description, 5),
    // outcome
    ("outcome", Role::Outcome, 9),
    ("action taken", Role::Outcome, 9),
    ("decision", Role::Outcome, 8),
    ("action outcome", Role::Outcome, 9),
    ("outcome action", Role::Outcome, 9),
    ("action and outcome", Role::Outcome, 9),
    ("outcome and action", Role::Outcome, 9),
    ("actions", Role::Outcome, 7),
    ("action", Role::Outcome, 7),
    ("next steps", Role::Outcome, 6),
    ("result", Role::Outcome, 5),
    ("disposal", Role::Outcome, 6),
    // source reference
    ("source", Role::SourceRef, 9),
    ("source of information", Role::SourceRef, 9),
    ("reference", Role::SourceRef, 9),
    ("ref", Role::SourceRef, 8),
    ("ref no", Role::SourceRef, 8),
    ("occurrence ref", Role::SourceRef, 8),
    ("occurrence reference", Role::SourceRef, 8),
    ("occurrence number", Role::SourceRef, 8),
    ("crime ref", Role::SourceRef, 8),
    ("crime reference", Role::SourceRef, 8),
    ("incident ref", Role::SourceRef, 8),
    ("incident number", Role::SourceRef, 7),
    ("case ref", Role::SourceRef, 7),
    ("record ref", Role::SourceRef, 7),
    ("source document", Role::SourceRef, 8),
    // author
    ("practitioner", Role::Author, 9),
    ("author", Role::Author, 9),
    ("worker", Role::Author, 9),
    ("role", Role::Author, 7),
    ("practitioner role", Role::Author, 9),
    ("author role", Role::Author, 9),
    ("officer", Role::Author, 8),
    ("clinician", Role::Author, 8),
    ("staff", Role::Author, 7),
    ("staff member", Role::Author, 8),
    ("recorded by", Role::Author, 8),
    ("entered by", Role::Author, 7),
    ("professional", Role::Author, 7),
    ("seen by", Role::Author, 6),
    // subject
    ("child", Role::Subject, 9),
    ("subject", Role::Subject, 9),
    ("subjects", Role::Subject, 9),
    ("name", Role::Subject, 8),
    ("child name", Role::Subject, 9),
    ("childs name", Role::Subject, 9),
    ("name of child", Role::Subject, 9),
    ("subject name", Role::Subject, 9),
    ("patient", Role::Subject, 7),
    ("patient name", Role::Subject, 8),
    ("person", Role::Subject, 6),
    ("persons involved", Role::Subject, 6),
    ("pupil", Role::Subject, 7),
    ("pupil name", Role::Subject, 8),
    // date of birth (never the event date)
    ("date of birth", Role::SubjectDob, 9),
    ("dob", Role::SubjectDob, 9),
    ("d o b", Role::SubjectDob, 9),
    ("birth date", Role::SubjectDob, 9),
    ("childs dob", Role::SubjectDob, 9),
    ("child dob", Role::SubjectDob, 9),
    // event type
    ("type", Role::EventType, 9),
    ("category", Role::EventType, 9),
    ("contact type", Role::EventType, 9),
    ("type of contact", Role::EventType, 9),
    ("event type", Role::EventType, 9),
    ("consultation type", Role::EventType, 8),
    ("occurrence type", Role::EventType, 8),
    ("incident type", Role::EventType, 8),
    ("contact method", Role::EventType, 6),
    ("contact", Role::EventType, 5),
    // shared with
    ("shared with", Role::SharedWith, 9),
    ("information shared with", Role::SharedWith, 9),
    ("info shared with", Role::SharedWith, 9),
    ("referred to", Role::SharedWith, 9),
    ("notified", Role::SharedWith, 9),
    ("copied to", Role::SharedWith, 7),
    ("sent to", Role::SharedWith, 7),
    ("shared", Role::SharedWith, 6),
    // agency (composite chronologies)
    ("agency", Role::Agency, 9),
    ("agency name", Role::Agency, 9),
    ("organisation", Role::Agency, 8),
    ("organization", Role::Agency, 8),
    ("source agency", Role::Agency, 9),
];

/// Folds a header for comparison: lower case, accents removed, apostrophes
/// dropped, any other punctuation a space, spaces collapsed.
pub fn fold(header: &str) -> String {
    let mut out = String::with_capacity(header.len());
    let mut space = true;
    for c in header.chars() {
        let c = strip_accent(c);
        if c == '\'' || c == '\u{2019}' || c == '`' {
            continue;
        }
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// The unaccented letter for the accented Latin letters agencies use.
pub fn strip_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'A',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'È' | 'É' | 'Ê' | 'Ë' => 'E',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'Ì' | 'Í' | 'Î' | 'Ï' => 'I',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => 'O',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'Ù' | 'Ú' | 'Û' | 'Ü' => 'U',
        'ý' | 'ÿ' => 'y',
        'Ý' => 'Y',
        'ç' => 'c',
        'Ç' => 'C',
        'ñ' => 'n',
        'Ñ' => 'N',
        other => other,
    }
}

/// The role a header suggests on its own, with the synonym's strength.
pub fn guess_role(header: &str) -> Option<(Role, u8)> {
    let f = fold(header);
    SYNONYMS
        .iter()
        .find(|(s, _, _)| *s == f)
        .map(|(_, r, w)| (r.clone(), *w))
}

/// A mapping profile: roles for headers, saved as TOML.
///
/// ```toml
/// # Sightline column mapping profile
/// [columns]
/// "When logged" = "date"
/// "Officer remarks" = "description"
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Header (as written in the file) → role.
    #[serde(default)]
    pub columns: BTreeMap<String, Role>,
    /// Optional settings.
    #[serde(default, skip_serializing_if = "ProfileOptions::is_empty")]
    pub options: ProfileOptions,
}

/// Settings of a profile beyond column roles.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileOptions {
    /// The row the header is on (1-based, as the file shows it); found
    /// automatically when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header_row: Option<usize>,
    /// The sheet to read from a workbook.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
}

impl ProfileOptions {
    fn is_empty(&self) -> bool {
        self.header_row.is_none() && self.sheet.is_none()
    }
}

impl Profile {
    /// Reads a profile from TOML text. `name` is used in messages.
    pub fn from_toml(name: &str, text: &str) -> Result<Profile, String> {
        toml::from_str(text).map_err(|e| format!("mapping profile {name}: {}", e.message()))
    }

    /// The profile as TOML, with a heading comment.
    pub fn to_toml(&self) -> String {
        let body = toml::to_string_pretty(self).unwrap_or_default();
        format!(
            "# Sightline column mapping profile\n# Roles: {}\n\n{body}",
            {
                let names: Vec<&str> = Role::ALL.iter().map(|(_, n)| *n).collect();
                names.join(", ")
            }
        )
    }

    /// The role the profile gives `header`, matching headers after folding.
    fn role_for(&self, header: &str) -> Option<Role> {
        let f = fold(header);
        self.columns
            .iter()
            .find(|(h, _)| fold(h) == f)
            .map(|(_, r)| r.clone())
    }
}

/// The role of every column of one file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Mapping {
    /// The headers, verbatim, left to right.
    pub headers: Vec<String>,
    /// The role of each column, aligned with `headers`.
    pub roles: Vec<Role>,
}

impl Mapping {
    /// Maps `headers`: the profile's roles first, then synonyms, then extra.
    /// Where two columns claim a single-column role, the stronger claim keeps
    /// it and the other column becomes an extra field.
    pub fn new(headers: &[String], profile: Option<&Profile>) -> Mapping {
        let mut claims: Vec<Option<(Role, u8)>> = headers
            .iter()
            .map(|h| {
                if h.trim().is_empty() {
                    return None;
                }
                match profile.and_then(|p| p.role_for(h)) {
                    Some(r) => Some((r, u8::MAX)),
                    None => guess_role(h),
                }
            })
            .collect();
        // One column per single role: keep the strongest, first on ties.
        for i in 0..claims.len() {
            let Some((role, strength)) = claims[i].clone() else {
                continue;
            };
            if !role.is_single() {
                continue;
            }
            for j in (i + 1)..claims.len() {
                if let Some((r2, s2)) = claims[j].clone() {
                    if r2 == role {
                        if s2 > strength {
                            claims[i] = None;
                            break;
                        }
                        claims[j] = None;
                    }
                }
            }
        }
        Mapping {
            headers: headers.to_vec(),
            roles: claims
                .into_iter()
                .map(|c| c.map(|(r, _)| r).unwrap_or(Role::Extra))
                .collect(),
        }
    }

    /// The column holding `role`, if any.
    pub fn column(&self, role: &Role) -> Option<usize> {
        self.roles.iter().position(|r| r == role)
    }

    /// How many columns were recognised (anything but extra).
    pub fn recognised(&self) -> usize {
        self.roles
            .iter()
            .filter(|r| !matches!(r, Role::Extra | Role::Ignore))
            .count()
    }

    /// The mapping as a profile, to save for the next file of this shape.
    pub fn to_profile(&self) -> Profile {
        Profile {
            columns: self
                .headers
                .iter()
                .zip(&self.roles)
                .filter(|(h, _)| !h.trim().is_empty())
                .map(|(h, r)| (h.clone(), r.clone()))
                .collect(),
            options: ProfileOptions::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(h: &[&str]) -> Vec<String> {
        h.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn folding_ignores_case_accents_and_punctuation() {
        assert_eq!(fold("Date/Time"), "date time");
        assert_eq!(fold("  ACTION / Outcome "), "action outcome");
        assert_eq!(fold("Child's name"), "childs name");
        assert_eq!(fold("Child’s Name:"), "childs name");
        assert_eq!(fold("Résumé"), "resume");
        assert_eq!(fold("D.O.B."), "d o b");
    }

    #[test]
    fn design_synonyms_are_recognised() {
        for (h, role) in [
            ("Date", Role::Date),
            ("Start date", Role::Date),
            ("Date of contact", Role::Date),
            ("Event date", Role::Date),
            ("Occurrence date", Role::Date),
            ("Date/Time", Role::Date),
            ("Time", Role::Time),
            ("Event ref", Role::Sequence),
            ("Seq", Role::Sequence),
            ("Details", Role::Description),
            ("Event", Role::Description),
            ("Summary", Role::Description),
            ("Narrative", Role::Description),
            ("Description of contact", Role::Description),
            ("Outcome", Role::Outcome),
            ("Action taken", Role::Outcome),
            ("Decision", Role::Outcome),
            ("Action/outcome", Role::Outcome),
            ("Source", Role::SourceRef),
            ("Source of information", Role::SourceRef),
            ("Reference", Role::SourceRef),
            ("Practitioner", Role::Author),
            ("Author", Role::Author),
            ("Worker", Role::Author),
            ("Role", Role::Author),
            ("Child", Role::Subject),
            ("Subject", Role::Subject),
            ("Name", Role::Subject),
            ("Type", Role::EventType),
            ("Category", Role::EventType),
            ("Contact type", Role::EventType),
            ("Shared with", Role::SharedWith),
            ("Information shared with", Role::SharedWith),
            ("Referred to", Role::SharedWith),
            ("Notified", Role::SharedWith),
            ("Date of birth", Role::SubjectDob),
        ] {
            assert_eq!(guess_role(h).map(|(r, _)| r), Some(role.clone()), "{h}");
        }
        assert_eq!(guess_role("Officer remarks"), None);
    }

    #[test]
    fn stronger_synonym_wins_and_loser_is_kept_as_extra() {
        let m = Mapping::new(&headers(&["Date", "Event", "Details", "Outcome"]), None);
        assert_eq!(
            m.roles,
            vec![Role::Date, Role::Extra, Role::Description, Role::Outcome]
        );
        let m = Mapping::new(&headers(&["Date", "Date", "Details"]), None);
        assert_eq!(m.roles, vec![Role::Date, Role::Extra, Role::Description]);
    }

    #[test]
    fn profile_overrides_and_round_trips() {
        let p = Profile::from_toml(
            "p.toml",
            "[columns]\n\"When logged\" = \"date\"\n\"officer remarks\" = \"description\"\n\"Date\" = \"extra\"\n",
        )
        .unwrap();
        let m = Mapping::new(
            &headers(&["When logged", "Officer Remarks", "Date", "Case officer"]),
            Some(&p),
        );
        assert_eq!(
            m.roles,
            vec![Role::Date, Role::Description, Role::Extra, Role::Extra]
        );
        let back = Profile::from_toml("saved", &m.to_profile().to_toml()).unwrap();
        assert_eq!(back, m.to_profile());
    }

    #[test]
    fn bad_profiles_say_what_is_wrong() {
        let e = Profile::from_toml("p.toml", "[columns]\nDate = \"when\"\n").unwrap_err();
        assert!(e.contains("\"when\" is not a column role"), "{e}");
        let e = Profile::from_toml("p.toml", "[colums]\n").unwrap_err();
        assert!(e.contains("p.toml"), "{e}");
    }
}
