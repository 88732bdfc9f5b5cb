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
        let cells: Vec<dto::KnowledgeCell> = an
            .knowledge_matrix(as_at, subject)
            .into_iter()
            .map(|c| dto::KnowledgeCell {
                first_known: dto::uk_iso(&c.first_known),
                via: if c.shared.is_some() { "shared" } else { "own" },
                via_record: c.shared.or(Some(c.origin)),
                possible: !c.certain,
                indicator: c.indicator,
                agency_id: c.agency_id,
                at: c.at,
            })
            .collect();
        let present: std::collections::HashSet<&str> =
            cells.iter().map(|c| c.indicator.as_str()).collect();
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
            cells,
        })
    })
    .await
}
