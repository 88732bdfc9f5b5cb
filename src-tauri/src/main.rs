//! The Sightline desktop app: a thin Tauri shell over the `sightline`
//! library. `commands.rs` translates the front end's calls; `state.rs` holds
//! the open review and its background analysis; `dto.rs` shapes the answers.
//!
//! Usage: `sightline-app [REVIEW]`. With a review path, the app opens it at
//! start (its passphrase from `SIGHTLINE_PASSPHRASE`, or a prompt in the
//! window).

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod dto;
mod recent;
mod state;

use std::path::PathBuf;
use std::sync::Arc;

/// What the app was started with.
#[derive(Clone, Default)]
pub struct Launch {
    /// A review to open at start.
    pub review: Option<PathBuf>,
    /// Its passphrase, from the environment.
    pub passphrase: Option<String>,
}

fn main() {
    // WebKitGTK composites the page through OpenGL by default. Without a
    // usable GPU (software GL, as on many office laptops and virtual
    // desktops) that costs over 100 ms a frame even for a small review; the
    // timeline is one canvas and draws in under 20 ms a frame at a million
    // records without it. A value the user set is left alone. Set here,
    // before any thread starts.
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
    let launch = Launch {
        review: std::env::args_os().nth(1).map(PathBuf::from),
        passphrase: std::env::var("SIGHTLINE_PASSPHRASE")
            .ok()
            .filter(|p| !p.is_empty()),
    };
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(Arc::new(state::App::default()))
        .manage(launch)
        .invoke_handler(tauri::generate_handler![
            commands::review::startup,
            commands::review::recent_reviews,
            commands::review::forget_recent,
            commands::review::is_encrypted,
            commands::review::open_review,
            commands::review::create_review,
            commands::review::close_review,
            commands::review::review_info,
            commands::review::analysis_status,
            commands::timeline::timeline_window,
            commands::timeline::timeline_flags,
            commands::timeline::search,
            commands::timeline::chronology,
            commands::timeline::chronology_position,
            commands::timeline::record,
            commands::timeline::note_add,
            commands::export::export_papers,
            commands::export::redaction_check,
            commands::timeline::note_remove,
            commands::reading::record_reading,
            commands::reading::fact_correct,
            commands::reading::fact_undo,
            commands::episodes::episodes,
            commands::episodes::episode_add,
            commands::episodes::episode_edit,
            commands::episodes::episode_remove,
            commands::findings::findings,
            commands::findings::finding_add,
            commands::findings::finding_edit,
            commands::findings::finding_remove,
            commands::subjects::subjects,
            commands::subjects::indicators,
            commands::subjects::subject_merge,
            commands::subjects::subject_split,
            commands::subjects::subject_label,
            commands::subjects::person_add,
            commands::knowledge::knowledge,
            commands::flags::flags,
            commands::flags::flag_decide,
            commands::flags::flag_annotate,
            commands::flags::rules,
            commands::flags::rule_change,
            commands::import_wizard::import_preview,
            commands::import_wizard::import_run,
            commands::import_wizard::save_profile,
            commands::import_wizard::agency_kinds,
            commands::export::export_pdf,
            commands::export::open_file,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("sightline-app: {e}");
        std::process::exit(1);
    }
}
