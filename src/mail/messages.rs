//! The text of the mail tsunagu sends: pure functions from plain data to `(subject, body)`.
//!
//! Mail to employers is written as a municipal office writes (敬語) and signed with the office's
//! name and telephone number; mail to staff is short and carries nothing about a person.

use chrono::NaiveDate;
use std::fmt::Write as _;

/// The office that sends the mail (its name, telephone and address appear in the signature).
#[derive(Clone, Debug)]
pub struct OfficeInfo {
    pub name: String,
    pub phone: String,
    pub email: String,
    /// Where the employer portal is, e.g. `https://shigoto.example.lg.jp`.
    pub base_url: String,
}

/// A job order, as far as the mail needs it.
#[derive(Clone, Debug)]
pub struct OrderInfo {
    pub employer_name: String,
    /// The employer's contact person; addressed as 「ご担当者様」 when empty.
    pub contact_name: String,
    pub occupation_title: String,
    /// 求人番号, given on acceptance.
    pub number: Option<String>,
    pub valid_until: Option<NaiveDate>,
    /// The employer sent the order themselves (portal or public form); otherwise staff took it
    /// at the counter, by phone or through the API.
    pub applied_online: bool,
}

/// To the employer right after they submit an order: received, and we will write after review.
pub fn order_submitted_to_employer(o: &OfficeInfo, order: &OrderInfo) -> (String, String) {
    let subject = format!("【{}】求人のお申込みを受け付けました", o.name);
    let mut body = salutation(o, order);
    body.push_str(
        "このたびは求人のお申込みをいただき、誠にありがとうございます。\n\
         下記の求人のお申込みを受け付けました。\n\n",
    );
    let _ = writeln!(body, "　職種：{}\n", order.occupation_title);
    body.push_str(
        "お申込みの内容を当所で確認（審査）したうえで、受理・不受理の結果を改めてメールで\
         お知らせいたします。\n\
         内容の確認のため、担当者からお電話等でお問い合わせをさせていただく場合がございます。\
         あらかじめご了承ください。\n\n",
    );
    body.push_str(&questions(o));
    body.push_str("今後ともよろしくお願い申し上げます。\n");
    body.push_str(&signature(o));
    (subject, body)
}

/// To the office's staff: a new order is waiting for review at `link`. Names only the employer and
/// the occupation, never the contact person.
pub fn order_submitted_to_staff(o: &OfficeInfo, order: &OrderInfo, link: &str) -> (String, String) {
    let subject = format!(
        "【求人申込み】{}／{}",
        order.employer_name, order.occupation_title
    );
    let mut body = String::from(
        "求人者ポータルから新しい求人の申込みがありました。\n\
         内容を確認のうえ、受理または不受理の手続きをお願いします。\n\n",
    );
    let _ = writeln!(body, "　求人者：{}", order.employer_name);
    let _ = writeln!(body, "　職種：{}\n", order.occupation_title);
    let _ = writeln!(body, "申込みの内容：\n{link}\n");
    let _ = writeln!(
        body,
        "※このメールは{}の求人管理システムから自動で送信しています。",
        o.name
    );
    (subject, body)
}

/// To the employer: the order is accepted, with its number and expiry date.
pub fn order_accepted(o: &OfficeInfo, order: &OrderInfo) -> (String, String) {
    let subject = format!("【{}】求人を受理しました{}", o.name, subject_number(order));
    let mut body = salutation(o, order);
    body.push_str(if order.applied_online {
        "先日お申込みいただいた求人につきまして、内容を確認のうえ、下記のとおり受理いたしました\
         のでお知らせいたします。\n\n"
    } else {
        "当所でお受けした求人につきまして、下記のとおり受理いたしましたのでお知らせいたします。\n\n"
    });
    let _ = writeln!(body, "　職種：{}", order.occupation_title);
    let _ = writeln!(body, "　求人番号：{}", number_or_pending(order));
    let _ = writeln!(body, "　有効期限：{}\n", valid_until_or_pending(order));
    body.push_str(
        "今後、この求人を当所の求職者の皆さまにご紹介してまいります。\n\
         お問い合わせの際は、求人番号をお知らせください。\n\n\
         採用が決まった場合や募集を取りやめる場合は、お手数ですが募集停止のお手続きを\
         お願いいたします。\n\
         有効期限を過ぎますと、紹介を終了いたします。引き続き募集される場合は、期限までに\
         延長のお手続きをお願いいたします。\n\n",
    );
    body.push_str(&questions(o));
    body.push_str("今後ともよろしくお願い申し上げます。\n");
    body.push_str(&signature(o));
    (subject, body)
}

/// To the employer: the order is not accepted (不受理) under 職業安定法第5条の6第1項.
/// `ground_label` names the item, e.g. 「4号 労働条件の明示（第5条の3第2項）がない求人」; `reason` is the office's
/// explanation and may span several lines.
pub fn order_rejected(
    o: &OfficeInfo,
    order: &OrderInfo,
    ground_label: &str,
    reason: &str,
) -> (String, String) {
    let subject = format!("【{}】求人のお申込みについて（不受理のお知らせ）", o.name);
    let mut body = salutation(o, order);
    body.push_str(
        "先日お申込みいただいた下記の求人につきまして、内容を確認いたしましたところ、\
         誠に恐れ入りますが、職業安定法第5条の6第1項の規定により受理することができません\
         でしたので、お知らせいたします。\n\n",
    );
    let _ = writeln!(body, "　職種：{}", order.occupation_title);
    if let Some(number) = &order.number {
        let _ = writeln!(body, "　求人番号：{number}");
    }
    let _ = writeln!(
        body,
        "\n■ 不受理の根拠\n　職業安定法第5条の6第1項　{}",
        ground_label.trim()
    );
    let _ = writeln!(body, "■ 理由\n{}\n", indent(reason));
    let _ = writeln!(
        body,
        "この決定の内容についてご不明な点やご質問がございましたら、{}までお問い合わせください。\
         担当者よりご説明いたします。\n\
         なお、不受理の理由が解消された場合は、改めてお申込みいただくことができます。\n",
        office_with_phone(o)
    );
    body.push_str("何卒ご理解を賜りますよう、よろしくお願い申し上げます。\n");
    body.push_str(&signature(o));
    (subject, body)
}

/// To the employer: their request to stop recruiting (募集停止) has been received.
pub fn order_stopped(o: &OfficeInfo, order: &OrderInfo) -> (String, String) {
    let subject = format!(
        "【{}】募集停止を受け付けました{}",
        o.name,
        subject_number(order)
    );
    let mut body = salutation(o, order);
    body.push_str(
        "下記の求人につきまして、募集停止のお申し出を受け付けました。\n\
         これにより、この求人の求職者へのご紹介を終了いたします。\n\n",
    );
    let _ = writeln!(body, "　職種：{}", order.occupation_title);
    let _ = writeln!(body, "　求人番号：{}\n", number_or_pending(order));
    body.push_str(
        "当所をご利用いただき、誠にありがとうございました。\n\
         また人材の募集をお考えの際は、お気軽にお申込みください。\n\n",
    );
    let _ = writeln!(
        body,
        "お心当たりのない場合や、募集を再開される場合は、お手数ですが{}までご連絡ください。",
        office_with_phone(o)
    );
    body.push_str(&signature(o));
    (subject, body)
}

/// To the employer when no selection result has come after a referral.
pub fn result_reminder(
    o: &OfficeInfo,
    order: &OrderInfo,
    referral_number: &str,
    seeker_name: &str,
    referred_on: NaiveDate,
) -> (String, String) {
    let subject = format!(
        "【{}】選考結果のご連絡のお願い（紹介番号 {referral_number}）",
        o.name
    );
    let mut body = salutation(o, order);
    let _ = writeln!(
        body,
        "{}に当所からご紹介した下記の方について、選考結果のご連絡をまだいただいておりません。\n\
         お手数ですが、選考結果通知をご返送いただくか、求人者ポータル（{}/portal）からご入力ください。\n",
        wareki(referred_on),
        o.base_url
    );
    let _ = writeln!(body, "　紹介番号：{referral_number}");
    let _ = writeln!(body, "　求職者：{seeker_name} 様");
    let _ = writeln!(body, "　職種：{}", order.occupation_title);
    let _ = writeln!(body, "　求人番号：{}\n", number_or_pending(order));
    let _ = writeln!(
        body,
        "既にご連絡済みの場合は、行き違いをご容赦ください。ご不明な点は{}までお問い合わせください。",
        office_with_phone(o)
    );
    body.push_str(&signature(o));
    (subject, body)
}

/// To the employer about a week before expiry: the date, and how to extend.
pub fn order_expiring(o: &OfficeInfo, order: &OrderInfo) -> (String, String) {
    let subject = format!(
        "【{}】求人の有効期限が近づいています{}",
        o.name,
        subject_number(order)
    );
    let mut body = salutation(o, order);
    let _ = writeln!(
        body,
        "下記の求人は、{}をもって有効期限を迎えますので、お知らせいたします。\n",
        valid_until_or_pending(order)
    );
    let _ = writeln!(body, "　職種：{}", order.occupation_title);
    let _ = writeln!(body, "　求人番号：{}", number_or_pending(order));
    let _ = writeln!(body, "　有効期限：{}\n", valid_until_or_pending(order));
    let _ = writeln!(
        body,
        "引き続き募集をご希望の場合は、有効期限までに延長のお手続きをお願いいたします。\n\
         延長は、求人者ポータル（{}）から、または{}へのご連絡にて承ります。\n\
         有効期限を過ぎますと、この求人のご紹介は終了いたします。\n\
         すでに採用が決まった場合など、このまま募集を終了される場合は、お手続きは不要です。\n",
        o.base_url,
        office_with_phone(o)
    );
    body.push_str("今後ともよろしくお願い申し上げます。\n");
    body.push_str(&signature(o));
    (subject, body)
}

/// To a new employer-portal user: confirm the address and set a password at `link`.
pub fn email_confirmation(o: &OfficeInfo, contact_name: &str, link: &str) -> (String, String) {
    let subject = format!("【{}】メールアドレスの確認とパスワード設定のお願い", o.name);
    let mut body = format!("{} 様\n\n", addressee(contact_name));
    let _ = writeln!(
        body,
        "{}です。\n\
         求人者ポータルのご利用登録にあたり、メールアドレスの確認をお願いいたします。\n\
         下記のリンクを開き、パスワードを設定してください。設定が完了しますと、\
         求人者ポータルをご利用いただけます。\n\n\
         {link}\n\n\
         ※このリンクには有効期限がございます。期限が過ぎた場合やリンクが開けない場合は、\
         お手数ですが{}までお問い合わせください。\n\
         ※このメールにお心当たりのない場合は、他の方がメールアドレスを誤って入力された可能性が\
         ございます。お手数ですが、このメールを破棄してください。リンクを開かない限り、\
         登録は完了いたしません。",
        o.name,
        office_with_phone(o)
    );
    body.push_str(&signature(o));
    (subject, body)
}

/// To a person of an employer already registered at the office: the office invites them to the
/// portal; the link binds the new account to the employer's record.
pub fn portal_invitation(
    o: &OfficeInfo,
    employer_name: &str,
    contact_name: &str,
    link: &str,
) -> (String, String) {
    let subject = format!("【{}】求人者ポータルへのご招待", o.name);
    let mut body = format!(
        "{}\n{} 様\n\n",
        employer_name.trim(),
        addressee(contact_name)
    );
    let _ = writeln!(
        body,
        "平素より{}の業務にご理解とご協力を賜り、厚く御礼申し上げます。\n\n\
         貴社（{}）の求人を、インターネットの求人者ポータルからお申込み・ご確認いただけるよう\
         ご案内いたします。下記のリンクを開いてパスワードを設定すると、当所に登録済みの\
         貴社の求人や紹介された方の選考結果のご入力がご利用いただけます。\n\n\
         {link}\n\n\
         ※このリンクの有効期限は72時間です。期限が過ぎた場合は、{}までご連絡ください。\n\
         ※このメールにお心当たりのない場合は、このメールを破棄してください。",
        o.name,
        employer_name.trim(),
        office_with_phone(o)
    );
    body.push_str(&signature(o));
    (subject, body)
}

/// To a portal user who asked for a new password: a single-use link valid for an hour.
pub fn password_reset(o: &OfficeInfo, name: &str, link: &str) -> (String, String) {
    let subject = format!("【{}】パスワード再設定のご案内", o.name);
    let mut body = format!("{} 様\n\n", addressee(name));
    let _ = writeln!(
        body,
        "{}です。\n\
         求人者ポータルのパスワード再設定のお申し出を受け付けました。\n\
         下記のリンクを開き、新しいパスワードを設定してください。\n\n\
         {link}\n\n\
         ※このリンクは1時間有効で、一度だけ使えます。\n\
         ※お心当たりのない場合は、このメールを破棄してください。パスワードは変わりません。",
        o.name
    );
    body.push_str(&signature(o));
    (subject, body)
}

/// To a visitor whose registration matched an employer already on the office's books: the
/// office will check it and be in touch (no word on what matched).
pub fn registration_received(o: &OfficeInfo, name: &str) -> (String, String) {
    let subject = format!("【{}】事業所登録のお申込みを受け付けました", o.name);
    let mut body = format!("{} 様\n\n", addressee(name));
    let _ = writeln!(
        body,
        "{}です。\n\
         求人者ポータルの事業所登録のお申込みを受け付けました。\n\
         当所で登録内容を確認のうえ、担当者からご連絡いたします。しばらくお待ちください。\n\n\
         ※このメールにお心当たりのない場合は、お手数ですが{}までご連絡ください。",
        o.name,
        office_with_phone(o)
    );
    body.push_str(&signature(o));
    (subject, body)
}

/// To a registered portal user when someone registers their address again: how to sign in.
pub fn already_registered(o: &OfficeInfo, name: &str) -> (String, String) {
    let subject = format!("【{}】事業所登録のお申込みについて", o.name);
    let mut body = format!("{} 様\n\n", addressee(name));
    let _ = writeln!(
        body,
        "{}です。\n\
         このメールアドレスで求人者ポータルの登録のお申込みがありましたが、\
         このメールアドレスは既にご登録いただいています。\n\
         下記からログインしてください。パスワードをお忘れの場合は、ログイン画面の\
         「パスワードを忘れた方」から再設定できます。\n\n\
         {}/portal/login\n\n\
         ※お心当たりのない場合は、このメールを破棄してください。",
        o.name, o.base_url
    );
    body.push_str(&signature(o));
    (subject, body)
}

/// To the office's staff: a registration matched an existing employer and waits to be linked.
pub fn link_request_to_staff(o: &OfficeInfo, employer_name: &str, link: &str) -> (String, String) {
    let subject = format!("【ポータル連携の依頼】{employer_name}");
    let mut body = String::from(
        "公開フォームからの事業所登録が、登録済みの求人者と一致しました。\n\
         重複して登録せず、連携の依頼として受け付けています。\n\
         本人確認のうえ、求人者ポータルへ招待してください。\n\n",
    );
    let _ = writeln!(body, "　求人者：{employer_name}\n");
    let _ = writeln!(body, "連携の依頼：\n{link}\n");
    let _ = writeln!(
        body,
        "※このメールは{}の求人管理システムから自動で送信しています。",
        o.name
    );
    (subject, body)
}

/// To the employer on each referral: the 紹介番号, the order and where to enter the result.
/// Nothing about the person referred beyond what the 紹介状 carries (here: nothing at all).
pub fn referral_made(
    o: &OfficeInfo,
    order: &OrderInfo,
    referral_number: &str,
    referred_on: NaiveDate,
    link: &str,
) -> (String, String) {
    let subject = format!(
        "【{}】求職者をご紹介しました（紹介番号 {referral_number}）",
        o.name
    );
    let mut body = salutation(o, order);
    let _ = writeln!(
        body,
        "{}、下記の求人に当所から求職者の方をご紹介しました。\n\
         紹介状をお持ちの方がご連絡・ご来社されますので、ご対応をお願いいたします。\n",
        wareki(referred_on)
    );
    let _ = writeln!(body, "　紹介番号：{referral_number}");
    let _ = writeln!(body, "　職種：{}", order.occupation_title);
    let _ = writeln!(body, "　求人番号：{}\n", number_or_pending(order));
    let _ = writeln!(
        body,
        "選考の結果は、求人者ポータルからご入力ください。\n{link}\n\n\
         ご不明な点は{}までお問い合わせください。",
        office_with_phone(o)
    );
    body.push_str(&signature(o));
    (subject, body)
}

/// `令和8年3月31日` (元年 for the first year). 令和 from 2019-05-01, 平成 from 1989-01-08; earlier
/// dates, which the mail never carries, are written in the Western calendar.
pub fn wareki(date: NaiveDate) -> String {
    crate::domain::wareki::format_wareki(date)
}

/// The opening of a letter to an employer: addressee and a courtesy line.
fn salutation(o: &OfficeInfo, order: &OrderInfo) -> String {
    format!(
        "{}\n{} 様\n\n平素より{}の業務にご理解とご協力を賜り、厚く御礼申し上げます。\n\n",
        order.employer_name.trim(),
        addressee(&order.contact_name),
        o.name
    )
}

fn addressee(contact_name: &str) -> &str {
    match contact_name.trim() {
        "" => "ご担当者",
        name => name,
    }
}

fn questions(o: &OfficeInfo) -> String {
    format!(
        "ご不明な点がございましたら、{}までお問い合わせください。\n",
        office_with_phone(o)
    )
}

/// `〇〇市無料職業紹介所（電話：0000-00-0000）`
fn office_with_phone(o: &OfficeInfo) -> String {
    match o.phone.trim() {
        "" => o.name.clone(),
        phone => format!("{}（電話：{phone}）", o.name),
    }
}

fn signature(o: &OfficeInfo) -> String {
    const RULE: &str = "――――――――――――――――――――――――";
    let mut s = format!("\n{RULE}\n{}\n", o.name);
    for (label, value) in [("電話", &o.phone), ("メール", &o.email)] {
        if !value.trim().is_empty() {
            let _ = writeln!(s, "{label}：{}", value.trim());
        }
    }
    if !o.base_url.trim().is_empty() {
        let _ = writeln!(s, "{}", o.base_url.trim());
    }
    let _ = writeln!(s, "{RULE}");
    s
}

fn subject_number(order: &OrderInfo) -> String {
    order
        .number
        .as_deref()
        .map(|n| format!("（求人番号 {n}）"))
        .unwrap_or_default()
}

fn number_or_pending(order: &OrderInfo) -> &str {
    order
        .number
        .as_deref()
        .unwrap_or("（追ってお知らせいたします）")
}

fn valid_until_or_pending(order: &OrderInfo) -> String {
    order
        .valid_until
        .map(wareki)
        .unwrap_or_else(|| "（追ってお知らせいたします）".to_owned())
}

/// Indents every line with a full-width space, as the list items around it are.
fn indent(text: &str) -> String {
    text.trim()
        .lines()
        .map(|line| format!("　{}", line.trim_end()))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn office() -> OfficeInfo {
        OfficeInfo {
            name: "つなぐ市無料職業紹介所".into(),
            phone: "012-345-6789".into(),
            email: "shokai@city.tsunagu.lg.jp".into(),
            base_url: "https://shokai.city.tsunagu.lg.jp".into(),
        }
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    fn order() -> OrderInfo {
        OrderInfo {
            employer_name: "株式会社つなぐ食品".into(),
            contact_name: "山田 花子".into(),
            occupation_title: "食品製造スタッフ".into(),
            number: Some("R8-00123".into()),
            valid_until: Some(date(2026, 3, 31)),
            applied_online: true,
        }
    }

    /// Every letter to an employer is addressed and signed.
    fn assert_letter(body: &str) {
        assert!(
            body.starts_with("株式会社つなぐ食品\n山田 花子 様\n"),
            "{body}"
        );
        assert!(body.contains("つなぐ市無料職業紹介所"), "{body}");
        assert!(body.contains("電話：012-345-6789"), "{body}");
    }

    #[test]
    fn wareki_formats_reiwa_gannen_and_heisei() {
        assert_eq!(wareki(date(2026, 3, 31)), "令和8年3月31日");
        assert_eq!(wareki(date(2019, 5, 1)), "令和元年5月1日");
        assert_eq!(wareki(date(2020, 1, 1)), "令和2年1月1日");
        assert_eq!(wareki(date(2019, 4, 30)), "平成31年4月30日");
        assert_eq!(wareki(date(1989, 1, 8)), "平成元年1月8日");
        assert_eq!(wareki(date(1989, 1, 7)), "昭和64年1月7日");
    }

    #[test]
    fn submitted_to_employer_says_received_and_review_follows() {
        let (subject, body) = order_submitted_to_employer(&office(), &order());
        assert_eq!(
            subject,
            "【つなぐ市無料職業紹介所】求人のお申込みを受け付けました"
        );
        assert_letter(&body);
        assert!(body.contains("食品製造スタッフ"));
        assert!(body.contains("受け付けました"));
        assert!(body.contains("審査"));
    }

    #[test]
    fn submitted_to_staff_names_employer_and_title_only() {
        let link = "https://shokai.city.tsunagu.lg.jp/job-orders/42";
        let (subject, body) = order_submitted_to_staff(&office(), &order(), link);
        assert!(subject.contains("株式会社つなぐ食品"));
        assert!(subject.contains("食品製造スタッフ"));
        assert!(body.contains(link));
        assert!(body.contains("株式会社つなぐ食品"));
        for text in [&subject, &body] {
            assert!(!text.contains("山田"), "contact person leaked: {text}");
        }
    }

    #[test]
    fn accepted_gives_number_and_wareki_expiry() {
        let (subject, body) = order_accepted(&office(), &order());
        assert!(subject.contains("受理しました"));
        assert!(subject.contains("R8-00123"));
        assert_letter(&body);
        assert!(body.contains("求人番号：R8-00123"), "{body}");
        assert!(body.contains("有効期限：令和8年3月31日"), "{body}");
        assert!(!body.contains("2026"), "{body}");
    }

    #[test]
    fn rejected_gives_statutory_ground_reason_and_contact() {
        let (subject, body) = order_rejected(
            &office(),
            &order(),
            "4号 労働条件の明示（第5条の3第2項）がない求人",
            "賃金の額が明示されていません。\n就業時間も未記入です。",
        );
        assert!(subject.contains("不受理"));
        assert_letter(&body);
        assert!(body.contains("職業安定法第5条の6第1項"), "{body}");
        assert!(
            body.contains("4号 労働条件の明示（第5条の3第2項）がない求人"),
            "{body}"
        );
        assert!(body.contains("　賃金の額が明示されていません。\n　就業時間も未記入です。"));
        assert!(body.contains("お問い合わせください"));
    }

    #[test]
    fn stopped_confirms_stop_with_number() {
        let (subject, body) = order_stopped(&office(), &order());
        assert!(subject.contains("募集停止を受け付けました"));
        assert!(subject.contains("R8-00123"));
        assert_letter(&body);
        assert!(body.contains("求人番号：R8-00123"));
    }

    #[test]
    fn expiring_gives_date_and_how_to_extend() {
        let (subject, body) = order_expiring(&office(), &order());
        assert!(subject.contains("有効期限"));
        assert!(subject.contains("R8-00123"));
        assert_letter(&body);
        assert!(body.contains("令和8年3月31日"), "{body}");
        assert!(body.contains("延長"));
        assert!(body.contains("https://shokai.city.tsunagu.lg.jp"));
    }

    #[test]
    fn confirmation_carries_link_and_password_setup() {
        let link = "https://shokai.city.tsunagu.lg.jp/portal/confirm?token=abc";
        let (subject, body) = email_confirmation(&office(), "山田 花子", link);
        assert!(subject.contains("メールアドレスの確認"));
        assert!(body.starts_with("山田 花子 様\n"), "{body}");
        assert!(body.contains(&format!("\n{link}\n")), "{body}");
        assert!(body.contains("パスワードを設定"));
        assert!(body.contains("電話：012-345-6789"));
    }

    #[test]
    fn missing_contact_number_and_date_read_naturally() {
        let o = OfficeInfo {
            email: String::new(),
            ..office()
        };
        let order = OrderInfo {
            contact_name: " ".into(),
            number: None,
            valid_until: None,
            ..order()
        };
        let (subject, body) = order_accepted(&o, &order);
        assert_eq!(subject, "【つなぐ市無料職業紹介所】求人を受理しました");
        assert!(body.contains("ご担当者 様"));
        assert!(body.contains("求人番号：（追ってお知らせいたします）"));
        assert!(!body.contains("メール："), "{body}");
        // An order taken at the counter was not 「お申込みいただいた」 online.
        let counter = OrderInfo {
            applied_online: false,
            ..self::order()
        };
        let (_, body) = order_accepted(&office(), &counter);
        assert!(body.contains("当所でお受けした求人"), "{body}");
        assert!(!body.contains("先日お申込み"), "{body}");
    }

    #[test]
    fn referral_mail_names_the_number_and_order_and_links_the_portal() {
        let link = "https://shokai.city.tsunagu.lg.jp/portal/referrals/7";
        let (subject, body) =
            referral_made(&office(), &order(), "R8-S-0042", date(2026, 12, 1), link);
        assert!(subject.contains("R8-S-0042"));
        assert_letter(&body);
        assert!(body.contains("令和8年12月1日") && body.contains("食品製造スタッフ"));
        assert!(body.contains(&format!("\n{link}\n")), "{body}");
    }

    #[test]
    fn reset_and_invitation_carry_their_links_and_limits() {
        let (subject, body) =
            password_reset(&office(), "山田 花子", "https://x/portal/reset?token=t");
        assert!(subject.contains("パスワード再設定"));
        assert!(body.contains("https://x/portal/reset?token=t") && body.contains("1時間"));
        let (subject, body) = portal_invitation(
            &office(),
            "株式会社つなぐ食品",
            "",
            "https://x/portal/confirm?token=t",
        );
        assert!(subject.contains("招待"));
        assert!(
            body.starts_with("株式会社つなぐ食品\nご担当者 様"),
            "{body}"
        );
        assert!(body.contains("https://x/portal/confirm?token=t"));
        let (_, body) = registration_received(&office(), "山田 花子");
        assert!(body.contains("担当者からご連絡"));
        assert!(
            !body.contains("既に"),
            "a receipt does not say what matched"
        );
    }
}
