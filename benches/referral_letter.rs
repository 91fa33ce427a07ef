//! 紹介状 benchmark: `cargo bench --bench referral_letter [-- LETTERS]`.
//!
//! Renders letters (the letter and the 選考結果通知: two sheets, with data like
//! `../shared/bench/reportlab_letter.py`'s) on one thread, after parsing the fonts once, and
//! prints letters/s, the CPU time per letter (median of the runs) and the bytes per letter;
//! then the same with the third sheet (労働条件明示書), as the HTTP route renders it.
//! With `REPORTLAB_BENCH=path/to/reportlab_letter.py` it then runs that script with the same
//! count, so both are measured side by side in one run. It also prints the bytes of each part
//! of the two-sheet file (font program, `ToUnicode`, content streams, dictionaries, …).
//!
//! Requirement (issue 11): well under 5 ms of CPU a letter, at least 3× reportlab's letters/s,
//! at most half its bytes (≤ 20 KB for the two sheets).

use std::hint::black_box;
use std::io::Read as _;
use std::time::Instant;

use tsunagu::pdf::Fonts;
use tsunagu::pdf::referral_letter::{LetterData, render};
use tsunagu::pdf::testing::bench_letter as letter;

const RUNS: usize = 7;

/// CPU time of this thread in nanoseconds (Linux `schedstat`), if available.
fn thread_cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn find(data: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    data.get(from..)?
        .windows(pat.len())
        .position(|w| w == pat)
        .map(|p| p + from)
}

/// Bytes of a PDF by part: each `N 0 obj … endobj` by what it holds; the rest is the header
/// and the end of file.
fn parts(pdf: &[u8]) -> Vec<(&'static str, usize)> {
    let names = [
        "font program",
        "ToUnicode",
        "content streams",
        "dictionaries (object stream)",
        "cross-reference stream",
        "other objects",
    ];
    let mut sizes = [0usize; 6];
    let mut at = 0;
    while let Some(start) = find(pdf, at, b" 0 obj\n") {
        let Some(end) = find(pdf, start, b"endobj\n").map(|e| e + 7) else {
            break;
        };
        let obj = &pdf[start..end];
        let head = &obj[..obj.len().min(160)];
        let has = |p: &[u8]| find(head, 0, p).is_some();
        let kind = if has(b"/Length1") || has(b"/FontFile") {
            0
        } else if has(b"/Type/ObjStm") {
            3
        } else if has(b"/Type/XRef") {
            4
        } else if let Some(data) = find(obj, 0, b"stream\n").map(|s| &obj[s + 7..]) {
            let mut text = Vec::new();
            let _ = flate2::read::ZlibDecoder::new(data).read_to_end(&mut text);
            if find(&text, 0, b"begincmap").is_some() {
                1
            } else {
                2
            }
        } else {
            5
        };
        sizes[kind] += obj.len();
        at = end;
    }
    let mut out: Vec<(&'static str, usize)> = names.into_iter().zip(sizes).collect();
    out.push((
        "header, object numbers, end",
        pdf.len() - sizes.iter().sum::<usize>(),
    ));
    out
}

fn measure(fonts: &Fonts, n: usize, conditions: bool, label: &str) {
    let data: Vec<LetterData> = (0..n).map(|i| letter(i, conditions)).collect();
    // Warm-up (caches, allocator).
    for d in data.iter().take(20) {
        black_box(render(d, fonts).expect("render"));
    }
    let per_run = n.div_ceil(RUNS);
    let mut cpu_ms = Vec::with_capacity(RUNS);
    let mut bytes = 0usize;
    let mut letters = 0usize;
    let wall = Instant::now();
    for chunk in data.chunks(per_run) {
        let (cpu0, t0) = (thread_cpu_ns(), Instant::now());
        for d in chunk {
            let pdf = render(d, fonts).expect("render");
            bytes += pdf.len();
            black_box(pdf);
        }
        let ns = match (cpu0, thread_cpu_ns()) {
            (Some(a), Some(b)) => b.saturating_sub(a) as f64,
            _ => t0.elapsed().as_nanos() as f64,
        };
        cpu_ms.push(ns / 1e6 / chunk.len() as f64);
        letters += chunk.len();
    }
    let secs = wall.elapsed().as_secs_f64();
    println!(
        "tsunagu {label} {letters} letters: {:.1}/s, {:.2} ms CPU each (median of {} runs), {:.1} KB each",
        letters as f64 / secs,
        median(&mut cpu_ms),
        cpu_ms.len(),
        bytes as f64 / letters as f64 / 1024.0
    );
}

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(300);
    let t = Instant::now();
    let fonts = Fonts::load().expect("fonts");
    println!(
        "fonts parsed once in {:.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    if let Some(dir) = std::env::var_os("TSUNAGU_PDF_SAMPLE_DIR") {
        let dir = std::path::Path::new(&dir);
        std::fs::write(
            dir.join("bench_letter.pdf"),
            render(&letter(1, false), &fonts).expect("render"),
        )
        .expect("write sample");
        std::fs::write(
            dir.join("bench_letter_conditions.pdf"),
            render(&letter(1, true), &fonts).expect("render"),
        )
        .expect("write sample");
    }
    let sample = render(&letter(1, false), &fonts).expect("render");
    let parts: Vec<String> = parts(&sample)
        .into_iter()
        .filter(|(_, bytes)| *bytes > 0)
        .map(|(name, bytes)| format!("{name} {bytes}"))
        .collect();
    println!(
        "tsunagu 2 sheets, {} bytes: {}",
        sample.len(),
        parts.join(", ")
    );
    measure(&fonts, n, false, "2 sheets");
    measure(&fonts, n, true, "3 sheets");
    if let Some(script) = std::env::var_os("REPORTLAB_BENCH") {
        let out = std::process::Command::new("python3")
            .arg(&script)
            .arg(n.to_string())
            .output()
            .expect("run python3");
        print!("{}", String::from_utf8_lossy(&out.stdout));
        eprint!("{}", String::from_utf8_lossy(&out.stderr));
    }
}
