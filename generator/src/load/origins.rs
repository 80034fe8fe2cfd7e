//! Where a node of the rewritten (downlevelled) document came from.
//!
//! The 3.1 downlevel pass moves nodes (`type: [string, integer]` becomes
//! `oneOf: [{type: string}, …]`, a `null` alternative disappears and the
//! next ones shift), so a problem the lowering finds at a pointer of the
//! rewritten document would name a place that is not in the author's file.
//! This map takes such a pointer back to the node it was made from.

use std::borrow::Cow;
use std::collections::BTreeMap;

/// Rewritten pointer prefixes → the source pointers they came from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Origins {
    moves: BTreeMap<String, String>,
}

impl Origins {
    /// The source pointer of `pointer`: its longest moved prefix replaced
    /// (every recorded source is already a source pointer, so once is enough).
    pub fn source<'p>(&self, pointer: &'p str) -> Cow<'p, str> {
        match crate::reference::by_longest_prefix(pointer, |prefix| self.moves.get(prefix)) {
            Some((source, rest)) => Cow::Owned(format!("{source}{rest}")),
            None => Cow::Borrowed(pointer),
        }
    }

    /// Records that the node now at `to` was at `from` (a pointer of the
    /// document as it was just before this move).
    pub(crate) fn moved(&mut self, to: String, from: &str) {
        let source = self.source(from).into_owned();
        if source != to {
            self.moves.insert(to, source);
        }
    }

    /// True when nothing moved (any 3.0 document).
    pub fn is_empty(&self) -> bool {
        self.moves.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_prefix_wins_and_moves_compose() {
        let mut origins = Origins::default();
        origins.moved("/s/enum".into(), "/s/const");
        origins.moved("/s/oneOf/0/enum".into(), "/s/enum");
        origins.moved("/s/anyOf/1".into(), "/s/anyOf/2");
        assert_eq!(origins.source("/s/oneOf/0/enum/3"), "/s/const/3");
        assert_eq!(
            origins.source("/s/anyOf/1/properties/a"),
            "/s/anyOf/2/properties/a"
        );
        assert_eq!(origins.source("/s/anyOf/10"), "/s/anyOf/10");
        assert_eq!(origins.source("/other"), "/other");
    }
}
