//! Whose process is at the other end of a loopback connection: the session's servers answer
//! only the user gsudo runs as, since any local user can reach 127.0.0.1.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

/// Whether the client at `peer`, connected to our `local` address, runs as this user. Where the
/// kernel's socket tables cannot be read (not Linux) only the other checks stand.
pub fn same_user(local: SocketAddr, peer: SocketAddr) -> bool {
    #[cfg(target_os = "linux")]
    {
        peer_uid(local, peer) == Some(nix::unistd::getuid().as_raw())
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (local, peer);
        true
    }
}

/// The uid owning the client end of a loopback TCP connection, from the kernel's socket tables;
/// `None` when it cannot be found.
///
/// The client's socket is the entry whose local address is `peer` and whose remote address is
/// the proxy's own `local` address. Dual-stack clients appear in tcp6 with v4-mapped addresses.
#[cfg(target_os = "linux")]
pub fn peer_uid(local: SocketAddr, peer: SocketAddr) -> Option<u32> {
    ["/proc/net/tcp", "/proc/net/tcp6"]
        .iter()
        .find_map(|table| {
            let text = std::fs::read_to_string(table).ok()?;
            socket_owner(&text, peer, local)
        })
}

/// Finds the uid of the socket `local -> remote` in a /proc/net/tcp(6) table.
fn socket_owner(table: &str, local: SocketAddr, remote: SocketAddr) -> Option<u32> {
    table.lines().skip(1).find_map(|line| {
        let mut fields = line.split_whitespace();
        let (_slot, l, r) = (fields.next()?, fields.next()?, fields.next()?);
        if !same_endpoint(l, local) || !same_endpoint(r, remote) {
            return None;
        }
        // st, tx_queue:rx_queue, tr:tm->when, retrnsmt, then uid.
        fields.nth(4)?.parse().ok()
    })
}

/// Whether a table's `HEXADDR:HEXPORT` is `addr`, comparing an IPv4 address with its v4-mapped
/// IPv6 form too.
fn same_endpoint(field: &str, addr: SocketAddr) -> bool {
    let Some((ip, port)) = field.split_once(':') else {
        return false;
    };
    if u16::from_str_radix(port, 16).ok() != Some(addr.port()) {
        return false;
    }
    let Some(ip) = parse_ip(ip) else {
        return false;
    };
    canonical(ip) == canonical(addr.ip())
}

/// The kernel prints each 32-bit word of the address in host byte order.
fn parse_ip(hex: &str) -> Option<IpAddr> {
    let word = |i: usize| -> Option<[u8; 4]> {
        let w = u32::from_str_radix(hex.get(i * 8..i * 8 + 8)?, 16).ok()?;
        Some(w.to_ne_bytes())
    };
    match hex.len() {
        8 => Some(IpAddr::V4(Ipv4Addr::from(word(0)?))),
        32 => {
            let mut bytes = [0u8; 16];
            for i in 0..4 {
                bytes[i * 4..i * 4 + 4].copy_from_slice(&word(i)?);
            }
            Some(IpAddr::V6(Ipv6Addr::from(bytes)))
        }
        _ => None,
    }
}

fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TCP: &str = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0000000000000000 100 0 0 10 0
   1: 0100007F:C350 0100007F:1F90 01 00000000:00000000 00:00000000 00000000  1000        0 2 1 0000000000000000 20 4 30 10 -1
   2: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 3 1 0000000000000000 20 4 30 10 -1
";

    const TCP6: &str = "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0000000000000000FFFF00000100007F:C351 0000000000000000FFFF00000100007F:1F90 01 00000000:00000000 00:00000000 00000000  1001        0 4 1 0000000000000000 20 4 30 10 -1
";

    fn addr(s: &str) -> SocketAddr {
        s.parse().unwrap()
    }

    #[test]
    #[cfg(target_endian = "little")]
    fn the_client_socket_is_found_by_both_ends() {
        let proxy = addr("127.0.0.1:8080");
        // The client at :50000 is uid 1000; the proxy's own end of it (uid 0) is not confused
        // with it, nor is the listening socket.
        assert_eq!(
            socket_owner(TCP, addr("127.0.0.1:50000"), proxy),
            Some(1000)
        );
        assert_eq!(socket_owner(TCP, proxy, addr("127.0.0.1:50000")), Some(0));
        assert_eq!(socket_owner(TCP, addr("127.0.0.1:50001"), proxy), None);
        // A dual-stack client shows up in tcp6 with a v4-mapped address.
        assert_eq!(
            socket_owner(TCP6, addr("127.0.0.1:50001"), proxy),
            Some(1001)
        );
        assert_eq!(socket_owner("garbage\nmore garbage", proxy, proxy), None);
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn a_live_connection_belongs_to_this_user() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let client = std::net::TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (_server, peer) = listener.accept().unwrap();
        assert_eq!(peer, client.local_addr().unwrap());
        assert_eq!(
            peer_uid(listener.local_addr().unwrap(), peer),
            Some(nix::unistd::getuid().as_raw())
        );
    }
}
