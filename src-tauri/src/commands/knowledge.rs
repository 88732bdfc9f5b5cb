//! The knowledge screen: who knew what, when, as at a date.

use super::*;

#[tauri::command]
pub async fn knowledge(
    app: State<'_, Arc<App>>,
    as_at: Option<f64>,
    subject: Option<i64>,
) -> Res<dto::Knowledge> {
    let as_at = as_at.map(|t| seconds(t.floor()));
    blocking(&app, move |app| {
        let a = app.analysed()?;
        let an = &a.analysis;
        let label = subject.map(|s| an.subject_label(s).to_string());
        let agency_id: HashMap<&str, i64> = an
            .agencies
            .iter()
            .map(|x| (x.name.as_str(), x.id))
            .collect();
        // Earliest arrival per (indicator, agency), over the chosen subject
        // or all of them; what an agency certainly knew goes before what it
        // only possibly knew.
        let mut best: BTreeMap<(String, i64), dto::KnowledgeCell> = BTreeMap::new();
        for row in an.knowledge_rows_with_possible(as_at) {
            if label.as_deref().is_some_and(|l| l != row.subject) {
                continue;
            }
            let Some(&agency) = agency_id.get(row.agency.as_str()) else {
                continue;
            };
            let at = dto::iso_seconds(&row.first_known).unwrap_or(i64::MAX);
            let key = (row.indicator.clone(), agency);
            if best
                .get(&key)
                .is_some_and(|c| (c.possible, c.at) <= (!row.certain, at))
            {
                continue;
            }
            let shared = row.via.as_i64();
            best.insert(
                key,
                dto::KnowledgeCell {
                    indicator: row.indicator.clone(),
                    agency_id: agency,
                    first_known: dto::uk_iso(&row.first_known),
                    at,
                    via: if shared.is_some() { "shared" } else { "own" },
                    via_record: shared.or(Some(row.origin)),
                    possible: !row.certain,
                },
            );
        }
        let present: std::collections::HashSet<&str> =
            best.keys().map(|(i, _)| i.as_str()).collect();
        let indicators = an
            .indicators
            .iter()
            .filter(|i| present.contains(i.id.as_str()))
            .map(|i| dto::IndicatorInfo {
                id: i.id.clone(),
                label: i.label.clone(),
            })
            .collect();
        let range = with_session(app, |s| Ok(s.index.extent()))?;
        Ok(dto::Knowledge {
            as_at,
            range: range.map(|(lo, hi)| dto::Extent { lo, hi }),
            indicators,
            agencies: an
                .agencies
                .iter()
                .map(|x| dto::AgencyRef {
                    id: x.id,
                    name: x.name.clone(),
                })
                .collect(),
            cells: best.into_values().collect(),
        })
    })
    .await
}
