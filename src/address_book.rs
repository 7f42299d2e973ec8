//! How an address reads on the account page, the way a Magento storefront prints it.

use commerce_rest::{Address, Customer};

/// The lines of an address card: name, street, "city, region, postcode", country, phone.
pub fn address_lines(address: &Address, country_name: &str) -> Vec<String> {
    let name = [address.firstname.as_deref(), address.lastname.as_deref()]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let locality = [
        address.city.as_deref(),
        address.region_name(),
        address.postcode.as_deref(),
    ]
    .into_iter()
    .flatten()
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join(", ");
    let mut lines = vec![name];
    lines.extend(address.street.iter().filter(|l| !l.is_empty()).cloned());
    lines.push(locality);
    lines.push(country_name.to_owned());
    if let Some(phone) = address.telephone.as_deref().filter(|t| !t.is_empty()) {
        lines.push(format!("T: {phone}"));
    }
    lines.retain(|l| !l.is_empty());
    lines
}

/// Which defaults an address of this customer is: (billing, shipping).
pub fn default_marks(customer: &Customer, address: &Address) -> (bool, bool) {
    let id = address.id.map(|id| id.to_string());
    let is = |default: &Option<String>, flag: Option<bool>| match (default, &id) {
        (Some(default), Some(id)) => default == id,
        _ => flag.unwrap_or(false),
    };
    (
        is(&customer.default_billing, address.default_billing),
        is(&customer.default_shipping, address.default_shipping),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use commerce_rest::AddressRegion;

    fn jane_address(id: u32) -> Address {
        Address {
            id: Some(id),
            firstname: Some("Jane".into()),
            lastname: Some("Doe".into()),
            street: vec!["160 1st St.".into()],
            city: Some("Mineola".into()),
            region: Some(AddressRegion {
                region_code: Some("NY".into()),
                region: Some("New York".into()),
                region_id: Some(43),
            }),
            postcode: Some("11501".into()),
            telephone: Some("516-555-1111".into()),
            country_id: Some("US".into()),
            ..Address::default()
        }
    }

    #[test]
    fn the_seed_address_reads_like_the_storefronts() {
        assert_eq!(
            address_lines(&jane_address(2), "United States"),
            [
                "Jane Doe",
                "160 1st St.",
                "Mineola, New York, 11501",
                "United States",
                "T: 516-555-1111"
            ]
        );
    }

    #[test]
    fn defaults_are_marked_separately() {
        let customer = Customer {
            default_billing: Some("2".into()),
            default_shipping: Some("3".into()),
            ..Customer::default()
        };
        assert_eq!(default_marks(&customer, &jane_address(2)), (true, false));
        assert_eq!(default_marks(&customer, &jane_address(3)), (false, true));
        assert_eq!(default_marks(&customer, &jane_address(4)), (false, false));
    }
}
