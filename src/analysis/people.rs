//! Stage "people": the people in the records, resolved across agencies'
//! spellings, and which of them each record is about.

use foldhash::HashMap;

use crate::model::{AgencyKind, Record};
use crate::subjects::{self, Resolution, Role, SubjectInput};

use super::AnalysisOptions;

/// The people in the records, resolved across agencies' spellings.
pub(super) fn resolve_subjects(records: &[Record], opts: &AnalysisOptions) -> subjects::Resolution {
    // The declared family first: their names, roles and labels.
    let (declared, decisions) = subjects::seed(&opts.people, &opts.subject_decisions);
    let mut inputs: Vec<SubjectInput> = declared;
    inputs.extend(records.iter().map(|r| SubjectInput {
        record: r.id,
        agency: r.agency_id,
        names: r.subjects.clone(),
        dob: r.subject_dob.clone(),
        text: match &r.outcome {
            Some(o) => format!("{}\n{}", r.text, o).into(),
            None => r.text.as_str().into(),
        },
    }));
    subjects::resolve(&inputs, &decisions)
}

/// The subjects each record is about, by position, and whether the record
/// names them (or is plainly about them) rather than naming nobody. A
/// record naming no child is about the review's children when it names
/// nobody at all, or when it comes from an agency whose records are about
/// children (a health visitor's "1-year review DNA, no contact from mum" is
/// about the baby).
pub(super) fn of_records(
    records: &[Record],
    subjects: &Resolution,
    position: &HashMap<i64, usize>,
) -> (Vec<Vec<i64>>, Vec<bool>) {
    let children: Vec<i64> = subjects
        .subjects
        .iter()
        .filter(|s| matches!(s.role, Role::Child | Role::Sibling))
        .map(|s| s.id as i64)
        .collect();
    let mut record_subjects: Vec<Vec<i64>> = vec![Vec::new(); records.len()];
    for (record, subject, _, _) in &subjects.links {
        if let Some(&p) = position.get(record) {
            record_subjects[p].push(*subject as i64);
        }
    }
    let child_set: std::collections::HashSet<i64> = children.iter().copied().collect();
    let mut names_subjects = vec![true; records.len()];
    for ((s, r), named) in record_subjects
        .iter_mut()
        .zip(records.iter())
        .zip(names_subjects.iter_mut())
    {
        s.sort_unstable();
        s.dedup();
        let child_focused = matches!(
            r.agency_kind,
            AgencyKind::HealthVisiting | AgencyKind::School | AgencyKind::ChildrensSocialCare
        );
        *named = !s.is_empty() || child_focused;
        if s.is_empty() || (child_focused && !s.iter().any(|x| child_set.contains(x))) {
            s.extend(&children);
            s.sort_unstable();
            s.dedup();
        }
    }
    (record_subjects, names_subjects)
}
