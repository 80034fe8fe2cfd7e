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

    /// Records that the entries of the list at `list` were reordered:
    /// `order[new] = old`. Moves recorded earlier inside the list follow
    /// their entries.
    pub(crate) fn permuted(&mut self, list: &str, order: &[usize]) {
        let sources: Vec<(usize, String)> = order
            .iter()
            .enumerate()
            .filter(|(new, old)| new != *old)
            .map(|(new, &old)| (new, self.source(&format!("{list}/{old}")).into_owned()))
            .collect();
        let mut new_index = vec![0; order.len()];
        for (new, &old) in order.iter().enumerate() {
            if let Some(slot) = new_index.get_mut(old) {
                *slot = new;
            }
        }
        let prefix = format!("{list}/");
        let inside: Vec<String> = self
            .moves
            .range(prefix.clone()..)
            .take_while(|(key, _)| key.starts_with(&prefix))
            .map(|(key, _)| key.clone())
            .collect();
        // Every entry leaves before any arrives: two entries trading
        // places must not overwrite each other.
        let relocated: Vec<(String, String)> = inside
            .into_iter()
            .filter_map(|key| {
                let source = self.moves.remove(&key)?;
                let rest = &key[prefix.len()..];
                let (index, tail) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
                let moved_to = match index.parse::<usize>().ok().and_then(|i| new_index.get(i)) {
                    Some(new) => format!("{prefix}{new}{tail}"),
                    None => key.clone(),
                };
                Some((moved_to, source))
            })
            .collect();
        self.moves.extend(relocated);
        for (new, source) in sources {
            let to = format!("{prefix}{new}");
            if source != to {
                self.moves.insert(to, source);
            }
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

    #[test]
    fn a_permuted_list_takes_earlier_moves_inside_it_along() {
        let mut origins = Origins::default();
        origins.moved("/p/1/schema/oneOf/0".into(), "/p/1/schema/type");
        // [a, b, c] → [c, a, b]
        origins.permuted("/p", &[2, 0, 1]);
        assert_eq!(origins.source("/p/0/name"), "/p/2/name");
        assert_eq!(origins.source("/p/1"), "/p/0");
        assert_eq!(origins.source("/p/2/schema/oneOf/0"), "/p/1/schema/type");
        assert_eq!(origins.source("/p/2/in"), "/p/1/in");
    }

    #[test]
    fn entries_trading_places_keep_their_moves() {
        let mut origins = Origins::default();
        origins.moved("/p/0/schema/oneOf/0".into(), "/p/0/schema/type");
        origins.moved("/p/1/schema/oneOf/0".into(), "/p/1/schema/type");
        origins.permuted("/p", &[1, 0]);
        assert_eq!(origins.source("/p/0/schema/oneOf/0"), "/p/1/schema/type");
        assert_eq!(origins.source("/p/1/schema/oneOf/0"), "/p/0/schema/type");
    }
}
