//! CSV reader tests: encodings (UTF-8 with or without a byte order mark,
//! Windows-1252, UTF-16), the delimiter, quoted fields, line numbers for
//! every line ending, and junk refused without a panic.

use super::*;

fn rows(bytes: &[u8]) -> Vec<GridRow> {
    let grid = read(bytes).expect("readable");
    assert_eq!(grid.sheet, None);
    grid.rows.collect::<Result<Vec<_>, _>>().expect("rows")
}

fn texts(row: &GridRow) -> Vec<&str> {
    row.cells.iter().map(|c| c.text.as_str()).collect()
}

#[test]
fn utf8_with_bom_is_stripped() {
    let (text, enc) = decode(b"\xEF\xBB\xBFDate,Details\n").unwrap();
    assert_eq!(text, "Date,Details\n");
    assert_eq!(enc, "UTF-8");
    let rows = rows(b"\xEF\xBB\xBFDate,Details\n12/03/2015,Visit\n");
    assert_eq!(texts(&rows[0]), ["Date", "Details"]);
    assert_eq!(rows[1].number, 2);
}

#[test]
fn plain_utf8_is_borrowed() {
    let (text, enc) = decode("Caf\u{e9},x".as_bytes()).unwrap();
    assert!(matches!(text, Cow::Borrowed(_)));
    assert_eq!(enc, "UTF-8");
}

#[test]
fn windows_1252_fallback() {
    let bytes = b"Cost,Name\n\xA35,Zo\xEB\n";
    let (text, enc) = decode(bytes).unwrap();
    assert_eq!(enc, "windows-1252");
    assert_eq!(text, "Cost,Name\n\u{a3}5,Zo\u{eb}\n");
    let rows = rows(bytes);
    assert_eq!(texts(&rows[1]), ["£5", "Zoë"]);
}

#[test]
fn utf16le_excel_unicode_text() {
    let mut bytes = vec![0xFF, 0xFE];
    for unit in "Date\tDetails\r\n12/03/2015\tZoë £5\r\n".encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    let (_, enc) = decode(&bytes).unwrap();
    assert_eq!(enc, "UTF-16LE");
    let rows = rows(&bytes);
    assert_eq!(texts(&rows[0]), ["Date", "Details"]);
    assert_eq!(texts(&rows[1]), ["12/03/2015", "Zoë £5"]);
    assert_eq!(rows[1].number, 2);
}

#[test]
fn utf16_without_bom_is_refused_by_name() {
    let le: Vec<u8> = "Date,Details\r\n1,2\r\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let be: Vec<u8> = "Date,Details\r\n1,2\r\n"
        .encode_utf16()
        .flat_map(u16::to_be_bytes)
        .collect();
    assert!(matches!(decode(&le), Err(ReadError::Other(m)) if m.contains("UTF-16LE")));
    assert!(matches!(decode(&be), Err(ReadError::Other(m)) if m.contains("UTF-16BE")));
}

#[test]
fn utf16be_with_bom() {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in "a;b\n1;2\n".encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    let (_, enc) = decode(&bytes).unwrap();
    assert_eq!(enc, "UTF-16BE");
    assert_eq!(texts(&rows(&bytes)[1]), ["1", "2"]);
}

#[test]
fn semicolon_detected_despite_commas_in_text() {
    let text = "Date;Details;Outcome\n12/03/2015;Mother said, child fine;None\n13/03/2015;Visit;Closed, no action\n";
    assert_eq!(delimiter(text), b';');
    let rows = rows(text.as_bytes());
    assert_eq!(
        texts(&rows[1]),
        ["12/03/2015", "Mother said, child fine", "None"]
    );
}

#[test]
fn comma_detected_despite_semicolons_in_text() {
    let text =
        "Date,Details,Outcome\n12/03/2015,Mother said; child fine,None\n13/03/2015,Visit,Closed\n";
    assert_eq!(delimiter(text), b',');
}

#[test]
fn tab_and_pipe_detected() {
    assert_eq!(delimiter("Date\tDetails\n1\t2\n3\t4\n"), b'\t');
    assert_eq!(delimiter("Date|Details|X\n1|2|3\n3|4|5\n"), b'|');
    // One column: nothing splits, comma by default.
    assert_eq!(delimiter("Details\nVisit\n"), b',');
}

#[test]
fn quoted_fields_with_newlines_and_delimiters_keep_line_numbers() {
    let text = "Date,Details,Outcome\r\n\
                12/03/2015,\"Visit, home\r\nsecond line\r\nthird\",\"Said \"\"no\"\"\"\r\n\
                \r\n\
                13/03/2015,Call,Done\r\n";
    let rows = rows(text.as_bytes());
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0].number, 1);
    assert_eq!(rows[1].number, 2);
    assert_eq!(
        texts(&rows[1]),
        [
            "12/03/2015",
            "Visit, home\r\nsecond line\r\nthird",
            "Said \"no\""
        ]
    );
    // The blank line 5 is skipped by the parser; line numbers stay true.
    assert_eq!(rows[2].number, 6);
    assert_eq!(texts(&rows[2]), ["13/03/2015", "Call", "Done"]);
}

#[test]
fn line_numbers_for_every_line_ending() {
    for text in [
        "a,b\nc,d\n\ne,\"f\ng\"\nh,i",
        "a,b\r\nc,d\r\n\r\ne,\"f\r\ng\"\r\nh,i",
        "a,b\rc,d\r\re,\"f\rg\"\rh,i\r",
        "\n\na,b\nc,d\n\ne,\"f\ng\"\nh,i\n",
    ] {
        let leading = if text.starts_with('\n') { 2 } else { 0 };
        let numbers: Vec<usize> = rows(text.as_bytes())
            .iter()
            .map(|r| r.number - leading)
            .collect();
        assert_eq!(numbers, [1, 2, 4, 6], "{text:?}");
    }
}

#[test]
fn ragged_rows_are_kept() {
    let rows = rows(b"Title of chronology\nDate,Details,Outcome\n1,2,3\n4,5\n");
    assert_eq!(rows.len(), 4);
    assert_eq!(texts(&rows[0]), ["Title of chronology"]);
    assert_eq!(texts(&rows[3]), ["4", "5"]);
}

#[test]
fn binary_junk_is_not_text() {
    assert_eq!(
        decode(b"Date,Details\n\x00\x01binary").unwrap_err(),
        ReadError::NotText { offset: 13 }
    );
    let junk: Vec<u8> = (0..4000u32).map(|i| (i * 7 % 31) as u8 + 1).collect();
    assert!(matches!(read(&junk), Err(ReadError::NotText { .. })));
    // A stray control character or two is still text.
    assert!(read(b"Date,Details\n1,\x0bvertical tab\n").is_ok());
}

#[test]
fn empty_input() {
    assert_eq!(read(b"").err(), Some(ReadError::Empty));
    assert_eq!(read(b"\xEF\xBB\xBF").err(), Some(ReadError::Empty));
}

#[test]
fn rows_are_lazy_over_large_input() {
    let mut text = String::from("Date,Details\n");
    for i in 0..20_000 {
        text.push_str(&format!("{i},row {i}\n"));
    }
    let grid = read(text.as_bytes()).unwrap();
    let last = grid.rows.last().unwrap().unwrap();
    assert_eq!(last.number, 20_001);
    assert_eq!(texts(&last), ["19999", "row 19999"]);
}

#[test]
fn never_panics_on_prefixes_or_noise() {
    let text: &[u8] = b"Date;\"Details\"\r\n1;\"a\"\"b\nc\"\r\n\xA3";
    for end in 0..=text.len() {
        if let Ok(grid) = read(&text[..end]) {
            for row in grid.rows {
                let _ = row;
            }
        }
    }
    let mut seed = 12345u32;
    for _ in 0..200 {
        let bytes: Vec<u8> = (0..64)
            .map(|_| {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
                (seed >> 16) as u8
            })
            .collect();
        if let Ok(grid) = read(&bytes) {
            grid.rows.for_each(drop);
        };
    }
}

/// A UTF-8 file with one row saved in Windows-1252: every line is read in
/// the encoding it is in, so "Zoë" stays "Zoë" and "Renée" (1252) reads too.
#[test]
fn a_file_mixing_utf8_and_windows_1252_lines_reads_each_line_right() {
    let mut bytes = "Date,Details\n12/03/2021,Zoë seen at home\n"
        .as_bytes()
        .to_vec();
    bytes.extend_from_slice(b"13/03/2021,Ren\xe9e phoned\n");
    bytes.extend_from_slice("14/03/2021,Zoë at school\n".as_bytes());
    let (text, encoding) = decode(&bytes).unwrap();
    assert_eq!(
        text,
        "Date,Details\n12/03/2021,Zoë seen at home\n13/03/2021,Renée phoned\n14/03/2021,Zoë at school\n"
    );
    assert_eq!(encoding, "UTF-8 and windows-1252");
    assert_eq!(encoding_name(&bytes), encoding);
    // A plain Windows-1252 file is still read as one.
    let (text, encoding) = decode(b"Date,Details\n13/03/2021,Ren\xe9e phoned\n").unwrap();
    assert_eq!(text, "Date,Details\n13/03/2021,Renée phoned\n");
    assert_eq!(encoding, "windows-1252");
}
