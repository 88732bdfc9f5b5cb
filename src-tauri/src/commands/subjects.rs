//! The subjects screen: the people, and the reviewer's merge, split and
//! label decisions.

use super::*;

pub(super) fn subjects_view(app: &App) -> Res<Vec<dto::Subject>> {
    let a = app.analysed()?;
    let mut counts: HashMap<i64, usize> = HashMap::new();
    for list in &a.analysis.record_subjects {
        for s in list {
            *counts.entry(*s).or_default() += 1;
        }
    }
    Ok(a.analysis
        .subjects
        .subjects
        .iter()
        .map(|s| dto::Subject {
            id: s.id as i64,
            label: s.label.clone(),
            role: serde_json::to_value(s.role).unwrap_or_default(),
            names: s.names.iter().map(|n| n.text.clone()).collect(),
            records: counts.get(&(s.id as i64)).copied().unwrap_or(0),
            dob: s.dob.clone(),
        })
        .collect())
}

#[tauri::command]
pub async fn subjects(app: State<'_, Arc<App>>) -> Res<Vec<dto::Subject>> {
    blocking(&app, |app| subjects_view(app)).await
}

#[tauri::command]
pub async fn indicators(app: State<'_, Arc<App>>) -> Res<Vec<dto::IndicatorInfo>> {
    blocking(&app, |app| {
        let a = app.analysed()?;
        Ok(a.analysis
            .indicators
            .iter()
            .map(|i| dto::IndicatorInfo {
                id: i.id.clone(),
                label: i.label.clone(),
            })
            .collect())
    })
    .await
}

/// The name the resolver knows a subject by.
pub(super) fn subject_name(app: &App, id: i64) -> Res<String> {
    let a = app.analysed()?;
    a.analysis
        .subjects
        .subjects
        .iter()
        .find(|s| s.id as i64 == id)
        .and_then(|s| s.names.first())
        .map(|n| n.text.clone())
        .ok_or_else(|| format!("no subject {id}"))
}

pub(super) fn decide_subject(
    app: &Arc<App>,
    handle: &AppHandle,
    decision: SubjectDecision,
) -> Res<Vec<dto::Subject>> {
    with_session(app, |s| s.session.decide_subject(&decision).map_err(text))?;
    app.restart_analysis(handle);
    let _ = handle.emit("review-changed", serde_json::json!({ "what": "subjects" }));
    subjects_view(app)
}

#[tauri::command]
pub async fn subject_merge(
    app: State<'_, Arc<App>>,
    handle: AppHandle,
    keep: i64,
    other: i64,
) -> Res<Vec<dto::Subject>> {
    blocking(&app, move |app| {
        let d = SubjectDecision::Merge(subject_name(app, keep)?, subject_name(app, other)?);
        decide_subject(app, &handle, d)
    })
    .await
}

#[tauri::command]
pub async fn subject_split(
    app: State<'_, Arc<App>>,
    handle: AppHandle,
    id: i64,
    name: String,
) -> Res<Vec<dto::Subject>> {
    blocking(&app, move |app| {
        let main = subject_name(app, id)?;
        if main == name {
            let a = app.analysed()?;
            let other = a
                .analysis
                .subjects
                .subjects
                .iter()
                .find(|s| s.id as i64 == id)
                .and_then(|s| s.names.iter().find(|n| n.text != name))
                .map(|n| n.text.clone())
                .ok_or("a subject known by one name cannot be split")?;
            return decide_subject(app, &handle, SubjectDecision::Split(name, other));
        }
        decide_subject(app, &handle, SubjectDecision::Split(name, main))
    })
    .await
}

#[tauri::command]
pub async fn subject_label(
    app: State<'_, Arc<App>>,
    handle: AppHandle,
    id: i64,
    label: String,
) -> Res<Vec<dto::Subject>> {
    blocking(&app, move |app| {
        let label = label.trim().to_string();
        if label.is_empty() {
            return Err("a label cannot be empty".into());
        }
        let d = SubjectDecision::Label(subject_name(app, id)?, label, None);
        decide_subject(app, &handle, d)
    })
    .await
}

/// Declares a person of the family (the review setup's and the subjects
/// screen's "Add person"): resolution starts from them.
#[tauri::command]
pub async fn person_add(
    app: State<'_, Arc<App>>,
    handle: AppHandle,
    name: String,
    role: String,
    aliases: Vec<String>,
    dob: Option<String>,
) -> Res<Vec<dto::Subject>> {
    blocking(&app, move |app| {
        let person = sightline::subjects::Person {
            name: name.trim().to_string(),
            role: role.trim().to_string(),
            aliases: aliases
                .iter()
                .map(|a| a.trim().to_string())
                .filter(|a| !a.is_empty())
                .collect(),
            dob: dob.map(|d| d.trim().to_string()).filter(|d| !d.is_empty()),
        };
        with_session(app, |s| s.session.declare_person(&person).map_err(text))?;
        app.restart_analysis(&handle);
        let _ = handle.emit("review-changed", serde_json::json!({ "what": "subjects" }));
        subjects_view(app)
    })
    .await
}
