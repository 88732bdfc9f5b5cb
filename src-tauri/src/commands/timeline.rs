//! The timeline and chronology screens: windows of the timeline, flag
//! marks, search, pages of the chronology, and the record panel.

use super::*;

/// The records a filter lets through, and the records flags stand at.
pub(super) fn evaluate(
    app: &App,
    s: &mut Open,
    f: &Filter,
) -> Res<(Option<RecordSet>, Option<RecordSet>)> {
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
pub(super) fn listed(
    app: &App,
    s: &mut Open,
    f: &Filter,
) -> Res<(Option<RecordSet>, Option<RecordSet>)> {
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
        let (record, notes) = with_session(app, |s| {
            let record = s
                .session
                .review()
                .records_by_id(&[id])
                .map_err(text)?
                .pop()
                .ok_or_else(|| format!("no record {id}"))?;
            Ok((record, notes_of(&s.session, id)?))
        })?;
        let a = app.analysed_now();
        let mut detail = dto::RecordDetail::new(
            &record,
            a.as_ref().map(|a| a.analysis.as_ref()),
            a.as_ref().map(|a| a.flags.as_slice()).unwrap_or(&[]),
        );
        detail.notes = notes;
        Ok(detail)
    })
    .await
}

/// The reviewer's notes on one record.
fn notes_of(session: &Session, record: i64) -> Res<Vec<sightline::store::RecordNote>> {
    Ok(session
        .record_notes()
        .map_err(text)?
        .into_iter()
        .filter(|n| n.record == record)
        .collect())
}

/// Adds the reviewer's note to a record; returns the record's notes.
#[tauri::command]
pub async fn note_add(
    app: State<'_, Arc<App>>,
    record: i64,
    text: String,
) -> Res<Vec<sightline::store::RecordNote>> {
    blocking(&app, move |app| {
        with_session(app, |s| {
            s.session
                .add_record_note(record, &text)
                .map_err(super::text)?;
            notes_of(&s.session, record)
        })
    })
    .await
}

/// Removes a note; returns the notes left on its record.
#[tauri::command]
pub async fn note_remove(
    app: State<'_, Arc<App>>,
    id: i64,
    record: i64,
) -> Res<Vec<sightline::store::RecordNote>> {
    blocking(&app, move |app| {
        with_session(app, |s| {
            s.session.remove_record_note(id).map_err(super::text)?;
            notes_of(&s.session, record)
        })
    })
    .await
}
