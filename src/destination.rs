//! Where she goes after signing in: the page the sign-in guard sent her from, carried in the
//! sign-in page's `redirect`, and only ever a page of this site. Browsers read `/\host`,
//! `/<tab>/host` and the like as `//host`, so the value is parsed as the browser would parse
//! it, against the page's own address, and kept only when it stays on this site's origin and
//! under the path the site is served from.

use crate::route::Route;

/// A destination as the browser's URL parser read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parsed {
    pub origin: String,
    pub path: String,
    pub search: String,
    pub hash: String,
}

/// The route of the app to go to, from the parsed destination, the site's own origin and the
/// router's base (the site's path without its trailing slash, empty at the root of a host).
pub fn route_of(parsed: &Parsed, site_origin: &str, base: &str) -> Option<String> {
    if parsed.origin != site_origin || parsed.origin == "null" {
        return None;
    }
    let route = parsed.path.strip_prefix(base)?;
    if !route.starts_with('/') || route.starts_with("//") {
        return None;
    }
    Some(format!("{route}{}{}", parsed.search, parsed.hash))
}

/// The route to go to after signing in, from the `redirect` the guard wrote (a route of the
/// app, without the site's path); the account page unless it is surely a page of this site.
pub fn safe_destination(redirect: Option<String>) -> String {
    redirect
        .filter(|r| r.starts_with('/'))
        .and_then(|r| {
            let base = crate::router_base();
            route_of(&parse(&format!("{base}{r}"))?, &site_origin()?, &base)
        })
        .unwrap_or_else(|| Route::Account.path())
}

/// The sign-in page's address that brings her back to `route` afterwards: the route encoded
/// as a query value (its own `?`, `&` and `#` would cut it), its slashes left readable.
pub fn sign_in_then(route: &str) -> String {
    let encoded = String::from(js_sys::encode_uri_component(route)).replace("%2F", "/");
    format!("{}?redirect={encoded}", Route::Login.path())
}

pub(crate) fn site_origin() -> Option<String> {
    web_sys::window()?.location().origin().ok()
}

/// An address as the browser reads it on this page: `/\\host` and `/<tab>/host` lead off-site.
pub(crate) fn parse(destination: &str) -> Option<Parsed> {
    let here = web_sys::window()?.location().href().ok()?;
    let url = web_sys::Url::new_with_base(destination, &here).ok()?;
    Some(Parsed {
        origin: url.origin(),
        path: url.pathname(),
        search: url.search(),
        hash: url.hash(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(origin: &str, path: &str, search: &str) -> Parsed {
        Parsed {
            origin: origin.into(),
            path: path.into(),
            search: search.into(),
            hash: String::new(),
        }
    }

    const SITE: &str = "https://shop.example.com";

    #[test]
    fn a_page_of_the_site_is_a_destination_with_its_query() {
        let p = parsed(SITE, "/account/edit", "?a=1&b=2");
        assert_eq!(
            route_of(&p, SITE, "").as_deref(),
            Some("/account/edit?a=1&b=2")
        );
        let under = parsed(SITE, "/shop/account/account/edit", "");
        assert_eq!(
            route_of(&under, SITE, "/shop/account").as_deref(),
            Some("/account/edit")
        );
    }

    #[test]
    fn another_origin_or_a_path_outside_the_site_is_not() {
        assert_eq!(
            route_of(&parsed("http://evil.example", "/x", ""), SITE, ""),
            None
        );
        assert_eq!(route_of(&parsed("null", "alert(1)", ""), SITE, ""), None);
        assert_eq!(
            route_of(&parsed(SITE, "/checkout", ""), SITE, "/shop/account"),
            None
        );
        assert_eq!(
            route_of(
                &parsed(SITE, "/shop/accountant/x", ""),
                SITE,
                "/shop/account"
            ),
            None
        );
        assert_eq!(
            route_of(&parsed(SITE, "//evil.example/x", ""), SITE, ""),
            None
        );
    }
}
