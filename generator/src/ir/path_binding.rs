//! Binds a path template's slots to the operation's declared path
//! parameters, reading safely what vendors get wrong instead of refusing
//! the document: a slot no parameter declares (a required string
//! parameter is made for it), a parameter whose name differs from its slot
//! in case or punctuation, or is the one left over when one slot is, a
//! declared path parameter with no slot (not an argument: nothing in the
//! request could carry it), and a query string written into the template
//! (its `{name}` pairs become query parameters, its fixed pairs are sent
//! on every call). Each decision is a note the caller reports as a warning.

use std::collections::BTreeSet;

use super::path_template::{Piece, QueryValue, Template, loosely_equal};
use super::{Param, ParamIn, ParamStyle};
use crate::diagnostics::{WarningCode, codes};

/// A piece of the bound path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum BoundPiece {
    /// Literal text, as written in the template.
    Literal(String),
    /// Index into [`Bound::path_params`].
    Param(usize),
}

/// A decision to report: its code, where, and what was decided.
#[derive(Debug)]
pub(crate) struct Note {
    pub(crate) code: WarningCode,
    pub(crate) pointer: String,
    pub(crate) message: String,
}

/// What binding decided.
#[derive(Debug, Default)]
pub(crate) struct Bound {
    /// The path parameters, in declaration order, then those made for
    /// undeclared slots.
    pub(crate) path_params: Vec<Param>,
    /// The path.
    pub(crate) pieces: Vec<BoundPiece>,
    /// Query parameters the template's query string adds.
    pub(crate) query_params: Vec<Param>,
    /// `key=value` pairs the template's query string sends on every call.
    pub(crate) fixed_query: Vec<(String, String)>,
    /// What was decided, for warnings.
    pub(crate) notes: Vec<Note>,
    /// Declared path parameters no slot takes.
    pub(crate) left_out: Vec<Note>,
}

/// Binds `template` (of `path`, the operation at `pointer`) to `declared`,
/// given the wire names of its declared query parameters.
pub(crate) fn bind(
    template: &Template<'_>,
    path: &str,
    pointer: &str,
    declared: &[Param],
    query_wires: &BTreeSet<String>,
) -> Bound {
    let mut slots: Vec<&str> = Vec::new();
    for piece in &template.pieces {
        if let Piece::Slot(name) = piece
            && !slots.contains(name)
        {
            slots.push(name);
        }
    }
    let mut binder = Binder {
        template,
        path,
        pointer,
        declared,
        slots,
        binding: Vec::new(),
        moved: BTreeSet::new(),
        bound: Bound::default(),
    };
    binder.bind_by_name();
    binder.query_from_template(query_wires);
    binder.bind_the_one_left_over();
    binder.finish()
}

/// The state of one binding.
struct Binder<'b, 't> {
    template: &'b Template<'t>,
    path: &'b str,
    pointer: &'b str,
    declared: &'b [Param],
    /// Slot names, each once, in order.
    slots: Vec<&'t str>,
    /// Slot → index into `declared`.
    binding: Vec<(&'t str, usize)>,
    /// Declared path parameters the template's query string made query parameters.
    moved: BTreeSet<usize>,
    bound: Bound,
}

impl<'t> Binder<'_, 't> {
    fn is_free(&self, index: usize) -> bool {
        !self.binding.iter().any(|b| b.1 == index) && !self.moved.contains(&index)
    }

    fn is_bound(&self, slot: &str) -> bool {
        self.binding.iter().any(|b| b.0 == slot)
    }

    fn note(&mut self, code: WarningCode, pointer: String, message: String) {
        self.bound.notes.push(Note {
            code,
            pointer,
            message,
        });
    }

    /// Slots bound to the parameter of their name, else of their name but
    /// for case and punctuation.
    fn bind_by_name(&mut self) {
        for slot in self.slots.clone() {
            if let Some(index) = self.declared.iter().position(|p| p.wire == slot) {
                self.binding.push((slot, index));
            }
        }
        for slot in self.slots.clone() {
            if self.is_bound(slot) {
                continue;
            }
            let loose = (0..self.declared.len())
                .find(|&i| self.is_free(i) && loosely_equal(slot, &self.declared[i].wire));
            if let Some(index) = loose {
                let param = &self.declared[index];
                let message = format!(
                    "path template `{}` writes `{{{slot}}}` for path parameter `{}`: it fills that slot",
                    self.path, param.wire
                );
                let pointer = param.pointer.clone();
                self.note(codes::PATH_PARAMETER_NAME_MISMATCH, pointer, message);
                self.binding.push((slot, index));
            }
        }
    }

    /// One slot and one parameter left: they are each other's.
    fn bind_the_one_left_over(&mut self) {
        let free_slots: Vec<&'t str> = self
            .slots
            .iter()
            .copied()
            .filter(|slot| !self.is_bound(slot))
            .collect();
        let free_params: Vec<usize> = (0..self.declared.len())
            .filter(|i| self.is_free(*i))
            .collect();
        if let ([slot], [index]) = (free_slots.as_slice(), free_params.as_slice()) {
            let param = &self.declared[*index];
            let message = format!(
                "path template `{}` has `{{{slot}}}` but declares path parameter `{}`, the only one without a slot: it fills `{{{slot}}}`",
                self.path, param.wire
            );
            let pointer = param.pointer.clone();
            self.note(codes::PATH_PARAMETER_NAME_MISMATCH, pointer, message);
            self.binding.push((slot, *index));
        }
    }

    /// The template's query string: `key={name}` pairs become query
    /// parameters (a declared path parameter `name` moves there), fixed
    /// pairs are sent on every call; pairs the operation declares as query
    /// parameters are theirs.
    fn query_from_template(&mut self, query_wires: &BTreeSet<String>) {
        let Some(text) = self.template.query_text else {
            return;
        };
        let message = format!(
            "path template `{}` contains a query string (`?{text}`): its pairs are sent as query parameters",
            self.path
        );
        // Reported where the template is written: the path item's key.
        let template = self
            .pointer
            .rsplit_once('/')
            .map_or(self.pointer, |(item, _)| item)
            .to_owned();
        self.note(codes::PATH_TEMPLATE_QUERY, template, message);
        for (key, value) in &self.template.query {
            match value {
                QueryValue::Fixed(fixed) => self
                    .bound
                    .fixed_query
                    .push(((*key).to_owned(), (*fixed).to_owned())),
                QueryValue::Slot(name) => {
                    if query_wires.contains(*key) || query_wires.contains(*name) {
                        continue;
                    }
                    let declared = (0..self.declared.len())
                        .find(|&i| self.is_free(i) && loosely_equal(name, &self.declared[i].wire));
                    let param = match declared {
                        Some(index) => {
                            self.moved.insert(index);
                            let mut param = self.declared[index].clone();
                            param.location = ParamIn::Query;
                            param.style = ParamStyle::Form;
                            param.explode = true;
                            (*key).clone_into(&mut param.wire);
                            param
                        }
                        None => Param::text(key, ParamIn::Query, self.pointer),
                    };
                    self.bound.query_params.push(param);
                }
            }
        }
    }

    /// Orders the path parameters as their slots appear in the template
    /// (the order of a call's arguments, whatever order the document lists
    /// them in), makes parameters for slots nothing declares, reports
    /// declared ones with no slot, and lays out the path.
    fn finish(mut self) -> Bound {
        // Slot → index into the final list; every slot gets one below.
        let mut slot_index: Vec<(&str, usize)> = Vec::new();
        // Declared parameter → index into the final list.
        let mut declared_index: Vec<(usize, usize)> = Vec::new();
        for slot in self.slots.clone() {
            if slot_index.iter().any(|s| s.0 == slot) {
                continue;
            }
            let declared = self.binding.iter().find(|b| b.0 == slot).map(|b| b.1);
            let index = match declared {
                Some(declared) => match declared_index.iter().find(|d| d.0 == declared) {
                    Some(&(_, index)) => index,
                    None => {
                        let index = self.bound.path_params.len();
                        let Some(param) = self.declared.get(declared) else {
                            continue;
                        };
                        self.bound.path_params.push(param.clone());
                        declared_index.push((declared, index));
                        index
                    }
                },
                None => {
                    let message = format!(
                        "path template `{}` uses `{{{slot}}}` but no path parameter `{slot}` is declared: it is a required string argument",
                        self.path
                    );
                    let pointer = self.pointer.to_owned();
                    self.note(codes::UNDECLARED_PATH_PARAMETER, pointer, message);
                    let index = self.bound.path_params.len();
                    let param = Param::text(slot, ParamIn::Path, self.pointer);
                    self.bound.path_params.push(param);
                    index
                }
            };
            slot_index.push((slot, index));
        }
        for (index, param) in self.declared.iter().enumerate() {
            let bound = declared_index.iter().any(|d| d.0 == index);
            if !bound && !self.moved.contains(&index) {
                let message = format!(
                    "path parameter `{}` does not appear in the path template `{}`, so no request can carry it: it is not an argument",
                    param.wire, self.path
                );
                self.bound.left_out.push(Note {
                    code: codes::PATH_PARAMETER_NOT_IN_TEMPLATE,
                    pointer: param.pointer.clone(),
                    message,
                });
            }
        }
        self.bound.pieces = self
            .template
            .pieces
            .iter()
            .filter_map(|piece| match piece {
                Piece::Literal(text) => Some(BoundPiece::Literal((*text).to_owned())),
                Piece::Slot(slot) => slot_index
                    .iter()
                    .find(|s| s.0 == *slot)
                    .map(|s| BoundPiece::Param(s.1)),
            })
            .collect();
        self.bound
    }
}
