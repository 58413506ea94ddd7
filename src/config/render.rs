//! How `gsudo config` prints a file's values: bare, as TOML, or as JSON.

use toml_edit::Value;

/// How `config get` prints a value: strings bare, lists comma-separated.
pub fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.value().clone(),
        Value::Array(array) => array.iter().map(plain).collect::<Vec<_>>().join(","),
        other => other.clone().decorated("", "").to_string(),
    }
}

/// How `config list` prints a value: as TOML.
pub fn toml_text(value: &Value) -> String {
    value.clone().decorated("", "").to_string()
}

pub fn json(value: &Value) -> serde_json::Value {
    match value {
        Value::String(s) => s.value().as_str().into(),
        Value::Integer(i) => (*i.value()).into(),
        Value::Float(f) => (*f.value()).into(),
        Value::Boolean(b) => (*b.value()).into(),
        Value::Datetime(d) => d.value().to_string().into(),
        Value::Array(a) => a.iter().map(json).collect(),
        Value::InlineTable(t) => t
            .iter()
            .map(|(k, v)| (k.to_owned(), json(v)))
            .collect::<serde_json::Map<_, _>>()
            .into(),
    }
}
