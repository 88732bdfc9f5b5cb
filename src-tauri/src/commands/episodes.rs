//! The panel's key practice episodes: listed with the records and flags
//! that fall in each, added (from a period dragged on the timeline or on
//! the Episodes screen), edited and removed. Episodes do not change the
//! analysis, so none of these runs it again.

use chrono::NaiveDate;
use serde::Deserialize;
use sightline::store::EpisodeDraft;

use super::*;

/// An episode as the front end sends it: any part left out is kept as it
/// was (or empty, for a new one). Dates are `YYYY-MM-DD`.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct DraftIn {
    pub title: Option<String>,
    pub starts: Option<String>,
    pub ends: Option<String>,
    pub agencies: Option<Vec<String>>,
    pub summary: Option<String>,
    pub analysis: Option<String>,
    pub learning: Option<String>,
}

fn date(what: &str, s: &Option<String>) -> Res<Option<NaiveDate>> {
    match s.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| format!("the {what} date \"{s}\" is not a date")),
    }
}

impl DraftIn {
    fn draft(&self) -> Res<EpisodeDraft> {
        Ok(EpisodeDraft {
            title: self.title.clone(),
            starts: date("first", &self.starts)?,
            ends: date("last", &self.ends)?,
            agencies: self.agencies.clone(),
            summary: self.summary.clone(),
            analysis: self.analysis.clone(),
            learning: self.learning.clone(),
        })
    }
}

/// Every episode. With `contents`, each with its records and flags (this
/// waits for the analysis) and the findings resting on it; without, only
/// the episodes themselves (the timeline's band).
pub(super) fn episodes_view(app: &App, contents: bool) -> Res<Vec<dto::EpisodeView>> {
    let (episodes, findings) = with_session(app, |s| {
        let episodes = s.session.review().episodes().map_err(text)?;
        let findings = if contents {
            s.session.findings().map_err(text)?
        } else {
            Vec::new()
        };
        Ok((episodes, findings))
    })?;
    let analysed = if contents {
        Some(app.analysed()?)
    } else {
        None
    };
    Ok(episodes
        .iter()
        .map(|e| {
            let mut v = dto::EpisodeView::new(e, analysed.as_deref());
            v.findings = findings
                .iter()
                .enumerate()
                .filter(|(_, f)| f.episodes.contains(&e.id))
                .map(|(i, f)| dto::FindingRef {
                    id: f.id,
                    number: i + 1,
                    title: f.title.clone(),
                })
                .collect();
            v
        })
        .collect())
}

#[tauri::command]
pub async fn episodes(
    app: State<'_, Arc<App>>,
    contents: Option<bool>,
) -> Res<Vec<dto::EpisodeView>> {
    blocking(&app, move |app| {
        episodes_view(app, contents.unwrap_or(true))
    })
    .await
}

fn changed(handle: &AppHandle) {
    let _ = handle.emit("review-changed", serde_json::json!({ "what": "episodes" }));
}

/// Adds an episode; returns it (without contents: the caller lists them).
#[tauri::command]
pub async fn episode_add(
    app: State<'_, Arc<App>>,
    handle: AppHandle,
    draft: DraftIn,
) -> Res<dto::EpisodeView> {
    blocking(&app, move |app| {
        let d = draft.draft()?;
        let e = with_session(app, |s| s.session.add_episode(&d).map_err(text))?;
        changed(&handle);
        Ok(dto::EpisodeView::new(&e, None))
    })
    .await
}

#[tauri::command]
pub async fn episode_edit(
    app: State<'_, Arc<App>>,
    handle: AppHandle,
    id: i64,
    draft: DraftIn,
) -> Res<dto::EpisodeView> {
    blocking(&app, move |app| {
        let d = draft.draft()?;
        let e = with_session(app, |s| s.session.edit_episode(id, &d).map_err(text))?;
        changed(&handle);
        Ok(dto::EpisodeView::new(&e, None))
    })
    .await
}

#[tauri::command]
pub async fn episode_remove(app: State<'_, Arc<App>>, handle: AppHandle, id: i64) -> Res<()> {
    blocking(&app, move |app| {
        with_session(app, |s| s.session.remove_episode(id).map_err(text))?;
        changed(&handle);
        Ok(())
    })
    .await
}
