//! Small readable cases for the rules' own tests: agencies and what they
//! recorded go in, the flags come out. Nothing touches the disk: each
//! agency's records become a CSV chronology in memory, imported into a
//! review held in memory, analysed and flagged with the bundled rules.

use crate::analysis::Analysis;
use crate::flags::{self, Flag, Rules};
use crate::import::{self, ImportFile, ImportOptions};
use crate::model::AgencyKind;
use crate::Review;

/// One agency's chronology: its name, kind and rows (date, child, text,
/// outcome).
struct Chronology {
    agency: String,
    kind: AgencyKind,
    rows: Vec<[String; 4]>,
}

/// A case built record by record.
#[derive(Default)]
pub(crate) struct Scenario {
    agencies: Vec<Chronology>,
    /// The agency whose record was added last.
    last: Option<String>,
}

impl Scenario {
    /// An empty case.
    pub fn new() -> Scenario {
        Scenario::default()
    }

    /// Adds an agency of a kind ("police", "childrens_social_care", …).
    pub fn agency(mut self, name: &str, kind: &str) -> Scenario {
        let kind: AgencyKind = kind
            .parse()
            .unwrap_or_else(|_| panic!("no agency kind {kind}"));
        self.agencies.push(Chronology {
            agency: name.to_string(),
            kind,
            rows: Vec::new(),
        });
        self
    }

    /// Adds a record to an agency's chronology: its date as the agency
    /// wrote it, whom it is about (the "Child" column; may be empty) and
    /// what happened.
    pub fn record(mut self, agency: &str, date: &str, child: &str, text: &str) -> Scenario {
        let c = self
            .agencies
            .iter_mut()
            .find(|c| c.agency == agency)
            .unwrap_or_else(|| panic!("add the agency {agency} first"));
        c.rows.push([
            date.to_string(),
            child.to_string(),
            text.to_string(),
            String::new(),
        ]);
        self.last = Some(agency.to_string());
        self
    }

    /// Gives the record added last an outcome ("NFA", "Referred to CSC").
    pub fn outcome(mut self, outcome: &str) -> Scenario {
        let agency = self.last.clone().expect("add a record first");
        if let Some(row) = self
            .agencies
            .iter_mut()
            .find(|c| c.agency == agency)
            .and_then(|c| c.rows.last_mut())
        {
            row[3] = outcome.to_string();
        }
        self
    }

    /// Every flag the bundled rules raise on the case.
    pub fn flags(&self) -> Vec<Flag> {
        let mut review = Review::in_memory("Scenario").expect("a review in memory");
        // An agency with nothing recorded has no chronology to import.
        for c in self.agencies.iter().filter(|c| !c.rows.is_empty()) {
            let mut csv = String::from("Date,Child,Details,Outcome\n");
            for row in &c.rows {
                let cells: Vec<String> = row
                    .iter()
                    .map(|cell| format!("\"{}\"", cell.replace('"', "\"\"")))
                    .collect();
                csv.push_str(&cells.join(","));
                csv.push('\n');
            }
            let file = ImportFile {
                name: format!("{}.csv", c.agency),
                bytes: csv.into_bytes(),
            };
            let opts = ImportOptions {
                agency: Some(c.agency.clone()),
                kind: Some(c.kind),
                ..ImportOptions::default()
            };
            import::import_files(&mut review, &[file], &opts, &mut |_| {})
                .unwrap_or_else(|e| panic!("{}: {e}", c.agency));
        }
        let analysis = Analysis::for_review(&review).expect("analysis");
        flags::each_rule(&analysis, &Rules::default_rules(), None)
    }

    /// The flags one rule raises on the case.
    pub fn flags_of(&self, rule: &str) -> Vec<Flag> {
        self.flags()
            .into_iter()
            .filter(|f| f.rule == rule)
            .collect()
    }
}
