//! The checks a catalogue entry passes when the catalogue is read ([`Catalogue::from_json`]).

use super::{CatalogueError, PostalService, Procedure, TimeLimit};
use crate::{AdminGeneration, AdminLevel, AdminUnitCode};

/// Checks entry `index` of a catalogue file: its period, its province, its channel terms and time limits,
/// its supplement window and its postal forms.
pub(super) fn validate(index: usize, p: &Procedure) -> Result<(), CatalogueError> {
    let invalid = |field, problem: String| CatalogueError::Invalid {
        index,
        field,
        problem,
    };
    if let Some(until) = p.effective_until
        && until < p.effective_from
    {
        return Err(invalid(
            "effective_until",
            format!("{until} is before effective_from {}", p.effective_from),
        ));
    }
    if let Some(province) = p.province {
        validate_province(p, province).map_err(|problem| invalid("province", problem))?;
    }
    if p.terms.is_empty() {
        return Err(invalid("terms", "no channel terms".into()));
    }
    for t in &p.terms {
        if !t.time_limit.is_plausible() {
            return Err(invalid(
                "terms.time_limit.days",
                format!(
                    "{} days is outside 1..={}",
                    t.time_limit.days,
                    TimeLimit::MAX_DAYS
                ),
            ));
        }
    }
    if p.supplement_request_working_days == Some(0) {
        return Err(invalid(
            "supplement_request_working_days",
            "0 working days: a supplement window is at least 1 working day".into(),
        ));
    }
    if let PostalService::Allowed { forms } = &p.postal
        && forms.is_empty()
    {
        return Err(invalid(
            "postal.forms",
            "postal service allowed in no form".into(),
        ));
    }
    Ok(())
}

/// A version's province is a province-level code whose generation is in force on every day of the version.
fn validate_province(p: &Procedure, province: AdminUnitCode) -> Result<(), String> {
    if province.level() != AdminLevel::Province {
        return Err(format!("{province} is not a province-level code"));
    }
    let reform = AdminGeneration::REFORM_DATE;
    match province.generation() {
        AdminGeneration::From2025 if p.effective_from < reform => Err(format!(
            "{province} is a 2025 code but the version starts on {}, before {reform}",
            p.effective_from
        )),
        AdminGeneration::Pre2025 if p.effective_until.is_none_or(|until| until >= reform) => {
            Err(format!(
                "{province} is a pre-2025 code but the version runs past 30 June 2025 \
                 (set effective_until, or use the 2025 code)"
            ))
        }
        _ => Ok(()),
    }
}
