//! On-time rates over many dossiers, grouped like the rates the service reports (by procedure, agency and
//! province).

use std::collections::BTreeMap;

use jiff::Timestamp;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::dossier::{DeadlineOptions, dossier_deadlines};
use super::{DeadlineError, DeadlineStatus};
use crate::Dossier;
use crate::calendar::WorkCalendar;

/// Counts of processing deadlines by outcome.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct OnTimeCounts {
    /// Dossiers counted.
    pub total: u32,
    /// Finished on or before the due date.
    pub finished_on_time: u32,
    /// Finished after the due date.
    pub finished_late: u32,
    /// Not finished, still within the time limit.
    pub in_progress_on_time: u32,
    /// Not finished and past the due date.
    pub overdue: u32,
    /// Of those counted, the dossiers given a new date with an apology; each is counted against its first
    /// appointment all the same ([`DossierDeadlines::reported_processing`](super::dossier::DossierDeadlines::reported_processing)).
    #[serde(default)]
    pub extended: u32,
}

impl OnTimeCounts {
    fn add(&mut self, status: DeadlineStatus) {
        self.total += 1;
        match status {
            DeadlineStatus::Met => self.finished_on_time += 1,
            DeadlineStatus::MetLate { .. } => self.finished_late += 1,
            DeadlineStatus::Pending { .. } | DeadlineStatus::DueSoon { .. } => {
                self.in_progress_on_time += 1
            }
            DeadlineStatus::Missed { .. } => self.overdue += 1,
        }
    }

    /// Share of finished dossiers finished on time, in basis points (10,000 = 100%); `None` when none is
    /// finished.
    pub fn finished_on_time_basis_points(&self) -> Option<u32> {
        let finished = self.finished_on_time + self.finished_late;
        (finished > 0)
            .then(|| (u64::from(self.finished_on_time) * 10_000 / u64::from(finished)) as u32)
    }

    /// Share of all counted dossiers that are on time (finished on time or still within the limit), in basis
    /// points; `None` when nothing is counted.
    pub fn on_time_basis_points(&self) -> Option<u32> {
        (self.total > 0).then(|| {
            (u64::from(self.finished_on_time + self.in_progress_on_time) * 10_000
                / u64::from(self.total)) as u32
        })
    }
}

/// On-time counts overall and grouped by procedure code, agency code and province.
///
/// ```
/// use hoso_core::deadline::DeadlineStatus;
/// use hoso_core::deadline::summary::OnTimeSummary;
///
/// let mut s = OnTimeSummary::default();
/// s.add("1.002820", "000.00.01.H56", "Hà Nội", DeadlineStatus::Met);
/// s.add("1.002820", "000.00.01.H56", "Hà Nội", DeadlineStatus::MetLate { days_late: 2 });
/// assert_eq!(s.by_procedure["1.002820"].finished_on_time_basis_points(), Some(5_000));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct OnTimeSummary {
    /// All dossiers.
    pub overall: OnTimeCounts,
    /// By procedure code (mã TTHC).
    pub by_procedure: BTreeMap<String, OnTimeCounts>,
    /// By receiving agency code.
    pub by_agency: BTreeMap<String, OnTimeCounts>,
    /// By province (as the caller names it).
    pub by_province: BTreeMap<String, OnTimeCounts>,
}

impl OnTimeSummary {
    /// Count one processing deadline's status under its procedure, agency and province.
    pub fn add(&mut self, procedure: &str, agency: &str, province: &str, status: DeadlineStatus) {
        self.add_counted(procedure, agency, province, status, false);
    }

    fn add_counted(
        &mut self,
        procedure: &str,
        agency: &str,
        province: &str,
        status: DeadlineStatus,
        extended: bool,
    ) {
        let groups = [
            &mut self.overall,
            self.by_procedure.entry(procedure.to_owned()).or_default(),
            self.by_agency.entry(agency.to_owned()).or_default(),
            self.by_province.entry(province.to_owned()).or_default(),
        ];
        for counts in groups {
            counts.add(status);
            counts.extended += u32::from(extended);
        }
    }

    /// The summary of many dossiers at `now`: each dossier's processing deadline as the service's
    /// statistics count it ([`DossierDeadlines::reported_processing`](super::dossier::DossierDeadlines::reported_processing):
    /// an extended dossier against its first appointment), grouped by its pinned procedure code, the agency of its dossier code and the
    /// province `province_of` names. Dossiers without a running processing deadline (not filed yet, awaiting
    /// a supplement, refused, stopped, withdrawn) are not counted.
    ///
    /// # Errors
    /// As [`dossier_deadlines`].
    pub fn of_dossiers<'a>(
        dossiers: impl IntoIterator<Item = &'a Dossier>,
        cal: &WorkCalendar,
        options: &DeadlineOptions,
        now: Timestamp,
        province_of: impl Fn(&Dossier) -> String,
    ) -> Result<OnTimeSummary, DeadlineError> {
        let mut s = OnTimeSummary::default();
        for d in dossiers {
            let deadlines = dossier_deadlines(d, cal, options)?;
            if let Some(p) = deadlines.reported_processing() {
                let status = p.status_at(cal, now, 0)?;
                s.add_counted(
                    d.header().procedure.code.as_str(),
                    d.code().agency(),
                    &province_of(d),
                    status,
                    deadlines.extended(),
                );
            }
        }
        Ok(s)
    }
}
