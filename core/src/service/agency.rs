//! Messages an agency pushes (a webhook, a gateway call): recorded through the service layer, once.

use crate::adapter::AgencyMessage;
use crate::store::{AgencyFiling, AppendOutcome, CommandId};

use super::{Changes, DossierService, ServiceError};

impl DossierService {
    /// Records what an agency says about one of its dossiers: the message's events
    /// ([`AgencyMessage::events`]) appended through [`update`](Self::update), with the agency's reference
    /// when the dossier's filing lacks one.
    ///
    /// Idempotent twice over: the command id is `agency/{agency}/{message id}`, so a message delivered again
    /// returns its first outcome (`repeated_command`) and writes nothing; and its events' ids are derived
    /// from the message id, so even under another command they are skipped. The message is recorded only if
    /// the dossier is filed with the agency that sends it ([`ServiceError::NotFiledWith`]): an agency
    /// speaks for its own dossiers only.
    pub async fn record_agency_message(
        &self,
        message: &AgencyMessage,
    ) -> Result<AppendOutcome, ServiceError> {
        let command = CommandId::new(format!("agency/{}/{}", message.agency, message.message_id));
        let events = message.events();
        self.update(&message.dossier, Some(command), |loaded| {
            let filing = match &loaded.filing {
                Some(f) if f.agency == message.agency => f,
                _ => {
                    return Err(ServiceError::NotFiledWith {
                        dossier: message.dossier.clone(),
                        agency: message.agency.clone(),
                    });
                }
            };
            let fresh = events
                .iter()
                .filter(|e| !loaded.dossier.has_event(e.id))
                .cloned()
                .collect();
            let mut changes = Changes::events(fresh);
            if let Some(reference) = &message.reference
                && filing.reference.as_str().is_empty()
            {
                changes = changes.with_filing(AgencyFiling {
                    agency: message.agency.clone(),
                    reference: reference.clone(),
                });
            }
            Ok(changes)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use crate::adapter::{AgencyMessage, AgencyRef, Notice, ProcessingUpdate};
    use crate::service::{Changes, DossierService, ServiceError};
    use crate::store::{AgencyFiling, CommandId, EventStore, MemoryStore};
    use crate::{AgencyCode, AgencyState, demo};

    async fn filed_with(agency: &AgencyCode) -> (DossierService, AgencyMessage) {
        let store: Arc<dyn EventStore> = Arc::new(MemoryStore::new());
        let service = DossierService::new(store);
        let events = demo::lifecycle(1);
        let filing = AgencyFiling {
            agency: agency.clone(),
            reference: AgencyRef("HC-1".into()),
        };
        service
            .open(
                CommandId::new("open"),
                events[0].clone(),
                Changes::events(events[1..5].to_vec()).with_filing(filing),
            )
            .await
            .unwrap();
        let message = AgencyMessage {
            message_id: "m-1".into(),
            agency: agency.clone(),
            dossier: demo::header(1).code,
            reference: Some(AgencyRef("HC-1".into())),
            sent_at: demo::at(60 * 24 * 2),
            officer: None,
            notice: Notice::Processing {
                update: ProcessingUpdate::Started,
                note: None,
            },
        };
        (service, message)
    }

    #[tokio::test]
    async fn an_agency_message_is_recorded_once_however_often_it_arrives() {
        let agency: AgencyCode = "000.00.01.H56".parse().unwrap();
        let (service, message) = filed_with(&agency).await;
        let first = service.record_agency_message(&message).await.unwrap();
        assert_eq!(first.appended, 1);
        let again = service.record_agency_message(&message).await.unwrap();
        assert!(again.repeated_command);
        assert_eq!(again.version, first.version);
        let code = demo::header(1).code;
        let loaded = service.load(&code).await.unwrap().unwrap();
        assert_eq!(loaded.dossier.agency_state(), AgencyState::Processing);
        assert_eq!(loaded.version, first.version);
    }

    #[tokio::test]
    async fn an_agency_speaks_only_for_the_dossiers_filed_with_it() {
        let filed: AgencyCode = "000.00.01.H56".parse().unwrap();
        let (service, mut message) = filed_with(&filed).await;
        message.agency = "000.00.01.H22".parse().unwrap();
        let err = service.record_agency_message(&message).await.unwrap_err();
        assert!(matches!(err, ServiceError::NotFiledWith { .. }), "{err}");
        let code = demo::header(1).code;
        assert_eq!(service.load(&code).await.unwrap().unwrap().version, 5);
    }
}
