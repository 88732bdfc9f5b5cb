//! The flags screen: every flag, and the reviewer's decisions on them.

use super::*;

#[tauri::command]
pub async fn flags(app: State<'_, Arc<App>>) -> Res<Vec<dto::FlagView>> {
    blocking(&app, |app| {
        let findings = with_session(app, |s| s.session.findings().map_err(text))?;
        let a = app.analysed()?;
        Ok(a.flags
            .iter()
            .map(|f| dto::FlagView::new(f, &a.analysis).with_findings(f, &findings))
            .collect())
    })
    .await
}

/// Records a decision on a flag through the session, with the app's
/// finished analysis (the flags are raised again from it; the analysis is
/// not run again), and shows the flag as it now stands.
pub(super) fn decide(
    app: &Arc<App>,
    handle: &AppHandle,
    id: &str,
    decision: &FlagDecision,
) -> Res<dto::FlagView> {
    let (flag, findings) = with_session(app, |s| {
        app.hold_analysis(s)?;
        let flag = s.session.decide_flag(id, decision).map_err(text)?;
        app.take_from(s);
        Ok((flag, s.session.findings().map_err(text)?))
    })?;
    let _ = handle.emit("review-changed", serde_json::json!({ "what": "flags" }));
    let a = app.analysed()?;
    Ok(dto::FlagView::new(&flag, &a.analysis).with_findings(&flag, &findings))
}

#[tauri::command]
pub async fn flag_decide(
    app: State<'_, Arc<App>>,
    handle: AppHandle,
    id: String,
    status: String,
    reason: Option<String>,
) -> Res<dto::FlagView> {
    blocking(&app, move |app| {
        let reason = reason.filter(|r| !r.trim().is_empty());
        let decision = match status.as_str() {
            "accepted" => FlagDecision::Accept(reason),
            "dismissed" => match reason {
                Some(r) => FlagDecision::Dismiss(r),
                None => return Err("say why the flag is dismissed".into()),
            },
            "open" => FlagDecision::Reopen,
            other => return Err(format!("\"{other}\" is not a flag status")),
        };
        decide(app, &handle, &id, &decision)
    })
    .await
}

#[tauri::command]
pub async fn flag_annotate(
    app: State<'_, Arc<App>>,
    handle: AppHandle,
    id: String,
    text: String,
) -> Res<dto::FlagView> {
    blocking(&app, move |app| {
        if text.trim().is_empty() {
            return Err("a note cannot be empty".into());
        }
        decide(
            app,
            &handle,
            &id,
            &FlagDecision::Annotate(text.trim().to_string()),
        )
    })
    .await
}
