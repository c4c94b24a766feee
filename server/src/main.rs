fn main() -> std::process::ExitCode {
    circleci_ls::cli::main()
}
