//! The PDF report (DESIGN.md §6).
//!
//! [`layout`] is the typesetting layer the report is built on: embedded
//! fonts and their metrics, word wrapping, and a paginating [`layout::Document`]
//! with running headers and footers, headings with a contents page and
//! bookmarks, paragraphs, key–value blocks, tables and vector drawings.

pub mod layout;
