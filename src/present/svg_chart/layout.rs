//! The layout of a weekly timeline: lanes, blocks, badges and wrapped labels.
use super::*;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Rect {
    pub(super) x: f64,
    pub(super) y: f64,
    pub(super) w: f64,
    pub(super) h: f64,
}

#[derive(Debug)]
pub(super) struct TimelineLayout {
    pub(super) width: f64,
    pub(super) height: f64,
    pub(super) left: f64,
    pub(super) day_w: f64,
    pub(super) lane_w: f64,
    pub(super) header_y: f64,
    pub(super) grid_top: f64,
    pub(super) lane_header: bool,
    pub(super) hour_px: f64,
    /// Shown range in minutes, whole hours.
    pub(super) start: u16,
    pub(super) end: u16,
    pub(super) legend: Vec<(f64, f64)>,
}

impl TimelineLayout {
    pub(super) fn new(t: &Timeline) -> Self {
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

    pub(super) fn day_x(&self, day: usize) -> f64 {
        self.left + day as f64 * self.day_w
    }

    pub(super) fn y_of(&self, minute: u16) -> f64 {
        self.grid_top + f64::from(minute.saturating_sub(self.start)) / 60.0 * self.hour_px
    }

    pub(super) fn grid_bottom(&self) -> f64 {
        self.y_of(self.end)
    }

    /// Where a block is drawn; `None` if it is outside the chart.
    pub(super) fn block_rect(&self, b: &TimelineBlock, rows: usize) -> Option<Rect> {
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

pub(super) const HALO: &str =
    r##"stroke="#fff" stroke-width="3" stroke-linejoin="round" paint-order="stroke""##;

/// A numbered box identifying a timeline row.
pub(super) fn lane_badge(svg: &mut Svg, x: f64, y: f64, row: usize) {
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
pub(super) fn block_label(svg: &mut Svg, r: &Rect, label: &str) {
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
pub(super) fn wrap(text: &str, max_w: f64, size: f64, max_lines: usize) -> Vec<String> {
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
