//! Test input: texts made of pieces picked by a seeded generator, for
//! tests that feed a parser thousands of odd inputs (the same run every
//! time: xorshift, no dependency).

/// `count` texts of up to 39 pieces each, drawn from `pieces` by a generator
/// started from `seed`.
pub(crate) fn texts(
    seed: u64,
    pieces: &'static [&'static str],
    count: usize,
) -> impl Iterator<Item = String> {
    let mut state = seed;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..count).map(move |_| {
        let length = next() % 40;
        (0..length)
            .map(|_| pieces[(next() % pieces.len() as u64) as usize])
            .collect()
    })
}
