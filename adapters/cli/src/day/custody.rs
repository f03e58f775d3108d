//! The custody chain of each dossier: the record each handover event proves, signed with the day's keys.

use super::keystore::POST_OFFICE;
pub use super::keystore::{AUTHORITY, CustodyError, Signers};

use hoso_core::custody::{
    ChainBuilder, DeliveryProof, EvidenceFile, GeoPosition, KeyId, Parties, Place, RecordDraft,
    RecordDrafter, Sha256Digest,
};
use hoso_core::dossier::DossierHeader;
use hoso_core::event::{Event, EventType};
use hoso_core::{Applicant, Dossier};

/// The key of the courier between the post office and the agencies.
const COURIER: &str = "vnpost-h56-courier-01";
use jiff::Timestamp;

/// The chain of one dossier as it is being written: each record drafted by the library from the event it
/// proves ([`RecordDrafter`]), signed with the day's keys.
///
/// The day's registry authority is the post's own system: it receives each record as it is signed, and
/// notes that instant as the record's receipt.
#[derive(Debug)]
pub struct DossierChain {
    chain: ChainBuilder,
    received_at: Vec<Timestamp>,
}

impl DossierChain {
    /// A new chain for a dossier.
    pub fn new(header: &DossierHeader) -> Self {
        DossierChain {
            chain: ChainBuilder::new(header.code.clone()),
            received_at: Vec::new(),
        }
    }

    /// Signs and appends the record `event` of `dossier` proves, if it proves one, with `parties` naming
    /// whom the event does not. Returns the record's hash.
    pub fn record(
        &mut self,
        signers: &Signers,
        dossier: &Dossier,
        event: &Event,
        parties: &Parties,
    ) -> Result<Option<Sha256Digest>, CustodyError> {
        let salt = signers.salt(dossier.code())?;
        // Some agencies' messages do not name the seal the post put on the result.
        let seal = format!("NP-{}-KQ", dossier.code().sequence());
        let drafter = RecordDrafter::new(dossier, signers.registry(), &salt).with_result_seal(seal);
        match drafter.for_event(event, parties)? {
            Some(draft) => self.append(signers, draft).map(Some),
            None => Ok(None),
        }
    }

    /// Biên bản giao nhận hồ sơ: the courier hands the dossier to the one-stop officer of its agency.
    pub fn agency_handover(
        &mut self,
        signers: &mut Signers,
        dossier: &Dossier,
        handed: &Event,
    ) -> Result<(), CustodyError> {
        let officer = Parties::new().taker(signers.desk(&dossier.code().agency_code())?);
        self.record(signers, dossier, handed, &officer).map(|_| ())
    }

    /// The result return slip: the agency's system reports the result collected; its officer gave it, the
    /// courier took it.
    pub fn result_return(
        &mut self,
        signers: &mut Signers,
        dossier: &Dossier,
    ) -> Result<(), CustodyError> {
        let mut history = dossier.history().iter().rev();
        let Some(collected) = history.find(|e| e.kind.event_type() == EventType::ResultCollected)
        else {
            return Ok(());
        };
        let parties = Parties::new()
            .giver(signers.desk(&dossier.code().agency_code())?)
            .taker(COURIER.parse()?);
        self.record(signers, dossier, collected, &parties)
            .map(|_| ())
    }

    /// Delivery to the citizen applicant, who signs on the carrier's device, then the proof of delivery.
    pub fn delivery(
        &mut self,
        signers: &mut Signers,
        dossier: &Dossier,
        delivered: &Event,
    ) -> Result<(), CustodyError> {
        let header = dossier.header();
        let Applicant::Citizen { name, .. } = &header.applicant else {
            return Ok(());
        };
        let parties = Parties::new().taker(signers.recipient(name, header.code.as_str())?);
        if let Some(receipt) = self.record(signers, dossier, delivered, &parties)? {
            let carrier: KeyId = delivered.actor.id.parse()?;
            self.proof_of_delivery(signers, dossier, receipt, &carrier, delivered.at)?;
        }
        Ok(())
    }

    /// The proof of delivery `carrier` uploads when back in coverage, 40 minutes after the delivery whose
    /// receipt has the hash `receipt`.
    fn proof_of_delivery(
        &mut self,
        signers: &Signers,
        dossier: &Dossier,
        receipt: Sha256Digest,
        carrier: &KeyId,
        delivered_at: Timestamp,
    ) -> Result<(), CustodyError> {
        let code = dossier.code();
        let proof = DeliveryProof {
            captured_at: delivered_at,
            photo_sha256: Some(Sha256Digest::of(format!("photo {code}").as_bytes())),
            position: Some(GeoPosition {
                lat_microdeg: 12_238_800,
                lon_microdeg: 109_196_700,
                accuracy_m: Some(8),
            }),
            signature_image_sha256: Some(Sha256Digest::of(format!("sig {code}").as_bytes())),
        };
        let later = delivered_at
            .saturating_add(jiff::SignedDuration::from_mins(40))
            .unwrap_or(delivered_at);
        let place = Place {
            name: POST_OFFICE.into(),
            postal_code: None,
        };
        let salt = signers.salt(code)?;
        let drafter = RecordDrafter::new(dossier, signers.registry(), &salt);
        let draft = drafter.proof_of_delivery(later, place, receipt, carrier, proof)?;
        self.append(signers, draft).map(|_| ())
    }

    fn append(
        &mut self,
        signers: &Signers,
        draft: RecordDraft,
    ) -> Result<Sha256Digest, CustodyError> {
        let at = draft.recorded_at;
        let hash = draft.sign_into(&mut self.chain, |k| signers.key(k))?;
        self.received_at.push(at);
        Ok(hash)
    }

    /// The records so far, in chain order.
    pub fn records(&self) -> &[hoso_core::custody::CustodyRecord] {
        self.chain.records()
    }

    /// The records as the store keeps them: canonical JSON, numbered from 1.
    pub fn entries(&self) -> Result<Vec<hoso_core::store::CustodyEntry>, serde_json::Error> {
        self.records()
            .iter()
            .enumerate()
            .map(|(i, r)| {
                serde_json::to_string(r).map(|record| hoso_core::store::CustodyEntry {
                    sequence: i as u64 + 1,
                    record,
                })
            })
            .collect()
    }

    /// Number of records so far.
    pub fn len(&self) -> usize {
        self.chain.records().len()
    }

    /// Whether no record was written.
    pub fn is_empty(&self) -> bool {
        self.chain.records().is_empty()
    }

    /// The evidence file of the chain, with a registry snapshot of the keys it uses.
    pub fn evidence(
        self,
        signers: &Signers,
        issued_at: Timestamp,
    ) -> Result<EvidenceFile, CustodyError> {
        let code = self.chain.dossier_code().clone();
        // The snapshot cannot be issued before the authority received the last record.
        let last = self.received_at.last().copied();
        let issued_at = last.map_or(issued_at, |last| issued_at.max(last));
        let records = self.chain.into_records();
        let authority = signers.authority();
        Ok(EvidenceFile::issue(
            signers.registry(),
            code,
            records,
            &self.received_at,
            authority,
            issued_at,
        )?)
    }
}
