//! One address as a form holds it: what the shopper typed, the store's checks on it, and the
//! `Address` it becomes. Registration and the address book use the same draft, so they
//! follow the same rules.

use crate::person::NameDraft;
use commerce_rest::customer_config::{CustomerConfig, Show};
use commerce_rest::{Address, AddressRegion, Country, FormField, Message, StoreRules, validate};

/// The most street lines a store may have (`customer/address/street_lines`).
pub const MAX_STREET_LINES: usize = 4;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct AddressDraft {
    /// The addressee, prefix to suffix as the store's form shows them.
    pub name: NameDraft,
    pub country_id: String,
    /// The chosen region of a country that lists regions, as the directory's id.
    pub region_id: String,
    /// The typed region of a country that lists none.
    pub region_text: String,
    /// As many lines as the store has are shown; the rest stay empty.
    pub street: [String; MAX_STREET_LINES],
    pub city: String,
    pub postcode: String,
    pub telephone: String,
    /// Shown as the store's `customer/address/*_show` and `vat_frontend_visibility` say; a
    /// hidden one keeps what the store has.
    pub company: String,
    pub fax: String,
    pub vat_id: String,
}

fn non_empty(text: &str) -> Option<String> {
    Some(text.trim().to_owned()).filter(|t| !t.is_empty())
}

impl AddressDraft {
    /// A new address in the store's default country.
    pub fn new(country_id: &str) -> AddressDraft {
        AddressDraft {
            country_id: country_id.to_owned(),
            ..AddressDraft::default()
        }
    }

    /// The draft of an address she already has, for editing in a form of `street_lines`
    /// lines. Both forms of the region are kept: the id counts where the country lists
    /// regions, the text where it does not.
    pub fn of(address: &Address, street_lines: u8) -> AddressDraft {
        let region_id = address
            .region_id
            .or_else(|| address.region.as_ref()?.region_id)
            .filter(|&id| id != 0);
        // Lines past the form's (from another storefront, or a store that had more) join
        // its last one, where she sees them.
        let shown = usize::from(street_lines).clamp(1, MAX_STREET_LINES);
        let mut street: [String; MAX_STREET_LINES] = Default::default();
        for (i, line) in address.street.iter().enumerate() {
            let slot = &mut street[i.min(shown - 1)];
            if !slot.is_empty() {
                slot.push_str(", ");
            }
            slot.push_str(line);
        }
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        AddressDraft {
            name: NameDraft::of_address(address),
            country_id: text(&address.country_id),
            region_id: region_id.map(|id| id.to_string()).unwrap_or_default(),
            region_text: address.region_name().unwrap_or_default().to_owned(),
            street,
            city: text(&address.city),
            postcode: text(&address.postcode),
            telephone: text(&address.telephone),
            company: text(&address.company),
            fax: text(&address.fax),
            vat_id: text(&address.vat_id),
        }
    }

    /// `base` with the draft's fields written over it: whatever the form does not show
    /// (another module's fields, a name part the store hides) stays as the store sent it.
    pub fn apply_to(
        &self,
        base: &Address,
        countries: &[Country],
        form: &CustomerConfig,
    ) -> Address {
        let country = countries.iter().find(|c| c.id == self.country_id);
        let listed_region = country
            .filter(|c| !c.available_regions.is_empty())
            .zip(self.region_id.parse::<u32>().ok())
            .and_then(|(c, id)| c.region(id).map(|r| (id, r)));
        let (region, region_id) = match listed_region {
            Some((id, r)) => (
                Some(AddressRegion {
                    region_code: Some(r.code.clone()),
                    region: Some(r.name.clone()),
                    region_id: Some(id),
                }),
                Some(id),
            ),
            None => (
                non_empty(&self.region_text).map(|text| AddressRegion {
                    region: Some(text),
                    ..AddressRegion::default()
                }),
                None,
            ),
        };
        let mut address = Address {
            street: self.street.iter().filter_map(|l| non_empty(l)).collect(),
            city: non_empty(&self.city),
            postcode: non_empty(&self.postcode),
            telephone: non_empty(&self.telephone),
            company: non_empty(&self.company),
            fax: non_empty(&self.fax),
            vat_id: non_empty(&self.vat_id),
            country_id: non_empty(&self.country_id),
            region,
            region_id,
            ..base.clone()
        };
        self.name.write_to_address(&mut address, form);
        address
    }

    /// The problems every release of the store would find in this address, found before
    /// anything is sent; the characters of city, street and phone are the store's to judge.
    pub fn problems(&self, countries: &[Country], rules: &StoreRules) -> Vec<Message> {
        validate::address_fields(
            &self.apply_to(&Address::default(), countries, &rules.customer),
            countries,
            rules,
        )
        .map(|invalid| invalid.messages().to_vec())
        .unwrap_or_default()
    }
}

/// The fields of an address form in a store with this form, in their order; `with_names`
/// where the form asks for the addressee (registration uses hers).
pub fn fields(form: &CustomerConfig, with_names: bool) -> Vec<FormField> {
    let mut fields = if with_names {
        crate::person::name_fields(form)
    } else {
        Vec::new()
    };
    let shown = |show: Show| show != Show::Hidden;
    fields.extend(
        [
            (FormField::Country, true),
            (FormField::Region, true),
            (FormField::Company, shown(form.company)),
            (FormField::Street, true),
            (FormField::City, true),
            (FormField::Postcode, true),
            (FormField::Telephone, shown(form.telephone)),
            (FormField::Fax, shown(form.fax)),
            (FormField::VatNumber, form.vat_id),
        ]
        .into_iter()
        .filter_map(|(field, shown)| shown.then_some(field)),
    );
    fields
}

/// The street as a store measures it: its lines that hold something, trimmed, joined by
/// newlines.
pub fn street_length(lines: &[String]) -> usize {
    let counts: Vec<usize> = lines
        .iter()
        .map(|line| line.trim().chars().count())
        .filter(|&count| count > 0)
        .collect();
    counts.iter().sum::<usize>() + counts.len().saturating_sub(1)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use commerce_rest::Region;

    pub fn countries() -> Vec<Country> {
        let country = |id: &str, name: &str, regions: Vec<Region>| Country {
            id: id.into(),
            two_letter_abbreviation: None,
            three_letter_abbreviation: None,
            full_name_locale: Some(name.into()),
            full_name_english: None,
            available_regions: regions,
        };
        vec![
            country(
                "US",
                "United States",
                vec![Region {
                    id: "43".into(),
                    code: "NY".into(),
                    name: "New York".into(),
                }],
            ),
            country("GB", "United Kingdom", vec![]),
        ]
    }

    pub fn jane_at_home() -> AddressDraft {
        AddressDraft {
            name: NameDraft {
                firstname: "Jane".into(),
                lastname: "Doe".into(),
                ..NameDraft::default()
            },
            country_id: "US".into(),
            region_id: "43".into(),
            region_text: String::new(),
            street: [
                "160 1st St.".into(),
                String::new(),
                String::new(),
                String::new(),
            ],
            city: "Mineola".into(),
            postcode: "11501".into(),
            telephone: "516-555-1111".into(),
            ..AddressDraft::default()
        }
    }

    #[test]
    fn an_address_survives_a_round_trip_through_the_form() {
        let sent = jane_at_home().apply_to(
            &Address::default(),
            &countries(),
            &CustomerConfig::default(),
        );
        assert_eq!(sent.region_name(), Some("New York"));
        assert_eq!(sent.region_id, Some(43));
        let stored = Address {
            id: Some(7),
            company: Some("ACME".into()),
            ..sent
        };
        let draft = AddressDraft::of(&stored, 2);
        assert_eq!(
            draft,
            AddressDraft {
                region_text: "New York".into(),
                company: "ACME".into(),
                ..jane_at_home()
            }
        );
        let edited = AddressDraft {
            city: "Albany".into(),
            ..draft
        }
        .apply_to(&stored, &countries(), &CustomerConfig::default());
        assert_eq!(edited.city.as_deref(), Some("Albany"));
        assert_eq!(edited.id, Some(7));
        assert_eq!(
            edited.company.as_deref(),
            Some("ACME"),
            "what the form hides stays"
        );
    }

    #[test]
    fn a_country_without_regions_keeps_the_typed_region() {
        let london = AddressDraft {
            country_id: "GB".into(),
            region_id: "43".into(),
            region_text: "Greater London".into(),
            postcode: String::new(),
            ..jane_at_home()
        };
        assert!(
            london
                .problems(&countries(), &StoreRules::default())
                .is_empty()
        );
        let address = london.apply_to(
            &Address::default(),
            &countries(),
            &CustomerConfig::default(),
        );
        assert_eq!(address.region_id, None);
        assert_eq!(address.region_name(), Some("Greater London"));
        assert_eq!(address.postcode, None);
        let stored = Address {
            region: Some(AddressRegion {
                region_id: Some(0),
                ..address.region.clone().unwrap()
            }),
            region_id: Some(0),
            ..address
        };
        let draft = AddressDraft::of(&stored, 2);
        assert_eq!(
            (draft.region_id.as_str(), draft.region_text.as_str()),
            ("", "Greater London")
        );
    }

    #[test]
    fn lines_past_the_stores_join_its_last_and_its_own_stay_apart() {
        let stored = Address {
            street: vec!["1 Main St".into(), "Floor 2".into(), "Suite 4".into()],
            ..Address::default()
        };
        assert_eq!(
            AddressDraft::of(&stored, 2).street,
            ["1 Main St", "Floor 2, Suite 4", "", ""]
        );
        assert_eq!(
            AddressDraft::of(&stored, 3).street,
            ["1 Main St", "Floor 2", "Suite 4", ""]
        );
        let sent = AddressDraft::of(&stored, 4).apply_to(
            &stored,
            &countries(),
            &CustomerConfig::default(),
        );
        assert_eq!(sent.street, stored.street, "empty lines are not sent");
    }

    #[test]
    fn a_new_address_names_what_is_missing() {
        let problems = AddressDraft::new("US").problems(&countries(), &StoreRules::default());
        let fields: Vec<_> = problems.iter().filter_map(FormField::of).collect();
        assert_eq!(
            fields,
            [
                FormField::Firstname,
                FormField::Lastname,
                FormField::Street,
                FormField::City,
                FormField::Telephone,
                FormField::Postcode,
                FormField::Region
            ]
        );
    }

    #[test]
    fn an_address_some_release_would_take_is_never_refused_before_sending() {
        for (city, street, phone) in [
            ("St. Louis", "1 Market St.", "314-555-0100"),
            ("St. Albans", "Apt #4", "+44 1727 555 010"),
            ("Brighton & Hove", "Flat 2/3", "01273 555 010"),
            ("29 Palms", "73-484 Twentynine Palms Hwy", "760.555.0100"),
            ("Mineola <b>", "c/o <script>", "ext*2"),
        ] {
            let draft = AddressDraft {
                city: city.into(),
                street: [street.into(), String::new(), String::new(), String::new()],
                telephone: phone.into(),
                ..jane_at_home()
            };
            let problems = draft.problems(&countries(), &StoreRules::default());
            assert_eq!(problems, [], "{city}, {street}, {phone}");
        }
    }

    #[test]
    fn a_street_counts_its_characters_and_the_newline_between_its_lines() {
        let length = |lines: &[&str]| {
            street_length(&lines.iter().map(|l| l.to_string()).collect::<Vec<_>>())
        };
        assert_eq!(length(&["160 1st St.", ""]), 11);
        assert_eq!(length(&["", " Apt 4 "]), 5);
        assert_eq!(length(&["160 1st St.", "Apt 4"]), 17);
        assert_eq!(length(&["160 1st St.", "", "Apt 4", "c/o Jo"]), 24);
        assert_eq!(length(&["Straße", ""]), 6, "characters, not bytes");
    }
}
