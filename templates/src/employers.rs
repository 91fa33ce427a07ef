//! Employer (求人者) pages.
use crate::forms::{
    Errors, Field, checkbox, csrf, error_summary, field_errors, input, select, textarea,
};
use crate::layout::{PageCtx, multiline, page};
use maud::{Markup, html};

pub struct EmployerRow {
    pub id: i32,
    pub name: String,
    pub name_kana: String,
    pub municipality: String,
    pub contact: String,
    pub badges: Vec<(String, &'static str)>,
}

pub struct ListFilter<'a> {
    pub q: &'a str,
    pub status: &'a str,
    pub cooperation: &'a str,
    pub statuses: &'a [(String, String)],
    pub cooperations: &'a [(String, String)],
}

pub fn badges(b: &[(String, &'static str)]) -> Markup {
    html! { @for (text, class) in b { span class=(format!("badge {class}")) { (text) } " " } }
}

pub fn list(
    ctx: &PageCtx,
    f: &ListFilter,
    rows: &[EmployerRow],
    total: u64,
    page_no: u64,
    pages: u64,
    query: &str,
) -> Markup {
    let none = Errors::new();
    page(
        ctx,
        "求人者",
        html! {
            p { a.button href="/employers/new" { "求人者を登録" } }
            form.filters method="get" action="/employers" {
                (input(Field::new("q", "検索（名称・フリガナ・電話・法人番号・市区町村）", f.q).kind("search"), &none))
                (select(Field::new("status", "状態", f.status).placeholder("すべて"), f.statuses, &none))
                (select(Field::new("cooperation", "協力内容", f.cooperation).placeholder("すべて"), f.cooperations, &none))
                button type="submit" { "検索" }
            }
            p { (total) " 件（" (page_no) " / " (pages) " ページ）" }
            table {
                thead { tr { th { "名称" } th { "所在地" } th { "連絡担当者" } th { "状態" } } }
                tbody {
                    @for r in rows {
                        tr {
                            td { a href=(format!("/employers/{}", r.id)) { (r.name) } br; small { (r.name_kana) } }
                            td { (r.municipality) }
                            td { (r.contact) }
                            td { (badges(&r.badges)) }
                        }
                    }
                    @if rows.is_empty() { tr { td colspan="4" { "該当する求人者はありません。" } } }
                }
            }
            nav.pager {
                @if page_no > 1 { a href=(format!("/employers?{query}&page={}", page_no - 1)) { "← 前へ" } }
                @if page_no < pages { a href=(format!("/employers?{query}&page={}", page_no + 1)) { "次へ →" } }
            }
        },
    )
}

/// The employer form's values (strings as typed).
pub struct EmployerForm<'a> {
    pub action: String,
    /// The version of the record being edited (empty for a new one).
    pub lock: &'a str,
    /// The public registration needs the address (the confirmation is mailed to it).
    pub email_required: bool,
    pub name: &'a str,
    pub name_kana: &'a str,
    pub corporate_number: &'a str,
    pub employment_insurance_number: &'a str,
    pub postal_code: &'a str,
    pub prefecture_code: &'a str,
    pub municipality: &'a str,
    pub address: &'a str,
    pub representative: &'a str,
    pub contact_name: &'a str,
    pub contact_phone: &'a str,
    pub contact_email: &'a str,
    pub phone: &'a str,
    pub fax: &'a str,
    pub industry_code: &'a str,
    pub business_description: &'a str,
    pub employees_total: &'a str,
    pub employees_workplace: &'a str,
    pub employees_women: &'a str,
    pub employees_part_time: &'a str,
    pub pension_insured_count: &'a str,
    pub has_work_rules: bool,
    pub retirement_age: &'a str,
    pub rehire: &'a str,
    pub has_labor_union: bool,
    pub cooperation: &'a [String],
    pub training_certifier: &'a str,
    pub training_certified_on: &'a str,
    pub capacity: &'a str,
    pub notes: &'a str,
    pub prefectures: &'a [(String, String)],
    pub industries: &'a [(String, String)],
    pub cooperations: &'a [(String, String)],
    /// Suspected duplicates: (id, name, address).
    pub duplicates: Vec<(i32, String, String)>,
}

pub fn form(ctx: &PageCtx, title: &str, f: &EmployerForm, e: &Errors) -> Markup {
    page(
        ctx,
        title,
        html! {
            (error_summary(e))
            (duplicates(f))
            form method="post" action=(f.action) novalidate {
                (csrf(&ctx.csrf))
                @if !f.lock.is_empty() { input type="hidden" name="lock" value=(f.lock); }
                @if !f.duplicates.is_empty() { (checkbox("allow_duplicate", "別の事業所として登録する", false)) }
                (fields(f, e))
                button.primary type="submit" { "保存" }
            }
        },
    )
}

fn duplicates(f: &EmployerForm) -> Markup {
    html! {
        @if !f.duplicates.is_empty() {
            div.error-summary role="alert" {
                p { "同じ法人番号、または同じ名称と電話番号の求人者が既に登録されています。" }
                ul { @for (id, name, addr) in &f.duplicates { li { a href=(format!("/employers/{id}")) { (name) } "（" (addr) "）" } } }
                p { "別の事業所として登録する場合は、下の「別の事業所として登録する」に印を付けて、もう一度保存してください。" }
            }
        }
    }
}

/// The employer's fields (used by staff and by the public registration form).
pub fn fields(f: &EmployerForm, e: &Errors) -> Markup {
    html! {
        fieldset {
            legend { "事業所" }
            (input(Field::new("name", "事業所の名称", f.name).required().hint("法人名と事業所名（例：株式会社つなぐ 豊中工場）"), e))
            (input(Field::new("name_kana", "フリガナ", f.name_kana), e))
            (input(Field::new("corporate_number", "法人番号（13桁）", f.corporate_number).hint("チェックデジットを確認します"), e))
            (input(Field::new("employment_insurance_number", "雇用保険適用事業所番号", f.employment_insurance_number), e))
            (input(Field::new("postal_code", "郵便番号", f.postal_code).autocomplete("postal-code"), e))
            (select(Field::new("prefecture_code", "都道府県", f.prefecture_code).required(), f.prefectures, e))
            (input(Field::new("municipality", "市区町村", f.municipality).required(), e))
            (input(Field::new("address", "番地・建物名・階・部屋番号", f.address).required().hint("的確表示（職業安定法第5条の4）のため、部屋番号まで"), e))
            (input(Field::new("representative", "代表者", f.representative), e))
            (input(Field::new("phone", "代表電話", f.phone).kind("tel"), e))
            (input(Field::new("fax", "FAX", f.fax).kind("tel"), e))
        }
        fieldset {
            legend { "求人連絡担当者" }
            (input(Field::new("contact_name", "氏名", f.contact_name).required(), e))
            (input(Field::new("contact_phone", "電話番号", f.contact_phone).kind("tel").required(), e))
            (input(if f.email_required { Field::new("contact_email", "メールアドレス", f.contact_email).kind("email").required() } else { Field::new("contact_email", "メールアドレス", f.contact_email).kind("email") }, e))
        }
        fieldset {
            legend { "事業の内容" }
            (select(Field::new("industry_code", "業種（日本標準産業分類）", f.industry_code), f.industries, e))
            (textarea(Field::new("business_description", "事業内容", f.business_description), e, 3))
            div.row {
                (input(Field::new("employees_total", "従業員数（企業全体）", f.employees_total).kind("text"), e))
                (input(Field::new("employees_workplace", "うち就業場所", f.employees_workplace), e))
                (input(Field::new("employees_women", "うち女性", f.employees_women), e))
                (input(Field::new("employees_part_time", "うちパート", f.employees_part_time), e))
            }
            (input(Field::new("pension_insured_count", "厚生年金の被保険者数", f.pension_insured_count).hint("51人以上で特定適用事業所（短時間労働者の社会保険適用）"), e))
            (checkbox("has_work_rules", "就業規則あり", f.has_work_rules))
            (input(Field::new("retirement_age", "定年（歳）", f.retirement_age).hint("定年制がなければ空欄"), e))
            (input(Field::new("rehire", "再雇用・勤務延長", f.rehire).hint("例：65歳まで再雇用"), e))
            (checkbox("has_labor_union", "労働組合あり", f.has_labor_union))
        }
        fieldset {
            legend { "協力内容" }
            @for (code, label) in f.cooperations {
                div.field.check { label { input type="checkbox" name="cooperation" value=(code) checked[f.cooperation.contains(code)]; " " (label) } }
            }
            (field_errors(e, "cooperation"))
            (input(Field::new("training_certifier", "認定就労訓練の認定自治体", f.training_certifier), e))
            (input(Field::new("training_certified_on", "認定日", f.training_certified_on).kind("date"), e))
            (textarea(Field::new("capacity", "受入れ可能人数・条件", f.capacity), e, 2))
            (textarea(Field::new("notes", "備考", f.notes), e, 3))
        }
    }
}

pub struct EmployerView {
    pub id: i32,
    pub name: String,
    pub badges: Vec<(String, &'static str)>,
    pub pending: bool,
    pub fields: Vec<(&'static str, String)>,
    pub rejection: Option<String>,
    pub dispute: Option<String>,
    pub contacts: Vec<(String, String, String, String)>,
    pub orders: Vec<(i32, String, String, String, String)>,
}

pub struct StatusForm<'a> {
    pub rejection_ground: &'a str,
    pub rejection_decided_on: &'a str,
    pub rejection_until: &'a str,
    pub rejection_reason: &'a str,
    pub labor_dispute: bool,
    pub labor_dispute_since: &'a str,
    pub labor_dispute_note: &'a str,
    pub grounds: &'a [(String, String)],
}

pub fn show(
    ctx: &PageCtx,
    v: &EmployerView,
    status: &StatusForm,
    channels: &[(String, String)],
    e: &Errors,
) -> Markup {
    page(
        ctx,
        &v.name,
        html! {
            p { (badges(&v.badges)) }
            (error_summary(e))
            p.actions {
                a.button href=(format!("/employers/{}/edit", v.id)) { "編集" }
                " "
                a.button href=(format!("/employers/{}/job-orders/new", v.id)) { "求人を登録" }
                " "
                a.button href=(format!("/employers/{}/breakdown", v.id)) { "作業分解書（業務の切り出し）" }
                " "
                a.button href=(format!("/employers/{}/portal", v.id)) { "ポータル・統合" }
                @if v.pending {
                    " "
                    form.inline method="post" action=(format!("/employers/{}/confirm", v.id)) {
                        (csrf(&ctx.csrf))
                        button.primary type="submit" { "登録内容を確認済みにする" }
                    }
                }
            }
            @if let Some(r) = &v.rejection { div.error-summary { p { "不受理：" (r) } } }
            @if let Some(d) = &v.dispute { div.error-summary { p { "労働争議：" (d) } } }
            table.fields {
                tbody { @for (k, val) in &v.fields { tr { th { (k) } td { (multiline(val)) } } } }
            }
            h2 { "求人" }
            table {
                thead { tr { th { "求人番号" } th { "職種" } th { "状態" } th { "有効期限" } } }
                tbody {
                    @for (id, number, title, state, until) in &v.orders {
                        tr { td { a href=(format!("/job-orders/{id}")) { (number) } } td { a href=(format!("/job-orders/{id}")) { (title) } } td { (state) } td { (until) } }
                    }
                    @if v.orders.is_empty() { tr { td colspan="4" { "まだ求人はありません。" } } }
                }
            }
            h2 { "連絡記録（訪問・電話）" }
            table {
                thead { tr { th { "日付" } th { "方法" } th { "担当" } th { "内容" } } }
                tbody {
                    @for (date, ch, who, what) in &v.contacts { tr { td.nowrap { (date) } td { (ch) } td { (who) } td { (multiline(what)) } } }
                    @if v.contacts.is_empty() { tr { td colspan="4" { "記録はありません。" } } }
                }
            }
            details open[e.contains_key("summary") || e.contains_key("contacted_on")] {
                summary { "連絡記録を追加" }
                form.narrow method="post" action=(format!("/employers/{}/contacts", v.id)) {
                    (csrf(&ctx.csrf))
                    (input(Field::new("contacted_on", "日付", "").kind("date").required(), e))
                    (select(Field::new("channel", "方法", "phone").required(), channels, e))
                    (textarea(Field::new("summary", "内容", "").required(), e, 3))
                    button type="submit" { "追加" }
                }
            }
            h2 { "不受理・労働争議" }
            form.narrow method="post" action=(format!("/employers/{}/status", v.id)) {
                (csrf(&ctx.csrf))
                (select(Field::new("rejection_ground", "不受理の根拠（職業安定法第5条の6第1項）", status.rejection_ground).placeholder("不受理としない"), status.grounds, e))
                (input(Field::new("rejection_decided_on", "不受理の決定日", status.rejection_decided_on).kind("date"), e))
                (input(Field::new("rejection_until", "不受理期間の終期", status.rejection_until).kind("date").hint("例：是正後6か月"), e))
                (textarea(Field::new("rejection_reason", "不受理の理由", status.rejection_reason), e, 2))
                (checkbox("labor_dispute", "労働争議あり（同盟罷業・作業所閉鎖の通報：職業安定法第20条。紹介できません）", status.labor_dispute))
                (input(Field::new("labor_dispute_since", "通報日", status.labor_dispute_since).kind("date"), e))
                (textarea(Field::new("labor_dispute_note", "内容", status.labor_dispute_note), e, 2))
                button type="submit" { "状態を保存" }
            }
        },
    )
}
