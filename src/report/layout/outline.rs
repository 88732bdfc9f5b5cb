//! The document outline (PDF bookmarks), written as an incremental update.
//!
//! printpdf 0.12 only writes a flat outline, sorted by page and then by
//! title (so two headings on one page can come out of order), each entry
//! pointing at the top of its page. The report needs a two-level outline in
//! reading order, pointing at the heading itself. So the PDF printpdf writes
//! is left as it is, and a standard incremental update (PDF 32000-1 §7.5.6)
//! is appended: the outline items, and a new version of the document catalog
//! that refers to them. Viewers read the file as one document.

use std::fmt::Write as _;

use sha2::{Digest, Sha256};

use super::LayoutError;

/// An object number and generation.
pub(crate) type ObjId = (u32, u16);

/// What the update needs to know about the PDF it extends.
#[derive(Debug, Clone)]
pub(crate) struct DocIds {
    /// The document catalog.
    pub(crate) catalog: ObjId,
    /// The root of the page tree.
    pub(crate) pages_root: ObjId,
    /// The document information dictionary.
    pub(crate) info: Option<ObjId>,
    /// Each page's object, in order.
    pub(crate) pages: Vec<ObjId>,
    /// The highest object number in use.
    pub(crate) max_id: u32,
}

/// The catalog keys printpdf writes and the update rewrites; a catalog with
/// any other key is refused rather than silently losing that key.
pub(crate) const KNOWN_CATALOG_KEYS: [&[u8]; 4] = [b"Type", b"Pages", b"PageLayout", b"PageMode"];

/// The document information the update writes, replacing printpdf's
/// (which also carries PDF/X and trapping keys that would make readers take
/// the file for PDF/X).
#[derive(Debug, Clone)]
pub(crate) struct Info {
    pub(crate) title: String,
    pub(crate) subject: String,
    pub(crate) author: String,
    pub(crate) created: chrono::DateTime<chrono::Utc>,
}

/// A PDF date, in UTC (the Unix epoch for a year PDF cannot write).
fn pdf_date(t: &chrono::DateTime<chrono::Utc>) -> String {
    use chrono::Datelike;
    let t = if (1..=9999).contains(&t.year()) {
        *t
    } else {
        chrono::DateTime::UNIX_EPOCH
    };
    format!("(D:{}Z)", t.format("%Y%m%d%H%M%S"))
}

/// A PDF text string for a metadata value, without control characters.
fn info_string(s: &str) -> String {
    let clean: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(2000)
        .collect();
    text_string(clean.trim())
}

/// One heading to bookmark.
#[derive(Debug, Clone)]
pub(crate) struct OutlineEntry {
    pub(crate) title: String,
    /// 1 or 2: a level-2 entry goes under the level-1 entry before it.
    pub(crate) level: u8,
    /// The page, from 0.
    pub(crate) page: usize,
    /// Where the view should start, in PDF coordinates (up from the bottom).
    pub(crate) top: f32,
}

/// A text string for a PDF dictionary: UTF-16BE with a byte order mark, in
/// hexadecimal, so that any character survives.
fn text_string(s: &str) -> String {
    let mut out = String::from("<FEFF");
    for unit in s.encode_utf16() {
        let _ = write!(out, "{unit:04X}");
    }
    out.push('>');
    out
}

fn hex_string(bytes: &[u8]) -> String {
    let mut out = String::from("<");
    for b in bytes {
        let _ = write!(out, "{b:02X}");
    }
    out.push('>');
    out
}

fn reference(id: ObjId) -> String {
    format!("{} {} R", id.0, id.1)
}

/// A finite number for the PDF, with two decimals.
fn number(v: f32) -> String {
    let v = if v.is_finite() { v } else { 0.0 };
    format!("{v:.2}")
}

/// Where the last cross-reference section starts, from the `startxref` at
/// the end of the file.
fn last_startxref(pdf: &[u8]) -> Option<usize> {
    let key = b"startxref";
    let at = pdf.windows(key.len()).rposition(|w| w == key)?;
    let rest = &pdf[at + key.len()..];
    let digits: String = rest
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take_while(|b| b.is_ascii_digit())
        .map(|&b| char::from(b))
        .collect();
    digits.parse().ok()
}

struct Node {
    entry: usize,
    children: Vec<usize>,
}

/// Appends the outline for `entries` and the new catalog to `pdf`.
pub(crate) fn append(
    pdf: &mut Vec<u8>,
    ids: &DocIds,
    info: &Info,
    entries: &[OutlineEntry],
) -> Result<(), LayoutError> {
    let prev = last_startxref(pdf)
        .ok_or_else(|| LayoutError::Pdf("no cross-reference table was written".into()))?;

    // The tree: level-1 entries at the top, level-2 ones under the level-1
    // entry before them (at the top when there is none).
    let mut nodes: Vec<Node> = Vec::new();
    let mut top: Vec<usize> = Vec::new();
    let mut last_top_level1: Option<usize> = None;
    for (i, e) in entries.iter().enumerate() {
        if ids.pages.get(e.page).is_none() {
            continue;
        }
        let n = nodes.len();
        nodes.push(Node {
            entry: i,
            children: Vec::new(),
        });
        match (e.level, last_top_level1) {
            (2, Some(parent)) => nodes[parent].children.push(n),
            (level, _) => {
                top.push(n);
                if level <= 1 {
                    last_top_level1 = Some(n);
                }
            }
        }
    }

    // Object numbers: the outline root, then the items in reading order.
    let mut next = ids.max_id.saturating_add(1);
    let mut alloc = || {
        let id = (next, 0u16);
        next = next.saturating_add(1);
        id
    };
    let mut objects: Vec<(ObjId, String)> = Vec::new();
    let root = (!nodes.is_empty()).then(&mut alloc);
    let info_id = ids.info.unwrap_or_else(&mut alloc);
    let mut obj_of = vec![(0u32, 0u16); nodes.len()];
    for &t in &top {
        obj_of[t] = alloc();
        for &c in &nodes[t].children {
            obj_of[c] = alloc();
        }
    }

    if let Some(root) = root {
        let siblings = |list: &[usize], parent: ObjId, objects: &mut Vec<(ObjId, String)>| {
            for (k, &n) in list.iter().enumerate() {
                let e = &entries[nodes[n].entry];
                let Some(&page) = ids.pages.get(e.page) else {
                    continue;
                };
                let title: String = e
                    .title
                    .chars()
                    .map(|c| if c.is_control() { ' ' } else { c })
                    .take(500)
                    .collect();
                let mut d = format!(
                    "<< /Title {} /Parent {} /Dest [{} /XYZ 0 {} null]",
                    text_string(title.trim()),
                    reference(parent),
                    reference(page),
                    number(e.top)
                );
                if k > 0 {
                    let _ = write!(d, " /Prev {}", reference(obj_of[list[k - 1]]));
                }
                if let Some(&after) = list.get(k + 1) {
                    let _ = write!(d, " /Next {}", reference(obj_of[after]));
                }
                let kids = &nodes[n].children;
                if let (Some(&first), Some(&last)) = (kids.first(), kids.last()) {
                    let _ = write!(
                        d,
                        " /First {} /Last {} /Count {}",
                        reference(obj_of[first]),
                        reference(obj_of[last]),
                        kids.len()
                    );
                }
                d.push_str(" >>");
                objects.push((obj_of[n], d));
            }
        };
        siblings(&top, root, &mut objects);
        for &t in &top {
            siblings(&nodes[t].children, obj_of[t], &mut objects);
        }
        if let (Some(&first), Some(&last)) = (top.first(), top.last()) {
            objects.push((
                root,
                format!(
                    "<< /Type /Outlines /First {} /Last {} /Count {} >>",
                    reference(obj_of[first]),
                    reference(obj_of[last]),
                    nodes.len()
                ),
            ));
        }
    }

    // The new catalog: what printpdf wrote, plus the outline, the language
    // and a request to show the title rather than the file name.
    let mut catalog = format!(
        "<< /Type /Catalog /Pages {} /PageLayout /OneColumn",
        reference(ids.pages_root)
    );
    match root {
        Some(root) => {
            let _ = write!(
                catalog,
                " /PageMode /UseOutlines /Outlines {}",
                reference(root)
            );
        }
        None => catalog.push_str(" /PageMode /UseNone"),
    }
    catalog
        .push_str(" /Lang (en-GB) /ViewerPreferences << /DisplayDocTitle true >> /Version /1.4 >>");
    objects.push((ids.catalog, catalog));
    let date = pdf_date(&info.created);
    objects.push((
        info_id,
        format!(
            "<< /Title {} /Subject {} /Author {} /Creator {} /Producer {} \
             /CreationDate {date} /ModDate {date} >>",
            info_string(&info.title),
            info_string(&info.subject),
            info_string(&info.author),
            text_string("Sightline"),
            text_string("Sightline"),
        ),
    ));

    // The objects, then their cross-reference section and trailer.
    objects.sort_by_key(|(id, _)| *id);
    let first_revision_end = pdf.len();
    if !pdf.ends_with(b"\n") {
        pdf.push(b'\n');
    }
    let mut offsets: Vec<(ObjId, usize)> = Vec::with_capacity(objects.len());
    for (id, body) in &objects {
        offsets.push((*id, pdf.len()));
        pdf.extend_from_slice(format!("{} {} obj\n{}\nendobj\n", id.0, id.1, body).as_bytes());
    }
    let xref_at = pdf.len();
    let mut xref = String::from("xref\n");
    let mut i = 0;
    while i < offsets.len() {
        let mut j = i + 1;
        while j < offsets.len() && offsets[j].0 .0 == offsets[j - 1].0 .0.saturating_add(1) {
            j += 1;
        }
        let _ = writeln!(xref, "{} {}", offsets[i].0 .0, j - i);
        for (id, off) in &offsets[i..j] {
            let _ = write!(xref, "{off:010} {:05} n\r\n", id.1);
        }
        i = j;
    }
    let size = next.max(ids.max_id.saturating_add(1));
    let mut trailer = format!(
        "trailer\n<< /Size {size} /Root {} /Prev {prev}",
        reference(ids.catalog)
    );
    let _ = write!(trailer, " /Info {}", reference(info_id));
    // The file identifier: a digest of the document as printpdf wrote it,
    // so the same document always gets the same identifier.
    let digest = Sha256::digest(&pdf[..first_revision_end]);
    let id = hex_string(&digest[..16]);
    let _ = write!(trailer, " /ID [{id} {id}]");
    let _ = write!(trailer, " >>\nstartxref\n{xref_at}\n%%EOF\n");
    pdf.extend_from_slice(xref.as_bytes());
    pdf.extend_from_slice(trailer.as_bytes());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_strings_are_utf16_hex() {
        assert_eq!(text_string("Zoë"), "<FEFF005A006F00EB>");
        assert_eq!(text_string(""), "<FEFF>");
    }

    #[test]
    fn dates_are_pdf_dates_in_utc() {
        let t = chrono::DateTime::from_timestamp(1_741_944_600, 0).unwrap_or_default();
        assert_eq!(pdf_date(&t), "(D:20250314093000Z)");
        let odd = chrono::DateTime::<chrono::Utc>::MIN_UTC;
        assert_eq!(pdf_date(&odd), "(D:19700101000000Z)");
    }

    #[test]
    fn finds_the_last_startxref() {
        let pdf = b"%PDF-1.3\nstartxref\n12\n%%EOF\nstartxref\r\n345\n%%EOF";
        assert_eq!(last_startxref(pdf), Some(345));
        assert_eq!(last_startxref(b"nothing here"), None);
    }

    #[test]
    fn refuses_a_file_without_a_cross_reference_table() {
        let ids = DocIds {
            catalog: (1, 0),
            pages_root: (2, 0),
            info: None,
            pages: vec![(3, 0)],
            max_id: 3,
        };
        let info = Info {
            title: String::new(),
            subject: String::new(),
            author: String::new(),
            created: chrono::DateTime::<chrono::Utc>::MIN_UTC,
        };
        let mut pdf = b"garbage".to_vec();
        assert!(append(&mut pdf, &ids, &info, &[]).is_err());
    }
}
