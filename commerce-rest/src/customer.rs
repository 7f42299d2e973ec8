//! Customer and address objects (OpenAPI `customer-data-customer-interface` and
//! `customer-data-address-interface`). Keys are snake_case as a store answers; absent values
//! are left out, because a store omits nulls.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Customer {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<u32>,
    /// The id of the default billing address, as a string (a store's own quirk).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_billing: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_shipping: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_in: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dob: Option<String>,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub firstname: String,
    #[serde(default)]
    pub lastname: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub middlename: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suffix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub store_id: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taxvat: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website_id: Option<u32>,
    /// `None` and `Some(vec![])` differ on input: omitted keeps the address book, empty clears it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub addresses: Option<Vec<Address>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_auto_group_change: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension_attributes: Option<CustomerExtension>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
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

    /// The address the store bills to by default, looked up by the id the customer names.
    pub fn default_billing_address(&self) -> Option<&Address> {
        self.address_by_id(self.default_billing.as_deref())
    }

    pub fn default_shipping_address(&self) -> Option<&Address> {
        self.address_by_id(self.default_shipping.as_deref())
    }

    fn address_by_id(&self, id: Option<&str>) -> Option<&Address> {
        let id: u32 = id?.parse().ok()?;
        self.addresses.as_ref()?.iter().find(|a| a.id == Some(id))
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

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CustomerExtension {
    #[serde(default, skip_serializing_if = "Option::is_none")]
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

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Address {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<AddressRegion>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region_id: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_id: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub street: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub telephone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fax: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub firstname: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lastname: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub middlename: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suffix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vat_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_shipping: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_billing: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CreateCustomer {
    pub customer: Customer,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
}

/// Body of `POST /V1/integration/customer/token` (and the admin twin).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Credentials {
    pub username: String,
    pub password: String,
}

/// Body of `PUT /V1/customers/me`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SaveCustomer {
    pub customer: Customer,
}

/// Body of `PUT /V1/customers/me/password`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

/// Body of `PUT /V1/customers/password`: asks the store to e-mail a reset link.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PasswordResetRequest {
    pub email: String,
    /// `email_reset` (the link) or `email_reminder`.
    pub template: String,
}

/// Body of `POST /V1/customers/resetPassword`.
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
    fn seed_response_round_trips_and_finds_default_addresses() {
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
        assert_eq!(
            customer.default_billing_address().unwrap().city.as_deref(),
            Some("Mineola")
        );
        assert_eq!(
            customer.default_shipping_address().unwrap().region_name(),
            Some("New York")
        );
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
        assert_eq!(customer.default_billing_address(), None);
        assert_eq!(serde_json::to_value(&customer).unwrap(), body);
        assert_eq!(customer.unmodelled_field(), Some("rp_token_hint"));
        let modelled = Customer {
            other: Map::new(),
            ..customer
        };
        assert_eq!(modelled.unmodelled_field(), Some("assistance_allowed"));
    }
}
