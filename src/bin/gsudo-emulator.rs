//! `gsudo-emulator`: the offline emulator of the Google APIs, a program of its own so that
//! gsudo, a privileged tool, carries no fake Google in its address space.

fn main() -> std::process::ExitCode {
    gsudo_emulator::cli::main()
}
