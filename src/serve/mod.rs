//! The session's loopback servers.

mod metadata;
mod peer;
pub mod proxy;
mod token;

pub use metadata::{Instance, MetadataServer, metadata_server};
pub use token::{TokenEndpoint, token_endpoint};
