//! Recognising a file's format and handing it to the right reader.
//!
//! [`detect`] looks at the bytes first (ZIP, OLE compound file, text) and at
//! the file name's extension only to break ties, so a renamed file is still
//! read as what it is. [`read_grids`] turns the bytes into [`Grid`]s.

use std::io::Cursor;

use super::table::{detect_ole, FileKind, Grid, ReadError, OLE_MAGIC, ZIP_EMPTY_MAGIC, ZIP_MAGIC};
use super::{csv, docx, json, prose, xlsx};

/// Extensions of Office Open XML files, which must be ZIP archives.
const ZIP_EXTENSIONS: [&str; 8] = [
    "xlsx", "xlsm", "xltx", "xltm", "docx", "docm", "dotx", "dotm",
];
/// Extensions that say "delimited text" even when the text starts like JSON.
const TEXT_EXTENSIONS: [&str; 4] = ["csv", "tsv", "txt", "tab"];

/// Works out what kind of file `bytes` is, by content first and by the
/// extension of `file_name` second.
///
/// - no bytes: [`ReadError::Empty`];
/// - a ZIP archive: [`FileKind::Xlsx`] if it holds `xl/workbook.xml`,
///   [`FileKind::Docx`] if it holds `word/document.xml`, otherwise an error
///   saying what it is instead; a ZIP that cannot be opened is
///   [`ReadError::Damaged`];
/// - an OLE compound file: [`ReadError::PasswordProtected`] when it is an
///   encrypted Office file, otherwise [`ReadError::Other`] asking for the
///   file to be saved as .xlsx/.docx;
/// - a file named `.xlsx`, `.docx` (and their macro/template variants) that
///   is not a ZIP archive: [`ReadError::Damaged`];
/// - a PDF, an RTF document, or text starting with `<` (HTML, XML — such as
///   a web page saved with an .xls name): [`ReadError::Other`] saying what
///   to do instead;
/// - binary data: [`ReadError::NotText`];
/// - text whose first non-blank character is `{` or `[`: [`FileKind::Json`],
///   unless the name ends `.csv`, `.tsv`, `.txt` or `.tab`;
/// - any other text: [`FileKind::Csv`].
pub fn detect(file_name: &str, bytes: &[u8]) -> Result<FileKind, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    let extension = extension(file_name);
    if bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(ZIP_EMPTY_MAGIC) {
        return detect_zip(bytes);
    }
    if bytes.starts_with(OLE_MAGIC) {
        return Err(detect_ole(bytes));
    }
    if ZIP_EXTENSIONS.contains(&extension.as_str()) {
        return Err(ReadError::Damaged {
            detail: format!(
                "a .{extension} file should be a ZIP archive and this one is not; \
                 it may have been cut short, or be another kind of file renamed"
            ),
        });
    }
    if bytes.starts_with(b"%PDF-") {
        return Err(ReadError::Other(
            "this is a PDF; Sightline cannot read a chronology from a PDF, \
             so ask the agency for the Word or Excel original"
                .into(),
        ));
    }
    csv::check_text(bytes)?;
    let head = bytes.get(..1024).unwrap_or(bytes);
    let (text, _) = csv::decode(head)?;
    let text = text.trim_start();
    if text.starts_with("{\\rtf") {
        return Err(ReadError::Other(
            "this is a Rich Text (.rtf) document; save it as .docx and import again".into(),
        ));
    }
    if text.starts_with('<') {
        return Err(ReadError::Other(
            "this is a web page or XML file, not a spreadsheet or document Sightline reads; \
             open it in Excel or Word, save it as .xlsx or .docx and import again"
                .into(),
        ));
    }
    let looks_json = matches!(text.chars().next(), Some('{' | '['));
    if looks_json && (extension == "json" || !TEXT_EXTENSIONS.contains(&extension.as_str())) {
        Ok(FileKind::Json)
    } else {
        Ok(FileKind::Csv)
    }
}

/// The lower-cased extension of a file name, or "" when it has none.
fn extension(file_name: &str) -> String {
    std::path::Path::new(file_name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default()
}

/// Tells an XLSX from a DOCX by the parts inside the ZIP archive.
fn detect_zip(bytes: &[u8]) -> Result<FileKind, ReadError> {
    let archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ReadError::Damaged {
        detail: format!(
            "it starts like an Excel or Word file (a ZIP archive) but cannot be opened ({e})"
        ),
    })?;
    let has = |name: &str| archive.index_for_name(name).is_some();
    if has("xl/workbook.xml") {
        Ok(FileKind::Xlsx)
    } else if has("word/document.xml") {
        Ok(FileKind::Docx)
    } else if has("xl/workbook.bin") {
        Err(ReadError::Other(
            "this is a binary Excel workbook (.xlsb); save it as .xlsx and import again".into(),
        ))
    } else if has("mimetype") && has("content.xml") {
        Err(ReadError::Other(
            "this is an OpenDocument file (.ods/.odt); save it as .xlsx/.docx and import again"
                .into(),
        ))
    } else {
        Err(ReadError::Other(
            "this is a ZIP archive but not an Excel workbook or Word document \
             (it holds neither xl/workbook.xml nor word/document.xml)"
                .into(),
        ))
    }
}

/// The text encoding recorded for an imported file: for CSV and JSON the
/// encoding the text was decoded from (`UTF-8`, `UTF-16LE`, `UTF-16BE` or
/// `windows-1252`, see [`csv::decode`]); `None` for workbooks and Word
/// documents, whose XML carries its own.
pub fn encoding_name(kind: FileKind, bytes: &[u8]) -> Option<&'static str> {
    match kind {
        FileKind::Csv | FileKind::Json => Some(csv::encoding_name(bytes)),
        FileKind::Xlsx | FileKind::Docx => None,
    }
}

/// Reads `bytes`, already recognised as `kind`, into grids.
///
/// CSV and JSON give one grid, a workbook one per non-empty worksheet (or
/// just the sheet named by `sheet`), a Word document one per top-level
/// table. `sheet` is only meaningful for [`FileKind::Xlsx`]; with any other
/// kind it is an error.
pub fn read_grids<'a>(
    kind: FileKind,
    bytes: &'a [u8],
    sheet: Option<&str>,
) -> Result<Vec<Grid<'a>>, ReadError> {
    if sheet.is_some() && matches!(kind, FileKind::Csv | FileKind::Json) {
        let what = match kind {
            FileKind::Csv => "a CSV file",
            _ => "a JSON file",
        };
        return Err(ReadError::Other(format!(
            "{what} has no sheets; a sheet can be chosen in an Excel workbook, a table in a Word \
             document (\"Table 2\")"
        )));
    }
    match kind {
        FileKind::Csv => Ok(vec![csv::read(bytes)?]),
        FileKind::Xlsx => xlsx::read(bytes, sheet),
        FileKind::Docx => {
            let tables = docx::read(bytes)?;
            match sheet {
                None => Ok(tables),
                Some(wanted) => {
                    let fold = |s: &str| s.trim().to_lowercase();
                    let names: Vec<String> =
                        tables.iter().filter_map(|t| t.sheet.clone()).collect();
                    let chosen: Vec<Grid<'a>> = tables
                        .into_iter()
                        .filter(|t| t.sheet.as_deref().is_some_and(|n| fold(n) == fold(wanted)))
                        .collect();
                    if chosen.is_empty() {
                        return Err(ReadError::NoSuchSheet {
                            wanted: wanted.to_string(),
                            available: names.join(", "),
                        });
                    }
                    Ok(chosen)
                }
            }
        }
        FileKind::Json => Ok(vec![json::read(bytes)?]),
    }
}

/// A plain-text file's dated paragraphs as a grid (see
/// [`prose::text_paragraphs`]), for text that holds no table: `None` when
/// it cannot be decoded or fewer than three of its paragraphs are dated.
pub fn text_prose_grid(bytes: &[u8]) -> Option<Grid<'static>> {
    let (text, _) = csv::decode(bytes).ok()?;
    let rows = prose::rows(&prose::text_paragraphs(&text))?;
    Some(Grid {
        sheet: Some(prose::SHEET.to_string()),
        rows: Box::new(rows.into_iter().map(Ok)),
    })
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn zip_with(names: &[&str]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for name in names {
            writer
                .start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            writer.write_all(b"<x/>").unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    #[test]
    fn empty() {
        assert_eq!(detect("a.csv", b""), Err(ReadError::Empty));
    }

    #[test]
    fn zip_kinds() {
        let xlsx = zip_with(&["[Content_Types].xml", "xl/workbook.xml"]);
        assert_eq!(detect("whatever.bin", &xlsx), Ok(FileKind::Xlsx));
        let docx = zip_with(&["word/document.xml"]);
        assert_eq!(detect("chronology.xlsx", &docx), Ok(FileKind::Docx));
        let other = zip_with(&["readme.txt"]);
        assert!(
            matches!(detect("a.zip", &other), Err(ReadError::Other(m)) if m.contains("ZIP archive"))
        );
        let ods = zip_with(&["mimetype", "content.xml"]);
        assert!(
            matches!(detect("a.ods", &ods), Err(ReadError::Other(m)) if m.contains("OpenDocument"))
        );
    }

    #[test]
    fn truncated_zip_is_damaged() {
        let xlsx = zip_with(&["xl/workbook.xml", "xl/worksheets/sheet1.xml"]);
        let cut = &xlsx[..xlsx.len() / 2];
        assert!(matches!(
            detect("a.xlsx", cut),
            Err(ReadError::Damaged { .. })
        ));
        for end in 1..xlsx.len() {
            let _ = detect("a.xlsx", &xlsx[..end]);
        }
    }

    #[test]
    fn zip_named_file_that_is_not_zip() {
        assert!(matches!(
            detect("Chronology.XLSX", b"Date,Details\n"),
            Err(ReadError::Damaged { .. })
        ));
        assert!(matches!(
            detect("a.docx", b"hello"),
            Err(ReadError::Damaged { .. })
        ));
    }

    #[test]
    fn ole_files() {
        let mut plain = OLE_MAGIC.to_vec();
        plain.extend_from_slice(&[0u8; 600]);
        assert!(
            matches!(detect("old.xls", &plain), Err(ReadError::Other(m)) if m.contains("old-style"))
        );
        let mut encrypted = plain.clone();
        encrypted.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        encrypted.extend_from_slice(&[0u8; 40]);
        assert_eq!(
            detect("secret.xlsx", &encrypted),
            Err(ReadError::PasswordProtected)
        );
    }

    #[test]
    fn json_and_csv() {
        assert_eq!(detect("x.json", b"  {\"records\": []}"), Ok(FileKind::Json));
        assert_eq!(detect("export", b"\xEF\xBB\xBF[{}]"), Ok(FileKind::Json));
        assert_eq!(detect("x.csv", b"[redacted],b\n"), Ok(FileKind::Csv));
        assert_eq!(detect("x.json", b"Date,Details\n"), Ok(FileKind::Csv));
        assert_eq!(detect("x.csv", b"Date;Details\n"), Ok(FileKind::Csv));
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(
            "Date\tDetails\r\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        );
        assert_eq!(detect("x.txt", &utf16), Ok(FileKind::Csv));
    }

    #[test]
    fn other_formats_explained() {
        let html = detect(
            "export.xls",
            b"\r\n<html><table><tr><td>Date</td></tr></table></html>",
        );
        assert!(matches!(html, Err(ReadError::Other(m)) if m.contains("web page")));
        let rtf = detect("chronology.doc", b"{\\rtf1\\ansi Date}");
        assert!(matches!(rtf, Err(ReadError::Other(m)) if m.contains("Rich Text")));
        let pdf = detect("chronology.pdf", b"%PDF-1.7\n\x00\x01");
        assert!(matches!(pdf, Err(ReadError::Other(m)) if m.contains("PDF")));
    }

    #[test]
    fn binary_junk() {
        assert_eq!(
            detect("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
            Err(ReadError::NotText { offset: 8 })
        );
    }

    #[test]
    fn encoding_names() {
        assert_eq!(encoding_name(FileKind::Csv, b"a,b"), Some("UTF-8"));
        assert_eq!(
            encoding_name(FileKind::Csv, b"\xA3,b"),
            Some("windows-1252")
        );
        assert_eq!(
            encoding_name(FileKind::Json, b"\xFF\xFE[\x00"),
            Some("UTF-16LE")
        );
        assert_eq!(encoding_name(FileKind::Xlsx, b"PK"), None);
    }

    #[test]
    fn sheet_only_for_workbooks() {
        let err = read_grids(FileKind::Csv, b"a,b\n", Some("Sheet1")).err();
        assert!(matches!(err, Some(ReadError::Other(m)) if m.contains("has no sheets")));
        let grids = read_grids(FileKind::Csv, b"a,b\n1,2\n", None).unwrap();
        assert_eq!(grids.len(), 1);
    }

    proptest::proptest! {
        #[test]
        fn random_input_never_panics(
            bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..600),
            name in "[a-z]{1,4}\\.(csv|json|xlsx|docx|txt)",
            zip_start in proptest::bool::ANY,
        ) {
            let mut bytes = bytes;
            if zip_start {
                bytes.splice(0..0, ZIP_MAGIC.iter().copied());
            }
            let _ = detect(&name, &bytes);
            for kind in [FileKind::Csv, FileKind::Xlsx, FileKind::Docx, FileKind::Json] {
                if let Ok(grids) = read_grids(kind, &bytes, None) {
                    for grid in grids {
                        grid.rows.for_each(drop);
                    }
                }
            }
        }
    }

    #[test]
    fn nothing_panics_on_noise() {
        let mut seed = 99u32;
        for round in 0..300 {
            let mut bytes: Vec<u8> = (0..(round % 97))
                .map(|_| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
                    (seed >> 16) as u8
                })
                .collect();
            if round % 3 == 0 {
                let mut with_magic = ZIP_MAGIC.to_vec();
                with_magic.append(&mut bytes);
                bytes = with_magic;
            }
            let _ = detect("x", &bytes);
            for kind in [
                FileKind::Csv,
                FileKind::Xlsx,
                FileKind::Docx,
                FileKind::Json,
            ] {
                if let Ok(grids) = read_grids(kind, &bytes, None) {
                    for grid in grids {
                        grid.rows.for_each(drop);
                    }
                }
            }
        }
    }
}
