//! Điểm phục vụ bưu chính: the service-point directory behind `GET /diem-phuc-vu?tinh=…&xa=…`.
//!
//! A [`Directory`] is loaded once, when the server starts, from a CSV file whose format is documented in
//! `docs/service-points.md` ([`Directory::load`]); the server holds it in memory and never writes it. Each
//! [`ServicePoint`] names its commune and province in the units in force since 1 July 2025, and the names
//! of the communes its commune was formed from; the provinces' own merger (Resolution 202/2025/QH15) comes
//! from [`hoso_core::Province`]. A search by an old name finds the points of the unit it became part of.

mod fold;
mod hours;
mod labels;
mod load;
pub(crate) mod openapi;
mod page;
mod search;

use std::path::Path;

use hoso_core::AdminUnitCode;
use serde::Serialize;

pub use hours::{HoursError, WeeklyHours};
pub use load::DirectoryError;
pub(crate) use page::diem_phuc_vu;

/// Loại điểm phục vụ: what kind of place a service point is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PointKind {
    /// Bưu cục: a post office (of any class).
    PostOffice,
    /// Điểm Bưu điện - Văn hóa xã: a commune's post and reading point.
    CommuneCulturalPost,
    /// Đại lý bưu điện: a postal agent (a shop that takes postal items on the operator's behalf).
    PostalAgent,
    /// Trung tâm phục vụ hành chính công: a public administrative service centre with a postal desk.
    PublicServiceCentre,
}

impl PointKind {
    /// Every kind, in declaration order.
    pub const ALL: [PointKind; 4] = [
        PointKind::PostOffice,
        PointKind::CommuneCulturalPost,
        PointKind::PostalAgent,
        PointKind::PublicServiceCentre,
    ];

    /// The name in the data file and in JSON: `post_office`, `commune_cultural_post`, …
    pub const fn tag(self) -> &'static str {
        match self {
            PointKind::PostOffice => "post_office",
            PointKind::CommuneCulturalPost => "commune_cultural_post",
            PointKind::PostalAgent => "postal_agent",
            PointKind::PublicServiceCentre => "public_service_centre",
        }
    }
}

/// What a service point does for a citizen's dossier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PointService {
    /// Tiếp nhận hồ sơ: takes a dossier to carry to the agency (Decision 45/2016/QĐ-TTg).
    ReceiveDossiers,
    /// Trả kết quả: hands out the results the agency returned through the post.
    ReturnResults,
    /// Thu hộ phí, lệ phí: collects the procedure's fee on the agency's behalf.
    CollectFees,
    /// Hướng dẫn thủ tục: helps fill in the forms and says what a procedure needs.
    Guidance,
    /// Bưu gửi: ordinary letters and parcels.
    PostalItems,
}

impl PointService {
    /// Every service, in declaration order.
    pub const ALL: [PointService; 5] = [
        PointService::ReceiveDossiers,
        PointService::ReturnResults,
        PointService::CollectFees,
        PointService::Guidance,
        PointService::PostalItems,
    ];

    /// The name in the data file and in JSON: `receive_dossiers`, `return_results`, …
    pub const fn tag(self) -> &'static str {
        match self {
            PointService::ReceiveDossiers => "receive_dossiers",
            PointService::ReturnResults => "return_results",
            PointService::CollectFees => "collect_fees",
            PointService::Guidance => "guidance",
            PointService::PostalItems => "postal_items",
        }
    }
}

/// Where a point is on the map (WGS 84 degrees).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Location {
    /// Vĩ độ, north.
    pub latitude: f64,
    /// Kinh độ, east.
    pub longitude: f64,
}

/// The commune a point is in: its name since 1 July 2025, its code when the data gives one, and the names
/// of the pre-2025 communes it was formed from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Commune {
    /// The name, as the unit calls itself: `Phường Sài Gòn`, `Xã Tân Hiệp`.
    pub name: String,
    /// Its GSO code (`2025:ward:NNNNN`), when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<AdminUnitCode>,
    /// The communes it was formed from (whole or in part), as written before 1 July 2025.
    pub former: Vec<String>,
}

/// One service point of the directory.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ServicePoint {
    /// The operator's identifier of the point, unique in the directory.
    pub id: String,
    /// Its name: `Bưu điện Trung tâm Sài Gòn`.
    pub name: String,
    /// What kind of place it is.
    pub kind: PointKind,
    /// The street address, without the commune and province.
    pub address: String,
    /// Its commune (2025 units).
    pub commune: Commune,
    /// Its province (a 2025 province-level code).
    pub province: AdminUnitCode,
    /// When it is open.
    pub hours: WeeklyHours,
    /// What it offers, in declaration order.
    pub services: Vec<PointService>,
    /// The point's public telephone number, as published.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Where it is on the map.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// Where the facts come from.
    pub source: String,
    /// Whether every fact was checked against the source; `false` when something was assumed.
    pub verified: bool,
}

/// The service points a server shows, loaded from a data file ([`Directory::load`]); empty by default.
///
/// ```
/// use hoso_server::Directory;
///
/// let csv = "id,name,kind,address,commune,commune_code,former_communes,province,hours,services,phone,latitude,longitude,source,verified\n\
///            SG-1,Bưu điện Trung tâm Sài Gòn,post_office,2 Công xã Paris,Phường Sài Gòn,,Phường Bến Nghé,2025:province:79,\"Mo-Fr 07:00-19:00; Sa 07:00-18:00; Su 08:00-18:00\",postal_items,,,,a guide book,yes\n";
/// let directory = Directory::from_csv(csv)?;
/// assert_eq!(directory.points().len(), 1);
/// assert!(Directory::from_csv(&csv.replace("post_office", "castle")).is_err());
/// # Ok::<(), hoso_server::DirectoryError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Directory {
    points: Vec<ServicePoint>,
}

impl Directory {
    /// A directory with no point: every search finds nothing, and the page says no directory is loaded.
    pub fn empty() -> Self {
        Directory::default()
    }

    /// Reads the CSV file at `path` (format: `docs/service-points.md`).
    ///
    /// # Errors
    /// [`DirectoryError`]: the file cannot be read, or a record is malformed (naming its line and field), or
    /// a point is declared twice.
    pub fn load(path: impl AsRef<Path>) -> Result<Self, DirectoryError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| DirectoryError::Read {
            path: path.to_owned(),
            source,
        })?;
        Self::from_csv(&text)
    }

    /// Reads a directory from CSV text (format: `docs/service-points.md`).
    ///
    /// # Errors
    /// As [`Directory::load`], without the reading.
    pub fn from_csv(text: &str) -> Result<Self, DirectoryError> {
        Ok(Directory {
            points: load::points(text)?,
        })
    }

    /// The points, in the order of the file.
    pub fn points(&self) -> &[ServicePoint] {
        &self.points
    }

    /// Whether no point is loaded.
    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }
}
