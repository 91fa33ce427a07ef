//! Job seeker (求職者), matching, referral (紹介) and follow-up (定着確認) pages.
use crate::forms::{
    Errors, Field, checkbox, csrf, error_summary, field_errors, input, select, textarea,
};
use crate::layout::{PageCtx, multiline, page};
use maud::{Markup, html};
use std::collections::BTreeMap;

pub type Opts = Vec<(String, String)>;

pub struct Row {
    pub id: i32,
    pub number: String,
    pub name: String,
    pub kana: String,
    pub desired: String,
    pub hours: String,
    pub state: String,
    pub valid_until: String,
}

pub fn list(
    ctx: &PageCtx,
    values: &BTreeMap<&str, String>,
    states: &Opts,
    supports: &Opts,
    ladder: &Opts,
    rows: &[Row],
    total: &str,
) -> Markup {
    let none = Errors::new();
    let v = |k: &str| values.get(k).cloned().unwrap_or_default();
    page(
        ctx,
        "求職者",
        html! {
            p { a.button href="/job-seekers/new" { "求職者を登録" } " " a.button href="/follow-ups" { "定着確認の予定" } " " a.button href="/referrals" { "紹介の一覧" } " " a.button href="/saved-searches" { "保存した検索" } }
            form.filters method="get" action="/job-seekers" {
                (input(Field::new("q", "検索（氏名・フリガナ・求職番号・電話）", &v("q")).kind("search"), &none))
                (select(Field::new("state", "状態", &v("state")).placeholder("有効"), states, &none))
                (select(Field::new("support", "支援区分", &v("support")).placeholder("すべて"), supports, &none))
                (select(Field::new("ladder", "段階", &v("ladder")).placeholder("すべて"), ladder, &none))
                button type="submit" { "検索" }
            }
            p { (total) }
            table {
                thead { tr { th { "求職番号" } th { "氏名" } th { "希望職種" } th { "勤務できる時間" } th { "状態" } th { "有効期限" } } }
                tbody {
                    @for r in rows {
                        tr {
                            td.nowrap { a href=(format!("/job-seekers/{}", r.id)) { (r.number) } }
                            td { a href=(format!("/job-seekers/{}", r.id)) { (r.name) } br; small { (r.kana) } }
                            td { (r.desired) }
                            td { (r.hours) }
                            td { (r.state) }
                            td.nowrap { (r.valid_until) }
                        }
                    }
                    @if rows.is_empty() { tr { td colspan="6" { "該当する求職者はいません。" } } }
                }
            }
        },
    )
}

pub struct FormView<'a> {
    pub action: String,
    pub values: &'a BTreeMap<String, String>,
    pub supports_checked: &'a [String],
    pub choices: &'a BTreeMap<&'static str, Opts>,
    pub purposes: &'a str,
    pub disclosure: &'a str,
    pub duplicates: &'a [(i32, String, String)],
    pub new: bool,
}

fn yes(values: &BTreeMap<String, String>, k: &str) -> bool {
    values.get(k).is_some_and(|v| !v.is_empty())
}

pub fn form(ctx: &PageCtx, title: &str, f: &FormView, e: &Errors) -> Markup {
    let v = |k: &str| f.values.get(k).map(String::as_str).unwrap_or("");
    let c = |k: &str| f.choices.get(k).map(Vec::as_slice).unwrap_or(&[]);
    let days = crate::WEEKDAYS;
    page(
        ctx,
        title,
        html! {
            (error_summary(e))
            @if !f.duplicates.is_empty() {
                div.error-summary role="alert" {
                    p { "同じ氏名・生年月日、または同じ電話番号の求職者が既に登録されています。" }
                    ul { @for (id, number, name) in f.duplicates { li { a href=(format!("/job-seekers/{id}")) { (number) " " (name) } } } }
                    p { "別の人として登録する場合は「別の人として登録する」に印を付けて、もう一度保存してください。" }
                }
            }
            form method="post" action=(f.action) novalidate {
                (csrf(&ctx.csrf))
                @if !v("lock").is_empty() { input type="hidden" name="lock" value=(v("lock")); }
                @if !f.duplicates.is_empty() { (checkbox("allow_duplicate", "別の人として登録する", false)) }
                fieldset.consent {
                    legend { "個人情報の取扱い（職業安定法第5条の5）" }
                    p { strong { "利用目的：" } (f.purposes) }
                    details { summary { "明示事項（取扱職種の範囲等・苦情処理・個人情報の取扱い）" } p { (multiline(f.disclosure)) } }
                    div.field.check.invalid[e.contains_key("consent")] {
                        (field_errors(e, "consent"))
                        label { input type="checkbox" name="consent" value="1" checked[yes(f.values, "consent")]; " 利用目的を説明し、本人の同意を得た" span.req { "必須" } }
                    }
                    (select(Field::new("consent_method", "同意の方法", v("consent_method")).required(), c("consent_method"), e))
                    (checkbox("disclosure_delivered", "明示事項（取扱職種の範囲等・苦情処理・個人情報の取扱い）の書面を交付した", yes(f.values, "disclosure_delivered")))
                }
                fieldset {
                    legend { "本人" }
                    (input(Field::new("name", "氏名", v("name")).required().autocomplete("off"), e))
                    (input(Field::new("name_kana", "フリガナ", v("name_kana")).required(), e))
                    (input(Field::new("birth_date", "生年月日", v("birth_date")).required().hint("例：1990-04-01 または 平成2年4月1日"), e))
                    (input(Field::new("postal_code", "郵便番号", v("postal_code")), e))
                    (select(Field::new("prefecture_code", "都道府県", v("prefecture_code")).required(), c("prefecture"), e))
                    (input(Field::new("municipality", "市区町村", v("municipality")).required(), e))
                    (input(Field::new("address", "番地・建物名", v("address")), e))
                    (input(Field::new("nearest_station", "最寄駅", v("nearest_station")), e))
                    (input(Field::new("phone", "電話番号", v("phone")).kind("tel"), e))
                    (input(Field::new("email", "メールアドレス", v("email")).kind("email"), e))
                    (input(Field::new("contact_preference", "連絡の希望", v("contact_preference")).hint("例：平日午後に携帯へ。留守電可"), e))
                }
                fieldset {
                    legend { "希望" }
                    (select(Field::new("occupation1", "希望職種1", v("occupation1")).required(), c("occupation"), e))
                    (select(Field::new("occupation2", "希望職種2", v("occupation2")), c("occupation"), e))
                    (select(Field::new("occupation3", "希望職種3", v("occupation3")), c("occupation"), e))
                    (input(Field::new("desired_areas", "希望勤務地（住所地以外の市区町村）", v("desired_areas")).hint("「、」区切り"), e))
                    (input(Field::new("desired_hourly_yen", "希望賃金（時給換算・円）", v("desired_hourly_yen")), e))
                    (select(Field::new("desired_employment", "希望の雇用形態", v("desired_employment")).required(), c("employment"), e))
                }
                fieldset {
                    legend { "勤務できる曜日・時間帯" }
                    p.hint { "例：9:00-13:00　（複数あれば「,」区切り：9:00-12:00, 13:00-15:00）。勤務できない曜日は空欄。" }
                    div.row {
                        @for (d, day) in days.iter().enumerate() {
                            (input(Field::new(&format!("avail_{d}"), &format!("{day}曜日"), v(&format!("avail_{d}"))), e))
                        }
                    }
                    div.row {
                        (input(Field::new("max_daily_hours", "1日の上限（時間）", v("max_daily_hours")), e))
                        (input(Field::new("max_weekly_hours", "週の上限（時間）", v("max_weekly_hours")), e))
                        (input(Field::new("earliest_start", "就業可能日", v("earliest_start")).kind("date"), e))
                    }
                }
                fieldset {
                    legend { "学歴・資格・職歴" }
                    (textarea(Field::new("education", "学歴", v("education")), e, 2))
                    (textarea(Field::new("licenses", "免許・資格・技能", v("licenses")), e, 2))
                    (textarea(Field::new("work_history", "職歴", v("work_history")), e, 3))
                }
                fieldset {
                    legend { "支援" }
                    div.field {
                        span.label { "支援区分" }
                        div.weekdays {
                            @for (code, label) in c("support") {
                                label { input type="checkbox" name="support_categories" value=(code) checked[f.supports_checked.contains(code)]; (label) }
                            }
                        }
                    }
                    (select(Field::new("ladder_step", "現在の段階", v("ladder_step")), c("ladder"), e))
                    (input(Field::new("supporting_agency", "支援機関", v("supporting_agency")).hint("例：自立相談支援機関、福祉事務所、就労移行支援事業所"), e))
                    (input(Field::new("agency_contact", "支援機関の担当者・連絡先", v("agency_contact")), e))
                    (checkbox("share_consent", "支援機関との情報共有に本人が同意している", yes(f.values, "share_consent")))
                    (field_errors(e, "share_consent"))
                }
                fieldset.sensitive {
                    legend { "障害に関する情報（要配慮個人情報・職員のみ閲覧）" }
                    div.field.check.invalid[e.contains_key("sensitive_consent")] {
                        (field_errors(e, "sensitive_consent"))
                        label { input type="checkbox" name="sensitive_consent" value="1" checked[yes(f.values, "sensitive_consent")]; " 記録することに本人が明示的に同意した" }
                    }
                    (select(Field::new("disability_type", "手帳の種類", v("disability_type")), c("disability_type"), e))
                    (input(Field::new("disability_grade", "等級", v("disability_grade")), e))
                    (checkbox("disability_suspected", "手帳はないが障害の可能性がある", yes(f.values, "disability_suspected")))
                    (textarea(Field::new("disability_notes", "配慮事項", v("disability_notes")), e, 2))
                }
                button.primary type="submit" { @if f.new { "登録する" } @else { "保存" } }
            }
        },
    )
}

pub type FollowUpRow = (i32, String, String, String);

pub struct Detail {
    pub id: i32,
    pub number: String,
    pub name: String,
    pub active: bool,
    pub facts: Vec<(String, String)>,
    pub sensitive: Vec<(String, String)>,
    pub notes: Vec<(String, String, String)>,
    pub referrals: Vec<(i32, String, String, String, String, bool)>,
    /// (heading, follow-ups as (id, kind, due, result)).
    pub placements: Vec<(String, Vec<FollowUpRow>)>,
    pub experiences: Vec<(String, String, String, String)>,
    pub employers: Opts,
    pub experience_kinds: Opts,
    pub close_reasons: Opts,
}

pub fn show(ctx: &PageCtx, d: &Detail, e: &Errors) -> Markup {
    page(
        ctx,
        &format!("{} {}", d.number, d.name),
        html! {
            (error_summary(e))
            div.actions {
                a.button href=(format!("/job-seekers/{}/edit", d.id)) { "編集" }
                @if d.active { a.button.primary href=(format!("/job-seekers/{}/matches", d.id)) { "求人を探す" } }
                @if d.active {
                    form.inline method="post" action=(format!("/job-seekers/{}/close", d.id)) {
                        (csrf(&ctx.csrf))
                        select name="reason" aria-label="終了の理由" required { option value="" selected { "（終了の理由を選択）" } @for (c, l) in &d.close_reasons { option value=(c) { (l) } } }
                        " " button type="submit" { "求職登録を終了" }
                    }
                } @else {
                    form.inline method="post" action=(format!("/job-seekers/{}/reopen", d.id)) {
                        (csrf(&ctx.csrf))
                        button type="submit" { "求職登録を再開" }
                    }
                }
            }
            table.fields { tbody { @for (k, v) in &d.facts { tr { th { (k) } td { (multiline(v)) } } } } }
            @if !d.sensitive.is_empty() {
                h2 { "障害に関する情報（要配慮個人情報）" }
                table.fields { tbody { @for (k, v) in &d.sensitive { tr { th { (k) } td { (multiline(v)) } } } } }
            }
            h2 { "紹介" }
            table {
                thead { tr { th { "紹介番号" } th { "紹介日" } th { "求人" } th { "状態" } } }
                tbody {
                    @for (id, number, date, job, state, flagged) in &d.referrals {
                        tr { td { a href=(format!("/referrals/{id}")) { (number) } } td.nowrap { (date) } td { (job) } td { (state) @if *flagged { " " span.badge.warn { "他で採用" } } } }
                    }
                    @if d.referrals.is_empty() { tr { td colspan="4" { "まだ紹介はありません。" } } }
                }
            }
            @if !d.placements.is_empty() {
                h2 { "就職と定着確認" }
                @for (head, follow) in &d.placements {
                    p { (head) }
                    table {
                        thead { tr { th { "時期" } th { "予定日" } th { "結果" } } }
                        tbody { @for (id, kind, due, result) in follow { tr { td { a href=(format!("/follow-ups/{id}")) { (kind) } } td { (due) } td { (result) } } } }
                    }
                }
            }
            h2 { "相談記録" }
            table {
                thead { tr { th { "日付" } th { "担当" } th { "内容" } } }
                tbody {
                    @for (date, who, body) in &d.notes { tr { td.nowrap { (date) } td { (who) } td { (multiline(body)) } } }
                    @if d.notes.is_empty() { tr { td colspan="3" { "記録はありません。" } } }
                }
            }
            details open[e.contains_key("body")] {
                summary { "相談記録を追加（登録の有効期限も更新されます）" }
                form.narrow method="post" action=(format!("/job-seekers/{}/notes", d.id)) {
                    (csrf(&ctx.csrf))
                    (input(Field::new("noted_on", "日付", "").kind("date"), e))
                    (textarea(Field::new("body", "内容", "").required(), e, 4))
                    button type="submit" { "追加" }
                }
            }
            h2 { "職場見学・就労体験・企業実習" }
            p.hint { "見学・体験・実習は職業紹介ではないため、帳簿・事業報告には含みません。" }
            table {
                thead { tr { th { "種類" } th { "期間" } th { "受入れ先" } th { "評価・結果" } } }
                tbody {
                    @for (kind, period, host, result) in &d.experiences { tr { td { (kind) } td { (period) } td { (host) } td { (multiline(result)) } } }
                    @if d.experiences.is_empty() { tr { td colspan="4" { "記録はありません。" } } }
                }
            }
            details open[e.contains_key("employer_id") || e.contains_key("start_on")] {
                summary { "見学・体験・実習を記録" }
                form.narrow method="post" action=(format!("/job-seekers/{}/experiences", d.id)) {
                    (csrf(&ctx.csrf))
                    (select(Field::new("kind", "種類", "").required(), &d.experience_kinds, e))
                    (select(Field::new("employer_id", "受入れ先", "").required(), &d.employers, e))
                    div.row {
                        (input(Field::new("start_on", "開始日", "").kind("date").required(), e))
                        (input(Field::new("end_on", "終了日", "").kind("date"), e))
                    }
                    (input(Field::new("hours", "時間", "").hint("例：10:00-12:00"), e))
                    (input(Field::new("host_fee_yen", "受入れ謝金（円）", ""), e))
                    (input(Field::new("insurance", "保険", "").hint("例：ボランティア保険"), e))
                    (textarea(Field::new("assessment", "受入れ先の評価", ""), e, 2))
                    (textarea(Field::new("outcome", "結果・次の段階", ""), e, 2))
                    button type="submit" { "記録する" }
                }
            }
        },
    )
}

/// One ranked result with its reasons.
pub struct MatchCard {
    pub title: String,
    pub link: String,
    pub subtitle: String,
    pub score: u32,
    pub fits: Vec<String>,
    pub misfits: Vec<String>,
    pub refer_link: Option<String>,
}

pub fn matches(
    ctx: &PageCtx,
    title: &str,
    intro: &str,
    back: &str,
    cards: &[MatchCard],
    save_action: Option<&str>,
) -> Markup {
    page(
        ctx,
        title,
        html! {
            p { (intro) " " a href=(back) { "戻る" } }
            p.hint { "評価：勤務時間（400点）・職種（200点）・地域（150点）・賃金（100点）・雇用形態（75点）・開始日（75点）の合計1000点。既に紹介した組合せと受付中でない求人は除いています。" }
            @if let Some(action) = save_action {
                form.inline method="post" action=(action) {
                    (csrf(&ctx.csrf))
                    input type="text" name="name" placeholder="検索の名前" aria-label="検索の名前";
                    " " button type="submit" { "この検索を保存" }
                }
            }
            @for c in cards {
                section.card.match {
                    h2 { a href=(c.link) { (c.title) } " " span.badge { (c.score) "点" } }
                    p { (c.subtitle) }
                    ul.reasons {
                        @for f in &c.fits { li.fit { "○ " (f) } }
                        @for m in &c.misfits { li.misfit { "× " (m) } }
                    }
                    @if let Some(l) = &c.refer_link { p { a.button href=(l) { "紹介する" } } }
                }
            }
            @if cards.is_empty() { p { "条件に合う候補はありません。" } }
        },
    )
}

pub struct ReferralForm<'a> {
    pub job_order_id: i32,
    pub job_seeker_id: i32,
    pub seeker: &'a str,
    pub order: &'a str,
    pub conditions: Vec<(String, Vec<(String, String)>)>,
    pub version: i32,
    pub shown_on: &'a str,
    pub method: &'a str,
    pub interview: &'a str,
    pub documents: &'a str,
    pub methods: &'a Opts,
}

pub fn referral_form(ctx: &PageCtx, f: &ReferralForm, e: &Errors) -> Markup {
    page(
        ctx,
        "紹介",
        html! {
            p {
                "求職者：" a href=(format!("/job-seekers/{}", f.job_seeker_id)) { strong { (f.seeker) } }
                "　求人：" a href=(format!("/job-orders/{}", f.job_order_id)) { strong { (f.order) } }
            }
            (error_summary(e))
            @for (k, msgs) in e { @if k == "job_order_id" || k == "job_seeker_id" { @for m in msgs { p.field-error { (m) } } } }
            form.narrow method="post" action="/referrals" novalidate {
                (csrf(&ctx.csrf))
                input type="hidden" name="job_order_id" value=(f.job_order_id);
                input type="hidden" name="job_seeker_id" value=(f.job_seeker_id);
                fieldset {
                    legend { "労働条件の明示（職業安定法第5条の3）" }
                    p { "求人票 第" (f.version) "版の次の内容を求職者に明示します。内容を確かめてから紹介してください。" }
                    details open {
                        summary { "明示する労働条件（求人票 第" (f.version) "版）" }
                        @for (title, rows) in &f.conditions {
                            h3 { (title) }
                            table.fields { tbody { @for (k, v) in rows { tr { th { (k) } td { (multiline(v)) } } } } }
                        }
                    }
                    (input(Field::new("conditions_shown_on", "明示した日", f.shown_on).kind("date").required(), e))
                    (select(Field::new("conditions_shown_method", "明示の方法", f.method).required(), f.methods, e))
                }
                (input(Field::new("interview", "面接日時・場所", f.interview).hint("例：12月1日（火）10:00　本社2階"), e))
                (input(Field::new("documents", "持参書類", f.documents), e))
                div.actions {
                    button.primary type="submit" { "紹介して紹介状を作成" }
                    " "
                    a.button href=(format!("/job-seekers/{}/matches", f.job_seeker_id)) { "紹介せずに戻る" }
                }
            }
        },
    )
}

pub struct ReferralView {
    pub id: i32,
    pub number: String,
    pub state: String,
    pub open: bool,
    pub flagged: bool,
    pub facts: Vec<(String, String)>,
    /// Facts that name another record, linked to it: (label, text, href).
    pub links: Vec<(String, String, String)>,
    pub transitions: Vec<(String, String, String, String)>,
    pub results: Opts,
    pub reasons: Opts,
    pub via: Opts,
    /// The result form's values: defaults from the order version that was shown, or what the
    /// user typed when the form comes back with a problem.
    pub form: ResultValues,
    pub portal: bool,
}

#[derive(Clone, Debug, Default)]
pub struct ResultValues {
    pub result: String,
    pub reason_code: String,
    pub note: String,
    pub received_via: String,
    pub received_on: String,
    pub start_date: String,
    pub indefinite: bool,
    pub contract_months: String,
    pub weekly_hours: String,
    pub hourly_yen: String,
}

pub fn referral(ctx: &PageCtx, r: &ReferralView, e: &Errors) -> Markup {
    let f = &r.form;
    let base = if r.portal {
        "/portal/referrals"
    } else {
        "/referrals"
    };
    page(
        ctx,
        &format!("紹介 {}", r.number),
        html! {
            p { span.badge { (r.state) } @if r.flagged { " " span.badge.warn { "この求職者は他の紹介で採用されました" } } }
            (error_summary(e))
            @if !r.portal {
                div.actions {
                    a.button href=(format!("/referrals/{}/letter.pdf", r.id)) { "紹介状（PDF）" }
                    @if r.flagged {
                        form.inline method="post" action=(format!("/referrals/{}/clear-flag", r.id)) { (csrf(&ctx.csrf)) button type="submit" { "確認済みにする" } }
                    }
                }
            }
            table.fields { tbody {
                @for (k, v, href) in &r.links { tr { th { (k) } td { a href=(href) { (v) } } } }
                @for (k, v) in &r.facts { tr { th { (k) } td { (multiline(v)) } } }
            } }
            @if r.open {
                h2 { "選考結果の記録" }
                form.narrow method="post" action=(format!("{base}/{}/result", r.id)) novalidate {
                    (csrf(&ctx.csrf))
                    (select(Field::new("result", "結果", &f.result).required(), &r.results, e))
                    (select(Field::new("reason_code", "不採用の理由（任意）", &f.reason_code), &r.reasons, e))
                    (textarea(Field::new("note", "備考", &f.note), e, 2))
                    @if !r.portal {
                        div.row {
                            (select(Field::new("received_via", "受領方法", &f.received_via), &r.via, e))
                            (input(Field::new("received_on", "受領日", &f.received_on).kind("date"), e))
                        }
                    }
                    fieldset {
                        legend { "採用の場合（求人票の条件を初期値にしています。実際の条件に直してください）" }
                        (input(Field::new("start_date", "入社（予定）日", &f.start_date).kind("date"), e))
                        (checkbox("indefinite", "期間の定めなし（無期）", f.indefinite))
                        (input(Field::new("contract_months", "有期の場合：契約期間（か月、1か月未満は0）", &f.contract_months), e))
                        div.row {
                            (input(Field::new("weekly_hours", "週の所定労働時間", &f.weekly_hours), e))
                            (input(Field::new("hourly_yen", "賃金（時間額・円）", &f.hourly_yen), e))
                        }
                    }
                    button.primary type="submit" { "結果を記録" }
                }
            }
            @if !r.transitions.is_empty() {
                h2 { "経過" }
                table {
                    thead { tr { th { "日時" } th { "変更" } th { "理由" } th { "記録者" } } }
                    tbody { @for (at, change, reason, who) in &r.transitions { tr { td.nowrap { (at) } td { (change) } td { (reason) } td { (who) } } } }
                }
            }
        },
    )
}

pub struct RefRow {
    pub id: i32,
    pub number: String,
    pub date: String,
    pub seeker: String,
    pub job: String,
    pub state: String,
    pub flagged: bool,
}

pub fn referrals(
    ctx: &PageCtx,
    title: &str,
    rows: &[RefRow],
    filters: Option<(&str, &Opts)>,
    portal: bool,
) -> Markup {
    let base = if portal {
        "/portal/referrals"
    } else {
        "/referrals"
    };
    page(
        ctx,
        title,
        html! {
            @if let Some((state, states)) = filters {
                form.filters method="get" action="/referrals" {
                    (select(Field::new("state", "状態", state).placeholder("すべて"), states, &Errors::new()))
                    div.field.check { label { input type="checkbox" name="flagged" value="1"; " 他で採用された紹介のみ" } }
                    div.field.check { label { input type="checkbox" name="overdue" value="1"; " 結果が届いていない紹介のみ" } }
                    button type="submit" { "絞り込む" }
                }
            }
            table.stack {
                thead { tr { th { "紹介番号" } th { "紹介日" } th { "求職者" } th { "求人" } th { "状態" } } }
                tbody {
                    @for r in rows {
                        tr {
                            td.nowrap data-label="紹介番号" { a href=(format!("{base}/{}", r.id)) { (r.number) } }
                            td.nowrap data-label="紹介日" { (r.date) }
                            td data-label="求職者" { (r.seeker) }
                            td data-label="求人" { (r.job) }
                            td data-label="状態" { (r.state) @if r.flagged { " " span.badge.warn { "他で採用" } } }
                        }
                    }
                    @if rows.is_empty() { tr { td colspan="5" { "該当する紹介はありません。" } } }
                }
            }
        },
    )
}

pub struct DueRow {
    pub id: i32,
    pub due: String,
    pub kind: String,
    pub seeker: String,
    pub employer: String,
    pub overdue: bool,
}

pub fn follow_ups(ctx: &PageCtx, rows: &[DueRow]) -> Markup {
    page(
        ctx,
        "定着確認の予定",
        html! {
            p { "就職後1週間・1か月・3か月・6か月の確認です（今後7日以内と期限を過ぎたもの）。" }
            table {
                thead { tr { th { "予定日" } th { "時期" } th { "求職者" } th { "就職先" } } }
                tbody {
                    @for r in rows {
                        tr.overdue[r.overdue] { td.nowrap { (r.due) } td { a href=(format!("/follow-ups/{}", r.id)) { (r.kind) } } td { (r.seeker) } td { (r.employer) } }
                    }
                    @if rows.is_empty() { tr { td colspan="4" { "予定はありません。" } } }
                }
            }
        },
    )
}

pub struct FollowUpView<'a> {
    pub id: i32,
    pub heading: String,
    pub done: Option<String>,
    pub contact_with: &'a Opts,
    pub channels: &'a Opts,
    pub results: &'a Opts,
    pub left_reasons: &'a Opts,
}

pub fn follow_up(ctx: &PageCtx, f: &FollowUpView, e: &Errors) -> Markup {
    page(
        ctx,
        "定着確認",
        html! {
            p { (f.heading) }
            @if let Some(d) = &f.done { p.notice { (d) } }
            (error_summary(e))
            form.narrow method="post" action=(format!("/follow-ups/{}", f.id)) novalidate {
                (csrf(&ctx.csrf))
                (input(Field::new("done_on", "確認した日", "").kind("date"), e))
                (select(Field::new("contact_with", "確認の相手", "").required(), f.contact_with, e))
                (select(Field::new("channel", "方法", "").required(), f.channels, e))
                (select(Field::new("result", "結果", "").required(), f.results, e))
                (select(Field::new("left_reason", "離職の理由", ""), f.left_reasons, e))
                (input(Field::new("left_on", "離職日", "").kind("date"), e))
                (textarea(Field::new("note", "内容", ""), e, 3))
                button.primary type="submit" { "記録する" }
            }
        },
    )
}

/// Saved searches: (id, name, kind, saved at, link).
pub fn saved_searches(ctx: &PageCtx, rows: &[(i32, String, String, String, String)]) -> Markup {
    page(
        ctx,
        "保存した検索",
        html! {
            p { "保存した検索は、開くたびにその日の求人・求職者で探し直します。" }
            table {
                thead { tr { th { "名前" } th { "種類" } th { "保存日時" } th { "" } } }
                tbody {
                    @for (id, name, kind, at, link) in rows {
                        tr {
                            td { a href=(link) { (name) } }
                            td { (kind) }
                            td.nowrap { (at) }
                            td { form.inline method="post" action=(format!("/saved-searches/{id}/delete")) { (csrf(&ctx.csrf)) button.link type="submit" { "削除" } } }
                        }
                    }
                    @if rows.is_empty() { tr { td colspan="4" { "保存した検索はありません。マッチング結果の画面から保存できます。" } } }
                }
            }
        },
    )
}
