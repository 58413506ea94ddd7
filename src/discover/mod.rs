//! Discovery at organisation scale: which service accounts the caller may impersonate
//! ([`list_accounts`]), and which permissions an identity holds on a resource
//! ([`test_permissions`]).
//!
//! Every call goes through one [`Api`]: an HTTP client with a bound on the calls in flight,
//! retrying 429 and 5xx with backoff, and following every page. Work fans out as tasks that
//! wait for a permit, so thousands of accounts cost thousands of tasks but never more than
//! `--concurrency` connections; a project or batch that fails is reported and the rest go on.

mod api;
mod can;
mod list;

pub use api::{Api, CallError, Identity};
pub use can::{Resource, test_permissions, testable_permissions};
pub use list::{Account, Endpoints, Listing, Scope, list_accounts};
