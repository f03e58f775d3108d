//! The roots an SMTP server's certificate is checked against, when the operator gives them
//! ([`SmtpConfig::with_root_certificate`](super::SmtpConfig::with_root_certificate)): read from PEM and
//! checked as rustls checks a root, with errors that quote nothing of the PEM (it may hold a private key).

use std::fmt;

use rustls::RootCertStore;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::{self, PemObject, SectionKind};

use super::SmtpConfigError;

/// The roots the server's certificate is checked against instead of the platform's (none: the platform's
/// verifier). `Debug` shows how many.
#[derive(Clone, Default)]
pub(crate) struct RootCertificates(Vec<CertificateDer<'static>>);

impl RootCertificates {
    pub(crate) fn iter(&self) -> impl Iterator<Item = &CertificateDer<'static>> {
        self.0.iter()
    }
}

impl fmt::Debug for RootCertificates {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RootCertificates({})", self.0.len())
    }
}

/// The PEM label of `kind`, for [`SmtpConfigError::RootCertificateNotCertificate`].
fn label(kind: SectionKind) -> &'static str {
    match kind {
        SectionKind::Certificate => "CERTIFICATE",
        SectionKind::PublicKey => "PUBLIC KEY",
        SectionKind::RsaPrivateKey => "RSA PRIVATE KEY",
        SectionKind::PrivateKey => "PRIVATE KEY",
        SectionKind::EcPrivateKey => "EC PRIVATE KEY",
        SectionKind::Crl => "X509 CRL",
        SectionKind::Csr => "CERTIFICATE REQUEST",
        SectionKind::EchConfigList => "ECHCONFIG",
        _ => "non-certificate",
    }
}

/// What is wrong with malformed PEM, in words that quote nothing of it (it may be a private key).
fn pem_problem(error: &pem::Error) -> &'static str {
    match error {
        pem::Error::MissingSectionEnd { .. } => "a block has no -----END ...----- line",
        pem::Error::IllegalSectionStart { .. } => "a -----BEGIN ...----- line is malformed",
        pem::Error::Base64Decode(_) => "a block is not valid base64",
        pem::Error::SectionTooLarge => "a block is too large",
        _ => "unreadable",
    }
}

impl RootCertificates {
    /// Adds every certificate of `pem`, or none of them on an error.
    pub(crate) fn add_pem(&mut self, pem: &[u8]) -> Result<(), SmtpConfigError> {
        let mut found = Vec::new();
        for section in <(SectionKind, Vec<u8>)>::pem_slice_iter(pem) {
            let (kind, der) = section.map_err(|e| SmtpConfigError::RootCertificatePem {
                reason: pem_problem(&e),
            })?;
            if kind != SectionKind::Certificate {
                return Err(SmtpConfigError::RootCertificateNotCertificate {
                    section: label(kind),
                });
            }
            let certificate = CertificateDer::from(der);
            // The check rustls makes of a root; lettre would make it only when the notifier is built.
            RootCertStore::empty()
                .add(certificate.clone())
                .map_err(|_| SmtpConfigError::RootCertificateUnusable {
                    number: found.len() + 1,
                })?;
            found.push(certificate);
        }
        if found.is_empty() {
            return Err(SmtpConfigError::RootCertificateMissing);
        }
        self.0.extend(found);
        Ok(())
    }

    /// How many roots it holds (0: the platform's verifier).
    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }
}
