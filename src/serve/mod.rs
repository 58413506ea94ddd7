//! The session's loopback servers.

pub mod proxy;
mod token;

pub use token::{TokenEndpoint, token_endpoint};
