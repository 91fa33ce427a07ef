//! SVG building blocks: the document writer, escaping, numbers, text widths and nice ticks.
use super::*;

pub(super) struct Svg {
    pub(super) out: String,
}

impl Svg {
    pub(super) fn new(width: f64, height: f64, title: &str, desc: &str) -> Self {
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

    pub(super) fn title(&mut self, title: &str, width: f64) {
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
    pub(super) fn defs(&mut self, used: &[(usize, usize)]) {
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

    pub(super) fn text(
        &mut self,
        x: f64,
        y: f64,
        text: &str,
        size: f64,
        anchor: &str,
        extra: &str,
    ) {
        put!(
            self.out,
            r#"<text x="{}" y="{}" font-size="{}" text-anchor="{anchor}" {extra}>{}</text>"#,
            num(x),
            num(y),
            num(size),
            esc(text)
        );
    }

    pub(super) fn line(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, attrs: &str) {
        put!(
            self.out,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" {attrs}/>"#,
            num(x1),
            num(y1),
            num(x2),
            num(y2)
        );
    }

    pub(super) fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, attrs: &str) {
        put!(
            self.out,
            r#"<rect x="{}" y="{}" width="{}" height="{}" {attrs}/>"#,
            num(x),
            num(y),
            num(w.max(0.0)),
            num(h.max(0.0))
        );
    }

    pub(super) fn finish(mut self) -> String {
        self.out.push_str("</svg>");
        self.out
    }
}

pub(super) fn pattern_id(color: usize, hatch: usize) -> String {
    format!("tsunagu-p-{}-{}", color % 7, hatch % 7)
}

/// The placeholder chart for when there is nothing to draw.
pub(super) fn no_data(title: &str, width: f64, height: f64) -> String {
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
pub(super) fn esc(s: &str) -> String {
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
pub(super) fn num(v: f64) -> String {
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

pub(super) fn hhmm(minutes: u16) -> String {
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

/// Approximate advance width of a character in ems: full width for CJK,
/// about 0.6 for Latin, digits and half-width kana.
pub(super) fn char_width(c: char) -> f64 {
    match c {
        '\u{FF61}'..='\u{FF9F}' => 0.55,
        'W' | 'M' | 'm' | 'w' | '@' | '%' => 0.9,
        c if (c as u32) < 0x2000 => 0.62,
        _ => 1.0,
    }
}

pub(super) fn text_width(s: &str, size: f64) -> f64 {
    s.chars().map(char_width).sum::<f64>() * size
}

/// Shortens `s` with "…" so that it fits `max_w`.
pub(super) fn ellipsize(s: &str, max_w: f64, size: f64) -> String {
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
pub(super) fn nice_ticks(min: f64, max: f64, integers: bool) -> Vec<f64> {
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

pub(super) fn nice_step(raw: f64) -> f64 {
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

pub(super) fn tick_decimals(ticks: &[f64]) -> usize {
    match ticks {
        [a, b, ..] if (b - a) < 1.0 => (-(b - a).log10().floor()).clamp(0.0, 10.0) as usize,
        _ => 0,
    }
}

/// Formats a number with `decimals` places and thousands separators.
pub(super) fn fmt_number(v: f64, decimals: usize) -> String {
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
