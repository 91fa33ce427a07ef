//! Line and bar charts: axes, ticks, series, markers, hatches and the legend.
use super::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Line,
    Bar,
}

pub(super) struct XyInput<'a> {
    pub(super) title: &'a str,
    pub(super) labels: &'a [String],
    pub(super) series: &'a [Series],
    pub(super) y_label: &'a str,
    pub(super) width: u32,
    pub(super) height: u32,
}

pub(super) fn plottable(v: Option<f64>) -> Option<f64> {
    v.filter(|v| v.is_finite() && v.abs() <= MAX_ABS_VALUE)
}

pub(super) fn xy_chart(kind: Kind, c: &XyInput) -> String {
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
pub(super) fn series_marker(i: usize) -> Marker {
    MARKERS[(i + i / 7) % 7]
}

pub(super) fn line_style(i: usize) -> String {
    let dash = DASHES[i % 7];
    let dash = if dash.is_empty() {
        String::new()
    } else {
        format!(" stroke-dasharray=\"{dash}\"")
    };
    format!("stroke=\"{}\" stroke-width=\"2\"{dash}", COLORS[i % 7])
}

pub(super) fn draw_lines(
    svg: &mut Svg,
    series: &[Series],
    left: f64,
    slot: f64,
    y_of: &dyn Fn(f64) -> f64,
) {
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

pub(super) fn draw_bars(
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

pub(super) fn marker(svg: &mut Svg, m: Marker, x: f64, y: f64, r: f64, color: &str) {
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
pub(super) fn legend_layout(names: &[&str], swatch: f64, width: f64) -> Vec<(f64, f64)> {
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
