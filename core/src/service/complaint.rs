//! Complaints and ratings recorded through the service layer: events of the dossier's own stream, appended
//! by [`DossierService::update`] under the caller's [`CommandId`], so a retried command is applied once and
//! nothing is written unless the whole change is.
//!
//! Each event's id is derived from the command id (`EventId::derive("complaint", command)`), so even a
//! command whose record was lost cannot file the same complaint twice.

use jiff::Timestamp;
use jiff::civil::Date;

use crate::DossierCode;
use crate::calendar::WorkCalendar;
use crate::complaint::overdue::{OverdueComplaint, overdue_complaints};
use crate::complaint::{
    ComplaintFiling, ComplaintNumber, ComplaintOutcome, ComplaintSubject, Feedback, FreeText,
    filing_terms,
};
use crate::deadline::dossier::DeadlineOptions;
use crate::event::{Actor, Event, EventId, EventKind, Place};
use crate::machine::TransitionError;
use crate::store::{AppendOutcome, CommandId};

use super::{Changes, DossierService, ServiceError};

/// A complaint as the complainant makes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintRequest {
    /// What it is about.
    pub subject: ComplaintSubject,
    /// What they say (the Postal Law 49/2010/QH12 Art 38(2) wants a complaint in writing).
    pub statement: FreeText,
    /// When it was received.
    pub at: Timestamp,
    /// Who received or made it (a counter clerk, the website).
    pub actor: Actor,
    /// Where, if at a post office.
    pub place: Option<Place>,
}

/// A complaint recorded: the append's outcome and the complaint's number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FiledComplaint {
    /// The append (with `repeated_command` for a retry).
    pub outcome: AppendOutcome,
    /// The complaint's number in the dossier.
    pub number: ComplaintNumber,
    /// The last day to resolve it (the working-day deadline of Circular 17/2017/TT-BTTTT Art 8, as
    /// [`filing_terms`] computed it when the complaint was filed; a retry gets the first filing's day).
    pub resolution_due: Date,
}

fn event_id(command: &CommandId) -> EventId {
    EventId::derive("complaint", command.as_str())
}

fn refused(code: &DossierCode, e: crate::complaint::ComplaintError) -> ServiceError {
    ServiceError::Transition {
        dossier: code.clone(),
        source: TransitionError::Complaint(e),
    }
}

impl DossierService {
    /// Files a complaint about the post's service of dossier `code`: its deadlines come from
    /// [`filing_terms`] (6 months from the end of the carriage time to file, 5 or 7 working days to resolve,
    /// Circular 17/2017/TT-BTTTT Art 8(1)), the routes of `options` and the calendar `cal`; it takes the
    /// dossier's next number. Idempotent by `command`.
    ///
    /// # Errors
    /// [`ServiceError::Transition`] with [`TransitionError::Complaint`] for a complaint filed after its
    /// window (`FilingWindowClosed`, with the deadline) or before the post took part; the store's errors.
    pub async fn file_complaint(
        &self,
        code: &DossierCode,
        command: CommandId,
        cal: &WorkCalendar,
        options: &DeadlineOptions,
        request: ComplaintRequest,
    ) -> Result<FiledComplaint, ServiceError> {
        let id = event_id(&command);
        let outcome = self
            .update(code, Some(command), |loaded| {
                let d = &loaded.dossier;
                if d.has_event(id) {
                    return Ok(Changes::default());
                }
                let terms =
                    filing_terms(d, cal, options, request.at).map_err(|e| refused(code, e))?;
                let filing = ComplaintFiling {
                    number: d.complaint_log().next_number(),
                    subject: request.subject,
                    statement: request.statement.clone(),
                    inter_province: terms.inter_province,
                    filing_deadline: terms.filing_deadline,
                    resolution_due: terms.resolution_due,
                };
                let mut event = Event::new(
                    id,
                    request.at,
                    request.actor.clone(),
                    EventKind::ComplaintFiled { filing },
                );
                event.place = request.place.clone();
                Ok(Changes::events(vec![event]))
            })
            .await?;
        let loaded = self
            .load(code)
            .await?
            .ok_or_else(|| ServiceError::NotFound(code.clone()))?;
        let (number, resolution_due) = loaded
            .dossier
            .history()
            .iter()
            .find_map(|e| match &e.kind {
                EventKind::ComplaintFiled { filing } if e.id == id => {
                    Some((filing.number, filing.resolution_due))
                }
                _ => None,
            })
            .ok_or_else(|| ServiceError::NotFound(code.clone()))?;
        Ok(FiledComplaint {
            outcome,
            number,
            resolution_due,
        })
    }

    /// Records that the post started investigating complaint `number`. Idempotent by `command`.
    ///
    /// # Errors
    /// [`ServiceError::Transition`] for an unknown complaint or one not in the filed state.
    pub async fn investigate_complaint(
        &self,
        code: &DossierCode,
        command: CommandId,
        number: ComplaintNumber,
        at: Timestamp,
        actor: Actor,
    ) -> Result<AppendOutcome, ServiceError> {
        let kind = EventKind::ComplaintInvestigating { complaint: number };
        self.record_one(code, command, at, actor, kind).await
    }

    /// Records how complaint `number` was resolved: upheld with any compensation, or rejected, with the
    /// reason. Idempotent by `command`.
    ///
    /// # Errors
    /// [`ServiceError::Transition`] for an unknown complaint or one not under investigation.
    pub async fn resolve_complaint(
        &self,
        code: &DossierCode,
        command: CommandId,
        number: ComplaintNumber,
        outcome: ComplaintOutcome,
        at: Timestamp,
        actor: Actor,
    ) -> Result<AppendOutcome, ServiceError> {
        let kind = EventKind::ComplaintResolved {
            complaint: number,
            outcome,
        };
        self.record_one(code, command, at, actor, kind).await
    }

    /// Records the recipient's rating, once the result was delivered (or handed over at the desk); a
    /// dossier is rated once. Idempotent by `command`.
    ///
    /// # Errors
    /// [`ServiceError::Transition`] before delivery (`NotAllowed`) or for a second rating
    /// (`FeedbackAlreadyGiven`).
    pub async fn give_feedback(
        &self,
        code: &DossierCode,
        command: CommandId,
        feedback: Feedback,
        at: Timestamp,
        actor: Actor,
    ) -> Result<AppendOutcome, ServiceError> {
        let kind = EventKind::FeedbackGiven { feedback };
        self.record_one(code, command, at, actor, kind).await
    }

    /// The complaints of every dossier unresolved past their resolution date at `now`
    /// ([`overdue_complaints`]).
    ///
    /// # Errors
    /// The store's errors.
    pub async fn overdue_complaints(
        &self,
        now: Timestamp,
    ) -> Result<Vec<OverdueComplaint>, ServiceError> {
        Ok(overdue_complaints(self.store.as_ref(), now).await?)
    }

    async fn record_one(
        &self,
        code: &DossierCode,
        command: CommandId,
        at: Timestamp,
        actor: Actor,
        kind: EventKind,
    ) -> Result<AppendOutcome, ServiceError> {
        let event = Event::new(event_id(&command), at, actor, kind);
        self.update(code, Some(command), |_| {
            Ok(Changes::events(vec![event.clone()]))
        })
        .await
    }
}
