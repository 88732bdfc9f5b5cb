//! Tables in the flow: column widths, each row's cells wrapped to their
//! widths, and the runs of a row's lines that fit on a page.

use super::{finite_or, text_item, Builder, Item, Unit};
use crate::report::layout::fonts::{faces, sane_size};
use crate::report::layout::wrap::wrap_text;
use crate::report::layout::{Align, Colour, Column, Row, Stroke, Table, H1_SIZE};

/// A table row's wrapped cells, able to draw any run of its lines.
#[derive(Debug, Clone)]
pub(crate) struct RowLayout {
    /// Each cell: its left edge, width, alignment and lines.
    cells: Vec<(f32, f32, Align, Vec<String>)>,
    left: f32,
    width: f32,
    size: f32,
    bold: bool,
    colour: Colour,
    fill: Option<Colour>,
    rule: Stroke,
}

/// Table cell padding, across and down.
const PAD_X: f32 = 4.0;
const PAD_Y: f32 = 3.0;
/// Table line spacing, as a multiple of the size.
const TABLE_LEADING: f32 = 1.3;
/// The most lines a header cell may have.
const HEADER_LINES: usize = 3;

impl RowLayout {
    pub(crate) fn lines(&self) -> usize {
        self.cells
            .iter()
            .map(|c| c.3.len())
            .max()
            .unwrap_or(1)
            .max(1)
    }

    fn leading(&self) -> f32 {
        self.size * TABLE_LEADING
    }

    /// The height of a part with `n` lines (plus the "(continued)" line).
    pub(crate) fn height(&self, n: usize, continued: bool) -> f32 {
        2.0 * PAD_Y + (n + usize::from(continued)) as f32 * self.leading()
    }

    /// How many lines fit in `room` points (at least none).
    pub(crate) fn lines_fitting(&self, room: f32, continued: bool) -> usize {
        let avail = room - 2.0 * PAD_Y - f32::from(u8::from(continued)) * self.leading();
        if avail.is_finite() && avail > 0.0 {
            ((avail + 1e-3) / self.leading()).floor() as usize
        } else {
            0
        }
    }

    /// The unit drawing lines `from..to` of every cell.
    pub(crate) fn part(&self, from: usize, to: usize, continued: bool) -> Unit {
        let n = to.saturating_sub(from);
        let height = self.height(n, continued);
        let mut items = Vec::new();
        if let Some(fill) = self.fill {
            items.push(Item::Rect {
                x: self.left,
                y: 0.0,
                w: self.width,
                h: height,
                fill: Some(fill),
                stroke: None,
            });
        }
        let leading = self.leading();
        let mut top = PAD_Y;
        if continued {
            items.push(text_item(
                self.left + PAD_X,
                top,
                leading,
                "(continued)",
                self.size,
                false,
                Colour::MUTED,
            ));
            top += leading;
        }
        let face = faces().get(self.bold);
        for (x, w, align, lines) in &self.cells {
            let end = to.min(lines.len());
            for (k, line) in lines.iter().enumerate().take(end).skip(from) {
                if line.is_empty() {
                    continue;
                }
                let line_w = face.width(line, self.size);
                let inner = (w - 2.0 * PAD_X).max(0.0);
                let lx = match align {
                    Align::Left => x + PAD_X,
                    Align::Centre => x + PAD_X + (inner - line_w) / 2.0,
                    Align::Right => x + w - PAD_X - line_w,
                };
                items.push(text_item(
                    lx,
                    top + (k - from) as f32 * leading,
                    leading,
                    line,
                    self.size,
                    self.bold,
                    self.colour,
                ));
            }
        }
        items.push(Item::Line {
            x1: self.left,
            y1: height,
            x2: self.left + self.width,
            y2: height,
            stroke: self.rule,
        });
        Unit {
            height,
            items,
            ..Unit::default()
        }
    }
}

impl Builder {
    /// The x and width of each column: shares scaled to the table width, no
    /// column narrower than 4% of it (an empty or silly share would leave a
    /// column too narrow for one character).
    fn columns(&self, columns: &[Column]) -> Vec<(f32, f32)> {
        let n = columns.len().max(1) as f32;
        let shares: Vec<f32> = columns.iter().map(|c| finite_or(c.width, 0.0)).collect();
        let total: f32 = shares.iter().sum();
        let floor = (0.04f32).min(1.0 / n);
        let fractions: Vec<f32> = shares
            .iter()
            .map(|s| {
                let f = if total > 0.0 && total.is_finite() {
                    s / total
                } else {
                    1.0 / n
                };
                f.max(floor)
            })
            .collect();
        let sum: f32 = fractions.iter().sum();
        let mut x = self.left;
        fractions
            .iter()
            .map(|f| {
                let w = f / sum * self.width;
                let col = (x, w);
                x += w;
                col
            })
            .collect()
    }

    pub(super) fn table(&mut self, table: &Table) {
        if table.columns.is_empty() {
            return;
        }
        let size = sane_size(table.size).min(H1_SIZE);
        let cols = self.columns(&table.columns);
        let light = Stroke::solid(0.4, Colour::RULE_LIGHT);

        // The header row: bold, on a fill, at most a few lines a cell.
        let header_cells = table
            .columns
            .iter()
            .zip(&cols)
            .map(|(c, &(x, w))| {
                let inner = (w - 2.0 * PAD_X).max(0.0);
                let mut lines = wrap_text(&c.title, size, true, inner);
                if lines.len() > HEADER_LINES {
                    lines.truncate(HEADER_LINES);
                    if let Some(last) = lines.last_mut() {
                        let cut = format!("{last}…");
                        *last = super::super::truncate_to_width(&cut, size, true, inner);
                    }
                }
                (x, w, c.align, lines)
            })
            .collect();
        let header_layout = RowLayout {
            cells: header_cells,
            left: self.left,
            width: self.width,
            size,
            bold: true,
            colour: Colour::TEXT,
            fill: Some(Colour::HEADER_FILL),
            rule: Stroke::solid(0.75, Colour::RULE),
        };
        let mut header = header_layout.part(0, header_layout.lines(), false);
        let header_h = header.height;
        header.keep_with_next = true;
        let header_no = self.flow.headers.len();
        self.flow.headers.push(header.clone());
        self.push(header, 6.0);

        // Rows taller than this are split by the paginator.
        let room = (self.cap - header_h).max(0.0);
        for (i, row) in table.rows.iter().enumerate() {
            let layout = self.row_layout(table, row, &cols, size, i, light);
            let lines = layout.lines();
            let mut unit;
            if layout.height(lines, false) > room + 1e-3 {
                unit = Unit {
                    height: layout.height(lines, false),
                    tall_row: Some(layout),
                    ..Unit::default()
                };
            } else {
                unit = layout.part(0, lines, false);
            }
            unit.header = Some(header_no);
            self.push(unit, 0.0);
        }
        self.after(10.0);
    }

    fn row_layout(
        &self,
        table: &Table,
        row: &Row,
        cols: &[(f32, f32)],
        size: f32,
        index: usize,
        rule: Stroke,
    ) -> RowLayout {
        let fill = match row.fill {
            Some(f) => Some(f.clamped()),
            None if table.zebra && index % 2 == 1 => Some(Colour::ZEBRA),
            None => None,
        };
        let cells = if row.span {
            let text = row.cells.join("\n");
            let inner = (self.width - 2.0 * PAD_X).max(0.0);
            vec![(
                self.left,
                self.width,
                Align::Left,
                wrap_text(&text, size, row.bold, inner),
            )]
        } else {
            let n = cols.len();
            let mut texts: Vec<String> = row.cells.iter().take(n).cloned().collect();
            texts.resize(n, String::new());
            if row.cells.len() > n {
                let extra = row.cells[n..].join("\n");
                if let Some(last) = texts.last_mut() {
                    last.push('\n');
                    last.push_str(&extra);
                }
            }
            texts
                .iter()
                .zip(cols)
                .zip(&table.columns)
                .map(|((text, &(x, w)), col)| {
                    let inner = (w - 2.0 * PAD_X).max(0.0);
                    (x, w, col.align, wrap_text(text, size, row.bold, inner))
                })
                .collect()
        };
        RowLayout {
            cells,
            left: self.left,
            width: self.width,
            size,
            bold: row.bold,
            colour: Colour::TEXT,
            fill,
            rule,
        }
    }
}
