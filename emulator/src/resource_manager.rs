//! Resource Manager (cloudresourcemanager.googleapis.com/v3): finding the projects a caller can
//! see, and testing permissions on projects, folders and organizations.
//!
//! - `GET /v3/projects:search?query=&pageSize=&pageToken=`: the projects on which the caller
//!   holds `resourcemanager.projects.get`; the query may be empty or `FIELD:VALUE` terms
//!   (`id`, `projectId`, `parent`, `name`, `displayName`), any of which may match;
//! - `GET /v3/projects/{id}` (id or number): projects.get, 403 alike for a project that does not
//!   exist and one the caller may not see, as Google answers; `GET /v3/folders/{id}` and
//!   `GET /v3/organizations/{id}` likewise;
//! - `POST /v3/{projects|folders|organizations}/{id}:testIamPermissions`.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, Query, State as AxumState};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;

use super::audit::Code;
use super::call::{Call, Refusal, State, authenticate, invalid_token, page_after, page_size};
use super::test_iam;
use super::world::{Project, Resource};

const SERVICE: &str = "cloudresourcemanager.googleapis.com";
const SCOPES: &[&str] = &[
    super::call::CLOUD_PLATFORM_READ_ONLY,
    "https://www.googleapis.com/auth/cloudplatformprojects",
    "https://www.googleapis.com/auth/cloudplatformprojects.readonly",
];
/// Every project in the emulator was made at this instant, so answers are the same each run.
const CREATED: &str = "2025-01-01T00:00:00.000Z";

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SearchQuery {
    query: Option<String>,
    page_size: Option<String>,
    page_token: Option<String>,
}

/// `GET /v3/projects:search`.
pub(crate) async fn search_projects(
    AxumState(state): AxumState<Arc<State>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Query(query): Query<SearchQuery>,
    headers: HeaderMap,
) -> Response {
    let mut call = Call::new(
        SERVICE,
        "google.cloud.resourcemanager.v3.Projects.SearchProjects",
        String::new(),
        &headers,
        peer,
    );
    let outcome = (|| {
        let grant = authenticate(&state, &mut call, &headers, SCOPES)?;
        let size = page_size(query.page_size.as_deref(), 100, 500)?;
        let terms = parse_query(query.query.as_deref().unwrap_or(""))?;
        let mut visible: Vec<&Project> = state
            .world
            .projects()
            .iter()
            .filter(|p| terms.is_empty() || terms.iter().any(|t| t.matches(p)))
            .filter(|p| {
                let resource = Resource::Project(p.id.clone());
                state
                    .world
                    .permits(&grant.principal, &resource, "resourcemanager.projects.get")
            })
            .collect();
        visible.sort_by(|a, b| a.id.cmp(&b.id));
        let (page, next) = page_after(&visible, |p| &p.id, size, query.page_token.as_deref())
            .ok_or_else(invalid_token)?;
        let mut body = json!({});
        if !page.is_empty() {
            body["projects"] = page.iter().map(|p| project_resource(p)).collect();
        }
        if let Some(token) = next {
            body["nextPageToken"] = json!(token);
        }
        Ok(body)
    })();
    call.finish(&state.audit, outcome)
}

/// `GET /v3/{collection}/{id}`: projects.get, folders.get and organizations.get.
pub(crate) async fn get(
    AxumState(state): AxumState<Arc<State>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((collection, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let (method, permission) = match collection.as_str() {
        "projects" => {
            return get_project(
                &state,
                peer,
                &headers,
                &id,
                "google.cloud.resourcemanager.v3.Projects.GetProject",
                project_resource,
            );
        }
        "folders" => (
            "google.cloud.resourcemanager.v3.Folders.GetFolder",
            "resourcemanager.folders.get",
        ),
        "organizations" => (
            "google.cloud.resourcemanager.v3.Organizations.GetOrganization",
            "resourcemanager.organizations.get",
        ),
        _ => {
            return Refusal::rpc(
                Code::NotFound,
                format!("The emulator does not serve /v3/{collection}/{id}."),
            )
            .into_response();
        }
    };
    let name = format!("{collection}/{id}");
    let mut call = Call::new(SERVICE, method, name.clone(), &headers, peer);
    let outcome = (|| {
        let grant = authenticate(&state, &mut call, &headers, SCOPES)?;
        let visible = state
            .world
            .resolve(&name)
            .filter(|r| state.world.permits(&grant.principal, r, permission));
        let denied = || {
            Refusal::rpc(
                Code::PermissionDenied,
                "The caller does not have permission",
            )
        };
        let resource = visible.ok_or_else(denied)?;
        let mut body = json!({
            "name": name,
            "displayName": id,
            "state": "ACTIVE",
            "createTime": CREATED,
            "updateTime": CREATED,
            "etag": "W/\"emulated\"",
        });
        if let Resource::Folder(folder) = &resource
            && let Some(f) = state.world.folder(folder)
        {
            body["parent"] = json!(f.parent.name());
        }
        Ok(body)
    })();
    call.finish(&state.audit, outcome)
}

/// `GET /v1/projects/{id}`: projects.get of Resource Manager v1, which `gcloud projects describe`
/// calls. The audit method name is v1's (UNCERTAIN: Google's v1 audit entries read `GetProject`).
pub(crate) async fn get_v1(
    AxumState(state): AxumState<Arc<State>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    get_project(
        &state,
        peer,
        &headers,
        &id,
        "GetProject",
        project_resource_v1,
    )
}

/// projects.get in either version: the project if the caller may get it, else 403 (as Google
/// answers for a project that does not exist, too).
fn get_project(
    state: &State,
    peer: SocketAddr,
    headers: &HeaderMap,
    id: &str,
    method: &'static str,
    render: fn(&Project) -> serde_json::Value,
) -> Response {
    let mut call = Call::new(SERVICE, method, format!("projects/{id}"), headers, peer);
    let outcome = (|| {
        let grant = authenticate(state, &mut call, headers, SCOPES)?;
        state
            .world
            .project(id)
            .filter(|p| {
                let resource = Resource::Project(p.id.clone());
                state
                    .world
                    .permits(&grant.principal, &resource, "resourcemanager.projects.get")
            })
            .map(render)
            .ok_or_else(|| {
                Refusal::rpc(
                    Code::PermissionDenied,
                    "The caller does not have permission",
                )
            })
    })();
    call.finish(&state.audit, outcome)
}

/// A project as Resource Manager v1 describes it (`projectNumber` an int64, so a JSON string).
fn project_resource_v1(p: &Project) -> serde_json::Value {
    let mut project = json!({
        "projectNumber": p.number,
        "projectId": p.id,
        "lifecycleState": "ACTIVE",
        "name": p.display_name,
        "createTime": CREATED,
    });
    if let Some(parent) = &p.parent
        && let Some((kind, id)) = parent.name().split_once('/')
    {
        project["parent"] = json!({"type": kind.trim_end_matches('s'), "id": id});
    }
    project
}

fn project_resource(p: &Project) -> serde_json::Value {
    let mut project = json!({
        "name": format!("projects/{}", p.number),
        "projectId": p.id,
        "state": "ACTIVE",
        "displayName": p.display_name,
        "createTime": CREATED,
        "updateTime": CREATED,
        "etag": "W/\"emulated\"",
    });
    if let Some(parent) = &p.parent {
        project["parent"] = json!(parent.name());
    }
    project
}

/// One `FIELD:VALUE` term of a search query.
struct Term {
    field: String,
    value: String,
}

impl Term {
    fn matches(&self, p: &Project) -> bool {
        let value = self.value.to_lowercase();
        match self.field.as_str() {
            "id" | "projectid" => p.id.to_lowercase() == value,
            "name" | "displayname" => p.display_name.to_lowercase() == value,
            "parent" => p
                .parent
                .as_ref()
                .is_some_and(|parent| parent.name() == value),
            _ => false,
        }
    }
}

fn parse_query(query: &str) -> Result<Vec<Term>, Refusal> {
    query
        .split_whitespace()
        .filter(|t| !t.eq_ignore_ascii_case("OR"))
        .map(|term| {
            let (field, value) = term.split_once(':').unwrap_or(("", term));
            let field = field.to_lowercase();
            if !matches!(
                field.as_str(),
                "id" | "projectid" | "name" | "displayname" | "parent"
            ) {
                return Err(Refusal::rpc(
                    Code::InvalidArgument,
                    format!(
                        "Unsupported search term `{term}`: the emulator understands id:, projectId:, name:, displayName: and parent:."
                    ),
                ));
            }
            Ok(Term {
                field,
                value: value.trim_matches('"').to_owned(),
            })
        })
        .collect()
}

/// `POST /v3/{projects|folders|organizations}/{id}:testIamPermissions`.
pub(crate) async fn test_permissions(
    AxumState(state): AxumState<Arc<State>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((collection, target)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let method = match collection.as_str() {
        "projects" => "google.cloud.resourcemanager.v3.Projects.TestIamPermissions",
        "folders" => "google.cloud.resourcemanager.v3.Folders.TestIamPermissions",
        "organizations" => "google.cloud.resourcemanager.v3.Organizations.TestIamPermissions",
        _ => {
            let path = format!("/v3/{collection}/{target}");
            return Refusal::rpc(
                Code::NotFound,
                format!("The emulator does not serve {path}."),
            )
            .into_response();
        }
    };
    let Some(id) = target.strip_suffix(":testIamPermissions") else {
        return Refusal::rpc(Code::NotFound, format!("Method not found: {target}")).into_response();
    };
    let name = format!("{collection}/{id}");
    let mut call = Call::new(SERVICE, method, name.clone(), &headers, peer);
    // Resource Manager does not say whether a resource exists to those who cannot see it.
    let outcome = test_iam::post(&state, &mut call, &headers, SCOPES, &name, &body, || {
        Err(Refusal::rpc(
            Code::PermissionDenied,
            "The caller does not have permission",
        ))
    });
    call.finish(&state.audit, outcome)
}
