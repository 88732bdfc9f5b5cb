//! The commands the front end invokes. Each one translates its arguments to
//! library calls and the results to the shapes of `dto.rs`; none holds logic
//! of its own. All run off the main thread (`async` + a blocking task), so
//! the window never freezes.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use sightline::filter::{self, Filter};
use sightline::import::mapping::{ColumnRole, Profile};
use sightline::import::{self, ImportFile, ImportOptions};
use sightline::model::AgencyKind;
use sightline::session::{ExportOptions, FlagDecision, Session};
use sightline::store::Protection;
use sightline::subjects::SubjectDecision;
use sightline::timeline::window::{self, TimelineIndex, WindowQuery};
use sightline::timeline::RecordSet;
use sightline::Review;
use tauri::{AppHandle, Emitter, Manager, State};

use crate::dto::{self, Progress};
use crate::recent;
use crate::state::{App, Open};

type Res<T> = Result<T, String>;

fn text(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// A time from the front end (UTC seconds, any number) as whole seconds,
/// within what a date can denote.
fn seconds(t: f64) -> i64 {
    if t.is_nan() {
        0
    } else {
        t.clamp(-1e15, 1e15) as i64
    }
}

/// Runs `f` on a blocking thread with the app's state.
async fn blocking<T: Send + 'static>(
    app: &State<'_, Arc<App>>,
    f: impl FnOnce(&Arc<App>) -> Res<T> + Send + 'static,
) -> Res<T> {
    let app = Arc::clone(app);
    tauri::async_runtime::spawn_blocking(move || f(&app))
        .await
        .map_err(|e| format!("internal error: {e}"))?
}

/// Runs `f` with the open session.
fn with_session<T>(app: &App, f: impl FnOnce(&mut Open) -> Res<T>) -> Res<T> {
    let mut guard = app.session();
    let s = guard.as_mut().ok_or("no review is open")?;
    f(s)
}

/// What the app shows of the open review. Counts come from the timeline
/// index, which is in memory already: counting a large review's records
/// again in SQL would delay the first paint.
fn info_of(s: &Open) -> Res<dto::ReviewInfo> {
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
    })
}

/// Opens a review and makes it the app's session; starts its analysis and
/// its search index in the background.
pub fn open_session(
    app: &Arc<App>,
    handle: &AppHandle,
    path: &Path,
    protection: Protection,
) -> Res<dto::ReviewInfo> {
    let session = Session::open(path, protection).map_err(text)?;
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
fn timeline_index(review: &Review, path: &Path, protection: &Protection) -> Res<TimelineIndex> {
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

fn index_search_in_background(app: &Arc<App>, handle: &AppHandle) {
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

fn protection(passphrase: Option<String>) -> Protection {
    match passphrase {
        Some(p) => Protection::Passphrase(p),
        None => Protection::None,
    }
}

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
        match open_session(app, &handle, &path, protection) {
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
        open_session(app, &handle, &path, p)
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
) -> Res<dto::ReviewInfo> {
    blocking(&app, move |app| {
        let path = PathBuf::from(path);
        let p = protection(passphrase.filter(|p| !p.is_empty()));
        let title = if title.trim().is_empty() {
            "Child Safeguarding Practice Review".to_string()
        } else {
            title
        };
        drop(Review::create(&path, &title, &p).map_err(text)?);
        open_session(app, &handle, &path, p)
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

/// The records a filter lets through, and the records flags stand at.
fn evaluate(app: &App, s: &mut Open, f: &Filter) -> Res<(Option<RecordSet>, Option<RecordSet>)> {
    let analysed = if f.needs_analysis() || f.flagged_only {
        Some(app.analysed()?)
    } else {
        app.analysed_now()
    };
    let flags = analysed.as_ref().map(|a| a.flags.as_slice()).unwrap_or(&[]);
    let only = f
        .evaluate(
            s.session.review_mut(),
            analysed.as_ref().map(|a| a.analysis.as_ref()),
            flags,
        )
        .map_err(text)?;
    let flagged = analysed.as_ref().map(|a| filter::flagged(&a.flags));
    Ok((only, flagged))
}

#[tauri::command]
pub async fn timeline_window(
    app: State<'_, Arc<App>>,
    from: f64,
    to: f64,
    buckets: usize,
    max_items: usize,
    filter: Option<Filter>,
) -> Res<window::Window> {
    // The front end's scale works in fractional seconds; a window covers
    // every whole second it touches.
    let (from, to) = (seconds(from.floor()), seconds(to.ceil()));
    blocking(&app, move |app| {
        let f = filter.unwrap_or_default();
        if f.needs_analysis() || f.flagged_only {
            app.analysed()?;
        }
        let (only, flagged) = with_session(app, |s| evaluate(app, s, &f))?;
        with_session(app, |s| {
            let q = WindowQuery {
                from,
                to,
                buckets,
                max_items,
                agencies: f.agencies(),
            };
            window::window(
                s.session.review(),
                &s.index,
                &q,
                only.as_ref(),
                flagged.as_ref(),
            )
            .map_err(text)
        })
    })
    .await
}

#[tauri::command]
pub async fn timeline_flags(app: State<'_, Arc<App>>) -> Res<Vec<dto::FlagMark>> {
    blocking(&app, |app| {
        let a = app.analysed()?;
        Ok(a.flags
            .iter()
            .filter(|f| f.raised)
            .map(|f| {
                let view = dto::FlagView::new(f, &a.analysis);
                dto::FlagMark {
                    id: view.id,
                    agency_id: view.agency_id,
                    at: view.at_seconds,
                    severity: view.severity,
                    status: view.status,
                }
            })
            .collect())
    })
    .await
}

#[tauri::command]
pub async fn search(app: State<'_, Arc<App>>, query: String) -> Res<dto::SearchResult> {
    blocking(&app, move |app| {
        with_session(app, |s| {
            let hits = s.session.review_mut().search(&query).map_err(text)?;
            Ok(dto::SearchResult {
                total: hits.total,
                ids: hits.ids,
            })
        })
    })
    .await
}

#[tauri::command]
pub async fn chronology(
    app: State<'_, Arc<App>>,
    filter: Option<Filter>,
    offset: usize,
    limit: usize,
) -> Res<dto::Page> {
    blocking(&app, move |app| {
        let f = filter.unwrap_or_default();
        if f.needs_analysis() || f.flagged_only {
            app.analysed()?;
        }
        let mut guard = app.session();
        let s = guard.as_mut().ok_or("no review is open")?;
        let (only, flagged) = listed(app, s, &f)?;
        let (total, records) =
            window::chronology(s.session.review(), &s.index, only.as_ref(), offset, limit)
                .map_err(text)?;
        Ok(dto::Page {
            total,
            rows: records
                .iter()
                .map(|r| dto::Row::new(r, flagged.as_ref().is_some_and(|f| f.contains(r.id))))
                .collect(),
        })
    })
    .await
}

/// What the chronology lists under a filter: [`evaluate`] with the agency
/// filter applied too (the timeline applies that one lane by lane).
fn listed(app: &App, s: &mut Open, f: &Filter) -> Res<(Option<RecordSet>, Option<RecordSet>)> {
    let (only, flagged) = evaluate(app, s, f)?;
    let only = match (only, f.agencies()) {
        (only, None) => only,
        (None, Some(agencies)) => Some(s.index.agency_records(&agencies)),
        (Some(o), Some(agencies)) => Some(o.intersect(&s.index.agency_records(&agencies))),
    };
    Ok((only, flagged))
}

#[tauri::command]
pub async fn chronology_position(
    app: State<'_, Arc<App>>,
    filter: Option<Filter>,
    id: i64,
) -> Res<Option<usize>> {
    blocking(&app, move |app| {
        let f = filter.unwrap_or_default();
        if f.needs_analysis() || f.flagged_only {
            app.analysed()?;
        }
        let mut guard = app.session();
        let s = guard.as_mut().ok_or("no review is open")?;
        let (only, _) = listed(app, s, &f)?;
        Ok(s.index.position(only.as_ref(), id))
    })
    .await
}

#[tauri::command]
pub async fn record(app: State<'_, Arc<App>>, id: i64) -> Res<dto::RecordDetail> {
    blocking(&app, move |app| {
        let record = with_session(app, |s| {
            s.session
                .review()
                .records_by_id(&[id])
                .map_err(text)?
                .pop()
                .ok_or_else(|| format!("no record {id}"))
        })?;
        let a = app.analysed_now();
        Ok(dto::RecordDetail::new(
            &record,
            a.as_ref().map(|a| a.analysis.as_ref()),
            a.as_ref().map(|a| a.flags.as_slice()).unwrap_or(&[]),
        ))
    })
    .await
}

fn subjects_view(app: &App) -> Res<Vec<dto::Subject>> {
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
fn subject_name(app: &App, id: i64) -> Res<String> {
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

fn decide_subject(
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

#[tauri::command]
pub async fn flags(app: State<'_, Arc<App>>) -> Res<Vec<dto::FlagView>> {
    blocking(&app, |app| {
        let a = app.analysed()?;
        Ok(a.flags
            .iter()
            .map(|f| dto::FlagView::new(f, &a.analysis))
            .collect())
    })
    .await
}

/// Records a decision on a flag through the session, with the app's
/// finished analysis (the flags are raised again from it; the analysis is
/// not run again), and shows the flag as it now stands.
fn decide(
    app: &Arc<App>,
    handle: &AppHandle,
    id: &str,
    decision: &FlagDecision,
) -> Res<dto::FlagView> {
    let flag = with_session(app, |s| {
        app.hold_analysis(s)?;
        let flag = s.session.decide_flag(id, decision).map_err(text)?;
        app.take_from(s);
        Ok(flag)
    })?;
    let _ = handle.emit("review-changed", serde_json::json!({ "what": "flags" }));
    let a = app.analysed()?;
    Ok(dto::FlagView::new(&flag, &a.analysis))
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

/// The wizard's mapping overrides as a profile.
fn profile(mapping: Option<BTreeMap<String, String>>) -> Res<Option<Profile>> {
    let Some(mapping) = mapping.filter(|m| !m.is_empty()) else {
        return Ok(None);
    };
    let mut columns = BTreeMap::new();
    for (header, role) in mapping {
        let r: ColumnRole = role
            .parse()
            .map_err(|_| format!("\"{role}\" is not a column role"))?;
        columns.insert(header, r);
    }
    Ok(Some(Profile {
        columns,
        options: Default::default(),
    }))
}

fn kind(kind: Option<String>) -> Res<Option<AgencyKind>> {
    kind.filter(|k| !k.is_empty())
        .map(|k| {
            k.parse::<AgencyKind>()
                .map_err(|_| format!("\"{k}\" is not an agency kind"))
        })
        .transpose()
}

/// What the import wizard sends.
struct ImportArgs {
    paths: Vec<String>,
    agency: Option<String>,
    kind: Option<String>,
    mapping: Option<BTreeMap<String, String>>,
    sheet: Option<String>,
    skip_bad_rows: bool,
}

impl ImportArgs {
    fn options(&self) -> Res<ImportOptions> {
        Ok(ImportOptions {
            agency: self
                .agency
                .clone()
                .map(|a| a.trim().to_string())
                .filter(|a| !a.is_empty()),
            kind: kind(self.kind.clone())?,
            profile: profile(self.mapping.clone())?,
            sheet: self.sheet.clone().filter(|s| !s.is_empty()),
            skip_bad_rows: self.skip_bad_rows,
        })
    }

    fn files(&self) -> Res<Vec<ImportFile>> {
        if self.paths.is_empty() {
            return Err("choose a file to import".into());
        }
        self.paths
            .iter()
            .map(|p| ImportFile::read(Path::new(p.trim())).map_err(text))
            .collect()
    }
}

#[tauri::command]
pub async fn import_preview(
    app: State<'_, Arc<App>>,
    paths: Vec<String>,
    agency: Option<String>,
    kind: Option<String>,
    mapping: Option<BTreeMap<String, String>>,
    sheet: Option<String>,
) -> Res<dto::Preview> {
    let args = ImportArgs {
        paths,
        agency,
        kind,
        mapping,
        sheet,
        skip_bad_rows: true,
    };
    blocking(&app, move |_| {
        let opts = args.options()?;
        let files = args.files()?;
        let file = &files[0];
        let p = import::preview(file, &opts, 200).map_err(text)?;
        let overridden = opts.profile.map(|p| p.columns).unwrap_or_default();
        let width = p.mapping.len();
        Ok(dto::Preview {
            file: p.file,
            format: p.format.to_string(),
            sheets: p.sheet.iter().cloned().collect(),
            sheet: p.sheet,
            header_row: p.header_row,
            columns: p
                .mapping
                .iter()
                .map(|c| dto::PreviewColumn {
                    header: c.column.clone(),
                    role: c.role.as_str().to_string(),
                    guessed: !overridden.contains_key(&c.column),
                })
                .collect(),
            roles: ColumnRole::ALL.iter().map(|(_, n)| n.to_string()).collect(),
            rows: p
                .rows
                .into_iter()
                .map(|r| dto::PreviewRow {
                    row: r.row,
                    cells: r.cells.into_iter().take(width.max(1)).collect(),
                    when: r.when,
                    error: r.error.as_ref().map(dto::RowErrorView::from),
                })
                .collect(),
            rows_read: p.rows_read,
            errors: p.errors.iter().map(dto::RowErrorView::from).collect(),
            agency_guess: None,
            kind_guess: opts
                .agency
                .as_deref()
                .map(AgencyKind::guess_from_name)
                .unwrap_or(AgencyKind::Other)
                .as_str()
                .to_string(),
        })
    })
    .await
}

#[allow(clippy::too_many_arguments)]
#[tauri::command]
pub async fn import_run(
    app: State<'_, Arc<App>>,
    handle: AppHandle,
    paths: Vec<String>,
    agency: Option<String>,
    kind: Option<String>,
    mapping: Option<BTreeMap<String, String>>,
    sheet: Option<String>,
    skip_bad_rows: Option<bool>,
) -> Res<Vec<dto::ImportResult>> {
    let args = ImportArgs {
        paths,
        agency,
        kind,
        mapping,
        sheet,
        skip_bad_rows: skip_bad_rows.unwrap_or(false),
    };
    blocking(&app, move |app| {
        let opts = args.options()?;
        let files = args.files()?;
        let emit = |p: Progress| {
            let _ = handle.emit("progress", p);
        };
        emit(Progress::stage("import", "Reading", 0, 0));
        let result = with_session(app, |s| {
            let mut last = 0usize;
            let reports = s
                .session
                .import(&files, &opts, &mut |n| {
                    if n >= last + 500 {
                        last = n;
                        emit(Progress::stage("import", "Importing rows", n as u64, 0));
                    }
                })
                .map_err(text)?;
            s.index = timeline_index(
                s.session.review(),
                &s.session.path(),
                s.session.protection(),
            )?;
            Ok(reports)
        });
        match result {
            Ok(reports) => {
                emit(Progress::done("import", None));
                app.restart_analysis(&handle);
                index_search_in_background(app, &handle);
                let _ = handle.emit("review-changed", serde_json::json!({ "what": "records" }));
                Ok(reports
                    .iter()
                    .map(|r| dto::ImportResult {
                        source: r.source.clone(),
                        rows_read: r.rows_read,
                        imported: r.imported,
                        rejected: r.rejected.iter().map(dto::RowErrorView::from).collect(),
                    })
                    .collect())
            }
            Err(e) => {
                emit(Progress::done("import", Some(e.clone())));
                Err(e)
            }
        }
    })
    .await
}

#[tauri::command]
pub async fn save_profile(
    app: State<'_, Arc<App>>,
    path: String,
    mapping: BTreeMap<String, String>,
) -> Res<()> {
    blocking(&app, move |_| {
        let p = profile(Some(mapping))?.unwrap_or_default();
        std::fs::write(&path, p.to_toml()).map_err(|e| format!("{path}: {e}"))
    })
    .await
}

#[tauri::command]
pub async fn agency_kinds() -> Res<Vec<String>> {
    Ok(AgencyKind::ALL
        .iter()
        .map(|k| k.as_str().to_string())
        .collect())
}

#[tauri::command]
pub async fn export_pdf(
    app: State<'_, Arc<App>>,
    handle: AppHandle,
    path: String,
    anonymise: bool,
    marking: Option<String>,
) -> Res<dto::Exported> {
    blocking(&app, move |app| {
        let path = PathBuf::from(path.trim());
        if path.as_os_str().is_empty() {
            return Err("choose where to save the PDF".into());
        }
        let emit = |p: Progress| {
            let _ = handle.emit("progress", p);
        };
        let opts = ExportOptions {
            marking: marking
                .clone()
                .map(|m| m.trim().to_string())
                .filter(|m| !m.is_empty())
                .unwrap_or_else(|| sightline::report::DEFAULT_MARKING.into()),
            anonymise,
        };
        let result = with_session(app, |s| {
            // The analysis the app already holds: exporting never runs it
            // again.
            app.hold_analysis(s)?;
            let report = s
                .session
                .export_pdf(&path, &opts, &mut |p| {
                    emit(Progress::stage(
                        "export",
                        &p.stage,
                        (p.fraction * 1000.0) as u64,
                        1000,
                    ))
                })
                .map_err(text)?;
            Ok(dto::Exported {
                path: path.display().to_string(),
                pages: report.page_count,
                bytes: report.bytes.len(),
                sha256: report.sha256,
            })
        });
        emit(Progress::done("export", result.as_ref().err().cloned()));
        result
    })
    .await
}

#[tauri::command]
pub async fn open_file(path: String) -> Res<()> {
    let p = Path::new(&path);
    if !p.is_file() {
        return Err(format!("{path} does not exist"));
    }
    // The desktop's own viewer; Sightline opens nothing else.
    std::process::Command::new("xdg-open")
        .arg(p)
        .spawn()
        .map(|_| ())
        .map_err(|e| format!("cannot open {path}: {e}"))
}
