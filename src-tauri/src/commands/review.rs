//! Opening, creating and closing a review; the recent list; what the app
//! shows of the open review and where its analysis stands.

use super::*;

#[tauri::command]
pub async fn startup(app: State<'_, Arc<App>>, handle: AppHandle) -> Res<dto::Startup> {
    let launch = handle.state::<crate::Launch>().inner().clone();
    blocking(&app, move |app| {
        let recent = recent::list(&handle);
        let already = app.session().as_ref().map(info_of).transpose()?;
        if let Some(review) = already {
            return Ok(dto::Startup {
                review: Some(review),
                pending_path: None,
                needs_passphrase: false,
                recent,
                error: None,
            });
        }
        let Some(path) = launch.review else {
            return Ok(dto::Startup {
                review: None,
                pending_path: None,
                needs_passphrase: false,
                recent,
                error: None,
            });
        };
        let encrypted = Review::is_encrypted(&path).map_err(text)?;
        let pending = Some(path.display().to_string());
        let protection = match (encrypted, launch.passphrase) {
            (false, _) => Protection::None,
            (true, Some(p)) => Protection::Passphrase(p),
            (true, None) => {
                return Ok(dto::Startup {
                    review: None,
                    pending_path: pending,
                    needs_passphrase: true,
                    recent,
                    error: None,
                })
            }
        };
        match open_session(app, &handle, &path, protection, None) {
            Ok(review) => Ok(dto::Startup {
                review: Some(review),
                pending_path: None,
                needs_passphrase: false,
                recent: recent::list(&handle),
                error: None,
            }),
            Err(e) => Ok(dto::Startup {
                review: None,
                pending_path: pending,
                needs_passphrase: encrypted,
                recent,
                error: Some(e),
            }),
        }
    })
    .await
}

#[tauri::command]
pub async fn recent_reviews(handle: AppHandle) -> Res<Vec<dto::Recent>> {
    Ok(recent::list(&handle))
}

#[tauri::command]
pub async fn forget_recent(handle: AppHandle, path: String) -> Res<Vec<dto::Recent>> {
    recent::forget(&handle, Path::new(&path));
    Ok(recent::list(&handle))
}

#[tauri::command]
pub async fn is_encrypted(app: State<'_, Arc<App>>, path: String) -> Res<bool> {
    blocking(&app, move |_| {
        Review::is_encrypted(Path::new(&path)).map_err(text)
    })
    .await
}

#[tauri::command]
pub async fn open_review(
    app: State<'_, Arc<App>>,
    handle: AppHandle,
    path: String,
    passphrase: Option<String>,
    reviewer: Option<String>,
) -> Res<dto::ReviewInfo> {
    blocking(&app, move |app| {
        let path = PathBuf::from(path);
        let encrypted = Review::is_encrypted(&path).map_err(text)?;
        let p =
            if encrypted {
                Protection::Passphrase(passphrase.filter(|p| !p.is_empty()).ok_or_else(|| {
                    format!("{} is encrypted: enter its passphrase", path.display())
                })?)
            } else {
                Protection::None
            };
        open_session(app, &handle, &path, p, reviewer.as_deref())
    })
    .await
}

#[tauri::command]
pub async fn create_review(
    app: State<'_, Arc<App>>,
    handle: AppHandle,
    path: String,
    title: String,
    passphrase: Option<String>,
    reviewer: Option<String>,
) -> Res<dto::ReviewInfo> {
    blocking(&app, move |app| {
        let path = PathBuf::from(path);
        let p = protection(passphrase.filter(|p| !p.is_empty()));
        let title = if title.trim().is_empty() {
            "Child Safeguarding Practice Review".to_string()
        } else {
            title
        };
        let reviewer = reviewer.filter(|n| !n.trim().is_empty());
        drop(Session::create_by(&path, &title, p.clone(), reviewer.as_deref()).map_err(text)?);
        open_session(app, &handle, &path, p, reviewer.as_deref())
    })
    .await
}

#[tauri::command]
pub async fn close_review(app: State<'_, Arc<App>>, handle: AppHandle) -> Res<()> {
    blocking(&app, move |app| {
        *app.session() = None;
        app.restart_analysis(&handle);
        Ok(())
    })
    .await
}

#[tauri::command]
pub async fn review_info(app: State<'_, Arc<App>>) -> Res<dto::ReviewInfo> {
    blocking(&app, |app| with_session(app, |s| info_of(s))).await
}

#[tauri::command]
pub async fn analysis_status(app: State<'_, Arc<App>>) -> Res<dto::AnalysisStatus> {
    let slot = app.slot();
    let state = if slot.result.is_some() {
        "ready"
    } else if slot.error.is_some() {
        "failed"
    } else if slot.running {
        "running"
    } else {
        "idle"
    };
    Ok(dto::AnalysisStatus {
        state,
        error: slot.error.clone(),
    })
}
