//! Which service accounts the caller may impersonate, over one project, several, or all.
//!
//! Projects come from `-p` or Resource Manager's `projects:search`; each project's accounts
//! from IAM's `serviceAccounts.list`, every page; each account gets one `testIamPermissions`
//! call for the two minting permissions. Projects are listed concurrently and each account is
//! tested as soon as its page arrives, all under the [`Api`]'s bound.

use serde_json::{Value, json};
use tokio::task::JoinSet;

use super::api::{Api, CallError, Identity};
use crate::progress::Progress;

const ACCESS: &str = "iam.serviceAccounts.getAccessToken";
const ID: &str = "iam.serviceAccounts.getOpenIdToken";

/// Which projects to look in.
#[derive(Debug, Clone)]
pub enum Scope {
    Projects(Vec<String>),
    /// Every project the caller can see.
    All,
}

/// An account the caller may mint tokens for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub email: String,
    pub display_name: Option<String>,
    pub project: String,
    pub access_tokens: bool,
    pub id_tokens: bool,
}

/// What a listing found, and what it could not look at.
#[derive(Debug, Default)]
pub struct Listing {
    /// Sorted by project, then email.
    pub accounts: Vec<Account>,
    /// Projects whose accounts could not be listed, and accounts that could not be tested:
    /// what (`project P`, `account E`, `the project search`) and why.
    pub failures: Vec<(String, CallError)>,
    /// How many projects were looked in, and accounts tested.
    pub projects: usize,
    pub tested: usize,
    /// The ids of the projects looked in.
    pub project_ids: Vec<String>,
}

/// The base URLs of the APIs a listing calls, each ending in `/`.
#[derive(Debug, Clone)]
pub struct Endpoints {
    pub iam: String,
    pub resource_manager: String,
}

/// Lists the accounts `caller` may impersonate in `scope`.
pub async fn list_accounts(
    api: &Api,
    caller: &Identity,
    endpoints: &Endpoints,
    scope: Scope,
    progress: &Progress,
) -> Listing {
    let mut listing = Listing::default();
    let projects = match scope {
        Scope::Projects(ids) => ids,
        Scope::All => match search_projects(api, caller, &endpoints.resource_manager).await {
            Ok(ids) => ids,
            Err(e) => {
                listing.failures.push(("the project search".into(), e));
                return listing;
            }
        },
    };
    listing.projects = projects.len();
    listing.project_ids.clone_from(&projects);
    progress.add_total(projects.len() as u64);
    let mut tasks = JoinSet::new();
    for project in projects {
        let (api, caller, iam) = (api.clone(), caller.clone(), endpoints.iam.clone());
        let progress = progress.clone();
        tasks.spawn(async move { list_project(&api, &caller, &iam, project, &progress).await });
    }
    while let Some(joined) = tasks.join_next().await {
        // A task only ends early if it panicked, which would be a bug; say so and go on.
        let Ok(found) = joined else {
            let e = CallError::Malformed {
                url: endpoints.iam.clone(),
                why: "a listing task failed".into(),
            };
            listing.failures.push(("a project".into(), e));
            continue;
        };
        listing.tested += found.tested;
        listing.accounts.extend(found.accounts);
        listing.failures.extend(found.failures);
    }
    listing
        .accounts
        .sort_by(|a, b| (&a.project, &a.email).cmp(&(&b.project, &b.email)));
    listing.failures.sort_by(|a, b| a.0.cmp(&b.0));
    listing
}

/// The ids of every active project the caller can see.
async fn search_projects(
    api: &Api,
    caller: &Identity,
    resource_manager: &str,
) -> Result<Vec<String>, CallError> {
    let url = format!(
        "{}projects:search?pageSize=500",
        versioned(resource_manager, "v3/")
    );
    let projects = api.get_all(caller, &url, "projects").await?;
    Ok(projects
        .iter()
        .filter(|p| p["state"].as_str().is_none_or(|s| s == "ACTIVE"))
        .filter_map(|p| p["projectId"].as_str().map(str::to_owned))
        .collect())
}

/// One project's accounts, each tested as its page arrives.
async fn list_project(
    api: &Api,
    caller: &Identity,
    iam: &str,
    project: String,
    progress: &Progress,
) -> Listing {
    let mut found = Listing::default();
    let base = format!(
        "{}projects/{project}/serviceAccounts?pageSize=100",
        versioned(iam, "v1/")
    );
    let mut tests = JoinSet::new();
    let mut token: Option<String> = None;
    loop {
        let url = match &token {
            Some(t) => super::api::with_param(&base, "pageToken", t),
            None => base.clone(),
        };
        let page = match api.get(caller, &url).await {
            Ok(page) => page,
            Err(e) => {
                found.failures.push((format!("project {project}"), e));
                break;
            }
        };
        let accounts = page["accounts"].as_array().cloned().unwrap_or_default();
        progress.add_total(accounts.len() as u64);
        for account in accounts {
            // A disabled account mints nothing; no call is needed to know.
            if account["disabled"].as_bool() == Some(true) {
                progress.advance(1);
                continue;
            }
            let (api, caller) = (api.clone(), caller.clone());
            let url = format!(
                "{}{}:testIamPermissions",
                versioned(iam, "v1/"),
                account["name"].as_str().unwrap_or_default()
            );
            let progress = progress.clone();
            let project = project.clone();
            tests.spawn(async move {
                let body = json!({"permissions": [ACCESS, ID]});
                let result = api.post(&caller, &url, &body).await;
                progress.advance(1);
                (account_of(&account, &project), result)
            });
        }
        match super::api::next_token(&page, token.as_deref()) {
            Some(next) => token = Some(next),
            None => break,
        }
    }
    while let Some(joined) = tests.join_next().await {
        let Ok((account, result)) = joined else {
            continue;
        };
        found.tested += 1;
        match result {
            Ok(held) => found.accounts.extend(mintable(account, &held)),
            Err(e) => found
                .failures
                .push((format!("account {}", account.email), e)),
        }
    }
    progress.advance(1);
    found
}

fn account_of(account: &Value, project: &str) -> Account {
    Account {
        email: account["email"].as_str().unwrap_or_default().to_owned(),
        display_name: account["displayName"]
            .as_str()
            .filter(|n| !n.is_empty())
            .map(str::to_owned),
        project: account["projectId"].as_str().unwrap_or(project).to_owned(),
        access_tokens: false,
        id_tokens: false,
    }
}

/// The account with what the answer says may be minted, or `None` when nothing may.
fn mintable(mut account: Account, held: &Value) -> Option<Account> {
    let held: Vec<&str> = held["permissions"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    account.access_tokens = held.contains(&ACCESS);
    account.id_tokens = held.contains(&ID);
    (account.access_tokens || account.id_tokens).then_some(account)
}

/// `base` with the API's version path, unless an endpoint override already ends with it.
pub(crate) fn versioned(base: &str, version: &str) -> String {
    if base.ends_with(version) {
        base.to_owned()
    } else {
        format!("{base}{version}")
    }
}

/// Shared by the command's output: what an account may mint, in words.
impl Account {
    pub fn mints(&self) -> &'static str {
        match (self.access_tokens, self.id_tokens) {
            (true, true) => "access and ID tokens",
            (true, false) => "access tokens",
            _ => "ID tokens",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account() -> Account {
        account_of(
            &json!({"email": "a@p.iam.gserviceaccount.com", "projectId": "p", "displayName": ""}),
            "q",
        )
    }

    #[test]
    fn accounts_are_kept_only_when_something_may_be_minted() {
        assert_eq!(mintable(account(), &json!({})), None);
        let only_id = mintable(account(), &json!({"permissions": [ID]}));
        assert_eq!(only_id.map(|a| a.mints()), Some("ID tokens"));
        let both = mintable(account(), &json!({"permissions": [ID, ACCESS]}));
        assert_eq!(
            both.as_ref().map(|a| a.mints()),
            Some("access and ID tokens")
        );
        assert_eq!(both.and_then(|a| a.display_name), None);
    }

    #[test]
    fn overrides_that_carry_the_version_are_kept() {
        assert_eq!(versioned("http://h/", "v1/"), "http://h/v1/");
        assert_eq!(
            versioned("https://h/compute/v1/", "compute/v1/"),
            "https://h/compute/v1/"
        );
    }
}
