//! The emulator's request log as records, shared by the browser tests and the emulator's
//! tests (each includes this file): a test asks about a method, a path and a status.

/// One REST call of the store's request log (`METHOD PATH STATUS TIMEms`), read into its
/// parts, so that a test asks about a method, a path and a status, not a line's prefix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Logged {
    pub method: String,
    pub path: String,
    pub status: u16,
    /// Whether it carried a reCAPTCHA token (`X-ReCaptcha`).
    pub recaptcha: bool,
}

impl Logged {
    /// A REST call's line; `None` for any other (the listening address, a fault's report).
    pub fn parse(line: &str) -> Option<Logged> {
        let (line, recaptcha) = match line.strip_suffix(" +recaptcha") {
            Some(line) => (line, true),
            None => (line, false),
        };
        let mut from_the_end = line.rsplitn(3, ' ');
        let _time = from_the_end.next()?.strip_suffix("ms")?;
        let status = from_the_end.next()?.parse().ok()?;
        let (method, path) = from_the_end.next()?.split_once(' ')?;
        let rest = path.starts_with("/rest/");
        rest.then(|| Logged {
            method: method.to_owned(),
            path: path.to_owned(),
            status,
            recaptcha,
        })
    }

    /// Whether this is `route`, `"METHOD /path"`, whatever the answer.
    pub fn is(&self, route: &str) -> bool {
        route
            .trim()
            .split_once(' ')
            .is_some_and(|(method, path)| self.method == method && self.path == path)
    }

    /// Whether this is `route` answered with `status`.
    pub fn answered(&self, route: &str, status: u16) -> bool {
        self.is(route) && self.status == status
    }
}

impl std::fmt::Display for Logged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} {}", self.method, self.path, self.status)
    }
}
