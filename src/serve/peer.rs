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

/// The uid owning the client end of a loopback TCP connection; `None` when it cannot be found.
///
/// The kernel is asked for that one socket (sock_diag): reading /proc/net/tcp walks the whole
/// connection hash table, about 2 ms on a large machine even when it lists a dozen sockets, on
/// every connection. The tables stay the fallback where netlink is not allowed.
#[cfg(target_os = "linux")]
pub fn peer_uid(local: SocketAddr, peer: SocketAddr) -> Option<u32> {
    match sock_diag::uid(local, peer) {
        Ok(uid) => uid,
        Err(_) => table_uid(local, peer),
    }
}

/// The client's socket is the entry whose local address is `peer` and whose remote address is
/// the proxy's own `local` address. Dual-stack clients appear in tcp6 with v4-mapped addresses.
#[cfg(target_os = "linux")]
fn table_uid(local: SocketAddr, peer: SocketAddr) -> Option<u32> {
    ["/proc/net/tcp", "/proc/net/tcp6"]
        .iter()
        .find_map(|table| {
            let text = std::fs::read_to_string(table).ok()?;
            socket_owner(&text, peer, local)
        })
}

/// One exact socket lookup over NETLINK_SOCK_DIAG (the interface `ss` uses).
#[cfg(target_os = "linux")]
mod sock_diag {
    use std::net::{IpAddr, SocketAddr};
    use std::os::fd::AsRawFd as _;

    use nix::sys::socket::{
        AddressFamily, MsgFlags, NetlinkAddr, SockFlag, SockProtocol, SockType, recv, sendto,
        socket,
    };

    const SOCK_DIAG_BY_FAMILY: u16 = 20;
    const NLMSG_ERROR: u16 = 2;
    const NLM_F_REQUEST: u16 = 1;
    const IPPROTO_TCP: u8 = 6;
    /// struct nlmsghdr, then struct inet_diag_req_v2 (with its inet_diag_sockid).
    const HEADER: usize = 16;
    const REQUEST: usize = 56;
    /// Where idiag_uid sits in struct inet_diag_msg, and that struct's size.
    const UID_OFFSET: usize = 64;
    const MESSAGE: usize = 72;

    /// The uid of the TCP socket whose local end is `peer` and remote end `local`: `Ok(None)`
    /// when the kernel knows no such socket, `Err` when it cannot be asked.
    pub fn uid(local: SocketAddr, peer: SocketAddr) -> nix::Result<Option<u32>> {
        let fd = socket(
            AddressFamily::Netlink,
            SockType::Datagram,
            SockFlag::SOCK_CLOEXEC,
            SockProtocol::NetlinkSockDiag,
        )?;
        sendto(
            fd.as_raw_fd(),
            &request(local, peer),
            &NetlinkAddr::new(0, 0),
            MsgFlags::empty(),
        )?;
        let mut answer = [0u8; 512];
        let n = recv(fd.as_raw_fd(), &mut answer, MsgFlags::empty())?;
        Ok(parse(&answer[..n.min(answer.len())]))
    }

    fn request(local: SocketAddr, peer: SocketAddr) -> Vec<u8> {
        let mut m = Vec::with_capacity(HEADER + REQUEST);
        m.extend(((HEADER + REQUEST) as u32).to_ne_bytes());
        m.extend(SOCK_DIAG_BY_FAMILY.to_ne_bytes());
        m.extend(NLM_F_REQUEST.to_ne_bytes());
        m.extend(1u32.to_ne_bytes()); // sequence
        m.extend(0u32.to_ne_bytes()); // port id: the kernel fills it in
        // A v4-mapped dual-stack client is hashed by its IPv4 addresses and found as AF_INET.
        let v4 = matches!(super::canonical(peer.ip()), IpAddr::V4(_));
        m.push(if v4 { 2 } else { 10 }); // AF_INET, AF_INET6
        m.push(IPPROTO_TCP);
        m.extend([0, 0]); // no extensions, padding
        m.extend(u32::MAX.to_ne_bytes()); // any state
        m.extend(peer.port().to_be_bytes());
        m.extend(local.port().to_be_bytes());
        m.extend(address(peer.ip()));
        m.extend(address(local.ip()));
        m.extend(0u32.to_ne_bytes()); // any interface
        m.extend([0xff; 8]); // INET_DIAG_NOCOOKIE
        m
    }

    /// The 16 bytes of an inet_diag_sockid address: IPv4 in the first four.
    fn address(ip: IpAddr) -> [u8; 16] {
        let mut bytes = [0u8; 16];
        match super::canonical(ip) {
            IpAddr::V4(v4) => bytes[..4].copy_from_slice(&v4.octets()),
            IpAddr::V6(v6) => bytes = v6.octets(),
        }
        bytes
    }

    /// The uid in the kernel's answer; `None` for an error answer (no such socket).
    pub(super) fn parse(answer: &[u8]) -> Option<u32> {
        let field = |at: usize| -> Option<[u8; 4]> { answer.get(at..at + 4)?.try_into().ok() };
        let length = u32::from_ne_bytes(field(0)?) as usize;
        let kind = u16::from_ne_bytes(answer.get(4..6)?.try_into().ok()?);
        if kind == NLMSG_ERROR || kind != SOCK_DIAG_BY_FAMILY || length < HEADER + MESSAGE {
            return None;
        }
        Some(u32::from_ne_bytes(field(HEADER + UID_OFFSET)?))
    }
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
        let local = listener.local_addr().unwrap();
        let me = Some(nix::unistd::getuid().as_raw());
        assert_eq!(peer_uid(local, peer), me);
        // Both ways of asking agree, and neither finds a socket that is not there.
        assert_eq!(sock_diag::uid(local, peer).unwrap(), me);
        assert_eq!(table_uid(local, peer), me);
        let nobody: SocketAddr = "127.0.0.1:1".parse().unwrap();
        assert_eq!(sock_diag::uid(local, nobody).unwrap(), None);
        assert_eq!(sock_diag::parse(&[2, 0, 0, 0]), None);
    }
}
