//! The agency involvement chart: one swimlane per agency on a shared time
//! axis, a tick per record and a marker per flag.

use chrono::{Datelike, NaiveDate, TimeZone};
use chrono_tz::Europe::London;

use super::{kind_words, position, severity_colour, severity_word, Ctx, SECTION_HEADINGS};
use crate::flags::Severity;
use crate::report::layout::{
    truncate_to_width, Align, Colour, Column, Document, Drawing, Stroke, Table,
};

const LABEL_W: f32 = 134.0;
const LANE_H: f32 = 27.0;
const TOP: f32 = 6.0;

/// The section: the chart, its key, and a table of each agency's involvement.
pub(super) fn section(doc: &mut Document, ctx: &Ctx<'_>) {
    doc.heading(1, SECTION_HEADINGS[2]);
    doc.paragraph(
        "Each lane is one agency. A tick marks each record on a shared time axis; flags \
         are marked on the lane of the agency they concern, coloured by severity. Dates \
         known only to the month or year are placed at the middle of their span.",
    );
    let width = doc.content_width();
    doc.drawing(chart(ctx, width));
    doc.space(4.0);

    doc.heading(2, "Involvement by agency");
    let mut t = Table::new(vec![
        Column::new("Agency", 30.0),
        Column::new("Kind", 17.0),
        Column::new("Records", 9.0).align(Align::Right),
        Column::new("First record", 18.0),
        Column::new("Last record", 18.0),
        Column::new("Flags", 8.0).align(Align::Right),
    ]);
    for ag in lanes(ctx) {
        let recs: Vec<&crate::model::Record> = ctx
            .a
            .records
            .iter()
            .filter(|r| r.agency_id == ag.id)
            .collect();
        let flags = ctx.flags.iter().filter(|f| f.agency == ag.name).count();
        t.row([
            ag.name.clone(),
            kind_words(ag.kind.as_str()),
            recs.len().to_string(),
            recs.first().map(|r| super::uk(r)).unwrap_or_default(),
            recs.last().map(|r| super::uk(r)).unwrap_or_default(),
            flags.to_string(),
        ]);
    }
    doc.table(t);
}

/// The agencies in lane order: by kind as the brief lists them, then name.
fn lanes<'a>(ctx: &'a Ctx<'_>) -> Vec<&'a crate::analysis::AgencyInfo> {
    let mut v: Vec<&crate::analysis::AgencyInfo> = ctx.a.agencies.iter().collect();
    v.sort_by_key(|a| {
        (
            crate::model::AgencyKind::ALL
                .iter()
                .position(|k| *k == a.kind)
                .unwrap_or(99),
            a.name.clone(),
        )
    });
    v
}

/// Midnight (London) at the start of a date, in UTC seconds.
fn day_start(d: NaiveDate) -> i64 {
    d.and_hms_opt(0, 0, 0)
        .and_then(|n| London.from_local_datetime(&n).earliest())
        .map(|t| t.timestamp())
        .unwrap_or(0)
}

fn date_of(t: i64) -> Option<NaiveDate> {
    chrono::DateTime::from_timestamp(t, 0).map(|d| d.with_timezone(&London).date_naive())
}

/// The first day of the quarter holding `d`.
fn quarter_start(d: NaiveDate) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(d.year(), (d.month0() / 3) * 3 + 1, 1)
}

/// The first day of the next quarter.
fn next_quarter(d: NaiveDate) -> Option<NaiveDate> {
    let m = (d.month0() / 3) * 3 + 3;
    NaiveDate::from_ymd_opt(d.year() + (m / 12) as i32, m % 12 + 1, 1)
}

/// A filled diamond centred on (cx, cy), drawn as horizontal strokes.
fn diamond(d: &mut Drawing, cx: f32, cy: f32, r: f32, colour: Colour) {
    let steps = 10;
    let step = r / steps as f32;
    for i in 0..=2 * steps {
        let y = cy - r + i as f32 * step;
        let half = (r - (y - cy).abs()).max(0.0) * 0.8;
        d.line(
            cx - half,
            y,
            cx + half,
            y,
            Stroke::solid(step + 0.15, colour),
        );
    }
}

/// A filled triangle, point up, centred on (cx, cy).
fn triangle(d: &mut Drawing, cx: f32, cy: f32, r: f32, colour: Colour) {
    let steps = 16;
    let top = cy - r;
    let h = r * 1.8;
    let step = h / steps as f32;
    for i in 0..=steps {
        let y = top + i as f32 * step;
        let half = (i as f32 / steps as f32) * r;
        d.line(
            cx - half,
            y,
            cx + half,
            y,
            Stroke::solid(step + 0.15, colour),
        );
    }
}

/// The marker of a flag of this severity.
fn marker(d: &mut Drawing, s: Severity, cx: f32, cy: f32) {
    match s {
        Severity::High => diamond(d, cx, cy, 4.2, severity_colour(s)),
        _ => triangle(d, cx, cy, 3.4, severity_colour(s)),
    }
}

/// The chart itself, `width` points wide.
fn chart(ctx: &Ctx<'_>, width: f32) -> Drawing {
    let lanes = lanes(ctx);
    let x0 = LABEL_W + 8.0;
    let x1 = width - 6.0;
    let plot_w = (x1 - x0).max(1.0);
    let axis_y = TOP + LANE_H * lanes.len().max(1) as f32;
    let height = axis_y + 62.0;
    let mut d = Drawing::new(width, height);

    // The time axis: whole quarters around the records.
    let times: Vec<i64> = ctx.a.records.iter().filter_map(position).collect();
    let (Some(&tmin), Some(&tmax)) = (times.iter().min(), times.iter().max()) else {
        d.text(
            0.0,
            TOP + 12.0,
            "No dated records to chart.",
            9.0,
            Colour::MUTED,
            Align::Left,
        );
        return d;
    };
    let start = date_of(tmin).and_then(quarter_start);
    let end = date_of(tmax).and_then(next_quarter);
    let (Some(start), Some(end)) = (start, end) else {
        return d;
    };
    let (t0, t1) = (day_start(start), day_start(end).max(day_start(start) + 1));
    let x_of = |t: i64| x0 + ((t - t0) as f64 / (t1 - t0) as f64) as f32 * plot_w;

    // Lanes.
    for (i, ag) in lanes.iter().enumerate() {
        let y = TOP + i as f32 * LANE_H;
        if i % 2 == 0 {
            d.fill_rect(0.0, y, width, LANE_H, Colour::ZEBRA);
        }
        let name = truncate_to_width(&ctx.t(&ag.name), 7.3, true, LABEL_W - 6.0);
        d.bold_text(4.0, y + 12.0, name, 7.3, Colour::TEXT, Align::Left);
        let n = ctx
            .a
            .records
            .iter()
            .filter(|r| r.agency_id == ag.id)
            .count();
        let f = ctx.flags.iter().filter(|f| f.agency == ag.name).count();
        let sub = match f {
            0 => format!("{n} records"),
            1 => format!("{n} records · 1 flag"),
            _ => format!("{n} records · {f} flags"),
        };
        d.text(4.0, y + 21.5, sub, 6.5, Colour::MUTED, Align::Left);
    }

    // Gridlines and axis labels: quarters dashed, years solid.
    let mut q = Some(start);
    let mut quarters = Vec::new();
    while let Some(day) = q {
        if day > end {
            break;
        }
        quarters.push(day);
        q = next_quarter(day);
    }
    let quarter_w = plot_w / (quarters.len().saturating_sub(1).max(1)) as f32;
    for (k, day) in quarters.iter().enumerate() {
        let x = x_of(day_start(*day));
        let year = day.month() == 1;
        let stroke = if year {
            Stroke::solid(0.7, Colour::RULE)
        } else {
            Stroke::dashed(0.4, Colour::RULE, 1.5, 1.5)
        };
        d.line(x, TOP, x, axis_y + if year { 22.0 } else { 3.0 }, stroke);
        if let Some(next) = quarters.get(k + 1) {
            let mid = (x + x_of(day_start(*next))) / 2.0;
            if quarter_w >= 16.0 {
                let label = format!("Q{}", day.month0() / 3 + 1);
                d.text(mid, axis_y + 11.0, label, 6.8, Colour::MUTED, Align::Centre);
            }
        }
    }
    // Year labels, centred on the part of each year shown.
    let mut y = start.year();
    while y <= end.year() {
        let a = NaiveDate::from_ymd_opt(y, 1, 1)
            .map(day_start)
            .unwrap_or(t0);
        let b = NaiveDate::from_ymd_opt(y + 1, 1, 1)
            .map(day_start)
            .unwrap_or(t1);
        let (a, b) = (a.max(t0), b.min(t1));
        if b > a && x_of(b) - x_of(a) >= 24.0 {
            d.bold_text(
                (x_of(a) + x_of(b)) / 2.0,
                axis_y + 22.0,
                y.to_string(),
                8.0,
                Colour::TEXT,
                Align::Centre,
            );
        }
        y += 1;
    }
    d.line(x0, axis_y, x1, axis_y, Stroke::solid(0.8, Colour::MUTED));
    d.line(x0, TOP, x0, axis_y, Stroke::solid(0.8, Colour::MUTED));

    // A tick per record.
    let tick = Colour::rgb8(0x3a, 0x5a, 0x80);
    for r in &ctx.a.records {
        let (Some(t), Some(i)) = (position(r), lanes.iter().position(|a| a.id == r.agency_id))
        else {
            continue;
        };
        let x = x_of(t);
        let y = TOP + i as f32 * LANE_H;
        d.line(x, y + 14.0, x, y + LANE_H - 3.0, Stroke::solid(0.55, tick));
    }
    // A marker per flag, low severity first so high lies on top.
    let mut flags: Vec<&crate::flags::Flag> = ctx.flags.iter().collect();
    flags.sort_by_key(|f| std::cmp::Reverse(f.severity));
    for f in flags {
        let Some(i) = lanes.iter().position(|a| a.name == f.agency) else {
            continue;
        };
        let t = f
            .evidence
            .first()
            .and_then(|id| ctx.a.record(*id))
            .and_then(position);
        let Some(t) = t else { continue };
        let y = TOP + i as f32 * LANE_H;
        marker(&mut d, f.severity, x_of(t), y + 8.0);
    }

    // The key.
    let ky = axis_y + 44.0;
    let mut x = x0;
    d.line(x, ky - 6.0, x, ky + 2.0, Stroke::solid(0.8, tick));
    d.text(x + 5.0, ky, "a record", 7.0, Colour::TEXT, Align::Left);
    x += 52.0;
    for s in [Severity::High, Severity::Medium, Severity::Low] {
        marker(&mut d, s, x + 3.0, ky - 2.5);
        let label = format!("{} severity flag", severity_word(s));
        d.text(x + 10.0, ky, label.clone(), 7.0, Colour::TEXT, Align::Left);
        x += 20.0 + crate::report::layout::text_width(&label, 7.0, false);
    }
    d.line(
        x,
        ky - 6.0,
        x,
        ky + 2.0,
        Stroke::dashed(0.5, Colour::RULE, 1.5, 1.5),
    );
    d.text(x + 5.0, ky, "quarter", 7.0, Colour::TEXT, Align::Left);
    x += 40.0;
    d.line(x, ky - 6.0, x, ky + 2.0, Stroke::solid(0.8, Colour::RULE));
    d.text(x + 5.0, ky, "year", 7.0, Colour::TEXT, Align::Left);
    d
}
