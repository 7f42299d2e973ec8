//! The address book: how an address reads on a card, which defaults it is, and the one
//! `PUT customers/me` each change becomes. The REST API has no per-address route, so every
//! change sends her whole book as she last fetched it, with that change: an address left
//! out would be deleted by the store.

use commerce_rest::Phrase;
use commerce_rest::{Address, Customer, phrase};

/// A piece of a line of an address card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    /// Words, which flow in the page's direction.
    Words(String),
    /// A postcode or a phone number: its digit groups read left to right in every language,
    /// so it is isolated from the text around it (in Arabic they would be reversed).
    Number(String),
}

/// One line of an address card, in pieces.
pub type Line = Vec<Piece>;

/// The lines of an address card: name, street, "city, region, postcode", country, phone.
/// `separator` is the language's list separator (", ", or "، " in Arabic).
pub fn address_lines(address: &Address, country_name: &str, separator: &str) -> Vec<Line> {
    let words = |text: &str| vec![Piece::Words(text.to_owned())];
    let present = |value: Option<&str>| value.filter(|v| !v.trim().is_empty()).map(str::to_owned);
    let mut locality: Line = Vec::new();
    let parts = [
        present(address.city.as_deref()).map(Piece::Words),
        present(address.region_name()).map(Piece::Words),
        present(address.postcode.as_deref()).map(Piece::Number),
    ];
    for part in parts.into_iter().flatten() {
        if !locality.is_empty() {
            locality.push(Piece::Words(separator.to_owned()));
        }
        locality.push(part);
    }
    let mut lines = vec![words(&crate::person::NameDraft::of_address(address).full())];
    if let Some(company) = present(address.company.as_deref()) {
        lines.push(words(&company));
    }
    lines.extend(
        address
            .street
            .iter()
            .filter(|l| !l.is_empty())
            .map(|l| words(l)),
    );
    lines.push(locality);
    lines.push(words(country_name));
    // As Magento's address template labels them: "T: …", "F: …".
    let numbered = |label: [&str; 2], number: String| {
        vec![
            Piece::Words(label[0].to_owned()),
            Piece::Number(number),
            Piece::Words(label[1].to_owned()),
        ]
    };
    if let Some(phone) = present(address.telephone.as_deref()) {
        lines.push(numbered(crate::i18n::around(phrase!("T: %1")), phone));
    }
    if let Some(fax) = present(address.fax.as_deref()) {
        lines.push(numbered(crate::i18n::around(phrase!("F: %1")), fax));
    }
    if let Some(vat) = present(address.vat_id.as_deref()) {
        lines.push(words(&crate::i18n::tf(phrase!("VAT: %1"), &[&vat])));
    }
    for line in &mut lines {
        line.retain(|piece| !matches!(piece, Piece::Words(w) if w.is_empty()));
    }
    lines.retain(|line| !line.is_empty());
    lines
}

/// Which of her default addresses an address is, or is to become.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Defaults {
    pub billing: bool,
    pub shipping: bool,
}

impl Defaults {
    pub const BOTH: Defaults = Defaults {
        billing: true,
        shipping: true,
    };

    pub fn any(self) -> bool {
        self.billing || self.shipping
    }

    /// Which defaults an address of this customer is: by the ids the customer names, or the
    /// address's own flags where she names none.
    pub fn of(customer: &Customer, address: &Address) -> Defaults {
        let id = address.id.map(|id| id.to_string());
        let is = |default: &Option<String>, flag: Option<bool>| match (default, &id) {
            (Some(default), Some(id)) => default == id,
            _ => flag.unwrap_or(false),
        };
        Defaults {
            billing: is(&customer.default_billing, address.default_billing),
            shipping: is(&customer.default_shipping, address.default_shipping),
        }
    }
}

/// One change to the address book, as the shopper asks for it.
#[derive(Clone, Debug, PartialEq)]
pub enum AddressChange {
    /// A new address; `defaults` are the roles it takes over.
    Add {
        address: Address,
        defaults: Defaults,
    },
    /// New contents for the address with this id; `defaults` are roles it takes over (a
    /// default is given up only by making another address the default).
    Edit {
        id: u32,
        address: Address,
        defaults: Defaults,
    },
    Delete {
        id: u32,
    },
    MakeDefault {
        id: u32,
        defaults: Defaults,
    },
}

/// Why a change was not made; nothing is sent to the store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// A default address cannot be deleted (as on Luma): another must become the default first.
    DeletingADefault(Defaults),
    /// The address is not in the book she last fetched (deleted in another tab, say).
    NoSuchAddress,
}

impl Refusal {
    pub fn text(self) -> Phrase {
        match self {
            Refusal::DeletingADefault(Defaults {
                billing: true,
                shipping: true,
            }) => {
                phrase!(
                    "This is your default billing and shipping address, so it cannot be deleted. Make another address the default first."
                )
            }
            Refusal::DeletingADefault(Defaults { billing: true, .. }) => {
                phrase!(
                    "This is your default billing address, so it cannot be deleted. Make another address the default billing address first."
                )
            }
            Refusal::DeletingADefault(_) => {
                phrase!(
                    "This is your default shipping address, so it cannot be deleted. Make another address the default shipping address first."
                )
            }
            Refusal::NoSuchAddress => {
                phrase!(
                    "This address is no longer in your address book. Reload the page to see your addresses as they are now."
                )
            }
        }
    }
}

/// Where a default points: an address she has, or the one being added.
#[derive(Clone, Copy, PartialEq)]
enum Holder {
    Existing(u32),
    New,
}

impl Holder {
    fn holds(self, address: &Address) -> bool {
        match (self, address.id) {
            (Holder::Existing(id), Some(address_id)) => id == address_id,
            (Holder::New, None) => true,
            _ => false,
        }
    }
}

/// The customer to send with `PUT customers/me`: the one she last fetched, everything kept,
/// her address book with the change applied and its defaults consistent.
pub fn customer_with(fetched: &Customer, change: AddressChange) -> Result<Customer, Refusal> {
    let mut book = fetched.addresses.clone().unwrap_or_default();
    let holder_of = |pick: fn(Defaults) -> bool| {
        book.iter()
            .find(|a| pick(Defaults::of(fetched, a)))
            .and_then(|a| a.id)
            .map(Holder::Existing)
    };
    let mut billing = holder_of(|d| d.billing);
    let mut shipping = holder_of(|d| d.shipping);
    let mut take_over = |holder: Holder, defaults: Defaults| {
        if defaults.billing {
            billing = Some(holder);
        }
        if defaults.shipping {
            shipping = Some(holder);
        }
    };
    let position = |book: &[Address], id: u32| {
        book.iter()
            .position(|a| a.id == Some(id))
            .ok_or(Refusal::NoSuchAddress)
    };
    match change {
        AddressChange::Add { address, defaults } => {
            book.push(Address {
                id: None,
                customer_id: fetched.id,
                ..address
            });
            take_over(Holder::New, defaults);
        }
        AddressChange::Edit {
            id,
            address,
            defaults,
        } => {
            let at = position(&book, id)?;
            book[at] = Address {
                id: Some(id),
                customer_id: book[at].customer_id,
                ..address
            };
            take_over(Holder::Existing(id), defaults);
        }
        AddressChange::Delete { id } => {
            let at = position(&book, id)?;
            let roles = Defaults::of(fetched, &book[at]);
            if roles.any() {
                return Err(Refusal::DeletingADefault(roles));
            }
            book.remove(at);
        }
        AddressChange::MakeDefault { id, defaults } => {
            position(&book, id)?;
            take_over(Holder::Existing(id), defaults);
        }
    }
    // Her only address is always both of her defaults.
    if let [only] = book.as_slice() {
        let holder = only.id.map_or(Holder::New, Holder::Existing);
        billing = Some(holder);
        shipping = Some(holder);
    }
    for address in &mut book {
        address.default_billing = Some(billing.is_some_and(|h| h.holds(address)));
        address.default_shipping = Some(shipping.is_some_and(|h| h.holds(address)));
    }
    // The customer's own ids may only name an address she has; a new one is named by its flags.
    let named = |holder: Option<Holder>| match holder {
        Some(Holder::Existing(id)) => Some(id.to_string()),
        _ => None,
    };
    Ok(Customer {
        default_billing: named(billing),
        default_shipping: named(shipping),
        addresses: Some(book),
        ..fetched.clone()
    })
}

/// The parts of an address a shopper sees and edits; the store's ids and flags aside.
fn same_place(a: &Address, b: &Address) -> bool {
    a.firstname == b.firstname
        && a.lastname == b.lastname
        && a.street == b.street
        && a.city == b.city
        && a.postcode == b.postcode
        && a.telephone == b.telephone
        && a.company == b.company
        && a.fax == b.fax
        && a.vat_id == b.vat_id
        && a.country_id == b.country_id
        && a.region_name() == b.region_name()
}

/// Whether the book the store has now (`fresh`) already holds a change asked of the book she
/// had (`before`): after a save whose answer was lost, it tells "saved" from "send again",
/// so that an address is never added twice.
pub fn is_applied(before: &Customer, fresh: &Customer, change: &AddressChange) -> bool {
    let count = |customer: &Customer, address: &Address| {
        customer
            .addresses
            .iter()
            .flatten()
            .filter(|a| same_place(a, address))
            .count()
    };
    let find = |id: u32| fresh.addresses.iter().flatten().find(|a| a.id == Some(id));
    // A default asked for is one the address now is; one not asked for may be either.
    let holds = |address: &Address, asked: &Defaults| {
        let now = Defaults::of(fresh, address);
        (!asked.billing || now.billing) && (!asked.shipping || now.shipping)
    };
    match change {
        AddressChange::Add { address, .. } => count(fresh, address) > count(before, address),
        AddressChange::Edit {
            id,
            address,
            defaults,
        } => find(*id).is_some_and(|a| same_place(a, address) && holds(a, defaults)),
        AddressChange::Delete { id } => find(*id).is_none(),
        AddressChange::MakeDefault { id, defaults } => {
            find(*id).is_some_and(|a| holds(a, defaults))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use commerce_rest::AddressRegion;

    fn jane_address(id: u32) -> Address {
        Address {
            id: Some(id),
            customer_id: Some(1),
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

    fn london() -> Address {
        Address {
            firstname: Some("Jane".into()),
            lastname: Some("Doe".into()),
            street: vec!["10 Downing St.".into()],
            city: Some("London".into()),
            country_id: Some("GB".into()),
            telephone: Some("+44 20 7946 0000".into()),
            ..Address::default()
        }
    }

    /// Jane with her registration address (2, both defaults) and a second one (3).
    fn jane_with_two() -> Customer {
        Customer {
            id: Some(1),
            email: "jdoe@example.com".into(),
            firstname: "Jane".into(),
            lastname: "Doe".into(),
            default_billing: Some("2".into()),
            default_shipping: Some("2".into()),
            group_id: Some(1),
            website_id: Some(1),
            addresses: Some(vec![jane_address(2), jane_address(3)]),
            ..Customer::default()
        }
    }

    fn ids_and_flags(customer: &Customer) -> Vec<(Option<u32>, bool, bool)> {
        customer
            .addresses
            .iter()
            .flatten()
            .map(|a| {
                (
                    a.id,
                    a.default_billing.unwrap(),
                    a.default_shipping.unwrap(),
                )
            })
            .collect()
    }

    /// The text of a line, as a screen reader or a copy reads it.
    fn line_text(line: &Line) -> String {
        line.iter()
            .map(|piece| match piece {
                Piece::Words(text) | Piece::Number(text) => text.as_str(),
            })
            .collect()
    }

    #[test]
    fn the_seed_address_reads_like_the_storefronts() {
        let lines = address_lines(&jane_address(2), "United States", ", ");
        let texts: Vec<String> = lines.iter().map(line_text).collect();
        assert_eq!(
            texts,
            [
                "Jane Doe",
                "160 1st St.",
                "Mineola, New York, 11501",
                "United States",
                "T: 516-555-1111"
            ]
        );
        assert_eq!(lines[2].last(), Some(&Piece::Number("11501".into())));
        assert!(lines[4].contains(&Piece::Number("516-555-1111".into())));
    }

    #[test]
    fn an_arabic_card_separates_with_its_comma_and_keeps_numbers_apart() {
        let riyadh = Address {
            city: Some("الرياض".into()),
            postcode: Some("12211".into()),
            region: None,
            region_id: None,
            telephone: Some("+966 11 123 4567".into()),
            ..jane_address(2)
        };
        let lines = address_lines(&riyadh, "السعودية", "، ");
        assert_eq!(
            lines[2],
            [
                Piece::Words("الرياض".into()),
                Piece::Words("، ".into()),
                Piece::Number("12211".into())
            ]
        );
        assert!(lines[4].contains(&Piece::Number("+966 11 123 4567".into())));
    }

    #[test]
    fn defaults_are_marked_separately() {
        let customer = Customer {
            default_billing: Some("2".into()),
            default_shipping: Some("3".into()),
            ..Customer::default()
        };
        let billing_only = Defaults {
            billing: true,
            shipping: false,
        };
        assert_eq!(Defaults::of(&customer, &jane_address(2)), billing_only);
        assert!(Defaults::of(&customer, &jane_address(3)).shipping);
        assert!(!Defaults::of(&customer, &jane_address(4)).any());
    }

    #[test]
    fn adding_an_address_sends_the_whole_book_and_keeps_everything_else() {
        let fetched = jane_with_two();
        let sent = customer_with(
            &fetched,
            AddressChange::Add {
                address: london(),
                defaults: Defaults {
                    billing: false,
                    shipping: true,
                },
            },
        )
        .unwrap();
        assert_eq!(
            ids_and_flags(&sent),
            [
                (Some(2), true, false),
                (Some(3), false, false),
                (None, false, true)
            ]
        );
        assert_eq!(sent.default_billing.as_deref(), Some("2"));
        assert_eq!(
            sent.default_shipping, None,
            "the new address is named by its flag"
        );
        assert_eq!(sent.addresses.as_ref().unwrap()[2].customer_id, Some(1));
        assert_eq!(
            (sent.group_id, sent.website_id, &sent.email),
            (Some(1), Some(1), &fetched.email)
        );
    }

    #[test]
    fn editing_keeps_the_id_and_can_take_over_a_default() {
        let sent = customer_with(
            &jane_with_two(),
            AddressChange::Edit {
                id: 3,
                address: london(),
                defaults: Defaults::BOTH,
            },
        )
        .unwrap();
        assert_eq!(
            ids_and_flags(&sent),
            [(Some(2), false, false), (Some(3), true, true)]
        );
        assert_eq!(sent.default_billing.as_deref(), Some("3"));
        let book = sent.addresses.unwrap();
        assert_eq!(book[1].city.as_deref(), Some("London"));
        assert_eq!(book[1].customer_id, Some(1));
    }

    #[test]
    fn making_a_default_moves_only_that_role() {
        let sent = customer_with(
            &jane_with_two(),
            AddressChange::MakeDefault {
                id: 3,
                defaults: Defaults {
                    billing: false,
                    shipping: true,
                },
            },
        )
        .unwrap();
        assert_eq!(
            ids_and_flags(&sent),
            [(Some(2), true, false), (Some(3), false, true)]
        );
        assert_eq!(
            (
                sent.default_billing.as_deref(),
                sent.default_shipping.as_deref()
            ),
            (Some("2"), Some("3"))
        );
    }

    #[test]
    fn a_default_cannot_be_deleted_and_another_can() {
        let fetched = jane_with_two();
        assert_eq!(
            customer_with(&fetched, AddressChange::Delete { id: 2 }),
            Err(Refusal::DeletingADefault(Defaults::BOTH))
        );
        let sent = customer_with(&fetched, AddressChange::Delete { id: 3 }).unwrap();
        assert_eq!(ids_and_flags(&sent), [(Some(2), true, true)]);
        assert_eq!(
            customer_with(&fetched, AddressChange::Delete { id: 9 }),
            Err(Refusal::NoSuchAddress)
        );
    }

    #[test]
    fn a_lost_answer_is_told_from_a_change_not_made() {
        let before = jane_with_two();
        let add = AddressChange::Add {
            address: london(),
            defaults: Defaults::default(),
        };
        let mut saved = customer_with(&before, add.clone()).unwrap();
        saved.addresses.as_mut().unwrap()[2].id = Some(4);
        assert!(is_applied(&before, &saved, &add));
        assert!(!is_applied(&before, &before, &add));
        // The same address a second time is a new one only when the count grows.
        assert!(!is_applied(&saved, &saved, &add));

        let delete = AddressChange::Delete { id: 3 };
        let deleted = customer_with(&before, delete.clone()).unwrap();
        assert!(is_applied(&before, &deleted, &delete));
        assert!(!is_applied(&before, &before, &delete));

        let shipping = AddressChange::MakeDefault {
            id: 3,
            defaults: Defaults {
                billing: false,
                shipping: true,
            },
        };
        let made = customer_with(&before, shipping.clone()).unwrap();
        assert!(is_applied(&before, &made, &shipping));
        assert!(!is_applied(&before, &before, &shipping));
    }

    #[test]
    fn a_lost_edit_that_only_made_it_default_is_not_called_saved_until_it_is() {
        let before = jane_with_two();
        let unchanged = before.addresses.as_ref().unwrap()[1].clone();
        let edit = AddressChange::Edit {
            id: unchanged.id.unwrap(),
            address: unchanged,
            defaults: Defaults {
                billing: false,
                shipping: true,
            },
        };
        let made = customer_with(&before, edit.clone()).unwrap();
        assert!(!is_applied(&before, &before, &edit));
        assert!(is_applied(&before, &made, &edit));
    }

    #[test]
    fn her_only_address_is_always_both_defaults() {
        let without_defaults = Customer {
            default_billing: None,
            default_shipping: None,
            addresses: Some(vec![jane_address(2), jane_address(3)]),
            ..jane_with_two()
        };
        let sent = customer_with(&without_defaults, AddressChange::Delete { id: 3 }).unwrap();
        assert_eq!(ids_and_flags(&sent), [(Some(2), true, true)]);
        assert_eq!(sent.default_shipping.as_deref(), Some("2"));

        let empty_book = Customer {
            addresses: Some(vec![]),
            default_billing: None,
            default_shipping: None,
            ..jane_with_two()
        };
        let first = customer_with(
            &empty_book,
            AddressChange::Add {
                address: london(),
                defaults: Defaults::default(),
            },
        )
        .unwrap();
        assert_eq!(ids_and_flags(&first), [(None, true, true)]);
    }
}
