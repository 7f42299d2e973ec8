use clap::Parser;
use commerce_emulator::Emulator;
use commerce_emulator::config::Settings;
use std::io::Write;

fn main() {
    keep_large_blocks_off_the_heap();
    // Request lines go through a bounded, lossy queue to a writer thread: a reader that stops
    // reading stdout, or a closed stdout, costs log lines, never a hung or dead server.
    let (writer, flush_on_exit) = tracing_appender::non_blocking(std::io::stdout());
    tracing_subscriber::fmt()
        .with_writer(writer)
        .with_ansi(false)
        .without_time()
        .with_level(false)
        .with_target(false)
        .init();
    // Blocking threads run password hashes (at most one per core, each with its own 19 MiB)
    // and read large bodies; keep them few.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(2 * commerce_emulator::passwords::parallelism())
        .build()
        .expect("a Tokio runtime starts");
    let code = runtime.block_on(serve(Settings::parse()));
    // What the log still holds is written before the process ends.
    drop(runtime);
    drop(flush_on_exit);
    std::process::exit(code);
}

/// glibc serves a block above its mmap threshold with mmap and gives it back when freed,
/// but raises the threshold to the size of any such block freed: after the first password
/// hash, Argon2's 19 MiB blocks come from the heap, where fragments of them stay resident
/// (20 sign-ups in a row left 175 MB). A fixed threshold keeps them on mmap, given back.
fn keep_large_blocks_off_the_heap() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; it is called before any thread starts.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}

/// Says something on stdout without panicking when nobody reads it.
fn say(line: &str) {
    let _ = writeln!(std::io::stdout(), "{line}");
}

async fn serve(mut settings: Settings) -> i32 {
    if settings.demo_headers {
        for (name, value) in commerce_emulator::demo_headers(&settings) {
            say(&format!("{name}: {value}"));
        }
        return 0;
    }
    let listener = match tokio::net::TcpListener::bind(settings.listen).await {
        Ok(l) => l,
        Err(e) => {
            say(&format!(
                "commerce-emulator: cannot listen on {}: {e}",
                settings.listen
            ));
            return 1;
        }
    };
    settings.listen = listener
        .local_addr()
        .expect("a bound socket has an address");
    let app = match Emulator::open(settings) {
        Ok(app) => app,
        Err(e) => {
            say(&format!("commerce-emulator: cannot open the store: {e}"));
            return 1;
        }
    };
    if app.settings.demo {
        if let Err(e) = commerce_emulator::demo::ensure_ready_made(&app).await {
            say(&format!(
                "commerce-emulator: cannot create the demo accounts: {e}"
            ));
            return 1;
        }
        if let Some(minutes) = app.settings.reset_every.filter(|m| *m > 0.0) {
            let every = std::time::Duration::from_secs_f64(minutes * 60.0);
            tokio::spawn(commerce_emulator::demo::reset_on_schedule(
                app.clone(),
                every,
            ));
        }
    }
    // Tests and `cargo xtask` read this line to learn the port.
    say(&format!(
        "commerce-emulator listening on http://{}",
        app.settings.listen
    ));
    say(&format!(
        "answering as Magento {}",
        app.settings.magento_release.name()
    ));
    say(&format!(
        "database {}, e-mail to {}",
        app.settings.db,
        app.outbox.dir().display()
    ));
    if app.settings.demo {
        say(&format!(
            "demo store: mailbox at {}; sign in as jdoe@example.com / Password1",
            app.mailbox_url()
        ));
    }
    say(if app.settings.demo && !app.settings.fault_switch {
        "fault switch off (a demo store; --fault-switch turns it on)"
    } else {
        "fault switch at /_emulator/faults, for callers on this machine only"
    });
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    match app.serve(listener, shutdown).await {
        Ok(()) => 0,
        Err(e) => {
            say(&format!("commerce-emulator: {e}"));
            1
        }
    }
}
