//! The fold of a dossier's complaint and feedback events: one shape for the dossier and for the overdue
//! projection over every dossier.

use jiff::Timestamp;

use super::{Complaint, ComplaintError, ComplaintNumber, ComplaintState, Feedback};
use crate::event::{Event, EventKind};
use crate::time::vietnam_date;

/// A dossier's complaints, in number order, and its rating.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ComplaintLog {
    complaints: Vec<Complaint>,
    feedback: Option<(Feedback, Timestamp)>,
}

impl ComplaintLog {
    /// The complaints, first filed first.
    pub fn complaints(&self) -> &[Complaint] {
        &self.complaints
    }

    /// The complaint of that number.
    pub fn get(&self, number: ComplaintNumber) -> Option<&Complaint> {
        self.complaints.iter().find(|c| c.number == number)
    }

    /// The number the next complaint takes.
    pub fn next_number(&self) -> ComplaintNumber {
        let n = u16::try_from(self.complaints.len()).unwrap_or(u16::MAX);
        ComplaintNumber(n.saturating_add(1))
    }

    /// The rating given, and when.
    pub fn feedback(&self) -> Option<(&Feedback, Timestamp)> {
        self.feedback.as_ref().map(|(f, at)| (f, *at))
    }

    /// Checks a complaint or feedback event against the log (any other event passes): a filing takes the
    /// next number and is due no earlier than it is received; investigating follows filing, resolving
    /// follows investigating; a dossier is rated once.
    ///
    /// # Errors
    /// The [`ComplaintError`] that says why.
    pub fn check(&self, event: &Event) -> Result<(), ComplaintError> {
        let step = |number: ComplaintNumber, from: ComplaintState| {
            let c = self.get(number).ok_or(ComplaintError::Unknown { number })?;
            if c.state == from {
                Ok(())
            } else {
                Err(ComplaintError::NotAllowed {
                    number,
                    state: c.state,
                    event: event.kind.event_type(),
                })
            }
        };
        match &event.kind {
            EventKind::ComplaintFiled { filing } => {
                let expected = self.next_number();
                if filing.number != expected {
                    return Err(ComplaintError::NotNext {
                        number: filing.number,
                        expected,
                    });
                }
                let filed = vietnam_date(event.at);
                if filing.resolution_due < filed {
                    return Err(ComplaintError::DueBeforeFiling {
                        number: filing.number,
                        filed,
                        resolution_due: filing.resolution_due,
                    });
                }
                Ok(())
            }
            EventKind::ComplaintInvestigating { complaint } => {
                step(*complaint, ComplaintState::Filed)
            }
            EventKind::ComplaintResolved { complaint, .. } => {
                step(*complaint, ComplaintState::Investigating)
            }
            EventKind::FeedbackGiven { .. } => match &self.feedback {
                Some((_, at)) => Err(ComplaintError::FeedbackAlreadyGiven { at: *at }),
                None => Ok(()),
            },
            _ => Ok(()),
        }
    }

    /// Records an event that [`check`](Self::check) accepted (any other event changes nothing).
    pub fn record(&mut self, event: &Event) {
        match &event.kind {
            EventKind::ComplaintFiled { filing } => self.complaints.push(Complaint {
                number: filing.number,
                subject: filing.subject,
                filed_at: event.at,
                inter_province: filing.inter_province,
                filing_deadline: filing.filing_deadline,
                resolution_due: filing.resolution_due,
                state: ComplaintState::Filed,
                investigating_at: None,
                resolved_at: None,
                outcome: None,
            }),
            EventKind::ComplaintInvestigating { complaint } => {
                if let Some(c) = self.complaints.iter_mut().find(|c| c.number == *complaint) {
                    c.state = ComplaintState::Investigating;
                    c.investigating_at = Some(event.at);
                }
            }
            EventKind::ComplaintResolved { complaint, outcome } => {
                if let Some(c) = self.complaints.iter_mut().find(|c| c.number == *complaint) {
                    c.state = ComplaintState::Resolved;
                    c.resolved_at = Some(event.at);
                    c.outcome = Some(outcome.clone());
                }
            }
            EventKind::FeedbackGiven { feedback } => {
                self.feedback = Some((feedback.clone(), event.at));
            }
            _ => {}
        }
    }

    /// [`check`](Self::check), then [`record`](Self::record).
    ///
    /// # Errors
    /// As [`check`](Self::check); the log is then unchanged.
    pub fn apply(&mut self, event: &Event) -> Result<(), ComplaintError> {
        self.check(event)?;
        self.record(event);
        Ok(())
    }
}
