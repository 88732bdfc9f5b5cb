//! Tables in a report document: their columns, rows and shading.

use super::{Align, Colour, TABLE_SIZE};

/// One column of a [`Table`].
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// The header text.
    pub title: String,
    /// The column's share of the table width. Shares are relative: they are
    /// scaled to add up to the whole width.
    pub width: f32,
    /// How the column's text is aligned.
    pub align: Align,
}

impl Column {
    /// A left-aligned column taking `width` of the table's width.
    pub fn new(title: impl Into<String>, width: f32) -> Column {
        Column {
            title: title.into(),
            width,
            align: Align::Left,
        }
    }

    /// The column with its text aligned as `align`.
    pub fn align(self, align: Align) -> Column {
        Column { align, ..self }
    }
}

/// One row of a [`Table`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Row {
    /// The cells' text, one per column. Missing cells are empty; cells past
    /// the last column are added to the last cell on new lines.
    pub cells: Vec<String>,
    /// A fill behind the row, which overrides zebra shading.
    pub fill: Option<Colour>,
    /// The row is set in bold.
    pub bold: bool,
    /// The first cell spans the whole row (for notes such as a period with
    /// no agency contact).
    pub span: bool,
}

impl Row {
    /// A row of plain cells.
    pub fn new<I, S>(cells: I) -> Row
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Row {
            cells: cells.into_iter().map(Into::into).collect(),
            ..Row::default()
        }
    }

    /// A row whose one cell spans every column.
    pub fn spanning(text: impl Into<String>) -> Row {
        Row {
            cells: vec![text.into()],
            span: true,
            ..Row::default()
        }
    }

    /// The row with a fill.
    pub fn fill(self, colour: Colour) -> Row {
        Row {
            fill: Some(colour),
            ..self
        }
    }

    /// The row in bold.
    pub fn bold(self) -> Row {
        Row { bold: true, ..self }
    }
}

/// A table: its header row is bold on a quiet fill and is repeated at the top
/// of every page the table spans.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The columns, left to right.
    pub columns: Vec<Column>,
    /// The rows, top to bottom.
    pub rows: Vec<Row>,
    /// Shade every other row.
    pub zebra: bool,
    /// Text size in points.
    pub size: f32,
}

impl Table {
    /// An empty table with these columns, 8 pt text and zebra shading.
    pub fn new(columns: Vec<Column>) -> Table {
        Table {
            columns,
            rows: Vec::new(),
            zebra: true,
            size: TABLE_SIZE,
        }
    }

    /// Adds a row of plain cells.
    pub fn row<I, S>(&mut self, cells: I) -> &mut Table
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.rows.push(Row::new(cells));
        self
    }

    /// Adds a styled row.
    pub fn push(&mut self, row: Row) -> &mut Table {
        self.rows.push(row);
        self
    }

    /// The table with zebra shading on or off.
    pub fn zebra(self, zebra: bool) -> Table {
        Table { zebra, ..self }
    }
}
