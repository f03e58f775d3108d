//! Bad inputs made from good ones: every leaf and attribute of an XML sample and every value of a JSON sample
//! changed in the ways that break a rule (a digit more, a check digit off, blank, too long, a letter for a
//! digit), every leaf dropped and repeated, and the envelope's namespace and version changed.

use serde_json::Value;

/// The changes made to one text value: each breaks at least one rule somewhere in the formats.
fn texts(text: &str, limit: usize) -> Vec<String> {
    let mut out = vec![
        format!("{text}0"),
        String::new(),
        format!("x{text}"),
        text.repeat(limit / text.len().max(1) + 1),
        format!(" {text} "),
    ];
    // A date in the other shapes ISO 8601 allows, or nearly.
    let b = text.as_bytes();
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        let (y, md) = text.split_at(4);
        out.extend([
            format!("{text}T00:00:00"),
            format!("{text}T10:00"),
            format!("{text}T00:00:00Z"),
            format!("+00{text}"),
            format!("{y}{}", md.replace('-', "")),
            format!("{y}-{}", md[1..].trim_start_matches('0')),
            format!("{text}[u-ca=iso8601]"),
        ]);
    }
    // The last digit (a check digit, a day, a count) one off.
    if let Some((i, c)) = text.char_indices().rev().find(|(_, c)| c.is_ascii_digit()) {
        let d = (c as u8 - b'0' + 1) % 10;
        let mut s = text.to_owned();
        s.replace_range(i..i + 1, &char::from(b'0' + d).to_string());
        out.push(s);
    }
    // The first digit changed: a month, a province code, an hour.
    if let Some((i, c)) = text.char_indices().find(|(_, c)| c.is_ascii_digit()) {
        let d = (c as u8 - b'0' + 3) % 10;
        let mut s = text.to_owned();
        s.replace_range(i..i + 1, &char::from(b'0' + d).to_string());
        out.push(s);
    }
    out
}

/// The leaves of an XML document: the byte ranges of each element's text that holds no markup, with the range
/// of the whole element.
fn leaves(xml: &str) -> Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let bytes = xml.as_bytes();
    let mut i = 0;
    while let Some(open) = xml[i..].find('<').map(|p| p + i) {
        i = open + 1;
        if matches!(bytes.get(open + 1), Some(b'/' | b'?' | b'!')) {
            continue;
        }
        let Some(close) = xml[open..].find('>').map(|p| p + open) else {
            break;
        };
        if bytes[close - 1] == b'/' {
            continue;
        }
        let Some(next) = xml[close..].find('<').map(|p| p + close) else {
            break;
        };
        if xml[next..].starts_with("</") && !xml[close + 1..next].trim().is_empty() {
            let end = xml[next..].find('>').map_or(next, |p| p + next + 1);
            out.push((close + 1..next, open..end));
        }
    }
    out
}

/// The attribute values of an XML document (byte ranges inside the quotes), the root's included.
fn attribute_values(xml: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(p) = xml[i..].find("=\"").map(|p| p + i) {
        let start = p + 2;
        let Some(end) = xml[start..].find('"').map(|e| e + start) else {
            break;
        };
        if !xml[..p].ends_with("xmlns") && !xml[..p].ends_with("version") {
            out.push(start..end);
        }
        i = end + 1;
    }
    out
}

fn replaced(xml: &str, range: std::ops::Range<usize>, with: &str) -> Vec<u8> {
    let mut s = xml.to_owned();
    s.replace_range(range, with);
    s.into_bytes()
}

/// The mutations of an XML sample.
pub(crate) fn xml(sample: &[u8]) -> Vec<Vec<u8>> {
    let xml = std::str::from_utf8(sample).expect("samples are UTF-8");
    let mut out = Vec::new();
    for (text, element) in leaves(xml) {
        for t in texts(&xml[text.clone()], 4096) {
            out.push(replaced(xml, text.clone(), &t));
        }
        out.push(replaced(xml, element.clone(), ""));
        let twice = format!("{0}{0}", &xml[element.clone()]);
        out.push(replaced(xml, element, &twice));
    }
    for value in attribute_values(xml) {
        for t in texts(&xml[value.clone()], 4096) {
            out.push(replaced(xml, value.clone(), &t));
        }
    }
    // The envelope: another format, an unknown version, the versions crossed, no namespace, an extra attribute.
    for (from, to) in [
        (":v1\"", ":v3\""),
        (":v2\"", ":v9\""),
        (":v1\"", ":v2\""),
        (":v2\"", ":v1\""),
        ("urn:hoso:", "urn:other:"),
        ("xmlns=", "xmlns:p="),
        ("phienBan=\"2\"", "phienBan=\"1\""),
        ("phienBan=\"1\"", "phienBan=\"7\""),
        (" maThongDiep=", " lạ=\"1\" maThongDiep="),
        ("\n  <", "\n  <!-- ghi chú --><"),
        ("\n  <", "\n  <?pi x?><"),
        ("\n  <", "\n  <p:Lạ xmlns:p=\"urn:x\"/><"),
    ] {
        if xml.contains(from) {
            out.push(xml.replacen(from, to, 1).into_bytes());
        }
    }
    out
}

/// The values of `value` changed one at a time (objects' members dropped too), each as a whole document.
fn json_values(root: &Value, path: &mut Vec<PathStep>, out: &mut Vec<Vec<u8>>) {
    let here = get(root, path).cloned().unwrap_or(Value::Null);
    let mut variants: Vec<Value> = match &here {
        Value::String(s) => texts(s, 1000).into_iter().map(Value::String).collect(),
        Value::Number(n) => {
            let n = n.as_u64().unwrap_or(0);
            vec![
                Value::from(n + 1),
                Value::from(-1),
                serde_json::json!(1.5),
                Value::from(4_294_967_296_u64),
                Value::from(n.to_string()),
            ]
        }
        Value::Bool(b) => vec![Value::Bool(!b)],
        Value::Array(items) => vec![
            Value::Array(Vec::new()),
            Value::Array(vec![items.first().cloned().unwrap_or(Value::Null); 101]),
            Value::String("x".into()),
        ],
        Value::Object(_) => vec![Value::Array(Vec::new())],
        Value::Null => Vec::new(),
    };
    if !path.is_empty() {
        variants.push(Value::Null);
    }
    for v in variants {
        let mut doc = root.clone();
        if let Some(slot) = get_mut(&mut doc, path) {
            *slot = v;
        }
        out.push(serde_json::to_vec(&doc).expect("a value writes"));
    }
    match &here {
        Value::Object(members) => {
            for key in members.keys() {
                let mut doc = root.clone();
                if let Some(Value::Object(m)) = get_mut(&mut doc, path) {
                    m.remove(key);
                }
                out.push(serde_json::to_vec(&doc).expect("a value writes"));
                path.push(PathStep::Key(key.clone()));
                json_values(root, path, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            for i in 0..items.len() {
                path.push(PathStep::Index(i));
                json_values(root, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone)]
enum PathStep {
    Key(String),
    Index(usize),
}

fn get<'v>(v: &'v Value, path: &[PathStep]) -> Option<&'v Value> {
    path.iter().try_fold(v, |v, step| match step {
        PathStep::Key(k) => v.get(k),
        PathStep::Index(i) => v.get(i),
    })
}

fn get_mut<'v>(v: &'v mut Value, path: &[PathStep]) -> Option<&'v mut Value> {
    path.iter().try_fold(v, |v, step| match step {
        PathStep::Key(k) => v.get_mut(k),
        PathStep::Index(i) => v.get_mut(i),
    })
}

/// The mutations of a JSON sample (written back compact, keys sorted: the header after the payload), and the
/// sample with a member given twice.
pub(crate) fn json(sample: &[u8]) -> Vec<Vec<u8>> {
    let root: Value = serde_json::from_slice(sample).expect("samples are JSON");
    let mut out = Vec::new();
    json_values(&root, &mut Vec::new(), &mut out);
    let text = std::str::from_utf8(sample).expect("samples are UTF-8");
    // The send time in the other shapes RFC 3339 and its readers allow, or nearly.
    if let Some(Value::String(sent)) = root.get("sentAt")
        && let Some(base) = sent.strip_suffix('Z')
    {
        let (date, time) = base.split_once('T').unwrap_or((base, ""));
        for other in [
            format!("{date}t{time}z"),
            format!("{date} {time}Z"),
            format!("{date}T{}Z", &time[..time.len().min(5)]),
            format!("{base}+00:00"),
            format!("{base}+0000"),
            format!("{base}-07:00"),
            format!("{base}.123Z"),
            format!("{base},5Z"),
            base.to_owned(),
            format!("{date}T{}:60Z", &time[..time.len().min(5)]),
            format!("{date}T24:00:00Z"),
            format!("{base}+24:00"),
            format!("{base}Z[UTC]"),
        ] {
            out.push(text.replacen(sent.as_str(), &other, 1).into_bytes());
        }
    }
    for key in ["\"messageId\"", "\"dossierCode\"", "\"sentAt\""] {
        if let Some(at) = text.find(key) {
            let line_end = text[at..].find('\n').map_or(text.len(), |p| p + at);
            let member = text[at..line_end].trim_end_matches(',');
            let mut s = text.to_owned();
            s.insert_str(at, &format!("{member}, "));
            out.push(s.into_bytes());
        }
    }
    out
}
