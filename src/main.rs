fn main() -> std::process::ExitCode {
    guihua::cli::run()
}
