//! Fixtures shared by the benchmarks of `hoso` (`cargo bench`).
#![deny(missing_docs)]
