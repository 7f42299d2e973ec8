use clap::Parser;
use commerce_emulator::Emulator;
use commerce_emulator::config::Settings;

#[tokio::main]
async fn main() {
    let settings = Settings::parse();
    let app = match Emulator::open(settings) {
        Ok(app) => app,
        Err(e) => {
            eprintln!("commerce-emulator: cannot open the store: {e}");
            std::process::exit(1);
        }
    };
    let listener = match tokio::net::TcpListener::bind(app.settings.listen).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!(
                "commerce-emulator: cannot listen on {}: {e}",
                app.settings.listen
            );
            std::process::exit(1);
        }
    };
    let address = listener
        .local_addr()
        .expect("a bound socket has an address");
    // Tests and `cargo xtask` read this line to learn the port.
    println!("commerce-emulator listening on http://{address}");
    println!(
        "database {}, e-mail to {}",
        app.settings.db,
        app.outbox.dir().display()
    );
    let router = app.router();
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    if let Err(e) = axum::serve(listener, router)
        .with_graceful_shutdown(shutdown)
        .await
    {
        eprintln!("commerce-emulator: {e}");
        std::process::exit(1);
    }
}
