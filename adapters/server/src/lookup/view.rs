//! What a successful lookup shows, as JSON and as a page: both legs' states, the due date, where the paper
//! is, the tracking numbers, and the applicant's masked name. Nothing else of the dossier leaves the server.

use std::fmt::Write as _;

use hoso_core::event::PlaceKind;
use hoso_core::state::Label;
use hoso_core::{AgencyState, Catalogue, Dossier, PostalState};
use serde::Serialize;

use super::secret::masked_name;
use crate::page::{Lang, escape, text};

/// A found dossier, as the lookup answers it (the JSON body of a successful `GET /tra-cuu`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct TrackingView {
    pub(crate) dossier: String,
    pub(crate) applicant: String,
    pub(crate) procedure: ProcedureRef,
    pub(crate) agency_leg: LegView,
    pub(crate) postal_leg: LegView,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) due: Option<String>,
    pub(crate) paper: PaperView,
    pub(crate) tracking: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) updated_at: Option<jiff::Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct ProcedureRef {
    pub(crate) code: String,
    pub(crate) name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct LegView {
    pub(crate) state: String,
    pub(crate) label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct PaperView {
    pub(crate) holder: Holder,
    pub(crate) label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) place: Option<String>,
}

/// Who holds the paper (the dossier on its way there, the result on its way back).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Holder {
    Applicant,
    Post,
    Agency,
    Recipient,
    Lost,
}

impl Holder {
    fn of(dossier: &Dossier) -> Self {
        match dossier.postal_state() {
            PostalState::NotStarted | PostalState::PickupRequested => {
                if dossier.header().postal_form.sends_dossier() {
                    Holder::Applicant
                } else {
                    Holder::Agency
                }
            }
            PostalState::HandedToAgency | PostalState::ReturnedToAgency => Holder::Agency,
            PostalState::Delivered => Holder::Recipient,
            PostalState::LostOrDamaged => Holder::Lost,
            PostalState::CollectedAndSealed
            | PostalState::InTransitToAgency
            | PostalState::ResultCollected
            | PostalState::InTransitToRecipient
            | PostalState::OutForDelivery
            | PostalState::DeliveryAttempted
            | PostalState::AwaitingCollection => Holder::Post,
        }
    }

    fn label(self) -> Label {
        match self {
            Holder::Applicant => text("Người nộp hồ sơ đang giữ", "With the applicant"),
            Holder::Post => text("Bưu điện đang giữ", "With the post"),
            Holder::Agency => text("Cơ quan giải quyết đang giữ", "With the agency"),
            Holder::Recipient => text("Đã trao người nhận", "With the recipient"),
            Holder::Lost => text("Bị mất hoặc hư hỏng", "Lost or damaged"),
        }
    }
}

/// The last place a post office, sorting centre or agency desk was named: never an address.
fn last_public_place(dossier: &Dossier) -> Option<String> {
    dossier
        .history()
        .iter()
        .rev()
        .filter_map(|e| e.place.as_ref())
        .find(|p| {
            matches!(
                p.kind,
                PlaceKind::PostOffice | PlaceKind::SortingCentre | PlaceKind::OneStopDesk
            )
        })
        .map(|p| p.id.to_string())
}

fn agency_leg(state: AgencyState, lang: Lang) -> LegView {
    LegView {
        state: serde_name(&state),
        label: lang.pick(state.label()).to_owned(),
    }
}

fn postal_leg(state: PostalState, lang: Lang) -> LegView {
    LegView {
        state: serde_name(&state),
        label: lang.pick(state.label()).to_owned(),
    }
}

fn serde_name(value: &impl Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

impl TrackingView {
    pub(crate) fn of(dossier: &Dossier, catalogue: &Catalogue, lang: Lang) -> Self {
        let header = dossier.header();
        let name = catalogue
            .pinned(&header.procedure)
            .map(|p| match lang {
                Lang::Vi => p.name_vi.clone(),
                Lang::En => p.name_en.clone(),
            })
            .unwrap_or_else(|| header.procedure.code.to_string());
        let holder = Holder::of(dossier);
        let place = matches!(holder, Holder::Post | Holder::Agency)
            .then(|| last_public_place(dossier))
            .flatten();
        TrackingView {
            dossier: dossier.code().to_string(),
            applicant: masked_name(header.applicant.name()),
            procedure: ProcedureRef {
                code: header.procedure.code.to_string(),
                name,
            },
            agency_leg: agency_leg(dossier.agency_state(), lang),
            postal_leg: postal_leg(dossier.postal_state(), lang),
            due: dossier.appointment().map(|d| d.to_string()),
            paper: PaperView {
                holder,
                label: lang.pick(holder.label()).to_owned(),
                place,
            },
            tracking: [dossier.outbound_tracking(), dossier.return_tracking()]
                .into_iter()
                .flatten()
                .map(ToString::to_string)
                .collect(),
            updated_at: dossier.last_event_at(),
        }
    }

    /// The answer's HTML (inside the page's `<main>`).
    pub(crate) fn html(&self, lang: Lang) -> String {
        let row = |out: &mut String, label: Label, value: &str| {
            let _ = write!(
                out,
                "<dt>{}</dt><dd>{}</dd>",
                lang.pick(label),
                escape(value)
            );
        };
        let mut out = String::from("<dl>");
        row(&mut out, text("Mã hồ sơ", "Dossier code"), &self.dossier);
        row(&mut out, text("Người nộp", "Applicant"), &self.applicant);
        row(
            &mut out,
            text("Thủ tục", "Procedure"),
            &format!("{} ({})", self.procedure.name, self.procedure.code),
        );
        row(
            &mut out,
            text("Tình trạng tại cơ quan", "At the agency"),
            &self.agency_leg.label,
        );
        row(
            &mut out,
            text("Tình trạng bưu chính", "With the post"),
            &self.postal_leg.label,
        );
        if let Some(due) = &self.due {
            row(&mut out, text("Ngày hẹn trả kết quả", "Due date"), due);
        }
        let paper = match &self.paper.place {
            Some(place) => format!("{} ({place})", self.paper.label),
            None => self.paper.label.clone(),
        };
        row(
            &mut out,
            text("Giấy tờ đang ở", "Where the paper is"),
            &paper,
        );
        if !self.tracking.is_empty() {
            row(
                &mut out,
                text("Số hiệu bưu gửi", "Tracking number"),
                &self.tracking.join(", "),
            );
        }
        if let Some(at) = self.updated_at {
            let local = hoso_core::time::to_vietnam(at).strftime("%Y-%m-%d %H:%M");
            row(
                &mut out,
                text("Cập nhật lúc (giờ Việt Nam)", "Last update (Vietnam time)"),
                &local.to_string(),
            );
        }
        out.push_str("</dl>");
        out
    }
}
