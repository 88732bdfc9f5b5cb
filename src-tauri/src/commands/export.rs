//! The export screen: the panel's PDF, and opening it.

use super::*;

#[tauri::command]
pub async fn export_pdf(
    app: State<'_, Arc<App>>,
    handle: AppHandle,
    path: String,
    anonymise: bool,
    marking: Option<String>,
    notes: Option<bool>,
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
            notes: notes.unwrap_or(false),
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

/// Writes the working papers: the merged chronology as an XLSX workbook,
/// or with `docx` as a Word table.
#[tauri::command]
pub async fn export_papers(
    app: State<'_, Arc<App>>,
    path: String,
    anonymise: bool,
    docx: bool,
) -> Res<dto::Exported> {
    blocking(&app, move |app| {
        let path = PathBuf::from(path.trim());
        if path.as_os_str().is_empty() {
            return Err("choose where to save the workbook".into());
        }
        with_session(app, |s| {
            app.hold_analysis(s)?;
            let papers = if docx {
                s.session.export_docx(&path, anonymise)
            } else {
                s.session.export_xlsx(&path, anonymise)
            }
            .map_err(text)?;
            Ok(dto::Exported {
                path: path.display().to_string(),
                pages: papers.rows,
                bytes: papers.bytes.len(),
                sha256: String::new(),
            })
        })
    })
    .await
}

/// The redaction check: words left in the anonymised text that may be names.
#[tauri::command]
pub async fn redaction_check(
    app: State<'_, Arc<App>>,
) -> Res<Vec<sightline::anonymise::check::Leftover>> {
    blocking(&app, move |app| {
        with_session(app, |s| {
            app.hold_analysis(s)?;
            s.session.redaction_check().map_err(text)
        })
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
