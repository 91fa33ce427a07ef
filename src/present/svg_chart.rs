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

// ---------------------------------------------------------------------------
// Line and bar charts

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Line,
    Bar,
}

struct XyInput<'a> {
    title: &'a str,
    labels: &'a [String],
    series: &'a [Series],
    y_label: &'a str,
    width: u32,
    height: u32,
}

fn plottable(v: Option<f64>) -> Option<f64> {
    v.filter(|v| v.is_finite() && v.abs() <= MAX_ABS_VALUE)
}

fn xy_chart(kind: Kind, c: &XyInput) -> String {
    let w = f64::from(c.width.clamp(240, 10_000));
    let h = f64::from(c.height.clamp(160, 10_000));
    let n = c
        .series
        .iter()
        .map(|s| s.values.len())
        .max()
        .unwrap_or(0)
        .max(if c.series.is_empty() {
            0
        } else {
            c.labels.len()
        });

    let mut min = f64::INFINITY;
    let mut max = f64::NEG_INFINITY;
    let mut all_integers = true;
    for v in c
        .series
        .iter()
        .flat_map(|s| s.values.iter().copied().filter_map(plottable))
    {
        min = min.min(v);
        max = max.max(v);
        all_integers &= v.fract() == 0.0;
    }
    if n == 0 || min > max {
        return no_data(c.title, w, h);
    }
    let ticks = nice_ticks(min, max, all_integers);
    let (y_min, y_max) = (ticks[0], ticks[ticks.len() - 1]);
    let decimals = tick_decimals(&ticks);
    let tick_labels: Vec<String> = ticks.iter().map(|t| fmt_number(*t, decimals)).collect();

    let names: Vec<&str> = c.series.iter().map(|s| s.name.as_str()).collect();
    let desc = format!(
        "{}。系列: {}。項目: {}。単位: {}。",
        if kind == Kind::Line {
            "折れ線グラフ"
        } else {
            "棒グラフ"
        },
        names.join("、"),
        match (c.labels.first(), c.labels.last()) {
            (Some(a), Some(b)) if c.labels.len() > 1 => format!("{a}〜{b}"),
            (Some(a), _) => a.clone(),
            _ => String::new(),
        },
        c.y_label
    );
    let mut svg = Svg::new(w, h, c.title, &desc);
    svg.title(c.title, w);

    // Legend below the title.
    let legend = legend_layout(&names, 30.0, w);
    let legend_h = legend.last().map_or(0.0, |(_, y)| y - 38.0 + LEGEND_ROW);

    let y_label_h = if c.y_label.is_empty() { 0.0 } else { 18.0 };
    let top = 38.0 + legend_h + y_label_h + 8.0;
    let bottom = h - PAD - 18.0;
    let tick_w = tick_labels
        .iter()
        .map(|t| text_width(t, LABEL_SIZE))
        .fold(0.0, f64::max);
    let left = (PAD + tick_w + 8.0).max(36.0);
    let right = w - 16.0;
    let plot_w = (right - left).max(1.0);
    let slot = plot_w / n as f64;
    let y_of = |v: f64| bottom - (v - y_min) / (y_max - y_min) * (bottom - top);

    if kind == Kind::Bar {
        let used: Vec<(usize, usize)> = (0..c.series.len()).map(|i| (i % 7, i % 7)).collect();
        svg.defs(&used);
    }

    // Gridlines and y tick labels.
    for (t, label) in ticks.iter().zip(&tick_labels) {
        let y = y_of(*t);
        let stroke = if *t == 0.0 { "#666" } else { "#d4d4d4" };
        svg.line(left, y, right, y, &format!("stroke=\"{stroke}\""));
        svg.text(left - 6.0, y + 4.0, label, LABEL_SIZE, "end", "");
    }
    if !c.y_label.is_empty() {
        let unit = ellipsize(c.y_label, w - 2.0 * PAD, LABEL_SIZE);
        svg.text(
            PAD,
            top - 12.0,
            &if unit.contains(['(', '（']) {
                unit
            } else {
                format!("（{unit}）")
            },
            LABEL_SIZE,
            "start",
            "fill=\"#333\"",
        );
    }

    // X labels: every k-th label so they never overlap.
    let label_w = c
        .labels
        .iter()
        .map(|l| text_width(l, LABEL_SIZE))
        .fold(0.0, f64::max);
    let every = ((label_w + 8.0) / slot).ceil().max(1.0) as usize;
    for (i, label) in c.labels.iter().enumerate().take(n) {
        let cx = left + (i as f64 + 0.5) * slot;
        svg.line(cx, bottom, cx, bottom + 4.0, "stroke=\"#333\"");
        if i % every == 0 {
            let text = ellipsize(
                label,
                (slot * every as f64 - 4.0).min(w - 2.0 * PAD),
                LABEL_SIZE,
            );
            let half = text_width(&text, LABEL_SIZE) / 2.0;
            let x = cx.clamp(half + 2.0, w - half - 2.0);
            svg.text(x, bottom + 17.0, &text, LABEL_SIZE, "middle", "");
        }
    }

    match kind {
        Kind::Line => draw_lines(&mut svg, c.series, left, slot, &y_of),
        Kind::Bar => draw_bars(&mut svg, c.series, left, slot, &y_of, decimals),
    }

    // Axes on top of the data.
    svg.line(left, top, left, bottom, "stroke=\"#333\"");
    svg.line(left, bottom, right, bottom, "stroke=\"#333\"");

    for (i, (name, (x, y))) in names.iter().zip(&legend).enumerate() {
        match kind {
            Kind::Line => {
                let attrs = line_style(i);
                svg.line(*x, *y - 4.0, *x + 28.0, *y - 4.0, &attrs);
                marker(
                    &mut svg,
                    series_marker(i),
                    *x + 14.0,
                    *y - 4.0,
                    4.0,
                    COLORS[i % 7],
                );
            }
            Kind::Bar => {
                let attrs = format!(
                    "fill=\"url(#{})\" stroke=\"{}\"",
                    pattern_id(i % 7, i % 7),
                    COLORS[i % 7]
                );
                svg.rect(*x + 4.0, *y - 12.0, 20.0, 14.0, &attrs);
            }
        }
        let name = ellipsize(name, 200.0, LEGEND_SIZE);
        svg.text(*x + 34.0, *y, &name, LEGEND_SIZE, "start", "");
    }
    svg.finish()
}

/// The marker of series `i`. From the eighth series on, colour and dash
/// repeat but the marker is shifted, so no two of the first 49 series look
/// the same.
fn series_marker(i: usize) -> Marker {
    MARKERS[(i + i / 7) % 7]
}

fn line_style(i: usize) -> String {
    let dash = DASHES[i % 7];
    let dash = if dash.is_empty() {
        String::new()
    } else {
        format!(" stroke-dasharray=\"{dash}\"")
    };
    format!("stroke=\"{}\" stroke-width=\"2\"{dash}", COLORS[i % 7])
}

fn draw_lines(svg: &mut Svg, series: &[Series], left: f64, slot: f64, y_of: &dyn Fn(f64) -> f64) {
    let r = (slot / 3.0).clamp(2.0, 4.0);
    for (i, s) in series.iter().enumerate() {
        let points: Vec<Option<(f64, f64)>> = s
            .values
            .iter()
            .enumerate()
            .map(|(j, v)| plottable(*v).map(|v| (left + (j as f64 + 0.5) * slot, y_of(v))))
            .collect();
        let mut d = String::new();
        let mut pen_down = false;
        for p in &points {
            match p {
                Some((x, y)) => {
                    put!(
                        d,
                        "{}{},{} ",
                        if pen_down { "L" } else { "M" },
                        num(*x),
                        num(*y)
                    );
                    pen_down = true;
                }
                None => pen_down = false,
            }
        }
        put!(svg.out, "<g><title>{}</title>", esc(&s.name));
        if !d.is_empty() {
            put!(
                svg.out,
                r#"<path d="{}" fill="none" {} stroke-linejoin="round"/>"#,
                d.trim_end(),
                line_style(i)
            );
        }
        for (x, y) in points.iter().flatten() {
            marker(svg, series_marker(i), *x, *y, r, COLORS[i % 7]);
        }
        svg.out.push_str("</g>");
    }
}

fn draw_bars(
    svg: &mut Svg,
    series: &[Series],
    left: f64,
    slot: f64,
    y_of: &dyn Fn(f64) -> f64,
    decimals: usize,
) {
    let bar_w = slot * 0.8 / series.len() as f64;
    let value_text = |v: f64| fmt_number(v, if v.fract() == 0.0 { 0 } else { decimals.max(1) });
    let show_values = series
        .iter()
        .flat_map(|s| s.values.iter().copied().filter_map(plottable))
        .all(|v| text_width(&value_text(v), 10.0) + 2.0 <= bar_w);
    let y0 = y_of(0.0);
    for (i, s) in series.iter().enumerate() {
        put!(svg.out, "<g><title>{}</title>", esc(&s.name));
        let fill = format!(
            "fill=\"url(#{})\" stroke=\"{}\"",
            pattern_id(i % 7, i % 7),
            COLORS[i % 7]
        );
        for (j, v) in s.values.iter().enumerate() {
            let Some(v) = plottable(*v) else { continue };
            let x = left + j as f64 * slot + slot * 0.1 + i as f64 * bar_w;
            let y = y_of(v);
            svg.rect(x, y.min(y0), bar_w, (y - y0).abs(), &fill);
            if show_values {
                let ty = if v >= 0.0 { y - 3.0 } else { y + 11.0 };
                svg.text(x + bar_w / 2.0, ty, &value_text(v), 10.0, "middle", HALO);
            }
        }
        svg.out.push_str("</g>");
    }
}

fn marker(svg: &mut Svg, m: Marker, x: f64, y: f64, r: f64, color: &str) {
    let filled = format!("fill=\"{color}\" stroke=\"#fff\" stroke-width=\"1\"");
    let pt = |dx: f64, dy: f64| format!("{},{}", num(x + dx * r), num(y + dy * r));
    match m {
        Marker::Circle => put!(
            svg.out,
            r#"<circle cx="{}" cy="{}" r="{}" {filled}/>"#,
            num(x),
            num(y),
            num(r)
        ),
        Marker::Square => put!(
            svg.out,
            r#"<rect x="{}" y="{}" width="{}" height="{}" {filled}/>"#,
            num(x - r * 0.9),
            num(y - r * 0.9),
            num(r * 1.8),
            num(r * 1.8)
        ),
        Marker::TriangleUp => put!(
            svg.out,
            r#"<path d="M{} L{} L{} Z" {filled}/>"#,
            pt(0.0, -1.2),
            pt(1.1, 0.8),
            pt(-1.1, 0.8)
        ),
        Marker::TriangleDown => put!(
            svg.out,
            r#"<path d="M{} L{} L{} Z" {filled}/>"#,
            pt(0.0, 1.2),
            pt(1.1, -0.8),
            pt(-1.1, -0.8)
        ),
        Marker::Diamond => put!(
            svg.out,
            r#"<path d="M{} L{} L{} L{} Z" {filled}/>"#,
            pt(0.0, -1.3),
            pt(1.3, 0.0),
            pt(0.0, 1.3),
            pt(-1.3, 0.0)
        ),
        Marker::Cross => put!(
            svg.out,
            r#"<path d="M{} L{} M{} L{}" stroke="{color}" stroke-width="2"/>"#,
            pt(-1.0, -1.0),
            pt(1.0, 1.0),
            pt(-1.0, 1.0),
            pt(1.0, -1.0)
        ),
        Marker::Plus => put!(
            svg.out,
            r#"<path d="M{} L{} M{} L{}" stroke="{color}" stroke-width="2"/>"#,
            pt(-1.2, 0.0),
            pt(1.2, 0.0),
            pt(0.0, -1.2),
            pt(0.0, 1.2)
        ),
    }
}

/// Positions of legend items (x, text baseline y), wrapping into rows.
fn legend_layout(names: &[&str], swatch: f64, width: f64) -> Vec<(f64, f64)> {
    let mut out = Vec::with_capacity(names.len());
    let (mut x, mut y) = (PAD, 38.0 + 14.0);
    for name in names {
        let item = swatch + 4.0 + text_width(&ellipsize(name, 200.0, LEGEND_SIZE), LEGEND_SIZE);
        if x > PAD && x + item > width - PAD {
            x = PAD;
            y += LEGEND_ROW;
        }
        out.push((x, y));
        x += item + 16.0;
    }
    out
}

// ---------------------------------------------------------------------------
// Timeline layout

#[derive(Debug, Clone, Copy, PartialEq)]
struct Rect {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

#[derive(Debug)]
struct TimelineLayout {
    width: f64,
    height: f64,
    left: f64,
    day_w: f64,
    lane_w: f64,
    header_y: f64,
    grid_top: f64,
    lane_header: bool,
    hour_px: f64,
    /// Shown range in minutes, whole hours.
    start: u16,
    end: u16,
    legend: Vec<(f64, f64)>,
}

impl TimelineLayout {
    fn new(t: &Timeline) -> Self {
        let width = f64::from(t.width.clamp(320, 10_000));
        let (mut start, mut end) = (t.day_start.min(48 * 60), t.day_end.min(48 * 60));
        if end <= start {
            (start, end) = (0, 24 * 60);
        }
        let start = start / 60 * 60;
        let end = end.div_ceil(60) * 60;
        let hours = f64::from(end - start) / 60.0;
        let hour_px = if hours <= 14.0 { 40.0 } else { 26.0 };

        let left = 48.0;
        let day_w = (width - left - PAD) / 7.0;
        let rows = t.rows.len().max(1);
        let lane_w = day_w / rows as f64;
        let lane_header = t.rows.len() > 1 && lane_w >= 9.0;

        let names: Vec<&str> = t.rows.iter().map(String::as_str).collect();
        let legend = legend_layout(&names, 20.0, width);
        let legend_h = legend.last().map_or(0.0, |(_, y)| y - 38.0 + LEGEND_ROW);
        let header_y = 38.0 + legend_h + 6.0;
        let grid_top = header_y + 22.0 + if lane_header { 12.0 } else { 0.0 };
        let height = grid_top + hours * hour_px + PAD;
        TimelineLayout {
            width,
            height,
            left,
            day_w,
            lane_w,
            header_y,
            grid_top,
            lane_header,
            hour_px,
            start,
            end,
            legend,
        }
    }

    fn day_x(&self, day: usize) -> f64 {
        self.left + day as f64 * self.day_w
    }

    fn y_of(&self, minute: u16) -> f64 {
        self.grid_top + f64::from(minute.saturating_sub(self.start)) / 60.0 * self.hour_px
    }

    fn grid_bottom(&self) -> f64 {
        self.y_of(self.end)
    }

    /// Where a block is drawn; `None` if it is outside the chart.
    fn block_rect(&self, b: &TimelineBlock, rows: usize) -> Option<Rect> {
        if b.row >= rows || b.day > 6 {
            return None;
        }
        let (s, e) = (b.start.max(self.start), b.end.min(self.end));
        if e <= s {
            return None;
        }
        let x = self.day_x(usize::from(b.day)) + b.row as f64 * self.lane_w + 1.0;
        let (y, y2) = (self.y_of(s), self.y_of(e));
        Some(Rect {
            x,
            y,
            w: (self.lane_w - 2.0).max(1.0),
            h: y2 - y,
        })
    }
}

const HALO: &str =
    r##"stroke="#fff" stroke-width="3" stroke-linejoin="round" paint-order="stroke""##;

/// A numbered box identifying a timeline row.
fn lane_badge(svg: &mut Svg, x: f64, y: f64, row: usize) {
    let ci = row % 7;
    svg.rect(
        x,
        y,
        20.0,
        14.0,
        &format!(
            "fill=\"#fff\" stroke=\"{}\" stroke-width=\"1.5\"",
            COLORS[ci]
        ),
    );
    svg.text(
        x + 10.0,
        y + 11.0,
        &(row + 1).to_string(),
        10.0,
        "middle",
        &format!("fill=\"{}\" font-weight=\"bold\"", COLORS[ci]),
    );
}

/// Wraps the label into the block's width, as many lines as fit, the last
/// one ellipsized; a nested `<svg>` clips anything the estimate misses.
fn block_label(svg: &mut Svg, r: &Rect, label: &str) {
    const SIZE: f64 = 10.0;
    const LINE: f64 = 12.0;
    let inner_w = r.w - 4.0;
    let max_lines = ((r.h - 2.0) / LINE).floor();
    if label.is_empty() || inner_w < SIZE || max_lines < 1.0 {
        return;
    }
    let lines = wrap(label, inner_w, SIZE, max_lines as usize);
    put!(
        svg.out,
        r#"<svg x="{}" y="{}" width="{}" height="{}" overflow="hidden">"#,
        num(r.x),
        num(r.y),
        num(r.w),
        num(r.h)
    );
    // A light backing behind each line keeps the text readable on hatching
    // while leaving the rest of the pattern visible.
    for (i, line) in lines.iter().enumerate() {
        let w = text_width(line, SIZE).min(inner_w) + 3.0;
        svg.rect(
            1.0,
            1.0 + i as f64 * LINE,
            w,
            LINE,
            "fill=\"#fff\" fill-opacity=\"0.85\"",
        );
    }
    for (i, line) in lines.iter().enumerate() {
        svg.text(2.5, 11.0 + i as f64 * LINE, line, SIZE, "start", "");
    }
    svg.out.push_str("</svg>");
}

/// Greedy character wrap (suits Japanese); the last allowed line is
/// ellipsized if text remains.
fn wrap(text: &str, max_w: f64, size: f64, max_lines: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() && lines.len() < max_lines {
        if lines.len() + 1 == max_lines {
            lines.push(ellipsize(rest, max_w, size));
            break;
        }
        let mut w = 0.0;
        let mut cut = rest.len();
        for (i, ch) in rest.char_indices() {
            w += char_width(ch) * size;
            if w > max_w {
                cut = i;
                break;
            }
        }
        if cut == 0 {
            // Not even one character fits; show it anyway (it is clipped).
            cut = rest.chars().next().map_or(rest.len(), char::len_utf8);
        }
        lines.push(rest[..cut].to_owned());
        rest = rest[cut..].trim_start();
    }
    lines
}

// ---------------------------------------------------------------------------
// SVG building blocks

struct Svg {
    out: String,
}

impl Svg {
    fn new(width: f64, height: f64, title: &str, desc: &str) -> Self {
        let mut out = String::with_capacity(8192);
        let (w, h) = (num(width), num(height));
        put!(
            out,
            r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" font-family="{FONT_FAMILY}" font-size="12"><title>{}</title><desc>{}</desc><rect width="{w}" height="{h}" fill="#fff"/>"##,
            esc(title),
            esc(desc)
        );
        Svg { out }
    }

    fn title(&mut self, title: &str, width: f64) {
        let text = ellipsize(title, width - 2.0 * PAD, TITLE_SIZE);
        self.text(
            width / 2.0,
            26.0,
            &text,
            TITLE_SIZE,
            "middle",
            "font-weight=\"bold\"",
        );
    }

    /// Hatch patterns for (colour index, hatch index) pairs.
    fn defs(&mut self, used: &[(usize, usize)]) {
        if used.is_empty() {
            return;
        }
        self.out.push_str("<defs>");
        for &(ci, hi) in used {
            let c = COLORS[ci % 7];
            put!(
                self.out,
                r#"<pattern id="{}" patternUnits="userSpaceOnUse" width="8" height="8"><rect width="8" height="8" fill="{c}" fill-opacity="{}"/>"#,
                pattern_id(ci, hi),
                if hi % 7 == 0 { "0.85" } else { "0.16" }
            );
            let lines = format!("stroke=\"{c}\" stroke-width=\"1.6\"");
            match hi % 7 {
                0 => {}
                1 => put!(
                    self.out,
                    r#"<path d="M-2,2 L2,-2 M0,8 L8,0 M6,10 L10,6" {lines}/>"#
                ),
                2 => put!(self.out, r#"<path d="M0,2 H8 M0,6 H8" {lines}/>"#),
                3 => put!(
                    self.out,
                    r#"<path d="M-2,2 L2,-2 M0,8 L8,0 M6,10 L10,6 M-2,6 L2,10 M0,0 L8,8 M6,-2 L10,2" stroke="{c}" stroke-width="1"/>"#
                ),
                4 => put!(
                    self.out,
                    r#"<circle cx="2" cy="2" r="1.5" fill="{c}"/><circle cx="6" cy="6" r="1.5" fill="{c}"/>"#
                ),
                5 => put!(self.out, r#"<path d="M2,0 V8 M6,0 V8" {lines}/>"#),
                _ => put!(
                    self.out,
                    r#"<path d="M-2,6 L2,10 M0,0 L8,8 M6,-2 L10,2" {lines}/>"#
                ),
            }
            self.out.push_str("</pattern>");
        }
        self.out.push_str("</defs>");
    }

    fn text(&mut self, x: f64, y: f64, text: &str, size: f64, anchor: &str, extra: &str) {
        put!(
            self.out,
            r#"<text x="{}" y="{}" font-size="{}" text-anchor="{anchor}" {extra}>{}</text>"#,
            num(x),
            num(y),
            num(size),
            esc(text)
        );
    }

    fn line(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, attrs: &str) {
        put!(
            self.out,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" {attrs}/>"#,
            num(x1),
            num(y1),
            num(x2),
            num(y2)
        );
    }

    fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, attrs: &str) {
        put!(
            self.out,
            r#"<rect x="{}" y="{}" width="{}" height="{}" {attrs}/>"#,
            num(x),
            num(y),
            num(w.max(0.0)),
            num(h.max(0.0))
        );
    }

    fn finish(mut self) -> String {
        self.out.push_str("</svg>");
        self.out
    }
}

fn pattern_id(color: usize, hatch: usize) -> String {
    format!("tsunagu-p-{}-{}", color % 7, hatch % 7)
}

/// The placeholder chart for when there is nothing to draw.
fn no_data(title: &str, width: f64, height: f64) -> String {
    let mut svg = Svg::new(width, height, title, NO_DATA);
    svg.title(title, width);
    svg.rect(
        PAD,
        40.0,
        width - 2.0 * PAD,
        (height - 40.0 - PAD).max(0.0),
        "fill=\"none\" stroke=\"#999\" stroke-dasharray=\"4 4\"",
    );
    svg.text(
        width / 2.0,
        (height + 40.0) / 2.0,
        NO_DATA,
        14.0,
        "middle",
        "fill=\"#555\"",
    );
    svg.finish()
}

/// Escapes text for XML content and attribute values. Characters XML 1.0
/// forbids (most C0 controls, U+FFFE/U+FFFF) become U+FFFD.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(' '),
            '\u{0}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// A coordinate with at most one decimal.
fn num(v: f64) -> String {
    if !v.is_finite() {
        return "0".to_owned();
    }
    let r = (v * 10.0).round() / 10.0;
    if r == 0.0 {
        "0".to_owned()
    } else if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

fn hhmm(minutes: u16) -> String {
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

/// Approximate advance width of a character in ems: full width for CJK,
/// about 0.6 for Latin, digits and half-width kana.
fn char_width(c: char) -> f64 {
    match c {
        '\u{FF61}'..='\u{FF9F}' => 0.55,
        'W' | 'M' | 'm' | 'w' | '@' | '%' => 0.9,
        c if (c as u32) < 0x2000 => 0.62,
        _ => 1.0,
    }
}

fn text_width(s: &str, size: f64) -> f64 {
    s.chars().map(char_width).sum::<f64>() * size
}

/// Shortens `s` with "…" so that it fits `max_w`.
fn ellipsize(s: &str, max_w: f64, size: f64) -> String {
    if text_width(s, size) <= max_w {
        return s.to_owned();
    }
    let budget = max_w - char_width('…') * size;
    let mut w = 0.0;
    let mut out = String::new();
    for c in s.chars() {
        w += char_width(c) * size;
        if w > budget {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// Y axis ticks: start at 0 (or below, for negative data), steps of
/// 1, 2 or 5 × 10ⁿ, about five intervals. Integer data never gets
/// fractional steps.
fn nice_ticks(min: f64, max: f64, integers: bool) -> Vec<f64> {
    let lo = min.min(0.0);
    let mut hi = max.max(0.0);
    if hi <= lo {
        hi = lo + 1.0;
    }
    let mut step = nice_step((hi - lo) / 5.0);
    if integers && step < 1.0 {
        step = 1.0;
    }
    let first = (lo / step).floor();
    let last = (hi / step - 1e-9).ceil().max(first + 1.0);
    let count = ((last - first) as usize).min(50);
    (0..=count)
        .map(|k| {
            let v = (first + k as f64) * step;
            if v == 0.0 { 0.0 } else { v }
        })
        .collect()
}

fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let base = 10f64.powf(raw.log10().floor());
    let f = raw / base;
    let m = if f <= 1.0 + 1e-9 {
        1.0
    } else if f <= 2.0 + 1e-9 {
        2.0
    } else if f <= 5.0 + 1e-9 {
        5.0
    } else {
        10.0
    };
    m * base
}

fn tick_decimals(ticks: &[f64]) -> usize {
    match ticks {
        [a, b, ..] if (b - a) < 1.0 => (-(b - a).log10().floor()).clamp(0.0, 10.0) as usize,
        _ => 0,
    }
}

/// Formats a number with `decimals` places and thousands separators.
fn fmt_number(v: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let mut grouped = String::with_capacity(s.len() + 4);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let negative = v < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0');
    format!(
        "{}{grouped}{}{frac}",
        if negative { "-" } else { "" },
        if frac.is_empty() { "" } else { "." }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal XML well-formedness check: balanced tags, one root,
    /// quoted attributes without `<`, no duplicate attributes, and only
    /// known entity references.
    fn check_xml(s: &str) -> Result<(), String> {
        fn check_entities(text: &str) -> Result<(), String> {
            let mut rest = text;
            while let Some(i) = rest.find('&') {
                let after = &rest[i + 1..];
                let end = after.find(';').ok_or("unterminated entity")?;
                let name = &after[..end];
                let ok = matches!(name, "amp" | "lt" | "gt" | "quot" | "apos")
                    || name
                        .strip_prefix('#')
                        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
                if !ok {
                    return Err(format!("bad entity &{name};"));
                }
                rest = &after[end + 1..];
            }
            Ok(())
        }
        let mut stack: Vec<&str> = Vec::new();
        let mut roots = 0;
        let mut rest = s;
        while !rest.is_empty() {
            let Some(lt) = rest.find('<') else {
                if !rest.trim().is_empty() && stack.is_empty() {
                    return Err("text outside root".into());
                }
                check_entities(rest)?;
                break;
            };
            let text = &rest[..lt];
            if text.contains('>') {
                return Err(format!("raw > in text: {text}"));
            }
            check_entities(text)?;
            if !text.trim().is_empty() && stack.is_empty() {
                return Err("text outside root".into());
            }
            rest = &rest[lt..];
            if let Some(r) = rest.strip_prefix("<!--") {
                let end = r.find("-->").ok_or("unterminated comment")?;
                rest = &r[end + 3..];
                continue;
            }
            if let Some(r) = rest.strip_prefix("</") {
                let end = r.find('>').ok_or("unterminated end tag")?;
                let name = r[..end].trim();
                if stack.pop() != Some(name) {
                    return Err(format!("mismatched </{name}>"));
                }
                rest = &r[end + 1..];
                continue;
            }
            // Start tag.
            let r = &rest[1..];
            let name_end = r
                .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .ok_or("unterminated tag")?;
            let name = &r[..name_end];
            if name.is_empty()
                || !name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ':')
            {
                return Err(format!("bad tag name {name:?}"));
            }
            let mut a = &r[name_end..];
            let mut seen = Vec::new();
            loop {
                a = a.trim_start();
                if let Some(after) = a.strip_prefix("/>") {
                    if stack.is_empty() {
                        roots += 1;
                    }
                    rest = after;
                    break;
                }
                if let Some(after) = a.strip_prefix('>') {
                    if stack.is_empty() {
                        roots += 1;
                    }
                    stack.push(name);
                    rest = after;
                    break;
                }
                let eq = a
                    .find('=')
                    .ok_or(format!("attribute without value in <{name}>"))?;
                let attr = a[..eq].trim();
                if attr.is_empty() || attr.contains(char::is_whitespace) {
                    return Err(format!("bad attribute {attr:?}"));
                }
                if seen.contains(&attr) {
                    return Err(format!("duplicate attribute {attr}"));
                }
                seen.push(attr);
                let v = a[eq + 1..].trim_start();
                let q = v
                    .chars()
                    .next()
                    .filter(|c| *c == '"' || *c == '\'')
                    .ok_or("unquoted")?;
                let close = v[1..].find(q).ok_or("unterminated attribute")?;
                let value = &v[1..=close];
                if value.contains('<') {
                    return Err("< in attribute".into());
                }
                check_entities(value)?;
                a = &v[close + 2..];
            }
        }
        if !stack.is_empty() {
            return Err(format!("unclosed {stack:?}"));
        }
        if roots != 1 {
            return Err(format!("{roots} root elements"));
        }
        Ok(())
    }

    fn labels(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_owned()).collect()
    }

    fn months() -> Vec<String> {
        labels(&[
            "R8.4", "R8.5", "R8.6", "R8.7", "R8.8", "R8.9", "R8.10", "R8.11", "R8.12", "R9.1",
            "R9.2", "R9.3",
        ])
    }

    fn sample_series() -> Vec<Series> {
        let v = |xs: &[f64]| xs.iter().map(|x| Some(*x)).collect::<Vec<_>>();
        let mut referrals = v(&[
            52.0, 61.0, 58.0, 70.0, 66.0, 74.0, 81.0, 77.0, 69.0, 72.0, 85.0, 87.0,
        ]);
        referrals[5] = None;
        vec![
            Series {
                name: "紹介件数".into(),
                values: referrals,
            },
            Series {
                name: "就職件数".into(),
                values: v(&[
                    20.0, 24.0, 22.0, 30.0, 28.0, 31.0, 35.0, 33.0, 29.0, 30.0, 38.0, 41.0,
                ]),
            },
            Series {
                name: "新規求職者".into(),
                values: v(&[
                    40.0, 45.0, 39.0, 44.0, 41.0, 50.0, 47.0, 43.0, 38.0, 55.0, 60.0, 58.0,
                ]),
            },
        ]
    }

    fn sample_blocks() -> Vec<TimelineBlock> {
        let b = |row, day, start, end, label: &str, style| TimelineBlock {
            row,
            day,
            start,
            end,
            label: label.into(),
            style,
        };
        vec![
            b(0, 0, 540, 720, "職業相談（一般）", 1),
            b(1, 0, 600, 660, "求人開拓 & 訪問 <A社>", 2),
            b(2, 0, 780, 1020, "セミナー「面接対策」", 3),
            b(0, 1, 540, 1020, "窓口", 0),
            b(1, 2, 810, 840, "短い", 4),
            b(2, 3, 540, 600, "WWWWWWWWWWWWWWWWWWWW", 5),
            b(1, 4, 900, 1080, "企業説明会（株式会社つなぐ商事）", 6),
            b(0, 5, 600, 720, "土曜相談", 1),
            b(2, 6, 500, 560, "早朝（表示範囲外から）", 2),
        ]
    }

    #[test]
    fn nice_ticks_examples() {
        assert_eq!(
            nice_ticks(3.0, 87.0, true),
            vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
        );
        assert_eq!(
            nice_ticks(0.0, 100.0, true),
            vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
        );
        assert_eq!(nice_ticks(1.0, 3.0, true), vec![0.0, 1.0, 2.0, 3.0]);
        assert_eq!(nice_ticks(0.0, 0.0, true), vec![0.0, 1.0]);
        assert_eq!(
            nice_ticks(5.0, 5.0, true),
            vec![0.0, 1.0, 2.0, 3.0, 4.0, 5.0]
        );
        assert_eq!(nice_ticks(0.0, 2.0, false), vec![0.0, 0.5, 1.0, 1.5, 2.0]);
        assert_eq!(
            nice_ticks(-30.0, 45.0, true),
            vec![-40.0, -20.0, 0.0, 20.0, 40.0, 60.0]
        );
        let t = nice_ticks(0.0, 12_345.0, true);
        assert_eq!(t, vec![0.0, 5000.0, 10000.0, 15000.0]);
        let t = nice_ticks(0.0, 0.3, false);
        assert_eq!(t.len(), 4);
        assert_eq!(fmt_number(t[3], tick_decimals(&t)), "0.3");
        for (lo, hi) in [(0.0, 1e15), (-1e15, 1e15), (1e-300, 2e-300)] {
            let t = nice_ticks(lo, hi, false);
            assert!(t.len() >= 2 && t.len() <= 12, "{lo} {hi} {t:?}");
            assert!(t.iter().all(|v| v.is_finite()));
        }
        for step in [
            nice_step(17.4),
            nice_step(0.03),
            nice_step(4.0),
            nice_step(700.0),
        ] {
            let m = step / 10f64.powf(step.log10().floor());
            assert!(
                [1.0, 2.0, 5.0].iter().any(|x| (m - x).abs() < 1e-9),
                "{step}"
            );
        }
    }

    #[test]
    fn number_formatting() {
        assert_eq!(fmt_number(1234567.0, 0), "1,234,567");
        assert_eq!(fmt_number(-1234.5, 1), "-1,234.5");
        assert_eq!(fmt_number(-0.0001, 1), "0.0");
        assert_eq!(fmt_number(100.0, 0), "100");
        assert_eq!(num(12.345), "12.3");
        assert_eq!(num(-0.01), "0");
        assert_eq!(num(f64::NAN), "0");
    }

    #[test]
    fn escaping() {
        assert_eq!(
            esc(r#"A&B <c> "d" 'e'"#),
            "A&amp;B &lt;c&gt; &quot;d&quot; &#39;e&#39;"
        );
        assert_eq!(esc("a\u{0}b\u{8}c\nd"), "a\u{FFFD}b\u{FFFD}c d");
        let nasty = "<script>alert('x&y')</script>\"";
        let series = vec![Series {
            name: nasty.into(),
            values: vec![Some(1.0)],
        }];
        let l = labels(&[nasty]);
        let svg = line_chart(&LineChart {
            title: nasty,
            labels: &l,
            series: &series,
            y_label: nasty,
            width: 600,
            height: 300,
        });
        check_xml(&svg).unwrap();
        assert!(!svg.contains("<script"));
        assert!(svg.contains("&lt;script&gt;alert(&#39;x&amp;y&#39;)&lt;/script&gt;&quot;"));
        let blocks = vec![TimelineBlock {
            row: 0,
            day: 0,
            start: 540,
            end: 600,
            label: nasty.into(),
            style: 0,
        }];
        let rows = labels(&[nasty]);
        let svg = timeline(&Timeline {
            title: nasty,
            rows: &rows,
            blocks: &blocks,
            day_start: 540,
            day_end: 1080,
            width: 800,
        });
        check_xml(&svg).unwrap();
        assert!(!svg.contains("<script"));
    }

    #[test]
    fn well_formed_with_accessibility() {
        let m = months();
        let s = sample_series();
        let rows = labels(&["窓口A", "相談員 佐藤", "セミナー室"]);
        let blocks = sample_blocks();
        let charts = [
            line_chart(&LineChart {
                title: "月別推移",
                labels: &m,
                series: &s,
                y_label: "件",
                width: 800,
                height: 450,
            }),
            bar_chart(&BarChart {
                title: "月別推移",
                labels: &m,
                series: &s,
                y_label: "件",
                width: 800,
                height: 450,
            }),
            timeline(&Timeline {
                title: "週間予定",
                rows: &rows,
                blocks: &blocks,
                day_start: 540,
                day_end: 1080,
                width: 900,
            }),
            line_chart(&LineChart {
                title: "空",
                labels: &[],
                series: &[],
                y_label: "",
                width: 0,
                height: 0,
            }),
        ];
        for svg in &charts {
            check_xml(svg).unwrap_or_else(|e| panic!("{e}\n{svg}"));
            assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "));
            assert!(svg.contains("role=\"img\""));
            assert!(svg.contains("<title>"));
            assert!(svg.contains("font-family=\"BIZ UDGothic, sans-serif\""));
            assert!(!svg.contains("NaN") && !svg.contains("inf"));
            assert!(!svg.contains("<script"));
        }
    }

    #[test]
    fn checker_rejects_malformed() {
        assert!(check_xml("<svg><g></svg>").is_err());
        assert!(check_xml("<svg><text>a & b</text></svg>").is_err());
        assert!(check_xml("<svg a=\"1\" a=\"2\"/>").is_err());
        assert!(check_xml("<svg/><svg/>").is_err());
        assert!(check_xml("<svg><t x=\"<\"/></svg>").is_err());
        assert!(check_xml("<svg><t x=\"&lt;\">&#39;</t></svg>").is_ok());
    }

    #[test]
    fn none_values_make_gaps() {
        let l = labels(&["1", "2", "3", "4", "5"]);
        let series = vec![Series {
            name: "系列".into(),
            values: vec![Some(1.0), Some(2.0), None, Some(f64::NAN), Some(5.0)],
        }];
        let svg = line_chart(&LineChart {
            title: "t",
            labels: &l,
            series: &series,
            y_label: "",
            width: 500,
            height: 300,
        });
        check_xml(&svg).unwrap();
        let path = svg
            .split("<path d=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        // Two segments: points 1–2, then a new move-to for point 5.
        assert_eq!(path.matches('M').count(), 2, "{path}");
        assert_eq!(path.matches('L').count(), 1, "{path}");
        // Three markers (circles) for the three plottable values.
        assert_eq!(svg.matches("<circle").count(), 3 + 1 /* legend */);
    }

    #[test]
    fn odd_values_are_skipped() {
        let l = labels(&["a", "b", "c"]);
        let series = vec![
            Series {
                name: "x".into(),
                values: vec![Some(f64::INFINITY), Some(f64::NEG_INFINITY), Some(f64::NAN)],
            },
            Series {
                name: "y".into(),
                values: vec![Some(1e300), None, Some(-2.5)],
            },
        ];
        for svg in [
            line_chart(&LineChart {
                title: "t",
                labels: &l,
                series: &series,
                y_label: "",
                width: 400,
                height: 300,
            }),
            bar_chart(&BarChart {
                title: "t",
                labels: &l,
                series: &series,
                y_label: "",
                width: 400,
                height: 300,
            }),
        ] {
            check_xml(&svg).unwrap();
            assert!(!svg.contains("NaN") && !svg.contains("inf"));
            assert!(
                svg.contains(">-3<") || svg.contains(">-2.5<") || svg.contains(">-5<"),
                "{svg}"
            );
        }
        // Only non-finite values: nothing to draw.
        let only_bad = vec![Series {
            name: "x".into(),
            values: vec![Some(f64::NAN), None],
        }];
        let svg = bar_chart(&BarChart {
            title: "t",
            labels: &l,
            series: &only_bad,
            y_label: "",
            width: 400,
            height: 300,
        });
        assert!(svg.contains(NO_DATA));
    }

    #[test]
    fn empty_series_renders_no_data() {
        let m = months();
        for svg in [
            line_chart(&LineChart {
                title: "求人数",
                labels: &m,
                series: &[],
                y_label: "件",
                width: 600,
                height: 300,
            }),
            bar_chart(&BarChart {
                title: "求人数",
                labels: &[],
                series: &[],
                y_label: "件",
                width: 600,
                height: 300,
            }),
            timeline(&Timeline {
                title: "予定",
                rows: &[],
                blocks: &[],
                day_start: 540,
                day_end: 1080,
                width: 600,
            }),
        ] {
            check_xml(&svg).unwrap();
            assert!(svg.contains("データがありません"));
            assert!(svg.contains("<title>"));
        }
    }

    #[test]
    fn bars_use_patterns_and_value_labels() {
        let l = labels(&["A", "B"]);
        let series = vec![
            Series {
                name: "男性".into(),
                values: vec![Some(12.0), Some(30.0)],
            },
            Series {
                name: "女性".into(),
                values: vec![Some(18.0), None],
            },
        ];
        let svg = bar_chart(&BarChart {
            title: "t",
            labels: &l,
            series: &series,
            y_label: "人",
            width: 600,
            height: 300,
        });
        check_xml(&svg).unwrap();
        assert!(svg.contains("<pattern id=\"tsunagu-p-0-0\""));
        assert!(svg.contains("<pattern id=\"tsunagu-p-1-1\""));
        assert_eq!(svg.matches("fill=\"url(#tsunagu-p-0-0)\"").count(), 2 + 1);
        assert_eq!(svg.matches("fill=\"url(#tsunagu-p-1-1)\"").count(), 1 + 1);
        assert!(svg.contains(">30</text>") && svg.contains(">18</text>"));
        // Many narrow bars: value labels are left out rather than overlapping.
        let many: Vec<String> = (0..60).map(|i| i.to_string()).collect();
        let s = vec![Series {
            name: "x".into(),
            values: (0..60).map(|i| Some(f64::from(i) * 1000.0)).collect(),
        }];
        let svg = bar_chart(&BarChart {
            title: "t",
            labels: &many,
            series: &s,
            y_label: "",
            width: 400,
            height: 300,
        });
        assert!(!svg.contains(">59,000</text>"));
    }

    #[test]
    fn timeline_blocks_land_in_their_day_band() {
        let rows = labels(&["窓口A", "相談員 佐藤", "セミナー室"]);
        let blocks = sample_blocks();
        let t = Timeline {
            title: "週間予定",
            rows: &rows,
            blocks: &blocks,
            day_start: 540,
            day_end: 1080,
            width: 900,
        };
        let layout = TimelineLayout::new(&t);
        assert_eq!(layout.left, 48.0);
        let day_w = (900.0 - 48.0 - PAD) / 7.0;
        assert_eq!(layout.day_w, day_w);
        for b in &blocks {
            let Some(r) = layout.block_rect(b, rows.len()) else {
                continue;
            };
            let band = 48.0 + f64::from(b.day) * day_w;
            assert!(r.x >= band && r.x + r.w <= band + day_w, "{b:?} {r:?}");
            let lane = band + b.row as f64 * day_w / 3.0;
            assert!((r.x - (lane + 1.0)).abs() < 1e-9);
            let rect = format!("<rect x=\"{}\" y=\"{}\"", num(r.x), num(r.y));
            let svg = timeline(&t);
            assert!(svg.contains(&rect), "{rect}");
        }
        // Monday 9:00–12:00 in row 0: first lane of the first band, top of the grid.
        let r = layout.block_rect(&blocks[0], 3).unwrap();
        assert_eq!((r.x, r.y), (49.0, layout.grid_top));
        assert_eq!(r.h, 3.0 * 40.0);
        // Friday (day 4), row 1.
        let r = layout.block_rect(&blocks[6], 3).unwrap();
        assert!((r.x - (48.0 + 4.0 * day_w + day_w / 3.0 + 1.0)).abs() < 1e-9);
        // Sunday block starting before the visible range is clipped to 9:00.
        let r = layout.block_rect(&blocks[8], 3).unwrap();
        assert_eq!(r.y, layout.grid_top);
        assert!((r.h - 20.0 / 60.0 * 40.0).abs() < 1e-9);
    }

    #[test]
    fn timeline_skips_invalid_blocks() {
        let rows = labels(&["A"]);
        let bad = |row, day, start, end| TimelineBlock {
            row,
            day,
            start,
            end,
            label: "x".into(),
            style: 200,
        };
        let blocks = vec![
            bad(5, 0, 540, 600),
            bad(0, 7, 540, 600),
            bad(0, 0, 600, 540),
            bad(0, 0, 0, 60),
            bad(0, 0, 540, 600),
        ];
        let t = Timeline {
            title: "",
            rows: &rows,
            blocks: &blocks,
            day_start: 540,
            day_end: 1080,
            width: 10,
        };
        let layout = TimelineLayout::new(&t);
        let drawn: Vec<_> = blocks
            .iter()
            .filter_map(|b| layout.block_rect(b, 1))
            .collect();
        assert_eq!(drawn.len(), 1);
        let svg = timeline(&t);
        check_xml(&svg).unwrap();
        assert_eq!(svg.matches("<g><title>").count(), 1);
        // day_end before day_start shows the whole day.
        let t = Timeline {
            day_start: 600,
            day_end: 0,
            ..t
        };
        let layout = TimelineLayout::new(&t);
        assert_eq!((layout.start, layout.end), (0, 1440));
        check_xml(&timeline(&t)).unwrap();
    }

    #[test]
    fn labels_are_wrapped_and_ellipsized() {
        assert_eq!(ellipsize("あいうえお", 50.0, 10.0), "あいうえお");
        assert_eq!(ellipsize("あいうえおか", 50.0, 10.0), "あいうえ…");
        let lines = wrap("企業説明会（株式会社つなぐ商事）", 40.0, 10.0, 3);
        assert_eq!(lines, vec!["企業説明", "会（株式", "会社つ…"]);
        assert_eq!(wrap("長い", 5.0, 10.0, 2), vec!["長", "…"]);
        assert!(wrap("", 40.0, 10.0, 3).is_empty());
    }

    #[test]
    fn dense_x_labels_are_thinned() {
        let l: Vec<String> = (0..100).map(|i| format!("R8.{i}")).collect();
        let s = vec![Series {
            name: "x".into(),
            values: (0..100).map(|i| Some(f64::from(i))).collect(),
        }];
        let svg = line_chart(&LineChart {
            title: "t",
            labels: &l,
            series: &s,
            y_label: "",
            width: 500,
            height: 300,
        });
        let shown = l
            .iter()
            .filter(|x| svg.contains(&format!(">{x}</text>")))
            .count();
        assert!(shown > 5 && shown < 30, "{shown}");
    }

    /// Writes example charts to /tmp for visual inspection:
    /// `cargo test -- --ignored render_examples`.
    #[test]
    #[ignore]
    fn render_examples() {
        let m = months();
        let s = sample_series();
        let line = line_chart(&LineChart {
            title: "令和8年度 月別 紹介・就職件数",
            labels: &m,
            series: &s,
            y_label: "件",
            width: 800,
            height: 450,
        });
        let bar = bar_chart(&BarChart {
            title: "令和8年度 四半期別 実績",
            labels: &labels(&["第1四半期", "第2四半期", "第3四半期", "第4四半期"]),
            series: &[
                Series {
                    name: "紹介件数".into(),
                    values: vec![Some(171.0), Some(210.0), Some(227.0), Some(244.0)],
                },
                Series {
                    name: "就職件数".into(),
                    values: vec![Some(66.0), Some(89.0), Some(97.0), None],
                },
                Series {
                    name: "定着（6か月）".into(),
                    values: vec![Some(51.0), Some(70.0), Some(80.0), Some(95.5)],
                },
            ],
            y_label: "件",
            width: 800,
            height: 450,
        });
        let rows = labels(&["窓口A", "相談員 佐藤", "セミナー室"]);
        let tl = timeline(&Timeline {
            title: "週間予定（R8.4.6〜4.12）",
            rows: &rows,
            blocks: &sample_blocks(),
            day_start: 540,
            day_end: 1080,
            width: 900,
        });
        // Stress cases: many series with long names, negative values,
        // many narrow lanes.
        let many: Vec<Series> = (0..9)
            .map(|i| Series {
                name: format!("系列{i} とても長い名前の系列（ハローワーク連携）"),
                values: (0..24)
                    .map(|j| Some(f64::from((i * 7 + j * 13) % 50) - 10.0))
                    .collect(),
            })
            .collect();
        let wide: Vec<String> = (0..24)
            .map(|i| format!("令和8年{}月", i % 12 + 1))
            .collect();
        let stress_line = line_chart(&LineChart {
            title: "非常に長いタイトルの折れ線グラフ：令和8年度 ハローワーク連携 月別 紹介・就職・定着件数の推移（全窓口合計）",
            labels: &wide,
            series: &many,
            y_label: "前年差（件）",
            width: 640,
            height: 400,
        });
        let stress_bar = bar_chart(&BarChart {
            title: "負の値を含む棒グラフ",
            labels: &wide[..6],
            series: &many[..4]
                .iter()
                .map(|s| Series {
                    name: s.name.clone(),
                    values: s.values[..6].to_vec(),
                })
                .collect::<Vec<_>>(),
            y_label: "件",
            width: 640,
            height: 400,
        });
        let rows5 = labels(&["窓口A", "窓口B", "相談員 佐藤", "相談員 鈴木", "セミナー室"]);
        let blocks5: Vec<TimelineBlock> = (0..35u16)
            .map(|i| TimelineBlock {
                row: usize::from(i % 5),
                day: (i % 7) as u8,
                start: 480 + (i % 9) * 60,
                end: 480 + (i % 9) * 60 + 90 + (i % 3) * 60,
                label: format!("予定{i} 職業相談"),
                style: (i % 7) as u8,
            })
            .collect();
        let stress_tl = timeline(&Timeline {
            title: "5行・狭い幅",
            rows: &rows5,
            blocks: &blocks5,
            day_start: 480,
            day_end: 1260,
            width: 640,
        });
        for (name, svg) in [
            ("line", line),
            ("bar", bar),
            ("timeline", tl),
            ("stress-line", stress_line),
            ("stress-bar", stress_bar),
            ("stress-timeline", stress_tl),
        ] {
            check_xml(&svg).unwrap();
            std::fs::write(format!("/tmp/chart-{name}.svg"), svg).unwrap();
        }
    }
}
