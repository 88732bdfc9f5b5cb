//! The panel's findings: listed with every episode and flag they may rest
//! on, added, edited and removed. A finding's flags are checked against
//! the app's finished analysis (handed to the session first, so it is not
//! run again); findings do not change the analysis.

use serde::Deserialize;
use sightline::store::FindingDraft;

use super::*;

/// A finding as the front end sends it: any part left out is kept as it
/// was (or empty, for a new one).
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct DraftIn {
    pub title: Option<String>,
    pub text: Option<String>,
    pub episodes: Option<Vec<i64>>,
    pub flags: Option<Vec<String>>,
}

impl DraftIn {
    fn draft(self) -> FindingDraft {
        FindingDraft {
            title: self.title,
            text: self.text,
            episodes: self.episodes,
            flags: self.flags,
        }
    }
}

/// Every finding, every episode (with the flags raised in it) and every
/// flag, numbered as the report numbers them. Waits for the analysis.
fn findings_view(app: &App) -> Res<dto::FindingsView> {
    let (findings, episodes) = with_session(app, |s| {
        let review = s.session.review();
        Ok((
            s.session.findings().map_err(text)?,
            review.episodes().map_err(text)?,
        ))
    })?;
    let a = app.analysed()?;
    let episodes = episodes
        .iter()
        .map(|e| {
            let v = dto::EpisodeView::new(e, Some(&a));
            dto::FindingEpisode {
                id: v.id,
                title: v.title,
                period: v.period,
                flags: v.flags.into_iter().map(|f| f.id).collect(),
            }
        })
        .collect();
    let flags = a
        .flags
        .iter()
        .enumerate()
        .map(|(i, f)| dto::FlagChoice::new(i + 1, f, &a.analysis))
        .collect();
    Ok(dto::FindingsView {
        findings: findings.into_iter().map(dto::FindingView::from).collect(),
        episodes,
        flags,
    })
}

#[tauri::command]
pub async fn findings(app: State<'_, Arc<App>>) -> Res<dto::FindingsView> {
    blocking(&app, |app| findings_view(app)).await
}

fn changed(handle: &AppHandle) {
    let _ = handle.emit("review-changed", serde_json::json!({ "what": "findings" }));
}

/// Runs `f` on the session holding the app's finished analysis (against
/// which the session checks the flags a finding rests on).
fn with_analysis<T>(app: &App, f: impl FnOnce(&mut Session) -> sightline::Result<T>) -> Res<T> {
    with_session(app, |s| {
        app.hold_analysis(s)?;
        f(&mut s.session).map_err(text)
    })
}

#[tauri::command]
pub async fn finding_add(
    app: State<'_, Arc<App>>,
    handle: AppHandle,
    draft: DraftIn,
) -> Res<dto::FindingView> {
    blocking(&app, move |app| {
        let d = draft.draft();
        let f = with_analysis(app, |s| s.add_finding(&d))?;
        changed(&handle);
        Ok(f.into())
    })
    .await
}

#[tauri::command]
pub async fn finding_edit(
    app: State<'_, Arc<App>>,
    handle: AppHandle,
    id: i64,
    draft: DraftIn,
) -> Res<dto::FindingView> {
    blocking(&app, move |app| {
        let d = draft.draft();
        let f = with_analysis(app, |s| s.edit_finding(id, &d))?;
        changed(&handle);
        Ok(f.into())
    })
    .await
}

#[tauri::command]
pub async fn finding_remove(app: State<'_, Arc<App>>, handle: AppHandle, id: i64) -> Res<()> {
    blocking(&app, move |app| {
        with_session(app, |s| s.session.remove_finding(id).map_err(text))?;
        changed(&handle);
        Ok(())
    })
    .await
}
