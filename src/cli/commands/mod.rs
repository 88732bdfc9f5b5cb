//! The commands, grouped by what they do. Each only translates: it reads
//! its arguments, calls the library's session, and prints what comes back.

pub(crate) mod decide;
pub(crate) mod export;
pub(crate) mod import;
pub(crate) mod read;
pub(crate) mod review;
