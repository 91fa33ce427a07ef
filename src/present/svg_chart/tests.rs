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
        "R8.4", "R8.5", "R8.6", "R8.7", "R8.8", "R8.9", "R8.10", "R8.11", "R8.12", "R9.1", "R9.2",
        "R9.3",
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
