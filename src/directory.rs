//! The store's countries and regions as a form lists them: by name in the page's
//! language, the store's default country first. The comparison is the browser's
//! (`Intl` collation), given in, so that the order is tested natively with any rule.

use commerce_rest::Country;
use std::cmp::Ordering;

/// One option of a select: its value and what the shopper reads.
pub type Choice = (String, String);

pub fn country_choices(
    countries: &[Country],
    default_id: &str,
    compare: impl Fn(&str, &str) -> Ordering,
) -> Vec<Choice> {
    let mut choices: Vec<Choice> = countries
        .iter()
        .map(|c| (c.id.clone(), crate::i18n::translate(c.name()).to_owned()))
        .collect();
    choices.sort_by(|a, b| {
        (a.0 != default_id)
            .cmp(&(b.0 != default_id))
            .then_with(|| compare(&a.1, &b.1))
    });
    choices
}

pub fn region_choices(country: &Country, compare: impl Fn(&str, &str) -> Ordering) -> Vec<Choice> {
    let mut choices: Vec<Choice> = country
        .available_regions
        .iter()
        .map(|r| (r.id.clone(), r.name.clone()))
        .collect();
    choices.sort_by(|a, b| compare(&a.1, &b.1));
    choices
}

#[cfg(test)]
mod tests {
    use super::*;
    use commerce_rest::Region;

    fn country(id: &str, name: Option<&str>) -> Country {
        Country {
            id: id.into(),
            two_letter_abbreviation: None,
            three_letter_abbreviation: None,
            full_name_locale: name.map(Into::into),
            full_name_english: None,
            available_regions: vec![],
        }
    }

    /// Case- and accent-insensitive, roughly as `Intl` sorts at its first strength.
    fn compare(a: &str, b: &str) -> Ordering {
        let key = |s: &str| s.to_lowercase().replace('å', "a");
        key(a).cmp(&key(b))
    }

    #[test]
    fn countries_by_name_with_the_stores_default_first() {
        let directory = [
            country("AD", Some("Andorra")),
            country("AE", Some("United Arab Emirates")),
            country("AF", Some("Afghanistan")),
            country("AX", Some("Åland Islands")),
            country("AN", None),
            country("US", Some("United States")),
        ];
        let names: Vec<String> = country_choices(&directory, "US", compare)
            .into_iter()
            .map(|(_, name)| name)
            .collect();
        assert_eq!(
            names,
            [
                "United States",
                "Afghanistan",
                "Åland Islands",
                "Andorra",
                "Netherlands Antilles",
                "United Arab Emirates"
            ]
        );
    }

    #[test]
    fn regions_by_name() {
        let mut us = country("US", Some("United States"));
        us.available_regions = ["Wyoming", "Alabama", "New York"]
            .iter()
            .enumerate()
            .map(|(i, name)| Region {
                id: i.to_string(),
                code: String::new(),
                name: (*name).into(),
            })
            .collect();
        let names: Vec<_> = region_choices(&us, compare)
            .into_iter()
            .map(|(_, n)| n)
            .collect();
        assert_eq!(names, ["Alabama", "New York", "Wyoming"]);
    }
}
