//! Codes 025–036: Overlay 1.0 files: their form, their actions, and targets the spec moved (`load/overlay/`, `lock/overlay_targets.rs`).

codes! {}
