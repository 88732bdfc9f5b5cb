//! Loading a taxonomy (the bundled default, a review's stored copy, TOML
//! text) and checking it entry by entry before the extractor uses it.

use std::collections::HashSet;
use std::str::FromStr;

use super::{
    ChildSeenDef, ContactKind, ContactSettings, DecisionSettings, IndicatorDef, MeetingSettings,
    NegationDef, PeopleDef, SharingSettings, Taxonomy, DEFAULT_TAXONOMY_TOML, TAXONOMY_VERSION,
};
use crate::extract::matcher;
use crate::extract::Extractor;
use crate::model::AgencyKind;

impl Taxonomy {
    /// The taxonomy shipped with the library.
    ///
    /// The bundled file is checked by the test suite, so this cannot fail in a
    /// released build; should it ever, the error is reported and an empty
    /// taxonomy (which finds nothing) is returned rather than panicking.
    pub fn default_taxonomy() -> Taxonomy {
        match Taxonomy::from_toml(DEFAULT_TAXONOMY_TOML) {
            Ok(t) => t,
            Err(e) => {
                tracing::error!("the bundled extraction taxonomy is invalid: {e}");
                Taxonomy::empty()
            }
        }
    }

    /// The taxonomy file in force in a review: its own copy, or the bundled
    /// one.
    pub fn text_of_review(review: &crate::Review) -> crate::Result<String> {
        Ok(review
            .setting(crate::store::Setting::Taxonomy)?
            .unwrap_or_else(|| DEFAULT_TAXONOMY_TOML.to_string()))
    }

    /// The taxonomy in force in a review.
    pub fn of_review(review: &crate::Review) -> crate::Result<Taxonomy> {
        Taxonomy::from_toml(&Taxonomy::text_of_review(review)?)
            .map_err(|e| crate::Error::Invalid(format!("taxonomy: {e}")))
    }

    /// Stores an edited taxonomy in the review, after checking that it
    /// parses and compiles.
    pub fn store_in(review: &mut crate::Review, text: &str) -> crate::Result<()> {
        Taxonomy::from_toml(text)
            .and_then(|t| t.compile().map(|_| ()))
            .map_err(|e| crate::Error::Invalid(format!("taxonomy: {e}")))?;
        review.set_setting(crate::store::Setting::Taxonomy, text)
    }

    /// A taxonomy with no entries: it finds nothing.
    pub fn empty() -> Taxonomy {
        Taxonomy {
            version: TAXONOMY_VERSION,
            negation: NegationDef {
                window: 4,
                ..NegationDef::default()
            },
            indicators: Vec::new(),
            agencies: Vec::new(),
            people: PeopleDef::default(),
            sharing: Vec::new(),
            sharing_settings: SharingSettings::default(),
            event_types: Vec::new(),
            meetings: Vec::new(),
            meeting_settings: MeetingSettings::default(),
            decisions: Vec::new(),
            decision_settings: DecisionSettings::default(),
            child_seen: ChildSeenDef::default(),
            contacts: Vec::new(),
            contact_settings: ContactSettings::default(),
        }
    }

    /// Parses and checks a taxonomy file. The error names the entry at fault:
    /// `indicator "injury": pattern "(bruis" is not a valid regular
    /// expression: ...`.
    pub fn from_toml(text: &str) -> Result<Taxonomy, String> {
        let t: Taxonomy =
            toml::from_str(text).map_err(|e| format!("taxonomy file: {}", e.to_string().trim()))?;
        t.validate()?;
        Ok(t)
    }

    /// Writes the taxonomy as TOML that [`Taxonomy::from_toml`] reads back
    /// unchanged (comments are not kept).
    pub fn to_toml(&self) -> String {
        match toml::to_string_pretty(self) {
            Ok(s) => s,
            Err(e) => {
                // Every field is a plain string, number, list or table, so the
                // serialiser has nothing to refuse; keep a trace if it ever does.
                tracing::error!("could not write the taxonomy as TOML: {e}");
                String::new()
            }
        }
    }

    /// Compiles the taxonomy into an [`Extractor`]: every regular expression is
    /// built once here, never per record.
    pub fn compile(&self) -> Result<Extractor, String> {
        self.validate()?;
        Extractor::new(self)
    }

    /// Looks up an indicator by id.
    pub fn indicator(&self, id: &str) -> Option<&IndicatorDef> {
        self.indicators.iter().find(|i| i.id == id)
    }

    /// Checks everything a parser cannot: ids, kinds, empty entries and every
    /// regular expression.
    pub fn validate(&self) -> Result<(), String> {
        if self.version != TAXONOMY_VERSION {
            return Err(format!(
                "taxonomy file: version {} is not supported; this Sightline reads version {}",
                self.version, TAXONOMY_VERSION
            ));
        }
        if self.negation.window > 50 || self.negation.post_window > 50 {
            return Err("negation: window and post_window must be at most 50 words".into());
        }
        let mut ids = HashSet::new();
        for (n, ind) in self.indicators.iter().enumerate() {
            let what = if ind.id.is_empty() {
                format!("indicator number {}", n + 1)
            } else {
                format!("indicator \"{}\"", ind.id)
            };
            if !is_kebab(&ind.id) {
                return Err(format!(
                    "{what}: the id must be kebab-case, like \"suspected-nai\" (lower-case letters, digits and single hyphens)"
                ));
            }
            if !ids.insert(ind.id.as_str()) {
                return Err(format!("{what}: the id is used twice"));
            }
            if ind.label.trim().is_empty() {
                return Err(format!("{what}: the label is empty"));
            }
            if ind.terms.is_empty() && ind.exact.is_empty() && ind.patterns.is_empty() {
                return Err(format!(
                    "{what}: give at least one term, exact term or pattern"
                ));
            }
            check_entry(&what, &ind.terms, &ind.exact, &ind.patterns)?;
            check_patterns(&what, "exclude pattern", &ind.exclude)?;
            check_terms(&what, "ignore_cues", &ind.ignore_cues)?;
        }
        for (n, a) in self.agencies.iter().enumerate() {
            let what = format!("agency entry {} ({})", n + 1, a.kinds.join(", "));
            if a.kinds.is_empty() {
                return Err(format!("{what}: give at least one kind"));
            }
            for k in &a.kinds {
                AgencyKind::from_str(k).map_err(|e| format!("{what}: {e}"))?;
            }
            check_entry(&what, &a.terms, &a.exact, &a.patterns)?;
        }
        for (n, s) in self.sharing.iter().enumerate() {
            let what = format!(
                "sharing entry {} ({}, {:?})",
                n + 1,
                s.method.as_str(),
                s.direction
            )
            .to_lowercase();
            if let Some(k) = &s.implied {
                AgencyKind::from_str(k).map_err(|e| format!("{what}: implied: {e}"))?;
            }
            check_entry(&what, &s.terms, &[], &s.patterns)?;
        }
        for (method, words) in &self.sharing_settings.method_words {
            let ok = [
                "referral",
                "notification",
                "letter",
                "fax",
                "phone",
                "email",
                "meeting",
                "information_request",
                "conversation",
            ];
            if !ok.contains(&method.as_str()) {
                return Err(format!(
                    "sharing_settings.method_words: \"{method}\" is not a method; use one of: {}",
                    ok.join(", ")
                ));
            }
            check_terms("sharing_settings.method_words", method, words)?;
        }
        for (n, e) in self.event_types.iter().enumerate() {
            check_terms(&format!("event_type entry {}", n + 1), "terms", &e.terms)?;
        }
        for m in &self.meetings {
            check_entry(
                &format!("meeting \"{}\"", m.kind.as_str()),
                &m.terms,
                &m.exact,
                &m.patterns,
            )?;
        }
        for d in &self.decisions {
            check_entry(
                &format!("decision \"{}\"", d.kind.as_str()),
                &d.terms,
                &d.exact,
                &d.patterns,
            )?;
        }
        for c in &self.contacts {
            if c.kind == ContactKind::Closure {
                return Err(
                    "contact \"closure\": closures come from the decisions; list only home_visit and assessment contacts".into(),
                );
            }
            check_entry(
                &format!("contact \"{}\"", c.kind.as_str()),
                &c.terms,
                &c.exact,
                &c.patterns,
            )?;
        }
        let cs = &self.child_seen;
        check_patterns("child_seen", "alone pattern", &cs.alone_patterns)?;
        check_patterns("child_seen", "seen pattern", &cs.seen_patterns)?;
        check_patterns("child_seen", "not_seen pattern", &cs.not_seen_patterns)?;
        for (name, list) in [
            ("negation", &self.negation.cues),
            ("negation", &self.negation.exact_cues),
            ("negation", &self.negation.pseudo),
            ("negation", &self.negation.post_cues),
            ("sharing_settings", &self.sharing_settings.sender_tails),
            ("meeting_settings", &self.meeting_settings.not_held),
            ("meeting_settings", &self.meeting_settings.held),
            ("meeting_settings", &self.meeting_settings.present_labels),
            ("meeting_settings", &self.meeting_settings.absent_labels),
            ("meeting_settings", &self.meeting_settings.present_after),
            ("meeting_settings", &self.meeting_settings.absent_after),
            ("meeting_settings", &self.meeting_settings.present_before),
            ("meeting_settings", &self.meeting_settings.absent_before),
            ("decision_settings", &self.decision_settings.prospective),
            ("decision_settings", &self.decision_settings.remains_open),
            ("decision_settings", &self.decision_settings.not_decisions),
            ("child_seen", &self.child_seen.alone),
            ("child_seen", &self.child_seen.seen),
            ("child_seen", &self.child_seen.not_seen),
            ("child_seen", &self.child_seen.not_alone),
            ("contact_settings", &self.contact_settings.not_done),
        ] {
            check_terms(name, "term", list)?;
        }
        Ok(())
    }
}

impl Default for Taxonomy {
    fn default() -> Self {
        Taxonomy::default_taxonomy()
    }
}

impl FromStr for Taxonomy {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Taxonomy::from_toml(s)
    }
}

fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn check_terms(what: &str, field: &str, terms: &[String]) -> Result<(), String> {
    for t in terms {
        if t.trim().is_empty() {
            return Err(format!("{what}: {field}: an entry is empty"));
        }
        if t.chars().count() > 200 {
            return Err(format!(
                "{what}: {field}: \"{}…\" is longer than 200 characters",
                t.chars().take(40).collect::<String>()
            ));
        }
    }
    Ok(())
}

fn check_patterns(what: &str, field: &str, patterns: &[String]) -> Result<(), String> {
    for p in patterns {
        if p.trim().is_empty() {
            return Err(format!("{what}: {field}: an entry is empty"));
        }
        matcher::check_pattern(p).map_err(|e| {
            format!("{what}: {field} \"{p}\" is not a valid regular expression: {e}")
        })?;
    }
    Ok(())
}

fn check_entry(
    what: &str,
    terms: &[String],
    exact: &[String],
    patterns: &[String],
) -> Result<(), String> {
    check_terms(what, "term", terms)?;
    check_terms(what, "exact term", exact)?;
    check_patterns(what, "pattern", patterns)
}
