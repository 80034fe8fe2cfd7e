//! Emission of `client.rs`: the `Client` and `ClientBuilder` of the generated
//! crate. The generic settings (credential, base URL, timeouts, retries…)
//! are forwarded to the runtime's `CoreBuilder`; the spec's own settings
//! (`x-client-setting` path parameters, server variables) are fields of the
//! generated types, with a setter, an accessor and an environment variable
//! each.

use super::rust::{Context, code, doc_lines, ident};
use crate::client::settings::{Setting, SettingKind};
use proc_macro2::TokenStream;
use quote::quote;

const RT: &str = "::fyno_codegen_runtime";

fn rt() -> TokenStream {
    RT.parse().unwrap_or_default()
}

/// `client.rs`.
pub(crate) fn emit_client(ctx: &Context<'_>) -> TokenStream {
    let consts = env_consts(ctx);
    let client = client_struct(ctx);
    let builder = builder_struct(ctx);
    quote! {
        //! The client: its settings, its builder and the environment variables it reads.
        #consts
        #client
        #builder
    }
}

fn env_consts(ctx: &Context<'_>) -> TokenStream {
    let endpoint = &ctx.client.endpoint_env;
    let api_key = super::auth::legacy_env(ctx.client).map(|var| {
        quote! {
            /// Environment variable holding the API key.
            const ENV_API_KEY: &str = #var;
        }
    });
    let server_url = match &ctx.api.default_base_url {
        Some(url) => quote!(::std::option::Option::Some(#url)),
        None => quote!(::std::option::Option::None),
    };
    quote! {
        #api_key
        /// Environment variable overriding the base URL.
        const ENV_ENDPOINT: &str = #endpoint;
        /// The spec's first server URL (a template when it has variables): the default base URL.
        const SERVER_URL: ::std::option::Option<&str> = #server_url;
    }
}

/// The Rust type a setting holds.
fn setting_ty(ctx: &Context<'_>, setting: &Setting) -> TokenStream {
    match &setting.kind {
        SettingKind::Path { ty, .. } => ctx.ty(ty),
        SettingKind::Server { .. } => quote!(::std::string::String),
    }
}

fn is_enum(setting: &Setting) -> bool {
    matches!(
        &setting.kind,
        SettingKind::Path {
            ty: crate::ir::Ty::Named(_),
            ..
        }
    )
}

/// What `from_env` documents: every variable it reads.
fn env_summary(ctx: &Context<'_>) -> String {
    let mut vars: Vec<String> = Vec::new();
    for setting in &ctx.client.settings {
        let optional = if setting.default.is_some() {
            ", optional"
        } else {
            ""
        };
        vars.push(format!(
            "`{}` ({}{optional})",
            setting.env_var, setting.name
        ));
    }
    vars.extend(super::auth::env_summary(ctx.client));
    let base_url = if ctx.api.default_base_url.is_some() {
        "the base URL, optional"
    } else {
        "the base URL; the spec lists no server"
    };
    vars.push(format!("`{}` ({base_url})", ctx.client.endpoint_env));
    vars.join(", ")
}

fn client_struct(ctx: &Context<'_>) -> TokenStream {
    let rt = rt();
    let title = &ctx.api.title;
    let doc = if title.to_ascii_lowercase().ends_with("api") {
        format!(" A client of the {title}.")
    } else {
        format!(" A client of the {title} API.")
    };
    let fields = ctx.client.settings.iter().map(|s| {
        let name = ident(&s.name);
        let ty = setting_ty(ctx, s);
        quote!(#name: #ty,)
    });
    let debug_fields = ctx.client.settings.iter().map(|s| {
        let name = ident(&s.name);
        let label = &s.name;
        quote!(.field(#label, &self.inner.#name))
    });
    let accessors = ctx.client.settings.iter().map(|s| {
        let name = ident(&s.name);
        let doc = setting_doc(s, "The");
        if is_enum(s) {
            let ty = setting_ty(ctx, s);
            quote! { #doc pub fn #name(&self) -> &#ty { &self.inner.#name } }
        } else {
            quote! { #doc pub fn #name(&self) -> &str { &self.inner.#name } }
        }
    });
    let from_env_doc = format!(" Creates a client from {}.", env_summary(ctx));
    // Only operations send requests; without any, the accessor would be dead code.
    let core = (!ctx.api.operations.is_empty()).then(|| {
        quote! {
            /// The runtime's part of the client, which sends requests.
            pub(crate) fn core(&self) -> &#rt::__private::Core {
                &self.inner.core
            }
        }
    });
    quote! {
        #[doc = #doc]
        ///
        /// Cheap to clone (an `Arc`); clones share the connection pool, so create one
        /// client and reuse it. `Debug` output shows the API key as `***`.
        #[derive(Clone)]
        pub struct Client {
            inner: ::std::sync::Arc<Inner>,
        }

        /// What clones of a client share.
        struct Inner {
            core: #rt::__private::Core,
            #(#fields)*
        }

        impl ::std::fmt::Debug for Client {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("Client")
                    #(#debug_fields)*
                    .field("config", &self.inner.core)
                    .finish()
            }
        }

        impl Client {
            /// Starts configuring a client.
            pub fn builder() -> ClientBuilder {
                ClientBuilder::new()
            }

            #[doc = #from_env_doc]
            ///
            /// Errors name the environment variable to fix. Use
            /// [`ClientBuilder::from_env`] to adjust further settings.
            pub fn from_env() -> ::std::result::Result<Client, #rt::ConfigError> {
                ClientBuilder::from_env()?.build()
            }

            #(#accessors)*

            /// The API base URL that operation paths are appended to.
            pub fn base_url(&self) -> &#rt::reqwest::Url {
                self.inner.core.base_url()
            }

            /// The client-wide retry policy.
            pub fn retry_policy(&self) -> &#rt::RetryPolicy {
                self.inner.core.retry_policy()
            }

            #core
        }
    }
}

/// `/// The <description or name>.` for a setting's accessor or setter.
fn setting_doc(setting: &Setting, lead: &str) -> TokenStream {
    let mut lines = match setting
        .doc
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        Some(doc) => crate::emit::rustdoc::to_rustdoc(doc),
        None => vec![format!("{lead} {} setting.", code(&setting.name))],
    };
    let source = match &setting.kind {
        SettingKind::Path { .. } => format!("Fills the {} path parameter", code(&setting.wire)),
        SettingKind::Server { .. } => {
            format!("Fills the {} server URL variable", code(&setting.wire))
        }
    };
    let default = match &setting.default {
        Some(default) => format!("default {}", code(default)),
        None => "required".to_owned(),
    };
    lines.push(String::new());
    lines.push(format!(
        "{source} ({default}; environment variable {}).",
        code(&setting.env_var)
    ));
    if let SettingKind::Server { allowed } = &setting.kind
        && !allowed.is_empty()
    {
        let values: Vec<String> = allowed.iter().map(|v| code(v)).collect();
        lines.push(format!("One of {}.", values.join(", ")));
    }
    doc_lines(&lines)
}

fn builder_struct(ctx: &Context<'_>) -> TokenStream {
    let rt = rt();
    let fields = ctx.client.settings.iter().map(|s| {
        let name = ident(&s.name);
        let ty = setting_ty(ctx, s);
        quote!(#name: #rt::__private::Setting<#ty>,)
    });
    let inits = ctx.client.settings.iter().map(|s| {
        let name = ident(&s.name);
        let label = &s.name;
        quote!(#name: #rt::__private::Setting::unset(#label),)
    });
    let setters = ctx.client.settings.iter().map(|s| setting_setter(ctx, s));
    let required: Vec<String> = ctx
        .client
        .settings
        .iter()
        .filter(|s| s.default.is_none())
        .map(|s| format!("[`{0}`](Self::{0})", s.name))
        .chain(super::auth::required_links(ctx.client))
        .chain(
            ctx.api
                .default_base_url
                .is_none()
                .then(|| "[`base_url`](Self::base_url)".to_owned()),
        )
        .collect();
    let required_doc = if required.is_empty() {
        " Every setting has a default.".to_owned()
    } else {
        format!(" Required: {}.", required.join(", "))
    };
    let from_env = from_env(ctx);
    let generic = generic_setters(ctx);
    let build = build(ctx);
    quote! {
        /// Configures and creates a [`Client`].
        ///
        #[doc = #required_doc]
        /// `Debug` output shows the API key as `***`.
        #[derive(Clone, Debug)]
        pub struct ClientBuilder {
            core: #rt::__private::CoreBuilder,
            #(#fields)*
        }

        impl ::std::default::Default for ClientBuilder {
            fn default() -> Self {
                Self {
                    core: #rt::__private::CoreBuilder::new(),
                    #(#inits)*
                }
            }
        }

        impl ClientBuilder {
            /// Creates a builder with every setting at its default.
            pub fn new() -> Self {
                Self::default()
            }

            #from_env
            #(#setters)*
            #generic
            #build
        }
    }
}

fn setting_setter(ctx: &Context<'_>, setting: &Setting) -> TokenStream {
    let name = ident(&setting.name);
    let label = &setting.name;
    let ty = setting_ty(ctx, setting);
    let doc = setting_doc(setting, "Sets the");
    quote! {
        #doc
        pub fn #name(mut self, value: impl ::std::convert::Into<#ty>) -> Self {
            self.#name.set(value.into(), #label);
            self
        }
    }
}

fn from_env(ctx: &Context<'_>) -> TokenStream {
    let rt = rt();
    let api_key = match super::auth::legacy_env(ctx.client) {
        Some(_) => quote!(::std::option::Option::Some(ENV_API_KEY)),
        None => quote!(::std::option::Option::None),
    };
    let credential_reads = super::auth::env_reads(ctx.client);
    let reads = ctx.client.settings.iter().map(|s| {
        let name = ident(&s.name);
        let var = &s.env_var;
        let values: &[String] = match &s.kind {
            SettingKind::Path { values, .. } => values,
            SettingKind::Server { allowed } => allowed,
        };
        let read = if values.is_empty() {
            quote!(env.read(#var)?)
        } else {
            quote!(env.read_choice(#var, &[#(#values),*])?)
        };
        // Variables are text; an enum setting converts it (unknown values
        // were refused by `read_choice`).
        let read = if is_enum(s) {
            quote!(#read.map(::std::convert::From::from))
        } else {
            read
        };
        quote! {
            builder.#name.read(#read, #var);
        }
    });
    let doc = format!(" Creates a builder pre-filled from {}.", env_summary(ctx));
    // Without settings the struct has no other field to default.
    let settings = !ctx.client.settings.is_empty();
    let mutable = settings.then(|| quote!(mut));
    let rest = settings.then(|| quote!(..Self::default()));
    quote! {
        #[doc = #doc]
        ///
        /// Other settings can still be adjusted before [`build`](Self::build).
        /// Missing required variables are reported by `build`; a variable
        /// that is set must be valid UTF-8 and non-empty, and one with a
        /// fixed set of values must hold one of them.
        pub fn from_env() -> ::std::result::Result<Self, #rt::ConfigError> {
            Self::from_env_with(::std::env::var)
        }

        /// [`from_env`](Self::from_env), reading variables through `lookup`
        /// (which has the signature of [`std::env::var`]) instead of the
        /// process environment: for tests, or settings kept elsewhere under
        /// the same names.
        pub fn from_env_with(
            lookup: impl ::std::ops::Fn(&'static str) -> ::std::result::Result<::std::string::String, ::std::env::VarError>,
        ) -> ::std::result::Result<Self, #rt::ConfigError> {
            let env = #rt::__private::Env::new(lookup);
            let #mutable builder = Self {
                core: #rt::__private::CoreBuilder::new().read_env(&env, #api_key, ENV_ENDPOINT)? #credential_reads,
                #rest
            };
            #(#reads)*
            ::std::result::Result::Ok(builder)
        }
    }
}

fn generic_setters(ctx: &Context<'_>) -> TokenStream {
    let rt = rt();
    let api_key = super::auth::setters(ctx.client);
    let base_url_default = match &ctx.api.default_base_url {
        Some(url) if ctx.api.server_variables.is_empty() => format!(" (default {})", code(url)),
        Some(url) => format!(" (default {} with its variables filled in)", code(url)),
        None => " (required: the spec lists no server)".to_owned(),
    };
    let base_url_doc = format!(" Overrides the API base URL{base_url_default}.");
    quote! {
        #api_key

        #[doc = #base_url_doc]
        ///
        /// Must be `http` or `https` without query, fragment or credentials;
        /// accepts a `&str`, `String` or `Url`. A trailing slash is ignored.
        pub fn base_url(mut self, base_url: impl ::std::convert::AsRef<str>) -> Self {
            self.core = self.core.base_url(base_url.as_ref());
            self
        }

        /// Limits how long establishing a connection may take (default 10 s;
        /// [`http_client`](Self::http_client) may set it too, and wins).
        pub fn connect_timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.core = self.core.connect_timeout(timeout);
            self
        }

        /// Limits each attempt, from sending the request to reading the last
        /// byte of the response (default 30 s).
        pub fn attempt_timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.core = self.core.attempt_timeout(timeout);
            self
        }

        /// Limits a whole call, across all retries and the waits between them
        /// (default 120 s).
        pub fn deadline(mut self, deadline: ::std::time::Duration) -> Self {
            self.core = self.core.deadline(deadline);
            self
        }

        /// Reads at most `limit` bytes of a successful response's body (default
        /// 16 MiB, the runtime's `DEFAULT_MAX_BODY_BYTES`); a longer body is an `Error::BodyTooLarge`, never retried. Error
        /// responses keep only their first 64 KiB. Override per call with
        /// `CallOptions::max_body_bytes`.
        pub fn max_body_bytes(mut self, limit: u64) -> Self {
            self.core = self.core.max_body_bytes(limit);
            self
        }

        /// Sets the retry policy for every call (default `RetryPolicy::default()`).
        pub fn retry_policy(mut self, policy: #rt::RetryPolicy) -> Self {
            self.core = self.core.retry_policy(policy);
            self
        }

        /// Sets the header that carries idempotency keys (default `Idempotency-Key`).
        pub fn idempotency_header(mut self, name: impl ::std::convert::Into<::std::string::String>) -> Self {
            self.core = self.core.idempotency_header(name.into());
            self
        }

        /// Appends a product token to the `User-Agent`, e.g. `my-app/1.2`, giving
        /// `<crate name>-rust/<crate version> my-app/1.2`.
        pub fn user_agent(mut self, product: impl ::std::convert::Into<::std::string::String>) -> Self {
            self.core = self.core.user_agent(product.into());
            self
        }

        /// Allows a plain `http://` base URL on a host other than `localhost`,
        /// `127.0.0.0/8` or `::1` (default: refused, because the API key and
        /// every payload would travel in clear text).
        pub fn allow_insecure_http(mut self, allow: bool) -> Self {
            self.core = self.core.allow_insecure_http(allow);
            self
        }

        /// Customises the HTTP client: `configure` gets a
        /// `reqwest::ClientBuilder` and returns it with proxies, TLS roots,
        /// default headers or pool settings. Redirects are never followed,
        /// whatever it sets: the client finishes the builder with them off
        /// (a built `reqwest::Client` is not taken, since one that follows
        /// redirects would re-send a request elsewhere before it could be
        /// refused). Authentication, `Accept` and `User-Agent` are added per request.
        pub fn http_client(
            mut self,
            configure: impl ::std::ops::Fn(#rt::reqwest::ClientBuilder) -> #rt::reqwest::ClientBuilder
                + ::std::marker::Send
                + ::std::marker::Sync
                + 'static,
        ) -> Self {
            self.core = self.core.http_client(configure);
            self
        }
    }
}

fn build(ctx: &Context<'_>) -> TokenStream {
    let rt = rt();
    let checks = ctx.client.settings.iter().map(|s| {
        let name = ident(&s.name);
        let value = match &s.default {
            Some(default) if is_enum(s) => {
                let ty = setting_ty(ctx, s);
                quote!(let (#name, source) = self.#name.or_else(|| <#ty as ::std::convert::From<&str>>::from(#default));)
            }
            Some(default) => {
                quote!(let (#name, source) = self.#name.or_else(|| ::std::string::String::from(#default));)
            }
            None => quote!(let (#name, source) = self.#name.required()?;),
        };
        let text = if is_enum(s) {
            quote!(#name.as_str())
        } else {
            quote!(&#name)
        };
        let check = match &s.kind {
            SettingKind::Path { .. } => {
                quote!(#rt::__private::check_path_setting(source, #text)?;)
            }
            SettingKind::Server { allowed } => {
                quote!(#rt::__private::check_server_variable(source, #text, &[#(#allowed),*])?;)
            }
        };
        quote! { #value #check }
    });
    let variables: Vec<TokenStream> = ctx
        .client
        .settings
        .iter()
        .filter(|s| matches!(s.kind, SettingKind::Server { .. }))
        .map(|s| {
            let wire = &s.wire;
            let name = ident(&s.name);
            quote!((#wire, #name.as_str()))
        })
        .collect();
    let default_base_url = if variables.is_empty() {
        quote!(SERVER_URL.map(::std::borrow::ToOwned::to_owned))
    } else {
        quote!(SERVER_URL.map(|url| #rt::__private::expand_server_url(url, &[#(#variables),*])))
    };
    let schemes = super::auth::scheme_specs(ctx.client);
    let names = ctx.client.settings.iter().map(|s| ident(&s.name));
    quote! {
        /// Validates the configuration and creates the client.
        pub fn build(self) -> ::std::result::Result<Client, #rt::ConfigError> {
            #(#checks)*
            let core = self.core.build(#rt::__private::CoreSpec {
                default_base_url: #default_base_url,
                schemes: #schemes,
                user_agent: ::std::concat!(::std::env!("CARGO_PKG_NAME"), "-rust/", ::std::env!("CARGO_PKG_VERSION")),
            })?;
            ::std::result::Result::Ok(Client {
                inner: ::std::sync::Arc::new(Inner { core, #(#names),* }),
            })
        }
    }
}
