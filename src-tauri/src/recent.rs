//! The recently opened reviews: their paths only (never titles or content),
//! in the app's configuration folder, so the open screen can offer them.

use std::path::{Path, PathBuf};

use tauri::{AppHandle, Manager};

use crate::dto::Recent;

/// How many reviews the list keeps.
const KEEP: usize = 8;

fn file(handle: &AppHandle) -> Option<PathBuf> {
    handle
        .path()
        .app_config_dir()
        .ok()
        .map(|d| d.join("recent.json"))
}

fn read(handle: &AppHandle) -> Vec<PathBuf> {
    file(handle)
        .and_then(|f| std::fs::read(f).ok())
        .and_then(|b| serde_json::from_slice::<Vec<PathBuf>>(&b).ok())
        .unwrap_or_default()
}

fn write(handle: &AppHandle, paths: &[PathBuf]) {
    let Some(f) = file(handle) else { return };
    if let Some(dir) = f.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    if let Ok(text) = serde_json::to_vec_pretty(paths) {
        let _ = std::fs::write(f, text);
    }
}

/// The list, newest first, of reviews that still exist.
pub fn list(handle: &AppHandle) -> Vec<Recent> {
    read(handle)
        .into_iter()
        .filter(|p| p.is_file())
        .map(|p| Recent {
            name: p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            folder: p
                .parent()
                .map(|d| d.display().to_string())
                .unwrap_or_default(),
            path: p.display().to_string(),
        })
        .collect()
}

/// Puts a review at the top of the list.
pub fn remember(handle: &AppHandle, path: &Path) {
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let mut paths = read(handle);
    paths.retain(|p| p != &path);
    paths.insert(0, path);
    paths.truncate(KEEP);
    write(handle, &paths);
}

/// Takes a review off the list (the file is left alone).
pub fn forget(handle: &AppHandle, path: &Path) {
    let mut paths = read(handle);
    paths.retain(|p| p != path);
    write(handle, &paths);
}
