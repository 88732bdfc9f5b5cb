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

/// Every rule as it stands in the open review: on or off, each threshold in
/// force beside its default with where its figure comes from, and how it
/// sets severity.
#[tauri::command]
pub async fn rules(app: State<'_, Arc<App>>) -> Res<Vec<dto::RuleView>> {
    blocking(&app, |app| {
        with_session(app, |s| {
            let rules = s.session.rules_catalogue().map_err(text)?;
            Ok(rules.iter().map(dto::RuleView::from).collect())
        })
    })
    .await
}

/// Switches a rule on or off, or sets one of its thresholds, for this
/// review; then analyses the review again in the background. Returns the
/// rules as they now stand.
#[tauri::command]
pub async fn rule_change(
    app: State<'_, Arc<App>>,
    handle: AppHandle,
    rule: String,
    enabled: Option<bool>,
    setting: Option<String>,
    value: Option<String>,
) -> Res<Vec<dto::RuleView>> {
    blocking(&app, move |app| {
        let change = match (enabled, setting, value) {
            (Some(on), None, None) => RuleChange::Enabled(on),
            (None, Some(setting), Some(value)) => RuleChange::Threshold(setting, value),
            _ => return Err("say whether the rule is on, or which threshold to set".into()),
        };
        let rules = with_session(app, |s| {
            s.session.change_rules(&[(rule, change)]).map_err(text)?;
            s.session.rules_catalogue().map_err(text)
        })?;
        app.restart_analysis(&handle);
        let _ = handle.emit("review-changed", serde_json::json!({ "what": "rules" }));
        Ok(rules.iter().map(dto::RuleView::from).collect())
    })
    .await
}
