//! Codes 060–082: operations: parameters, bodies, responses, paths, webhooks, security (`ir/operations.rs`, `ir/params.rs`, `ir/webhooks.rs`, `ir/security.rs`, …).

codes! {}
