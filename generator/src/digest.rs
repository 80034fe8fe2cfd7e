//! Short, stable digests of text: what the lock records of documentation
//! and of a type's structure, so it notices a change without keeping the text.

/// A short, stable digest of documentation text (FNV-1a, 64 bits): the lock
/// records that documentation changed, not the text itself.
pub(crate) fn digest(text: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}
