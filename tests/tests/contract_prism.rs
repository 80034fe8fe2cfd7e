//! Contract test: every operation of the generated client, sent to
//! [Prism](https://github.com/stoplightio/prism) mocking the resolved spec
//! (vendor spec + our overlays), so an independent OpenAPI validator checks
//! every request we send.
//!
//! Prism runs with `--errors`: a request that violates the spec is answered
//! with a 4xx (the operation's documented `400`, or `422` where none is
//! documented) and an `sl-violations` header, and every violation, request or
//! response, is written to Prism's log, which this test reads. Responses are
//! static (`--no-dynamic`): they are built from the spec's own examples, and
//! each one must decode into the operation's typed success response.
//!
//! Request bodies and parameters are the spec's own examples: every property
//! that has an `example` gets it, so each body is as full as the spec allows,
//! and a `oneOf` body is sent once per alternative.
//!
//! Prism is pinned in `tests/prism/package.json`; install it with
//! `npm ci --prefix tests/prism` (Node.js 18.20 or later). The tests are
//! `#[ignore]`d with that reason, so a plain `cargo test` lists them as
//! ignored instead of passing silently without Prism; run them with
//! `cargo test -p fyno-workspace-tests --test contract_prism -- --include-ignored`
//! (CI does). Run that way, a missing Prism is a failure.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};
use std::collections::BTreeSet;
use std::fmt::Debug;
use std::fs::File;
use std::future::IntoFuture;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long Prism may take to load the spec and listen (it takes ~1.5 s).
const STARTUP_TIMEOUT: Duration = Duration::from_secs(60);
/// The API key sent as the bearer token: any non-empty token satisfies the
/// spec's `BearerAuth`.
const API_KEY: &str = "prism-contract-test-key";
/// Every operation the spec defines; the test fails when this changes, so a
/// new operation cannot go untested.
const OPERATION_COUNT: usize = 23;

// ---------------------------------------------------------------------------
// Prism process
// ---------------------------------------------------------------------------

/// A running `prism mock` of the resolved spec. Dropping it kills Prism.
struct Prism {
    child: Child,
    port: u16,
    started_in: Duration,
    /// Holds the spec and Prism's output; removed on drop.
    dir: tempfile::TempDir,
}

impl Prism {
    /// Starts Prism; a missing installation fails the test, since it only
    /// runs when asked for (`--include-ignored`).
    fn start() -> Prism {
        let root = xtask::workspace_root();
        let prism_dir = root.join("tests/prism");
        let binary = prism_dir.join("node_modules/.bin/prism");
        if !binary.exists() {
            let message = format!(
                "Prism is not installed ({} is missing).\n\
                 Install it with:  npm ci --prefix tests/prism   (needs Node.js >= 18.20 and npm)",
                binary.display()
            );
            panic!("contract_prism: {message}");
        }

        let spec = xtask::resolved_spec(&xtask::Job::project(&root), &root)
            .unwrap_or_else(|e| panic!("the resolved spec could not be built:\n{e}"));
        let dir = tempfile::Builder::new()
            .prefix("fyno-contract-prism-")
            .tempdir()
            .expect("create a temporary directory");
        let spec_path = dir.path().join("fyno-resolved.json");
        std::fs::write(&spec_path, spec).expect("write the resolved spec");

        // A port the OS just handed out can, rarely, be taken again before
        // Prism binds it; Prism then exits at once and we try another.
        let mut last_error = String::new();
        for _ in 0..3 {
            match Self::spawn(&binary, &prism_dir, &spec_path, dir.path()) {
                Ok((child, port, started_in)) => {
                    return Prism {
                        child,
                        port,
                        started_in,
                        dir,
                    };
                }
                Err(error) => last_error = error,
            }
        }
        panic!("{last_error}");
    }

    fn spawn(
        binary: &Path,
        prism_dir: &Path,
        spec: &Path,
        dir: &Path,
    ) -> Result<(Child, u16, Duration), String> {
        let port = free_port();
        let stdout = File::create(dir.join("prism.log")).expect("create prism.log");
        let stderr = File::create(dir.join("prism.stderr")).expect("create prism.stderr");
        let started = Instant::now();
        let child = Command::new(binary)
            .arg("mock")
            .arg(spec)
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            // Violations become error responses instead of mere log lines.
            .arg("--errors")
            // Static responses, built from the spec's own examples.
            .arg("--no-dynamic")
            // Prism exits when our end of its stdin closes, so it cannot outlive
            // this process even if the test is killed before `Drop` runs.
            .env(
                "NODE_OPTIONS",
                format!(
                    "--require \"{}\"",
                    prism_dir.join("exit-with-parent.cjs").display()
                ),
            )
            .stdin(Stdio::piped())
            .stdout(stdout)
            .stderr(stderr)
            .spawn()
            .map_err(|e| format!("could not start {}: {e}", binary.display()))?;
        // From here on the guard owns the process: any early return kills it.
        let mut guard = ChildGuard(Some(child));
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        loop {
            if TcpStream::connect_timeout(&addr, Duration::from_millis(250)).is_ok() {
                let child = guard.0.take().expect("child is present");
                return Ok((child, port, started.elapsed()));
            }
            let child = guard.0.as_mut().expect("child is present");
            if let Ok(Some(status)) = child.try_wait() {
                return Err(format!(
                    "Prism exited during startup ({status}) on port {port}.\n{}",
                    output_of(dir)
                ));
            }
            if started.elapsed() > STARTUP_TIMEOUT {
                return Err(format!(
                    "Prism did not listen on {addr} within {STARTUP_TIMEOUT:?}.\n{}",
                    output_of(dir)
                ));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn base_url(&self) -> String {
        // Prism serves the spec's paths at the root: the server URL's `/v1`
        // is not part of the mocked routes.
        format!("http://127.0.0.1:{}", self.port)
    }

    fn client(&self, version: fyno::Version) -> fyno::Client {
        fyno::Client::builder()
            .workspace_id(WORKSPACE_ID)
            .api_key(API_KEY)
            .version(version)
            .base_url(self.base_url())
            .retry_policy(fyno::RetryPolicy::none())
            .deadline(Duration::from_secs(30))
            .build()
            .expect("client configuration is valid")
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("prism.log")).unwrap_or_default()
    }

    /// Waits until Prism has logged everything about the requests sent so far:
    /// it logs in order, so once a marker request shows up, so has the rest.
    async fn flush_log(&self) -> String {
        let marker = format!("/__contract_log_marker_{}", std::process::id());
        let _ = reqwest::Client::new()
            .get(format!("{}{marker}", self.base_url()))
            .send()
            .await;
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let log = self.log();
            if log.contains(&marker) || Instant::now() > deadline {
                return log;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Kills a child that has not been handed over yet.
struct ChildGuard(Option<Child>);

impl Drop for ChildGuard {
    fn drop(&mut self) {
        if let Some(child) = &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("bind an ephemeral port")
        .port()
}

fn output_of(dir: &Path) -> String {
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap_or_default();
    format!(
        "--- Prism stderr ---\n{}\n--- Prism stdout ---\n{}",
        read("prism.stderr").trim_end(),
        read("prism.log").trim_end()
    )
}

/// Every `Violation:` line of Prism's log (request and response violations,
/// errors and warnings), grouped under the request they were logged for.
fn violations(log: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut request = "(before the first request)";
    let mut request_reported = false;
    for line in log.lines() {
        if line.contains("[HTTP SERVER]") && line.contains("Request received") {
            request = line;
            request_reported = false;
        } else if line.contains("Violation:") {
            if !request_reported {
                found.push(short(request).to_owned());
                request_reported = true;
            }
            if let Some(entry) = found.last_mut() {
                entry.push_str("\n      ");
                entry.push_str(short(line));
            }
        }
    }
    found
}

/// A type's name without module paths: `Vec<SuppressionEntry>`.
fn type_name<T>() -> String {
    let full = std::any::type_name::<T>();
    let mut short = String::with_capacity(full.len());
    let mut word = String::new();
    let mut chars = full.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ':' && chars.peek() == Some(&':') {
            chars.next();
            word.clear(); // a path segment: drop it
        } else if c.is_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            short.push_str(&word);
            word.clear();
            short.push(c);
        }
    }
    short + &word
}

/// A log line without its timestamp.
fn short(line: &str) -> &str {
    line.split_once("] ")
        .map_or(line, |(_, rest)| rest)
        .trim_start_matches(|c: char| c == '›' || c.is_whitespace())
        .trim_end()
}

// ---------------------------------------------------------------------------
// The spec's own examples
// ---------------------------------------------------------------------------

/// The workspace id: the `WSID` path parameter's example, which its schema (a
/// plain string) accepts.
const WORKSPACE_ID: &str = "FYXXXXXXXX";

/// The resolved spec, and examples taken from it.
struct Spec {
    doc: Value,
}

impl Spec {
    fn load() -> Spec {
        let root = xtask::workspace_root();
        let text = xtask::resolved_spec(&xtask::Job::project(&root), &root)
            .unwrap_or_else(|e| panic!("the resolved spec could not be built:\n{e}"));
        Spec {
            doc: serde_json::from_str(&text).expect("the resolved spec is JSON"),
        }
    }

    /// `"METHOD /path"` of every operation.
    fn operations(&self) -> BTreeSet<String> {
        let mut ops = BTreeSet::new();
        for (path, item) in self.doc["paths"].as_object().expect("paths") {
            for method in [
                "get", "put", "post", "delete", "options", "head", "patch", "trace",
            ] {
                if item.get(method).is_some() {
                    ops.insert(format!("{} {path}", method.to_uppercase()));
                }
            }
        }
        ops
    }

    /// Follows `$ref`s to the schema (or parameter, body, ...) they name.
    fn resolve<'a>(&'a self, mut value: &'a Value) -> &'a Value {
        for _ in 0..32 {
            match value.get("$ref").and_then(Value::as_str) {
                Some(reference) => {
                    let pointer = reference
                        .strip_prefix('#')
                        .unwrap_or_else(|| panic!("non-local $ref {reference}"));
                    value = self
                        .doc
                        .pointer(pointer)
                        .unwrap_or_else(|| panic!("dangling $ref {reference}"));
                }
                None => return value,
            }
        }
        panic!("$ref chain too long at {value}");
    }

    fn operation(&self, op: &str) -> (&Value, &Value) {
        let (method, path) = op.split_once(' ').expect("\"METHOD /path\"");
        let item = &self.doc["paths"][path];
        let operation = &item[method.to_lowercase()];
        assert!(operation.is_object(), "the spec has no operation {op}");
        (item, operation)
    }

    /// The example of parameter `name` of `op` (its own, or its schema's).
    fn param(&self, op: &str, name: &str) -> Value {
        let (item, operation) = self.operation(op);
        let params = [&operation["parameters"], &item["parameters"]];
        let param = params
            .iter()
            .filter_map(|p| p.as_array())
            .flatten()
            .map(|p| self.resolve(p))
            .find(|p| p["name"] == name)
            .unwrap_or_else(|| panic!("{op} has no parameter `{name}`"));
        match param.get("example") {
            Some(example) => example.clone(),
            None => self.sample(&param["schema"], 0),
        }
    }

    fn param_str(&self, op: &str, name: &str) -> String {
        match self.param(op, name) {
            Value::String(s) => s,
            other => panic!("{op}: the example of `{name}` is not a string: {other}"),
        }
    }

    /// Example request bodies of `op`, labelled: the media type's own
    /// examples if it has any, else one body built from the schema's examples
    /// per alternative of a top-level `oneOf` (or a single body).
    fn bodies(&self, op: &str) -> Vec<(String, Value)> {
        let (_, operation) = self.operation(op);
        let body = self.resolve(&operation["requestBody"]);
        let media = &body["content"]["application/json"];
        assert!(media.is_object(), "{op} has no JSON request body");
        if let Some(example) = media.get("example") {
            return vec![("media type example".into(), example.clone())];
        }
        if let Some(examples) = media.get("examples").and_then(Value::as_object) {
            return examples
                .iter()
                .map(|(name, ex)| {
                    (
                        format!("example `{name}`"),
                        self.resolve(ex)["value"].clone(),
                    )
                })
                .collect();
        }
        let schema = self.resolve(&media["schema"]);
        match schema.get("oneOf").and_then(Value::as_array) {
            Some(alternatives) if schema.get("example").is_none() => alternatives
                .iter()
                .enumerate()
                .map(|(i, alt)| (format!("oneOf[{i}]"), self.sample(alt, 0)))
                .collect(),
            _ => vec![("body".into(), self.sample(schema, 0))],
        }
    }

    /// A value for `schema` built from the spec's examples: the schema's own
    /// `example`, else every property filled in (recursively), one array item
    /// per `oneOf` alternative of the items, then `default`, the first `enum`
    /// value, or a plain value of the type.
    fn sample(&self, schema: &Value, depth: usize) -> Value {
        assert!(depth < 32, "schema nests too deep (recursive?): {schema}");
        let schema = self.resolve(schema);
        if let Some(example) = schema.get("example") {
            return example.clone();
        }
        if let Some(first) = ["oneOf", "anyOf"]
            .iter()
            .find_map(|k| schema.get(*k).and_then(Value::as_array))
            .and_then(|alts| alts.first())
        {
            return self.sample(first, depth + 1);
        }
        if let Some(default) = schema.get("default") {
            return default.clone();
        }
        if let Some(first) = schema.get("enum").and_then(|e| e.get(0)) {
            return first.clone();
        }
        let properties = schema.get("properties").and_then(Value::as_object);
        let additional = schema.get("additionalProperties").filter(|a| a.is_object());
        let ty = schema.get("type").and_then(Value::as_str);
        if ty == Some("object") || (ty.is_none() && (properties.is_some() || additional.is_some()))
        {
            let mut object = Map::new();
            for (name, property) in properties.into_iter().flatten() {
                object.insert(name.clone(), self.sample(property, depth + 1));
            }
            if let (true, Some(values)) = (object.is_empty(), additional) {
                object.insert("key".into(), self.sample(values, depth + 1));
            }
            return Value::Object(object);
        }
        match ty {
            Some("array") => {
                let items = self.resolve(&schema["items"]);
                match items.get("oneOf").and_then(Value::as_array) {
                    Some(alts) if items.get("example").is_none() => {
                        alts.iter().map(|alt| self.sample(alt, depth + 1)).collect()
                    }
                    _ => Value::Array(vec![self.sample(items, depth + 1)]),
                }
            }
            Some("string") => match schema.get("format").and_then(Value::as_str) {
                Some("date") => json!("2024-05-01"),
                Some("date-time") => json!("2024-05-01T10:00:00Z"),
                _ => json!("example"),
            },
            Some("integer") => json!(1),
            Some("number") => json!(1.5),
            Some("boolean") => json!(true),
            other => panic!("cannot build an example for type {other:?}: {schema}"),
        }
    }
}

// ---------------------------------------------------------------------------
// Running the operations
// ---------------------------------------------------------------------------

/// What was called, and what went wrong.
#[derive(Default)]
struct Report {
    covered: BTreeSet<String>,
    calls: Vec<String>,
    failures: Vec<String>,
}

impl Report {
    /// Decodes an example body into the operation's request type.
    fn body<T: DeserializeOwned + Serialize>(
        &mut self,
        op: &str,
        label: &str,
        example: &Value,
    ) -> Option<T> {
        let body = match serde_json::from_value::<T>(example.clone()) {
            Ok(body) => body,
            Err(error) => {
                self.failures.push(format!(
                    "{op} [{label}]: the spec's example body does not decode into `{}`: {error}\n    body: {example}",
                    type_name::<T>()
                ));
                return None;
            }
        };
        // What the client sends must be the example itself, not a lossy copy
        // that Prism would then validate instead.
        let sent = serde_json::to_value(&body).expect("request bodies serialize");
        if &sent != example {
            self.failures.push(format!(
                "{op} [{label}]: `{}` does not encode the spec's example body unchanged\n    example: {example}\n    encoded: {sent}",
                type_name::<T>()
            ));
            return None;
        }
        Some(body)
    }

    /// Sends one request and records whether it succeeded and decoded.
    async fn call<T, E>(
        &mut self,
        op: &str,
        label: &str,
        request: impl IntoFuture<Output = Result<T, fyno::Error<E>>>,
    ) where
        T: Serialize,
        E: Debug,
    {
        self.covered.insert(op.to_owned());
        let name = format!("{op} [{label}]");
        match request.await {
            Ok(response) => {
                let json = serde_json::to_value(&response).expect("responses serialize");
                if json.is_null() {
                    self.failures.push(format!(
                        "{name}: decoded an empty response into `{}`",
                        type_name::<T>()
                    ));
                } else {
                    self.calls.push(format!("{name} -> {}", type_name::<T>()));
                }
            }
            Err(error) => {
                let body = error
                    .raw_body()
                    .map(|b| String::from_utf8_lossy(b).into_owned())
                    .unwrap_or_default();
                self.failures
                    .push(format!("{name}: {error}\n    response body: {body}"));
            }
        }
    }
}

#[tokio::test]
#[ignore = "needs Prism: npm ci --prefix tests/prism, then run with --include-ignored"]
async fn every_operation_passes_prism_validation() {
    let prism = Prism::start();
    eprintln!(
        "contract_prism: Prism listening on {} after {:?}",
        prism.base_url(),
        prism.started_in
    );
    let spec = Spec::load();
    let client = prism.client(fyno::Version::Live);
    let mut r = Report::default();
    use fyno::types::*;

    // --- Fire an Event -----------------------------------------------------
    let op = "POST /{WSID}/{version}/event";
    for (label, example) in spec.bodies(op) {
        if let Some(body) = r.body::<EventRequest>(op, &label, &example) {
            r.call(op, &label, client.send_event(body)).await;
        }
    }
    let op = "POST /{WSID}/{version}/event/bulk";
    for (label, example) in spec.bodies(op) {
        if let Some(body) = r.body::<BulkEventRequest>(op, &label, &example) {
            r.call(op, &label, client.send_bulk_event(body)).await;
        }
    }

    // --- Manage user profiles ---------------------------------------------
    let op = "POST /{WSID}/{version}/profiles";
    for (label, example) in spec.bodies(op) {
        if let Some(body) = r.body::<CreateProfileRequest>(op, &label, &example) {
            r.call(op, &label, client.create_user_profile(body)).await;
        }
    }
    let op = "GET /{WSID}/{version}/profiles/{distinct_id}";
    let distinct_id = spec.param_str(op, "distinct_id");
    r.call(op, "", client.get_user_profile(&distinct_id)).await;
    // The other `version`, once, to check the path enum's second value.
    let test_client = prism.client(fyno::Version::Test);
    r.call(
        op,
        "version=test",
        test_client.get_user_profile(&distinct_id),
    )
    .await;
    let op = "PUT /{WSID}/{version}/profiles/{distinct_id}";
    let distinct_id = spec.param_str(op, "distinct_id");
    for (label, example) in spec.bodies(op) {
        if let Some(body) = r.body::<UpdateProfileRequest>(op, &label, &example) {
            r.call(op, &label, client.update_user_profile(&distinct_id, body))
                .await;
        }
    }
    let op = "PATCH /{WSID}/{version}/profiles/{source_distinct_id}/merge/{target_distinct_id}";
    let source = spec.param_str(op, "source_distinct_id");
    let target = spec.param_str(op, "target_distinct_id");
    r.call(op, "", client.merge_user_profiles(&source, &target))
        .await;
    let op = "POST /{WSID}/{version}/profiles/delete";
    for (label, example) in spec.bodies(op) {
        if let Some(body) = r.body::<DeleteProfilesRequest>(op, &label, &example) {
            r.call(op, &label, client.delete_user_profile(body)).await;
        }
    }
    let op = "PATCH /{WSID}/{version}/profiles/{distinct_id}/channel";
    let distinct_id = spec.param_str(op, "distinct_id");
    for (label, example) in spec.bodies(op) {
        if let Some(body) = r.body::<UpdateChannelDataRequest>(op, &label, &example) {
            r.call(
                op,
                &label,
                client.add_or_update_channel_data(&distinct_id, body),
            )
            .await;
        }
    }
    let op = "POST /{WSID}/{version}/profiles/{distinct_id}/channel/delete";
    let distinct_id = spec.param_str(op, "distinct_id");
    for (label, example) in spec.bodies(op) {
        if let Some(body) = r.body::<DeleteChannelDataRequest>(op, &label, &example) {
            r.call(op, &label, client.delete_channel_data(&distinct_id, body))
                .await;
        }
    }

    // --- Subscriptions and preferences -------------------------------------
    let op = "GET /{WSID}/{version}/subscriptions/preference";
    let distinct_id = spec.param_str(op, "distinct_id");
    let event_list = spec.param(op, "event_list").as_bool().expect("boolean");
    r.call(
        op,
        "required parameters",
        client.get_user_preference(&distinct_id),
    )
    .await;
    r.call(
        op,
        "all parameters",
        client
            .get_user_preference(&distinct_id)
            .event_list(event_list),
    )
    .await;
    r.call(
        op,
        "event_list=true",
        client.get_user_preference(&distinct_id).event_list(true),
    )
    .await;
    let op = "PUT /{WSID}/{version}/subscriptions/preference";
    let distinct_id = spec.param_str(op, "distinct_id");
    for (label, example) in spec.bodies(op) {
        if let Some(body) = r.body::<UpdatePreferencesRequest>(op, &label, &example) {
            r.call(
                op,
                &label,
                client.update_user_preference(&distinct_id, body),
            )
            .await;
        }
    }
    let op = "POST /{WSID}/{version}/subscriptions/list/{subscription_id}/user";
    let subscription_id = spec.param_str(op, "subscription_id");
    for (label, example) in spec.bodies(op) {
        if let Some(body) = r.body::<UpdatePreferenceRequest>(op, &label, &example) {
            r.call(
                op,
                &label,
                client.update_user_preference_single(&subscription_id, body),
            )
            .await;
        }
    }

    // --- Verify ------------------------------------------------------------
    let op = "POST /{WSID}/{version}/verify/validate";
    let otp = spec.param_str(op, "otp");
    r.call(op, "required parameters", client.verify_otp(&otp))
        .await;
    r.call(
        op,
        "all parameters",
        client
            .verify_otp(&otp)
            .request_id(spec.param_str(op, "request_id"))
            .destination(spec.param_str(op, "destination")),
    )
    .await;

    // --- User properties ---------------------------------------------------
    let op = "POST /{WSID}/{version}/profiles/properties/set";
    for (label, example) in spec.bodies(op) {
        if let Some(body) = r.body::<SetUserPropertiesRequest>(op, &label, &example) {
            r.call(op, &label, client.update_user_property(body)).await;
        }
    }
    let op = "POST /{WSID}/{version}/profiles/properties/set-once";
    for (label, example) in spec.bodies(op) {
        if let Some(body) = r.body::<SetUserPropertiesOnceRequest>(op, &label, &example) {
            r.call(op, &label, client.set_unset_property(body)).await;
        }
    }
    let op = "POST /{WSID}/{version}/profiles/properties/numerical-add";
    for (label, example) in spec.bodies(op) {
        if let Some(body) = r.body::<IncrementUserPropertiesRequest>(op, &label, &example) {
            r.call(
                op,
                &label,
                client.increment_or_decrement_numeric_property(body),
            )
            .await;
        }
    }
    let op = "POST /{WSID}/{version}/profiles/properties/list-append";
    for (label, example) in spec.bodies(op) {
        if let Some(body) = r.body::<AppendUserPropertiesRequest>(op, &label, &example) {
            r.call(op, &label, client.append_values_to_list(body)).await;
        }
    }
    let op = "POST /{WSID}/{version}/profiles/properties/list-remove";
    for (label, example) in spec.bodies(op) {
        if let Some(body) = r.body::<RemoveUserPropertiesRequest>(op, &label, &example) {
            r.call(op, &label, client.remove_value_from_list(body))
                .await;
        }
    }
    let op = "POST /{WSID}/{version}/profiles/properties/unset";
    for (label, example) in spec.bodies(op) {
        if let Some(body) = r.body::<UnsetUserPropertiesRequest>(op, &label, &example) {
            r.call(op, &label, client.unset_user_property(body)).await;
        }
    }
    let op = "POST /{WSID}/{version}/profiles/properties/batch";
    for (label, example) in spec.bodies(op) {
        if let Some(body) = r.body::<BatchUserPropertiesRequest>(op, &label, &example) {
            r.call(op, &label, client.batch_update_user_properties(body))
                .await;
        }
    }

    // --- Suppression list --------------------------------------------------
    let op = "GET /{WSID}/suppressions";
    r.call(op, "", client.get_suppression_list()).await;
    let op = "POST /{WSID}/suppressions";
    for (label, example) in spec.bodies(op) {
        if let Some(body) = r.body::<AddSuppressionRequest>(op, &label, &example) {
            r.call(op, &label, client.add_user_to_suppression_list(body))
                .await;
        }
    }
    let op = "DELETE /{WSID}/suppressions";
    r.call(
        op,
        "no parameters",
        client.delete_user_from_suppression_list(),
    )
    .await;
    r.call(
        op,
        "all parameters",
        client
            .delete_user_from_suppression_list()
            .id(spec.param_str(op, "_id"))
            .distinct_id(spec.param_str(op, "distinct_id"))
            .destination(spec.param_str(op, "destination")),
    )
    .await;

    // --- Verdict -------------------------------------------------------------
    let log = prism.flush_log().await;
    let violations = violations(&log);
    eprintln!(
        "contract_prism: {} calls passed Prism's validation:\n  {}",
        r.calls.len(),
        r.calls.join("\n  ")
    );
    let spec_ops = spec.operations();
    let untested: Vec<_> = spec_ops.difference(&r.covered).collect();
    let unknown: Vec<_> = r.covered.difference(&spec_ops).collect();
    assert!(
        untested.is_empty() && unknown.is_empty(),
        "operations the spec has but this test does not call: {untested:?}\n\
         operations this test names that the spec does not have: {unknown:?}"
    );
    assert_eq!(
        spec_ops.len(),
        OPERATION_COUNT,
        "the spec's operation count changed: add the new operations to this test"
    );
    assert!(
        r.failures.is_empty() && violations.is_empty(),
        "{} call(s) failed; Prism logged violations for {} request(s).\n\nFailed calls:\n  {}\n\nViolations, by request:\n  {}",
        r.failures.len(),
        violations.len(),
        r.failures.join("\n  "),
        violations.join("\n  ")
    );
}

// ---------------------------------------------------------------------------
// The validator is really on
// ---------------------------------------------------------------------------

/// Raw requests, bypassing our client, prove that Prism rejects what the
/// spec forbids, so the test above cannot pass vacuously.
#[tokio::test]
#[ignore = "needs Prism: npm ci --prefix tests/prism, then run with --include-ignored"]
async fn prism_rejects_requests_that_violate_the_spec() {
    let prism = Prism::start();
    let http = reqwest::Client::new();
    let url = |path: &str| format!("{}/{WSID}{path}", prism.base_url(), WSID = WORKSPACE_ID);
    let post = |path: &str, body: Value| {
        http.post(url(path))
            .bearer_auth(API_KEY)
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
    };

    // Control: a valid event is accepted without violations.
    let ok = post(
        "/live/event",
        json!({"event": "welcome", "to": {"sms": "+919879000000"}}),
    )
    .await
    .expect("Prism answers");
    assert_eq!(ok.status().as_u16(), 202, "a valid event is accepted");
    assert!(
        ok.headers().get("sl-violations").is_none(),
        "{:?}",
        ok.headers()
    );

    let cases: Vec<(&str, reqwest::Response)> = vec![
        (
            "event name of the wrong type",
            post(
                "/live/event",
                json!({"event": 42, "to": {"sms": "+919879000000"}}),
            )
            .await
            .expect("Prism answers"),
        ),
        (
            "event without `to` or `distinct_id`",
            post("/live/event", json!({"event": "welcome"}))
                .await
                .expect("Prism answers"),
        ),
        (
            "numerical-add with a string increment",
            post(
                "/live/profiles/properties/numerical-add",
                json!({"distinct_id": "u1", "$add": {"visits": "one"}}),
            )
            .await
            .expect("Prism answers"),
        ),
        (
            "version outside the path enum",
            post(
                "/staging/event",
                json!({"event": "welcome", "to": {"sms": "+91"}}),
            )
            .await
            .expect("Prism answers"),
        ),
        (
            "required query parameter missing",
            http.get(url("/live/subscriptions/preference"))
                .bearer_auth(API_KEY)
                .send()
                .await
                .expect("Prism answers"),
        ),
    ];
    let mut wrong = Vec::new();
    for (name, response) in cases {
        let status = response.status();
        let violations = response
            .headers()
            .get("sl-violations")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        if !(status.is_client_error() && violations.contains("\"Error\"")) {
            wrong.push(format!(
                "{name}: HTTP {status}, sl-violations: {violations:?}"
            ));
        }
    }

    // Security is checked too: no bearer token, no profile.
    let anonymous = http
        .get(url("/live/profiles/XXXXXXXX"))
        .send()
        .await
        .expect("Prism answers");
    if anonymous.status().as_u16() != 401 {
        wrong.push(format!(
            "no Authorization header: HTTP {}",
            anonymous.status()
        ));
    }

    assert!(
        wrong.is_empty(),
        "Prism accepted requests that violate the spec (is validation off?):\n  {}\n{}",
        wrong.join("\n  "),
        output_of(prism.dir.path())
    );
}
