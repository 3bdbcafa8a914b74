//! Unit ids.
//!
//! The rule: a unit's id is the first 8 hex digits of the SHA-256 of its text with whitespace
//! normalized (runs of blanks and line breaks become one space, ends trimmed), so re-wrapping a
//! paragraph keeps its id. The n-th unit of a document (n ≥ 2, in source order) whose id is
//! already taken gets `-n` appended: the second "Thanks!" is `ab12cd34-2`, the third
//! `ab12cd34-3`. Ids are therefore unique within a document and stable as long as the text, and
//! the number of identical texts before it, stay the same.

use std::collections::HashMap;

use sha2::{Digest, Sha256};

use crate::Unit;

/// The id of a text before the rule for repeats is applied.
pub fn base_id(text: &str) -> String {
    hex(digest_prefix(text, &mut String::new()))
}

/// The first 4 bytes of the SHA-256 of `text` with whitespace normalized, which the id spells
/// in hex; `buffer` holds the normalized text when it differs (reused from text to text).
fn digest_prefix(text: &str, buffer: &mut String) -> [u8; 4] {
    let digest = Sha256::digest(verso_text::normalized(text, buffer).as_bytes());
    [digest[0], digest[1], digest[2], digest[3]]
}

fn hex(prefix: [u8; 4]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut id = String::with_capacity(8);
    for byte in prefix {
        id.push(char::from(HEX[usize::from(byte >> 4)]));
        id.push(char::from(HEX[usize::from(byte & 0xf)]));
    }
    id
}

pub(crate) fn assign_ids(units: &mut [Unit]) {
    // Keyed by the digest bytes that make the base id, one for one.
    let mut seen: HashMap<[u8; 4], usize> = HashMap::with_capacity(units.len());
    let mut buffer = String::new();
    for unit in units {
        let prefix = digest_prefix(&unit.text, &mut buffer);
        let n = seen.entry(prefix).or_insert(0);
        *n += 1;
        let base = hex(prefix);
        unit.id = if *n == 1 { base } else { format!("{base}-{n}") };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrapping_keeps_the_id() {
        assert_eq!(base_id("Hello  big\nworld"), base_id("Hello big world"));
        assert_ne!(base_id("Hello big world"), base_id("Hello big world!"));
        assert_eq!(base_id("x").len(), 8);
    }
}
