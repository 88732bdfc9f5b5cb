//! Comma-, semicolon-, tab- or pipe-separated text.
//!
//! The text is decoded once (UTF-8 with or without a BOM, UTF-16 with a BOM,
//! otherwise Windows-1252), the delimiter is chosen by trying each candidate
//! on the first records, and then rows are parsed lazily by the `csv` crate
//! straight from the decoded text, so a million-row file is never held as a
//! vector of rows.

use std::borrow::Cow;
use std::io;
use std::rc::Rc;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

use super::table::{Cell, Grid, GridRow, ReadError, Rows};

/// How much of the file is examined for binary content.
const SAMPLE_BYTES: usize = 64 * 1024;

/// How many records are parsed with each candidate delimiter.
const SAMPLE_RECORDS: usize = 50;

/// The delimiters tried, in order of preference when they score the same.
const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];

/// Decodes the bytes of a text file.
///
/// A byte-order mark decides the encoding (UTF-8, UTF-16LE or UTF-16BE) and
/// is removed; without one, text that is valid UTF-8 is UTF-8 and anything
/// else is read as Windows-1252. Returns the text (borrowed when no decoding
/// was needed) and the name of the encoding used (`UTF-8`, `UTF-16LE`,
/// `UTF-16BE` or `windows-1252`).
///
/// Fails with [`ReadError::NotText`] when the start of the file holds binary
/// data (a NUL, or many control characters) rather than text.
pub fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, &'static str), ReadError> {
    check_text(bytes)?;
    let (encoding, bom_len) = sniff(bytes);
    let body = bytes.get(bom_len..).unwrap_or_default();
    if encoding == UTF_8 {
        if let Ok(text) = std::str::from_utf8(body) {
            return Ok((Cow::Borrowed(text), UTF_8.name()));
        }
    }
    // A file of mostly UTF-8 with a line or two saved in Windows-1252 (rows
    // pasted in from another system): each line in the encoding it reads
    // in, so "Zoë" stays "Zoë" in the UTF-8 lines.
    if encoding == WINDOWS_1252 && has_utf8_sequences(body) {
        return Ok((Cow::Owned(decode_by_line(body)), MIXED));
    }
    // Invalid UTF-8 after a UTF-8 BOM is decoded with replacement characters.
    let (text, _had_errors) = encoding.decode_without_bom_handling(body);
    Ok((text, encoding.name()))
}

/// True when the bytes hold at least one well-formed UTF-8 sequence of two
/// bytes or more (which Windows-1252 text almost never does).
fn has_utf8_sequences(bytes: &[u8]) -> bool {
    let mut rest = bytes;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(text) => return text.bytes().any(|b| b >= 0x80),
            Err(e) => {
                let (good, _) = rest.split_at(e.valid_up_to());
                // The good part is valid UTF-8; checked above for this case.
                if good.iter().any(|&b| b >= 0x80) {
                    return true;
                }
                let skip =
                    e.valid_up_to() + e.error_len().unwrap_or(rest.len() - e.valid_up_to()).max(1);
                rest = rest.get(skip..).unwrap_or_default();
            }
        }
    }
    false
}

/// Decodes line by line: UTF-8 where a line is valid UTF-8, Windows-1252
/// where it is not.
fn decode_by_line(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 8);
    for line in bytes.split_inclusive(|&b| b == b'\n') {
        match std::str::from_utf8(line) {
            Ok(text) => out.push_str(text),
            Err(_) => out.push_str(&WINDOWS_1252.decode_without_bom_handling(line).0),
        }
    }
    out
}

/// The name of the encoding [`decode`] would use, found without decoding:
/// `UTF-8`, `UTF-16LE`, `UTF-16BE`, `windows-1252`, or `UTF-8 and
/// windows-1252` for a file that mixes them line by line.
pub fn encoding_name(bytes: &[u8]) -> &'static str {
    let (encoding, bom_len) = sniff(bytes);
    if encoding == WINDOWS_1252 && has_utf8_sequences(bytes.get(bom_len..).unwrap_or_default()) {
        return MIXED;
    }
    encoding.name()
}

/// The name a file of UTF-8 lines and Windows-1252 lines is recorded under.
const MIXED: &str = "UTF-8 and windows-1252";

/// The encoding of a text file and the length of its byte-order mark.
fn sniff(bytes: &[u8]) -> (&'static Encoding, usize) {
    if let Some(found) = Encoding::for_bom(bytes) {
        return found;
    }
    if std::str::from_utf8(bytes).is_ok() {
        (UTF_8, 0)
    } else {
        (WINDOWS_1252, 0)
    }
}

/// Checks that the start of the file (its first 64 KiB) looks like text:
/// no NUL character, and not a high share of control characters other than
/// tab, line feed, form feed and carriage return. UTF-16 with a byte-order
/// mark is checked by code unit. The error gives the byte offset of the first
/// offending byte.
pub(crate) fn check_text(bytes: &[u8]) -> Result<(), ReadError> {
    let sample = bytes.get(..SAMPLE_BYTES).unwrap_or(bytes);
    let utf16 = match Encoding::for_bom(sample) {
        Some((enc, bom_len)) if enc == UTF_16LE || enc == UTF_16BE => {
            Some((enc == UTF_16LE, bom_len))
        }
        _ => None,
    };
    let mut controls = 0usize;
    let mut total = 0usize;
    let mut first_control = None;
    let mut see = |offset: usize, unit: u16| -> Result<(), ReadError> {
        total += 1;
        if unit == 0 {
            return Err(ReadError::NotText { offset });
        }
        let control = (unit < 0x20 && !matches!(unit, 0x09 | 0x0a | 0x0c | 0x0d)) || unit == 0x7f;
        if control {
            controls += 1;
            first_control.get_or_insert(offset);
        }
        Ok(())
    };
    match utf16 {
        Some((little_endian, bom_len)) => {
            let body = sample.get(bom_len..).unwrap_or_default();
            for (i, pair) in body.chunks_exact(2).enumerate() {
                let bytes = [
                    pair.first().copied().unwrap_or(0),
                    pair.get(1).copied().unwrap_or(0),
                ];
                let unit = if little_endian {
                    u16::from_le_bytes(bytes)
                } else {
                    u16::from_be_bytes(bytes)
                };
                see(bom_len + 2 * i, unit)?;
            }
        }
        None => {
            if let Some(encoding) = utf16_without_bom(sample) {
                return Err(ReadError::Other(format!(
                    "the file looks like {encoding} text without a byte-order mark, so its \
                     encoding cannot be known for certain; save it as \"CSV UTF-8\" and import it again"
                )));
            }
            for (offset, &byte) in sample.iter().enumerate() {
                see(offset, u16::from(byte))?;
            }
        }
    }
    // More than 5% control characters (and more than a stray two) is binary.
    if controls > 2 && controls * 20 > total {
        if let Some(offset) = first_control {
            return Err(ReadError::NotText { offset });
        }
    }
    Ok(())
}

/// `UTF-16LE` or `UTF-16BE` when `sample` (with no byte-order mark) has a
/// NUL in nearly every other byte and almost nowhere else, as ASCII-range
/// text in UTF-16 does.
fn utf16_without_bom(sample: &[u8]) -> Option<&'static str> {
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let (mut first_nul, mut second_nul) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        first_nul += usize::from(pair.first() == Some(&0));
        second_nul += usize::from(pair.get(1) == Some(&0));
    }
    let most = |n: usize| n * 10 >= pairs * 8;
    let few = |n: usize| n * 20 <= pairs;
    if most(second_nul) && few(first_nul) {
        Some("UTF-16LE")
    } else if most(first_nul) && few(second_nul) {
        Some("UTF-16BE")
    } else {
        None
    }
}

/// A `csv` reader configured as Sightline reads delimited text: no header
/// handling (every row is returned), rows of differing lengths allowed,
/// fields quoted with `"` (a doubled `""` inside is one quote).
fn builder(delimiter: u8) -> ::csv::ReaderBuilder {
    let mut builder = ::csv::ReaderBuilder::new();
    builder
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .quote(b'"')
        .double_quote(true);
    builder
}

/// Chooses the delimiter of decoded text: each of `,` `;` tab `|` is tried on
/// the first 50 records, and the one whose commonest field count (which must
/// be more than 1) is shared by the most records wins, then the one giving
/// more fields, then the earlier in that list. Text in which no candidate
/// splits the records is read as comma-separated (one column).
pub fn delimiter(text: &str) -> u8 {
    let mut best = (b',', 0usize, 0usize);
    for &candidate in &CANDIDATES {
        let mut reader = builder(candidate).from_reader(text.as_bytes());
        let mut record = ::csv::ByteRecord::new();
        let mut counts: Vec<usize> = Vec::with_capacity(SAMPLE_RECORDS);
        while counts.len() < SAMPLE_RECORDS {
            match reader.read_byte_record(&mut record) {
                Ok(true) => counts.push(record.len()),
                Ok(false) | Err(_) => break,
            }
        }
        let (fields, agreeing) = commonest(&counts);
        if fields > 1 && (agreeing, fields) > (best.1, best.2) {
            best = (candidate, agreeing, fields);
        }
    }
    best.0
}

/// The most frequent value in `counts` (the larger one on a tie) and how
/// often it occurs.
fn commonest(counts: &[usize]) -> (usize, usize) {
    let mut sorted = counts.to_vec();
    sorted.sort_unstable();
    let mut best = (0usize, 0usize);
    for run in sorted.chunk_by(|a, b| a == b) {
        if let Some(&value) = run.first() {
            if run.len() >= best.1 {
                best = (value, run.len());
            }
        }
    }
    best
}

/// Reads delimited text into one grid (sheet `None`) holding every row,
/// including the first, numbered by the line on which each record starts.
/// Rows are parsed lazily as the grid is iterated.
pub fn read(bytes: &[u8]) -> Result<Grid<'_>, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    let (text, _encoding) = decode(bytes)?;
    if text.is_empty() {
        return Err(ReadError::Empty);
    }
    let delimiter = delimiter(&text);
    let text = match text {
        Cow::Borrowed(text) => Text::Borrowed(text),
        Cow::Owned(text) => Text::Shared(Rc::new(text)),
    };
    let rows: Rows<'_> = Box::new(CsvRows {
        reader: builder(delimiter).from_reader(io::Cursor::new(text.clone())),
        text,
        record: ::csv::StringRecord::new(),
        counted_to: 0,
        breaks: 0,
        done: false,
    });
    Ok(Grid { sheet: None, rows })
}

/// The decoded text, shared by the parser and the line counter: borrowed
/// from the file when it needed no decoding, otherwise owned.
#[derive(Clone)]
enum Text<'a> {
    Borrowed(&'a str),
    Shared(Rc<String>),
}

impl AsRef<[u8]> for Text<'_> {
    fn as_ref(&self) -> &[u8] {
        match self {
            Text::Borrowed(text) => text.as_bytes(),
            Text::Shared(text) => text.as_bytes(),
        }
    }
}

/// The lazy row iterator over decoded text.
struct CsvRows<'a> {
    reader: ::csv::Reader<io::Cursor<Text<'a>>>,
    text: Text<'a>,
    record: ::csv::StringRecord,
    /// The byte offset up to which line breaks have been counted.
    counted_to: usize,
    /// The line breaks before `counted_to`.
    breaks: usize,
    done: bool,
}

impl CsvRows<'_> {
    /// The 1-based line on which the record reported at byte offset `byte`
    /// starts. (The `csv` crate's own `Position::line` lags by one after a
    /// CRLF and never counts a lone CR, and its byte offset can point at
    /// the previous record's terminator, so the count is made here: `\n`,
    /// `\r\n` and a lone `\r` are each one line break.)
    fn line_at(&mut self, byte: u64) -> usize {
        let bytes = self.text.as_ref();
        let mut start = usize::try_from(byte).unwrap_or(usize::MAX).min(bytes.len());
        while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        if start < self.counted_to {
            self.counted_to = 0;
            self.breaks = 0;
        }
        let span = bytes.get(self.counted_to..start).unwrap_or_default();
        for (i, &b) in span.iter().enumerate() {
            let next = bytes.get(self.counted_to + i + 1);
            if b == b'\n' || (b == b'\r' && next != Some(&b'\n')) {
                self.breaks += 1;
            }
        }
        self.counted_to = start;
        self.breaks + 1
    }
}

impl Iterator for CsvRows<'_> {
    type Item = Result<GridRow, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.reader.read_record(&mut self.record) {
            Ok(true) => {
                let byte = self.record.position().map_or(0, |p| p.byte());
                let number = self.line_at(byte);
                let cells = self.record.iter().map(Cell::text).collect();
                Some(Ok(GridRow { number, cells }))
            }
            Ok(false) => {
                self.done = true;
                None
            }
            Err(error) => {
                self.done = true;
                let line = match error.position() {
                    Some(p) => self.line_at(p.byte()),
                    None => 0,
                };
                Some(Err(ReadError::Other(format!(
                    "the text could not be read as delimited rows near line {line}: {error}"
                ))))
            }
        }
    }
}

#[cfg(test)]
mod tests;
