//! Workbook reader tests: values, dates, formulas and merged cells, choosing
//! the sheet, and damaged or hostile workbooks refused without a panic.

use std::io::Write;

use super::*;

const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

/// A workbook built from sheet XML bodies (the content of `<worksheet>`).
pub(crate) fn workbook(sheets: &[(&str, &str)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    let mut put = |name: &str, body: String| {
        writer.start_file(name, options).unwrap();
        writer.write_all(body.as_bytes()).unwrap();
    };
    let mut overrides = String::new();
    let mut sheet_list = String::new();
    let mut rels = String::new();
    for (i, (name, _)) in sheets.iter().enumerate() {
        let n = i + 1;
        overrides.push_str(&format!(
            r#"<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        ));
        sheet_list.push_str(&format!(
            r#"<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>"#
        ));
        rels.push_str(&format!(
            r#"<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>"#
        ));
    }
    put(
        "[Content_Types].xml",
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>{overrides}</Types>"#
        ),
    );
    put(
        "_rels/.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string(),
    );
    put(
        "xl/workbook.xml",
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{sheet_list}</sheets></workbook>"#
        ),
    );
    put(
        "xl/_rels/workbook.xml.rels",
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#
        ),
    );
    put(
        "xl/sharedStrings.xml",
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="3" uniqueCount="3"><si><t>Date</t></si><si><t>Details</t></si><si><t>Home visit &amp; check</t></si></sst>"#
        ),
    );
    // Styles: 0 general, 1 built-in date (14), 2 custom date-time,
    // 3 built-in time h:mm (20), 4 elapsed [h]:mm:ss (46).
    put(
        "xl/styles.xml",
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy hh:mm"/></numFmts><cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="20" applyNumberFormat="1"/><xf numFmtId="46" applyNumberFormat="1"/></cellXfs></styleSheet>"#
        ),
    );
    for (i, (_, body)) in sheets.iter().enumerate() {
        put(
            &format!("xl/worksheets/sheet{}.xml", i + 1),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">{body}</worksheet>"#
            ),
        );
    }
    writer.finish().unwrap().into_inner()
}

/// A chronology sheet starting at B3, with dates, a formula, an error,
/// a merged region and a blank row.
pub(crate) const CHRONOLOGY: &str = concat!(
    r#"<sheetData>"#,
    r#"<row r="3"><c r="B3" t="s"><v>0</v></c><c r="C3" t="s"><v>1</v></c><c r="D3" t="inlineStr"><is><t>Total</t></is></c></row>"#,
    r#"<row r="4"><c r="B4" s="1"><v>42075</v></c><c r="C4" t="s"><v>2</v></c><c r="D4"><f>1+2</f><v>3</v></c></row>"#,
    r#"<row r="5"><c r="B5" s="2"><v>42075.604166666664</v></c><c r="C5" t="str"><f>"a"&amp;"b"</f><v>ab</v></c><c r="D5" t="e"><v>#REF!</v></c></row>"#,
    r#"<row r="6"><c r="B6" t="b"><v>1</v></c><c r="C6"><v>1.5</v></c><c r="D6" s="3"><v>0.5</v></c></row>"#,
    r#"<row r="8"><c r="B8"><v>100</v></c><c r="C8" t="inlineStr"><is><t>Merged</t></is></c><c r="E8" s="4"><v>1.5</v></c></row>"#,
    r#"<row r="9"><c r="B9" s="1"><v>60</v></c><c r="C9"><f>""</f><v></v></c></row>"#,
    r#"<row r="10"><c r="B10"><v>0.1</v></c></row>"#,
    r#"</sheetData>"#,
    r#"<mergeCells count="1"><mergeCell ref="C8:D9"/></mergeCells>"#,
);

fn grid_rows(grid: Grid<'_>) -> Vec<GridRow> {
    grid.rows.collect::<Result<Vec<_>, _>>().unwrap()
}

fn texts(row: &GridRow) -> Vec<&str> {
    row.cells.iter().map(|c| c.text.as_str()).collect()
}

#[test]
fn reads_values_dates_formulas_and_merges() {
    let bytes = workbook(&[("Chronology", CHRONOLOGY), ("Empty", "<sheetData/>")]);
    let grids = read(&bytes, None).unwrap();
    assert_eq!(grids.len(), 1, "the empty sheet is left out");
    let grid = grids.into_iter().next().unwrap();
    assert_eq!(grid.sheet.as_deref(), Some("Chronology"));
    let rows = grid_rows(grid);
    let numbers: Vec<usize> = rows.iter().map(|r| r.number).collect();
    assert_eq!(numbers, [3, 4, 5, 6, 7, 8, 9, 10]);
    // Column A is present (empty) so a cell's index is its column.
    assert_eq!(texts(&rows[0]), ["", "Date", "Details", "Total", ""]);
    assert_eq!(
        texts(&rows[1]),
        ["", "2015-03-12", "Home visit & check", "3", ""]
    );
    assert_eq!(rows[1].cells[3].formula.as_deref(), Some("1+2"));
    assert_eq!(rows[1].cells[2].formula, None);
    assert_eq!(
        texts(&rows[2]),
        ["", "2015-03-12T14:30:00", "ab", "#REF!", ""]
    );
    assert_eq!(rows[2].cells[2].formula.as_deref(), Some("\"a\"&\"b\""));
    assert_eq!(texts(&rows[3]), ["", "TRUE", "1.5", "12:00:00", ""]);
    assert!(rows[4].is_blank());
    assert_eq!(texts(&rows[5]), ["", "100", "Merged", "Merged", "36:00:00"]);
    // Excel's phantom 29 February 1900 is given as Excel shows it.
    assert_eq!(texts(&rows[6]), ["", "1900-02-29", "Merged", "Merged", ""]);
    assert_eq!(
        rows[6].cells[2].formula, None,
        "a merged copy has no formula"
    );
    assert_eq!(texts(&rows[7]), ["", "0.1", "", "", ""]);
}

#[test]
fn sheet_selection() {
    let bytes = workbook(&[
        ("Notes", CHRONOLOGY),
        ("Chronology", CHRONOLOGY),
        ("Blank", "<sheetData/>"),
    ]);
    let all = read(&bytes, None).unwrap();
    let names: Vec<_> = all.iter().map(|g| g.sheet.clone().unwrap()).collect();
    assert_eq!(names, ["Notes", "Chronology"]);
    let one = read(&bytes, Some("chronology ")).unwrap();
    assert_eq!(one.len(), 1);
    assert_eq!(one[0].sheet.as_deref(), Some("Chronology"));
    let blank = read(&bytes, Some("Blank")).unwrap();
    assert_eq!(blank.into_iter().next().unwrap().rows.count(), 0);
    assert_eq!(
        read(&bytes, Some("Sheet9")).err(),
        Some(ReadError::NoSuchSheet {
            wanted: "Sheet9".into(),
            available: "Notes, Chronology, Blank".into()
        })
    );
    let empty = workbook(&[("Blank", "<sheetData/>")]);
    assert!(matches!(read(&empty, None), Err(ReadError::Other(_))));
}

#[test]
fn truncated_workbook_is_damaged_and_never_panics() {
    let bytes = workbook(&[("Chronology", CHRONOLOGY)]);
    assert!(matches!(
        read(&bytes[..bytes.len() - 10], None),
        Err(ReadError::Damaged { .. })
    ));
    for end in 0..bytes.len() {
        if let Ok(grids) = read(&bytes[..end], None) {
            grids.into_iter().for_each(|g| g.rows.for_each(drop));
        }
    }
}

/// Shown while fuzzing (docs/FUZZING.md, finding 2): one stray value in
/// the last cell of a sheet made `calamine` allocate the whole
/// 1,048,576 × 16,384 rectangle.
#[test]
fn stray_far_away_cell_is_refused_not_allocated() {
    let header = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Date</t></is></c></row>"#;
    let value = r#"<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#;
    let formula = r#"<row r="1048576"><c r="XFD1048576"><f>1+1</f></c></row>"#;
    for far in [value, formula] {
        let bytes = workbook(&[(
            "Chronology",
            &format!("<sheetData>{header}{far}</sheetData>"),
        )]);
        for sheet in [None, Some("Chronology")] {
            match read(&bytes, sheet) {
                Err(ReadError::Other(message)) => {
                    assert!(message.contains("too big"), "{message}");
                    assert!(message.contains("row 1048576"), "{message}");
                }
                Err(other) => panic!("unexpected error {other:?}"),
                Ok(_) => panic!("a 17-billion-cell sheet was read"),
            }
        }
    }
    // A far-away cell within the limit is still read.
    let near = r#"<row r="1000"><c r="AX1000"><v>1</v></c></row>"#;
    let bytes = workbook(&[(
        "Chronology",
        &format!("<sheetData>{header}{near}</sheetData>"),
    )]);
    let grids = read(&bytes, None).unwrap();
    let rows = grids.into_iter().next().map(grid_rows).unwrap();
    assert_eq!(rows.len(), 1000);
    assert_eq!(rows[999].cells.len(), 50);
}

/// Found by fuzzing (docs/FUZZING.md, finding 1): a damaged OLE compound
/// file handed to the workbook reader made `calamine` panic while looking
/// for an encrypted package.
#[test]
fn damaged_ole_file_is_refused_without_panicking() {
    // A 512-byte header (little-endian, 512-byte sectors) whose DIFAT
    // chain starts at sector 0, followed by a 1-byte "sector 0".
    let mut bytes = OLE_MAGIC.to_vec();
    bytes.resize(512, 0);
    bytes[0x18..0x1C].copy_from_slice(&[0x3E, 0, 3, 0]);
    bytes[0x1C..0x22].copy_from_slice(&[0xFE, 0xFF, 9, 0, 6, 0]);
    bytes[0x48..0x4C].copy_from_slice(&1u32.to_le_bytes());
    bytes[0x4C..].fill(0xFF);
    bytes.push(0xFF);
    assert!(matches!(read(&bytes, None), Err(ReadError::Other(_))));
}

#[test]
fn corrupt_sheet_xml_is_damaged() {
    let bytes = workbook(&[(
        "Broken",
        "<sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></row>",
    )]);
    assert!(matches!(read(&bytes, None), Err(ReadError::Damaged { .. })));
}

#[test]
fn text_helpers() {
    assert_eq!(number_text(3.0), "3");
    assert_eq!(number_text(-0.0), "0");
    assert_eq!(number_text(0.1 + 0.2), "0.30000000000000004");
    assert_eq!(number_text(1e21), "1000000000000000000000");
    assert_eq!(iso_text("2015-03-12T00:00:00"), "2015-03-12");
    assert_eq!(iso_text("2015-03-12T14:30:00"), "2015-03-12T14:30:00");
}

#[test]
fn a_date_cell_beyond_excels_calendar_keeps_its_number_instead_of_a_clamped_date() {
    let sheet = concat!(
        r#"<sheetData>"#,
        r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>"#,
        r#"<row r="2"><c r="A2" s="1"><v>99999999</v></c><c r="B2" t="s"><v>2</v></c></row>"#,
        r#"<row r="3"><c r="A3" s="1"><v>-5</v></c><c r="B3" t="s"><v>2</v></c></row>"#,
        r#"<row r="4"><c r="A4" s="1"><v>2958465</v></c><c r="B4" t="s"><v>2</v></c></row>"#,
        r#"</sheetData>"#,
    );
    let bytes = workbook(&[("Log", sheet)]);
    let mut grids = read(&bytes, None).unwrap();
    let rows = grid_rows(grids.remove(0));
    assert_eq!(rows[1].cells[0].text, "99999999");
    assert_eq!(rows[2].cells[0].text, "-5");
    assert_eq!(rows[3].cells[0].text, "9999-12-31");
}

/// Two hundred sheets, each with one stray cell far from A1: each sheet is
/// within the limit, the workbook is not, and it is refused before any
/// sheet's rectangle is built.
#[test]
fn many_sheets_with_stray_cells_are_refused_before_any_is_built() {
    let body = concat!(
        r#"<sheetData>"#,
        r#"<row r="1"><c r="A1"><v>1</v></c></row>"#,
        r#"<row r="20000"><c r="GR20000"><v>1</v></c></row>"#,
        r#"</sheetData>"#,
    );
    let names: Vec<String> = (0..200).map(|i| format!("S{i}")).collect();
    let sheets: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), body)).collect();
    let bytes = workbook(&sheets);
    match read(&bytes, None) {
        Err(ReadError::Other(m)) => assert!(m.contains("200 sheets"), "{m}"),
        Err(e) => panic!("{e:?}"),
        Ok(_) => panic!("a 200-sheet workbook of stray cells was read"),
    };
}

/// A workbook whose shared strings unpack to hundreds of megabytes from a
/// few: refused before they are held in memory.
#[test]
fn a_workbook_that_unpacks_to_too_much_is_refused() {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    writer.start_file("xl/sharedStrings.xml", options).unwrap();
    let block = vec![b'a'; 1 << 20];
    for _ in 0..300 {
        writer.write_all(&block).unwrap();
    }
    let bytes = writer.finish().unwrap().into_inner();
    assert!(bytes.len() < 2_000_000, "{} bytes", bytes.len());
    match read(&bytes, None) {
        Err(ReadError::Other(m)) => assert!(m.contains("sharedStrings"), "{m}"),
        Err(e) => panic!("{e:?}"),
        Ok(_) => panic!("read"),
    };
}

/// A cell of a shared formula carries no formula text of its own; when the
/// formula's first cell is missing (a damaged or hand-edited workbook),
/// `calamine` gives the cell no formula at all. It is still a formula cell,
/// and its cached value must not pass for a value typed by hand.
#[test]
fn orphan_shared_formula_cell_is_a_formula_cell() {
    let body = concat!(
        r#"<sheetData>"#,
        r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>"#,
        // A well-formed shared formula: its first cell, then one more.
        r#"<row r="2"><c r="A2"><f t="shared" ref="A2:A3" si="0">44000+1</f><v>44001</v></c><c r="B2" t="inlineStr"><is><t>Visit</t></is></c></row>"#,
        r#"<row r="3"><c r="A3"><f t="shared" si="0"/><v>44002</v></c><c r="B3" t="inlineStr"><is><t>Call</t></is></c></row>"#,
        // An orphan: shared formula 7 has no first cell anywhere.
        r#"<row r="4"><c r="A4"><f t="shared" si="7"/><v>44003</v></c><c r="B4" t="inlineStr"><is><t>Letter</t></is></c></row>"#,
        r#"<row r="5"><c r="A5"><v>44004</v></c><c r="B5" t="inlineStr"><is><t>Review</t></is></c></row>"#,
        r#"</sheetData>"#,
    );
    let bytes = workbook(&[("Chronology", body)]);
    for sheet in [None, Some("Chronology")] {
        let grid = read(&bytes, sheet).unwrap().into_iter().next().unwrap();
        let rows = grid_rows(grid);
        assert_eq!(rows[1].cells[0].formula.as_deref(), Some("44000+1"));
        assert!(
            rows[2].cells[0].formula.is_some(),
            "a shared formula's later cell"
        );
        assert_eq!(
            rows[3].cells[0].formula.as_deref(),
            Some(ORPHAN_FORMULA),
            "the orphan cell is a formula cell"
        );
        assert_eq!(rows[3].cells[0].text, "44003", "its cached value is kept");
        assert_eq!(rows[4].cells[0].formula, None, "a typed value");
        assert_eq!(rows[3].cells[1].formula, None);
    }
}
