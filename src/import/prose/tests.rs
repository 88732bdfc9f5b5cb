//! Reading chronologies written as dated paragraphs.

use super::*;

fn para(number: usize, text: &str) -> Paragraph {
    Paragraph {
        text: text.into(),
        heading: false,
        number,
    }
}

fn heading(number: usize, text: &str) -> Paragraph {
    Paragraph {
        text: text.into(),
        heading: true,
        number,
    }
}

/// The entries' cells (date, time, text), after the header row.
fn entries(rows: &[GridRow]) -> Vec<(usize, String, String, String)> {
    let header = rows
        .iter()
        .position(|r| r.number == 0)
        .expect("a header row");
    rows[header + 1..]
        .iter()
        .map(|r| {
            (
                r.number,
                r.cells[0].text.clone(),
                r.cells[1].text.clone(),
                r.cells[2].text.clone(),
            )
        })
        .collect()
}

/// A submission whose paragraphs begin with dates in several styles: each
/// is an entry, its date taken off the text; the title stays above.
#[test]
fn paragraphs_that_begin_with_a_date_are_entries() {
    let doc = [
        heading(1, "Ashbourne Vale Children's Services"),
        para(2, "Child: Tyler PRICE. Author: Gillian Rowe."),
        para(
            3,
            "4 December 2023. A PPN from Midshire Police was received in the MASH.",
        ),
        para(4, "15.01.22 - MASH screening by SW Paul Greene."),
        para(
            5,
            "25/08/2023  The health visitor completed the new birth visit.",
        ),
        para(6, "2024-02-16: Closure authorised."),
    ];
    let rows = rows(&doc).expect("a chronology");
    assert_eq!(rows[0].cells[0].text, "Ashbourne Vale Children's Services");
    assert_eq!(
        rows[1].cells[0].text,
        "Child: Tyler PRICE. Author: Gillian Rowe."
    );
    let got = entries(&rows);
    assert_eq!(got.len(), 4);
    assert_eq!(
        got[0],
        (
            3,
            "4 December 2023".into(),
            String::new(),
            "A PPN from Midshire Police was received in the MASH.".into()
        )
    );
    assert_eq!(got[1].1, "15.01.22");
    assert_eq!(got[1].3, "MASH screening by SW Paul Greene.");
    assert_eq!(
        got[2].3,
        "The health visitor completed the new birth visit."
    );
    assert_eq!(got[3].1, "2024-02-16");
}

/// Narrative prose: "On 8 December 2022 …", "At 07:38 on Monday 20
/// November 2023 …", a date further into the sentence, a year left out; an
/// undated paragraph carries the entry on, and a heading ends it.
#[test]
fn narrative_paragraphs_are_dated_by_the_day_they_tell_of() {
    let doc = [
        para(
            1,
            "This submission is written from the records of the three children.",
        ),
        para(
            2,
            "On 24 November 2022 the School Nurse held her drop-in at St Aidan's.",
        ),
        para(3, "She noted that Tyler was hungry."),
        para(
            4,
            "At 07:38 on Monday 20 November 2023 the school received an Encompass notification.",
        ),
        para(
            5,
            "Mr Lomax self-referred by telephone on 4 December 2023. He said he drank daily.",
        ),
        para(6, "On 7 March the appointment was cancelled by the clinic."),
        heading(7, "Analysis"),
        para(
            8,
            "On both occasions the decision was made on the mother's account.",
        ),
    ];
    let got = entries(&rows(&doc).expect("a chronology"));
    let dates: Vec<&str> = got.iter().map(|e| e.1.as_str()).collect();
    assert_eq!(
        dates,
        [
            "24 November 2022",
            "20 November 2023",
            "4 December 2023",
            "2024-03-07"
        ]
    );
    assert_eq!(
        got[0].3,
        "On 24 November 2022 the School Nurse held her drop-in at St Aidan's.\nShe noted that Tyler was hungry."
    );
    assert_eq!(got[1].2, "07:38");
    assert!(
        got[3].3.ends_with("cancelled by the clinic."),
        "{:?}",
        got[3]
    );
}

/// A document with fewer than three dated paragraphs is no chronology, and
/// a month named in passing ("since March 2019") dates nothing.
#[test]
fn a_letter_with_a_date_or_two_is_no_chronology() {
    let doc = [
        para(
            1,
            "Dear colleague, on 4 December 2023 we received your referral.",
        ),
        para(2, "The family has lived at the address since March 2019."),
        para(3, "We will write again by 1 February 2024."),
    ];
    assert!(rows(&doc).is_none());
    let got = date_of(
        "The family has lived at the address since March 2019.",
        None,
    );
    assert!(got.is_none(), "{got:?}");
}

/// Numbers that look like dates but are not ("3.4kg", "39/40", "9.30")
/// date nothing.
#[test]
fn weights_and_gestations_are_no_dates() {
    for text in [
        "Born 39/40, 3.4kg. Registered.",
        "Weight 9.30 kg, 25th centile.",
        "Seen at 10.15 with mum.",
    ] {
        assert!(date_of(text, None).is_none(), "{text:?}");
    }
}

/// A preamble naming the children with their dates of birth is no entry:
/// a date of birth dates nothing that happened.
#[test]
fn a_date_of_birth_in_the_preamble_is_no_entry() {
    let doc = [
        para(
            1,
            "Subjects: Tiana KERR (DOB 22/01/2011) and Leo TATE (born 10/06/2020).",
        ),
        para(
            2,
            "On 14 March 2022 a referral was received from the police.",
        ),
        para(3, "On 6 April 2022 Tiana was reported missing."),
        para(4, "On 12 May 2022 the enquiry concluded."),
    ];
    let rows = rows(&doc).expect("a chronology");
    let got = entries(&rows);
    assert_eq!(got.len(), 3, "{got:#?}");
    assert_eq!(got[0].1, "14 March 2022");
    assert!(rows[0].cells[0].text.starts_with("Subjects:"));
}

/// Letters headed by a dated line ("Letter 2 - Clinic 14 March 2023"): each
/// heading starts an entry, and the dates in the letter under it (the
/// referral it answers, the appointment it offers) stay in that entry.
#[test]
fn dated_headings_divide_a_document_into_entries() {
    let doc = [
        para(1, "Department of Child Health"),
        para(2, "Letter 1 - 9 February 2023 (referral triage)"),
        para(
            3,
            "Thank you for your referral dated 6 February 2023 regarding Mason's weight, \
             which has fallen from the 75th to the 9th centile.",
        ),
        para(4, "Letter 2 - Clinic 14 March 2023 (dictated 14/03/23)"),
        para(
            5,
            "Mason attended with his mother and was weighed. Plan: bloods today and \
             review in clinic on 30 May 2023.",
        ),
        heading(6, "Letter 3 - 25 April 2023"),
        para(
            7,
            "Mason was not brought to his appointment today. A further appointment \
             was offered on 30 May 2023.",
        ),
    ];
    let got = entries(&rows(&doc).expect("a chronology"));
    let dates: Vec<&str> = got.iter().map(|e| e.1.as_str()).collect();
    assert_eq!(dates, ["9 February 2023", "14 March 2023", "25 April 2023"]);
    assert!(got[0].3.contains("referral dated 6 February 2023"));
    assert!(got[2].3.contains("not brought"));
}

/// Without dated headings a date anywhere in a paragraph still starts an
/// entry, as narrative submissions write them.
#[test]
fn a_date_within_a_narrative_paragraph_starts_an_entry() {
    let doc = [
        para(
            1,
            "On 5 May 2023 the health visitor saw Mason at home and weighed him.",
        ),
        para(
            2,
            "The social worker visited the home on 7 May 2023 and saw the children \
             together in the living room; the flat was cold and there was little food.",
        ),
        para(3, "On 12 May 2023 the GP reviewed Mason."),
    ];
    let got = entries(&rows(&doc).expect("a chronology"));
    assert_eq!(got.len(), 3);
    assert_eq!(got[1].1, "7 May 2023");
}

/// A case-note print saved as text: a title block (with the date it was
/// printed), a rule, then blocks that each begin with a date; an
/// occurrence extract whose blocks carry the date inside ("Reported:
/// 17/09/2022 23:14"); and a log with one dated line after another. Each
/// entry is numbered by the line it starts on; the printing date is no
/// entry.
#[test]
fn a_text_file_of_dated_blocks_is_a_chronology() {
    let notes = "STOKE CITY COUNCIL - CHILDREN'S SOCIAL CARE\n\
        Person: Callum BREEZE   Printed by: QA Team, 24/06/2024\n\
        ---------------------------------------------\n\
        \n\
        19/09/2022  CONTACT  (MASH - L Bagnall)\n\
        PPN rec'd from police re DA 17/09/22. Dad strangled Mum in\n\
        kitchen, Callum witnessed.\n\
        Outcome: S17 C&F assessment.\n\
        \n\
        22/09/2022  ALLOCATION\n\
        Allocated to Jo Millington SW.\n\
        \n\
        04/10/2022  HOME VISIT\n\
        Callum seen alone in his room.\n";
    let grid = rows(&text_paragraphs(notes)).expect("a chronology");
    let e = entries(&grid);
    assert_eq!(e.len(), 3, "{e:#?}");
    assert_eq!((e[0].0, e[0].1.as_str()), (5, "19/09/2022"));
    assert!(
        e[0].3
            .contains("Dad strangled Mum in kitchen, Callum witnessed.")
            && e[0].3.contains("\nOutcome: S17"),
        "{e:#?}"
    );
    assert_eq!(e[2].0, 13);

    let occurrences = "OCC 41/1187/22    Reported: 17/09/2022 23:14    Type: DOMESTIC\n\
        Summary: 999 call from IP.\n\
        \n\
        MARAC    17/10/2022\n\
        Case heard at MARAC.\n\
        \n\
        OCC 41/0195/24    Reported: 10/02/2024 21:52\n\
        Summary: Call from neighbour.\n";
    let e = entries(&rows(&text_paragraphs(occurrences)).expect("a chronology"));
    assert_eq!(e.len(), 3, "{e:#?}");
    assert_eq!((e[0].1.as_str(), e[0].2.as_str()), ("17/09/2022", "23:14"));
    assert_eq!(e[2].0, 7);

    let log = "12/03/2024 09:10 Home visit, no answer.\n\
        13/03/2024 Phoned Mum, no reply.\n\
        14/03/2024 - Visit: Mum and baby seen.\n";
    let e = entries(&rows(&text_paragraphs(log)).expect("a chronology"));
    assert_eq!(e.iter().map(|x| x.0).collect::<Vec<_>>(), vec![1, 2, 3]);
}

/// A GP journal printed as text, its dates written with hyphens
/// ("12-Sep-2023", "03-10-2023", "20-Nov-23"): each dated line is an entry.
#[test]
fn a_journal_dated_with_hyphens_is_a_chronology() {
    let journal = "Patient: SMITH, Ellie    DOB: 04-Feb-2019\n\
        \n\
        12-Sep-2023 Dr R Khan     Face to face    Cough x3/7. Chest clear.\n\
        03-10-2023  Nurse P Lowe  Immunisation    Pre-school booster given.\n\
        20-Nov-23   Dr A Patel    Face to face    WNB. Not brought to appt.\n";
    let e = entries(&rows(&text_paragraphs(journal)).expect("a chronology"));
    assert_eq!(e.len(), 3, "{e:#?}");
    assert_eq!(
        e.iter().map(|x| (x.0, x.1.as_str())).collect::<Vec<_>>(),
        vec![(3, "12-Sep-2023"), (4, "03-10-2023"), (5, "20-Nov-23")]
    );
    assert!(e[2].3.contains("WNB"), "{e:#?}");
}

/// A named date with a two-digit year after a space ("Mon 11 Mar 24 –") is
/// that year's; two digits that begin a time ("12 March 10:30") are no year.
#[test]
fn a_two_digit_year_after_a_named_month() {
    let notes = "Casework record\n\
        Mon 11 Mar 24 – J Pascoe: Notification from Divisional Officer.\n\
        Tue 12 Mar 24 – J Pascoe: Tel Kerry. Accepts support.\n\
        14 March 10:30 Home visit, Kerry seen.\n";
    let e = entries(&rows(&text_paragraphs(notes)).expect("a chronology"));
    assert_eq!(e.len(), 3, "{e:#?}");
    assert_eq!(
        e.iter()
            .map(|x| (x.1.as_str(), x.2.as_str()))
            .collect::<Vec<_>>(),
        vec![
            ("11 Mar 24", ""),
            ("12 Mar 24", ""),
            ("2024-03-14", "10:30")
        ]
    );
    assert!(e[0].3.starts_with("J Pascoe"), "{e:#?}");
}
