//! Job redesign pages: the 作業分解書 editor and carving plans.
use crate::forms::{Errors, Field, csrf, error_summary, field_errors, input};
use crate::layout::{PageCtx, multiline, page, raw};
use maud::{Markup, html};

pub type Opts = Vec<(String, String)>;

pub struct RowView {
    pub name: String,
    pub description: String,
    pub kind: String,
    pub frequency: String,
    pub days: Vec<String>,
    pub times: String,
    pub minutes: String,
    pub window: String,
    pub demands: Vec<String>,
    pub licences: String,
    pub intersecting: bool,
    pub essential: bool,
    pub group: String,
    pub not_carvable: bool,
}

pub struct Editor<'a> {
    pub id: i32,
    pub title: String,
    pub back: String,
    pub name: &'a str,
    pub days: Vec<String>,
    pub hours: &'a str,
    pub rows: &'a [RowView],
    pub kinds: &'a Opts,
    pub frequencies: &'a Opts,
    pub demands: &'a Opts,
    pub templates: &'a Opts,
    pub seekers: &'a Opts,
    pub plans: &'a [(i32, String)],
    pub total: String,
}

pub fn editor(ctx: &PageCtx, v: &Editor, e: &Errors) -> Markup {
    let days = crate::WEEKDAYS;
    page(
        ctx,
        &v.title,
        html! {
            p { a href=(v.back) { "求人に戻る" } }
            p.hint { "作業分解書：業務を作業に分け、頻度・時間・時間帯・求められること（立ち作業・重量物・屋外・判断・読み書き・接客・PCなど）を記録します。求人から作ったときは、求人の就業時間を営業時間に、仕事の内容を最初の作業にしています。作業ごとに分けて時間を直してください。各行の「↑」「↓」「複製」「削除」で並べ替え・複製・削除ができます。空いている行に入力して保存すると作業が増えます（JavaScriptは不要です）。" }
            (error_summary(e))
            (field_errors(e, "tasks"))
            form method="post" action=(format!("/breakdowns/{}", v.id)) novalidate {
                (csrf(&ctx.csrf))
                div.row {
                    (input(Field::new("name", "名称", v.name), e))
                    (input(Field::new("hours", "営業時間", v.hours).hint("例：9:00-18:00"), e))
                }
                div.field {
                    span.label { "営業日" }
                    div.weekdays { @for (d, l) in days.iter().enumerate() { label { input type="checkbox" name="days" value=(d) checked[v.days.contains(&d.to_string())]; (l) } } }
                    (field_errors(e, "days"))
                }
                p { "週の作業時間の合計：" strong { (v.total) } }
                div.scroll {
                    table.tasks {
                        thead { tr { th { "#" } th { "作業" } th { "種類・頻度" } th { "時間" } th { "求められること" } th { "その他" } th { "操作" } } }
                        tbody {
                            @for (i, r) in v.rows.iter().enumerate() {
                                tr {
                                    td { (i + 1) }
                                    td {
                                        input type="text" name=(format!("task{i}_name")) value=(r.name) aria-label="作業名" placeholder="作業名";
                                        (field_errors(e, &format!("task{i}_name")))
                                        input type="text" name=(format!("task{i}_description")) value=(r.description) aria-label="内容・手順" placeholder="内容・手順";
                                    }
                                    td {
                                        select name=(format!("task{i}_kind")) aria-label="種類" { @for (c, l) in v.kinds { option value=(c) selected[*c == r.kind] { (l) } } }
                                        select name=(format!("task{i}_frequency")) aria-label="頻度" { @for (c, l) in v.frequencies { option value=(c) selected[*c == r.frequency] { (l) } } }
                                        (field_errors(e, &format!("task{i}_frequency")))
                                        div.weekdays { @for (d, l) in days.iter().enumerate() { label { input type="checkbox" name=(format!("task{i}_days")) value=(d) checked[r.days.contains(&d.to_string())]; (l) } } }
                                        input.short type="text" name=(format!("task{i}_times")) value=(r.times) aria-label="回数" placeholder="回数";
                                        (field_errors(e, &format!("task{i}_times")))
                                    }
                                    td {
                                        input.short type="text" name=(format!("task{i}_minutes")) value=(r.minutes) aria-label="1回の時間（分）" placeholder="分";
                                        (field_errors(e, &format!("task{i}_minutes")))
                                        input type="text" name=(format!("task{i}_window")) value=(r.window) aria-label="時間帯" placeholder="時間帯 9:00-10:00";
                                        (field_errors(e, &format!("task{i}_window")))
                                    }
                                    td {
                                        div.demands { @for (k, l) in v.demands { label { input type="checkbox" name=(format!("task{i}_demands")) value=(k) checked[r.demands.contains(k)]; (l) } } }
                                        input type="text" name=(format!("task{i}_licences")) value=(r.licences) aria-label="必要な免許・技能" placeholder="必要な免許・技能";
                                    }
                                    td {
                                        label { input type="checkbox" name=(format!("task{i}_essential")) value="1" checked[r.essential]; "必須業務" } br;
                                        label { input type="checkbox" name=(format!("task{i}_intersecting")) value="1" checked[r.intersecting]; "同僚と一緒" } br;
                                        label { input type="checkbox" name=(format!("task{i}_not_carvable")) value="1" checked[r.not_carvable]; "切り出さない" } br;
                                        input.short type="text" name=(format!("task{i}_group")) value=(r.group) aria-label="まとめて行うグループ番号" placeholder="組";
                                        (field_errors(e, &format!("task{i}_group")))
                                    }
                                    td.ops {
                                        button.link type="submit" name="op" value=(format!("up:{i}")) { "↑" } " "
                                        button.link type="submit" name="op" value=(format!("down:{i}")) { "↓" } " "
                                        button.link type="submit" name="op" value=(format!("dup:{i}")) { "複製" } " "
                                        button.link type="submit" name="op" value=(format!("del:{i}")) { "削除" }
                                    }
                                }
                            }
                        }
                    }
                }
                div.actions {
                    button.primary type="submit" name="op" value="save" { "保存" }
                    select name="template" aria-label="作業テンプレート" { option value="" { "（テンプレートから追加）" } @for (c, l) in v.templates { option value=(c) { (l) } } }
                    button type="submit" name="op" value="template" { "追加" }
                    button type="submit" name="op" value="save_template" { "最後の行をテンプレートに登録" }
                }
            }
            h2 { "切り出す" }
            form.narrow method="post" action=(format!("/breakdowns/{}/plans", v.id)) novalidate {
                (csrf(&ctx.csrf))
                div.field {
                    span.label { "方法" }
                    label { input type="radio" name="mode" value="split44" checked; " 8時間 → 4時間＋4時間" } br;
                    label { input type="radio" name="mode" value="split62"; " 8時間 → 6時間＋2時間" } br;
                    label { input type="radio" name="mode" value="max"; " n人・1日h時間以内" } br;
                    label { input type="radio" name="mode" value="seekers"; " 選んだ求職者に合わせる" }
                    (field_errors(e, "mode"))
                }
                div.row {
                    (input(Field::new("positions", "n（人数）", "2"), e))
                    (input(Field::new("max_hours", "h（1日の時間）", "4"), e))
                }
                div.field {
                    span.label { "求職者（「求職者に合わせる」の場合）" }
                    @for (id, label) in v.seekers {
                        div.seeker {
                            label { input type="checkbox" name="seeker_ids" value=(id); " " (label) }
                            div.demands.small { "できないこと：" @for (k, l) in v.demands { label { input type="checkbox" name="avoid" value=(format!("{id}:{k}")); (l) } } }
                            div.small { label { input type="checkbox" name="disclose" value=(id); " 障害の種類・等級を障害者雇用率の算定として提案書に記載することに本人が同意している（同意を得て記録した障害の情報がある場合のみ使います）" } }
                        }
                    }
                    (field_errors(e, "seeker_ids"))
                }
                div.row {
                    (input(Field::new("hourly_yen", "時給（円）", "").hint("空欄なら元の求人の時給換算額"), e))
                    (input(Field::new("date", "法令チェックの基準日", "").kind("date").hint("空欄なら本日"), e))
                }
                button.primary type="submit" { "切り出し案を作る" }
            }
            @if !v.plans.is_empty() {
                h2 { "これまでの切り出し案" }
                ul { @for (id, label) in v.plans { li { a href=(format!("/carving-plans/{id}")) { (label) } } } }
            }
        },
    )
}

pub struct PositionCard {
    pub id: i32,
    pub label: String,
    pub summary: String,
    /// One line per working day: "月 9:00〜13:00（休憩なし）".
    pub shifts: Vec<String>,
    pub tasks: Vec<String>,
    pub checks: Vec<(bool, bool, String)>,
    pub flags: Vec<String>,
    /// The 障害者雇用率 count of the fitted seeker, if known with consent.
    pub quota: Option<String>,
}

pub struct PlanView<'a> {
    pub id: i32,
    pub title: String,
    pub back: String,
    pub objective: &'a str,
    pub comparison: Vec<(String, String)>,
    pub timeline: String,
    pub positions: &'a [PositionCard],
    pub unplaced: &'a [String],
    pub date: &'a str,
    /// The same date in 和暦.
    pub date_text: String,
}

pub fn plan(ctx: &PageCtx, v: &PlanView, e: &Errors) -> Markup {
    page(
        ctx,
        &v.title,
        html! {
            p { a href=(v.back) { "作業分解書に戻る" } }
            form.inline method="get" action=(format!("/carving-plans/{}/proposal.pdf", v.id)) {
                input type="hidden" name="date" value=(v.date);
                label { input type="checkbox" name="profiles" value="1"; " 対象者の匿名の人物像を記載する（本人の同意を得た場合のみ）" }
                " " button type="submit" { "業務切り出し提案書（PDF）" }
            }
            p.hint { "目的：" (v.objective) " 勤務中の空き時間（手待ち）も労働時間として数え、1日の時間に含めています。" }
            p { "法令チェックの基準日：" (v.date_text) }
            (error_summary(e))
            h2 { "切り出し前と後" }
            table.fields { tbody { @for (k, val) in &v.comparison { tr { th { (k) } td { (val) } } } } }
            h2 { "週の時間割" }
            figure.chart { (raw(&v.timeline)) }
            form method="post" action=(format!("/carving-plans/{}/job-orders", v.id)) {
                (csrf(&ctx.csrf))
                @for p in v.positions {
                    section.card.position {
                        h2 { label { input type="checkbox" name="positions" value=(p.id) checked; " " (p.label) } }
                        p { (p.summary) }
                        p { strong { "勤務時間：" } (p.shifts.join("　")) }
                        @for f in &p.flags { p.warn-text { (f) } }
                        @if let Some(q) = &p.quota { p { strong { (q) } } }
                        p { strong { "作業：" } (p.tasks.join("、")) }
                        ul.checks {
                            @for (ok, requirement, text) in &p.checks {
                                li class=(if *ok { "fit" } else if *requirement { "misfit" } else { "info" }) {
                                    (if *ok { "○ " } else if *requirement { "× " } else { "・ " }) (text)
                                }
                            }
                        }
                    }
                }
                @if !v.positions.is_empty() {
                    fieldset {
                        legend { "時間以外の調整" }
                        div.field {
                            label for="pay_cycle" { "支払周期" }
                            select #pay_cycle name="pay_cycle" {
                                option value="" { "元の求人のまま" }
                                option value="weekly" { "週払いにする" }
                                option value="daily" { "日払いにする" }
                            }
                        }
                        div.field.check { label { input type="checkbox" name="age_unrestricted" value="1"; " 年齢の条件を外す（年齢不問）" } }
                    }
                    button.primary type="submit" { "選んだポジションを求人にする" }
                }
            }
            h2 { "割り当てられなかった作業" }
            @if v.unplaced.is_empty() { p { "すべての作業を割り当てました。" } }
            ul { @for u in v.unplaced { li { (multiline(u)) } } }
            form.inline method="get" action=(format!("/carving-plans/{}", v.id)) {
                (input(Field::new("date", "法令チェックの基準日", v.date).kind("date"), &Errors::new()))
                button type="submit" { "この日で確認" }
            }
        },
    )
}
