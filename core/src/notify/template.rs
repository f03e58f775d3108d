//! The texts of citizens' notifications, in Vietnamese and English.
//!
//! Every message carries both languages: the preferred one first, then the other under a rule line, so that
//! a message forwarded to a relative who reads the other language still serves. The subject is in the
//! preferred language. A text names the dossier by its code and holds only what the event says (a date,
//! the missing papers, a tracking number): never the applicant's name, ID number, address or phone number.
//!
//! Dates are written `dd/mm/yyyy` in Vietnamese and `yyyy-mm-dd` in English; times are Vietnam's
//! (UTC+7).

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::{CitizenNotice, Language, Notice};
use crate::time::to_vietnam;

/// A rendered text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rendered {
    /// The subject line (an e-mail's subject; an SMS starts with it).
    pub subject: String,
    /// The body, both languages.
    pub body: String,
}

/// The line between the two languages of a body.
pub const SEPARATOR: &str = "\n\n----------\n\n";

/// The subject and body of `notice`, `first` language first.
pub fn render(notice: &CitizenNotice, first: Language) -> Rendered {
    let (subject, body) = text(notice, first);
    let (_, other) = text(notice, first.other());
    Rendered {
        subject,
        body: format!("{body}{SEPARATOR}{other}"),
    }
}

fn date(d: Date, lang: Language) -> String {
    match lang {
        Language::Vi => format!("{:02}/{:02}/{}", d.day(), d.month(), d.year()),
        Language::En => d.to_string(),
    }
}

fn text(n: &CitizenNotice, lang: Language) -> (String, String) {
    let code = &n.dossier;
    let local = to_vietnam(n.at);
    let day = date(local.date(), lang);
    let time = format!("{:02}:{:02}", local.hour(), local.minute());
    let (subject, mut body) = match (&n.notice, lang) {
        (Notice::HandedToAgency { due }, Language::Vi) => (
            format!("Hồ sơ {code} đã được giao cho cơ quan giải quyết"),
            format!(
                "Bưu điện đã giao hồ sơ {code} cho bộ phận một cửa của cơ quan giải quyết lúc {time} ngày {day}. {}",
                match due {
                    Some(d) => format!("Ngày hẹn trả kết quả: {}.", date(*d, lang)),
                    None => "Ngày hẹn trả kết quả sẽ được thông báo sau.".to_owned(),
                }
            ),
        ),
        (Notice::HandedToAgency { due }, Language::En) => (
            format!("Dossier {code} has been handed to the agency"),
            format!(
                "The post office handed dossier {code} to the agency's one-stop desk at {time} on {day}. {}",
                match due {
                    Some(d) => format!("The result is due on {}.", date(*d, lang)),
                    None => "The due date of the result will follow.".to_owned(),
                }
            ),
        ),
        (Notice::SupplementRequested { missing }, Language::Vi) => (
            format!("Hồ sơ {code}: cơ quan yêu cầu bổ sung giấy tờ"),
            format!(
                "Ngày {day}, cơ quan giải quyết yêu cầu bổ sung, hoàn thiện hồ sơ {code}:\n{}\nVui lòng nộp giấy tờ bổ sung tại bưu cục hoặc bộ phận một cửa.",
                list(missing)
            ),
        ),
        (Notice::SupplementRequested { missing }, Language::En) => (
            format!("Dossier {code}: the agency asks for more papers"),
            format!(
                "On {day} the agency asked for more papers for dossier {code}:\n{}\nPlease hand them in at a post office or at the one-stop desk.",
                list(missing)
            ),
        ),
        (Notice::ResultSent { tracking }, Language::Vi) => (
            format!("Hồ sơ {code}: kết quả đang được gửi đến bạn"),
            format!(
                "Ngày {day}, bưu điện đã nhận kết quả giải quyết hồ sơ {code} từ cơ quan và đang chuyển đến địa chỉ nhận.{}",
                tracking
                    .as_ref()
                    .map(|t| format!(" Số hiệu bưu gửi: {t}."))
                    .unwrap_or_default()
            ),
        ),
        (Notice::ResultSent { tracking }, Language::En) => (
            format!("Dossier {code}: the result is on its way"),
            format!(
                "On {day} the post office collected the result of dossier {code} from the agency and is carrying it to the delivery address.{}",
                tracking
                    .as_ref()
                    .map(|t| format!(" Tracking number: {t}."))
                    .unwrap_or_default()
            ),
        ),
        (Notice::OutForDelivery { attempt, tracking }, Language::Vi) => (
            format!("Hồ sơ {code}: bưu tá đang phát kết quả (lần {attempt})"),
            format!(
                "Ngày {day}, bưu tá đang đi phát kết quả hồ sơ {code} (lần phát thứ {attempt}){}. Người nhận cần xuất trình giấy tờ tùy thân; người được ủy quyền mang theo giấy ủy quyền.",
                tracking
                    .as_ref()
                    .map(|t| format!(", số hiệu bưu gửi {t}"))
                    .unwrap_or_default()
            ),
        ),
        (Notice::OutForDelivery { attempt, tracking }, Language::En) => (
            format!("Dossier {code}: the result is out for delivery (attempt {attempt})"),
            format!(
                "On {day} a postal worker is out delivering the result of dossier {code} (attempt {attempt}){}. The recipient shows an ID document; a person acting for them brings the written authorisation.",
                tracking
                    .as_ref()
                    .map(|t| format!(", tracking number {t}"))
                    .unwrap_or_default()
            ),
        ),
    };
    body.push_str(match lang {
        Language::Vi => "\n\nTin nhắn tự động của hệ thống hồ sơ qua bưu chính công ích.",
        Language::En => "\n\nAn automatic message of the public postal service for dossiers.",
    });
    (subject, body)
}

fn list(items: &[String]) -> String {
    items
        .iter()
        .map(|i| format!("- {i}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{EventId, TrackingNumber, demo};

    fn notice(n: Notice) -> CitizenNotice {
        CitizenNotice {
            dossier: demo::header(1).code,
            event: EventId::from_u128(9),
            // 16:05 in Vietnam on 3 March 2026.
            at: "2026-03-03T09:05:00Z".parse().unwrap(),
            notice: n,
        }
    }

    #[test]
    fn every_notice_reads_in_both_languages_preferred_first() {
        let tracking: TrackingNumber = "EA123456799VN".parse().unwrap();
        let all = [
            Notice::HandedToAgency {
                due: Some(jiff::civil::date(2026, 3, 10)),
            },
            Notice::HandedToAgency { due: None },
            Notice::SupplementRequested {
                missing: vec!["Bản sao căn cước".into(), "Ảnh 3x4".into()],
            },
            Notice::ResultSent {
                tracking: Some(tracking.clone()),
            },
            Notice::OutForDelivery {
                attempt: 2,
                tracking: Some(tracking),
            },
        ];
        for n in all {
            let n = notice(n);
            let vi = render(&n, Language::Vi);
            let en = render(&n, Language::En);
            let (vi_first, en_second) = vi.body.split_once(SEPARATOR).unwrap();
            let (en_first, vi_second) = en.body.split_once(SEPARATOR).unwrap();
            assert_eq!((vi_first, en_second), (vi_second, en_first), "{n:?}");
            assert!(vi_first.contains("Hồ sơ") || vi_first.contains("hồ sơ"));
            assert!(en_first.contains("dossier"));
            assert!(vi.subject.contains(n.dossier.as_str()));
            assert!(en.subject.contains(n.dossier.as_str()));
            assert!(vi_first.contains("03/03/2026") && en_first.contains("2026-03-03"));
        }
    }

    #[test]
    fn the_texts_carry_the_facts_of_the_event() {
        let handed = render(
            &notice(Notice::HandedToAgency {
                due: Some(jiff::civil::date(2026, 3, 10)),
            }),
            Language::Vi,
        );
        assert!(handed.body.contains("lúc 16:05 ngày 03/03/2026"));
        assert!(handed.body.contains("Ngày hẹn trả kết quả: 10/03/2026."));
        assert!(handed.body.contains("The result is due on 2026-03-10."));
        let supplement = render(
            &notice(Notice::SupplementRequested {
                missing: vec!["Bản sao căn cước".into()],
            }),
            Language::En,
        );
        assert!(supplement.body.contains("- Bản sao căn cước"));
        let attempt = render(
            &notice(Notice::OutForDelivery {
                attempt: 2,
                tracking: "EA123456799VN".parse().ok(),
            }),
            Language::En,
        );
        assert!(attempt.subject.ends_with("(attempt 2)"));
        assert!(attempt.body.contains("tracking number EA123456799VN"));
        assert!(attempt.body.contains("lần phát thứ 2"));
    }

    #[test]
    fn no_text_names_the_applicant() {
        let header = demo::header(1);
        let n = notice(Notice::HandedToAgency { due: None });
        let text = render(&n, Language::Vi);
        assert!(!text.body.contains(header.applicant.name()));
    }
}
