//! What the simulated agency does with each dossier: a script of notices, waits and instants.

use hoso_core::adapter::{
    AgencyMessage, AgencyRef, AgencySide, Capabilities, IssuedDocument, Notice, NoticeKind,
    OutboundKind, ProcessingUpdate,
};
use hoso_core::{AgencyCode, DossierCode, TrackingNumber};
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

    /// The script without the steps an adapter whose capabilities are `capabilities` cannot serve: every
    /// notice of a kind it does not receive, a supplement request (with its wait) when it does not also
    /// send the papers, and the result and its handover when it receives no processing updates (the core
    /// finishes only a dossier whose processing started, so such a script ends at the acceptance).
    ///
    /// ```
    /// use hoso_core::adapter::{Capabilities, NoticeKind, OutboundKind, WireFormat};
    /// use hoso_testkit::{Script, Step};
    /// let caps = Capabilities::new(WireFormat::Json)
    ///     .with_notices([NoticeKind::Accepted, NoticeKind::SupplementRequested])
    ///     .with_outbound([OutboundKind::Submission]);
    /// let script = Script::new()
    ///     .accept(jiff::civil::date(2026, 3, 10))
    ///     .start_processing()
    ///     .request_supplement("Thiếu giấy khám sức khỏe", &["Giấy khám sức khỏe"]);
    /// // No processing updates, and no supplements without a way to send the papers.
    /// assert_eq!(script.within(&caps).steps().len(), 1);
    /// assert!(script.within(&caps).unsupported_by(&caps).is_none());
    /// assert!(script.unsupported_by(&caps).unwrap().contains("Processing"));
    /// ```
    pub fn within(&self, capabilities: &Capabilities) -> Script {
        let supplements = capabilities.sends(OutboundKind::SupplementDelivered);
        let processing = capabilities.receives(NoticeKind::Processing);
        let mut steps = Vec::with_capacity(self.steps.len());
        let mut skip_wait = false;
        for step in &self.steps {
            match step {
                Step::Say(notice @ Notice::SupplementRequested { .. }) => {
                    skip_wait = !(supplements && capabilities.receives(notice.kind()));
                    if !skip_wait {
                        steps.push(step.clone());
                    }
                }
                Step::AwaitSupplement if skip_wait => {}
                Step::Say(Notice::ResultReady { .. } | Notice::ResultHandedToPost { .. })
                    if !processing => {}
                Step::Say(notice) if !capabilities.receives(notice.kind()) => {}
                _ => steps.push(step.clone()),
            }
        }
        Script { steps }
    }

    /// Why an adapter whose capabilities are `capabilities` cannot serve this script, if it cannot: the
    /// first step that needs what it does not declare.
    pub fn unsupported_by(&self, capabilities: &Capabilities) -> Option<String> {
        self.steps.iter().enumerate().find_map(|(i, step)| match step {
            Step::Say(notice) if !capabilities.receives(notice.kind()) => Some(format!(
                "script step {} sends a {:?} notice, which the adapter does not declare \
                 (Capabilities::with_notices); leave it out, or build the script with Script::within",
                i + 1,
                notice.kind()
            )),
            Step::AwaitSupplement if !capabilities.sends(OutboundKind::SupplementDelivered) => {
                Some(format!(
                    "script step {} waits for papers after a supplement request, and the adapter does not send \
                     them (no SupplementDelivered in Capabilities::with_outbound)",
                    i + 1
                ))
            }
            _ => None,
        })
    }

    /// Why `codec` cannot serve this script, if it cannot: what [`unsupported_by`](Self::unsupported_by) its
    /// capabilities says, or else the first notice that, filled as the simulator fills it (see the
    /// [module](super)), `codec` does not write or does not read back: a kind the codec's own version does not
    /// carry (capabilities speak of every version), or a value its format cannot hold (a validity date in a
    /// version without one). The simulator would answer such a step with `500`, and the adapter's poll
    /// would fail without saying why; [`dossier_follows_the_agency_script`](crate::dossier_follows_the_agency_script)
    /// asks this first and fails naming the step.
    pub fn unservable_by(&self, codec: &dyn AgencySide) -> Option<String> {
        if let Some(why) = self.unsupported_by(&codec.capabilities()) {
            return Some(why);
        }
        let agency = codec.agency();
        let sent_at =
            Timestamp::from_second(Timestamp::now().as_second()).unwrap_or(Timestamp::UNIX_EPOCH);
        let dossier = match DossierCode::generate(agency, hoso_core::time::vietnam_date(sent_at), 1)
        {
            Ok(code) => code,
            Err(e) => return Some(format!("no dossier code for agency {agency}: {e}")),
        };
        let said = self
            .steps
            .iter()
            .enumerate()
            .filter_map(|(i, step)| match step {
                Step::Say(notice) => Some((i, notice)),
                _ => None,
            });
        for (n, (i, notice)) in said.enumerate() {
            let message = as_sent(notice, agency, &dossier, "SIM-000001", n, sent_at);
            let read = codec
                .encode_notice(&message)
                .and_then(|bytes| codec.decode(&bytes));
            if let Err(e) = read {
                return Some(format!(
                    "script step {} sends a {:?} notice, which the codec cannot carry as the simulator fills it \
                     ({e}); leave it out, or give it only what the codec's version carries",
                    i + 1,
                    notice.kind()
                ));
            }
        }
        None
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

/// Notice number `n` (0-based) of a script as the simulator sends it about `dossier`, filed as `reference`:
/// message id `{reference}-{n}`, the codec's agency, the reference filled, no officer, and a handover's
/// `handed_at` the message's own time.
pub(crate) fn as_sent(
    notice: &Notice,
    agency: &AgencyCode,
    dossier: &DossierCode,
    reference: &str,
    n: usize,
    sent_at: Timestamp,
) -> AgencyMessage {
    let mut notice = notice.clone();
    if let Notice::ResultHandedToPost { handed_at, .. } = &mut notice {
        *handed_at = sent_at;
    }
    AgencyMessage {
        message_id: format!("{reference}-{n}"),
        agency: agency.clone(),
        dossier: dossier.clone(),
        reference: Some(AgencyRef(reference.to_owned())),
        sent_at,
        officer: None,
        notice,
    }
}
