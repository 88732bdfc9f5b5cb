//! An anonymised report of a review built from names that are hard to
//! find: an apostrophe and a hyphen in them, written without them, a soft
//! hyphen, a zero-width space or a non-breaking hyphen inside, a family's
//! plural possessive, the surname in the file's name; and an alias that is
//! an ordinary word. None of the names is left anywhere in the PDF (its text
//! as `pdftotext` reads it, and every stream and string of the file), and
//! no ordinary word is replaced.

mod support;

use support::*;

/// Every form of the family's names that must not survive.
const NAMES: &[&str] = &[
    "Anne-Marie",
    "Anne Marie",
    "Annemarie",
    "O'Neill",
    "O Neill",
    "ONeill",
    "Neill",
    "Zoë",
    "Zoe",
];

/// Every stream (decompressed) and every string of the PDF, as bytes.
fn pdf_bytes_everywhere(pdf: &std::path::Path) -> Vec<Vec<u8>> {
    let doc = lopdf::Document::load(pdf).expect("the PDF loads");
    let mut out = Vec::new();
    for object in doc.objects.values() {
        collect(object, &mut out);
    }
    out
}

fn collect(object: &lopdf::Object, out: &mut Vec<Vec<u8>>) {
    match object {
        lopdf::Object::String(bytes, _) => out.push(bytes.clone()),
        lopdf::Object::Array(items) => items.iter().for_each(|o| collect(o, out)),
        lopdf::Object::Dictionary(d) => d.iter().for_each(|(_, o)| collect(o, out)),
        lopdf::Object::Stream(s) => {
            out.push(
                s.decompressed_content()
                    .unwrap_or_else(|_| s.content.clone()),
            );
            s.dict.iter().for_each(|(_, o)| collect(o, out));
        }
        _ => {}
    }
}

/// A name in the bytes as UTF-8, Latin-1 or UTF-16BE, any case.
fn holds(bytes: &[u8], name: &str) -> bool {
    let lower: Vec<u8> = bytes.iter().map(u8::to_ascii_lowercase).collect();
    let name = name.to_lowercase();
    let utf8 = name.as_bytes().to_vec();
    let latin1: Vec<u8> = name.chars().map(|c| c as u32 as u8).collect();
    let utf16: Vec<u8> = name
        .encode_utf16()
        .flat_map(|u| u.to_be_bytes())
        .map(|b| b.to_ascii_lowercase())
        .collect();
    [utf8, latin1, utf16]
        .iter()
        .any(|n| !n.is_empty() && lower.windows(n.len()).any(|w| w == n.as_slice()))
}

#[test]
fn an_anonymised_report_of_hard_names_leaks_none_and_keeps_ordinary_words() {
    let dir = tempfile::tempdir().unwrap();
    let review = dir.path().join("case.sightline");
    let r = review.to_str().unwrap();
    ok(&["new", r, "--title", "Hard names", "--no-encryption"]);
    let file = dir.path().join("oneill_family_hv.csv");
    std::fs::write(
        &file,
        "Date,Details\n\
         12/03/2021,Home visit. Zoë O'Neill (4) seen with mum Anne-Marie O'Neill. A red mark on her cheek; mum says she fell.\n\
         19/03/2021,Anne\u{00ad}-Marie O'Ne\u{200b}ill phoned; will call back. Zoë seen at nursery.\n\
         26/03/2021,Anne\u{2011}Marie O\u{2019}Neill at clinic with Zoë. The O'Neills' flat is cold.\n\
         02/04/2021,Anne Marie O Neill did not attend. Annemarie ONeill texted later.\n",
    )
    .unwrap();
    ok(&[
        "import",
        r,
        file.to_str().unwrap(),
        "--agency",
        "Harwick Health Visiting",
        "--kind",
        "health_visiting",
    ]);
    ok(&[
        "person",
        "add",
        r,
        "Zoë O'Neill",
        "--role",
        "child",
        "--alias",
        "Zoë",
        "--alias",
        "Zo",
    ]);
    ok(&[
        "person",
        "add",
        r,
        "Anne-Marie O'Neill",
        "--role",
        "parent",
        "--alias",
        "Anne-Marie",
        "--alias",
        "Mark",
    ]);
    let pdf = dir.path().join("anonymised.pdf");
    ok(&["export", r, "--pdf", pdf.to_str().unwrap(), "--anonymise"]);

    let text = pdftotext(&pdf);
    assert!(text.contains("Child A"), "no child code in the report");
    for name in NAMES {
        assert!(
            !holds(text.as_bytes(), name),
            "{name:?} left in the report's text"
        );
    }
    for (i, bytes) in pdf_bytes_everywhere(&pdf).iter().enumerate() {
        for name in NAMES {
            assert!(!holds(bytes, name), "{name:?} left in PDF object {i}");
        }
    }
    // Ordinary words stay as written: the alias "Mark" is a name only
    // where it is capitalised.
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("red mark on her cheek"),
        "an ordinary word was replaced"
    );
    assert!(
        flat.contains("will call back"),
        "an ordinary word was replaced"
    );
}
