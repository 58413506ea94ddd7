//! The session's loopback servers, which take connections one way (`listen`).

mod listen;
mod metadata;
mod peer;
pub mod proxy;
mod token;

pub use listen::ServeError;
pub use metadata::{Instance, MetadataServer, metadata_server};
pub use token::{TokenEndpoint, token_endpoint};
