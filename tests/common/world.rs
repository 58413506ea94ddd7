//! World files for the emulator, put together from the pieces tests share, so that the test
//! project, a person who signs in and a service account are each written once.

/// A world file being put together; [`World::text`] is what the emulator reads.
#[derive(Default)]
pub struct World(String);

impl World {
    /// `test-project` (number 111122223333), whose buckets `listers` may list.
    pub fn test_project(self, listers: &[&str]) -> Self {
        let mut table =
            "[[projects]]\nid = \"test-project\"\nnumber = \"111122223333\"\n".to_owned();
        if !listers.is_empty() {
            table.push_str(&format!("bucket_listers = {}\n", array(listers)));
        }
        self.with(&table)
    }

    /// Someone who signs in with `refresh_token`.
    pub fn user(self, email: &str, refresh_token: &str) -> Self {
        self.with(&format!(
            "[[users]]\nemail = \"{email}\"\nrefresh_token = \"{refresh_token}\"\n"
        ))
    }

    /// A service account the principals `token_creators` may mint for.
    pub fn account(self, email: &str, token_creators: &[&str]) -> Self {
        self.with(&format!(
            "[[service_accounts]]\nemail = \"{email}\"\ntoken_creators = {}\n",
            array(token_creators)
        ))
    }

    /// Anything the pieces above do not cover, as the world file writes it.
    pub fn with(mut self, toml: &str) -> Self {
        if !self.0.is_empty() {
            self.0.push('\n');
        }
        self.0.push_str(toml.trim_start_matches('\n'));
        self
    }

    pub fn text(self) -> String {
        self.0
    }
}

/// A TOML array of strings.
fn array(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("\"{i}\"")).collect();
    format!("[{}]", quoted.join(", "))
}
