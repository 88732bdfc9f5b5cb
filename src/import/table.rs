//! The common shape every reader produces: named grids of cell text.
//!
//! A reader (CSV, XLSX, DOCX, JSON) knows its file format and nothing about
//! chronologies; it turns bytes into [`Grid`]s of rows of cells, with the row
//! numbers a reviewer would find in the original file. Everything after that —
//! finding the header row, mapping columns, reading dates — is format-blind.

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

/// A file that cannot be read at all. Messages are for a reviewer: they say
/// what is wrong with the file and, where there is one, what to do.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// The file has no bytes.
    #[error("the file is empty")]
    Empty,
    /// Bytes that are not text in a file that should be.
    #[error("the file is not text (it holds binary data at byte {offset}); is it the right file?")]
    NotText {
        /// Where the first binary byte was found.
        offset: usize,
    },
    /// A workbook or document that is cut short or corrupt.
    #[error("the file is damaged or incomplete: {detail}")]
    Damaged {
        /// What the underlying reader reported.
        detail: String,
    },
    /// An Office file protected with a password.
    #[error("the file is protected with a password; open it, remove the password, save it and import it again")]
    PasswordProtected,
    /// A Word document with no table in it.
    #[error("the document holds no table; Sightline reads a chronology from a Word table")]
    NoTable,
    /// A workbook sheet that was asked for but is not there.
    #[error("the workbook has no sheet named \"{wanted}\" (it has: {available})")]
    NoSuchSheet {
        /// The sheet asked for.
        wanted: String,
        /// The sheets the workbook has, comma-separated.
        available: String,
    },
    /// JSON that is malformed or not in the interchange shape.
    #[error("{0}")]
    Json(String),
    /// A format-specific problem, described.
    #[error("{0}")]
    Other(String),
}
