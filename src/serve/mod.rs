//! The session's loopback servers.

mod token;

pub use token::{TokenEndpoint, token_endpoint};
