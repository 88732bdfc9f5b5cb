//! The one error type of the library. Every message is written for a reviewer:
//! it names the file, row, column and value where there are ones to name.

use std::path::PathBuf;

use std::fmt;

use serde::Serialize;

/// Result with the library's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in Sightline.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The storage engine failed.
    #[error("review file: {}", sqlite_in_words(.0))]
    Sqlite(#[from] rusqlite::Error),
    /// The passphrase did not open the file, or it is not a review at all.
    #[error("{}: cannot open the review: the passphrase is wrong, or this is not a Sightline review file", path.display())]
    WrongPassphrase {
        /// The review file.
        path: PathBuf,
    },
    /// The review is encrypted and no passphrase was given.
    #[error("{}: the review is encrypted: set SIGHTLINE_PASSPHRASE or run in a terminal to be asked for the passphrase", path.display())]
    PassphraseNeeded {
        /// The review file.
        path: PathBuf,
    },
    /// The file is a SQLite database but not a Sightline review.
    #[error("{}: not a Sightline review file", path.display())]
    NotAReview {
        /// The file.
        path: PathBuf,
    },
    /// The file was written by a newer Sightline with a newer format.
    #[error("{}: this review was written by Sightline {written_by} (format {found}); this Sightline reads formats up to {supported}: update Sightline to open it", path.display())]
    NewerFormat {
        /// The review file.
        path: PathBuf,
        /// The file's format version.
        found: i64,
        /// The newest format this build understands.
        supported: i64,
        /// The Sightline version that last wrote the file.
        written_by: String,
    },
    /// A review file already exists where a new one was asked for.
    #[error("{}: a file already exists there; choose another name", path.display())]
    AlreadyExists {
        /// The path asked for.
        path: PathBuf,
    },
    /// An agency file cannot be read at all.
    #[error("{file}: {error}")]
    Read {
        /// The file's name.
        file: String,
        /// Why.
        error: ReadError,
    },
    /// The columns of a file could not be mapped (no header row, no date
    /// column, a bad mapping profile).
    #[error("{file}: {message}")]
    Mapping {
        /// The file's name.
        file: String,
        /// What is wrong, and what to do.
        message: String,
    },
    /// An import had bad rows and was refused whole; nothing was written.
    #[error("{file}: import refused, nothing was written: {} row{} could not be read (first: {}); fix them, or import with --skip-bad-rows to import the rest and record what was skipped", errors.len(), if errors.len() == 1 { "" } else { "s" }, errors.first().map(|e| e.to_string()).unwrap_or_default())]
    ImportRefused {
        /// The file's name.
        file: String,
        /// Every bad row, in file order.
        errors: Vec<RowError>,
    },
    /// The same file was imported before.
    #[error(
        "{file}: this file (sha256 {sha256}) was already imported on {imported_at} for {agency}"
    )]
    AlreadyImported {
        /// The file's name.
        file: String,
        /// Its hash.
        sha256: String,
        /// When it was imported.
        imported_at: String,
        /// The agency it was imported for.
        agency: String,
    },
    /// Something the caller asked for is not valid.
    #[error("{0}")]
    Invalid(String),
}

impl Error {
    /// An [`Error::Io`] for `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }
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
    /// A Word document with no table in it and no dated paragraphs.
    #[error("the document holds no table and no paragraphs that begin with a date; Sightline reads a chronology from a Word table, or from paragraphs each telling what happened on a date")]
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

/// A row that could not be imported, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RowError {
    /// The sheet or table, where the format has them.
    pub sheet: Option<String>,
    /// The row, as the file shows it.
    pub row: usize,
    /// The column's header, if the problem is in one column.
    pub column: Option<String>,
    /// The offending value (shortened if long).
    pub value: String,
    /// What is wrong, for a reviewer.
    pub error: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(s) = &self.sheet {
            write!(f, "{s}, ")?;
        }
        write!(f, "row {}", self.row)?;
        if let Some(c) = &self.column {
            write!(f, ", column \"{c}\"")?;
        }
        if !self.value.is_empty() {
            write!(f, ", value \"{}\"", self.value)?;
        }
        write!(f, ": {}", self.error)
    }
}

/// What SQLite reported, with what it means for the reviewer when the file
/// itself is damaged.
fn sqlite_in_words(e: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode;
    match e {
        rusqlite::Error::SqliteFailure(f, _)
            if matches!(
                f.code,
                ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase | ErrorCode::OutOfMemory
            ) =>
        {
            format!(
                "the file is damaged and cannot be read ({e}); restore the review from a backup \
                 (`sightline backup` makes one)"
            )
        }
        _ => e.to_string(),
    }
}
