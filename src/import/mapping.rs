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
pub enum ColumnRole {
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
    /// More running text about what happened, in a column of its own
    /// ("Assessment / findings", "Safeguarding", "Risk"): joined to the
    /// description under its header, so that nothing the agency wrote is
    /// left out of the analysis or the merged chronology. Several columns
    /// may hold it.
    Detail,
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

impl ColumnRole {
    /// Every role with its profile name.
    pub const ALL: [(ColumnRole, &'static str); 17] = [
        (ColumnRole::Date, "date"),
        (ColumnRole::Time, "time"),
        (ColumnRole::EndDate, "end_date"),
        (ColumnRole::EndTime, "end_time"),
        (ColumnRole::Sequence, "sequence"),
        (ColumnRole::Description, "description"),
        (ColumnRole::Detail, "detail"),
        (ColumnRole::Outcome, "outcome"),
        (ColumnRole::SourceRef, "source_ref"),
        (ColumnRole::Author, "author"),
        (ColumnRole::Subject, "subject"),
        (ColumnRole::SubjectDob, "subject_dob"),
        (ColumnRole::EventType, "event_type"),
        (ColumnRole::SharedWith, "shared_with"),
        (ColumnRole::Agency, "agency"),
        (ColumnRole::Extra, "extra"),
        (ColumnRole::Ignore, "ignore"),
    ];

    /// The name used in profiles and JSON.
    pub fn as_str(&self) -> &'static str {
        ColumnRole::ALL
            .iter()
            .find(|(r, _)| r == self)
            .map(|(_, n)| *n)
            .unwrap_or("extra")
    }

    /// Roles that at most one column may hold.
    fn is_single(&self) -> bool {
        !matches!(
            self,
            ColumnRole::Extra | ColumnRole::Ignore | ColumnRole::Detail
        )
    }
}

impl fmt::Display for ColumnRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ColumnRole {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let key = s.trim().to_lowercase().replace(['-', ' '], "_");
        ColumnRole::ALL
            .iter()
            .find(|(_, n)| *n == key)
            .map(|(r, _)| r.clone())
            .ok_or_else(|| {
                let names: Vec<&str> = ColumnRole::ALL.iter().map(|(_, n)| *n).collect();
                format!(
                    "\"{s}\" is not a column role; use one of: {}",
                    names.join(", ")
                )
            })
    }
}

impl Serialize for ColumnRole {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ColumnRole {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Header synonyms, already folded (see [`fold`]), with a strength: when two
/// columns claim one role, the stronger synonym wins and the other column is
/// kept as an extra field.
const SYNONYMS: &[(&str, ColumnRole, u8)] = &[
    // date
    ("date", ColumnRole::Date, 9),
    ("start date", ColumnRole::Date, 8),
    ("date of contact", ColumnRole::Date, 9),
    ("contact date", ColumnRole::Date, 8),
    ("event date", ColumnRole::Date, 9),
    ("date of event", ColumnRole::Date, 9),
    ("occurrence date", ColumnRole::Date, 9),
    ("date time", ColumnRole::Date, 9),
    ("date and time", ColumnRole::Date, 9),
    ("incident date", ColumnRole::Date, 8),
    ("date of incident", ColumnRole::Date, 8),
    ("entry date", ColumnRole::Date, 7),
    ("date of entry", ColumnRole::Date, 7),
    ("date recorded", ColumnRole::Date, 5),
    ("attendance date", ColumnRole::Date, 8),
    ("consultation date", ColumnRole::Date, 8),
    ("visit date", ColumnRole::Date, 8),
    ("date seen", ColumnRole::Date, 7),
    ("when", ColumnRole::Date, 6),
    // time
    ("time", ColumnRole::Time, 9),
    ("start time", ColumnRole::Time, 8),
    ("time of contact", ColumnRole::Time, 9),
    ("event time", ColumnRole::Time, 9),
    ("occurrence time", ColumnRole::Time, 9),
    ("incident time", ColumnRole::Time, 8),
    ("arrival time", ColumnRole::Time, 7),
    // end
    ("end date", ColumnRole::EndDate, 9),
    ("date to", ColumnRole::EndDate, 8),
    ("to date", ColumnRole::EndDate, 7),
    ("finish date", ColumnRole::EndDate, 8),
    ("end time", ColumnRole::EndTime, 9),
    ("time to", ColumnRole::EndTime, 8),
    ("finish time", ColumnRole::EndTime, 8),
    // sequence
    ("event ref", ColumnRole::Sequence, 9),
    ("seq", ColumnRole::Sequence, 9),
    ("seq no", ColumnRole::Sequence, 9),
    ("sequence", ColumnRole::Sequence, 9),
    ("sequence no", ColumnRole::Sequence, 9),
    ("sequence number", ColumnRole::Sequence, 9),
    ("event no", ColumnRole::Sequence, 8),
    ("event number", ColumnRole::Sequence, 8),
    ("entry no", ColumnRole::Sequence, 8),
    ("no", ColumnRole::Sequence, 5),
    ("item", ColumnRole::Sequence, 4),
    // description
    ("details", ColumnRole::Description, 9),
    ("detail", ColumnRole::Description, 9),
    ("event details", ColumnRole::Description, 9),
    ("event", ColumnRole::Description, 6),
    ("event contact", ColumnRole::Description, 7),
    ("summary", ColumnRole::Description, 8),
    ("narrative", ColumnRole::Description, 9),
    ("description", ColumnRole::Description, 9),
    ("description of contact", ColumnRole::Description, 9),
    ("description of event", ColumnRole::Description, 9),
    ("contact details", ColumnRole::Description, 7),
    ("notes", ColumnRole::Description, 7),
    ("case notes", ColumnRole::Description, 8),
    ("clinical notes", ColumnRole::Description, 8),
    ("consultation notes", ColumnRole::Description, 8),
    ("what happened", ColumnRole::Description, 8),
    ("information", ColumnRole::Description, 5),
    ("comments", ColumnRole::Description, 5),
    ("presenting complaint", ColumnRole::Description, 6),
    ("entry", ColumnRole::Description, 5),
    // outcome
    ("outcome", ColumnRole::Outcome, 9),
    ("action taken", ColumnRole::Outcome, 9),
    ("decision", ColumnRole::Outcome, 8),
    ("action outcome", ColumnRole::Outcome, 9),
    ("outcome action", ColumnRole::Outcome, 9),
    ("action and outcome", ColumnRole::Outcome, 9),
    ("outcome and action", ColumnRole::Outcome, 9),
    ("actions", ColumnRole::Outcome, 7),
    ("action", ColumnRole::Outcome, 7),
    ("next steps", ColumnRole::Outcome, 6),
    ("next step", ColumnRole::Outcome, 6),
    ("next action", ColumnRole::Outcome, 6),
    ("next actions", ColumnRole::Outcome, 6),
    ("result", ColumnRole::Outcome, 5),
    ("disposal", ColumnRole::Outcome, 6),
    ("plan", ColumnRole::Outcome, 6),
    ("plan action", ColumnRole::Outcome, 7),
    ("action plan", ColumnRole::Outcome, 7),
    ("plan and action", ColumnRole::Outcome, 7),
    ("follow up", ColumnRole::Outcome, 5),
    ("follow-up", ColumnRole::Outcome, 5),
    // A column of what was sent on ("Referral / PPN": "PPN submitted
    // 19/02/2023 to MASH") is written as an outcome.
    ("referral ppn", ColumnRole::Outcome, 4),
    ("ppn referral", ColumnRole::Outcome, 4),
    ("referral", ColumnRole::Outcome, 4),
    ("referrals", ColumnRole::Outcome, 4),
    ("referral made", ColumnRole::Outcome, 4),
    ("ppn", ColumnRole::Outcome, 4),
    ("notifications", ColumnRole::Outcome, 4),
    ("safeguarding referral", ColumnRole::Outcome, 4),
    // source reference
    ("source", ColumnRole::SourceRef, 9),
    ("source of information", ColumnRole::SourceRef, 9),
    ("reference", ColumnRole::SourceRef, 9),
    ("ref", ColumnRole::SourceRef, 8),
    ("ref no", ColumnRole::SourceRef, 8),
    ("occurrence ref", ColumnRole::SourceRef, 8),
    ("occurrence reference", ColumnRole::SourceRef, 8),
    ("occurrence number", ColumnRole::SourceRef, 8),
    ("crime ref", ColumnRole::SourceRef, 8),
    ("crime reference", ColumnRole::SourceRef, 8),
    ("incident ref", ColumnRole::SourceRef, 8),
    ("incident number", ColumnRole::SourceRef, 7),
    ("case ref", ColumnRole::SourceRef, 7),
    ("record ref", ColumnRole::SourceRef, 7),
    ("source document", ColumnRole::SourceRef, 8),
    // author
    ("practitioner", ColumnRole::Author, 9),
    ("author", ColumnRole::Author, 9),
    ("worker", ColumnRole::Author, 9),
    ("role", ColumnRole::Author, 7),
    ("practitioner role", ColumnRole::Author, 9),
    ("author role", ColumnRole::Author, 9),
    ("officer", ColumnRole::Author, 8),
    ("clinician", ColumnRole::Author, 8),
    ("staff", ColumnRole::Author, 7),
    ("staff member", ColumnRole::Author, 8),
    ("recorded by", ColumnRole::Author, 8),
    ("entered by", ColumnRole::Author, 7),
    ("professional", ColumnRole::Author, 7),
    ("seen by", ColumnRole::Author, 6),
    // The team or service within the agency that wrote the row ("Crisis
    // Resolution & Home Treatment Team"): a name, kept with the row as
    // written, never read as what happened.
    ("team", ColumnRole::Ignore, 5),
    ("team name", ColumnRole::Ignore, 5),
    ("service", ColumnRole::Ignore, 5),
    ("unit", ColumnRole::Ignore, 5),
    // subject
    ("child", ColumnRole::Subject, 9),
    ("subject", ColumnRole::Subject, 9),
    ("subjects", ColumnRole::Subject, 9),
    ("name", ColumnRole::Subject, 8),
    ("child name", ColumnRole::Subject, 9),
    ("childs name", ColumnRole::Subject, 9),
    ("name of child", ColumnRole::Subject, 9),
    ("subject name", ColumnRole::Subject, 9),
    ("patient", ColumnRole::Subject, 7),
    ("patient name", ColumnRole::Subject, 8),
    ("person", ColumnRole::Subject, 6),
    ("persons involved", ColumnRole::Subject, 6),
    ("persons", ColumnRole::Subject, 6),
    ("people", ColumnRole::Subject, 6),
    ("people involved", ColumnRole::Subject, 6),
    ("nominals", ColumnRole::Subject, 6),
    ("individuals", ColumnRole::Subject, 6),
    ("family members", ColumnRole::Subject, 6),
    ("pupil", ColumnRole::Subject, 7),
    ("pupil name", ColumnRole::Subject, 8),
    ("student", ColumnRole::Subject, 7),
    ("student name", ColumnRole::Subject, 8),
    ("learner", ColumnRole::Subject, 7),
    ("learner name", ColumnRole::Subject, 8),
    ("young person", ColumnRole::Subject, 8),
    ("young persons name", ColumnRole::Subject, 8),
    ("client", ColumnRole::Subject, 6),
    ("client name", ColumnRole::Subject, 7),
    ("service user", ColumnRole::Subject, 6),
    // date of birth (never the event date)
    ("date of birth", ColumnRole::SubjectDob, 9),
    ("dob", ColumnRole::SubjectDob, 9),
    ("d o b", ColumnRole::SubjectDob, 9),
    ("birth date", ColumnRole::SubjectDob, 9),
    ("childs dob", ColumnRole::SubjectDob, 9),
    ("child dob", ColumnRole::SubjectDob, 9),
    // event type
    ("type", ColumnRole::EventType, 9),
    ("category", ColumnRole::EventType, 9),
    ("contact type", ColumnRole::EventType, 9),
    ("type of contact", ColumnRole::EventType, 9),
    ("event type", ColumnRole::EventType, 9),
    ("consultation type", ColumnRole::EventType, 8),
    ("occurrence type", ColumnRole::EventType, 8),
    ("incident type", ColumnRole::EventType, 8),
    ("contact method", ColumnRole::EventType, 6),
    ("contact", ColumnRole::EventType, 5),
    // shared with
    ("shared with", ColumnRole::SharedWith, 9),
    ("communicated to", ColumnRole::SharedWith, 9),
    ("information communicated to", ColumnRole::SharedWith, 9),
    ("information shared with", ColumnRole::SharedWith, 9),
    ("info shared with", ColumnRole::SharedWith, 9),
    ("referred to", ColumnRole::SharedWith, 9),
    ("notified", ColumnRole::SharedWith, 9),
    ("copied to", ColumnRole::SharedWith, 7),
    ("sent to", ColumnRole::SharedWith, 7),
    ("shared", ColumnRole::SharedWith, 6),
    ("informed", ColumnRole::SharedWith, 8),
    ("agencies informed", ColumnRole::SharedWith, 9),
    ("who was informed", ColumnRole::SharedWith, 9),
    ("agencies notified", ColumnRole::SharedWith, 9),
    ("agency notified", ColumnRole::SharedWith, 9),
    ("alerted", ColumnRole::SharedWith, 8),
    ("passed to", ColumnRole::SharedWith, 9),
    ("passed on to", ColumnRole::SharedWith, 9),
    ("information passed to", ColumnRole::SharedWith, 9),
    ("info passed to", ColumnRole::SharedWith, 9),
    ("referred on to", ColumnRole::SharedWith, 9),
    ("referral made to", ColumnRole::SharedWith, 9),
    ("disclosed to", ColumnRole::SharedWith, 8),
    // agency (composite chronologies)
    ("agency", ColumnRole::Agency, 9),
    ("agency name", ColumnRole::Agency, 9),
    ("organisation", ColumnRole::Agency, 8),
    ("organization", ColumnRole::Agency, 8),
    ("source agency", ColumnRole::Agency, 9),
];

pub use crate::text::{fold, strip_accent};

/// The role a header suggests on its own, with the synonym's strength.
///
/// A header written in two languages or two ways ("Dyddiad / Date",
/// "Manylion | Details", "Date (dd/mm/yyyy)") takes the role of the first
/// part a synonym knows, when the whole is none.
pub fn guess_role(header: &str) -> Option<(ColumnRole, u8)> {
    let known = |h: &str| {
        let f = fold(h);
        SYNONYMS
            .iter()
            .find(|(s, _, _)| *s == f)
            .map(|(_, r, w)| (r.clone(), *w))
    };
    if let Some(role) = known(header) {
        return Some(role);
    }
    let plain = header.split(['(', '[']).next().unwrap_or(header);
    if plain.len() < header.len() {
        if let Some(role) = known(plain) {
            return Some(role);
        }
    }
    plain
        .split(['/', '|'])
        .filter(|part| !part.trim().is_empty())
        .find_map(known)
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
    pub columns: BTreeMap<String, ColumnRole>,
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
                let names: Vec<&str> = ColumnRole::ALL.iter().map(|(_, n)| *n).collect();
                names.join(", ")
            }
        )
    }

    /// The role the profile gives `header`, matching headers after folding.
    pub(crate) fn role_for(&self, header: &str) -> Option<ColumnRole> {
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
    pub roles: Vec<ColumnRole>,
    /// The columns whose role was read from what they hold, not from their
    /// header (a header no synonym knows).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub by_content: Vec<usize>,
}

impl Mapping {
    /// Maps `headers`: the profile's roles first, then synonyms, then extra.
    /// Where two columns claim a single-column role, the stronger claim keeps
    /// it and the other column becomes an extra field.
    pub fn new(headers: &[String], profile: Option<&Profile>) -> Mapping {
        let mut claims: Vec<Option<(ColumnRole, u8)>> = headers
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
                .map(|c| c.map(|(r, _)| r).unwrap_or(ColumnRole::Extra))
                .collect(),
            by_content: Vec::new(),
        }
    }

    /// The column holding `role`, if any.
    pub fn column(&self, role: &ColumnRole) -> Option<usize> {
        self.roles.iter().position(|r| r == role)
    }

    /// How many columns were recognised (anything but extra).
    pub fn recognised(&self) -> usize {
        self.roles
            .iter()
            .filter(|r| !matches!(r, ColumnRole::Extra | ColumnRole::Ignore))
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
mod tests;
