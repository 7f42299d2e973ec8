//! Who a request comes from, as a store behind this machine's proxy sees it.

use axum::http::HeaderMap;

/// The client a demo store limits: the caller, or the address a proxy on this machine saw.
/// That proxy appends it to whatever the visitor sent (on the same line, or on a line of its
/// own), so only the last entry of the last line is its word.
pub(crate) fn client_address(peer: std::net::SocketAddr, headers: &HeaderMap) -> std::net::IpAddr {
    let peer = peer.ip().to_canonical();
    let forwarded = headers
        .get_all("x-forwarded-for")
        .iter()
        .next_back()
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .and_then(|v| v.trim().parse::<std::net::IpAddr>().ok());
    match forwarded {
        Some(client) if peer.is_loopback() => client.to_canonical(),
        _ => peer,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_client_is_the_last_address_the_proxy_on_this_machine_added() {
        use axum::http::{HeaderMap, HeaderValue};
        let proxy: std::net::SocketAddr = "127.0.0.1:5000".parse().unwrap();
        let mapped: std::net::SocketAddr = "[::ffff:127.0.0.1]:5000".parse().unwrap();
        let mut headers = HeaderMap::new();
        headers.append(
            "x-forwarded-for",
            HeaderValue::from_static("1.1.1.1, 2.2.2.2"),
        );
        headers.append("x-forwarded-for", HeaderValue::from_static("203.0.113.9"));
        for peer in [proxy, mapped] {
            assert_eq!(
                super::client_address(peer, &headers),
                "203.0.113.9".parse::<std::net::IpAddr>().unwrap()
            );
        }
        assert_eq!(
            super::client_address(mapped, &HeaderMap::new()),
            "127.0.0.1".parse::<std::net::IpAddr>().unwrap()
        );
        let stranger: std::net::SocketAddr = "198.51.100.7:5000".parse().unwrap();
        assert_eq!(
            super::client_address(stranger, &headers),
            "198.51.100.7".parse::<std::net::IpAddr>().unwrap()
        );
    }
}
