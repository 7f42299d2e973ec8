//! Customer and address objects (OpenAPI `customer-data-customer-interface` and
//! `customer-data-address-interface`). Keys are snake_case as a store answers; absent values
//! are left out (`skip_serializing_none`), because a store omits nulls.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Customer {
    pub id: Option<u32>,
    pub group_id: Option<u32>,
    /// The id of the default billing address, as a string (a store's own quirk).
    pub default_billing: Option<String>,
    pub default_shipping: Option<String>,
    pub confirmation: Option<String>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    pub created_in: Option<String>,
    pub dob: Option<String>,
    pub email: String,
    pub firstname: String,
    pub lastname: String,
    pub middlename: Option<String>,
    pub prefix: Option<String>,
    pub suffix: Option<String>,
    pub gender: Option<i32>,
    pub store_id: Option<u32>,
    pub taxvat: Option<String>,
    pub website_id: Option<u32>,
    /// `None` and `Some(vec![])` differ on input: omitted keeps the address book, empty clears it.
    pub addresses: Option<Vec<Address>>,
    pub disable_auto_group_change: Option<u32>,
    pub extension_attributes: Option<CustomerExtension>,
    pub custom_attributes: Option<Vec<CustomAttribute>>,
    /// What a store sends that this crate does not model (another module's fields): kept, so
    /// that saving "the customer as fetched, with her edits" sends it back untouched.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

impl Customer {
    pub fn is_subscribed(&self) -> bool {
        self.extension_attributes
            .as_ref()
            .and_then(|e| e.is_subscribed)
            .unwrap_or(false)
    }

    /// The first key that no field of this crate models, anywhere in the customer: a stock
    /// store has no setter for it and refuses the request.
    pub fn unmodelled_field(&self) -> Option<&str> {
        let extension = self.extension_attributes.as_ref().map(|e| &e.other);
        let addresses = self.addresses.iter().flatten().map(|a| &a.other);
        std::iter::once(&self.other)
            .chain(extension)
            .chain(addresses)
            .find_map(|other| other.keys().next())
            .map(String::as_str)
    }
}

#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CustomerExtension {
    pub is_subscribed: Option<bool>,
    /// Other modules' extension attributes (`assistance_allowed`, ...), kept as sent.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomAttribute {
    pub attribute_code: String,
    pub value: Value,
}

#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Address {
    pub id: Option<u32>,
    pub customer_id: Option<u32>,
    pub region: Option<AddressRegion>,
    pub region_id: Option<u32>,
    pub country_id: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub street: Vec<String>,
    pub company: Option<String>,
    pub telephone: Option<String>,
    pub fax: Option<String>,
    pub postcode: Option<String>,
    pub city: Option<String>,
    pub firstname: Option<String>,
    pub lastname: Option<String>,
    pub middlename: Option<String>,
    pub prefix: Option<String>,
    pub suffix: Option<String>,
    pub vat_id: Option<String>,
    pub default_shipping: Option<bool>,
    pub default_billing: Option<bool>,
    pub custom_attributes: Option<Vec<CustomAttribute>>,
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

impl Address {
    pub fn region_name(&self) -> Option<&str> {
        self.region
            .as_ref()?
            .region
            .as_deref()
            .filter(|r| !r.is_empty())
    }
}

/// All three keys are required by the schema, so a store writes `null` for a missing one
/// (an address without a region) rather than leaving it out.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AddressRegion {
    #[serde(default)]
    pub region_code: Option<String>,
    #[serde(default)]
    pub region: Option<String>,
    #[serde(default)]
    pub region_id: Option<u32>,
}

/// Body of `POST /V1/customers`.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CreateCustomer {
    pub customer: Customer,
    #[serde(default)]
    pub password: Option<String>,
}

/// Body of `POST /V1/integration/customer/token` (and the admin twin).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Credentials {
    pub username: String,
    pub password: String,
}

/// Body of `PUT /V1/customers/me`.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SaveCustomer {
    pub customer: Customer,
}

/// Body of `PUT /V1/customers/me/password`.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

/// Body of `PUT /V1/customers/password`: asks the store to e-mail a reset link.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PasswordResetRequest {
    pub email: String,
    /// `email_reset` (the link) or `email_reminder`.
    pub template: String,
}

/// Body of `POST /V1/customers/resetPassword`.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PasswordReset {
    pub email: String,
    pub reset_token: String,
    pub new_password: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_seed_response_round_trips() {
        let body = json!({
            "id": 2, "group_id": 1, "default_billing": "2", "default_shipping": "2",
            "created_at": "2020-07-22 23:12:47", "updated_at": "2020-07-22 23:13:15",
            "created_in": "Default Store View", "email": "jdoe@example.com",
            "firstname": "Jane", "lastname": "Doe", "store_id": 1, "website_id": 1,
            "addresses": [{
                "id": 2, "customer_id": 2,
                "region": {"region_code": "NY", "region": "New York", "region_id": 43},
                "region_id": 43, "country_id": "US", "street": ["160 1st St."],
                "telephone": "516-555-1111", "postcode": "11501", "city": "Mineola",
                "firstname": "Jane", "lastname": "Doe",
                "default_shipping": true, "default_billing": true
            }],
            "disable_auto_group_change": 0,
            "extension_attributes": {"is_subscribed": false}
        });
        let customer: Customer = serde_json::from_value(body.clone()).unwrap();
        assert_eq!(serde_json::to_value(&customer).unwrap(), body);
        assert!(!customer.is_subscribed());
    }

    #[test]
    fn what_another_module_adds_is_kept_and_sent_back() {
        let body = json!({
            "email": "a@b.c", "firstname": "A", "lastname": "B",
            "rp_token_hint": "x",
            "addresses": [{"city": "Mineola", "geo": {"lat": 1}}],
            "extension_attributes": {"is_subscribed": true, "assistance_allowed": 2}
        });
        let customer: Customer = serde_json::from_value(body.clone()).unwrap();
        assert!(customer.is_subscribed());
        assert_eq!(serde_json::to_value(&customer).unwrap(), body);
        assert_eq!(customer.unmodelled_field(), Some("rp_token_hint"));
        let modelled = Customer {
            other: Map::new(),
            ..customer
        };
        assert_eq!(modelled.unmodelled_field(), Some("assistance_allowed"));
    }
}
