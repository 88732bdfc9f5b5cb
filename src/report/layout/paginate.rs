//! Puts the flow's units on pages.

use super::flow::{Flow, Item, Unit};

/// The laid-out document.
#[derive(Debug, Default)]
pub(crate) struct Pages {
    /// What each page draws in its body, in page coordinates.
    pub(crate) pages: Vec<Vec<Item>>,
    /// Where each heading starts: its page (from 0) and the top of its line.
    pub(crate) anchors: Vec<Option<(usize, f32)>>,
    /// The page (from 0) on which each unit of the flow starts.
    pub(crate) unit_pages: Vec<usize>,
}

/// A tolerance for rounding in sums of heights.
const EPS: f32 = 1e-2;
/// A table row taller than a page keeps at least this many lines on the
/// page where it starts, or starts on the next one.
const MIN_ROW_LINES: usize = 3;

/// The height of the part of `unit` that must be on a page for the unit to
/// start there.
fn first_part(unit: &Unit) -> f32 {
    match &unit.tall_row {
        Some(row) => row.height(MIN_ROW_LINES.min(row.lines()), false),
        None => unit.height,
    }
}

/// The height that must fit for unit `i` to go on the current page: the
/// unit and, while units are kept with the next, the ones after it (the
/// last of them only as far as its first part).
fn needed(units: &[Unit], i: usize) -> f32 {
    let mut h = 0.0;
    let mut j = i;
    while let Some(u) = units.get(j) {
        let gap = if j == i { 0.0 } else { u.gap_before };
        let chained = u.keep_with_next && units.get(j + 1).is_some_and(|n| !n.break_before);
        if !chained {
            h += gap + first_part(u);
            break;
        }
        h += gap + u.height;
        j += 1;
    }
    h
}

struct Pager<'f> {
    flow: &'f Flow,
    top: f32,
    bottom: f32,
    y: f32,
    /// Nothing but a repeated table header is on the current page yet.
    fresh: bool,
    out: Pages,
}

impl Pager<'_> {
    fn new_page(&mut self) {
        self.out.pages.push(Vec::new());
        self.y = self.top;
        self.fresh = true;
    }

    fn place(&mut self, unit: &Unit, y: f32) {
        if let Some(page) = self.out.pages.last_mut() {
            page.extend(unit.items.iter().map(|it| it.shifted(y)));
        }
    }

    /// Puts the repeated header `header` at the top of a fresh page.
    fn header(&mut self, header: Option<usize>) {
        if !self.fresh {
            return;
        }
        if let Some(h) = header.and_then(|h| self.flow.headers.get(h)) {
            self.place(h, self.y);
            self.y += h.height;
        }
    }

    fn unit(&mut self, i: usize) {
        let units = &self.flow.units;
        let u = &units[i];
        if u.break_before && !self.fresh {
            self.new_page();
        }
        let cap = self.bottom - self.top;
        let mut need = needed(units, i);
        if need > cap {
            need = first_part(u);
        }
        let gap = if self.fresh { 0.0 } else { u.gap_before };
        if self.y + gap + need > self.bottom + EPS && !self.fresh {
            self.new_page();
        }
        self.header(u.header);
        self.out
            .unit_pages
            .push(self.out.pages.len().saturating_sub(1));
        if let Some(a) = u.anchor {
            let page = self.out.pages.len().saturating_sub(1);
            let gap = if self.fresh { 0.0 } else { u.gap_before };
            if let Some(slot) = self.out.anchors.get_mut(a) {
                *slot = Some((page, self.y + gap));
            }
        }
        match &u.tall_row {
            None => {
                let gap = if self.fresh { 0.0 } else { u.gap_before };
                self.place(u, self.y + gap);
                self.y += gap + u.height;
                self.fresh = false;
            }
            Some(row) => {
                let total = row.lines();
                let mut from = 0;
                let mut continued = false;
                loop {
                    let gap = if self.fresh { 0.0 } else { u.gap_before };
                    let remaining = total - from;
                    let room = self.bottom - self.y - gap;
                    let mut k = row.lines_fitting(room, continued).min(remaining);
                    if k < MIN_ROW_LINES.min(remaining) && !self.fresh {
                        self.new_page();
                        self.header(u.header);
                        if let Some(p) = self.out.unit_pages.last_mut() {
                            *p = self.out.pages.len().saturating_sub(1);
                        }
                        continue;
                    }
                    // On a fresh page at least one line goes down, whatever
                    // the room, so that the loop always ends.
                    k = k.max(1);
                    let part = row.part(from, from + k, continued);
                    self.place(&part, self.y + gap);
                    self.y += gap + part.height;
                    self.fresh = false;
                    from += k;
                    if from >= total {
                        break;
                    }
                    self.new_page();
                    self.header(u.header);
                    continued = true;
                }
            }
        }
    }
}

/// Lays the flow out on pages whose body runs from `top` to `bottom`
/// (points from the top edge). There is always at least one page.
pub(crate) fn paginate(flow: &Flow, top: f32, bottom: f32) -> Pages {
    let mut pager = Pager {
        flow,
        top,
        bottom: bottom.max(top),
        y: top,
        fresh: true,
        out: Pages {
            pages: vec![Vec::new()],
            anchors: vec![None; flow.headings.len()],
            unit_pages: Vec::with_capacity(flow.units.len()),
        },
    };
    for i in 0..flow.units.len() {
        pager.unit(i);
    }
    pager.out
}
