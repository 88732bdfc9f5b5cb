//! The record panel's reading: what the analysis read in a record, fact by
//! fact, and the reviewer's corrections to it. A correction changes what the
//! analysis works from, so each one starts the background analysis again;
//! the flags, the knowledge matrix and the panel follow when it finishes.

use sightline::store::{Change, Correction, Fact};

use super::*;

/// What was read in record `id`, with the choices the "Add a fact" form
/// offers. Waits for the analysis when it is running.
#[tauri::command]
pub async fn record_reading(app: State<'_, Arc<App>>, id: i64) -> Res<dto::Reading> {
    blocking(&app, move |app| {
        let a = app.analysed()?;
        dto::Reading::new(&a.analysis, id).ok_or_else(|| format!("there is no record {id}"))
    })
    .await
}

/// Adds or removes a fact of a record, checked against the app's analysis
/// (the session holds it, so it is not run again for the check), then
/// analyses the review again in the background.
#[tauri::command]
pub async fn fact_correct(
    app: State<'_, Arc<App>>,
    handle: AppHandle,
    record: i64,
    change: Change,
    fact: Fact,
    reason: Option<String>,
) -> Res<Correction> {
    blocking(&app, move |app| {
        let reason = reason.unwrap_or_default();
        let made = with_session(app, |s| {
            app.hold_analysis(s)?;
            s.session
                .correct(record, change, &fact, reason.trim())
                .map_err(text)
        })?;
        app.restart_analysis(&handle);
        Ok(made)
    })
    .await
}

/// Withdraws a correction (the record is read as the machine read it), then
/// analyses the review again in the background.
#[tauri::command]
pub async fn fact_undo(app: State<'_, Arc<App>>, handle: AppHandle, id: i64) -> Res<Correction> {
    blocking(&app, move |app| {
        let old = with_session(app, |s| s.session.withdraw_correction(id).map_err(text))?;
        app.restart_analysis(&handle);
        Ok(old)
    })
    .await
}
