//! Tên đơn vị hành chính cấp tỉnh: the names of the provinces of both generations, and which 2025 province
//! each pre-2025 one became part of.
//!
//! Resolution 202/2025/QH15 of 12 June 2025 on the arrangement of province-level units (in force from
//! 1 July 2025) reduced 63 provinces to 34: 11 kept their territory, 23 new ones were formed from two or
//! three old ones and took the name of one of them (the pre-2025 Thừa Thiên Huế had already become the
//! city of Huế on 1 January 2025). The 2025 codes are those of Decision 19/2025/QĐ-TTg, each the pre-2025 code
//! of one of the merged provinces. The table follows the list of the resolution as published in the press
//! (the resolution's own text was not read: [unverified]); the codes follow Decision 19/2025/QĐ-TTg as
//! reported, also [unverified].

use super::{AdminGeneration, AdminLevel, AdminUnitCode};

/// A province-level unit: its code, its name and, for a pre-2025 province, the 2025 province it became part
/// of (Resolution 202/2025/QH15 Art 1).
///
/// ```
/// use hoso_core::{AdminUnitCode, Province};
///
/// let binh_duong = Province::of(&"pre2025:province:74".parse()?).unwrap();
/// assert_eq!(binh_duong.full_name(), "Tỉnh Bình Dương");
/// let hcm = binh_duong.successor();
/// assert_eq!(hcm.code, "2025:province:79".parse::<AdminUnitCode>()?);
/// assert_eq!(hcm.full_name(), "Thành phố Hồ Chí Minh");
/// assert_eq!(Province::all_2025().count(), 34);
/// # Ok::<(), hoso_core::IdError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Province {
    /// The unit's code, with its generation.
    pub code: AdminUnitCode,
    /// Its name without the "Tỉnh" or "Thành phố" before it: `Bình Dương`, `Hồ Chí Minh`.
    pub name: &'static str,
    /// A centrally-governed city (thành phố trực thuộc trung ương) rather than a province (tỉnh).
    pub city: bool,
    /// For a pre-2025 province, the 2025 province its territory is part of.
    merged_into: Option<u16>,
}

/// Pre-2025 provinces: GSO code, name, city, 2025 code of the province it became part of.
const PRE2025: [(u16, &str, bool, u16); 63] = [
    (1, "Hà Nội", true, 1),
    (2, "Hà Giang", false, 8),
    (4, "Cao Bằng", false, 4),
    (6, "Bắc Kạn", false, 19),
    (8, "Tuyên Quang", false, 8),
    (10, "Lào Cai", false, 15),
    (11, "Điện Biên", false, 11),
    (12, "Lai Châu", false, 12),
    (14, "Sơn La", false, 14),
    (15, "Yên Bái", false, 15),
    (17, "Hòa Bình", false, 25),
    (19, "Thái Nguyên", false, 19),
    (20, "Lạng Sơn", false, 20),
    (22, "Quảng Ninh", false, 22),
    (24, "Bắc Giang", false, 24),
    (25, "Phú Thọ", false, 25),
    (26, "Vĩnh Phúc", false, 25),
    (27, "Bắc Ninh", false, 24),
    (30, "Hải Dương", false, 31),
    (31, "Hải Phòng", true, 31),
    (33, "Hưng Yên", false, 33),
    (34, "Thái Bình", false, 33),
    (35, "Hà Nam", false, 37),
    (36, "Nam Định", false, 37),
    (37, "Ninh Bình", false, 37),
    (38, "Thanh Hóa", false, 38),
    (40, "Nghệ An", false, 40),
    (42, "Hà Tĩnh", false, 42),
    (44, "Quảng Bình", false, 44),
    (45, "Quảng Trị", false, 44),
    (46, "Thừa Thiên Huế", false, 46),
    (48, "Đà Nẵng", true, 48),
    (49, "Quảng Nam", false, 48),
    (51, "Quảng Ngãi", false, 51),
    (52, "Bình Định", false, 52),
    (54, "Phú Yên", false, 66),
    (56, "Khánh Hòa", false, 56),
    (58, "Ninh Thuận", false, 56),
    (60, "Bình Thuận", false, 68),
    (62, "Kon Tum", false, 51),
    (64, "Gia Lai", false, 52),
    (66, "Đắk Lắk", false, 66),
    (67, "Đắk Nông", false, 68),
    (68, "Lâm Đồng", false, 68),
    (70, "Bình Phước", false, 75),
    (72, "Tây Ninh", false, 80),
    (74, "Bình Dương", false, 79),
    (75, "Đồng Nai", false, 75),
    (77, "Bà Rịa - Vũng Tàu", false, 79),
    (79, "Hồ Chí Minh", true, 79),
    (80, "Long An", false, 80),
    (82, "Tiền Giang", false, 82),
    (83, "Bến Tre", false, 86),
    (84, "Trà Vinh", false, 86),
    (86, "Vĩnh Long", false, 86),
    (87, "Đồng Tháp", false, 82),
    (89, "An Giang", false, 91),
    (91, "Kiên Giang", false, 91),
    (92, "Cần Thơ", true, 92),
    (93, "Hậu Giang", false, 92),
    (94, "Sóc Trăng", false, 92),
    (95, "Bạc Liêu", false, 96),
    (96, "Cà Mau", false, 96),
];

/// The 34 provinces from 1 July 2025: code (Decision 19/2025/QĐ-TTg), name, city.
const FROM2025: [(u16, &str, bool); 34] = [
    (1, "Hà Nội", true),
    (4, "Cao Bằng", false),
    (8, "Tuyên Quang", false),
    (11, "Điện Biên", false),
    (12, "Lai Châu", false),
    (14, "Sơn La", false),
    (15, "Lào Cai", false),
    (19, "Thái Nguyên", false),
    (20, "Lạng Sơn", false),
    (22, "Quảng Ninh", false),
    (24, "Bắc Ninh", false),
    (25, "Phú Thọ", false),
    (31, "Hải Phòng", true),
    (33, "Hưng Yên", false),
    (37, "Ninh Bình", false),
    (38, "Thanh Hóa", false),
    (40, "Nghệ An", false),
    (42, "Hà Tĩnh", false),
    (44, "Quảng Trị", false),
    (46, "Huế", true),
    (48, "Đà Nẵng", true),
    (51, "Quảng Ngãi", false),
    (52, "Gia Lai", false),
    (56, "Khánh Hòa", false),
    (66, "Đắk Lắk", false),
    (68, "Lâm Đồng", false),
    (75, "Đồng Nai", false),
    (79, "Hồ Chí Minh", true),
    (80, "Tây Ninh", false),
    (82, "Đồng Tháp", false),
    (86, "Vĩnh Long", false),
    (91, "An Giang", false),
    (92, "Cần Thơ", true),
    (96, "Cà Mau", false),
];

fn unit(generation: AdminGeneration, code: u16) -> AdminUnitCode {
    // The tables hold valid province codes only (checked by the tests).
    AdminUnitCode::new(generation, AdminLevel::Province, u32::from(code))
        .unwrap_or_else(|_| unreachable!("the province tables hold valid codes"))
}

impl Province {
    /// The 34 provinces in force from 1 July 2025, in code order.
    pub fn all_2025() -> impl Iterator<Item = Province> {
        FROM2025.iter().map(|&(code, name, city)| Province {
            code: unit(AdminGeneration::From2025, code),
            name,
            city,
            merged_into: None,
        })
    }

    /// The 63 provinces in force until 30 June 2025, in code order.
    pub fn all_pre2025() -> impl Iterator<Item = Province> {
        PRE2025.iter().map(|&(code, name, city, into)| Province {
            code: unit(AdminGeneration::Pre2025, code),
            name,
            city,
            merged_into: Some(into),
        })
    }

    /// The province of a province-level code; `None` for a district or ward code, or a 2025 number no
    /// province has.
    pub fn of(code: &AdminUnitCode) -> Option<Province> {
        if code.level() != AdminLevel::Province {
            return None;
        }
        match code.generation() {
            AdminGeneration::Pre2025 => Self::all_pre2025().find(|p| p.code == *code),
            AdminGeneration::From2025 => Self::all_2025().find(|p| p.code == *code),
        }
    }

    /// The name as written on documents: `Tỉnh Bình Dương`, `Thành phố Hồ Chí Minh`.
    pub fn full_name(&self) -> String {
        let prefix = if self.city { "Thành phố" } else { "Tỉnh" };
        format!("{prefix} {}", self.name)
    }

    /// The 2025 province this one is, or became part of (itself for a 2025 province).
    pub fn successor(&self) -> Province {
        match self.merged_into {
            None => *self,
            Some(into) => Self::of(&unit(AdminGeneration::From2025, into)).unwrap_or_else(|| {
                unreachable!("every successor is one of the 34 (checked by the tests)")
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::admin_unit::PROVINCES_PRE2025;
    use super::*;

    #[test]
    fn the_pre2025_table_lists_the_63_gso_provinces() {
        let codes: Vec<u16> = PRE2025.iter().map(|p| p.0).collect();
        assert_eq!(codes, PROVINCES_PRE2025);
    }

    #[test]
    fn resolution_202_2025_leaves_34_provinces_each_formed_from_one_to_three_old_ones() {
        assert_eq!(Province::all_2025().count(), 34);
        for new in Province::all_2025() {
            let old: Vec<Province> = Province::all_pre2025()
                .filter(|p| p.successor() == new)
                .collect();
            assert!(
                (1..=3).contains(&old.len()),
                "{}: {} predecessors",
                new.name,
                old.len()
            );
            // The new code is the old code of one of the provinces merged into it.
            assert!(
                old.iter().any(|p| p.code.code() == new.code.code()),
                "{}",
                new.name
            );
            assert_eq!(new.successor(), new);
        }
        let unchanged = Province::all_2025()
            .filter(|n| {
                Province::all_pre2025()
                    .filter(|p| p.successor() == *n)
                    .count()
                    == 1
            })
            .count();
        assert_eq!(unchanged, 11, "11 provinces kept their territory");
    }

    #[test]
    fn merged_provinces_point_at_the_unit_they_joined() {
        for (old, new) in [
            (74, "Thành phố Hồ Chí Minh"),
            (77, "Thành phố Hồ Chí Minh"),
            (46, "Thành phố Huế"),
            (49, "Thành phố Đà Nẵng"),
            (72, "Tỉnh Tây Ninh"),
            (80, "Tỉnh Tây Ninh"),
            (36, "Tỉnh Ninh Bình"),
        ] {
            let p = Province::of(&unit(AdminGeneration::Pre2025, old)).unwrap();
            assert_eq!(p.successor().full_name(), new, "{}", p.name);
        }
        assert!(Province::of(&"2025:province:02".parse().unwrap()).is_none());
        assert!(Province::of(&"2025:ward:00004".parse().unwrap()).is_none());
    }
}
