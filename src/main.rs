fn main() -> std::process::ExitCode {
    // `guihua rules | head`: once the reader has gone, printing fails; that ends the command
    // quietly, as ripgrep does, rather than with a panic message.
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("");
        if message.starts_with("failed printing to std") && message.contains("Broken pipe") {
            std::process::exit(0);
        }
        default(info);
    }));
    guihua::cli::run()
}
