//! The suite runs fenced off the network: `.ci/run` runs every test in a network namespace that
//! has only loopback and says so with `GSUDO_TEST_FENCED=1`. This test proves the fence holds
//! there. A developer's plain `cargo test` runs unfenced, and then this test only says so; under
//! CI it must be fenced, so it cannot pass by having nothing to check.

use std::io::ErrorKind;
use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::time::Duration;

/// A public address: Google's public DNS resolver, on its HTTPS port.
const PUBLIC: &str = "8.8.8.8:443";

/// The network interfaces of this process's network namespace (`/proc/self/net/dev` belongs to
/// the namespace, unlike `/sys/class/net`, which belongs to whoever mounted /sys).
fn interfaces() -> Vec<String> {
    let table = std::fs::read_to_string("/proc/self/net/dev").expect("read /proc/self/net/dev");
    table
        .lines()
        .skip(2)
        .filter_map(|line| line.split_once(':'))
        .map(|(name, _)| name.trim().to_owned())
        .collect()
}

#[test]
fn the_suite_cannot_reach_the_network() {
    if std::env::var("GSUDO_TEST_FENCED").as_deref() != Ok("1") {
        assert_ne!(
            std::env::var("CI").as_deref(),
            Ok("true"),
            "CI runs the tests fenced off the network, but GSUDO_TEST_FENCED is not 1: run them with bash .ci/run"
        );
        eprintln!(
            "skipped: the tests are not fenced off the network here (bash .ci/run fences them)"
        );
        return;
    }
    // Checked before any connection is tried: nothing may leave if the fence is not there.
    assert_eq!(
        interfaces(),
        ["lo"],
        "GSUDO_TEST_FENCED=1, yet this namespace has more than loopback; nothing was tried"
    );

    // Loopback works: the fence is not a broken network stack.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    TcpStream::connect(listener.local_addr().unwrap()).expect("connect on loopback");

    // A public address has no route: the connection fails at once, before any timeout.
    let public: SocketAddr = PUBLIC.parse().unwrap();
    let refused = TcpStream::connect_timeout(&public, Duration::from_secs(60))
        .expect_err("a connection to a public address succeeded inside the fence");
    assert_eq!(refused.kind(), ErrorKind::NetworkUnreachable, "{refused}");

    // And no name resolves to one.
    let lookup = "storage.googleapis.com:443".to_socket_addrs();
    assert!(
        lookup.is_err(),
        "storage.googleapis.com resolved inside the fence: {:?}",
        lookup.map(Iterator::collect::<Vec<_>>)
    );
}
