//! The commands the front end invokes, one module per screen. Each one
//! translates its arguments to calls on the library's session and the
//! results to the shapes of `dto.rs`; none holds logic of its own. All run
//! off the main thread (`async` + a blocking task), so the window never
//! freezes. This module holds what they share.

pub mod episodes;
pub mod export;
pub mod findings;
pub mod flags;
pub mod import_wizard;
pub mod knowledge;
pub mod reading;
pub mod review;
pub mod subjects;
pub mod timeline;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use sightline::filter::{self, Filter};
use sightline::import::mapping::{ColumnRole, Profile};
use sightline::import::{self, ImportFile, ImportOptions};
use sightline::model::AgencyKind;
use sightline::session::{ExportOptions, FlagDecision, RuleChange, Session};
use sightline::store::Protection;
use sightline::subjects::SubjectDecision;
use sightline::timeline::window::{self, TimelineIndex, WindowQuery};
use sightline::timeline::RecordSet;
use sightline::Review;
use tauri::{AppHandle, Emitter, Manager, State};

use crate::dto::{self, Progress};
use crate::recent;
use crate::state::{App, Open};

pub(super) type Res<T> = Result<T, String>;

pub(super) fn text(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// A time from the front end (UTC seconds, any number) as whole seconds,
/// within what a date can denote.
pub(super) fn seconds(t: f64) -> i64 {
    if t.is_nan() {
        0
    } else {
        t.clamp(-1e15, 1e15) as i64
    }
}

/// Runs `f` on a blocking thread with the app's state.
pub(super) async fn blocking<T: Send + 'static>(
    app: &State<'_, Arc<App>>,
    f: impl FnOnce(&Arc<App>) -> Res<T> + Send + 'static,
) -> Res<T> {
    let app = Arc::clone(app);
    tauri::async_runtime::spawn_blocking(move || f(&app))
        .await
        .map_err(|e| format!("internal error: {e}"))?
}

/// Runs `f` with the open session.
pub(super) fn with_session<T>(app: &App, f: impl FnOnce(&mut Open) -> Res<T>) -> Res<T> {
    let mut guard = app.session();
    let s = guard.as_mut().ok_or("no review is open")?;
    f(s)
}

/// What the app shows of the open review. Counts come from the timeline
/// index, which is in memory already: counting a large review's records
/// again in SQL would delay the first paint.
pub(super) fn info_of(s: &Open) -> Res<dto::ReviewInfo> {
    let agencies = s
        .index
        .lanes()
        .into_iter()
        .enumerate()
        .map(|(i, l)| dto::Agency {
            id: l.agency_id,
            name: l.name,
            kind: l.kind.as_str().to_string(),
            records: l.records,
            colour: i % 8,
        })
        .collect();
    Ok(dto::ReviewInfo {
        path: s.session.path().display().to_string(),
        title: s.session.review().title().map_err(text)?,
        encrypted: matches!(s.session.protection(), Protection::Passphrase(_)),
        records: s.index.len(),
        sources: s.session.review().source_count().map_err(text)?,
        extent: s.index.extent().map(|(lo, hi)| dto::Extent { lo, hi }),
        agencies,
        reviewer: s.session.review().reviewer().map(str::to_string),
        last_reviewer: s.session.review().last_reviewer().map_err(text)?,
    })
}

/// Opens a review and makes it the app's session; starts its analysis and
/// its search index in the background.
pub fn open_session(
    app: &Arc<App>,
    handle: &AppHandle,
    path: &Path,
    protection: Protection,
    reviewer: Option<&str>,
) -> Res<dto::ReviewInfo> {
    let mut session = Session::open(path, protection).map_err(text)?;
    if let Some(name) = reviewer.filter(|n| !n.trim().is_empty()) {
        session.set_reviewer(name).map_err(text)?;
    }
    let index = timeline_index(session.review(), path, session.protection())?;
    let session = Open { session, index };
    let info = info_of(&session)?;
    *app.session() = Some(session);
    recent::remember(handle, path);
    app.restart_analysis(handle);
    index_search_in_background(app, handle);
    Ok(info)
}

/// The review's timeline index: as stored when the review has not changed
/// since, else built from its records and stored in the background (with a
/// connection of its own) for the next opening.
pub(super) fn timeline_index(
    review: &Review,
    path: &Path,
    protection: &Protection,
) -> Res<TimelineIndex> {
    let (index, built) = TimelineIndex::open(review).map_err(text)?;
    if let Some(stored) = built.then(|| index.snapshot()).flatten() {
        let (path, protection) = (path.to_path_buf(), protection.clone());
        std::thread::spawn(move || {
            // Only time is lost if this fails: the next opening builds it again.
            if let Ok(review) = Review::open(&path, &protection) {
                let _ = stored.save(&review);
            }
        });
    }
    Ok(index)
}

pub(super) fn index_search_in_background(app: &Arc<App>, handle: &AppHandle) {
    let target = app
        .session()
        .as_ref()
        .map(|s| (s.session.path(), s.session.protection().clone()));
    let Some((path, protection)) = target else {
        return;
    };
    let handle = handle.clone();
    std::thread::spawn(move || {
        if let Ok(mut review) = Review::open(&path, &protection) {
            let _ = review.update_search_index(&mut |done, total| {
                let _ = handle.emit(
                    "progress",
                    Progress::stage("search", "Indexing words", done as u64, total as u64),
                );
            });
        }
    });
}

pub(super) fn protection(passphrase: Option<String>) -> Protection {
    match passphrase {
        Some(p) => Protection::Passphrase(p),
        None => Protection::None,
    }
}
