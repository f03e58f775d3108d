//! A search of the directory by province and commune, by their 2025 names or by the names they had before
//! 1 July 2025.

use hoso_core::{AdminUnitCode, Province};

use super::fold::place_key;
use super::{Directory, ServicePoint};

/// The most points one answer lists; a search that finds more says so and asks for a commune.
pub(crate) const MAX_POINTS: usize = 200;

/// Short names users write for a province, by its 2025 code.
const ALIASES: [(&str, u16); 3] = [("hcm", 79), ("tphcm", 79), ("sai gon", 79)];

/// What a search was told about a name it was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Notice {
    /// A pre-2025 province name (or one of its codes): its territory is now part of `into`.
    ProvinceMerged { from: Province, into: Province },
    /// A pre-2025 commune name: it is now part of the commune `into` (of `province`).
    CommuneMerged {
        from: String,
        into: String,
        province: AdminUnitCode,
    },
    /// No province has this name.
    UnknownProvince(String),
    /// No commune (of the province, when one was given) has this name, now or before.
    UnknownCommune(String),
    /// More points than one answer lists.
    Truncated { found: usize },
}

/// The answer to one search.
#[derive(Debug)]
pub(crate) struct Found<'a> {
    /// The province searched, resolved to a 2025 province.
    pub(crate) province: Option<Province>,
    pub(crate) notices: Vec<Notice>,
    pub(crate) points: Vec<&'a ServicePoint>,
}

/// The 2025 province `query` names: a 2025 name, a pre-2025 name (with a notice), an alias, or a code of
/// either generation.
fn resolve_province(query: &str) -> Result<(Province, Option<Notice>), Notice> {
    let merged = |old: Province| {
        let new = old.successor();
        let notice =
            (place_key(old.name) != place_key(new.name)).then_some(Notice::ProvinceMerged {
                from: old,
                into: new,
            });
        (new, notice)
    };
    if let Ok(code) = query.trim().parse::<AdminUnitCode>() {
        return Province::of(&code)
            .map(merged)
            .ok_or_else(|| Notice::UnknownProvince(query.to_owned()));
    }
    let key = place_key(query);
    if let Some(p) = Province::all_2025().find(|p| place_key(p.name) == key) {
        return Ok((p, None));
    }
    if let Some(p) = Province::all_pre2025().find(|p| place_key(p.name) == key) {
        return Ok(merged(p));
    }
    if let Some(&(_, code)) = ALIASES.iter().find(|(alias, _)| *alias == key)
        && let Some(p) = Province::all_2025().find(|p| p.code.code() == u32::from(code))
    {
        return Ok((p, None));
    }
    // A part of a name in whole words (`Vũng Tàu` for `Bà Rịa - Vũng Tàu`), when only one province has it.
    if key.len() >= 4 {
        let padded = format!(" {key} ");
        let mut found = Province::all_pre2025()
            .chain(Province::all_2025())
            .filter(|p| format!(" {} ", place_key(p.name)).contains(&padded));
        if let (Some(p), None) = (found.next(), found.next()) {
            return Ok(merged(p));
        }
    }
    Err(Notice::UnknownProvince(query.to_owned()))
}

impl Directory {
    /// The points of `province` (when given) in `commune` (when given). An unknown name gives no point and
    /// a notice, never an error.
    pub(crate) fn search(&self, province: Option<&str>, commune: Option<&str>) -> Found<'_> {
        let mut notices = Vec::new();
        let resolved = match province.map(resolve_province) {
            None => None,
            Some(Ok((p, notice))) => {
                notices.extend(notice);
                Some(p)
            }
            Some(Err(unknown)) => {
                return Found {
                    province: None,
                    notices: vec![unknown],
                    points: Vec::new(),
                };
            }
        };
        let in_province: Vec<&ServicePoint> = self
            .points()
            .iter()
            .filter(|p| resolved.is_none_or(|r| p.province == r.code))
            .collect();
        let mut points = match commune {
            None => in_province,
            Some(query) => {
                let key = place_key(query);
                let current: Vec<&ServicePoint> = in_province
                    .iter()
                    .copied()
                    .filter(|p| place_key(&p.commune.name) == key)
                    .collect();
                if current.is_empty() {
                    let former: Vec<&ServicePoint> = in_province
                        .iter()
                        .copied()
                        .filter(|p| p.commune.former.iter().any(|f| place_key(f) == key))
                        .collect();
                    for p in &former {
                        let notice = Notice::CommuneMerged {
                            from: p
                                .commune
                                .former
                                .iter()
                                .find(|f| place_key(f) == key)
                                .cloned()
                                .unwrap_or_else(|| query.to_owned()),
                            into: p.commune.name.clone(),
                            province: p.province,
                        };
                        if !notices.contains(&notice) {
                            notices.push(notice);
                        }
                    }
                    if former.is_empty() {
                        notices.push(Notice::UnknownCommune(query.to_owned()));
                    }
                    former
                } else {
                    current
                }
            }
        };
        points.sort_by(|a, b| {
            (a.province, place_key(&a.commune.name), &a.name).cmp(&(
                b.province,
                place_key(&b.commune.name),
                &b.name,
            ))
        });
        if points.len() > MAX_POINTS {
            notices.push(Notice::Truncated {
                found: points.len(),
            });
            points.truncate(MAX_POINTS);
        }
        Found {
            province: resolved,
            notices,
            points,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(q: &str) -> Result<(String, bool), Notice> {
        resolve_province(q).map(|(p, n)| (p.full_name(), n.is_some()))
    }

    #[test]
    fn provinces_are_found_by_new_name_old_name_alias_code_or_a_unique_part() {
        let hcm = Ok(("Thành phố Hồ Chí Minh".to_owned(), false));
        let into_hcm = Ok(("Thành phố Hồ Chí Minh".to_owned(), true));
        assert_eq!(name("TP. Hồ Chí Minh"), hcm);
        assert_eq!(name("tphcm"), hcm);
        assert_eq!(name("2025:province:79"), hcm);
        assert_eq!(name("Bình Dương"), into_hcm);
        assert_eq!(name("pre2025:province:74"), into_hcm);
        assert_eq!(name("Vũng Tàu"), into_hcm);
        assert_eq!(
            name("Thừa Thiên Huế"),
            Ok(("Thành phố Huế".to_owned(), true))
        );
        // An old name the new province kept is the new province, without a notice.
        assert_eq!(name("Đồng Nai"), Ok(("Tỉnh Đồng Nai".to_owned(), false)));
        assert!(matches!(name("Atlantis"), Err(Notice::UnknownProvince(_))));
        // `Hà` is part of several names: not a guess.
        assert!(matches!(name("Hà"), Err(Notice::UnknownProvince(_))));
    }
}
