//! gsudo: run a command as a Google Cloud service account, for minutes, with a reason.

mod emulator;

fn main() {
    println!("gsudo");
}
