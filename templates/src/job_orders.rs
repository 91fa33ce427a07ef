//! Job order (求人) pages: the list, the eight-section form, the detail page, versions.
use crate::forms::{Errors, Field, csrf, error_summary, field_errors, input, select, textarea};
use crate::layout::{PageCtx, multiline, page};
use maud::{Markup, html};
use std::collections::BTreeMap;

pub struct Row {
    pub id: i32,
    pub number: String,
    pub title: String,
    pub employer: String,
    pub municipality: String,
    pub hours: String,
    pub state: String,
    pub valid_until: String,
    pub change_pending: bool,
}

pub struct ListFilter<'a> {
    pub values: &'a BTreeMap<&'static str, String>,
    pub states: &'a [(String, String)],
    pub occupations: &'a [(String, String)],
    pub staff: &'a [(String, String)],
    pub sorts: &'a [(String, String)],
}

pub fn list(
    ctx: &PageCtx,
    f: &ListFilter,
    rows: &[Row],
    // How many match, and whether counting stopped at the cap (「1万件以上」).
    (total, capped): (u64, bool),
    page_no: u64,
    pages: u64,
    query: &str,
) -> Markup {
    let none = Errors::new();
    let v = |k: &str| f.values.get(k).map(String::as_str).unwrap_or("");
    page(
        ctx,
        "求人",
        html! {
            p { "求人は求人者の画面から登録します。" a href="/employers" { "求人者を選ぶ" } }
            form.filters method="get" action="/job-orders" {
                (input(Field::new("q", "検索（職種・求人番号・求人者）", v("q")).kind("search"), &none))
                (select(Field::new("state", "状態", v("state")).placeholder("すべて"), f.states, &none))
                (select(Field::new("occupation", "職業分類", v("occupation")).placeholder("すべて"), f.occupations, &none))
                (input(Field::new("municipality", "就業場所（市区町村）", v("municipality")), &none))
                (input(Field::new("max_weekly_hours", "週の労働時間（未満）", v("max_weekly_hours")).hint("例：20 → 週20時間未満"), &none))
                (select(Field::new("staff_id", "担当者", v("staff_id")).placeholder("すべて"), f.staff, &none))
                (input(Field::new("expiring_within", "有効期限まで（日以内）", v("expiring_within")), &none))
                (select(Field::new("sort", "並び順", v("sort")).placeholder("更新が新しい順"), f.sorts, &none))
                button type="submit" { "検索" }
            }
            @if capped {
                p { "1万件以上（" (page_no) " ページ目）" }
            } @else {
                p { (total) " 件（" (page_no) " / " (pages) " ページ）" }
            }
            table {
                thead { tr { th { "求人番号" } th { "職種" } th { "求人者" } th { "就業場所" } th { "週の時間" } th { "状態" } th { "有効期限" } } }
                tbody {
                    @for r in rows {
                        tr {
                            td.nowrap { a href=(format!("/job-orders/{}", r.id)) { (r.number) } }
                            td { a href=(format!("/job-orders/{}", r.id)) { (r.title) } }
                            td { (r.employer) }
                            td { (r.municipality) }
                            td.num { (r.hours) }
                            td { (r.state) @if r.change_pending { " " span.badge.warn { "変更審査待ち" } } }
                            td.nowrap { (r.valid_until) }
                        }
                    }
                    @if rows.is_empty() { tr { td colspan="7" { "該当する求人はありません。" } } }
                }
            }
            nav.pager {
                @if page_no > 1 { a href=(format!("/job-orders?{query}&page={}", page_no - 1)) { "← 前へ" } }
                @if page_no < pages { a href=(format!("/job-orders?{query}&page={}", page_no + 1)) { "次へ →" } }
            }
        },
    )
}

/// Values of the form by field name (strings as typed), and check boxes by name.
pub struct FormView<'a> {
    pub action: String,
    pub employer_name: &'a str,
    pub values: &'a BTreeMap<String, String>,
    pub shifts: &'a [(String, String, String, Vec<String>)],
    pub allowances: &'a [(String, String, String)],
    pub choices: &'a BTreeMap<&'static str, Vec<(String, String)>>,
    pub warnings: &'a [String],
    /// Staff may accept from the form; employers only save and submit.
    pub can_accept: bool,
    pub submit_label: &'a str,
    /// The version of the order being edited, sent back with the form.
    pub lock: Option<&'a str>,
}

fn yes(values: &BTreeMap<String, String>, k: &str) -> bool {
    values.get(k).is_some_and(|v| v == "1")
}

fn check(values: &BTreeMap<String, String>, name: &str, label: &str) -> Markup {
    html! {
        div.field.check { label { input type="checkbox" name=(name) value="1" checked[yes(values, name)]; " " (label) } }
    }
}

pub fn form(ctx: &PageCtx, title: &str, f: &FormView, e: &Errors) -> Markup {
    let v = |k: &str| f.values.get(k).map(String::as_str).unwrap_or("");
    let c = |k: &str| f.choices.get(k).map(Vec::as_slice).unwrap_or(&[]);
    let weekdays = crate::WEEKDAYS;
    page(
        ctx,
        title,
        html! {
            p #employer { "求人者：" strong { (f.employer_name) } }
            (error_summary(e))
            @if !f.warnings.is_empty() {
                div.notice.warn role="alert" {
                    p { strong { "確認が必要な点があります。" } "内容を確認し、問題がなければ「確認しました」に印を付けて受理してください。" }
                    ul { @for w in f.warnings { li { (w) } } }
                }
            }
            form.job-order method="post" action=(f.action) novalidate {
                (csrf(&ctx.csrf))
                @if let Some(l) = f.lock { input type="hidden" name="lock" value=(l); }
                fieldset {
                    legend { "1 求人区分" }
                    (input(Field::new("occupation_title", "職種名", v("occupation_title")).required().hint("一般的な名称で。性別を限定する名称（〇〇マン、〇〇レディ等）は使えません"), e))
                    (select(Field::new("occupation_code", "職業分類", v("occupation_code")), c("occupation"), e))
                    (input(Field::new("openings", "求人数（人）", v("openings")).required(), e))
                    (select(Field::new("employment_form", "雇用形態", v("employment_form")).required(), c("employment_form"), e))
                    (input(Field::new("employment_form_name", "正社員以外の名称", v("employment_form_name")).hint("例：パート、契約社員"), e))
                    (check(f.values, "full_time", "フルタイム（チェックなし＝パート）"))
                    (field_errors(e, "full_time"))
                    (check(f.values, "dispatch", "派遣労働者として雇用する"))
                    (field_errors(e, "dispatch"))
                    (check(f.values, "publishable", "求人情報を公開してよい（公開求人一覧）"))
                }
                fieldset {
                    legend { "2 就業場所" }
                    (input(Field::new("workplace_postal_code", "郵便番号", v("workplace_postal_code")), e))
                    (select(Field::new("workplace_prefecture_code", "都道府県", v("workplace_prefecture_code")).required(), c("prefecture"), e))
                    (input(Field::new("workplace_municipality", "市区町村", v("workplace_municipality")).required(), e))
                    (input(Field::new("workplace_address", "番地・建物名・階", v("workplace_address")).required(), e))
                    (input(Field::new("nearest_station", "最寄駅", v("nearest_station")), e))
                    (input(Field::new("workplace_change_scope", "就業場所の変更の範囲", v("workplace_change_scope")).required().hint("例：変更なし／会社の定める事業所"), e))
                    (select(Field::new("smoking_measure", "受動喫煙防止措置", v("smoking_measure")).required(), c("smoking"), e))
                    (input(Field::new("smoking_note", "受動喫煙防止措置（補足）", v("smoking_note")), e))
                    (input(Field::new("recruiter_name", "雇用主（募集者の氏名又は名称）", v("recruiter_name")).required(), e))
                }
                fieldset {
                    legend { "3 仕事の内容" }
                    (textarea(Field::new("job_description", "業務の内容", v("job_description")).required(), e, 5))
                    (input(Field::new("job_change_scope", "業務の変更の範囲", v("job_change_scope")).required().hint("例：変更なし／会社の定める業務"), e))
                    (select(Field::new("contract_kind", "契約期間", v("contract_kind")).required(), c("contract"), e))
                    div.row {
                        (input(Field::new("contract_months", "有期の場合：期間（か月）", v("contract_months")), e))
                        (input(Field::new("contract_days", "1か月未満の場合：日数", v("contract_days")), e))
                    }
                    (select(Field::new("renewal_possibility", "契約更新の可能性（有期の場合）", v("renewal_possibility")), c("renewal"), e))
                    (input(Field::new("renewal_criteria", "更新の判断基準", v("renewal_criteria")).hint("例：業務量、勤務成績、会社の経営状況により判断"), e))
                    (input(Field::new("renewal_upper_limit", "更新の上限（通算期間・更新回数）", v("renewal_upper_limit")).hint("例：通算5年"), e))
                    (check(f.values, "renewal_no_upper_limit", "更新上限なし"))
                    (field_errors(e, "renewal_no_upper_limit"))
                    (check(f.values, "trial_exists", "試用期間あり"))
                    (input(Field::new("trial_length", "試用期間の長さ", v("trial_length")).hint("例：3か月"), e))
                    (check(f.values, "trial_conditions_differ", "試用期間中の労働条件が異なる"))
                    (input(Field::new("trial_conditions_during", "試用期間中の労働条件", v("trial_conditions_during")), e))
                    (input(Field::new("start_date", "就業開始予定日", v("start_date")).kind("date").hint("この日の最低賃金で確認します"), e))
                }
                fieldset {
                    legend { "4 賃金・手当" }
                    (select(Field::new("wage_form", "賃金形態", v("wage_form")).required(), c("wage_form"), e))
                    div.row {
                        (input(Field::new("base_wage_min", "基本給（下限・円）", v("base_wage_min")).required(), e))
                        (input(Field::new("base_wage_max", "基本給（上限・円）", v("base_wage_max")).hint("幅がなければ空欄"), e))
                    }
                    p.hint { "手当（賃金形態と同じ単位の額。精皆勤手当・家族手当・通勤手当は最低賃金の計算に含めません）" }
                    @for (i, (name, kind, amount)) in f.allowances.iter().enumerate() {
                        @let n = i + 1;
                        div.row.allowance {
                            (input(Field::new(&format!("allowance{n}_name"), &format!("手当{n} 名称"), name), e))
                            (select(Field::new(&format!("allowance{n}_kind"), "種類", kind), c("allowance_kind"), e))
                            (input(Field::new(&format!("allowance{n}_amount"), "額（円）", amount), e))
                        }
                    }
                    (check(f.values, "fixed_overtime_exists", "固定残業代あり"))
                    div.row {
                        (input(Field::new("fixed_overtime_amount_yen", "固定残業代の額（円）", v("fixed_overtime_amount_yen")), e))
                        (input(Field::new("fixed_overtime_hours", "相当する時間外労働（時間）", v("fixed_overtime_hours")), e))
                    }
                    (check(f.values, "fixed_overtime_excess_paid", "超える時間外・休日・深夜労働の割増賃金は追加で支給する"))
                    (field_errors(e, "fixed_overtime_excess_paid"))
                    (input(Field::new("commute_allowance", "通勤手当", v("commute_allowance")).hint("例：実費支給（上限 月20,000円）"), e))
                    div.row {
                        (input(Field::new("pay_closing_day", "賃金締切日", v("pay_closing_day")).required().hint("例：月末"), e))
                        (input(Field::new("pay_day", "賃金支払日", v("pay_day")).required().hint("例：翌月25日"), e))
                    }
                    (select(Field::new("pay_cycle", "支払周期", v("pay_cycle")).required(), c("pay_cycle"), e))
                    (input(Field::new("raises_and_bonuses", "昇給・賞与", v("raises_and_bonuses")), e))
                }
                fieldset {
                    legend { "5 労働時間" }
                    @for (i, (start, end, brk, days)) in f.shifts.iter().enumerate() {
                        @let n = i + 1;
                        div.shift {
                            div.row {
                                (input(Field::new(&format!("shift{n}_start"), &format!("勤務パターン{n} 始業"), start).kind("time"), e))
                                (input(Field::new(&format!("shift{n}_end"), "終業", end).kind("time"), e))
                                (input(Field::new(&format!("shift{n}_break"), "休憩（分）", brk), e))
                            }
                            div.weekdays {
                                @for (d, label) in weekdays.iter().enumerate() {
                                    label { input type="checkbox" name=(format!("shift{n}_weekdays")) value=(d) checked[days.contains(&d.to_string())]; (label) }
                                }
                            }
                        }
                    }
                    div.row {
                        (input(Field::new("weekly_hours", "週所定労働時間（時間）", v("weekly_hours")).required().hint("例：20 または 37.5"), e))
                        (input(Field::new("weekly_days", "週所定労働日数", v("weekly_days")).required(), e))
                        (input(Field::new("monthly_hours", "月平均所定労働時間", v("monthly_hours")).hint("月給の場合。空欄なら週×52÷12"), e))
                    }
                    (check(f.values, "overtime", "時間外労働あり"))
                    (input(Field::new("overtime_monthly_hours", "時間外労働（月平均・時間）", v("overtime_monthly_hours")), e))
                    (input(Field::new("holidays", "休日", v("holidays")).required().hint("例：土日祝／シフト制（週2日）"), e))
                    (input(Field::new("annual_holidays", "年間休日数", v("annual_holidays")), e))
                }
                fieldset {
                    legend { "6 保険・年金・定年等" }
                    (check(f.values, "insurance_employment", "雇用保険"))
                    (check(f.values, "insurance_workers_comp", "労災保険"))
                    (check(f.values, "insurance_health", "健康保険"))
                    (check(f.values, "insurance_pension", "厚生年金"))
                    (input(Field::new("retirement_age", "定年（歳）", v("retirement_age")), e))
                }
                fieldset {
                    legend { "7 求人PR・応募資格" }
                    (select(Field::new("age_exception", "年齢", v("age_exception")).placeholder("年齢不問"), c("age_exception"), e))
                    div.row {
                        (input(Field::new("age_min", "下限（歳以上）", v("age_min")), e))
                        (input(Field::new("age_max", "上限（歳未満）", v("age_max")), e))
                    }
                    (input(Field::new("age_reason", "年齢制限の理由", v("age_reason")), e))
                    (check(f.values, "age_no_experience_required", "職務経験不問（3号イ）"))
                    (field_errors(e, "age_no_experience_required"))
                    (check(f.values, "age_same_treatment_as_new_graduates", "新卒者と同等の処遇（3号イ）"))
                    (field_errors(e, "age_same_treatment_as_new_graduates"))
                    (select(Field::new("gender_exception", "性別に関する例外（均等法）", v("gender_exception")).placeholder("なし"), c("gender_exception"), e))
                    (input(Field::new("gender_exception_reason", "例外の理由", v("gender_exception_reason")), e))
                    (input(Field::new("education", "学歴", v("education")), e))
                    (input(Field::new("experience", "必要な経験", v("experience")), e))
                    (input(Field::new("licenses", "必要な免許・資格", v("licenses")), e))
                    (textarea(Field::new("pr", "求人PR", v("pr")), e, 3))
                }
                fieldset {
                    legend { "8 選考方法" }
                    (input(Field::new("selection_method", "選考方法", v("selection_method")).required().hint("例：面接"), e))
                    (input(Field::new("application_documents", "応募書類", v("application_documents")), e))
                    (textarea(Field::new("notes", "特記事項", v("notes")), e, 3))
                }
                div.actions {
                    button type="submit" name="action" value="save" { "下書き保存" }
                    " "
                    @if f.can_accept {
                        @if !f.warnings.is_empty() {
                            label.confirm { input type="checkbox" name="warnings_confirmed" value="1"; " 確認しました" }
                            " "
                        }
                        button.primary type="submit" name="action" value="accept" { (f.submit_label) }
                    } @else {
                        button.primary type="submit" name="action" value="submit" { (f.submit_label) }
                    }
                }
            }
        },
    )
}

pub struct Section {
    pub title: String,
    pub rows: Vec<(String, String)>,
}

pub fn sections(sections: &[Section]) -> Markup {
    html! {
        @for s in sections {
            h2 { (s.title) }
            table.fields {
                tbody { @for (k, v) in &s.rows { tr { th { (k) } td { (multiline(v)) } } } }
            }
        }
    }
}

pub struct Detail {
    pub id: i32,
    pub number: String,
    pub title: String,
    pub employer_id: i32,
    pub employer_name: String,
    pub state: String,
    pub state_code: String,
    pub change_pending: bool,
    pub facts: Vec<(String, String)>,
    pub sections: Vec<Section>,
    pub versions: Vec<(i32, String)>,
    pub rejection: Option<String>,
    pub grounds: Vec<(String, String)>,
    pub draft_only: bool,
}

pub fn show(ctx: &PageCtx, d: &Detail, e: &Errors) -> Markup {
    let post = |path: &str, label: &str, primary: bool| {
        html! {
            form.inline method="post" action=(format!("/job-orders/{}/{path}", d.id)) {
                (csrf(&ctx.csrf))
                @if primary { button.primary type="submit" { (label) } } @else { button type="submit" { (label) } }
            }
        }
    };
    // Ending an order cannot be undone: the button leads to a page that says what happens.
    let close = |state: &str, label: &str| {
        html! {
            a.button href=(format!("/job-orders/{}/close?state={state}", d.id)) { (label) }
        }
    };
    page(
        ctx,
        &format!("求人 {} {}", d.number, d.title),
        html! {
            p {
                span.badge { (d.state) }
                @if d.change_pending { " " span.badge.warn { "変更の審査待ち（受理済みの内容が有効です）" } }
                " 求人者：" a href=(format!("/employers/{}", d.employer_id)) { (d.employer_name) }
            }
            (error_summary(e))
            @if let Some(r) = &d.rejection { div.error-summary { p { (r) } } }
            div.actions {
                @if matches!(d.state_code.as_str(), "draft" | "submitted" | "rejected" | "open") {
                    a.button href=(format!("/job-orders/{}/edit", d.id)) { @if d.state_code == "open" { "内容を変更" } @else { "編集・受理" } }
                    " "
                }
                @if d.state_code == "open" || d.state_code == "filled" || d.state_code == "stopped" || d.state_code == "expired" {
                    a.button href=(format!("/job-orders/{}/sheet.pdf", d.id)) { "求人票（PDF）" }
                    " "
                }
                @if d.state_code == "open" {
                    a.button.primary href=(format!("/job-orders/{}/matches", d.id)) { "求職者を探す" } " "
                    a.button href=(format!("/job-orders/{}/breakdown", d.id)) { "業務の切り出し" } " "
                    (post("extend", "有効期限を延長", false)) " "
                    (close("filled", "充足")) " "
                    (close("stopped", "募集停止")) " "
                }
                @if matches!(d.state_code.as_str(), "draft" | "submitted" | "open") { (close("cancelled", "取消")) }
            }
            table.fields { tbody { @for (k, v) in &d.facts { tr { th { (k) } td { (v) } } } } }
            @if matches!(d.state_code.as_str(), "draft" | "submitted") || d.change_pending {
                details open[e.contains_key("ground") || e.contains_key("reason")] {
                    summary { @if d.change_pending { "変更を不受理にする" } @else { "不受理にする" } }
                    form.narrow method="post" action=(format!("/job-orders/{}/reject", d.id)) {
                        (csrf(&ctx.csrf))
                        (select(Field::new("ground", "根拠（職業安定法第5条の6第1項）", "").required(), &d.grounds, e))
                        (textarea(Field::new("reason", "理由（求人者に通知します）", "").required(), e, 3))
                        button type="submit" { "不受理にする" }
                    }
                }
            }
            @if d.draft_only {
                p.notice { "まだ受理されていません。下は入力中の内容です。" }
            }
            (sections(&d.sections))
            @if !d.versions.is_empty() {
                h2 { "受理した版" }
                ul {
                    @for (n, label) in &d.versions {
                        li {
                            a href=(format!("/job-orders/{}/versions/{n}", d.id)) { "第" (n) "版" } " " (label)
                            @if *n > 1 { " " a href=(format!("/job-orders/{}/diff?from={}&to={n}", d.id, n - 1)) { "前の版との違い" } }
                        }
                    }
                }
            }
        },
    )
}

pub fn version(
    ctx: &PageCtx,
    id: i32,
    number: &str,
    version: i32,
    label: &str,
    secs: &[Section],
) -> Markup {
    page(
        ctx,
        &format!("求人 {number} 第{version}版"),
        html! {
            p { (label) " " a href=(format!("/job-orders/{id}")) { "求人に戻る" } }
            (sections(secs))
        },
    )
}

pub fn diff(
    ctx: &PageCtx,
    id: i32,
    number: &str,
    from: i32,
    to: i32,
    rows: &[(String, String, String, String)],
) -> Markup {
    page(
        ctx,
        &format!("求人 {number} 第{from}版と第{to}版の違い"),
        html! {
            p { a href=(format!("/job-orders/{id}")) { "求人に戻る" } }
            table.diff {
                thead { tr { th { "区分" } th { "項目" } th { "第" (from) "版" } th { "第" (to) "版" } } }
                tbody {
                    @for (s, k, a, b) in rows { tr { td { (s) } th { (k) } td.before { (multiline(a)) } td.after { (multiline(b)) } } }
                    @if rows.is_empty() { tr { td colspan="4" { "違いはありません。" } } }
                }
            }
        },
    )
}

/// The confirmation before an order is ended (充足・募集停止・取消).
pub struct CloseConfirm<'a> {
    pub id: i32,
    /// 求人番号 (`None` before the first acceptance).
    pub number: Option<&'a str>,
    pub title: &'a str,
    pub employer_name: &'a str,
    /// `filled`, `stopped` or `cancelled`.
    pub state_code: &'a str,
    pub state_label: &'a str,
    /// Referrals of the order still waiting for a result.
    pub waiting: u64,
}

pub fn close_confirm(ctx: &PageCtx, c: &CloseConfirm) -> Markup {
    let what = match c.state_code {
        "filled" => "採用が決まり、募集人数を満たしたときの終了です。",
        "stopped" => "求人者の都合で募集をやめるときの終了です。",
        _ => {
            "受け付けた求人を取り消します（誤って登録した求人、求人者から取下げの申出があった求人など）。"
        }
    };
    page(
        ctx,
        &format!("求人を「{}」にしますか", c.state_label),
        html! {
            table.fields { tbody {
                tr { th { "求人番号" } td { (c.number.unwrap_or("（受理前）")) } }
                tr { th { "職種" } td { (c.title) } }
                tr { th { "求人者" } td { (c.employer_name) } }
            } }
            p { (what) }
            p { "この求人は公開の求人一覧と検索から外れ、新しい紹介はできなくなります。" strong { "元には戻せません" } "（同じ内容でまた募集するときは、新しい求人として受け付けます）。" }
            @if c.waiting > 0 {
                p.notice { "この求人には結果待ちの紹介が " (c.waiting) " 件あります。採否の結果は終了後も入力できます。" }
            }
            div.actions {
                form.inline method="post" action=(format!("/job-orders/{}/close", c.id)) {
                    (csrf(&ctx.csrf))
                    input type="hidden" name="state" value=(c.state_code);
                    button.primary type="submit" { "「" (c.state_label) "」にする" }
                }
                " "
                a.button href=(format!("/job-orders/{}", c.id)) { "やめて戻る" }
            }
        },
    )
}
