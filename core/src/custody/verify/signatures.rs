//! Step 3 of the verifier: who signed, with which key, and the signatures' arithmetic, done once for the whole
//! chain in a batch.

use super::super::keys::{KeyId, KeyRegistry, KeyUnusable};
use super::super::record::{CustodyRecord, Party};
use super::BreakReason;
use ed25519_dalek::VerifyingKey;
use jiff::Timestamp;

/// Step 3 of the verifier for one record, but for the arithmetic: who must sign and who did, and that each
/// key is registered to its party and usable then. Each signature that passes is left in `pending`, to be
/// verified with the rest of the chain's by [`Pending::settle`].
pub(super) fn check_signatures<'r>(
    position: usize,
    record: &'r CustodyRecord,
    message: Vec<u8>,
    registry: &KeyRegistry,
    latest: Timestamp,
    pending: &mut Pending<'r>,
) -> Result<(), BreakReason> {
    let message_index = pending.messages.len();
    pending.messages.push(message);
    let signer = record.entry.required_signer();
    let role = if record.entry.handover().is_some() {
        "taker"
    } else {
        "submitter"
    };
    let Some(signer_key) = &signer.key_id else {
        return Err(BreakReason::SignerWithoutKey {
            role,
            name: signer.name.clone(),
        });
    };
    if !record.signatures.iter().any(|s| &s.key_id == signer_key) {
        return Err(BreakReason::MissingSignature {
            key_id: signer_key.clone(),
        });
    }
    let countersigner = record.entry.countersigner();
    if record.entry.countersignature_required()
        && let Some(giver) = countersigner
    {
        let Some(giver_key) = &giver.key_id else {
            return Err(BreakReason::SignerWithoutKey {
                role: "giver",
                name: giver.name.clone(),
            });
        };
        if !record.signatures.iter().any(|s| &s.key_id == giver_key) {
            return Err(BreakReason::MissingCountersignature {
                key_id: giver_key.clone(),
            });
        }
    }
    for (i, signature) in record.signatures.iter().enumerate() {
        let key_id = &signature.key_id;
        let party: &Party = if key_id == signer_key {
            signer
        } else if let Some(giver) = countersigner.filter(|g| g.key_id.as_ref() == Some(key_id)) {
            giver
        } else {
            return Err(BreakReason::UnexpectedSigner {
                key_id: key_id.clone(),
            });
        };
        if record.signatures[..i].iter().any(|s| &s.key_id == key_id) {
            return Err(BreakReason::UnexpectedSigner {
                key_id: key_id.clone(),
            });
        }
        let Some(key) = registry.get(key_id) else {
            return Err(BreakReason::UnknownKey {
                key_id: key_id.clone(),
            });
        };
        let holder = &key.entry.holder;
        if holder.role != party.role {
            return Err(BreakReason::KeyRoleMismatch {
                key_id: key_id.clone(),
                registered: holder.role,
                signing_as: party.role,
            });
        }
        if holder.name != party.name || holder.organisation != party.organisation {
            return Err(BreakReason::KeyHolderMismatch {
                key_id: key_id.clone(),
            });
        }
        let stated = record.recorded_at;
        key.entry.usable_for(stated, latest).map_err(|problem| {
            let key_id = key_id.clone();
            let signed_at = stated.max(latest);
            match problem {
                KeyUnusable::NotYetValid { valid_from } => BreakReason::KeyNotYetValid {
                    key_id,
                    valid_from,
                    signed_at: stated,
                },
                KeyUnusable::Expired { valid_until } => BreakReason::KeyExpired {
                    key_id,
                    valid_until,
                    signed_at,
                },
                KeyUnusable::Revoked { revoked_at } => BreakReason::KeyRevoked {
                    key_id,
                    revoked_at,
                    signed_at,
                },
            }
        })?;
        pending.signatures.push(PendingSignature {
            position,
            key_id,
            key: key.verifying_key,
            message: message_index,
            signature: ed25519_dalek::Signature::from_bytes(signature.signature.as_bytes()),
        });
    }
    Ok(())
}

/// A signature whose signer checks passed, its arithmetic still to do.
struct PendingSignature<'r> {
    /// Zero-based position of its record in the chain.
    position: usize,
    key_id: &'r KeyId,
    key: VerifyingKey,
    /// Index of the signed bytes in [`Pending::messages`].
    message: usize,
    signature: ed25519_dalek::Signature,
}

/// The signatures of a chain, verified together once the chain's other checks are done.
///
/// Verifying them in one batch (ed25519-dalek's `verify_batch`: one multiscalar multiplication with
/// random coefficients for the whole set) costs less than one verification each. A batch answers only
/// "all valid" or "not all valid", so when it fails each signature is verified alone, in chain order, and
/// the first that fails is the broken link, as if each had been verified in its turn.
///
/// The batch equation is not RFC 8032's strict check: it refuses the same forgeries but accepts a valid
/// signature re-encoded by adding a small-order point to R (a malleation, not a new signature over other
/// bytes). Such a re-encoding changes the record's bytes, so its hash, which the next record's
/// `previous_hash` and the authority's attestation of the head carry: the evidence is invalid all the same.
/// Small-order (weak) keys, which strict verification refuses, are refused here too: a batch with one falls
/// back to the strict check of each signature.
#[derive(Default)]
pub(super) struct Pending<'r> {
    messages: Vec<Vec<u8>>,
    signatures: Vec<PendingSignature<'r>>,
}

impl Pending<'_> {
    /// Verifies every pending signature: `Err((position, reason))` names the first record, in chain order,
    /// whose signature is bad.
    pub(super) fn settle(&self) -> Result<(), (usize, BreakReason)> {
        let batch_holds =
            self.signatures.len() > 1 && self.signatures.iter().all(|s| !s.key.is_weak()) && {
                let messages: Vec<&[u8]> =
                    self.signatures.iter().map(|s| self.message(s)).collect();
                let signatures: Vec<_> = self.signatures.iter().map(|s| s.signature).collect();
                let keys: Vec<_> = self.signatures.iter().map(|s| s.key).collect();
                ed25519_dalek::verify_batch(&messages, &signatures, &keys).is_ok()
            };
        if batch_holds {
            return Ok(());
        }
        for s in &self.signatures {
            s.key
                .verify_strict(self.message(s), &s.signature)
                .map_err(|_| {
                    (
                        s.position,
                        BreakReason::BadSignature {
                            key_id: s.key_id.clone(),
                        },
                    )
                })?;
        }
        Ok(())
    }

    fn message(&self, s: &PendingSignature<'_>) -> &[u8] {
        self.messages.get(s.message).map_or(&[], Vec::as_slice)
    }
}
