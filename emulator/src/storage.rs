//! The Cloud Storage JSON API (storage.googleapis.com/storage/v1): listing and reading the
//! world's buckets and objects.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{ConnectInfo, Path, Query, State as AxumState};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse as _, Response};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use md5::{Digest as _, Md5};
use serde::Deserialize;
use serde_json::{Value, json};

use super::audit::Code;
use super::call::{Call, Refusal, State, bearer_token};
use super::tokens::Grant;
use super::world::{Bucket, Member, Resource};

const SERVICE: &str = "storage.googleapis.com";

/// Scopes that let a token read Cloud Storage.
const ACCEPTED_SCOPES: &[&str] = &[
    "https://www.googleapis.com/auth/cloud-platform",
    "https://www.googleapis.com/auth/cloud-platform.read-only",
    "https://www.googleapis.com/auth/devstorage.full_control",
    "https://www.googleapis.com/auth/devstorage.read_only",
    "https://www.googleapis.com/auth/devstorage.read_write",
];

/// The page size when the client names none, and the largest the API allows.
const MAX_PAGE: usize = 1000;

/// Every bucket and object in the sandbox was made at this instant (2025-01-01T00:00:00Z),
/// so listings are the same on every run.
const CREATED: &str = "2025-01-01T00:00:00.000Z";
const GENERATION: &str = "1735689600000000";

/// The query parameters of the list and get methods; others (`fields`, `projection`,
/// `prettyPrint`, `alt=json`, ...) are accepted and ignored.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ListQuery {
    project: Option<String>,
    max_results: Option<String>,
    page_token: Option<String>,
    prefix: Option<String>,
    delimiter: Option<String>,
    start_offset: Option<String>,
    end_offset: Option<String>,
    alt: Option<String>,
}

/// What a method needs, for the permission check and its error messages.
struct Access {
    permission: &'static str,
    /// What the permission is checked on, as the real error messages name it.
    on: &'static str,
}

const BUCKETS_LIST: Access = Access {
    permission: "storage.buckets.list",
    on: "the Google Cloud project",
};
const BUCKETS_GET: Access = Access {
    permission: "storage.buckets.get",
    on: "the Google Cloud Storage bucket",
};
const OBJECTS_LIST: Access = Access {
    permission: "storage.objects.list",
    on: "the Google Cloud Storage bucket",
};
const OBJECTS_GET: Access = Access {
    permission: "storage.objects.get",
    on: "the Google Cloud Storage object",
};

/// `GET /storage/v1/b?project=P`: buckets.list.
pub(crate) async fn list_buckets(
    AxumState(state): AxumState<Arc<State>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Query(query): Query<ListQuery>,
    headers: HeaderMap,
) -> Response {
    let project = query.project.clone().unwrap_or_default();
    let mut call = Call::new(
        SERVICE,
        BUCKETS_LIST.permission,
        format!("projects/{project}"),
        &headers,
        peer,
    );
    let outcome = (|| {
        let grant = authenticate(&state, &mut call, &headers, &BUCKETS_LIST)?;
        if project.is_empty() {
            return Err(Refusal::storage(
                Code::InvalidArgument,
                "Required parameter: project",
                "required",
            ));
        }
        // An unknown project is refused like a forbidden one, as on the real API. The check is
        // IAM's, the one testIamPermissions answers with: `bucket_listers` are bindings, and so
        // is a role granted on the project or above it.
        let project = state
            .world
            .project(&project)
            .filter(|p| {
                let resource = Resource::Project(p.id.clone());
                state
                    .world
                    .permits(&grant.principal, &resource, BUCKETS_LIST.permission)
            })
            .ok_or_else(|| denied(&grant.principal, &BUCKETS_LIST))?;
        let prefix = query.prefix.as_deref().unwrap_or("");
        let buckets: Vec<&Bucket> = state
            .world
            .buckets_in(&project.id)
            .filter(|b| b.name.starts_with(prefix))
            .collect();
        let (page, next) = page(&buckets, |b| &b.name, &query)?;
        let mut body = json!({"kind": "storage#buckets"});
        if !page.is_empty() {
            body["items"] = page
                .iter()
                .map(|b| bucket_resource(b, &project.number))
                .collect();
        }
        if let Some(token) = next {
            body["nextPageToken"] = json!(token);
        }
        Ok(body)
    })();
    call.finish(&state.audit, outcome)
}

/// `GET /storage/v1/b/{bucket}`: buckets.get.
pub(crate) async fn get_bucket(
    AxumState(state): AxumState<Arc<State>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> Response {
    let mut call = Call::new(
        SERVICE,
        BUCKETS_GET.permission,
        format!("projects/_/buckets/{name}"),
        &headers,
        peer,
    );
    let outcome = readable_bucket(&state, &mut call, &headers, &name, &BUCKETS_GET).map(|b| {
        let number = state
            .world
            .project(&b.project)
            .map_or("", |p| p.number.as_str());
        bucket_resource(b, number)
    });
    call.finish(&state.audit, outcome)
}

/// `GET /storage/v1/b/{bucket}/o`: objects.list, with `prefix`, `delimiter` and paging.
pub(crate) async fn list_objects(
    AxumState(state): AxumState<Arc<State>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(name): Path<String>,
    Query(query): Query<ListQuery>,
    headers: HeaderMap,
) -> Response {
    let mut call = Call::new(
        SERVICE,
        OBJECTS_LIST.permission,
        format!("projects/_/buckets/{name}"),
        &headers,
        peer,
    );
    let outcome =
        readable_bucket(&state, &mut call, &headers, &name, &OBJECTS_LIST).and_then(|b| {
            let entries = listing(
                &b.objects,
                query.prefix.as_deref().unwrap_or(""),
                query.delimiter.as_deref().unwrap_or(""),
                query.start_offset.as_deref(),
                query.end_offset.as_deref(),
            );
            let (page, next) = page(&entries, Listed::key, &query)?;
            let mut body = json!({"kind": "storage#objects"});
            let prefixes: Vec<&str> = page
                .iter()
                .filter_map(|e| match e {
                    Listed::Prefix(p) => Some(p.as_str()),
                    Listed::Object(_) => None,
                })
                .collect();
            let items: Vec<Value> = page
                .iter()
                .filter_map(|e| match e {
                    Listed::Object(o) => Some(object_resource(b, o)),
                    Listed::Prefix(_) => None,
                })
                .collect();
            if !prefixes.is_empty() {
                body["prefixes"] = json!(prefixes);
            }
            if !items.is_empty() {
                body["items"] = json!(items);
            }
            if let Some(token) = next {
                body["nextPageToken"] = json!(token);
            }
            Ok(body)
        });
    call.finish(&state.audit, outcome)
}

/// `GET /storage/v1/b/{bucket}/o/{object}`: objects.get; `alt=media` returns the contents.
pub(crate) async fn get_object(
    AxumState(state): AxumState<Arc<State>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((name, object)): Path<(String, String)>,
    Query(query): Query<ListQuery>,
    headers: HeaderMap,
) -> Response {
    let mut call = Call::new(
        SERVICE,
        OBJECTS_GET.permission,
        format!("projects/_/buckets/{name}/objects/{object}"),
        &headers,
        peer,
    );
    let found = readable_bucket(&state, &mut call, &headers, &name, &OBJECTS_GET).and_then(|b| {
        if b.objects.contains(&object) {
            Ok(b)
        } else {
            Err(Refusal::storage(
                Code::NotFound,
                format!("No such object: {name}/{object}"),
                "notFound",
            ))
        }
    });
    let outcome = found.map(|bucket| {
        if query.alt.as_deref() == Some("media") {
            let headers = [(header::CONTENT_TYPE, content_type(&object))];
            (StatusCode::OK, headers, contents(&bucket.name, &object)).into_response()
        } else {
            axum::Json(object_resource(bucket, &object)).into_response()
        }
    });
    call.respond(&state.audit, outcome)
}

/// The caller's grant, after the 401 and scope checks every storage method makes.
fn authenticate(
    state: &State,
    call: &mut Call,
    headers: &HeaderMap,
    access: &Access,
) -> Result<Grant, Refusal> {
    let Some(token) = bearer_token(headers) else {
        return Err(Refusal::storage(
            Code::Unauthenticated,
            format!(
                "Anonymous caller does not have {p} access to {on}. \
                 Permission '{p}' denied on resource (or it may not exist).",
                p = access.permission,
                on = access.on
            ),
            "required",
        ));
    };
    let grant = state.grant(token).ok_or_else(|| {
        Refusal::storage(Code::Unauthenticated, "Invalid Credentials", "authError")
    })?;
    call.set_principal(grant.principal.email(), grant.chain.clone());
    if !grant.allows_any_scope(ACCEPTED_SCOPES) {
        return Err(Refusal::storage(
            Code::PermissionDenied,
            "Provided scope(s) are not authorized",
            "forbidden",
        ));
    }
    Ok(grant)
}

/// A bucket the caller may read: 404 when it does not exist (bucket names are global, so the
/// real API says so), 403 when the caller is not among its readers.
fn readable_bucket<'w>(
    state: &'w State,
    call: &mut Call,
    headers: &HeaderMap,
    name: &str,
    access: &Access,
) -> Result<&'w Bucket, Refusal> {
    let grant = authenticate(state, call, headers, access)?;
    let bucket = state.world.bucket(name).ok_or_else(|| {
        Refusal::storage(
            Code::NotFound,
            "The specified bucket does not exist.",
            "notFound",
        )
    })?;
    // IAM's check, as testIamPermissions answers it: `readers` are bindings on the bucket.
    let resource = Resource::Bucket {
        project: bucket.project.clone(),
        name: bucket.name.clone(),
    };
    if !state
        .world
        .permits(&grant.principal, &resource, access.permission)
    {
        return Err(denied(&grant.principal, access));
    }
    Ok(bucket)
}

fn denied(principal: &Member, access: &Access) -> Refusal {
    let email = principal.email();
    let p = access.permission;
    Refusal::storage(
        Code::PermissionDenied,
        format!(
            "{email} does not have {p} access to {}. Permission '{p}' denied on resource (or it may not exist).",
            access.on
        ),
        "forbidden",
    )
}

/// One entry of an objects listing: an object, or a prefix standing for everything under it.
#[derive(Debug, PartialEq, Eq)]
enum Listed<'a> {
    Object(&'a str),
    Prefix(String),
}

impl Listed<'_> {
    fn key(&self) -> &str {
        match self {
            Listed::Object(name) => name,
            Listed::Prefix(prefix) => prefix,
        }
    }
}

/// The sorted entries under `prefix`; with a delimiter, objects whose rest contains it collapse
/// into one prefix entry (`releases/`), as in a directory listing.
fn listing<'a>(
    objects: &'a [String],
    prefix: &str,
    delimiter: &str,
    start: Option<&str>,
    end: Option<&str>,
) -> Vec<Listed<'a>> {
    let mut entries: Vec<Listed<'a>> = Vec::new();
    // `objects` is sorted, so names sharing a collapsed prefix are adjacent and the entries
    // come out sorted by key.
    for name in objects {
        if !name.starts_with(prefix)
            || start.is_some_and(|s| name.as_str() < s)
            || end.is_some_and(|e| name.as_str() >= e)
        {
            continue;
        }
        let rest = &name[prefix.len()..];
        let entry = match rest.find(delimiter).filter(|_| !delimiter.is_empty()) {
            Some(at) => Listed::Prefix(name[..prefix.len() + at + delimiter.len()].to_owned()),
            None => Listed::Object(name),
        };
        if entries.last() != Some(&entry) {
            entries.push(entry);
        }
    }
    entries
}

/// One page of `items` (sorted by `key`): those after the page token, at most `maxResults`.
/// The token is the last key of the previous page, encoded so clients treat it as opaque.
fn page<'i, T>(
    items: &'i [T],
    key: impl Fn(&T) -> &str,
    query: &ListQuery,
) -> Result<(&'i [T], Option<String>), Refusal> {
    let invalid =
        |what: &str| Refusal::storage(Code::InvalidArgument, format!("Invalid {what}."), "invalid");
    let max = match query.max_results.as_deref() {
        None => MAX_PAGE,
        Some(text) => match text.parse::<usize>() {
            Ok(0) => MAX_PAGE,
            Ok(n) => n.min(MAX_PAGE),
            Err(_) => return Err(invalid("maxResults")),
        },
    };
    super::call::page_after(items, key, max, query.page_token.as_deref())
        .ok_or_else(|| invalid("pageToken"))
}

fn bucket_resource(bucket: &Bucket, project_number: &str) -> Value {
    let name = &bucket.name;
    json!({
        "kind": "storage#bucket",
        "selfLink": format!("https://www.googleapis.com/storage/v1/b/{name}"),
        "id": name,
        "name": name,
        "projectNumber": project_number,
        "metageneration": "1",
        "location": bucket.location,
        "locationType": if bucket.location.contains('-') { "region" } else { "multi-region" },
        "storageClass": "STANDARD",
        "etag": "CAE=",
        "timeCreated": CREATED,
        "updated": CREATED,
        "iamConfiguration": {
            "bucketPolicyOnly": {"enabled": true},
            "uniformBucketLevelAccess": {"enabled": true},
            "publicAccessPrevention": "enforced",
        },
        "rpo": "DEFAULT",
    })
}

fn object_resource(bucket: &Bucket, name: &str) -> Value {
    let data = contents(&bucket.name, name);
    let bucket = &bucket.name;
    json!({
        "kind": "storage#object",
        "id": format!("{bucket}/{name}/{GENERATION}"),
        "selfLink": format!("https://www.googleapis.com/storage/v1/b/{bucket}/o/{}", encode_object(name)),
        "mediaLink": format!(
            "https://storage.googleapis.com/download/storage/v1/b/{bucket}/o/{}?generation={GENERATION}&alt=media",
            encode_object(name)
        ),
        "name": name,
        "bucket": bucket,
        "generation": GENERATION,
        "metageneration": "1",
        "contentType": content_type(name),
        "storageClass": "STANDARD",
        "size": data.len().to_string(),
        "md5Hash": STANDARD.encode(Md5::digest(&data)),
        "crc32c": STANDARD.encode(crc32c(&data).to_be_bytes()),
        "etag": "CAE=",
        "timeCreated": CREATED,
        "updated": CREATED,
        "timeStorageClassUpdated": CREATED,
        "timeFinalized": CREATED,
    })
}

/// Sandbox objects hold a line naming themselves: enough for `cat` and checksums to be real.
fn contents(bucket: &str, name: &str) -> Vec<u8> {
    format!("gsudo sandbox object gs://{bucket}/{name}\n").into_bytes()
}

fn content_type(name: &str) -> &'static str {
    let extension = name.rsplit_once('.').map_or("", |(_, ext)| ext);
    match extension {
        "gz" | "tgz" => "application/gzip",
        "json" => "application/json",
        "jsonl" => "application/jsonl",
        "txt" | "md" => "text/plain",
        "yaml" | "yml" => "application/yaml",
        _ => "application/octet-stream",
    }
}

/// An object name as one URL path segment.
fn encode_object(name: &str) -> String {
    name.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// CRC-32C (Castagnoli), the checksum Cloud Storage reports; bitwise, as the inputs are a
/// few dozen bytes.
fn crc32c(data: &[u8]) -> u32 {
    !data.iter().fold(!0u32, |crc, &byte| {
        (0..8).fold(crc ^ u32::from(byte), |c, _| {
            if c & 1 == 1 {
                (c >> 1) ^ 0x82F6_3B78
            } else {
                c >> 1
            }
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    fn query(max: Option<&str>, token: Option<&str>) -> ListQuery {
        ListQuery {
            max_results: max.map(str::to_owned),
            page_token: token.map(str::to_owned),
            ..ListQuery::default()
        }
    }

    #[test]
    fn delimiter_collapses_prefixes() {
        let objects = names(&["README.txt", "a.txt", "a/1", "a/2", "a/b/3", "b/4"]);
        let entries = listing(&objects, "", "/", None, None);
        let keys: Vec<&str> = entries.iter().map(Listed::key).collect();
        assert_eq!(keys, ["README.txt", "a.txt", "a/", "b/"]);
        assert_eq!(entries[2], Listed::Prefix("a/".into()));

        let under_a = listing(&objects, "a/", "/", None, None);
        assert_eq!(
            under_a,
            [
                Listed::Object("a/1"),
                Listed::Object("a/2"),
                Listed::Prefix("a/b/".into())
            ]
        );
        assert_eq!(listing(&objects, "a/", "", None, None).len(), 3);
        assert_eq!(listing(&objects, "a", "", Some("a/"), Some("a/b")).len(), 2);
    }

    #[test]
    fn pages_follow_tokens_to_the_end() -> Result<(), String> {
        let objects = names(&["a", "b", "c", "d", "e"]);
        let mut token = None;
        let mut seen = Vec::new();
        loop {
            let q = query(Some("2"), token.as_deref());
            let (items, next) = page(&objects, String::as_str, &q).map_err(|e| format!("{e:?}"))?;
            seen.extend(items.iter().cloned());
            match next {
                Some(t) => token = Some(t),
                None => break,
            }
        }
        assert_eq!(seen, objects);
        Ok(())
    }

    #[test]
    fn page_size_defaults_and_bad_tokens_are_refused() {
        let objects: Vec<String> = (0..1500).map(|i| format!("{i:04}")).collect();
        let first = page(&objects, String::as_str, &query(None, None));
        assert!(first.is_ok_and(|(p, next)| p.len() == MAX_PAGE && next.is_some()));
        assert!(page(&objects, String::as_str, &query(Some("x"), None)).is_err());
        assert!(page(&objects, String::as_str, &query(None, Some("!!"))).is_err());
    }

    #[test]
    fn crc32c_matches_the_standard_check_value() {
        assert_eq!(crc32c(b"123456789"), 0xE306_9283);
    }

    #[test]
    fn object_names_encode_as_one_segment() {
        assert_eq!(
            encode_object("releases/v1 .tar.gz"),
            "releases%2Fv1%20.tar.gz"
        );
    }
}
