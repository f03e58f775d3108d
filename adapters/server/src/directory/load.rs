//! Reading the directory's CSV file (format: `docs/service-points.md`): RFC 4180 records, one point each,
//! every field checked, every error naming the line and the column.

use std::collections::HashMap;
use std::path::PathBuf;

use hoso_core::{AdminGeneration, AdminLevel, AdminUnitCode, Province};

use super::fold::place_key;
use super::{Commune, Location, PointKind, PointService, ServicePoint, WeeklyHours};

/// Why a directory file was refused. Nothing is loaded from a file with an error.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DirectoryError {
    /// The file could not be read (or is not UTF-8).
    #[error("cannot read the directory file {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The CSV itself is broken: an unterminated quote, text after a closing quote, a record with more or
    /// fewer fields than the header.
    #[error("line {line}: {problem}")]
    Syntax {
        /// The line (from 1) where the record starts.
        line: usize,
        /// What is wrong.
        problem: String,
    },
    /// The header lacks a required column, names an unknown one, or names one twice.
    #[error("header: {problem}")]
    Header {
        /// What is wrong.
        problem: String,
    },
    /// A field's value is not allowed.
    #[error("line {line}, field `{field}`: {problem}")]
    Field {
        /// The line (from 1) where the record starts.
        line: usize,
        /// The column.
        field: &'static str,
        /// What is wrong, with the value.
        problem: String,
    },
    /// Two records declare one point: the same `id`, or the same name and address in one commune.
    #[error("line {line}: {what} is already declared on line {first}")]
    Duplicate {
        /// The line of the second declaration.
        line: usize,
        /// The line of the first.
        first: usize,
        /// What is repeated.
        what: String,
    },
}

const REQUIRED: [&str; 10] = [
    "id", "name", "kind", "address", "commune", "province", "hours", "services", "source",
    "verified",
];
const OPTIONAL: [&str; 5] = [
    "commune_code",
    "former_communes",
    "phone",
    "latitude",
    "longitude",
];

/// Splits CSV text into records: `(line of the record's start, fields)`.
fn records(text: &str) -> Result<Vec<(usize, Vec<String>)>, DirectoryError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    let mut line = 1;
    while chars.peek().is_some() {
        let start = line;
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut quoted = false;
        let mut after_quote = false;
        loop {
            let Some(c) = chars.next() else {
                if quoted {
                    return Err(DirectoryError::Syntax {
                        line: start,
                        problem: "a quoted field is not closed".into(),
                    });
                }
                break;
            };
            if quoted {
                match c {
                    '"' if chars.peek() == Some(&'"') => {
                        chars.next();
                        field.push('"');
                    }
                    '"' => {
                        quoted = false;
                        after_quote = true;
                    }
                    c => {
                        if c == '\n' {
                            line += 1;
                        }
                        field.push(c);
                    }
                }
                continue;
            }
            match c {
                ',' => {
                    fields.push(std::mem::take(&mut field));
                    after_quote = false;
                }
                '\r' if chars.peek() == Some(&'\n') => {}
                '\n' => {
                    line += 1;
                    break;
                }
                '"' if field.is_empty() && !after_quote => quoted = true,
                c if after_quote => {
                    return Err(DirectoryError::Syntax {
                        line,
                        problem: format!("`{c}` after a closing quote"),
                    });
                }
                c => field.push(c),
            }
        }
        fields.push(field);
        if !(fields.len() == 1 && fields[0].trim().is_empty()) {
            out.push((start, fields));
        }
    }
    Ok(out)
}

/// One record's fields by column name.
struct Record<'a> {
    line: usize,
    columns: &'a HashMap<&'static str, usize>,
    fields: &'a [String],
}

impl Record<'_> {
    fn get(&self, column: &'static str) -> &str {
        self.columns
            .get(column)
            .and_then(|&i| self.fields.get(i))
            .map_or("", |f| f.trim())
    }

    fn fail(&self, field: &'static str, problem: impl Into<String>) -> DirectoryError {
        DirectoryError::Field {
            line: self.line,
            field,
            problem: problem.into(),
        }
    }

    fn required(&self, column: &'static str) -> Result<String, DirectoryError> {
        let v = self.get(column);
        if v.is_empty() {
            return Err(self.fail(column, "is empty"));
        }
        Ok(v.to_owned())
    }

    fn list(&self, column: &'static str) -> impl Iterator<Item = &str> {
        self.get(column)
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }
}

fn province(r: &Record<'_>) -> Result<AdminUnitCode, DirectoryError> {
    let v = r.required("province")?;
    let found = match v.parse::<AdminUnitCode>() {
        Ok(code) => Province::of(&code),
        Err(_) => {
            let key = place_key(&v);
            Province::all_2025()
                .chain(Province::all_pre2025())
                .find(|p| place_key(p.name) == key)
        }
    };
    match found {
        Some(p) if p.code.generation() == AdminGeneration::From2025 => Ok(p.code),
        Some(p) => Err(r.fail(
            "province",
            format!(
                "`{v}` is a pre-2025 province: the directory uses the 2025 units ({}, {})",
                p.successor().code,
                p.successor().full_name()
            ),
        )),
        None => Err(r.fail(
            "province",
            format!(
                "`{v}` is not one of the 34 provinces (a code such as 2025:province:79, or a name)"
            ),
        )),
    }
}

fn point(r: &Record<'_>) -> Result<ServicePoint, DirectoryError> {
    let id = r.required("id")?;
    if !id
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        return Err(r.fail(
            "id",
            format!("`{id}`: only letters, digits, `-`, `_` and `.`"),
        ));
    }
    let kind_text = r.required("kind")?;
    let kind = PointKind::ALL
        .into_iter()
        .find(|k| k.tag() == kind_text)
        .ok_or_else(|| {
            r.fail(
                "kind",
                format!(
                    "`{kind_text}` is not a kind ({})",
                    tags(PointKind::ALL.map(PointKind::tag))
                ),
            )
        })?;
    let commune_code = match r.get("commune_code") {
        "" => None,
        v => match v.parse::<AdminUnitCode>() {
            Ok(c)
                if c.generation() == AdminGeneration::From2025 && c.level() == AdminLevel::Ward =>
            {
                Some(c)
            }
            _ => {
                return Err(r.fail(
                    "commune_code",
                    format!("`{v}` is not a 2025 commune code (2025:ward:NNNNN)"),
                ));
            }
        },
    };
    let hours: WeeklyHours = r
        .required("hours")?
        .parse()
        .map_err(|e: super::HoursError| r.fail("hours", e.to_string()))?;
    if hours.always_closed() {
        return Err(r.fail("hours", "the point is closed every day"));
    }
    let mut services = Vec::new();
    for s in r.list("services") {
        let service = PointService::ALL
            .into_iter()
            .find(|k| k.tag() == s)
            .ok_or_else(|| {
                r.fail(
                    "services",
                    format!(
                        "`{s}` is not a service ({})",
                        tags(PointService::ALL.map(PointService::tag))
                    ),
                )
            })?;
        if !services.contains(&service) {
            services.push(service);
        }
    }
    if services.is_empty() {
        return Err(r.fail("services", "is empty: a point offers at least one service"));
    }
    let phone = match r.get("phone") {
        "" => None,
        v if v
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '.' | '-' | '(' | ')'))
            && v.chars().filter(char::is_ascii_digit).count() >= 8 =>
        {
            Some(v.to_owned())
        }
        _ => {
            return Err(r.fail(
                "phone",
                "is not a telephone number (digits, spaces, + . - ( ), at least 8 digits)",
            ));
        }
    };
    let location = match (r.get("latitude"), r.get("longitude")) {
        ("", "") => None,
        (lat, lon) => {
            let degrees = |field: &'static str, v: &str, range: std::ops::RangeInclusive<f64>| {
                v.parse::<f64>()
                    .ok()
                    .filter(|d| range.contains(d))
                    .ok_or_else(|| {
                        r.fail(
                            field,
                            format!("`{v}` is not a {field} in Vietnam ({range:?} degrees)"),
                        )
                    })
            };
            Some(Location {
                latitude: degrees("latitude", lat, 8.0..=23.5)?,
                longitude: degrees("longitude", lon, 102.0..=117.5)?,
            })
        }
    };
    let verified = match r.required("verified")?.to_ascii_lowercase().as_str() {
        "yes" | "true" => true,
        "no" | "false" => false,
        other => return Err(r.fail("verified", format!("`{other}` is not yes or no"))),
    };
    Ok(ServicePoint {
        id,
        name: r.required("name")?,
        kind,
        address: r.required("address")?,
        commune: Commune {
            name: r.required("commune")?,
            code: commune_code,
            former: r.list("former_communes").map(str::to_owned).collect(),
        },
        province: province(r)?,
        hours,
        services,
        phone,
        location,
        source: r.required("source")?,
        verified,
    })
}

fn tags<const N: usize>(tags: [&str; N]) -> String {
    tags.join(", ")
}

/// The points of a directory file, in order.
pub(super) fn points(text: &str) -> Result<Vec<ServicePoint>, DirectoryError> {
    let mut rows = records(text)?.into_iter();
    let Some((_, header)) = rows.next() else {
        return Err(DirectoryError::Header {
            problem: "the file is empty".into(),
        });
    };
    let mut columns: HashMap<&'static str, usize> = HashMap::new();
    for (i, name) in header.iter().enumerate() {
        let name = name.trim();
        let Some(known) = REQUIRED.iter().chain(&OPTIONAL).find(|c| **c == name) else {
            return Err(DirectoryError::Header {
                problem: format!("unknown column `{name}`"),
            });
        };
        if columns.insert(known, i).is_some() {
            return Err(DirectoryError::Header {
                problem: format!("column `{name}` appears twice"),
            });
        }
    }
    if let Some(missing) = REQUIRED.iter().find(|c| !columns.contains_key(*c)) {
        return Err(DirectoryError::Header {
            problem: format!("missing column `{missing}`"),
        });
    }
    let mut out = Vec::new();
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut places: HashMap<(String, String, String), usize> = HashMap::new();
    for (line, fields) in rows {
        if fields.len() != header.len() {
            return Err(DirectoryError::Syntax {
                line,
                problem: format!(
                    "{} fields where the header has {}",
                    fields.len(),
                    header.len()
                ),
            });
        }
        let record = Record {
            line,
            columns: &columns,
            fields: &fields,
        };
        let p = point(&record)?;
        if let Some(&first) = ids.get(&p.id) {
            return Err(DirectoryError::Duplicate {
                line,
                first,
                what: format!("point `{}`", p.id),
            });
        }
        let place = (
            place_key(&p.name),
            place_key(&p.address),
            place_key(&p.commune.name),
        );
        if let Some(&first) = places.get(&place) {
            return Err(DirectoryError::Duplicate {
                line,
                first,
                what: format!("`{}` at `{}`, {}", p.name, p.address, p.commune.name),
            });
        }
        ids.insert(p.id.clone(), line);
        places.insert(place, line);
        out.push(p);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_keep_commas_quotes_and_newlines_and_lines_are_counted() {
        let rows = records("a,b\r\n\"x, \"\"y\"\"\",\"two\nlines\"\n\nlast,1\n").unwrap();
        assert_eq!(
            rows[1],
            (2, vec!["x, \"y\"".to_owned(), "two\nlines".to_owned()])
        );
        assert_eq!(rows[2].0, 5, "the blank line is skipped but counted");
        assert!(matches!(
            records("a,\"b\n"),
            Err(DirectoryError::Syntax { line: 1, .. })
        ));
        assert!(matches!(
            records("a\n\"b\"c\n"),
            Err(DirectoryError::Syntax { line: 2, .. })
        ));
    }
}
