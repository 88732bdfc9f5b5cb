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
            commands::startup,
            commands::recent_reviews,
            commands::forget_recent,
            commands::is_encrypted,
            commands::open_review,
            commands::create_review,
            commands::close_review,
            commands::review_info,
            commands::analysis_status,
            commands::timeline_window,
            commands::timeline_flags,
            commands::search,
            commands::chronology,
            commands::chronology_position,
            commands::record,
            commands::subjects,
            commands::indicators,
            commands::subject_merge,
            commands::subject_split,
            commands::subject_label,
            commands::knowledge,
            commands::flags,
            commands::flag_decide,
            commands::flag_annotate,
            commands::import_preview,
            commands::import_run,
            commands::save_profile,
            commands::agency_kinds,
            commands::export_pdf,
            commands::open_file,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("sightline-app: {e}");
        std::process::exit(1);
    }
}
