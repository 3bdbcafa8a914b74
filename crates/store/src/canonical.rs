//! The fast path of [`Store::parse`]: a reader of exactly the text that [`Store::to_toml`]
//! writes, and nothing else.
//!
//! It accepts a text only when writing the store it reads gives back the same bytes, which it
//! checks as it goes (each value must be in the one form the writer would choose for it, the
//! keys in the writer's order). Anything else (a hand edit laid out differently, an old key
//! name, an error) makes it give up, and the TOML parser reads the file as before, with its
//! error messages. So the two paths never disagree on a store, and a store that this reader
//! accepts needs no serializing to know that it is laid out as verso writes it.

use crate::{
    Allow, Entry, HEADER, Kind, State, Store, Suggestion, allow_value, find_triple_quote,
    needs_escapes, needs_escapes_but_quotes,
};

/// The store written as exactly `text`, or `None` when `text` is not what
/// [`Store::to_toml`] writes.
pub(crate) fn read(text: &str) -> Option<Store> {
    read_with_offsets(text).map(|(store, _)| store)
}

/// [`read`], and the offset in `text` of each unit's block (the blank line before its
/// `[[unit]]`).
pub(crate) fn read_with_offsets(text: &str) -> Option<(Store, Vec<usize>)> {
    let mut reader = Reader { rest: text };
    reader.expect(HEADER)?;
    reader.expect("\n")?;
    let language = reader.basic_key("language")?;
    let issue_path = reader.basic_key("issue")?;
    // Sized once: growing a vector of entries entry by entry copies them over and over.
    let blocks = memchr::memmem::find_iter(reader.rest.as_bytes(), "\n[[unit]]\n").count();
    let mut store = Store {
        language,
        issue_path,
        units: Vec::with_capacity(blocks),
        obsolete: Vec::new(),
    };
    let mut offsets = Vec::with_capacity(blocks);
    while !reader.rest.is_empty() {
        if reader.rest.starts_with("\n[[unit]]\n") && store.obsolete.is_empty() {
            offsets.push(text.len() - reader.rest.len());
            reader.expect("\n[[unit]]\n")?;
            store.units.push(reader.entry("unit")?);
        } else {
            reader.expect("\n[[obsolete]]\n")?;
            store.obsolete.push(reader.entry("obsolete")?);
        }
    }
    Some((store, offsets))
}

struct Reader<'a> {
    rest: &'a str,
}

impl<'a> Reader<'a> {
    fn expect(&mut self, prefix: &str) -> Option<()> {
        self.rest = self.rest.strip_prefix(prefix)?;
        Some(())
    }

    fn entry(&mut self, table: &str) -> Option<Entry> {
        let id = self.basic_key("id")?;
        // Kind and state names hold no character the writer escapes: what lies between the
        // quotes is the name, or the store is not the writer's.
        let kind = self.name_key("kind")?;
        let kind = Kind::ALL.into_iter().find(|k| k.as_str() == kind)?;
        let state = self.name_key("state")?;
        let state = *State::ALL.iter().find(|s| s.as_str() == state)?;
        let english = self.text_key("english")?;
        let previous = match self.rest.starts_with("previous = ") {
            true => Some(self.text_key("previous")?),
            false => None,
        };
        let target = self.text_key("target")?;
        let origin = match self.rest.starts_with("origin = ") {
            true => Some(self.basic_key("origin")?),
            false => None,
        };
        let note = match self.rest.starts_with("note = ") {
            true => Some(self.text_key("note")?),
            false => None,
        };
        let allow = match self.rest.starts_with("allow = ") {
            true => self.allow()?,
            false => Vec::new(),
        };
        let heading = match table {
            "unit" => "\n[unit.suggestion]\n",
            _ => "\n[obsolete.suggestion]\n",
        };
        let suggestion = match self.rest.starts_with(heading) {
            true => {
                self.expect(heading)?;
                Some(Box::new(Suggestion {
                    english: self.text_key("english")?,
                    target: self.text_key("target")?,
                    origin: self.basic_key("origin")?,
                }))
            }
            false => None,
        };
        Some(Entry {
            id,
            kind,
            state,
            english,
            previous,
            target,
            origin,
            note,
            suggestion,
            allow,
        })
    }

    /// `allow = [...]` on one line, in the writer's layout (rare: read by the TOML parser, then
    /// written back to check the layout).
    fn allow(&mut self) -> Option<Vec<Allow>> {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Line {
            allow: Vec<Allow>,
        }
        let end = self.rest.find('\n')?;
        let line = &self.rest[..end];
        let allow = toml::from_str::<Line>(line).ok()?.allow;
        if allow.is_empty() || line.strip_prefix("allow = ")? != allow_value(&allow) {
            return None;
        }
        self.rest = &self.rest[end + 1..];
        Some(allow)
    }

    /// `KEY = "…"` and a line break: a basic string, escaped as the writer escapes.
    fn basic_key(&mut self, key: &str) -> Option<String> {
        self.expect(key)?;
        self.expect(" = ")?;
        let value = self.basic()?;
        self.expect("\n")?;
        Some(value)
    }

    /// `KEY = "NAME"` and a line break, where NAME needs no escape: NAME.
    fn name_key(&mut self, key: &str) -> Option<&'a str> {
        self.expect(key)?;
        self.expect(" = \"")?;
        let end = memchr::memchr(b'"', self.rest.as_bytes())?;
        let name = &self.rest[..end];
        self.rest = &self.rest[end + 1..];
        self.expect("\n")?;
        Some(name)
    }

    /// `KEY = ` a text value in the form the writer chooses for it, and a line break.
    fn text_key(&mut self, key: &str) -> Option<String> {
        self.expect(key)?;
        self.expect(" = ")?;
        let value = if self.rest.starts_with('"') {
            let value = self.basic()?;
            // The writer escapes a text only when it cannot be written verbatim.
            needs_escapes(&value).then_some(value)?
        } else {
            self.expect("'''")?;
            let multiline = self.rest.starts_with('\n');
            if multiline {
                self.expect("\n")?;
            }
            // The closing quotes are the last three of the first run of three or more: TOML
            // lets a text end with one or two apostrophes.
            let start = find_triple_quote(self.rest)?;
            let run = self.rest[start..]
                .bytes()
                .take_while(|&b| b == b'\'')
                .count();
            if run > 5 {
                return None;
            }
            let end = start + run - 3;
            let value = &self.rest[..end];
            self.rest = &self.rest[start + run..];
            // `value` holds no `'''`: it ends before the first, with at most two of its
            // apostrophes, and the byte before that first is no apostrophe.
            if memchr::memchr(b'\n', value.as_bytes()).is_some() != multiline
                || needs_escapes_but_quotes(value)
            {
                return None;
            }
            value.to_string()
        };
        self.expect("\n")?;
        Some(value)
    }

    /// A basic string with exactly the writer's escapes: `\"`, `\\`, `\n`, `\t`, `\r`, and
    /// `\uXXXX` (upper case) for the other control characters; every other character as is.
    fn basic(&mut self) -> Option<String> {
        self.expect("\"")?;
        // Most strings have no escape: up to the closing quote, unless a byte that may need
        // one comes first (a backslash, a C0 control or DEL, or `0xC2`, which starts the C1
        // controls), in which case the loop below reads them character by character.
        let bytes = self.rest.as_bytes();
        let end = bytes
            .iter()
            .position(|&b| b == b'"' || b == b'\\' || b < 0x20 || b == 0x7F || b == 0xC2)?;
        if bytes[end] == b'"' {
            let value = self.rest[..end].to_string();
            self.rest = &self.rest[end + 1..];
            return Some(value);
        }
        let mut out = String::new();
        let mut chars = self.rest.char_indices();
        loop {
            let (at, c) = chars.next()?;
            match c {
                '"' => {
                    self.rest = &self.rest[at + 1..];
                    return Some(out);
                }
                '\\' => {
                    let (_, escape) = chars.next()?;
                    out.push(match escape {
                        '"' => '"',
                        '\\' => '\\',
                        'n' => '\n',
                        't' => '\t',
                        'r' => '\r',
                        'u' => {
                            let mut code = 0;
                            for _ in 0..4 {
                                let (_, digit) = chars.next()?;
                                if digit.is_ascii_lowercase() {
                                    return None;
                                }
                                code = code * 16 + digit.to_digit(16)?;
                            }
                            let c = char::from_u32(code)?;
                            if !c.is_control() || matches!(c, '\n' | '\t' | '\r') {
                                return None;
                            }
                            c
                        }
                        _ => return None,
                    });
                }
                c if c.is_control() => return None,
                c => out.push(c),
            }
        }
    }
}
