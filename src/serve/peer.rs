//! Whose process is at the other end of a loopback connection. Any local user can reach
//! 127.0.0.1, so the session's servers admit this user's processes only (the client socket's
//! uid, asked of the kernel), and the servers that hand out tokens to whoever asks (the metadata
//! server, the token endpoint, the proxy for clients without its secret) only the session's own:
//! gsudo and the processes descended from it, one of which must hold the client socket (found
//! by its inode under /proc/PID/fd). Both answers are asked once per connection.

use std::collections::{HashMap, HashSet};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::Path;

use tokio::sync::OnceCell;

/// The client end of a loopback TCP connection, as the kernel knows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Socket {
    pub uid: u32,
    pub inode: u64,
}

/// The client of one accepted connection, and what is known of it.
pub struct Peer {
    socket: Option<Socket>,
    in_session: OnceCell<bool>,
}

impl Peer {
    /// Looks the client socket of `local <- addr` up in the kernel.
    pub fn new(local: SocketAddr, addr: SocketAddr) -> Self {
        Self {
            socket: client_socket(local, addr),
            in_session: OnceCell::new(),
        }
    }

    /// Whether the client runs as the user gsudo runs as. A socket the kernel cannot find (the
    /// client is gone, or the platform cannot be asked) is nobody's.
    pub fn same_user(&self) -> bool {
        self.socket
            .is_some_and(|s| s.uid == nix::unistd::getuid().as_raw())
    }

    /// Whether a process of the session (gsudo or one descended from it) holds the client
    /// socket. Asked of /proc once per connection, off the async threads.
    pub async fn in_session(&self) -> bool {
        let Some(socket) = self.socket else {
            return false;
        };
        *self
            .in_session
            .get_or_init(|| async move {
                let root = std::process::id();
                tokio::task::spawn_blocking(move || held_in_session(root, socket.inode))
                    .await
                    .unwrap_or(false)
            })
            .await
    }
}

/// Why the session cannot tell its own processes from others.
#[derive(Debug, thiserror::Error)]
#[error(
    "gsudo cannot see which process holds a loopback connection, as {path} cannot be read ({source})"
)]
pub struct ProcError {
    path: &'static str,
    source: std::io::Error,
}

/// Checks that /proc shows this process's file descriptors and children, as the session check
/// needs: without them every connection would be refused, so a session is better not started.
/// (`hidepid` hides other users' processes only, which the check never needs.)
pub fn probe() -> Result<(), ProcError> {
    for path in ["/proc/self/fd", "/proc/self/task"] {
        std::fs::read_dir(path).map_err(|source| ProcError { path, source })?;
    }
    Ok(())
}

/// Whether `root` or a process descended from it has the socket `inode` open. `root` (gsudo,
/// whose own connections are its proxy's plain-http requests for the child) is looked at last,
/// as it holds the most descriptors and is the least likely client. A process whose descriptors
/// cannot be read (another uid, or one that made itself undumpable) does not count: the check
/// fails closed.
pub fn held_in_session(root: u32, inode: u64) -> bool {
    let link = format!("socket:[{inode}]");
    let tree = Tree::read();
    let mut pending = tree.children(root);
    let mut seen = HashSet::from([root]);
    while let Some(pid) = pending.pop() {
        if !seen.insert(pid) {
            continue;
        }
        if holds(pid, &link) {
            return true;
        }
        pending.extend(tree.children(pid));
    }
    holds(root, &link)
}

/// Whether process `pid` has a descriptor open on `link` (`socket:[INODE]`).
fn holds(pid: u32, link: &str) -> bool {
    let Ok(fds) = std::fs::read_dir(format!("/proc/{pid}/fd")) else {
        return false;
    };
    fds.flatten()
        .any(|fd| std::fs::read_link(fd.path()).is_ok_and(|target| target.as_os_str() == link))
}

/// How to find a process's children: each thread's `children` file (Linux with
/// CONFIG_PROC_CHILDREN, as every distribution builds it), else every process's parent, read
/// from /proc/*/stat once.
enum Tree {
    ChildrenFiles,
    Parents(HashMap<u32, Vec<u32>>),
}

impl Tree {
    fn read() -> Self {
        let own = format!("/proc/self/task/{}/children", std::process::id());
        if Path::new(&own).exists() {
            return Self::ChildrenFiles;
        }
        let mut children: HashMap<u32, Vec<u32>> = HashMap::new();
        for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
            let Some(pid) = entry.file_name().to_str().and_then(|n| n.parse().ok()) else {
                continue;
            };
            let stat = std::fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
            if let Some(parent) = parent_in_stat(&stat) {
                children.entry(parent).or_default().push(pid);
            }
        }
        Self::Parents(children)
    }

    fn children(&self, pid: u32) -> Vec<u32> {
        match self {
            Self::Parents(children) => children.get(&pid).cloned().unwrap_or_default(),
            Self::ChildrenFiles => std::fs::read_dir(format!("/proc/{pid}/task"))
                .into_iter()
                .flatten()
                .flatten()
                .filter_map(|task| std::fs::read_to_string(task.path().join("children")).ok())
                .flat_map(|list| {
                    list.split_whitespace()
                        .filter_map(|p| p.parse().ok())
                        .collect::<Vec<u32>>()
                })
                .collect(),
        }
    }
}

/// The parent pid in a /proc/PID/stat line: `pid (comm) state ppid ...`, where comm may hold
/// spaces and parentheses, so the fields are counted from its last `)`.
fn parent_in_stat(stat: &str) -> Option<u32> {
    let (_, rest) = stat.rsplit_once(')')?;
    rest.split_whitespace().nth(1)?.parse().ok()
}

/// The client socket of a loopback TCP connection; `None` when it cannot be found.
///
/// The kernel is asked for that one socket (sock_diag): reading /proc/net/tcp walks the whole
/// connection hash table, about 2 ms on a large machine even when it lists a dozen sockets, on
/// every connection. The tables stay the fallback where netlink is not allowed.
#[cfg(target_os = "linux")]
pub fn client_socket(local: SocketAddr, peer: SocketAddr) -> Option<Socket> {
    match sock_diag::lookup(local, peer) {
        Ok(socket) => socket,
        Err(_) => table_socket(local, peer),
    }
}

/// Elsewhere the kernel's socket tables cannot be read, and no client is admitted.
#[cfg(not(target_os = "linux"))]
pub fn client_socket(_local: SocketAddr, _peer: SocketAddr) -> Option<Socket> {
    None
}

/// The client's socket is the entry whose local address is `peer` and whose remote address is
/// the server's own `local` address. Dual-stack clients appear in tcp6 with v4-mapped addresses.
#[cfg(target_os = "linux")]
fn table_socket(local: SocketAddr, peer: SocketAddr) -> Option<Socket> {
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
    /// Where idiag_uid and idiag_inode sit in struct inet_diag_msg, and that struct's size.
    const UID_OFFSET: usize = 64;
    const INODE_OFFSET: usize = 68;
    const MESSAGE: usize = 72;

    /// The TCP socket whose local end is `peer` and remote end `local`: `Ok(None)` when the
    /// kernel knows no such socket, `Err` when it cannot be asked.
    pub fn lookup(local: SocketAddr, peer: SocketAddr) -> nix::Result<Option<super::Socket>> {
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

    /// The socket in the kernel's answer; `None` for an error answer (no such socket).
    pub(super) fn parse(answer: &[u8]) -> Option<super::Socket> {
        let field = |at: usize| -> Option<[u8; 4]> { answer.get(at..at + 4)?.try_into().ok() };
        let length = u32::from_ne_bytes(field(0)?) as usize;
        let kind = u16::from_ne_bytes(answer.get(4..6)?.try_into().ok()?);
        if kind == NLMSG_ERROR || kind != SOCK_DIAG_BY_FAMILY || length < HEADER + MESSAGE {
            return None;
        }
        Some(super::Socket {
            uid: u32::from_ne_bytes(field(HEADER + UID_OFFSET)?),
            inode: u32::from_ne_bytes(field(HEADER + INODE_OFFSET)?).into(),
        })
    }
}

/// Finds the socket `local -> remote` in a /proc/net/tcp(6) table.
fn socket_owner(table: &str, local: SocketAddr, remote: SocketAddr) -> Option<Socket> {
    table.lines().skip(1).find_map(|line| {
        let mut fields = line.split_whitespace();
        let (_slot, l, r) = (fields.next()?, fields.next()?, fields.next()?);
        if !same_endpoint(l, local) || !same_endpoint(r, remote) {
            return None;
        }
        // st, tx_queue:rx_queue, tr:tm->when, retrnsmt, then uid, timeout and inode.
        let uid = fields.nth(4)?.parse().ok()?;
        let inode = fields.nth(1)?.parse().ok()?;
        Some(Socket { uid, inode })
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
        let socket = |uid, inode| Some(Socket { uid, inode });
        // The client at :50000 is uid 1000; the proxy's own end of it (uid 0) is not confused
        // with it, nor is the listening socket.
        assert_eq!(
            socket_owner(TCP, addr("127.0.0.1:50000"), proxy),
            socket(1000, 2)
        );
        assert_eq!(
            socket_owner(TCP, proxy, addr("127.0.0.1:50000")),
            socket(0, 3)
        );
        assert_eq!(socket_owner(TCP, addr("127.0.0.1:50001"), proxy), None);
        // A dual-stack client shows up in tcp6 with a v4-mapped address.
        assert_eq!(
            socket_owner(TCP6, addr("127.0.0.1:50001"), proxy),
            socket(1001, 4)
        );
        assert_eq!(socket_owner("garbage\nmore garbage", proxy, proxy), None);
    }

    #[test]
    fn the_parent_is_read_past_any_command_name() {
        assert_eq!(parent_in_stat("42 (sh) S 7 42 42 0"), Some(7));
        assert_eq!(parent_in_stat("42 (a) b (c) R 9 1"), Some(9));
        assert_eq!(parent_in_stat("garbage"), None);
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn a_live_connection_belongs_to_this_user() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let client = std::net::TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (_server, peer) = listener.accept().unwrap();
        assert_eq!(peer, client.local_addr().unwrap());
        let local = listener.local_addr().unwrap();
        let me = nix::unistd::getuid().as_raw();
        let found = client_socket(local, peer).unwrap();
        assert_eq!(found.uid, me);
        // Both ways of asking agree, and neither finds a socket that is not there.
        assert_eq!(sock_diag::lookup(local, peer).unwrap(), Some(found));
        assert_eq!(table_socket(local, peer), Some(found));
        let nobody: SocketAddr = "127.0.0.1:1".parse().unwrap();
        assert_eq!(sock_diag::lookup(local, nobody).unwrap(), None);
        assert_eq!(sock_diag::parse(&[2, 0, 0, 0]), None);
        probe().unwrap();
    }

    #[tokio::test]
    #[cfg(target_os = "linux")]
    async fn only_the_sessions_processes_hold_its_sockets() {
        use std::io::Read as _;
        use std::process::{Command, Stdio};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let local = listener.local_addr().unwrap();
        let connect = format!("exec 3<>/dev/tcp/127.0.0.1/{}; read line", local.port());
        // The root's own client is the session's; so is a child's, while the child holds it.
        let _own = std::net::TcpStream::connect(local).unwrap();
        let (_server, own) = listener.accept().unwrap();
        assert!(Peer::new(local, own).same_user());
        assert!(Peer::new(local, own).in_session().await);
        let mut child = Command::new("bash")
            .args(["-c", &format!("{connect} || true")])
            .stdin(Stdio::piped())
            .spawn()
            .unwrap();
        let (mut server, theirs) = listener.accept().unwrap();
        assert!(Peer::new(local, theirs).in_session().await);
        drop(child.stdin.take());
        assert!(child.wait().unwrap().success());
        assert_eq!(server.read(&mut [0u8; 1]).unwrap(), 0);
        assert!(!Peer::new(local, theirs).in_session().await);
        // A process that left the tree (its parent exited, as a daemon's does) is not.
        let parent = Command::new("bash")
            .args([
                "-c",
                &format!(
                    "(exec 3<>/dev/tcp/127.0.0.1/{} 1>&- 2>&-; exec sleep 600) & echo $!",
                    local.port()
                ),
            ])
            .output()
            .unwrap();
        let orphan_pid: i32 = String::from_utf8_lossy(&parent.stdout)
            .trim()
            .parse()
            .unwrap();
        let (mut server, orphan) = listener.accept().unwrap();
        let peer = Peer::new(local, orphan);
        assert!(peer.same_user());
        assert!(!peer.in_session().await);
        nix::sys::signal::kill(
            nix::unistd::Pid::from_raw(orphan_pid),
            nix::sys::signal::Signal::SIGKILL,
        )
        .unwrap();
        assert_eq!(server.read(&mut [0u8; 1]).unwrap(), 0);
    }
}
