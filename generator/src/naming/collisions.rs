//! Deciding names in one namespace: every claim gets a distinct name, and a
//! collision between derived names is decided, never refused.
//!
//! The order of decisions is what makes names stable:
//! 1. names a human chose (`x-rust-method`, `x-enum-varnames`, …): two that
//!    collide, or one that is reserved, are the only conflicts (errors);
//! 2. names the API lock published: kept, so a newcomer never takes one;
//! 3. derived names nobody else wants;
//! 4. derived names several claims want, group by group in name order, each
//!    group's members by the caller's rank and then by identity (method and
//!    path, pointer, wire value): never by their position in the document,
//!    so reordering the document decides nothing differently. Each takes the
//!    first free name of the candidates the caller gives for it (which say
//!    what sets it apart: `plus_1`, `asc_upper`, `get_info_by_comic_id`),
//!    and a number only when none is free.

use std::collections::BTreeMap;

/// Who chose the name a claim asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Choice {
    /// A maintainer, in the spec or an overlay.
    Human,
    /// The API lock: the name users already have.
    Locked,
    /// The generator.
    Derived,
}

/// One thing to name.
#[derive(Clone, Debug)]
pub(crate) struct Claim {
    /// The name asked for: a human's, the lock's or the derived one.
    pub wanted: String,
    /// Who chose `wanted`.
    pub choice: Choice,
    /// The name the generator derives (asked for instead when a locked name
    /// cannot be kept).
    pub derived: String,
    /// What the thing is, whatever the document's order: its method and
    /// path, pointer or wire value. Breaks ties.
    pub identity: String,
    /// Among claims deriving one name, the lowest rank is served first (the
    /// plainest wire value, the shortest path).
    pub rank: usize,
}

/// How a claim's name was decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// It got the name it asked for.
    Kept,
    /// It asked for `wanted`, which `rivals` (claims wanting or holding it;
    /// none when the name is reserved) took or also wanted, and got another.
    Renamed {
        /// The name it asked for.
        wanted: String,
        /// The other claims that hold or want `wanted`.
        rivals: Vec<usize>,
    },
    /// A human's name that another human's name already took (`with`), or
    /// that is reserved (`with: None`): an error for the caller to report.
    Conflict {
        /// The claim holding the name.
        with: Option<usize>,
    },
}

/// A claim's name and how it was decided.
#[derive(Clone, Debug)]
pub(crate) struct Decision {
    /// The name.
    pub name: String,
    /// How.
    pub outcome: Outcome,
}

/// What a namespace knows beyond its claims.
pub(crate) struct Namespace<'a> {
    /// Names the namespace's owner uses itself (a builder's `send`, the
    /// client's `builder`): never given to a claim.
    pub reserved: &'a dyn Fn(&str) -> bool,
    /// What a name occupies: usually itself, more when one name makes several
    /// items (a method `get_pet` also makes `GetPet`, `GetPetError` and
    /// `GetPetResponse`). Two names collide when they share an entry.
    pub occupies: &'a dyn Fn(&str) -> Vec<String>,
    /// The names claim `index` may take, best first, given the claims it
    /// competes with (`rivals`): usually its derived name first, then names
    /// that say what sets it apart from them.
    pub candidates: &'a dyn Fn(usize, &[usize]) -> Vec<String>,
    /// The `n`th numbered form of a name (`Pet2`, `get_pet_2`), the last resort.
    pub numbered: &'a dyn Fn(&str, usize) -> String,
}

impl Namespace<'_> {
    /// A name for every claim, in the claims' order.
    pub(crate) fn decide(&self, claims: &[Claim]) -> Vec<Decision> {
        let mut state = State {
            namespace: self,
            taken: BTreeMap::new(),
            claimed: BTreeMap::new(),
            decided: vec![None; claims.len()],
        };
        let mut by_identity: Vec<usize> = (0..claims.len()).collect();
        by_identity.sort_by(|&a, &b| claims[a].identity.cmp(&claims[b].identity));
        for &index in &by_identity {
            if claims[index].choice == Choice::Human {
                state.human(index, &claims[index].wanted);
            }
        }
        let mut pending: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for &index in &by_identity {
            let claim = &claims[index];
            if claim.choice == Choice::Locked && state.is_free(&claim.wanted) {
                state.take(index, claim.wanted.clone(), Outcome::Kept);
            } else if claim.choice != Choice::Human {
                pending.entry(&claim.derived).or_default().push(index);
            }
        }
        // A derived name only one claim wants, and nobody holds, is its own:
        // taken before any group picks alternatives that could be it.
        pending.retain(|name, group| {
            let alone = group.len() == 1 && state.is_free(name);
            if alone {
                let index = group[0];
                let outcome = state.outcome_of(&claims[index], name);
                state.take(index, (*name).to_owned(), outcome);
            }
            !alone
        });
        // A name several claims want is theirs to decide: no other group
        // takes it as an alternative before its own group is decided.
        for name in pending.keys() {
            for entry in (self.occupies)(name) {
                *state.claimed.entry(entry).or_default() += 1;
            }
        }
        for (name, mut group) in pending {
            for entry in (self.occupies)(name) {
                if let Some(count) = state.claimed.get_mut(&entry) {
                    *count -= 1;
                }
            }
            group.sort_by(|&a, &b| {
                (claims[a].rank, &claims[a].identity).cmp(&(claims[b].rank, &claims[b].identity))
            });
            let holders = state.holders(name);
            for &index in &group {
                let rivals: Vec<usize> = group
                    .iter()
                    .chain(&holders)
                    .copied()
                    .filter(|&other| other != index)
                    .collect();
                let chosen = state.first_free(index, name, &rivals);
                let outcome = if chosen == claims[index].wanted {
                    Outcome::Kept
                } else {
                    Outcome::Renamed {
                        wanted: name.to_owned(),
                        rivals,
                    }
                };
                state.take(index, chosen, outcome);
            }
        }
        state
            .decided
            .into_iter()
            .zip(claims)
            .map(|(decision, claim)| {
                decision.unwrap_or_else(|| Decision {
                    name: claim.wanted.clone(),
                    outcome: Outcome::Kept,
                })
            })
            .collect()
    }
}

/// Decisions so far.
struct State<'n, 'a> {
    namespace: &'n Namespace<'a>,
    /// What each decided name occupies, and by which claim.
    taken: BTreeMap<String, usize>,
    /// What the derived names of groups still to be decided occupy, with
    /// how many such groups want it: not free for another group's alternatives.
    claimed: BTreeMap<String, usize>,
    decided: Vec<Option<Decision>>,
}

impl State<'_, '_> {
    fn is_free(&self, name: &str) -> bool {
        !name.is_empty()
            && !(self.namespace.reserved)(name)
            && (self.namespace.occupies)(name)
                .iter()
                .all(|entry| !self.taken.contains_key(entry))
    }

    /// The claims holding what `name` would occupy.
    fn holders(&self, name: &str) -> Vec<usize> {
        let mut holders: Vec<usize> = (self.namespace.occupies)(name)
            .iter()
            .filter_map(|entry| self.taken.get(entry).copied())
            .collect();
        holders.sort_unstable();
        holders.dedup();
        holders
    }

    fn take(&mut self, index: usize, name: String, outcome: Outcome) {
        for entry in (self.namespace.occupies)(&name) {
            self.taken.entry(entry).or_insert(index);
        }
        self.decided[index] = Some(Decision { name, outcome });
    }

    fn outcome_of(&self, claim: &Claim, name: &str) -> Outcome {
        if claim.wanted == name {
            Outcome::Kept
        } else {
            // A locked name that could not be kept.
            Outcome::Renamed {
                wanted: claim.wanted.clone(),
                rivals: self.holders(&claim.wanted),
            }
        }
    }

    /// A human's name is theirs even when it collides (the collision is
    /// reported, and the output is not written).
    fn human(&mut self, index: usize, name: &str) {
        let outcome = if (self.namespace.reserved)(name) {
            Outcome::Conflict { with: None }
        } else {
            match self.holders(name).first() {
                Some(&with) => Outcome::Conflict { with: Some(with) },
                None => Outcome::Kept,
            }
        };
        self.take(index, name.to_owned(), outcome);
    }

    /// Free, and not the name of a group still to be decided.
    fn is_unclaimed(&self, name: &str) -> bool {
        self.is_free(name)
            && (self.namespace.occupies)(name)
                .iter()
                .all(|entry| self.claimed.get(entry).is_none_or(|n| *n == 0))
    }

    /// The first free candidate of claim `index`, else the first free
    /// numbered form of its first candidate (of `name` when it has none).
    fn first_free(&self, index: usize, name: &str, rivals: &[usize]) -> String {
        let candidates = (self.namespace.candidates)(index, rivals);
        if let Some(free) = candidates.iter().find(|c| self.is_unclaimed(c)) {
            return free.clone();
        }
        let base = candidates.first().map_or(name, String::as_str);
        // Among this many numbers one is free unless `reserved` refuses
        // them all (a bug in its caller): the last is then given anyway,
        // and the compiler, not an endless loop, says so.
        let bound = self.taken.len() + self.claimed.len() + 2;
        (2..=bound)
            .map(|n| (self.namespace.numbered)(base, n))
            .find(|c| self.is_unclaimed(c))
            .unwrap_or_else(|| (self.namespace.numbered)(base, bound + 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(wanted: &str, choice: Choice, identity: &str) -> Claim {
        Claim {
            wanted: wanted.to_owned(),
            choice,
            derived: wanted.to_owned(),
            identity: identity.to_owned(),
            rank: 0,
        }
    }

    fn decide(claims: &[Claim], reserved: &[&str]) -> Vec<String> {
        let namespace = Namespace {
            reserved: &|n| reserved.contains(&n),
            occupies: &|n| vec![n.to_owned()],
            candidates: &|i, _| {
                vec![
                    claims[i].derived.clone(),
                    format!("{}_{}", claims[i].derived, claims[i].identity),
                ]
            },
            numbered: &|n, k| format!("{n}_{k}"),
        };
        namespace
            .decide(claims)
            .into_iter()
            .map(|d| d.name)
            .collect()
    }

    #[test]
    fn the_lock_keeps_its_name_and_the_newcomer_gets_another() {
        let claims = [
            claim("get", Choice::Derived, "a"),
            claim("get", Choice::Locked, "z"),
        ];
        assert_eq!(decide(&claims, &[]), ["get_a", "get"]);
    }

    #[test]
    fn ties_break_on_identity_whatever_the_order() {
        let forward = [
            claim("get", Choice::Derived, "b"),
            claim("get", Choice::Derived, "a"),
        ];
        let backward = [forward[1].clone(), forward[0].clone()];
        assert_eq!(decide(&forward, &[]), ["get_b", "get"]);
        assert_eq!(decide(&backward, &[]), ["get", "get_b"]);
    }

    #[test]
    fn a_lone_name_is_served_before_groups_pick_alternatives() {
        // `get_a` is the alternative of the second `get`, and the plain
        // name of another claim: that claim keeps it.
        let claims = [
            claim("get", Choice::Derived, "a"),
            claim("get", Choice::Derived, "0"),
            claim("get_a", Choice::Derived, "x"),
        ];
        assert_eq!(decide(&claims, &[]), ["get_2", "get", "get_a"]);
    }

    #[test]
    fn an_alternative_never_takes_the_name_another_group_wants() {
        // `get_a` is the alternative of the second `get`, and the name two
        // other claims want: their group decides it.
        let claims = [
            claim("get", Choice::Derived, "a"),
            claim("get", Choice::Derived, "0"),
            claim("get_a", Choice::Derived, "x"),
            claim("get_a", Choice::Derived, "y"),
        ];
        assert_eq!(decide(&claims, &[]), ["get_2", "get", "get_a", "get_a_y"]);
    }

    #[test]
    fn reserved_names_are_never_given_and_humans_conflict() {
        let claims = [
            claim("send", Choice::Derived, "a"),
            claim("send", Choice::Human, "b"),
            claim("pet", Choice::Human, "c"),
            claim("pet", Choice::Human, "d"),
        ];
        let namespace = Namespace {
            reserved: &|n| n == "send",
            occupies: &|n| vec![n.to_owned()],
            candidates: &|i, _| vec![format!("{}_param", claims[i].derived)],
            numbered: &|n, k| format!("{n}{k}"),
        };
        let decided = namespace.decide(&claims);
        assert_eq!(decided[0].name, "send_param");
        assert_eq!(decided[1].outcome, Outcome::Conflict { with: None });
        assert_eq!(decided[2].outcome, Outcome::Kept);
        assert_eq!(decided[3].outcome, Outcome::Conflict { with: Some(2) });
    }

    #[test]
    fn names_that_occupy_the_same_item_collide() {
        // `get_pet_error` would make `GetPetError`, which `get_pet` makes too.
        let claims = [
            claim("get_pet", Choice::Derived, "a"),
            claim("get_pet_error", Choice::Derived, "b"),
        ];
        let namespace = Namespace {
            reserved: &|_| false,
            occupies: &|n| {
                let camel = heck::ToUpperCamelCase::to_upper_camel_case(n);
                vec![n.to_owned(), camel.clone(), format!("{camel}Error")]
            },
            candidates: &|i, _| vec![claims[i].derived.clone()],
            numbered: &|n, k| format!("{n}_{k}"),
        };
        let names: Vec<String> = namespace
            .decide(&claims)
            .into_iter()
            .map(|d| d.name)
            .collect();
        assert_eq!(names, ["get_pet", "get_pet_error_2"]);
    }
}
