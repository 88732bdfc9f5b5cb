//! The layout engine the PDF report is built on.
//!
//! printpdf is used only to write PDF objects: this module measures text with
//! the embedded font's own advance widths, wraps it, and places every line
//! itself. A [`Document`] is a list of blocks (headings, paragraphs,
//! key–value blocks, tables, drawings, a contents page). Rendering lays
//! everything out first and draws afterwards, so that each page's running
//! header and footer can say "Page X of Y" and the contents page can give
//! each heading's page.
//!
//! Units are PostScript points (1/72 inch) throughout; [`mm`] converts.
//! Positions inside a [`Drawing`] are measured from its top-left corner,
//! downwards.
//!
//! Pagination rules:
//! - a heading is never the last thing on a page: it moves to the next page
//!   with the start of what follows it (the "keep with next" rule);
//! - a paragraph never leaves a single line at the foot or the head of a page
//!   when it has three lines or more;
//! - a table row is never split across pages: a row that does not fit starts
//!   the next page, under a repeated header row. Only a row taller than a
//!   whole page is split, at line boundaries, and each part after the first
//!   is marked "(continued)".
//!
//! Nothing here panics, whatever the text, sizes or widths given.

mod drawing;
mod flow;
mod fonts;
mod outline;
mod paginate;
mod render;
mod table;
#[cfg(test)]
mod tests;
mod wrap;

pub use drawing::{Drawing, Shape};
pub use fonts::{ascent, descent, text_width, truncate_to_width};
pub use table::{Column, Row, Table};
pub use wrap::wrap_text;

/// Points in one millimetre.
pub const PT_PER_MM: f32 = 72.0 / 25.4;

/// `v` millimetres in points.
pub fn mm(v: f32) -> f32 {
    v * PT_PER_MM
}

/// Body text size, in points.
pub const BODY_SIZE: f32 = 9.5;
/// Table text size, in points.
pub const TABLE_SIZE: f32 = 8.0;
/// Small print (captions, notes), in points.
pub const SMALL_SIZE: f32 = 7.5;
/// Level-1 heading size, in points.
pub const H1_SIZE: f32 = 16.0;
/// Level-2 heading size, in points.
pub const H2_SIZE: f32 = 12.0;

/// An RGB colour, each channel from 0 to 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Colour {
    /// Red, 0–1.
    pub r: f32,
    /// Green, 0–1.
    pub g: f32,
    /// Blue, 0–1.
    pub b: f32,
}

impl Colour {
    /// A colour from 8-bit channels, as in `#1d3557`.
    pub const fn rgb8(r: u8, g: u8, b: u8) -> Colour {
        Colour {
            r: r as f32 / 255.0,
            g: g as f32 / 255.0,
            b: b as f32 / 255.0,
        }
    }

    /// Black.
    pub const BLACK: Colour = Colour::rgb8(0, 0, 0);
    /// White.
    pub const WHITE: Colour = Colour::rgb8(255, 255, 255);
    /// Body text: a soft near-black.
    pub const TEXT: Colour = Colour::rgb8(0x1b, 0x1f, 0x24);
    /// Secondary text: running header and footer, captions, keys.
    pub const MUTED: Colour = Colour::rgb8(0x5b, 0x64, 0x70);
    /// Level-1 headings: a deep navy.
    pub const ACCENT: Colour = Colour::rgb8(0x1d, 0x35, 0x57);
    /// Rules: header and footer lines, the line under a table's header.
    pub const RULE: Colour = Colour::rgb8(0xae, 0xb7, 0xc2);
    /// Light rules between table rows.
    pub const RULE_LIGHT: Colour = Colour::rgb8(0xdd, 0xe2, 0xe8);
    /// The fill behind a table's header row.
    pub const HEADER_FILL: Colour = Colour::rgb8(0xe4, 0xe9, 0xf0);
    /// The fill of every other table row, when zebra shading is on.
    pub const ZEBRA: Colour = Colour::rgb8(0xf5, 0xf7, 0xfa);

    /// The colour with every channel forced into 0–1 (NaN becomes 0).
    pub(crate) fn clamped(self) -> Colour {
        let c = |v: f32| {
            if v.is_finite() {
                v.clamp(0.0, 1.0)
            } else {
                0.0
            }
        };
        Colour {
            r: c(self.r),
            g: c(self.g),
            b: c(self.b),
        }
    }
}

/// Horizontal alignment of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    /// Flush left, ragged right.
    #[default]
    Left,
    /// Centred.
    Centre,
    /// Flush right.
    Right,
}

/// How a line or outline is stroked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    /// Line width in points.
    pub width: f32,
    /// Line colour.
    pub colour: Colour,
    /// Dash and gap lengths in points; `None` for a solid line.
    pub dash: Option<[f32; 2]>,
}

impl Stroke {
    /// A solid line.
    pub fn solid(width: f32, colour: Colour) -> Stroke {
        Stroke {
            width,
            colour,
            dash: None,
        }
    }

    /// A dashed line: `on` points drawn, `off` points left out.
    pub fn dashed(width: f32, colour: Colour, on: f32, off: f32) -> Stroke {
        Stroke {
            width,
            colour,
            dash: Some([on, off]),
        }
    }
}

/// How a paragraph's text is set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextStyle {
    /// Font size in points.
    pub size: f32,
    /// Bold face rather than regular.
    pub bold: bool,
    /// Text colour.
    pub colour: Colour,
    /// Line spacing as a multiple of the size.
    pub leading: f32,
}

impl TextStyle {
    /// Body text: 9.5 pt regular, 1.42 line spacing.
    pub fn body() -> TextStyle {
        TextStyle {
            size: BODY_SIZE,
            bold: false,
            colour: Colour::TEXT,
            leading: 1.42,
        }
    }

    /// Small print: 7.5 pt, muted.
    pub fn small() -> TextStyle {
        TextStyle {
            size: SMALL_SIZE,
            bold: false,
            colour: Colour::MUTED,
            leading: 1.35,
        }
    }

    /// The same style in bold.
    pub fn bold(self) -> TextStyle {
        TextStyle { bold: true, ..self }
    }

    /// The same style in `colour`.
    pub fn colour(self, colour: Colour) -> TextStyle {
        TextStyle { colour, ..self }
    }

    /// The same style at `size` points.
    pub fn size(self, size: f32) -> TextStyle {
        TextStyle { size, ..self }
    }
}

impl Default for TextStyle {
    fn default() -> Self {
        TextStyle::body()
    }
}

/// Page size and margins, in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageSetup {
    /// Page width.
    pub width: f32,
    /// Page height.
    pub height: f32,
    /// Space above the body; the running header sits in it.
    pub margin_top: f32,
    /// Space right of the body.
    pub margin_right: f32,
    /// Space below the body; the running footer sits in it.
    pub margin_bottom: f32,
    /// Space left of the body.
    pub margin_left: f32,
}

impl PageSetup {
    /// A4 portrait with 25 mm margins at the sides and top and 22 mm at the
    /// foot: a 160 mm wide body.
    pub fn a4() -> PageSetup {
        PageSetup {
            width: mm(210.0),
            height: mm(297.0),
            margin_top: mm(25.0),
            margin_right: mm(25.0),
            margin_bottom: mm(22.0),
            margin_left: mm(25.0),
        }
    }

    /// The width of the body, between the side margins.
    pub fn content_width(&self) -> f32 {
        (self.width - self.margin_left - self.margin_right).max(0.0)
    }

    /// The height of the body, between the top and bottom margins.
    pub fn content_height(&self) -> f32 {
        (self.height - self.margin_top - self.margin_bottom).max(0.0)
    }

    /// The setup with every dimension made usable: a page at least 100 pt
    /// each way, margins that leave a body at least half the page.
    pub(crate) fn sane(self) -> PageSetup {
        let dim = |v: f32, d: f32| {
            if v.is_finite() && v >= 100.0 {
                v.min(14_400.0)
            } else {
                d
            }
        };
        let width = dim(self.width, mm(210.0));
        let height = dim(self.height, mm(297.0));
        let margin = |v: f32, limit: f32| {
            if v.is_finite() {
                v.clamp(0.0, limit)
            } else {
                mm(25.0).min(limit)
            }
        };
        PageSetup {
            width,
            height,
            margin_top: margin(self.margin_top, height / 4.0),
            margin_bottom: margin(self.margin_bottom, height / 4.0),
            margin_left: margin(self.margin_left, width / 4.0),
            margin_right: margin(self.margin_right, width / 4.0),
        }
    }
}

impl Default for PageSetup {
    fn default() -> Self {
        PageSetup::a4()
    }
}

/// The document information written into the PDF: nothing else that
/// identifies anyone is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Metadata {
    /// The document's title; also the running title in the footer unless
    /// [`Document::set_running_title`] says otherwise.
    pub title: String,
    /// What the document is about.
    pub subject: String,
    /// Who wrote it (for example the review's lead reviewer or partnership).
    pub author: String,
    /// When the document was made.
    pub created: chrono::DateTime<chrono::Utc>,
}

/// Something wrong while writing the PDF.
#[derive(Debug, thiserror::Error)]
pub enum LayoutError {
    /// An embedded font could not be read (the build is broken).
    #[error("the report font could not be loaded: {0}")]
    Font(&'static str),
    /// The PDF could not be written.
    #[error("the PDF could not be written: {0}")]
    Pdf(String),
}

/// A heading as placed in the rendered document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacedHeading {
    /// 1 or 2.
    pub level: u8,
    /// The heading text.
    pub text: String,
    /// The page it is on, counting from 1.
    pub page: usize,
}

/// A rendered PDF.
#[derive(Debug, Clone)]
pub struct RenderedPdf {
    /// The PDF file.
    pub bytes: Vec<u8>,
    /// How many pages it has.
    pub page_count: usize,
    /// Every heading, in order, with its page.
    pub headings: Vec<PlacedHeading>,
}

/// The protective marking used unless another is set.
pub const DEFAULT_MARKING: &str = "OFFICIAL-SENSITIVE";

/// One element of a [`Document`], in reading order.
#[derive(Debug, Clone)]
pub(crate) enum Block {
    Heading { level: u8, text: String },
    Paragraph { text: String, style: TextStyle },
    KeyValues(Vec<(String, String)>),
    Table(Table),
    Drawing(Drawing),
    Contents { title: String },
    Space(f32),
    PageBreak,
}

/// A document being built: blocks are added in reading order, and
/// [`Document::render`] lays them out on A4 pages (or another
/// [`PageSetup`]) and writes the PDF.
///
/// Every page has a running header (the protective marking, centred, over a
/// rule) and a running footer (the running title, the marking, and
/// "Page X of Y").
#[derive(Debug, Clone)]
pub struct Document {
    pub(crate) setup: PageSetup,
    pub(crate) meta: Metadata,
    pub(crate) marking: String,
    pub(crate) running_title: Option<String>,
    pub(crate) blocks: Vec<Block>,
}

impl Document {
    /// An empty A4 document with the default marking.
    pub fn new(meta: Metadata) -> Document {
        Document {
            setup: PageSetup::a4(),
            meta,
            marking: DEFAULT_MARKING.to_string(),
            running_title: None,
            blocks: Vec::new(),
        }
    }

    /// Sets the protective marking printed in every header and footer.
    pub fn set_marking(&mut self, marking: impl Into<String>) -> &mut Document {
        self.marking = marking.into();
        self
    }

    /// Sets the title printed in every footer (the document title by default).
    pub fn set_running_title(&mut self, title: impl Into<String>) -> &mut Document {
        self.running_title = Some(title.into());
        self
    }

    /// Sets the page size and margins.
    pub fn set_page_setup(&mut self, setup: PageSetup) -> &mut Document {
        self.setup = setup;
        self
    }

    /// The page size and margins used (after making silly values usable).
    pub fn page_setup(&self) -> PageSetup {
        self.setup.sane()
    }

    /// The width of the page body, in points: the widest a drawing can be
    /// without being scaled down.
    pub fn content_width(&self) -> f32 {
        self.page_setup().content_width()
    }

    /// The height of the page body, in points (a drawing may be an inch less
    /// than this without being scaled down).
    pub fn content_height(&self) -> f32 {
        self.page_setup().content_height()
    }

    /// Adds a heading: level 1 (16 pt, with a rule under it) or 2 (12 pt);
    /// other levels are taken as the nearer of the two. It is listed on the
    /// contents page, bookmarked, and never left last on a page.
    pub fn heading(&mut self, level: u8, text: impl Into<String>) -> &mut Document {
        let level = if level <= 1 { 1 } else { 2 };
        self.blocks.push(Block::Heading {
            level,
            text: text.into(),
        });
        self
    }

    /// Adds a paragraph of body text.
    pub fn paragraph(&mut self, text: impl Into<String>) -> &mut Document {
        self.styled_paragraph(text, TextStyle::body())
    }

    /// Adds a paragraph in the given style.
    pub fn styled_paragraph(&mut self, text: impl Into<String>, style: TextStyle) -> &mut Document {
        self.blocks.push(Block::Paragraph {
            text: text.into(),
            style,
        });
        self
    }

    /// Adds a key–value block: keys in bold in a narrow left column, values
    /// wrapped beside them.
    pub fn key_values<K, V>(&mut self, pairs: &[(K, V)]) -> &mut Document
    where
        K: AsRef<str>,
        V: AsRef<str>,
    {
        self.blocks.push(Block::KeyValues(
            pairs
                .iter()
                .map(|(k, v)| (k.as_ref().to_string(), v.as_ref().to_string()))
                .collect(),
        ));
        self
    }

    /// Adds a table.
    pub fn table(&mut self, table: Table) -> &mut Document {
        self.blocks.push(Block::Table(table));
        self
    }

    /// Adds a drawing.
    pub fn drawing(&mut self, drawing: Drawing) -> &mut Document {
        self.blocks.push(Block::Drawing(drawing));
        self
    }

    /// Adds the contents page here: `title`, then every heading of the
    /// document (level 2 indented) with its page number; each entry is a
    /// link to its heading. What follows the contents starts a new page.
    pub fn contents(&mut self, title: impl Into<String>) -> &mut Document {
        self.blocks.push(Block::Contents {
            title: title.into(),
        });
        self
    }

    /// Adds vertical space, in points (dropped at the top of a page).
    pub fn space(&mut self, points: f32) -> &mut Document {
        self.blocks.push(Block::Space(points));
        self
    }

    /// Starts a new page (unless the current one is still empty).
    pub fn page_break(&mut self) -> &mut Document {
        self.blocks.push(Block::PageBreak);
        self
    }

    /// Lays the document out and writes the PDF.
    pub fn render(&self) -> Result<RenderedPdf, LayoutError> {
        render::render(self)
    }
}
