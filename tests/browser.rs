//! The day's flow in headless Chromium: `tests/browser/day.mjs` (playwright-core and axe-core from
//! `tests/browser/node_modules`) starts the app binary on a free port with a fresh SQLite database
//! and goes through setup, an employer registering and posting an order on a phone, staff
//! accepting it, a job seeker, matching, a referral with its 紹介状, and the employer's result in
//! the portal; axe-core checks the main pages. Screenshots go to `$TSUNAGU_SCREENSHOTS`
//! (default `target/screenshots`).
//!
//! Nothing is built here: cargo builds the binary for integration tests anyway. Without `node`,
//! Chromium or the npm packages (`npm ci --prefix tests/browser`) the test says "skipped" and
//! passes — except under CI (`CI` set), where it fails: CI must run the browser.

use std::path::{Path, PathBuf};
use std::process::Command;

const CHROMIUM: &str = "/usr/bin/chromium";

fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty())
}

/// What the browser test needs and this machine lacks.
fn missing(root: &Path, chromium: &Path) -> Vec<String> {
    let mut missing = Vec::new();
    let node = Command::new("node").arg("--version").output();
    if !node.is_ok_and(|o| o.status.success()) {
        missing.push("node (apt-get install nodejs npm)".to_owned());
    }
    if !chromium.is_file() {
        missing.push(format!(
            "{} (apt-get install chromium chromium-driver)",
            chromium.display()
        ));
    }
    let modules = root.join("tests/browser/node_modules");
    for package in ["playwright-core", "axe-core"] {
        if !modules.join(package).join("package.json").is_file() {
            missing.push(format!(
                "{} (npm ci --prefix tests/browser)",
                modules.join(package).display()
            ));
        }
    }
    missing
}

#[test]
fn the_days_flow_in_headless_chromium() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let app = PathBuf::from(env!("CARGO_BIN_EXE_tsunagu"));
    let chromium = PathBuf::from(std::env::var("CHROMIUM").unwrap_or_else(|_| CHROMIUM.into()));

    let missing = missing(root, &chromium);
    if !missing.is_empty() {
        let why = format!("skipped: missing {}", missing.join(", "));
        assert!(!ci(), "CI is set but the browser test cannot run — {why}");
        eprintln!("the_days_flow_in_headless_chromium {why}");
        return;
    }

    let out = Command::new("node")
        .arg(root.join("tests/browser/day.mjs"))
        .arg(&app)
        .current_dir(root)
        .env("CHROMIUM", &chromium)
        .output()
        .expect("run node tests/browser/day.mjs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    eprintln!("{stderr}");
    assert!(
        out.status.success(),
        "the day's flow in Chromium failed ({}); the steps, findings and screenshots are listed above",
        out.status
    );
}
