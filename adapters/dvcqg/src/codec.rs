//! The codec: `hoso`'s dossier as the portal's messages, and the portal's replies as outcomes. Pure, no I/O.

mod encode;
mod reply;

use std::collections::BTreeMap;

use hoso_core::adapter::{AdapterError, AdapterErrorKind, IssuedDocument};
use hoso_core::procedure::AgencyFamily;
use hoso_core::store::AgencyFiling;
use hoso_core::{AgencyCode, Dossier, ProcedureCode};

use crate::wire::names::StatusCodes;
use crate::wire::{HoSoDongBoDVC, QuaTrinhXuLy};

pub use reply::{Reply, ReplyOutcome};

/// A procedure as the portal names it (what `LayThuTuc` answers: `TENTTHC`, `MALINHVUC`, `TENLINHVUC`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcedureNames {
    /// `TenTTHC`: the procedure's name.
    pub name: String,
    /// `MaLinhVuc`: the code of its field (lĩnh vực).
    pub field_code: String,
    /// `TenLinhVuc`: the field's name.
    pub field_name: String,
}

/// What the mapping needs beyond the dossier: the reporting unit, the procedures' portal names and the
/// status table of the province.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortalProfile {
    unit: AgencyCode,
    procedures: BTreeMap<ProcedureCode, ProcedureNames>,
    statuses: StatusCodes,
}

impl PortalProfile {
    /// A profile for the one-stop system of `unit` (`madonvi`, and `DonViXuLy` of a dossier not yet filed
    /// with an agency), with no procedures and the default status table.
    pub fn new(unit: AgencyCode) -> Self {
        PortalProfile {
            unit,
            procedures: BTreeMap::new(),
            statuses: StatusCodes::default(),
        }
    }

    /// Adds the portal's names of a procedure.
    pub fn with_procedure(mut self, code: ProcedureCode, names: ProcedureNames) -> Self {
        self.procedures.insert(code, names);
        self
    }

    /// Sets the status table.
    pub fn with_statuses(mut self, statuses: StatusCodes) -> Self {
        self.statuses = statuses;
        self
    }

    /// The reporting unit.
    pub fn unit(&self) -> &AgencyCode {
        &self.unit
    }

    /// The status table.
    pub fn statuses(&self) -> &StatusCodes {
        &self.statuses
    }

    /// The portal's names of a procedure, if known.
    pub fn procedure(&self, code: &ProcedureCode) -> Option<&ProcedureNames> {
        self.procedures.get(code)
    }
}

/// The field (lĩnh vực) of each agency family, for procedures added with [`ProcedureNames::of_family`].
/// The codes are the provinces' usual ones and **unverified** against the portal's list.
pub const FIELDS: [(AgencyFamily, &str, &str); 6] = [
    (AgencyFamily::Licensing, "G15-GT03", "Đường bộ"),
    (AgencyFamily::LandRegistry, "G15-TN01", "Đất đai"),
    (AgencyFamily::Police, "G15-CA01", "Đăng ký, quản lý cư trú"),
    (AgencyFamily::Justice, "G15-TP01", "Lý lịch tư pháp"),
    (
        AgencyFamily::Business,
        "G15-KH01",
        "Thành lập và hoạt động doanh nghiệp",
    ),
    (AgencyFamily::Other, "G15-KHAC", "Khác"),
];

impl ProcedureNames {
    /// A procedure named `name`, in the field of its agency family ([`FIELDS`]).
    pub fn of_family(name: impl Into<String>, family: AgencyFamily) -> Self {
        let (code, field) = FIELDS
            .iter()
            .find(|(f, _, _)| *f == family)
            .map_or(("G15-KHAC", "Khác"), |(_, c, n)| (*c, *n));
        ProcedureNames {
            name: name.into(),
            field_code: code.to_owned(),
            field_name: field.to_owned(),
        }
    }
}

/// The portal's format: builds `HoSoDongBoDVC` and `QuaTrinhXuLy` from a dossier and reads the replies.
///
/// ```
/// use hoso_dvcqg::{DvcqgCodec, PortalProfile, ProcedureNames};
/// use hoso_core::procedure::AgencyFamily;
///
/// let events = hoso_core::demo::lifecycle(1);
/// let dossier = hoso_core::Dossier::from_events(&events)?;
/// let profile = PortalProfile::new("000.00.01.H56".parse()?).with_procedure(
///     "1.002820".parse()?,
///     ProcedureNames::of_family("Cấp đổi giấy phép lái xe", AgencyFamily::Licensing),
/// );
/// let codec = DvcqgCodec::new(portal_code(), profile);
/// let message = codec.dossier_message(&dossier, None, &[])?;
/// assert_eq!(message.kenh_thuc_hien, "3"); // postal
/// assert_eq!(message.hinh_thuc, "1"); // result by post
/// assert_eq!(message.trang_thai_ho_so, dossier.portal_status().to_string());
/// // The ID number is on the wire, never in Debug.
/// assert!(!format!("{message:?}").contains(message.so_giay_to_chu_ho_so.reveal()));
/// let steps = codec.progress_messages(&dossier);
/// assert_eq!(steps.len(), hoso_core::service::portal::portal_steps(dossier.history()).len());
/// # fn portal_code() -> hoso_core::AgencyCode { "000.00.00.G22".parse().unwrap() }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct DvcqgCodec {
    portal: AgencyCode,
    profile: PortalProfile,
}

impl DvcqgCodec {
    /// A codec for the portal known by `portal` (the code errors carry), with `profile`.
    pub fn new(portal: AgencyCode, profile: PortalProfile) -> Self {
        DvcqgCodec { portal, profile }
    }

    /// The portal's code, as errors carry it.
    pub fn portal(&self) -> &AgencyCode {
        &self.portal
    }

    /// The profile.
    pub fn profile(&self) -> &PortalProfile {
        &self.profile
    }

    /// The dossier as the portal records it, with the agency's filing (its reference is `SoBienNhan`, its
    /// agency `DonViXuLy`) and the result documents, when known.
    ///
    /// An error (`Unsupported`, not retryable) when the profile does not name the dossier's procedure.
    pub fn dossier_message(
        &self,
        dossier: &Dossier,
        filing: Option<&AgencyFiling>,
        results: &[IssuedDocument],
    ) -> Result<HoSoDongBoDVC, AdapterError> {
        let procedure = &dossier.header().procedure.code;
        let names = self.profile.procedure(procedure).ok_or_else(|| {
            AdapterError::new(
                AdapterErrorKind::Unsupported,
                self.portal.clone(),
                format!(
                    "dossier {}: procedure {procedure} has no portal names in the profile",
                    dossier.code()
                ),
            )
        })?;
        Ok(encode::dossier(
            &self.profile,
            names,
            dossier,
            filing,
            results,
        ))
    }

    /// The dossier's processing steps as the portal records them, in order (send them in calls of at most
    /// [`MAX_PROGRESS_PER_CALL`](crate::MAX_PROGRESS_PER_CALL)).
    pub fn progress_messages(&self, dossier: &Dossier) -> Vec<QuaTrinhXuLy> {
        encode::progress(&self.profile, dossier)
    }

    /// Reads the portal's reply to a call (`http_status` and body).
    pub fn decode_reply(&self, http_status: u16, body: &[u8]) -> Result<Reply, AdapterError> {
        reply::decode(&self.portal, http_status, body)
    }
}
