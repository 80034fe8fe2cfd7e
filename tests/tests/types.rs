//! The generated types tell the truth: oneOf alternatives decode into the
//! right variant (never one that drops a field), enums keep every value
//! (signs included) and accept unknown ones, numbers keep integer vs float.

use fyno::types::{
    AddSuppressionRequest, AllowlistUrl, BulkEventAccepted, BulkEventItem, BulkEventRequest,
    Callback, ChannelDispatches, DeleteChannelDataRequest, EventAccepted, EventName, EventRequest,
    ListItemValue, PreferenceStatus, ProfileChannels, PropertyValue, PropertyValues, Recipient,
    Status, Timezone, TokensToDelete, UserProfile, Version,
};
use serde_json::{Value, json};
use std::str::FromStr;

fn decode<T: serde::de::DeserializeOwned>(value: Value) -> T {
    match serde_json::from_value(value.clone()) {
        Ok(decoded) => decoded,
        Err(error) => panic!("{value} does not decode: {error}"),
    }
}

fn decode_error<T: serde::de::DeserializeOwned + std::fmt::Debug>(value: Value) -> String {
    match serde_json::from_value::<T>(value.clone()) {
        Ok(decoded) => panic!("{value} should not decode, got {decoded:?}"),
        Err(error) => error.to_string(),
    }
}

fn encode<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("encodes")
}

// ---------------------------------------------------------------- events

#[test]
fn event_body_picks_the_most_specific_alternative() {
    let to = json!({"event": "welcome", "to": {"sms": "+919879000000"}});
    let id = json!({"event": "welcome", "distinct_id": "u1"});
    let both = json!({"event": "welcome", "distinct_id": "u1", "to": {"email": "a@b.c"}, "data": {"k": "v"}});

    assert!(matches!(
        decode::<EventRequest>(to.clone()),
        EventRequest::To(_)
    ));
    assert!(matches!(
        decode::<EventRequest>(id.clone()),
        EventRequest::DistinctId(_)
    ));
    // Untagged decoding would take the first alternative that fits and drop a field.
    match decode::<EventRequest>(both.clone()) {
        EventRequest::DistinctIdAndTo(inner) => {
            assert_eq!(inner.distinct_id, "u1");
            assert_eq!(inner.to.email.as_deref(), Some("a@b.c"));
        }
        other => panic!("both keys must select DistinctIdAndTo, got {other:?}"),
    }
    for body in [to, id, both] {
        assert_eq!(
            encode(&decode::<EventRequest>(body.clone())),
            body,
            "re-encodes exactly"
        );
    }
}

#[test]
fn an_event_body_that_fits_nothing_says_what_each_alternative_lacked() {
    let error = decode_error::<EventRequest>(json!({"to": {"sms": "1"}}));
    assert!(
        error.contains("no alternative of `EventRequest` fits"),
        "{error}"
    );
    assert!(error.contains("`To` lacks `event`"), "{error}");
    assert!(
        error.contains("`DistinctId` lacks `distinct_id`, `event` and does not allow `to`"),
        "{error}"
    );
}

#[test]
fn event_constructors_build_exactly_the_documented_json() {
    let by_id = EventRequest::distinct_id(EventName::new("order_shipped"), "user-42")
        .with_data(json!({"order": "A1"}).as_object().cloned().expect("object"));
    assert_eq!(
        encode(&by_id),
        json!({"event": "order_shipped", "distinct_id": "user-42", "data": {"order": "A1"}})
    );

    let by_channel = EventRequest::to(
        EventName::new("otp"),
        Recipient::default()
            .with_sms("+919879000000")
            .with_email("a@b.c"),
    )
    .with_callback(
        Callback::new("ID001")
            .with_allowlist_url(AllowlistUrl::List(vec!["hook1".into(), "hook2".into()])),
    );
    assert_eq!(
        encode(&by_channel),
        json!({
            "event": "otp",
            "to": {"sms": "+919879000000", "email": "a@b.c"},
            "callback": {"custom_id": "ID001", "allowlist_url": ["hook1", "hook2"]}
        })
    );
}

#[test]
fn bulk_events_carry_event_once_at_the_top() {
    let body = json!({
        "event": "sale",
        "batch": [
            {"to": {"sms": "+1"}},
            {"distinct_id": "u2", "data": {"x": 1}},
            {"distinct_id": "u3", "to": {"email": "c@d.e"}}
        ]
    });
    let decoded: BulkEventRequest = decode(body.clone());
    assert_eq!(decoded.event, "sale");
    assert!(matches!(decoded.batch[0], BulkEventItem::To(_)));
    assert!(matches!(decoded.batch[1], BulkEventItem::DistinctId(_)));
    assert!(matches!(
        decoded.batch[2],
        BulkEventItem::DistinctIdAndTo(_)
    ));
    assert_eq!(encode(&decoded), body);

    let built = BulkEventRequest::new(
        EventName::new("sale"),
        vec![
            BulkEventItem::to(Recipient::default().with_sms("+1")),
            BulkEventItem::distinct_id("u2"),
        ],
    );
    assert_eq!(
        encode(&built),
        json!({"event": "sale", "batch": [{"to": {"sms": "+1"}}, {"distinct_id": "u2"}]})
    );
}

// ---------------------------------------------------------- channel delete

#[test]
fn channel_delete_is_a_channel_list_or_tokens_never_both() {
    let channels = json!({"channel": ["sms", "push"]});
    let push_only = json!({"push": ["token1"]});
    let inapp_only = json!({"inapp": ["t2"]});
    let tokens = json!({"push": ["token1"], "inapp": ["t2"]});
    assert!(matches!(
        decode::<DeleteChannelDataRequest>(channels.clone()),
        DeleteChannelDataRequest::ChannelsToDelete(_)
    ));
    for body in [push_only, inapp_only, tokens] {
        let decoded: DeleteChannelDataRequest = decode(body.clone());
        assert!(
            matches!(decoded, DeleteChannelDataRequest::TokensToDelete(_)),
            "{body}"
        );
        assert_eq!(encode(&decoded), body);
    }
    let both = decode_error::<DeleteChannelDataRequest>(json!({"channel": ["sms"], "push": ["t"]}));
    assert!(
        both.contains("`ChannelsToDelete` does not allow `push`"),
        "{both}"
    );
    assert!(
        both.contains("`TokensToDelete` does not allow `channel`"),
        "{both}"
    );
    let empty = decode_error::<DeleteChannelDataRequest>(json!({}));
    assert!(
        empty.contains("needs at least 1 of `inapp`, `push`"),
        "{empty}"
    );

    // No `Default` (it would be the `{}` rejected above): one constructor
    // per member instead.
    let built: DeleteChannelDataRequest = TokensToDelete::push(vec!["tok".to_owned()]).into();
    assert_eq!(encode(&built), json!({"push": ["tok"]}));
    let both = TokensToDelete::inapp(vec!["a".to_owned()]).with_push(vec!["p".to_owned()]);
    assert_eq!(encode(&both), json!({"inapp": ["a"], "push": ["p"]}));
}

#[test]
fn suppression_is_by_distinct_id_or_by_destination() {
    let by_id = json!({"distinct_id": "u1", "channel": "sms"});
    let by_destination =
        json!({"destination": "919000000000", "channel": "sms", "description": "DND"});
    assert!(matches!(
        decode::<AddSuppressionRequest>(by_id.clone()),
        AddSuppressionRequest::DistinctId(_)
    ));
    assert!(matches!(
        decode::<AddSuppressionRequest>(by_destination.clone()),
        AddSuppressionRequest::Destination(_)
    ));
    // Shared required keys first, the alternative's own key last.
    assert_eq!(
        encode(&AddSuppressionRequest::distinct_id("sms", "u1")),
        by_id
    );
    let error = decode_error::<AddSuppressionRequest>(json!({"channel": "sms"}));
    assert!(
        error.contains("`DistinctId` lacks `distinct_id`"),
        "{error}"
    );
    assert!(
        error.contains("`Destination` lacks `destination`"),
        "{error}"
    );
}

#[test]
fn allowlist_url_is_one_string_or_a_list() {
    assert_eq!(
        decode::<AllowlistUrl>(json!("hook")),
        AllowlistUrl::String("hook".into())
    );
    assert_eq!(
        decode::<AllowlistUrl>(json!(["a", "b"])),
        AllowlistUrl::List(vec!["a".into(), "b".into()])
    );
    let error = decode_error::<AllowlistUrl>(json!(5));
    assert!(error.contains("a string or a list"), "{error}");
}

// ---------------------------------------------------------- user properties

#[test]
fn property_values_keep_their_kind_and_integers_stay_integers() {
    let values = json!({
        "text": "some text",
        "int": 123,
        "negative": -11,
        "float": 45.67,
        "yes": true,
        "date": "2021-12-01",
        "datetime": "2020-10-01T18:30:00.000Z",
        "list": ["iPhone 16 Pro", 23000, 20.34]
    });
    let decoded: PropertyValues = decode(values.clone());
    assert_eq!(decoded["text"], PropertyValue::String("some text".into()));
    assert_eq!(decoded["int"], PropertyValue::from(123));
    assert!(matches!(decoded["float"], PropertyValue::Number(_)));
    assert_eq!(decoded["yes"], PropertyValue::Boolean(true));
    assert_eq!(decoded["date"], PropertyValue::Date("2021-12-01".into()));
    assert_eq!(
        decoded["datetime"],
        PropertyValue::Date("2020-10-01T18:30:00.000Z".into())
    );
    assert!(matches!(decoded["list"], PropertyValue::List(_)));
    let encoded = encode(&decoded);
    assert_eq!(encoded, values);
    assert_eq!(
        serde_json::to_string(&decoded["int"]).expect("encodes"),
        "123",
        "123 stays 123, not 123.0"
    );

    // Conversions agree with decoding.
    assert_eq!(
        PropertyValue::from("2021-12-01"),
        PropertyValue::Date("2021-12-01".into())
    );
    assert_eq!(
        PropertyValue::from("gold"),
        PropertyValue::String("gold".into())
    );
    assert_eq!(
        decode::<ListItemValue>(json!(2030)),
        ListItemValue::from(2030)
    );
    assert_eq!(
        decode::<ListItemValue>(json!("#12345")),
        ListItemValue::String("#12345".into())
    );
    assert_eq!(
        decode::<ListItemValue>(json!("2023-11-10")),
        ListItemValue::Date("2023-11-10".into())
    );
}

// ------------------------------------------------------------------ enums

#[test]
fn timezone_signs_are_never_merged() {
    assert_eq!(Timezone::from("Etc/GMT+1"), Timezone::EtcGmtPlus1);
    assert_eq!(Timezone::from("Etc/GMT-1"), Timezone::EtcGmtMinus1);
    assert_ne!(Timezone::EtcGmtPlus1, Timezone::EtcGmtMinus1);
    assert_eq!(Timezone::EtcGmtMinus1.as_str(), "Etc/GMT-1");
    assert_eq!(Timezone::from("GMT0"), Timezone::Gmt0);
    assert_eq!(Timezone::from("GMT+0"), Timezone::GmtPlus0);
    assert_eq!(Timezone::from("GMT-0"), Timezone::GmtMinus0);
    assert_eq!(
        Timezone::AmericaPortAuPrince.to_string(),
        "America/Port-au-Prince"
    );
}

#[test]
fn all_594_timezones_round_trip() {
    assert_eq!(Timezone::KNOWN_VALUES.len(), 594);
    let mut seen = std::collections::BTreeSet::new();
    for wire in Timezone::KNOWN_VALUES {
        let parsed = Timezone::from_str(wire).expect("infallible");
        assert!(parsed.is_known(), "{wire}");
        assert_eq!(parsed.as_str(), *wire);
        assert!(
            seen.insert(parsed.clone()),
            "{wire} shares a variant with another value"
        );
        let json = encode(&parsed);
        assert_eq!(json, json!(wire));
        assert_eq!(decode::<Timezone>(json), parsed);
    }
}

#[test]
fn unknown_enum_values_decode_and_can_be_sent() {
    // The vendor list lacks real zones such as Europe/Kyiv.
    let kyiv: Timezone = decode(json!("Europe/Kyiv"));
    assert_eq!(kyiv, Timezone::from_wire("Europe/Kyiv"));
    assert!(matches!(&kyiv, Timezone::Other(value) if value.as_str() == "Europe/Kyiv"));
    assert!(!kyiv.is_known());
    assert_eq!(encode(&kyiv), json!("Europe/Kyiv"));
    assert_eq!(
        decode::<PreferenceStatus>(json!("snoozed")).as_str(),
        "snoozed"
    );
    assert_eq!(
        decode::<Version>(json!("staging")),
        Version::from_wire("staging")
    );
    assert_eq!(Version::default(), Version::Live);
}

#[test]
fn a_listed_value_never_becomes_other() {
    // Every way in maps a listed value to its own variant, so `Other` can
    // never be a second, unequal spelling of a known zone.
    assert_eq!(
        Timezone::from_wire("Africa/Abidjan"),
        Timezone::AfricaAbidjan
    );
    assert_eq!(
        Timezone::from("Africa/Abidjan".to_owned()),
        Timezone::AfricaAbidjan
    );
    assert_eq!(
        Timezone::from_str("Africa/Abidjan"),
        Ok(Timezone::AfricaAbidjan)
    );
    assert_eq!(
        decode::<Timezone>(json!("Africa/Abidjan")),
        Timezone::AfricaAbidjan
    );
    for wire in Timezone::KNOWN_VALUES {
        assert!(Timezone::from_wire(wire).is_known(), "{wire}");
    }
    assert_eq!(Status::from_wire(1), Status::Active);
    assert_eq!(Status::from(0), Status::Inactive);
}

#[test]
fn unlisted_values_are_kept_verbatim_both_ways() {
    // Decoded into `Other`, read back and re-encoded exactly as received.
    for wire in ["Europe/Kyiv", "", "europe/kyiv", "Africa/Abidjan "] {
        let decoded: Timezone = decode(json!(wire));
        match &decoded {
            Timezone::Other(value) => {
                assert_eq!(value.as_str(), wire);
                assert_eq!(value.to_string(), wire);
            }
            other => panic!("{wire:?} is not listed, got {other:?}"),
        }
        assert_eq!(decoded.as_str(), wire);
        assert_eq!(encode(&decoded), json!(wire));
        // …and `from_wire` of the same text is the same value, sent the same way.
        assert_eq!(Timezone::from_wire(wire), decoded);
        assert_eq!(encode(&Timezone::from_wire(wire)), json!(wire));
    }
    let seven: Status = decode(json!(7));
    assert_eq!(seven.as_i64(), 7);
    assert_eq!(encode(&seven), json!(7));
    assert_eq!(encode(&Status::from_wire(-3)), json!(-3));
}

#[test]
fn integer_enums_are_numbers_on_the_wire() {
    assert_eq!(encode(&Status::Active), json!(1));
    assert_eq!(encode(&Status::Inactive), json!(0));
    assert_eq!(decode::<Status>(json!(1)), Status::Active);
    assert_eq!(decode::<Status>(json!(7)), Status::from_wire(7));
    assert!(matches!(decode::<Status>(json!(7)), Status::Other(value) if value.get() == 7));
    assert!(serde_json::from_value::<Status>(json!("1")).is_err());
}

// --------------------------------------------------------------- leniency

#[test]
fn responses_decode_what_the_api_really_sends() {
    // Single event: received_time is a full date-time although the vendor says `format: date`.
    let single: EventAccepted = decode(json!({
        "event": "e", "received_time": "2025-02-17T07:49:13.352Z", "request_id": "r",
        "response": {"sms": {"destination": "+91", "msg_id": "m", "status": "ok"}},
        "a_field_added_later": true
    }));
    assert_eq!(single.received_time, "2025-02-17T07:49:13.352Z");
    // Bulk: epoch milliseconds.
    let bulk: BulkEventAccepted =
        decode(json!({"event": "e", "received_time": 1672991866453_i64, "request_id": "r"}));
    assert_eq!(bulk.received_time, Some(1672991866453));
    // A profile without the `properties`/`channel_raw` the vendor lists as required.
    let profile: UserProfile = decode(json!({"distinct_id": "u", "channel": {}, "status": 1}));
    assert_eq!(profile.status, Status::Active);
    assert!(profile.properties.is_none());
}

// ------------------------------------------------- building responses

#[test]
fn response_types_are_built_with_constructors_and_setters() {
    // What a user's test double returns: no struct literal is possible
    // (every struct is `#[non_exhaustive]`), `new` and `with_*` are.
    let built = UserProfile::new(
        "u",
        ProfileChannels::default().with_sms("+91"),
        Status::Active,
    )
    .with_name("Asha")
    .with_timezone("Asia/Kolkata");
    let decoded: UserProfile = decode(json!({
        "distinct_id": "u", "channel": {"sms": "+91"}, "status": 1,
        "name": "Asha", "timezone": "Asia/Kolkata"
    }));
    assert_eq!(built, decoded);
    let bulk = BulkEventAccepted::default()
        .with_event("e")
        .with_received_time(1_672_991_866_453_i64);
    assert_eq!(
        encode(&bulk),
        json!({"event": "e", "received_time": 1672991866453_i64})
    );
    let accepted = EventAccepted::new("e", "t", "r", ChannelDispatches::default());
    assert_eq!(
        encode(&accepted),
        json!({"event": "e", "received_time": "t", "request_id": "r", "response": {}})
    );
}

// ---------------------------------------------------------------- secrets

#[test]
fn request_builders_never_show_the_otp_or_the_key() {
    let client = fyno::Client::builder()
        .workspace_id("FYTEST0001")
        .api_key("sk-very-secret")
        .build()
        .expect("valid configuration");
    let request = client.verify_otp("913562").destination("+919879000000");
    let shown = format!("{request:?} {client:?}");
    assert!(!shown.contains("913562"), "{shown}");
    assert!(!shown.contains("sk-very-secret"), "{shown}");
    assert!(
        shown.contains("destination"),
        "other parameters stay visible: {shown}"
    );
}

/// Enum values are ordered by their wire text, not by where the spec lists
/// them: a value added in the middle of the list (a minor release) moves
/// no existing value, and an unlisted value sorts among the listed ones.
#[test]
fn enum_values_order_by_wire_text() {
    let mut values = [
        Timezone::from_wire("Europe/Kyiv"),
        Timezone::from_wire("Asia/Kolkata"),
        Timezone::from_wire("Africa/Abidjan"),
        Timezone::from_wire("Europe/Kiev"),
    ];
    values.sort();
    let texts: Vec<&str> = values.iter().map(Timezone::as_str).collect();
    assert_eq!(
        texts,
        [
            "Africa/Abidjan",
            "Asia/Kolkata",
            "Europe/Kiev",
            "Europe/Kyiv"
        ]
    );
    assert!(!values[3].is_known());
}
