//! The transition table: one row per event type and postal form, as data.

use super::{LegRule, Transition};
use crate::event::EventType;
use crate::procedure::PostalForm;
use crate::state::{AgencyState, PostalState};

use AgencyState as A;
use PostalState as P;

const ALL_FORMS: &[PostalForm] = &PostalForm::ALL;
/// The post carries the dossier to the agency.
const SENT: &[PostalForm] = &[PostalForm::SendDossier, PostalForm::Both];
/// The dossier was filed in person or online; only the result goes by post.
const RESULT_ONLY: &[PostalForm] = &[PostalForm::ReceiveResult];
/// The result is collected at the desk.
const DESK_RESULT: &[PostalForm] = &[PostalForm::SendDossier];
/// The post carries the dossier there and the result back.
const BOTH: &[PostalForm] = &[PostalForm::Both];

/// States in which the agency still works on the dossier.
const OPEN_AT_AGENCY: &[AgencyState] = &[
    A::Accepted,
    A::Processing,
    A::SupplementRequested,
    A::AwaitingFinancialObligation,
];
/// States in which the applicant may still withdraw.
const WITHDRAWABLE: &[AgencyState] = &[
    A::Registered,
    A::Accepted,
    A::Processing,
    A::SupplementRequested,
    A::AwaitingFinancialObligation,
];

mod after_service;

const fn row(
    event: EventType,
    forms: &'static [PostalForm],
    agency: LegRule<AgencyState>,
    postal: LegRule<PostalState>,
    rule: &'static str,
) -> Transition {
    Transition {
        event,
        forms,
        agency,
        postal,
        rule,
    }
}

/// The rows for one event type. The match has no catch-all arm: a new event type does not compile until its
/// transitions are written here.
pub fn rules(event: EventType) -> &'static [Transition] {
    use EventType as E;
    use LegRule::{Any, In, Moves};
    match event {
        E::Opened => {
            const ROWS: &[Transition] = &[row(
                E::Opened,
                ALL_FORMS,
                Moves {
                    from: &[],
                    to: A::Registered,
                },
                Moves {
                    from: &[],
                    to: P::NotStarted,
                },
                "a dossier starts registered, the post holding nothing",
            )];
            ROWS
        }
        E::Accepted => {
            const ROWS: &[Transition] = &[
                row(
                    E::Accepted,
                    SENT,
                    Moves {
                        from: &[A::Registered],
                        to: A::Accepted,
                    },
                    In(&[P::HandedToAgency]),
                    "the agency accepts a posted dossier only after the handover record is signed (Decision 45/2016/QĐ-TTg Art 7)",
                ),
                row(
                    E::Accepted,
                    RESULT_ONLY,
                    Moves {
                        from: &[A::Registered],
                        to: A::Accepted,
                    },
                    In(&[P::NotStarted]),
                    "receipt and appointment (form 01 of Circular 01/2018/TT-VPCP and 03/2025/TT-VPCP)",
                ),
            ];
            ROWS
        }
        E::Refused => {
            const ROWS: &[Transition] = &[
                row(
                    E::Refused,
                    SENT,
                    Moves {
                        from: &[A::Registered],
                        to: A::Refused,
                    },
                    In(&[P::HandedToAgency]),
                    "the agency refuses a posted dossier only after receiving it (Decision 45/2016/QĐ-TTg Art 7)",
                ),
                row(
                    E::Refused,
                    RESULT_ONLY,
                    Moves {
                        from: &[A::Registered],
                        to: A::Refused,
                    },
                    In(&[P::NotStarted]),
                    "refusal (form 03 of Circular 01/2018/TT-VPCP and 03/2025/TT-VPCP)",
                ),
            ];
            ROWS
        }
        E::ProcessingStarted => {
            const ROWS: &[Transition] = &[row(
                E::ProcessingStarted,
                ALL_FORMS,
                Moves {
                    from: &[A::Accepted],
                    to: A::Processing,
                },
                Any,
                "an accepted dossier goes to processing",
            )];
            ROWS
        }
        E::SupplementRequested => {
            const ROWS: &[Transition] = &[row(
                E::SupplementRequested,
                ALL_FORMS,
                Moves {
                    from: &[A::Accepted, A::Processing],
                    to: A::SupplementRequested,
                },
                Any,
                "supplement request (form 02 of Circular 01/2018/TT-VPCP and 03/2025/TT-VPCP; Decree 61/2018/NĐ-CP Art 19, Decree 118/2025/NĐ-CP)",
            )];
            ROWS
        }
        E::SupplementReceived => {
            const ROWS: &[Transition] = &[row(
                E::SupplementReceived,
                ALL_FORMS,
                Moves {
                    from: &[A::SupplementRequested],
                    to: A::Processing,
                },
                Any,
                "the processing clock restarts from zero when the supplement arrives (Decree 61/2018/NĐ-CP Art 19, Decree 118/2025/NĐ-CP)",
            )];
            ROWS
        }
        E::FinancialObligationNotified => {
            const ROWS: &[Transition] = &[row(
                E::FinancialObligationNotified,
                ALL_FORMS,
                Moves {
                    from: &[A::Processing],
                    to: A::AwaitingFinancialObligation,
                },
                Any,
                "processing waits for financial obligations (portal status 6)",
            )];
            ROWS
        }
        E::FinancialObligationPaid => {
            const ROWS: &[Transition] = &[row(
                E::FinancialObligationPaid,
                ALL_FORMS,
                Moves {
                    from: &[A::AwaitingFinancialObligation],
                    to: A::Processing,
                },
                Any,
                "processing resumes once the obligation is paid",
            )];
            ROWS
        }
        E::Extended => {
            const ROWS: &[Transition] = &[row(
                E::Extended,
                ALL_FORMS,
                Moves {
                    from: &[A::Processing],
                    to: A::Processing,
                },
                Any,
                "apology and new date, once (Decree 61/2018/NĐ-CP Art 19, Decree 118/2025/NĐ-CP; form 04 of Circular 01/2018/TT-VPCP and 03/2025/TT-VPCP)",
            )];
            ROWS
        }
        E::Stopped => {
            const ROWS: &[Transition] = &[row(
                E::Stopped,
                ALL_FORMS,
                Moves {
                    from: OPEN_AT_AGENCY,
                    to: A::Stopped,
                },
                Any,
                "the agency stops processing (portal status 8)",
            )];
            ROWS
        }
        E::Withdrawn => {
            const ROWS: &[Transition] = &[row(
                E::Withdrawn,
                ALL_FORMS,
                Moves {
                    from: WITHDRAWABLE,
                    to: A::Withdrawn,
                },
                Any,
                "the applicant withdraws before a result (portal status 7)",
            )];
            ROWS
        }
        E::ProcessingFinished => {
            const ROWS: &[Transition] = &[row(
                E::ProcessingFinished,
                ALL_FORMS,
                Moves {
                    from: &[A::Processing],
                    to: A::Done,
                },
                Any,
                "processing finished (portal status 9)",
            )];
            ROWS
        }
        E::ResultReturnedAtDesk => {
            const ROWS: &[Transition] = &[row(
                E::ResultReturnedAtDesk,
                DESK_RESULT,
                Moves {
                    from: &[A::Done],
                    to: A::ResultReturned,
                },
                Any,
                "the result is collected at the desk when the post does not return it",
            )];
            ROWS
        }
        E::PickupRequested => {
            const ROWS: &[Transition] = &[row(
                E::PickupRequested,
                SENT,
                In(&[A::Registered]),
                Moves {
                    from: &[P::NotStarted],
                    to: P::PickupRequested,
                },
                "pickup at the applicant's address (Decision 45/2016/QĐ-TTg Art 6)",
            )];
            ROWS
        }
        E::CollectedAndSealed => {
            const ROWS: &[Transition] = &[row(
                E::CollectedAndSealed,
                SENT,
                In(&[A::Registered]),
                Moves {
                    from: &[P::NotStarted, P::PickupRequested],
                    to: P::CollectedAndSealed,
                },
                "checked, signed and sealed in front of the applicant (Decision 45/2016/QĐ-TTg Art 6)",
            )];
            ROWS
        }
        E::DispatchedToAgency => {
            const ROWS: &[Transition] = &[row(
                E::DispatchedToAgency,
                SENT,
                Any,
                Moves {
                    from: &[P::CollectedAndSealed],
                    to: P::InTransitToAgency,
                },
                "carriage to the agency (Circular 17/2017/TT-BTTTT Art 7)",
            )];
            ROWS
        }
        E::HandedToAgency => {
            const ROWS: &[Transition] = &[row(
                E::HandedToAgency,
                SENT,
                In(&[A::Registered]),
                Moves {
                    from: &[P::CollectedAndSealed, P::InTransitToAgency],
                    to: P::HandedToAgency,
                },
                "the handover record's signing is the legal filing time (Decision 45/2016/QĐ-TTg Art 7)",
            )];
            ROWS
        }
        E::ResultCollected => {
            const ROWS: &[Transition] = &[
                row(
                    E::ResultCollected,
                    BOTH,
                    Moves {
                        from: &[A::Done],
                        to: A::ResultReturned,
                    },
                    Moves {
                        from: &[P::HandedToAgency],
                        to: P::ResultCollected,
                    },
                    "the result is counted and sealed in front of the agency (Decision 45/2016/QĐ-TTg Art 9)",
                ),
                row(
                    E::ResultCollected,
                    RESULT_ONLY,
                    Moves {
                        from: &[A::Done],
                        to: A::ResultReturned,
                    },
                    Moves {
                        from: &[P::NotStarted],
                        to: P::ResultCollected,
                    },
                    "the result is counted and sealed in front of the agency (Decision 45/2016/QĐ-TTg Art 9)",
                ),
            ];
            ROWS
        }
        E::DispatchedToRecipient => {
            const ROWS: &[Transition] = &[row(
                E::DispatchedToRecipient,
                ALL_FORMS,
                Any,
                Moves {
                    from: &[P::ResultCollected],
                    to: P::InTransitToRecipient,
                },
                "carriage of the result",
            )];
            ROWS
        }
        E::OutForDelivery => {
            const ROWS: &[Transition] = &[row(
                E::OutForDelivery,
                ALL_FORMS,
                Any,
                Moves {
                    from: &[
                        P::ResultCollected,
                        P::InTransitToRecipient,
                        P::DeliveryAttempted,
                    ],
                    to: P::OutForDelivery,
                },
                "delivery round (again after a failed attempt)",
            )];
            ROWS
        }
        E::DeliveryAttempted => {
            const ROWS: &[Transition] = &[row(
                E::DeliveryAttempted,
                ALL_FORMS,
                Any,
                Moves {
                    from: &[P::OutForDelivery],
                    to: P::DeliveryAttempted,
                },
                "failed attempt: an invitation is left (Circular 17/2017/TT-BTTTT Art 5)",
            )];
            ROWS
        }
        E::CollectionNotified => {
            const ROWS: &[Transition] = &[row(
                E::CollectionNotified,
                ALL_FORMS,
                Any,
                Moves {
                    from: &[P::ResultCollected, P::InTransitToRecipient],
                    to: P::AwaitingCollection,
                },
                "result held at a post office, the recipient told to collect it: the carriage ends (Circular 17/2017/TT-BTTTT Art 7(2)(c))",
            )];
            ROWS
        }
        E::Delivered => {
            const ROWS: &[Transition] = &[row(
                E::Delivered,
                ALL_FORMS,
                Any,
                Moves {
                    from: &[P::OutForDelivery, P::AwaitingCollection],
                    to: P::Delivered,
                },
                "delivered against ID document (Circular 17/2017/TT-BTTTT Art 5(2)(d)) and signature (Decision 45/2016/QĐ-TTg Art 10(3))",
            )];
            ROWS
        }
        E::ReturnedToAgency => {
            const ROWS: &[Transition] = &[row(
                E::ReturnedToAgency,
                ALL_FORMS,
                Any,
                Moves {
                    from: &[P::DeliveryAttempted],
                    to: P::ReturnedToAgency,
                },
                "returned after at least 2 invitations (Circular 17/2017/TT-BTTTT Art 5)",
            )];
            ROWS
        }
        E::LostOrDamaged => {
            const ROWS: &[Transition] = &[row(
                E::LostOrDamaged,
                ALL_FORMS,
                Any,
                Moves {
                    from: &[
                        P::CollectedAndSealed,
                        P::InTransitToAgency,
                        P::ResultCollected,
                        P::InTransitToRecipient,
                        P::OutForDelivery,
                        P::DeliveryAttempted,
                        P::AwaitingCollection,
                    ],
                    to: P::LostOrDamaged,
                },
                "loss or damage in the post's custody (Decision 45/2016/QĐ-TTg Art 14)",
            )];
            ROWS
        }
        // Complaints have their own states (crate::complaint); the legs only say when one may be filed.
        E::ComplaintFiled => after_service::COMPLAINT_FILED,
        E::ComplaintInvestigating => after_service::COMPLAINT_INVESTIGATING,
        E::ComplaintResolved => after_service::COMPLAINT_RESOLVED,
        E::FeedbackGiven => after_service::FEEDBACK_GIVEN,
    }
}

/// The whole transition table, in [`EventType::ALL`] order.
pub fn table() -> Vec<Transition> {
    EventType::ALL
        .iter()
        .flat_map(|e| rules(*e).iter().copied())
        .collect()
}
