//! Golden samples: every file in `samples/` is exactly what the encoder writes for the message it decodes to.
//!
//! Run with `HOSO_BLESS=1` to rewrite the files after a deliberate format change.

use std::path::PathBuf;

use hoso_core::Vnd;
use hoso_core::adapter::{
    AgencyMessage, AgencyRef, AgencySide, Decoded, DossierSubmission, IssuedDocument, Notice,
    OutboundMessage, ProcessingUpdate, SubmissionApplicant, SubmissionReceipt, SubmittedDocument,
    SupplementDelivery, Withdrawal,
};
use hoso_licensing::{LicensingCodec, Version};
use jiff::civil::date;

const AGENCY: &str = "000.00.15.H22";
const DOSSIER: &str = "000.00.15.H22-260115-0042";

/// `dd/MM/yyyy HH:mm:ss`, Vietnam time, as the authority writes it.
fn at(text: &str) -> jiff::Timestamp {
    let local = jiff::civil::DateTime::strptime("%d/%m/%Y %H:%M:%S", text).unwrap();
    hoso_core::time::from_vietnam(local).unwrap()
}

fn notice(version: Version, id: &str, sent: &str, notice: Notice) -> Decoded {
    Decoded::Notice(AgencyMessage {
        message_id: id.into(),
        agency: AGENCY.parse().unwrap(),
        dossier: DOSSIER.parse().unwrap(),
        reference: Some(AgencyRef("BN-2026-000731".into())),
        sent_at: at(sent),
        officer: Some(
            if version == Version::V1 {
                "Tran Thi Binh"
            } else {
                "Trần Thị Bình"
            }
            .into(),
        ),
        notice,
    })
}

fn documents(version: Version) -> Vec<SubmittedDocument> {
    let pages = |n| (version == Version::V2).then_some(n);
    vec![
        SubmittedDocument {
            name: "Đơn đề nghị đổi giấy phép lái xe".into(),
            originals: 1,
            copies: 0,
            pages: pages(1),
        },
        SubmittedDocument {
            name: "Giấy khám sức khỏe của người lái xe".into(),
            originals: 1,
            copies: 0,
            pages: pages(2),
        },
        SubmittedDocument {
            name: "Giấy phép lái xe cũ".into(),
            originals: 0,
            copies: 1,
            pages: pages(1),
        },
    ]
}

/// One message of every kind, as `version` can carry it.
pub fn messages(version: Version) -> Vec<(&'static str, Decoded)> {
    let v2 = version == Version::V2;
    vec![
        (
            "nop-ho-so",
            Decoded::Outbound(OutboundMessage::Submission(DossierSubmission {
                message_id: "NOP-000.00.15.H22-260115-0042".into(),
                sent_at: at("15/01/2026 14:05:00"),
                dossier: DOSSIER.parse().unwrap(),
                procedure: "1.002820".parse().unwrap(),
                applicant: SubmissionApplicant {
                    name: "Nguyễn Văn An".into(),
                    citizen_id: Some("001090012345".parse().unwrap()),
                    phone: Some("0912345678".parse().unwrap()),
                    address: Some("Số 12 phố Hàng Bài, phường Hoàn Kiếm, Hà Nội".into()),
                    email: v2.then(|| "an.nguyen@example.vn".into()),
                },
                documents: documents(version),
                fee: Vnd(135_000),
                result_by_post: true,
            })),
        ),
        (
            "bien-nhan",
            Decoded::Receipt(SubmissionReceipt {
                agency: AGENCY.parse().unwrap(),
                dossier: DOSSIER.parse().unwrap(),
                reference: AgencyRef("BN-2026-000731".into()),
                idempotency_key: "NOP-000.00.15.H22-260115-0042".into(),
                received_at: at("16/01/2026 08:12:40"),
            }),
        ),
        (
            "tiep-nhan-ho-so",
            notice(
                version,
                "TN-731",
                "16/01/2026 09:30:00",
                Notice::Accepted {
                    appointment: date(2026, 1, 23),
                    received_at: v2.then(|| at("16/01/2026 08:12:40")),
                },
            ),
        ),
        (
            "yeu-cau-bo-sung",
            notice(
                version,
                "BS-731",
                "19/01/2026 10:00:00",
                Notice::SupplementRequested {
                    reason: "Giấy khám sức khỏe đã quá 6 tháng".into(),
                    missing: vec!["Giấy khám sức khỏe của người lái xe (còn hiệu lực)".into()],
                    due: v2.then(|| date(2026, 2, 2)),
                },
            ),
        ),
        (
            "nop-bo-sung",
            Decoded::Outbound(OutboundMessage::SupplementDelivered(SupplementDelivery {
                message_id: "BS-NOP-000.00.15.H22-260115-0042-1".into(),
                sent_at: at("21/01/2026 15:20:00"),
                dossier: DOSSIER.parse().unwrap(),
                reference: Some(AgencyRef("BN-2026-000731".into())),
                documents: vec![SubmittedDocument {
                    name: "Giấy khám sức khỏe của người lái xe".into(),
                    originals: 1,
                    copies: 0,
                    pages: v2.then_some(2),
                }],
            })),
        ),
        (
            "tu-choi-ho-so",
            notice(
                version,
                "TC-731",
                "16/01/2026 09:30:00",
                Notice::Refused {
                    reason: "Giấy phép lái xe cũ không do cơ quan Việt Nam cấp".into(),
                    reason_code: v2.then(|| "GPLX-07".into()),
                    legal_basis: v2.then(|| "Thông tư 35/2024/TT-BGTVT, Điều 38".into()),
                },
            ),
        ),
        (
            "cap-nhat-xu-ly",
            notice(
                version,
                "XL-731",
                "17/01/2026 08:00:00",
                Notice::Processing {
                    update: ProcessingUpdate::Started,
                    note: Some("Đã chuyển phòng sát hạch, cấp phép".into()),
                },
            ),
        ),
        (
            "hen-lai",
            notice(
                version,
                "HL-731",
                "22/01/2026 16:00:00",
                Notice::Processing {
                    update: ProcessingUpdate::Extended {
                        new_appointment: date(2026, 1, 27),
                    },
                    note: Some("Xin lỗi: hệ thống in phôi tạm ngừng".into()),
                },
            ),
        ),
        (
            "ket-qua-san-sang",
            notice(
                version,
                "KQ-731",
                "26/01/2026 11:00:00",
                Notice::ResultReady {
                    document: IssuedDocument {
                        title: if v2 {
                            "Giấy phép lái xe hạng B"
                        } else {
                            "Giấy phép lái xe"
                        }
                        .into(),
                        number: "010123456789".into(),
                        serial: v2.then(|| "AB1234567".into()),
                        categories: vec!["B".into(), "A1".into()],
                        issued_on: date(2026, 1, 26),
                        valid_until: Some(date(2036, 1, 26)),
                    },
                },
            ),
        ),
        (
            "ban-giao-buu-dien",
            notice(
                version,
                "BG-731",
                "26/01/2026 14:30:00",
                Notice::ResultHandedToPost {
                    tracking: "EA123456785VN".parse().unwrap(),
                    items: 1,
                    handed_at: at("26/01/2026 14:25:00"),
                    postal_worker: Some("Lê Văn Cường".into()),
                    seal: v2.then(|| "NP-H22-00981".into()),
                },
            ),
        ),
        (
            "rut-ho-so",
            Decoded::Outbound(OutboundMessage::Withdrawal(Withdrawal {
                message_id: "RUT-000.00.15.H22-260115-0042".into(),
                sent_at: at("20/01/2026 09:00:00"),
                dossier: DOSSIER.parse().unwrap(),
                reference: Some(AgencyRef("BN-2026-000731".into())),
                reason: "Công dân đã được cấp lại tại nơi khác".into(),
            })),
        ),
    ]
}

fn sample_path(version: Version, name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join(format!("samples/v{}/{name}.xml", version.number()))
}

#[test]
fn every_sample_is_what_the_encoder_writes_for_it() {
    for version in Version::ALL {
        let codec = LicensingCodec::new(AGENCY.parse().unwrap(), version);
        for (name, message) in messages(version) {
            let path = sample_path(version, name);
            hoso_testkit::golden_file(&path, &codec.encode_any(&message).unwrap());
            let on_disk = std::fs::read(&path).unwrap();
            assert_eq!(
                codec.decode_any(&on_disk).unwrap(),
                message,
                "{}",
                path.display()
            );
        }
    }
}
