//! The common shape every reader produces: named grids of cell text.
//!
//! A reader (CSV, XLSX, DOCX, JSON) knows its file format and nothing about
//! chronologies; it turns bytes into [`Grid`]s of rows of cells, with the row
//! numbers a reviewer would find in the original file. Everything after that —
//! finding the header row, mapping columns, reading dates — is format-blind.
pub use crate::error::ReadError;

/// The kinds of file Sightline can import.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileKind {
    /// Comma-, semicolon- or tab-separated text.
    Csv,
    /// An Excel workbook (Office Open XML).
    Xlsx,
    /// A Word document whose chronology is a table.
    Docx,
    /// Sightline's JSON interchange.
    Json,
}

impl FileKind {
    /// The importer name recorded with each source.
    pub fn name(self) -> &'static str {
        match self {
            FileKind::Csv => "csv",
            FileKind::Xlsx => "xlsx",
            FileKind::Docx => "docx",
            FileKind::Json => "json",
        }
    }
}

/// One cell as read from the file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Cell {
    /// The cell's text, verbatim. Spreadsheet dates are written as ISO-8601
    /// (`2015-03-12` or `2015-03-12T14:30:00`), numbers as the shortest text
    /// that reads back to the same value.
    pub text: String,
    /// The formula behind the value, for spreadsheet cells computed by one.
    pub formula: Option<String>,
}

impl Cell {
    /// A plain text cell.
    pub fn text(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            formula: None,
        }
    }
}

/// One row of a grid.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GridRow {
    /// Where a reviewer finds this row in the original: 1-based line of a
    /// CSV (the record's first line), row of a sheet or Word table, index+1
    /// of a JSON record.
    pub number: usize,
    /// The cells, left to right.
    pub cells: Vec<Cell>,
}

impl GridRow {
    /// True when every cell is empty or white space.
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.text.trim().is_empty())
    }
}

/// Rows of a grid, read lazily where the format allows (CSV) so that a
/// million-row file is never all in memory at once.
pub type Rows<'a> = Box<dyn Iterator<Item = Result<GridRow, ReadError>> + 'a>;

/// One sheet (XLSX), table (DOCX) or the whole file (CSV, JSON).
pub struct Grid<'a> {
    /// The sheet name, or `Table N` for a Word table; `None` for CSV and JSON.
    pub sheet: Option<String>,
    /// The rows, top to bottom, blank rows included.
    pub rows: Rows<'a>,
}

/// The signature of a ZIP archive's first local file header (XLSX, DOCX).
pub(super) const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
/// The signature of an empty ZIP archive (end of central directory only).
pub(super) const ZIP_EMPTY_MAGIC: &[u8] = b"PK\x05\x06";
/// The signature of an OLE compound file (old .xls/.doc, encrypted Office).
pub(super) const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Classifies an OLE compound file: an encrypted Office Open XML file keeps
/// its content in a stream named `EncryptedPackage`; anything else is a
/// pre-2007 binary Office file.
pub(super) fn detect_ole(bytes: &[u8]) -> ReadError {
    let name: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    if bytes.windows(name.len()).any(|w| w == name.as_slice()) {
        ReadError::PasswordProtected
    } else {
        ReadError::Other(
            "this is an old-style .xls/.doc file; save it as .xlsx/.docx and import again".into(),
        )
    }
}
