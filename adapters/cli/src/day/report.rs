//! The day's summary: dossiers per procedure and state, on-time rate, deadlines missed, custody chains.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use hoso_core::state::{AgencyState, PostalState};
use hoso_core::{DossierCode, ProcedureCode};

use super::plan::Scenario;

/// What became of one dossier.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The dossier.
    pub code: DossierCode,
    /// Its procedure.
    pub procedure: ProcedureCode,
    /// What was planned for it.
    pub scenario: Scenario,
    /// Where the agency leg ended.
    pub agency: AgencyState,
    /// Where the postal leg ended.
    pub postal: PostalState,
    /// The deadlines it missed, each with the rule it comes from.
    pub missed: Vec<String>,
    /// Whether the processing deadline applied (the agency decided on the dossier) and was met.
    pub processed_on_time: Option<bool>,
    /// Custody records written.
    pub custody_records: usize,
    /// Whether its evidence file verified offline.
    pub chain_verified: bool,
}

/// The summary of a day.
#[derive(Debug, Clone, Default)]
pub struct DayReport {
    /// Every dossier's outcome, in intake order.
    pub outcomes: Vec<Outcome>,
    /// Where the evidence files were written.
    pub evidence_dir: PathBuf,
    /// Messages exchanged with the agencies' simulators over HTTP.
    pub agency_messages: usize,
    /// Orders the carrier holds (pickups and returns, each once).
    pub carrier_orders: usize,
    /// Events the carrier's tracking feed recorded.
    pub tracking_events: usize,
}

impl DayReport {
    /// Dossiers whose processing deadline applied and was met, and those whose processing deadline applied.
    pub fn on_time(&self) -> (usize, usize) {
        let applicable: Vec<bool> = self
            .outcomes
            .iter()
            .filter_map(|o| o.processed_on_time)
            .collect();
        (applicable.iter().filter(|x| **x).count(), applicable.len())
    }

    /// Evidence files that verified, and all of them.
    pub fn chains(&self) -> (usize, usize) {
        let written: Vec<&Outcome> = self
            .outcomes
            .iter()
            .filter(|o| o.custody_records > 0)
            .collect();
        (
            written.iter().filter(|o| o.chain_verified).count(),
            written.len(),
        )
    }
}

impl fmt::Display for DayReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut by_state: BTreeMap<(String, &'static str, &'static str), usize> = BTreeMap::new();
        for o in &self.outcomes {
            *by_state
                .entry((
                    o.procedure.to_string(),
                    o.agency.label().en,
                    o.postal.label().en,
                ))
                .or_default() += 1;
        }
        writeln!(
            f,
            "{:<10} {:<28} {:<28} {:>5}",
            "procedure", "agency leg", "postal leg", "count"
        )?;
        writeln!(f, "{}", "-".repeat(74))?;
        for ((procedure, agency, postal), n) in &by_state {
            writeln!(f, "{procedure:<10} {agency:<28} {postal:<28} {n:>5}")?;
        }
        writeln!(f, "{}", "-".repeat(74))?;
        let mut by_scenario: BTreeMap<&'static str, usize> = BTreeMap::new();
        for o in &self.outcomes {
            *by_scenario.entry(o.scenario.name()).or_default() += 1;
        }
        let scenarios: Vec<String> = by_scenario
            .iter()
            .map(|(s, n)| format!("{s}: {n}"))
            .collect();
        writeln!(
            f,
            "dossiers: {} ({})",
            self.outcomes.len(),
            scenarios.join(", ")
        )?;
        let (met, applicable) = self.on_time();
        let rate = if applicable == 0 {
            100.0
        } else {
            100.0 * met as f64 / applicable as f64
        };
        writeln!(f, "processed on time: {met}/{applicable} ({rate:.1}%)")?;
        let missed: Vec<&Outcome> = self
            .outcomes
            .iter()
            .filter(|o| !o.missed.is_empty())
            .collect();
        writeln!(
            f,
            "deadlines missed: {}",
            missed.iter().map(|o| o.missed.len()).sum::<usize>()
        )?;
        for o in missed {
            writeln!(
                f,
                "  {} ({}): {}",
                o.code,
                o.scenario.name(),
                o.missed.join("; ")
            )?;
        }
        let (ok, written) = self.chains();
        writeln!(f, "custody chains verified offline: {ok}/{written}")?;
        writeln!(
            f,
            "agency messages exchanged over HTTP: {}",
            self.agency_messages
        )?;
        writeln!(
            f,
            "carrier orders placed (each once): {}; tracking events applied: {}",
            self.carrier_orders, self.tracking_events
        )?;
        write!(f, "evidence files: {}", self.evidence_dir.display())
    }
}
