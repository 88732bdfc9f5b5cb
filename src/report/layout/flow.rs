//! Turns a document's blocks into a flow of unbreakable units, each with
//! its height and what it draws, ready to be paginated.

mod table;

use super::fonts::{faces, sane_size};
use super::wrap::wrap_text;
use super::{
    Align, Block, Colour, Document, Drawing, Shape, Stroke, TextStyle, BODY_SIZE, H1_SIZE, H2_SIZE,
};

use table::RowLayout;

/// Something drawn on a page. Coordinates are points from the page's
/// top-left corner, `y` downwards (inside a [`Unit`], from the unit's top).
#[derive(Debug, Clone)]
pub(crate) enum Item {
    Text {
        x: f32,
        baseline: f32,
        text: String,
        size: f32,
        bold: bool,
        colour: Colour,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Colour>,
        stroke: Option<Stroke>,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        stroke: Stroke,
    },
    /// A contents entry's leader and page number, drawn once pages are
    /// known, and its link: `heading` is the index of the heading.
    TocEntry {
        heading: usize,
        /// Where the entry's last line of text ends.
        text_end: f32,
        /// Where the page number ends (it is right-aligned).
        right: f32,
        baseline: f32,
        size: f32,
        bold: bool,
        /// The clickable area.
        left: f32,
        top: f32,
        bottom: f32,
    },
}

impl Item {
    /// The item moved down by `dy`.
    pub(crate) fn shifted(&self, dy: f32) -> Item {
        let mut item = self.clone();
        match &mut item {
            Item::Text { baseline, .. } => *baseline += dy,
            Item::Rect { y, .. } => *y += dy,
            Item::Line { y1, y2, .. } => {
                *y1 += dy;
                *y2 += dy;
            }
            Item::TocEntry {
                baseline,
                top,
                bottom,
                ..
            } => {
                *baseline += dy;
                *top += dy;
                *bottom += dy;
            }
        }
        item
    }
}

/// A piece of the flow that is never split across pages.
#[derive(Debug, Clone, Default)]
pub(crate) struct Unit {
    pub(crate) height: f32,
    /// Space above the unit, dropped at the top of a page.
    pub(crate) gap_before: f32,
    pub(crate) items: Vec<Item>,
    /// The unit must be on the same page as the start of the next one.
    pub(crate) keep_with_next: bool,
    /// The unit starts a new page.
    pub(crate) break_before: bool,
    /// The table header (an index into [`Flow::headers`]) to repeat above
    /// this unit when it starts a page.
    pub(crate) header: Option<usize>,
    /// The heading (an index into [`Flow::headings`]) that starts here.
    pub(crate) anchor: Option<usize>,
    /// A table row taller than a page: the paginator splits it.
    pub(crate) tall_row: Option<RowLayout>,
}

/// A heading of the flow.
#[derive(Debug, Clone)]
pub(crate) struct HeadingInfo {
    pub(crate) level: u8,
    pub(crate) text: String,
}

/// The whole document as units.
#[derive(Debug, Default)]
pub(crate) struct Flow {
    pub(crate) units: Vec<Unit>,
    pub(crate) headers: Vec<Unit>,
    pub(crate) headings: Vec<HeadingInfo>,
}

/// The room a drawing leaves on its page for the headings above it.
const HEADING_ROOM: f32 = 72.0;

/// A line of text in a line box whose top is `top` and height `leading`,
/// centred in it as CSS does (half the spare leading above the ascender).
fn text_item(
    x: f32,
    top: f32,
    leading: f32,
    text: &str,
    size: f32,
    bold: bool,
    colour: Colour,
) -> Item {
    let face = faces().get(bold);
    let glyphs = (face.ascent + face.descent) * size;
    Item::Text {
        x,
        baseline: top + (leading - glyphs) / 2.0 + face.ascent * size,
        text: text.to_string(),
        size,
        bold,
        colour,
    }
}

/// A finite, non-negative number, else `d`.
fn finite_or(v: f32, d: f32) -> f32 {
    if v.is_finite() {
        v.max(0.0)
    } else {
        d
    }
}

/// Builds the flow of units for `doc`.
pub(crate) fn build(doc: &Document) -> Flow {
    let setup = doc.page_setup();
    let mut b = Builder {
        left: setup.margin_left,
        width: setup.content_width(),
        cap: setup.content_height(),
        flow: Flow::default(),
        gap: 0.0,
        pending_break: false,
    };
    // Headings are numbered in reading order, for the contents page.
    for block in &doc.blocks {
        if let Block::Heading { level, text } = block {
            b.flow.headings.push(HeadingInfo {
                level: *level,
                text: text.clone(),
            });
        }
    }
    let mut heading_no = 0;
    for block in &doc.blocks {
        match block {
            Block::Heading { level, text } => {
                b.heading(*level, text, Some(heading_no));
                heading_no += 1;
            }
            Block::Paragraph { text, style } => b.paragraph(text, style),
            Block::KeyValues(pairs) => b.key_values(pairs),
            Block::Table(table) => b.table(table),
            Block::Drawing(drawing) => b.drawing(drawing),
            Block::Contents { title } => b.contents(title),
            Block::Space(points) => b.gap += finite_or(*points, 0.0).min(b.cap),
            Block::PageBreak => {
                b.pending_break = true;
                b.gap = 0.0;
            }
        }
    }
    b.flow
}

struct Builder {
    left: f32,
    width: f32,
    cap: f32,
    flow: Flow,
    /// Space owed before the next unit.
    gap: f32,
    pending_break: bool,
}

impl Builder {
    /// Adds a unit, with the block spacing owed (`before` is the block's own
    /// space above, merged with what the previous block left below).
    fn push(&mut self, mut unit: Unit, before: f32) {
        unit.gap_before = self.gap.max(before);
        unit.break_before = std::mem::take(&mut self.pending_break);
        self.gap = 0.0;
        self.flow.units.push(unit);
    }

    /// Space owed after a block.
    fn after(&mut self, points: f32) {
        self.gap = self.gap.max(points);
    }

    /// Text lines as units, one per line.
    fn lines(&self, lines: &[String], style: &TextStyle, x: f32) -> Vec<Unit> {
        let size = sane_size(style.size);
        let leading = size * finite_or(style.leading, 1.4).clamp(1.0, 4.0);
        lines
            .iter()
            .map(|line| Unit {
                height: leading,
                items: if line.is_empty() {
                    Vec::new()
                } else {
                    vec![text_item(
                        x,
                        0.0,
                        leading,
                        line,
                        size,
                        style.bold,
                        style.colour.clamped(),
                    )]
                },
                ..Unit::default()
            })
            .collect()
    }

    fn heading(&mut self, level: u8, text: &str, anchor: Option<usize>) {
        let (size, before, after, colour) = if level == 1 {
            (H1_SIZE, 20.0, 8.0, Colour::ACCENT)
        } else {
            (H2_SIZE, 14.0, 5.0, Colour::TEXT)
        };
        let style = TextStyle {
            size,
            bold: true,
            colour,
            leading: 1.25,
        };
        let lines = wrap_text(text, size, true, self.width);
        let mut units = self.lines(&lines, &style, self.left);
        if level == 1 {
            if let Some(last) = units.last_mut() {
                let y = last.height + 3.0;
                last.items.push(Item::Line {
                    x1: self.left,
                    y1: y,
                    x2: self.left + self.width,
                    y2: y,
                    stroke: Stroke::solid(0.6, Colour::RULE),
                });
                last.height = y;
            }
        }
        for (i, mut unit) in units.into_iter().enumerate() {
            unit.keep_with_next = true;
            if i == 0 {
                unit.anchor = anchor;
                self.push(unit, before);
            } else {
                self.push(unit, 0.0);
            }
        }
        self.after(after);
    }

    fn paragraph(&mut self, text: &str, style: &TextStyle) {
        let size = sane_size(style.size);
        let lines = wrap_text(text, size, style.bold, self.width);
        let mut units = self.lines(&lines, style, self.left);
        keep_paragraph_lines(&mut units);
        for unit in units {
            self.push(unit, 0.0);
        }
        self.after(size * 0.65);
    }

    fn key_values(&mut self, pairs: &[(String, String)]) {
        let key_w = (self.width * 0.28).max(60.0).min(self.width / 2.0);
        let gap = 10.0;
        let value_x = self.left + key_w + gap;
        let value_w = (self.width - key_w - gap).max(1.0);
        let key_style = TextStyle::body().bold();
        let value_style = TextStyle::body();
        for (i, (key, value)) in pairs.iter().enumerate() {
            let keys = wrap_text(key, BODY_SIZE, true, key_w);
            let values = wrap_text(value, BODY_SIZE, false, value_w);
            let n = keys.len().max(values.len());
            let key_units = self.lines(&keys, &key_style, self.left);
            let value_units = self.lines(&values, &value_style, value_x);
            let leading = BODY_SIZE * key_style.leading;
            let mut units: Vec<Unit> = (0..n)
                .map(|k| {
                    let mut items = Vec::new();
                    if let Some(u) = key_units.get(k) {
                        items.extend(u.items.iter().cloned());
                    }
                    if let Some(u) = value_units.get(k) {
                        items.extend(u.items.iter().cloned());
                    }
                    Unit {
                        height: leading,
                        items,
                        keep_with_next: true,
                        ..Unit::default()
                    }
                })
                .collect();
            if let Some(last) = units.last_mut() {
                last.keep_with_next = false;
            }
            for (k, unit) in units.into_iter().enumerate() {
                let before = if i > 0 && k == 0 { 3.0 } else { 0.0 };
                self.push(unit, before);
            }
        }
        self.after(8.0);
    }
}

impl Builder {
    fn drawing(&mut self, drawing: &Drawing) {
        let w = finite_or(drawing.width, 0.0);
        let h = finite_or(drawing.height, 0.0);
        // Scale down, never up, to fit the page body, leaving room for
        // headings above it on its page (they are kept with it).
        let max_h = (self.cap - HEADING_ROOM).max(self.cap / 2.0);
        let mut scale: f32 = 1.0;
        if w > self.width && w > 0.0 {
            scale = scale.min(self.width / w);
        }
        if h > max_h && h > 0.0 {
            scale = scale.min(max_h / h);
        }
        let left = self.left;
        let num = |v: f32| if v.is_finite() { v * scale } else { 0.0 };
        let mut items = Vec::new();
        for shape in &drawing.shapes {
            match shape {
                Shape::Line {
                    x1,
                    y1,
                    x2,
                    y2,
                    stroke,
                } => items.push(Item::Line {
                    x1: left + num(*x1),
                    y1: num(*y1),
                    x2: left + num(*x2),
                    y2: num(*y2),
                    stroke: scaled_stroke(*stroke, scale),
                }),
                Shape::Rect {
                    x,
                    y,
                    w,
                    h,
                    fill,
                    stroke,
                } => items.push(Item::Rect {
                    x: left + num(*x),
                    y: num(*y),
                    w: num(*w),
                    h: num(*h),
                    fill: fill.map(Colour::clamped),
                    stroke: stroke.map(|s| scaled_stroke(s, scale)),
                }),
                Shape::Text {
                    x,
                    y,
                    text,
                    size,
                    bold,
                    colour,
                    align,
                } => {
                    let size = sane_size(sane_size(*size) * scale);
                    let face = faces().get(*bold);
                    let text = face.clean(&text.replace(['\n', '\r'], " ")).into_owned();
                    let tw = face.width(&text, size);
                    let x = left
                        + num(*x)
                        + match align {
                            Align::Left => 0.0,
                            Align::Centre => -tw / 2.0,
                            Align::Right => -tw,
                        };
                    items.push(Item::Text {
                        x,
                        baseline: num(*y),
                        text,
                        size,
                        bold: *bold,
                        colour: colour.clamped(),
                    });
                }
            }
        }
        self.push(
            Unit {
                height: h * scale,
                items,
                ..Unit::default()
            },
            8.0,
        );
        self.after(8.0);
    }

    fn contents(&mut self, title: &str) {
        // The title looks like a level-1 heading but is not itself listed.
        self.heading(1, title, None);
        let number_w = faces().regular.width("0000", BODY_SIZE);
        let right = self.left + self.width;
        let headings = self.flow.headings.clone();
        for (i, h) in headings.iter().enumerate() {
            let (indent, bold, before) = if h.level == 1 {
                (0.0, true, 7.0)
            } else {
                (14.0, false, 1.5)
            };
            let style = TextStyle::body().bold_if(bold);
            let x = self.left + indent;
            let text_w = (self.width - indent - number_w - 12.0).max(1.0);
            let lines = wrap_text(&h.text, BODY_SIZE, bold, text_w);
            let line_units = self.lines(&lines, &style, x);
            let leading = BODY_SIZE * style.leading;
            let mut items: Vec<Item> = Vec::new();
            for (k, u) in line_units.iter().enumerate() {
                items.extend(u.items.iter().map(|it| it.shifted(k as f32 * leading)));
            }
            let height = leading * lines.len() as f32;
            let last = lines.last().map(String::as_str).unwrap_or("");
            let text_end = x + faces().get(bold).width(last, BODY_SIZE);
            let baseline = match line_units.last().and_then(|u| u.items.first()) {
                Some(Item::Text { baseline, .. }) => *baseline,
                _ => leading * 0.75,
            } + (lines.len().saturating_sub(1)) as f32 * leading;
            items.push(Item::TocEntry {
                heading: i,
                text_end,
                right,
                baseline,
                size: BODY_SIZE,
                bold,
                left: self.left,
                top: 0.0,
                bottom: height,
            });
            self.push(
                Unit {
                    height,
                    items,
                    ..Unit::default()
                },
                before,
            );
        }
        self.after(0.0);
        // What follows the contents starts on a new page.
        self.pending_break = true;
    }
}

impl TextStyle {
    fn bold_if(self, bold: bool) -> TextStyle {
        TextStyle { bold, ..self }
    }
}

fn scaled_stroke(stroke: Stroke, scale: f32) -> Stroke {
    Stroke {
        width: finite_or(stroke.width, 0.5) * scale,
        colour: stroke.colour.clamped(),
        dash: stroke
            .dash
            .map(|[a, b]| [finite_or(a, 1.0), finite_or(b, 1.0)]),
    }
}

/// Widow and orphan control: a paragraph of two lines stays together; one of
/// three or more keeps its first two and its last two lines together.
fn keep_paragraph_lines(units: &mut [Unit]) {
    let n = units.len();
    if n == 2 {
        units[0].keep_with_next = true;
    } else if n >= 3 {
        units[0].keep_with_next = true;
        units[n - 2].keep_with_next = true;
    }
}
