//! The servers of a test: the emulator with what it logged, nginx with a recipe, and plain
//! HTTP to either.

use super::*;
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

/// An emulator of its own, with what it logged of the REST calls; stopped when dropped.
pub struct EmulatorProcess {
    pub process: Child,
    pub base: String,
    pub requests: Arc<Mutex<Vec<Logged>>>,
}

impl EmulatorProcess {
    /// A fresh emulator on a free port (or `--listen` among `flags`), in memory.
    pub fn start(flags: &[&str]) -> EmulatorProcess {
        let listen = if flags.contains(&"--listen") {
            vec![]
        } else {
            vec!["--listen", "127.0.0.1:0"]
        };
        let mut process = Command::new(env_path("COMMERCE_EMULATOR"))
            .args(listen)
            .args(["--db", ":memory:"])
            .args(flags)
            .stdout(Stdio::piped())
            .spawn()
            .expect("the emulator starts");
        let requests = Arc::new(Mutex::new(Vec::new()));
        let (address_tx, address_rx) = mpsc::channel();
        let lines = BufReader::new(process.stdout.take().unwrap());
        let log = requests.clone();
        std::thread::spawn(move || {
            for line in lines.lines().map_while(Result::ok) {
                if let Some(address) = line.strip_prefix("commerce-emulator listening on ") {
                    let _ = address_tx.send(address.to_owned());
                } else if let Some(logged) = Logged::parse(&line) {
                    log.lock().unwrap().push(logged);
                }
            }
        });
        let base = address_rx
            .recv_timeout(WAIT)
            .expect("the emulator says where it listens");
        EmulatorProcess {
            process,
            base,
            requests,
        }
    }
}

impl Drop for EmulatorProcess {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// nginx in front of a store, with a recipe of `deploy/nginx/`; stopped when dropped.
pub struct Nginx {
    pub base: String,
    pub dir: PathBuf,
    pub site_path: String,
    process: Child,
}

impl Nginx {
    /// `site` is served at `site_path` (empty for the host's root).
    pub fn start(
        recipe: &str,
        site: &Path,
        site_path: &str,
        store_base: &str,
        changes: &[(String, String)],
    ) -> Nginx {
        let dir = kept_dir("nginx");
        // nginx's root holds the site at its path.
        let root = match site_path.trim_matches('/') {
            "" => site.to_path_buf(),
            path => {
                let root = kept_dir("root");
                let at = root.join(path);
                std::fs::create_dir_all(at.parent().unwrap()).unwrap();
                std::os::unix::fs::symlink(site, &at).unwrap();
                root
            }
        };
        let port = free_port();
        let shipped = checkout().join("deploy/nginx");
        let folder = format!("{}/", dir.display());
        let substitutions = [
            (
                "server 127.0.0.1:8081;",
                format!("server {};", store_base.trim_start_matches("http://")),
            ),
            ("listen 8080;", format!("listen 127.0.0.1:{port};")),
            ("/srv/customer-account", root.display().to_string()),
            ("/etc/nginx/customer-account/", folder.clone()),
            ("/var/log/nginx/", folder.clone()),
        ]
        .map(|(shipped, ours)| (shipped.to_owned(), ours));
        let mut substitutions = substitutions.to_vec();
        substitutions.extend(changes.iter().cloned());
        let mut found = vec![false; substitutions.len()];
        for entry in std::fs::read_dir(&shipped).unwrap() {
            let path = entry.unwrap().path();
            let mut text = std::fs::read_to_string(&path).unwrap();
            for (i, (shipped_value, ours)) in substitutions.iter().enumerate() {
                found[i] |= text.contains(shipped_value.as_str());
                text = text.replace(shipped_value.as_str(), ours);
            }
            std::fs::write(dir.join(path.file_name().unwrap()), text).unwrap();
        }
        for ((shipped_value, _), found) in substitutions.iter().zip(found) {
            assert!(found, "deploy/nginx/ has no {shipped_value:?}");
        }
        // The http block a Debian nginx has, around the recipe; one process, so that
        // stopping it leaves no worker holding its port.
        let main = format!(
            "load_module /usr/lib/nginx/modules/ngx_http_brotli_static_module.so;\n\
             user root;\nmaster_process off;\ndaemon off;\npid {folder}nginx.pid;\n\
             error_log {folder}error.log warn;\nevents {{}}\n\
             http {{\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n\
             client_body_temp_path {folder}body;\n  proxy_temp_path {folder}proxy;\n\
             fastcgi_temp_path {folder}fastcgi;\n  uwsgi_temp_path {folder}uwsgi;\n\
             scgi_temp_path {folder}scgi;\n  include {folder}{recipe};\n}}\n"
        );
        std::fs::write(dir.join("nginx.conf"), main).unwrap();
        let nginx = std::env::var("COMMERCE_NGINX").unwrap_or_else(|_| "/usr/sbin/nginx".into());
        let process = Command::new(nginx)
            .arg("-p")
            .arg(&dir)
            .arg("-c")
            .arg(dir.join("nginx.conf"))
            .stdout(Stdio::null())
            .spawn()
            .expect("nginx starts");
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < WAIT,
                "nginx did not open its port: {}",
                std::fs::read_to_string(dir.join("error.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Nginx {
            base: format!("http://127.0.0.1:{port}"),
            dir,
            site_path: site_path.trim_end_matches('/').to_owned(),
            process,
        }
    }

    /// The access log as nginx wrote it.
    pub fn access_log(dir: &Path) -> String {
        std::fs::read_to_string(dir.join("customer-account.access.log")).unwrap_or_default()
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// One plain HTTP/1.1 request: the whole answer, status line, headers and body, as text.
pub fn http(base: &str, method: &str, path: &str, headers: &[&str], body: Option<&str>) -> String {
    use std::io::{Read, Write};
    let address = base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).unwrap();
    let mut request =
        format!("{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n");
    for header in headers {
        request.push_str(&format!("{header}\r\n"));
    }
    if let Some(body) = body {
        request.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    request.push_str("\r\n");
    request.push_str(body.unwrap_or_default());
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer).into_owned()
}

impl Harness {
    /// Scripts a fault on the emulator, through its loopback-only `/_emulator/faults`.
    pub fn fault(&self, script: Value) {
        let answer = http(
            &self.store_base,
            "POST",
            "/_emulator/faults",
            &[],
            Some(&script.to_string()),
        );
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    }

    /// Waits until the store has worked on `route` `times` times in all.
    pub async fn wait_handled(&self, route: &str, times: usize) {
        let started = Instant::now();
        while self.handled(route) < times {
            assert!(
                started.elapsed() < WAIT,
                "{route} handled {} times, not {times}",
                self.handled(route)
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// How many times the store worked on `route` (`"POST /rest/default/V1/customers "`).
    pub fn handled(&self, route: &str) -> usize {
        self.requests().iter().filter(|r| r.is(route)).count()
    }
}
