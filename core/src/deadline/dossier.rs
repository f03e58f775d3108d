//! Every deadline of a dossier, from its pinned procedure and its events.

use jiff::Timestamp;
use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::postal::{
    CarriageRoute, carriage_due, check_return_to_agency, complaint_filing_deadline,
};
use super::{Deadline, DeadlineError, DeadlineStatus, Rule};
use crate::Dossier;
use crate::calendar::WorkCalendar;
use crate::event::EventKind;
use crate::regime::{Regime, RegimeId};
use crate::time::vietnam_date;

/// What the events do not say: the carriage routes and whether the post delivers the appointment slip.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DeadlineOptions {
    /// Route of the dossier to the agency; without it no carriage deadline is computed for that leg.
    #[serde(default)]
    pub to_agency: Option<CarriageRoute>,
    /// Route of the result to the recipient; without it no carriage deadline is computed for that leg.
    #[serde(default)]
    pub to_recipient: Option<CarriageRoute>,
    /// The post also delivers the appointment slip (or tells the applicant the date): the carriage limit to
    /// the agency doubles, and the carriage ends when the applicant receives the slip or is told the date,
    /// not at the handover (Circular 17/2017/TT-BTTTT Art 7(2)(b), (đ), (e)).
    #[serde(default)]
    pub delivers_appointment_slip: bool,
    /// When the applicant received the appointment slip or was told the date, as the post reports it: the end
    /// of the carriage to the agency when [`delivers_appointment_slip`](Self::delivers_appointment_slip) is
    /// set (Circular 17/2017/TT-BTTTT Art 7(2)(b)); until it is known, that deadline stays unmet.
    #[serde(default)]
    #[schemars(schema_with = "crate::time::option_timestamp_schema")]
    pub appointment_notified_at: Option<Timestamp>,
}

/// A rule a dossier's history broke, with the breach.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breach {
    /// The rule.
    pub rule: Rule,
    /// What was wrong, with the dates involved.
    pub error: DeadlineError,
    /// When the offending event happened.
    pub at: Timestamp,
}

/// The deadlines of one dossier, in the order they arose, and the rules its history broke.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DossierDeadlines {
    /// Every deadline that arose. The processing deadline is the last one of rule
    /// [`Rule::ProcessingTimeLimit`] or [`Rule::ExtendedAppointment`]; earlier ones were superseded by a
    /// supplement or an extension and are kept with `met_at` empty for the record.
    pub deadlines: Vec<Deadline>,
    /// The current processing deadline (absent before filing, while a supplement is awaited, and after a
    /// refusal, a stop or a withdrawal).
    pub processing: Option<Deadline>,
    /// The last day a supplement may be requested, once the dossier is filed (Decree 61/2018/NĐ-CP Art 19).
    /// It becomes a [`Rule::SupplementRequestWindow`] deadline, met or late, when a request is made.
    pub supplement_window: Option<Date>,
    /// Rules the history broke.
    pub breaches: Vec<Breach>,
    /// The statutory regime the dossier's deadlines were computed under: the one in force on the day it
    /// was filed ([`Regime::for_received`]); absent before filing.
    pub regime: Option<RegimeId>,
}

impl DossierDeadlines {
    /// The deadlines that still apply (the current processing deadline and the others that were not
    /// superseded), each with its status at `now`.
    ///
    /// # Errors
    /// [`DeadlineError::Calendar`] for dates outside 1900–2100.
    pub fn statuses(
        &self,
        cal: &WorkCalendar,
        now: Timestamp,
        margin_working_days: u16,
    ) -> Result<Vec<(Deadline, DeadlineStatus)>, DeadlineError> {
        let mut out = Vec::new();
        for d in self.deadlines.iter().filter(|d| !self.is_superseded(d)) {
            out.push((d.clone(), d.status_at(cal, now, margin_working_days)?));
        }
        Ok(out)
    }

    /// The legal text and article of a rule for this dossier: under its [`regime`](Self::regime) when it
    /// was filed, else as [`Rule::citation`].
    pub fn citation(&self, rule: Rule) -> String {
        match self.regime {
            Some(id) => rule.citation_under(id.regime()),
            None => rule.citation().to_owned(),
        }
    }

    /// The deadline the dossier's timeliness is reported against in the service's statistics: the
    /// processing deadline in force before any extension (the appointment on the receipt, or the one a
    /// supplement restarted), with the time processing finished.
    ///
    /// An apologised new date ([`Rule::ExtendedAppointment`]) binds the agency to the applicant, but it does
    /// not make a late dossier on time: the Government's service index (Decision 766/QĐ-TTg of 23 June 2023,
    /// group "tiến độ giải quyết") counts dossiers settled on or before their appointment ("đúng hạn và
    /// trước hạn") against those settled late ("quá hạn"), and scores separately that a letter of apology was
    /// sent for each late one. A dossier finished after its first appointment but within the new date is
    /// therefore late, with an apology. Unverified: the decision's own text was not read; the reading is
    /// that of provincial one-stop systems' published specifications of the index.
    ///
    /// ```
    /// # use hoso_core::{Dossier, demo, calendar::WorkCalendar};
    /// # use hoso_core::deadline::dossier::{dossier_deadlines, DeadlineOptions};
    /// let dossier = Dossier::from_events(&demo::lifecycle(1)).unwrap();
    /// let cal = WorkCalendar::vietnam();
    /// let d = dossier_deadlines(&dossier, &cal, &DeadlineOptions::default()).unwrap();
    /// // No extension: the reported deadline is the processing deadline itself.
    /// assert_eq!(d.reported_processing(), d.processing);
    /// ```
    pub fn reported_processing(&self) -> Option<Deadline> {
        let processing = self.processing.as_ref()?;
        if processing.rule != Rule::ExtendedAppointment {
            return Some(processing.clone());
        }
        let first = self
            .deadlines
            .iter()
            .rev()
            .find(|d| d.rule == Rule::ProcessingTimeLimit)?;
        Some(Deadline {
            met_at: processing.met_at,
            ..first.clone()
        })
    }

    /// Whether the dossier was given a new date with an apology ([`Rule::ExtendedAppointment`]).
    pub fn extended(&self) -> bool {
        self.processing
            .as_ref()
            .is_some_and(|p| p.rule == Rule::ExtendedAppointment)
    }

    fn is_superseded(&self, d: &Deadline) -> bool {
        matches!(
            d.rule,
            Rule::ProcessingTimeLimit | Rule::ExtendedAppointment
        ) && self.processing.as_ref() != Some(d)
    }
}

/// Compute a dossier's deadlines from its pinned procedure and its events:
///
/// - filing: the handover record ([`EventKind::HandedToAgency`]) for a dossier sent by post, else the
///   opening (Decision 45/2016/QĐ-TTg Art 7); the processing deadline runs from it with the pinned time
///   limit of the dossier's channel ([`Regime::processing_due`]); the date of filing chooses the statutory
///   [`Regime`] every later rule of the dossier follows, a supplement arriving under a later regime
///   included;
/// - a supplement request must come within 3 working days of filing, or the procedure's own period
///   (Art 19(4)); only one may be made, the applicant being guided once, completely (Art 15(3)); the
///   processing clock stops until the supplement arrives and then restarts from zero (Decree 61/2018/NĐ-CP
///   Art 19);
/// - an extension is checked (once, apology at least 1 day before the due date) and its new date becomes the
///   deadline (Decree 61/2018/NĐ-CP Art 19);
/// - carriage to the agency from the sending slip (sealing) to the handover, or, when the post also delivers
///   the appointment slip, to the applicant's receipt of it ([`DeadlineOptions::appointment_notified_at`]),
///   and to the recipient from the result's collection, by route (Circular 17/2017/TT-BTTTT Art 7(2)), to
///   the first delivery attempt or the delivery, or, for a result given at a post office, to the notice to
///   collect it ([`EventKind::CollectionNotified`], Art 7(2)(c)); delivery invitations before a return
///   (Art 5); after a loss or damage, the complaint filing deadline (Art 8).
///
/// # Errors
/// [`DeadlineError`] for dates outside 1900–2100 or an implausible pinned time limit.
pub fn dossier_deadlines(
    dossier: &Dossier,
    cal: &WorkCalendar,
    options: &DeadlineOptions,
) -> Result<DossierDeadlines, DeadlineError> {
    let pinned = &dossier.header().procedure;
    let channel = pinned.channel;
    let limit = pinned.time_limit;
    let sends_dossier = dossier.header().postal_form.sends_dossier();

    let mut out = DossierDeadlines {
        deadlines: Vec::new(),
        processing: None,
        supplement_window: None,
        breaches: Vec::new(),
        regime: None,
    };
    let mut carriage_to_agency: Option<usize> = None;
    let mut carriage_to_recipient: Option<usize> = None;
    let mut last_carriage_due: Option<Date> = None;
    let mut extensions: u8 = 0;
    let mut first_supplement_request: Option<Date> = None;
    let mut attempts: Vec<Date> = Vec::new();

    for event in dossier.history() {
        let at = event.at;
        match &event.kind {
            // A dossier not sent by post is filed when it is opened (at the desk or online).
            EventKind::Opened { .. } if !sends_dossier => {
                let regime = file(&mut out, at);
                start_processing(&mut out, regime, cal, at, limit, channel)?;
                out.supplement_window = Some(regime.supplement_request_deadline_for(
                    cal,
                    at,
                    channel,
                    pinned.supplement_request_working_days,
                )?);
            }
            EventKind::CollectedAndSealed { .. } => {
                if let Some(route) = options.to_agency {
                    let due = carriage_due(
                        cal,
                        vietnam_date(at),
                        route,
                        options.delivers_appointment_slip,
                    )?;
                    last_carriage_due = Some(due);
                    carriage_to_agency = Some(push(&mut out, Rule::CarriageToAgency, due));
                }
            }
            EventKind::HandedToAgency => {
                // With the appointment slip, the carriage runs on until the applicant has it (Art 7(2)(b)).
                if options.delivers_appointment_slip {
                    if let Some(notified) = options.appointment_notified_at {
                        meet(&mut out, carriage_to_agency.take(), notified);
                    }
                } else {
                    meet(&mut out, carriage_to_agency.take(), at);
                }
                let regime = file(&mut out, at);
                start_processing(&mut out, regime, cal, at, limit, channel)?;
                out.supplement_window = Some(regime.supplement_request_deadline_for(
                    cal,
                    at,
                    channel,
                    pinned.supplement_request_working_days,
                )?);
            }
            EventKind::SupplementRequested { .. } => {
                // Only the first request is bound by the window; it is not an obligation to request one.
                if let Some(window) = out.supplement_window.take() {
                    push_met(&mut out, Rule::SupplementRequestWindow, window, at);
                }
                // The applicant is guided once, completely (Art 15(3)): a second request is a breach.
                match first_supplement_request {
                    Some(first) => out.breaches.push(Breach {
                        rule: Rule::GuidanceOnce,
                        error: DeadlineError::SupplementAlreadyRequested { first },
                        at,
                    }),
                    None => first_supplement_request = Some(vietnam_date(at)),
                }
                // The clock stops until the supplement arrives.
                out.processing = None;
            }
            EventKind::SupplementReceived => {
                let regime = regime_of(&out, at);
                start_processing(&mut out, regime, cal, at, limit, channel)?;
            }
            EventKind::Extended {
                new_appointment, ..
            } => {
                if let Some(current) = out.processing.clone() {
                    let regime = regime_of(&out, at);
                    let latest = regime.latest_apology_day(current.due)?;
                    push_met(&mut out, Rule::ApologyBeforeDueDate, latest, at);
                    if let Err(error) =
                        regime.check_extension(extensions, at, current.due, *new_appointment)
                    {
                        let rule = match error {
                            DeadlineError::ApologyTooLate { .. } => Rule::ApologyBeforeDueDate,
                            _ => Rule::ExtendedAppointment,
                        };
                        out.breaches.push(Breach { rule, error, at });
                    }
                    let d = Deadline {
                        rule: Rule::ExtendedAppointment,
                        due: *new_appointment,
                        met_at: None,
                    };
                    out.deadlines.push(d.clone());
                    out.processing = Some(d);
                }
                extensions = extensions.saturating_add(1);
            }
            EventKind::ProcessingFinished => {
                if let Some(p) = out.processing.as_mut() {
                    p.met_at = Some(at);
                    let p = p.clone();
                    if let Some(slot) = out
                        .deadlines
                        .iter_mut()
                        .rev()
                        .find(|d| d.rule == p.rule && d.due == p.due && d.met_at.is_none())
                    {
                        slot.met_at = Some(at);
                    }
                }
            }
            EventKind::Refused { .. } | EventKind::Stopped { .. } | EventKind::Withdrawn { .. } => {
                out.processing = None;
            }
            EventKind::ResultCollected { .. } => {
                if let Some(route) = options.to_recipient {
                    let due = carriage_due(cal, vietnam_date(at), route, false)?;
                    last_carriage_due = Some(due);
                    carriage_to_recipient = Some(push(&mut out, Rule::CarriageToRecipient, due));
                }
            }
            // The carriage ends when the result reaches the recipient's door: at the first delivery attempt,
            // successful or not. An absent recipient does not make the post late; the invitations that
            // follow have their own rule (Circular 17/2017/TT-BTTTT Art 5).
            EventKind::DeliveryAttempted { .. } => {
                attempts.push(vietnam_date(at));
                meet(&mut out, carriage_to_recipient.take(), at);
            }
            // A result given at a post office: the carriage ends when the recipient is told to collect it
            // (Circular 17/2017/TT-BTTTT Art 7(2)(c)), however long it then waits at the counter.
            EventKind::CollectionNotified => meet(&mut out, carriage_to_recipient.take(), at),
            EventKind::Delivered { .. } => meet(&mut out, carriage_to_recipient.take(), at),
            EventKind::ReturnedToAgency => {
                if let Err(error) = check_return_to_agency(cal, &attempts) {
                    out.breaches.push(Breach {
                        rule: Rule::DeliveryInvitations,
                        error,
                        at,
                    });
                }
            }
            EventKind::LostOrDamaged { .. } => {
                let end = last_carriage_due.unwrap_or_else(|| vietnam_date(at));
                let due = complaint_filing_deadline(cal, end)?;
                push(&mut out, Rule::ComplaintFiling, due);
            }
            _ => {}
        }
    }
    Ok(out)
}

/// Record the filing: the regime of the filing day, kept for the dossier's later rules (a refiled dossier
/// keeps the first).
fn file(out: &mut DossierDeadlines, at: Timestamp) -> &'static Regime {
    let regime = regime_of(out, at);
    out.regime = Some(regime.id);
    regime
}

/// The dossier's regime, or before filing that of the event's day.
fn regime_of(out: &DossierDeadlines, at: Timestamp) -> &'static Regime {
    match out.regime {
        Some(id) => id.regime(),
        None => Regime::for_received(vietnam_date(at)),
    }
}

fn start_processing(
    out: &mut DossierDeadlines,
    regime: &Regime,
    cal: &WorkCalendar,
    at: Timestamp,
    limit: crate::procedure::TimeLimit,
    channel: crate::procedure::Channel,
) -> Result<(), DeadlineError> {
    let due = regime.processing_due(cal, at, limit, channel)?;
    let d = Deadline {
        rule: Rule::ProcessingTimeLimit,
        due,
        met_at: None,
    };
    out.deadlines.push(d.clone());
    out.processing = Some(d);
    Ok(())
}

fn push(out: &mut DossierDeadlines, rule: Rule, due: Date) -> usize {
    out.deadlines.push(Deadline {
        rule,
        due,
        met_at: None,
    });
    out.deadlines.len() - 1
}

fn push_met(out: &mut DossierDeadlines, rule: Rule, due: Date, at: Timestamp) {
    out.deadlines.push(Deadline {
        rule,
        due,
        met_at: Some(at),
    });
}

fn meet(out: &mut DossierDeadlines, index: Option<usize>, at: Timestamp) {
    if let Some(d) = index.and_then(|i| out.deadlines.get_mut(i)) {
        d.met_at = Some(at);
    }
}
