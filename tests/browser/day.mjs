// The day's flow of a new office in headless Chromium, as a newcomer would go through it:
// setup, an employer registering on a phone, a job order from the portal, staff accepting it,
// a job seeker, matching, a referral with its 紹介状, and the employer's result in the portal.
// axe-core runs on the main pages; any serious or critical violation fails the run.
//
//   node tests/browser/day.mjs [path/to/tsunagu]
//
// The app binary comes from the first argument, else $TSUNAGU_BIN, else target/debug/tsunagu.
// Screenshots go to $TSUNAGU_SCREENSHOTS (default target/screenshots), one PNG per step.
// Chromium is $CHROMIUM (default /usr/bin/chromium), each browser with a fresh --user-data-dir;
// the app runs on a free port with a fresh SQLite database and its mail written to a temporary
// outbox (.eml files), all removed afterwards ($TSUNAGU_KEEP_TMP=1 keeps them).
//
// Exit code 0 only when every step passed and nothing was found. Findings (they fail the run,
// but the flow goes on as far as it can): an answer of 500 or above, a failed sub-resource, a
// script error, an axe-core violation of impact serious or critical, a dead link or a dead end, an
// error line in the app's log. Notes (printed, not failures): smaller things a newcomer trips
// over, and axe-core's minor and moderate results.
//
// Only visible texts are used to find things (labels, button and link texts, headings), the
// way a person at the counter would, so the flow keeps working when markup changes; a direct
// address is used only where the app offers no link (and that is a finding).

import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');

const BIN = path.resolve(process.argv[2] || process.env.TSUNAGU_BIN || path.join(repo, 'target/debug/tsunagu'));
const SHOTS = path.resolve(process.env.TSUNAGU_SCREENSHOTS || path.join(repo, 'target/screenshots'));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const AXE = require.resolve('axe-core/axe.min.js');
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];
const STEP_TIMEOUT_MS = 15_000;
const TOTAL_TIMEOUT_MS = Number(process.env.TSUNAGU_BROWSER_TIMEOUT_MS || 300_000);

// ---------------------------------------------------------------------------------------------
// Bookkeeping: steps, findings, the app process.

const findings = []; // problems that do not stop the flow (reported at the end, fail the run)
const notes = []; // things worth knowing that are not failures
let stepNo = 0;
let app;
let tmp;
const contexts = [];

function log(...a) {
  console.log(...a);
}

function finding(msg) {
  findings.push(msg);
  console.log(`  ✗ ${msg}`);
}

function note(msg) {
  notes.push(msg);
  console.log(`  · ${msg}`);
}

function slug(s) {
  return s
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
}

async function shot(page, name) {
  const file = path.join(SHOTS, `${String(stepNo).padStart(2, '0')}-${slug(name)}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return path.relative(repo, file);
}

/// One step of the day: runs `fn`, then saves a screenshot of `page` (the page the step ends on).
/// A failing step saves a screenshot too, prints what the page shows, and stops the run.
async function step(name, page, fn) {
  stepNo += 1;
  log(`${String(stepNo).padStart(2, '0')} ${name}`);
  try {
    await fn();
    await checkOverflow(page, name);
    const file = await shot(page, name);
    log(`   → ${file}`);
  } catch (e) {
    let file = '';
    try {
      file = await shot(page, `${name}-FAILED`);
    } catch {}
    console.error(`\nstep ${stepNo} 「${name}」 failed: ${e.message.split('\n')[0]}`);
    if (file) console.error(`screenshot: ${file}`);
    try {
      console.error(await outline(page));
    } catch {}
    throw new StepFailed();
  }
}

class StepFailed extends Error {}

/// On a phone, a page that is wider than the screen makes the user scroll sideways.
async function checkOverflow(page, name) {
  const vp = page.viewportSize();
  if (!vp || vp.width > 600) return;
  const wide = await page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= w + 1) return null;
    const culprits = [...document.querySelectorAll('main *')]
      .filter((el) => el.getBoundingClientRect().right > w + 1)
      .map((el) => `${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).split(' ')[0] : ''}`);
    return { scroll: document.documentElement.scrollWidth, w, culprits: [...new Set(culprits)].slice(0, 5) };
  });
  if (wide) note(`${name}: the page is ${wide.scroll}px wide on a ${wide.w}px screen (${wide.culprits.join(', ')})`);
}

/// What a page shows, for a failed step: its address, headings, messages, fields and buttons.
async function outline(page) {
  return page.evaluate(() => {
    const t = (el) => (el.innerText || el.value || '').replace(/\s+/g, ' ').trim().slice(0, 120);
    const lines = [`page: ${location.pathname}${location.search}  「${document.title}」`];
    for (const el of document.querySelectorAll('h1, h2, .flash, .error-summary, .field-error, [role=alert]')) {
      lines.push(`  ${el.tagName.toLowerCase()}${el.className ? '.' + el.className : ''}: ${t(el)}`);
    }
    for (const el of document.querySelectorAll('label')) lines.push(`  label: ${t(el)}`);
    for (const el of document.querySelectorAll('button, input[type=submit]')) lines.push(`  button: ${t(el)}`);
    for (const el of document.querySelectorAll('main a')) lines.push(`  link: ${t(el)} → ${el.getAttribute('href')}`);
    return lines.slice(0, 150).join('\n');
  });
}

// ---------------------------------------------------------------------------------------------
// Finding things the way a person does.

function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/// The form control whose label reads exactly `label` (a trailing 必須 mark is allowed).
function field(scope, label) {
  return scope.getByLabel(new RegExp(`^\\s*${escapeRe(label)}\\s*(必須)?\\s*$`));
}

async function fill(scope, label, value) {
  await field(scope, label).fill(value);
}

/// Chooses the option whose visible text contains `text` in the select labelled `label`.
async function choose(scope, label, text) {
  const select = field(scope, label);
  const options = await select.locator('option').evaluateAll((os) => os.map((o) => [o.value, o.textContent.trim()]));
  const hit = options.find(([, l]) => (text instanceof RegExp ? text.test(l) : l.includes(text)));
  if (!hit) throw new Error(`「${label}」 has no option 「${text}」 (has: ${options.map(([, l]) => l).slice(0, 20).join(' / ')})`);
  await select.selectOption(hit[0]);
}

function button(scope, name) {
  return scope.getByRole('button', { name, exact: true });
}

function link(scope, name) {
  return scope.getByRole('link', { name, exact: true });
}

/// Clicks and waits for the page that the click leads to (a new document: the old one is
/// marked, so a form answered at the same address counts too).
async function go(page, locator) {
  await locator.waitFor();
  await page.evaluate(() => {
    window.__tsunaguLeft = true;
  });
  await locator.click();
  await page.waitForFunction(() => !window.__tsunaguLeft && document.readyState === 'complete', null, {
    timeout: STEP_TIMEOUT_MS,
    polling: 100,
  });
}

async function expectHeading(page, text) {
  const h1 = page.locator('h1').first();
  await h1.waitFor();
  const got = (await h1.innerText()).trim();
  const ok = text instanceof RegExp ? text.test(got) : got.includes(text);
  if (!ok) throw new Error(`expected the heading 「${text}」, the page says 「${got}」`);
}

async function expectText(page, text) {
  await page.getByText(text, { exact: false }).first().waitFor({ timeout: 5_000 }).catch(() => {
    throw new Error(`expected 「${text}」 on the page`);
  });
}

// ---------------------------------------------------------------------------------------------
// axe-core

const axeDone = [];

async function axe(page, name) {
  // The pointer rests where the last click left it; a hover style is not what the page looks like.
  const vp = page.viewportSize();
  if (vp) await page.mouse.move(vp.width - 1, vp.height - 1);
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary, html: n.html.slice(0, 160) })),
    }));
  });
  axeDone.push(name);
  for (const v of result) {
    const where = v.nodes
      .slice(0, 3)
      .map((n) => n.target)
      .join(', ');
    const msg = `axe ${v.impact} on ${name} (${new URL(page.url()).pathname}): ${v.id} — ${v.help} [${v.nodes.length}× e.g. ${where}]`;
    if (v.impact === 'serious' || v.impact === 'critical') finding(msg);
    else note(msg);
    for (const n of v.nodes.slice(0, 3)) console.log(`      ${n.html}`);
  }
}

// ---------------------------------------------------------------------------------------------
// The app and the browser.

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function startApp() {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const outbox = path.join(tmp, 'outbox');
  fs.mkdirSync(outbox);
  const env = {
    ...process.env,
    DATABASE_URL: `sqlite://${path.join(tmp, 'tsunagu.db')}?mode=rwc`,
    TSUNAGU_BIND: `127.0.0.1:${port}`,
    TSUNAGU_BASE_URL: base,
    TSUNAGU_OUTBOX: outbox,
    RUST_LOG: process.env.RUST_LOG || 'warn,tsunagu=info',
    NO_COLOR: '1',
  };
  delete env.SMTP_HOST;
  const child = spawn(BIN, [], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const collect = (d) => {
    out += d.toString();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  let setupLink;
  while (Date.now() < deadline) {
    const m = out.match(/https?:\/\/\S*\/setup\?token=[0-9A-Za-z_-]+/);
    if (m) setupLink = m[0];
    if (setupLink) {
      try {
        const r = await fetch(`${base}/healthz`);
        if (r.ok) break;
      } catch {}
    }
    const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r(undefined), 200))]);
    if (code !== undefined) throw new Error(`the app exited with ${code} before it was ready:\n${out}`);
  }
  if (!setupLink) throw new Error(`no /setup?token=… link on the console within 60 s:\n${out}`);
  return { child, base, port, outbox, setupLink, output: () => out, exited };
}

/// A fontconfig file that adds the app's bundled BIZ UDGothic (the stylesheet's first choice) to
/// the system fonts, so that screenshots show Japanese on a machine without CJK fonts.
function fontconfig() {
  const file = path.join(tmp, 'fonts.conf');
  if (!fs.existsSync(file)) {
    fs.writeFileSync(
      file,
      `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>${path.join(repo, 'assets/fonts')}</dir>
  <cachedir>${path.join(tmp, 'fontconfig-cache')}</cachedir>
</fontconfig>
`,
    );
  }
  return file;
}

/// A browser of its own (a fresh --user-data-dir) with the viewport of a desktop or a phone.
async function browser(name, viewport, extra = {}) {
  const dir = path.join(tmp, `profile-${name}`);
  const ctx = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    env: { ...process.env, FONTCONFIG_FILE: fontconfig() },
    viewport,
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    acceptDownloads: true,
    // The app's Content-Security-Policy (rightly) forbids inline scripts; axe-core is injected
    // as one, so only the test's browser ignores the policy.
    bypassCSP: true,
    ...extra,
  });
  ctx.setDefaultTimeout(STEP_TIMEOUT_MS);
  contexts.push(ctx);
  const page = ctx.pages()[0] || (await ctx.newPage());
  watch(page, name);
  return { ctx, page };
}

/// Every answer of 500 or above and every script error on a page is a finding.
function watch(page, who) {
  page.on('response', (r) => {
    if (r.status() >= 500) finding(`${who}: ${r.request().method()} ${new URL(r.url()).pathname} answered ${r.status()}`);
    else if (r.status() >= 400 && r.request().resourceType() !== 'document')
      finding(`${who}: ${r.request().resourceType()} ${new URL(r.url()).pathname} answered ${r.status()}`);
  });
  page.on('pageerror', (e) => finding(`${who}: script error on ${page.url()}: ${e.message}`));
}

/// The newest mail in the outbox to `to` whose text matches `re`; waits for it (mail may leave
/// through a queue and a background worker).
async function mail(outbox, to, re, waitMs = 30_000) {
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline) {
    const files = fs
      .readdirSync(outbox)
      .filter((f) => f.endsWith('.eml'))
      .map((f) => path.join(outbox, f))
      .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
    for (const f of files) {
      const text = decodeMail(fs.readFileSync(f, 'utf8'));
      if (text.includes(to) && re.test(text)) return { file: f, text };
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no mail to ${to} matching ${re} in ${outbox} (${fs.readdirSync(outbox).length} files)`);
}

/// A mail as text: its headers (unfolded, encoded words decoded) and its text parts (base64 or
/// quoted-printable, UTF-8), multipart or not.
function decodeMail(raw) {
  const split = (msg) => {
    const i = msg.search(/\r?\n\r?\n/);
    const head = (i < 0 ? msg : msg.slice(0, i)).replace(/\r?\n[ \t]+/g, ' ');
    const body = i < 0 ? '' : msg.slice(i).replace(/^\r?\n\r?\n/, '');
    const header = (name) => (head.match(new RegExp(`^${name}:\\s*(.*)$`, 'im')) || [])[1] || '';
    return { head, body, header };
  };
  const words = (h) =>
    h.replace(/\?=\s+=\?/g, '?==?').replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, enc, text) =>
      enc.toLowerCase() === 'b'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
    );
  const body = (part) => {
    const cte = part.header('Content-Transfer-Encoding').trim().toLowerCase();
    const type = part.header('Content-Type');
    const boundary = (type.match(/boundary="?([^";]+)"?/i) || [])[1];
    if (boundary)
      return part.body
        .split(`--${boundary}`)
        .slice(1)
        .filter((p) => !p.startsWith('--'))
        .map((p) => body(split(p.replace(/^\r?\n/, ''))))
        .join('\n');
    if (cte === 'base64') return Buffer.from(part.body.replace(/\s+/g, ''), 'base64').toString('utf8');
    if (cte === 'quoted-printable')
      return Buffer.from(part.body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
    return part.body;
  };
  const top = split(raw);
  return `${words(top.head)}\n\n${body(top)}`;
}

// ---------------------------------------------------------------------------------------------
// The day.

const OFFICE = {
  name: '箕面市無料職業紹介所',
  code: 'MINOH',
  municipality: '箕面市',
  prefecture: '大阪府',
  address: '大阪府箕面市西小路4-6-1',
  phone: '072-723-2121',
};
const ADMIN = { name: '山田 花子', email: 'yamada@city.minoh.example.jp', password: 'Koyo-Madoguchi-2026!' };
const EMPLOYER = {
  name: '株式会社みのおベーカリー',
  contact: '佐藤 一郎',
  email: 'sato@minoh-bakery.example.jp',
  phone: '072-700-1234',
  password: 'Pan-Yaki-Asa-5ji!',
};
const SEEKER = { family: '鈴木', given: '美咲', familyKana: 'スズキ', givenKana: 'ミサキ' };

async function day() {
  const { base, outbox, setupLink } = app;
  const staff = await browser('staff', { width: 1280, height: 800 });
  const phone = await browser('employer', { width: 390, height: 844 }, { isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const s = staff.page;
  const p = phone.page;

  // --- 初期設定 -------------------------------------------------------------------------------
  await step('初期設定の画面', s, async () => {
    await s.goto(setupLink);
    await expectHeading(s, '初期設定');
    await fill(s, '紹介所の名称', OFFICE.name);
    await fill(s, '事業所コード', OFFICE.code);
    await fill(s, '地方公共団体名', OFFICE.municipality);
    await choose(s, '都道府県', OFFICE.prefecture);
    await fill(s, '所在地', OFFICE.address);
    await fill(s, '電話番号', OFFICE.phone);
    await fill(s, '氏名', ADMIN.name);
    await fill(s, 'メールアドレス（ログインID）', ADMIN.email);
    await fill(s, 'パスワード', ADMIN.password);
    await fill(s, 'パスワード（確認）', ADMIN.password);
  });

  await step('初期設定を登録してホームへ', s, async () => {
    await go(s, button(s, '登録して始める'));
    await expectHeading(s, 'ホーム');
    await expectText(s, OFFICE.name);
    await axe(s, 'ホーム');
  });

  // --- 求人者：公開の求人一覧から申込み（スマートフォン） ---------------------------------------
  const jobsUrl = `${base}/o/${OFFICE.code}/jobs`;
  await step('事業所：公開の求人一覧を開く（スマートフォン）', p, async () => {
    await p.goto(jobsUrl);
    await expectHeading(p, '求人を探す');
  });

  await step('事業所：求人の申込みフォーム', p, async () => {
    await go(p, link(p, '求人の申込み（事業所の方）'));
    await expectHeading(p, '求人の申込み');
    await axe(p, '公開の申込みフォーム');
    await fill(p, '事業所の名称', EMPLOYER.name);
    await fill(p, 'フリガナ', 'カブシキガイシャミノオベーカリー');
    await choose(p, '都道府県', '大阪府');
    await fill(p, '市区町村', '箕面市');
    await fill(p, '番地・建物名・階・部屋番号', '船場東1-2-3 みのおビル1階');
    await fill(p, '代表電話', EMPLOYER.phone);
    await fill(p, '氏名', EMPLOYER.contact);
    await fill(p, '電話番号', EMPLOYER.phone);
    await fill(p, 'メールアドレス', EMPLOYER.email);
    await fill(p, '事業内容', 'パンの製造・販売');
    await p.getByLabel(/取扱職種の範囲等・苦情処理・個人情報の取扱いを確認しました/).check();
  });

  await step('事業所：登録する', p, async () => {
    await go(p, button(p, '登録する'));
    await expectHeading(p, '登録を受け付けました');
    await expectText(p, 'メール');
  });

  const confirmMail = await mail(outbox, EMPLOYER.email, /\/portal\/confirm/);
  const confirmLink = confirmMail.text.match(/https?:\/\/[^\s<>"]*\/portal\/confirm[^\s<>"]*/)[0];
  await step('事業所：確認メールのリンクからパスワードを設定', p, async () => {
    log(`   mail: ${path.basename(confirmMail.file)} → ${confirmLink.replace(/token=.*/, 'token=…')}`);
    await p.goto(confirmLink);
    await expectHeading(p, 'パスワードの設定');
    await fill(p, 'パスワード', EMPLOYER.password);
    await fill(p, 'パスワード（確認）', EMPLOYER.password);
  });

  await step('事業所：ポータルのホーム', p, async () => {
    await go(p, button(p, '設定してログイン'));
    await expectText(p, EMPLOYER.name);
    await axe(p, 'ポータルのホーム');
  });

  await step('事業所：求人の申込みフォームに記入', p, async () => {
    await go(p, link(p.locator('main'), '新しい求人を申し込む'));
    await expectHeading(p, '求人の申込み');
    await fillJobOrder(p);
  });

  await step('事業所：紹介所へ送信する', p, async () => {
    await go(p, button(p, '紹介所へ送信する'));
    await expectText(p, '求人を送信しました');
    await expectText(p, JOB.title);
  });

  // --- 職員：審査待ちの求人を受理 -------------------------------------------------------------
  await step('職員：ホームの「審査待ちの求人」から求人の一覧', s, async () => {
    await go(s, link(s, '求人'));
    await go(s, link(s.locator('header'), 'ホーム'));
    await go(s, s.getByRole('link', { name: /審査待ちの求人/ }));
    await expectText(s, JOB.title);
    await axe(s, '求人の一覧');
  });

  await step('職員：申し込まれた求人を開く', s, async () => {
    await openRow(s, JOB.title, '求人の一覧');
    await expectHeading(s, JOB.title);
    await axe(s, '求人');
    if (!/確認待ち|確認されていません/.test(await s.locator('main').innerText()))
      note('求人：the order page does not say that its employer is still 確認待ち (accepting will be refused)');
  });

  await step('職員：編集・受理の画面', s, async () => {
    await go(s, link(s.locator('main'), '編集・受理'));
    await expectHeading(s, '受理');
    const title = await field(s, '職種名').inputValue();
    if (title !== JOB.title) throw new Error(`the form shows 職種名 「${title}」`);
  });

  // The employer registered on the public form and is still to be confirmed by staff: the
  // first 受理 is expected to be refused with a message that leads to the employer.
  let employerPending = false;
  await step('職員：受理する', s, async () => {
    await acceptOrder(s);
    const text = await s.locator('main').innerText();
    if (/受付中/.test(text) && !(await s.locator('.error-summary').count())) {
      note('受理：an employer from the public form was accepted without being confirmed first');
      return;
    }
    if (!/求人者.*確認/.test(text)) throw new Error('受理 was refused without saying that the employer must be confirmed');
    employerPending = true;
    // A newcomer follows the message: does it lead to the employer?
    const errLink = s.locator('.error-summary a').filter({ hasText: /求人者/ }).first();
    if (await errLink.count()) {
      const href = await errLink.getAttribute('href');
      if (href && href.startsWith('#') && (await s.locator(href).count()) === 0)
        finding(`受理（求人者が未確認）: the error summary links to ${href}, which is not on the page (a dead link); the message does not lead to the employer`);
    }
  });

  if (employerPending) {
    await step('職員：求人者を確認済みにする', s, async () => {
      await go(s, link(s.locator('header'), '求人者'));
      await openRow(s, EMPLOYER.name, '求人者の一覧');
      await expectHeading(s, EMPLOYER.name);
      await go(s, button(s, '登録内容を確認済みにする'));
      await expectHeading(s, EMPLOYER.name);
      if (await button(s, '登録内容を確認済みにする').count()) throw new Error('the employer is still not confirmed');
    });

    await step('職員：求人者のページから求人へ戻って受理', s, async () => {
      await openRow(s, JOB.title, '求人者のページの求人');
      await expectHeading(s, JOB.title);
      await go(s, link(s.locator('main'), '編集・受理'));
      await acceptOrder(s);
      await expectHeading(s, JOB.title);
      if (await s.locator('.error-summary').count()) throw new Error(`受理 refused: ${await s.locator('.error-summary').innerText()}`);
      await expectText(s, '受付中');
    });
  }
  const orderUrl = s.url();
  const jobNumber = (await s.locator('h1').innerText()).replace(/^求人\s*/, '').replace(JOB.title, '').trim();
  log(`   求人番号 ${jobNumber}`);

  // --- 公開の求人一覧（受理した求人が載る） ---------------------------------------------------
  await step('公開の求人一覧に受理した求人が載る', p, async () => {
    await p.goto(jobsUrl);
    await expectText(p, JOB.title);
    await axe(p, '公開の求人一覧');
  });

  await step('公開の求人票', p, async () => {
    await go(p, link(p.locator('main'), JOB.title));
    await expectHeading(p, JOB.title);
  });

  // --- 職員：求職者の登録（同意を得て） --------------------------------------------------------
  await step('職員：求職者を登録する画面', s, async () => {
    await go(s, link(s.locator('header'), 'ホーム'));
    await go(s, link(s.locator('main'), '求職者を登録'));
    await expectHeading(s, '求職者');
    await s.getByLabel(/利用目的を説明し、本人の同意を得た/).check();
    await choose(s, '同意の方法', '書面');
    const delivered = s.getByLabel(/書面を交付した/);
    if (await delivered.count()) await delivered.check();
    await fill(s, '氏名', `${SEEKER.family} ${SEEKER.given}`);
    await fill(s, 'フリガナ', `${SEEKER.familyKana} ${SEEKER.givenKana}`);
    await fill(s, '生年月日', '1988-06-15');
    await choose(s, '都道府県', '大阪府');
    await fill(s, '市区町村', '箕面市');
    await fill(s, '番地・建物名', '桜井2-1-1');
    await fill(s, '電話番号', '090-1234-5678');
    await fill(s, '連絡の希望', '平日午後に携帯へ');
    await choose(s, '希望職種1', /販売員/);
    await choose(s, '希望の雇用形態', 'パートタイム');
    await fill(s, '希望賃金（時給換算・円）', '1200');
    for (const d of ['月', '火', '水', '木', '金']) await fill(s, `${d}曜日`, '9:00-14:00');
    await fill(s, '1日の上限（時間）', '5');
    await fill(s, '週の上限（時間）', '25');
  });

  await step('職員：求職者を登録する', s, async () => {
    await go(s, button(s, '登録する'));
    await expectHeading(s, SEEKER.family);
    await axe(s, '求職者');
  });

  // --- 職員：照合・紹介・紹介状 ----------------------------------------------------------------
  await step('職員：求職者に合う求人を探す', s, async () => {
    await go(s, link(s.locator('main'), '求人を探す'));
    const card = s.locator('section', { has: s.getByRole('link', { name: JOB.title }) }).first();
    await card.waitFor();
    const text = (await card.innerText()).replace(/\s+/g, ' ');
    log(`   ${text.slice(0, 200)}`);
  });

  await step('職員：紹介する（労働条件の明示）', s, async () => {
    const card = s.locator('section', { has: s.getByRole('link', { name: JOB.title }) }).first();
    await go(s, link(card, '紹介する'));
    await expectHeading(s, '紹介');
    await expectText(s, '労働条件の明示');
    await choose(s, '明示の方法', /書面|交付/);
    await fill(s, '面接日時・場所', '12月3日（木）10:00　本店');
    await fill(s, '持参書類', '履歴書');
    await axe(s, '紹介の画面');
  });

  await step('職員：紹介して紹介状を作成', s, async () => {
    await go(s, button(s, '紹介して紹介状を作成'));
    await expectHeading(s, /紹介/);
    await expectText(s, SEEKER.family);
    await axe(s, '紹介');
  });
  const referralNumber = (await s.locator('h1').innerText()).replace(/^紹介\s*/, '').trim();
  log(`   紹介番号 ${referralNumber}`);

  await step('職員：紹介状（PDF）をダウンロード', s, async () => {
    const pdfLink = link(s.locator('main'), '紹介状（PDF）');
    const bytes = await download(s, pdfLink);
    if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') throw new Error(`紹介状 is not a PDF: starts with ${JSON.stringify(bytes.subarray(0, 16).toString('latin1'))}`);
    if (bytes.length < 2_000) throw new Error(`紹介状 is only ${bytes.length} bytes`);
    fs.writeFileSync(path.join(SHOTS, `${String(stepNo).padStart(2, '0')}-紹介状.pdf`), bytes);
    log(`   紹介状: ${bytes.length} bytes, %PDF`);
  });

  // --- 求人者：ポータルで選考結果を入力（スマートフォン） ---------------------------------------
  const referralMail = await mail(outbox, EMPLOYER.email, /^Subject:.*(紹介状|ご紹介|紹介しました|紹介番号|応募)/m, 12_000).catch(() => null);
  if (!referralMail)
    note('no mail tells the employer that someone was referred (issue 12 #2); the employer learns it from the 紹介状 the seeker brings');

  // Where would an employer find the person referred? The portal home first, then the order.
  // Each step's screenshot shows the page where the employer looks; the click comes after.
  const toReferrals = (scope) => scope.getByRole('link', { name: /紹介された|紹介の一覧|紹介状況|選考結果/ }).first();
  let entrance = null; // the link that leads to the people referred
  await step('事業所：ポータルのホーム（紹介された方への入口）', p, async () => {
    // From the office's public pages, as the employer left them: 事業所ログイン (still signed in).
    await go(p, link(p.locator('header'), '事業所ログイン'));
    await expectText(p, JOB.title);
    if (!/結果|紹介/.test(await p.locator('main').innerText())) note('ポータルのホーム: nothing says that a result is awaited from the employer');
    if (await toReferrals(p.locator('main')).count()) entrance = toReferrals(p.locator('main'));
    else if (await toReferrals(p.locator('header')).count()) {
      note('ポータルのホーム: the people referred are reachable from the menu only; the page itself says nothing about them');
      entrance = toReferrals(p.locator('header'));
    }
  });
  if (!entrance) {
    await step('事業所：求人のページ（紹介された方への入口）', p, async () => {
      await go(p, link(p.locator('main'), JOB.title));
      await expectHeading(p, JOB.title);
      if (await toReferrals(p.locator('main')).count()) {
        finding('ポータルのホーム: nothing links to the people referred (紹介された方); only the order page does');
        entrance = toReferrals(p.locator('main'));
      } else {
        finding('ポータル: neither the portal home nor the order page links to the people referred (紹介された方) — a dead end for entering the result; the flow continues at /portal/referrals');
      }
    });
  }

  await step('事業所：紹介された方', p, async () => {
    if (entrance) await go(p, entrance);
    else await p.goto(`${base}/portal/referrals`);
    await expectText(p, referralNumber);
  });

  await step('事業所：紹介を開いて選考結果を選ぶ', p, async () => {
    await go(p, p.getByRole('link', { name: new RegExp(escapeRe(referralNumber)) }).first());
    await expectHeading(p, referralNumber);
    await axe(p, 'ポータルの紹介');
    await choose(p, '結果', '採用');
    await fill(p, '入社（予定）日', '2026-12-07');
    const months = field(p, '有期の場合：契約期間（か月、1か月未満は0）');
    if ((await months.inputValue()) !== '6') note(`ポータルの結果：契約期間 is 「${await months.inputValue()}」, not the order's 6 months`);
    if (await p.getByLabel('期間の定めなし（無期）').isChecked())
      finding('ポータルの結果：「期間の定めなし（無期）」 is ticked for a 6-month fixed-term order');
  });

  await step('事業所：結果を記録', p, async () => {
    await go(p, button(p, '結果を記録'));
    if (await p.locator('.error-summary').count()) throw new Error(`the result was refused: ${await p.locator('.error-summary').innerText()}`);
    // The page that follows: the referral itself or the list of referrals; either must show 採用.
    const row = p.locator('main tr', { hasText: referralNumber });
    const where = (await row.count()) ? row.first() : p.locator('main');
    if (!/採用/.test(await where.innerText())) throw new Error(`after recording, ${referralNumber} does not show 採用`);
    if (!(await p.locator('.flash, [role=status]').count()))
      finding(`ポータル：recording the result shows no confirmation (it lands on 「${await p.locator('h1').innerText()}」 without a message)`);
  });

  // --- 職員側の確認 ------------------------------------------------------------------------
  await step('職員：紹介に事業所の結果が届いている', s, async () => {
    await s.goto(orderUrl);
    await go(s, link(s.locator('header'), 'ホーム'));
    await go(s, link(s.locator('header'), '求職者・紹介'));
    await openRow(s, `${SEEKER.family} ${SEEKER.given}`, '求職者の一覧');
    await go(s, link(s.locator('main'), referralNumber));
    await expectHeading(s, referralNumber);
    await expectText(s, '採用');
  });

  await step('職員：採用で求人は充足', s, async () => {
    await go(s, s.getByRole('link', { name: new RegExp(escapeRe(jobNumber)) }).first());
    await expectHeading(s, JOB.title);
    log(`   the order after the hire: ${(await s.locator('main .badge').first().innerText()).trim()}`);
  });
}

/// The file a link gives: a download when the browser saves it, else the answer it navigates to.
async function download(page, locator) {
  const href = await locator.getAttribute('href');
  const url = new URL(href, page.url()).href;
  const r = await page.context().request.get(url);
  if (!r.ok()) throw new Error(`${url} answered ${r.status()}`);
  const type = r.headers()['content-type'] || '';
  if (!type.includes('pdf')) throw new Error(`${url} is ${type}, not application/pdf`);
  // And the click itself must not lead to an error page.
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 5_000 }).catch(() => null), locator.click()]);
  if (dl) {
    const file = await dl.path();
    return fs.readFileSync(file);
  }
  return r.body();
}

/// Opens the record of the table row that shows `text`: by a link with that text, else by the
/// row's first link (noted: a newcomer looks for the name, not for a number).
async function openRow(page, text, where) {
  const byText = link(page.locator('main'), text);
  if (await byText.count()) return go(page, byText.first());
  const row = page.locator('main tr', { hasText: text }).first();
  await row.waitFor();
  const first = row.getByRole('link').first();
  if (!(await first.count())) throw new Error(`${where}: the row of 「${text}」 has no link`);
  note(`${where}: 「${text}」 is not a link; the row opens by 「${(await first.innerText()).trim()}」`);
  await go(page, first);
}

/// Presses 受理する on the job-order form, confirming the warnings when the form asks for it.
async function acceptOrder(page) {
  const confirm = page.getByLabel('確認しました', { exact: true });
  if (await confirm.count()) {
    const warnings = await page.locator('.notice.warn li').allInnerTexts();
    note(`受理：the form asks to confirm warnings: ${warnings.join(' / ')}`);
    await confirm.check();
  }
  await go(page, button(page, '受理する'));
}

const JOB = {
  title: 'パンの販売スタッフ（午前）',
  description: '店頭でのパンの販売、レジ、袋詰め、品出し、閉店前の清掃。',
  hourly: '1300',
};

/// The job order as an employer would write it: a part-time, fixed-term morning job.
async function fillJobOrder(page) {
  const sec = (name) => page.getByRole('group', { name: new RegExp(`^${escapeRe(name)}`) });
  const s1 = sec('1 求人区分');
  await fill(s1, '職種名', JOB.title);
  await choose(s1, '職業分類', /販売員/);
  await fill(s1, '求人数（人）', '1');
  await choose(s1, '雇用形態', '正社員以外');
  await fill(s1, '正社員以外の名称', 'パート');
  await s1.getByLabel('求人情報を公開してよい（公開求人一覧）').check();

  const s2 = sec('2 就業場所');
  await choose(s2, '都道府県', '大阪府');
  await fill(s2, '市区町村', '箕面市');
  await fill(s2, '番地・建物名・階', '船場東1-2-3 みのおビル1階');
  await fill(s2, '最寄駅', '箕面船場阪大前駅');
  await fill(s2, '就業場所の変更の範囲', '変更なし');
  await choose(s2, '受動喫煙防止措置', '屋内禁煙');
  const recruiter = field(s2, '雇用主（募集者の氏名又は名称）');
  if (!(await recruiter.inputValue())) await recruiter.fill(EMPLOYER.name);

  const s3 = sec('3 仕事の内容');
  await fill(s3, '業務の内容', JOB.description);
  await fill(s3, '業務の変更の範囲', '変更なし');
  await choose(s3, '契約期間', '有期');
  await fill(s3, '有期の場合：期間（か月）', '6');
  await choose(s3, '契約更新の可能性（有期の場合）', '条件付き');
  await fill(s3, '更新の判断基準', '業務量、勤務成績により判断');
  await fill(s3, '更新の上限（通算期間・更新回数）', '通算5年');

  const s4 = sec('4 賃金・手当');
  await choose(s4, '賃金形態', '時給');
  await fill(s4, '基本給（下限・円）', JOB.hourly);
  await fill(s4, '通勤手当', '実費支給（上限 月10,000円）');
  await fill(s4, '賃金締切日', '月末');
  await fill(s4, '賃金支払日', '翌月25日');
  await choose(s4, '支払周期', '月払い');

  const s5 = sec('5 労働時間');
  await fill(s5, '勤務パターン1 始業', '09:00');
  await s5.getByLabel('終業', { exact: true }).first().fill('13:00');
  await s5.getByLabel('休憩（分）', { exact: true }).first().fill('0');
  const pattern1 = s5.locator('.shift').first();
  for (const d of ['月', '火', '水', '木', '金']) await pattern1.getByLabel(d, { exact: true }).check();
  await fill(s5, '週所定労働時間（時間）', '20');
  await fill(s5, '週所定労働日数', '5');
  await fill(s5, '休日', '土日祝');

  const s6 = sec('6 保険・年金・定年等');
  await s6.getByLabel('雇用保険', { exact: true }).check();
  await s6.getByLabel('労災保険', { exact: true }).check();

  const s8 = sec('8 選考方法');
  await fill(s8, '選考方法', '面接');
  await fill(s8, '応募書類', '履歴書');
}

/// Leaves nothing running: the app is stopped however the run ends.
function stopAppNow() {
  if (app && app.child.exitCode === null) app.child.kill('SIGKILL');
}

async function main() {
  const watchdog = setTimeout(() => {
    console.error(`\nthe day's flow did not finish within ${TOTAL_TIMEOUT_MS / 1000} s`);
    stopAppNow();
    process.exit(1);
  }, TOTAL_TIMEOUT_MS);
  watchdog.unref();
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => (stopAppNow(), process.exit(1)));
  process.on('exit', stopAppNow);
  fs.mkdirSync(SHOTS, { recursive: true });
  for (const f of fs.readdirSync(SHOTS)) if (/\.(png|pdf)$/.test(f)) fs.rmSync(path.join(SHOTS, f));
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tsunagu-day-'));
  log(`app: ${BIN}`);
  log(`screenshots: ${SHOTS}`);
  let failed = false;
  try {
    app = await startApp();
    log(`app listening at ${app.base}`);
    await day();
  } catch (e) {
    failed = true;
    if (!(e instanceof StepFailed)) console.error(`\n${e.stack || e}`);
  } finally {
    for (const c of contexts) await c.close().catch(() => {});
    if (app) {
      app.child.kill('SIGTERM');
      await Promise.race([app.exited, new Promise((r) => setTimeout(r, 5_000))]);
      const errs = app
        .output()
        .split('\n')
        .filter((l) => /\b(ERROR|panicked)\b/.test(l));
      for (const l of errs) finding(`app log: ${l.trim()}`);
    }
    if (!process.env.TSUNAGU_KEEP_TMP) fs.rmSync(tmp, { recursive: true, force: true });
    else log(`kept ${tmp}`);
  }
  log(`\naxe-core ran on ${axeDone.length} pages: ${axeDone.join('、')}`);
  if (notes.length) log(`\n${notes.length} notes (not failures):\n${notes.map((n) => `  · ${n}`).join('\n')}`);
  if (findings.length) {
    console.error(`\n${findings.length} findings:\n${findings.map((f) => `  ✗ ${f}`).join('\n')}`);
    failed = true;
  }
  log(failed ? '\nFAILED' : `\nthe day's flow passed (${stepNo} steps)`);
  process.exit(failed ? 1 : 0);
}

main();
