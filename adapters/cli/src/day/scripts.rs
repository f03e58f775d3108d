//! What each agency does with each dossier of the day: the simulators' scripts, in simulated time.
//!
//! The scripts follow the rules an agency is held to, so that the day's deadlines mean something: the
//! appointment is the procedure's due date counted from the filing time, a supplement is asked for within 3
//! working days and restarts the clock, the one extension is announced at least a day before the due date.

use std::collections::HashMap;

use hoso_core::adapter::{IssuedDocument, Notice, ObligationLine};
use hoso_core::calendar::WorkCalendar;
use hoso_core::deadline::processing::processing_due;
use hoso_core::procedure::AgencyFamily;
use hoso_core::time::vietnam_date;
use hoso_core::{TrackingNumber, Vnd};
use hoso_testkit::Script;
use jiff::Timestamp;
use jiff::civil::Date;

use super::plan::{PlannedDossier, Scenario};
use super::run::{DayError, at_time, filing_time, supplement_arrival};

fn cal_err(e: impl std::fmt::Display) -> DayError {
    DayError::Calendar(e.to_string())
}

/// The last working day on or before `day`, but not before `floor`.
fn working_day_on_or_before(cal: &WorkCalendar, day: Date, floor: Date) -> Result<Date, DayError> {
    let mut d = day;
    while d > floor && !cal.is_working_day(d).map_err(cal_err)? {
        d = d.yesterday().map_err(cal_err)?;
    }
    Ok(d.max(floor))
}

fn document(p: &PlannedDossier, issued_on: Date) -> IssuedDocument {
    // As each agency names what it issues (the police format knows four document types).
    let title = match (p.family, p.header.procedure.code.national()) {
        (AgencyFamily::Licensing, _) => "Giấy phép lái xe",
        (AgencyFamily::LandRegistry, _) => {
            "Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất"
        }
        (_, "1.001456") => "Hộ chiếu phổ thông",
        _ => "Xác nhận thông tin về cư trú",
    };
    IssuedDocument {
        title: title.to_owned(),
        number: format!("KQ-{}", p.header.code.sequence()),
        serial: None,
        categories: if p.family == AgencyFamily::Licensing {
            vec!["B".to_owned()]
        } else {
            Vec::new()
        },
        issued_on,
        valid_until: None,
    }
}

/// The script of one dossier, filed at `filed_at`; its result travels back as `tracking`.
pub fn script_for(
    cal: &WorkCalendar,
    p: &PlannedDossier,
    filed_at: Timestamp,
    tracking: TrackingNumber,
) -> Result<Script, DayError> {
    let pinned = &p.header.procedure;
    let due = processing_due(cal, filed_at, pinned.time_limit, pinned.channel).map_err(cal_err)?;
    let filed_day = vietnam_date(filed_at);
    let accept_at = filed_at + jiff::SignedDuration::from_mins(30);
    if p.scenario == Scenario::Refused {
        return Ok(Script::new()
            .at(accept_at)
            .refuse("Hồ sơ không đủ điều kiện giải quyết theo quy định"));
    }
    let mut script = Script::new().at(accept_at).accept(due).start_processing();
    // The result is ready the working day before it is due, mid-afternoon.
    let mut ready_due = due;
    match p.scenario {
        Scenario::Supplement => {
            // Asked for within 3 working days of filing (the regime's supplement window): here the next day.
            let asked_day = cal.add_working_days(filed_day, 1).map_err(cal_err)?;
            let asked = at_time(asked_day, 10, 0)?;
            script = script
                .at(asked)
                .request_supplement("Thiếu giấy tờ", &["Giấy khám sức khỏe"]);
            // The clock restarts from zero when the supplement arrives.
            let arrives = supplement_arrival(cal, asked)?;
            ready_due =
                processing_due(cal, arrives, pinned.time_limit, pinned.channel).map_err(cal_err)?;
        }
        Scenario::FinancialObligation => {
            let notice_day = cal.add_working_days(filed_day, 2).map_err(cal_err)?;
            let lines = vec![
                ObligationLine {
                    code: Some("LPTB".to_owned()),
                    name: "Lệ phí trước bạ".to_owned(),
                    amount: Vnd(1_250_000),
                },
                ObligationLine {
                    code: Some("TSDD".to_owned()),
                    name: "Tiền sử dụng đất".to_owned(),
                    amount: Vnd(18_400_000),
                },
            ];
            let total = Vnd(19_650_000);
            let pay_day = cal.add_working_days(notice_day, 3).map_err(cal_err)?;
            script = script
                .at(at_time(notice_day, 9, 0)?)
                .say(Notice::FinancialObligation {
                    lines,
                    total,
                    due: Some(pay_day),
                })
                .at(at_time(pay_day, 15, 0)?)
                .say(Notice::ObligationPaid {
                    amount: total,
                    receipt: None,
                });
        }
        Scenario::Late => {
            // The apology and new date at least 1 day before the due date (the regime's rule).
            let apology_day = cal
                .add_working_days(due, -2)
                .map_err(cal_err)?
                .max(filed_day);
            let new_date = cal.add_working_days(due, 3).map_err(cal_err)?;
            script = script
                .at(at_time(apology_day, 11, 0)?)
                .late(new_date, "Chờ kết quả xác minh của cơ quan liên quan");
            ready_due = new_date;
        }
        Scenario::Smooth
        | Scenario::Refused
        | Scenario::FailedThenDelivered
        | Scenario::ReturnedToAgency => {}
    }
    let before = if p.scenario == Scenario::Late {
        ready_due
    } else {
        ready_due.yesterday().map_err(cal_err)?
    };
    let ready_day = working_day_on_or_before(cal, before, filed_day)?;
    Ok(script
        .at(at_time(ready_day, 14, 0)?)
        .finish(document(p, ready_day), tracking))
}

/// The scripts of the whole day, by dossier code.
pub fn scripts_for_day(
    cal: &WorkCalendar,
    planned: &[PlannedDossier],
) -> Result<HashMap<String, Script>, DayError> {
    let mut out = HashMap::with_capacity(planned.len());
    for (i, p) in planned.iter().enumerate() {
        let tracking = TrackingNumber::new("EK", 20_000_000 + i as u32, "VN").map_err(cal_err)?;
        let filed_at = filing_time(cal, p)?;
        out.insert(
            p.header.code.to_string(),
            script_for(cal, p, filed_at, tracking)?,
        );
    }
    Ok(out)
}
