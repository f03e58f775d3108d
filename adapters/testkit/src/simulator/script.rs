//! What the simulated agency does with each dossier: a script of notices, waits and instants.

use hoso_core::TrackingNumber;
use hoso_core::adapter::{IssuedDocument, Notice, ProcessingUpdate};
use jiff::Timestamp;
use jiff::civil::Date;

/// One step of what the agency does with a dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Step {
    /// Send this notice.
    Say(Notice),
    /// Wait until the supplement arrives before going on.
    AwaitSupplement,
    /// The messages that follow are sent from this instant on (simulated time; see [`SimClock`](super::SimClock)).
    At(Timestamp),
}

/// What the agency does with every dossier filed with the simulator, in order.
///
/// ```
/// use hoso_testkit::Script;
/// let script = Script::new()
///     .accept(jiff::civil::date(2026, 3, 10))
///     .start_processing()
///     .request_supplement("Giấy khám sức khỏe quá hạn", &["Giấy khám sức khỏe"])
///     .late(jiff::civil::date(2026, 3, 12), "máy in hỏng");
/// assert_eq!(script.steps().len(), 5);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Script {
    steps: Vec<Step>,
}

impl Script {
    /// An agency that says nothing.
    pub fn new() -> Self {
        Self::default()
    }

    /// The steps.
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// Adds any notice.
    pub fn say(mut self, notice: Notice) -> Self {
        self.steps.push(Step::Say(notice));
        self
    }

    /// Accepts with an appointment date.
    pub fn accept(self, appointment: Date) -> Self {
        self.say(Notice::Accepted {
            appointment,
            received_at: None,
        })
    }

    /// Refuses.
    pub fn refuse(self, reason: &str) -> Self {
        self.say(Notice::Refused {
            reason: reason.into(),
            reason_code: None,
            legal_basis: None,
        })
    }

    /// Starts (or resumes) processing.
    pub fn start_processing(self) -> Self {
        self.say(Notice::Processing {
            update: ProcessingUpdate::Started,
            note: None,
        })
    }

    /// Asks for papers, then waits for them.
    pub fn request_supplement(mut self, reason: &str, missing: &[&str]) -> Self {
        self = self.say(Notice::SupplementRequested {
            reason: reason.into(),
            missing: missing.iter().map(|m| (*m).to_owned()).collect(),
            due: None,
        });
        self.steps.push(Step::AwaitSupplement);
        self
    }

    /// Will be late: apologises with a new date.
    pub fn late(self, new_appointment: Date, reason: &str) -> Self {
        self.say(Notice::Processing {
            update: ProcessingUpdate::Extended { new_appointment },
            note: Some(reason.into()),
        })
    }

    /// Stops processing.
    pub fn stop(self, reason: &str) -> Self {
        self.say(Notice::Processing {
            update: ProcessingUpdate::Stopped,
            note: Some(reason.into()),
        })
    }

    /// The messages that follow are sent from `instant` on, not right after the previous one: how a script
    /// spreads an agency's answers over days of simulated time.
    pub fn at(mut self, instant: Timestamp) -> Self {
        self.steps.push(Step::At(instant));
        self
    }

    /// Finishes: the result is ready, then handed to the post as item `tracking`.
    pub fn finish(self, document: IssuedDocument, tracking: TrackingNumber) -> Self {
        self.say(Notice::ResultReady { document })
            .say(Notice::ResultHandedToPost {
                tracking,
                items: 1,
                handed_at: Timestamp::UNIX_EPOCH, // replaced by the message's time when sent
                postal_worker: None,
                seal: None,
            })
    }
}
