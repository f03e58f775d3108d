//! The adapters in use, by agency.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::AgencyCode;

use super::port::AgencyAdapter;

/// Maps an agency code to the adapter that talks to it.
///
/// ```
/// use hoso_core::adapter::AdapterRegistry;
/// let registry = AdapterRegistry::new();
/// # let code: hoso_core::AgencyCode = "000.00.15.H22".parse().unwrap();
/// assert!(registry.get(&code).is_none());
/// ```
#[derive(Debug, Clone, Default)]
pub struct AdapterRegistry {
    adapters: BTreeMap<AgencyCode, Arc<dyn AgencyAdapter>>,
}

impl AdapterRegistry {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers an adapter under the agency it declares; returns the adapter it replaces, if any.
    pub fn register(&mut self, adapter: Arc<dyn AgencyAdapter>) -> Option<Arc<dyn AgencyAdapter>> {
        self.adapters.insert(adapter.agency().clone(), adapter)
    }

    /// The adapter for an agency.
    pub fn get(&self, agency: &AgencyCode) -> Option<Arc<dyn AgencyAdapter>> {
        self.adapters.get(agency).cloned()
    }

    /// The agencies with an adapter, in code order.
    pub fn agencies(&self) -> impl Iterator<Item = &AgencyCode> {
        self.adapters.keys()
    }

    /// How many adapters are registered.
    pub fn len(&self) -> usize {
        self.adapters.len()
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.adapters.is_empty()
    }
}
