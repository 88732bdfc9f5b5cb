//! Sightline's JSON interchange.
//!
//! Two shapes are read: the interchange document
//! `{ "sightline": "interchange/1", "agency": { "name": …, "kind": … },
//! "records": [ {…}, … ] }`, and a bare array of record objects (such as
//! `sightline records --json` writes). Either becomes one grid whose first
//! row (number 0) is a synthetic header of every key seen, in first-seen
//! order, followed by one row per record (numbered from 1) with its values
//! as text under those keys.
//!
//! Objects keep their keys in file order here (serde_json's own `Value`
//! would sort them), so the header follows the file.

use std::collections::HashMap;
use std::fmt;

use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use super::csv;
use super::table::{Cell, Grid, GridRow, ReadError, Rows};

/// The interchange version this reader understands.
const INTERCHANGE: &str = "interchange/1";

/// A JSON value whose objects keep their keys in file order. Nesting is
/// bounded by serde_json's recursion limit (128), so neither reading nor
/// dropping one can overflow the stack.
#[derive(Clone, Debug, PartialEq)]
enum Value {
    Null,
    Bool(bool),
    /// A number exactly as the file writes it (`12345678901234567890123`
    /// stays so, never `1.2345678901234568e22`).
    Number(String),
    String(String),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
}

impl Value {
    /// The value under `key`, for an object.
    fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string, for a string.
    fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// What kind of value this is, for messages.
    fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }

    /// Compact JSON text.
    fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// How deep objects and arrays may nest, as serde_json's own limit.
const MAX_DEPTH: usize = 128;

impl Value {
    /// Reads a value from its JSON text at nesting `depth`. Every object's
    /// and array's members are first taken as raw text, so a number keeps
    /// the digits the file wrote and an object keeps every key, repeated
    /// ones included, in file order.
    fn from_raw(
        raw: &serde_json::value::RawValue,
        depth: usize,
    ) -> Result<Value, serde_json::Error> {
        use serde::de::Error as _;
        if depth > MAX_DEPTH {
            return Err(serde_json::Error::custom("recursion limit exceeded"));
        }
        let text = raw.get();
        match text.as_bytes().first() {
            Some(b'{' | b'[') => {
                let mut de = serde_json::Deserializer::from_str(text);
                de.deserialize_any(ValueVisitor { depth })
            }
            Some(b'-' | b'0'..=b'9') => Ok(Value::Number(text.to_string())),
            _ => serde_json::from_str::<serde_json::Value>(text).map(|v| match v {
                serde_json::Value::Bool(b) => Value::Bool(b),
                serde_json::Value::String(s) => Value::String(s),
                _ => Value::Null,
            }),
        }
    }
}

/// Builds a [`Value`] from an object or array serde_json reads, its
/// members through [`Value::from_raw`].
struct ValueVisitor {
    depth: usize,
}

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object or array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        use serde::de::Error as _;
        let mut items = Vec::new();
        while let Some(raw) = seq.next_element::<&serde_json::value::RawValue>()? {
            items.push(Value::from_raw(raw, self.depth + 1).map_err(A::Error::custom)?);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        use serde::de::Error as _;
        let mut fields: Vec<(String, Value)> = Vec::new();
        while let Some((key, raw)) = map.next_entry::<String, &serde_json::value::RawValue>()? {
            fields.push((
                key,
                Value::from_raw(raw, self.depth + 1).map_err(A::Error::custom)?,
            ));
        }
        Ok(Value::Object(fields))
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => serializer.serialize_unit(),
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::Number(n) => match serde_json::from_str::<serde_json::Number>(n) {
                Ok(number) => number.serialize(serializer),
                Err(_) => serializer.serialize_str(n),
            },
            Value::String(s) => serializer.serialize_str(s),
            Value::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Value::Object(fields) => {
                let mut map = serializer.serialize_map(Some(fields.len()))?;
                for (key, value) in fields {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

/// Decodes (UTF-8 with or without BOM, UTF-16 with BOM) and parses a file.
fn parse(bytes: &[u8]) -> Result<Value, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    let (text, _encoding) = csv::decode(bytes)?;
    let invalid =
        |e: serde_json::Error| ReadError::Json(format!("the file is not valid JSON: {e}"));
    let raw = serde_json::from_str::<&serde_json::value::RawValue>(&text).map_err(invalid)?;
    Value::from_raw(raw, 0).map_err(invalid)
}

/// The agency a file declares (`"agency": {"name": …, "kind": …}`, or
/// `"agency": "name"`), as name and kind; `None` when the file does not
/// parse or declares no agency name.
pub fn agency(bytes: &[u8]) -> Option<(String, Option<String>)> {
    let document = parse(bytes).ok()?;
    match document.get("agency")? {
        Value::String(name) if !name.trim().is_empty() => Some((name.clone(), None)),
        agency @ Value::Object(_) => {
            let name = agency.get("name")?.as_str()?.to_string();
            if name.trim().is_empty() {
                return None;
            }
            let kind = agency
                .get("kind")
                .and_then(Value::as_str)
                .map(str::to_string);
            Some((name, kind))
        }
        _ => None,
    }
}

/// Reads an interchange document or an array of records into one grid
/// (sheet `None`): a header row numbered 0 holding every key in first-seen
/// order, then each record numbered from 1 with its values under the keys.
///
/// Values become text: strings verbatim, numbers as written, `true`/`false`,
/// `null` as empty, arrays of scalars joined with `"; "`, a `when` object
/// (one with a `start` key) as date text (`START`, `approx. START`,
/// `before START`, `after START`, `between START and END`), and any other
/// object or array as compact JSON.
///
/// Fails with [`ReadError::Json`] for malformed JSON (quoting serde_json's
/// line and column), nesting deeper than 128, an unknown interchange
/// version, a file of neither shape, or a record that is not an object
/// (`record 7 is not an object`, counting from 1).
pub fn read(bytes: &[u8]) -> Result<Grid<'static>, ReadError> {
    let document = parse(bytes)?;
    let records = match document {
        Value::Array(records) => records,
        Value::Object(mut fields) => {
            if let Some(version) = fields
                .iter()
                .find(|(k, _)| k == "sightline")
                .map(|(_, v)| v)
            {
                match version.as_str() {
                    Some(INTERCHANGE) => {}
                    Some(other) => {
                        return Err(ReadError::Json(format!(
                            "the file is Sightline \"{other}\"; this version of Sightline reads \"{INTERCHANGE}\""
                        )))
                    }
                    None => {
                        return Err(ReadError::Json(format!(
                            "\"sightline\" should be \"{INTERCHANGE}\" but is {}",
                            version.kind()
                        )))
                    }
                }
            }
            let position = fields.iter().position(|(k, _)| k == "records");
            match position.map(|i| fields.swap_remove(i).1) {
                Some(Value::Array(records)) => records,
                Some(other) => {
                    return Err(ReadError::Json(format!(
                        "\"records\" should be an array of records but is {}",
                        other.kind()
                    )))
                }
                None => return Err(not_interchange()),
            }
        }
        _ => return Err(not_interchange()),
    };

    let mut header: Vec<String> = Vec::new();
    let mut columns: HashMap<String, usize> = HashMap::new();
    for (i, record) in records.iter().enumerate() {
        let Value::Object(fields) = record else {
            return Err(ReadError::Json(format!(
                "record {} is not an object (it is {})",
                i + 1,
                record.kind()
            )));
        };
        for key in keys_of(fields) {
            if !columns.contains_key(&key) {
                columns.insert(key.clone(), header.len());
                header.push(key);
            }
        }
    }

    let width = header.len();
    let header_row = GridRow {
        number: 0,
        cells: header.into_iter().map(Cell::text).collect(),
    };
    let rows = records.into_iter().enumerate().map(move |(i, record)| {
        let mut cells = vec![Cell::default(); width];
        if let Value::Object(fields) = record {
            let keys = keys_of(&fields);
            for (key, (_, value)) in keys.into_iter().zip(fields) {
                if let Some(cell) = columns.get(&key).and_then(|&c| cells.get_mut(c)) {
                    cell.text = value_text(value);
                }
            }
        }
        Ok(GridRow {
            number: i + 1,
            cells,
        })
    });
    let rows: Rows<'static> = Box::new(std::iter::once(Ok(header_row)).chain(rows));
    Ok(Grid { sheet: None, rows })
}

/// The column each of a record's keys goes in: the key itself, and for a
/// key the record repeats, `KEY (2)`, `KEY (3)`, …, so no value is lost.
fn keys_of(fields: &[(String, Value)]) -> Vec<String> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    fields
        .iter()
        .map(|(key, _)| {
            let n = seen.entry(key.as_str()).or_insert(0);
            *n += 1;
            if *n == 1 {
                key.clone()
            } else {
                format!("{key} ({n})")
            }
        })
        .collect()
}

/// The error for JSON of neither accepted shape.
fn not_interchange() -> ReadError {
    ReadError::Json(
        "the JSON is not Sightline interchange: expected an object with a \"records\" array, \
         or an array of records"
            .into(),
    )
}

/// The text of a scalar, or `None` for an array or object.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::Null => Some(String::new()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.clone()),
        Value::String(s) => Some(s.clone()),
        Value::Array(_) | Value::Object(_) => None,
    }
}

/// The text of a record's value.
fn value_text(value: Value) -> String {
    match value {
        Value::String(s) => s,
        Value::Array(ref items) => items
            .iter()
            .map(scalar_text)
            .collect::<Option<Vec<_>>>()
            .map_or_else(|| value.to_json(), |texts| texts.join("; ")),
        Value::Object(_) => when_text(&value).unwrap_or_else(|| value.to_json()),
        scalar => scalar_text(&scalar).unwrap_or_default(),
    }
}

/// The date text of a `when` object (`{start, end, precision, qualifier}`),
/// or `None` when the object is not one Sightline can write as text.
fn when_text(value: &Value) -> Option<String> {
    let start = scalar_text(value.get("start")?).filter(|s| !s.is_empty())?;
    let qualifier = match value.get("qualifier") {
        None | Some(Value::Null) => "exact",
        Some(q) => q.as_str()?,
    };
    match qualifier {
        "exact" => Some(start),
        "approx" => Some(format!("approx. {start}")),
        "before" => Some(format!("before {start}")),
        "after" => Some(format!("after {start}")),
        "between" => {
            let end = scalar_text(value.get("end")?).filter(|s| !s.is_empty())?;
            Some(format!("between {start} and {end}"))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests;
