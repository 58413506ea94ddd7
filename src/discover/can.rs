//! Which permissions an identity holds on one resource: the resource named the way a user
//! writes it, the permissions testable there (IAM's `queryTestablePermissions`, every page),
//! and `testIamPermissions` in batches of [`BATCH`], all batches at once under the [`Api`]'s
//! bound.

use std::collections::BTreeSet;

use serde_json::{Value, json};
use tokio::task::JoinSet;

use super::api::{Api, CallError, Identity, next_token, with_param};
use super::list::versioned;
use crate::progress::Progress;

/// The most permissions one `testIamPermissions` call takes.
pub const BATCH: usize = 100;

/// A resource permissions can be tested on: its full resource name and how its API tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    /// Like `//cloudresourcemanager.googleapis.com/projects/p`.
    pub full_name: String,
    test: Test,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Test {
    /// `POST URL` with `{"permissions": [...]}`, answering the same shape.
    Post(String),
    /// Cloud Storage: `GET URL?permissions=A&permissions=B`.
    Query(String),
}

/// Why a resource name could not be used.
#[derive(Debug, thiserror::Error)]
#[error("`{0}` is not a resource gsudo can test permissions on")]
pub struct ResourceError(pub String);

impl Resource {
    /// The project `id`.
    pub fn project(id: &str, endpoint: impl Fn(&str) -> String) -> Resource {
        Resource::generic(
            "cloudresourcemanager",
            &format!("projects/{id}"),
            "v3/",
            &endpoint,
        )
    }

    /// Reads a resource as users write it: a full resource name
    /// (`//pubsub.googleapis.com/projects/P/topics/T`), a relative one (`projects/P`,
    /// `folders/N`, `organizations/N`, `projects/P/topics/T`,
    /// `projects/P/zones/Z/instances/I`, `projects/P/serviceAccounts/EMAIL`), `gs://BUCKET`, or
    /// an account's email. `endpoint(api)` gives an API's base URL.
    pub fn parse(text: &str, endpoint: impl Fn(&str) -> String) -> Result<Resource, ResourceError> {
        let text = text.trim().trim_end_matches('/');
        let unknown = || ResourceError(text.to_owned());
        if let Some(bucket) = text.strip_prefix("gs://") {
            return Resource::parse(
                &format!("//storage.googleapis.com/projects/_/buckets/{bucket}"),
                endpoint,
            );
        }
        if text.contains('@') && !text.contains('/') {
            return Resource::parse(&format!("projects/-/serviceAccounts/{text}"), endpoint);
        }
        let (host, path) = match text.strip_prefix("//") {
            Some(rest) => {
                let (host, path) = rest.split_once('/').ok_or_else(unknown)?;
                (Some(host), path)
            }
            None => (None, text),
        };
        let parts: Vec<&str> = path.split('/').collect();
        if parts.iter().any(|p| p.is_empty()) {
            return Err(unknown());
        }
        let inferred = match parts.as_slice() {
            ["projects" | "folders" | "organizations", _] => "cloudresourcemanager",
            ["projects", "_", "buckets", _] => "storage",
            ["projects", _, "topics", _] | ["projects", _, "subscriptions", _] => "pubsub",
            ["projects", _, "zones", _, "instances", _] => "compute",
            ["projects", _, "serviceAccounts", _] => "iam",
            _ => "",
        };
        let service = match host {
            Some(host) => host.split('.').next().unwrap_or_default(),
            None if inferred.is_empty() => return Err(unknown()),
            None => inferred,
        };
        let resource = match (service, parts.as_slice()) {
            ("cloudresourcemanager", ["projects" | "folders" | "organizations", _]) => {
                Resource::generic(service, path, "v3/", &endpoint)
            }
            ("cloudresourcemanager", _) => return Err(unknown()),
            ("storage", ["projects", "_", "buckets", bucket]) => Resource {
                full_name: full_name(host, service, path),
                test: Test::Query(format!(
                    "{}b/{bucket}/iam/testPermissions",
                    versioned(&endpoint(service), "storage/v1/")
                )),
            },
            ("storage", _) => return Err(unknown()),
            ("compute", _) => Resource {
                full_name: full_name(host, service, path),
                test: Test::Post(format!(
                    "{}{path}/testIamPermissions",
                    versioned(&endpoint(service), "compute/v1/")
                )),
            },
            // The common shape (AIP-211): POST {version}/{name}:testIamPermissions.
            _ => Resource::generic(service, path, "v1/", &endpoint),
        };
        Ok(Resource {
            full_name: full_name(host, service, path),
            ..resource
        })
    }

    fn generic(
        service: &str,
        path: &str,
        version: &str,
        endpoint: &impl Fn(&str) -> String,
    ) -> Resource {
        Resource {
            full_name: full_name(None, service, path),
            test: Test::Post(format!(
                "{}{path}:testIamPermissions",
                versioned(&endpoint(service), version)
            )),
        }
    }
}

fn full_name(host: Option<&str>, service: &str, path: &str) -> String {
    match host {
        Some(host) => format!("//{host}/{path}"),
        None => format!("//{service}.googleapis.com/{path}"),
    }
}

/// Every permission testable on `resource`, in the catalogue's order.
pub async fn testable_permissions(
    api: &Api,
    who: &Identity,
    iam: &str,
    resource: &Resource,
) -> Result<Vec<String>, CallError> {
    let url = format!(
        "{}permissions:queryTestablePermissions",
        versioned(iam, "v1/")
    );
    let mut names = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let mut body = json!({"fullResourceName": resource.full_name, "pageSize": 1000});
        if let Some(t) = &token {
            body["pageToken"] = json!(t);
        }
        let page = api.post(who, &url, &body).await?;
        names.extend(
            page["permissions"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|p| p["name"].as_str().map(str::to_owned)),
        );
        match next_token(&page, token.as_deref()) {
            Some(next) => token = Some(next),
            None => return Ok(names),
        }
    }
}

/// Which of `permissions` `who` holds on `resource`: one call per [`BATCH`], all at once.
/// The first batch that fails fails the whole answer, which would otherwise be wrong.
pub async fn test_permissions(
    api: &Api,
    who: &Identity,
    resource: &Resource,
    permissions: &[String],
    progress: &Progress,
) -> Result<BTreeSet<String>, CallError> {
    let mut batches = JoinSet::new();
    for batch in permissions.chunks(BATCH) {
        let (api, who, test) = (api.clone(), who.clone(), resource.test.clone());
        let batch = batch.to_vec();
        progress.add_total(batch.len() as u64);
        let progress = progress.clone();
        batches.spawn(async move {
            let answer = match &test {
                Test::Post(url) => api.post(&who, url, &json!({"permissions": batch})).await,
                Test::Query(url) => {
                    let url = batch
                        .iter()
                        .fold(url.clone(), |u, p| with_param(&u, "permissions", p));
                    api.get(&who, &url).await
                }
            };
            progress.advance(batch.len() as u64);
            answer
        });
    }
    let mut held = BTreeSet::new();
    while let Some(joined) = batches.join_next().await {
        let answer = joined.map_err(|e| CallError::Malformed {
            url: resource.full_name.clone(),
            why: format!("a batch of tests failed ({e})"),
        })??;
        held.extend(
            answer["permissions"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_owned),
        );
    }
    Ok(held)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn endpoint(api: &str) -> String {
        match api {
            "compute" => "https://compute.example/compute/v1/".into(),
            _ => format!("https://{api}.googleapis.com/"),
        }
    }

    fn parse(text: &str) -> (String, Test) {
        let r = Resource::parse(text, endpoint).unwrap_or_else(|e| panic!("{e}"));
        (r.full_name, r.test)
    }

    #[test]
    fn resources_are_read_as_users_write_them() {
        assert_eq!(
            parse("projects/p"),
            (
                "//cloudresourcemanager.googleapis.com/projects/p".into(),
                Test::Post(
                    "https://cloudresourcemanager.googleapis.com/v3/projects/p:testIamPermissions"
                        .into()
                )
            )
        );
        assert_eq!(
            parse("gs://b/"),
            (
                "//storage.googleapis.com/projects/_/buckets/b".into(),
                Test::Query(
                    "https://storage.googleapis.com/storage/v1/b/b/iam/testPermissions".into()
                )
            )
        );
        assert_eq!(
            parse("sa@p.iam.gserviceaccount.com").1,
            Test::Post("https://iam.googleapis.com/v1/projects/-/serviceAccounts/sa@p.iam.gserviceaccount.com:testIamPermissions".into())
        );
        assert_eq!(
            parse("//compute.googleapis.com/projects/p/zones/z/instances/i").1,
            Test::Post("https://compute.example/compute/v1/projects/p/zones/z/instances/i/testIamPermissions".into())
        );
        assert_eq!(
            parse("projects/p/topics/t"),
            (
                "//pubsub.googleapis.com/projects/p/topics/t".into(),
                Test::Post(
                    "https://pubsub.googleapis.com/v1/projects/p/topics/t:testIamPermissions"
                        .into()
                )
            )
        );
        assert_eq!(
            parse("//secretmanager.googleapis.com/projects/p/secrets/s").1,
            Test::Post(
                "https://secretmanager.googleapis.com/v1/projects/p/secrets/s:testIamPermissions"
                    .into()
            )
        );
    }

    #[test]
    fn unknown_shapes_are_refused() {
        for bad in [
            "",
            "p",
            "projects//x",
            "things/1",
            "//storage.googleapis.com/b",
            "//cloudresourcemanager.googleapis.com/x/y",
        ] {
            assert!(Resource::parse(bad, endpoint).is_err(), "{bad}");
        }
    }
}
