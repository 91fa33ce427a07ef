//! Charts drawn on the server as standalone SVG (no JavaScript).
//!
//! The charts are meant to be printed, often in black and white, so every
//! series is told apart by more than its colour: lines have their own dash
//! pattern and point marker, bars and timeline blocks their own hatch
//! pattern, and timeline rows are numbered. Text is Japanese and uses the
//! font family `BIZ UDGothic, sans-serif`.
//!
//! Every chart is a well-formed XML document with a `viewBox`, `role="img"`,
//! a `<title>` and a `<desc>`, and can be served as `image/svg+xml` or
//! inlined in HTML. Pattern ids (`tsunagu-p-{colour}-{hatch}`) are derived
//! from what they draw, so several charts inlined in one page share
//! identical definitions instead of clashing.
//!
//! Odd input never panics: NaN, infinite and absurdly large (beyond ±1e15)
//! values are treated as missing, missing labels are blank, and a chart
//! without data renders a 「データがありません」 placeholder.

use std::fmt::Write as _;

/// Appends formatted text to a `String` (which cannot fail).
macro_rules! put {
    ($dst:expr, $($arg:tt)*) => {{
        let _ = write!($dst, $($arg)*);
    }};
}

/// One named data series; `None` is a missing value (a gap in line charts).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Series {
    pub name: String,
    pub values: Vec<Option<f64>>,
}

/// A line chart with categorical x axis (e.g. months "R8.4", "R8.5", …).
#[derive(Debug, Clone, Copy)]
pub struct LineChart<'a> {
    pub title: &'a str,
    /// X labels, e.g. "R8.4".
    pub labels: &'a [String],
    pub series: &'a [Series],
    /// Unit shown above the y axis, e.g. "人" or "件".
    pub y_label: &'a str,
    pub width: u32,
    pub height: u32,
}

/// A grouped bar chart; one group per label, one bar per series.
#[derive(Debug, Clone, Copy)]
pub struct BarChart<'a> {
    pub title: &'a str,
    pub labels: &'a [String],
    pub series: &'a [Series],
    pub y_label: &'a str,
    pub width: u32,
    pub height: u32,
}

/// One block on a [`Timeline`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineBlock {
    /// Index into [`Timeline::rows`].
    pub row: usize,
    /// 0 = Monday … 6 = Sunday.
    pub day: u8,
    /// Minutes after midnight.
    pub start: u16,
    /// Minutes after midnight (exclusive).
    pub end: u16,
    pub label: String,
    /// Hatch pattern index 0..=6 (taken modulo 7).
    pub style: u8,
}

/// A weekly timeline: rows (e.g. positions or people) × days Mon–Sun × hours.
#[derive(Debug, Clone, Copy)]
pub struct Timeline<'a> {
    pub title: &'a str,
    pub rows: &'a [String],
    pub blocks: &'a [TimelineBlock],
    /// First minute shown (rounded down to the hour).
    pub day_start: u16,
    /// Last minute shown (rounded up to the hour). If not after
    /// `day_start`, the whole day 0:00–24:00 is shown.
    pub day_end: u16,
    pub width: u32,
}

const FONT_FAMILY: &str = "BIZ UDGothic, sans-serif";
const NO_DATA: &str = "データがありません";
/// Print-friendly colours, dark enough to stay distinct as greys.
const COLORS: [&str; 7] = [
    "#1f4e99", "#c0501e", "#1b7f5b", "#7b3294", "#8a6d00", "#444444", "#b3306b",
];
/// Dash patterns per series (stroke width 2).
const DASHES: [&str; 7] = ["", "9 4", "2 3", "10 3 2 3", "5 5", "14 3 2 3 2 3", "1 4"];
const MARKERS: [Marker; 7] = [
    Marker::Circle,
    Marker::Square,
    Marker::TriangleUp,
    Marker::Diamond,
    Marker::TriangleDown,
    Marker::Cross,
    Marker::Plus,
];
use crate::domain::WEEKDAYS;
/// Values beyond this magnitude are treated as missing.
const MAX_ABS_VALUE: f64 = 1e15;
const PAD: f64 = 12.0;
const TITLE_SIZE: f64 = 16.0;
const LABEL_SIZE: f64 = 11.0;
const LEGEND_SIZE: f64 = 12.0;
const LEGEND_ROW: f64 = 20.0;

#[derive(Debug, Clone, Copy)]
enum Marker {
    Circle,
    Square,
    TriangleUp,
    Diamond,
    TriangleDown,
    Cross,
    Plus,
}

/// Renders a line chart: axes, nice y ticks, gridlines, legend, point
/// markers, and gaps where a value is missing.
pub fn line_chart(c: &LineChart) -> String {
    xy_chart(
        Kind::Line,
        &XyInput {
            title: c.title,
            labels: c.labels,
            series: c.series,
            y_label: c.y_label,
            width: c.width,
            height: c.height,
        },
    )
}

/// Renders a grouped bar chart with a hatch pattern per series. Value
/// labels are drawn above the bars when every label fits its bar's width.
pub fn bar_chart(c: &BarChart) -> String {
    xy_chart(
        Kind::Bar,
        &XyInput {
            title: c.title,
            labels: c.labels,
            series: c.series,
            y_label: c.y_label,
            width: c.width,
            height: c.height,
        },
    )
}

/// Renders a weekly timeline: one column band per day (Mon–Sun), one lane
/// per row inside each band, hours running downwards with gridlines.
/// Block labels wrap and are ellipsized (and clipped) to fit their block;
/// the full text is in a `<title>` tooltip. Rows are numbered in the legend
/// and in each day band so the chart reads without colour.
pub fn timeline(t: &Timeline) -> String {
    let layout = TimelineLayout::new(t);
    let rows = t.rows.len();
    let visible: Vec<(&TimelineBlock, Rect)> = t
        .blocks
        .iter()
        .filter_map(|b| layout.block_rect(b, rows).map(|r| (b, r)))
        .collect();
    if rows == 0 {
        return no_data(t.title, layout.width, 200.0);
    }

    let desc = format!(
        "週間タイムライン（{}〜{}）。行: {}。{}件。",
        hhmm(layout.start),
        hhmm(layout.end),
        t.rows.join("、"),
        visible.len()
    );
    let mut svg = Svg::new(layout.width, layout.height, t.title, &desc);
    svg.title(t.title, layout.width);

    // Pattern definitions for the (row colour, style) pairs in use.
    let mut used: Vec<(usize, usize)> = visible
        .iter()
        .map(|(b, _)| (b.row % 7, usize::from(b.style) % 7))
        .collect();
    used.sort_unstable();
    used.dedup();
    svg.defs(&used);

    // Legend of rows: numbered, coloured boxes.
    for (i, (name, (x, y))) in t.rows.iter().zip(&layout.legend).enumerate() {
        lane_badge(&mut svg, *x, *y - 11.0, i);
        let name = ellipsize(name, 220.0, LEGEND_SIZE);
        svg.text(*x + 24.0, *y, &name, LEGEND_SIZE, "start", "");
    }

    let grid_top = layout.grid_top;
    let grid_bottom = layout.grid_bottom();
    let right = layout.left + 7.0 * layout.day_w;

    // Weekend shading, day headers and lane numbers.
    for (d, day) in WEEKDAYS.iter().enumerate() {
        let x = layout.day_x(d);
        if d >= 5 {
            svg.rect(
                x,
                grid_top,
                layout.day_w,
                grid_bottom - grid_top,
                "fill=\"#f2f2f2\"",
            );
        }
        let name = if text_width("月曜日", 13.0) + 4.0 <= layout.day_w {
            format!("{day}曜日")
        } else {
            (*day).to_owned()
        };
        svg.text(
            x + layout.day_w / 2.0,
            layout.header_y + 15.0,
            &name,
            13.0,
            "middle",
            "font-weight=\"bold\"",
        );
        if layout.lane_header {
            for lane in 0..rows {
                let cx = x + (lane as f64 + 0.5) * layout.lane_w;
                svg.text(
                    cx,
                    grid_top - 4.0,
                    &(lane + 1).to_string(),
                    9.0,
                    "middle",
                    "fill=\"#555\"",
                );
            }
        }
    }

    // Hour gridlines (half hours dotted) and hour labels.
    let mut m = layout.start;
    while m <= layout.end {
        let y = layout.y_of(m);
        if m.is_multiple_of(60) {
            svg.line(layout.left, y, right, y, "stroke=\"#bbb\"");
            svg.text(layout.left - 4.0, y + 4.0, &hhmm(m), LABEL_SIZE, "end", "");
        } else {
            svg.line(
                layout.left,
                y,
                right,
                y,
                "stroke=\"#ddd\" stroke-dasharray=\"2 3\"",
            );
        }
        m += 30;
    }

    // Lane separators and day separators.
    for d in 0..7 {
        let x = layout.day_x(d);
        for lane in 1..rows {
            let lx = x + lane as f64 * layout.lane_w;
            svg.line(lx, grid_top, lx, grid_bottom, "stroke=\"#e3e3e3\"");
        }
    }
    for d in 0..=7 {
        let x = layout.day_x(d);
        svg.line(x, layout.header_y, x, grid_bottom, "stroke=\"#333\"");
    }
    svg.line(
        layout.left,
        layout.header_y,
        right,
        layout.header_y,
        "stroke=\"#333\"",
    );
    svg.line(layout.left, grid_top, right, grid_top, "stroke=\"#333\"");
    svg.line(
        layout.left,
        grid_bottom,
        right,
        grid_bottom,
        "stroke=\"#333\"",
    );

    // Blocks.
    for (b, r) in &visible {
        let (ci, si) = (b.row % 7, usize::from(b.style) % 7);
        let tip = format!(
            "{}曜 {}–{} {}: {}",
            WEEKDAYS[usize::from(b.day)],
            hhmm(b.start),
            hhmm(b.end),
            t.rows[b.row],
            b.label
        );
        put!(
            svg.out,
            r#"<g><title>{}</title><rect x="{}" y="{}" width="{}" height="{}" rx="2" fill="url(#{})" stroke="{}" stroke-width="1.2"/>"#,
            esc(&tip),
            num(r.x),
            num(r.y),
            num(r.w),
            num(r.h),
            pattern_id(ci, si),
            COLORS[ci]
        );
        block_label(&mut svg, r, &b.label);
        svg.out.push_str("</g>");
    }
    svg.finish()
}

mod layout;
mod svg;
mod xy;

use layout::*;
use svg::*;
use xy::*;

#[cfg(test)]
mod tests;
