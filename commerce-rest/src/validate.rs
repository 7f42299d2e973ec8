//! Magento's validators for a customer and an address (`Customer\Model\Validator\*`,
//! `Customer\Model\Address\Validator\{General,Country}`), in the store's order. The store
//! reports two kinds of failure differently, and so does [`Invalid`].

use crate::customer::{Address, Credentials, Customer};
use crate::customer_config::{CustomerConfig, Show};
use crate::directory::Country;
use crate::error::{ErrorBody, Message, templates};
use crate::store::StoreRules;

/// `\p{L}` or `\p{M}`: a letter, or a mark that belongs to one (the accent of a decomposed
/// "é", the vowel signs of Devanagari).
fn is_letter_or_mark(c: char) -> bool {
    c.is_alphabetic() || is_mark(c)
}

#[cfg(not(target_arch = "wasm32"))]
fn is_mark(c: char) -> bool {
    use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};
    c.general_category_group() == GeneralCategoryGroup::Mark
}

#[cfg(target_arch = "wasm32")]
fn is_mark(c: char) -> bool {
    thread_local! {
        static MARK: js_sys::RegExp = js_sys::RegExp::new("^\\p{M}$", "u");
    }
    MARK.with(|mark| mark.test(c.encode_utf8(&mut [0; 4])))
}

/// The longest values a stock store keeps, in characters.
pub mod limits {
    /// First, middle and last names (`Validator\Name`).
    pub const NAME: usize = 255;
    /// An address, as Laminas' validator takes it (RFC 5321's path).
    pub const EMAIL: usize = 254;
    /// `Validator\City`
    pub const CITY: usize = 100;
    /// `Validator\Street`: every line, joined by newlines (`quote_address.street`).
    pub const STREET: usize = 255;
    /// `Validator\Telephone`
    pub const TELEPHONE: usize = 20;
    /// Name Prefix and Name Suffix (their attributes' `max_text_length`).
    pub const HONORIFIC: usize = 40;
    /// Tax/VAT number (its attribute's `max_text_length`).
    pub const TAXVAT: usize = 50;
}

/// Why a customer or an address was refused.
#[derive(Clone, Debug, PartialEq)]
pub enum Invalid {
    /// An `InputException`: one message alone, several aggregated under `errors`.
    Input(Vec<Message>),
    /// A `Validator\Exception`: the rendered messages joined by newlines into one.
    Format(Vec<Message>),
}

impl Invalid {
    pub fn messages(&self) -> &[Message] {
        match self {
            Invalid::Input(m) | Invalid::Format(m) => m,
        }
    }

    pub fn into_body(self) -> ErrorBody {
        match self {
            Invalid::Input(messages) => ErrorBody::from_messages(messages),
            Invalid::Format(messages) => ErrorBody::from(Message::plain(
                &messages
                    .iter()
                    .map(|m| match m.message.as_str() {
                        templates::CITY_INVALID => CITY_INVALID_AS_SENT.to_owned(),
                        _ => m.render(),
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
            )),
        }
    }
}

/// `Validator\City`'s message as a store sends it: its PHP literal spans two lines.
const CITY_INVALID_AS_SENT: &str = "Invalid City. Please use letters, numbers, spaces,\n                and the following characters: - _ ' ’ . , & ( ) /";

fn is_blank(value: Option<&str>) -> bool {
    value.is_none_or(|v| v.trim().is_empty())
}

/// A sign-in's e-mail and password, as the store's `CredentialsValidator` reports them: each
/// one empty, together.
pub fn credentials(credentials: &Credentials) -> Vec<Message> {
    [
        ("username", &credentials.username),
        ("password", &credentials.password),
    ]
    .into_iter()
    .filter(|(_, value)| value.is_empty())
    .map(|(name, _)| Message::named(templates::REQUIRED_FIELD, [("fieldName", name.into())]))
    .collect()
}

/// The local part as Laminas' `EmailAddress::validateLocalPart` takes it: at most 64 bytes, a
/// dot-atom of ASCII `atext` (dots between, not around, as many as one likes), or a quoted
/// string. A letter outside ASCII (`jörg@`) is refused, as every release refuses it.
fn is_local_part(local: &str) -> bool {
    const ATEXT: &str = "!#$%&'*+-/=?^_`{|}~";
    let atext = |c: char| c.is_ascii_alphanumeric() || ATEXT.contains(c);
    let dot_atom = !local.starts_with('.')
        && !local.ends_with('.')
        && local.chars().all(|c| atext(c) || c == '.');
    let quoted = local.len() >= 2 && local.starts_with('"') && local.ends_with('"') && {
        let mut chars = local[1..local.len() - 1].chars();
        let mut fits = true;
        while let Some(c) = chars.next() {
            fits &= match c {
                '\\' => chars.next().is_some_and(|q| (' '..='~').contains(&q)),
                '"' => false,
                c => (' '..='~').contains(&c),
            };
        }
        fits
    };
    !local.is_empty() && local.len() <= 64 && (dot_atom || quoted)
}

/// Pragmatic form of the store's e-mail validator: a local part as Laminas takes it, one
/// `@`, and a dotted host of letters (in any script), digits and hyphens.
pub fn email(email: &str) -> Option<Message> {
    if email.trim().is_empty() {
        return Some(Message::plain(templates::EMAIL_MISSING));
    }
    let valid = email.chars().count() <= limits::EMAIL
        && email.rsplit_once('@').is_some_and(|(local, host)| {
            let local_ok = is_local_part(local);
            let labels: Vec<&str> = host.split('.').collect();
            let host_ok = labels.len() >= 2
                && labels.iter().all(|l| {
                    !l.is_empty()
                        && !l.starts_with('-')
                        && !l.ends_with('-')
                        && l.chars().all(|c| c.is_alphanumeric() || c == '-')
                })
                && labels.last().is_some_and(|tld| {
                    tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic)
                });
            local_ok && host_ok
        });
    (!valid).then(|| Message::plain(templates::EMAIL_INVALID))
}

/// The name rule of recent 2.4 releases: letters, marks, digits, white space and
/// `` , - _ . ' ’ ` & ``, 1 to 255 characters.
#[cfg(not(target_arch = "wasm32"))]
pub fn is_valid_name(name: &str) -> bool {
    let len = name.chars().count();
    (1..=limits::NAME).contains(&len)
        && name.chars().all(|c| {
            is_letter_or_mark(c) || c.is_numeric() || c.is_whitespace() || ",-_.'’`&".contains(c)
        })
}

/// The same rule in the browser, by its own Unicode tables, which cost the bundle nothing
/// (Rust's would be some kilobytes of every page's first load).
#[cfg(target_arch = "wasm32")]
pub fn is_valid_name(name: &str) -> bool {
    thread_local! {
        static NAME: js_sys::RegExp =
            js_sys::RegExp::new("^[\\p{L}\\p{M}\\p{N}\\s,\\-_.'’`&]{1,255}$", "u");
    }
    NAME.with(|rule| rule.test(name))
}

/// A date of birth as a store keeps it, `YYYY-MM-DD` (a time after the day is dropped), or
/// `None` when it is not a day of the calendar.
pub fn date_of_birth(value: &str) -> Option<String> {
    let day = value.trim().get(..10)?;
    let rest = &value.trim()[10..];
    if !(rest.is_empty() || rest.starts_with([' ', 'T'])) {
        return None;
    }
    let mut parts = day.split('-');
    let (year, month, date): (u32, u32, u32) = (
        parts.next()?.parse().ok()?,
        parts.next()?.parse().ok()?,
        parts.next()?.parse().ok()?,
    );
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return None,
    };
    let shaped = day.as_bytes()[4] == b'-' && day.as_bytes()[7] == b'-';
    (shaped && year >= 1000 && (1..=days).contains(&date)).then(|| day.to_owned())
}

/// The attributes of the store's customer form beyond the names (contract §10a), as its EAV
/// validator reports them: a required one missing, a date of birth that is not a day or is
/// after `today` (`YYYY-MM-DD`).
pub fn customer_attributes(
    customer: &Customer,
    form: &CustomerConfig,
    today: &str,
) -> Vec<Message> {
    let required_value =
        |label: &str| Message::plain(&templates::REQUIRED_VALUE.replace("%1", label));
    let mut messages = Vec::new();
    let text = [
        ("Name Prefix", form.prefix, customer.prefix.as_deref()),
        ("Name Suffix", form.suffix, customer.suffix.as_deref()),
        ("Date of Birth", form.dob, customer.dob.as_deref()),
        ("Tax/VAT number", form.taxvat, customer.taxvat.as_deref()),
    ];
    for (label, show, value) in text {
        if show == Show::Required && is_blank(value) {
            messages.push(required_value(label));
        }
    }
    if form.gender == Show::Required && customer.gender.is_none_or(|g| g == 0) {
        messages.push(required_value("Gender"));
    }
    if let Some(dob) = customer.dob.as_deref().filter(|d| !d.trim().is_empty()) {
        match date_of_birth(dob) {
            None => messages.push(Message::plain(templates::DATE_OF_BIRTH_FORMAT)),
            Some(day) if day.as_str() > today => {
                messages.push(Message::plain(templates::DATE_OF_BIRTH_IN_FUTURE))
            }
            Some(_) => {}
        }
    }
    messages
}

/// First, middle and last name of a customer, reported together as the store does.
pub fn names(customer: &Customer) -> Option<Invalid> {
    let mut messages = Vec::new();
    let mut check = |value: Option<&str>, empty: Option<&str>, invalid: &str| match value {
        Some(v) if !v.trim().is_empty() => {
            if !is_valid_name(v) {
                messages.push(Message::plain(invalid));
            }
        }
        _ => {
            if let Some(empty) = empty {
                messages.push(Message::plain(empty));
            }
        }
    };
    check(
        Some(&customer.firstname),
        Some(templates::FIRST_NAME_EMPTY),
        templates::FIRST_NAME_INVALID,
    );
    check(
        customer.middlename.as_deref(),
        None,
        templates::MIDDLE_NAME_INVALID,
    );
    check(
        Some(&customer.lastname),
        Some(templates::LAST_NAME_EMPTY),
        templates::LAST_NAME_INVALID,
    );
    (!messages.is_empty()).then_some(Invalid::Format(messages))
}

/// `Validator\City` of current releases.
fn matches_city(city: &str) -> bool {
    (1..=limits::CITY).contains(&city.chars().count())
        && city.chars().all(|c| {
            is_letter_or_mark(c) || c.is_numeric() || c.is_whitespace() || "-_'’.,&()/".contains(c)
        })
}

/// A street past its 255 characters, its lines joined by newlines: every release refuses
/// it, the validators' releases with this message.
fn street_too_long(lines: &[String]) -> Option<Message> {
    (lines.join("\n").chars().count() > limits::STREET)
        .then(|| Message::positional(templates::STREET_TOO_LONG, vec![limits::STREET.into()]))
}

/// `Validator\Street` of current releases: the lines joined by newlines, their length first.
fn street_problem(lines: &[String]) -> Option<Message> {
    if let Some(too_long) = street_too_long(lines) {
        return Some(too_long);
    }
    let allowed =
        |c: char| is_letter_or_mark(c) || c.is_numeric() || " \t\n-'‘’.,&#/()".contains(c);
    (!lines.join("\n").chars().all(allowed)).then(|| Message::plain(templates::STREET_INVALID))
}

/// `Validator\Telephone` of current releases.
fn matches_telephone(phone: &str) -> bool {
    (1..=limits::TELEPHONE).contains(&phone.chars().count())
        && phone
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_whitespace() || "+().-/".contains(c))
}

/// What every supported release refuses in an address, and so all the app checks before
/// sending: required fields, then country and region against the directory. The characters
/// of city, street and phone differ by release (contract §6): those are the store's to answer.
pub fn address_fields(
    address: &Address,
    directory: &[Country],
    rules: &StoreRules,
) -> Option<Invalid> {
    let mut input = Vec::new();
    let form = &rules.customer;
    let required = [
        ("firstname", is_blank(address.firstname.as_deref())),
        ("lastname", is_blank(address.lastname.as_deref())),
        (
            "street",
            is_blank(address.street.first().map(String::as_str)),
        ),
        ("city", is_blank(address.city.as_deref())),
        (
            "telephone",
            form.telephone == Show::Required && is_blank(address.telephone.as_deref()),
        ),
        (
            "company",
            form.company == Show::Required && is_blank(address.company.as_deref()),
        ),
        (
            "fax",
            form.fax == Show::Required && is_blank(address.fax.as_deref()),
        ),
    ];
    input.extend(
        required
            .into_iter()
            .filter(|(_, missing)| *missing)
            .map(|(field, _)| Message::required(field)),
    );
    let country_id = address.country_id.as_deref().unwrap_or("");
    if rules.postcode_required(country_id) && is_blank(address.postcode.as_deref()) {
        input.push(Message::required("postcode"));
    }
    if country_id.trim().is_empty() {
        input.push(Message::required("countryId"));
    } else {
        match directory.iter().find(|c| c.id == country_id) {
            None => input.push(Message::invalid_value("countryId", country_id)),
            Some(country) => input.extend(region_problem(address, country, rules)),
        }
    }
    (!input.is_empty()).then_some(Invalid::Input(input))
}

/// Which characters a store's release allows in a city, a street and a phone number
/// (contract §6).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddressCharacters {
    /// Before the validators: any.
    Any,
    /// 2.4.8 as first released: no digits in a city, no `#` in a street.
    FirstOf2_4_8,
    /// 2.4.8 with ACSD-67904, 2.4.9 and 2.4-develop.
    Current,
}

/// 2.4.8's first `Validator\City`: letters, marks, spaces, `-` and `'` (its message says
/// digits too; its pattern takes none).
fn matches_city_2_4_8(city: &str) -> bool {
    (1..=limits::CITY).contains(&city.chars().count())
        && city
            .chars()
            .all(|c| is_letter_or_mark(c) || c.is_whitespace() || "-'".contains(c))
}

/// 2.4.8's first `Validator\Street`, line by line.
fn matches_street_2_4_8(lines: &[String]) -> bool {
    lines.iter().all(|line| {
        line.chars().all(|c| {
            is_letter_or_mark(c) || c.is_numeric() || c.is_whitespace() || "\"[],-.'’`&".contains(c)
        })
    })
}

/// 2.4.8's first `Validator\Telephone`.
fn matches_telephone_2_4_8(phone: &str) -> bool {
    (1..=limits::TELEPHONE).contains(&phone.chars().count())
        && phone
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_whitespace() || "+()-".contains(c))
}

/// The street attribute's own rule (`Eav\Model\Attribute\Data\Multiline`), in every release:
/// no more lines than `customer/address/street_lines`. Its message names the attribute by its
/// store label.
pub fn street_lines_problem(lines: &[String], street_lines: u8) -> Option<Message> {
    (lines.len() > usize::from(street_lines)).then(|| {
        Message::plain(
            &templates::TOO_MANY_LINES
                .replace("%1", STREET_LABEL)
                .replace("%2", &street_lines.to_string()),
        )
    })
}

/// The street attribute's label in a stock store.
pub const STREET_LABEL: &str = "Street Address";

/// An address as a store of the current release checks it: [`address_fields`], then the
/// street's lines and the characters of city, street and telephone.
pub fn address(address: &Address, directory: &[Country], rules: &StoreRules) -> Option<Invalid> {
    address_as(address, directory, rules, AddressCharacters::Current)
}

/// An address as a store of a release with these rules for its characters checks it.
pub fn address_as(
    address: &Address,
    directory: &[Country],
    rules: &StoreRules,
    characters: AddressCharacters,
) -> Option<Invalid> {
    if let Some(invalid) = address_fields(address, directory, rules) {
        return Some(invalid);
    }
    let mut format = Vec::new();
    format.extend(street_lines_problem(
        &address.street,
        rules.customer.street_lines,
    ));
    let city = address.city.as_deref();
    let phone = address.telephone.as_deref();
    match characters {
        AddressCharacters::Any => format.extend(street_too_long(&address.street)),
        AddressCharacters::FirstOf2_4_8 => {
            if city.is_some_and(|c| !matches_city_2_4_8(c)) {
                format.push(Message::plain(templates::CITY_INVALID_2_4_8));
            }
            if !matches_street_2_4_8(&address.street) {
                format.push(Message::plain(templates::STREET_INVALID_2_4_8));
            }
            format.extend(street_too_long(&address.street));
            if phone.is_some_and(|t| !matches_telephone_2_4_8(t)) {
                format.push(Message::plain(templates::TELEPHONE_INVALID_2_4_8));
            }
        }
        AddressCharacters::Current => {
            if city.is_some_and(|c| !matches_city(c)) {
                format.push(Message::plain(templates::CITY_INVALID));
            }
            format.extend(street_problem(&address.street));
            if phone.is_some_and(|t| !matches_telephone(t)) {
                format.push(Message::plain(templates::TELEPHONE_INVALID));
            }
        }
    }
    (!format.is_empty()).then_some(Invalid::Format(format))
}

fn region_problem(address: &Address, country: &Country, rules: &StoreRules) -> Option<Message> {
    let required = rules.region_required(&country.id);
    let region_id = address
        .region_id
        .or_else(|| address.region.as_ref()?.region_id)
        .filter(|&id| id != 0);
    let region_text = address.region.as_ref().and_then(|r| r.region.as_deref());
    if country.available_regions.is_empty() {
        (required && is_blank(region_text)).then(|| Message::required("region"))
    } else {
        match region_id {
            None if required => Some(Message::required("regionId")),
            Some(id) if country.region(id).is_none() => {
                Some(Message::invalid_value("regionId", &id.to_string()))
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::customer::AddressRegion;
    use crate::directory::Region;

    fn directory() -> Vec<Country> {
        let country = |id: &str, regions: Vec<Region>| Country {
            id: id.into(),
            two_letter_abbreviation: Some(id.into()),
            three_letter_abbreviation: None,
            full_name_locale: None,
            full_name_english: None,
            available_regions: regions,
        };
        vec![
            country(
                "US",
                vec![Region {
                    id: "43".into(),
                    code: "NY".into(),
                    name: "New York".into(),
                }],
            ),
            country("GB", vec![]),
            country(
                "DE",
                vec![Region {
                    id: "82".into(),
                    code: "BAY".into(),
                    name: "Bayern".into(),
                }],
            ),
        ]
    }

    fn jane() -> Address {
        Address {
            firstname: Some("Jane".into()),
            lastname: Some("Doe".into()),
            street: vec!["160 1st St.".into()],
            city: Some("Mineola".into()),
            telephone: Some("516-555-1111".into()),
            postcode: Some("11501".into()),
            country_id: Some("US".into()),
            region: Some(AddressRegion {
                region_code: Some("NY".into()),
                region: Some("New York".into()),
                region_id: Some(43),
            }),
            region_id: Some(43),
            ..Address::default()
        }
    }

    fn check(a: &Address) -> Option<Invalid> {
        address(a, &directory(), &StoreRules::default())
    }

    fn fields(invalid: Option<Invalid>) -> Vec<String> {
        invalid
            .unwrap()
            .messages()
            .iter()
            .map(|m| m.field_name().unwrap_or(&m.message).to_owned())
            .collect()
    }

    #[test]
    fn the_seed_address_is_valid() {
        assert_eq!(check(&jane()), None);
    }

    #[test]
    fn missing_fields_are_reported_together_in_the_stores_order() {
        let empty = Address {
            country_id: Some("US".into()),
            ..Address::default()
        };
        assert_eq!(
            fields(check(&empty)),
            [
                "firstname",
                "lastname",
                "street",
                "city",
                "telephone",
                "postcode",
                "regionId"
            ]
        );
        let no_country = Address {
            country_id: None,
            ..jane()
        };
        assert_eq!(fields(check(&no_country)), ["countryId"]);
    }

    #[test]
    fn regions_follow_the_country() {
        let unknown_region = Address {
            region_id: Some(999),
            region: None,
            ..jane()
        };
        let body = check(&unknown_region).unwrap().into_body();
        assert_eq!(body.message, templates::INVALID_FIELD_VALUE);
        assert_eq!(body.parameters.named("value").unwrap(), "999");
        // Germany has regions but does not require one; Britain has none and needs no postcode.
        let germany = Address {
            country_id: Some("DE".into()),
            region: None,
            region_id: None,
            ..jane()
        };
        assert_eq!(check(&germany), None);
        let britain = Address {
            country_id: Some("GB".into()),
            region: Some(AddressRegion {
                region: Some("Greater London".into()),
                ..AddressRegion::default()
            }),
            region_id: None,
            postcode: None,
            ..jane()
        };
        assert_eq!(check(&britain), None);
        let unknown_country = Address {
            country_id: Some("XX".into()),
            ..jane()
        };
        assert_eq!(
            check(&unknown_country).unwrap().messages()[0].render(),
            "Invalid value of \"XX\" provided for the countryId field."
        );
    }

    #[test]
    fn characters_of_city_street_and_phone_are_checked_after_presence() {
        let bad = Address {
            city: Some("Mineola <b>".into()),
            street: vec!["160 1st St.".into(), "c/o <script>".into()],
            telephone: Some("516 555 1111 ext*2".into()),
            ..jane()
        };
        let body = check(&bad).unwrap().into_body();
        assert_eq!(
            body.message,
            [
                CITY_INVALID_AS_SENT,
                templates::STREET_INVALID,
                templates::TELEPHONE_INVALID
            ]
            .join("\n")
        );
        assert!(body.parameters.is_empty());
        let read: Vec<String> = body.messages().into_iter().map(|m| m.message).collect();
        assert_eq!(
            read,
            [
                templates::CITY_INVALID,
                templates::STREET_INVALID,
                templates::TELEPHONE_INVALID
            ]
        );
        assert_eq!(
            address_fields(&bad, &directory(), &StoreRules::default()),
            None,
            "characters are the store's to answer"
        );
    }

    #[test]
    fn real_cities_and_streets_that_2_4_8_refused_are_taken() {
        for (city, street) in [
            ("St. Louis", "1 Market St."),
            ("St. Albans", "Apt #4, 12 Holywell Hill"),
            ("Brighton & Hove", "Flat 2/3 (rear)"),
            ("29 Palms", "73-484 Twentynine Palms Hwy"),
            ("Saint-Étienne", "‘Le Clos’, 4 rue d’Arcole"),
        ] {
            let address = Address {
                city: Some(city.into()),
                street: vec![street.into()],
                telephone: Some("+43680/2149568".into()),
                ..jane()
            };
            assert_eq!(check(&address), None, "{city}, {street}");
        }
    }

    #[test]
    fn a_street_is_measured_with_all_its_lines() {
        let long = Address {
            street: vec!["a".repeat(200), "b".repeat(55)],
            ..jane()
        };
        assert_eq!(
            check(&long).unwrap().into_body().message,
            "Invalid Street Address. The street address is too long. Enter no more than 255 characters."
        );
        let fits = Address {
            street: vec!["a".repeat(200), "b".repeat(54)],
            ..jane()
        };
        assert_eq!(check(&fits), None);
    }

    #[test]
    fn names_allow_apostrophes_and_any_script() {
        for ok in [
            "O'Brien",
            "Zoë",
            "José-María",
            "Jose\u{301}",
            "प्रिया",
            "Ærøskøbing",
            "李",
            "D’Angelo",
        ] {
            assert!(is_valid_name(ok), "{ok}");
        }
        for bad in ["Jane<script>", "a@b", "", "Jane;"] {
            assert!(!is_valid_name(bad), "{bad}");
        }
        let customer = Customer {
            firstname: "".into(),
            lastname: "Doe!".into(),
            ..Customer::default()
        };
        assert_eq!(
            names(&customer).unwrap().into_body().message,
            "\"First Name\" is a required value.\nLast Name is not valid!"
        );
    }

    #[test]
    fn emails() {
        assert_eq!(email("jdoe@example.com"), None);
        for good in [
            "j..doe@example.com",
            "\"j doe\"@example.com",
            "o'brien+shop@example.com",
            "jorg@bücher.example",
        ] {
            assert_eq!(email(good), None, "{good}: Laminas takes it");
        }
        assert_eq!(email("  ").unwrap().message, templates::EMAIL_MISSING);
        for bad in [
            "jdoe",
            "jdoe@",
            "@example.com",
            "jdoe@example",
            "j doe@example.com",
            "jdoe@exa_mple.com",
            "jörg@example.com",
            ".jdoe@example.com",
            "jdoe.@example.com",
            "\"j\"doe\"@example.com",
        ] {
            assert_eq!(
                email(bad).unwrap().message,
                templates::EMAIL_INVALID,
                "{bad}"
            );
        }
    }
}
