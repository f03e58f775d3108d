//! `hoso due-date`: the due date of each leg, with its rule, citation and the days off it skipped.

use hoso_cli::due::{DueDateQuery, DueDates, Leg, due_dates};
use hoso_cli::lang::Lang;
use hoso_core::calendar::{Holidays, WorkCalendar};
use hoso_core::deadline::Rule;
use hoso_core::deadline::postal::CarriageRoute;
use hoso_core::procedure::{Channel, DayKind};

use super::FAILED;

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(crate) enum ChannelArg {
    /// Through the public postal service (bưu chính công ích).
    Postal,
    /// At the one-stop desk (trực tiếp).
    InPerson,
    /// Online (trực tuyến).
    Online,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(crate) enum RouteArg {
    /// Within one district or commune-level unit (nội huyện): J+1.
    SameDistrict,
    /// Between districts of one province (nội tỉnh): J+2.
    SameProvince,
    /// Between special or type-I cities: J+3.
    BetweenMajorCities,
    /// Any other route between provinces (liên tỉnh): J+4.
    InterProvince,
}

impl From<RouteArg> for CarriageRoute {
    fn from(r: RouteArg) -> Self {
        match r {
            RouteArg::SameDistrict => CarriageRoute::SameDistrict,
            RouteArg::SameProvince => CarriageRoute::SameProvince,
            RouteArg::BetweenMajorCities => CarriageRoute::BetweenMajorCities,
            RouteArg::InterProvince => CarriageRoute::InterProvince,
        }
    }
}

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The procedure's code (mã thủ tục hành chính), e.g. 1.002820.
    #[arg(long)]
    procedure: String,
    /// When the agency received the dossier (tiếp nhận), with its offset, e.g. 2026-08-28T16:10:00+07:00;
    /// for a dossier sent by post, the signing of the handover record (Decision 45/2016/QĐ-TTg Art 7).
    #[arg(long)]
    received: jiff::Timestamp,
    /// The channel it came by (kênh).
    #[arg(long, value_enum, default_value_t = ChannelArg::Postal)]
    channel: ChannelArg,
    /// The carriage route (tuyến): of the result back to the applicant, and of the dossier to the agency
    /// with --posted.
    #[arg(long, value_enum)]
    route: Option<RouteArg>,
    /// The route back, when it differs from --route.
    #[arg(long, value_enum)]
    return_route: Option<RouteArg>,
    /// The date on the sending slip (phiếu gửi, J), for the leg to the agency.
    #[arg(long)]
    posted: Option<jiff::civil::Date>,
    /// The post also delivers the appointment slip (doubles the carriage limits).
    #[arg(long)]
    with_appointment_slip: bool,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(args: &Args, lang: Lang) -> u8 {
    let procedure = match args.procedure.parse() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: --procedure {:?}: {e}", args.procedure);
            return FAILED;
        }
    };
    let query = DueDateQuery {
        procedure,
        received: args.received,
        channel: match args.channel {
            ChannelArg::Postal => Channel::Postal,
            ChannelArg::InPerson => Channel::InPerson,
            ChannelArg::Online => Channel::Online,
        },
        posted: args.posted,
        route: args.route.map(Into::into),
        return_route: args.return_route.or(args.route).map(Into::into),
        delivers_appointment_slip: args.with_appointment_slip,
    };
    let catalogue = match hoso_core::Catalogue::shipped() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: the shipped catalogue: {e}");
            return FAILED;
        }
    };
    let due = match due_dates(
        &catalogue,
        &WorkCalendar::vietnam(),
        &Holidays::vietnam(),
        &query,
    ) {
        Ok(due) => due,
        Err(e) => {
            eprintln!("error: {e}");
            return FAILED;
        }
    };
    if args.json {
        match serde_json::to_string_pretty(&due) {
            Ok(text) => super::print(format!("{text}\n").as_bytes()),
            Err(e) => {
                eprintln!("error: {e}");
                FAILED
            }
        }
    } else {
        super::print(table(&due, args.received, lang).as_bytes())
    }
}

fn leg_name(rule: Rule, lang: Lang) -> &'static str {
    match rule {
        Rule::CarriageToAgency => lang.pick("carriage to the agency", "chuyển hồ sơ đến cơ quan"),
        Rule::SupplementRequestWindow => lang.pick("supplement request", "yêu cầu bổ sung hồ sơ"),
        Rule::ProcessingTimeLimit => lang.pick("processing", "giải quyết hồ sơ"),
        Rule::CarriageToRecipient => lang.pick("carriage of the result", "chuyển trả kết quả"),
        _ => lang.pick("other", "khác"),
    }
}

fn table(due: &DueDates, received: jiff::Timestamp, lang: Lang) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let name = match lang {
        Lang::Vi => &due.name_vi,
        _ => &due.name_en,
    };
    let _ = writeln!(
        out,
        "{} {}: {name}",
        lang.pick("procedure", "thủ tục"),
        due.procedure
    );
    let _ = writeln!(
        out,
        "{} {} (UTC+7), {} {} ({})",
        lang.pick("received", "tiếp nhận"),
        hoso_core::time::to_vietnam(received).strftime("%Y-%m-%d %H:%M"),
        lang.pick("counted from", "tính từ"),
        due.reception_day,
        due.regime
    );
    for leg in &due.legs {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{:<26} {} {}  {}",
            leg_name(leg.rule, lang),
            lang.pick("due", "hạn"),
            leg.due,
            days(leg, lang)
        );
        let _ = writeln!(
            out,
            "  {}: {:?} ({})",
            lang.pick("rule", "quy định"),
            leg.rule,
            leg.citation
        );
        if !leg.skipped.is_empty() {
            let skipped: Vec<String> = leg
                .skipped
                .iter()
                .map(|d| format!("{} {}", d.date, lang.pick(&d.en, &d.vi)))
                .collect();
            let _ = writeln!(
                out,
                "  {}: {}",
                lang.pick("days off skipped", "ngày nghỉ không tính"),
                skipped.join(", ")
            );
        }
    }
    out
}

fn days(leg: &Leg, lang: Lang) -> String {
    let kind = match leg.day_kind {
        DayKind::Calendar => lang.pick("days", "ngày"),
        _ => lang.pick("working days", "ngày làm việc"),
    };
    format!(
        "({} {kind} {} {})",
        leg.days,
        lang.pick("after", "sau"),
        leg.from
    )
}
