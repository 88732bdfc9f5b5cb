//! The import wizard: the preview with its guessed columns, the import,
//! saved mapping profiles.

use super::*;

/// The wizard's mapping overrides as a profile.
pub(super) fn profile(mapping: Option<BTreeMap<String, String>>) -> Res<Option<Profile>> {
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

pub(super) fn kind(kind: Option<String>) -> Res<Option<AgencyKind>> {
    kind.filter(|k| !k.is_empty())
        .map(|k| {
            k.parse::<AgencyKind>()
                .map_err(|_| format!("\"{k}\" is not an agency kind"))
        })
        .transpose()
}

/// What the import wizard sends.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportArgs {
    paths: Vec<String>,
    agency: Option<String>,
    kind: Option<String>,
    mapping: Option<BTreeMap<String, String>>,
    sheet: Option<String>,
    #[serde(default)]
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

/// Imports the files the wizard names (`request`: paths, agency, kind,
/// mapping, sheet, skipBadRows).
#[tauri::command]
pub async fn import_run(
    app: State<'_, Arc<App>>,
    handle: AppHandle,
    request: ImportArgs,
) -> Res<Vec<dto::ImportResult>> {
    let args = request;
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
