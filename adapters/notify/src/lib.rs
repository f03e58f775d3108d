#![doc = include_str!("../README.md")]
#![deny(missing_docs)]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod file;
#[cfg(feature = "smtp")]
#[cfg_attr(docsrs, doc(cfg(feature = "smtp")))]
pub mod smtp;

pub use file::{FileLine, FileNotifier};
#[cfg(feature = "smtp")]
pub use smtp::{SmtpConfig, SmtpConfigError, SmtpNotifier, SmtpPassword, SmtpSecurity};
