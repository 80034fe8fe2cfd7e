//! Create a user profile, read it back, add a channel, set properties and
//! delete it, handling documented errors. Runs against a local mock API by default.
//!
//! ```sh
//! cargo run -p fyno --example manage_profile
//! ```

#[path = "support/mock.rs"]
mod mock;

use fyno::operations::GetUserProfileError;
use fyno::types::{
    ChannelData, CreateProfileRequest, DeleteProfilesRequest, PropertyValue,
    SetUserPropertiesRequest, Timezone, UpdateChannelDataRequest,
};
use std::collections::BTreeMap;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (client, _server) = mock::client().await?;

    let profile = CreateProfileRequest::new("user-42")
        .with_name("Asha Rao")
        .with_timezone(Timezone::AsiaKolkata)
        .with_channel(ChannelData::default().with_sms("+919879000000"));
    let created = client.create_user_profile(profile).await?;
    println!("create: {}", created.message);

    match client.get_user_profile("user-42").await {
        Ok(profile) => println!(
            "{} ({}) in {:?}",
            profile.name.as_deref().unwrap_or("unnamed"),
            profile.distinct_id,
            profile.timezone
        ),
        // Documented error statuses decode into typed bodies.
        Err(fyno::Error::Api {
            body: GetUserProfileError::BadRequest(message),
            ..
        }) => {
            println!("no such user: {}", message.message)
        }
        Err(other) => return Err(other.into()),
    }

    let channel = ChannelData::default().with_email("asha@example.com");
    client
        .add_or_update_channel_data("user-42", UpdateChannelDataRequest::new(channel))
        .await?;

    let mut properties = BTreeMap::new();
    properties.insert("plan".to_owned(), PropertyValue::from("gold"));
    properties.insert("orders".to_owned(), PropertyValue::from(12));
    properties.insert("vip".to_owned(), PropertyValue::from(true));
    let accepted = client
        .update_user_property(SetUserPropertiesRequest::new("user-42", properties))
        .await?;
    println!("properties accepted as {}", accepted.request_id);

    let deleted = client
        .delete_user_profile(DeleteProfilesRequest::new(vec!["user-42".to_owned()]))
        .await?;
    println!("delete: {}", deleted.message);
    Ok(())
}
