//! The import wizard's preview: what importing a file would do, found
//! without writing anything (its layout, its first rows with how their
//! dates were read, and every row that cannot be read).

use serde::Serialize;

use super::{
    column_roles, layout::locate, read, read_row, ImportFile, ImportOptions, MappedColumn, RowError,
};
use crate::when::uk_text;
use crate::{Error, Result};

/// One data row as the import wizard previews it.
#[derive(Clone, Debug, Serialize)]
pub struct PreviewRow {
    /// The row, as the file shows it.
    pub row: usize,
    /// Its cells, verbatim, one per header.
    pub cells: Vec<String>,
    /// How its date was read (UK style), when it could be.
    pub when: Option<String>,
    /// What is wrong with it, if anything.
    pub error: Option<RowError>,
}

/// What importing a file would do, found without writing anything.
#[derive(Clone, Debug, Serialize)]
pub struct Preview {
    /// The file's name.
    pub file: String,
    /// Its format.
    pub format: &'static str,
    /// The sheet or table read, if any.
    pub sheet: Option<String>,
    /// The header row, as the file shows it.
    pub header_row: usize,
    /// Each column's header and role (guessed, or as overridden).
    pub mapping: Vec<MappedColumn>,
    /// The first rows.
    pub rows: Vec<PreviewRow>,
    /// Data rows in the file (blank rows not counted).
    pub rows_read: usize,
    /// Every row that cannot be read, and why.
    pub errors: Vec<RowError>,
}

/// Reads a file as [`import_files`] would, without writing anything: the
/// layout, the first `limit` rows with how their dates were read, and every
/// row error in the whole file.
///
/// [`import_files`]: super::import_files
pub fn preview(file: &ImportFile, opts: &ImportOptions, limit: usize) -> Result<Preview> {
    let kind = read::detect(&file.name, &file.bytes).map_err(|error| Error::Read {
        file: file.name.clone(),
        error,
    })?;
    let (layout, rows) = locate(file, kind, opts)?;
    let width = layout.mapping.headers.len();
    let mut out = Preview {
        file: file.name.clone(),
        format: kind.name(),
        sheet: layout.sheet.clone(),
        header_row: layout.header_row,
        mapping: column_roles(&layout.mapping),
        rows: Vec::new(),
        rows_read: 0,
        errors: Vec::new(),
    };
    let mut above = super::rows::Above::default();
    for row in rows {
        let row = row.map_err(|error| Error::Read {
            file: file.name.clone(),
            error,
        })?;
        if row.is_blank() {
            continue;
        }
        out.rows_read += 1;
        let read = read_row(&row, &layout.mapping, &layout.sheet, &above);
        above.remember(&row, &layout.mapping);
        if let Err(e) = &read {
            out.errors.push(e.clone());
        }
        if out.rows.len() < limit {
            let mut cells: Vec<String> = row.cells.iter().map(|c| c.text.clone()).collect();
            cells.resize(width.max(cells.len()), String::new());
            out.rows.push(PreviewRow {
                row: row.number,
                cells,
                when: read.as_ref().ok().map(|d| uk_text(&d.when)),
                error: read.err(),
            });
        }
    }
    Ok(out)
}
