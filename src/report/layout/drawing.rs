//! Drawings in a report document: vector shapes placed from the
//! drawing's top-left corner.

use super::{Align, Colour, Stroke};

/// One vector element of a [`Drawing`]. Coordinates are points from the
/// drawing's top-left corner, `y` downwards.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// A straight line.
    Line {
        /// Start, across.
        x1: f32,
        /// Start, down.
        y1: f32,
        /// End, across.
        x2: f32,
        /// End, down.
        y2: f32,
        /// How it is drawn.
        stroke: Stroke,
    },
    /// A rectangle, filled, outlined or both.
    Rect {
        /// Left edge.
        x: f32,
        /// Top edge.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Fill colour, if filled.
        fill: Option<Colour>,
        /// Outline, if outlined.
        stroke: Option<Stroke>,
    },
    /// One line of text (newlines become spaces).
    Text {
        /// The anchor point, across: the left end, centre or right end of
        /// the text according to `align`.
        x: f32,
        /// The baseline, down.
        y: f32,
        /// The text.
        text: String,
        /// Size in points.
        size: f32,
        /// Bold face.
        bold: bool,
        /// Colour.
        colour: Colour,
        /// Which point of the text `x` gives.
        align: Align,
    },
}

/// A block of vector graphics (for example the agency involvement chart),
/// placed in the flow like a paragraph and never split across pages. A
/// drawing wider than the page body, or taller than the body less an inch
/// (kept for the headings above it), is scaled down to fit.
#[derive(Debug, Clone, PartialEq)]
pub struct Drawing {
    /// Width in points.
    pub width: f32,
    /// Height in points.
    pub height: f32,
    /// What is drawn, in painting order.
    pub shapes: Vec<Shape>,
}

impl Drawing {
    /// An empty drawing of this size.
    pub fn new(width: f32, height: f32) -> Drawing {
        Drawing {
            width,
            height,
            shapes: Vec::new(),
        }
    }

    /// Draws a straight line.
    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, stroke: Stroke) -> &mut Drawing {
        self.shapes.push(Shape::Line {
            x1,
            y1,
            x2,
            y2,
            stroke,
        });
        self
    }

    /// Draws a filled rectangle.
    pub fn fill_rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: Colour) -> &mut Drawing {
        self.shapes.push(Shape::Rect {
            x,
            y,
            w,
            h,
            fill: Some(fill),
            stroke: None,
        });
        self
    }

    /// Draws a rectangle, filled and/or outlined.
    pub fn rect(
        &mut self,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Colour>,
        stroke: Option<Stroke>,
    ) -> &mut Drawing {
        self.shapes.push(Shape::Rect {
            x,
            y,
            w,
            h,
            fill,
            stroke,
        });
        self
    }

    /// Draws one line of regular text with its baseline at `y`, aligned
    /// to `x` as `align` says.
    pub fn text(
        &mut self,
        x: f32,
        y: f32,
        text: impl Into<String>,
        size: f32,
        colour: Colour,
        align: Align,
    ) -> &mut Drawing {
        self.shapes.push(Shape::Text {
            x,
            y,
            text: text.into(),
            size,
            bold: false,
            colour,
            align,
        });
        self
    }

    /// Draws one line of bold text, as [`Drawing::text`].
    pub fn bold_text(
        &mut self,
        x: f32,
        y: f32,
        text: impl Into<String>,
        size: f32,
        colour: Colour,
        align: Align,
    ) -> &mut Drawing {
        self.shapes.push(Shape::Text {
            x,
            y,
            text: text.into(),
            size,
            bold: true,
            colour,
            align,
        });
        self
    }
}
