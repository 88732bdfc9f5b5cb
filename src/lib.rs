//! Sightline: merges the chronologies each agency submits to a child
//! safeguarding practice review into one encrypted review file, so a panel can
//! see who knew what, and when.
//!
//! The library holds all of the logic; the `sightline` command line and the
//! desktop shell only translate to calls into it. See `ARCHITECTURE.md` for a
//! map of the modules.

pub mod analysis;
pub mod anonymise;
pub mod calendar;
pub mod demo;
pub mod error;
pub mod extract;
pub mod files;
pub mod filter;
pub mod flags;
pub mod generate;
pub mod import;
pub mod knowledge;
pub mod model;
pub mod papers;
pub mod report;
pub mod session;
pub mod store;
pub mod subjects;
pub mod text;
pub mod timeline;
pub mod when;

pub use error::{Error, Result};
pub use store::Review;

/// The version of Sightline, recorded in every review file it writes.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
