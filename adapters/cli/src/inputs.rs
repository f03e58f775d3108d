//! The documents named on a command line, one at a time: files, directories (walked in name order) and
//! standard input (`-`), each a single document or an NDJSON batch, read in constant memory.
//!
//! A file or stream is an NDJSON batch when its first line is a whole JSON value and more follows: a
//! pretty-printed document's first line (`{`) is not. Every document is read whole up to a limit; a larger
//! file is refused from its size without being read, and a longer NDJSON line is skipped to its end, so a
//! huge file, even a sparse one, never fills memory.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where a document comes from: a path (`-` for standard input) and, in an NDJSON batch, its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The path as given or found in a directory (shared by every line of a batch: one allocation a file,
    /// not one a line).
    pub path: Arc<str>,
    /// The line of an NDJSON batch it is on (from 1).
    pub line: Option<u64>,
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}", self.path),
            None => f.write_str(&self.path),
        }
    }
}

/// Why a document could not be had.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum InputError {
    /// The path cannot be read (missing, a dangling link, no permission, an I/O error).
    #[error("cannot read: {0}")]
    Unreadable(#[from] io::Error),
    /// Larger than the limit: refused unread.
    #[error("{size} bytes, more than the {limit} bytes read whole")]
    TooLarge {
        /// Its size in bytes (at least this much, for a stream).
        size: u64,
        /// The limit.
        limit: u64,
    },
}

/// One document, or why it could not be read.
#[derive(Debug)]
pub struct Input {
    /// Where it comes from.
    pub source: Source,
    /// Its bytes.
    pub body: Result<Vec<u8>, InputError>,
}

enum Pending {
    Path(PathBuf),
    Dir(std::vec::IntoIter<PathBuf>),
    Lines {
        reader: Box<dyn BufRead>,
        path: Arc<str>,
        line: u64,
    },
}

/// The documents of a command line's paths, in order.
///
/// ```
/// let dir = tempfile::tempdir()?;
/// std::fs::write(dir.path().join("a.ndjson"), "{\"x\":1}\n{\"x\":2}\n")?;
/// std::fs::write(dir.path().join("b.json"), "{\n  \"y\": 1\n}\n")?;
/// let inputs = hoso_cli::inputs::Inputs::new([dir.path().to_owned()], 1024);
/// let lines: Vec<_> = inputs.map(|i| (i.source.line, i.body.unwrap().len())).collect();
/// assert_eq!(lines, [(Some(1), 7), (Some(2), 7), (None, 13)]);
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct Inputs {
    stack: Vec<Pending>,
    max_bytes: u64,
    /// A body handed back by [`Inputs::recycle`], read into by the next line of a batch.
    spare: Vec<u8>,
}

impl std::fmt::Debug for Inputs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Inputs")
            .field("pending", &self.stack.len())
            .field("max_bytes", &self.max_bytes)
            .finish()
    }
}

impl Inputs {
    /// The documents of `paths` (`-` is standard input), each read whole up to `max_bytes`.
    pub fn new(paths: impl IntoIterator<Item = PathBuf>, max_bytes: u64) -> Self {
        let mut stack: Vec<Pending> = paths.into_iter().map(Pending::Path).collect();
        stack.reverse();
        Self {
            stack,
            max_bytes,
            spare: Vec::new(),
        }
    }

    /// Hands back the body of a document once it is done with, so that the next line of a batch is read into
    /// its allocation rather than a new one: a batch is then read with one buffer, whatever its length.
    ///
    /// ```
    /// let dir = tempfile::tempdir()?;
    /// let batch = dir.path().join("batch.ndjson");
    /// std::fs::write(&batch, "{\"x\":1}\n{\"x\":22}\n")?;
    /// let mut inputs = hoso_cli::inputs::Inputs::new([batch], 1024);
    /// let first = inputs.next().unwrap().body?;
    /// assert_eq!(first, b"{\"x\":1}");
    /// inputs.recycle(first);
    /// assert_eq!(inputs.next().unwrap().body?, b"{\"x\":22}");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn recycle(&mut self, mut body: Vec<u8>) {
        body.clear();
        self.spare = body;
    }

    fn open(&mut self, path: PathBuf) -> Option<Input> {
        let name: Arc<str> = path.display().to_string().into();
        let source = Source {
            path: name.clone(),
            line: None,
        };
        if path == Path::new("-") {
            let reader = Box::new(BufReader::new(io::stdin()));
            return self.stream(reader, name, None);
        }
        let metadata = match std::fs::metadata(&path) {
            Ok(m) => m,
            Err(e) => return Some(fail(source, e)),
        };
        if metadata.is_dir() {
            return match sorted_entries(&path) {
                Ok(entries) => {
                    self.stack.push(Pending::Dir(entries.into_iter()));
                    None
                }
                Err(e) => Some(fail(source, e)),
            };
        }
        match File::open(&path) {
            // 64 KiB at a time: a read call per hundred lines of a batch rather than per ten.
            Ok(file) => self.stream(
                Box::new(BufReader::with_capacity(64 << 10, file)),
                name,
                Some(metadata.len()),
            ),
            Err(e) => Some(fail(source, e)),
        }
    }

    /// A single document, or the first line of an NDJSON batch (the rest pushed as pending lines).
    fn stream(
        &mut self,
        mut reader: Box<dyn BufRead>,
        path: Arc<str>,
        size: Option<u64>,
    ) -> Option<Input> {
        let whole = Source {
            path: path.clone(),
            line: None,
        };
        let first = match reader.fill_buf() {
            Ok(buf) => buf.iter().find(|b| !b.is_ascii_whitespace()).copied(),
            Err(e) => return Some(fail(whole, e)),
        };
        if first == Some(b'{') {
            let mut line = Vec::new();
            match read_line(&mut reader, &mut line, self.max_bytes) {
                Err(e) => return Some(fail(whole, e)),
                Ok(Line::TooLong(size)) => {
                    let limit = self.max_bytes;
                    let body = Err(InputError::TooLarge { size, limit });
                    return Some(Input {
                        source: whole,
                        body,
                    });
                }
                Ok(Line::End) => {}
                Ok(Line::Read { newline }) => {
                    let is_value = serde_json::from_slice::<serde::de::IgnoredAny>(&line).is_ok();
                    let more = match reader.fill_buf() {
                        Ok(buf) => !buf.is_empty(),
                        Err(e) => return Some(fail(whole, e)),
                    };
                    if is_value && more {
                        self.stack.push(Pending::Lines {
                            reader,
                            path: path.clone(),
                            line: 1,
                        });
                        return Some(Input {
                            source: Source {
                                path,
                                line: Some(1),
                            },
                            body: Ok(line),
                        });
                    }
                    if newline {
                        line.push(b'\n');
                    }
                }
            }
            // Not a batch: the document is the line read so far and the rest.
            return Some(self.whole(reader, whole, size, line));
        }
        Some(self.whole(reader, whole, size, Vec::new()))
    }

    fn whole(
        &self,
        reader: Box<dyn BufRead>,
        source: Source,
        size: Option<u64>,
        mut body: Vec<u8>,
    ) -> Input {
        let limit = self.max_bytes;
        if let Some(size) = size.filter(|&s| s > limit) {
            return Input {
                source,
                body: Err(InputError::TooLarge { size, limit }),
            };
        }
        let room = (limit + 1).saturating_sub(body.len() as u64);
        if let Err(e) = reader.take(room).read_to_end(&mut body) {
            return fail(source, e);
        }
        let body = if body.len() as u64 > limit {
            Err(InputError::TooLarge {
                size: body.len() as u64,
                limit,
            })
        } else {
            Ok(body)
        };
        Input { source, body }
    }
}

fn fail(source: Source, e: io::Error) -> Input {
    Input {
        source,
        body: Err(InputError::Unreadable(e)),
    }
}

fn sorted_entries(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut entries = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<io::Result<Vec<_>>>()?;
    entries.sort();
    Ok(entries)
}

enum Line {
    Read { newline: bool },
    TooLong(u64),
    End,
}

/// Reads one line (without its newline) into `line`, keeping at most `max` bytes: a longer line is read to
/// its end and dropped.
fn read_line(reader: &mut dyn BufRead, line: &mut Vec<u8>, max: u64) -> io::Result<Line> {
    line.clear();
    let mut seen = 0u64;
    let mut any = false;
    let mut newline = false;
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            break;
        }
        any = true;
        let (chunk, done) = match memchr::memchr(b'\n', buf) {
            Some(i) => (&buf[..i], Some(i + 1)),
            None => (buf, None),
        };
        seen += chunk.len() as u64;
        if seen <= max {
            line.extend_from_slice(chunk);
        } else {
            line.clear();
        }
        let used = done.unwrap_or(buf.len());
        reader.consume(used);
        if done.is_some() {
            newline = true;
            break;
        }
    }
    Ok(match (any, seen > max) {
        (false, _) => Line::End,
        (true, true) => Line::TooLong(seen),
        (true, false) => Line::Read { newline },
    })
}

impl Iterator for Inputs {
    type Item = Input;

    fn next(&mut self) -> Option<Input> {
        loop {
            match self.stack.pop()? {
                Pending::Path(path) => {
                    if let Some(input) = self.open(path) {
                        return Some(input);
                    }
                }
                Pending::Dir(mut entries) => {
                    if let Some(path) = entries.next() {
                        self.stack.push(Pending::Dir(entries));
                        if let Some(input) = self.open(path) {
                            return Some(input);
                        }
                    }
                }
                Pending::Lines {
                    mut reader,
                    path,
                    mut line,
                } => {
                    let mut body = std::mem::take(&mut self.spare);
                    loop {
                        line += 1;
                        let read = read_line(&mut reader, &mut body, self.max_bytes);
                        let source = Source {
                            path: path.clone(),
                            line: Some(line),
                        };
                        let body = match read {
                            Ok(Line::End) => break,
                            Ok(Line::Read { .. }) if body.iter().all(u8::is_ascii_whitespace) => {
                                continue;
                            }
                            Ok(Line::Read { .. }) => Ok(std::mem::take(&mut body)),
                            Ok(Line::TooLong(size)) => Err(InputError::TooLarge {
                                size,
                                limit: self.max_bytes,
                            }),
                            Err(e) => Err(InputError::Unreadable(e)),
                        };
                        let failed = matches!(body, Err(InputError::Unreadable(_)));
                        if !failed {
                            self.stack.push(Pending::Lines { reader, path, line });
                        }
                        return Some(Input { source, body });
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Read = (Option<u64>, Result<Vec<u8>, String>);

    fn read(text: &[u8], max: u64) -> Vec<Read> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("batch");
        std::fs::write(&path, text).unwrap();
        Inputs::new([path], max)
            .map(|i| (i.source.line, i.body.map_err(|e| e.to_string())))
            .collect()
    }

    #[test]
    fn an_overlong_ndjson_line_is_skipped_and_the_batch_goes_on() {
        let got = read(
            b"{\"a\":1}\n{\"long\":\"xxxxxxxxxxxxxxxx\"}\n\n{\"b\":2}",
            10,
        );
        assert_eq!(got.len(), 3);
        assert_eq!(got[0], (Some(1), Ok(b"{\"a\":1}".to_vec())));
        assert_eq!(got[1].0, Some(2));
        assert!(
            got[1]
                .1
                .as_ref()
                .unwrap_err()
                .contains("more than the 10 bytes")
        );
        assert_eq!(got[2], (Some(4), Ok(b"{\"b\":2}".to_vec())));
    }

    #[test]
    fn a_pretty_printed_document_is_one_document() {
        let got = read(b"{\n \"a\": 1\n}\n", 100);
        assert_eq!(got, [(None, Ok(b"{\n \"a\": 1\n}\n".to_vec()))]);
    }

    #[test]
    fn a_file_over_the_limit_is_refused_unread() {
        let got = read(&[b'x'; 64], 10);
        assert_eq!(got.len(), 1);
        assert_eq!(
            got[0].1.as_ref().unwrap_err(),
            "64 bytes, more than the 10 bytes read whole"
        );
    }
}
