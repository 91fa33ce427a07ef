use super::*;
use crate::config::SmtpSettings;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

const FROM: &str = "つなぐ市無料職業紹介所 <shokai@city.tsunagu.lg.jp>";
const SUBJECT: &str = "【つなぐ市無料職業紹介所】求人を受理しました（求人番号 R8-00123）";
const BODY: &str =
    "株式会社つなぐ食品\n山田 花子 様\n\n求人番号：R8-00123\n有効期限：令和8年3月31日\n";

fn to() -> Vec<String> {
    vec!["山田 花子 <hanako@tsunagu-foods.example.jp>".to_owned()]
}

/// Splits a message into its unfolded headers and its body.
fn split_message(raw: &str) -> (Vec<(String, String)>, String) {
    let (head, body) = raw
        .split_once("\r\n\r\n")
        .expect("a blank line between header and body");
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in head.split("\r\n") {
        if line.starts_with([' ', '\t']) {
            let (_, value) = headers.last_mut().expect("a folded line follows a header");
            value.push_str(line);
        } else {
            let (name, value) = line.split_once(':').expect("a header line");
            headers.push((name.to_owned(), value.trim().to_owned()));
        }
    }
    (headers, body.to_owned())
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> &'a str {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no {name} header"))
}

/// Decodes an unstructured header made of RFC 2047 `=?utf-8?b?...?=` words (the whitespace
/// between adjacent encoded words is dropped, as the RFC says).
fn decode_words(value: &str) -> String {
    let mut bytes = Vec::new();
    for word in value.split_whitespace() {
        let (charset, rest) = word
            .strip_prefix("=?")
            .and_then(|w| w.strip_suffix("?="))
            .and_then(|w| w.split_once('?'))
            .unwrap_or_else(|| panic!("not an encoded word: {word}"));
        assert!(charset.eq_ignore_ascii_case("utf-8"), "charset {charset}");
        let (encoding, text) = rest.split_once('?').expect("encoding and text");
        assert!(encoding.eq_ignore_ascii_case("b"), "encoding {encoding}");
        bytes.extend(BASE64.decode(text).expect("base64 in an encoded word"));
    }
    String::from_utf8(bytes).expect("UTF-8 subject")
}

/// Decodes a single-part body by its Content-Transfer-Encoding, with LF line endings.
fn decode_body(headers: &[(String, String)], body: &str) -> String {
    let bytes = match header(headers, "Content-Transfer-Encoding")
        .to_ascii_lowercase()
        .as_str()
    {
        "base64" => BASE64
            .decode(body.split_whitespace().collect::<String>())
            .expect("base64 body"),
        "quoted-printable" => {
            quoted_printable::decode(body, quoted_printable::ParseMode::Strict).expect("QP body")
        }
        other => panic!("unexpected transfer encoding {other}"),
    };
    String::from_utf8(bytes)
        .expect("UTF-8 body")
        .replace("\r\n", "\n")
}

/// Checks a message as it goes over the wire or into a file.
fn assert_japanese_message(raw: &str) {
    let (headers, body) = split_message(raw);
    let subject = header(&headers, "Subject");
    assert!(
        subject.to_ascii_lowercase().starts_with("=?utf-8?b?"),
        "{subject}"
    );
    assert_eq!(decode_words(subject), SUBJECT);
    assert!(
        header(&headers, "Content-Type").eq_ignore_ascii_case("text/plain; charset=utf-8"),
        "{raw}"
    );
    assert!(header(&headers, "To").contains("<hanako@tsunagu-foods.example.jp>"));
    assert!(header(&headers, "From").contains("<shokai@city.tsunagu.lg.jp>"));
    header(&headers, "Date");
    header(&headers, "Message-ID");
    assert!(raw.is_ascii(), "headers and body are 7-bit on the wire");
    assert_eq!(decode_body(&headers, &body), BODY);
}

#[tokio::test]
async fn memory_collects_messages_in_order() {
    let mailer = Mailer::memory();
    assert!(mailer.sent().is_empty());
    mailer.send(FROM, &to(), SUBJECT, BODY).await.expect("send");
    let two = vec!["a@example.jp".to_owned(), "b@example.jp".to_owned()];
    mailer
        .send(FROM, &two, "二通目", "本文")
        .await
        .expect("send");

    // A clone shares the list, as AppState clones do.
    let sent = mailer.clone().sent();
    assert_eq!(
        sent,
        vec![
            SentMail {
                to: to(),
                subject: SUBJECT.into(),
                body: BODY.into()
            },
            SentMail {
                to: two,
                subject: "二通目".into(),
                body: "本文".into()
            },
        ]
    );
}

#[tokio::test]
async fn invalid_or_missing_addresses_are_refused() {
    let mailer = Mailer::memory();
    assert!(mailer.send(FROM, &[], SUBJECT, BODY).await.is_err());
    let bad = vec!["not an address".to_owned()];
    let err = mailer.send(FROM, &bad, SUBJECT, BODY).await.unwrap_err();
    assert!(!format!("{err:#}").contains("not an address"), "{err:#}");
    assert!(mailer.send("nobody", &to(), SUBJECT, BODY).await.is_err());
    assert!(mailer.sent().is_empty());
}

#[test]
fn settings_choose_the_transport() {
    let dir = Path::new("data/outbox");
    let mut smtp = SmtpSettings {
        host: None,
        port: 587,
        username: None,
        password: None,
        from: "tsunagu@localhost".into(),
    };
    assert!(
        matches!(Mailer::from_settings(&smtp, dir), Ok(Mailer::Outbox(d)) if d == dir),
        "no host: outbox"
    );
    smtp.host = Some("   ".into());
    assert!(matches!(
        Mailer::from_settings(&smtp, dir),
        Ok(Mailer::Outbox(_))
    ));

    smtp.host = Some("smtp.example.jp".into());
    for port in [587, 465, 25] {
        smtp.port = port;
        assert!(matches!(
            Mailer::from_settings(&smtp, dir),
            Ok(Mailer::Smtp(_))
        ));
    }
    assert!(Mailer::Memory(Arc::default()).sent().is_empty());

    smtp.username = Some("user".into());
    assert!(
        Mailer::from_settings(&smtp, dir).is_err(),
        "user without password"
    );
    smtp.password = Some("secret".into());
    let mailer = Mailer::from_settings(&smtp, dir).expect("with credentials");
    assert!(!format!("{mailer:?}").contains("secret"));

    smtp.from = "not an address".into();
    assert!(Mailer::from_settings(&smtp, dir).is_err(), "bad SMTP_FROM");
}

#[tokio::test]
async fn outbox_writes_a_parseable_eml() {
    let dir = std::env::temp_dir().join(format!(
        "tsunagu-outbox-test-{}-{:x}",
        std::process::id(),
        rand::random::<u32>()
    ));
    let outbox = dir.join("data").join("outbox");
    let smtp = SmtpSettings {
        from: FROM.into(),
        ..SmtpSettings::default()
    };
    let mailer = Mailer::from_settings(&smtp, &outbox).expect("outbox mailer");
    mailer.send(FROM, &to(), SUBJECT, BODY).await.expect("send");
    assert!(mailer.sent().is_empty(), "only Memory keeps messages");

    let files: Vec<PathBuf> = std::fs::read_dir(&outbox)
        .expect("outbox created")
        .map(|e| e.expect("entry").path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let name = files[0]
        .file_name()
        .and_then(|n| n.to_str())
        .expect("file name");
    let (stamp, rest) = name.split_once('-').expect("stamp-random.eml");
    assert!(
        stamp.len() == 15
            && stamp.as_bytes()[8] == b'T'
            && stamp
                .chars()
                .enumerate()
                .all(|(i, c)| i == 8 || c.is_ascii_digit()),
        "{name}"
    );
    let random = rest.strip_suffix(".eml").expect(".eml");
    assert!(
        !random.is_empty() && random.chars().all(|c| c.is_ascii_hexdigit()),
        "{name}"
    );

    let raw = std::fs::read_to_string(&files[0]).expect("read .eml");
    assert_japanese_message(&raw);
    std::fs::remove_dir_all(&dir).expect("clean up");
}

/// What the test SMTP server received.
#[derive(Debug, Default)]
struct Received {
    mail_from: String,
    rcpt_to: Vec<String>,
    data: String,
}

/// Speaks just enough SMTP on `listener` to take one message, then ends at QUIT or when the
/// client closes the connection.
async fn serve_one(listener: TcpListener) -> anyhow::Result<Received> {
    let (stream, _) = listener.accept().await?;
    let (reader, mut writer) = stream.into_split();
    let mut lines = BufReader::new(reader).lines();
    let mut received = Received::default();
    writer
        .write_all(b"220 test.invalid ESMTP ready\r\n")
        .await?;
    while let Some(line) = lines.next_line().await? {
        let upper = line.to_ascii_uppercase();
        let reply: &[u8] = if upper.starts_with("EHLO") {
            b"250-test.invalid\r\n250 8BITMIME\r\n"
        } else if upper.starts_with("HELO") || upper == "RSET" || upper == "NOOP" {
            b"250 OK\r\n"
        } else if let Some(from) = upper.strip_prefix("MAIL FROM:") {
            received.mail_from = line[line.len() - from.len()..].to_owned();
            b"250 OK\r\n"
        } else if let Some(rcpt) = upper.strip_prefix("RCPT TO:") {
            received
                .rcpt_to
                .push(line[line.len() - rcpt.len()..].to_owned());
            b"250 OK\r\n"
        } else if upper == "DATA" {
            writer.write_all(b"354 end with <CRLF>.<CRLF>\r\n").await?;
            while let Some(data_line) = lines.next_line().await? {
                if data_line == "." {
                    break;
                }
                // Undo dot-stuffing (RFC 5321 §4.5.2).
                let data_line = data_line.strip_prefix('.').unwrap_or(&data_line);
                received.data.push_str(data_line);
                received.data.push_str("\r\n");
            }
            b"250 OK queued\r\n"
        } else if upper == "QUIT" {
            writer.write_all(b"221 bye\r\n").await?;
            break;
        } else {
            b"502 not implemented\r\n"
        };
        writer.write_all(reply).await?;
    }
    Ok(received)
}

#[tokio::test]
async fn smtp_round_trip_to_an_in_process_server() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("local addr").port();
    let server = tokio::spawn(serve_one(listener));

    let smtp = SmtpSettings {
        host: Some("127.0.0.1".into()),
        port,
        username: None,
        password: None,
        from: FROM.into(),
    };
    let mailer = Mailer::from_settings(&smtp, Path::new("unused")).expect("smtp mailer");
    assert!(matches!(mailer, Mailer::Smtp(_)));
    tokio::time::timeout(
        Duration::from_secs(10),
        mailer.send(FROM, &to(), SUBJECT, BODY),
    )
    .await
    .expect("send in time")
    .expect("send");

    let received = tokio::time::timeout(Duration::from_secs(10), server)
        .await
        .expect("server done in time")
        .expect("server task")
        .expect("server");
    assert_eq!(received.mail_from, "<shokai@city.tsunagu.lg.jp>");
    assert_eq!(received.rcpt_to, ["<hanako@tsunagu-foods.example.jp>"]);
    assert_japanese_message(&received.data);
}

#[tokio::test]
async fn smtp_rejection_is_reported_without_the_server_text() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("local addr").port();
    let server = tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await?;
        let (reader, mut writer) = stream.split();
        let mut lines = BufReader::new(reader).lines();
        writer.write_all(b"220 test.invalid ESMTP\r\n").await?;
        while let Some(line) = lines.next_line().await? {
            let reply: &[u8] = if line.to_ascii_uppercase().starts_with("RCPT") {
                b"550 5.1.1 <hanako@tsunagu-foods.example.jp>: user unknown\r\n"
            } else {
                b"250 OK\r\n"
            };
            writer.write_all(reply).await?;
        }
        anyhow::Ok(())
    });
    let smtp = SmtpSettings {
        host: Some("127.0.0.1".into()),
        port,
        from: FROM.into(),
        ..SmtpSettings::default()
    };
    let mailer = Mailer::from_settings(&smtp, Path::new("unused")).expect("smtp mailer");
    let err = tokio::time::timeout(
        Duration::from_secs(10),
        mailer.send(FROM, &to(), SUBJECT, BODY),
    )
    .await
    .expect("send in time")
    .expect_err("rejected");
    let text = format!("{err:#}");
    assert!(text.contains("550"), "{text}");
    assert!(!text.contains("hanako"), "{text}");
    server.abort();
}
