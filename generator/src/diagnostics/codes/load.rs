//! Codes 001–012: reading the document: syntax, version, references, multi-file bundling, boolean schemas (`load/` except lint and overlays).

codes! {}
