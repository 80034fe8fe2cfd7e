// Preloaded into Prism (NODE_OPTIONS=--require) by tests/tests/contract_prism.rs.
// The test keeps Prism's stdin open and never writes to it; when the test
// process ends, however it ends (even SIGKILL), the pipe closes and Prism
// exits with it instead of lingering on its port.
"use strict";
process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();
