//! The PDF report the panel circulates and publishes.
//!
//! [`layout`] is the typesetting layer the report is built on: embedded
//! fonts and their metrics, word wrapping, and a paginating [`layout::Document`]
//! with running headers and footers, headings with a contents page and
//! bookmarks, paragraphs, key–value blocks, tables and vector drawings.
//!
//! [`export_pdf`] builds the review report itself: cover, contents, sources,
//! agency involvement chart, flags, who knew what when, merged chronology
//! and appendix.

pub mod layout;
mod sections;

pub use layout::DEFAULT_MARKING;
pub use sections::{
    anonymising_redactor, export_pdf, stage_pdf, Redactor, RenderedReport, ReportOptions,
    ReportProgress, SECTION_HEADINGS,
};
