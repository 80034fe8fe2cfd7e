//! Fire a notification event: to a user by distinct id, to explicit channels,
//! and to many users at once. Runs against a local mock API by default.
//!
//! ```sh
//! cargo run -p fyno --example send_event
//! ```

#[path = "support/mock.rs"]
mod mock;

use fyno::types::{BulkEventItem, BulkEventRequest, EventName, EventRequest, Recipient};
use serde_json::json;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (client, _server) = mock::client().await?;

    // To a user by distinct id: Fyno uses the channels stored in their profile.
    let data = json!({"order_id": "A-1001", "eta": "tomorrow"});
    let event = EventRequest::distinct_id(EventName::new("order_shipped"), "user-42")
        .with_data(data.as_object().cloned().unwrap_or_default());
    // An idempotency key is generated once and reused on every retry, so a
    // retried call can never notify the user twice.
    let accepted = client.send_event(event).await?;
    println!(
        "accepted {} as request {}",
        accepted.event, accepted.request_id
    );

    // To explicit destinations, with our own idempotency key.
    let to = Recipient::default()
        .with_sms("+919879000000")
        .with_email("asha@example.com");
    let accepted = client
        .send_event(EventRequest::to(EventName::new("order_shipped"), to))
        .idempotency_key("order-A-1001-shipped")
        .await?;
    if let Some(sms) = &accepted.response.sms {
        println!("sms to {}: {}", sms.destination, sms.status);
    }

    // Many users at once.
    let bulk = BulkEventRequest::new(
        EventName::new("order_shipped"),
        vec![
            BulkEventItem::distinct_id("user-42"),
            BulkEventItem::to(Recipient::default().with_whatsapp("+919879000001")),
        ],
    );
    let accepted = client.send_bulk_event(bulk).await?;
    println!(
        "bulk request {:?} received at {:?}",
        accepted.request_id, accepted.received_time
    );
    Ok(())
}
