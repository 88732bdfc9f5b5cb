//! What the app holds while a review is open: the review's connection, the
//! timeline index, and the analysis, which runs on its own thread (with its
//! own connection) so that the window never waits for it.

use std::sync::{Arc, Condvar, Mutex, MutexGuard};

use sightline::session::{Analysed, Session};
use sightline::timeline::window::TimelineIndex;
use sightline::Review;
use tauri::{AppHandle, Emitter};

use crate::dto::Progress;

/// An open review: the library's session (the connection every command
/// uses, and the analysis it holds) and every record's place on the
/// timeline.
pub struct Open {
    /// The review and its analysis.
    pub session: Session,
    /// Every record's place on the timeline.
    pub index: TimelineIndex,
}

/// Where the background analysis stands.
#[derive(Default)]
pub struct AnalysisSlot {
    /// Bumped whenever the review changes; a run for an older generation is
    /// thrown away.
    pub generation: u64,
    /// Running now.
    pub running: bool,
    /// The last finished run, if it is of the current generation.
    pub result: Option<Arc<Analysed>>,
    /// Why the last run failed.
    pub error: Option<String>,
}

/// Everything the app holds.
#[derive(Default)]
pub struct App {
    /// The open review, if any.
    pub session: Mutex<Option<Open>>,
    /// The background analysis.
    pub analysis: Mutex<AnalysisSlot>,
    /// Signalled when an analysis finishes.
    pub analysis_done: Condvar,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock leaves the data as it was last written;
    // every writer keeps it consistent, so carrying on is safe.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl App {
    /// The open session, locked.
    pub fn session(&self) -> MutexGuard<'_, Option<Open>> {
        lock(&self.session)
    }

    /// The analysis slot, locked.
    pub fn slot(&self) -> MutexGuard<'_, AnalysisSlot> {
        lock(&self.analysis)
    }

    /// Forgets the analysis (the review closed or changed) and, when a
    /// review is open, starts a new one in the background.
    pub fn restart_analysis(self: &Arc<Self>, handle: &AppHandle) {
        let target = self
            .session()
            .as_ref()
            .map(|s| (s.session.path(), s.session.protection().clone()));
        let generation = {
            let mut slot = self.slot();
            slot.generation += 1;
            slot.result = None;
            slot.error = None;
            slot.running = target.is_some();
            slot.generation
        };
        self.analysis_done.notify_all();
        let Some((path, protection)) = target else {
            return;
        };
        let app = Arc::clone(self);
        let handle = handle.clone();
        std::thread::spawn(move || {
            let _ = handle.emit("progress", Progress::stage("analysis", "Analysing", 0, 1));
            let outcome = Review::open(&path, &protection).and_then(|r| Analysed::of(&r));
            let mut slot = app.slot();
            if slot.generation != generation {
                return;
            }
            slot.running = false;
            let event = match outcome {
                Ok(a) => {
                    slot.result = Some(Arc::new(a));
                    Progress::done("analysis", None)
                }
                Err(e) => {
                    slot.error = Some(e.to_string());
                    Progress::done("analysis", Some(e.to_string()))
                }
            };
            drop(slot);
            app.analysis_done.notify_all();
            let _ = handle.emit("progress", event);
        });
    }

    /// The analysis of the open review, waiting for it if it is running.
    pub fn analysed(&self) -> Result<Arc<Analysed>, String> {
        let mut slot = self.slot();
        loop {
            if let Some(a) = &slot.result {
                return Ok(Arc::clone(a));
            }
            if let Some(e) = &slot.error {
                return Err(format!("the analysis failed: {e}"));
            }
            if !slot.running {
                return Err("no review is open".into());
            }
            slot = self
                .analysis_done
                .wait(slot)
                .unwrap_or_else(|e| e.into_inner());
        }
    }

    /// The analysis if it has finished, without waiting.
    pub fn analysed_now(&self) -> Option<Arc<Analysed>> {
        self.slot().result.clone()
    }

    /// Hands the finished analysis to the open review's session, so that
    /// what the session does next (a flag decision, an export) uses it
    /// instead of running the analysis again.
    pub fn hold_analysis(&self, open: &mut Open) -> Result<(), String> {
        let current = self.analysed()?;
        open.session.hold(current);
        Ok(())
    }

    /// Takes the session's analysis as the app's (after a flag decision
    /// raised the flags again from it).
    pub fn take_from(&self, open: &Open) {
        if let Some(a) = open.session.held() {
            self.slot().result = Some(a);
        }
    }
}
