//! Excel workbooks (Office Open XML), read with `calamine`.
//!
//! Each worksheet becomes a [`Grid`] named after the sheet. Cells are written
//! as text the way a reviewer would read them: dates as ISO-8601, numbers in
//! their shortest form, error cells as `#REF!` and the like. A formula cell
//! keeps its cached value as text and its formula in [`Cell::formula`]. The
//! value of a merged region is repeated in every cell of the region.

use std::io::{Cursor, Read};

use calamine::{
    Data, DataRef, Dimensions, ExcelDateTime, Range, Reader, SheetType, Xlsx, XlsxError,
    XlsxFormulaMetadata,
};

use super::table::{detect_ole, Cell, Grid, GridRow, ReadError, Rows, OLE_MAGIC};

/// The most cells a worksheet's used rectangle (from column A and its first
/// used row to its last used row and column) may span: 5,000,000 is, say,
/// 100,000 rows of 50 columns. `calamine` allocates the whole rectangle, so
/// a single stray value far from the chronology (in cell XFD1048576, say)
/// would otherwise ask for hundreds of gigabytes.
const MAX_SHEET_CELLS: u64 = 5_000_000;

/// Reads the worksheets of a workbook.
///
/// With `sheet`, just that worksheet (even if empty), or
/// [`ReadError::NoSuchSheet`] listing the worksheets there are; the name is
/// matched exactly, or else ignoring case and surrounding space when that
/// picks out one sheet. Without `sheet`, every worksheet holding at least one
/// value, in workbook order; a workbook whose sheets are all empty is an
/// error. Chart sheets and macro sheets are never read.
pub fn read<'a>(bytes: &'a [u8], sheet: Option<&str>) -> Result<Vec<Grid<'a>>, ReadError> {
    // `calamine` parses an OLE compound file (to spot an encrypted workbook)
    // and panics on a damaged one: judge it here instead, as `detect` does.
    if bytes.starts_with(OLE_MAGIC) {
        return Err(detect_ole(bytes));
    }
    check_unpacked(bytes)?;
    let mut book: Xlsx<Cursor<&[u8]>> = Xlsx::new(Cursor::new(bytes)).map_err(map_error)?;
    let names: Vec<String> = book
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .collect();
    match sheet {
        Some(wanted) => {
            let name = pick_sheet(&names, wanted).ok_or_else(|| ReadError::NoSuchSheet {
                wanted: wanted.to_string(),
                available: names.join(", "),
            })?;
            let extent = check_extent(&mut book, &name)?;
            let loaded = load_sheet(&mut book, &name, extent.orphans)?;
            Ok(vec![loaded.into_grid(name)])
        }
        None => {
            // Every sheet's extent is measured (streaming) before any is
            // loaded: the workbook as a whole stays within the cell limit,
            // however many sheets it has.
            let mut total: u64 = 0;
            let mut orphans = Vec::with_capacity(names.len());
            for name in &names {
                let extent = check_extent(&mut book, name)?;
                total = total.saturating_add(extent.cells);
                orphans.push(extent.orphans);
            }
            if total > MAX_SHEET_CELLS {
                return Err(ReadError::Other(format!(
                    "the workbook is too big to read: its {} sheets span {total} cells in all, \
                     more than {MAX_SHEET_CELLS}; stray values far from the chronology are the \
                     usual cause, so delete the rows and columns beyond it (or the sheets that \
                     are not the chronology), save the workbook and import it again, or name \
                     the chronology's sheet with --sheet",
                    names.len()
                )));
            }
            let mut grids = Vec::new();
            for (name, orphans) in names.into_iter().zip(orphans) {
                let loaded = load_sheet(&mut book, &name, orphans)?;
                if !loaded.is_empty() {
                    grids.push(loaded.into_grid(name));
                }
            }
            if grids.is_empty() {
                return Err(ReadError::Other(
                    "every sheet in the workbook is empty".into(),
                ));
            }
            Ok(grids)
        }
    }
}

/// The most one part of a workbook (a sheet, its shared strings) may
/// unpack to, and the most all its parts may.
const MAX_PART_BYTES: u64 = 256 * 1024 * 1024;
const MAX_UNPACKED_BYTES: u64 = 512 * 1024 * 1024;

/// Refuses a workbook whose parts unpack to more than the limits (a "zip
/// bomb": a few megabytes that unpack to gigabytes), by unpacking each
/// part into nothing and counting, before `calamine` holds any in memory.
fn check_unpacked(bytes: &[u8]) -> Result<(), ReadError> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        // `calamine` says what is wrong with it.
        return Ok(());
    };
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let Ok(part) = archive.by_index(i) else {
            continue;
        };
        let name = part
            .name()
            .map(|n| n.into_owned())
            .unwrap_or_else(|_| format!("number {}", i + 1));
        let n = std::io::copy(&mut part.take(MAX_PART_BYTES + 1), &mut std::io::sink()).map_err(
            |e| ReadError::Damaged {
                detail: format!("the workbook's part {name} cannot be unpacked ({e})"),
            },
        )?;
        total = total.saturating_add(n);
        if n > MAX_PART_BYTES || total > MAX_UNPACKED_BYTES {
            return Err(ReadError::Other(format!(
                "the workbook unpacks to more than Sightline reads (its part {name} alone to \
                 over {} MiB; at most {} MiB a part and {} MiB in all); save the chronology \
                 on its own and import that",
                n / (1024 * 1024),
                MAX_PART_BYTES / (1024 * 1024),
                MAX_UNPACKED_BYTES / (1024 * 1024)
            )));
        }
    }
    Ok(())
}

/// The sheet called `wanted`: exactly, or else the one sheet whose name
/// matches ignoring case and surrounding space.
fn pick_sheet(names: &[String], wanted: &str) -> Option<String> {
    if let Some(name) = names.iter().find(|n| *n == wanted) {
        return Some(name.clone());
    }
    let wanted = wanted.trim().to_lowercase();
    let mut close = names.iter().filter(|n| n.trim().to_lowercase() == wanted);
    match (close.next(), close.next()) {
        (Some(name), None) => Some(name.clone()),
        _ => None,
    }
}

/// Turns a `calamine` error into a reviewer's error.
fn map_error(error: XlsxError) -> ReadError {
    match error {
        XlsxError::Password => ReadError::PasswordProtected,
        other => ReadError::Damaged {
            detail: format!("the workbook could not be read ({other})"),
        },
    }
}

/// One worksheet's values, formulas and merged regions, as loaded.
struct Sheet {
    values: Range<Data>,
    formulas: Range<String>,
    merges: Vec<Dimensions>,
    /// Cells of a shared formula whose first cell (which holds the formula's
    /// text) is missing, sorted: formula cells all the same.
    orphans: Vec<(u32, u32)>,
}

/// What a cell belonging to a shared formula with no first cell is said to
/// hold: `calamine` gives such a cell no formula text, but it is no more a
/// value typed by hand than any other formula cell.
const ORPHAN_FORMULA: &str = "(part of a shared formula whose first cell is missing)";

impl Sheet {
    /// True when the sheet has no value and no formula.
    fn is_empty(&self) -> bool {
        self.values.used_cells().all(|(_, _, v)| is_blank(v)) && self.formulas.is_empty()
    }

    /// Makes a lazily converted grid of the sheet.
    fn into_grid<'a>(self, name: String) -> Grid<'a> {
        let Sheet {
            values,
            formulas,
            merges,
            orphans,
        } = self;
        // Rows from the first used row to the last; columns from A (so that
        // a cell's index is its Excel column) to the last used column.
        let ends = || [values.end(), formulas.end()].into_iter().flatten();
        let first_row = [values.start(), formulas.start()]
            .into_iter()
            .flatten()
            .map(|(row, _)| row)
            .min();
        let last_row = ends().map(|(row, _)| row).max();
        let last_col = ends().map(|(_, col)| col).max();
        let bounds = first_row
            .zip(last_row)
            .zip(last_col)
            .map(|((f, l), c)| (f, (l, c)));
        let mut merges: Vec<Dimensions> = match bounds {
            Some((first, (last, last_col))) => merges
                .into_iter()
                .filter(|m| m.start.0 <= m.end.0 && m.start.1 <= m.end.1)
                .filter(|m| m.start.0 <= last && m.end.0 >= first && m.start.1 <= last_col)
                .filter(|m| m.start != m.end)
                .collect(),
            None => Vec::new(),
        };
        merges.sort_by_key(|m| m.start.0);
        let rows: Rows<'a> = match bounds {
            Some((first, (last, last_col))) => Box::new(SheetRows {
                values,
                formulas,
                orphans,
                merges,
                next_merge: 0,
                active: Vec::new(),
                row: first,
                last_row: last,
                last_col,
                done: false,
            }),
            None => Box::new(std::iter::empty()),
        };
        Grid {
            sheet: Some(name),
            rows,
        }
    }
}

/// Loads one worksheet's values, formulas and merged regions (its extent
/// and orphan formula cells found first by [`check_extent`]).
fn load_sheet(
    book: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
    orphans: Vec<(u32, u32)>,
) -> Result<Sheet, ReadError> {
    let values = book.worksheet_range(name).map_err(map_error)?;
    let formulas = book.worksheet_formula(name).map_err(map_error)?;
    let merges = book.merge_cells_by_sheet_name(name).map_err(map_error)?;
    Ok(Sheet {
        values,
        formulas,
        merges,
        orphans,
    })
}

/// What streaming a worksheet's cells found before it is loaded.
struct Extent {
    /// How many cells its used rectangle spans.
    cells: u64,
    /// Its cells belonging to a shared formula with no first cell, sorted.
    orphans: Vec<(u32, u32)>,
}

/// Refuses a worksheet whose used rectangle spans more than
/// [`MAX_SHEET_CELLS`], found by streaming its cells before `calamine`
/// allocates the rectangle; says how many cells it spans and which cells
/// belong to a shared formula whose first cell is missing.
fn check_extent(book: &mut Xlsx<Cursor<&[u8]>>, name: &str) -> Result<Extent, ReadError> {
    // (first row, last row, last column) of the non-empty values and formulas.
    let mut extent: Option<(u32, u32, u32)> = None;
    let mut add = |(row, col): (u32, u32)| {
        extent = Some(match extent {
            Some((first, last, last_col)) => (first.min(row), last.max(row), last_col.max(col)),
            None => (row, row, col),
        });
    };
    let mut cells = match book.worksheet_cells_reader(name) {
        Ok(cells) => cells,
        // `worksheet_range` reads a non-worksheet as empty.
        Err(XlsxError::NotAWorksheet(_)) => {
            return Ok(Extent {
                cells: 0,
                orphans: Vec::new(),
            })
        }
        Err(e) => return Err(map_error(e)),
    };
    while let Some(cell) = cells.next_cell().map_err(map_error)? {
        if !matches!(cell.get_value(), DataRef::Empty) {
            add(cell.get_position());
        }
    }
    drop(cells);
    let mut cells = book.worksheet_cells_reader(name).map_err(map_error)?;
    // Shared formulas whose first cell has been seen (it comes first in a
    // well-formed sheet), and the cells of those whose first cell has not.
    let mut anchors = std::collections::HashSet::new();
    let mut orphans = Vec::new();
    while let Some(cell) = cells.next_cell_with_formula_metadata().map_err(map_error)? {
        match cell.formula {
            Some(XlsxFormulaMetadata::Normal { formula }) if formula.is_empty() => continue,
            Some(XlsxFormulaMetadata::Shared { shared_index, .. }) => {
                anchors.insert(shared_index);
            }
            Some(XlsxFormulaMetadata::SharedDerived { shared_index })
                if !anchors.contains(&shared_index) =>
            {
                orphans.push(cell.pos);
            }
            Some(_) => {}
            None => continue,
        }
        add(cell.pos);
    }
    orphans.sort_unstable();
    let Some((first, last, last_col)) = extent else {
        return Ok(Extent { cells: 0, orphans });
    };
    let rows = u64::from(last - first) + 1;
    let cols = u64::from(last_col) + 1;
    if rows.saturating_mul(cols) > MAX_SHEET_CELLS {
        return Err(ReadError::Other(format!(
            "sheet \"{name}\" is too big to read: its cells run from row {} to row {} and \
             out to column {}, more than {MAX_SHEET_CELLS} cells in all; a stray value \
             far from the chronology is the usual cause, so delete the rows and columns \
             beyond the chronology, save the workbook and import it again",
            u64::from(first) + 1,
            u64::from(last) + 1,
            cols,
        )));
    }
    Ok(Extent {
        cells: rows.saturating_mul(cols),
        orphans,
    })
}

/// True for an empty cell or one holding only white space.
fn is_blank(value: &Data) -> bool {
    match value {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// The text of a cell value.
fn cell_text(value: &Data) -> String {
    match value {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(true) => "TRUE".into(),
        Data::Bool(false) => "FALSE".into(),
        Data::DateTime(dt) => datetime_text(dt),
        Data::DateTimeIso(s) => iso_text(s),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}

/// The shortest text that reads back as `f`; whole numbers have no `.0`.
fn number_text(f: f64) -> String {
    if f == 0.0 {
        // Also turns -0 into 0.
        "0".into()
    } else {
        format!("{f}")
    }
}

/// The serial just past 31/12/9999 23:59:59, the last moment Excel's
/// calendar has (in the 1900 system; the 1904 system ends sooner).
const LAST_EXCEL_SERIAL: f64 = 2_958_466.0;

/// An Excel serial date as ISO-8601, using `calamine`'s conversion (which
/// knows the 1900 and 1904 epochs and Excel's phantom 29 February 1900, for
/// which it gives `1900-02-29`, as Excel displays it).
///
/// A date with no time of day is `YYYY-MM-DD`; with one,
/// `YYYY-MM-DDTHH:MM:SS`. A time-only value (serial below 1, shown in Excel
/// as just a time) is `HH:MM:SS`; an elapsed-time (`[h]:mm`) value is
/// `H:MM:SS` with as many hours as it holds.
fn datetime_text(dt: &ExcelDateTime) -> String {
    let serial = dt.as_f64();
    if dt.is_duration() {
        let total = (serial * 86_400.0).round();
        let sign = if total < 0.0 { "-" } else { "" };
        // Saturates for absurd values; a duration is never that large.
        let total = total.abs() as u64;
        return format!(
            "{sign}{}:{:02}:{:02}",
            total / 3600,
            total / 60 % 60,
            total % 60
        );
    }
    // Beyond Excel's own calendar (before its epoch, or after 31/12/9999)
    // the conversion would clamp to the nearest end: keep the number the
    // cell holds instead, which is refused as a date with its value.
    if !(0.0..LAST_EXCEL_SERIAL).contains(&serial) {
        return number_text(serial);
    }
    let (year, month, day, hour, minute, second, _milli) = dt.to_ymd_hms_milli();
    if (0.0..1.0).contains(&serial) {
        return format!("{hour:02}:{minute:02}:{second:02}");
    }
    if (hour, minute, second) == (0, 0, 0) {
        format!("{year:04}-{month:02}-{day:02}")
    } else {
        format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}")
    }
}

/// An ISO date/time stored as such (`t="d"` cells): a midnight time is dropped.
fn iso_text(s: &str) -> String {
    for midnight in ["T00:00:00.000Z", "T00:00:00.000", "T00:00:00Z", "T00:00:00"] {
        if let Some(date) = s.strip_suffix(midnight) {
            return date.to_string();
        }
    }
    s.to_string()
}

/// Lazily converts a loaded sheet into grid rows.
struct SheetRows {
    values: Range<Data>,
    formulas: Range<String>,
    /// Cells of a shared formula with no first cell, sorted.
    orphans: Vec<(u32, u32)>,
    /// Merged regions overlapping the used range, sorted by first row.
    merges: Vec<Dimensions>,
    /// The first region in `merges` not yet made active.
    next_merge: usize,
    /// The regions covering the current row.
    active: Vec<Dimensions>,
    row: u32,
    last_row: u32,
    last_col: u32,
    done: bool,
}

impl SheetRows {
    /// The cell at an absolute (0-based) position, with merged regions
    /// filled from their top-left cell.
    fn cell(&self, row: u32, col: u32) -> Cell {
        let anchor = self
            .active
            .iter()
            .find(|m| m.contains(row, col))
            .map(|m| m.start);
        match anchor {
            Some(start) if start != (row, col) => Cell {
                text: self
                    .values
                    .get_value(start)
                    .map(cell_text)
                    .unwrap_or_default(),
                formula: None,
            },
            _ => Cell {
                text: self
                    .values
                    .get_value((row, col))
                    .map(cell_text)
                    .unwrap_or_default(),
                formula: self
                    .formulas
                    .get_value((row, col))
                    .filter(|f| !f.is_empty())
                    .cloned()
                    .or_else(|| {
                        self.orphans
                            .binary_search(&(row, col))
                            .ok()
                            .map(|_| ORPHAN_FORMULA.to_string())
                    }),
            },
        }
    }
}

impl Iterator for SheetRows {
    type Item = Result<GridRow, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done || self.row > self.last_row {
            return None;
        }
        let row = self.row;
        self.active.retain(|m| m.end.0 >= row);
        while let Some(m) = self.merges.get(self.next_merge) {
            if m.start.0 > row {
                break;
            }
            if m.end.0 >= row {
                self.active.push(*m);
            }
            self.next_merge += 1;
        }
        let cells = (0..=self.last_col).map(|col| self.cell(row, col)).collect();
        match row.checked_add(1) {
            Some(next) => self.row = next,
            None => self.done = true,
        }
        Some(Ok(GridRow {
            number: usize::try_from(row).unwrap_or(usize::MAX).saturating_add(1),
            cells,
        }))
    }
}

#[cfg(test)]
pub(crate) mod tests;
