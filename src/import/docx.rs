//! Word documents whose chronology is a table, or paragraphs that each
//! begin with a date (see [`super::prose`]).
//!
//! `word/document.xml` is unpacked with `zip` (at most 256 MiB of it) and
//! streamed through `quick-xml`. Every top-level table becomes a [`Grid`]
//! named `Table N` (1-based, in document order); a table nested inside a
//! cell becomes part of that cell's text, one line per nested row with its
//! cells separated by tabs.
//!
//! A cell's text is its paragraphs joined by `\n`; within a paragraph the
//! runs' text is concatenated, with a tab for `w:tab` and `\n` for a line
//! break. A cell spanning n grid columns (`w:gridSpan`) is followed by n-1
//! empty cells, and a row starting later in the grid (`w:gridBefore`) is
//! preceded by empty cells, so that columns line up; a cell continuing a
//! vertical merge (`w:vMerge` other than `restart`) repeats the text of the
//! cell above it in the same grid column. Text boxes' fallback copies
//! (`mc:Fallback`), tracked deletions and moves-away, and field codes are
//! not read.
//!
//! The paragraphs outside tables are kept too, each with whether it is a
//! heading (a heading or title style, or a short line all in bold); when
//! they tell a chronology, they make one more grid, named
//! [`prose::SHEET`], after the tables.

use std::io::{Cursor, Read};

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::{NsReader, XmlVersion};

use super::prose::{self, Paragraph};
use super::table::{Cell, Grid, GridRow, ReadError, Rows};

/// The largest `word/document.xml` read, unpacked (a guard against ZIP bombs).
const MAX_XML_BYTES: u64 = 256 * 1024 * 1024;
/// The deepest element nesting read.
const MAX_DEPTH: usize = 512;
/// The deepest nesting of tables within tables read.
const MAX_TABLE_DEPTH: usize = 32;
/// The most grid columns one row may have (Word allows 63).
const MAX_COLUMNS: usize = 1024;
/// The most cells, padding included, all tables together may have.
const MAX_CELLS: usize = 10_000_000;
/// The most text bytes copied into vertically merged cells.
const MAX_COPIED_BYTES: usize = 256 * 1024 * 1024;

/// WordprocessingML's namespace, transitional and strict.
const W_NAMESPACES: [&str; 2] = [
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
];
/// The markup-compatibility namespace (`mc:AlternateContent`).
const MC_NAMESPACE: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// Reads every top-level table of a Word document, one grid each, and its
/// dated paragraphs as one more grid when they tell a chronology.
///
/// Fails with [`ReadError::NoTable`] when there is neither, and with
/// [`ReadError::Damaged`] when the archive or its XML is corrupt or cut
/// short.
pub fn read(bytes: &[u8]) -> Result<Vec<Grid<'static>>, ReadError> {
    let xml = document_xml(bytes)?;
    let text = xml.strip_prefix('\u{feff}').unwrap_or(&xml);
    let (tables, body) = parse(text)?;
    let mut grids: Vec<Grid<'static>> = tables
        .into_iter()
        .enumerate()
        .map(|(i, rows)| {
            let rows: Rows<'static> = Box::new(rows.into_iter().map(Ok));
            Grid {
                sheet: Some(format!("Table {}", i + 1)),
                rows,
            }
        })
        .collect();
    if let Some(rows) = prose::rows(&body) {
        let rows: Rows<'static> = Box::new(rows.into_iter().map(Ok));
        grids.push(Grid {
            sheet: Some(prose::SHEET.to_string()),
            rows,
        });
    }
    if grids.is_empty() {
        return Err(ReadError::NoTable);
    }
    Ok(grids)
}

/// A [`ReadError::Damaged`] with the given detail.
fn damaged(detail: impl Into<String>) -> ReadError {
    ReadError::Damaged {
        detail: detail.into(),
    }
}

/// Unpacks `word/document.xml`, refusing more than [`MAX_XML_BYTES`].
fn document_xml(bytes: &[u8]) -> Result<String, ReadError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| damaged(format!("it cannot be opened as a Word document ({e})")))?;
    let file = match archive.by_name("word/document.xml") {
        Ok(file) => file,
        Err(zip::result::ZipError::FileNotFound) => {
            return Err(damaged(
                "it holds no word/document.xml, so it is not a Word document",
            ))
        }
        Err(e) => return Err(damaged(format!("word/document.xml cannot be read ({e})"))),
    };
    let mut xml = Vec::new();
    file.take(MAX_XML_BYTES + 1)
        .read_to_end(&mut xml)
        .map_err(|e| damaged(format!("word/document.xml cannot be unpacked ({e})")))?;
    if u64::try_from(xml.len()).unwrap_or(u64::MAX) > MAX_XML_BYTES {
        return Err(ReadError::Other(
            "the document is larger than 256 MiB when unpacked; Sightline does not read documents that large"
                .into(),
        ));
    }
    String::from_utf8(xml).map_err(|e| {
        damaged(format!(
            "word/document.xml is not UTF-8 text (bad byte at {})",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// What an element is, as far as tables are concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tag {
    Tbl,
    Tr,
    Tc,
    P,
    R,
    T,
    TcPr,
    TrPr,
    Tab,
    Br,
    NoBreakHyphen,
    VMerge,
    GridSpan,
    GridBefore,
    PStyle,
    PPr,
    RPr,
    B,
    Other,
}

impl Tag {
    /// The tag of a WordprocessingML element's local name.
    fn of(local: &str) -> Tag {
        match local {
            "tbl" => Tag::Tbl,
            "tr" => Tag::Tr,
            "tc" => Tag::Tc,
            "p" => Tag::P,
            "r" => Tag::R,
            "t" => Tag::T,
            "tcPr" => Tag::TcPr,
            "trPr" => Tag::TrPr,
            "tab" => Tag::Tab,
            "br" | "cr" => Tag::Br,
            "noBreakHyphen" => Tag::NoBreakHyphen,
            "vMerge" => Tag::VMerge,
            "gridSpan" => Tag::GridSpan,
            "gridBefore" => Tag::GridBefore,
            "pStyle" => Tag::PStyle,
            "pPr" => Tag::PPr,
            "rPr" => Tag::RPr,
            "b" => Tag::B,
            _ => Tag::Other,
        }
    }
}

/// How a cell takes part in a vertical merge.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum VMerge {
    #[default]
    None,
    Restart,
    Continue,
}

/// A cell as read, before columns are lined up.
#[derive(Debug)]
struct CellBuild {
    lines: Vec<String>,
    span: usize,
    vmerge: VMerge,
}

impl Default for CellBuild {
    fn default() -> Self {
        CellBuild {
            lines: Vec::new(),
            span: 1,
            vmerge: VMerge::None,
        }
    }
}

/// A row as read.
#[derive(Debug, Default)]
struct RowBuild {
    grid_before: usize,
    cells: Vec<CellBuild>,
}

/// A table being read.
#[derive(Debug, Default)]
struct TableBuild {
    rows: Vec<RowBuild>,
    row: Option<RowBuild>,
    cell: Option<CellBuild>,
}

/// Limits on how much output the tables may make.
#[derive(Debug)]
struct Budget {
    cells: usize,
    copied: usize,
}

impl Budget {
    /// Counts `n` more cells.
    fn cells(&mut self, n: usize) -> Result<(), ReadError> {
        self.cells = self.cells.saturating_add(n);
        if self.cells > MAX_CELLS {
            return Err(ReadError::Other(format!(
                "the document's tables are too large to read (more than {MAX_CELLS} cells)"
            )));
        }
        Ok(())
    }

    /// Counts `n` more bytes of copied text.
    fn copied(&mut self, n: usize) -> Result<(), ReadError> {
        self.copied = self.copied.saturating_add(n);
        if self.copied > MAX_COPIED_BYTES {
            return Err(ReadError::Other(
                "the document's merged table cells hold too much text to read".into(),
            ));
        }
        Ok(())
    }
}

/// What is known of a paragraph being read, beyond its text.
#[derive(Debug, Default)]
struct ParagraphBuild {
    /// Its style's id (`w:pStyle`).
    style: Option<String>,
    /// Characters, other than white space, in bold runs and in others.
    bold: usize,
    plain: usize,
}

/// A paragraph's style id that makes it a heading.
fn heading_style(style: &str) -> bool {
    let style = style.to_ascii_lowercase();
    style.contains("heading") || style.starts_with("title") || style.starts_with("subtitle")
}

/// The longest line, in characters, taken as a heading for being in bold.
const MAX_BOLD_HEADING: usize = 80;

/// The state of the streaming parse.
#[derive(Debug)]
struct Parser {
    /// Open elements, outermost first.
    stack: Vec<Tag>,
    /// Open tables, outermost first.
    tables: Vec<TableBuild>,
    /// Open paragraphs' text (a text box can put a paragraph in a paragraph).
    paragraphs: Vec<String>,
    /// What is known of each open paragraph besides its text.
    paragraph_builds: Vec<ParagraphBuild>,
    /// Whether the run being read is bold.
    bold: bool,
    /// The paragraphs outside tables, in order.
    body: Vec<Paragraph>,
    /// Finished top-level tables.
    done: Vec<Vec<GridRow>>,
    budget: Budget,
}

/// Reads the tables, and the paragraphs outside them, out of
/// `word/document.xml`.
fn parse(xml: &str) -> Result<(Vec<Vec<GridRow>>, Vec<Paragraph>), ReadError> {
    let mut reader = NsReader::from_str(xml);
    let mut parser = Parser {
        stack: Vec::new(),
        tables: Vec::new(),
        paragraphs: Vec::new(),
        paragraph_builds: Vec::new(),
        bold: false,
        body: Vec::new(),
        done: Vec::new(),
        budget: Budget {
            cells: 0,
            copied: 0,
        },
    };
    loop {
        let (namespace, event) = match reader.read_resolved_event() {
            Ok((ns, event)) => (namespace_kind(&ns), event),
            Err(e) => {
                return Err(damaged(format!(
                    "word/document.xml is not well-formed near byte {} ({e})",
                    reader.error_position()
                )))
            }
        };
        match event {
            Event::Start(e) => {
                let local = e.local_name();
                let skipped = match namespace {
                    // A text box's fallback copy repeats its content.
                    Ns::Mc => local.as_ref() == "Fallback",
                    // Text moved away or deleted under tracked changes.
                    Ns::W => matches!(local.as_ref(), "moveFrom" | "del"),
                    Ns::Other => false,
                };
                if skipped {
                    reader.read_to_end(e.name()).map_err(|err| {
                        damaged(format!("word/document.xml is not well-formed ({err})"))
                    })?;
                    continue;
                }
                let tag = tag(namespace, &e);
                parser.start(tag, &e)?;
                if parser.stack.len() >= MAX_DEPTH {
                    return Err(ReadError::Other(format!(
                        "the document is nested more deeply than Sightline reads (over {MAX_DEPTH} levels)"
                    )));
                }
                parser.stack.push(tag);
            }
            Event::Empty(e) => {
                let tag = tag(namespace, &e);
                parser.start(tag, &e)?;
                parser.end(tag)?;
            }
            Event::End(_) => {
                let tag = parser.stack.pop().ok_or_else(|| {
                    damaged("word/document.xml closes an element it never opened")
                })?;
                parser.end(tag)?;
            }
            Event::Text(text) => parser.text(&text.xml10_content()),
            Event::CData(text) => parser.text(&text.xml10_content()),
            Event::GeneralRef(reference) => {
                let resolved = reference.resolve_char_ref().map_err(|e| {
                    damaged(format!(
                        "word/document.xml has a bad character reference ({e})"
                    ))
                })?;
                match resolved {
                    Some(ch) => parser.text(ch.encode_utf8(&mut [0; 4])),
                    None => match resolve_predefined_entity(&reference) {
                        Some(s) => parser.text(s),
                        None => parser.text(&format!("&{};", &*reference)),
                    },
                }
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if !parser.stack.is_empty() {
        return Err(damaged(
            "word/document.xml stops part-way through; the file is incomplete",
        ));
    }
    Ok((parser.done, parser.body))
}

/// The namespaces that matter here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ns {
    W,
    Mc,
    Other,
}

/// Classifies a resolved namespace.
fn namespace_kind(ns: &ResolveResult<'_>) -> Ns {
    match ns {
        ResolveResult::Bound(Namespace(uri)) if W_NAMESPACES.contains(uri) => Ns::W,
        ResolveResult::Bound(Namespace(uri)) if *uri == MC_NAMESPACE => Ns::Mc,
        _ => Ns::Other,
    }
}

/// The tag of an element.
fn tag(namespace: Ns, element: &BytesStart<'_>) -> Tag {
    if namespace == Ns::W {
        Tag::of(element.local_name().as_ref())
    } else {
        Tag::Other
    }
}

/// The value of an element's `val` attribute (`w:val`).
fn val(element: &BytesStart<'_>) -> Option<String> {
    element
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == "val")
        .and_then(|a| a.normalized_value(XmlVersion::Implicit1_0).ok())
        .map(|v| v.into_owned())
}

/// A numeric `w:val`, clamped to `0..=MAX_COLUMNS`.
fn count_val(element: &BytesStart<'_>) -> Option<usize> {
    val(element)
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(|n| usize::try_from(n).unwrap_or(MAX_COLUMNS).min(MAX_COLUMNS))
}

impl Parser {
    /// The cell being read in the innermost open table.
    fn cell(&mut self) -> Option<&mut CellBuild> {
        self.tables.last_mut().and_then(|t| t.cell.as_mut())
    }

    /// Appends text to the paragraph being read, when inside a run's text.
    fn text(&mut self, text: &str) {
        if self.stack.last() == Some(&Tag::T) {
            if let Some(paragraph) = self.paragraphs.last_mut() {
                paragraph.push_str(text);
            }
            if let Some(build) = self.paragraph_builds.last_mut() {
                let n = text.chars().filter(|c| !c.is_whitespace()).count();
                if self.bold {
                    build.bold += n;
                } else {
                    build.plain += n;
                }
            }
        }
    }

    /// Handles an opening tag; the tag is not yet on the stack.
    fn start(&mut self, tag: Tag, element: &BytesStart<'_>) -> Result<(), ReadError> {
        let parent = self.stack.last().copied();
        match tag {
            Tag::Tbl => {
                if self.tables.len() >= MAX_TABLE_DEPTH {
                    return Err(ReadError::Other(format!(
                        "the document's tables are nested more deeply than Sightline reads (over {MAX_TABLE_DEPTH})"
                    )));
                }
                self.tables.push(TableBuild::default());
            }
            Tag::Tr => {
                if let Some(table) = self.tables.last_mut() {
                    table.row = Some(RowBuild::default());
                }
            }
            Tag::Tc => {
                if let Some(table) = self.tables.last_mut() {
                    table.cell = Some(CellBuild::default());
                }
            }
            Tag::P => {
                self.paragraphs.push(String::new());
                self.paragraph_builds.push(ParagraphBuild::default());
            }
            Tag::R => self.bold = false,
            Tag::B
                if parent == Some(Tag::RPr) && self.stack.iter().rev().nth(1) == Some(&Tag::R) =>
            {
                self.bold = val(element).is_none_or(|v| !matches!(v.trim(), "0" | "false" | "off"));
            }
            Tag::PStyle if parent == Some(Tag::PPr) => {
                if let Some(build) = self.paragraph_builds.last_mut() {
                    build.style = val(element);
                }
            }
            Tag::Tab | Tag::Br | Tag::NoBreakHyphen if parent == Some(Tag::R) => {
                let text = match tag {
                    Tag::Tab => "\t",
                    Tag::Br => "\n",
                    _ => "-",
                };
                if let Some(paragraph) = self.paragraphs.last_mut() {
                    paragraph.push_str(text);
                }
            }
            Tag::VMerge if parent == Some(Tag::TcPr) => {
                let restart = val(element).is_some_and(|v| v.trim() == "restart");
                if let Some(cell) = self.cell() {
                    cell.vmerge = if restart {
                        VMerge::Restart
                    } else {
                        VMerge::Continue
                    };
                }
            }
            Tag::GridSpan if parent == Some(Tag::TcPr) => {
                let span = count_val(element).unwrap_or(1).max(1);
                if let Some(cell) = self.cell() {
                    cell.span = span;
                }
            }
            Tag::GridBefore if parent == Some(Tag::TrPr) => {
                let before = count_val(element).unwrap_or(0);
                if let Some(row) = self.tables.last_mut().and_then(|t| t.row.as_mut()) {
                    row.grid_before = before;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Handles a closing tag (already popped from the stack).
    fn end(&mut self, tag: Tag) -> Result<(), ReadError> {
        match tag {
            Tag::P => {
                let build = self.paragraph_builds.pop().unwrap_or_default();
                if let Some(text) = self.paragraphs.pop() {
                    if let Some(cell) = self.cell() {
                        cell.lines.push(text);
                    } else if self.tables.is_empty() && self.paragraphs.is_empty() {
                        let heading = build.style.as_deref().is_some_and(heading_style)
                            || (build.plain == 0
                                && build.bold > 0
                                && text.chars().count() <= MAX_BOLD_HEADING);
                        let number = self.body.len() + 1;
                        self.body.push(Paragraph {
                            text,
                            heading,
                            number,
                        });
                    }
                }
            }
            Tag::Tc => {
                if let Some(table) = self.tables.last_mut() {
                    if let Some(cell) = table.cell.take() {
                        table
                            .row
                            .get_or_insert_with(RowBuild::default)
                            .cells
                            .push(cell);
                    }
                }
            }
            Tag::Tr => {
                if let Some(table) = self.tables.last_mut() {
                    let row = table.row.take().unwrap_or_default();
                    table.rows.push(row);
                }
            }
            Tag::Tbl => {
                if let Some(table) = self.tables.pop() {
                    let rows = line_up(table.rows, &mut self.budget)?;
                    if self.tables.is_empty() {
                        self.done.push(rows);
                    } else if let Some(cell) = self.cell() {
                        for row in rows {
                            let texts: Vec<&str> =
                                row.cells.iter().map(|c| c.text.as_str()).collect();
                            cell.lines.push(texts.join("\t"));
                        }
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// Lines a table's cells up on its grid: spans padded with empty cells,
/// vertical-merge continuations filled from the cell above.
fn line_up(rows: Vec<RowBuild>, budget: &mut Budget) -> Result<Vec<GridRow>, ReadError> {
    let mut out: Vec<GridRow> = Vec::with_capacity(rows.len());
    for (index, row) in rows.into_iter().enumerate() {
        let mut cells: Vec<Cell> = Vec::new();
        let before = row.grid_before.min(MAX_COLUMNS);
        budget.cells(before)?;
        cells.resize(before, Cell::default());
        for cell in row.cells {
            let column = cells.len();
            let own = cell.lines.join("\n");
            let text = match cell.vmerge {
                VMerge::Continue => match out.last().and_then(|above| above.cells.get(column)) {
                    Some(above) => {
                        budget.copied(above.text.len())?;
                        above.text.clone()
                    }
                    None => own,
                },
                VMerge::None | VMerge::Restart => own,
            };
            let room = MAX_COLUMNS.saturating_sub(column).max(1);
            let span = cell.span.clamp(1, room);
            budget.cells(span)?;
            cells.push(Cell::text(text));
            cells.resize(column + span, Cell::default());
        }
        out.push(GridRow {
            number: index + 1,
            cells,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
