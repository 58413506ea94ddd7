//! Where gsudo keeps its files: the XDG base directories, the configuration file and the
//! session log.

use std::path::PathBuf;

use super::Env;

/// `$XDG_CONFIG_HOME/gsudo/config.toml`, else `~/.config/gsudo/config.toml`.
pub fn config_path(env: &Env) -> Option<PathBuf> {
    xdg_dir(env, "XDG_CONFIG_HOME", ".config").map(|d| d.join("gsudo/config.toml"))
}

/// An XDG base directory: the variable when it holds an absolute path (the spec says to ignore a
/// relative one), else the default under HOME.
pub fn xdg_dir(env: &Env, var: &str, default_under_home: &str) -> Option<PathBuf> {
    env.path(var)
        .filter(|p| p.is_absolute())
        .or_else(|| env.home().map(|h| h.join(default_under_home)))
}

/// `$XDG_STATE_HOME/gsudo/sessions.jsonl`, else `~/.local/state/gsudo/sessions.jsonl`.
pub fn trail_path(env: &Env) -> Option<PathBuf> {
    xdg_dir(env, "XDG_STATE_HOME", ".local/state").map(|d| d.join("gsudo/sessions.jsonl"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn xdg_paths_follow_the_spec() {
        let env = Env::from_pairs([("HOME", "/h"), ("XDG_CONFIG_HOME", "relative")]);
        assert_eq!(
            config_path(&env).unwrap(),
            Path::new("/h/.config/gsudo/config.toml")
        );
        let env = Env::from_pairs([("HOME", "/h"), ("XDG_CONFIG_HOME", "/x")]);
        assert_eq!(
            config_path(&env).unwrap(),
            Path::new("/x/gsudo/config.toml")
        );
        let env = Env::from_pairs([("HOME", "/h")]);
        assert_eq!(
            trail_path(&env).unwrap(),
            Path::new("/h/.local/state/gsudo/sessions.jsonl")
        );
    }
}
