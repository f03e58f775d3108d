//! The plan of a day at a provincial post office: which dossiers come in, for which procedure, how they are
//! taken (counter or pickup), where they go, and what will happen to them.

use std::sync::Arc;

use hoso_core::contact::Address;
use hoso_core::deadline::postal::CarriageRoute;
use hoso_core::dossier::{Applicant, DossierDocument, DossierHeader, FeeKind, FeeLine};
use hoso_core::procedure::{AgencyFamily, Channel, DocumentForm, PostalForm, Procedure};
use hoso_core::{AgencyCode, Catalogue, CitizenId, DossierCode, ProcedureCode, Vnd};
use jiff::Timestamp;
use jiff::civil::{Date, Time};

use super::rng::Rng;

/// How the post took the dossier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Intake {
    /// At the post office counter.
    Counter,
    /// Collected at the applicant's address on request.
    Pickup,
}

/// What the day holds in store for a dossier: decided up front so that the run is deterministic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scenario {
    /// Accepted, processed, delivered at the first attempt.
    Smooth,
    /// The agency asks for a supplement, which the applicant sends.
    Supplement,
    /// The agency refuses the dossier.
    Refused,
    /// Land: the applicant must pay financial obligations before the result.
    FinancialObligation,
    /// The agency is late and apologises with a new date (allowed once).
    Late,
    /// The first delivery attempt fails; the second succeeds.
    FailedThenDelivered,
    /// Two delivery attempts fail, 2 working days apart; the result goes back to the agency.
    ReturnedToAgency,
}

impl Scenario {
    /// A short name for tables.
    pub fn name(self) -> &'static str {
        match self {
            Scenario::Smooth => "smooth",
            Scenario::Supplement => "supplement",
            Scenario::Refused => "refused",
            Scenario::FinancialObligation => "financial obligation",
            Scenario::Late => "late (extended)",
            Scenario::FailedThenDelivered => "failed attempt, delivered",
            Scenario::ReturnedToAgency => "returned to agency",
        }
    }
}

/// One dossier of the day, before anything has happened to it.
#[derive(Debug, Clone)]
pub struct PlannedDossier {
    /// Its header (code, pinned procedure, applicant, documents, fees).
    pub header: Arc<DossierHeader>,
    /// The agency it goes to.
    pub agency: AgencyCode,
    /// The agency family (which adapter serves it).
    pub family: AgencyFamily,
    /// Counter or pickup.
    pub intake: Intake,
    /// When the post took it (or, for a result-only service, when the agency opened it).
    pub opened_at: Timestamp,
    /// The carriage route to the agency and back (Circular 17/2017/TT-BTTTT Art 7).
    pub route: CarriageRoute,
    /// What will happen.
    pub scenario: Scenario,
}

/// The agencies of the province, one per family the day serves.
#[derive(Debug, Clone)]
pub struct Agencies {
    /// The driver's licence authority (police since 1 March 2025).
    pub licensing: AgencyCode,
    /// The land registry office.
    pub land: AgencyCode,
    /// The provincial police (passports, residence, judicial records).
    pub police: AgencyCode,
}

impl Agencies {
    /// The agency codes used by the sample province (Khánh Hòa, one-stop codes `…H56`).
    pub fn sample() -> Result<Self, hoso_core::IdError> {
        Ok(Agencies {
            licensing: "000.00.08.H56".parse()?,
            land: "000.00.15.H56".parse()?,
            police: "000.00.20.H56".parse()?,
        })
    }

    /// The agency serving a family.
    pub fn for_family(&self, family: AgencyFamily) -> &AgencyCode {
        match family {
            AgencyFamily::Licensing => &self.licensing,
            AgencyFamily::LandRegistry => &self.land,
            _ => &self.police,
        }
    }
}

/// Why a day could not be planned.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    /// The shipped catalogue lacks a procedure the day uses, or it is not in force.
    #[error("procedure {0} is not in force in the catalogue on the day")]
    MissingProcedure(String),
    /// A generated identifier was refused (a bug in the generator).
    #[error("generated identifier refused: {0}")]
    Id(#[from] hoso_core::IdError),
    /// A header could not be made.
    #[error(transparent)]
    Header(#[from] hoso_core::dossier::HeaderError),
    /// Time arithmetic failed.
    #[error("time arithmetic: {0}")]
    Time(#[from] jiff::Error),
}

/// The procedures of the day with their weights (per 100 dossiers) and postal forms.
const MIX: &[(&str, u64, PostalForm)] = &[
    ("1.002820", 40, PostalForm::Both), // driver's licence exchange
    ("1.013978", 20, PostalForm::Both), // land: first registration
    ("1.004222", 25, PostalForm::Both), // police: permanent residence
    ("1.001456", 15, PostalForm::ReceiveResult), // police: passport, filed in person, result by post
];

const SURNAMES: &[&str] = &["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi"];
const GIVEN: &[&str] = &[
    "Văn An",
    "Thị Bình",
    "Minh Châu",
    "Quốc Dũng",
    "Thu Hà",
    "Đức Long",
    "Ngọc Mai",
];
const STREETS: &[&str] = &[
    "Trần Phú",
    "Lê Thánh Tôn",
    "Yersin",
    "Thống Nhất",
    "Nguyễn Thiện Thuật",
];

/// Plans `count` dossiers for `day`, deterministically from `seed`. Exactly one dossier is planned late (with
/// an extension) and one to be returned to the agency after two failed attempts; the rest draw their fate.
pub fn plan_day(
    seed: u64,
    count: usize,
    day: Date,
    catalogue: &Catalogue,
    agencies: &Agencies,
) -> Result<Vec<PlannedDossier>, PlanError> {
    let mut rng = Rng::new(seed);
    let total: u64 = MIX.iter().map(|m| m.1).sum();
    let mut sequences = std::collections::HashMap::<AgencyCode, u32>::new();
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        let mut roll = rng.below(total);
        let &(code, _, form) = MIX
            .iter()
            .find(|m| {
                let hit = roll < m.1;
                roll = roll.saturating_sub(m.1);
                hit
            })
            .unwrap_or(&MIX[0]);
        let code: ProcedureCode = code.parse()?;
        let procedure = catalogue
            .in_force(&code, day)
            .ok_or_else(|| PlanError::MissingProcedure(code.to_string()))?;
        let agency = agencies.for_family(procedure.family).clone();
        let seq = sequences.entry(agency.clone()).or_insert(0);
        *seq += 1;
        let dossier_code = DossierCode::generate(&agency, day, *seq)?;
        // Counter hours 07:30–16:30, one dossier every few minutes.
        let minutes = 7 * 60 + 30 + (i as i64 * 540 / count.max(1) as i64);
        let opened_at = hoso_core::time::from_vietnam(
            day.to_datetime(Time::midnight())
                .saturating_add(jiff::SignedDuration::from_mins(minutes)),
        )?;
        let intake = if form.sends_dossier() && rng.chance(30) {
            Intake::Pickup
        } else {
            Intake::Counter
        };
        let route = if rng.chance(60) {
            CarriageRoute::SameDistrict
        } else {
            CarriageRoute::SameProvince
        };
        let scenario = if i == count / 3 {
            Scenario::Late
        } else if i == 2 * count / 3 {
            Scenario::ReturnedToAgency
        } else if procedure.family == AgencyFamily::LandRegistry && rng.chance(70) {
            Scenario::FinancialObligation
        } else {
            match rng.below(100) {
                0..=9 => Scenario::Supplement,
                10..=14 => Scenario::Refused,
                15..=24 => Scenario::FailedThenDelivered,
                _ => Scenario::Smooth,
            }
        };
        let header = header_for(&mut rng, dossier_code, procedure, form, day, i)?;
        out.push(PlannedDossier {
            header: Arc::new(header),
            agency,
            family: procedure.family,
            intake,
            opened_at,
            route,
            scenario,
        });
    }
    Ok(out)
}

fn header_for(
    rng: &mut Rng,
    code: DossierCode,
    procedure: &Procedure,
    form: PostalForm,
    day: Date,
    i: usize,
) -> Result<DossierHeader, PlanError> {
    let channel = if form.sends_dossier() {
        Channel::Postal
    } else {
        Channel::InPerson
    };
    let name = format!(
        "{} {}",
        rng.pick(SURNAMES).copied().unwrap_or("Nguyễn"),
        rng.pick(GIVEN).copied().unwrap_or("Văn An")
    );
    // Province of birth registration 056 (Khánh Hòa), born in the 1900s or 2000s; made-up serials.
    let century_sex = rng.below(4);
    let year = if century_sex < 2 {
        60 + rng.below(40)
    } else {
        rng.below(6)
    };
    let id: CitizenId = format!("056{century_sex}{year:02}{:06}", 100_000 + i).parse()?;
    let address = Address {
        line: format!(
            "{} {}, Nha Trang",
            1 + rng.below(200),
            rng.pick(STREETS).copied().unwrap_or("Trần Phú")
        ),
        // The carrier routes by province: Khánh Hòa's 2025 unit.
        unit: super::carrier::province(),
        postal_code: None,
    };
    let mut header = DossierHeader::for_procedure(
        code,
        procedure,
        channel,
        form,
        day,
        Applicant::Citizen {
            name,
            id,
            phone: format!("09{:08}", rng.below(100_000_000)).parse().ok(),
            address,
        },
    )?;
    header.documents = procedure
        .documents
        .iter()
        .map(|d| DossierDocument {
            name: d.name.clone(),
            form: d.form,
            pages: 1 + rng.below(4) as u16,
            sha256: None,
        })
        .collect();
    if header.documents.is_empty() {
        header.documents.push(DossierDocument {
            name: "Tờ khai".into(),
            form: DocumentForm::Original,
            pages: 1,
            sha256: None,
        });
    }
    header.fees = vec![
        FeeLine {
            kind: FeeKind::ProcedureFee,
            amount: header.procedure.fee,
            receipt: None,
        },
        FeeLine {
            kind: FeeKind::PostalCharge,
            amount: Vnd(if form == PostalForm::Both {
                52_000
            } else {
                26_000
            }),
            receipt: None,
        },
    ];
    Ok(header)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> Vec<PlannedDossier> {
        let catalogue = Catalogue::shipped().unwrap();
        plan_day(
            2026,
            300,
            jiff::civil::date(2026, 3, 2),
            &catalogue,
            &Agencies::sample().unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn a_day_is_deterministic_and_has_one_late_and_one_returned_dossier() {
        let a = day();
        let b = day();
        assert_eq!(a.len(), 300);
        let codes = |d: &[PlannedDossier]| {
            d.iter()
                .map(|p| p.header.code.to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(codes(&a), codes(&b));
        assert_eq!(a.iter().filter(|p| p.scenario == Scenario::Late).count(), 1);
        assert_eq!(
            a.iter()
                .filter(|p| p.scenario == Scenario::ReturnedToAgency)
                .count(),
            1
        );
        assert!(
            a.iter()
                .any(|p| p.scenario == Scenario::FinancialObligation)
        );
        assert!(a.iter().any(|p| p.intake == Intake::Pickup));
        let mut unique = codes(&a);
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 300, "dossier codes are unique");
    }
}
