//! Finding where the chronology is in a file: the sheet or table that
//! holds it, its header row (searched for in the first rows, or named by a
//! mapping profile) and the role of each column, before anything is written.

use super::{
    read, table, ColumnRole, FileKind, ImportFile, ImportOptions, Mapping, Profile, ReadError,
    HEADER_SEARCH_ROWS,
};
use crate::model::FROM_TITLE;
use crate::{Error, Result};

/// A file's header row and column mapping, found before anything is written:
/// what the import wizard previews and `--save-mapping` saves.
#[derive(Clone, Debug)]
pub struct Layout {
    /// The format.
    pub kind: FileKind,
    /// The sheet or table the chronology is in.
    pub sheet: Option<String>,
    /// The header row, as the file shows it.
    pub header_row: usize,
    /// The columns and their roles.
    pub mapping: Mapping,
    /// The person a title block above the header names ("Child: Kaycee-Leigh
    /// MORROW  DOB: 02/03/2021"): whom every row with no subject of its
    /// own is about.
    pub title_subject: Option<TitleSubject>,
}

/// True for a table drawn in plain text, whose cells may wrap onto the
/// lines below: a text file named `.txt` (a print or a screen saved as
/// text), or delimited text whose header opens with an empty cell (a
/// header drawn "| Date | Worker | Note |").
fn drawn_in_text(kind: FileKind, name: &str, mapping: &Mapping) -> bool {
    let txt = std::path::Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ["txt", "text", "prn", "lst"].contains(&e.to_ascii_lowercase().as_str()));
    kind == FileKind::Csv && (txt || mapping.headers.first().is_some_and(|h| h.trim().is_empty()))
}

/// The person a file's title block names, as [`title_subject`] reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TitleSubject {
    /// The name as written.
    pub name: String,
    /// The label says a child ("Child", "Young person", "Pupil").
    pub child: bool,
    /// A date of birth written beside it.
    pub dob: Option<String>,
}

impl TitleSubject {
    /// The entry a row's subject column would hold: the name, with
    /// "child" when the title says so and the mark [`FROM_TITLE`] in
    /// brackets.
    pub fn column_entry(&self) -> String {
        if self.child {
            format!("{} (child, {FROM_TITLE})", self.name)
        } else {
            format!("{} ({FROM_TITLE})", self.name)
        }
    }
}

/// Reads the person a title block names: a cell such as "Child: Kaycee-Leigh
/// MORROW   Services: …", "Name of child: Tyler Brooks", "Patient: Ms J
/// Stroud (DOB 03/05/1990)" or "Re: Callum WHITBY". Only a label followed
/// by a name in capitals counts; "Child: see below" names no one, and
/// initials alone ("Subject: LM") are too little to know the person by.
pub fn title_subject(rows: &[table::GridRow]) -> Option<TitleSubject> {
    let label = regex::Regex::new(
        r"(?im)(?:^|\s{2,}|[|;]\s*)(child(?:'s)? name|name of (?:the )?child|child|young person|child/young person|pupil|student|subject|patient|client|service user|person on probation|person under supervision|offender|re|(?:safeguarding |agency |health |case )?chronology(?:[ \t]+(?:for|re|of))?)[ \t]*[:\-–][ \t]*",
    )
    .ok()?;
    let name = regex::Regex::new(
        r"^((?:(?:Mr|Mrs|Ms|Miss|Master)\.?[ \t]+)?\p{Lu}[\p{L}'’\-]*(?:[ \t]\p{Lu}[\p{L}'’\-]*){0,3})",
    )
    .ok()?;
    let surname_first = regex::Regex::new(
        r"^(\p{Lu}[\p{Lu}'’\-]+),[ \t]*(\p{Lu}[\p{L}'’\-]*(?:[ \t]\p{Lu}\p{Ll}[\p{L}'’\-]*)?)",
    )
    .ok()?;
    let initials_then_name = regex::Regex::new(
        r"^\p{Lu}{2,3}[ \t]*\([ \t]*(\p{Lu}\p{Ll}[\p{L}'’\-]*[ \t]+\p{Lu}[\p{L}'’\-]+)",
    )
    .ok()?;
    let dob = regex::Regex::new(
        r"(?i)\b(?:DOB|D\.O\.B\.?|date of birth)\s*[:\-]?\s*(\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4})",
    )
    .ok()?;
    // An age right after the name ("Tyler BRENNAN (9)", "BRENNAN Tyler (age
    // 9)") or labelled in the title ("Age: 9y").
    let age_after = regex::Regex::new(
        r"(?i)^[ \t]*\((?:aged?[ \t]*)?(\d{1,2})[ \t]*(?:y|yrs?|years?(?:[ \t]+old)?)?\)",
    )
    .ok()?;
    let age_label =
        regex::Regex::new(r"(?i)(?:^|\s)age[ \t]*[:\-][ \t]*(\d{1,2})[ \t]*(?:y|yrs?|years?)?\b")
            .ok()?;
    let young = |m: Option<regex::Captures<'_>>| {
        m.and_then(|c| c.get(1))
            .and_then(|d| d.as_str().parse::<u32>().ok())
            .is_some_and(|a| a < 18)
    };
    let mut found: Option<TitleSubject> = None;
    for row in rows {
        for cell in &row.cells {
            let text = cell.text.trim();
            if found.is_none() {
                if let Some(m) = label.captures(text) {
                    let (Some(all), Some(which)) = (m.get(0), m.get(1)) else {
                        continue;
                    };
                    // "Safeguarding chronology: Zofia NOWAK, DOB 03/11/2021":
                    // a chronology's own label names its subject only with a
                    // date of birth beside it ("Chronology: prepared by …"
                    // names no one).
                    if which.as_str().to_lowercase().contains("chronology") && !dob.is_match(text) {
                        continue;
                    }
                    let after = &text[all.end()..];
                    // A name ends where two spaces or another label begin.
                    let after = after.split("  ").next().unwrap_or(after);
                    // "HART, Amelia-Rose": the surname first, in capitals.
                    let turned = surname_first.captures(after).and_then(|c| {
                        Some(format!("{} {}", c.get(2)?.as_str(), c.get(1)?.as_str()))
                    });
                    let after = turned.as_deref().unwrap_or(after);
                    // "LM (Logan Mwangi, also known as Logan Williamson)":
                    // initials, then the name they stand for in brackets.
                    let spelled = initials_then_name
                        .captures(after)
                        .and_then(|c| c.get(1))
                        .map(|m| &after[m.start()..]);
                    let after = spelled.unwrap_or(after);
                    if let Some(n) = name.captures(after).and_then(|c| c.get(1)) {
                        let words: Vec<&str> = n.as_str().split_whitespace().collect();
                        let kept: Vec<&str> = words
                            .iter()
                            .take_while(|w| {
                                !matches!(
                                    w.to_lowercase().trim_end_matches(':'),
                                    "dob"
                                        | "nhs"
                                        | "d.o.b"
                                        | "ref"
                                        | "address"
                                        | "period"
                                        | "services"
                                        | "school"
                                        | "age"
                                        | "year"
                                        | "yr"
                                        | "class"
                                        | "form"
                                )
                            })
                            .copied()
                            .collect();
                        let which = which.as_str().to_lowercase();
                        // Initials alone ("Subject: LM") are too little to
                        // know the person by.
                        let named = kept
                            .iter()
                            .any(|w| w.chars().filter(|c| c.is_lowercase()).count() >= 2);
                        let aged = young(age_after.captures(&after[n.end()..]))
                            || young(age_label.captures(text));
                        if named {
                            found = Some(TitleSubject {
                                name: kept.join(" "),
                                child: which.contains("child")
                                    || which.contains("young")
                                    || which == "pupil"
                                    || which == "student"
                                    || aged,
                                dob: None,
                            });
                        }
                    }
                }
            }
            if let Some(t) = found.as_mut() {
                if t.dob.is_none() {
                    t.dob = dob
                        .captures(text)
                        .and_then(|c| c.get(1))
                        .map(|d| d.as_str().to_string());
                }
            }
        }
    }
    found
}

/// Finds the header row and column mapping of a file without importing it.
pub fn inspect(file: &ImportFile, opts: &ImportOptions) -> Result<Layout> {
    let kind = read::detect(&file.name, &file.bytes).map_err(|error| Error::Read {
        file: file.name.clone(),
        error,
    })?;
    let (layout, _rows) = locate(file, kind, opts)?;
    Ok(layout)
}

/// A mapping profile for a file, to save and edit: the mapping Sightline
/// would use, or — when it cannot find the header row — the first non-blank
/// row's headers with whatever roles they suggest, for the reviewer to fill in.
pub fn guess_profile(file: &ImportFile, opts: &ImportOptions) -> Result<Profile> {
    match inspect(file, opts) {
        Ok(layout) => {
            let mut profile = layout.mapping.to_profile();
            if layout.kind == FileKind::Xlsx {
                profile.options.sheet = layout.sheet;
            }
            Ok(profile)
        }
        Err(Error::Mapping { .. }) => {
            let kind = read::detect(&file.name, &file.bytes).map_err(|error| Error::Read {
                file: file.name.clone(),
                error,
            })?;
            let sheet = opts.sheet.as_deref();
            let grids =
                read::read_grids(kind, &file.bytes, sheet).map_err(|error| Error::Read {
                    file: file.name.clone(),
                    error,
                })?;
            for grid in grids {
                for row in grid.rows.take(HEADER_SEARCH_ROWS) {
                    let row = row.map_err(|error| Error::Read {
                        file: file.name.clone(),
                        error,
                    })?;
                    if row.is_blank() {
                        continue;
                    }
                    let headers: Vec<String> = row
                        .cells
                        .iter()
                        .map(|c| c.text.trim().to_string())
                        .collect();
                    let mut profile = Mapping::new(&headers, opts.profile.as_ref()).to_profile();
                    profile.options.header_row = Some(row.number);
                    if kind == FileKind::Xlsx {
                        profile.options.sheet = grid.sheet;
                    }
                    return Ok(profile);
                }
            }
            Err(Error::Mapping {
                file: file.name.clone(),
                message: "the file holds no rows".into(),
            })
        }
        Err(e) => Err(e),
    }
}

/// Finds the grid holding the chronology and its header; returns the layout
/// and the rows after the header. A file holding a chronology in several
/// sheets or tables is refused here, each named: a preview shows one.
pub(super) fn locate<'a>(
    file: &'a ImportFile,
    kind: FileKind,
    opts: &ImportOptions,
) -> Result<(Layout, table::Rows<'a>)> {
    let mut all = locate_all(file, kind, opts)?;
    if all.len() > 1 {
        let names: Vec<String> = all
            .iter()
            .filter_map(|(l, _)| l.sheet.as_ref().map(|s| format!("\"{s}\"")))
            .collect();
        let what = if kind == FileKind::Docx {
            "tables"
        } else {
            "sheets"
        };
        return Err(Error::Mapping {
            file: file.name.clone(),
            message: format!(
                "the file holds a chronology in {} {what} ({}); importing the file brings each \
                 in as its own part; to preview or map one of them, name it with --sheet NAME",
                all.len(),
                names.join(", ")
            ),
        });
    }
    all.pop().ok_or_else(|| Error::Mapping {
        file: file.name.clone(),
        message: "the file holds no rows".into(),
    })
}

/// Every grid of a file holding a chronology, with its header: one, when a
/// sheet or header row is named; otherwise each sheet or table that holds
/// one, in the file's order (never empty: a file with none is an error).
pub(super) fn locate_all<'a>(
    file: &'a ImportFile,
    kind: FileKind,
    opts: &ImportOptions,
) -> Result<Vec<(Layout, table::Rows<'a>)>> {
    let read_err = |error| Error::Read {
        file: file.name.clone(),
        error,
    };
    let sheet = opts
        .sheet
        .clone()
        .or_else(|| opts.profile.as_ref().and_then(|p| p.options.sheet.clone()));
    let mut grids: std::collections::VecDeque<_> =
        read::read_grids(kind, &file.bytes, sheet.as_deref())
            .map_err(read_err)?
            .into();
    let profile = opts.profile.as_ref();
    let wanted_row = profile.and_then(|p| p.options.header_row);
    // A text file that holds no table may hold dated paragraphs (a
    // case-note print, an occurrence extract saved as text): read once,
    // when the table found nothing.
    let mut prose_tried = kind != FileKind::Csv || wanted_row.is_some();
    let mut best_partial: Option<(Option<String>, usize, Mapping)> = None;
    let mut seen_rows = false;
    // Every sheet or table holding a chronology, when none was named: a file
    // with several is never read as if it held one.
    let mut found_all: Vec<(Layout, table::Rows<'a>)> = Vec::new();
    while let Some(grid) = grids.pop_front() {
        let mut rows = grid.rows;
        let mut head = Vec::new();
        for row in rows.by_ref() {
            let row = row.map_err(read_err)?;
            let stop = match wanted_row {
                Some(w) => row.number >= w,
                None => false,
            };
            head.push(row);
            if head.len() >= HEADER_SEARCH_ROWS || stop {
                break;
            }
        }
        seen_rows |= head.iter().any(|r| !r.is_blank());
        let mut found = None;
        for (i, row) in head.iter().enumerate() {
            if row.is_blank() {
                continue;
            }
            if let Some(w) = wanted_row {
                if row.number != w {
                    continue;
                }
            }
            let headers: Vec<String> = row
                .cells
                .iter()
                .map(|c| c.text.trim().to_string())
                .collect();
            let mut mapping = Mapping::new(&headers, profile);
            if mapping.recognised() >= 1 {
                read_by_content(&mut mapping, &head[i + 1..], profile);
            }
            let has_date = mapping.column(&ColumnRole::Date).is_some();
            let has_text = mapping.column(&ColumnRole::Description).is_some();
            if has_date && has_text {
                found = Some((i, mapping));
                break;
            }
            let better = best_partial
                .as_ref()
                .map(|(_, _, m)| mapping.recognised() > m.recognised())
                .unwrap_or(true);
            if mapping.recognised() >= 2 && better {
                best_partial = Some((grid.sheet.clone(), row.number, mapping));
            }
        }
        // No header a synonym knows: read the columns by what they hold,
        // under a header of unknown words or with no header row at all.
        // (the header's index in `head`, if any; the first data row's index)
        let found = match (found, wanted_row) {
            (None, None) => by_content_only(&head).map(|(i, m, headerless)| {
                if headerless {
                    (None, i, m)
                } else {
                    (Some(i), i + 1, m)
                }
            }),
            (found, _) => found.map(|(i, m)| (Some(i), i + 1, m)),
        };
        if let Some((header, first, mapping)) = found {
            // Row 0: the file has no header row.
            let header_row = header.and_then(|i| head.get(i)).map_or(0, |r| r.number);
            let title_subject = header.and_then(|i| title_subject(&head[..i]));
            let rest: Vec<Result<table::GridRow, ReadError>> =
                head.into_iter().skip(first).map(Ok).collect();
            let mut rows: table::Rows<'a> = Box::new(rest.into_iter().chain(rows));
            if let (true, Some(date)) = (
                drawn_in_text(kind, &file.name, &mapping),
                mapping.column(&ColumnRole::Date),
            ) {
                rows = super::rows::join_wrapped(rows, date);
            }
            let layout = Layout {
                kind,
                sheet: grid.sheet,
                header_row,
                mapping,
                title_subject,
            };
            if sheet.is_some() || wanted_row.is_some() {
                return Ok(vec![(layout, rows)]);
            }
            found_all.push((layout, rows));
        }
        if grids.is_empty() && found_all.is_empty() && !prose_tried {
            prose_tried = true;
            grids.extend(read::text_prose_grid(&file.bytes));
        }
    }
    if found_all.len() > 1 && kind == FileKind::Docx {
        found_all = paragraphs_beside_tables(found_all);
    }
    if !found_all.is_empty() {
        return Ok(found_all);
    }
    let message = if !seen_rows {
        "the file holds no rows".to_string()
    } else if let Some((sheet, row, mapping)) = best_partial {
        let missing = if mapping.column(&ColumnRole::Date).is_none() {
            "date column (such as Date, Date of contact, Event date, Occurrence date or Date/Time)"
        } else {
            "description column (such as Details, Event, Summary, Narrative or Description of contact)"
        };
        format!(
            "no {missing} was found: the header row ({}row {row}) has {}; name the columns' roles in a mapping profile (--mapping)",
            sheet.map(|s| format!("{s}, ")).unwrap_or_default(),
            mapping
                .headers
                .iter()
                .filter(|h| !h.is_empty())
                .map(|h| format!("\"{h}\""))
                .collect::<Vec<_>>()
                .join(", ")
        )
    } else {
        format!(
            "no header row was found in the first {HEADER_SEARCH_ROWS} rows: Sightline looks for a row naming a date column (such as Date or Date of contact) and a description column (such as Details or Summary); for other headers, give a mapping profile (--mapping)"
        )
    };
    Err(Error::Mapping {
        file: file.name.clone(),
        message,
    })
}

/// A document's dated paragraphs beside its chronology tables: the
/// paragraphs around a table are its preamble and notes, dropped, unless
/// they say more than the tables do (letters written out in full under a
/// table that lists them by date): then both are the agency's records.
fn paragraphs_beside_tables(
    found: Vec<(Layout, table::Rows<'_>)>,
) -> Vec<(Layout, table::Rows<'_>)> {
    let is_prose = |l: &Layout| l.sheet.as_deref() == Some(super::prose::SHEET);
    let grids: Vec<(Layout, Vec<Result<table::GridRow, ReadError>>)> = found
        .into_iter()
        .map(|(l, rows)| (l, rows.collect()))
        .collect();
    let text = |rows: &[Result<table::GridRow, ReadError>]| -> usize {
        rows.iter()
            .flatten()
            .flat_map(|r| &r.cells)
            .map(|c| c.text.trim().chars().count())
            .sum()
    };
    let (prose, tables): (usize, usize) = grids.iter().fold((0, 0), |(p, t), (l, rows)| {
        if is_prose(l) {
            (p + text(rows), t)
        } else {
            (p, t + text(rows))
        }
    });
    grids
        .into_iter()
        .filter(|(l, _)| !is_prose(l) || prose > tables)
        .map(|(l, rows)| (l, Box::new(rows.into_iter()) as table::Rows<'_>))
        .collect()
}

/// The header and mapping of rows whose headers no synonym knows, read
/// from what the columns hold: (index in `head`, mapping, no header). A
/// row is taken as the header when the columns under it read as a date and
/// a description and its own cell in the date column is no date; as the
/// first row of a file with no header when the columns from it down read
/// so. Headers of a file with none are "Column 1", "Column 2", ….
fn by_content_only(head: &[table::GridRow]) -> Option<(usize, Mapping, bool)> {
    let complete = |m: &Mapping| {
        m.column(&ColumnRole::Date).is_some() && m.column(&ColumnRole::Description).is_some()
    };
    for (i, row) in head.iter().enumerate() {
        if row.is_blank()
            || row
                .cells
                .iter()
                .filter(|c| !c.text.trim().is_empty())
                .count()
                < 2
        {
            continue;
        }
        let headers: Vec<String> = row
            .cells
            .iter()
            .map(|c| c.text.trim().to_string())
            .collect();
        let date_cell = |m: &Mapping| {
            m.column(&ColumnRole::Date)
                .and_then(|c| row.cells.get(c))
                .is_some_and(|c| crate::when::parse_when(&c.text, None).is_ok())
        };
        let mut mapping = Mapping::new(&headers, None);
        read_by_content(&mut mapping, &head[i + 1..], None);
        if complete(&mapping) && !date_cell(&mapping) && head.len() > i + 1 {
            return Some((i, mapping, false));
        }
        let width = head.iter().map(|r| r.cells.len()).max().unwrap_or(0);
        let numbered: Vec<String> = (1..=width).map(|n| format!("Column {n}")).collect();
        let mut mapping = Mapping::new(&numbered, None);
        read_by_content(&mut mapping, &head[i..], None);
        if complete(&mapping) && date_cell(&mapping) {
            return Some((i, mapping, true));
        }
    }
    None
}

/// The share of a column's non-empty cells that must read as dates for it
/// to be taken as the date column.
const DATE_SHARE: f64 = 0.8;

/// The mean length, in characters, a column's cells must reach for it to be
/// taken as the description.
const DESCRIPTION_MEAN_CHARS: f64 = 15.0;

/// Gives roles by what columns hold, when no header says which column is
/// the date or the description: of the columns no synonym knows, the one
/// whose cells read as dates is the date, and the one with the longest
/// text is the description. `sample` is the rows under the header.
fn read_by_content(
    mapping: &mut Mapping,
    sample: &[table::GridRow],
    profile: Option<&super::mapping::Profile>,
) {
    let free: Vec<usize> = (0..mapping.headers.len())
        .filter(|&c| mapping.roles[c] == ColumnRole::Extra && !mapping.headers[c].trim().is_empty())
        .collect();
    let cells = |c: usize| -> Vec<&str> {
        sample
            .iter()
            .filter_map(|r| r.cells.get(c))
            .map(|x| x.text.trim())
            .filter(|t| !t.is_empty())
            .collect()
    };
    let date_share = |c: usize| {
        let v = cells(c);
        let dates = v
            .iter()
            .filter(|t| crate::when::parse_when(t, None).is_ok())
            .count();
        (v.len(), dates as f64 / v.len().max(1) as f64)
    };
    if mapping.column(&ColumnRole::Date).is_none() {
        let best = free
            .iter()
            .map(|&c| (c, date_share(c)))
            .filter(|(_, (n, share))| *n > 0 && *share >= DATE_SHARE)
            .max_by(|a, b| a.1 .1.total_cmp(&b.1 .1).then(b.0.cmp(&a.0)));
        if let Some((c, _)) = best {
            mapping.roles[c] = ColumnRole::Date;
            mapping.by_content.push(c);
        }
    }
    let mean = |c: usize| {
        let v = cells(c);
        let chars: usize = v.iter().map(|t| t.chars().count()).sum();
        chars as f64 / v.len().max(1) as f64
    };
    let chosen = |c: usize| {
        profile
            .and_then(|p| p.role_for(&mapping.headers[c]))
            .is_some()
    };
    // A header that reads like the description ("Event") over cells of a
    // few words, beside a column of running text ("Entry", "Note"): the
    // running text is the description, the short cells the entry's kind.
    if let Some(d) = mapping.column(&ColumnRole::Description) {
        let short = mean(d);
        if !chosen(d) && short < DESCRIPTION_MEAN_CHARS {
            let longer = free
                .iter()
                .copied()
                .filter(|&c| mapping.roles[c] == ColumnRole::Extra && !chosen(c))
                .map(|c| (c, mean(c)))
                .filter(|&(_, m)| m >= DESCRIPTION_MEAN_CHARS && m >= 2.0 * short)
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
            if let Some((c, _)) = longer {
                mapping.roles[c] = ColumnRole::Description;
                mapping.roles[d] = if mapping.column(&ColumnRole::EventType).is_none() {
                    ColumnRole::EventType
                } else {
                    ColumnRole::Extra
                };
                mapping.by_content.push(c);
                mapping.by_content.push(d);
            }
        }
    }
    if mapping.column(&ColumnRole::Description).is_none() {
        let best = free
            .iter()
            .filter(|&&c| mapping.roles[c] == ColumnRole::Extra)
            .map(|&c| {
                let v = cells(c);
                let chars: usize = v.iter().map(|t| t.chars().count()).sum();
                (c, chars as f64 / v.len().max(1) as f64)
            })
            .filter(|(_, mean)| *mean >= DESCRIPTION_MEAN_CHARS)
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        if let Some((c, _)) = best {
            mapping.roles[c] = ColumnRole::Description;
            mapping.by_content.push(c);
        }
    }
    // A second column headed like a description ("Event" beside
    // "Details") whose cells are short names the kind of entry
    // ("Strategy discussion", "Home visit").
    if mapping.column(&ColumnRole::EventType).is_none() {
        let short = free
            .iter()
            .filter(|&&c| mapping.roles[c] == ColumnRole::Extra && !chosen(c))
            .filter(|&&c| {
                super::mapping::guess_role(&mapping.headers[c])
                    .is_some_and(|(role, _)| role == ColumnRole::Description)
            })
            .find(|&&c| !cells(c).is_empty() && mean(c) < EVENT_TYPE_MEAN_CHARS);
        if let Some(&c) = short {
            mapping.roles[c] = ColumnRole::EventType;
            mapping.by_content.push(c);
        }
    }
    // An outcome headed "Action" over cells that name the kind of entry
    // ("Home visit", "Phone"), beside a longer column also headed like an
    // outcome ("Next step": "Referred to EHE team. CME closed"): the short
    // cells are the entry's kind, the longer the outcome.
    if let (Some(o), None) = (
        mapping.column(&ColumnRole::Outcome),
        mapping.column(&ColumnRole::EventType),
    ) {
        let short = mean(o);
        if !chosen(o) && short > 0.0 && short < EVENT_TYPE_MEAN_CHARS {
            let longer = free
                .iter()
                .copied()
                .filter(|&c| mapping.roles[c] == ColumnRole::Extra && !chosen(c))
                .filter(|&c| {
                    super::mapping::guess_role(&mapping.headers[c])
                        .is_some_and(|(role, _)| role == ColumnRole::Outcome)
                })
                .find(|&c| mean(c) >= 1.5 * short);
            if let Some(c) = longer {
                mapping.roles[c] = ColumnRole::Outcome;
                mapping.roles[o] = ColumnRole::EventType;
                mapping.by_content.push(c);
                mapping.by_content.push(o);
            }
        }
    }
    // A second column headed like the outcome or the description ("Next
    // step" beside "Action", "Notes" beside "Details"): more of what
    // happened and was decided, joined to the description rather than left
    // aside ("CME closed - EHE").
    if mapping.column(&ColumnRole::Description).is_some() {
        let second: Vec<usize> = free
            .iter()
            .copied()
            .filter(|&c| mapping.roles[c] == ColumnRole::Extra && !chosen(c))
            .filter(|&c| {
                super::mapping::guess_role(&mapping.headers[c]).is_some_and(|(role, _)| {
                    matches!(role, ColumnRole::Outcome | ColumnRole::Description)
                })
            })
            .filter(|&c| !cells(c).is_empty())
            .collect();
        for c in second {
            mapping.roles[c] = ColumnRole::Detail;
            mapping.by_content.push(c);
        }
    }
    // Further columns of running text under headers no synonym knows
    // ("Assessment / findings", "Safeguarding", "Risk / Safeguarding"):
    // more of what happened, joined to the description.
    if mapping.column(&ColumnRole::Description).is_some() {
        let words = |c: usize| {
            let v = cells(c);
            let n: usize = v.iter().map(|t| t.split_whitespace().count()).sum();
            n as f64 / v.len().max(1) as f64
        };
        let more: Vec<usize> = free
            .iter()
            .copied()
            .filter(|&c| mapping.roles[c] == ColumnRole::Extra && !chosen(c))
            .filter(|&c| mean(c) >= DETAIL_MEAN_CHARS && words(c) >= DETAIL_MEAN_WORDS)
            .collect();
        for c in more {
            mapping.roles[c] = ColumnRole::Detail;
            mapping.by_content.push(c);
        }
    }
    mapping.by_content.sort_unstable();
}

/// A column of entries' kinds holds short cells: fewer characters than
/// this on average.
const EVENT_TYPE_MEAN_CHARS: f64 = 30.0;

/// A further column of running text (see [`ColumnRole::Detail`]) holds
/// cells of at least this many characters, and words, on average: sentences,
/// not addresses or references.
const DETAIL_MEAN_CHARS: f64 = 30.0;
const DETAIL_MEAN_WORDS: f64 = 5.0;

#[cfg(test)]
mod tests {
    use super::*;

    fn layout_of(name: &str, text: &str) -> Result<Layout> {
        let file = ImportFile {
            name: name.into(),
            bytes: text.as_bytes().to_vec(),
        };
        inspect(&file, &ImportOptions::default())
    }

    fn role_of(l: &Layout, header: &str) -> ColumnRole {
        let i = l.mapping.headers.iter().position(|h| h == header).unwrap();
        l.mapping.roles[i].clone()
    }

    #[test]
    fn an_action_column_of_kinds_beside_the_next_step_is_the_kind_not_the_outcome() {
        let l = layout_of(
            "cme.csv",
            "Date,Officer,Action,Notes,Next step\n\
             06-Dec-2024,I Threlfall,Closure,Parent confirms by phone the family have moved to Spain.,CME case closed - child believed to have left the country.\n\
             12-Feb-2025,I Threlfall,Home visit,Mum answered; Tyler not seen - at his nan's.,Referred to EHE team. CME closed - EHE.\n",
        )
        .unwrap();
        assert_eq!(role_of(&l, "Next step"), ColumnRole::Outcome);
        assert_eq!(role_of(&l, "Action"), ColumnRole::EventType);
        assert_eq!(role_of(&l, "Notes"), ColumnRole::Description);
    }

    #[test]
    fn a_second_outcome_column_of_short_cells_is_read_with_the_description() {
        let l = layout_of(
            "cme.csv",
            "Date,Officer,Action,Notes,Next step\n\
             07-Nov-2024,P Lamb,Home visit,No answer. Card left.,Review.\n\
             12-Feb-2025,I Threlfall,Home visit,Mum answered; Tyler not seen.,Closed.\n",
        )
        .unwrap();
        assert_eq!(role_of(&l, "Action"), ColumnRole::Outcome);
        assert_eq!(role_of(&l, "Next step"), ColumnRole::Detail);
    }

    #[test]
    fn running_text_under_an_unknown_header_is_the_description_not_the_short_event() {
        let l = layout_of(
            "csc.csv",
            "Date;Subject;Event;Entry;Outcome;Worker\n\
             14.02.22;Noah & Mia;RCPC;Review CP conference. Sophie 10 weeks negative drug screens.;CP plans ended - step down to CIN.;IRO\n\
             22.03.22;Noah & Mia;PPN received;PPN from police: Liam at the address in breach of the NMO, children in the flat.;Logged to SW.;Duty\n",
        )
        .unwrap();
        assert_eq!(role_of(&l, "Entry"), ColumnRole::Description);
        assert_eq!(role_of(&l, "Event"), ColumnRole::EventType);
    }

    #[test]
    fn an_event_column_beside_the_details_names_the_kind_of_entry() {
        let l = layout_of(
            "csc.csv",
            "Date,Time,Event,Details,Action/Outcome,Practitioner\n\
             20/06/2022,13:00,Strategy discussion,\"Attended: CSC, Police, Health, nursery. Shared: DA disclosure, bruise.\",S47 joint investigation.,SW Dunne\n\
             20/06/2022,15:30,S47 - child seen,TJ seen alone at nursery by SW and DS; repeated account.,ICPC to be convened.,SW Dunne\n",
        )
        .unwrap();
        assert_eq!(role_of(&l, "Details"), ColumnRole::Description);
        assert_eq!(role_of(&l, "Event"), ColumnRole::EventType);
    }

    #[test]
    fn a_hospital_clinical_summary_is_read_as_the_description_by_its_text() {
        let l = layout_of(
            "ed.csv",
            "Date/Time,Clinical summary,Action/Outcome,Informed\n\
             12/03/2021 14:30,Attended ED with mother. Bruise to left cheek; says fell off sofa.,Discharged home,GP\n\
             20/03/2021 09:10,Reattended with a burn to the right hand; explanation vague.,Referred to CSC,CSC; GP\n",
        )
        .unwrap();
        assert_eq!(role_of(&l, "Clinical summary"), ColumnRole::Description);
        assert_eq!(role_of(&l, "Date/Time"), ColumnRole::Date);
        let i = l
            .mapping
            .headers
            .iter()
            .position(|h| h == "Clinical summary");
        assert_eq!(l.mapping.by_content, vec![i.unwrap()]);
    }

    #[test]
    fn a_school_log_incident_column_is_the_description() {
        let l = layout_of(
            "log.csv",
            "Date,Category,Incident,Action taken,Staff\n\
             05/02/2022,Physical,Bruise on forearm noticed in PE. Said brother did it.,Logged; DSL informed,JW\n\
             09/02/2022,Neglect,Came in hungry again; no coat in the snow.,Spoke to mum at pick-up,KL\n",
        )
        .unwrap();
        assert_eq!(role_of(&l, "Incident"), ColumnRole::Description);
        assert_eq!(role_of(&l, "Category"), ColumnRole::EventType);
    }

    #[test]
    fn a_date_column_under_an_unknown_header_is_read_by_its_dates() {
        let l = layout_of(
            "notes.csv",
            "When seen,Details\n\
             12/03/2021,Home visit; child seen and spoken to alone.\n\
             w/c 22/03/2021,Phone call with mother about school attendance.\n",
        )
        .unwrap();
        assert_eq!(role_of(&l, "When seen"), ColumnRole::Date);
    }

    #[test]
    fn bilingual_headers_take_the_role_of_the_part_known() {
        let l = layout_of(
            "cronoleg.csv",
            "Dyddiad / Date,Manylion / Details,Rhannwyd gyda / Shared with\n\
             12/05/2021,Referral from school: arriving hungry.,School\n",
        )
        .unwrap();
        assert_eq!(role_of(&l, "Dyddiad / Date"), ColumnRole::Date);
        assert_eq!(role_of(&l, "Manylion / Details"), ColumnRole::Description);
        assert_eq!(
            role_of(&l, "Rhannwyd gyda / Shared with"),
            ColumnRole::SharedWith
        );
        assert!(l.mapping.by_content.is_empty());
    }

    #[test]
    fn a_file_with_no_header_row_is_read_by_what_its_columns_hold() {
        let l = layout_of(
            "export.csv",
            "28/09/2021,Helpline - Jo,Anonymous call from a woman who says her boyfriend grabbed her.,Advice\n\
             02/12/2021,Helpline - Jo,Called again and gave her name. Baby two weeks old.,Refuge offered\n",
        )
        .unwrap();
        assert_eq!(l.header_row, 0);
        assert_eq!(role_of(&l, "Column 1"), ColumnRole::Date);
        assert_eq!(role_of(&l, "Column 3"), ColumnRole::Description);
    }

    #[test]
    fn headers_no_synonym_knows_are_read_by_what_is_under_them() {
        let l = layout_of(
            "notas.csv",
            "Fecha,Quien,Notas\n\
             28/09/2021,Jo,Anonymous call from a woman who says her boyfriend grabbed her.\n\
             02/12/2021,Jo,Called again and gave her name. Baby two weeks old.\n",
        )
        .unwrap();
        assert_eq!(l.header_row, 1);
        assert_eq!(role_of(&l, "Fecha"), ColumnRole::Date);
        assert_eq!(role_of(&l, "Notas"), ColumnRole::Description);
    }

    #[test]
    fn short_codes_are_not_taken_for_a_description_and_no_dates_is_still_refused() {
        let e = layout_of(
            "codes.csv",
            "Date,Code,Staff\n12/03/2021,A1,JW\n13/03/2021,B2,KL\n",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("no description column"), "{e}");
        let e = layout_of(
            "nodates.csv",
            "Entry,Details\nfirst,A long description of what happened at the visit.\n",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("codes.csv") || e.contains("nodates.csv"), "{e}");
    }

    fn rows(cells: &[&str]) -> Vec<table::GridRow> {
        cells
            .iter()
            .enumerate()
            .map(|(i, t)| table::GridRow {
                number: i + 1,
                cells: vec![table::Cell {
                    text: t.to_string(),
                    formula: None,
                }],
            })
            .collect()
    }

    #[test]
    fn a_title_block_names_the_child_with_the_date_of_birth() {
        let t = title_subject(&rows(&[
            "Brackenfield Community Health NHS Trust",
            "Agency chronology for Child Safeguarding Practice Review",
            "Child: Kaycee-Leigh MORROW   DOB: 02/03/2021   Services: Community Paediatrics",
        ]));
        assert_eq!(
            t,
            Some(TitleSubject {
                name: "Kaycee-Leigh MORROW".into(),
                child: true,
                dob: Some("02/03/2021".into()),
            })
        );
        let t = title_subject(&rows(&["Patient: Ms J Stroud (DOB 03/05/1990)"]));
        assert_eq!(
            t.as_ref().map(|t| (t.name.as_str(), t.child)),
            Some(("Ms J Stroud", false))
        );
        assert_eq!(t.and_then(|t| t.dob), Some("03/05/1990".into()));
        // A probation extract's title paragraph names the person on
        // probation on a line of its own.
        let t = title_subject(&rows(&[
            "Contact log extract (nDelius) for Child Safeguarding Practice Review\nPerson on probation: KINSELLA Lee (CRN X618204)\nOffender Manager: Gareth Minns (PO)",
        ]));
        assert_eq!(
            t.map(|t| (t.name, t.child)),
            Some(("KINSELLA Lee".into(), false))
        );
        // A GP journal's print names its patient surname first.
        let t = title_subject(&rows(&[
            "SystmOne - Tabbed Journal (Printed)\nPatient: HART, Amelia-Rose (\"Millie\")   NHS No: [redacted]",
        ]));
        assert_eq!(t.map(|t| t.name), Some("Amelia-Rose HART".into()));
        // A police extract's subject: initials, then the name in brackets.
        let t = title_subject(&rows(&[
            "Subject: LM (Logan Mwangi, also known as Logan Williamson) DOB 15/03/2016",
        ]));
        assert_eq!(
            t.map(|t| (t.name, t.dob)),
            Some(("Logan Mwangi".into(), Some("15/03/2016".into())))
        );
        let t = title_subject(&rows(&["Name of child: Tyler Brooks"]));
        assert_eq!(t.map(|t| t.name), Some("Tyler Brooks".into()));
        // A school's export names its student, with the year group after.
        for cell in [
            "Student: Jayden ROLFE   Year 8 (2023/24)",
            "Student: Jayden ROLFE Year 8",
        ] {
            let t = title_subject(&rows(&[cell]));
            assert_eq!(
                t.map(|t| (t.name, t.child)),
                Some(("Jayden ROLFE".into(), true)),
                "{cell}"
            );
        }
        // A chronology's title names its child with her date of birth.
        let t = title_subject(&rows(&[
            "Safeguarding chronology: Zofia NOWAK, DOB 03/11/2021, Hosp No. S2291847",
        ]));
        assert_eq!(
            t.map(|t| (t.name, t.dob)),
            Some(("Zofia NOWAK".into(), Some("03/11/2021".into())))
        );
        // A patient whose age the title gives is a child when under 18.
        for (cell, child) in [
            (
                "Patient: BRENNAN Tyler (age 9)   Nominated pharmacy (EPS)",
                true,
            ),
            ("Patient: Tyler BRENNAN (9)   Compiled by A. Birks", true),
            (
                "Patient: Tyler BRENNAN   Sex: M   Age: 9y   Usual GP: Dr A Rahman",
                true,
            ),
            ("Patient: Kelly BRENNAN (34)", false),
            ("Patient: Kelly BRENNAN   Age: 34", false),
        ] {
            let t = title_subject(&rows(&[cell]));
            assert_eq!(t.map(|t| t.child), Some(child), "{cell}");
        }
    }

    #[test]
    fn a_title_block_without_a_name_after_its_label_names_no_one() {
        for text in [
            "Subject: LM (Logan, also known as L) DOB 15/03/2016",
            "Child: see below",
            "Chronology for the review panel",
            "Period: 01/06/2023 – 30/06/2024   Completed by: Named Nurse",
            "Agency chronology re child safeguarding",
            "Chronology: Prepared by Named Nurse, April 2024",
        ] {
            assert_eq!(title_subject(&rows(&[text])), None, "{text}");
        }
    }
}
