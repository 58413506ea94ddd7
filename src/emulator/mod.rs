//! The offline emulator of the Google APIs that gsudo and its child use.
