//! VNPost's own province and district ids, kept apart from the statistics office's (GSO) codes that
//! `hoso_core::AdminUnitCode` carries, and across the 2025 reform.
//!
//! **Unverified.** VNPost's id list is not public. The ids below assume VNPost numbers a province by the
//! first two digits of its postal codes (Decision 2475/QĐ-BTTTT: those digits identify the province), as
//! the price request's `provCode` suggests; none was checked against VNPost. After 1 July 2025 there are no
//! districts (Law 72/2025/QH15 Art 2), so units of that generation are sent with district id 0; whether
//! VNPost's API accepts 0 there is unverified too.

use hoso_core::contact::Address;
use hoso_core::{AdminGeneration, AdminLevel, AdminUnitCode};

/// A GSO province of one generation, and VNPost's id for it.
struct Province {
    generation: AdminGeneration,
    gso: u32,
    vnpost: u16,
}

const fn p(generation: AdminGeneration, gso: u32, vnpost: u16) -> Province {
    Province {
        generation,
        gso,
        vnpost,
    }
}

use AdminGeneration::{From2025 as NEW, Pre2025 as OLD};

/// The provinces this table knows (unverified, see the module's documentation). The 2025 rows keep the
/// GSO numbers of the provinces whose names survived the merger (Decision 19/2025/QĐ-TTg).
const PROVINCES: &[Province] = &[
    p(OLD, 1, 10),  // Hà Nội
    p(OLD, 38, 40), // Thanh Hóa
    p(OLD, 48, 50), // Đà Nẵng
    p(OLD, 56, 57), // Khánh Hòa
    p(OLD, 79, 70), // TP Hồ Chí Minh
    p(NEW, 1, 10),
    p(NEW, 38, 40),
    p(NEW, 48, 50),
    p(NEW, 56, 57),
    p(NEW, 79, 70),
];

/// VNPost's ids of one end of an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CarrierIds {
    /// The province id.
    pub province: u16,
    /// The district id (0: none).
    pub district: u16,
}

/// Why an address has no VNPost ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdsError {
    /// Neither a province unit nor a postal code that the table knows.
    UnknownProvince {
        /// The unit, when the address has one (a GSO code: not personal data).
        unit: Option<AdminUnitCode>,
    },
    /// A pre-2025 district unit: VNPost's district ids are not in the table.
    UnknownDistrict {
        /// The unit.
        unit: AdminUnitCode,
    },
}

impl std::fmt::Display for IdsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IdsError::UnknownProvince { unit: Some(u) } => write!(
                f,
                "no VNPost province id for unit {u}, and no postal code whose province VNPost knows"
            ),
            IdsError::UnknownProvince { unit: None } => f.write_str(
                "the address has no administrative unit and no postal code whose province VNPost knows",
            ),
            IdsError::UnknownDistrict { unit } => {
                write!(f, "no VNPost district id for the pre-2025 district {unit}")
            }
        }
    }
}

/// VNPost's ids for `address`: from its province unit (either generation), else from its postal code's
/// first two digits.
///
/// ```
/// use hoso_core::contact::Address;
/// let a = Address { line: "x".into(), unit: "pre2025:province:56".parse().ok(), postal_code: None };
/// let ids = hoso_vnpost::wire::carrier_ids(&a).unwrap();
/// assert_eq!((ids.province, ids.district), (57, 0));
/// let b = Address { line: "x".into(), unit: None, postal_code: "70000".parse().ok() };
/// assert_eq!(hoso_vnpost::wire::carrier_ids(&b).unwrap().province, 70);
/// ```
pub fn carrier_ids(address: &Address) -> Result<CarrierIds, IdsError> {
    let by_unit = address.unit.and_then(|u| match u.level() {
        AdminLevel::Province => PROVINCES
            .iter()
            .find(|row| row.generation == u.generation() && row.gso == u.code())
            .map(|row| Ok(row.vnpost)),
        AdminLevel::District => Some(Err(IdsError::UnknownDistrict { unit: u })),
        _ => None,
    });
    let province = match by_unit {
        Some(found) => found?,
        None => address
            .postal_code
            .map(|pc| u16::from(pc.province_prefix()))
            .filter(|id| PROVINCES.iter().any(|row| row.vnpost == *id))
            .ok_or(IdsError::UnknownProvince { unit: address.unit })?,
    };
    Ok(CarrierIds {
        province,
        district: 0,
    })
}

/// The 2025 GSO province unit of VNPost's province `id` (what the carrier's side reads an order's ids as).
pub fn unit_of_province(id: u16) -> Option<AdminUnitCode> {
    PROVINCES
        .iter()
        .find(|row| row.generation == NEW && row.vnpost == id)
        .and_then(|row| AdminUnitCode::new(NEW, AdminLevel::Province, row.gso).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(unit: &str) -> Address {
        Address {
            line: "x".into(),
            unit: unit.parse().ok(),
            postal_code: None,
        }
    }

    #[test]
    fn both_generations_map_and_stay_apart_from_gso_codes() {
        for unit in ["pre2025:province:79", "2025:province:79"] {
            assert_eq!(carrier_ids(&at(unit)).unwrap().province, 70, "{unit}");
        }
        // GSO 01 is Hà Nội; VNPost's id is not the GSO number.
        assert_eq!(carrier_ids(&at("2025:province:01")).unwrap().province, 10);
        assert_eq!(unit_of_province(70), "2025:province:79".parse().ok());
        assert_eq!(
            unit_of_province(79),
            None,
            "a GSO number read as a VNPost id"
        );
    }

    #[test]
    fn what_the_table_does_not_know_is_an_error_not_a_guess() {
        assert_eq!(
            carrier_ids(&at("2025:province:02")),
            Err(IdsError::UnknownProvince {
                unit: "2025:province:02".parse().ok()
            })
        );
        assert!(matches!(
            carrier_ids(&at("pre2025:district:001")),
            Err(IdsError::UnknownDistrict { .. })
        ));
        assert_eq!(
            carrier_ids(&at("none")),
            Err(IdsError::UnknownProvince { unit: None })
        );
    }
}
