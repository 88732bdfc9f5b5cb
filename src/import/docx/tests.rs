//! Tests of reading chronology tables from Word documents.

use std::io::Write;

use super::*;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

fn document(body: &str) -> Vec<u8> {
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}" xmlns:mc="{MC_NAMESPACE}"><w:body>{body}</w:body></w:document>"#
    );
    docx_with(xml.as_bytes())
}

fn docx_with(xml: &[u8]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    writer.start_file("[Content_Types].xml", options).unwrap();
    writer.write_all(b"<Types/>").unwrap();
    writer.start_file("word/document.xml", options).unwrap();
    writer.write_all(xml).unwrap();
    writer.finish().unwrap().into_inner()
}

fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
}

fn tc(props: &str, content: &str) -> String {
    format!("<w:tc><w:tcPr>{props}</w:tcPr>{content}</w:tc>")
}

fn texts(row: &GridRow) -> Vec<&str> {
    row.cells.iter().map(|c| c.text.as_str()).collect()
}

fn tables(bytes: &[u8]) -> Vec<(String, Vec<GridRow>)> {
    read(bytes)
        .unwrap()
        .into_iter()
        .map(|g| {
            (
                g.sheet.unwrap(),
                g.rows.collect::<Result<Vec<_>, _>>().unwrap(),
            )
        })
        .collect()
}

fn chronology() -> Vec<u8> {
    let header = format!(
        "<w:tr>{}{}{}</w:tr>",
        tc("", &p("Date")),
        tc("", &p("Details")),
        tc("", &p("Outcome"))
    );
    let first = format!(
        "<w:tr>{}{}</w:tr>",
        tc(r#"<w:vMerge w:val="restart"/>"#, &p("12/03/2015")),
        tc(
            r#"<w:gridSpan w:val="2"/>"#,
            concat!(
                r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>"#,
                r#"<w:r><w:t xml:space="preserve">Visit &amp; </w:t><w:tab/><w:t>check &#x2013; &lt;ok&gt;</w:t><w:br/><w:t>line 2</w:t></w:r></w:p>"#,
                r#"<w:p><w:r><w:delText>deleted</w:delText><w:instrText>PAGE</w:instrText><w:t>para 2</w:t></w:r><w:moveFrom w:id="1"><w:r><w:t>moved</w:t></w:r></w:moveFrom></w:p>"#
            )
        )
    );
    let nested = format!(
        "<w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>",
        tc("", &p("n1")),
        tc("", &p("n2")),
        tc("", &p("n3")),
        tc("", &p("n4"))
    );
    let second = format!(
        "<w:tr>{}{}{}</w:tr>",
        tc("<w:vMerge/>", "<w:p/>"),
        tc("", &format!("{}{}{}", p("Before"), nested, p("After"))),
        tc(
            "",
            concat!(
                r#"<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:t>shown</w:t></mc:Choice>"#,
                r#"<mc:Fallback><w:t>fallback copy</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>"#
            )
        )
    );
    let third = format!(
        r#"<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>{}{}</w:tr>"#,
        tc("", &p("B")),
        tc("", &p("C"))
    );
    let empty_row = "<w:tr></w:tr>";
    let table2 = format!("<w:tbl><w:tr>{}</w:tr></w:tbl>", tc("", &p("Second table")));
    document(&format!(
        "{}<w:tbl><w:tblPr/><w:tblGrid/>{header}{first}{second}{third}{empty_row}</w:tbl>{}{table2}",
        p("Chronology of events"),
        p("")
    ))
}

#[test]
fn reads_tables_with_merges_spans_and_nesting() {
    let tables = tables(&chronology());
    assert_eq!(tables.len(), 2, "the nested table is not a grid of its own");
    let (name, rows) = &tables[0];
    assert_eq!(name, "Table 1");
    assert_eq!(rows.len(), 5);
    let numbers: Vec<usize> = rows.iter().map(|r| r.number).collect();
    assert_eq!(numbers, [1, 2, 3, 4, 5]);
    assert_eq!(texts(&rows[0]), ["Date", "Details", "Outcome"]);
    assert_eq!(
        texts(&rows[1]),
        [
            "12/03/2015",
            "Visit & \tcheck \u{2013} <ok>\nline 2\npara 2",
            ""
        ]
    );
    assert_eq!(
        texts(&rows[2]),
        ["12/03/2015", "Before\nn1\tn2\nn3\tn4\nAfter", "shown"]
    );
    assert_eq!(texts(&rows[3]), ["", "B", "C"]);
    assert!(rows[4].cells.is_empty());
    let (name, rows) = &tables[1];
    assert_eq!(name, "Table 2");
    assert_eq!(texts(&rows[0]), ["Second table"]);
}

#[test]
fn vertical_merge_chains() {
    let row = |props: &str, text: &str| {
        format!("<w:tr>{}{}</w:tr>", tc(props, &p(text)), tc("", &p("x")))
    };
    let bytes = document(&format!(
        "<w:tbl>{}{}{}{}</w:tbl>",
        row(r#"<w:vMerge w:val="restart"/>"#, "A"),
        row("<w:vMerge/>", ""),
        row(r#"<w:vMerge w:val="continue"/>"#, "ignored"),
        row("", "D")
    ));
    let tables = tables(&bytes);
    let firsts: Vec<&str> = tables[0]
        .1
        .iter()
        .map(|r| r.cells[0].text.as_str())
        .collect();
    assert_eq!(firsts, ["A", "A", "A", "D"]);
}

#[test]
fn no_table() {
    assert_eq!(
        read(&document(&p("Just prose"))).err(),
        Some(ReadError::NoTable)
    );
}

#[test]
fn not_a_word_document() {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    writer
        .start_file("xl/workbook.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    let bytes = writer.finish().unwrap().into_inner();
    assert!(matches!(read(&bytes), Err(ReadError::Damaged { .. })));
}

#[test]
fn bad_xml_is_damaged() {
    let bytes =
        docx_with(format!(r#"<w:document xmlns:w="{W}"><w:body><w:tbl><w:tr></w:tbl>"#).as_bytes());
    assert!(matches!(read(&bytes), Err(ReadError::Damaged { .. })));
    let cut = docx_with(format!(r#"<w:document xmlns:w="{W}"><w:body><w:tbl><w:tr>"#).as_bytes());
    assert!(matches!(read(&cut), Err(ReadError::Damaged { .. })));
    let not_utf8 = docx_with(b"<w:document>\xff</w:document>");
    assert!(matches!(read(&not_utf8), Err(ReadError::Damaged { .. })));
}

#[test]
fn pathological_nesting_is_refused() {
    let deep = format!(
        r#"<w:document xmlns:w="{W}">{}{}</w:document>"#,
        "<w:x>".repeat(100_000),
        "</w:x>".repeat(100_000)
    );
    assert!(matches!(
        read(&docx_with(deep.as_bytes())),
        Err(ReadError::Other(_))
    ));
    let tables = format!(
        r#"<w:document xmlns:w="{W}"><w:body>{}{}</w:body></w:document>"#,
        "<w:tbl><w:tr><w:tc>".repeat(50),
        "</w:tc></w:tr></w:tbl>".repeat(50)
    );
    assert!(matches!(
        read(&docx_with(tables.as_bytes())),
        Err(ReadError::Other(_))
    ));
    let huge_span = document(&format!(
        "<w:tbl><w:tr>{}</w:tr></w:tbl>",
        tc(r#"<w:gridSpan w:val="99999999999999999999"/>"#, &p("wide"))
    ));
    let tables = self::tables(&huge_span);
    assert_eq!(tables[0].1[0].cells.len(), 1);
    let wide = document(&format!(
        "<w:tbl><w:tr>{}</w:tr></w:tbl>",
        tc(r#"<w:gridSpan w:val="5000"/>"#, &p("wide"))
    ));
    assert_eq!(self::tables(&wide)[0].1[0].cells.len(), MAX_COLUMNS);
}

#[test]
fn truncated_and_corrupt_never_panic() {
    let bytes = chronology();
    assert!(matches!(
        read(&bytes[..bytes.len() - 30]),
        Err(ReadError::Damaged { .. })
    ));
    for end in 0..bytes.len() {
        if let Ok(grids) = read(&bytes[..end]) {
            grids.into_iter().for_each(|g| g.rows.for_each(drop));
        }
    }
    // Corrupt the (stored, uncompressed) XML byte by byte.
    let xml = {
        let mut archive = zip::ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
        let mut s = String::new();
        archive
            .by_name("word/document.xml")
            .unwrap()
            .read_to_string(&mut s)
            .unwrap();
        s
    };
    for i in (0..xml.len()).step_by(7) {
        let mut broken = xml.clone().into_bytes();
        broken[i] = b"<>&/\"x\0"[i % 7];
        let _ = read(&docx_with(&broken));
    }
}

/// A Word chronology that continues in a second table: without a table
/// named, the import asks which (never reads one silently); `--sheet
/// "Table 2"` reads the second.
#[test]
fn a_document_with_two_chronology_tables_is_never_read_as_one() {
    let table = |date: &str, text: &str| {
        format!(
            "<w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>",
            tc("", &p("Date")),
            tc("", &p("Details")),
            tc("", &p(date)),
            tc("", &p(text))
        )
    };
    let bytes = document(&format!(
        "{}{}{}",
        table("12/03/2021", "Home visit. Tyler seen."),
        p("Continued"),
        table("02/02/2022", "Bruise to Tyler's cheek seen at nursery.")
    ));
    let file = crate::import::ImportFile {
        name: "log.docx".into(),
        bytes,
    };
    let err = crate::import::inspect(&file, &crate::import::ImportOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("2 tables") && err.contains("\"Table 2\""),
        "{err}"
    );
    let second = crate::import::inspect(
        &file,
        &crate::import::ImportOptions {
            sheet: Some("table 2".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(second.sheet.as_deref(), Some("Table 2"));
}

/// A paragraph in a heading style, or a short one all in bold.
fn styled(style: &str, text: &str) -> String {
    format!(
        "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"
    )
}

fn bold(text: &str) -> String {
    format!("<w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
}

/// A submission written as dated paragraphs, with no table, is read as a
/// chronology: each dated paragraph an entry, its undated follower carried
/// with it, and the analysis after a heading (by style or in bold) left out.
#[test]
fn a_submission_of_dated_paragraphs_is_a_chronology() {
    for end in [styled("Heading2", "Analysis"), bold("Agency analysis")] {
        let bytes = document(&format!(
            "{}{}{}{}{}{}{}",
            styled(
                "Heading1",
                "Kelsey Bridge Health Visiting Team - Agency submission"
            ),
            p("25/08/2023  The health visitor completed the new birth visit."),
            p("22/10/2023  Notification from the MASH of a domestic abuse incident."),
            p("She attended the strategy discussion."),
            p("On 9 November 2023 the health visitor attended the ICPC."),
            end,
            p("The health visitor was not told of the missed appointments."),
        ));
        let grids = tables(&bytes);
        assert_eq!(grids.len(), 1);
        let (name, rows) = &grids[0];
        assert_eq!(name, "Paragraphs");
        let entries: Vec<Vec<&str>> = rows
            .iter()
            .skip_while(|r| r.number != 0)
            .skip(1)
            .map(texts)
            .collect();
        assert_eq!(entries.len(), 3, "{entries:?}");
        assert_eq!(
            entries[0],
            [
                "25/08/2023",
                "",
                "The health visitor completed the new birth visit."
            ]
        );
        assert_eq!(
            entries[1][2],
            "Notification from the MASH of a domestic abuse incident.\nShe attended the strategy discussion."
        );
        assert!(entries[2][2].starts_with("On 9 November 2023"));
    }
}

/// A document with a chronology table and dated paragraphs around it is
/// read from its table: the paragraphs are its preamble and notes.
#[test]
fn a_chronology_table_wins_over_dated_paragraphs_around_it() {
    let table = format!(
        "<w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>",
        tc("", &p("Date")),
        tc("", &p("Details")),
        tc("", &p("12/03/2021")),
        tc(
            "",
            &p(
                "Home visit by the social worker. Tyler seen alone in his bedroom; \
                he said he was happy at home and liked his new school."
            )
        ),
        tc("", &p("19/03/2021")),
        tc(
            "",
            &p("Strategy discussion with police, health and school: no further action.")
        )
    );
    let bytes = document(&format!(
        "{}{}{}{}",
        p("On 9 January 2024 the MAPPA meeting was held."),
        p("On 10 January 2024 the minutes were sent."),
        p("On 11 January 2024 the actions were agreed."),
        table
    ));
    let file = crate::import::ImportFile {
        name: "probation.docx".into(),
        bytes,
    };
    let layout = crate::import::inspect(&file, &crate::import::ImportOptions::default()).unwrap();
    assert_eq!(layout.sheet.as_deref(), Some("Table 1"));
}

/// Letters written out in full under a table that lists them by date: the
/// letters say more than the table, so both are the agency's records, each
/// letter one entry (its dictation date, the referral it answers and the
/// appointment it offers stay in it).
#[test]
fn letters_written_out_under_a_summary_table_are_kept() {
    let table = format!(
        "<w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>",
        tc("", &p("Date")),
        tc("", &p("Details")),
        tc("", &p("09/02/2023")),
        tc("", &p("Referral triage")),
        tc("", &p("14/03/2023")),
        tc("", &p("Gen Paeds OPD"))
    );
    let bytes = document(&format!(
        "{}{table}{}{}{}{}{}{}{}{}{}",
        p("Department of Child Health - attendance summary"),
        p("Letter 1 - 9 February 2023 (referral triage)"),
        p("To: Dr M Collins, Orchard Surgery."),
        p(
            "Thank you for your referral dated 6 February 2023 regarding Mason's weight, \
           which has fallen from the 75th to the 9th centile. I will see him in clinic."
        ),
        p("Letter 2 - Clinic 14 March 2023 (dictated 14/03/23, typed 16/03/23)"),
        p(
            "Mason attended with his mother. Weight 9.3kg (2nd-9th centile). \
           Plan: bloods today, review in clinic on 30 May 2023."
        ),
        p("Letter 3 - 25 April 2023 (Was Not Brought)"),
        p(
            "Mason was not brought to his appointment today. I have offered a \
           further appointment on 30 May 2023 and copied this letter to his health visitor."
        ),
        p("Dr Priya Raman, Consultant Paediatrician"),
        p("")
    ));
    let file = crate::import::ImportFile {
        name: "letters.docx".into(),
        bytes,
    };
    let err = crate::import::inspect(&file, &crate::import::ImportOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("\"Table 1\", \"Paragraphs\""), "{err}");
    let letters = crate::import::inspect(
        &file,
        &crate::import::ImportOptions {
            sheet: Some("Paragraphs".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(letters.sheet.as_deref(), Some("Paragraphs"));
    let grids = tables(&file.bytes);
    let (_, rows) = grids
        .iter()
        .find(|(name, _)| name == "Paragraphs")
        .expect("the letters");
    let dates: Vec<&str> = rows
        .iter()
        .skip_while(|r| r.number != 0)
        .skip(1)
        .map(|r| texts(r)[0])
        .collect();
    assert_eq!(dates, ["9 February 2023", "14 March 2023", "25 April 2023"]);
}
